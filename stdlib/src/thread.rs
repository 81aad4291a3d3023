//! The `thread` module (also importable as `threading`, the same module
//! object) and the low-level `_thread` module.
//!
//! `_thread` is native: it starts OS threads, each with its own `Vm` sharing
//! the interpreter (`Vm::new_thread_named` + `Vm::spawn_prepared`), joins
//! them through the deadlock [`Registry`] of the blocking primitives (so a
//! join takes part in deadlock detection, releases the GIL, honours its
//! timeout and wakes for Ctrl-C in the main thread). `thread` itself is written in conc
//! (`thread/threading.conc`) on top of it, as CPython's `threading.py` is
//! written over `_thread`: `Thread` (with subclassing and `run()`),
//! `current_thread`, `enumerate`, `local`, `Timer`, `excepthook`, and the
//! `_shutdown()` that the interpreter runs at exit to wait for the
//! non-daemon threads. It also exports the `lock` module's classes
//! (`Lock`, `Event`, `Barrier`, `DeadlockError`, ...), as `threading` does.
//!
//! For the lock and queue bindings: [`registry`] is the interpreter's one
//! [`Registry`] (every thread started here is registered with it), and
//! [`VmBlocker`] is the calling thread as the primitives see it.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use conc_interp::object::{Args, NativeFnPtr};
use conc_interp::prelude::*;
use conc_interp::vm::threads::InterruptCheck;
use mutex::Mutex;

use crate::blocking::{self, BlockError, Blocker, Interrupted, Registry, ThreadId};
use crate::util::{arg, float_arg, new_module, pos_arity};

/// A std mutex with the parking_lot-like surface (poisoning ignored).
mod mutex {
    #[derive(Default)]
    pub struct Mutex<T>(std::sync::Mutex<T>);
    impl<T> Mutex<T> {
        pub fn lock(&self) -> std::sync::MutexGuard<'_, T> {
            self.0.lock().unwrap_or_else(|e| e.into_inner())
        }
    }
}

/// The largest timeout accepted (as CPython on Linux).
pub const TIMEOUT_MAX: f64 = 9_223_372_036.0;

const SOURCE: &str = include_str!("thread/threading.conc");

/// Per-interpreter state of the thread module.
#[derive(Default)]
struct ThreadTable {
    /// ident → OS thread id, recorded by each thread when it starts.
    native_ids: Mutex<HashMap<u64, u64>>,
    main_registered: OnceLock<()>,
    /// Threads named in a `DeadlockError` the main thread has received.
    reported: Mutex<std::collections::HashSet<u64>>,
    /// ident → what `_thread._on_exit` asked to call when that thread ends.
    exit_hooks: Mutex<HashMap<u64, Vec<Value>>>,
}

/// The interpreter's deadlock registry, shared by threads, joins, locks
/// and queues. The main thread is registered on first use.
pub fn registry(vm: &Vm) -> Arc<Registry> {
    let reg = vm.extension::<Registry>();
    let table = vm.extension::<ThreadTable>();
    table.main_registered.get_or_init(|| {
        reg.register_main_thread(vm.main_thread_ident(), "MainThread");
    });
    reg
}

/// The calling thread as the blocking primitives see it: waits release the
/// GIL through the thread's registration, and a pending Ctrl-C ends them
/// in the main thread.
pub struct VmBlocker<'a> {
    vm: &'a Vm,
    check: InterruptCheck,
    /// What the thread waits on, for the GIL trace ("lock", "queue", ...).
    reason: &'static str,
}

impl<'a> VmBlocker<'a> {
    /// The blocker of a lock-like wait.
    pub fn new(vm: &'a Vm) -> VmBlocker<'a> {
        VmBlocker::because(vm, "lock")
    }

    /// The blocker of a wait on `reason` ("queue", "join", ...).
    pub fn because(vm: &'a Vm, reason: &'static str) -> VmBlocker<'a> {
        VmBlocker {
            vm,
            check: vm.interrupt_check(),
            reason,
        }
    }
}

impl Blocker for VmBlocker<'_> {
    fn thread_id(&self) -> ThreadId {
        self.vm.thread_ident()
    }

    fn allow_threads(&self, wait: &mut dyn FnMut()) {
        self.vm
            .gil()
            .allow_threads_because(self.vm.gil_thread(), self.reason, wait);
    }

    fn check_interrupt(&self) -> Result<(), Interrupted> {
        if self.check.pending() {
            Err(Interrupted)
        } else {
            Ok(())
        }
    }
}

/// Maps a blocking failure to a conc exception (`DeadlockError`,
/// `KeyboardInterrupt`, ...): see [`crate::lock::block_err`].
pub fn block_error(vm: &mut Vm, e: BlockError) -> Error {
    crate::lock::block_err(vm, e)
}

/// Remembers the threads of a deadlock report raised as `DeadlockError`,
/// so that the final wait at exit does not report the same deadlock again.
pub fn note_reported(vm: &Vm, report: &blocking::DeadlockReport) {
    let table = vm.extension::<ThreadTable>();
    table
        .reported
        .lock()
        .extend(report.threads.iter().map(|t| t.id));
}

/// This OS thread's id (`threading.get_native_id()`), from
/// `/proc/thread-self` on Linux; the process id elsewhere.
fn os_thread_id() -> u64 {
    std::fs::read_link("/proc/thread-self")
        .ok()
        .and_then(|p| p.file_name()?.to_str()?.parse().ok())
        .unwrap_or_else(|| std::process::id() as u64)
}

fn str_arg(v: Option<&Value>, what: &str) -> PyResult<String> {
    match v.and_then(|v| v.as_str()) {
        Some(s) => Ok(s.to_string()),
        None => Err(Error::type_error(format!("{what} must be a str"))),
    }
}

/// Starts a thread running `f()` (the conc `Thread._bootstrap`, or the
/// wrapper of `start_new_thread`); returns its ident.
fn spawn(vm: &mut Vm, f: Value, name: &str) -> PyResult<u64> {
    let reg = registry(vm);
    let table = vm.extension::<ThreadTable>();
    let child = vm.new_thread_named(name);
    let ident = child.thread_ident();
    reg.register_thread(ident, name);
    let reg2 = reg.clone();
    let thread_name = name.to_string();
    let started = Vm::spawn_prepared(child, move |vm: &mut Vm| {
        table.native_ids.lock().insert(ident, os_thread_id());
        // A panic anywhere in the thread is its SystemError, and the
        // thread still counts as finished (join and exit don't hang).
        if let Err(e) = vm.catch_panic("a thread", |vm| vm.call(&f, &[])) {
            if !vm.error_matches(&e, ExcKind::SystemExit) {
                let exc = vm.materialize(e);
                let text = vm.format_exception(&exc);
                conc_interp::io::write_stderr(&format!(
                    "Exception in thread {thread_name}:\n{text}"
                ));
            }
        }
        drop(f);
        run_exit_hooks(vm, &table, ident);
        table.native_ids.lock().remove(&ident);
        // What the thread made is collectable by others from now on.
        conc_interp::gc::detach_thread();
        reg2.thread_exited(ident);
    });
    match started {
        Ok(_) => Ok(ident),
        Err(e) => {
            reg.thread_exited(ident);
            Err(Error::new(
                ExcKind::RuntimeError,
                format!("can't start new thread: {e}"),
            ))
        }
    }
}

/// Calls the thread's `_on_exit` hooks, last registered first (errors are
/// ignored: the thread is over). The hooks are taken out of the table
/// before any runs, so no lock is held while script code runs.
fn run_exit_hooks(vm: &mut Vm, table: &ThreadTable, ident: u64) {
    loop {
        let hooks = table.exit_hooks.lock().remove(&ident);
        let Some(hooks) = hooks else { break };
        for hook in hooks.into_iter().rev() {
            let _ = vm.catch_panic("a thread exit hook", |vm| vm.call(&hook, &[]));
        }
    }
}

/// `_thread._on_exit(fn)`: calls `fn()` when the calling thread ends (after
/// its target, in that thread). Used by `local` to free a finished
/// thread's values. In the main thread it does nothing: its end is the
/// process's.
fn on_exit(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("_on_exit", &args, 1, 1)?;
    let ident = vm.thread_ident();
    if ident != vm.main_thread_ident() {
        let table = vm.extension::<ThreadTable>();
        let hook = args.pos()[0].clone();
        table.exit_hooks.lock().entry(ident).or_default().push(hook);
    }
    Ok(Value::None)
}

/// `_thread._start(fn, name)`: the `Thread.start` primitive.
fn t_start(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("_start", &args, 2, 2)?;
    let f = args.pos()[0].clone();
    let name = str_arg(args.pos().get(1), "thread name")?;
    Ok(Value::Int(spawn(vm, f, &name)? as i64))
}

/// `_thread.start_new_thread(function, args[, kwargs])`.
fn start_new_thread(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("start_new_thread", &args, 2, 3)?;
    let f = args.pos()[0].clone();
    let fargs = args.pos()[1].clone();
    if !matches!(
        fargs.as_obj().map(|o| &**o),
        Some(conc_interp::object::Object::Tuple(_))
    ) {
        return Err(Error::type_error("2nd arg must be a tuple"));
    }
    let kwargs = args.pos().get(2).cloned().unwrap_or(Value::None);
    // functools.partial-like: a conc lambda calls f(*args, **kwargs).
    let module = vm.import_module("thread")?;
    let call = vm
        .get_attr_opt(&module, "_call_with")?
        .ok_or_else(|| Error::new(ExcKind::SystemError, "thread._call_with missing"))?;
    let bound = vm.call(&call, &[f, fargs, kwargs])?;
    let n = vm.next_thread_number();
    Ok(Value::Int(spawn(vm, bound, &format!("Thread-{n}"))? as i64))
}

fn timeout_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<Option<std::time::Duration>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => {
            let t = float_arg(vm, v)?;
            if t.is_nan() {
                return Err(Error::value_error("timeout must be a number"));
            }
            Ok(Some(blocking::secs(t.max(0.0))))
        }
    }
}

fn ident_arg(v: Option<&Value>) -> PyResult<u64> {
    match v {
        Some(Value::Int(i)) if *i >= 0 => Ok(*i as u64),
        _ => Err(Error::type_error("thread ident must be an int")),
    }
}

/// `_thread._join(ident, timeout=None, at_exit=False)` → True if the thread
/// has ended. With `at_exit` (the interpreter's final wait for non-daemon
/// threads), a deadlock among threads that the main thread was already told
/// about (it got a `DeadlockError` naming them) returns None: those threads
/// are abandoned, not reported twice.
fn t_join(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("_join", &args, 1, 3)?;
    let ident = ident_arg(args.pos().first())?;
    let timeout = timeout_arg(vm, arg(&args, 1, "timeout"))?;
    let at_exit = matches!(args.pos().get(2), Some(Value::Bool(true)));
    let reg = registry(vm);
    let r = reg.join(&VmBlocker::because(vm, "join"), ident, timeout);
    match r {
        Ok(done) => Ok(Value::Bool(done)),
        Err(BlockError::Deadlock(report)) => {
            let table = vm.extension::<ThreadTable>();
            let known = {
                let reported = table.reported.lock();
                report
                    .threads
                    .iter()
                    .all(|t| t.is_main || reported.contains(&t.id))
            };
            if at_exit && known {
                return Ok(Value::None);
            }
            Err(block_error(vm, BlockError::Deadlock(report)))
        }
        Err(e) => Err(block_error(vm, e)),
    }
}

fn t_is_alive(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("_is_alive", &args, 1, 1)?;
    let ident = ident_arg(args.pos().first())?;
    Ok(Value::Bool(registry(vm).is_alive(ident)))
}

fn t_native_id_of(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("_native_id_of", &args, 1, 1)?;
    let ident = ident_arg(args.pos().first())?;
    let table = vm.extension::<ThreadTable>();
    let id = table.native_ids.lock().get(&ident).copied();
    Ok(id.map_or(Value::None, |i| Value::Int(i as i64)))
}

fn get_ident(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("get_ident", &args, 0, 0)?;
    Ok(Value::Int(vm.thread_ident() as i64))
}

fn get_native_id(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("get_native_id", &args, 0, 0)?;
    Ok(Value::Int(os_thread_id() as i64))
}

fn main_ident(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("_main_ident", &args, 0, 0)?;
    Ok(Value::Int(vm.main_thread_ident() as i64))
}

fn count(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("_count", &args, 0, 0)?;
    Ok(Value::Int(
        registry(vm).live_threads().saturating_sub(1) as i64
    ))
}

fn next_number(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("_next_number", &args, 0, 0)?;
    Ok(Value::Int(vm.next_thread_number() as i64))
}

/// `_thread._print_thread_exception(name, exc)`: what the default
/// `excepthook` prints, in one write to stderr.
fn print_thread_exception(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("_print_thread_exception", &args, 2, 2)?;
    let name = conc_interp::vm::sys::str_or_repr(vm, &args.pos()[0]);
    let text = vm.format_exception(&args.pos()[1]);
    conc_interp::io::write_stderr(&format!("Exception in thread {name}:\n{text}"));
    Ok(Value::None)
}

/// The `_thread` module.
pub fn init_low_level(vm: &mut Vm) -> PyResult<Value> {
    let fns: &[(&str, NativeFnPtr)] = &[
        ("start_new_thread", start_new_thread),
        ("start_new", start_new_thread),
        ("get_ident", get_ident),
        ("get_native_id", get_native_id),
        ("_count", count),
        ("_start", t_start),
        ("_join", t_join),
        ("_is_alive", t_is_alive),
        ("_native_id_of", t_native_id_of),
        ("_main_ident", main_ident),
        ("_next_number", next_number),
        ("_on_exit", on_exit),
        ("_print_thread_exception", print_thread_exception),
    ];
    let m = new_module(vm, "_thread", fns);
    vm.module_set(&m, "TIMEOUT_MAX", Value::Float(TIMEOUT_MAX));
    let rt = vm.exc_type(ExcKind::RuntimeError);
    vm.module_set(&m, "error", Value::Obj(rt));
    registry(vm);
    vm.add_host_thread_hooks(host_thread_attached, host_thread_detached);
    Ok(m)
}

/// A host thread entered a GIL scope: a live thread to the deadlock
/// detector (it may release what the script's threads wait for).
fn host_thread_attached(vm: &mut Vm) {
    let name = format!("Host (ident {})", vm.thread_ident());
    registry(vm).register_thread(vm.thread_ident(), &name);
}

/// A host thread's scope ended: what a script thread's end does (its
/// `_on_exit` hooks free its `local` values; it leaves the registry).
fn host_thread_detached(vm: &mut Vm) {
    let ident = vm.thread_ident();
    let table = vm.extension::<ThreadTable>();
    run_exit_hooks(vm, &table, ident);
    table.native_ids.lock().remove(&ident);
    registry(vm).thread_exited(ident);
}

/// The `thread` module (`threading` is the same module object).
pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("thread");
    crate::util::exec_in_module(vm, &m, SOURCE)?;
    Ok(m)
}

/// `import threading`: the `thread` module.
pub fn init_alias(vm: &mut Vm) -> PyResult<Value> {
    vm.import_module("thread")
}
