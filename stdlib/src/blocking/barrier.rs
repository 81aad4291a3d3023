//! `Barrier`: `parties` threads wait for each other, then all go on.
//!
//! Python's algorithm (Lib/threading.py): a phase — filling, draining,
//! resetting or broken — and a count of threads inside `wait`. Threads
//! arriving while the barrier drains or resets wait for that to finish; the
//! last to arrive runs the action and switches to draining; the last to
//! leave switches back to filling. One difference: Python runs the action
//! while holding the barrier's lock; here the action is script code, which
//! never runs under our mutex, so an extra phase (`Action`) holds newcomers
//! back while it runs.

use std::sync::Arc;
use std::time::Duration;

use super::deadlock::{Action, Registry, Resource, ResourceKind};
use super::sync::{Condvar, Mutex, MutexGuard};
use super::wait::{wait_loop, without_gil, Deadline, WaitCtx};
use super::{BlockError, BlockResult, Blocker, ScriptError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Filling,
    Action,
    Draining,
    Resetting,
    Broken,
}

#[derive(Debug)]
struct State {
    phase: Phase,
    count: usize,
}

/// `lock.Barrier` / `threading.Barrier`.
#[derive(Debug)]
pub struct Barrier {
    parties: usize,
    has_action: bool,
    timeout: Option<Duration>,
    state: Mutex<State>,
    cv: Condvar,
    registry: Arc<Registry>,
    res: Arc<Resource>,
}

enum Arrival {
    Last(usize),
    Wait(usize),
}

impl Barrier {
    /// `Barrier(parties, action=None, timeout=None)`: `has_action` says
    /// whether the binding will pass a real action to [`Barrier::wait`];
    /// `timeout` is the default for `wait`. `parties == 0` is a `ValueError`.
    pub fn new(
        registry: &Arc<Registry>,
        parties: usize,
        has_action: bool,
        timeout: Option<Duration>,
        desc: impl Into<String>,
    ) -> BlockResult<Barrier> {
        if parties == 0 {
            return Err(BlockError::Value("parties must be > 0".into()));
        }
        Ok(Barrier {
            parties,
            has_action,
            timeout,
            state: Mutex::new(State {
                phase: Phase::Filling,
                count: 0,
            }),
            cv: Condvar::new(),
            registry: registry.clone(),
            res: registry.new_resource(ResourceKind::Barrier, desc.into()),
        })
    }

    pub fn parties(&self) -> usize {
        self.parties
    }

    /// `n_waiting`.
    pub fn n_waiting(&self) -> usize {
        let st = self.state.lock();
        if st.phase == Phase::Filling {
            st.count
        } else {
            0
        }
    }

    /// `broken`.
    pub fn broken(&self) -> bool {
        self.state.lock().phase == Phase::Broken
    }

    /// `wait(timeout=None)`: the arrival index (0 .. parties-1).
    /// `timeout: None` uses the barrier's default. The last thread to arrive
    /// runs `action` (with the GIL, no lock held) before the others are
    /// released; if it fails, the barrier breaks and its error is returned
    /// as `ScriptError::Script`. A broken, reset or aborted barrier, or a
    /// wait that timed out (which breaks it), gives `BrokenBarrier`.
    pub fn wait<E>(
        &self,
        b: &dyn Blocker,
        timeout: Option<Duration>,
        action: impl FnOnce() -> Result<(), E>,
    ) -> Result<usize, ScriptError<E>> {
        let timeout = timeout.or(self.timeout);
        let arrival = {
            let mut st = self.state.lock();
            if Self::transient(st.phase) {
                drop(st);
                without_gil(b, || {
                    let st = self.state.lock();
                    let (mut st, r) = wait_loop(&self.ctx(b, Deadline::Never), &self.cv, st, |s| {
                        !Self::transient(s.phase)
                    });
                    r?;
                    self.arrive(&mut st)
                })?
            } else {
                self.arrive(&mut st)?
            }
        };
        match arrival {
            Arrival::Last(index) => self.release_all(index, action),
            Arrival::Wait(index) => self.wait_release(b, index, timeout).map_err(Into::into),
        }
    }

    fn ctx<'a>(&'a self, b: &'a dyn Blocker, deadline: Deadline) -> WaitCtx<'a> {
        WaitCtx {
            b,
            registry: &self.registry,
            resource: &self.res,
            action: Action::BarrierWait,
            deadline,
            interruptible: true,
        }
    }

    fn transient(phase: Phase) -> bool {
        matches!(phase, Phase::Action | Phase::Draining | Phase::Resetting)
    }

    fn arrive(&self, st: &mut State) -> BlockResult<Arrival> {
        if st.phase == Phase::Broken {
            return Err(BlockError::BrokenBarrier);
        }
        let index = st.count;
        st.count += 1;
        Ok(if index + 1 == self.parties {
            Arrival::Last(index)
        } else {
            Arrival::Wait(index)
        })
    }

    fn release_all<E>(
        &self,
        index: usize,
        action: impl FnOnce() -> Result<(), E>,
    ) -> Result<usize, ScriptError<E>> {
        let mut st = self.state.lock();
        let mut result = Ok(index);
        if self.has_action {
            st.phase = Phase::Action;
            drop(st);
            let outcome = action();
            st = self.state.lock();
            match outcome {
                Err(e) => {
                    self.break_locked(&mut st);
                    result = Err(ScriptError::Script(e));
                }
                // Reset or aborted while the action ran.
                Ok(()) if st.phase != Phase::Action => {
                    result = Err(ScriptError::Block(BlockError::BrokenBarrier));
                }
                Ok(()) => {}
            }
        }
        if result.is_ok() {
            st.phase = Phase::Draining;
            self.wake_all();
        }
        self.leave(&mut st);
        result
    }

    fn wait_release(
        &self,
        b: &dyn Blocker,
        index: usize,
        timeout: Option<Duration>,
    ) -> BlockResult<usize> {
        let deadline = Deadline::after(timeout);
        without_gil(b, || {
            let st = self.state.lock();
            let (mut st, r) = wait_loop(&self.ctx(b, deadline), &self.cv, st, |s| {
                !matches!(s.phase, Phase::Filling | Phase::Action)
            });
            let result = match r {
                Ok(false) => {
                    self.break_locked(&mut st);
                    Err(BlockError::BrokenBarrier)
                }
                Ok(true) if matches!(st.phase, Phase::Resetting | Phase::Broken) => {
                    Err(BlockError::BrokenBarrier)
                }
                Ok(true) => Ok(index),
                Err(e) => Err(e),
            };
            self.leave(&mut st);
            result
        })
    }

    /// A thread leaves `wait`: the last one out ends draining or resetting.
    fn leave(&self, st: &mut MutexGuard<'_, State>) {
        st.count -= 1;
        if st.count == 0 && matches!(st.phase, Phase::Resetting | Phase::Draining) {
            st.phase = Phase::Filling;
            self.wake_all();
        }
    }

    fn break_locked(&self, st: &mut State) {
        st.phase = Phase::Broken;
        self.wake_all();
    }

    fn wake_all(&self) {
        self.registry.wake_resource(&self.res);
        self.cv.notify_all();
    }

    /// `reset()`: threads waiting now get `BrokenBarrier`; the barrier is
    /// usable again once they have left.
    pub fn reset(&self) {
        let mut st = self.state.lock();
        if st.count > 0 {
            if matches!(st.phase, Phase::Filling | Phase::Action | Phase::Broken) {
                st.phase = Phase::Resetting;
            }
        } else {
            st.phase = Phase::Filling;
        }
        self.wake_all();
    }

    /// `abort()`: breaks the barrier; waiting and future `wait`s fail.
    pub fn abort(&self) {
        let mut st = self.state.lock();
        self.break_locked(&mut st);
    }

    pub fn desc(&self) -> &str {
        self.res.desc()
    }
}
