//! Host threads taking the GIL on their own thread through an
//! `InterpreterHandle`: they take turns with script threads and with each
//! other, run while the interpreter's main thread is busy, measure their
//! own stack, and leave nothing behind when they detach.
//!
//! Turn-taking is shown by behaviour, not timing: script code on one
//! thread spins until another thread's code has made progress, which only
//! happens if the GIL passes between them. Every wait is bounded (the
//! scripts give up after a deadline, the host waits with timeouts), so a
//! GIL that never switches fails a test instead of hanging it.

use std::collections::HashSet;
use std::sync::{mpsc, Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use conc::{Config, Error, Interpreter, InterpreterHandle};

/// How long any wait in these tests may last before it counts as failed.
const PATIENCE: Duration = Duration::from_secs(30);

/// CPU-bound work with a known answer, and a script thread that counts
/// while `stop` is false (bounded by a deadline).
const SCRIPT: &str = r#"
import thread, time

def work(n):
    total = 0
    for i in range(n):
        total += i * i
    return total

count = 0
stop = False

def counter():
    global count
    deadline = time.monotonic() + 60
    while not stop and time.monotonic() < deadline:
        count += 1

def saw_counter_move():
    # Spins in conc code (holding the GIL between polls) until the
    # script thread has counted: only a GIL switch lets it.
    start = count
    deadline = time.monotonic() + 20
    while count == start and time.monotonic() < deadline:
        pass
    return count != start
"#;

fn expected_work(n: i64) -> i64 {
    (0..n).map(|i| i * i).sum()
}

fn interpreter() -> Interpreter {
    let mut interp = Interpreter::new(Config::default());
    conc::stdlib::install(&mut interp);
    interp.run_source(SCRIPT, "host_threads.conc").unwrap();
    interp
}

/// Runs `f` on a new host thread (of `stack` bytes if given) and waits for
/// it at most [`PATIENCE`].
fn on_host_thread<T: Send + 'static>(
    stack: Option<usize>,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = mpsc::channel();
    let mut builder = std::thread::Builder::new().name("host".into());
    if let Some(size) = stack {
        builder = builder.stack_size(size);
    }
    builder
        .spawn(move || {
            let _ = tx.send(f());
        })
        .unwrap();
    rx.recv_timeout(PATIENCE)
        .expect("the host thread did not finish in time (or panicked)")
}

/// The `Host-N` rows of the GIL statistics: (name, alive, acquisitions).
fn host_rows(interp: &Interpreter) -> Vec<(String, bool, u64)> {
    interp
        .gil_lock()
        .stats()
        .into_iter()
        .filter(|t| t.name.starts_with("Host-"))
        .map(|t| (t.name, t.alive, t.acquisitions))
        .collect()
}

#[test]
fn two_host_threads_take_turns_with_a_script_thread() {
    let mut interp = interpreter();
    interp
        .run_source(
            "worker = thread.Thread(target=counter)\nworker.start()\n",
            "start.conc",
        )
        .unwrap();
    let handle = interp.handle();
    let hosts: Vec<_> = (0..2)
        .map(|k| {
            let handle: InterpreterHandle = handle.clone();
            let (tx, rx) = mpsc::channel();
            std::thread::spawn(move || {
                let mut results = Vec::new();
                for round in 0..3 {
                    let n = 20_000 + 10_000 * k + round;
                    let (moved, total) = handle
                        .with_gil(|gil| {
                            let moved: bool =
                                gil.global("saw_counter_move")?.call(())?.extract()?;
                            let total: i64 = gil.global("work")?.call((n,))?.extract()?;
                            Ok::<_, conc::Error>((moved, total))
                        })
                        .unwrap();
                    results.push((n, moved, total));
                }
                let _ = tx.send(results);
            });
            rx
        })
        .collect();
    for (k, rx) in hosts.into_iter().enumerate() {
        let results = rx.recv_timeout(PATIENCE).expect("host thread finished");
        for (n, moved, total) in results {
            assert!(
                moved,
                "host {k}: the script thread never ran while the host spun"
            );
            assert_eq!(total, expected_work(n), "host {k}, n = {n}");
        }
    }
    interp
        .run_source(
            "stop = True\nworker.join(30)\nalive = worker.is_alive()\n",
            "stop.conc",
        )
        .unwrap();
    assert!(!interp.get_global::<bool>("alive").unwrap());
    // Both hosts were attached at once or one after the other: at most two
    // rows, none alive now, each took the GIL more than once (it was
    // switched away from it).
    let rows = host_rows(&interp);
    assert!((1..=2).contains(&rows.len()), "{rows:?}");
    assert!(
        rows.iter().all(|(_, alive, acq)| !alive && *acq > 1),
        "{rows:?}"
    );
}

#[test]
fn a_host_thread_runs_while_the_main_thread_is_busy() {
    let mut interp = interpreter();
    interp.run_source("flag = False\n", "flag.conc").unwrap();
    let handle = interp.handle();
    let setter = std::thread::spawn(move || {
        // Until the main thread's run has started (it sets `waiting`),
        // then set the flag it waits for.
        handle.with_gil(|gil| {
            gil.run_source(
                "import time\ndeadline = time.monotonic() + 20\nwhile not globals().get('waiting') and time.monotonic() < deadline:\n    pass\nflag = True\n",
                "setter.conc",
            )
        })
    });
    // The main thread spins in a run of its own: a host scope sent to it
    // would wait until the deadline.
    interp
        .run_source(
            "import time\nwaiting = True\ndeadline = time.monotonic() + 20\nwhile not flag and time.monotonic() < deadline:\n    pass\nseen = flag\n",
            "main.conc",
        )
        .unwrap();
    setter.join().unwrap().unwrap();
    assert!(interp.get_global::<bool>("seen").unwrap());
}

#[test]
fn deep_recursion_on_a_small_host_stack_is_a_recursion_error() {
    let mut interp = interpreter();
    interp
        .run_source(
            "import sys\nsys.setrecursionlimit(1000000)\ndef down(n):\n    return 0 if n == 0 else 1 + down(n - 1)\ndef probe(n):\n    try:\n        return down(n)\n    except RecursionError:\n        return -1\n",
            "deep.conc",
        )
        .unwrap();
    let handle = interp.handle();
    // 1 MiB of stack: a few hundred levels fit, a million do not.
    let (shallow, deep) = on_host_thread(Some(1 << 20), move || {
        handle.with_gil(|gil| {
            let probe = gil.global("probe").unwrap();
            let shallow: i64 = probe.call((200,)).unwrap().extract().unwrap();
            let deep: i64 = probe.call((1_000_000,)).unwrap().extract().unwrap();
            (shallow, deep)
        })
    });
    assert_eq!(shallow, 200);
    assert_eq!(deep, -1);
    // The interpreter's main thread, with its big stack, goes deeper.
    assert_eq!(interp.call::<i64>("probe", (20_000,)).unwrap(), 20_000);
}

#[test]
fn scopes_come_and_go_without_leaving_anything() {
    let mut interp = interpreter();
    interp
        .run_source(
            "import threading\nstore = threading.local()\ndef remember(x):\n    store.x = [x] * 100\n    return len(store._local__dicts)\n",
            "local.conc",
        )
        .unwrap();
    let handle = interp.handle();
    let idents = on_host_thread(None, move || {
        let mut idents = std::collections::HashSet::new();
        for i in 0..300 {
            let (ident, dicts): (i64, i64) = handle
                .with_gil(|gil| {
                    let ident = gil.eval("threading.get_ident()")?.extract()?;
                    let alive = gil
                        .eval("threading.current_thread().is_alive()")?
                        .extract::<bool>()?;
                    assert!(alive);
                    let dicts = gil.global("remember")?.call((i,))?.extract()?;
                    Ok::<_, conc::Error>((ident, dicts))
                })
                .unwrap();
            // The main thread's dict (made with the local) and this
            // scope's: earlier scopes' values were freed as they ended.
            assert_eq!(dicts, 2, "scope {i}");
            idents.insert(ident);
        }
        idents.len()
    });
    assert_eq!(idents, 300, "each scope is a thread of its own");
    assert_eq!(interp.eval::<i64>("len(store._local__dicts)").unwrap(), 1);
    // One reused row in the GIL statistics, not one per scope.
    let rows = host_rows(&interp);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(!rows[0].1);
    assert!(rows[0].2 >= 300);
    // Not listed among the script's threads.
    assert_eq!(interp.eval::<i64>("len(threading.enumerate())").unwrap(), 1);
}

#[test]
fn a_panic_in_a_scope_releases_the_gil() {
    let mut interp = interpreter();
    let handle = interp.handle();
    let panicked = on_host_thread(None, move || {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            handle.with_gil(|gil| {
                let _list = gil.eval("[1, 2, 3]").unwrap();
                panic!("host bug");
            })
        }))
        .is_err()
    });
    assert!(panicked);
    // The GIL is free again (a leaked one would hang this: bounded).
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(interp.eval::<i64>("work(10)").unwrap());
    });
    assert_eq!(rx.recv_timeout(PATIENCE).unwrap(), expected_work(10));
}

/// Marks arrivals; `meet(me, other)` waits (bounded) for the other.
#[derive(Default)]
struct Rendezvous {
    arrived: Mutex<HashSet<String>>,
    changed: Condvar,
}

impl Rendezvous {
    fn meet(&self, me: &str, other: &str, patience: Duration) -> bool {
        let deadline = Instant::now() + patience;
        let mut arrived = self.arrived.lock().unwrap();
        arrived.insert(me.to_string());
        self.changed.notify_all();
        while !arrived.contains(other) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            arrived = self.changed.wait_timeout(arrived, left).unwrap().0;
        }
        true
    }
}

#[test]
fn with_a_gil_two_host_scopes_never_run_at_once() {
    // The contrast to `embed_host_threads_nogil.rs`: each scope waits for
    // the other while holding the GIL, so the first to enter waits in vain
    // and the second finds it arrived.
    let mut interp = interpreter();
    let meeting = Arc::new(Rendezvous::default());
    let m = meeting.clone();
    interp
        .register_fn("meet", move |me: String, other: String| {
            Ok::<_, Error>(m.meet(&me, &other, Duration::from_secs(1)))
        })
        .unwrap();
    let handle = interp.handle();
    let (tx, rx) = mpsc::channel();
    for (me, other) in [("a", "b"), ("b", "a")] {
        let handle = handle.clone();
        let tx = tx.clone();
        std::thread::spawn(move || {
            let met: bool = handle
                .with_gil(|gil| gil.global("meet")?.call((me, other))?.extract())
                .unwrap();
            let _ = tx.send(met);
        });
    }
    let mut met = [
        rx.recv_timeout(PATIENCE).unwrap(),
        rx.recv_timeout(PATIENCE).unwrap(),
    ];
    met.sort();
    assert_eq!(met, [false, true]);
}

#[test]
fn a_host_function_of_one_interpreter_enters_another_on_its_thread() {
    // The script thread of `a` holds a's GIL and attaches to `b` for a
    // nested scope: b's objects must register with b's collector, and a's
    // queued work must wait for a.
    let mut a = interpreter();
    let mut b = interpreter();
    let to_b = b.handle();
    a.register_fn("ask_b", move |n: i64| {
        to_b.with_gil(|gil| {
            gil.run_source(
                "import gc\ndef gen():\n    try:\n        yield 1\n    finally:\n        closed.append(1)\nclosed = []\n",
                "b.conc",
            )?;
            // A suspended generator with a `finally`, dropped in b's scope.
            gil.eval("next(gen())")?;
            let cycle = gil.eval("[]")?;
            cycle.call_method("append", (&cycle,))?;
            gil.global("gc")?.call_method("collect", ())?;
            gil.global("work")?.call((n,))?.extract::<i64>()
        })
    })
    .unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let r = a.eval::<Vec<i64>>(
            "[ask_b(n) + (__import__('gc').collect() or 0) * 0 for n in range(50)]",
        );
        let _ = tx.send(r.map_err(|e| e.to_string()));
    });
    let got = rx.recv_timeout(PATIENCE).unwrap().unwrap();
    assert_eq!(got, (0..50).map(expected_work).collect::<Vec<_>>());
    // Each scope's dropped generator was closed by b (`closed` is reset by
    // each run of b.conc, then filled by the close).
    assert!(b.eval::<usize>("len(closed)").unwrap() <= 1);
    assert_eq!(b.eval::<i64>("work(5)").unwrap(), expected_work(5));
}
