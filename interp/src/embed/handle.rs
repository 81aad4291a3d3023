//! [`InterpreterHandle`]: host threads taking an interpreter's GIL on
//! their own thread, as script threads do (CPython's `PyGILState_Ensure`).

use std::sync::{Arc, Weak};

use super::Gil;
use crate::error::{Error, ExcKind};
use crate::vm::call::{measure_host_stack, restore_stack_measure};
use crate::vm::threads::{runs_interpreter, RunsMark};
use crate::vm::{InterpState, Vm};

/// A `Send + Sync + Clone` handle to an interpreter
/// ([`Interpreter::handle`](crate::Interpreter::handle)) through which any
/// host thread enters a GIL scope *on its own thread*:
/// [`InterpreterHandle::with_gil`] attaches the calling OS thread as a
/// thread of the interpreter (its own thread state, sharing the
/// interpreter's modules and objects, like a `threading.Thread`), takes
/// the GIL, runs the closure with the token, and detaches again, which
/// releases the GIL. Several host threads, the interpreter's main thread
/// and the script's threads take turns under the GIL (the switch
/// interval applies to all of them alike); without a GIL
/// ([`Config::gil`](crate::Config::gil) false) host threads run in
/// parallel with the others. Nothing goes through the interpreter's main
/// thread: the [`Interpreter`](crate::Interpreter) may be busy with a
/// call of its own meanwhile.
///
/// ```
/// use conc_interp::{Error, Interpreter};
///
/// let mut interp = Interpreter::new(Default::default());
/// interp.run_source("def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n", "fib.conc")?;
/// let handle = interp.handle();
/// let workers: Vec<_> = (20..23)
///     .map(|n| {
///         let handle = handle.clone();
///         std::thread::spawn(move || {
///             handle.with_gil(|gil| gil.global("fib")?.call((n,))?.extract::<i64>())
///         })
///     })
///     .collect();
/// let fibs: Vec<i64> = workers.into_iter().map(|w| w.join().unwrap()).collect::<Result<_, _>>()?;
/// assert_eq!(fibs, [6765, 10946, 17711]);
/// # Ok::<(), Error>(())
/// ```
///
/// What a host thread is to the script while attached:
/// - a thread of its own for each scope: a new `thread.get_ident()`, a
///   `thread.local` starting empty (freed when the scope ends),
///   `threading.current_thread()` a dummy thread, not listed by
///   `threading.enumerate()` (as in CPython for threads it did not start);
/// - in the GIL statistics and trace a row `Host-N`, alive only while
///   attached; rows are reused, so there are as many as host threads were
///   ever attached at once, not one per scope;
/// - its conc code measures the Rust stack the thread really has (asked of
///   the OS), so deep recursion on a small host stack ends in
///   `RecursionError`, never in a stack overflow — give such threads a
///   bigger stack (`std::thread::Builder::stack_size`) for deep scripts;
/// - a scope does not start a run of [`Config`](crate::Config)'s limits:
///   its code counts against the operation budget of the interpreter's
///   current run, and a termination in force
///   ([`InterruptHandle::terminate`](crate::InterruptHandle::terminate))
///   ends it too, until the host's next run through the `Interpreter`;
///   `KeyboardInterrupt` goes to the main thread only.
#[derive(Clone)]
pub struct InterpreterHandle {
    // Weak: a handle does not keep a dropped interpreter alive. A host
    // thread attached when the interpreter goes keeps its state until the
    // scope ends, like a script thread still running.
    state: Weak<InterpState>,
    id: u64,
}

impl std::fmt::Debug for InterpreterHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InterpreterHandle")
            .field("id", &self.id)
            .finish()
    }
}

impl InterpreterHandle {
    pub(crate) fn new(state: Weak<InterpState>, id: u64) -> InterpreterHandle {
        InterpreterHandle { state, id }
    }

    /// The number of the interpreter
    /// ([`Interpreter::id`](crate::Interpreter::id)).
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Runs `f` in a GIL scope on the calling thread (see the type's
    /// documentation). The closure and its result need not be `Send`:
    /// nothing leaves the thread. Values made in the scope
    /// ([`Bound`](crate::Bound)) stay in it, as with
    /// [`Interpreter::with_gil`](crate::Interpreter::with_gil).
    ///
    /// # Panics
    ///
    /// When [`InterpreterHandle::try_with_gil`] fails: the interpreter is
    /// gone, or this thread already runs its code.
    pub fn with_gil<R, F>(&self, f: F) -> R
    where
        R: Send,
        F: for<'g> FnOnce(Gil<'g>) -> R,
    {
        match self.try_with_gil(f) {
            Ok(r) => r,
            Err(e) => panic!("InterpreterHandle::with_gil: {e}"),
        }
    }

    /// [`InterpreterHandle::with_gil`], or a `RuntimeError` without
    /// running `f` when the interpreter has been dropped (and no thread of
    /// it runs any more), or when this thread already runs code of this
    /// interpreter — it is the interpreter's main thread or a script
    /// thread (say, in a host function), or inside a scope of this handle
    /// already, where the GIL it would wait for is its own: use the token
    /// at hand instead.
    ///
    /// ```
    /// use conc_interp::{Error, Gil, Interpreter};
    ///
    /// let mut interp = Interpreter::new(Default::default());
    /// let handle = interp.handle();
    /// let inner = handle.clone();
    /// interp.register_fn_with_gil("nested", move |_gil: Gil<'_>| {
    ///     // The script's thread holds this interpreter's GIL already.
    ///     Ok::<_, Error>(inner.try_with_gil(|_| ()).unwrap_err().to_string())
    /// })?;
    /// let msg: String = interp.eval("nested()")?;
    /// assert!(msg.starts_with("RuntimeError: this thread already runs code of interpreter"));
    /// drop(interp);
    /// assert!(handle.try_with_gil(|_| ()).is_err());
    /// # Ok::<(), Error>(())
    /// ```
    pub fn try_with_gil<R, F>(&self, f: F) -> Result<R, Error>
    where
        R: Send,
        F: for<'g> FnOnce(Gil<'g>) -> R,
    {
        if runs_interpreter(self.id) {
            return Err(Error::new(
                ExcKind::RuntimeError,
                format!(
                    "this thread already runs code of interpreter {} (use the GIL token it has)",
                    self.id
                ),
            ));
        }
        let Some(state) = self.state.upgrade() else {
            return Err(Error::new(
                ExcKind::RuntimeError,
                format!("interpreter {} is gone", self.id),
            ));
        };
        let attached = Attached::new(state, self.id);
        let r = attached.run(f);
        Ok(r)
    }
}

/// A host thread attached to an interpreter for one scope. Dropping it
/// (also while unwinding from a panic in the scope) detaches the thread:
/// its `Vm` goes with the GIL held, then the registration ends, releasing
/// the GIL, and what the thread had before the scope is put back.
struct Attached {
    vm: Option<Vm>,
    stack: (usize, usize),
    aside: Option<SetAside>,
    _runs: RunsMark,
}

/// The per-thread state of conc code a thread may hold for another
/// interpreter whose code it runs around this scope (a host function of
/// one calling into another): the collector's registration and the
/// queues of dropped generators and weakref callbacks. Set aside for the
/// scope, so that this interpreter neither registers into the other's
/// heap nor closes or discards the other's objects.
struct SetAside {
    young: crate::gc::SetAside,
    generators: (Vec<crate::value::Value>, bool),
    callbacks: Vec<crate::value::Value>,
}

impl Attached {
    fn new(state: Arc<InterpState>, id: u64) -> Attached {
        let runs = RunsMark::enter(id);
        let stack = measure_host_stack();
        // Only moved aside and back: no count changes without a GIL.
        let aside = SetAside {
            young: crate::gc::set_aside(),
            generators: crate::vm::generator::set_aside_dropped(),
            callbacks: crate::vm::weak_callbacks::set_aside_pending(),
        };
        let mut vm = Vm::for_host_thread(state);
        vm.take_gil();
        vm.gc_attached = crate::gc::attach_thread(&vm.state.gc, &vm.gil);
        vm.attach_host_thread();
        Attached {
            vm: Some(vm),
            stack,
            aside: Some(aside),
            _runs: runs,
        }
    }

    fn run<R>(mut self, f: impl for<'g> FnOnce(Gil<'g>) -> R) -> R {
        let vm = self.vm.as_mut().expect("attached until dropped");
        Gil::enter(vm, f)
    }
}

impl Drop for Attached {
    fn drop(&mut self) {
        if let Some(mut vm) = self.vm.take() {
            vm.detach_host_thread();
            // Objects of the host's handles dropped meanwhile go while the
            // GIL is still held.
            let pool = vm.state().releases.clone();
            pool.release(&mut vm);
            drop(vm);
        }
        if let Some(aside) = self.aside.take() {
            crate::gc::put_back(aside.young);
            crate::vm::generator::put_back_dropped(aside.generators);
            crate::vm::weak_callbacks::put_back_pending(aside.callbacks);
        }
        restore_stack_measure(self.stack);
        // The host may exit right after: never leave script output
        // buffered (flushed without the GIL, as the main thread does).
        crate::io::flush_stdout();
    }
}
