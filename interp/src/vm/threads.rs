//! Threads of one interpreter, as the VM sees them: every OS thread that runs
//! conc code has its own [`Vm`] (recursion depth, exception state, caches)
//! sharing the interpreter's `InterpState`, its own registration with the
//! GIL, and takes the GIL before it touches any value.
//!
//! Values cross threads only as owned handles (`Value`, whose `Ref` is
//! `Send`), moved by the thread holding the GIL into a closure that the new
//! thread runs only after taking the GIL itself ([`Vm::spawn_thread`]).
//! Blocking waits go through `allow_threads` and, in the main thread, wake
//! at least every [`INTERRUPT_POLL`] to see a pending Ctrl-C
//! ([`InterruptCheck`]).
//!
//! The `thread` module (conc-stdlib) builds `Thread`, `join`, `local`, ...
//! on this API; per-interpreter state it needs lives in an extension slot
//! ([`Vm::extension`]).

use std::any::{Any, TypeId};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::Mutex;

use crate::error::{Error, ExcKind, PyResult};
use crate::gil::{Gil, GilThread, SIGNALS_PENDING};
use crate::limits::{Limits, Termination, LIMITS};
use crate::object::Object;

use super::Vm;

/// How often a blocking wait in the main thread wakes, at the latest, to
/// check for a pending Ctrl-C.
pub const INTERRUPT_POLL: Duration = Duration::from_millis(20);

/// Stack reserved (not committed) for every thread that runs conc code.
pub const THREAD_STACK_SIZE: usize = 256 * 1024 * 1024;

/// What the threads of one interpreter share (in `InterpState`).
#[derive(Default)]
pub struct Shared {
    next_ident: AtomicU64,
    main_ident: AtomicU64,
    next_thread_number: AtomicU64,
    extensions: Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>,
    /// Run on a host thread's `Vm` as it attaches and detaches (see
    /// [`Vm::add_host_thread_hooks`]).
    host_hooks: Mutex<Vec<HostThreadHooks>>,
    /// Caches of host threads that detached, for the next to attach: a
    /// host thread may attach for every call, and a fresh attribute cache
    /// is tens of kilobytes to allocate and fill (emptying one costs as
    /// much). They are kept as they are: an entry is checked against the
    /// class's version before use, like a stale entry of any thread, and
    /// the values it holds are touched only by the `Vm` that takes the
    /// cache, under the GIL (or by the interpreter's end).
    spare_caches: Mutex<Vec<super::cache::VmCaches>>,
}

/// How many emptied caches of detached host threads an interpreter keeps.
const SPARE_CACHES_MAX: usize = 16;

/// See [`Vm::add_host_thread_hooks`].
#[derive(Clone, Copy)]
struct HostThreadHooks {
    attach: fn(&mut Vm),
    detach: fn(&mut Vm),
}

thread_local! {
    /// The interpreters (by number) whose code this OS thread runs: its
    /// own for the thread's life (an interpreter's main thread, a script
    /// thread), and the one a host thread is attached to for a scope. A
    /// host thread asking for the GIL of one of them would wait for itself.
    static RUNS: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

/// Whether this OS thread runs code of interpreter `id` now (see `RUNS`).
pub(crate) fn runs_interpreter(id: u64) -> bool {
    RUNS.try_with(|r| r.borrow().contains(&id)).unwrap_or(false)
}

/// Marks this OS thread as running code of interpreter `id` for the rest
/// of its life (an interpreter's main thread).
pub(crate) fn runs_for_life(id: u64) {
    let _ = RUNS.try_with(|r| r.borrow_mut().push(id));
}

/// Marks this OS thread as running code of interpreter `id` until the
/// mark drops.
pub(crate) struct RunsMark(u64);

impl RunsMark {
    pub(crate) fn enter(id: u64) -> RunsMark {
        let _ = RUNS.try_with(|r| r.borrow_mut().push(id));
        RunsMark(id)
    }
}

impl Drop for RunsMark {
    fn drop(&mut self) {
        let _ = RUNS.try_with(|r| {
            let mut r = r.borrow_mut();
            if let Some(i) = r.iter().rposition(|&x| x == self.0) {
                r.remove(i);
            }
        });
    }
}

impl Shared {
    pub(crate) fn new_ident(&self) -> u64 {
        self.next_ident.fetch_add(1, Ordering::Relaxed) + 1
    }

    pub(crate) fn set_main(&self, ident: u64) {
        self.main_ident.store(ident, Ordering::Relaxed);
    }

    /// The N of the next default thread name `Thread-N` (from 1).
    pub fn next_thread_number(&self) -> u64 {
        self.next_thread_number.fetch_add(1, Ordering::Relaxed) + 1
    }
}

/// Stops an interpreter's script from any thread (a signal handler, a
/// host's watchdog): [`InterruptHandle::interrupt`] is Ctrl-C, a
/// `KeyboardInterrupt` the script may catch; [`InterruptHandle::terminate`]
/// ends the script, all its threads, in a way it cannot catch.
///
/// ```
/// use std::time::Duration;
/// use conc_interp::Interpreter;
///
/// let mut interp = Interpreter::new(Default::default());
/// let handle = interp.interrupt_handle();
/// let watchdog = std::thread::spawn(move || {
///     std::thread::sleep(Duration::from_millis(50));
///     handle.terminate();
/// });
/// let src = "while True:\n    try:\n        pass\n    except BaseException:\n        pass\n";
/// let err = interp.run_source(src, "stubborn.conc").unwrap_err();
/// watchdog.join().unwrap();
/// assert!(err.is_terminated());
/// assert_eq!(err.to_string(), "ScriptTerminated: the host terminated the script");
/// // The next run starts afresh.
/// assert_eq!(interp.eval::<i64>("1 + 1").unwrap(), 2);
/// ```
#[derive(Clone, Debug)]
pub struct InterruptHandle {
    gil: Arc<Gil>,
    limits: Arc<Limits>,
}

impl InterruptHandle {
    pub fn new(gil: Arc<Gil>, limits: Arc<Limits>) -> InterruptHandle {
        InterruptHandle { gil, limits }
    }

    /// Ends the running script: every thread of it raises
    /// `ScriptTerminated` at its next poll point (a backward jump or a
    /// call), or within 20–50 ms if it sleeps or waits. No `except` clause
    /// catches it; `finally` blocks and `__exit__` methods run with a
    /// bounded grace (see [`crate::limits`]). The host's call returns an
    /// error for which [`Error::is_terminated`] is true. The request holds
    /// until the host starts its next run.
    pub fn terminate(&self) {
        self.limits
            .request(Termination::Terminated, self.gil.eval_breaker());
    }

    /// Requests a `KeyboardInterrupt` in the main thread.
    pub fn interrupt(&self) {
        self.gil.eval_breaker().set(SIGNALS_PENDING);
    }

    /// Forgets a pending interrupt (e.g. a REPL before running an entry).
    pub fn clear(&self) {
        self.gil.eval_breaker().clear(SIGNALS_PENDING);
    }
}

/// A `Send` check for a pending interrupt, usable without the GIL inside
/// `allow_threads`: true in the main thread with Ctrl-C pending, and in
/// every thread once the host terminates the script.
#[derive(Clone, Debug)]
pub struct InterruptCheck {
    gil: Arc<Gil>,
    limits: Arc<Limits>,
    is_main: bool,
}

impl InterruptCheck {
    #[inline]
    pub fn pending(&self) -> bool {
        let bits = self.gil.eval_breaker().load();
        (self.is_main && bits & SIGNALS_PENDING != 0)
            || (bits & LIMITS != 0 && self.limits.termination().is_some())
    }
}

/// A thread started by [`Vm::spawn_thread`].
#[derive(Debug)]
pub struct SpawnedThread {
    /// The new thread's `get_ident()`.
    pub ident: u64,
    pub handle: std::thread::JoinHandle<()>,
}

impl Vm {
    /// The interpreter's GIL (disabled under `--no-gil`).
    pub fn gil(&self) -> &Arc<Gil> {
        &self.gil
    }

    /// This thread's registration with the GIL (for `Gil::blocking_section`
    /// and the blocking primitives).
    pub fn gil_thread(&self) -> &GilThread {
        self.gil_thread
            .as_ref()
            .expect("a live Vm is registered with the GIL")
    }

    /// Takes the GIL for this thread (a thread started with a `Vm` from
    /// [`Vm::new_thread_named`] calls it before touching any value).
    /// Private: a host takes the GIL only by entering a scope
    /// ([`crate::Interpreter::with_gil`]).
    pub(crate) fn take_gil(&self) {
        self.gil.take_gil(self.gil_thread());
    }

    /// Releases the GIL held by this thread (with the forced-switch wait if
    /// another thread asked for it).
    pub(crate) fn drop_gil(&self) {
        self.gil.drop_gil(self.gil_thread());
    }

    /// True if this thread may touch values now.
    pub fn holds_gil(&self) -> bool {
        self.gil.is_held_by(self.gil_thread())
    }

    /// `thread.get_ident()` of this thread (small, unique per interpreter).
    pub fn thread_ident(&self) -> u64 {
        self.ident
    }

    /// The ident of the interpreter's main thread.
    pub fn main_thread_ident(&self) -> u64 {
        self.state.threads.main_ident.load(Ordering::Relaxed)
    }

    /// True in the interpreter's main thread (the one that gets Ctrl-C).
    pub fn is_main_thread(&self) -> bool {
        self.is_main
    }

    /// The next default thread number (`Thread-N`).
    pub fn next_thread_number(&self) -> u64 {
        self.state.threads.next_thread_number()
    }

    /// A `Send` checker for a pending Ctrl-C, for waits without the GIL.
    pub fn interrupt_check(&self) -> InterruptCheck {
        InterruptCheck {
            gil: self.gil.clone(),
            limits: self.state.config.limits.clone(),
            is_main: self.is_main,
        }
    }

    /// A handle that interrupts this interpreter's main thread.
    pub fn interrupt_handle(&self) -> InterruptHandle {
        InterruptHandle::new(self.gil.clone(), self.state.config.limits.clone())
    }

    /// Per-interpreter state of type `T`, made on first use (the thread
    /// module's registry, ...).
    pub fn extension<T: Any + Send + Sync + Default>(&self) -> Arc<T> {
        let mut ext = self.state.threads.extensions.lock();
        let slot = ext
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Arc::new(T::default()) as Arc<dyn Any + Send + Sync>)
            .clone();
        drop(ext);
        slot.downcast::<T>().expect("extension slot holds its type")
    }

    /// Registers what to do when a host thread attaches to this
    /// interpreter for a scope (an
    /// [`InterpreterHandle`](crate::InterpreterHandle)) and when it
    /// detaches, both on that thread's `Vm` with the GIL held: each scope
    /// is a thread of its own to the script, so a module that keeps
    /// per-thread records (the `thread` module: the deadlock detector's
    /// threads, `local` values freed at a thread's end) starts and ends
    /// one. Registering the same pair again does nothing.
    pub fn add_host_thread_hooks(&self, attach: fn(&mut Vm), detach: fn(&mut Vm)) {
        let mut hooks = self.state.threads.host_hooks.lock();
        let same = |h: &HostThreadHooks| {
            std::ptr::fn_addr_eq(h.attach, attach) && std::ptr::fn_addr_eq(h.detach, detach)
        };
        if !hooks.iter().any(same) {
            hooks.push(HostThreadHooks { attach, detach });
        }
    }

    /// A `Vm` for a host thread attaching to the interpreter of `state` for
    /// one GIL scope: a thread of the interpreter with its own ident,
    /// registered with the GIL under a reused `Host-N` row. It does not
    /// hold the GIL yet.
    pub(crate) fn for_host_thread(state: Arc<super::InterpState>) -> Vm {
        let gil = state.config.gil.clone();
        let gil_thread = gil.register_host_thread();
        let ident = state.threads.new_ident();
        let caches = state.threads.spare_caches.lock().pop();
        Vm {
            caches: caches.unwrap_or_else(super::cache::VmCaches::new),
            state,
            depth: 0,
            cur_exc: None,
            frame_ctx: None,
            gil,
            gil_thread: Some(gil_thread),
            ident,
            is_main: false,
            gc_attached: false,
            limits: Default::default(),
        }
    }

    /// The start of a host thread's scope, once it holds the GIL: the
    /// attach hooks.
    pub(crate) fn attach_host_thread(&mut self) {
        let hooks = self.state.threads.host_hooks.lock().clone();
        for h in hooks {
            let _ = self.catch_panic("a host thread's attach hook", |vm| {
                (h.attach)(vm);
                Ok(())
            });
        }
    }

    /// The end of a host thread's scope, before its `Vm` drops (GIL held):
    /// the detach hooks, last registered first.
    pub(crate) fn detach_host_thread(&mut self) {
        let hooks = self.state.threads.host_hooks.lock().clone();
        for h in hooks.into_iter().rev() {
            let _ = self.catch_panic("a host thread's detach hook", |vm| {
                (h.detach)(vm);
                Ok(())
            });
        }
        let caches = std::mem::replace(&mut self.caches, super::cache::VmCaches::empty());
        let mut spare = self.state.threads.spare_caches.lock();
        // As many as host threads are attached at once, at most.
        if spare.len() < SPARE_CACHES_MAX {
            spare.push(caches);
        }
    }

    /// Starts an OS thread (big stack, named `name`) that runs `f` with its
    /// own `Vm` while holding the GIL, then releases it. Values moved into
    /// `f` are touched only once the new thread holds the GIL. The new
    /// thread's GIL registration exists when this returns.
    pub fn spawn_thread(
        &self,
        name: &str,
        f: impl FnOnce(&mut Vm) + Send + 'static,
    ) -> std::io::Result<SpawnedThread> {
        let vm = self.new_thread_named(name);
        let ident = vm.ident;
        let handle = Vm::spawn_prepared(vm, f)?;
        Ok(SpawnedThread { ident, handle })
    }

    /// As [`Vm::spawn_thread`], with a `Vm` made beforehand by
    /// [`Vm::new_thread_named`] (so its ident can be registered before the
    /// thread runs). The OS thread is named after the GIL registration.
    pub fn spawn_prepared(
        vm: Vm,
        f: impl FnOnce(&mut Vm) + Send + 'static,
    ) -> std::io::Result<std::thread::JoinHandle<()>> {
        let name = os_thread_name(&vm.gil.thread_name(vm.gil_thread()));
        std::thread::Builder::new()
            .name(name)
            .stack_size(THREAD_STACK_SIZE)
            .spawn(move || {
                super::call::set_stack_base(THREAD_STACK_SIZE);
                let mut vm = vm;
                let _runs = RunsMark::enter(vm.interpreter_id());
                vm.take_gil();
                vm.gc_attached = crate::gc::attach_thread(&vm.state.gc, &vm.gil);
                // `f` should catch its own panics (`Vm::catch_panic`, to
                // report them as exceptions and mark the thread finished);
                // this is the last line: never let one unwind past the
                // thread's registration, or take the process down.
                if let Err(payload) =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&mut vm)))
                {
                    let e = super::call::panic_error("a thread", payload.as_ref());
                    crate::io::write_stderr(&format!("conc: thread ended by {e:?}\n"));
                }
                // `vm` drops here: its values go while the GIL is held,
                // then its registration ends (releasing the GIL).
            })
    }

    /// Sleeps with the GIL released; a termination by the host ends it
    /// within [`INTERRUPT_POLL`] in any thread; in the main thread a signal
    /// runs its handler within [`INTERRUPT_POLL`] (Ctrl-C ends the sleep with
    /// `KeyboardInterrupt`; a handler that returns lets it go on).
    pub fn sleep(&mut self, d: Duration) -> PyResult<()> {
        let check = self.interrupt_check();
        if d.is_zero() {
            // `sleep(0)`: give other threads a turn.
            if let Some(t) = &self.gil_thread {
                self.gil.yield_gil(t);
            }
            return self.check_signals();
        }
        let deadline = Instant::now().checked_add(d);
        loop {
            let check = check.clone();
            let interrupted = self.allow_threads_because("sleep", move || loop {
                if check.pending() {
                    return true;
                }
                let now = Instant::now();
                let left = match deadline {
                    Some(end) if now >= end => return false,
                    Some(end) => end - now,
                    None => INTERRUPT_POLL,
                };
                // In slices in every thread: a termination ends any
                // thread's sleep.
                std::thread::sleep(left.min(INTERRUPT_POLL));
            });
            if !interrupted {
                return Ok(());
            }
            // As in CPython (PEP 475): the signal's handler runs, and if it
            // returns normally the sleep goes on until its deadline.
            self.check_signals()?;
        }
    }

    /// The interpreter is about to exit: if the `threading` module was
    /// imported, runs its `_shutdown()` (waits for the non-daemon threads,
    /// as CPython does), then the `atexit` functions if that module was
    /// imported. Call in the main thread.
    pub fn finalize_threads(&mut self) -> PyResult<()> {
        let joined = self.call_module_hook(&["thread", "threading"], "_shutdown");
        let exits = self.call_module_hook(&["atexit"], "_run_exitfuncs");
        joined.and(exits)
    }

    /// Calls `module.hook()` for the first of `modules` that is imported.
    fn call_module_hook(&mut self, modules: &[&str], hook: &str) -> PyResult<()> {
        let module = match self.state.modules.as_obj().map(|o| &**o) {
            Some(Object::Dict(d)) => {
                let d = d.borrow();
                modules.iter().find_map(|m| d.get_str(m).cloned())
            }
            _ => None,
        };
        let Some(module) = module else {
            return Ok(());
        };
        match self.get_attr_opt(&module, hook)? {
            Some(f) => self.call(&f, &[]).map(|_| ()),
            None => Ok(()),
        }
    }

    /// The error that ends a wait a signal interrupted: what the signal's
    /// handler raised (`KeyboardInterrupt` for Ctrl-C by default), or
    /// `KeyboardInterrupt` when the handler returned normally, since the
    /// interrupted wait is not resumed.
    pub fn interrupted_error(&mut self) -> Error {
        match self.check_signals() {
            Err(e) => e,
            Ok(()) => Error::new(ExcKind::KeyboardInterrupt, ""),
        }
    }
}

impl Drop for Vm {
    fn drop(&mut self) {
        // Values owned by this thread's state go first, while this thread
        // may still hold the GIL; then the registration ends (releasing it).
        // The thread's queues of dropped generators and weakref callbacks
        // too, if this is the `Vm` its thread runs (the one attached to the
        // collector, not one made here for a thread that never started):
        // their thread-locals would be freed without the GIL. Dropping one
        // may queue more.
        if self.gc_attached {
            while super::generator::discard_dropped() | super::weak_callbacks::discard_pending() {}
        }
        self.cur_exc = None;
        self.frame_ctx = None;
        self.caches = super::cache::VmCaches::empty();
        if std::mem::take(&mut self.gc_attached) {
            crate::gc::detach_thread();
        }
        if let Some(t) = self.gil_thread.take() {
            self.gil.unregister_thread(t);
        }
    }
}

/// Linux limits thread names to 15 bytes; keep the informative start.
fn os_thread_name(name: &str) -> String {
    let mut end = name.len().min(15);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    name[..end].to_string()
}
