//! The embedding API: `Interpreter` and `Config`.
//!
//! An interpreter has one long-lived main thread (`MainThread`, with a big
//! stack, reserved not committed, so deep recursion under a high
//! `sys.setrecursionlimit` ends in `RecursionError`, never in a stack
//! overflow) that owns the main `Vm`. Each call of the API sends a closure
//! to it; the main thread takes the GIL for the duration of each closure
//! and releases it between closures, so the script's background threads
//! run while the host does something else (the REPL waiting for a line,
//! say).
//!
//! Errors leave through this API captured ([`Error::Script`]: type name,
//! message and traceback as text), and values leave converted to Rust types
//! ([`FromValue`]) or as [`Owned`] handles, so the host holds no bare
//! interpreter object. [`Interpreter::with_gil`] opens a GIL scope with a
//! token ([`Gil`]) for work on conc values ([`crate::Bound`]) that the
//! typed calls do not cover. Nothing here prints: the host decides what to
//! show.
//!
//! ```
//! use conc_interp::{Config, Error, Interpreter};
//!
//! let mut interp = Interpreter::new(Config::default());
//! interp.run_source("def greet(who, times=1):\n    return ('hi ' + who + '! ') * times\n", "app.conc")?;
//! let text: String = interp.call("greet", ("ann", 2))?;
//! assert_eq!(text, "hi ann! hi ann! ");
//! interp.set_global("limit", 10)?;
//! let total: i64 = interp.eval("sum(range(limit))")?;
//! assert_eq!(total, 45);
//! interp.register_fn("double", |x: i64| Ok::<_, Error>(x * 2))?;
//! assert_eq!(interp.eval::<i64>("double(21)")?, 42);
//! # Ok::<(), Error>(())
//! ```

use std::path::{Path, PathBuf};
use std::sync::{Arc, Weak};
use std::time::Duration;

use crate::compile::Mode;
use crate::convert::{FromValue, IntoArgs, IntoValue};
use crate::embed::{Gil, InterpreterHandle, Owned};
use crate::error::{Error, ExcKind, PyResult, ScriptError};
use crate::gil::{Gil as GilLock, GilConfig};
#[cfg(doc)]
use crate::limits::Termination;
use crate::limits::{ImportPolicy, Limits};
use crate::native_fn::{HostFn, HostFnWithGil, ModuleBuilder};
use crate::object::Object;
use crate::sync::{ScopedWorker, WorkerHooks};
use crate::value::Value;
pub use crate::vm::threads::InterruptHandle;
use crate::vm::{InterpState, Vm, VmConfig};

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
    /// The most poll points (backward jumps and calls) one run may pass;
    /// 0 for no budget. See [`Config::max_operations`].
    pub max_operations: u64,
    /// The most bytes the heap may grow by during one run; 0 for no cap.
    /// See [`Config::memory_limit`].
    pub memory_limit: usize,
    /// Which modules scripts may import ([`Config::deny_modules`],
    /// [`Config::allow_only_modules`]).
    pub imports: ImportPolicy,
    /// Whether scripts may open files ([`Config::file_access`]).
    pub file_access: bool,
    /// The recursion limit scripts start with and may not raise
    /// ([`Config::recursion_limit`]); `None`: 1000, and
    /// `sys.setrecursionlimit` may set any value.
    pub recursion_limit: Option<u32>,
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
            max_operations: 0,
            memory_limit: 0,
            imports: ImportPolicy::All,
            file_access: true,
            recursion_limit: None,
        }
    }
}

/// Limits for untrusted scripts (see [`crate::limits`] for how they stop
/// one). None is set by default, and then none costs anything.
impl Config {
    /// An operation budget per run, like rhai's `set_max_operations`: the
    /// script (all its threads together) may pass `n` poll points —
    /// backward jumps (loop iterations) and calls — in one run, then it
    /// ends with `OperationLimitExceeded`, which it cannot catch
    /// ([`Error::termination`] is [`Termination::OperationLimit`]). Each
    /// run ([`Interpreter::run_source`], [`Interpreter::call`], ...) starts
    /// with the whole budget. Work inside one native operation (sorting a
    /// long list, `str.join`) counts as one call however long it takes.
    /// Setting a budget makes every poll point take the eval breaker's
    /// slow path (a few nanoseconds each).
    ///
    /// ```
    /// use conc_interp::{limits::Termination, Config, Interpreter};
    ///
    /// let mut interp = Interpreter::new(Config::default().max_operations(1_000));
    /// assert_eq!(interp.eval::<i64>("sum(range(100))").unwrap(), 4950);
    /// let err = interp.run_source("n = 0\nwhile True:\n    n += 1\n", "count.conc").unwrap_err();
    /// assert_eq!(err.termination(), Some(Termination::OperationLimit));
    /// // 1,000 jumps back to the loop's start; the next one ends the run.
    /// assert_eq!(interp.get_global::<i64>("n").unwrap(), 1_001);
    /// ```
    pub fn max_operations(mut self, n: u64) -> Config {
        self.max_operations = n;
        self
    }

    /// A memory cap: the most bytes a script may allocate. Two checks
    /// enforce it:
    /// - every allocation sized by the script's numbers (`bytes(n)`,
    ///   `'x' * n`, `[0] * n`, `str.ljust(n)`, `int.to_bytes(n)`, ... —
    ///   everything that goes through [`crate::alloc`]) larger than the cap
    ///   raises `MemoryError` before anything is allocated; this check is
    ///   process-wide, the smallest cap of any interpreter applies;
    /// - if the host installed [`crate::sync::CountingAllocator`] as its
    ///   `#[global_allocator]`, the growth of the process's live heap since
    ///   the run started is checked at every poll point, and a run that
    ///   grew it by more than the cap ends with `MemoryLimitExceeded`
    ///   (uncatchable, [`Termination::MemoryLimit`]). The count is the
    ///   whole process's (other threads of the host and other interpreters
    ///   included), and a single native operation may overshoot the cap
    ///   before the next poll point sees it.
    ///
    /// Without the counting allocator only the first check applies.
    ///
    /// ```
    /// use conc_interp::{Config, ExcKind, Interpreter};
    ///
    /// let mut interp = Interpreter::new(Config::default().memory_limit(1 << 20));
    /// let err = interp.eval::<usize>("len(bytes(10 ** 8))").unwrap_err();
    /// assert!(err.is(ExcKind::MemoryError));
    /// assert_eq!(interp.eval::<usize>("len(bytes(1000))").unwrap(), 1000);
    /// ```
    pub fn memory_limit(mut self, bytes: usize) -> Config {
        self.memory_limit = bytes;
        self
    }

    /// Leaves modules out: importing one of `names`, or a submodule of one
    /// (`os` covers `os.path`), raises `ModuleNotFoundError` — for the
    /// script and for every module it imports, so a stdlib module that
    /// needs a left-out one cannot be imported either.
    /// [`crate::limits::SYSTEM_MODULES`] lists the modules that reach the
    /// operating system. Adds to earlier `deny_modules` calls; replaces an
    /// allow-list.
    ///
    /// ```
    /// use conc_interp::{limits::SYSTEM_MODULES, Config, Interpreter};
    ///
    /// let mut interp = Interpreter::new(Config::default().deny_modules(SYSTEM_MODULES));
    /// let err = interp.run_source("import os\n", "t.conc").unwrap_err();
    /// assert_eq!(err.type_name(), Some("ModuleNotFoundError"));
    /// assert!(err.to_string().contains("No module named 'os'"));
    /// ```
    pub fn deny_modules<S: AsRef<str>>(mut self, names: impl IntoIterator<Item = S>) -> Config {
        let mut set = match self.imports {
            ImportPolicy::Deny(set) => set,
            _ => Default::default(),
        };
        set.extend(names.into_iter().map(|n| n.as_ref().to_string()));
        self.imports = ImportPolicy::Deny(set);
        self
    }

    /// Only `names` (and their submodules) may be imported, by the script
    /// and by the modules it imports (list what those need too: `json`
    /// needs `re`, ...); modules the host makes with
    /// [`Interpreter::register_module`] stay importable. Anything else
    /// raises `ModuleNotFoundError`. Adds to earlier `allow_only_modules`
    /// calls; replaces a deny-list.
    ///
    /// ```
    /// use conc_interp::{Config, Interpreter};
    ///
    /// let mut interp = Interpreter::new(Config::default().allow_only_modules(["sys"]));
    /// assert_eq!(interp.eval::<i64>("__import__('sys').getrecursionlimit()").unwrap(), 1000);
    /// // Even a module loaded already stays out.
    /// let err = interp.eval::<bool>("__import__('builtins') is None").unwrap_err();
    /// assert_eq!(err.type_name(), Some("ModuleNotFoundError"));
    /// ```
    pub fn allow_only_modules<S: AsRef<str>>(
        mut self,
        names: impl IntoIterator<Item = S>,
    ) -> Config {
        let mut set = match self.imports {
            ImportPolicy::AllowOnly(set) => set,
            _ => Default::default(),
        };
        set.extend(names.into_iter().map(|n| n.as_ref().to_string()));
        self.imports = ImportPolicy::AllowOnly(set);
        self
    }

    /// With `false`, scripts cannot open files: `open` and `io.open` raise
    /// `PermissionError`, and `import` finds only builtin modules and the
    /// host's, not source files on `sys.path`. (Leave out the `os` family
    /// too — [`Config::deny_modules`] — for the rest of the file system.)
    ///
    /// ```
    /// use conc_interp::{Config, Interpreter};
    ///
    /// let mut interp = Interpreter::new(Config::default().file_access(false));
    /// let err = interp.run_source("open('/etc/hostname')\n", "t.conc").unwrap_err();
    /// assert_eq!(err.type_name(), Some("PermissionError"));
    /// ```
    pub fn file_access(mut self, allowed: bool) -> Config {
        self.file_access = allowed;
        self
    }

    /// The recursion limit (`sys.getrecursionlimit()`, 1000 by default):
    /// scripts start with `n`, and `sys.setrecursionlimit` may lower it but
    /// not raise it above `n` (`ValueError`).
    ///
    /// ```
    /// use conc_interp::{Config, ExcKind, Interpreter};
    ///
    /// let mut interp = Interpreter::new(Config::default().recursion_limit(50));
    /// interp.run_source("def down(n):\n    return down(n + 1)\n", "r.conc").unwrap();
    /// assert!(interp.call::<i64>("down", (0,)).unwrap_err().is(ExcKind::RecursionError));
    /// let err = interp.run_source("import sys\nsys.setrecursionlimit(10000)\n", "r.conc").unwrap_err();
    /// assert!(err.is(ExcKind::ValueError));
    /// ```
    pub fn recursion_limit(mut self, n: u32) -> Config {
        self.recursion_limit = Some(n);
        self
    }
}

/// One interpreter: its main thread, which owns the main VM.
///
/// A process may run several, each with its own GIL, objects, modules and
/// threads: two host threads each driving its own interpreter run script
/// code at the same time. Objects never cross interpreters (a handle of
/// one is refused by another); what the interpreters of a process share
/// is listed in docs/ARCHITECTURE.md ("Several interpreters").
pub struct Interpreter {
    main: ScopedWorker<Vm>,
    id: u64,
    /// What [`InterpreterHandle`]s attach to (the main `Vm` holds it).
    state: Weak<InterpState>,
    gil: Arc<GilLock>,
    limits: Arc<Limits>,
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
        let gil = Arc::new(GilLock::new(GilConfig {
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
        let limits = Arc::new(
            Limits::new(config.max_operations, config.memory_limit).with_policy(
                config.imports.clone(),
                config.file_access,
                config.recursion_limit.unwrap_or(0),
            ),
        );
        if config.memory_limit > 0 {
            crate::alloc::cap_requests(config.memory_limit);
        }
        let vm_config = VmConfig {
            argv: config.argv.clone(),
            path: config.path.clone(),
            executable,
            gil: gil.clone(),
            limits: limits.clone(),
        };
        let hooks = WorkerHooks {
            before: |vm: &mut Vm| vm.take_gil(),
            after: |vm: &mut Vm| {
                // The host may exit right after: never leave script output
                // buffered. Flushed without the GIL, which never waits for
                // the stdout buffer (io/mod.rs).
                vm.drop_gil();
                crate::io::flush_stdout();
            },
            finish: |vm: &mut Vm| {
                vm.take_gil();
                // Release what the host's handles left for the GIL while
                // it is held for the last time.
                let pool = vm.state().releases.clone();
                pool.release(vm);
            },
        };
        let builder = std::thread::Builder::new()
            .name("MainThread".into())
            .stack_size(VM_STACK_SIZE);
        let main = ScopedWorker::spawn(
            builder,
            move || {
                crate::vm::call::set_stack_base(VM_STACK_SIZE);
                let vm = Vm::new(vm_config);
                crate::vm::threads::runs_for_life(vm.interpreter_id());
                vm.drop_gil();
                vm
            },
            hooks,
        )
        .expect("cannot start the interpreter's main thread");
        let recursion_limit = config.recursion_limit;
        let mut interp = Interpreter {
            main,
            id: 0,
            state: Weak::new(),
            gil,
            limits,
            config,
        };
        (interp.id, interp.state) = interp.on_main(move |vm| {
            if let Some(n) = recursion_limit {
                vm.state
                    .recursion_limit
                    .store(n, std::sync::atomic::Ordering::Relaxed);
            }
            let main = vm.new_module("__main__");
            vm.module_set(&main, "__builtins__", vm.state().builtins_module.clone());
            if let Ok(Value::Obj(mods)) = vm.sys_attr("modules").ok_or(()) {
                if let Object::Dict(d) = &*mods {
                    d.borrow_mut().set_str("__main__", main);
                }
            }
            (vm.interpreter_id(), Arc::downgrade(vm.state()))
        });
        interp
    }

    /// A handle through which host threads enter GIL scopes on their own
    /// thread, not by a round trip to the interpreter's main thread (see
    /// [`InterpreterHandle`]). `Send + Sync + Clone`; it does not keep the
    /// interpreter alive.
    pub fn handle(&self) -> InterpreterHandle {
        InterpreterHandle::new(self.state.clone(), self.id)
    }

    /// The interpreter's number, unique in the process (the first is 1):
    /// errors about handles of the wrong interpreter name it.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Runs `f` with the main thread's VM, on the interpreter's main thread
    /// (big stack), holding the GIL for the duration of `f`.
    fn on_main<R: Send, F: FnOnce(&mut Vm) -> R + Send>(&mut self, f: F) -> R {
        self.main.run(f)
    }

    /// Runs `f` in a GIL scope: on the interpreter's main thread, holding
    /// its GIL, with the token ([`Gil`]) that proves it. Values made in the
    /// scope ([`crate::Bound`]) stay in it; what `f` returns must be `Send`
    /// and cannot borrow from the scope (convert to Rust values, or keep
    /// [`Owned`] handles). The closure may borrow from the caller. Like the
    /// typed calls, a scope starts a run (the limits of [`Config`] apply
    /// to the script code it runs); the script's other threads run between
    /// scopes.
    ///
    /// ```
    /// use conc_interp::{Error, Interpreter, Owned};
    ///
    /// let mut interp = Interpreter::new(Default::default());
    /// let names = vec!["ann", "bob"];
    /// let (greeting, list): (String, Owned) = interp.with_gil(|gil| {
    ///     let list = gil.to_value(&names[..])?;
    ///     list.call_method("append", ("cy",))?;
    ///     let joined = gil.eval("', '.join")?.call((&list,))?;
    ///     Ok::<_, Error>((joined.extract()?, list.unbind()))
    /// }).unwrap();
    /// assert_eq!(greeting, "ann, bob, cy");
    /// // The handle outlives the scope; binding it needs a new one.
    /// assert_eq!(interp.with_gil(|gil| list.bind(gil).len()).unwrap(), 3);
    /// ```
    ///
    /// Errors of the token's and the handles' methods are plain [`Error`]s
    /// whose exception object, if any, is held as an [`Owned`] handle
    /// ([`Error::Held`]): they may leave the scope and be dropped anywhere.
    /// The typed calls ([`Interpreter::eval`], ...) capture theirs as text
    /// ([`Error::Script`]).
    pub fn with_gil<R, F>(&mut self, f: F) -> R
    where
        R: Send,
        F: for<'g> FnOnce(Gil<'g>) -> R + Send,
    {
        self.start_run();
        self.on_main(move |vm| Gil::enter(vm, f))
    }

    /// The interpreter's GIL itself, the lock (statistics, trace, switch
    /// interval); holding it is entering a [`Gil`] scope.
    pub fn gil_lock(&self) -> &Arc<GilLock> {
        &self.gil
    }

    /// A cloneable, `Send` handle whose `interrupt()` raises
    /// `KeyboardInterrupt` in the main thread (as Ctrl-C does), also while
    /// it sleeps, joins or waits, and whose `terminate()` ends the script
    /// in a way it cannot catch (see [`InterruptHandle::terminate`]).
    pub fn interrupt_handle(&self) -> InterruptHandle {
        InterruptHandle::new(self.gil.clone(), self.limits.clone())
    }

    /// The host's limits on this interpreter's scripts.
    pub fn limits(&self) -> &Arc<Limits> {
        &self.limits
    }

    /// Starts a run of script code: a termination still in force (the
    /// previous run was terminated) is cleared once the script's other
    /// threads have ended (at most [`crate::limits::THREAD_WIND_DOWN`]),
    /// and the operation budget and memory baseline start afresh.
    fn start_run(&mut self) {
        if self.limits.termination().is_some() {
            let deadline = std::time::Instant::now() + crate::limits::THREAD_WIND_DOWN;
            // The main thread is idle between runs: wait for the others.
            while self.gil.stats().iter().filter(|t| t.alive).count() > 1
                && std::time::Instant::now() < deadline
            {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        self.limits.start_run(self.gil.eval_breaker());
    }

    /// Waits for the script's non-daemon threads (`threading._shutdown`),
    /// as the interpreter does at exit. Interruptible.
    pub fn wait_for_threads(&mut self) -> PyResult<()> {
        self.on_main(|vm| vm.finalize_threads().map_err(|e| capture(vm, e)))
    }

    /// The GIL statistics table (`--gil-stats`).
    pub fn gil_stats_table(&self) -> String {
        crate::gil::format_stats_table(&self.gil.stats(), self.gil.enabled())
    }

    /// Writes the GIL trace if one was asked for (`Config::trace_path`).
    pub fn write_gil_trace(&self) -> std::io::Result<Option<PathBuf>> {
        self.gil.write_trace()
    }

    /// The `__main__` module, as a handle.
    ///
    /// ```
    /// let mut interp = conc_interp::Interpreter::new(Default::default());
    /// interp.run_source("answer = 42", "a.conc").unwrap();
    /// let main = interp.main_module();
    /// let n: i64 = interp.with_gil(|gil| main.bind(gil).getattr("answer")?.extract()).unwrap();
    /// assert_eq!(n, 42);
    /// ```
    pub fn main_module(&mut self) -> Owned {
        self.on_main(|vm| {
            let main = vm.import_module("__main__").unwrap_or_default();
            Owned::new(main, vm.state().releases.clone())
        })
    }

    /// Runs a script file as `__main__` (`sys.path[0]` is its directory),
    /// then waits for its non-daemon threads, as python does for
    /// `python FILE`. Prints nothing: an uncaught exception, `SystemExit`
    /// included, is returned captured (see [`ScriptError::exit_request`]
    /// for the status python would exit with), and a file that cannot be
    /// read is an `OSError`.
    ///
    /// ```
    /// let mut interp = conc_interp::Interpreter::new(Default::default());
    /// let err = interp.run_file("/no/such/script.conc").unwrap_err();
    /// assert_eq!(err.type_name(), Some("FileNotFoundError"));
    /// ```
    pub fn run_file(&mut self, path: impl AsRef<Path>) -> PyResult<()> {
        self.start_run();
        let path = path.as_ref().to_string_lossy().into_owned();
        let src = match std::fs::read_to_string(&path) {
            Ok(s) => s,
            Err(e) => return Err(self.on_main(move |vm| capture(vm, open_error(&e, &path)))),
        };
        let dir = Path::new(&path)
            .parent()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.set_path0(if dir.is_empty() { ".".into() } else { dir });
        self.on_main(move |vm| {
            vm.catch_panic("the main thread", |vm| {
                let main = vm.import_module("__main__")?;
                vm.module_set(&main, "__file__", Value::str(&path));
                let code = vm.compile_source(&src, &path, Mode::Exec)?;
                vm.exec_in_module(&code, &main)
            })
            .map_err(|e| capture(vm, e))
        })?;
        self.wait_for_threads()
    }

    /// Sets `sys.path[0]` (the script's directory, or "" for `-c`/REPL).
    pub fn set_path0(&mut self, dir: String) {
        self.on_main(move |vm| {
            if let Some(Value::Obj(p)) = vm.sys_attr("path") {
                if let Object::List(l) = &*p {
                    l.borrow_mut().insert(0, Value::string(dir));
                }
            }
        });
    }

    /// Runs source text in `__main__` (for `-c`, stdin, embedders); an
    /// uncaught exception is returned captured.
    pub fn run_source(&mut self, src: &str, filename: &str) -> PyResult<()> {
        let (src, filename) = (src.to_string(), filename.to_string());
        self.typed(move |gil| gil.run_source(&src, &filename))
    }

    /// Runs one REPL entry in `__main__`: expression statements print their
    /// repr and bind `_`.
    pub fn eval_interactive(&mut self, src: &str) -> Result<(), Error> {
        self.start_run();
        let src = src.to_string();
        self.on_main(move |vm| {
            vm.catch_panic("the main thread", |vm| {
                vm.add_source("<stdin>", &src);
                let main = vm.import_module("__main__")?;
                let code = vm.compile_source(&src, "<stdin>", Mode::Interactive)?;
                vm.exec_in_module(&code, &main).map(|_| ())
            })
            .map_err(|e| capture(vm, e))
        })
    }

    /// Evaluates an expression in `__main__`'s namespace and converts its
    /// value to `T` (a `TypeError` or `OverflowError` when it does not
    /// fit; `T` = [`Owned`] keeps it as it is).
    ///
    /// ```
    /// let mut interp = conc_interp::Interpreter::new(Default::default());
    /// let v: Vec<i64> = interp.eval("[n * n for n in range(4)]").unwrap();
    /// assert_eq!(v, [0, 1, 4, 9]);
    /// let words: Option<String> = interp.eval("None").unwrap();
    /// assert_eq!(words, None);
    /// let err = interp.eval::<String>("len('abc')").unwrap_err();
    /// assert_eq!(err.to_string(), "TypeError: expected str, got int");
    /// ```
    pub fn eval<T: FromValue + Send>(&mut self, src: &str) -> PyResult<T> {
        self.start_run();
        let src = src.to_string();
        self.typed(move |gil| gil.eval(&src)?.extract())
    }

    /// The global `name` of `__main__` (or the builtin of that name),
    /// converted to `T`; `NameError` when there is none.
    ///
    /// ```
    /// let mut interp = conc_interp::Interpreter::new(Default::default());
    /// interp.run_source("scores = {'ann': 3}", "s.conc").unwrap();
    /// let scores: std::collections::BTreeMap<String, i32> = interp.get_global("scores").unwrap();
    /// assert_eq!(scores["ann"], 3);
    /// let err = interp.get_global::<i64>("missing").unwrap_err();
    /// assert_eq!(err.to_string(), "NameError: name 'missing' is not defined");
    /// ```
    pub fn get_global<T: FromValue + Send>(&mut self, name: &str) -> PyResult<T> {
        let name = name.to_string();
        self.typed(move |gil| gil.global(&name)?.extract())
    }

    /// Sets the global `name` of `__main__` to a Rust value.
    ///
    /// ```
    /// let mut interp = conc_interp::Interpreter::new(Default::default());
    /// interp.set_global("names", vec!["b", "a"]).unwrap();
    /// assert_eq!(interp.eval::<String>("','.join(sorted(names))").unwrap(), "a,b");
    /// ```
    pub fn set_global<T: IntoValue + Send>(&mut self, name: &str, value: T) -> PyResult<()> {
        let name = name.to_string();
        self.typed(move |gil| gil.set_global(&name, value))
    }

    /// Calls the function `name` (a global of `__main__` or a builtin) with
    /// Rust arguments (`()`, `(x,)`, `(1, "a")`, ...) and converts the
    /// result to `T`.
    ///
    /// ```
    /// let mut interp = conc_interp::Interpreter::new(Default::default());
    /// interp.run_source("def area(w, h):\n    return w * h\n", "geo.conc").unwrap();
    /// assert_eq!(interp.call::<f64>("area", (2.5, 4)).unwrap(), 10.0);
    /// assert_eq!(interp.call::<usize>("len", ("four",)).unwrap(), 4);
    /// let err = interp.call::<f64>("area", (1,)).unwrap_err();
    /// assert!(err.to_string().starts_with("TypeError: area() missing 1 required positional argument"));
    /// ```
    pub fn call<T: FromValue + Send>(
        &mut self,
        name: &str,
        args: impl IntoArgs + Send,
    ) -> PyResult<T> {
        self.start_run();
        let name = name.to_string();
        self.typed(move |gil| gil.global(&name)?.call(args)?.extract())
    }

    /// Makes a Rust closure a builtin function named `name`, visible to
    /// every module (see [`HostFn`] for how arguments bind, and
    /// [`crate::Params`] for keyword arguments and defaults).
    ///
    /// ```
    /// use std::sync::atomic::{AtomicU64, Ordering};
    /// use std::sync::Arc;
    /// use conc_interp::{Error, Interpreter};
    ///
    /// let mut interp = Interpreter::new(Default::default());
    /// let hits = Arc::new(AtomicU64::new(0));
    /// let counter = hits.clone();
    /// interp.register_fn("hit", move |by: Option<u64>| {
    ///     Ok::<_, Error>(counter.fetch_add(by.unwrap_or(1), Ordering::SeqCst) + 1)
    /// }).unwrap();
    /// interp.register_fn("check", |x: i64| {
    ///     if x < 0 { Err(Error::value_error("x must not be negative")) } else { Ok(x) }
    /// }).unwrap();
    /// interp.run_source("hit()\nhit(5)\ntry:\n    check(-1)\nexcept ValueError as e:\n    msg = str(e)\n", "t.conc").unwrap();
    /// assert_eq!(hits.load(Ordering::SeqCst), 6);
    /// assert_eq!(interp.get_global::<String>("msg").unwrap(), "x must not be negative");
    /// ```
    pub fn register_fn<M, F: HostFn<M>>(&mut self, name: &str, f: F) -> PyResult<()> {
        let name = name.to_string();
        self.on_main(move |vm| {
            let value = crate::native_fn::host_fn(vm, &name, f);
            vm.set_builtin(&name, value);
            Ok(())
        })
    }

    /// [`Interpreter::register_fn`] for a closure that takes the GIL token
    /// of the call first, e.g. to release the GIL while it blocks or to call
    /// a script function it was given (see [`HostFnWithGil`]).
    pub fn register_fn_with_gil<M, F: HostFnWithGil<M>>(
        &mut self,
        name: &str,
        f: F,
    ) -> PyResult<()> {
        let name = name.to_string();
        self.on_main(move |vm| {
            let value = crate::native_fn::host_fn_with_gil(vm, &name, f);
            vm.set_builtin(&name, value);
            Ok(())
        })
    }

    /// Creates the module `name` now, filled by `build`, and makes it
    /// importable (`import name`) from every thread of the interpreter.
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    /// use conc_interp::{Error, Interpreter};
    ///
    /// let mut interp = Interpreter::new(Default::default());
    /// let log = Arc::new(Mutex::new(Vec::<String>::new()));
    /// let sink = log.clone();
    /// interp.register_module("host", move |m| {
    ///     m.set("VERSION", "1.2")?;
    ///     m.add_fn("log", move |line: String| {
    ///         sink.lock().unwrap().push(line);
    ///         Ok::<_, Error>(())
    ///     });
    ///     Ok(())
    /// }).unwrap();
    /// interp.run_source("import host\nhost.log('v' + host.VERSION)\n", "t.conc").unwrap();
    /// assert_eq!(*log.lock().unwrap(), ["v1.2"]);
    /// ```
    pub fn register_module<F>(&mut self, name: &str, build: F) -> PyResult<()>
    where
        F: FnOnce(&mut ModuleBuilder<'_>) -> PyResult<()> + Send,
    {
        let name = name.to_string();
        self.limits.allow_host_module(&name);
        self.typed(move |gil| {
            let mut builder = ModuleBuilder::new(gil, &name);
            build(&mut builder)?;
            let module = builder.finish();
            gil.checked(|vm| {
                let modules = vm.sys_attr("modules").unwrap_or_default();
                crate::ops::dictops::dict_set(vm, &modules, Value::str(&name), module)
            })
        })
    }

    /// Reports an uncaught error the way python does and returns the exit
    /// status: `SystemExit(n)` → n (a message is printed, status 1), others →
    /// traceback on stderr, 1. The library itself never prints; this is
    /// for hosts that want python's report.
    pub fn print_error(&mut self, err: Error) -> i32 {
        self.on_main(move |vm| report_error(vm, err))
    }

    /// The text of an error's traceback (what `print_error` prints).
    pub fn format_error(&mut self, err: Error) -> String {
        if let Some(script) = err.script() {
            return script.traceback().to_string();
        }
        self.on_main(move |vm| {
            let exc = vm.materialize(err);
            vm.format_exception(&exc)
        })
    }
}

impl Interpreter {
    /// Runs one typed call: a run of script code in a GIL scope, a panic in
    /// it a `SystemError`, its error captured.
    fn typed<R: Send>(
        &mut self,
        f: impl for<'g> FnOnce(Gil<'g>) -> PyResult<R> + Send,
    ) -> PyResult<R> {
        self.start_run();
        self.on_main(move |vm| {
            vm.catch_panic("the main thread", |vm| Gil::enter(vm, f))
                .map_err(|e| capture(vm, e))
        })
    }
}

/// Captures an error leaving the interpreter: see [`ScriptError`].
fn capture(vm: &mut Vm, err: Error) -> Error {
    Error::Script(Box::new(ScriptError::capture(vm, err)))
}

/// The `OSError` of a script file that cannot be read.
fn open_error(e: &std::io::Error, path: &str) -> Error {
    let base = crate::io::io_error(e);
    let kind = match e.kind() {
        std::io::ErrorKind::NotFound => ExcKind::FileNotFoundError,
        std::io::ErrorKind::PermissionDenied => ExcKind::PermissionError,
        std::io::ErrorKind::IsADirectory => ExcKind::IsADirectoryError,
        _ => base.lazy_kind().unwrap_or(ExcKind::OSError),
    };
    Error::new(kind, format!("{}: '{path}'", base.message().unwrap_or("")))
}

/// See `Interpreter::print_error`: python's report of an uncaught error,
/// made from its captured description.
pub fn report_error(vm: &mut Vm, err: Error) -> i32 {
    let _ = vm.call_method(&vm.sys_attr("stdout").unwrap_or_default(), "flush", &[]);
    let err = ScriptError::capture(vm, err);
    match err.exit_request() {
        Some(exit) => {
            if let Some(text) = &exit.message {
                crate::io::write_stderr(&format!("{text}\n"));
            }
            exit.status
        }
        None => {
            crate::io::write_stderr(err.traceback());
            1
        }
    }
}
