//! `Semaphore` and `BoundedSemaphore`: a counter that acquire waits on.

use std::sync::Arc;
use std::time::Duration;

use super::deadlock::{Action, Registry, Resource, ResourceKind};
use super::sync::{Condvar, Mutex};
use super::wait::{wait_loop, without_gil, Deadline, WaitCtx};
use super::{BlockError, BlockResult, Blocker, ThreadId};

#[derive(Debug)]
struct State {
    value: usize,
    waiters: usize,
}

/// `lock.Semaphore` / `threading.Semaphore`.
#[derive(Debug)]
pub struct Semaphore {
    state: Mutex<State>,
    cv: Condvar,
    registry: Arc<Registry>,
    res: Arc<Resource>,
    /// `Some(initial)` for a bounded semaphore.
    bound: Option<usize>,
}

impl Semaphore {
    /// `Semaphore(value)`; a negative value is the binding's `ValueError`
    /// ("semaphore initial value must be >= 0"), see [`Semaphore::check_initial`].
    pub fn new(registry: &Arc<Registry>, value: usize, desc: impl Into<String>) -> Semaphore {
        Semaphore::build(registry, value, None, ResourceKind::Semaphore, desc.into())
    }

    /// Python's check of the constructor argument.
    pub fn check_initial(value: i64) -> BlockResult<usize> {
        usize::try_from(value)
            .map_err(|_| BlockError::Value("semaphore initial value must be >= 0".into()))
    }

    fn build(
        registry: &Arc<Registry>,
        value: usize,
        bound: Option<usize>,
        kind: ResourceKind,
        desc: String,
    ) -> Semaphore {
        Semaphore {
            state: Mutex::new(State { value, waiters: 0 }),
            cv: Condvar::new(),
            registry: registry.clone(),
            res: registry.new_resource(kind, desc),
            bound,
        }
    }

    /// `acquire(blocking, timeout)` (timeout converted by
    /// [`semaphore_timeout`](super::semaphore_timeout)).
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
            let mut st = self.state.lock();
            st.waiters += 1;
            let (mut st, r) = wait_loop(&ctx, &self.cv, st, |s| s.value > 0);
            st.waiters -= 1;
            if r == Ok(true) {
                st.value -= 1;
                self.res.add_holder(me);
            } else if st.value > 0 && st.waiters > 0 {
                self.cv.notify_one();
            }
            r
        })
    }

    pub fn try_acquire(&self, me: ThreadId) -> bool {
        let mut st = self.state.lock();
        if st.value == 0 {
            return false;
        }
        st.value -= 1;
        self.res.add_holder(me);
        true
    }

    /// `release(n=1)`: adds `n` and wakes up to `n` waiters. `n < 1` is a
    /// `ValueError`; so is going over the initial value of a bounded one.
    pub fn release(&self, me: ThreadId, n: usize) -> BlockResult<()> {
        if n < 1 {
            return Err(BlockError::Value("n must be one or more".into()));
        }
        let mut st = self.state.lock();
        if let Some(bound) = self.bound {
            if st.value.saturating_add(n) > bound {
                return Err(BlockError::Value(
                    "Semaphore released too many times".into(),
                ));
            }
        }
        st.value = st.value.saturating_add(n);
        for _ in 0..n {
            self.res.remove_holder(me);
        }
        if st.waiters > 0 {
            self.registry.wake_resource(&self.res);
            for _ in 0..n.min(st.waiters) {
                self.cv.notify_one();
            }
        }
        Ok(())
    }

    /// The current value (`_value`, for `repr`).
    pub fn value(&self) -> usize {
        self.state.lock().value
    }

    pub fn desc(&self) -> &str {
        self.res.desc()
    }
}

/// `lock.BoundedSemaphore`: a [`Semaphore`] that refuses to go above its
/// initial value.
#[derive(Debug)]
pub struct BoundedSemaphore(Semaphore);

impl BoundedSemaphore {
    pub fn new(
        registry: &Arc<Registry>,
        value: usize,
        desc: impl Into<String>,
    ) -> BoundedSemaphore {
        BoundedSemaphore(Semaphore::build(
            registry,
            value,
            Some(value),
            ResourceKind::BoundedSemaphore,
            desc.into(),
        ))
    }

    /// The initial value (the bound).
    pub fn bound(&self) -> usize {
        self.0.bound.unwrap_or(0)
    }
}

impl std::ops::Deref for BoundedSemaphore {
    type Target = Semaphore;
    fn deref(&self) -> &Semaphore {
        &self.0
    }
}
