//! The global interpreter lock.
//!
//! # The algorithm
//!
//! Modelled on CPython's "new GIL" (Python/ceval_gil.c, Antoine Pitrou, 2009),
//! with one change of policy for threads coming back from blocking calls.
//!
//! Each interpreter owns one [`Gil`]. Its state — `locked`, `holder` (the
//! small id of the thread that has it), `last_holder` and a `switch_number`
//! that grows each time the lock passes to a *different* thread — is guarded
//! by a parking_lot `Mutex`, with two condition variables: `cond`, signalled
//! when the lock is released, and `switch_cond`, signalled when a thread takes
//! it. Next to the mutex lives one atomic word, the *eval breaker*
//! ([`EvalBreaker`]): bit flags that ask the running thread to stop what it is
//! doing at the next convenient point — [`GIL_DROP_REQUEST`] (another thread
//! wants the GIL), [`SIGNALS_PENDING`] (Ctrl-C: raise `KeyboardInterrupt`),
//! [`TRACER_REQUEST`]. The eval loop reads that word with one relaxed load on
//! every backward jump and every call — not on every instruction — and only
//! if it is non-zero does it leave the fast path ([`Gil::poll`]).
//!
//! Taking the GIL ([`Gil::take_gil`]): if it is free, take it. Otherwise wait on
//! `cond` for at most one *switch interval* (default 5 ms,
//! [`Gil::set_switch_interval`], `sys.setswitchinterval`). If the interval
//! ran out and the lock did not change hands meanwhile (`switch_number` is
//! what it was), set the drop request in the eval breaker, then keep waiting.
//! A waiter that saw a switch happen starts a new interval: the new holder
//! deserves its own slice. Only one waiter at a time, the *timekeeper*,
//! waits with the interval as its timeout, on a condition variable of its
//! own (`timekeeper_cond`); the others sleep on `cond` until they are
//! woken. A release wakes the timekeeper; a timekeeper that takes the lock
//! wakes the longest sleeper on `cond` (`notify_one`, FIFO order) to take
//! over the timing. So the lock goes round the waiters in turn: the
//! timekeeper, the one asking for the switch, is served at the release it
//! asked for, and every sleeper becomes the timekeeper in its turn. (Woken
//! in plain queue order instead, a timekeeper would requeue behind the
//! sleepers each time its interval ran out, and with two other threads
//! taking turns it would never get the lock.) With thousands of waiters
//! (threads just woken by one `Event.set()`), all of them waking every
//! interval would queue them on the state mutex ahead of the holder that
//! wants to hand over, making each hand-over cost time in proportion to
//! their number.
//!
//! Dropping it ([`Gil::drop_gil`], and [`Gil::yield_gil`] which the eval loop
//! calls when it sees the drop request): mark it free and signal the
//! timekeeper (or `cond` when there is none).
//! Then FORCED SWITCHING: if the drop was requested, the dropping thread waits
//! on `switch_cond` until `switch_number` has changed, i.e. until some other
//! thread has actually taken the lock, before it may ask for it again.
//! Without this, a CPU-bound thread that drops the lock usually takes it right
//! back — it is already running, while the waiter still has to be woken and
//! scheduled — and the waiters would starve. With it, two CPU-bound threads
//! alternate once per switch interval.
//!
//! The new holder clears the drop request when it takes the lock (any other
//! waiter will set it again after its own interval), unless a *priority*
//! waiter is still waiting (below), in which case the request stays set.
//!
//! # Blocking calls and the convoy effect (bpo-7946)
//!
//! Every operation that may block — `time.sleep`, file and socket I/O, lock
//! and queue waits, `join`, the REPL's `readline` — releases the GIL around
//! the blocking part ([`Gil::release_for_blocking`] /
//! [`Gil::reacquire_after_blocking`], or the closure form
//! [`Gil::allow_threads`]). Releasing for blocking never does the forced
//! switch wait: the thread is about to block anyway.
//!
//! Under CPython's rules a thread that comes back from a blocking call is an
//! ordinary waiter: beside a CPU-bound thread it waits a whole switch
//! interval before it may even ask for the lock. A thread doing many short
//! blocking round trips therefore pays ~5 ms per round trip instead of
//! microseconds: this is the convoy effect of CPython issue bpo-7946 (×9.6
//! for a thread sleeping 0.5 ms at a time beside a spinning thread with
//! CPython 3.11 on this project's machine, ×80–×140 for socket round trips).
//!
//! conc's policy — PRIORITY REACQUIRE: a thread coming back from a blocking
//! call that finds the lock held sets the drop request AT ONCE (a "priority
//! request", counted in [`ThreadStats::priority_requests`]) instead of after a
//! switch interval. The holder honours it at its next poll point
//! (microseconds away in the eval loop), drops the lock, and — forced
//! switching — cannot take it back before someone else has. So the I/O thread
//! gets the GIL within the time it takes the holder to reach a poll point
//! plus one wake-up, runs its short piece of work, and blocks again, which
//! releases the lock to the CPU-bound thread (waiting on `cond`, it is woken
//! by that release).
//!
//! Why this cannot starve CPU-bound threads:
//! - The priority is only "ask now instead of in 5 ms", not "jump the
//!   queue": when the lock is released, the timekeeper is woken (the lock
//!   goes round the waiters in turn, above) or whoever arrives first takes
//!   it. A CPU-bound thread preempted by a priority request is itself a
//!   waiter from then on and gets the lock back as soon as the I/O thread
//!   blocks again.
//! - A priority request only preempts at a poll point, after the holder has
//!   taken the lock and run up to its next backward jump or call: every
//!   preemption leaves the preempted thread some progress. A thread that is
//!   mostly blocked uses the lock for little time, so the CPU-bound thread
//!   keeps almost all of it; if several "I/O" threads keep the lock busy
//!   between them, they are in effect CPU-bound together, and the CPU-bound
//!   thread still gets the lock when its turn as the timekeeper comes.
//! - Only a return from a blocking call earns a priority request: a thread
//!   that was merely preempted (forced switch) waits out ordinary switch
//!   intervals, so CPU-bound threads share fairly by the interval among
//!   themselves exactly as in CPython.
//!
//! The policy can be switched off ([`GilConfig::priority_reacquire`],
//! [`Gil::set_priority_reacquire`]) to compare: `cargo run --release -p
//! conc-interp --example gil_convoy` measures a thread doing 200 × (release,
//! sleep 0.5 ms, reacquire, tiny work), alone and beside a spinning thread
//! that polls like the eval loop. On this project's machine (2 shared cores)
//! the I/O loop took ~120 ms alone; beside the spinner it took ×1.08–×1.2
//! longer with priority reacquire while the machine was otherwise quiet
//! (×1.3–×1.6 with other builds loading it to 5 runnable threads), against
//! ×7.5–×12 without it. With the policy on, the median reacquire took 7–12 µs
//! and all 200 reacquires together waited 2–10 ms for the GIL: the rest of
//! the slowdown is the sleeps themselves overshooting on a busy machine. Off,
//! the median reacquire took 5.1 ms, one switch interval (CPython 3.11's
//! figure on this machine: ×9.6). The spinner held the GIL for 70–98% of the
//! run with the policy on. Two such I/O threads (200 µs sleeps) beside a
//! spinner for 1 s: the spinner held the GIL 926 ms of the 1000 — its share
//! is what the I/O threads leave, and they cannot starve it.
//!
//! # No-GIL mode
//!
//! A `Gil` built with `enabled == false` ([`Gil::disabled`], `--no-gil`) has
//! the same API, and every operation on it returns at once without locking
//! anything: the VM calls the same functions in both modes and needs no
//! `if`. The eval breaker still works (signals, tracer); the drop-request
//! bit is never set. Thread registration still records names, so stats list
//! the threads. With [`GilConfig::stats`] or a trace path, the no-GIL stand-in
//! also records each thread's *running* and *blocked* phases (taking the
//! state mutex at each blocking call, which is why it is off unless asked):
//! there is no lock to wait for or hand over, so the waiting time and the
//! switch counters stay zero, and `--gil-stats` prints only what it knows.
//! The same calls keep count of the threads *attached* (running
//! interpreter code, not blocked), so that one thread can stop all the
//! others at their poll points when it needs the object graph to hold
//! still, as the cycle collector does ([`Gil::stop_the_world`], the
//! `world` submodule; [`STOP_THE_WORLD`] in the eval breaker). The same
//! lock-order rule holds for that wait as for the GIL (below).
//!
//! # Statistics and tracing
//!
//! Every thread registers ([`Gil::register_thread`]) and gets a
//! [`GilThread`] handle, which each operation takes, so the lock knows who is
//! who. At each transition (taking, dropping, releasing for blocking) the
//! thread's current *phase* — running, waiting, blocked, or idle — ends and
//! its duration is added to the thread's totals; [`Gil::stats`] snapshots
//! them (see [`ThreadStats`], [`format_stats_table`]). With a trace path
//! ([`GilConfig::trace_path`], `--trace FILE.json`) each finished phase is
//! also recorded as an interval, and each drop request as an instant event,
//! and [`Gil::write_trace`] writes Chrome trace-event JSON (see the `trace`
//! submodule). All of this is done while the state mutex is held, which the
//! thread holds at every transition anyway.
//!
//! # Invariants
//!
//! The GIL's correctness is what makes the non-atomic refcounts and the
//! unlocked object cells of `sync.rs` sound, so:
//! 1. `state.locked == state.holder.is_some()`; at most one thread holds the
//!    GIL, and only the holder may release it (a release by another thread is
//!    ignored, and is a debug assertion failure).
//! 2. Taking and releasing both go through `state`'s mutex, so everything a
//!    thread did while holding the GIL happens-before everything the next
//!    holder does (mutex release/acquire ordering). The eval breaker is only
//!    a hint (relaxed atomics): it never grants the lock, it only asks.
//! 3. `switch_number` increases exactly when the lock is taken by a thread
//!    other than `last_holder`; it never decreases.
//! 4. `waiters` counts threads inside the wait loop of `take_gil`,
//!    `priority_waiters` the priority ones among them; a thread leaves the
//!    loop only by taking the lock, so a set drop request always has a waiter
//!    to serve it, and the forced-switch wait ends (it also gives up if
//!    `waiters` drops to zero, so it can never wait forever).
//! 5. Every wait is a timed wait re-checking its condition in a loop, so a
//!    lost or spurious wake-up costs at most one switch interval (one
//!    second for a waiter that is not the timekeeper). Whenever threads
//!    wait, one of them is the timekeeper or is about to become it: the
//!    timekeeper leaves the loop only by taking the lock, and then wakes
//!    another waiter, which takes the role when it re-checks.
//!
//! # Lock order: the GIL before any other lock
//!
//! The GIL comes first in every lock order: a thread may take a Rust mutex
//! (an object's cell under `--no-gil`, a lock's or queue's state) while it
//! holds the GIL, but it must never wait for the GIL while it holds such a
//! mutex. A mutex that a thread keeps across a blocking system call (a
//! file's state during a read, the stdout buffer during a write: `io/`) is
//! stricter still: it is never waited for with the GIL held, only inside a
//! blocking section or through `try_lock`, or one blocked read would stop
//! every thread. The thread holding the GIL may be the one waiting
//! for that mutex, and neither would move again. So a blocking section
//! ([`Gil::allow_threads`], [`Gil::release_for_blocking`] ...
//! [`Gil::reacquire_after_blocking`]) drops every guard it took before it
//! returns, and no guard taken with the GIL held is kept across one: the
//! VM's `allow_threads` requires `Send` results (guards are not `Send`), and
//! so does the stdlib's `blocking::wait::without_gil`.
//!
//! No unsafe code here.

mod stats;
mod trace;
mod world;

pub use world::WorldStopped;

pub use stats::{format_stats_table, ThreadStats};

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use parking_lot::{Condvar, Mutex, MutexGuard};

use trace::{Event, Trace};

/// Eval-breaker bit: another thread waits for the GIL; drop it at the next
/// poll point ([`Gil::poll`] does).
pub const GIL_DROP_REQUEST: u32 = 1 << 0;
/// Eval-breaker bit: a signal (Ctrl-C) is pending; the main thread raises it.
pub const SIGNALS_PENDING: u32 = 1 << 1;
/// Eval-breaker bit: the tracer/debugger asks the running thread to stop.
pub const TRACER_REQUEST: u32 = 1 << 2;
/// Eval-breaker bit, no-GIL mode: another thread stops the world; wait at
/// the poll point until it runs again ([`Gil::stop_the_world`]).
pub const STOP_THE_WORLD: u32 = 1 << 5;

/// The default switch interval, as CPython's.
pub const DEFAULT_SWITCH_INTERVAL: Duration = Duration::from_millis(5);
/// The smallest switch interval accepted; smaller values are raised to it.
pub const MIN_SWITCH_INTERVAL: Duration = Duration::from_micros(1);
/// How long a waiter other than the timekeeper sleeps at most before it
/// looks at the lock again: a safety net only, as a release or the
/// timekeeper's hand-over wakes it.
const IDLE_WAITER_TIMEOUT: Duration = Duration::from_secs(1);

/// The eval breaker: one atomic word of request bits ([`GIL_DROP_REQUEST`],
/// [`SIGNALS_PENDING`], [`TRACER_REQUEST`]) that the eval loop polls on
/// backward jumps and calls. Any thread (or a signal handler) may set bits.
#[derive(Debug, Default)]
pub struct EvalBreaker {
    bits: AtomicU32,
}

impl EvalBreaker {
    pub const fn new() -> EvalBreaker {
        EvalBreaker {
            bits: AtomicU32::new(0),
        }
    }

    /// The poll: one relaxed load. Non-zero means "leave the fast path".
    #[inline(always)]
    pub fn load(&self) -> u32 {
        self.bits.load(Ordering::Relaxed)
    }

    /// True if any of `bits` is set.
    #[inline]
    pub fn is_set(&self, bits: u32) -> bool {
        self.load() & bits != 0
    }

    /// Sets `bits` (from any thread).
    #[inline]
    pub fn set(&self, bits: u32) {
        self.bits.fetch_or(bits, Ordering::Release);
    }

    /// Clears `bits`.
    #[inline]
    pub fn clear(&self, bits: u32) {
        self.bits.fetch_and(!bits, Ordering::Release);
    }

    /// Clears `bits` and returns which of them were set (e.g. to consume a
    /// pending signal exactly once).
    #[inline]
    pub fn take(&self, bits: u32) -> u32 {
        self.bits.fetch_and(!bits, Ordering::AcqRel) & bits
    }

    /// The underlying word, for code that wants the raw atomic.
    pub fn as_atomic(&self) -> &AtomicU32 {
        &self.bits
    }
}

/// How a [`Gil`] starts.
#[derive(Clone, Debug)]
pub struct GilConfig {
    /// False for `--no-gil`: every operation is a no-op.
    pub enabled: bool,
    /// How long a waiter waits before it asks the holder to drop the lock.
    pub switch_interval: Duration,
    /// The convoy-effect fix: a thread coming back from a blocking call asks
    /// for the lock at once (see the module documentation). On by default.
    pub priority_reacquire: bool,
    /// Record a Chrome trace of the GIL, written to this file by
    /// [`Gil::write_trace`] (or when the `Gil` is dropped).
    pub trace_path: Option<PathBuf>,
    /// Without a GIL, record each thread's running and blocked time anyway
    /// (`--gil-stats --no-gil`). A real GIL always records them.
    pub stats: bool,
}

impl Default for GilConfig {
    fn default() -> GilConfig {
        GilConfig {
            enabled: true,
            switch_interval: DEFAULT_SWITCH_INTERVAL,
            priority_reacquire: true,
            trace_path: None,
            stats: false,
        }
    }
}

/// A thread's registration with one [`Gil`]: passed to every operation so
/// stats and trace events carry the thread's name. Not `Clone`: one handle
/// per thread. Give it back with [`Gil::unregister_thread`] when the thread
/// ends (its stats are kept).
#[derive(Debug)]
pub struct GilThread {
    id: u32,
    gil_uid: u64,
    /// No-GIL mode: the thread is counted as running interpreter code
    /// (`gil/world.rs`).
    attached: AtomicBool,
}

impl GilThread {
    /// The small id of this thread (0 for the first registered, usually the
    /// main thread); also the `tid` of its trace events.
    pub fn id(&self) -> u32 {
        self.id
    }
}

/// What a registered thread is doing with respect to the GIL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Registered, not holding, not waiting, not in a blocking section.
    Idle,
    /// Holding the GIL.
    Running,
    /// Waiting to take the GIL (or for the switch after a forced drop).
    WaitGil,
    /// Released the GIL around blocking work.
    Blocked,
}

impl Phase {
    fn trace_name(self) -> &'static str {
        match self {
            Phase::Idle => "idle",
            Phase::Running => "running",
            Phase::WaitGil => "wait_gil",
            Phase::Blocked => "blocked",
        }
    }
}

#[derive(Debug)]
struct ThreadRecord {
    phase: Phase,
    phase_start: Instant,
    /// What the thread blocks on while `phase` is `Blocked`, if the caller
    /// said (`"sleep"`, `"io"`, ...); recorded as the trace slice's `reason`.
    block_reason: Option<&'static str>,
    stats: ThreadStats,
    /// A host thread's row ([`Gil::register_host_thread`]): once that
    /// thread detaches, the next host thread to attach takes the row over.
    host: bool,
}

#[derive(Debug)]
struct State {
    /// Invariant: `locked == holder.is_some()`.
    locked: bool,
    holder: Option<u32>,
    last_holder: Option<u32>,
    /// Grows by one each time the lock is taken by a thread other than
    /// `last_holder`.
    switch_number: u64,
    /// Threads inside `take_gil`'s wait loop.
    waiters: u32,
    /// Priority waiters among them (came back from blocking work).
    priority_waiters: u32,
    /// The waiter that times the switch interval (see `take_locked`).
    timekeeper: Option<u32>,
    /// Indexed by thread id; never shrinks (exited threads keep their stats).
    threads: Vec<ThreadRecord>,
    /// Rows of host threads that detached, free for the next to attach.
    free_host_rows: Vec<u32>,
    /// `Some` when tracing.
    trace: Option<Trace>,
}

static NEXT_GIL_UID: AtomicU64 = AtomicU64::new(1);

/// The global interpreter lock of one interpreter. Share it between threads
/// with an `Arc`. See the module documentation for the algorithm.
#[derive(Debug)]
pub struct Gil {
    enabled: bool,
    uid: u64,
    breaker: EvalBreaker,
    interval_us: AtomicU64,
    priority_reacquire: AtomicBool,
    state: Mutex<State>,
    /// Signalled when the lock is released and no timekeeper waits, or to
    /// hand the timekeeper's role on.
    cond: Condvar,
    /// The timekeeper's own: signalled when the lock is released.
    timekeeper_cond: Condvar,
    /// Signalled when a thread takes the lock (ends forced-switch waits).
    switch_cond: Condvar,
    trace_path: Option<PathBuf>,
    trace_written: AtomicBool,
    /// No-GIL mode only: record running/blocked phases (stats or trace
    /// asked for). A real GIL records them at every transition.
    record_without_gil: bool,
    /// Threads registered and not yet unregistered.
    live_threads: AtomicUsize,
    /// No-GIL mode: which threads run, and a stop of the world.
    world: Mutex<world::World>,
    world_cond: Condvar,
}

impl Default for Gil {
    fn default() -> Gil {
        Gil::new(GilConfig::default())
    }
}

impl Gil {
    /// A GIL (or, with `config.enabled == false`, the no-op stand-in).
    pub fn new(config: GilConfig) -> Gil {
        let epoch = Instant::now();
        let trace = config
            .trace_path
            .as_ref()
            .map(|_| Trace::new(epoch, config.enabled));
        let record_without_gil = !config.enabled && (config.stats || config.trace_path.is_some());
        Gil {
            enabled: config.enabled,
            uid: NEXT_GIL_UID.fetch_add(1, Ordering::Relaxed),
            breaker: EvalBreaker::new(),
            interval_us: AtomicU64::new(interval_to_us(config.switch_interval)),
            priority_reacquire: AtomicBool::new(config.priority_reacquire),
            state: Mutex::new(State {
                locked: false,
                holder: None,
                last_holder: None,
                switch_number: 0,
                waiters: 0,
                priority_waiters: 0,
                timekeeper: None,
                threads: Vec::new(),
                free_host_rows: Vec::new(),
                trace,
            }),
            cond: Condvar::new(),
            timekeeper_cond: Condvar::new(),
            switch_cond: Condvar::new(),
            trace_path: config.trace_path,
            trace_written: AtomicBool::new(false),
            record_without_gil,
            live_threads: AtomicUsize::new(0),
            world: Mutex::new(world::World::default()),
            world_cond: Condvar::new(),
        }
    }

    /// The no-GIL stand-in: same API, every operation a no-op.
    pub fn disabled() -> Gil {
        Gil::new(GilConfig {
            enabled: false,
            ..GilConfig::default()
        })
    }

    /// True for a real lock, false in no-GIL mode.
    #[inline]
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// The eval-breaker word this GIL sets its drop requests in.
    #[inline(always)]
    pub fn eval_breaker(&self) -> &EvalBreaker {
        &self.breaker
    }

    /// The switch interval (`sys.getswitchinterval`).
    pub fn switch_interval(&self) -> Duration {
        Duration::from_micros(self.interval_us.load(Ordering::Relaxed))
    }

    /// Sets the switch interval (`sys.setswitchinterval`); values below
    /// [`MIN_SWITCH_INTERVAL`] are raised to it. Waiters pick it up at their
    /// next interval.
    pub fn set_switch_interval(&self, interval: Duration) {
        self.interval_us
            .store(interval_to_us(interval), Ordering::Relaxed);
    }

    /// Whether threads coming back from blocking calls ask for the lock at
    /// once (the convoy-effect fix).
    pub fn priority_reacquire(&self) -> bool {
        self.priority_reacquire.load(Ordering::Relaxed)
    }

    /// Turns the convoy-effect fix on or off (for experiments).
    pub fn set_priority_reacquire(&self, on: bool) {
        self.priority_reacquire.store(on, Ordering::Relaxed);
    }

    /// How many times the lock has passed to a different thread.
    pub fn switch_count(&self) -> u64 {
        self.state.lock().switch_number
    }

    /// The id of the thread holding the GIL, if any.
    pub fn holder(&self) -> Option<u32> {
        self.state.lock().holder
    }

    /// True if `thread` holds the GIL (always true in no-GIL mode, where
    /// every thread may run).
    pub fn is_held_by(&self, thread: &GilThread) -> bool {
        !self.enabled || self.state.lock().holder == Some(thread.id)
    }

    // ----- threads -----------------------------------------------------

    /// Registers the calling thread (or a thread about to start) under
    /// `name`. The handle does not hold the GIL yet: call [`Gil::take_gil`].
    pub fn register_thread(&self, name: &str) -> GilThread {
        self.live_threads.fetch_add(1, Ordering::Relaxed);
        let mut st = self.state.lock();
        let id = push_thread_record(&mut st, name.to_string(), false);
        GilThread {
            id,
            gil_uid: self.uid,
            attached: AtomicBool::new(false),
        }
    }

    /// Registers a host thread attaching for one GIL scope (see
    /// `InterpreterHandle`). Such threads come and go as often as the
    /// host likes, so their rows are reused: a free row of a host thread
    /// that detached is taken over, its numbers adding up, and there are
    /// only ever as many `Host-N` rows as host threads were attached at
    /// once.
    pub fn register_host_thread(&self) -> GilThread {
        self.live_threads.fetch_add(1, Ordering::Relaxed);
        let mut st = self.state.lock();
        let id = match st.free_host_rows.pop() {
            Some(i) => {
                let rec = &mut st.threads[i as usize];
                rec.stats.alive = true;
                rec.phase = Phase::Idle;
                rec.phase_start = Instant::now();
                rec.block_reason = None;
                i
            }
            None => {
                let n = st.threads.iter().filter(|r| r.host).count() + 1;
                push_thread_record(&mut st, format!("Host-{n}"), true)
            }
        };
        GilThread {
            id,
            gil_uid: self.uid,
            attached: AtomicBool::new(false),
        }
    }

    /// The name `thread` is registered under (one lookup, unlike
    /// [`Gil::stats`], which copies every thread ever registered).
    pub fn thread_name(&self, thread: &GilThread) -> String {
        self.check(thread);
        let st = self.state.lock();
        st.threads
            .get(thread.id as usize)
            .map(|rec| rec.stats.name.clone())
            .unwrap_or_default()
    }

    /// Renames a registered thread (e.g. `Thread.name = ...`).
    pub fn rename_thread(&self, thread: &GilThread, name: &str) {
        self.check(thread);
        let mut st = self.state.lock();
        if let Some(rec) = st.threads.get_mut(thread.id as usize) {
            rec.stats.name = name.to_string();
        }
    }

    /// Ends a thread's registration; releases the GIL if the thread still
    /// holds it. Its stats stay in [`Gil::stats`], marked not alive.
    pub fn unregister_thread(&self, thread: GilThread) {
        self.check(&thread);
        if !self.enabled {
            self.detach(&thread);
        }
        let mut st = self.state.lock();
        let now = Instant::now();
        if self.enabled && st.holder == Some(thread.id) {
            self.release_locked(&mut st, thread.id);
            st.threads[thread.id as usize].stats.voluntary_switches += 1;
        }
        transition(&mut st, thread.id, Phase::Idle, now);
        st.threads[thread.id as usize].stats.alive = false;
        if st.threads[thread.id as usize].host {
            st.free_host_rows.push(thread.id);
        }
        self.live_threads.fetch_sub(1, Ordering::Relaxed);
    }

    /// How many threads are registered now (started or about to start, and
    /// not finished).
    pub fn live_threads(&self) -> usize {
        self.live_threads.load(Ordering::Relaxed)
    }

    // ----- the lock ----------------------------------------------------

    /// Takes the GIL, waiting as long as needed (see the module
    /// documentation). Taking it while already holding it returns at once.
    pub fn take_gil(&self, thread: &GilThread) {
        if !self.enabled {
            self.attach(thread);
            self.record_without_gil(thread, Phase::Running, None);
            return;
        }
        self.check(thread);
        let mut st = self.state.lock();
        self.take_locked(&mut st, thread.id, false);
    }

    /// Drops the GIL. If another thread had asked for it (drop request set),
    /// waits until some other thread has taken it (forced switching).
    pub fn drop_gil(&self, thread: &GilThread) {
        if !self.enabled {
            self.detach(thread);
            self.record_without_gil(thread, Phase::Idle, None);
            return;
        }
        self.check(thread);
        let mut st = self.state.lock();
        if st.holder != Some(thread.id) {
            debug_assert!(
                false,
                "Gil::drop_gil by a thread that does not hold the GIL"
            );
            return;
        }
        self.drop_locked(&mut st, thread.id, false);
        transition(&mut st, thread.id, Phase::Idle, Instant::now());
    }

    /// The eval loop's reaction to a drop request: drop the GIL, wait until
    /// another thread has taken it, take it again. Without a pending request
    /// it is a voluntary yield: a no-op if nobody waits, otherwise the same
    /// hand-over (as `time.sleep(0)` gives the lock away in CPython).
    pub fn yield_gil(&self, thread: &GilThread) {
        if !self.enabled {
            return;
        }
        self.check(thread);
        let mut st = self.state.lock();
        if st.holder != Some(thread.id) {
            debug_assert!(
                false,
                "Gil::yield_gil by a thread that does not hold the GIL"
            );
            return;
        }
        let requested = self.breaker.is_set(GIL_DROP_REQUEST);
        if !requested && st.waiters == 0 {
            return;
        }
        self.drop_locked(&mut st, thread.id, true);
        self.take_locked(&mut st, thread.id, false);
    }

    /// The eval loop's poll point (backward jumps, calls): one relaxed load;
    /// if a drop is requested, yields the GIL ([`Gil::yield_gil`]). Returns
    /// the other breaker bits that are set ([`SIGNALS_PENDING`],
    /// [`TRACER_REQUEST`]) for the VM to handle; 0 on the fast path.
    #[inline(always)]
    pub fn poll(&self, thread: &GilThread) -> u32 {
        let bits = self.breaker.load();
        if bits == 0 {
            return 0;
        }
        self.poll_slow(thread, bits)
    }

    #[cold]
    #[inline(never)]
    fn poll_slow(&self, thread: &GilThread, bits: u32) -> u32 {
        if bits & GIL_DROP_REQUEST != 0 {
            self.yield_gil(thread);
            return self.breaker.load() & !GIL_DROP_REQUEST;
        }
        if bits & STOP_THE_WORLD != 0 {
            self.pause_for_stop(thread);
            return self.breaker.load() & !STOP_THE_WORLD;
        }
        bits
    }

    /// Releases the GIL around blocking work (the first half of
    /// `allow_threads`). No forced-switch wait: the thread is about to block.
    pub fn release_for_blocking(&self, thread: &GilThread) {
        self.release_for_blocking_because(thread, None);
    }

    /// [`Gil::release_for_blocking`], saying what the thread blocks on
    /// (`"sleep"`, `"lock"`, `"queue"`, `"join"`, `"io"`, ...): the trace's
    /// `blocked` slice carries it as `args.reason`.
    pub fn release_for_blocking_because(&self, thread: &GilThread, reason: Option<&'static str>) {
        if !self.enabled {
            self.detach(thread);
            self.record_without_gil(thread, Phase::Blocked, reason);
            return;
        }
        self.check(thread);
        let mut st = self.state.lock();
        if st.holder != Some(thread.id) {
            debug_assert!(
                false,
                "release_for_blocking by a thread that does not hold the GIL"
            );
            return;
        }
        let now = Instant::now();
        self.release_locked(&mut st, thread.id);
        st.threads[thread.id as usize].stats.voluntary_switches += 1;
        transition(&mut st, thread.id, Phase::Blocked, now);
        st.threads[thread.id as usize].block_reason = reason;
    }

    /// Takes the GIL back after blocking work (the second half of
    /// `allow_threads`). With priority reacquire on, a held lock gets a drop
    /// request at once rather than after a switch interval.
    pub fn reacquire_after_blocking(&self, thread: &GilThread) {
        if !self.enabled {
            self.attach(thread);
            self.record_without_gil(thread, Phase::Running, None);
            return;
        }
        self.check(thread);
        let mut st = self.state.lock();
        self.take_locked(&mut st, thread.id, true);
    }

    /// Runs `f` with the GIL released ([`Gil::release_for_blocking`] before,
    /// [`Gil::reacquire_after_blocking`] after, also if `f` panics). The
    /// caller must hold the GIL. The VM's `allow_threads` adds the `Send`
    /// bound that keeps interpreter values out of `f`.
    pub fn allow_threads<R>(&self, thread: &GilThread, f: impl FnOnce() -> R) -> R {
        let _guard = self.blocking_section(thread);
        f()
    }

    /// [`Gil::allow_threads`], saying what `f` blocks on (see
    /// [`Gil::release_for_blocking_because`]).
    pub fn allow_threads_because<R>(
        &self,
        thread: &GilThread,
        reason: &'static str,
        f: impl FnOnce() -> R,
    ) -> R {
        self.release_for_blocking_because(thread, Some(reason));
        let _guard = BlockingSection { gil: self, thread };
        f()
    }

    /// Guard form of [`Gil::allow_threads`]: releases now, reacquires on drop.
    pub fn blocking_section<'a>(&'a self, thread: &'a GilThread) -> BlockingSection<'a> {
        self.release_for_blocking(thread);
        BlockingSection { gil: self, thread }
    }

    // ----- stats and trace ---------------------------------------------

    /// A snapshot of every thread ever registered, in registration order,
    /// including the time spent in each thread's current phase so far.
    pub fn stats(&self) -> Vec<ThreadStats> {
        let st = self.state.lock();
        let now = Instant::now();
        st.threads
            .iter()
            .map(|rec| {
                let mut s = rec.stats.clone();
                let so_far = now.saturating_duration_since(rec.phase_start);
                match rec.phase {
                    Phase::Running => s.holding += so_far,
                    Phase::WaitGil => s.waiting += so_far,
                    Phase::Blocked => s.blocked += so_far,
                    Phase::Idle => {}
                }
                s
            })
            .collect()
    }

    /// True when a trace is being recorded.
    pub fn tracing(&self) -> bool {
        self.trace_path.is_some()
    }

    /// The file the trace goes to, if tracing.
    pub fn trace_path(&self) -> Option<&Path> {
        self.trace_path.as_deref()
    }

    /// The trace so far as Chrome trace-event JSON (phases in progress are
    /// closed at the current time in the output only); `None` if not tracing.
    pub fn trace_json(&self) -> Option<serde_json::Value> {
        let st = self.state.lock();
        let trace = st.trace.as_ref()?;
        let now = Instant::now();
        let names: Vec<(u32, String)> = st
            .threads
            .iter()
            .map(|r| (r.stats.id, r.stats.name.clone()))
            .collect();
        let open: Vec<(u32, &'static str, Instant, Option<&'static str>)> = st
            .threads
            .iter()
            .filter(|r| r.phase != Phase::Idle)
            .map(|r| {
                let reason = (r.phase == Phase::Blocked)
                    .then_some(r.block_reason)
                    .flatten();
                (r.stats.id, r.phase.trace_name(), r.phase_start, reason)
            })
            .collect();
        Some(trace.to_json(&names, &open, now))
    }

    /// Writes the trace to the configured file. Returns the path written, or
    /// `None` if not tracing. Called by the VM at exit; if it never is, the
    /// `Gil`'s destructor writes the file (ignoring errors).
    pub fn write_trace(&self) -> io::Result<Option<PathBuf>> {
        let (Some(path), Some(json)) = (self.trace_path.as_ref(), self.trace_json()) else {
            return Ok(None);
        };
        let text = serde_json::to_string(&json).map_err(io::Error::other)?;
        std::fs::write(path, text)?;
        self.trace_written.store(true, Ordering::Relaxed);
        Ok(Some(path.clone()))
    }

    /// No-GIL mode: starts phase `to` for `thread` if recording was asked
    /// for (a blocking call counts as a voluntary switch, so the table's
    /// count of blocking calls is the same column as with a GIL).
    fn record_without_gil(&self, thread: &GilThread, to: Phase, reason: Option<&'static str>) {
        if !self.record_without_gil {
            return;
        }
        self.check(thread);
        let mut st = self.state.lock();
        transition(&mut st, thread.id, to, Instant::now());
        let rec = &mut st.threads[thread.id as usize];
        if to == Phase::Blocked {
            rec.stats.voluntary_switches += 1;
            rec.block_reason = reason;
        }
    }

    // ----- internals (all called with the state mutex held) -----------

    fn check(&self, thread: &GilThread) {
        debug_assert_eq!(thread.gil_uid, self.uid, "GilThread used with another Gil");
    }

    /// The wait loop of `take_gil` and the hand-over to `id`.
    fn take_locked(&self, st: &mut MutexGuard<'_, State>, id: u32, from_blocking: bool) {
        if st.holder == Some(id) {
            debug_assert!(
                false,
                "Gil::take_gil by the thread that already holds the GIL"
            );
            return;
        }
        if st.locked {
            transition(st, id, Phase::WaitGil, Instant::now());
            let priority = from_blocking && self.priority_reacquire();
            st.waiters += 1;
            if priority {
                st.priority_waiters += 1;
                self.request_drop(st, id, true);
            }
            while st.locked {
                let saved = st.switch_number;
                // One waiter (the timekeeper) times the switch interval;
                // the others sleep until a release wakes them. If every
                // waiter woke each interval, thousands of waiters would
                // wake together, queue on the state mutex ahead of the
                // holder that wants to hand the lock over, and make every
                // hand-over cost time in proportion to their number.
                let timekeeper = *st.timekeeper.get_or_insert(id) == id;
                let timeout = if timekeeper {
                    self.switch_interval()
                } else {
                    IDLE_WAITER_TIMEOUT
                };
                // The timekeeper sleeps on a condition variable of its
                // own, so that a release reaches it first (below).
                let cond = if timekeeper {
                    &self.timekeeper_cond
                } else {
                    &self.cond
                };
                let timed_out = cond.wait_for(st, timeout).timed_out();
                if timekeeper
                    && timed_out
                    && st.locked
                    && st.switch_number == saved
                    && !self.breaker.is_set(GIL_DROP_REQUEST)
                {
                    self.request_drop(st, id, false);
                }
            }
            st.waiters -= 1;
            if priority {
                st.priority_waiters -= 1;
            }
            if st.timekeeper == Some(id) {
                // Hand the timing over: wake a waiter (it finds the lock
                // held, as this thread takes it now, and becomes the
                // timekeeper).
                st.timekeeper = None;
                if st.waiters > 0 {
                    self.cond.notify_one();
                }
            }
        }
        // The lock is free: take it.
        st.locked = true;
        st.holder = Some(id);
        if st.last_holder != Some(id) {
            st.last_holder = Some(id);
            st.switch_number += 1;
        }
        self.switch_cond.notify_all();
        // Requests were made to get the lock to a waiter, and a waiter just
        // got it; a priority waiter still waiting keeps its request standing.
        if st.priority_waiters > 0 {
            self.breaker.set(GIL_DROP_REQUEST);
        } else {
            self.breaker.clear(GIL_DROP_REQUEST);
        }
        st.threads[id as usize].stats.acquisitions += 1;
        transition(st, id, Phase::Running, Instant::now());
    }

    /// Marks the lock free and wakes one waiter: the timekeeper if there
    /// is one, otherwise the longest-sleeping other waiter.
    ///
    /// Why the timekeeper first: its timed wait ends every interval, and a
    /// thread that waits again queues behind every other sleeper. Were it
    /// woken in queue order like the rest, a timekeeper whose interval ran
    /// out (it is the one asking for the switch) would always be last in
    /// the queue when the holder lets go, and with two or more other
    /// threads taking turns it would never get the lock. Woken first, it
    /// takes the lock and hands the timing to the next sleeper in queue
    /// order, so the lock goes round all waiters in turn.
    fn release_locked(&self, st: &mut MutexGuard<'_, State>, id: u32) {
        debug_assert_eq!(st.holder, Some(id));
        st.locked = false;
        st.holder = None;
        if st.timekeeper.is_some() {
            self.timekeeper_cond.notify_one();
        } else {
            self.cond.notify_one();
        }
    }

    /// Drops the lock held by `id`; with a drop request pending (or
    /// `handover`, for a voluntary yield) waits until another thread has
    /// taken it. Leaves `id` in the `WaitGil` phase if it waited.
    fn drop_locked(&self, st: &mut MutexGuard<'_, State>, id: u32, handover: bool) {
        let requested = self.breaker.is_set(GIL_DROP_REQUEST);
        let now = Instant::now();
        self.release_locked(st, id);
        let rec = &mut st.threads[id as usize].stats;
        if requested {
            rec.forced_switches += 1;
        } else {
            rec.voluntary_switches += 1;
        }
        if (requested || handover) && st.waiters > 0 {
            transition(st, id, Phase::WaitGil, now);
            let saved = st.switch_number;
            while st.switch_number == saved && st.waiters > 0 {
                self.switch_cond.wait_for(st, self.switch_interval());
            }
        }
    }

    /// Sets the drop request on behalf of waiter `id`.
    fn request_drop(&self, st: &mut MutexGuard<'_, State>, id: u32, priority: bool) {
        self.breaker.set(GIL_DROP_REQUEST);
        let holder = st.holder;
        let s = &mut st.threads[id as usize].stats;
        if priority {
            s.priority_requests += 1;
        } else {
            s.drop_requests += 1;
        }
        if let Some(trace) = &mut st.trace {
            trace.push(Event::DropRequest {
                tid: id,
                at: Instant::now(),
                priority,
                holder,
            });
        }
    }
}

impl Drop for Gil {
    fn drop(&mut self) {
        if self.trace_path.is_some() && !self.trace_written.load(Ordering::Relaxed) {
            let _ = self.write_trace();
        }
    }
}

/// The GIL released around blocking work; reacquired when this guard drops
/// (see [`Gil::blocking_section`]).
#[must_use = "the GIL is reacquired when the guard drops"]
#[derive(Debug)]
pub struct BlockingSection<'a> {
    gil: &'a Gil,
    thread: &'a GilThread,
}

impl Drop for BlockingSection<'_> {
    fn drop(&mut self) {
        self.gil.reacquire_after_blocking(self.thread);
    }
}

/// Ends thread `id`'s current phase at `now` (adding its duration to the
/// totals and, when tracing, recording it) and starts phase `to`. Staying in
/// the same phase is a no-op, so an interval is never split.
/// Adds a new, alive, idle row for a registering thread; returns its id.
fn push_thread_record(st: &mut State, name: String, host: bool) -> u32 {
    let id = st.threads.len() as u32;
    st.threads.push(ThreadRecord {
        phase: Phase::Idle,
        phase_start: Instant::now(),
        block_reason: None,
        stats: ThreadStats {
            id,
            name,
            alive: true,
            ..ThreadStats::default()
        },
        host,
    });
    id
}

fn transition(st: &mut State, id: u32, to: Phase, now: Instant) {
    let State { threads, trace, .. } = st;
    let rec = &mut threads[id as usize];
    if rec.phase == to {
        return;
    }
    let dur = now.saturating_duration_since(rec.phase_start);
    match rec.phase {
        Phase::Running => rec.stats.holding += dur,
        Phase::WaitGil => rec.stats.waiting += dur,
        Phase::Blocked => rec.stats.blocked += dur,
        Phase::Idle => {}
    }
    let reason = rec
        .block_reason
        .take()
        .filter(|_| rec.phase == Phase::Blocked);
    if let (Some(trace), false) = (trace, rec.phase == Phase::Idle) {
        trace.push(Event::Complete {
            tid: id,
            name: rec.phase.trace_name(),
            start: rec.phase_start,
            dur,
            reason,
        });
    }
    rec.phase = to;
    rec.phase_start = now;
}

fn interval_to_us(d: Duration) -> u64 {
    d.max(MIN_SWITCH_INTERVAL).as_micros().min(u64::MAX as u128) as u64
}
