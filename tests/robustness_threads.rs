//! Robustness of threads, with and without the GIL:
//! - a queue's shutdown racing its `get` and `put` (a lock-order deadlock
//!   between the GIL and the queue's mutex);
//! - read-only snapshots of a dict that another thread writes under
//!   `--no-gil`, also at exit;
//! - a generator entered by two threads at once;
//! - the cost of many threads (the thread-local values of finished
//!   threads, thousands of threads woken together, many starts and joins);
//! - a stress test of shared objects without the GIL.
//!
//! Each program runs in the real binary through `common::run`, which kills
//! it after `common::TIMEOUT`: a hang fails the test, it never blocks the
//! run. Waits inside the scripts are bounded too.

mod common;

fn run_ok(name: &str, flags: &[&str], src: &str) -> common::Output {
    common::run_script_ok("robustness-threads", name, flags, src)
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

// ----- 2. read-only snapshots without the GIL ----------------------------

/// `list(d.values())`, `list(d.items())`, `threading.enumerate()` and the
/// other snapshot operations take the dict's lock once, as `list(d)` and
/// `d.copy()` do: a writer thread changing the dict's size meanwhile never
/// makes them raise "dictionary changed size during iteration".
#[test]
fn dict_snapshots_never_raise_while_another_thread_writes() {
    let src = r#"import threading

d = {i: i for i in range(100)}
stop = threading.Event()

def writer():
    i = 0
    while not stop.is_set():
        d[1000 + i % 500] = i
        d.pop(1000 + (i + 250) % 500, None)
        i += 1

def churn():
    # Threads that start and end, so threading's own table changes size.
    while not stop.is_set():
        t = threading.Thread(target=lambda: None)
        t.start()
        t.join(10)

ws = [threading.Thread(target=writer), threading.Thread(target=churn)]
for w in ws:
    w.start()
errors = []
snapshots = 0
try:
    for _ in range(3000):
        try:
            vs = list(d.values())
            its = list(d.items())
            ks = tuple(d.keys())
            s = set(d.values())
            srt = sorted(d.items())
            ts = threading.enumerate()
            n = threading.active_count()
        except RuntimeError as e:
            errors.append(str(e))
            continue
        assert all(type(p) is tuple and len(p) == 2 for p in its)
        assert threading.main_thread() in ts and n >= 1
        snapshots += 1
finally:
    stop.set()
    for w in ws:
        w.join(20)
print("errors", len(errors), errors[:1])
print("snapshots", snapshots)
"#;
    for flags in [&[][..], &["--no-gil"][..]] {
        let out = run_ok("dict_snapshots.conc", flags, src);
        assert_eq!(out.stdout, "errors 0 []\nsnapshots 3000\n", "{flags:?}");
    }
}

/// A script that leaves chains of threads starting and ending while it
/// exits: the interpreter's final wait for them (which lists the live
/// threads again and again) must not fail with "dictionary changed size
/// during iteration".
#[test]
fn exit_while_threads_start_and_end_reports_nothing() {
    let src = r#"import threading

def chain(depth):
    x = 0
    for i in range(200):
        x += i
    if depth > 0:
        threading.Thread(target=chain, args=(depth - 1,)).start()

for _ in range(8):
    threading.Thread(target=chain, args=(300,)).start()
print("main done")
"#;
    for _ in 0..6 {
        let out = run_ok("exit_threads.conc", &["--no-gil"], src);
        assert_eq!(out.stdout, "main done\n");
        assert_eq!(out.stderr, "", "stderr at exit");
    }
}

// ----- 3. a generator entered by two threads -----------------------------

/// Threads sharing one infinite generator without a GIL: a thread that
/// enters it while another runs it gets `ValueError: generator already
/// executing` (CPython's answer), never a `StopIteration`, and no value is
/// produced twice or lost.
#[test]
fn generator_entered_concurrently_raises_value_error() {
    let src = r#"import threading

def naturals():
    n = 0
    while True:
        yield n
        n += 1

gen = naturals()
got = [[] for _ in range(4)]
busy = [0] * 4
other = []

def pull(k):
    mine = got[k]
    for _ in range(100000):
        try:
            mine.append(next(gen))
        except ValueError as e:
            assert str(e) == "generator already executing", e
            busy[k] += 1
        except BaseException as e:
            other.append(repr(e))
            return

ts = [threading.Thread(target=pull, args=(k,)) for k in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join(30)
values = sorted(v for g in got for v in g)
print("other errors", other[:3])
print("every call answered", sum(len(g) for g in got) + sum(busy) == 400000)
print("values distinct and consecutive", values == list(range(len(values))))
print("next still works", next(gen) == len(values))
"#;
    let want = "other errors []\nevery call answered True\n\
                values distinct and consecutive True\nnext still works True\n";
    for flags in [&[][..], &["--no-gil"][..]] {
        assert_eq!(
            run_ok("shared_gen.conc", flags, src).stdout,
            want,
            "{flags:?}"
        );
    }
}

// ----- 4. the cost of many threads ---------------------------------------

/// The peak resident set of the script, in kB, as it prints it.
fn peak_kb(stdout: &str) -> u64 {
    stdout
        .lines()
        .find_map(|l| l.strip_prefix("peak_kb "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no peak_kb line in {stdout:?}"))
}

/// Reads the process's peak resident set (VmHWM) from /proc.
const PRINT_PEAK: &str = r#"
for line in open("/proc/self/status").read().splitlines():
    if line.startswith("VmHWM:"):
        print("peak_kb", line.split()[1])
"#;

/// A `threading.local` frees a thread's values when that thread ends:
/// 2,000 threads, one after the other, each store a 10,000-element list in
/// one local. Kept, they would need over 300 MB; freed, one list at a time.
#[test]
fn thread_local_values_are_freed_when_their_thread_ends() {
    let src = format!(
        r#"import threading, _thread

loc = threading.local()
loc.x = "main"
def work():
    loc.x = list(range(10000))
    assert len(loc.x) == 10000

def raw():
    loc.x = list(range(10000))
    done.release()

for i in range(1800):
    t = threading.Thread(target=work)
    t.start()
    t.join(10)
# Threads started with the low-level API free theirs too.
done = threading.Semaphore(0)
for i in range(200):
    _thread.start_new_thread(raw, ())
    assert done.acquire(timeout=10)
print("main still sees", loc.x)
{PRINT_PEAK}"#
    );
    for flags in [&[][..], &["--no-gil"][..]] {
        let out = run_ok("local_memory.conc", flags, &src);
        assert!(
            out.stdout.starts_with("main still sees main\n"),
            "{}",
            out.stdout
        );
        let kb = peak_kb(&out.stdout);
        assert!(kb < 150_000, "{flags:?}: peak RSS {kb} kB");
    }
}

/// Thousands of threads waiting on one `Event` and woken together all
/// queue for the GIL. Only one waiter times the switch interval, so each
/// hand-over costs the same however many wait (all of them waking every
/// interval made 2,500 threads take over 50 s, growing with the square of
/// their number). The bound here is the run's time limit: a hang bound.
#[test]
fn thousands_of_threads_woken_at_once_all_finish() {
    let src = r#"import threading

N = 3000
ev = threading.Event()
woke = []
def waiter(k):
    if ev.wait(60):
        woke.append(k)

ts = [threading.Thread(target=waiter, args=(k,)) for k in range(N)]
for t in ts:
    t.start()
ev.set()
for t in ts:
    t.join(60)
print("woke", len(woke), "distinct", len(set(woke)))
"#;
    for flags in [&[][..], &["--no-gil"][..]] {
        let out = run_ok("event_herd.conc", flags, src);
        assert_eq!(out.stdout, "woke 3000 distinct 3000\n", "{flags:?}");
    }
}

/// Starting and joining a thread costs the same after thousands have run:
/// 10,000 in sequence (each a few hundred microseconds) finish well inside
/// the time limit, and the thread machinery still answers correctly.
#[test]
fn many_sequential_threads_start_and_join() {
    let src = r#"import threading

results = []
def work(i):
    results.append(i)

for i in range(10000):
    t = threading.Thread(target=work, args=(i,))
    t.start()
    t.join(10)
    assert not t.is_alive()
print(len(results), results == list(range(10000)), threading.active_count())
"#;
    let out = run_ok("start_join.conc", &[], src);
    assert_eq!(out.stdout, "10000 True 1\n");
}

// ----- 5. a stress test without the GIL ----------------------------------

/// Eight threads work on shared lists, dicts, sets, attributes, globals,
/// generators and imports at once under `--no-gil`. Single operations are
/// atomic, so no append, insert or add is lost (the final sizes are
/// exact); read-only snapshots never raise; nothing crashes.
#[test]
fn no_gil_stress_of_shared_objects() {
    let src = r#"import threading

THREADS = 8
ROUNDS = 2500

shared_list = []
shared_dict = {}
shared_set = set()
snapshot_errors = []
other_errors = []

class Box:
    pass

box = Box()

def numbers():
    n = 0
    while True:
        yield n
        n += 1

shared_gen = numbers()
gen_values = []
# One append per refusal: an append is atomic, `gen_busy[0] += 1` is a
# read-modify-write that loses counts when two threads are refused at once.
gen_busy = []

def work(k):
    own = numbers()
    try:
        for i in range(ROUNDS):
            shared_list.append((k, i))
            shared_dict[(k, i)] = i
            shared_set.add(k * ROUNDS + i)
            setattr(box, "a%d_%d" % (k, i % 50), i)
            globals()["gv%d_%d" % (k, i % 20)] = i
            assert next(own) == i
            try:
                gen_values.append(next(shared_gen))
            except ValueError:
                gen_busy.append(1)
            if i % 100 == 0:
                mod = __import__(("json", "collections", "itertools", "functools")[i // 100 % 4])
                assert mod.__name__
            if i % 200 == 0:
                try:
                    list(shared_dict.values())
                    list(shared_dict.items())
                    list(shared_dict)
                    shared_dict.copy()
                    list(shared_set)
                    list(shared_list)
                    len(box.__dict__)
                except RuntimeError as e:
                    snapshot_errors.append(str(e))
    except BaseException as e:
        other_errors.append(repr(e))

ts = [threading.Thread(target=work, args=(k,)) for k in range(THREADS)]
for t in ts:
    t.start()
for t in ts:
    t.join(60)
total = THREADS * ROUNDS
print("alive", sum(t.is_alive() for t in ts))
print("errors", other_errors[:2], snapshot_errors[:2])
print("list", len(shared_list) == total, sorted(shared_list) == sorted((k, i) for k in range(THREADS) for i in range(ROUNDS)))
print("dict", len(shared_dict) == total)
print("set", len(shared_set) == total)
print("attrs", len([a for a in box.__dict__ if a.startswith("a")]) == THREADS * 50)
print("globals", len([g for g in list(globals()) if g.startswith("gv")]) == THREADS * 20)
print("generator", len(set(gen_values)) == len(gen_values), len(gen_values) + len(gen_busy) == total)
"#;
    let out = run_ok("no_gil_stress.conc", &["--no-gil"], src);
    assert_eq!(
        out.stdout,
        "alive 0\nerrors [] []\nlist True True\ndict True\nset True\n\
         attrs True\nglobals True\ngenerator True True\n"
    );
}
