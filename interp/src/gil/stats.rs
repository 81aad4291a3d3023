//! GIL statistics: what each thread did with the lock, and the table that
//! `--gil-stats` prints at exit (`sys.gil_stats()` returns the same numbers).

use std::fmt::Write as _;
use std::time::Duration;

/// A snapshot of one thread's dealings with the GIL, taken by
/// [`Gil::stats`](super::Gil::stats). Times include the phase the thread is in
/// at the moment of the snapshot.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ThreadStats {
    /// The small id given by [`Gil::register_thread`](super::Gil::register_thread)
    /// (also the `tid` of the trace events).
    pub id: u32,
    /// The name given at registration (`MainThread`, `Thread-1 (worker)`, ...).
    pub name: String,
    /// False once the thread has unregistered (its numbers are kept).
    pub alive: bool,
    /// Time spent holding the GIL (running interpreter code).
    pub holding: Duration,
    /// Time spent waiting to take the GIL (including the wait for the switch
    /// after a forced drop).
    pub waiting: Duration,
    /// Time spent with the GIL released around blocking work
    /// (`release_for_blocking` .. `reacquire_after_blocking`).
    pub blocked: Duration,
    /// How many times the thread took the GIL.
    pub acquisitions: u64,
    /// Drops made because another thread asked (drop request seen at a poll
    /// point); each one waited until another thread had taken the lock.
    pub forced_switches: u64,
    /// Releases the thread made on its own: around blocking work, at exit, or
    /// an explicit yield with no pending request.
    pub voluntary_switches: u64,
    /// Drop requests this thread made after waiting a whole switch interval.
    pub drop_requests: u64,
    /// Drop requests this thread made at once on coming back from blocking
    /// work (the convoy-effect fix; see the module documentation).
    pub priority_requests: u64,
}

impl ThreadStats {
    /// The counter columns, in table order, with their headers.
    fn counters(&self) -> [u64; 5] {
        [
            self.acquisitions,
            self.forced_switches,
            self.voluntary_switches,
            self.drop_requests,
            self.priority_requests,
        ]
    }
}

/// The columns of the table with a GIL (see `conc --help`).
const HEADERS: [&str; 9] = [
    "thread",
    "holding ms",
    "waiting ms",
    "blocked ms",
    "takes",
    "forced",
    "voluntary",
    "drop req",
    "priority req",
];

/// Without a GIL only these are known: time running conc code, time inside
/// blocking calls, and how many blocking calls.
const HEADERS_WITHOUT_GIL: [&str; 4] = ["thread", "running ms", "blocked ms", "blocking calls"];

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1e3)
}

/// Formats stats as an aligned text table: one row per thread, then a
/// `total` row. Times are in milliseconds with two decimals; the thread
/// column is left-aligned and every number column right-aligned. Threads
/// that have exited are marked `(exited)`. Ends with a newline. With
/// `gil == false` (stats of a no-GIL run) only the columns that mean
/// something without a lock are shown.
pub fn format_stats_table(stats: &[ThreadStats], gil: bool) -> String {
    let mut rows: Vec<Vec<String>> = Vec::with_capacity(stats.len() + 1);
    let row = if gil { row } else { row_without_gil };
    let headers: &[&str] = if gil { &HEADERS } else { &HEADERS_WITHOUT_GIL };
    let mut total = ThreadStats {
        name: "total".to_string(),
        ..ThreadStats::default()
    };
    for s in stats {
        let name = if s.alive {
            s.name.clone()
        } else {
            format!("{} (exited)", s.name)
        };
        rows.push(row(name, s));
        total.holding += s.holding;
        total.waiting += s.waiting;
        total.blocked += s.blocked;
        total.acquisitions += s.acquisitions;
        total.forced_switches += s.forced_switches;
        total.voluntary_switches += s.voluntary_switches;
        total.drop_requests += s.drop_requests;
        total.priority_requests += s.priority_requests;
    }
    if stats.len() > 1 {
        rows.push(row(total.name.clone(), &total));
    }

    let mut widths: Vec<usize> = headers.iter().map(|h| h.len()).collect();
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r.iter()) {
            *w = (*w).max(cell.chars().count());
        }
    }

    let mut out = String::new();
    let header: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
    push_line(&mut out, &header, &widths);
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    push_line(&mut out, &rule, &widths);
    for r in &rows {
        push_line(&mut out, r, &widths);
    }
    out
}

fn row(name: String, s: &ThreadStats) -> Vec<String> {
    let mut cells = vec![name, ms(s.holding), ms(s.waiting), ms(s.blocked)];
    cells.extend(s.counters().map(|n| n.to_string()));
    cells
}

fn row_without_gil(name: String, s: &ThreadStats) -> Vec<String> {
    vec![
        name,
        ms(s.holding),
        ms(s.blocked),
        s.voluntary_switches.to_string(),
    ]
}

fn push_line(out: &mut String, cells: &[String], widths: &[usize]) {
    let mut line = String::new();
    for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
        if i == 0 {
            let _ = write!(line, "{cell:<w$}");
        } else {
            let _ = write!(line, "  {cell:>w$}");
        }
    }
    out.push_str(line.trim_end());
    out.push('\n');
}
