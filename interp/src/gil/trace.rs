//! GIL tracing: the intervals each thread spends `running` (holding the
//! GIL), `wait_gil` (waiting for it) and `blocked` (released around blocking
//! work), plus instant events for drop requests, written as Chrome
//! trace-event JSON — the format chrome://tracing, Perfetto
//! (ui.perfetto.dev), py-spy and VizTracer use:
//!
//! ```json
//! {"traceEvents": [
//!   {"ph": "M", "name": "thread_name", "pid": 1, "tid": 0, "args": {"name": "MainThread"}},
//!   {"ph": "X", "name": "running", "cat": "gil", "pid": 1, "tid": 0, "ts": 12.5, "dur": 5003.1},
//!   {"ph": "X", "name": "blocked", "cat": "gil", "pid": 1, "tid": 0, "ts": 5015.6, "dur": 10070.2,
//!    "args": {"reason": "sleep"}},
//!   {"ph": "i", "name": "drop_request", "cat": "gil", "s": "t", "pid": 1, "tid": 1, "ts": 5015.0,
//!    "args": {"priority": false, "holder": 0}}
//! ], "displayTimeUnit": "ms"}
//! ```
//!
//! `ts` and `dur` are microseconds (fractional) since the GIL was created.
//! A `blocked` slice has `args.reason` when the blocking call said what it
//! waits for ([`super::Gil::allow_threads_because`]).
//! Events are buffered in memory while the GIL's state mutex is held (the
//! recording thread holds it anyway at every transition), so recording costs
//! a `Vec::push`; when tracing is off the only cost is the `Option` test.

use std::time::{Duration, Instant};

use serde_json::{json, Value as Json};

/// At most this many events are kept (about 50 MB); later ones are counted
/// as dropped and reported in the file's `otherData`.
pub(crate) const MAX_EVENTS: usize = 1_000_000;

#[derive(Clone, Copy, Debug)]
pub(crate) enum Event {
    /// A finished phase of one thread (`ph: "X"`).
    Complete {
        tid: u32,
        name: &'static str,
        start: Instant,
        dur: Duration,
        /// What a `blocked` slice waited for, if known.
        reason: Option<&'static str>,
    },
    /// A drop request (`ph: "i"`), by `tid`, while `holder` held the lock.
    DropRequest {
        tid: u32,
        at: Instant,
        priority: bool,
        holder: Option<u32>,
    },
}

/// The in-memory event buffer of one GIL.
#[derive(Debug)]
pub(crate) struct Trace {
    epoch: Instant,
    events: Vec<Event>,
    dropped: u64,
    /// False when recorded without a GIL (`otherData.gil` in the file):
    /// only running and blocked slices, nothing to wait for.
    gil: bool,
}

impl Trace {
    pub(crate) fn new(epoch: Instant, gil: bool) -> Trace {
        Trace {
            epoch,
            events: Vec::new(),
            dropped: 0,
            gil,
        }
    }

    #[inline]
    pub(crate) fn push(&mut self, ev: Event) {
        if self.events.len() < MAX_EVENTS {
            self.events.push(ev);
        } else {
            self.dropped += 1;
        }
    }

    fn micros(&self, t: Instant) -> f64 {
        t.saturating_duration_since(self.epoch).as_secs_f64() * 1e6
    }

    /// The whole trace as a JSON document. `threads` gives `(tid, name)` for
    /// the metadata events; `open` gives each thread's phase in progress
    /// (`(tid, name, start, reason)`), closed at `now` in the output only.
    pub(crate) fn to_json(
        &self,
        threads: &[(u32, String)],
        open: &[(u32, &'static str, Instant, Option<&'static str>)],
        now: Instant,
    ) -> Json {
        let pid = std::process::id();
        let mut out = Vec::with_capacity(self.events.len() + threads.len() + open.len() + 1);
        out.push(json!({
            "ph": "M", "name": "process_name", "pid": pid, "tid": 0,
            "args": {"name": "conc"},
        }));
        for (tid, name) in threads {
            out.push(json!({
                "ph": "M", "name": "thread_name", "pid": pid, "tid": tid,
                "args": {"name": name},
            }));
            out.push(json!({
                "ph": "M", "name": "thread_sort_index", "pid": pid, "tid": tid,
                "args": {"sort_index": tid},
            }));
        }
        let complete =
            |tid: u32, name: &str, start: Instant, dur: Duration, reason: Option<&str>| {
                let mut ev = json!({
                    "ph": "X", "name": name, "cat": "gil", "pid": pid, "tid": tid,
                    "ts": self.micros(start), "dur": dur.as_secs_f64() * 1e6,
                });
                if let Some(r) = reason {
                    ev["args"] = json!({ "reason": r });
                }
                ev
            };
        for ev in &self.events {
            out.push(match *ev {
                Event::Complete {
                    tid,
                    name,
                    start,
                    dur,
                    reason,
                } => complete(tid, name, start, dur, reason),
                Event::DropRequest {
                    tid,
                    at,
                    priority,
                    holder,
                } => json!({
                    "ph": "i", "name": "drop_request", "cat": "gil", "s": "t",
                    "pid": pid, "tid": tid, "ts": self.micros(at),
                    "args": {"priority": priority, "holder": holder},
                }),
            });
        }
        for &(tid, name, start, reason) in open {
            out.push(complete(
                tid,
                name,
                start,
                now.saturating_duration_since(start),
                reason,
            ));
        }
        json!({
            "traceEvents": out,
            "displayTimeUnit": "ms",
            "otherData": {
                "producer": "conc GIL tracer",
                "dropped_events": self.dropped,
                "gil": self.gil,
            },
        })
    }
}
