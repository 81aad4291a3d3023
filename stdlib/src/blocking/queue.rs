//! `Queue` (FIFO), `LifoQueue`, `PriorityQueue` and `SimpleQueue`, with
//! Python 3.13's `task_done`/`join` and `shutdown` semantics.
//!
//! Items are an opaque `T`. FIFO and LIFO operations run entirely under the
//! queue's mutex, so a blocked `get` or `put` completes without the GIL.
//!
//! # Priority queues and script comparisons
//!
//! A priority queue orders its items by a comparison the binding supplies
//! per call (`lt(a, b)`: is `a < b`, which runs the script's `__lt__` and
//! may fail). That comparison is script code: it needs the GIL, may reach a
//! poll point and let another thread run, may block, or may even use this
//! queue. So it never runs under the queue's mutex — if it did, a thread
//! switch in `__lt__` could leave another GIL holder stuck on that mutex
//! while the comparing thread waits for the GIL. Instead a priority
//! operation CLAIMS the heap: under the mutex it sets `busy` and moves the
//! heap out of the state (`out` keeps `qsize` right), releases the mutex,
//! runs the comparisons with the GIL held, then puts the heap back and
//! clears `busy` under the mutex. Other operations that need the heap wait
//! until it is not busy — an ordinary wait, which releases the GIL, can be
//! interrupted and is seen by deadlock detection (a comparison that blocks
//! forever on something leaves the others blocked on the queue). A failing
//! comparison leaves the heap untouched (see `heap.rs`) and the item with
//! the caller. The metadata (`qsize`, `unfinished`, shutdown) never needs
//! the claim.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use super::deadlock::{Action, Registry, Resource, ResourceKind};
use super::heap;
use super::sync::{Condvar, Mutex, MutexGuard};
use super::wait::{wait_loop, without_gil, Deadline, WaitCtx};
use super::{BlockError, BlockResult, Blocker, ScriptError};

/// A failed `put`: the item comes back to the caller (who drops it where
/// it holds the GIL) with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PutError<T, E = BlockError> {
    pub item: T,
    pub error: E,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Fifo,
    Lifo,
    Priority,
}

#[derive(Debug)]
struct State<T> {
    items: VecDeque<T>,
    /// Items moved out by the priority operation that claimed the heap.
    out: usize,
    busy: bool,
    unfinished: usize,
    shutdown: bool,
    /// Threads inside a wait loop, by what they wait for.
    getters: usize,
    putters: usize,
    joiners: usize,
}

impl<T> State<T> {
    fn len(&self) -> usize {
        self.items.len() + self.out
    }
}

/// What every queue kind shares: size, `task_done`/`join`, `shutdown`.
/// [`Queue`] and [`PriorityQueue`] dereference to it.
#[derive(Debug)]
pub struct QueueCore<T> {
    state: Mutex<State<T>>,
    not_empty: Condvar,
    not_full: Condvar,
    all_done: Condvar,
    maxsize: usize,
    kind: Kind,
    registry: Arc<Registry>,
    res: Arc<Resource>,
}

impl<T> QueueCore<T> {
    fn wake_joiners(&self, st: &State<T>) {
        if st.joiners > 0 {
            self.registry
                .wake_waiters(&self.res, Some(Action::QueueJoin));
            self.all_done.notify_all();
        }
    }

    fn wake_all(&self, st: &State<T>) {
        if st.getters + st.putters > 0 {
            self.registry.wake_waiters(&self.res, Some(Action::Get));
            self.registry.wake_waiters(&self.res, Some(Action::Put));
            self.not_empty.notify_all();
            self.not_full.notify_all();
        }
    }
}

impl<T: Send> QueueCore<T> {
    fn new(
        registry: &Arc<Registry>,
        kind: Kind,
        rkind: ResourceKind,
        maxsize: i64,
        desc: String,
    ) -> QueueCore<T> {
        QueueCore {
            state: Mutex::new(State {
                items: VecDeque::new(),
                out: 0,
                busy: false,
                unfinished: 0,
                shutdown: false,
                getters: 0,
                putters: 0,
                joiners: 0,
            }),
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
            all_done: Condvar::new(),
            // Python: maxsize <= 0 means unbounded.
            maxsize: usize::try_from(maxsize).unwrap_or(0),
            kind,
            registry: registry.clone(),
            res: registry.new_resource(rkind, desc),
        }
    }

    /// `maxsize` (0: unbounded).
    pub fn maxsize(&self) -> usize {
        self.maxsize
    }

    /// `qsize()`.
    pub fn qsize(&self) -> usize {
        self.state.lock().len()
    }

    /// `empty()`.
    pub fn empty(&self) -> bool {
        self.qsize() == 0
    }

    /// `full()`.
    pub fn full(&self) -> bool {
        self.is_full(&self.state.lock())
    }

    fn is_full(&self, st: &State<T>) -> bool {
        self.maxsize > 0 && st.len() >= self.maxsize
    }

    /// Whether `shutdown()` was called.
    pub fn is_shutdown(&self) -> bool {
        self.state.lock().shutdown
    }

    /// Tasks put and not yet marked done.
    pub fn unfinished_tasks(&self) -> usize {
        self.state.lock().unfinished
    }

    pub fn desc(&self) -> &str {
        self.res.desc()
    }

    fn ctx<'a>(&'a self, b: &'a dyn Blocker, action: Action, deadline: Deadline) -> WaitCtx<'a> {
        WaitCtx {
            b,
            registry: &self.registry,
            resource: &self.res,
            action,
            deadline,
            interruptible: true,
        }
    }

    /// `task_done()`: too many is a `ValueError`.
    pub fn task_done(&self) -> BlockResult<()> {
        let mut st = self.state.lock();
        if st.unfinished == 0 {
            return Err(BlockError::Value(
                "task_done() called too many times".into(),
            ));
        }
        st.unfinished -= 1;
        if st.unfinished == 0 {
            self.wake_joiners(&st);
        }
        Ok(())
    }

    /// `join()`: waits until every item put has been marked done. (Python's
    /// has no timeout; `Ok(false)` if this one runs out.)
    pub fn join(&self, b: &dyn Blocker, timeout: Option<Duration>) -> BlockResult<bool> {
        if self.state.lock().unfinished == 0 {
            return Ok(true);
        }
        if Deadline::is_now(timeout) {
            return Ok(false);
        }
        let deadline = Deadline::after(timeout);
        without_gil(b, || {
            let mut st = self.state.lock();
            st.joiners += 1;
            let ctx = self.ctx(b, Action::QueueJoin, deadline);
            let (mut st, r) = wait_loop(&ctx, &self.all_done, st, |s| s.unfinished == 0);
            st.joiners -= 1;
            r
        })
    }

    /// `shutdown(immediate=False)`: later `put`s fail with `ShutDown`, and
    /// `get`s once the queue is empty. `immediate` also empties the queue
    /// now (each drained item counts as done) and returns the drained
    /// items, for the caller to drop. Blocked getters and putters wake.
    /// (May wait, briefly, for a priority operation in progress.)
    pub fn shutdown(&self, b: &dyn Blocker, immediate: bool) -> BlockResult<Vec<T>> {
        let mut st = self.state.lock();
        if !st.busy {
            return Ok(self.shutdown_locked(&mut st, immediate));
        }
        drop(st);
        // The whole shutdown happens inside the GIL-free section: the guard
        // must be gone before the GIL is taken back, or the thread holding
        // the claim (with the GIL) would wait for this mutex forever.
        without_gil(b, || {
            let mut st = self.state.lock();
            st.getters += 1; // so that the claim's end wakes us
            let ctx = self.ctx(b, Action::Get, Deadline::Never);
            let (mut st, r) = wait_loop(&ctx, &self.not_empty, st, |s| !s.busy);
            st.getters -= 1;
            r.map(|_| self.shutdown_locked(&mut st, immediate))
        })
    }

    fn shutdown_locked(&self, st: &mut State<T>, immediate: bool) -> Vec<T> {
        st.shutdown = true;
        let mut drained = Vec::new();
        if immediate {
            drained.extend(st.items.drain(..));
            st.unfinished = st.unfinished.saturating_sub(drained.len());
            if st.unfinished == 0 || st.joiners > 0 {
                self.wake_joiners(st);
            }
        }
        self.wake_all(st);
        drained
    }

    // ----- FIFO / LIFO: everything under the mutex ------------------------

    fn push_locked(&self, st: &mut State<T>, item: T) {
        st.items.push_back(item);
        st.unfinished += 1;
        if st.getters > 0 {
            self.registry.wake_waiters(&self.res, Some(Action::Get));
            self.not_empty.notify_one();
        }
    }

    fn pop_locked(&self, st: &mut State<T>) -> Option<T> {
        let item = match self.kind {
            Kind::Lifo => st.items.pop_back(),
            Kind::Fifo | Kind::Priority => st.items.pop_front(),
        }?;
        if st.putters > 0 {
            self.registry.wake_waiters(&self.res, Some(Action::Put));
            self.not_full.notify_one();
        }
        Some(item)
    }

    fn put_plain(
        &self,
        b: &dyn Blocker,
        item: T,
        timeout: Option<Duration>,
    ) -> Result<(), PutError<T>> {
        let mut st = self.state.lock();
        if st.shutdown {
            return Err(PutError {
                item,
                error: BlockError::ShutDown,
            });
        }
        if !self.is_full(&st) {
            self.push_locked(&mut st, item);
            return Ok(());
        }
        drop(st);
        if Deadline::is_now(timeout) {
            return Err(PutError {
                item,
                error: BlockError::Full,
            });
        }
        let deadline = Deadline::after(timeout);
        without_gil(b, move || {
            let mut st = self.state.lock();
            st.putters += 1;
            let ctx = self.ctx(b, Action::Put, deadline);
            let (mut st, r) =
                wait_loop(&ctx, &self.not_full, st, |s| s.shutdown || !self.is_full(s));
            st.putters -= 1;
            let error = match r {
                Ok(true) if st.shutdown => BlockError::ShutDown,
                Ok(true) => {
                    self.push_locked(&mut st, item);
                    return Ok(());
                }
                Ok(false) => BlockError::Full,
                Err(e) => e,
            };
            if !self.is_full(&st) && st.putters > 0 {
                self.not_full.notify_one(); // pass on a notify we may have taken
            }
            Err(PutError { item, error })
        })
    }

    fn get_plain(&self, b: &dyn Blocker, timeout: Option<Duration>) -> BlockResult<T> {
        let mut st = self.state.lock();
        if let Some(item) = self.pop_locked(&mut st) {
            return Ok(item);
        }
        if st.shutdown {
            return Err(BlockError::ShutDown);
        }
        drop(st);
        if Deadline::is_now(timeout) {
            return Err(BlockError::Empty);
        }
        let deadline = Deadline::after(timeout);
        without_gil(b, || {
            let mut st = self.state.lock();
            st.getters += 1;
            let ctx = self.ctx(b, Action::Get, deadline);
            let (mut st, r) = wait_loop(&ctx, &self.not_empty, st, |s| {
                !s.items.is_empty() || s.shutdown
            });
            st.getters -= 1;
            let error = match r {
                Ok(true) => match self.pop_locked(&mut st) {
                    Some(item) => return Ok(item),
                    None => BlockError::ShutDown,
                },
                Ok(false) => BlockError::Empty,
                Err(e) => e,
            };
            if !st.items.is_empty() && st.getters > 0 {
                self.not_empty.notify_one();
            }
            Err(error)
        })
    }

    // ----- priority: claim the heap, compare with the GIL -----------------

    /// Waits (if it must) until `ready`, then, unless `refuse` says why
    /// not, claims the heap.
    fn claim(
        &self,
        b: &dyn Blocker,
        action: Action,
        timeout: Option<Duration>,
        ready: impl Fn(&State<T>) -> bool,
        refuse: impl Fn(&State<T>) -> Option<BlockError>,
    ) -> BlockResult<Claim<'_, T>> {
        let take = |mut st: MutexGuard<'_, State<T>>| {
            if let Some(e) = refuse(&st) {
                return Err(e);
            }
            st.busy = true;
            let heap = std::mem::take(&mut st.items);
            st.out = heap.len();
            Ok(Claim {
                core: self,
                heap: Some(heap),
            })
        };
        let st = self.state.lock();
        if ready(&st) {
            return take(st);
        }
        // A non-blocking call still waits for a claim in progress (as
        // Python's would wait for the queue's mutex); only then it decides.
        let nonblocking = Deadline::is_now(timeout);
        if nonblocking && !st.busy {
            return take(st);
        }
        drop(st);
        let deadline = if nonblocking {
            Deadline::Never
        } else {
            Deadline::after(timeout)
        };
        without_gil(b, || {
            let mut st = self.state.lock();
            match action {
                Action::Put => st.putters += 1,
                _ => st.getters += 1,
            }
            let ctx = self.ctx(b, action, deadline);
            let cv = if action == Action::Put {
                &self.not_full
            } else {
                &self.not_empty
            };
            let (mut st, r) = wait_loop(&ctx, cv, st, |s| !s.busy && (nonblocking || ready(s)));
            match action {
                Action::Put => st.putters -= 1,
                _ => st.getters -= 1,
            }
            match r {
                Ok(_) if !st.busy => take(st),
                Ok(_) => Err(if action == Action::Put {
                    BlockError::Full
                } else {
                    BlockError::Empty
                }),
                Err(e) => Err(e),
            }
        })
    }

    fn put_priority<E>(
        &self,
        b: &dyn Blocker,
        item: T,
        timeout: Option<Duration>,
        mut lt: impl FnMut(&T, &T) -> Result<bool, E>,
    ) -> Result<(), PutError<T, ScriptError<E>>> {
        let claim = self.claim(
            b,
            Action::Put,
            timeout,
            |s| s.shutdown || (!s.busy && !self.is_full(s)),
            |s| {
                if s.shutdown {
                    Some(BlockError::ShutDown)
                } else if self.is_full(s) {
                    Some(BlockError::Full)
                } else {
                    None
                }
            },
        );
        let mut claim = match claim {
            Ok(c) => c,
            Err(e) => {
                return Err(PutError {
                    item,
                    error: ScriptError::Block(e),
                })
            }
        };
        match heap::push(claim.heap(), item, &mut lt) {
            Ok(()) => {
                claim.finish(1);
                Ok(())
            }
            Err((item, e)) => Err(PutError {
                item,
                error: ScriptError::Script(e),
            }),
        }
    }

    fn get_priority<E>(
        &self,
        b: &dyn Blocker,
        timeout: Option<Duration>,
        mut lt: impl FnMut(&T, &T) -> Result<bool, E>,
    ) -> Result<T, ScriptError<E>> {
        let mut claim = self.claim(
            b,
            Action::Get,
            timeout,
            |s| !s.busy && (s.len() > 0 || s.shutdown),
            |s| {
                if s.len() > 0 {
                    None
                } else if s.shutdown {
                    Some(BlockError::ShutDown)
                } else {
                    Some(BlockError::Empty)
                }
            },
        )?;
        match heap::pop(claim.heap(), &mut lt) {
            Ok(Some(item)) => {
                claim.finish(-1);
                Ok(item)
            }
            Ok(None) => Err(ScriptError::Block(BlockError::Empty)),
            Err(e) => Err(ScriptError::Script(e)),
        }
    }
}

/// A claimed priority heap: put back (and `busy` cleared, waiters woken)
/// when dropped, also if a comparison panics.
struct Claim<'a, T> {
    core: &'a QueueCore<T>,
    heap: Option<VecDeque<T>>,
}

impl<T> Claim<'_, T> {
    fn heap(&mut self) -> &mut VecDeque<T> {
        self.heap.get_or_insert_with(VecDeque::new)
    }

    /// The operation succeeded: `delta` items more (put) or fewer (get).
    fn finish(mut self, delta: i32) {
        self.restore(delta);
    }

    fn restore(&mut self, delta: i32) {
        let Some(heap) = self.heap.take() else {
            return;
        };
        let core = self.core;
        let mut st = core.state.lock();
        st.items = heap;
        st.out = 0;
        st.busy = false;
        if delta > 0 {
            st.unfinished += 1;
        }
        // Anyone waiting may proceed now: getters (an item or the claim is
        // free), putters (room or the claim is free).
        core.wake_all(&st);
    }
}

impl<T> Drop for Claim<'_, T> {
    fn drop(&mut self) {
        self.restore(0);
    }
}

/// `queue.Queue(maxsize)` (FIFO) or `queue.LifoQueue(maxsize)`.
#[derive(Debug)]
pub struct Queue<T>(QueueCore<T>);

impl<T: Send> Queue<T> {
    /// A FIFO queue; `maxsize <= 0` is unbounded.
    pub fn new(registry: &Arc<Registry>, maxsize: i64, desc: impl Into<String>) -> Queue<T> {
        Queue(QueueCore::new(
            registry,
            Kind::Fifo,
            ResourceKind::Queue,
            maxsize,
            desc.into(),
        ))
    }

    /// A LIFO queue (`LifoQueue`).
    pub fn new_lifo(registry: &Arc<Registry>, maxsize: i64, desc: impl Into<String>) -> Queue<T> {
        Queue(QueueCore::new(
            registry,
            Kind::Lifo,
            ResourceKind::LifoQueue,
            maxsize,
            desc.into(),
        ))
    }

    /// `put(item, block, timeout)` (timeout converted by
    /// [`queue_timeout`](super::queue_timeout): `Some(0)` = `put_nowait`).
    pub fn put(
        &self,
        b: &dyn Blocker,
        item: T,
        timeout: Option<Duration>,
    ) -> Result<(), PutError<T>> {
        self.0.put_plain(b, item, timeout)
    }

    /// `get(block, timeout)` (`Some(0)` = `get_nowait`).
    pub fn get(&self, b: &dyn Blocker, timeout: Option<Duration>) -> BlockResult<T> {
        self.0.get_plain(b, timeout)
    }

    pub fn put_nowait(&self, b: &dyn Blocker, item: T) -> Result<(), PutError<T>> {
        self.put(b, item, Some(Duration::ZERO))
    }

    pub fn get_nowait(&self, b: &dyn Blocker) -> BlockResult<T> {
        self.get(b, Some(Duration::ZERO))
    }
}

impl<T> std::ops::Deref for Queue<T> {
    type Target = QueueCore<T>;
    fn deref(&self) -> &QueueCore<T> {
        &self.0
    }
}

/// `LifoQueue` is a [`Queue`] made by [`Queue::new_lifo`].
pub type LifoQueue<T> = Queue<T>;

/// `queue.PriorityQueue(maxsize)`: smallest item first, by the comparison
/// `lt` given to each `put`/`get` (see the module docs).
#[derive(Debug)]
pub struct PriorityQueue<T>(QueueCore<T>);

impl<T: Send> PriorityQueue<T> {
    pub fn new(
        registry: &Arc<Registry>,
        maxsize: i64,
        desc: impl Into<String>,
    ) -> PriorityQueue<T> {
        PriorityQueue(QueueCore::new(
            registry,
            Kind::Priority,
            ResourceKind::PriorityQueue,
            maxsize,
            desc.into(),
        ))
    }

    /// `put(item, block, timeout)`; `lt(a, b)` is the script's `a < b`,
    /// called with the GIL held and no lock of ours held. A failing
    /// comparison leaves the queue unchanged and returns the item.
    pub fn put<E>(
        &self,
        b: &dyn Blocker,
        item: T,
        timeout: Option<Duration>,
        lt: impl FnMut(&T, &T) -> Result<bool, E>,
    ) -> Result<(), PutError<T, ScriptError<E>>> {
        self.0.put_priority(b, item, timeout, lt)
    }

    /// `get(block, timeout)`; a failing comparison leaves the item queued.
    pub fn get<E>(
        &self,
        b: &dyn Blocker,
        timeout: Option<Duration>,
        lt: impl FnMut(&T, &T) -> Result<bool, E>,
    ) -> Result<T, ScriptError<E>> {
        self.0.get_priority(b, timeout, lt)
    }
}

impl<T: Ord + Send> PriorityQueue<T> {
    /// `put` ordered by `T: Ord`.
    pub fn put_ord(
        &self,
        b: &dyn Blocker,
        item: T,
        timeout: Option<Duration>,
    ) -> Result<(), PutError<T>> {
        self.put(b, item, timeout, |a, b| Ok::<_, Infallible>(a < b))
            .map_err(|e| PutError {
                item: e.item,
                error: match e.error {
                    ScriptError::Block(e) => e,
                    ScriptError::Script(never) => match never {},
                },
            })
    }

    /// `get` ordered by `T: Ord`.
    pub fn get_ord(&self, b: &dyn Blocker, timeout: Option<Duration>) -> BlockResult<T> {
        self.get(b, timeout, |a, b| Ok::<_, Infallible>(a < b))
            .map_err(|e| match e {
                ScriptError::Block(e) => e,
                ScriptError::Script(never) => match never {},
            })
    }
}

impl<T> std::ops::Deref for PriorityQueue<T> {
    type Target = QueueCore<T>;
    fn deref(&self) -> &QueueCore<T> {
        &self.0
    }
}

/// `queue.SimpleQueue()`: an unbounded FIFO; `put` never blocks; no
/// `task_done`, `join` or `shutdown`.
#[derive(Debug)]
pub struct SimpleQueue<T>(QueueCore<T>);

impl<T: Send> SimpleQueue<T> {
    pub fn new(registry: &Arc<Registry>, desc: impl Into<String>) -> SimpleQueue<T> {
        SimpleQueue(QueueCore::new(
            registry,
            Kind::Fifo,
            ResourceKind::SimpleQueue,
            0,
            desc.into(),
        ))
    }

    /// `put(item, block=True, timeout=None)`: the arguments are ignored,
    /// as in Python.
    pub fn put(&self, item: T) {
        let mut st = self.0.state.lock();
        self.0.push_locked(&mut st, item);
        st.unfinished = 0; // not tracked for SimpleQueue
    }

    pub fn get(&self, b: &dyn Blocker, timeout: Option<Duration>) -> BlockResult<T> {
        self.0.get_plain(b, timeout)
    }

    pub fn get_nowait(&self, b: &dyn Blocker) -> BlockResult<T> {
        self.get(b, Some(Duration::ZERO))
    }

    pub fn qsize(&self) -> usize {
        self.0.qsize()
    }

    pub fn empty(&self) -> bool {
        self.0.empty()
    }

    pub fn desc(&self) -> &str {
        self.0.desc()
    }
}
