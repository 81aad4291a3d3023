//! The Rust core of the `lock` and `queue` modules: blocking primitives that
//! release the GIL while they wait, honour timeouts exactly, can be
//! interrupted (Ctrl-C in the main thread), and take part in deadlock
//! detection (issue 4).
//!
//! Every type here is plain Rust (`Send + Sync`), built on a mutex and a
//! condition variable, and holds no interpreter values: queue items are an
//! opaque `T` (the binding stores an owned, `Send` handle to a script value).
//! The script-facing objects wrap these types.
//!
//! # Blocking, the GIL and interrupts
//!
//! Every operation that may block takes a [`Blocker`]: the calling thread's
//! view of the interpreter. The primitive first tries its fast path with the
//! GIL held; only when it must wait does it call [`Blocker::allow_threads`]
//! (the VM implements it with `Gil::blocking_section`) and wait inside,
//! without the GIL. The wait is sliced: it wakes on a notify or every
//! [`POLL_INTERVAL`] at the latest to ask [`Blocker::check_interrupt`]
//! (called WITHOUT the GIL; the VM's implementation reads the eval breaker's
//! `SIGNALS_PENDING` bit in the main thread and answers `Ok` elsewhere) and
//! the deadlock registry. Timeouts are deadlines fixed when the call starts;
//! `Some(Duration::ZERO)` is a non-blocking try, `None` waits forever.
//!
//! Lock order, which makes the GIL safe to release and retake: GIL →
//! primitive mutex → [`Registry`] mutex → holder cells. No thread ever waits
//! for the GIL while holding a primitive's mutex (the blocking section ends
//! after the wait loop has dropped the guard), and the registry never takes
//! a primitive's mutex. Script code (a priority queue's comparator, a
//! barrier's action, a `wait_for` predicate) never runs under one of our
//! mutexes either.
//!
//! # Errors
//!
//! Operations fail with [`BlockError`], which the binding maps to conc
//! exceptions (see the variant docs). Items handed to a queue are never
//! dropped here on a failure path: a failed `put` gives the item back, an
//! immediate `shutdown` returns the drained items, so that the binding drops
//! script values where it holds the GIL.
//!
//! # Mutex implementation
//!
//! The design calls for parking_lot; `conc-stdlib` does not depend on it
//! yet, so [`sync`] wraps `std::sync`'s futex-based mutex and condition
//! variable behind the parking_lot-like surface we need (poisoning ignored).
//! Switching is a change to that one file.

mod barrier;
mod condition;
pub mod deadlock;
mod event;
mod heap;
mod lock;
mod queue;
mod rlock;
mod semaphore;
mod sync;
mod wait;

use std::fmt;
use std::time::Duration;

pub use barrier::Barrier;
pub use condition::{CondLock, Condition};
pub use deadlock::{
    DeadlockReport, ExternalWaker, Registry, ResourceKind, ThreadReport, WaitTarget,
};
pub use event::Event;
pub use lock::Lock;
pub use queue::{LifoQueue, PriorityQueue, PutError, Queue, QueueCore, SimpleQueue};
pub use rlock::{RLock, RLockSaved};
pub use semaphore::{BoundedSemaphore, Semaphore};

/// A thread's identity as the interpreter knows it (the thread module's
/// `ident`). `u64::MAX` is reserved (it means "nobody" inside holder cells).
pub type ThreadId = u64;

/// How often a blocked wait wakes, at the latest, to check for an interrupt
/// and for a deadlock verdict.
pub const POLL_INTERVAL: Duration = Duration::from_millis(50);

/// The pending interrupt that ends a wait (Ctrl-C: the binding raises
/// `KeyboardInterrupt`, or runs the signal handlers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interrupted;

/// The calling thread, as the blocking primitives see it. The VM implements
/// it with the thread's `GilThread` and `Gil::blocking_section`; tests use a
/// GIL-less implementation.
pub trait Blocker {
    /// The calling thread's id, as registered with the [`Registry`]. Waits of
    /// a thread the registry does not know are not tracked.
    fn thread_id(&self) -> ThreadId;

    /// Runs `wait` exactly once, with the GIL released (and retaken after).
    /// `wait` touches no interpreter value.
    fn allow_threads(&self, wait: &mut dyn FnMut());

    /// Called without the GIL, from inside `allow_threads`, at least every
    /// [`POLL_INTERVAL`] while a wait lasts: `Err` ends the wait with
    /// [`BlockError::Interrupted`]. Must be cheap and must not block.
    fn check_interrupt(&self) -> Result<(), Interrupted>;
}

/// Why a blocking primitive's operation failed. The binding maps each
/// variant to a conc exception.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockError {
    /// `queue.Empty`: a non-blocking or timed-out `get`.
    Empty,
    /// `queue.Full`: a non-blocking or timed-out `put` on a bounded queue.
    Full,
    /// `queue.ShutDown`: the queue was shut down.
    ShutDown,
    /// `RuntimeError(msg)`: e.g. "release unlocked lock".
    Runtime(String),
    /// `ValueError(msg)`: e.g. "Semaphore released too many times".
    Value(String),
    /// `threading.BrokenBarrierError`.
    BrokenBarrier,
    /// `DeadlockError(report)`: every live thread is blocked for good.
    Deadlock(DeadlockReport),
    /// The wait was interrupted ([`Blocker::check_interrupt`] said so).
    Interrupted,
}

impl From<Interrupted> for BlockError {
    fn from(_: Interrupted) -> BlockError {
        BlockError::Interrupted
    }
}

impl fmt::Display for BlockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BlockError::Empty => f.write_str("Empty"),
            BlockError::Full => f.write_str("Full"),
            BlockError::ShutDown => f.write_str("ShutDown"),
            BlockError::Runtime(m) | BlockError::Value(m) => f.write_str(m),
            BlockError::BrokenBarrier => f.write_str("BrokenBarrierError"),
            BlockError::Deadlock(r) => write!(f, "{r}"),
            BlockError::Interrupted => f.write_str("interrupted"),
        }
    }
}

impl std::error::Error for BlockError {}

/// Result of the operations that may block.
pub type BlockResult<T> = Result<T, BlockError>;

/// A failure of an operation that also runs script code (a priority queue's
/// comparison, a barrier's action, a `wait_for` predicate): either the
/// primitive's own error or the script's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScriptError<E> {
    Block(BlockError),
    Script(E),
}

impl<E> From<BlockError> for ScriptError<E> {
    fn from(e: BlockError) -> Self {
        ScriptError::Block(e)
    }
}

// ----- argument conversion, Python's rules ---------------------------------

/// A timeout in seconds (`float`) as a duration: negative and NaN are zero,
/// too large to represent is "practically forever" (still a timed wait, so
/// never counted as blocked for good). For `Event.wait`, `Condition.wait`,
/// `Barrier.wait`, `Thread.join` and `Semaphore.acquire`, where Python
/// treats a negative timeout as "don't wait".
pub fn secs(timeout: f64) -> Duration {
    if timeout.is_nan() || timeout <= 0.0 {
        Duration::ZERO
    } else {
        Duration::try_from_secs_f64(timeout).unwrap_or(wait::FOREVER_ISH)
    }
}

/// `Lock.acquire(blocking=True, timeout=-1)` / `RLock.acquire` arguments, as
/// CPython parses them: `-1` means forever; any other negative number is a
/// `ValueError`, and so is a timeout given with `blocking=False`.
pub fn lock_timeout(blocking: bool, timeout: f64) -> BlockResult<Option<Duration>> {
    if !blocking && timeout != -1.0 {
        return Err(BlockError::Value(
            "can't specify a timeout for a non-blocking call".into(),
        ));
    }
    if timeout < 0.0 && timeout != -1.0 || timeout.is_nan() {
        return Err(BlockError::Value("timeout value must be positive".into()));
    }
    Ok(if !blocking {
        Some(Duration::ZERO)
    } else if timeout == -1.0 {
        None
    } else {
        Some(secs(timeout))
    })
}

/// `Semaphore.acquire(blocking=True, timeout=None)` arguments.
pub fn semaphore_timeout(blocking: bool, timeout: Option<f64>) -> BlockResult<Option<Duration>> {
    match (blocking, timeout) {
        (false, Some(_)) => Err(BlockError::Value(
            "can't specify timeout for non-blocking acquire".into(),
        )),
        (false, None) => Ok(Some(Duration::ZERO)),
        (true, t) => Ok(t.map(secs)),
    }
}

/// `Queue.put/get(block=True, timeout=None)` arguments: a negative timeout
/// is a `ValueError` when blocking, ignored when not.
pub fn queue_timeout(block: bool, timeout: Option<f64>) -> BlockResult<Option<Duration>> {
    match (block, timeout) {
        (false, _) => Ok(Some(Duration::ZERO)),
        (true, None) => Ok(None),
        (true, Some(t)) if t < 0.0 || t.is_nan() => Err(BlockError::Value(
            "'timeout' must be a non-negative number".into(),
        )),
        (true, Some(t)) => Ok(Some(secs(t))),
    }
}
