//! The command line's view of an interpreter: one `Interpreter` with the
//! standard library registered, shared (cheap clones) between the runner
//! and the REPL's completer, and errors turned into exit statuses the way
//! python does (SystemExit(n) → n, KeyboardInterrupt → 130, others → 1).

use std::cell::RefCell;
use std::rc::Rc;

use conc_interp::compile::Mode;
use conc_interp::object::Object;
use conc_interp::{Config, Error, ExcKind, Interpreter, ScriptError, Value, Vm};

/// How running a program or a REPL entry ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// `sys.exit(n)` (or SystemExit): leave with this status.
    Exit(u8),
    /// An uncaught exception, already reported on stderr; the status python
    /// would exit with (1, or 130 for KeyboardInterrupt).
    Error(u8),
}

#[derive(Clone)]
pub struct Host {
    interp: Rc<RefCell<Interpreter>>,
}

/// The GIL settings of the command line.
#[derive(Debug, Clone)]
pub struct HostOptions {
    /// False for `--no-gil` (`-X gil=0`, `CONC_GIL=0`).
    pub gil: bool,
    /// `--switch-interval MS`.
    pub switch_interval: std::time::Duration,
    /// `--trace FILE.json`.
    pub trace: Option<std::path::PathBuf>,
    /// `--gil-stats` (without a GIL, stats are recorded only when asked).
    pub gil_stats: bool,
}

impl Default for HostOptions {
    fn default() -> Self {
        HostOptions {
            gil: true,
            switch_interval: conc_interp::gil::DEFAULT_SWITCH_INTERVAL,
            trace: None,
            gil_stats: false,
        }
    }
}

/// Reports an uncaught error as python does (its traceback on stderr, or
/// the message of a `SystemExit`) and classifies it. The interpreter only
/// describes the error; what to print and the exit status are the command
/// line's choice.
fn report(vm: &mut Vm, err: Error) -> Outcome {
    // The script's buffered output goes out before the report.
    let _ = vm.call_method(&vm.sys_attr("stdout").unwrap_or_default(), "flush", &[]);
    let err = ScriptError::capture(vm, err);
    if let Some(exit) = err.exit_request() {
        if let Some(text) = &exit.message {
            conc_interp::io::write_stderr(&format!("{text}\n"));
        }
        return Outcome::Exit(exit.status as u8);
    }
    conc_interp::io::write_stderr(err.traceback());
    Outcome::Error(if err.is(ExcKind::KeyboardInterrupt) {
        130
    } else {
        1
    })
}

/// The namespace dict of a module value.
fn module_dict(m: &Value) -> Option<Value> {
    match m.as_obj().map(|o| &**o) {
        Some(Object::Module(m)) => Some(Value::Obj(m.dict.clone())),
        _ => None,
    }
}

fn dict_keys(d: &Value) -> Vec<String> {
    match d.as_obj().map(|o| &**o) {
        Some(Object::Dict(d)) => d
            .borrow()
            .iter()
            .filter_map(|e| e.key.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

fn dict_get(d: &Value, name: &str) -> Option<Value> {
    match d.as_obj().map(|o| &**o) {
        Some(Object::Dict(d)) => d.borrow().get_str(name).cloned(),
        _ => None,
    }
}

/// Runs `f` on the interpreter's main thread with its VM: the command line
/// works in the VM layer (compiling, running and reporting as python does),
/// and keeps every value inside `f`.
fn on_vm<R: Send>(interp: &mut Interpreter, f: impl FnOnce(&mut Vm) -> R + Send) -> R {
    interp.with_gil(|gil| gil.with_vm(f))
}

impl Host {
    /// An interpreter with `sys.argv = argv` and the stdlib registered.
    pub fn new(argv: Vec<String>) -> Host {
        Host::with_options(argv, HostOptions::default())
    }

    /// An interpreter with the command line's GIL settings.
    pub fn with_options(argv: Vec<String>, opts: HostOptions) -> Host {
        let mut interp = Interpreter::new(Config {
            argv,
            gil: opts.gil,
            switch_interval: opts.switch_interval,
            trace_path: opts.trace,
            gil_stats: opts.gil_stats,
            ..Config::default()
        });
        conc_stdlib::install(&mut interp);
        Host {
            interp: Rc::new(RefCell::new(interp)),
        }
    }

    /// Runs source text as `__main__` (`-c`, stdin): sys.path[0] is "".
    pub fn run_source(&mut self, src: &str, filename: &str) -> Outcome {
        let mut interp = self.interp.borrow_mut();
        interp.set_path0(String::new());
        let (src, filename) = (src.to_string(), filename.to_string());
        on_vm(&mut interp, move |vm| {
            vm.add_source(&filename, &src);
            let r = vm.catch_panic("the main thread", |vm| {
                let code = vm.compile_source(&src, &filename, Mode::Exec)?;
                let main = vm.import_module("__main__")?;
                vm.exec_in_module(&code, &main)
            });
            match r {
                Ok(_) => Outcome::Ok,
                Err(e) => report(vm, e),
            }
        })
    }

    /// Runs a script file as `__main__`: sys.path[0] is its directory.
    pub fn run_file(&mut self, path: &str) -> Outcome {
        let src = match std::fs::read_to_string(path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("conc: can't open file '{path}': {e}");
                return Outcome::Exit(2);
            }
        };
        let mut interp = self.interp.borrow_mut();
        let dir = std::path::Path::new(path)
            .parent()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        interp.set_path0(if dir.is_empty() { ".".into() } else { dir });
        let path = path.to_string();
        on_vm(&mut interp, move |vm| {
            let r = vm.catch_panic("the main thread", |vm| {
                let code = vm.compile_source(&src, &path, Mode::Exec)?;
                let main = vm.import_module("__main__")?;
                vm.module_set(&main, "__file__", Value::str(&path));
                vm.exec_in_module(&code, &main)
            });
            match r {
                Ok(_) => Outcome::Ok,
                Err(e) => report(vm, e),
            }
        })
    }

    /// Runs this process as a child of the process module (`conc
    /// --mp-worker`): the parent sends what to run over stdin.
    pub fn run_worker(&mut self) -> Outcome {
        let mut interp = self.interp.borrow_mut();
        on_vm(&mut interp, |vm| {
            match conc_stdlib::process::run_worker(vm) {
                Ok(0) => Outcome::Ok,
                Ok(code) => Outcome::Exit(code.clamp(0, 255) as u8),
                Err(e) => report(vm, e),
            }
        })
    }

    /// Runs one REPL entry (expression results are echoed and bound to `_`).
    pub fn eval_interactive(&mut self, src: &str) -> Outcome {
        let mut interp = self.interp.borrow_mut();
        // A Ctrl-C that arrived while no code ran is not for this entry.
        interp.interrupt_handle().clear();
        let src = src.to_string();
        let r = on_vm(&mut interp, move |vm| {
            vm.add_source("<stdin>", &src);
            let r = vm.catch_panic("the main thread", |vm| {
                let code = vm.compile_source(&src, "<stdin>", Mode::Interactive)?;
                let main = vm.import_module("__main__")?;
                vm.exec_in_module(&code, &main)
            });
            match r {
                Ok(_) => Outcome::Ok,
                Err(e) => report(vm, e),
            }
        });
        use std::io::Write;
        let _ = std::io::stdout().flush();
        r
    }

    /// The interpreter is about to exit with `outcome`: waits for the
    /// non-daemon threads (interruptible: Ctrl-C there exits 130). Returns
    /// the final outcome. After an uncaught `KeyboardInterrupt` it does not
    /// wait (CPython would, until a second Ctrl-C): the user asked to stop.
    pub fn finish(&mut self, outcome: Outcome) -> Outcome {
        if outcome == Outcome::Error(130) {
            return outcome;
        }
        let mut interp = self.interp.borrow_mut();
        let outcome = on_vm(&mut interp, move |vm| match vm.finalize_threads() {
            Ok(()) => outcome,
            Err(e) => match report(vm, e) {
                // An error while waiting does not hide an earlier one.
                Outcome::Exit(c) => Outcome::Exit(c),
                Outcome::Error(c) if outcome == Outcome::Ok || c == 130 => Outcome::Error(c),
                _ => outcome,
            },
        });
        // Output that never reached stdout (a full disk, a closed pipe) is
        // a failure even when the script did not see it: CPython exits 120.
        if conc_interp::io::report_stdout_failure() && outcome != Outcome::Error(130) {
            return Outcome::Error(120);
        }
        outcome
    }

    /// The handle that Ctrl-C uses: `KeyboardInterrupt` in the main thread.
    pub fn interrupt_handle(&self) -> conc_interp::InterruptHandle {
        self.interp.borrow().interrupt_handle()
    }

    /// The interpreter's GIL (stats and trace at exit).
    pub fn gil(&self) -> std::sync::Arc<conc_interp::gil::Gil> {
        self.interp.borrow().gil_lock().clone()
    }

    /// Names for completion: `__main__`'s globals and the builtins.
    pub fn names_in_scope(&self) -> Vec<String> {
        let Ok(mut interp) = self.interp.try_borrow_mut() else {
            return Vec::new();
        };
        on_vm(&mut interp, |vm| {
            let mut names = Vec::new();
            for m in ["__main__", "builtins"] {
                if let Some(d) = vm.import_module(m).ok().as_ref().and_then(module_dict) {
                    names.extend(dict_keys(&d));
                }
            }
            names
        })
    }

    /// `dir()` of the object named by a plain dotted name (`os.path`), found
    /// in `__main__` or the builtins. Only attribute look-ups run: no calls.
    pub fn attributes_of(&self, dotted: &str) -> Vec<String> {
        let Ok(mut interp) = self.interp.try_borrow_mut() else {
            return Vec::new();
        };
        let dotted = dotted.to_string();
        on_vm(&mut interp, move |vm| {
            let mut parts = dotted.split('.');
            let first = parts.next().unwrap_or_default();
            let mut obj = None;
            for m in ["__main__", "builtins"] {
                if let Some(d) = vm.import_module(m).ok().as_ref().and_then(module_dict) {
                    if let Some(v) = dict_get(&d, first) {
                        obj = Some(v);
                        break;
                    }
                }
            }
            let Some(mut obj) = obj else {
                return Vec::new();
            };
            for p in parts {
                match vm.get_attr_opt(&obj, p) {
                    Ok(Some(v)) => obj = v,
                    _ => return Vec::new(),
                }
            }
            let Some(dir) = vm.builtin("dir") else {
                return Vec::new();
            };
            match vm.call(&dir, &[obj]) {
                Ok(Value::Obj(o)) => match &*o {
                    Object::List(l) => l
                        .borrow()
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect(),
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            }
        })
    }
}

/// The disassembly of a file (`conc --dis FILE`), or an error message and
/// exit status.
pub fn disassemble_file(path: &str) -> Result<String, (String, u8)> {
    let src = std::fs::read_to_string(path)
        .map_err(|e| (format!("conc: can't open file '{path}': {e}"), 2))?;
    let module = conc_grammar::parse_module(&src).map_err(|e| {
        (
            format!(
                "  File \"{path}\", line {}\n{}: {}",
                e.line,
                e.kind.name(),
                e.msg
            ),
            1,
        )
    })?;
    let code = conc_interp::compile::compile_module(&module, path, Mode::Exec).map_err(|e| {
        (
            format!("  File \"{path}\", line {}\nSyntaxError: {}", e.line, e.msg),
            1,
        )
    })?;
    Ok(conc_interp::bytecode::dis::disassemble(&code))
}
