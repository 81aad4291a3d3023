//! The `lock` and `queue` modules and deadlock detection through the real
//! binary: each primitive's semantics with timeouts and errors, deadlocks
//! that end in `DeadlockError` instead of hanging (two locks, a self
//! deadlock, a join cycle, a queue nobody fills, an event nobody sets), no
//! false positive while a thread sleeps, Ctrl-C in lock/queue/condition
//! waits, and `--no-gil` stress tests of every queue kind and of
//! lock-guarded counters. Every run is bounded by a time limit.

use std::io::Read;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// How long any one program may run.
const LIMIT: Duration = Duration::from_secs(60);
const BOTH: [&[&str]; 2] = [&[], &["--no-gil"]];

static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn spawn(args: &[&str], src: &str) -> Child {
    let dir = std::env::temp_dir().join(format!("conc-locks-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = dir.join(format!("l{n}.conc"));
    std::fs::write(&path, src).unwrap();
    Command::new(env!("CARGO_BIN_EXE_conc"))
        .args(args)
        .arg(&path)
        .env_remove("CONC_GIL")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn conc")
}

/// Waits for the child at most `limit`, killing it (and failing) past that.
fn wait(mut child: Child, limit: Duration) -> (Output, Duration) {
    let start = Instant::now();
    loop {
        if child.try_wait().expect("try_wait").is_some() {
            break;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let out = child.wait_with_output().expect("wait");
            panic!(
                "conc ran past {limit:?} (hung?); stdout: {}\nstderr: {}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let took = start.elapsed();
    (child.wait_with_output().expect("wait"), took)
}

fn run(args: &[&str], src: &str) -> (Output, Duration) {
    wait(spawn(args, src), LIMIT)
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(args: &[&str], src: &str) -> String {
    let (o, _) = run(args, src);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", err(&o));
    out(&o)
}

/// Runs a script that must end with an uncaught exception; returns the
/// last line of stderr.
fn fails(args: &[&str], src: &str) -> String {
    let (o, _) = run(args, src);
    assert_eq!(o.status.code(), Some(1), "stdout: {}", out(&o));
    let e = err(&o);
    e.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .to_string()
}

// ----- semantics ------------------------------------------------------------------

#[test]
fn lock_rlock_semaphore_semantics_and_timeouts() {
    for mode in BOTH {
        let s = ok(
            mode,
            r#"
import threading, time
l = threading.Lock()
assert l.acquire() and l.locked() and not l.acquire(False)
t0 = time.monotonic()
assert l.acquire(timeout=0.2) is False
dt = time.monotonic() - t0
assert 0.18 <= dt < 5, dt
l.release()
assert not l.locked()
with l:
    assert l.locked()
r = threading.RLock()
with r:
    with r:
        assert r._is_owned()
assert not r._is_owned()
s = threading.Semaphore(2)
assert s.acquire() and s.acquire() and not s.acquire(False)
t0 = time.monotonic()
assert s.acquire(timeout=0.1) is False
assert time.monotonic() - t0 >= 0.09
s.release(2)
assert s._value == 2
# a timed acquire succeeds when another thread releases in time
l.acquire()
threading.Timer(0.05, l.release).start()
assert l.acquire(timeout=5)
l.release()
print("ok")
"#,
        );
        assert_eq!(s, "ok\n", "{mode:?}");
    }
}

#[test]
fn error_types_and_messages_are_cpythons() {
    let cases = [
        (
            "import lock\nlock.Lock().release()\n",
            "RuntimeError: release unlocked lock",
        ),
        (
            "import lock\nlock.RLock().release()\n",
            "RuntimeError: cannot release un-acquired lock",
        ),
        (
            "import lock\ns = lock.BoundedSemaphore(1)\ns.release()\n",
            "ValueError: Semaphore released too many times",
        ),
        (
            "import lock\nlock.Condition().wait()\n",
            "RuntimeError: cannot wait on un-acquired lock",
        ),
        (
            "import lock\nlock.Condition().notify()\n",
            "RuntimeError: cannot notify on un-acquired lock",
        ),
        (
            "import queue\nq = queue.Queue()\nq.task_done()\n",
            "ValueError: task_done() called too many times",
        ),
        ("import queue\nqueue.Queue().get_nowait()\n", "queue.Empty"),
        (
            "import queue\nq = queue.Queue(1)\nq.put(1)\nq.put(2, timeout=0.01)\n",
            "queue.Full",
        ),
        (
            "import queue\nq = queue.Queue()\nq.shutdown()\nq.put(1)\n",
            "queue.ShutDown",
        ),
        (
            "import threading\nb = threading.Barrier(2, timeout=0.01)\nb.wait()\n",
            "lock.BrokenBarrierError",
        ),
        (
            "import queue\nq = queue.PriorityQueue()\nq.put(1)\nq.put('x')\n",
            "TypeError: '<' not supported between instances of 'str' and 'int'",
        ),
    ];
    for (src, want) in cases {
        assert_eq!(fails(&[], src), want, "{src}");
    }
}

#[test]
fn condition_event_barrier_between_threads() {
    for mode in BOTH {
        let s = ok(
            mode,
            r#"
import threading, time
c = threading.Condition()
box = []
def producer():
    for i in range(100):
        with c:
            box.append(i)
            c.notify()
got = []
def consumer():
    while len(got) < 100:
        with c:
            c.wait_for(lambda: box)
            got.append(box.pop(0))
ts = [threading.Thread(target=producer), threading.Thread(target=consumer)]
for t in ts: t.start()
for t in ts: t.join()
assert got == list(range(100)), got
with c:
    t0 = time.monotonic()
    assert c.wait(0.1) is False
    assert time.monotonic() - t0 >= 0.09
e = threading.Event()
assert e.wait(0.05) is False
threading.Timer(0.05, e.set).start()
assert e.wait(5) is True
b = threading.Barrier(4, action=lambda: box.append("action"))
idx = []
ts = [threading.Thread(target=lambda: idx.append(b.wait())) for _ in range(4)]
for t in ts: t.start()
for t in ts: t.join()
assert sorted(idx) == [0, 1, 2, 3] and box == ["action"], (idx, box)
print("ok")
"#,
        );
        assert_eq!(s, "ok\n", "{mode:?}");
    }
}

#[test]
fn queues_order_bound_and_timeouts() {
    for mode in BOTH {
        let s = ok(
            mode,
            r#"
import queue, threading, time
q = queue.Queue(1)
q.put("a")
t0 = time.monotonic()
try:
    q.put("b", timeout=0.2)
    raise SystemExit("no Full")
except queue.Full:
    pass
assert 0.18 <= time.monotonic() - t0 < 5
# a blocked put proceeds once a consumer makes room
threading.Timer(0.05, q.get).start()
q.put("c", timeout=5)
assert q.get() == "c"
pq = queue.PriorityQueue()
for x in [(2, "b"), (1, "a"), (3, "c")]:
    pq.put(x)
assert [pq.get()[1] for _ in range(3)] == ["a", "b", "c"]
lq = queue.LifoQueue()
for i in range(3): lq.put(i)
assert [lq.get() for _ in range(3)] == [2, 1, 0]
sq = queue.SimpleQueue()
t0 = time.monotonic()
try:
    sq.get(timeout=0.1)
except queue.Empty:
    assert time.monotonic() - t0 >= 0.09
print("ok")
"#,
        );
        assert_eq!(s, "ok\n", "{mode:?}");
    }
}

// ----- deadlocks ------------------------------------------------------------------

/// Runs a deadlocking script; it must end within 10 s with the error on
/// stdout (caught) or stderr (uncaught).
fn deadlock(mode: &[&str], src: &str) -> (String, String) {
    let (o, took) = run(mode, src);
    assert!(took < Duration::from_secs(10), "took {took:?}");
    (out(&o), err(&o))
}

#[test]
fn two_lock_deadlock_raises_in_main() {
    for mode in BOTH {
        let (o, e) = deadlock(
            mode,
            r#"
import threading
a = threading.Lock()
b = threading.Lock()
bar = threading.Barrier(2)
def one():
    with a:
        bar.wait()
        with b: pass
def two():
    with b:
        bar.wait()
        with a: pass
t1 = threading.Thread(target=one, name="T1")
t2 = threading.Thread(target=two, name="T2")
t1.start(); t2.start()
try:
    t1.join()
except threading.DeadlockError as e:
    print("caught", isinstance(e, RuntimeError))
    print(e)
"#,
        );
        assert!(
            o.starts_with("caught True\nall 3 threads are blocked forever:"),
            "{o}{e}"
        );
        let file = o
            .lines()
            .find(|l| l.contains("T1 holds"))
            .unwrap_or_default();
        assert!(
            file.contains("T1 holds Lock at l") && file.contains(".conc:3 and waits for Lock at l"),
            "{o}"
        );
        assert!(o.contains(".conc:4, held by T2"), "{o}");
        assert!(o.contains("MainThread waits for T1 to finish"), "{o}");
        assert!(e.is_empty(), "nothing more at exit: {e}");
    }
}

#[test]
fn self_deadlock_on_a_plain_lock() {
    for mode in BOTH {
        let (o, e) = deadlock(
            mode,
            "import lock\nl = lock.Lock()\nl.acquire()\nl.acquire()\n",
        );
        assert!(o.is_empty());
        assert!(
            e.contains("lock.DeadlockError: the only thread is blocked forever:"),
            "{e}"
        );
        assert!(e.contains("MainThread holds Lock at l"), "{e}");
        assert!(e.contains(".conc:2, held by MainThread"), "{e}");
    }
}

#[test]
fn join_cycle_and_empty_queue_and_unset_event() {
    let scripts = [
        (
            r#"
import threading
ts = {}
go = threading.Event()
def a():
    go.wait(); ts["b"].join()
def b():
    go.wait(); ts["a"].join()
ts["a"] = threading.Thread(target=a, name="A")
ts["b"] = threading.Thread(target=b, name="B")
ts["a"].start(); ts["b"].start(); go.set()
"#,
            vec!["A waits for B to finish", "B waits for A to finish"],
        ),
        (
            r#"
import queue, threading
q = queue.Queue()
threading.Thread(target=q.get, name="getter").start()
"#,
            vec!["getter waits to get from Queue at l"],
        ),
        (
            "import threading\nthreading.Event().wait()\n",
            vec!["MainThread waits for Event at l"],
        ),
        (
            r#"
import threading
c = threading.Condition()
with c:
    c.wait()
"#,
            vec!["MainThread"],
        ),
    ];
    for mode in BOTH {
        for (src, wants) in &scripts {
            let (_, e) = deadlock(mode, src);
            assert!(e.contains("lock.DeadlockError: "), "{src}: {e}");
            for w in wants {
                assert!(e.contains(w), "{src}: missing {w:?} in {e}");
            }
        }
    }
}

#[test]
fn no_false_positive_while_a_thread_sleeps_or_times_out() {
    for mode in BOTH {
        let s = ok(
            mode,
            r#"
import threading, time, queue
lock = threading.Lock()
def sleeper():
    with lock:
        time.sleep(0.5)
t = threading.Thread(target=sleeper)
t.start()
time.sleep(0.05)
with lock:          # main blocks while the holder sleeps: not a deadlock
    pass
t.join()
q = queue.Queue()
def late():
    time.sleep(0.3)
    q.put("x")
threading.Thread(target=late).start()
assert q.get() == "x"       # the only other thread is asleep, not blocked
ev = threading.Event()
def poll():
    while not ev.wait(0.05):  # timed waits can still wake
        pass
p = threading.Thread(target=poll)
p.start()
time.sleep(0.3)
ev.set()
p.join()
print("ok")
"#,
        );
        assert_eq!(s, "ok\n", "{mode:?}");
    }
}

// ----- Ctrl-C -------------------------------------------------------------------

fn interrupt_after_first_line(args: &[&str], src: &str) -> (Output, Duration) {
    let mut child = spawn(args, src);
    let mut stdout = child.stdout.take().unwrap();
    let mut byte = [0u8; 1];
    while stdout.read(&mut byte).unwrap_or(0) == 1 && byte[0] != b'\n' {}
    std::thread::sleep(Duration::from_millis(200));
    let sent = Instant::now();
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let (o, _) = wait(child, Duration::from_secs(20));
    (o, sent.elapsed())
}

#[test]
fn ctrl_c_interrupts_lock_queue_and_condition_waits() {
    // A daemon thread sleeps, so the main thread's wait is not a deadlock.
    let pre = "import threading, time, queue\n\
               threading.Thread(target=time.sleep, args=(30,), daemon=True).start()\n";
    for (what, body) in [
        (
            "lock",
            "l = threading.Lock()\nl.acquire()\nprint('ready', flush=True)\nl.acquire()\n",
        ),
        (
            "queue",
            "q = queue.Queue()\nprint('ready', flush=True)\nq.get()\n",
        ),
        (
            "condition",
            "c = threading.Condition()\nc.acquire()\nprint('ready', flush=True)\nc.wait()\n",
        ),
        (
            "semaphore",
            "s = threading.Semaphore(0)\nprint('ready', flush=True)\ns.acquire()\n",
        ),
    ] {
        for mode in BOTH {
            let (o, took) = interrupt_after_first_line(mode, &format!("{pre}{body}"));
            assert_eq!(o.status.code(), Some(130), "{what} {mode:?}: {}", err(&o));
            assert!(err(&o).contains("KeyboardInterrupt"), "{what}: {}", err(&o));
            assert!(took < Duration::from_secs(10), "{what}: took {took:?}");
        }
    }
}

// ----- --no-gil stress -------------------------------------------------------------

#[test]
fn no_gil_every_queue_kind_counts_every_item_once() {
    let s = ok(
        &["--no-gil"],
        r#"
import queue, threading
P, C, N = 6, 6, 3000
STOP = (10**9, 0)
for make in [lambda: queue.Queue(), lambda: queue.Queue(16), lambda: queue.LifoQueue(16),
             lambda: queue.PriorityQueue(16), lambda: queue.SimpleQueue()]:
    q = make()
    seen = [[] for _ in range(C)]
    def produce(k):
        for i in range(N):
            q.put((k, i))
    def consume(j):
        mine = seen[j]
        while True:
            item = q.get()
            if item == STOP:
                return
            mine.append(item)
    ps = [threading.Thread(target=produce, args=(k,)) for k in range(P)]
    cs = [threading.Thread(target=consume, args=(j,)) for j in range(C)]
    for t in ps + cs: t.start()
    for t in ps: t.join()
    # sentinels only after every item was taken (LIFO/priority order)
    while q.qsize():
        pass
    for _ in cs: q.put(STOP)
    for t in cs: t.join()
    allitems = [x for s in seen for x in s]
    assert len(allitems) == P * N, (type(q).__name__, len(allitems))
    assert len(set(allitems)) == P * N, type(q).__name__
print("ok")
"#,
    );
    assert_eq!(s, "ok\n");
}

#[test]
fn no_gil_lock_guarded_counters_never_lose_an_update() {
    let s = ok(
        &["--no-gil"],
        r#"
import threading
N, T = 20000, 8
class Counter:
    def __init__(self):
        self.value = 0
        self._lock = threading.Lock()
    def incr(self):
        with self._lock:
            self.value += 1
c = Counter()
r = [0]
rl = threading.RLock()
s = threading.Semaphore(1)
box = {"n": 0}
def work():
    for _ in range(N):
        c.incr()
        with rl:
            with rl:
                r[0] += 1
        with s:
            box["n"] = box["n"] + 1
ts = [threading.Thread(target=work) for _ in range(T)]
for t in ts: t.start()
for t in ts: t.join()
print(c.value, r[0], box["n"])
"#,
    );
    assert_eq!(s, "160000 160000 160000\n");
}
