//! The cycle collector, end to end: reference cycles are freed, by
//! `gc.collect()` and automatically, with and without the GIL, from the
//! main thread and from other threads; what is reachable stays, and a
//! collection needing to stop other threads under `--no-gil` waits for
//! them instead of racing them.
//!
//! Objects are watched through `weakref.ref`: a dead weak reference proves
//! the object was freed. Each program runs in the real binary through
//! `common::run`, which kills it after `common::TIMEOUT`.

mod common;

fn run_ok(name: &str, flags: &[&str], src: &str) -> String {
    common::run_script_ok("gc-cycles", name, flags, src).stdout
}

/// Builds 20,000 two-node cycles (watching every node) without calling
/// `gc.collect()`, then reports how many nodes are still alive.
const AUTOMATIC: &str = r#"import gc, weakref

class Node:
    def __init__(self):
        self.peer = None

refs = []
for i in range(20000):
    a = Node(); b = Node()
    a.peer = b; b.peer = a
    refs.append(weakref.ref(a))
del a, b
alive = sum(1 for r in refs if r() is not None)
print("alive", alive)
stats = gc.get_stats()
print("collected", sum(s["collected"] for s in stats))
"#;

/// Automatic collection frees nearly every cycle: at most the last
/// young generation's worth (700 objects by default) can be left.
fn check_automatic(flags: &[&str]) {
    let out = run_ok("automatic.conc", flags, AUTOMATIC);
    let alive: usize = out
        .lines()
        .find_map(|l| l.strip_prefix("alive "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no alive count in {out:?}"));
    assert!(
        alive < 1000,
        "{flags:?}: {alive} of 20000 cycles left\n{out}"
    );
    let collected: usize = out
        .lines()
        .find_map(|l| l.strip_prefix("collected "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    assert!(collected >= 38000, "{flags:?}: only {collected} collected");
}

#[test]
fn cycles_are_collected_automatically_with_the_gil() {
    check_automatic(&[]);
}

#[test]
fn cycles_are_collected_automatically_without_the_gil() {
    check_automatic(&["--no-gil"]);
}

/// Collects until every watched object is dead, or 2 s have passed; returns
/// how many are alive. Under `--no-gil` a collection needs its thread to be
/// the only one, and a joined thread's registration ends just after `join`
/// returns: the first collection may find a worker not quite gone.
const SETTLE: &str = r#"import gc, threading, time, weakref

def settle(refs):
    for _ in range(200):
        gc.collect()
        alive = sum(1 for r in refs if r() is not None)
        if alive == 0:
            break
        time.sleep(0.01)
    return alive
"#;

/// Threads build cycles of their own (and one shared structure that must
/// survive); the main thread's full collection after they end frees all
/// their garbage: a finished thread's young objects join the shared
/// generations.
const THREADS: &str = r#"

class Node:
    def __init__(self, tag):
        self.tag = tag
        self.peer = None

shared = []
refs = []
lock = threading.Lock()

def work(n):
    mine = []
    for i in range(3000):
        a = Node(n); b = Node(n)
        a.peer = b; b.peer = a
        mine.append(weakref.ref(a))
    keep = Node(n); keep.peer = keep
    with lock:
        refs.extend(mine)
        shared.append(keep)

threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
for t in threads: t.start()
for t in threads: t.join(timeout=60)
print("joined", not any(t.is_alive() for t in threads))
print("alive", settle(refs), "of", len(refs))
print("kept", sorted(k.tag for k in shared), all(k.peer is k for k in shared))
"#;

fn check_threads(flags: &[&str]) {
    let out = run_ok("threads.conc", flags, &format!("{SETTLE}{THREADS}"));
    assert!(out.contains("joined True"), "{flags:?}: {out}");
    assert!(out.contains("alive 0 of 12000"), "{flags:?}: {out}");
    assert!(out.contains("kept [0, 1, 2, 3] True"), "{flags:?}: {out}");
}

#[test]
fn garbage_of_finished_threads_is_collected_with_the_gil() {
    check_threads(&[]);
}

#[test]
fn garbage_of_finished_threads_is_collected_without_the_gil() {
    check_threads(&["--no-gil"]);
}

/// While other threads run, threads keep building cycles and changing
/// shared lists and dicts, and every thread calls `gc.collect()` often:
/// nothing reachable is lost (every append is there at the end), nothing
/// crashes, and the garbage is gone once they finish.
const CONCURRENT: &str = r#"

class Node:
    def __init__(self):
        self.peer = None

log = []
table = {}
refs = []
lock = threading.Lock()

def work(n):
    for i in range(2000):
        a = Node(); b = Node()
        a.peer = b; b.peer = a
        w = weakref.ref(a)
        with lock:
            refs.append(w)
        log.append((n, i))
        table[(n, i)] = [table]
        if i % 250 == 0:
            gc.collect()

threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
for t in threads: t.start()
for t in threads: t.join(timeout=60)
print("joined", not any(t.is_alive() for t in threads))
print("log", len(log), len(set(log)))
print("table", len(table), all(v[0] is table for v in table.values()))
print("alive", settle(refs))
"#;

fn check_concurrent(flags: &[&str]) {
    let out = run_ok("concurrent.conc", flags, &format!("{SETTLE}{CONCURRENT}"));
    assert!(out.contains("joined True"), "{flags:?}: {out}");
    assert!(out.contains("log 8000 8000"), "{flags:?}: {out}");
    assert!(out.contains("table 8000 True"), "{flags:?}: {out}");
    assert!(out.contains("alive 0\n"), "{flags:?}: {out}");
}

#[test]
fn collecting_while_threads_run_loses_nothing_with_the_gil() {
    check_concurrent(&[]);
}

#[test]
fn collecting_while_threads_run_loses_nothing_without_the_gil() {
    check_concurrent(&["--no-gil"]);
}

/// A long-running program that keeps making cycles stays small: a million
/// dropped cycles fit in the memory of a few thousand.
#[test]
fn a_million_dropped_cycles_do_not_accumulate() {
    let src = r#"import gc
class Node:
    def __init__(self):
        self.peer = None
for i in range(1000000):
    a = Node(); b = Node()
    a.peer = b; b.peer = a
gc.collect()
with open("/proc/self/status") as f:
    for line in f:
        if line.startswith("VmHWM:"):
            print("peak_kb", int(line.split()[1]))
"#;
    let out = run_ok("million.conc", &[], src);
    let peak: u64 = out
        .lines()
        .find_map(|l| l.strip_prefix("peak_kb "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no peak in {out:?}"));
    // Without a collector this peaks near 900 MB.
    assert!(peak < 100_000, "peak {peak} kB");
}
