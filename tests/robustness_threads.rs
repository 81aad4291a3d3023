//! Robustness of threads, with and without the GIL:
//! - a queue's shutdown racing its `get` and `put` (a lock-order deadlock
//!   between the GIL and the queue's mutex);
//!
//! Each program runs in the real binary through `common::run`, which kills
//! it after `common::TIMEOUT`: a hang fails the test, it never blocks the
//! run. Waits inside the scripts are bounded too.

mod common;

use std::path::Path;

/// Runs `src` (written to `name`) with `flags` before the script, and
/// returns its output after checking that it ended on its own with status 0.
fn run_ok(name: &str, flags: &[&str], src: &str) -> common::Output {
    let path = common::script("robustness-threads", name, src);
    let dir = path.parent().expect("script directory").to_path_buf();
    let mut args: Vec<&Path> = flags.iter().map(Path::new).collect();
    args.push(&path);
    let out = common::run(&common::conc_bin(), &args, &dir).expect("run conc");
    assert!(
        !out.timed_out && out.code == Some(0),
        "{name} {flags:?}: {}\nstdout:\n{}stderr:\n{}",
        out.status(),
        common::indent(&out.stdout),
        common::indent(&out.stderr)
    );
    out
}

// ----- 1. the GIL and a queue's mutex ------------------------------------

/// A priority queue's `shutdown()` that finds the heap claimed by a thread
/// comparing items waits without the GIL; it used to come back holding the
/// queue's mutex and wait for the GIL, while the GIL holder waited for that
/// mutex. Every round races a shutdown with a getter and a putter whose
/// comparisons are script code (so a switch can happen mid-claim); before
/// the fix most runs of this script hung.
#[test]
fn priority_queue_shutdown_racing_get_and_put_never_hangs() {
    let src = r#"import threading, queue

class Job:
    def __init__(self, n):
        self.n = n
    def __lt__(self, other):
        return self.n < other.n

ROUNDS = 150
finished = 0
for r in range(ROUNDS):
    q = queue.PriorityQueue()
    for i in range(64):
        q.put(Job(i % 11))
    ends = []
    puts = [0]
    def getter():
        try:
            while True:
                q.get()
        except queue.ShutDown:
            ends.append("get")
    def putter():
        try:
            while True:
                q.put(Job(r))
                puts[0] += 1
        except queue.ShutDown:
            ends.append("put")
    ts = [threading.Thread(target=getter), threading.Thread(target=putter)]
    for t in ts:
        t.start()
    # Shut down while the putter is at work on the heap.
    spins = 0
    while puts[0] < 1 + r % 5 and spins < 1000000:
        spins += 1
    q.shutdown(immediate=(r % 2 == 1))
    for t in ts:
        t.join(20)
        assert not t.is_alive(), "a thread is stuck after shutdown"
    assert sorted(ends) == ["get", "put"], ends
    finished += 1
print("rounds", finished)
"#;
    let out = run_ok("prio_shutdown.conc", &[], src);
    assert_eq!(out.stdout, "rounds 150\n");
}

/// The same race on plain and LIFO queues (their waits never run script
/// code under the mutex), with blocked getters and putters on a bounded
/// queue woken by the shutdown.
#[test]
fn queue_shutdown_wakes_blocked_getters_and_putters() {
    let src = r#"import threading, queue

for kind in (queue.Queue, queue.LifoQueue, queue.PriorityQueue):
    for r in range(40):
        q = kind(maxsize=2)
        ends = []
        def getter():
            try:
                while True:
                    q.get()
            except queue.ShutDown:
                ends.append("get")
        def putter():
            try:
                for i in range(1000000):
                    q.put(i)
            except queue.ShutDown:
                ends.append("put")
        ts = [threading.Thread(target=getter) for _ in range(2)]
        ts += [threading.Thread(target=putter) for _ in range(2)]
        for t in ts:
            t.start()
        for _ in range(r):
            q.qsize()
        q.shutdown(immediate=True)
        for t in ts:
            t.join(20)
            assert not t.is_alive(), "a thread is stuck after shutdown"
        assert sorted(ends) == ["get", "get", "put", "put"], ends
print("ok")
"#;
    for flags in [&[][..], &["--no-gil"][..]] {
        assert_eq!(run_ok("queue_shutdown.conc", flags, src).stdout, "ok\n");
    }
}
