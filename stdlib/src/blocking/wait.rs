//! The one wait loop every primitive uses: sliced condition-variable waits
//! with a deadline, interrupt checks, and deadlock-registry bookkeeping.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::deadlock::{Action, Registry, Resource, Waiting};
use super::sync::{Condvar, MutexGuard};
use super::{BlockError, BlockResult, Blocker, POLL_INTERVAL};

/// A timeout too large to represent as an instant is this far away instead
/// (still a timed wait).
pub(crate) const FOREVER_ISH: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

/// When a wait gives up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Deadline {
    /// Waits for good: the thread counts as blocked for deadlock detection.
    Never,
    /// A timed wait: the thread can still wake by itself.
    At(Instant),
}

impl Deadline {
    /// The deadline of a wait starting now (`None` = forever).
    pub(crate) fn after(timeout: Option<Duration>) -> Deadline {
        match timeout {
            None => Deadline::Never,
            Some(d) => {
                let now = Instant::now();
                Deadline::At(
                    now.checked_add(d)
                        .or_else(|| now.checked_add(FOREVER_ISH))
                        .unwrap_or(now),
                )
            }
        }
    }

    /// `timeout=0`: a non-blocking try.
    pub(crate) fn is_now(timeout: Option<Duration>) -> bool {
        timeout == Some(Duration::ZERO)
    }
}

/// What one waiting thread waits on, for the wait loop.
pub(crate) struct WaitCtx<'a> {
    pub(crate) b: &'a dyn Blocker,
    pub(crate) registry: &'a Registry,
    pub(crate) resource: &'a Arc<Resource>,
    pub(crate) action: Action,
    pub(crate) deadline: Deadline,
    /// Whether [`Blocker::check_interrupt`] may end the wait (not while a
    /// condition retakes its lock).
    pub(crate) interruptible: bool,
}

/// Waits on `cv` (whose mutex `guard` holds) until `ready(&mut state)` is
/// true — then returns `Ok(true)` with the guard still held, so the caller
/// acts on the state atomically — or the deadline passes (`Ok(false)`), or
/// an interrupt or a deadlock verdict ends the wait. Must be called without
/// the GIL (inside [`Blocker::allow_threads`]).
///
/// A wait without a deadline is registered as blocked with the registry
/// while the primitive's mutex is held, and re-registered whenever a waker
/// marked it runnable but `ready` turned out false (someone else got there
/// first): that is what makes detection race-free (see `deadlock.rs`).
pub(crate) fn wait_loop<'m, S>(
    ctx: &WaitCtx<'_>,
    cv: &Condvar,
    mut guard: MutexGuard<'m, S>,
    mut ready: impl FnMut(&mut S) -> bool,
) -> (MutexGuard<'m, S>, BlockResult<bool>) {
    let me = ctx.b.thread_id();
    let mut registered = false;
    let mut waited = false;
    let result = loop {
        if ready(&mut guard) {
            break Ok(true);
        }
        if waited && ctx.interruptible && ctx.b.check_interrupt().is_err() {
            break Err(BlockError::Interrupted);
        }
        let now = Instant::now();
        let slice_end = match ctx.deadline {
            Deadline::Never => {
                let waiting = Waiting::On(ctx.resource.clone(), ctx.action);
                if let Err(report) = ctx.registry.block(me, waiting) {
                    break Err(BlockError::Deadlock(report));
                }
                registered = true;
                now + POLL_INTERVAL
            }
            Deadline::At(d) => {
                if now >= d {
                    break Ok(false);
                }
                d.min(now + POLL_INTERVAL)
            }
        };
        guard = cv.wait_until(guard, slice_end);
        waited = true;
    };
    if registered {
        ctx.registry.unblock(me);
    }
    (guard, result)
}

/// Runs `f` with the GIL released, through [`Blocker::allow_threads`].
///
/// `R: Send` keeps a mutex guard from leaving the GIL-free section (a
/// guard is not `Send`): the GIL is taken back after `f` returns, and a
/// thread that waits for the GIL while holding a primitive's mutex
/// deadlocks with a GIL holder that waits for that mutex.
pub(crate) fn without_gil<R: Send>(b: &dyn Blocker, f: impl FnOnce() -> R) -> R {
    let mut f = Some(f);
    let mut out = None;
    b.allow_threads(&mut || {
        if let Some(f) = f.take() {
            out = Some(f());
        }
    });
    match (out, f) {
        (Some(out), _) => out,
        // A blocker that did not run the closure: run it here (with the
        // GIL, which is slow but correct) rather than fail.
        (None, Some(f)) => f(),
        (None, None) => unreachable!("closure ran but produced no value"),
    }
}
