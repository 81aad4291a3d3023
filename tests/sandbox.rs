//! Limits for untrusted scripts through the embedding API: termination
//! from a host thread, the operation budget, the import and file policy,
//! the recursion ceiling (the memory cap has its own binary,
//! `sandbox_memory.rs`, as its allocation check is process-wide).

use std::sync::mpsc;
use std::time::Duration;

use conc::interp::limits::{Termination, SYSTEM_MODULES};
use conc::{Config, Error, ExcKind, Interpreter};

/// An interpreter with the stdlib.
fn interpreter(config: Config) -> Interpreter {
    let mut interp = Interpreter::new(config);
    conc::stdlib::install(&mut interp);
    interp
}

/// Runs `src` while a host thread terminates it after `after`; the
/// run's error. Fails if the run does not end within 20 s of the request.
fn run_terminated(interp: &mut Interpreter, src: &str, after: Duration) -> Error {
    let handle = interp.interrupt_handle();
    let (stop_tx, stop_rx) = mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        std::thread::sleep(after);
        handle.terminate();
        // The run must end soon after the request: else abort the test
        // (a hang is the failure this file guards against).
        if stop_rx.recv_timeout(Duration::from_secs(20)).is_err() {
            eprintln!("the script did not stop within 20 s of terminate()");
            std::process::abort();
        }
    });
    let result = interp.run_source(src, "untrusted.conc");
    stop_tx.send(()).unwrap();
    watchdog.join().unwrap();
    result.expect_err("a terminated run fails")
}

const STUBBORN_LOOP: &str = "\
while True:
    try:
        pass
    except BaseException:
        pass
";

#[test]
fn terminate_ends_a_loop_that_catches_everything() {
    let mut interp = interpreter(Config::default());
    let err = run_terminated(&mut interp, STUBBORN_LOOP, Duration::from_millis(100));
    assert_eq!(err.termination(), Some(Termination::Terminated));
    assert!(err.is_terminated());
    assert_eq!(err.type_name(), Some("ScriptTerminated"));
    // Not a KeyboardInterrupt, nor any class a script can name.
    assert!(!err.is(ExcKind::KeyboardInterrupt));
    assert!(!err.is(ExcKind::Exception));
    // The interpreter runs again afterwards, with its state.
    interp.run_source("x = 41\n", "next.conc").unwrap();
    assert_eq!(interp.eval::<i64>("x + 1").unwrap(), 42);
}

#[test]
fn no_except_clause_or_with_exit_swallows_it() {
    let src = "\
import contextlib
class Swallow:
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return True
caught = []
while True:
    try:
        try:
            with Swallow():
                with contextlib.suppress(BaseException):
                    while True:
                        pass
        except:
            caught.append('bare')
    except BaseException as e:
        caught.append(type(e).__name__)
";
    let mut interp = interpreter(Config::default());
    let err = run_terminated(&mut interp, src, Duration::from_millis(100));
    assert!(err.is_terminated(), "{err}");
    assert_eq!(
        interp.eval::<Vec<String>>("caught").unwrap(),
        Vec::<String>::new()
    );
}

#[test]
fn finally_blocks_run_but_cannot_keep_the_script_alive() {
    let src = "\
cleaned = []
def work():
    try:
        while True:
            pass
    finally:
        cleaned.append('work')
try:
    work()
finally:
    cleaned.append('outer')
    while True:
        pass
";
    let mut interp = interpreter(Config::default());
    let err = run_terminated(&mut interp, src, Duration::from_millis(100));
    assert!(err.is_terminated(), "{err}");
    assert_eq!(
        interp.eval::<Vec<String>>("cleaned").unwrap(),
        ["work", "outer"]
    );
}

#[test]
fn terminate_stops_every_thread_and_wakes_blocking_waits() {
    let src = "\
import threading, time, queue
lock = threading.Lock()
lock.acquire()
q = queue.Queue()
ended = []
def spin():
    try:
        while True:
            try:
                pass
            except BaseException:
                pass
    finally:
        ended.append('spin')
def blocked_on_lock():
    try:
        lock.acquire()
    finally:
        ended.append('lock')
def blocked_on_queue():
    try:
        q.get()
    finally:
        ended.append('queue')
def sleeper():
    try:
        time.sleep(1000)
    finally:
        ended.append('sleep')
threads = [threading.Thread(target=f, daemon=True)
           for f in (spin, blocked_on_lock, blocked_on_queue, sleeper)]
for t in threads:
    t.start()
for t in threads:
    t.join()
";
    let mut interp = interpreter(Config::default());
    let err = run_terminated(&mut interp, src, Duration::from_millis(300));
    assert!(err.is_terminated(), "{err}");
    // The next run waits for the threads to end before it starts.
    let mut ended: Vec<String> = interp.eval("ended").unwrap();
    ended.sort();
    assert_eq!(ended, ["lock", "queue", "sleep", "spin"]);
    assert_eq!(interp.eval::<usize>("threading.active_count()").unwrap(), 1);
}

#[test]
fn terminate_reaches_a_host_call() {
    let mut interp = interpreter(Config::default());
    interp
        .run_source("def forever():\n    while True:\n        pass\n", "f.conc")
        .unwrap();
    let handle = interp.interrupt_handle();
    let watchdog = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        handle.terminate();
    });
    let err = interp.call::<()>("forever", ()).unwrap_err();
    watchdog.join().unwrap();
    assert_eq!(err.termination(), Some(Termination::Terminated));
    assert_eq!(interp.call::<usize>("len", ("abc",)).unwrap(), 3);
}

#[test]
fn interrupt_stays_a_catchable_keyboard_interrupt() {
    let mut interp = interpreter(Config::default());
    let handle = interp.interrupt_handle();
    let watchdog = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        handle.interrupt();
    });
    interp
        .run_source(
            "import time\ntry:\n    time.sleep(30)\nexcept KeyboardInterrupt:\n    got = 'KeyboardInterrupt'\n",
            "k.conc",
        )
        .unwrap();
    watchdog.join().unwrap();
    assert_eq!(
        interp.get_global::<String>("got").unwrap(),
        "KeyboardInterrupt"
    );
}

#[test]
fn operation_budget_ends_a_stubborn_loop_and_refills_per_run() {
    let mut interp = interpreter(Config::default().max_operations(50_000));
    let err = interp.run_source(STUBBORN_LOOP, "spin.conc").unwrap_err();
    assert_eq!(err.termination(), Some(Termination::OperationLimit));
    assert_eq!(err.type_name(), Some("OperationLimitExceeded"));
    assert!(err.to_string().contains("50000 operations"), "{err}");
    // Each run gets the whole budget again: 10 runs of 10,000 iterations.
    for _ in 0..10 {
        assert_eq!(
            interp.eval::<i64>("sum(i for i in range(10000))").unwrap(),
            49_995_000
        );
    }
}

#[test]
fn operation_budget_counts_calls_without_loops() {
    // Recursion has no backward jump: only the calls use up the budget.
    let mut interp = interpreter(Config::default().max_operations(500));
    interp
        .run_source(
            "def down(n):\n    return down(n - 1) if n else 0\n",
            "rec.conc",
        )
        .unwrap();
    assert_eq!(interp.call::<i64>("down", (300,)).unwrap(), 0);
    let err = interp.call::<i64>("down", (900,)).unwrap_err();
    assert_eq!(
        err.termination(),
        Some(Termination::OperationLimit),
        "{err}"
    );
}

#[test]
fn operation_budget_counts_all_threads() {
    let mut interp = interpreter(Config::default().max_operations(200_000));
    let src = "\
import threading
def spin():
    while True:
        pass
ts = [threading.Thread(target=spin) for _ in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
";
    let err = interp.run_source(src, "threads.conc").unwrap_err();
    assert_eq!(err.termination(), Some(Termination::OperationLimit));
    assert_eq!(interp.eval::<i64>("1 + 2").unwrap(), 3);
}

#[test]
fn denied_modules_cannot_be_imported_by_anyone() {
    let mut interp = interpreter(Config::default().deny_modules(SYSTEM_MODULES));
    for module in [
        "os",
        "os.path",
        "subprocess",
        "socket",
        "process",
        "multiprocessing",
        "signal",
        "pathlib",
        "shutil",
        "tempfile",
        "glob",
        "_socket",
        "posix",
    ] {
        let err = interp
            .run_source(&format!("import {module}\n"), "imp.conc")
            .unwrap_err();
        assert_eq!(
            err.type_name(),
            Some("ModuleNotFoundError"),
            "{module}: {err}"
        );
        assert!(
            err.to_string()
                .contains(&format!("No module named '{module}'")),
            "{err}"
        );
    }
    // Through __import__ and from-imports too; and a script catching the
    // error sees an ImportError.
    let src = "\
try:
    from os import system
except ImportError as e:
    msg = str(e)
";
    interp.run_source(src, "imp.conc").unwrap();
    assert!(interp.get_global::<String>("msg").unwrap().contains("'os'"));
    assert!(interp.eval::<bool>("__import__('posix') is None").is_err());
    // The rest of the stdlib still imports.
    assert_eq!(
        interp
            .eval::<String>("__import__('json').dumps([1, 'a'])")
            .unwrap(),
        "[1, \"a\"]"
    );
}

#[test]
fn an_allow_list_admits_only_its_modules_and_the_hosts() {
    let mut interp = interpreter(Config::default().allow_only_modules(["math", "sys"]));
    interp
        .register_module("host", |m| {
            m.set("NAME", "sandbox")?;
            Ok(())
        })
        .unwrap();
    interp
        .run_source("import math, sys, host\nr = math.floor(2.5)\n", "ok.conc")
        .unwrap();
    assert_eq!(interp.get_global::<i64>("r").unwrap(), 2);
    for module in ["json", "os", "threading"] {
        let err = interp
            .run_source(&format!("import {module}\n"), "no.conc")
            .unwrap_err();
        assert_eq!(err.type_name(), Some("ModuleNotFoundError"), "{module}");
    }
}

#[test]
fn without_file_access_open_and_source_imports_fail() {
    let dir = std::env::temp_dir().join(format!("conc-sandbox-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("helper.conc"), "VALUE = 1\n").unwrap();
    let secret = dir.join("secret.txt");
    std::fs::write(&secret, "s3cret").unwrap();
    let path = dir.to_string_lossy().into_owned();

    let mut open = interpreter(Config {
        path: vec![path.clone()],
        ..Config::default()
    });
    open.run_source("import helper\n", "i.conc").unwrap();

    let mut closed = interpreter(Config {
        path: vec![path],
        ..Config::default().file_access(false)
    });
    let read = format!("data = open({:?}).read()\n", secret.to_string_lossy());
    for src in [
        read.clone(),
        read.replace("open(", "__import__('io').open("),
    ] {
        let err = closed.run_source(&src, "f.conc").unwrap_err();
        assert_eq!(err.type_name(), Some("PermissionError"), "{src}");
        assert!(err.to_string().contains("file access is disabled"), "{err}");
    }
    let err = closed.run_source("import helper\n", "i.conc").unwrap_err();
    assert_eq!(err.type_name(), Some("ModuleNotFoundError"));
    // Builtin modules still import; printing still works.
    closed
        .run_source("import json\nprint(end='')\n", "i.conc")
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_recursion_limit_is_set_and_capped_by_the_host() {
    let mut interp = interpreter(Config::default().recursion_limit(120));
    assert_eq!(
        interp
            .eval::<i64>("__import__('sys').getrecursionlimit()")
            .unwrap(),
        120
    );
    interp
        .run_source("def depth(n):\n    return depth(n + 1)\n", "d.conc")
        .unwrap();
    let err = interp.call::<i64>("depth", (0,)).unwrap_err();
    assert!(err.is(ExcKind::RecursionError), "{err}");
    interp
        .run_source("import sys\nsys.setrecursionlimit(60)\n", "d.conc")
        .unwrap();
    let err = interp
        .run_source("import sys\nsys.setrecursionlimit(121)\n", "d.conc")
        .unwrap_err();
    assert!(err.is(ExcKind::ValueError), "{err}");
}
