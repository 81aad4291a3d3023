//! Weak reference callbacks run at their object's death (`weakref.ref(obj,
//! callback)`, and `weakref.finalize` built on it).
//!
//! An object dies inside `Drop for Object` (`object/trashcan.rs`), often
//! while the dropping code holds a Rust borrow (a list being cleared, a
//! dict entry being replaced), so no script code may run there. The
//! registry maps a watched object's address to the weak references to
//! notify (held weakly: a reference that dies first is never called, as in
//! CPython); the death moves the live ones to a per-thread queue and sets
//! `WEAKREF_CALLBACKS` in the eval breaker, and the dropping thread calls
//! each reference's `__callback__` with the reference at its next poll
//! point (a call or a backward jump), as dropped generators are closed.
//!
//! The address is unique while it matters: the watching reference's
//! `WeakRef` keeps the allocation, so no other object takes its address
//! while a watcher lives. Objects that nobody watches cost one relaxed load
//! when they die.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};

use parking_lot::Mutex;

use crate::object::Object;
use crate::sync::{Ref, WeakRef};
use crate::value::{ObjRef, Value};

use super::Vm;

/// The weak reference to notify and the interpreter whose breaker to set.
struct Watcher {
    reference: WeakRef<Object>,
    gil: Arc<crate::gil::Gil>,
}

/// How many objects have watchers (the fast test in `object_died`).
static WATCHED: AtomicUsize = AtomicUsize::new(0);

static REGISTRY: LazyLock<Mutex<HashMap<usize, Vec<Watcher>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

thread_local! {
    /// References whose objects died on this thread, to call back.
    static PENDING: RefCell<Vec<Value>> = const { RefCell::new(Vec::new()) };
}

/// Calls `reference.__callback__(reference)` once `referent` dies.
pub fn watch(vm: &Vm, referent: &ObjRef, reference: &ObjRef) {
    let addr = &**referent as *const Object as usize;
    let mut registry = REGISTRY.lock();
    let watchers = registry.entry(addr).or_insert_with(|| {
        WATCHED.fetch_add(1, Ordering::Relaxed);
        Vec::new()
    });
    watchers.push(Watcher {
        reference: Ref::downgrade(reference),
        gil: vm.gil.clone(),
    });
}

/// The object at `addr` is being dropped: queues its live watchers'
/// callbacks for this thread's next poll point.
#[inline]
pub(crate) fn object_died(addr: usize) {
    if WATCHED.load(Ordering::Relaxed) == 0 {
        return;
    }
    queue_watchers(addr);
}

#[cold]
#[inline(never)]
fn queue_watchers(addr: usize) {
    let watchers = {
        let mut registry = REGISTRY.lock();
        let w = registry.remove(&addr);
        if w.is_some() {
            WATCHED.fetch_sub(1, Ordering::Relaxed);
        }
        w
    };
    // The lock is released before anything here can drop an object.
    // The newest watcher first, as CPython calls them.
    for w in watchers.into_iter().flatten().rev() {
        let Some(reference) = w.reference.upgrade() else {
            continue;
        };
        let mut item = Some(Value::Obj(reference));
        let _ = PENDING.try_with(|q| q.borrow_mut().extend(item.take()));
        if item.is_none() {
            w.gil.eval_breaker().set(super::breaker::WEAKREF_CALLBACKS);
        }
        // Else the thread is exiting: the callback is dropped unrun.
    }
}

/// Drops, uncalled, the weak references whose callbacks this thread has
/// not run yet; true if there were any. Called when the thread's `Vm`
/// ends, with the GIL held (see `generator::discard_dropped`).
pub(crate) fn discard_pending() -> bool {
    let batch = PENDING
        .try_with(|q| std::mem::take(&mut *q.borrow_mut()))
        .unwrap_or_default();
    let any = !batch.is_empty();
    drop(batch);
    any
}

/// Takes this thread's pending callbacks out while a host thread attaches
/// to another interpreter (see `generator::set_aside_dropped`).
pub(crate) fn set_aside_pending() -> Vec<Value> {
    PENDING
        .try_with(|q| std::mem::take(&mut *q.borrow_mut()))
        .unwrap_or_default()
}

/// Puts back what [`set_aside_pending`] took.
pub(crate) fn put_back_pending(pending: Vec<Value>) {
    if pending.is_empty() {
        return;
    }
    let mut pending = Some(pending);
    let _ = PENDING.try_with(|q| {
        let mut q = q.borrow_mut();
        let mut all = pending.take().unwrap_or_default();
        all.append(&mut q);
        *q = all;
    });
}

impl Vm {
    /// Runs the callbacks of the weak references whose objects died on
    /// this thread, in the order they died. An error is reported to
    /// stderr, not raised, as CPython does.
    pub(crate) fn run_weakref_callbacks(&mut self) {
        while let Some(reference) = PENDING.with(|q| {
            let mut q = q.borrow_mut();
            (!q.is_empty()).then(|| q.remove(0))
        }) {
            let callback = match self.get_attr(&reference, "__callback__") {
                Ok(cb) if !cb.is_none() => cb,
                _ => continue,
            };
            if let Err(e) = self.call(&callback, std::slice::from_ref(&reference)) {
                let exc = self.materialize(e);
                let text = self.format_exception(&exc);
                let what = crate::ops::repr(self, &callback).unwrap_or_default();
                crate::io::flush_stdout();
                crate::io::write_stderr(&format!("Exception ignored in: {what}\n{text}"));
            }
        }
    }
}
