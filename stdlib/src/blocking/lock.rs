//! `Lock`: a plain, non-reentrant lock that any thread may release.

use std::sync::Arc;
use std::time::Duration;

use super::deadlock::{Action, Registry, Resource, ResourceKind};
use super::sync::{Condvar, Mutex};
use super::wait::{wait_loop, without_gil, Deadline, WaitCtx};
use super::{BlockError, BlockResult, Blocker, ThreadId};

#[derive(Debug, Default)]
struct State {
    locked: bool,
    /// Threads inside the wait loop.
    waiters: usize,
}

/// `lock.Lock` / `threading.Lock`.
#[derive(Debug)]
pub struct Lock {
    state: Mutex<State>,
    cv: Condvar,
    registry: Arc<Registry>,
    res: Arc<Resource>,
}

impl Lock {
    /// A new unlocked lock; `desc` names it in deadlock reports ("Lock at
    /// philosophers.conc:7").
    pub fn new(registry: &Arc<Registry>, desc: impl Into<String>) -> Lock {
        Lock {
            state: Mutex::new(State::default()),
            cv: Condvar::new(),
            registry: registry.clone(),
            res: registry.new_resource(ResourceKind::Lock, desc.into()),
        }
    }

    /// `acquire(blocking, timeout)` with the timeout already converted by
    /// [`lock_timeout`](super::lock_timeout): `None` waits forever,
    /// `Some(0)` only tries. `Ok(false)` when the timeout ran out.
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
            self.acquire_slow(&ctx, me)
        })
    }

    /// Acquires without ever blocking; true if the lock was free.
    pub fn try_acquire(&self, me: ThreadId) -> bool {
        let mut st = self.state.lock();
        if st.locked {
            return false;
        }
        st.locked = true;
        self.res.set_owner(Some(me));
        true
    }

    /// The blocking part, without the GIL (also used by `Condition` to
    /// retake the lock).
    pub(crate) fn acquire_slow(&self, ctx: &WaitCtx<'_>, me: ThreadId) -> BlockResult<bool> {
        let mut st = self.state.lock();
        st.waiters += 1;
        let (mut st, r) = wait_loop(ctx, &self.cv, st, |s| !s.locked);
        st.waiters -= 1;
        if r == Ok(true) {
            st.locked = true;
            self.res.set_owner(Some(me));
        } else if !st.locked && st.waiters > 0 {
            // We may have consumed the notify meant for a waiter that stays.
            self.cv.notify_one();
        }
        r
    }

    /// `release()`: by any thread. Unlocked → `RuntimeError`.
    pub fn release(&self) -> BlockResult<()> {
        let mut st = self.state.lock();
        if !st.locked {
            return Err(BlockError::Runtime("release unlocked lock".into()));
        }
        st.locked = false;
        self.res.set_owner(None);
        if st.waiters > 0 {
            self.registry.wake_resource(&self.res);
            self.cv.notify_one();
        }
        Ok(())
    }

    /// `locked()`.
    pub fn locked(&self) -> bool {
        self.state.lock().locked
    }

    /// The description given at creation.
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
