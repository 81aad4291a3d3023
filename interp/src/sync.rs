//! The only place that knows whether the GIL is on.
//!
//! Two types carry every heap object of the interpreter:
//!
//! - [`Ref<T>`], the refcounted pointer. Under the GIL only one thread runs
//!   interpreter code at a time, so a count update is a plain load and store
//!   (no `lock`-prefixed read-modify-write). Without the GIL threads run in
//!   parallel and the same update is an atomic `fetch_add`/`fetch_sub`.
//!   [`WeakRef<T>`] (the `weakref` module) counts the same way: the object
//!   is dropped with its last `Ref`, its allocation with its last `WeakRef`.
//! - [`ObjCell<T>`], the interior-mutability cell of a heap object's mutable
//!   part (a list's items, a dict's table, an instance's attributes). Under the
//!   GIL it is a cell with a borrow flag that catches interpreter bugs (a
//!   re-entrant borrow) instead of allowing aliasing; without the GIL it is a
//!   per-object mutex, as in free-threaded CPython.
//!
//! A third type, [`SharedWords`], is memory shared with other processes
//! (the process module's counters): words touched only atomically.
//!
//! The mode is process-wide and chosen before the first object exists
//! ([`set_gil_enabled`]); everything else asks nothing. The counts are
//! `AtomicUsize` in both modes so the non-atomic path is still defined
//! behaviour in Rust's memory model: a load followed by a store is not a data
//! race, merely a lost update if two threads did it at once — which the GIL
//! rules out.

use std::cell::{Cell, UnsafeCell};
use std::mem::ManuallyDrop;
use std::ops::{Deref, DerefMut};
use std::ptr::NonNull;
use std::sync::atomic::{fence, AtomicBool, AtomicIsize, AtomicUsize, Ordering};

use parking_lot::lock_api::RawMutex as _;
use parking_lot::RawMutex;

static GIL_ENABLED: AtomicBool = AtomicBool::new(true);
/// Set once the first interpreter has started: the mode may no longer change.
static MODE_FROZEN: AtomicBool = AtomicBool::new(false);

/// Chooses the memory mode for the whole process. Returns false (and changes
/// nothing) if an interpreter already started in the other mode.
pub fn set_gil_enabled(enabled: bool) -> bool {
    if MODE_FROZEN.swap(true, Ordering::SeqCst) {
        return GIL_ENABLED.load(Ordering::SeqCst) == enabled;
    }
    GIL_ENABLED.store(enabled, Ordering::SeqCst);
    true
}

/// True when a global interpreter lock serializes interpreter code.
#[inline(always)]
pub fn gil_enabled() -> bool {
    GIL_ENABLED.load(Ordering::Relaxed)
}

struct RefInner<T> {
    count: AtomicUsize,
    /// The [`WeakRef`]s, plus one held by all the strong references together:
    /// the value is dropped when `count` reaches zero, the allocation when
    /// `weak` does (so a weak reference can still read `count`).
    weak: AtomicUsize,
    value: ManuallyDrop<T>,
}

/// One count update with the mode's discipline: a plain load and store under
/// the GIL, an atomic read-modify-write without it. Returns the old value.
#[inline(always)]
fn count_add(count: &AtomicUsize, delta: isize) -> usize {
    if gil_enabled() {
        let n = count.load(Ordering::Relaxed);
        count.store(n.wrapping_add_signed(delta), Ordering::Relaxed);
        n
    } else if delta >= 0 {
        count.fetch_add(delta as usize, Ordering::Relaxed)
    } else {
        let n = count.fetch_sub(delta.unsigned_abs(), Ordering::Release);
        if n == 1 {
            // Pairs with the Release of every other decrement, so their last
            // uses happen before the caller frees what the count guards.
            fence(Ordering::Acquire);
        }
        n
    }
}

/// A refcounted pointer whose count is non-atomic under the GIL and atomic
/// without it. Freed the moment the last reference goes.
pub struct Ref<T> {
    ptr: NonNull<RefInner<T>>,
}

// SAFETY: a `Ref` may move to, and be shared with, another thread because
// (a) without the GIL every count update is an atomic RMW and every mutable
// interior sits behind `ObjCell`, which is then a mutex; (b) with the GIL the
// only threads that touch a `Ref` are those holding the GIL, one at a time,
// and the GIL's acquire/release orders their accesses (happens-before), so the
// plain load/store count updates never overlap. `T: Send + Sync` is required
// so the payload itself is fit for sharing.
unsafe impl<T: Send + Sync> Send for Ref<T> {}
// SAFETY: as for `Send` above.
unsafe impl<T: Send + Sync> Sync for Ref<T> {}

impl<T> Ref<T> {
    pub fn new(value: T) -> Self {
        let boxed = Box::new(RefInner {
            count: AtomicUsize::new(1),
            weak: AtomicUsize::new(1),
            value: ManuallyDrop::new(value),
        });
        Ref {
            ptr: NonNull::from(Box::leak(boxed)),
        }
    }

    #[inline(always)]
    fn inner(&self) -> &RefInner<T> {
        // SAFETY: `ptr` came from `Box::leak` and stays allocated while any
        // `Ref` exists: this `Ref` holds one count, and the strong references
        // together hold one weak count.
        unsafe { self.ptr.as_ref() }
    }

    /// A weak reference: it does not keep the value alive, and
    /// [`WeakRef::upgrade`] gives it back while a strong reference exists.
    pub fn downgrade(this: &Self) -> WeakRef<T> {
        count_add(&this.inner().weak, 1);
        WeakRef { ptr: this.ptr }
    }

    /// True when both point at the same object (Python's `is`).
    #[inline(always)]
    pub fn ptr_eq(a: &Self, b: &Self) -> bool {
        a.ptr == b.ptr
    }

    /// The address, for `id()` and identity hashing.
    #[inline(always)]
    pub fn as_ptr(this: &Self) -> *const T {
        &*this.inner().value as *const T
    }

    /// The current count (racy without the GIL; for `sys.getrefcount` only).
    pub fn strong_count(this: &Self) -> usize {
        this.inner().count.load(Ordering::Relaxed)
    }
}

impl<T> Clone for Ref<T> {
    #[inline(always)]
    fn clone(&self) -> Self {
        let count = &self.inner().count;
        if gil_enabled() {
            // The GIL serializes every thread that touches this count.
            count.store(count.load(Ordering::Relaxed) + 1, Ordering::Relaxed);
        } else {
            count.fetch_add(1, Ordering::Relaxed);
        }
        Ref { ptr: self.ptr }
    }
}

impl<T> Drop for Ref<T> {
    #[inline(always)]
    fn drop(&mut self) {
        let count = &self.inner().count;
        let last = if gil_enabled() {
            let n = count.load(Ordering::Relaxed);
            count.store(n - 1, Ordering::Relaxed);
            n == 1
        } else if count.fetch_sub(1, Ordering::Release) == 1 {
            // Pairs with the Release of every other dropper, so their last
            // uses of the object happen before it is freed.
            fence(Ordering::Acquire);
            true
        } else {
            false
        };
        if last {
            free(self.ptr);
        }
    }
}

/// Frees an object whose last reference just went. Out of line and cold,
/// so every inlined `drop` of a `Ref` (and of a `Value`) stays a decrement
/// and a test instead of carrying the whole destructor.
#[cold]
#[inline(never)]
fn free<T>(ptr: NonNull<RefInner<T>>) {
    // SAFETY: the caller dropped the last strong reference: nobody else can
    // reach the value (a `WeakRef` reads only the counts, and `upgrade`
    // refuses a zero count), and it is dropped exactly once, here.
    unsafe { ManuallyDrop::drop(&mut (*ptr.as_ptr()).value) };
    // SAFETY: the strong references' weak count is not released yet, so
    // the allocation is live.
    if unsafe { ptr.as_ref() }.weak.load(Ordering::Relaxed) > 1 {
        // A weak reference outlives the value: its allocation stays until
        // that reference goes (the cycle collector's registries prune such
        // dead entries, scheduled by this count).
        let _ = WEAKLY_HELD_DEATHS.try_with(|n| n.set(n.get() + 1));
    }
    release_weak(ptr);
}

thread_local! {
    static WEAKLY_HELD_DEATHS: Cell<usize> = const { Cell::new(0) };
}

/// How many objects that had weak references died on this thread since the
/// last call (which resets the count).
pub fn take_weakly_held_deaths() -> usize {
    WEAKLY_HELD_DEATHS.try_with(|n| n.replace(0)).unwrap_or(0)
}

/// Drops one weak count; the last one frees the allocation.
fn release_weak<T>(ptr: NonNull<RefInner<T>>) {
    // SAFETY: the caller holds one weak count, so the allocation is live.
    let weak = unsafe { &ptr.as_ref().weak };
    if count_add(weak, -1) == 1 {
        // SAFETY: no strong and no weak reference is left, so nothing can
        // reach the allocation, which `Ref::new` made with `Box`; the value
        // inside was already dropped (`ManuallyDrop`, not dropped again).
        drop(unsafe { Box::from_raw(ptr.as_ptr()) });
    }
}

/// A reference that does not keep its object alive (Python's weakref).
pub struct WeakRef<T> {
    ptr: NonNull<RefInner<T>>,
}

// SAFETY: as for `Ref`: the counts are updated under the GIL or atomically,
// and a `WeakRef` reaches the value only through `upgrade`, i.e. as a `Ref`.
unsafe impl<T: Send + Sync> Send for WeakRef<T> {}
// SAFETY: as for `Send` above.
unsafe impl<T: Send + Sync> Sync for WeakRef<T> {}

impl<T> WeakRef<T> {
    #[inline(always)]
    fn counts(&self) -> &RefInner<T> {
        // SAFETY: this `WeakRef` holds one weak count, so the allocation is
        // live; only the counts are read through it (the value may be gone).
        unsafe { self.ptr.as_ref() }
    }

    /// The object, if a strong reference to it still exists.
    pub fn upgrade(&self) -> Option<Ref<T>> {
        let count = &self.counts().count;
        if gil_enabled() {
            let n = count.load(Ordering::Relaxed);
            if n == 0 {
                return None;
            }
            count.store(n + 1, Ordering::Relaxed);
        } else {
            let mut n = count.load(Ordering::Relaxed);
            loop {
                if n == 0 {
                    return None;
                }
                match count.compare_exchange_weak(n, n + 1, Ordering::Acquire, Ordering::Relaxed) {
                    Ok(_) => break,
                    Err(now) => n = now,
                }
            }
        }
        Some(Ref { ptr: self.ptr })
    }

    /// True while the object is alive.
    pub fn is_alive(&self) -> bool {
        self.counts().count.load(Ordering::Acquire) != 0
    }
}

impl<T> Clone for WeakRef<T> {
    fn clone(&self) -> Self {
        count_add(&self.counts().weak, 1);
        WeakRef { ptr: self.ptr }
    }
}

impl<T> Drop for WeakRef<T> {
    fn drop(&mut self) {
        release_weak(self.ptr);
    }
}

impl<T> Deref for Ref<T> {
    type Target = T;
    #[inline(always)]
    fn deref(&self) -> &T {
        &self.inner().value
    }
}

/// Interior mutability for the mutable part of a heap object.
///
/// Borrows are short: never hold one while calling back into script code or
/// while releasing the GIL (`allow_threads`). Under the GIL a violation is
/// caught by the borrow flag and reported as an interpreter bug (a panic, as
/// `RefCell` would); without the GIL the same thread locking twice would
/// deadlock, which is why the rule matters.
pub struct ObjCell<T> {
    lock: RawMutex,
    /// GIL mode only: >0 shared borrows, -1 one exclusive borrow.
    borrows: AtomicIsize,
    value: UnsafeCell<T>,
}

// SAFETY: access to `value` goes through guards that either hold `lock`
// (no GIL) or run under the GIL with the borrow flag enforcing
// shared-xor-exclusive (GIL mode), so no two threads touch it at once.
unsafe impl<T: Send> Sync for ObjCell<T> {}
// SAFETY: moving the cell moves the value; `T: Send` allows that.
unsafe impl<T: Send> Send for ObjCell<T> {}

impl<T> ObjCell<T> {
    pub const fn new(value: T) -> Self {
        ObjCell {
            lock: RawMutex::INIT,
            borrows: AtomicIsize::new(0),
            value: UnsafeCell::new(value),
        }
    }

    /// Shared access to the value.
    #[inline(always)]
    pub fn borrow(&self) -> CellRef<'_, T> {
        if gil_enabled() {
            let n = self.borrows.load(Ordering::Relaxed);
            assert!(
                n >= 0,
                "interpreter bug: object borrowed while mutably borrowed"
            );
            self.borrows.store(n + 1, Ordering::Relaxed);
        } else {
            self.lock.lock();
        }
        CellRef { cell: self }
    }

    /// Exclusive access to the value.
    #[inline(always)]
    pub fn borrow_mut(&self) -> CellMut<'_, T> {
        if gil_enabled() {
            let n = self.borrows.load(Ordering::Relaxed);
            assert!(
                n == 0,
                "interpreter bug: object mutably borrowed while borrowed"
            );
            self.borrows.store(-1, Ordering::Relaxed);
        } else {
            self.lock.lock();
        }
        CellMut { cell: self }
    }

    /// Shared access, or `None` while the value is exclusively borrowed
    /// (GIL mode) or locked by anyone (no-GIL mode). For code that must not
    /// wait, such as the cycle collector looking at objects other code may
    /// be in the middle of changing.
    pub fn try_borrow(&self) -> Option<CellRef<'_, T>> {
        if gil_enabled() {
            let n = self.borrows.load(Ordering::Relaxed);
            if n < 0 {
                return None;
            }
            self.borrows.store(n + 1, Ordering::Relaxed);
        } else if !self.lock.try_lock() {
            return None;
        }
        Some(CellRef { cell: self })
    }

    /// Exclusive access, or `None` while the value is borrowed or locked.
    pub fn try_borrow_mut(&self) -> Option<CellMut<'_, T>> {
        if gil_enabled() {
            if self.borrows.load(Ordering::Relaxed) != 0 {
                return None;
            }
            self.borrows.store(-1, Ordering::Relaxed);
        } else if !self.lock.try_lock() {
            return None;
        }
        Some(CellMut { cell: self })
    }

    /// Consumes the cell (no other reference can exist).
    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }

    /// Exclusive access through `&mut self`: no locking needed.
    pub fn get_mut(&mut self) -> &mut T {
        self.value.get_mut()
    }

    #[inline(always)]
    fn release(&self, exclusive: bool) {
        if gil_enabled() {
            let n = self.borrows.load(Ordering::Relaxed);
            self.borrows
                .store(if exclusive { 0 } else { n - 1 }, Ordering::Relaxed);
        } else {
            // SAFETY: the guard being dropped locked `lock` in `borrow` or
            // `borrow_mut` (the mode cannot change while objects exist).
            unsafe { self.lock.unlock() };
        }
    }
}

impl<T: Default> Default for ObjCell<T> {
    fn default() -> Self {
        ObjCell::new(T::default())
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for ObjCell<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ObjCell(..)")
    }
}

/// A shared borrow of an [`ObjCell`].
pub struct CellRef<'a, T> {
    cell: &'a ObjCell<T>,
}

impl<T> Deref for CellRef<'_, T> {
    type Target = T;
    #[inline(always)]
    fn deref(&self) -> &T {
        // SAFETY: the guard holds a shared borrow (GIL mode: flag > 0, so no
        // exclusive guard exists) or the object's lock (no-GIL mode).
        unsafe { &*self.cell.value.get() }
    }
}

impl<T> Drop for CellRef<'_, T> {
    #[inline(always)]
    fn drop(&mut self) {
        self.cell.release(false);
    }
}

/// An exclusive borrow of an [`ObjCell`].
pub struct CellMut<'a, T> {
    cell: &'a ObjCell<T>,
}

impl<T> Deref for CellMut<'_, T> {
    type Target = T;
    #[inline(always)]
    fn deref(&self) -> &T {
        // SAFETY: the guard holds the exclusive borrow (flag == -1) or the lock.
        unsafe { &*self.cell.value.get() }
    }
}

impl<T> DerefMut for CellMut<'_, T> {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as for `deref`; `&mut self` makes this the only live
        // reference derived from the guard.
        unsafe { &mut *self.cell.value.get() }
    }
}

impl<T> Drop for CellMut<'_, T> {
    #[inline(always)]
    fn drop(&mut self) {
        self.cell.release(true);
    }
}

/// A long-lived thread that owns a state `S` and runs closures on it for
/// callers on other threads, one at a time: the interpreter's main thread
/// (the embedding API's `with_vm`). A closure may borrow from the caller's
/// stack, as with `std::thread::scope`; [`ScopedWorker::run`] does not return
/// before the closure has run (or unwound) and been dropped.
pub struct ScopedWorker<S: 'static> {
    tx: Option<std::sync::mpsc::Sender<WorkerMsg<S>>>,
    handle: Option<std::thread::JoinHandle<()>>,
}

type WorkerJob<S> = Box<dyn FnOnce(&mut S) + Send + 'static>;

struct WorkerMsg<S> {
    // Field order matters: `job` is dropped before `done`, so a caller that
    // sees `done` disconnect knows its closure is gone (see `run`).
    job: WorkerJob<S>,
    done: std::sync::mpsc::SyncSender<std::thread::Result<()>>,
}

/// What the worker does around each closure and at the end.
pub struct WorkerHooks<S> {
    /// Before each closure (e.g. take the GIL).
    pub before: fn(&mut S),
    /// After each closure, also after a panic (e.g. drop the GIL).
    pub after: fn(&mut S),
    /// Last, before the state is dropped (e.g. take the GIL for the drop).
    pub finish: fn(&mut S),
}

impl<S: 'static> ScopedWorker<S> {
    /// Starts the worker thread; `init` makes the state on it.
    pub fn spawn(
        builder: std::thread::Builder,
        init: impl FnOnce() -> S + Send + 'static,
        hooks: WorkerHooks<S>,
    ) -> std::io::Result<ScopedWorker<S>> {
        let (tx, rx) = std::sync::mpsc::channel::<WorkerMsg<S>>();
        let handle = builder.spawn(move || {
            let mut state = init();
            while let Ok(msg) = rx.recv() {
                let WorkerMsg { job, done } = msg;
                (hooks.before)(&mut state);
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(&mut state)));
                (hooks.after)(&mut state);
                // The job was consumed (run, or dropped while unwinding)
                // before the caller is told.
                let _ = done.send(r);
            }
            (hooks.finish)(&mut state);
        })?;
        Ok(ScopedWorker {
            tx: Some(tx),
            handle: Some(handle),
        })
    }

    /// Runs `f` on the worker thread and returns its result (a panic in `f`
    /// is resumed here).
    pub fn run<'a, R: Send + 'a>(&self, f: impl FnOnce(&mut S) -> R + Send + 'a) -> R {
        let mut slot: Option<R> = None;
        let slot_ref = &mut slot;
        let job: Box<dyn FnOnce(&mut S) + Send + '_> = Box::new(move |s: &mut S| {
            *slot_ref = Some(f(s));
        });
        // SAFETY: only the lifetime bound changes (same layout). The job
        // borrows `slot` and what `f` borrows, all of which outlive this
        // call, and this call does not return (or unwind) before the job is
        // gone: the worker runs or drops the job before it sends on (or
        // drops) `done` — `WorkerMsg` drops `job` before `done`, also if the
        // message is dropped unsent or the worker thread dies — and we block
        // on `done` below; `recv` neither panics nor returns early.
        let job = unsafe { erase_job_lifetime(job) };
        let (done_tx, done_rx) = std::sync::mpsc::sync_channel(1);
        let msg = WorkerMsg { job, done: done_tx };
        let sent = match &self.tx {
            Some(tx) => tx.send(msg).map_err(|e| drop(e.0)).is_ok(),
            None => {
                drop(msg);
                false
            }
        };
        let outcome = if sent {
            done_rx.recv()
        } else {
            Err(std::sync::mpsc::RecvError)
        };
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Err(_) => panic!("the interpreter's main thread has exited"),
        }
        slot.expect("worker job ran")
    }
}

/// See the SAFETY argument in [`ScopedWorker::run`], the only caller.
unsafe fn erase_job_lifetime<'b, S>(job: Box<dyn FnOnce(&mut S) + Send + 'b>) -> WorkerJob<S> {
    // SAFETY: the caller keeps everything `job` borrows alive until the job
    // has run or been dropped.
    unsafe { std::mem::transmute::<Box<dyn FnOnce(&mut S) + Send + 'b>, WorkerJob<S>>(job) }
}

impl<S: 'static> Drop for ScopedWorker<S> {
    fn drop(&mut self) {
        drop(self.tx.take());
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

/// The lowest address of the calling thread's stack (the end it grows
/// towards), as the OS reports it: what a thread the interpreter did not
/// start (a host's) may use for conc code. `None` where it cannot be asked.
#[cfg(target_os = "linux")]
pub fn current_stack_end() -> Option<usize> {
    // SAFETY: `attr` is initialised by `pthread_getattr_np` before it is
    // read and destroyed exactly once; `pthread_self` is always valid for
    // the calling thread; the out-pointers point at live locals.
    unsafe {
        let mut attr = std::mem::MaybeUninit::<libc::pthread_attr_t>::uninit();
        if libc::pthread_getattr_np(libc::pthread_self(), attr.as_mut_ptr()) != 0 {
            return None;
        }
        let mut addr: *mut libc::c_void = std::ptr::null_mut();
        let mut size: libc::size_t = 0;
        let got = libc::pthread_attr_getstack(attr.as_ptr(), &mut addr, &mut size);
        libc::pthread_attr_destroy(attr.as_mut_ptr());
        (got == 0 && !addr.is_null()).then_some(addr as usize)
    }
}

/// See the Linux version: elsewhere the bounds are not asked for.
#[cfg(not(target_os = "linux"))]
pub fn current_stack_end() -> Option<usize> {
    None
}

/// Words of memory shared with other processes: a file (a memfd) mapped
/// `MAP_SHARED`, so every process that maps it sees the same words. They
/// are reached only as atomics, which is what makes sharing them sound.
pub struct SharedWords {
    map: memmap2::MmapRaw,
    len: usize,
}

impl SharedWords {
    /// Maps the whole of `file` (its length, rounded down to whole words).
    /// The file must never shrink while mapped: the process module creates
    /// its files at their final size and never truncates them.
    pub fn map(file: &std::fs::File) -> std::io::Result<SharedWords> {
        let map = memmap2::MmapRaw::map_raw(file)?;
        let len = map.len() / 8;
        Ok(SharedWords { map, len })
    }

    /// The `i`-th word, if the mapping has it.
    pub fn word(&self, i: usize) -> Option<&std::sync::atomic::AtomicI64> {
        if i >= self.len {
            return None;
        }
        // SAFETY: `i < len`, so the word lies inside the mapping, which is
        // page-aligned (every 8-byte word in it is aligned for AtomicI64)
        // and stays mapped while `self` lives — the returned reference
        // borrows `self`. Other processes and threads touch these words
        // only through atomic operations (this method is the only way in),
        // so no access races a non-atomic one.
        Some(unsafe {
            std::sync::atomic::AtomicI64::from_ptr(self.map.as_mut_ptr().cast::<i64>().add(i))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ref_counts_and_frees() {
        let a = Ref::new(String::from("x"));
        let b = a.clone();
        assert_eq!(Ref::strong_count(&a), 2);
        drop(b);
        assert_eq!(Ref::strong_count(&a), 1);
        assert!(Ref::ptr_eq(&a, &a.clone()));
    }

    #[test]
    fn weak_refs_outlive_the_value_not_the_allocation() {
        use std::sync::atomic::AtomicUsize;
        static DROPS: AtomicUsize = AtomicUsize::new(0);
        struct Counted(u32);
        impl Drop for Counted {
            fn drop(&mut self) {
                DROPS.fetch_add(1, Ordering::SeqCst);
            }
        }
        let a = Ref::new(Counted(7));
        let w = Ref::downgrade(&a);
        assert_eq!(w.upgrade().map(|r| r.0), Some(7));
        let w2 = w.clone();
        drop(a);
        assert_eq!(
            DROPS.load(Ordering::SeqCst),
            1,
            "the value goes with the last Ref"
        );
        assert!(w.upgrade().is_none());
        assert!(!w2.is_alive());
        drop(w);
        drop(w2);
        assert_eq!(DROPS.load(Ordering::SeqCst), 1, "and is dropped once");
    }

    #[test]
    fn cell_borrows() {
        let c = ObjCell::new(vec![1, 2]);
        c.borrow_mut().push(3);
        {
            let r1 = c.borrow();
            let r2 = c.borrow();
            assert_eq!(r1.len() + r2.len(), 6);
        }
        assert_eq!(c.borrow().len(), 3);
    }

    #[test]
    #[should_panic(expected = "interpreter bug")]
    fn reentrant_mutable_borrow_is_caught() {
        let c = ObjCell::new(0);
        let _a = c.borrow();
        let _b = c.borrow_mut();
    }

    #[test]
    fn scoped_worker_runs_borrowing_closures_and_resumes_panics() {
        let hooks = WorkerHooks::<Vec<i32>> {
            before: |v| v.push(-1),
            after: |v| v.push(-2),
            finish: |_| {},
        };
        let w = ScopedWorker::spawn(std::thread::Builder::new(), Vec::new, hooks).unwrap();
        let mut local = String::from("a");
        let n = w.run(|v: &mut Vec<i32>| {
            local.push('b');
            v.push(7);
            v.len()
        });
        assert_eq!(local, "ab");
        assert_eq!(n, 2);
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            w.run(|_: &mut Vec<i32>| -> i32 { panic!("boom") })
        }));
        assert!(caught.is_err());
        let seen = w.run(|v: &mut Vec<i32>| v.clone());
        assert_eq!(seen, vec![-1, 7, -2, -1, -2, -1]);
    }

    /// Two mappings of one file see the same words, and adds racing from
    /// many threads through both mappings lose nothing.
    #[test]
    fn shared_words_are_shared_and_atomic() {
        let path = std::env::temp_dir().join(format!("conc-shared-words-{}", std::process::id()));
        let file = std::fs::File::options()
            .create(true)
            .truncate(true)
            .read(true)
            .write(true)
            .open(&path)
            .unwrap();
        file.set_len(4096).unwrap();
        let a = super::SharedWords::map(&file).unwrap();
        let b = super::SharedWords::map(&file).unwrap();
        let _ = std::fs::remove_file(&path);
        assert!(a.word(512).is_none());
        std::thread::scope(|s| {
            for t in 0..8 {
                let m = if t % 2 == 0 { &a } else { &b };
                s.spawn(move || {
                    for _ in 0..10_000 {
                        m.word(3).unwrap().fetch_add(1, Ordering::SeqCst);
                    }
                });
            }
        });
        assert_eq!(a.word(3).unwrap().load(Ordering::SeqCst), 80_000);
        assert_eq!(b.word(3).unwrap().load(Ordering::SeqCst), 80_000);
    }
}

/// A global allocator that counts the bytes live on the heap, for the
/// memory cap of untrusted scripts (`Config::memory_limit`). A host that
/// wants the cap to cover ordinary growth (lists, dicts, strings made one
/// by one) installs it:
///
/// ```
/// use conc_interp::sync::CountingAllocator;
///
/// #[global_allocator]
/// static HEAP: CountingAllocator = CountingAllocator::new(std::alloc::System);
///
/// let before = CountingAllocator::allocated();
/// let block = vec![0u8; 1 << 20];
/// assert!(CountingAllocator::allocated() >= before + (1 << 20));
/// drop(block);
/// ```
///
/// What it counts: every byte requested from it and not yet freed, by any
/// thread of the process — the interpreter's objects, the host's own data,
/// other interpreters. Not counted: the allocator's own overhead and
/// fragmentation, thread stacks, memory mapped directly (`mmap`, the
/// process module's shared memory). One relaxed atomic add per allocation
/// and per free is its cost.
#[derive(Debug)]
pub struct CountingAllocator<A = std::alloc::System> {
    inner: A,
}

/// Bytes live through a [`CountingAllocator`] (all of them share it: one
/// process has one global allocator).
static HEAP_LIVE: AtomicUsize = AtomicUsize::new(0);

impl<A> CountingAllocator<A> {
    /// Counts the allocations made by `inner` (`std::alloc::System`,
    /// `mimalloc::MiMalloc`, ...).
    pub const fn new(inner: A) -> CountingAllocator<A> {
        CountingAllocator { inner }
    }
}

impl CountingAllocator {
    /// Bytes allocated and not freed so far (0 when no `CountingAllocator`
    /// is the global allocator).
    pub fn allocated() -> usize {
        HEAP_LIVE.load(Ordering::Relaxed)
    }
}

// SAFETY: every method forwards to `inner`, a `GlobalAlloc`, with the
// caller's layout and pointer unchanged, so `inner`'s guarantees are the
// caller's; the counter is only arithmetic beside them (wrapping, never a
// panic or an allocation inside the allocator).
unsafe impl<A: std::alloc::GlobalAlloc> std::alloc::GlobalAlloc for CountingAllocator<A> {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's layout (see above).
        let p = unsafe { self.inner.alloc(layout) };
        if !p.is_null() {
            HEAP_LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's layout.
        let p = unsafe { self.inner.alloc_zeroed(layout) };
        if !p.is_null() {
            HEAP_LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        // SAFETY: the caller passes a block this allocator (hence `inner`)
        // returned, with its layout.
        unsafe { self.inner.dealloc(ptr, layout) };
        HEAP_LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded unchanged; the caller upholds realloc's contract.
        let p = unsafe { self.inner.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            HEAP_LIVE.fetch_add(new_size, Ordering::Relaxed);
            HEAP_LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        p
    }
}
