//! Deadlock detection: when every live thread is blocked for good, the main
//! thread's wait fails with a report instead of hanging forever.
//!
//! # The model
//!
//! One [`Registry`] per interpreter, shared (`Arc`) by every primitive. It
//! knows the live threads (the thread module registers each one before
//! `start()` returns and calls [`Registry::thread_exited`] as the thread's
//! very last act) and, for each thread, whether it is *running* or *blocked*
//! — in a wait with no timeout on one of our primitives, or in a join — and
//! on what. "Running" covers everything else: executing, waiting for the
//! GIL, sleeping, doing I/O, waiting with a timeout. Lock-like resources
//! record who holds them (an atomic owner cell for locks, a list for
//! semaphores), only to write the report.
//!
//! A blocked thread can only be woken by another thread acting on the
//! primitive it waits on (release, set, notify, put, get, task_done, abort,
//! ...), by a thread exiting (joins), by time (a timed wait: not "blocked"),
//! or by an interrupt (a user's Ctrl-C is not something a program waits
//! for). So if every live thread is blocked, no thread will ever act again:
//! that is a deadlock, and the only kind this reports (a cycle among some
//! threads while another one runs is not reported: the running one might
//! still break it, e.g. by timing out and releasing). The check runs on
//! every transition that can complete that state — a thread becoming
//! blocked, a thread exiting, an [`ExternalWaker`] going away — so the last
//! such transition finds it. The verdict goes to the MAIN thread (whose
//! wait, or final join of non-daemon threads, then fails with
//! [`BlockError::Deadlock`](super::BlockError::Deadlock)); with no
//! registered main thread, to the thread that found it.
//!
//! # Why it is race-free (no false positive, no missed deadlock)
//!
//! All block/unblock transitions and all checks take the registry's mutex,
//! and the check reads only registry state. The danger is a thread marked
//! "blocked" that is in fact about to proceed because a waker has just
//! changed the primitive's state. Two rules exclude it:
//! 1. A waiter tests its condition and registers itself as blocked while
//!    holding the PRIMITIVE's mutex (lock order: primitive → registry), and
//!    tests the condition again under that mutex every time it wakes.
//! 2. Every state change that may satisfy a waiter (release, set, notify,
//!    put, ...) is made under the primitive's mutex, and in the same critical
//!    section, before the condition variable is signalled, the waker marks
//!    the threads blocked on that resource (or the precise ones it notifies)
//!    as running ([`Registry::wake_resource`], [`Registry::wake_thread`]).
//!
//! By rule 1 and 2, a waker's change is ordered either before the waiter's
//! test (the waiter then does not block) or after its registration (the
//! waker then marks it running): there is no window in which a thread with
//! a satisfiable condition is counted as blocked. The waker itself is
//! running at that moment, and it can become "blocked" only through a
//! transition that runs the check again. A woken thread stays "running"
//! until it has re-tested its condition; if it lost the race (another
//! thread took the lock first) it registers as blocked again, which runs the
//! check again. Hence a check that sees every thread blocked sees a state in
//! which no condition can change — a real deadlock — and because the state
//! "all blocked" can only be entered through a checked transition, every
//! deadlock is found (over-approximate wakes only delay this, by at most
//! one [`POLL_INTERVAL`](super::POLL_INTERVAL) until the spuriously marked
//! thread re-registers).
//!
//! What the registry cannot see would break rule 2: a thread it does not
//! know about (an embedder's thread, a Rust helper thread that feeds a
//! queue). Such a thread must hold an [`ExternalWaker`] while it may act on
//! primitives; while one exists, nothing is reported. Waits of unregistered
//! threads are not tracked.
//!
//! The victim learns its verdict at its next wake-up, at most one poll
//! interval later (its wait wakes every 50 ms to check interrupts anyway);
//! a victim that is also the detector fails at once.

use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::sync::{Condvar, Mutex};
use super::wait::Deadline;
use super::{BlockError, BlockResult, Blocker, ThreadId, POLL_INTERVAL};

const NOBODY: u64 = u64::MAX;
const EXITED_NAMES_KEPT: usize = 256;

/// The kind of a primitive, for reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResourceKind {
    Lock,
    RLock,
    Semaphore,
    BoundedSemaphore,
    Condition,
    Event,
    Barrier,
    Queue,
    LifoQueue,
    PriorityQueue,
    SimpleQueue,
}

/// A primitive as the registry sees it: identity, description ("Lock at
/// philosophers.conc:8", supplied by the binding) and holders.
#[derive(Debug)]
pub(crate) struct Resource {
    id: u64,
    kind: ResourceKind,
    desc: String,
    /// The single holder of a lock (`NOBODY` if none): written under the
    /// primitive's mutex, read lock-free by the report.
    owner: AtomicU64,
    /// The holders of a semaphore (a multiset, in acquisition order).
    holders: Mutex<Vec<ThreadId>>,
}

impl Resource {
    pub(crate) fn desc(&self) -> &str {
        &self.desc
    }

    pub(crate) fn set_owner(&self, owner: Option<ThreadId>) {
        self.owner.store(owner.unwrap_or(NOBODY), Ordering::Relaxed);
    }

    pub(crate) fn add_holder(&self, id: ThreadId) {
        self.holders.lock().push(id);
    }

    /// Forgets one holding: `id`'s own if it has one, else the oldest (a
    /// semaphore may be released by a thread that did not acquire it).
    pub(crate) fn remove_holder(&self, id: ThreadId) {
        let mut h = self.holders.lock();
        if let Some(i) = h.iter().position(|&x| x == id) {
            h.remove(i);
        } else if !h.is_empty() {
            h.remove(0);
        }
    }

    fn holder_ids(&self) -> Vec<ThreadId> {
        let owner = self.owner.load(Ordering::Relaxed);
        let mut ids = if owner == NOBODY { vec![] } else { vec![owner] };
        for &h in self.holders.lock().iter() {
            if !ids.contains(&h) {
                ids.push(h);
            }
        }
        ids
    }
}

/// What a blocked thread does with the resource it waits on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    Acquire,
    CondWait,
    EventWait,
    BarrierWait,
    Get,
    Put,
    QueueJoin,
}

/// What a blocked thread waits on.
#[derive(Debug, Clone)]
pub(crate) enum Waiting {
    On(Arc<Resource>, Action),
    Join(ThreadId),
}

/// What a thread in a deadlock waits for (structured; see
/// [`ThreadReport`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaitTarget {
    /// A primitive: its kind and description, and the phrase saying what
    /// the thread waits for ("waits for Lock at x.conc:8").
    Resource {
        kind: ResourceKind,
        desc: String,
        phrase: String,
    },
    /// Another thread to finish (a join).
    Join { thread: ThreadId, name: String },
}

/// One thread of a deadlock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadReport {
    pub id: ThreadId,
    pub name: String,
    pub is_main: bool,
    /// Descriptions of the resources waited on by someone in the deadlock
    /// that this thread holds.
    pub holds: Vec<String>,
    pub waits_for: WaitTarget,
    /// Names of the holders of what it waits for (locks and semaphores).
    pub held_by: Vec<String>,
}

impl fmt::Display for ThreadReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)?;
        if !self.holds.is_empty() {
            write!(f, " holds {} and", join_and(&self.holds))?;
        }
        match &self.waits_for {
            WaitTarget::Resource { phrase, .. } => write!(f, " {phrase}")?,
            WaitTarget::Join { name, .. } => write!(f, " waits for {name} to finish")?,
        }
        if !self.held_by.is_empty() {
            write!(f, ", held by {}", join_and(&self.held_by))?;
        }
        Ok(())
    }
}

/// The message of a `DeadlockError`: every thread, what it waits for, and
/// who holds that.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlockReport {
    pub threads: Vec<ThreadReport>,
}

impl fmt::Display for DeadlockReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.threads.len() {
            1 => f.write_str("the only thread is blocked forever:")?,
            n => write!(f, "all {n} threads are blocked forever:")?,
        }
        for t in &self.threads {
            write!(f, "\n  {t}")?;
        }
        Ok(())
    }
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[derive(Debug)]
enum TState {
    Running,
    Blocked(Waiting),
}

#[derive(Debug)]
struct ThreadRec {
    name: String,
    is_main: bool,
    state: TState,
    verdict: Option<DeadlockReport>,
}

#[derive(Debug, Default)]
struct RegState {
    threads: BTreeMap<ThreadId, ThreadRec>,
    /// How many of `threads` are `Blocked`.
    blocked: usize,
    external: usize,
    disabled: bool,
    detections: u64,
    exited: VecDeque<(ThreadId, String)>,
}

/// The interpreter's deadlock registry: live threads, what the blocked ones
/// wait on, and the check. See the module docs.
#[derive(Debug, Default)]
pub struct Registry {
    state: Mutex<RegState>,
    /// Signalled when a thread exits (joins wait on it).
    exit_cv: Condvar,
    next_resource: AtomicU64,
}

impl Registry {
    pub fn new() -> Arc<Registry> {
        Arc::new(Registry::default())
    }

    /// Registers a live thread (before its `start()` returns, so that a
    /// parent that blocks right away does not look deadlocked).
    pub fn register_thread(&self, id: ThreadId, name: &str) {
        self.register(id, name, false);
    }

    /// Registers the main thread: deadlock verdicts are delivered to it.
    pub fn register_main_thread(&self, id: ThreadId, name: &str) {
        self.register(id, name, true);
    }

    fn register(&self, id: ThreadId, name: &str, is_main: bool) {
        let mut st = self.state.lock();
        let rec = ThreadRec {
            name: name.to_string(),
            is_main,
            state: TState::Running,
            verdict: None,
        };
        if let Some(old) = st.threads.insert(id, rec) {
            if matches!(old.state, TState::Blocked(_)) {
                st.blocked -= 1;
            }
        }
    }

    pub fn rename_thread(&self, id: ThreadId, name: &str) {
        if let Some(t) = self.state.lock().threads.get_mut(&id) {
            t.name = name.to_string();
        }
    }

    /// Whether `id` is registered and has not exited.
    pub fn is_alive(&self, id: ThreadId) -> bool {
        self.state.lock().threads.contains_key(&id)
    }

    /// The number of live registered threads.
    pub fn live_threads(&self) -> usize {
        self.state.lock().threads.len()
    }

    /// A thread's last act: it leaves the registry, its joiners wake, and
    /// the others are checked (it may have been the only one who could wake
    /// them).
    pub fn thread_exited(&self, id: ThreadId) {
        let mut st = self.state.lock();
        if let Some(rec) = st.threads.remove(&id) {
            if matches!(rec.state, TState::Blocked(_)) {
                st.blocked -= 1;
            }
            st.exited.push_back((id, rec.name));
            if st.exited.len() > EXITED_NAMES_KEPT {
                st.exited.pop_front();
            }
        }
        let joiners: Vec<ThreadId> = st
            .threads
            .iter()
            .filter(|(_, t)| matches!(t.state, TState::Blocked(Waiting::Join(j)) if j == id))
            .map(|(&i, _)| i)
            .collect();
        for j in joiners {
            mark_running(&mut st, j);
        }
        self.exit_cv.notify_all();
        detect(&mut st, None);
    }

    /// Turns detection off (`false`) or back on.
    pub fn set_enabled(&self, on: bool) {
        let mut st = self.state.lock();
        st.disabled = !on;
        if on {
            detect(&mut st, None);
        }
    }

    /// How many deadlocks were detected so far.
    pub fn detections(&self) -> u64 {
        self.state.lock().detections
    }

    /// Declares an agent the registry cannot see (an unregistered thread
    /// that may release, set or put): no deadlock is reported while the
    /// guard lives; dropping it runs the check.
    pub fn external_waker(self: &Arc<Self>) -> ExternalWaker {
        self.state.lock().external += 1;
        ExternalWaker {
            registry: self.clone(),
        }
    }

    /// `thread.join(timeout)`: waits until `target` has exited
    /// ([`Registry::thread_exited`]); `Ok(false)` on timeout. A thread that
    /// is not registered counts as finished. The interpreter's final join of
    /// non-daemon threads goes through here too, so a main thread whose
    /// script ended is still a (blocked) participant.
    pub fn join(
        &self,
        b: &dyn Blocker,
        target: ThreadId,
        timeout: Option<Duration>,
    ) -> BlockResult<bool> {
        let me = b.thread_id();
        if target == me {
            return Err(BlockError::Runtime("cannot join current thread".into()));
        }
        if !self.is_alive(target) {
            return Ok(true);
        }
        if Deadline::is_now(timeout) {
            return Ok(false);
        }
        let deadline = Deadline::after(timeout);
        super::wait::without_gil(b, || self.join_wait(b, me, target, deadline))
    }

    fn join_wait(
        &self,
        b: &dyn Blocker,
        me: ThreadId,
        target: ThreadId,
        deadline: Deadline,
    ) -> BlockResult<bool> {
        let mut st = self.state.lock();
        let mut waited = false;
        let result = loop {
            if !st.threads.contains_key(&target) {
                break Ok(true);
            }
            if waited && b.check_interrupt().is_err() {
                break Err(BlockError::Interrupted);
            }
            let now = Instant::now();
            let slice_end = match deadline {
                Deadline::Never => {
                    if let Err(r) = block_locked(&mut st, me, Waiting::Join(target)) {
                        break Err(BlockError::Deadlock(r));
                    }
                    now + POLL_INTERVAL
                }
                Deadline::At(d) => {
                    if now >= d {
                        break Ok(false);
                    }
                    d.min(now + POLL_INTERVAL)
                }
            };
            st = self.exit_cv.wait_until(st, slice_end);
            waited = true;
        };
        finish_wait(&mut st, me);
        result
    }

    // ----- used by the primitives ----------------------------------------

    pub(crate) fn new_resource(&self, kind: ResourceKind, desc: String) -> Arc<Resource> {
        Arc::new(Resource {
            id: self.next_resource.fetch_add(1, Ordering::Relaxed),
            kind,
            desc,
            owner: AtomicU64::new(NOBODY),
            holders: Mutex::new(Vec::new()),
        })
    }

    /// Thread `me` is about to wait, without a timeout, on `waiting`; called
    /// under the primitive's mutex after its condition tested false. Fails
    /// with a report if `me` has a deadlock verdict (found now or earlier).
    pub(crate) fn block(&self, me: ThreadId, waiting: Waiting) -> Result<(), DeadlockReport> {
        block_locked(&mut self.state.lock(), me, waiting)
    }

    /// Thread `me` stopped waiting (for any reason). A verdict it did not
    /// pick up is dropped: the thread ran, so the world may have changed.
    pub(crate) fn unblock(&self, me: ThreadId) {
        finish_wait(&mut self.state.lock(), me);
    }

    /// A waker changed `res`'s state: every thread blocked on it may now
    /// proceed. Called under the primitive's mutex, before notifying.
    pub(crate) fn wake_resource(&self, res: &Resource) {
        self.wake_waiters(res, None);
    }

    /// As [`Registry::wake_resource`], only for the threads doing `action`
    /// (`None`: all).
    pub(crate) fn wake_waiters(&self, res: &Resource, action: Option<Action>) {
        let mut st = self.state.lock();
        if st.blocked == 0 {
            return;
        }
        let ids: Vec<ThreadId> = st
            .threads
            .iter()
            .filter(|(_, t)| match &t.state {
                TState::Blocked(Waiting::On(r, a)) => {
                    r.id == res.id && action.is_none_or(|want| want == *a)
                }
                _ => false,
            })
            .map(|(&i, _)| i)
            .collect();
        for id in ids {
            mark_running(&mut st, id);
        }
    }

    /// A waker lets exactly thread `id` proceed (a condition's notify).
    pub(crate) fn wake_thread(&self, id: ThreadId) {
        mark_running(&mut self.state.lock(), id);
    }
}

/// See [`Registry::external_waker`].
#[derive(Debug)]
pub struct ExternalWaker {
    registry: Arc<Registry>,
}

impl Drop for ExternalWaker {
    fn drop(&mut self) {
        let mut st = self.registry.state.lock();
        st.external -= 1;
        detect(&mut st, None);
    }
}

fn mark_running(st: &mut RegState, id: ThreadId) {
    if let Some(t) = st.threads.get_mut(&id) {
        if matches!(t.state, TState::Blocked(_)) {
            t.state = TState::Running;
            st.blocked -= 1;
        }
    }
}

fn finish_wait(st: &mut RegState, me: ThreadId) {
    mark_running(st, me);
    if let Some(t) = st.threads.get_mut(&me) {
        t.verdict = None;
    }
}

fn block_locked(st: &mut RegState, me: ThreadId, waiting: Waiting) -> Result<(), DeadlockReport> {
    let Some(t) = st.threads.get_mut(&me) else {
        return Ok(()); // not a registered thread: not tracked
    };
    if let Some(report) = t.verdict.take() {
        if matches!(t.state, TState::Blocked(_)) {
            t.state = TState::Running;
            st.blocked -= 1;
        }
        return Err(report);
    }
    if matches!(t.state, TState::Blocked(_)) {
        return Ok(()); // no transition, nothing new to check
    }
    t.state = TState::Blocked(waiting);
    st.blocked += 1;
    match detect(st, Some(me)) {
        Some(victim) if victim == me => {
            let t = st.threads.get_mut(&me).expect("registered");
            Err(t.verdict.take().expect("verdict just set"))
        }
        _ => Ok(()),
    }
}

/// The check: if every live thread is blocked (and nothing outside the
/// registry may act), builds the report, hands it to the victim (the main
/// thread, else the thread that triggered the check, else the first), marks
/// the victim running, and returns its id.
fn detect(st: &mut RegState, trigger: Option<ThreadId>) -> Option<ThreadId> {
    if st.disabled || st.external > 0 || st.threads.is_empty() || st.blocked < st.threads.len() {
        return None;
    }
    let report = build_report(st);
    let victim = st
        .threads
        .iter()
        .find(|(_, t)| t.is_main)
        .map(|(&i, _)| i)
        .or(trigger.filter(|t| st.threads.contains_key(t)))
        .or_else(|| st.threads.keys().next().copied())?;
    st.detections += 1;
    mark_running(st, victim);
    st.threads.get_mut(&victim).expect("victim").verdict = Some(report);
    Some(victim)
}

fn thread_name(st: &RegState, id: ThreadId) -> String {
    if let Some(t) = st.threads.get(&id) {
        return t.name.clone();
    }
    match st.exited.iter().rev().find(|(i, _)| *i == id) {
        Some((_, name)) => format!("{name} (finished)"),
        None => format!("thread {id} (finished)"),
    }
}

fn phrase(res: &Resource, action: Action) -> String {
    let d = &res.desc;
    match action {
        Action::Acquire => format!("waits for {d}"),
        Action::CondWait => format!("waits for a notify on {d}"),
        Action::EventWait => format!("waits for {d} to be set"),
        Action::BarrierWait => format!("waits at {d}"),
        Action::Get => format!("waits to get from {d}, which is empty"),
        Action::Put => format!("waits to put into {d}, which is full"),
        Action::QueueJoin => format!("waits for every task of {d} to be done"),
    }
}

fn build_report(st: &RegState) -> DeadlockReport {
    // The resources someone waits on, with their holders.
    let mut waited: Vec<(&Arc<Resource>, Vec<ThreadId>)> = Vec::new();
    for t in st.threads.values() {
        if let TState::Blocked(Waiting::On(r, _)) = &t.state {
            if !waited.iter().any(|(w, _)| w.id == r.id) {
                waited.push((r, r.holder_ids()));
            }
        }
    }
    let threads = st
        .threads
        .iter()
        .map(|(&id, t)| {
            let holds = waited
                .iter()
                .filter(|(_, h)| h.contains(&id))
                .map(|(r, _)| r.desc.clone())
                .collect();
            let (waits_for, held_by) = match &t.state {
                TState::Blocked(Waiting::On(r, action)) => {
                    let held_by = match action {
                        Action::Acquire => {
                            r.holder_ids().iter().map(|&h| thread_name(st, h)).collect()
                        }
                        _ => vec![],
                    };
                    (
                        WaitTarget::Resource {
                            kind: r.kind,
                            desc: r.desc.clone(),
                            phrase: phrase(r, *action),
                        },
                        held_by,
                    )
                }
                TState::Blocked(Waiting::Join(j)) => (
                    WaitTarget::Join {
                        thread: *j,
                        name: thread_name(st, *j),
                    },
                    vec![],
                ),
                TState::Running => unreachable!("detect() runs only when all are blocked"),
            };
            ThreadReport {
                id,
                name: t.name.clone(),
                is_main: t.is_main,
                holds,
                waits_for,
                held_by,
            }
        })
        .collect();
    DeadlockReport { threads }
}
