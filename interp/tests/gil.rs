//! Tests of the GIL component (interp/src/gil.rs), used the way the VM will
//! use it: threads register, take the lock, poll the eval breaker as the eval
//! loop does on backward jumps, and release around blocking work.
//!
//! They assert behaviour (exclusion, counts, who asked for what), never
//! tight timings: the test machine has 2 shared, noisy cores. Every test runs
//! inside `bounded`, so a deadlock fails the test instead of hanging it.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use conc_interp::gil::{
    format_stats_table, Gil, GilConfig, ThreadStats, DEFAULT_SWITCH_INTERVAL, GIL_DROP_REQUEST,
    MIN_SWITCH_INTERVAL, SIGNALS_PENDING, TRACER_REQUEST,
};

/// Runs `f` on its own thread and fails the test if it does not finish
/// within `secs` seconds (a deadlock or starvation bug).
fn bounded<T: Send + 'static>(secs: u64, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    let handle = thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(Duration::from_secs(secs)) {
        Ok(v) => v,
        Err(RecvTimeoutError::Disconnected) => match handle.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("the test body neither sent nor panicked"),
        },
        Err(RecvTimeoutError::Timeout) => {
            panic!("timed out after {secs} s: deadlock or starvation in the GIL")
        }
    }
}

fn gil_with_interval(interval: Duration) -> Arc<Gil> {
    Arc::new(Gil::new(GilConfig {
        switch_interval: interval,
        ..GilConfig::default()
    }))
}

fn by_name<'a>(stats: &'a [ThreadStats], name: &str) -> &'a ThreadStats {
    stats
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no thread {name}"))
}

/// A CPU-bound thread as the VM runs one: hold the GIL, "execute bytecode"
/// and poll the breaker at every backward jump, until `stop`. Returns the
/// number of loop iterations it ran.
fn spin(gil: &Gil, name: &str, stop: &AtomicBool) -> u64 {
    let t = gil.register_thread(name);
    gil.take_gil(&t);
    let mut iterations = 0u64;
    while !stop.load(Ordering::Relaxed) {
        for _ in 0..50 {
            std::hint::spin_loop();
        }
        iterations += 1;
        gil.poll(&t);
    }
    gil.unregister_thread(t);
    iterations
}

#[test]
fn breaker_bits() {
    let gil = Gil::default();
    let b = gil.eval_breaker();
    assert_eq!(b.load(), 0);
    // Distinct bits, and the values the VM's breaker already uses.
    assert_eq!(GIL_DROP_REQUEST, 1);
    assert_eq!(SIGNALS_PENDING, 2);
    assert_eq!(GIL_DROP_REQUEST & SIGNALS_PENDING & TRACER_REQUEST, 0);
    b.set(SIGNALS_PENDING | TRACER_REQUEST);
    assert!(b.is_set(SIGNALS_PENDING));
    assert!(!b.is_set(GIL_DROP_REQUEST));
    assert_eq!(b.take(SIGNALS_PENDING), SIGNALS_PENDING);
    assert_eq!(
        b.take(SIGNALS_PENDING),
        0,
        "a pending signal is consumed once"
    );
    b.clear(TRACER_REQUEST);
    assert_eq!(b.load(), 0);
}

#[test]
fn switch_interval_setting() {
    let gil = Gil::default();
    assert_eq!(gil.switch_interval(), DEFAULT_SWITCH_INTERVAL);
    assert_eq!(DEFAULT_SWITCH_INTERVAL, Duration::from_millis(5));
    gil.set_switch_interval(Duration::from_micros(250));
    assert_eq!(gil.switch_interval(), Duration::from_micros(250));
    gil.set_switch_interval(Duration::ZERO);
    assert_eq!(gil.switch_interval(), MIN_SWITCH_INTERVAL);
    assert!(gil.priority_reacquire());
    gil.set_priority_reacquire(false);
    assert!(!gil.priority_reacquire());
}

#[test]
fn single_thread_take_drop_and_stats() {
    bounded(20, || {
        let gil = Gil::default();
        let main = gil.register_thread("MainThread");
        assert_eq!(main.id(), 0);
        assert_eq!(gil.holder(), None);
        gil.take_gil(&main);
        assert_eq!(gil.holder(), Some(0));
        assert!(gil.is_held_by(&main));
        // Nobody waits: polling and yielding are no-ops.
        assert_eq!(gil.poll(&main), 0);
        gil.yield_gil(&main);
        gil.allow_threads(&main, || thread::sleep(Duration::from_millis(20)));
        assert!(gil.is_held_by(&main), "allow_threads reacquires");
        {
            let _section = gil.blocking_section(&main);
            assert_eq!(gil.holder(), None, "released inside the blocking section");
        }
        assert!(gil.is_held_by(&main));
        gil.drop_gil(&main);
        assert_eq!(gil.holder(), None);

        let s = &gil.stats()[0];
        assert_eq!(s.name, "MainThread");
        assert!(s.alive);
        assert_eq!(s.acquisitions, 3);
        assert_eq!(s.voluntary_switches, 3);
        assert_eq!(s.forced_switches, 0);
        assert_eq!(
            (s.drop_requests, s.priority_requests),
            (0, 0),
            "a free lock needs no request"
        );
        assert!(
            s.blocked >= Duration::from_millis(20),
            "slept 20 ms with the GIL released"
        );
        assert!(s.holding > Duration::ZERO);

        gil.rename_thread(&main, "Main");
        gil.unregister_thread(main);
        let s = &gil.stats()[0];
        assert_eq!(s.name, "Main");
        assert!(!s.alive, "exited threads keep their stats");
        assert_eq!(gil.switch_count(), 1);
    });
}

#[test]
fn unregister_releases_a_held_gil() {
    bounded(20, || {
        let gil = Gil::default();
        let a = gil.register_thread("a");
        let b = gil.register_thread("b");
        gil.take_gil(&a);
        gil.unregister_thread(a);
        gil.take_gil(&b); // would hang if `a` still held it
        assert_eq!(gil.holder(), Some(1));
        gil.unregister_thread(b);
    });
}

/// N threads increment one shared counter with a separate load and store —
/// a read-modify-write that loses updates if two threads ever hold the GIL
/// at once — while polling the breaker like the VM and sometimes releasing
/// the GIL around "blocking" work. A tiny switch interval makes switches
/// frequent. The total must be exact.
#[test]
fn mutual_exclusion() {
    const THREADS: usize = 4;
    const INCREMENTS: usize = 20_000;
    let (total, overlaps, stats, switches) = bounded(60, || {
        let gil = gil_with_interval(Duration::from_micros(100));
        let counter = Arc::new(AtomicUsize::new(0));
        let inside = Arc::new(AtomicUsize::new(0));
        let overlaps = Arc::new(AtomicUsize::new(0));
        let handles: Vec<_> = (0..THREADS)
            .map(|n| {
                let (gil, counter, inside, overlaps) = (
                    gil.clone(),
                    counter.clone(),
                    inside.clone(),
                    overlaps.clone(),
                );
                thread::spawn(move || {
                    let t = gil.register_thread(&format!("worker-{n}"));
                    gil.take_gil(&t);
                    for i in 0..INCREMENTS {
                        gil.poll(&t); // a backward jump
                        if inside.swap(1, Ordering::SeqCst) != 0 {
                            overlaps.fetch_add(1, Ordering::SeqCst);
                        }
                        let v = counter.load(Ordering::Relaxed);
                        if i % 64 == 0 {
                            thread::yield_now(); // widen the window
                        }
                        counter.store(v + 1, Ordering::Relaxed);
                        inside.store(0, Ordering::SeqCst);
                        if i % 2_000 == 0 {
                            gil.allow_threads(&t, || thread::sleep(Duration::from_micros(50)));
                        }
                    }
                    gil.unregister_thread(t);
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        let total = counter.load(Ordering::SeqCst);
        (
            total,
            overlaps.load(Ordering::SeqCst),
            gil.stats(),
            gil.switch_count(),
        )
    });
    assert_eq!(overlaps, 0, "two threads were inside the GIL at once");
    assert_eq!(
        total,
        THREADS * INCREMENTS,
        "lost updates: the GIL did not exclude"
    );
    assert!(switches > 1, "the lock never changed hands");
    assert!(
        stats.iter().map(|s| s.forced_switches).sum::<u64>() > 0,
        "{stats:?}"
    );
    assert!(stats.iter().all(|s| !s.alive));
}

/// Two CPU-bound threads: both make progress, the lock changes hands, and
/// it does so by drop requests after a switch interval plus forced switches.
#[test]
fn cpu_bound_threads_alternate() {
    let (a, b, stats, switches) = bounded(60, || {
        let gil = gil_with_interval(Duration::from_millis(1));
        let stop = Arc::new(AtomicBool::new(false));
        let spawn = |name: &'static str| {
            let (gil, stop) = (gil.clone(), stop.clone());
            thread::spawn(move || spin(&gil, name, &stop))
        };
        let ha = spawn("cpu-a");
        let hb = spawn("cpu-b");
        thread::sleep(Duration::from_millis(300));
        stop.store(true, Ordering::Relaxed);
        let (a, b) = (ha.join().unwrap(), hb.join().unwrap());
        (a, b, gil.stats(), gil.switch_count())
    });
    assert!(a > 0 && b > 0, "both threads must progress: {a} {b}");
    for name in ["cpu-a", "cpu-b"] {
        let s = by_name(&stats, name);
        assert!(s.acquisitions >= 2, "{name} never got the lock back: {s:?}");
        assert!(s.holding > Duration::ZERO, "{s:?}");
    }
    let forced: u64 = stats.iter().map(|s| s.forced_switches).sum();
    let requests: u64 = stats.iter().map(|s| s.drop_requests).sum();
    assert!(forced >= 2, "no forced switches: {stats:?}");
    assert!(requests >= 2, "no interval drop requests: {stats:?}");
    assert!(
        stats.iter().all(|s| s.priority_requests == 0),
        "no blocking here: {stats:?}"
    );
    assert!(switches >= 3, "switches: {switches}");
}

/// Three CPU-bound threads: every one of them keeps getting the lock. The
/// thread timing the interval (the one asking for the switch) must not be
/// passed over at every release while the other two take turns, as it was
/// when releases woke waiters in plain queue order.
#[test]
fn three_cpu_bound_threads_all_get_turns() {
    let stats = bounded(60, || {
        let gil = gil_with_interval(Duration::from_millis(1));
        let stop = Arc::new(AtomicBool::new(false));
        let spawn = |name: &'static str| {
            let (gil, stop) = (gil.clone(), stop.clone());
            thread::spawn(move || spin(&gil, name, &stop))
        };
        let threads = [spawn("cpu-a"), spawn("cpu-b"), spawn("cpu-c")];
        thread::sleep(Duration::from_millis(500));
        stop.store(true, Ordering::Relaxed);
        for t in threads {
            assert!(t.join().unwrap() > 0);
        }
        gil.stats()
    });
    // 500 ms at a 1 ms interval is a hundred hand-overs or more. Taking
    // turns, each thread gets about a third of them; a thread passed over
    // at most releases gets far fewer (measured before the fix: 6 of 215).
    let turns: Vec<u64> = ["cpu-a", "cpu-b", "cpu-c"]
        .iter()
        .map(|name| by_name(&stats, name).acquisitions)
        .collect();
    let total: u64 = turns.iter().sum();
    assert!(total >= 30, "too few hand-overs to judge: {stats:?}");
    for (name, n) in ["cpu-a", "cpu-b", "cpu-c"].iter().zip(&turns) {
        assert!(
            *n * 5 >= total,
            "{name} got {n} of {total} turns (starved): {stats:?}"
        );
    }
}

/// Runs a spinning thread beside an "I/O" thread doing `rounds` ×
/// (release, sleep, reacquire, tiny work). Returns the I/O loop's time and
/// the stats.
fn io_beside_spinner(priority: bool, rounds: u32, sleep: Duration) -> (Duration, Vec<ThreadStats>) {
    let gil = Arc::new(Gil::new(GilConfig {
        priority_reacquire: priority,
        ..GilConfig::default()
    }));
    let stop = Arc::new(AtomicBool::new(false));
    let spinner = {
        let (gil, stop) = (gil.clone(), stop.clone());
        thread::spawn(move || spin(&gil, "cpu", &stop))
    };
    let io = gil.register_thread("io");
    gil.take_gil(&io);
    let start = Instant::now();
    let mut work = 0u64;
    for i in 0..rounds {
        gil.allow_threads(&io, || thread::sleep(sleep));
        work = work.wrapping_add(u64::from(i) * 7);
        gil.poll(&io);
    }
    let elapsed = start.elapsed();
    std::hint::black_box(work);
    gil.unregister_thread(io);
    stop.store(true, Ordering::Relaxed);
    let cpu_iterations = spinner.join().unwrap();
    assert!(cpu_iterations > 0, "the CPU-bound thread never ran");
    (elapsed, gil.stats())
}

/// The convoy-effect fix: a thread coming back from short blocking calls
/// beside a spinning thread asks for the GIL at once (priority request)
/// instead of waiting a switch interval, and gets through its loop quickly.
#[test]
fn convoy_fix_priority_reacquire() {
    let (elapsed, stats) = bounded(60, || io_beside_spinner(true, 50, Duration::from_millis(1)));
    let io = by_name(&stats, "io");
    assert!(
        io.priority_requests >= 1,
        "no priority request was made: {io:?}"
    );
    // Expected ~55-80 ms; 5 s is ~100x looser (an ordinary waiter would take
    // 50 x 5 ms = 250 ms+, a convoyed one far more on a loaded machine).
    assert!(
        elapsed < Duration::from_secs(5),
        "50 round trips took {elapsed:?}"
    );
    let cpu = by_name(&stats, "cpu");
    assert!(
        cpu.forced_switches >= 1,
        "the spinner was never asked to drop: {cpu:?}"
    );
}

/// The same with the policy off: the I/O thread is an ordinary waiter that
/// asks only after a switch interval (CPython's behaviour).
#[test]
fn convoy_without_priority_uses_interval_requests() {
    let (_elapsed, stats) = bounded(60, || {
        io_beside_spinner(false, 10, Duration::from_millis(1))
    });
    let io = by_name(&stats, "io");
    assert_eq!(io.priority_requests, 0, "{io:?}");
    assert!(
        io.drop_requests >= 1,
        "the I/O thread must have asked after an interval: {io:?}"
    );
}

/// Two I/O threads with priority requests beside a CPU-bound thread: the
/// CPU thread still gets the lock back (each priority request preempts it
/// only at a poll point, and it runs again whenever the I/O threads block).
/// Also with "I/O" threads that block for no time at all, which keep a
/// priority request standing almost all the time.
#[test]
fn io_threads_cannot_starve_a_cpu_thread() {
    for sleep in [Duration::from_micros(200), Duration::ZERO] {
        let (cpu_iterations, stats) = bounded(60, move || {
            let gil = gil_with_interval(Duration::from_millis(1));
            let stop = Arc::new(AtomicBool::new(false));
            let io_rounds = Arc::new(AtomicU64::new(0));
            let ios: Vec<_> = (0..2)
                .map(|n| {
                    let (gil, stop, io_rounds) = (gil.clone(), stop.clone(), io_rounds.clone());
                    thread::spawn(move || {
                        let t = gil.register_thread(&format!("io-{n}"));
                        gil.take_gil(&t);
                        while !stop.load(Ordering::Relaxed) {
                            gil.allow_threads(&t, || {
                                if sleep.is_zero() {
                                    thread::yield_now();
                                } else {
                                    thread::sleep(sleep);
                                }
                            });
                            for _ in 0..100 {
                                std::hint::spin_loop();
                            }
                            io_rounds.fetch_add(1, Ordering::Relaxed);
                            gil.poll(&t);
                        }
                        gil.unregister_thread(t);
                    })
                })
                .collect();
            // The CPU thread arrives while the I/O threads already run.
            thread::sleep(Duration::from_millis(20));
            let cpu = {
                let (gil, stop) = (gil.clone(), stop.clone());
                thread::spawn(move || spin(&gil, "cpu", &stop))
            };
            thread::sleep(Duration::from_millis(300));
            stop.store(true, Ordering::Relaxed);
            let cpu_iterations = cpu.join().unwrap();
            for h in ios {
                h.join().unwrap();
            }
            assert!(io_rounds.load(Ordering::Relaxed) > 0);
            (cpu_iterations, gil.stats())
        });
        let cpu = by_name(&stats, "cpu");
        assert!(
            cpu_iterations > 0,
            "sleep {sleep:?}: CPU thread starved: {stats:?}"
        );
        assert!(
            cpu.acquisitions >= 2,
            "sleep {sleep:?}: CPU thread starved: {stats:?}"
        );
        let priority: u64 = stats.iter().map(|s| s.priority_requests).sum();
        assert!(priority >= 1, "sleep {sleep:?}: {stats:?}");
    }
}

/// No-GIL mode: the same calls, all no-ops. Two threads "hold" it at once
/// (they meet at a barrier, which would deadlock under a real GIL).
#[test]
fn no_gil_mode_is_a_no_op() {
    bounded(20, || {
        let gil = Arc::new(Gil::disabled());
        assert!(!gil.enabled());
        let barrier = Arc::new(Barrier::new(2));
        let handles: Vec<_> = (0..2)
            .map(|n| {
                let (gil, barrier) = (gil.clone(), barrier.clone());
                thread::spawn(move || {
                    let t = gil.register_thread(&format!("t{n}"));
                    gil.take_gil(&t);
                    assert!(gil.is_held_by(&t));
                    barrier.wait(); // both "inside" at once
                    for _ in 0..1000 {
                        assert_eq!(gil.poll(&t), 0);
                    }
                    gil.yield_gil(&t);
                    gil.allow_threads(&t, || ());
                    gil.release_for_blocking(&t);
                    gil.reacquire_after_blocking(&t);
                    gil.drop_gil(&t);
                    gil.drop_gil(&t); // even unbalanced calls are harmless
                    gil.unregister_thread(t);
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        assert_eq!(gil.holder(), None);
        assert_eq!(gil.switch_count(), 0);
        assert!(!gil.eval_breaker().is_set(GIL_DROP_REQUEST));
        let stats = gil.stats();
        assert_eq!(stats.len(), 2, "threads still register by name");
        for s in &stats {
            assert_eq!(s.acquisitions + s.forced_switches + s.voluntary_switches, 0);
            assert_eq!(s.holding + s.waiting + s.blocked, Duration::ZERO);
        }
        assert!(gil.trace_json().is_none());
        // The breaker still carries signals in no-GIL mode.
        gil.eval_breaker().set(SIGNALS_PENDING);
        let t = gil.register_thread("main");
        assert_eq!(gil.poll(&t), SIGNALS_PENDING);
    });
}

#[test]
fn trace_json_parses_back_with_expected_events() {
    let path = std::env::temp_dir().join(format!("conc-gil-trace-{}.json", std::process::id()));
    let events = bounded(60, {
        let path = path.clone();
        move || {
            let gil = Arc::new(Gil::new(GilConfig {
                switch_interval: Duration::from_millis(1),
                trace_path: Some(path.clone()),
                ..GilConfig::default()
            }));
            assert!(gil.tracing());
            let stop = Arc::new(AtomicBool::new(false));
            let cpu = {
                let (gil, stop) = (gil.clone(), stop.clone());
                thread::spawn(move || spin(&gil, "cpu", &stop))
            };
            let main = gil.register_thread("MainThread");
            gil.take_gil(&main);
            for _ in 0..10 {
                gil.allow_threads(&main, || thread::sleep(Duration::from_millis(1)));
                for _ in 0..20 {
                    gil.poll(&main);
                }
            }
            // Stay runnable for a few intervals so interval requests happen.
            let until = Instant::now() + Duration::from_millis(30);
            while Instant::now() < until {
                gil.poll(&main);
            }
            stop.store(true, Ordering::Relaxed);
            gil.release_for_blocking(&main);
            cpu.join().unwrap();
            gil.reacquire_after_blocking(&main);
            assert_eq!(gil.write_trace().unwrap().as_deref(), Some(path.as_path()));
            let text = std::fs::read_to_string(&path).unwrap();
            let doc: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
            doc["traceEvents"]
                .as_array()
                .expect("traceEvents array")
                .clone()
        }
    });
    let _ = std::fs::remove_file(&path);

    let has = |ph: &str, name: &str| events.iter().any(|e| e["ph"] == ph && e["name"] == name);
    let thread_names: Vec<&str> = events
        .iter()
        .filter(|e| e["ph"] == "M" && e["name"] == "thread_name")
        .filter_map(|e| e["args"]["name"].as_str())
        .collect();
    assert!(
        thread_names.contains(&"MainThread") && thread_names.contains(&"cpu"),
        "{thread_names:?}"
    );
    assert!(has("X", "running"), "no running slices");
    assert!(has("X", "wait_gil"), "no wait_gil slices");
    assert!(has("X", "blocked"), "no blocked slices");
    assert!(has("i", "drop_request"), "no drop request instants");
    assert!(
        events
            .iter()
            .any(|e| e["ph"] == "i" && e["args"]["priority"] == true),
        "no priority request instants"
    );
    for e in &events {
        assert!(e["pid"].is_u64() && e["tid"].is_u64(), "{e}");
        if e["ph"] == "X" {
            assert!(
                e["ts"].as_f64().unwrap() >= 0.0 && e["dur"].as_f64().unwrap() >= 0.0,
                "{e}"
            );
            assert_eq!(e["cat"], "gil");
        }
        if e["ph"] == "i" {
            assert_eq!(e["s"], "t", "thread-scoped instant: {e}");
        }
    }
    // Slices of one thread never overlap.
    for tid in [0u64, 1] {
        let mut slices: Vec<(f64, f64)> = events
            .iter()
            .filter(|e| e["ph"] == "X" && e["tid"] == tid)
            .map(|e| (e["ts"].as_f64().unwrap(), e["dur"].as_f64().unwrap()))
            .collect();
        slices.sort_by(|a, b| a.0.total_cmp(&b.0));
        for w in slices.windows(2) {
            assert!(
                w[0].0 + w[0].1 <= w[1].0 + 0.01,
                "tid {tid}: overlapping slices {w:?}"
            );
        }
    }
}

#[test]
fn blocked_slices_carry_the_reason_given() {
    let path = std::env::temp_dir().join(format!("conc-gil-reason-{}.json", std::process::id()));
    let gil = Gil::new(GilConfig {
        trace_path: Some(path.clone()),
        ..GilConfig::default()
    });
    let main = gil.register_thread("MainThread");
    gil.take_gil(&main);
    gil.allow_threads_because(&main, "sleep", || thread::sleep(Duration::from_millis(1)));
    gil.allow_threads(&main, || thread::sleep(Duration::from_millis(1)));
    gil.release_for_blocking_because(&main, Some("join"));
    // Still blocked: the open slice is closed in the output with its reason.
    let doc = gil.trace_json().expect("tracing");
    gil.reacquire_after_blocking(&main);
    let reasons: Vec<Option<&str>> = doc["traceEvents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["ph"] == "X" && e["name"] == "blocked")
        .map(|e| e["args"]["reason"].as_str())
        .collect();
    assert_eq!(reasons, [Some("sleep"), None, Some("join")]);
    // Other slices carry no reason.
    assert!(doc["traceEvents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["ph"] == "X" && e["name"] != "blocked")
        .all(|e| e["args"]["reason"].is_null()));
    // Dropping the Gil writes the file; remove it after.
    drop(gil);
    let _ = std::fs::remove_file(&path);
}

#[test]
fn no_trace_without_a_path() {
    let gil = Gil::default();
    assert!(!gil.tracing());
    assert!(gil.trace_json().is_none());
    assert_eq!(gil.write_trace().unwrap(), None);
}

#[test]
fn stats_table_formatting() {
    let stats = vec![
        ThreadStats {
            id: 0,
            name: "MainThread".into(),
            alive: true,
            holding: Duration::from_micros(1_500),
            waiting: Duration::from_micros(250),
            blocked: Duration::from_millis(2_000),
            acquisitions: 12,
            forced_switches: 3,
            voluntary_switches: 9,
            drop_requests: 4,
            priority_requests: 0,
        },
        ThreadStats {
            id: 1,
            name: "Thread-1".into(),
            alive: false,
            holding: Duration::from_millis(10),
            acquisitions: 1234567,
            priority_requests: 7,
            ..ThreadStats::default()
        },
    ];
    let table = format_stats_table(&stats, true);
    print!("{table}");
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 5, "header, rule, two threads, total:\n{table}");
    assert!(lines[0].starts_with("thread"));
    for col in [
        "holding ms",
        "waiting ms",
        "blocked ms",
        "forced",
        "voluntary",
        "drop req",
        "priority req",
    ] {
        assert!(lines[0].contains(col), "missing column {col}");
    }
    assert!(lines[1].chars().all(|c| c == '-' || c == ' '));
    assert!(
        lines[2].starts_with("MainThread")
            && lines[2].contains("1.50")
            && lines[2].contains("0.25")
    );
    assert!(lines[2].contains("2000.00"));
    assert!(lines[3].starts_with("Thread-1 (exited)"));
    assert!(
        lines[4].starts_with("total") && lines[4].contains("11.50") && lines[4].contains("1234579")
    );
    // Right-aligned numbers: every line has the same length, and each
    // column's header ends where its numbers end.
    let width = lines[0].len();
    assert!(
        lines.iter().all(|l| l.len() == width),
        "ragged table:\n{table}"
    );
    let end_of = |line: &str, cell: &str| line.find(cell).unwrap() + cell.len();
    assert_eq!(end_of(lines[0], "holding ms"), end_of(lines[2], "1.50"));
    assert_eq!(end_of(lines[0], "holding ms"), end_of(lines[3], "10.00"));
    // A single thread: no total row.
    assert_eq!(format_stats_table(&stats[..1], true).lines().count(), 3);
}
