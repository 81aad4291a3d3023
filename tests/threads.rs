//! Threads, the GIL and `--no-gil` through the real binary: threads run and
//! join, exceptions in threads, daemon and non-daemon threads at exit,
//! Ctrl-C (SIGINT) in sleeps and joins, `--gil-stats`, `--trace`, and
//! stress tests of shared objects without the GIL. Every wait is bounded.

use std::io::Read;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// How long any one program may run.
const LIMIT: Duration = Duration::from_secs(60);

fn spawn(args: &[&str], src: &str) -> Child {
    let dir = std::env::temp_dir().join(format!("conc-threads-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = dir.join(format!("t{n}.conc"));
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

static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Waits for the child at most `limit`, killing it past that.
fn wait(mut child: Child, limit: Duration) -> (Output, Duration) {
    let start = Instant::now();
    loop {
        if let Some(_status) = child.try_wait().expect("try_wait") {
            break;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let out = child.wait_with_output().expect("wait");
            panic!(
                "conc ran past {limit:?}; stdout: {}\nstderr: {}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let took = start.elapsed();
    (child.wait_with_output().expect("wait"), took)
}

fn run(args: &[&str], src: &str) -> Output {
    wait(spawn(args, src), LIMIT).0
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(args: &[&str], src: &str) -> String {
    let o = run(args, src);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", err(&o));
    out(&o)
}

const BOTH: [&[&str]; 2] = [&[], &["--no-gil"]];

#[test]
fn threads_run_and_join_with_results_in_shared_list() {
    for mode in BOTH {
        let s = ok(
            mode,
            r#"
import threading
results = []
def work(i):
    s = 0
    for k in range(20000):
        s += k
    results.append((i, s))
ts = [threading.Thread(target=work, args=(i,)) for i in range(6)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sorted(results) == [(i, 199990000) for i in range(6)])
print(all(not t.is_alive() for t in ts), ts[0].name)
"#,
        );
        assert_eq!(s, "True\nTrue Thread-1 (work)\n", "mode {mode:?}");
    }
}

#[test]
fn exception_in_thread_is_printed_and_others_go_on() {
    let o = run(
        &[],
        r#"
import threading, time
done = []
def bad():
    raise ValueError("boom in thread")
def good():
    time.sleep(0.05)
    done.append(1)
a = threading.Thread(target=bad, name="Bad")
b = threading.Thread(target=good)
a.start(); b.start(); a.join(); b.join()
print("done", done)
"#,
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(out(&o), "done [1]\n");
    let e = err(&o);
    assert!(e.contains("Exception in thread Bad:"), "{e}");
    assert!(e.contains("ValueError: boom in thread"), "{e}");
    assert!(e.contains("Traceback (most recent call last):"), "{e}");
}

#[test]
fn excepthook_can_be_replaced() {
    let s = ok(
        &[],
        r#"
import threading
seen = []
def hook(args):
    seen.append((args.exc_type.__name__, str(args.exc_value), args.thread.name))
threading.excepthook = hook
t = threading.Thread(target=lambda: 1 / 0, name="T")
t.start(); t.join()
print(seen)
"#,
    );
    assert_eq!(s, "[('ZeroDivisionError', 'division by zero', 'T')]\n");
}

#[test]
fn non_daemon_threads_are_waited_for_daemon_ones_are_not() {
    let (o, took) = wait(
        spawn(
            &[],
            r#"
import threading, time
def late():
    time.sleep(0.3)
    print("non-daemon finished")
threading.Thread(target=time.sleep, args=(30,), daemon=True).start()
threading.Thread(target=late).start()
print("main finished")
"#,
        ),
        LIMIT,
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(out(&o), "main finished\nnon-daemon finished\n");
    assert!(
        took < Duration::from_secs(20),
        "waited for the daemon: {took:?}"
    );
}

#[test]
fn double_start_join_timeout_and_errors() {
    let s = ok(
        &[],
        r#"
import threading, time
t = threading.Thread(target=time.sleep, args=(0.5,))
try:
    t.join()
except RuntimeError as e:
    print("RuntimeError:", e)
t.start()
try:
    t.start()
except RuntimeError as e:
    print("RuntimeError:", e)
start = time.time()
t.join(0.05)
print("alive after join(0.05):", t.is_alive(), time.time() - start < 0.4)
t.join()
print("alive after join():", t.is_alive())
try:
    threading.current_thread().join()
except RuntimeError as e:
    print("RuntimeError:", e)
"#,
    );
    assert_eq!(
        s,
        "RuntimeError: cannot join thread before it is started\n\
         RuntimeError: threads can only be started once\n\
         alive after join(0.05): True True\n\
         alive after join(): False\n\
         RuntimeError: cannot join current thread\n"
    );
}

#[test]
fn thread_local_timer_and_introspection() {
    for mode in BOTH {
        let s = ok(
            mode,
            r#"
import threading, time
loc = threading.local()
loc.x = "main"
seen = []
def w(i):
    seen.append(hasattr(loc, "x"))
    loc.x = i
    time.sleep(0.01)
    seen.append(loc.x == i)
ts = [threading.Thread(target=w, args=(i,)) for i in range(4)]
for t in ts: t.start()
for t in ts: t.join()
print(loc.x, seen.count(False), seen.count(True))
fired = []
tm = threading.Timer(0.05, fired.append, args=["fired"])
tm.start(); tm.join()
c = threading.Timer(5, fired.append, args=["cancelled"])
c.start(); c.cancel(); c.join()
print(fired)
print(threading.current_thread() is threading.main_thread(), threading.main_thread().name)
print(threading.get_ident() == threading.main_thread().ident, threading.get_native_id() > 0)
e = threading.Event()
t = threading.Thread(target=e.wait)
t.start()
print(threading.active_count(), len(threading.enumerate()), t in threading.enumerate())
e.set(); t.join()
print(threading.active_count(), t.native_id is not None)
class Worker(threading.Thread):
    def __init__(self, n):
        super().__init__(name="worker-%d" % n)
        self.n = n
        self.out = None
    def run(self):
        self.out = self.n * 10
        self.me = threading.current_thread().name
w = Worker(4); w.start(); w.join()
print(w.out, w.me)
import _thread
got = []
_thread.start_new_thread(got.append, ("low-level",))
while not got:
    time.sleep(0.01)
print(got)
"#,
        );
        assert_eq!(
            s,
            "main 4 4\n['fired']\nTrue MainThread\nTrue True\n2 2 True\n1 True\n\
             40 worker-4\n['low-level']\n",
            "mode {mode:?}"
        );
    }
}

#[test]
fn sys_reports_the_mode_and_switch_interval() {
    let src = r#"
import sys
print(sys.gil_enabled(), sys._is_gil_enabled())
sys.setswitchinterval(0.002)
print(sys.getswitchinterval())
print(sorted(sys.gil_stats()["MainThread"].keys())[:3])
"#;
    assert_eq!(
        ok(&[], src),
        "True True\n0.002\n['acquisitions', 'alive', 'blocked']\n"
    );
    assert_eq!(
        ok(&["--no-gil"], src),
        "False False\n0.002\n['acquisitions', 'alive', 'blocked']\n"
    );
    assert!(ok(&["-X", "gil=0"], src).starts_with("False"));
    assert!(ok(
        &["--switch-interval", "1"],
        "import sys\nprint(sys.getswitchinterval())\n"
    )
    .starts_with("0.001"));
    let o = wait(
        {
            let mut c = Command::new(env!("CARGO_BIN_EXE_conc"));
            c.args(["-c", "import sys; print(sys.gil_enabled())"])
                .env("CONC_GIL", "0")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            c.spawn().unwrap()
        },
        LIMIT,
    )
    .0;
    assert_eq!(out(&o), "False\n");
}

/// Sends SIGINT to a conc child once it has printed its first line.
fn interrupt_after_first_line(args: &[&str], src: &str) -> (Output, Duration) {
    let mut child = spawn(args, src);
    let mut stdout = child.stdout.take().unwrap();
    let mut first = Vec::new();
    let mut byte = [0u8; 1];
    while stdout.read(&mut byte).unwrap_or(0) == 1 && byte[0] != b'\n' {
        first.push(byte[0]);
    }
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
fn ctrl_c_interrupts_sleep_join_and_loops() {
    for (what, src) in [
        (
            "sleep",
            "import time\nprint('ready', flush=True)\ntime.sleep(30)\n",
        ),
        (
            "join",
            "import threading, time\nt = threading.Thread(target=time.sleep, args=(30,))\n\
             t.start()\nprint('ready', flush=True)\nt.join()\n",
        ),
        (
            "loop",
            "print('ready', flush=True)\nwhile True:\n    pass\n",
        ),
        (
            "wait",
            "import threading, time\ne = threading.Event()\n\
             threading.Thread(target=time.sleep, args=(30,), daemon=True).start()\n\
             print('ready', flush=True)\ne.wait()\n",
        ),
    ] {
        for mode in BOTH {
            let (o, took) = interrupt_after_first_line(mode, src);
            assert_eq!(o.status.code(), Some(130), "{what} {mode:?}: {}", err(&o));
            assert!(err(&o).contains("KeyboardInterrupt"), "{what}: {}", err(&o));
            assert!(took < Duration::from_secs(10), "{what}: took {took:?}");
        }
    }
}

#[test]
fn gil_stats_and_trace_are_written() {
    let dir = std::env::temp_dir().join(format!("conc-trace-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let trace = dir.join("trace.json");
    let o = run(
        &["--gil-stats", "--trace", trace.to_str().unwrap()],
        r#"
import threading
started = []
def spin():
    # Each thread spins until both have started, so the second one must
    # wait for the GIL while the first holds it: a wait_gil slice however
    # fast or slow the machine is.
    started.append(1)
    while len(started) < 2:
        pass
    s = 0
    for i in range(200000):
        s += i
ts = [threading.Thread(target=spin) for _ in range(2)]
for t in ts: t.start()
for t in ts: t.join()
"#,
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let e = err(&o);
    assert!(e.contains("holding ms") && e.contains("MainThread"), "{e}");
    assert!(e.contains("Thread-1 (spin)") && e.contains("total"), "{e}");
    let text = std::fs::read_to_string(&trace).expect("trace written");
    let json: serde_json::Value = serde_json::from_str(&text).expect("trace parses");
    let events = json
        .get("traceEvents")
        .and_then(|v| v.as_array())
        .or_else(|| json.as_array())
        .expect("trace events")
        .clone();
    let tids_with = |name: &str| {
        let mut t: Vec<u64> = events
            .iter()
            .filter(|e| e["ph"] == "X" && e["name"] == name)
            .filter_map(|e| e["tid"].as_u64())
            .collect();
        t.sort();
        t.dedup();
        t
    };
    assert!(tids_with("running").len() >= 2, "running slices: {text}");
    assert!(!tids_with("wait_gil").is_empty(), "wait_gil slices");
    assert!(events.iter().any(|e| e["ph"] == "M"), "thread names");
}

/// Several threads hammer shared objects without the GIL for a bounded
/// time; every invariant of single operations must hold.
#[test]
fn no_gil_stress_keeps_objects_consistent() {
    let s = ok(
        &["--no-gil"],
        r#"
import threading, time, sys
assert not sys.gil_enabled()
N = 4
ITER = 3000
shared_list = []
shared_dict = {}
shared_set = set()
class Box:
    pass
box = Box()
counter = 0
texts = []
def hammer(k):
    global counter
    s = ""
    for i in range(ITER):
        shared_list.append((k, i))
        shared_dict[(k, i)] = i
        shared_set.add(k * ITER + i)
        setattr(box, "a%d" % (i % 50), i)
        box.last = k
        counter += 1
        s += str(i % 10)
        if i % 100 == 0:
            len(shared_list); shared_list[-1]; shared_dict.get((k, 0))
            try:
                # Iterating while others mutate may raise, as in CPython.
                list(shared_dict.items())[:3]; sorted(shared_set)[:2]
            except RuntimeError:
                pass
    texts.append(s)
ts = [threading.Thread(target=hammer, args=(k,)) for k in range(N)]
for t in ts: t.start()
for t in ts: t.join()
assert len(shared_list) == N * ITER, len(shared_list)
assert sorted(shared_list) == [(k, i) for k in range(N) for i in range(ITER)]
assert len(shared_dict) == N * ITER
assert all(shared_dict[(k, i)] == i for k in range(N) for i in range(ITER))
assert len(shared_set) == N * ITER
assert all(len(t) == ITER for t in texts) and len(texts) == N
assert box.last in range(N) and all(hasattr(box, "a%d" % j) for j in range(50))
assert 0 < counter <= N * ITER
print("ok", counter <= N * ITER)
"#,
    );
    assert_eq!(s, "ok True\n");
}

#[test]
fn no_gil_list_pops_and_dict_deletes_race_safely() {
    let s = ok(
        &["--no-gil"],
        r#"
import threading
items = list(range(20000))
got = []
d = {i: i for i in range(20000)}
deleted = []
def popper():
    mine = []
    while True:
        try:
            mine.append(items.pop())
        except IndexError:
            break
    got.append(mine)
def deleter(k):
    n = 0
    for i in range(k, 20000, 2):
        del d[i]
        n += 1
    deleted.append(n)
ts = [threading.Thread(target=popper) for _ in range(3)]
ts += [threading.Thread(target=deleter, args=(k,)) for k in range(2)]
for t in ts: t.start()
for t in ts: t.join()
allgot = sorted(x for m in got for x in m)
print(allgot == list(range(20000)), len(d), sum(deleted))
"#,
    );
    assert_eq!(s, "True 0 20000\n");
}

/// Threads read builtins through the per-name builtins cache while the
/// main thread keeps changing the module's keys (new globals, deletions,
/// a global `abs` shadowing the builtin and deleted again): every call
/// sees either the builtin or the shadow, never anything else.
#[test]
fn builtins_cache_races_with_global_changes() {
    for mode in BOTH {
        let s = ok(
            mode,
            r#"
import threading
def work(s, out):
    n = 0
    bad = 0
    for i in range(20000):
        a = abs(-1)
        if a != 1 and a != "shadow":
            bad += 1
        n += len(s)
    out.append((n, bad))
out = []
ts = [threading.Thread(target=work, args=("abc", out)) for _ in range(4)]
for t in ts:
    t.start()
for k in range(2000):
    globals()["junk%d" % (k % 7)] = k
    if k % 2 == 0:
        abs = lambda x: "shadow"
    else:
        del abs
    if k % 7 == 6:
        for j in range(7):
            del globals()["junk%d" % j]
for t in ts:
    t.join()
print(out)
"#,
        );
        assert_eq!(s, "[(60000, 0), (60000, 0), (60000, 0), (60000, 0)]\n");
    }
}

/// Attribute-site caches shared by threads running in parallel: one site
/// sees instances of two classes while another thread keeps changing one
/// of them; every answer must be one the classes could give.
#[test]
fn no_gil_attribute_sites_stay_right_while_classes_change() {
    for mode in BOTH {
        let s = ok(
            mode,
            r#"
import threading
class C1:
    def __init__(self):
        self.x = "c1 x"
    def m(self):
        return "C1"
class C2:
    def __init__(self):
        self.x = "c2 x"
    def m(self):
        return "C2"
def ma(self):
    return "C1a"
def mb(self):
    return "C1b"
def px(self):
    return "prop"
def psx(self, v):
    pass
def use(o):
    return (o.m(), o.x, o.m)
bad = []
stop = []
def reader(k):
    objs = [C1(), C2()]
    for i in range(10000):
        o = objs[(i + k) % 2]
        r, x, bm = use(o)
        if isinstance(o, C1):
            ok_ = r in ("C1", "C1a", "C1b") and x in ("c1 x", "prop")
        else:
            ok_ = r == "C2" and x == "c2 x" and bm() == "C2"
        if not ok_:
            bad.append((type(o).__name__, r, x))
        o.x = x
        def fresh():
            class T:
                x = k
                def m(self):
                    return k
            return T()
        if i % 50 == 0 and use(fresh())[0] != k:
            bad.append(("fresh", k))
def mutator():
    i = 0
    while not stop:
        C1.m = ma if i % 2 else mb
        C1.x = property(px, psx) if i % 3 == 0 else "c1 x"
        i += 1
ts = [threading.Thread(target=reader, args=(k,)) for k in range(3)]
mt = threading.Thread(target=mutator)
mt.start()
for t in ts: t.start()
for t in ts: t.join()
stop.append(1)
mt.join()
print(bad[:5], len(bad))
"#,
        );
        assert_eq!(s, "[] 0\n", "mode {mode:?}");
    }
}

/// The embedding API: `interrupt_handle()` as a host's time budget, both
/// in a busy loop and in a join; `with_gil` closures may borrow the host's
/// locals; background threads run between GIL scopes.
#[test]
fn api_interrupt_handle_and_background_threads() {
    let mut interp = conc::Interpreter::new(conc::Config::default());
    conc::stdlib::install(&mut interp);
    for src in [
        "while True:\n    pass\n",
        "import threading, time\nt = threading.Thread(target=time.sleep, args=(30,), daemon=True)\nt.start()\nt.join()\n",
    ] {
        let h = interp.interrupt_handle();
        let budget = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            h.interrupt();
        });
        let start = Instant::now();
        let r = interp.run_source(src, "<budget>");
        budget.join().unwrap();
        let e = r.expect_err("interrupted");
        let text = interp.format_error(e);
        assert!(text.contains("KeyboardInterrupt"), "{text}");
        assert!(start.elapsed() < Duration::from_secs(10));
    }
    // A background thread runs while the host does something else.
    interp
        .run_source(
            "import threading, time\nticks = []\ndef tick():\n    for _ in range(5):\n        ticks.append(1)\n        time.sleep(0.01)\nthreading.Thread(target=tick).start()\n",
            "<bg>",
        )
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let mut seen = 0;
    interp.with_gil(|gil| {
        seen = gil.global("ticks").unwrap().len().unwrap();
    });
    assert_eq!(seen, 5);
    interp.wait_for_threads().unwrap();
}
