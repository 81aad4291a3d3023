//! Stopping the world without the GIL.
//!
//! Under the GIL the thread holding it is the only one touching objects, so
//! an operation that needs the object graph to hold still (the cycle
//! collector) just runs. Without the GIL threads run in parallel, and such
//! an operation must first stop every other thread of the interpreter at a
//! safe point, as free-threaded CPython does.
//!
//! A thread is *attached* while it may touch objects: from `take_gil` to
//! `drop_gil`, outside blocking sections — the calls that take and release
//! a real GIL, which in this mode do only this bookkeeping. The world's
//! state, the number of attached threads and whether a stop is under way,
//! is one mutex and condition variable. [`Gil::stop_the_world`] marks a
//! stop and sets [`STOP_THE_WORLD`] in the eval breaker, then waits until
//! its thread is the only one attached: the others detach at their next
//! poll point and wait there; threads in blocking sections, or starting,
//! wait when they attach again. A thread that reaches no poll point in
//! time (inside a long native call) makes the stop give up after its
//! timeout, and the caller does without.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use super::{Gil, GilThread, STOP_THE_WORLD};

#[derive(Debug, Default)]
pub(super) struct World {
    attached: usize,
    stopping: bool,
}

impl Gil {
    /// No-GIL mode: the thread may touch objects from now on (waiting
    /// first while the world is stopped).
    pub(super) fn attach(&self, thread: &GilThread) {
        if thread.attached.swap(true, Ordering::Relaxed) {
            return;
        }
        let mut w = self.world.lock();
        while w.stopping {
            self.world_cond.wait(&mut w);
        }
        w.attached += 1;
    }

    /// No-GIL mode: the thread touches no object until it attaches again.
    pub(super) fn detach(&self, thread: &GilThread) {
        if !thread.attached.swap(false, Ordering::Relaxed) {
            return;
        }
        let mut w = self.world.lock();
        w.attached -= 1;
        if w.stopping {
            self.world_cond.notify_all();
        }
    }

    /// No-GIL mode, at a poll point that found [`STOP_THE_WORLD`]: waits
    /// until the world runs again.
    pub(super) fn pause_for_stop(&self, thread: &GilThread) {
        self.detach(thread);
        self.attach(thread);
    }

    /// No-GIL mode: stops every other attached thread of the interpreter at
    /// its next poll point, and keeps them stopped until the returned guard
    /// drops. `None` if they did not all stop within `timeout` (they run
    /// on). If another thread is stopping the world, this one is stopped
    /// first, then makes its own stop. Under the GIL, holding it is the
    /// stop: this is never needed (and panics, as a caller's bug).
    pub fn stop_the_world(
        &self,
        thread: &GilThread,
        timeout: Duration,
    ) -> Option<WorldStopped<'_>> {
        assert!(!self.enabled, "stop_the_world is for the no-GIL mode");
        let deadline = Instant::now() + timeout;
        let me = usize::from(thread.attached.load(Ordering::Relaxed));
        let mut w = self.world.lock();
        if w.stopping {
            w.attached -= me;
            self.world_cond.notify_all();
            while w.stopping {
                self.world_cond.wait(&mut w);
            }
            w.attached += me;
        }
        w.stopping = true;
        self.breaker.set(STOP_THE_WORLD);
        while w.attached > me {
            if self.world_cond.wait_until(&mut w, deadline).timed_out() && w.attached > me {
                w.stopping = false;
                self.breaker.clear(STOP_THE_WORLD);
                self.world_cond.notify_all();
                return None;
            }
        }
        Some(WorldStopped { gil: self })
    }
}

/// The world stays stopped while this lives ([`Gil::stop_the_world`]).
#[must_use = "the world runs again when the guard drops"]
pub struct WorldStopped<'a> {
    gil: &'a Gil,
}

impl Drop for WorldStopped<'_> {
    fn drop(&mut self) {
        let mut w = self.gil.world.lock();
        w.stopping = false;
        self.gil.breaker.clear(STOP_THE_WORLD);
        self.gil.world_cond.notify_all();
    }
}
