//! `Condition`: wait/notify over a `Lock` or an `RLock`.
//!
//! As in Python, a waiter enqueues a token while holding the lock, releases
//! the lock completely (an `RLock` saves its recursion count), waits until a
//! `notify` has picked its token or the timeout runs out, and then retakes
//! the lock — always, even after a timeout or an interrupt, so that the
//! caller's `with` block still owns it. Notify picks waiters in FIFO order
//! and marks exactly those threads runnable for the deadlock registry.

use std::collections::{HashSet, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use super::deadlock::{Action, Registry, Resource, ResourceKind};
use super::lock::Lock;
use super::rlock::RLock;
use super::sync::{Condvar, Mutex};
use super::wait::{wait_loop, without_gil, Deadline, WaitCtx};
use super::{BlockError, BlockResult, Blocker, ScriptError, ThreadId};

/// The lock under a condition.
#[derive(Debug, Clone)]
pub enum CondLock {
    Lock(Arc<Lock>),
    RLock(Arc<RLock>),
}

enum Saved {
    Lock,
    RLock(usize),
}

#[derive(Debug, Default)]
struct State {
    next_token: u64,
    /// Waiting tokens in arrival order, with their threads.
    waiters: VecDeque<(u64, ThreadId)>,
    /// Tokens picked by a notify, not yet seen by their waiter.
    notified: HashSet<u64>,
}

/// `lock.Condition` / `threading.Condition`.
#[derive(Debug)]
pub struct Condition {
    lock: CondLock,
    state: Mutex<State>,
    cv: Condvar,
    registry: Arc<Registry>,
    res: Arc<Resource>,
}

impl Condition {
    /// `Condition(lock)`; the binding makes a new `RLock` when none is given,
    /// as Python does.
    pub fn new(registry: &Arc<Registry>, lock: CondLock, desc: impl Into<String>) -> Condition {
        Condition {
            lock,
            state: Mutex::new(State::default()),
            cv: Condvar::new(),
            registry: registry.clone(),
            res: registry.new_resource(ResourceKind::Condition, desc.into()),
        }
    }

    pub fn lock(&self) -> &CondLock {
        &self.lock
    }

    /// `acquire(...)`: the underlying lock's.
    pub fn acquire(&self, b: &dyn Blocker, timeout: Option<Duration>) -> BlockResult<bool> {
        match &self.lock {
            CondLock::Lock(l) => l.acquire(b, timeout),
            CondLock::RLock(l) => l.acquire(b, timeout),
        }
    }

    /// `release()`: the underlying lock's.
    pub fn release(&self, me: ThreadId) -> BlockResult<()> {
        match &self.lock {
            CondLock::Lock(l) => l.release(),
            CondLock::RLock(l) => l.release(me),
        }
    }

    /// Python's `_is_owned`: an `RLock` owned by `me`; a `Lock` that is
    /// locked (by anyone, as Python can tell no better).
    pub fn is_owned(&self, me: ThreadId) -> bool {
        match &self.lock {
            CondLock::Lock(l) => l.locked(),
            CondLock::RLock(l) => l.is_owned(me),
        }
    }

    /// `wait(timeout)`: true if notified, false if the timeout ran out
    /// (`None` forever; convert with [`secs`](super::secs)). The lock is
    /// held again when this returns, except after a `Deadlock` error raised
    /// while retaking it.
    pub fn wait(&self, b: &dyn Blocker, timeout: Option<Duration>) -> BlockResult<bool> {
        let me = b.thread_id();
        if !self.is_owned(me) {
            return Err(BlockError::Runtime(
                "cannot wait on un-acquired lock".into(),
            ));
        }
        let token = {
            let mut st = self.state.lock();
            let t = st.next_token;
            st.next_token += 1;
            st.waiters.push_back((t, me));
            t
        };
        let saved = match &self.lock {
            CondLock::Lock(l) => l.release().map(|()| Saved::Lock),
            CondLock::RLock(l) => l.release_save(me).map(|s| Saved::RLock(s.count)),
        };
        let saved = match saved {
            Ok(s) => s,
            Err(e) => {
                self.state.lock().waiters.retain(|w| w.0 != token);
                return Err(e);
            }
        };
        let deadline = Deadline::after(timeout);
        without_gil(b, || {
            let result = self.wait_token(b, token, deadline);
            let restored = self.restore(b, me, saved);
            restored.and(result)
        })
    }

    fn wait_token(&self, b: &dyn Blocker, token: u64, deadline: Deadline) -> BlockResult<bool> {
        let ctx = WaitCtx {
            b,
            registry: &self.registry,
            resource: &self.res,
            action: Action::CondWait,
            deadline,
            interruptible: true,
        };
        let st = self.state.lock();
        let (mut st, r) = wait_loop(&ctx, &self.cv, st, |s| s.notified.contains(&token));
        let got = st.notified.remove(&token);
        if !got {
            st.waiters.retain(|w| w.0 != token);
        }
        match r {
            Err(BlockError::Interrupted) if got => {
                // Pass the notify we consumed on to the next waiter.
                self.notify_locked(&mut st, 1);
                Err(BlockError::Interrupted)
            }
            Err(e) => Err(e),
            Ok(_) => Ok(got),
        }
    }

    /// Retakes the lock after a wait, without the GIL: not interruptible
    /// (the caller's `with` must own it again), but a deadlock still ends it.
    fn restore(&self, b: &dyn Blocker, me: ThreadId, saved: Saved) -> BlockResult<()> {
        let (registry, resource) = match &self.lock {
            CondLock::Lock(l) => (l.registry(), l.resource()),
            CondLock::RLock(l) => (l.registry(), l.resource()),
        };
        let ctx = WaitCtx {
            b,
            registry,
            resource,
            action: Action::Acquire,
            deadline: Deadline::Never,
            interruptible: false,
        };
        match (&self.lock, saved) {
            (CondLock::Lock(l), _) => l.acquire_slow(&ctx, me).map(drop),
            (CondLock::RLock(l), Saved::RLock(count)) => l.acquire_slow(&ctx, me, count).map(drop),
            (CondLock::RLock(l), Saved::Lock) => l.acquire_slow(&ctx, me, 1).map(drop),
        }
    }

    /// `wait_for(predicate, timeout)`: calls `pred` (with the lock held,
    /// and the GIL) until it says true or the timeout runs out; returns the
    /// predicate's last value. `pred` returns (truthiness, value).
    pub fn wait_for<V, E>(
        &self,
        b: &dyn Blocker,
        timeout: Option<Duration>,
        mut pred: impl FnMut() -> Result<(bool, V), E>,
    ) -> Result<V, ScriptError<E>> {
        let deadline = Deadline::after(timeout);
        let (mut ok, mut value) = pred().map_err(ScriptError::Script)?;
        while !ok {
            let wait_time = match deadline {
                Deadline::Never => None,
                Deadline::At(d) => {
                    let now = std::time::Instant::now();
                    if now >= d {
                        break;
                    }
                    Some(d - now)
                }
            };
            self.wait(b, wait_time)?;
            (ok, value) = pred().map_err(ScriptError::Script)?;
        }
        Ok(value)
    }

    /// `notify(n=1)`: wakes up to `n` waiters, oldest first.
    pub fn notify(&self, me: ThreadId, n: usize) -> BlockResult<()> {
        if !self.is_owned(me) {
            return Err(BlockError::Runtime(
                "cannot notify on un-acquired lock".into(),
            ));
        }
        self.notify_locked(&mut self.state.lock(), n);
        Ok(())
    }

    /// `notify_all()`.
    pub fn notify_all(&self, me: ThreadId) -> BlockResult<()> {
        self.notify(me, usize::MAX)
    }

    fn notify_locked(&self, st: &mut State, n: usize) {
        let mut woke = false;
        for _ in 0..n {
            let Some((token, thread)) = st.waiters.pop_front() else {
                break;
            };
            st.notified.insert(token);
            self.registry.wake_thread(thread);
            woke = true;
        }
        if woke {
            self.cv.notify_all();
        }
    }

    /// How many threads wait (for `repr` and tests).
    pub fn waiters(&self) -> usize {
        self.state.lock().waiters.len()
    }

    pub fn desc(&self) -> &str {
        self.res.desc()
    }
}
