//! [`Owned`]: a reference to a conc object that the host may keep, store
//! and send between its threads, outside any GIL scope.
//!
//! Reference counts under the GIL are plain loads and stores (see
//! `sync.rs`), so a count may change only on a thread that holds the GIL.
//! An `Owned` therefore never touches its count on its own: cloning it
//! takes the token ([`Owned::clone_ref`]), and dropping it without the
//! token does not release the object but queues it in its interpreter's
//! [`ReleasePool`]; the next thread that enters a GIL scope of that
//! interpreter (or the interpreter's end) releases what is queued. This is
//! PyO3's deferred decref, per interpreter.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use parking_lot::Mutex;

use super::{Bound, Gil};
use crate::value::Value;
use crate::vm::Vm;

/// Objects whose [`Owned`] handles were dropped without the GIL, waiting
/// for a thread of their interpreter that holds it. One per interpreter,
/// so it also tells which interpreter a handle belongs to.
pub struct ReleasePool {
    /// The interpreter's number (`Vm::interpreter_id`).
    interpreter: u64,
    pending: Mutex<Vec<Value>>,
    /// Set when `pending` may be non-empty: entering a GIL scope costs one
    /// load when nothing waits.
    dirty: AtomicBool,
}

impl ReleasePool {
    pub(crate) fn new(interpreter: u64) -> ReleasePool {
        ReleasePool {
            interpreter,
            pending: Mutex::new(Vec::new()),
            dirty: AtomicBool::new(false),
        }
    }

    /// Queues a value; moving it does not touch its count.
    fn defer(&self, value: Value) {
        self.pending.lock().push(value);
        self.dirty.store(true, Ordering::Release);
    }

    /// Releases the queued values. `&mut Vm` is the proof that this thread
    /// holds the GIL of the interpreter the pool belongs to.
    pub(crate) fn release(&self, _vm: &mut Vm) {
        // A load first: every scope and host-function call comes here,
        // and a swap would write the shared line each time.
        if !self.dirty.load(Ordering::Relaxed) || !self.dirty.swap(false, Ordering::Acquire) {
            return;
        }
        let values = std::mem::take(&mut *self.pending.lock());
        // Dropped after the mutex is released: freeing a big structure
        // takes a while.
        drop(values);
    }
}

impl Drop for ReleasePool {
    fn drop(&mut self) {
        // The pool outlived its interpreter (an `Owned` dropped after it):
        // no thread will hold that GIL again, and dropping here could race
        // a thread of the interpreter that is still winding down. Leaking
        // is the safe choice.
        std::mem::forget(std::mem::take(self.pending.get_mut()));
    }
}

/// A strong reference to a conc object, independent of any GIL scope:
/// `Send` and `Sync`, so the host may keep it in its own structures and
/// hand it to other threads. Reading or using the object needs the token:
/// [`Owned::bind`] gives a [`Bound`] for the scope. An `Owned` is not
/// `Clone` ([`Owned::clone_ref`] takes the token); dropping one anywhere is
/// safe (see the module comment). An `Owned` belongs to the interpreter
/// that made it: objects never cross interpreters (each has its own GIL,
/// so two threads could change one count at once), and binding it in
/// another one panics, naming both.
///
/// ```
/// use conc_interp::{Interpreter, Owned};
///
/// let mut interp = Interpreter::new(Default::default());
/// interp.run_source("def shout(s):\n    return s.upper() + '!'\n", "app.conc").unwrap();
/// // Kept across GIL scopes, and sent to another host thread and back.
/// let shout: Owned = interp.get_global("shout").unwrap();
/// let shout = std::thread::spawn(move || shout).join().unwrap();
/// let text: String = interp.with_gil(|gil| {
///     shout.bind(gil).call(("hey",))?.extract()
/// }).unwrap();
/// assert_eq!(text, "HEY!");
/// drop(shout); // without the GIL: queued, released at the next scope
/// ```
pub struct Owned {
    value: Value,
    pool: Arc<ReleasePool>,
}

impl Owned {
    pub(crate) fn new(value: Value, pool: Arc<ReleasePool>) -> Owned {
        Owned { value, pool }
    }

    /// The object, bound to the GIL scope of `gil`.
    ///
    /// # Panics
    ///
    /// If the object belongs to another interpreter than `gil`'s.
    pub fn bind<'g>(&self, gil: Gil<'g>) -> Bound<'g> {
        self.check(gil);
        Bound::new(gil, self.value.clone())
    }

    /// [`Owned::bind`], consuming the handle (no count changes).
    pub fn into_bound(mut self, gil: Gil<'_>) -> Bound<'_> {
        self.check(gil);
        Bound::new(gil, std::mem::replace(&mut self.value, Value::None))
    }

    /// Another handle to the same object.
    ///
    /// ```
    /// use conc_interp::{Interpreter, Owned};
    ///
    /// let mut interp = Interpreter::new(Default::default());
    /// let a: Owned = interp.eval("[1, 2]").unwrap();
    /// let b = interp.with_gil(|gil| a.clone_ref(gil));
    /// assert!(interp.with_gil(|gil| a.bind(gil).is(&b.bind(gil))));
    /// ```
    pub fn clone_ref(&self, gil: Gil<'_>) -> Owned {
        self.bind(gil).unbind()
    }

    /// Drops the handle now (with the GIL) rather than at the next scope.
    pub fn release(self, gil: Gil<'_>) {
        drop(self.into_bound(gil));
    }

    /// The number of the interpreter it belongs to
    /// ([`Interpreter::id`](crate::Interpreter::id)).
    pub fn interpreter_id(&self) -> u64 {
        self.pool.interpreter
    }

    /// Whether it belongs to the interpreter of `gil`.
    pub(crate) fn belongs_to(&self, gil: Gil<'_>) -> bool {
        gil.owns(&self.pool)
    }

    fn check(&self, gil: Gil<'_>) {
        if !self.belongs_to(gil) {
            panic!(
                "an Owned handle of interpreter {} was bound in interpreter {}: \
                 objects never cross interpreters",
                self.interpreter_id(),
                gil.interpreter_id()
            );
        }
    }

    /// The object, for the VM (an error travelling back into a script).
    /// `None` if it belongs to another interpreter than `vm`'s.
    pub(crate) fn into_value(mut self, vm: &Vm) -> Option<Value> {
        if !Arc::ptr_eq(&self.pool, &vm.state().releases) {
            return None;
        }
        Some(std::mem::replace(&mut self.value, Value::None))
    }

    /// The object, read by a thread holding `vm`'s GIL.
    pub(crate) fn value_in(&self, vm: &Vm) -> Option<&Value> {
        Arc::ptr_eq(&self.pool, &vm.state().releases).then_some(&self.value)
    }
}

impl Owned {
    /// The class name of an exception object, read from what a class never
    /// changes after creation (safe without the GIL).
    pub(crate) fn class_name(&self) -> String {
        crate::error::object_class_name(&self.value)
    }
}

impl Drop for Owned {
    fn drop(&mut self) {
        // Immediates (None, bools, small ints, floats) carry no count.
        if matches!(self.value, Value::Obj(_)) {
            let value = std::mem::replace(&mut self.value, Value::None);
            self.pool.defer(value);
        }
    }
}

/// Shows no part of the object: reading it needs the GIL.
impl std::fmt::Debug for Owned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Owned(..)")
    }
}
