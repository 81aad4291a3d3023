//! Limits a host puts on an untrusted script: termination from any thread,
//! an operation budget, a memory cap, and which modules and files it may
//! reach (see [`crate::Config`]'s builder methods).
//!
//! # How a script is stopped
//!
//! Termination ([`InterruptHandle::terminate`](crate::api::InterruptHandle::terminate),
//! an exhausted budget, the memory cap) records a [`Termination`] here and
//! sets the eval breaker's [`LIMITS`] bit, so every thread of the script
//! leaves its fast path at its next poll point (a backward jump or a call)
//! and raises the termination there: an exception of a class outside
//! `builtins` (`ScriptTerminated`, or its subclasses
//! `OperationLimitExceeded` and `MemoryLimitExceeded`). No `except` clause
//! sees it — a `try` statement's handlers re-raise it before the first
//! clause is tested (`Op::ExceptStart`), bare `except:` and `except
//! BaseException` included — and a `with` statement's `__exit__` runs but
//! cannot suppress it. `finally` blocks and `__exit__` methods do run, each
//! thread getting [`CLEANUP_POLLS`] poll points of grace after each raise,
//! then the termination is raised again: the request stays in force, so a
//! `finally: while True: pass` still ends. Blocking waits (sleeps, locks,
//! queues, joins, imports, pipes, sockets) wake within their polling slice
//! (20–50 ms) and raise it too, in every thread.
//!
//! A termination stays in force until the host starts the next run (any
//! [`Interpreter`](crate::Interpreter) method that runs script code): that
//! waits up to [`THREAD_WIND_DOWN`] for the script's other threads to end,
//! then clears it and restarts the budget.
//!
//! # What it costs
//!
//! Nothing on the fast path when no limit is set: the eval loop already
//! loads the breaker word at each poll point. With a budget or a memory cap
//! the [`LIMITS`] bit stays set during a run, so every poll takes the
//! breaker's slow path and counts one operation there.

use std::collections::HashSet;
use std::sync::atomic::{AtomicI64, AtomicU32, AtomicU8, AtomicUsize, Ordering};

use crate::error::{Error, ExcKind, PyResult};
use crate::gil::EvalBreaker;

/// Eval-breaker bit: a limit wants to see every poll point (a termination
/// is in force, or a budget or memory cap is counting).
pub const LIMITS: u32 = 1 << 7;

/// Poll points a thread may pass in `finally` blocks and `__exit__`
/// methods after a termination was raised in it, before it is raised
/// again.
pub const CLEANUP_POLLS: u32 = 1000;

/// How long the start of a run waits for the threads of a terminated run
/// to end before it clears the termination anyway.
pub const THREAD_WIND_DOWN: std::time::Duration = std::time::Duration::from_secs(2);

/// Why a script was stopped by its host.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Termination {
    /// [`InterruptHandle::terminate`](crate::api::InterruptHandle::terminate).
    Terminated,
    /// The run passed more poll points than [`crate::Config::max_operations`].
    OperationLimit,
    /// The process's heap grew by more than [`crate::Config::memory_limit`]
    /// during the run (counted by [`crate::sync::CountingAllocator`]).
    MemoryLimit,
}

impl Termination {
    const ALL: [Termination; 3] = [
        Termination::Terminated,
        Termination::OperationLimit,
        Termination::MemoryLimit,
    ];

    /// The exception class a script sees (none of them can be caught).
    pub fn kind(self) -> ExcKind {
        match self {
            Termination::Terminated => ExcKind::ScriptTerminated,
            Termination::OperationLimit => ExcKind::OperationLimitExceeded,
            Termination::MemoryLimit => ExcKind::MemoryLimitExceeded,
        }
    }

    /// The termination an exception kind stands for.
    pub fn from_kind(kind: ExcKind) -> Option<Termination> {
        Termination::ALL.into_iter().find(|t| t.kind() == kind)
    }

    fn code(self) -> u8 {
        self as u8 + 1
    }

    fn from_code(code: u8) -> Option<Termination> {
        Termination::ALL.into_iter().find(|t| t.code() == code)
    }
}

/// The limits of one interpreter, shared by its threads and its
/// [`InterruptHandle`](crate::api::InterruptHandle)s.
#[derive(Debug, Default)]
pub struct Limits {
    /// `Termination::code` of the termination in force, 0 for none.
    reason: AtomicU8,
    /// Grows with every termination request, so each thread starts a new
    /// request without grace (see [`ThreadLimits`]).
    epoch: AtomicU32,
    /// Operations the budget allows per run (0: no budget).
    max_operations: u64,
    /// Poll points left in this run's budget (may go below zero).
    operations_left: AtomicI64,
    /// Bytes of heap growth allowed per run (0: no cap).
    memory_limit: usize,
    /// [`crate::sync::CountingAllocator::allocated`] when the run started.
    memory_baseline: AtomicUsize,
    imports: ImportPolicy,
    /// `open` and source imports refused (false by default: allowed).
    no_file_access: bool,
    /// The ceiling of `sys.setrecursionlimit` (0: none).
    max_recursion: u32,
    /// Modules the host made (`Interpreter::register_module`): importable
    /// whatever the policy says.
    host_modules: parking_lot::Mutex<HashSet<String>>,
}

/// Which modules a script may import.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ImportPolicy {
    /// Every module (the default).
    #[default]
    All,
    /// Every module but these (and their submodules).
    Deny(HashSet<String>),
    /// Only these (and their submodules) and `__main__`.
    AllowOnly(HashSet<String>),
}

impl ImportPolicy {
    /// Whether `name` may be imported.
    pub fn allows(&self, name: &str) -> bool {
        let listed = |set: &HashSet<String>| {
            set.contains(name)
                || name
                    .match_indices('.')
                    .any(|(i, _)| set.contains(&name[..i]))
        };
        match self {
            ImportPolicy::All => true,
            ImportPolicy::Deny(set) => !listed(set),
            ImportPolicy::AllowOnly(set) => name == "__main__" || listed(set),
        }
    }
}

/// What a thread remembers of the termination in force (in its `Vm`).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct ThreadLimits {
    /// The [`Limits::epoch`] this thread last raised in.
    epoch: u32,
    /// Poll points left before the termination is raised again.
    grace: u32,
}

impl Limits {
    /// Limits with a budget of `max_operations` poll points per run (0: no
    /// budget) and a heap-growth cap of `memory_limit` bytes per run (0:
    /// none); imports and files as [`Limits::with_policy`] sets them.
    pub fn new(max_operations: u64, memory_limit: usize) -> Limits {
        Limits {
            max_operations,
            operations_left: AtomicI64::new(budget(max_operations)),
            memory_limit,
            ..Limits::default()
        }
    }

    /// These limits with an import policy, file access allowed or not, and
    /// a ceiling for `sys.setrecursionlimit` (0: none).
    pub fn with_policy(
        mut self,
        imports: ImportPolicy,
        file_access: bool,
        max_recursion: u32,
    ) -> Limits {
        self.imports = imports;
        self.no_file_access = !file_access;
        self.max_recursion = max_recursion;
        self
    }

    /// The highest recursion limit a script may set (0: no ceiling).
    pub fn max_recursion(&self) -> u32 {
        self.max_recursion
    }

    /// True when a budget or memory cap keeps the breaker's [`LIMITS`] bit
    /// set during a run.
    pub fn counting(&self) -> bool {
        self.max_operations > 0 || self.memory_limit > 0
    }

    /// The termination in force, if any.
    pub fn termination(&self) -> Option<Termination> {
        Termination::from_code(self.reason.load(Ordering::Acquire))
    }

    /// Stops the script (all its threads) for `why`; the first request of
    /// a run is the one reported.
    pub fn request(&self, why: Termination, breaker: &EvalBreaker) {
        if self
            .reason
            .compare_exchange(0, why.code(), Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
        {
            self.epoch.fetch_add(1, Ordering::AcqRel);
        }
        breaker.set(LIMITS);
    }

    /// Starts a run: clears a termination, refills the budget, takes the
    /// memory baseline, and leaves the [`LIMITS`] bit set only if a limit
    /// counts.
    pub fn start_run(&self, breaker: &EvalBreaker) {
        self.reason.store(0, Ordering::Release);
        self.operations_left
            .store(budget(self.max_operations), Ordering::Relaxed);
        self.memory_baseline.store(
            crate::sync::CountingAllocator::allocated(),
            Ordering::Relaxed,
        );
        if self.counting() {
            breaker.set(LIMITS);
        } else {
            breaker.clear(LIMITS);
        }
    }

    /// The import policy.
    pub fn imports(&self) -> &ImportPolicy {
        &self.imports
    }

    /// Whether the script may open files (`open`, `io.open`, imports of
    /// source files from `sys.path`).
    pub fn file_access(&self) -> bool {
        !self.no_file_access
    }

    /// `ModuleNotFoundError` unless the policy allows importing `name`.
    pub fn check_import(&self, name: &str) -> PyResult<()> {
        if self.imports.allows(name) || self.host_modules.lock().contains(name) {
            return Ok(());
        }
        Err(Error::new(
            ExcKind::ModuleNotFoundError,
            format!("No module named '{name}' (the host does not allow importing it)"),
        ))
    }

    /// Lets scripts import the host's module `name` whatever the policy.
    pub fn allow_host_module(&self, name: &str) {
        self.host_modules.lock().insert(name.to_string());
    }

    /// `PermissionError` unless the script may open files.
    pub fn check_file_access(&self, what: &str) -> PyResult<()> {
        if !self.no_file_access {
            return Ok(());
        }
        Err(Error::new(
            ExcKind::PermissionError,
            format!("file access is disabled by the host: {what}"),
        ))
    }

    /// The breaker's slow path for the [`LIMITS`] bit: counts one
    /// operation, checks the memory cap, and raises the termination in
    /// force (after the thread's grace, see the module documentation).
    pub(crate) fn poll(&self, thread: &mut ThreadLimits, breaker: &EvalBreaker) -> PyResult<()> {
        if self.max_operations > 0 && self.operations_left.fetch_sub(1, Ordering::Relaxed) <= 0 {
            self.request(Termination::OperationLimit, breaker);
        }
        if self.memory_limit > 0 {
            let grown = crate::sync::CountingAllocator::allocated()
                .saturating_sub(self.memory_baseline.load(Ordering::Relaxed));
            if grown > self.memory_limit {
                self.request(Termination::MemoryLimit, breaker);
            }
        }
        if self.termination().is_none() {
            return Ok(());
        }
        let epoch = self.epoch.load(Ordering::Acquire);
        if thread.epoch == epoch && thread.grace > 0 {
            thread.grace -= 1;
            return Ok(());
        }
        self.check(thread)
    }

    /// Raises the termination in force at once (in a blocking wait that
    /// it ended), and gives the thread its grace for the cleanup that
    /// follows.
    pub(crate) fn check(&self, thread: &mut ThreadLimits) -> PyResult<()> {
        let Some(why) = self.termination() else {
            return Ok(());
        };
        thread.epoch = self.epoch.load(Ordering::Acquire);
        thread.grace = CLEANUP_POLLS;
        Err(self.error(why))
    }

    fn error(&self, why: Termination) -> Error {
        let msg = match why {
            Termination::Terminated => "the host terminated the script".to_string(),
            Termination::OperationLimit => format!(
                "the script ran more than {} operations",
                self.max_operations
            ),
            Termination::MemoryLimit => format!(
                "the script's memory grew by more than {} bytes",
                self.memory_limit
            ),
        };
        Error::new(why.kind(), msg)
    }
}

fn budget(max_operations: u64) -> i64 {
    i64::try_from(max_operations).unwrap_or(i64::MAX)
}

/// The modules that reach the operating system: files and directories,
/// processes, sockets, signals. `Config::default().deny_modules(SYSTEM_MODULES)`
/// leaves a script pure computation (plus `print`).
pub const SYSTEM_MODULES: &[&str] = &[
    "os",
    "posix",
    "posixpath",
    "pathlib",
    "shutil",
    "tempfile",
    "glob",
    "process",
    "_process",
    "_process_pool",
    "_process_sync",
    "_process_manager",
    "multiprocessing",
    "concurrent.futures.process",
    "subprocess",
    "_subprocess",
    "socket",
    "_socket",
    "select",
    "selectors",
    "socketserver",
    "http",
    "_http",
    "urllib",
    "signal",
];
