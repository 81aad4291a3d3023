//! Robustness of behaviours a short script reaches: concurrent imports,
//! the exception a generator handles across a `yield`, `list.sort()` with a
//! key that changes the list, writes to a closed pipe or a full device, and
//! integers past i64 in `range` and `enumerate`.
//!
//! Each program runs in the real binary with a time limit; past it the
//! process group is killed and the test fails (a hang is a failure, not a
//! stuck test run).

mod common;

use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long one program may run.
const LIMIT: Duration = Duration::from_secs(30);

type Run = common::Output;

fn kill_group(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let _ = child.kill();
}

/// Waits for `child` at most until `deadline`; `None` if it was killed.
fn wait_until(child: &mut Child, deadline: Instant) -> Option<i32> {
    loop {
        if let Some(st) = child.try_wait().expect("wait for conc") {
            return st.code();
        }
        if Instant::now() >= deadline {
            kill_group(child);
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Runs `conc args...` in `cwd` (time limited), capturing its output.
fn conc_in(cwd: &Path, args: &[&str]) -> Run {
    let opts = common::RunOptions {
        cwd: cwd.to_path_buf(),
        timeout: LIMIT,
        ..common::RunOptions::default()
    };
    let run = common::run_with(&common::conc_bin(), args, &opts).expect("run conc");
    assert!(
        !run.timed_out,
        "conc {args:?} did not finish within {LIMIT:?}\nstdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    run
}

/// A fresh directory holding `files` (name, text), removed by the caller.
fn module_dir(tag: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("conc-robust-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    dir
}

fn expect_ok(run: &Run, want: &str) {
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (Some(0), want),
        "stderr: {}",
        run.stderr
    );
}

// ----- 1. concurrent imports ---------------------------------------------

const SLOW: &str = "import time\ntime.sleep(0.3)\nVALUE = 42\n";
const BAD: &str = "import time\ntime.sleep(0.3)\nraise ValueError('boom')\n";

/// Three threads import the same module whose top level sleeps: each must
/// wait for the first and see the finished module, not a partial one.
#[test]
fn concurrent_import_waits_for_the_module() {
    let dir = module_dir("slow", &[("slowmod.conc", SLOW)]);
    let script = r#"import threading
out = []
def f():
    try:
        import slowmod
        out.append(slowmod.VALUE)
    except Exception as e:
        out.append(repr(e))
ts = [threading.Thread(target=f) for _ in range(3)]
for t in ts: t.start()
for t in ts: t.join(10)
print(out)
"#;
    for mode in [&[][..], &["--no-gil"][..]] {
        let mut args = mode.to_vec();
        args.extend(["-c", script]);
        expect_ok(&conc_in(&dir, &args), "[42, 42, 42]\n");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A module whose import raised is removed from `sys.modules`, and a thread
/// that waited for that import does not see it as imported: it imports the
/// module itself, and fails the same way.
#[test]
fn failed_concurrent_import_is_not_imported() {
    let dir = module_dir("bad", &[("badmod.conc", BAD)]);
    let script = r#"import threading, sys
out = []
def f():
    try:
        import badmod
        out.append('imported')
    except Exception as e:
        out.append(repr(e))
ts = [threading.Thread(target=f) for _ in range(2)]
for t in ts: t.start()
for t in ts: t.join(10)
print(out, 'badmod' in sys.modules)
"#;
    expect_ok(
        &conc_in(&dir, &["-c", script]),
        "[\"ValueError('boom')\", \"ValueError('boom')\"] False\n",
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Circular imports: within one thread the importer gets the partial module;
/// two threads each importing one half of a cycle must not deadlock.
#[test]
fn circular_imports_do_not_deadlock() {
    let dir = module_dir(
        "cycle",
        &[
            (
                "cira.conc",
                "import time\ntime.sleep(0.2)\nimport cirb\nX = 1\n",
            ),
            (
                "cirb.conc",
                "import time\ntime.sleep(0.2)\nimport cira\nY = 2\n",
            ),
            ("selfa.conc", "import selfb\nA = 1\n"),
            ("selfb.conc", "import selfa\nB = hasattr(selfa, 'A')\n"),
        ],
    );
    let script = r#"import threading, sys
out = []
def f(name):
    __import__(name)
    out.append(name)
ts = [threading.Thread(target=f, args=(n,)) for n in ('cira', 'cirb')]
for t in ts: t.start()
for t in ts: t.join(10)
print(sorted(out), sys.modules['cira'].X, sys.modules['cirb'].Y)
import selfa, selfb
print(selfb.B, selfa.A)
"#;
    let run = conc_in(&dir, &["-c", script]);
    expect_ok(&run, "['cira', 'cirb'] 1 2\nFalse 1\n");
    assert!(run.elapsed < Duration::from_secs(10), "{:?}", run.elapsed);
    let _ = std::fs::remove_dir_all(&dir);
}

fn conc(args: &[&str], src: &str) -> Run {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["-c", src]);
    conc_in(Path::new("."), &all)
}

// ----- 3. list.sort() and a list changed meanwhile -------------------------

/// Another thread appends to the list while it is being sorted: the sort
/// must end in `ValueError: list modified during sort`, with the GIL and
/// without it.
#[test]
fn sort_sees_appends_from_another_thread() {
    let script = r#"import threading
l = list(range(50, 0, -1))
started = threading.Event()
appended = threading.Event()
def key(x):
    if not started.is_set():
        started.set()
        appended.wait(10)
    return x
def appender():
    started.wait(10)
    l.append(1000)
    appended.set()
t = threading.Thread(target=appender)
t.start()
try:
    l.sort(key=key)
    print("no error", len(l))
except ValueError as e:
    print(e, len(l), l[:3])
t.join(10)
"#;
    for mode in [&[][..], &["--no-gil"][..]] {
        expect_ok(
            &conc(mode, script),
            "list modified during sort 50 [1, 2, 3]\n",
        );
    }
}

// ----- 4. writes to a closed pipe or a full device --------------------------

/// Runs `conc -c src` with stdout a pipe whose reader goes away after the
/// first line: the writes must fail and the process end promptly.
fn conc_into_closed_pipe(src: &str) -> Run {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_conc"))
        .args(["-c", src])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .expect("spawn conc");
    let mut err = child.stderr.take().unwrap();
    let t_err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let mut first = String::new();
    {
        let mut out = BufReader::new(child.stdout.take().unwrap());
        out.read_line(&mut first).expect("read the first line");
        // `out` drops here: the read end of the pipe closes, as with `| head -1`.
    }
    let code = wait_until(&mut child, start + LIMIT);
    let elapsed = start.elapsed();
    let stderr = t_err.join().unwrap();
    assert!(
        elapsed < LIMIT,
        "no exit after the pipe closed; stderr: {stderr}"
    );
    Run {
        timed_out: code.is_none(),
        code,
        stdout: first,
        stderr,
        elapsed,
    }
}

#[test]
fn print_to_a_closed_pipe_raises_broken_pipe() {
    let run = conc_into_closed_pipe("while True: print('y')");
    assert_eq!(run.stdout, "y\n");
    assert_eq!(run.code, Some(1), "stderr: {}", run.stderr);
    assert!(
        run.stderr
            .contains("BrokenPipeError: [Errno 32] Broken pipe"),
        "stderr: {}",
        run.stderr
    );
    // The script can catch it, from print and from sys.stdout.write.
    for write in ["print('y')", "sys.stdout.write('y\\n')"] {
        let src = format!(
            "import sys\ntry:\n    while True: {write}\nexcept BrokenPipeError as e:\n    sys.stderr.write('caught ' + str(e) + '\\n')\n"
        );
        let run = conc_into_closed_pipe(&src);
        assert!(
            run.stderr.contains("caught [Errno 32] Broken pipe"),
            "{write}: {}",
            run.stderr
        );
    }
}

fn conc_to_dev_full(src: &str) -> Run {
    let start = Instant::now();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("open /dev/full");
    let mut child = Command::new(env!("CARGO_BIN_EXE_conc"))
        .args(["-c", src])
        .stdin(Stdio::null())
        .stdout(full)
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .expect("spawn conc");
    let mut err = child.stderr.take().unwrap();
    let t_err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let code = wait_until(&mut child, start + LIMIT);
    Run {
        timed_out: code.is_none(),
        code,
        stdout: String::new(),
        stderr: t_err.join().unwrap(),
        elapsed: start.elapsed(),
    }
}

#[test]
fn writes_to_a_full_device_fail() {
    // Output buffered until exit: the failure shows at exit, status 120.
    let run = conc_to_dev_full("print('hi')");
    assert_eq!(run.code, Some(120), "stderr: {}", run.stderr);
    assert!(
        run.stderr.contains("[Errno 28] No space left on device"),
        "stderr: {}",
        run.stderr
    );
    // A write that flushes raises OSError in the script.
    let run = conc_to_dev_full(
        "import sys\ntry:\n    print('x' * 100000)\nexcept OSError as e:\n    sys.stderr.write('caught ' + type(e).__name__ + ' ' + str(e) + '\\n')\n",
    );
    assert!(
        run.stderr
            .contains("caught OSError [Errno 28] No space left on device"),
        "stderr: {}",
        run.stderr
    );
}

// ----- 5. integers past i64 in range and enumerate --------------------------

/// Slices of ranges whose bounds leave i64 are big-int ranges, as in
/// CPython, never a range that wrapped around.
#[test]
fn range_slices_past_i64_give_big_ranges() {
    let run = conc(
        &[],
        "for r in (range(-2**63, 0), range(-2**63, 2**63 - 1)):\n    print(r[::-1])\nprint(range(-2**63 + 1, 0)[::-1])\n",
    );
    expect_ok(
        &run,
        "range(-1, -9223372036854775809, -1)\nrange(9223372036854775806, -9223372036854775809, -1)\nrange(-1, -9223372036854775808, -1)\n",
    );
}
