//! `RLock`: a reentrant lock with an owner thread and a recursion count.

use std::sync::Arc;
use std::time::Duration;

use super::deadlock::{Action, Registry, Resource, ResourceKind};
use super::sync::{Condvar, Mutex};
use super::wait::{wait_loop, without_gil, Deadline, WaitCtx};
use super::{BlockError, BlockResult, Blocker, ThreadId};

#[derive(Debug, Default)]
struct State {
    owner: Option<ThreadId>,
    count: usize,
    waiters: usize,
}

/// What `Condition.wait` saves when it releases an `RLock` completely:
/// the owner and recursion count to restore.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RLockSaved {
    pub owner: ThreadId,
    pub count: usize,
}

/// `lock.RLock` / `threading.RLock`.
#[derive(Debug)]
pub struct RLock {
    state: Mutex<State>,
    cv: Condvar,
    registry: Arc<Registry>,
    res: Arc<Resource>,
}

impl RLock {
    pub fn new(registry: &Arc<Registry>, desc: impl Into<String>) -> RLock {
        RLock {
            state: Mutex::new(State::default()),
            cv: Condvar::new(),
            registry: registry.clone(),
            res: registry.new_resource(ResourceKind::RLock, desc.into()),
        }
    }

    /// `acquire(blocking, timeout)` (timeout as for [`Lock::acquire`](super::Lock::acquire)).
    /// The owner acquiring again only counts up.
    pub fn acquire(&self, b: &dyn Blocker, timeout: Option<Duration>) -> BlockResult<bool> {
        let me = b.thread_id();
        if self.try_acquire(me) {
            return Ok(true);
        }
        if Deadline::is_now(timeout) {
            return Ok(false);
        }
        let deadline = Deadline::after(timeout);
        without_gil(b, || {
            let ctx = WaitCtx {
                b,
                registry: &self.registry,
                resource: &self.res,
                action: Action::Acquire,
                deadline,
                interruptible: true,
            };
            self.acquire_slow(&ctx, me, 1)
        })
    }

    /// Acquires without blocking: true if free or already owned by `me`.
    pub fn try_acquire(&self, me: ThreadId) -> bool {
        let mut st = self.state.lock();
        match st.owner {
            Some(o) if o == me => {
                st.count += 1;
                true
            }
            Some(_) => false,
            None => {
                st.owner = Some(me);
                st.count = 1;
                self.res.set_owner(Some(me));
                true
            }
        }
    }

    /// Waits (without the GIL) until free, then takes it with `count`.
    pub(crate) fn acquire_slow(
        &self,
        ctx: &WaitCtx<'_>,
        me: ThreadId,
        count: usize,
    ) -> BlockResult<bool> {
        let mut st = self.state.lock();
        st.waiters += 1;
        let (mut st, r) = wait_loop(ctx, &self.cv, st, |s| s.owner.is_none());
        st.waiters -= 1;
        if r == Ok(true) {
            st.owner = Some(me);
            st.count = count;
            self.res.set_owner(Some(me));
        } else if st.owner.is_none() && st.waiters > 0 {
            self.cv.notify_one();
        }
        r
    }

    /// `release()`: only by the owner; the lock is free once the count
    /// drops to zero.
    pub fn release(&self, me: ThreadId) -> BlockResult<()> {
        let mut st = self.state.lock();
        if st.owner != Some(me) {
            return Err(BlockError::Runtime(
                "cannot release un-acquired lock".into(),
            ));
        }
        st.count -= 1;
        if st.count == 0 {
            self.free(&mut st);
        }
        Ok(())
    }

    fn free(&self, st: &mut State) {
        st.owner = None;
        st.count = 0;
        self.res.set_owner(None);
        if st.waiters > 0 {
            self.registry.wake_resource(&self.res);
            self.cv.notify_one();
        }
    }

    /// Releases completely (Condition.wait's `_release_save`).
    pub fn release_save(&self, me: ThreadId) -> BlockResult<RLockSaved> {
        let mut st = self.state.lock();
        if st.owner != Some(me) || st.count == 0 {
            return Err(BlockError::Runtime(
                "cannot release un-acquired lock".into(),
            ));
        }
        let saved = RLockSaved {
            owner: me,
            count: st.count,
        };
        self.free(&mut st);
        Ok(saved)
    }

    /// Whether `me` owns it (`_is_owned`).
    pub fn is_owned(&self, me: ThreadId) -> bool {
        self.state.lock().owner == Some(me)
    }

    /// `locked()`: held by anyone.
    pub fn locked(&self) -> bool {
        self.state.lock().owner.is_some()
    }

    /// The owner and recursion count (for `repr`).
    pub fn owner_and_count(&self) -> (Option<ThreadId>, usize) {
        let st = self.state.lock();
        (st.owner, st.count)
    }

    pub fn desc(&self) -> &str {
        self.res.desc()
    }

    pub(crate) fn registry(&self) -> &Arc<Registry> {
        &self.registry
    }

    pub(crate) fn resource(&self) -> &Arc<Resource> {
        &self.res
    }
}
