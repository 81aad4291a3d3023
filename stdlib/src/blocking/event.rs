//! `Event`: a flag that threads wait for.

use std::sync::Arc;
use std::time::Duration;

use super::deadlock::{Action, Registry, Resource, ResourceKind};
use super::sync::{Condvar, Mutex};
use super::wait::{wait_loop, without_gil, Deadline, WaitCtx};
use super::{BlockResult, Blocker};

#[derive(Debug, Default)]
struct State {
    flag: bool,
    /// Counts `set()` calls that raised the flag: a waiter that saw the
    /// flag go up returns true even if it was cleared again before it woke
    /// (as Python's `Event.wait`, which returns what `Condition.wait` said).
    generation: u64,
    waiters: usize,
}

/// `lock.Event` / `threading.Event`.
#[derive(Debug)]
pub struct Event {
    state: Mutex<State>,
    cv: Condvar,
    registry: Arc<Registry>,
    res: Arc<Resource>,
}

impl Event {
    pub fn new(registry: &Arc<Registry>, desc: impl Into<String>) -> Event {
        Event {
            state: Mutex::new(State::default()),
            cv: Condvar::new(),
            registry: registry.clone(),
            res: registry.new_resource(ResourceKind::Event, desc.into()),
        }
    }

    pub fn is_set(&self) -> bool {
        self.state.lock().flag
    }

    /// `set()`: raises the flag and wakes every waiter.
    pub fn set(&self) {
        let mut st = self.state.lock();
        if !st.flag {
            st.flag = true;
            st.generation += 1;
        }
        if st.waiters > 0 {
            self.registry.wake_resource(&self.res);
            self.cv.notify_all();
        }
    }

    /// `clear()`.
    pub fn clear(&self) {
        self.state.lock().flag = false;
    }

    /// `wait(timeout)`: true once the flag is (or was, while waiting) set;
    /// false when the timeout ran out (`None` waits forever; a timeout is
    /// converted with [`secs`](super::secs)).
    pub fn wait(&self, b: &dyn Blocker, timeout: Option<Duration>) -> BlockResult<bool> {
        let generation = {
            let st = self.state.lock();
            if st.flag {
                return Ok(true);
            }
            st.generation
        };
        if Deadline::is_now(timeout) {
            return Ok(false);
        }
        let deadline = Deadline::after(timeout);
        without_gil(b, || {
            let ctx = WaitCtx {
                b,
                registry: &self.registry,
                resource: &self.res,
                action: Action::EventWait,
                deadline,
                interruptible: true,
            };
            let mut st = self.state.lock();
            st.waiters += 1;
            let (mut st, r) =
                wait_loop(&ctx, &self.cv, st, |s| s.flag || s.generation != generation);
            st.waiters -= 1;
            r
        })
    }

    pub fn desc(&self) -> &str {
        self.res.desc()
    }
}
