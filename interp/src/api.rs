//! The embedding API: `Interpreter` and `Config`.
//!
//! An interpreter has one long-lived main thread (`MainThread`, with a big
//! stack, reserved not committed, so deep recursion under a high
//! `sys.setrecursionlimit` ends in `RecursionError`, never in a stack
//! overflow) that owns the main `Vm`. [`Interpreter::with_vm`] sends a
//! closure to it; the main thread takes the GIL for the duration of each
//! closure and releases it between closures, so the script's background
//! threads run while the host does something else (the REPL waiting for a
//! line, say).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::compile::Mode;
use crate::error::{Error, ExcKind, PyResult};
use crate::gil::{Gil, GilConfig};
use crate::object::Object;
use crate::sync::{ScopedWorker, WorkerHooks};
use crate::value::Value;
pub use crate::vm::threads::InterruptHandle;
use crate::vm::{Vm, VmConfig};

/// Stack reserved for the thread that runs conc code.
const VM_STACK_SIZE: usize = crate::vm::threads::THREAD_STACK_SIZE;

/// Interpreter settings.
#[derive(Clone, Debug)]
pub struct Config {
    /// `sys.argv` (argv[0] is the script path, `-c` or `""`).
    pub argv: Vec<String>,
    /// Extra `sys.path` entries (after the script's directory).
    pub path: Vec<String>,
    /// Run with the GIL (the default) or without (`--no-gil`).
    pub gil: bool,
    /// The GIL switch interval.
    pub switch_interval: Duration,
    /// `sys.executable` (default: the current executable).
    pub executable: Option<String>,
    /// Record a Chrome trace of the GIL, written by
    /// [`Interpreter::write_gil_trace`] (or when the interpreter goes).
    pub trace_path: Option<PathBuf>,
    /// Without a GIL, record each thread's running and blocked time anyway
    /// (see [`GilConfig::stats`]); a GIL always records them.
    pub gil_stats: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            argv: vec![String::new()],
            path: vec![],
            gil: true,
            switch_interval: Duration::from_millis(5),
            executable: None,
            trace_path: None,
            gil_stats: false,
        }
    }
}

/// One interpreter: its main thread, which owns the main VM.
pub struct Interpreter {
    main: ScopedWorker<Vm>,
    gil: Arc<Gil>,
    pub config: Config,
}

impl Interpreter {
    /// Starts an interpreter. The memory mode (`Config::gil`) is chosen for
    /// the whole process by the first interpreter (before any object
    /// exists); a later one asking for no GIL in a GIL process gets a GIL
    /// (the objects need it), one asking for a GIL in a no-GIL process gets
    /// it too (atomic objects are merely slower).
    pub fn new(config: Config) -> Interpreter {
        crate::sync::set_gil_enabled(config.gil);
        let gil_on = config.gil || crate::sync::gil_enabled();
        let gil = Arc::new(Gil::new(GilConfig {
            enabled: gil_on,
            switch_interval: config.switch_interval,
            trace_path: config.trace_path.clone(),
            stats: config.gil_stats,
            ..GilConfig::default()
        }));
        let executable = config.executable.clone().unwrap_or_else(|| {
            std::env::current_exe()
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
        let vm_config = VmConfig {
            argv: config.argv.clone(),
            path: config.path.clone(),
            executable,
            gil: gil.clone(),
        };
        let hooks = WorkerHooks {
            before: |vm: &mut Vm| vm.take_gil(),
            after: |vm: &mut Vm| {
                // The host may exit right after: never leave script output
                // buffered.
                crate::io::flush_stdout();
                vm.drop_gil();
            },
            finish: |vm: &mut Vm| vm.take_gil(),
        };
        let builder = std::thread::Builder::new()
            .name("MainThread".into())
            .stack_size(VM_STACK_SIZE);
        let main = ScopedWorker::spawn(
            builder,
            move || {
                crate::vm::call::set_stack_base(VM_STACK_SIZE);
                let vm = Vm::new(vm_config);
                vm.drop_gil();
                vm
            },
            hooks,
        )
        .expect("cannot start the interpreter's main thread");
        let mut interp = Interpreter { main, gil, config };
        interp.with_vm(|vm| {
            let main = vm.new_module("__main__");
            vm.module_set(&main, "__builtins__", vm.state().builtins_module.clone());
            if let Ok(Value::Obj(mods)) = vm.sys_attr("modules").ok_or(()) {
                if let Object::Dict(d) = &*mods {
                    d.borrow_mut().set_str("__main__", main);
                }
            }
        });
        interp
    }

    /// Runs `f` with the main thread's VM, on the interpreter's main thread
    /// (big stack), holding the GIL for the duration of `f`.
    pub fn with_vm<R: Send, F: FnOnce(&mut Vm) -> R + Send>(&mut self, f: F) -> R {
        self.main.run(f)
    }

    /// The interpreter's GIL (stats, trace, switch interval).
    pub fn gil(&self) -> &Arc<Gil> {
        &self.gil
    }

    /// A cloneable, `Send` handle whose `interrupt()` raises
    /// `KeyboardInterrupt` in the main thread (as Ctrl-C does), also while
    /// it sleeps, joins or waits.
    pub fn interrupt_handle(&self) -> InterruptHandle {
        InterruptHandle::new(self.gil.clone())
    }

    /// Waits for the script's non-daemon threads (`threading._shutdown`),
    /// as the interpreter does at exit. Interruptible.
    pub fn wait_for_threads(&mut self) -> PyResult<()> {
        self.with_vm(|vm| vm.finalize_threads())
    }

    /// The GIL statistics table (`--gil-stats`).
    pub fn gil_stats_table(&self) -> String {
        crate::gil::format_stats_table(&self.gil.stats(), self.gil.enabled())
    }

    /// Writes the GIL trace if one was asked for (`Config::trace_path`).
    pub fn write_gil_trace(&self) -> std::io::Result<Option<PathBuf>> {
        self.gil.write_trace()
    }

    /// The `__main__` module.
    pub fn main_module(&mut self) -> Value {
        self.with_vm(|vm| vm.import_module("__main__").unwrap_or_default())
    }

    /// Runs a script as `__main__`; returns the process exit status (the
    /// traceback, if any, is printed to stderr).
    pub fn run_file(&mut self, path: &str) -> i32 {
        let src = match std::fs::read_to_string(path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("conc: can't open file '{path}': {e}");
                return 2;
            }
        };
        let dir = Path::new(path)
            .parent()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.set_path0(if dir.is_empty() { ".".into() } else { dir });
        let path = path.to_string();
        let r = self.with_vm(move |vm| {
            vm.catch_panic("the main thread", |vm| {
                let main = vm.import_module("__main__")?;
                vm.module_set(&main, "__file__", Value::str(&path));
                let code = vm.compile_source(&src, &path, Mode::Exec)?;
                vm.exec_in_module(&code, &main)
            })
        });
        let status = match r {
            Ok(_) => 0,
            Err(e) => self.print_error(e),
        };
        match self.wait_for_threads() {
            Ok(()) => status,
            Err(e) => self.print_error(e),
        }
    }

    /// Sets `sys.path[0]` (the script's directory, or "" for `-c`/REPL).
    pub fn set_path0(&mut self, dir: String) {
        self.with_vm(move |vm| {
            if let Some(Value::Obj(p)) = vm.sys_attr("path") {
                if let Object::List(l) = &*p {
                    l.borrow_mut().insert(0, Value::string(dir));
                }
            }
        });
    }

    /// Runs source text in `__main__` (for `-c`, stdin, embedders).
    pub fn run_source(&mut self, src: &str, filename: &str) -> PyResult<Value> {
        let (src, filename) = (src.to_string(), filename.to_string());
        self.with_vm(move |vm| {
            vm.catch_panic("the main thread", |vm| {
                vm.add_source(&filename, &src);
                let main = vm.import_module("__main__")?;
                let code = vm.compile_source(&src, &filename, Mode::Exec)?;
                vm.exec_in_module(&code, &main)
            })
        })
    }

    /// Runs one REPL entry in `__main__`: expression statements print their
    /// repr and bind `_`.
    pub fn eval_interactive(&mut self, src: &str) -> Result<(), Error> {
        let src = src.to_string();
        self.with_vm(move |vm| {
            vm.catch_panic("the main thread", |vm| {
                vm.add_source("<stdin>", &src);
                let main = vm.import_module("__main__")?;
                let code = vm.compile_source(&src, "<stdin>", Mode::Interactive)?;
                vm.exec_in_module(&code, &main).map(|_| ())
            })
        })
    }

    /// Evaluates an expression in `__main__` and returns its value.
    pub fn eval(&mut self, src: &str) -> PyResult<Value> {
        let src = src.to_string();
        self.with_vm(move |vm| {
            let main = vm.import_module("__main__")?;
            let expr = conc_grammar::parse_expression(src.trim()).map_err(|e| {
                vm.syntax_error(
                    ExcKind::SyntaxError,
                    &e.msg,
                    "<string>",
                    e.line,
                    e.col,
                    &src,
                )
            })?;
            let code = crate::compile::compile_expression(&expr, "<string>").map_err(|e| {
                vm.syntax_error(
                    ExcKind::SyntaxError,
                    &e.msg,
                    "<string>",
                    e.line,
                    e.col,
                    &src,
                )
            })?;
            vm.exec_in_module(&code, &main)
        })
    }

    /// Reports an uncaught error the way python does and returns the exit
    /// status: `SystemExit(n)` → n (a message is printed, status 1), others →
    /// traceback on stderr, 1.
    pub fn print_error(&mut self, err: Error) -> i32 {
        self.with_vm(move |vm| report_error(vm, err))
    }

    /// The text of an error's traceback (what `print_error` prints).
    pub fn format_error(&mut self, err: Error) -> String {
        self.with_vm(move |vm| {
            let exc = vm.materialize(err);
            vm.format_exception(&exc)
        })
    }
}

/// See `Interpreter::print_error`.
pub fn report_error(vm: &mut Vm, err: Error) -> i32 {
    let _ = vm.call_method(&vm.sys_attr("stdout").unwrap_or_default(), "flush", &[]);
    if vm.error_matches(&err, ExcKind::SystemExit) {
        let exc = vm.materialize(err);
        let code = crate::vm::exceptions::exc_data(&exc)
            .map(|d| d.state.borrow().args.clone())
            .map(|a| match a.as_obj().map(|o| &**o) {
                Some(Object::Tuple(t)) if t.len() == 1 => t[0].clone(),
                Some(Object::Tuple(t)) if t.is_empty() => Value::None,
                _ => a,
            })
            .unwrap_or_default();
        return match code {
            Value::None => 0,
            Value::Int(n) => n as i32,
            Value::Bool(b) => b as i32,
            other => {
                let s = crate::vm::sys::str_or_repr(vm, &other);
                crate::io::write_stderr(&format!("{s}\n"));
                1
            }
        };
    }
    let exc = vm.materialize(err);
    vm.print_exception(&exc);
    1
}
