//! The `lock` module (also exported through `threading`): `Lock`, `RLock`,
//! `Semaphore`, `BoundedSemaphore`, `Condition`, `Event`, `Barrier`, and the
//! exceptions `BrokenBarrierError` and `DeadlockError` (both subclasses of
//! `RuntimeError`).
//!
//! Each script object is a native class whose payload is one of the Rust
//! primitives of [`crate::blocking`]; this file and `lock/*.rs` only parse
//! arguments and map errors. Every wait releases the GIL, honours its
//! timeout, and lets Ctrl-C interrupt the main thread (the primitives do it
//! through [`VmBlocker`] / [`CellBlocker`]).
//!
//! Every object records where the script created it ("Lock at
//! philosophers.conc:7", from [`Vm::caller_location`]) for deadlock reports:
//! the classes are marked with [`Vm::want_caller_location`].
//!
//! Shared with the `queue` and `thread` modules: [`block_err`] (a
//! [`BlockError`] as a conc exception — `DeadlockError`, `queue.Empty`, ...)
//! and [`CellBlocker`], the blocker to use when the operation also runs
//! script code (a priority queue's `<`, a barrier's action, a `wait_for`
//! predicate), which needs `&mut Vm` while the wait holds the blocker.

mod cond;
mod prims;

use std::cell::RefCell;

use conc_interp::object::{Args, NativeFnPtr};
use conc_interp::prelude::*;
use conc_interp::vm::threads::InterruptCheck;

use crate::blocking::{self, BlockError, Blocker, Interrupted, ThreadId};
use crate::util::{arg, float_arg};

/// Exceptions, and properties of the native classes, in conc.
const SOURCE: &str = r#"
class BrokenBarrierError(RuntimeError):
    """A Barrier was broken (aborted, reset, or a wait timed out)."""


class DeadlockError(RuntimeError):
    """Every live thread is blocked for good; the message says on what."""


Barrier.parties = property(Barrier._parties)
Barrier.n_waiting = property(Barrier._n_waiting)
Barrier.broken = property(Barrier._broken)
Semaphore._value = property(Semaphore._get_value)
Condition._lock = property(Condition._get_lock)
"#;

/// How many objects each creation site ("Lock at x.conc:7") has made.
#[derive(Default)]
struct Sites(std::sync::Mutex<std::collections::HashMap<String, u64>>);

/// A description for deadlock reports: "Lock at file.conc:7" (the base
/// name of the script file and the line of the call that created it). The
/// second and later objects made at the same place (in a loop, a
/// comprehension, an `__init__`) are told apart by a number: "Lock at
/// file.conc:7 (#2)".
pub fn describe(vm: &Vm, kind: &str) -> String {
    let Some((file, line)) = vm.caller_location() else {
        return kind.to_string();
    };
    let base = std::path::Path::new(&*file)
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.to_string());
    let desc = format!("{kind} at {base}:{line}");
    let sites = vm.extension::<Sites>();
    let mut map = sites.0.lock().unwrap_or_else(|e| e.into_inner());
    let n = map.entry(desc.clone()).or_insert(0);
    *n += 1;
    if *n == 1 {
        desc
    } else {
        format!("{desc} (#{n})")
    }
}

/// `module.name` (an exception class defined by the lock or queue module),
/// called with `args`, as an error.
fn module_exc(vm: &mut Vm, module: &str, name: &str, args: &[Value], fallback: ExcKind) -> Error {
    let cls = vm.import_module(module).and_then(|m| vm.get_attr(&m, name));
    let msg = args
        .first()
        .and_then(|a| a.as_str())
        .unwrap_or("")
        .to_string();
    match cls.and_then(|c| vm.call(&c, args)) {
        Ok(exc) => Error::Obj(exc),
        Err(_) => Error::new(fallback, msg),
    }
}

/// Maps a failure of a blocking primitive to a conc exception.
pub fn block_err(vm: &mut Vm, e: BlockError) -> Error {
    match e {
        BlockError::Interrupted => match vm.check_signals() {
            Err(e) => e,
            Ok(()) => Error::new(ExcKind::KeyboardInterrupt, ""),
        },
        BlockError::Value(m) => Error::value_error(m),
        BlockError::Runtime(m) => Error::new(ExcKind::RuntimeError, m),
        BlockError::BrokenBarrier => {
            module_exc(vm, "lock", "BrokenBarrierError", &[], ExcKind::RuntimeError)
        }
        BlockError::Deadlock(report) => {
            crate::thread::note_reported(vm, &report);
            let msg = Value::string(report.to_string());
            module_exc(vm, "lock", "DeadlockError", &[msg], ExcKind::RuntimeError)
        }
        BlockError::Empty => module_exc(vm, "queue", "Empty", &[], ExcKind::Exception),
        BlockError::Full => module_exc(vm, "queue", "Full", &[], ExcKind::Exception),
        BlockError::ShutDown => module_exc(vm, "queue", "ShutDown", &[], ExcKind::Exception),
    }
}

/// The calling thread as a [`Blocker`], for operations that also run
/// script code: the `Vm` sits in a `RefCell` that the script callbacks
/// borrow mutably (with the GIL held) and the waits borrow shared (to
/// release the GIL). The primitives never run a callback inside a wait, so
/// the two borrows never overlap.
pub struct CellBlocker<'c, 'v> {
    cell: &'c RefCell<&'v mut Vm>,
    ident: ThreadId,
    check: InterruptCheck,
    /// What the thread waits on, for the GIL trace.
    reason: &'static str,
}

impl<'c, 'v> CellBlocker<'c, 'v> {
    /// The blocker of a lock-like wait.
    pub fn new(cell: &'c RefCell<&'v mut Vm>) -> CellBlocker<'c, 'v> {
        CellBlocker::because(cell, "lock")
    }

    /// The blocker of a wait on `reason` ("queue", ...).
    pub fn because(cell: &'c RefCell<&'v mut Vm>, reason: &'static str) -> CellBlocker<'c, 'v> {
        let vm = cell.borrow();
        CellBlocker {
            ident: vm.thread_ident(),
            check: vm.interrupt_check(),
            cell,
            reason,
        }
    }
}

impl Blocker for CellBlocker<'_, '_> {
    fn thread_id(&self) -> ThreadId {
        self.ident
    }

    fn allow_threads(&self, wait: &mut dyn FnMut()) {
        let vm = self.cell.borrow();
        vm.gil()
            .allow_threads_because(vm.gil_thread(), self.reason, wait);
    }

    fn check_interrupt(&self) -> Result<(), Interrupted> {
        if self.check.pending() {
            Err(Interrupted)
        } else {
            Ok(())
        }
    }
}

/// A timeout argument where `None` (or absent) waits forever and a number
/// is seconds (negative: don't wait).
pub(crate) fn opt_timeout(vm: &mut Vm, v: Option<&Value>) -> PyResult<Option<std::time::Duration>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => {
            let t = float_arg(vm, v)?;
            if t.is_nan() {
                return Err(Error::value_error("timeout must be a number"));
            }
            Ok(Some(blocking::secs(t)))
        }
    }
}

/// `self` of a method.
pub(crate) fn this<'a>(args: &Args<'a>, what: &str) -> PyResult<&'a Value> {
    args.pos()
        .first()
        .ok_or_else(|| Error::type_error(format!("descriptor '{what}' needs an argument")))
}

/// Positional `i` else keyword `name`, for methods (args[0] is self).
pub(crate) fn marg<'a>(args: &Args<'a>, i: usize, name: &str) -> Option<&'a Value> {
    arg(args, i, name)
}

/// Creates a native class whose constructor records its caller's location.
pub(crate) fn located_class(
    vm: &mut Vm,
    name: &str,
    bases: &[ObjRef],
    methods: &[(&str, NativeFnPtr)],
    init: Option<fn() -> Box<dyn std::any::Any + Send + Sync>>,
) -> ObjRef {
    let cls = vm.new_class(name, bases, methods, init);
    vm.want_caller_location(&cls);
    cls
}

/// The `lock` module.
pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("lock");
    prims::install(vm, &m);
    cond::install(vm, &m);
    crate::util::exec_in_module(vm, &m, SOURCE)?;
    crate::thread::registry(vm);
    Ok(m)
}
