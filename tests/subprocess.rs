//! The subprocess module through the real binary, for what a `.conc` case
//! cannot check from inside: a CPU-bound thread runs while the main thread
//! waits for a child (the wait releases the GIL), no child is left a
//! zombie, and Ctrl-C ends a wait on a child or a read on its pipe (and
//! `run` kills its child). Every wait is bounded.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{alive, children_of, first_line};

fn script(name: &str, src: &str) -> PathBuf {
    common::script("subprocess", name, src)
}

fn start(path: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_conc"))
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits for `child` at most `limit` (then kills it and fails).
fn finish(mut child: Child, limit: Duration) -> (Option<i32>, String, String) {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut out = String::new();
            let mut err = String::new();
            child
                .stdout
                .take()
                .unwrap()
                .read_to_string(&mut out)
                .unwrap();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            return (status.code(), out, err);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("conc did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_thread_runs_while_the_main_thread_waits_for_a_child() {
    let path = script(
        "gil.conc",
        r#"
import subprocess, threading, time
count = 0
stop = False
def spin():
    global count
    while not stop:
        count += 1
t = threading.Thread(target=spin)
t.start()
while count == 0:
    time.sleep(0.001)
progress = []
def waited(f):
    before = count
    f()
    progress.append(count - before)
waited(lambda: subprocess.run(["sleep", "0.5"]))
waited(lambda: subprocess.run(["sh", "-c", "sleep 0.5; echo x"], capture_output=True))
p = subprocess.Popen(["sh", "-c", "sleep 0.5; echo x"], stdout=subprocess.PIPE)
waited(lambda: p.stdout.read())
p.wait()
stop = True
t.join()
print(" ".join(str(n) for n in progress))
"#,
    );
    let (code, out, err) = finish(start(&path), Duration::from_secs(60));
    assert_eq!(code, Some(0), "stderr: {err}");
    let progress: Vec<u64> = out.split_whitespace().map(|n| n.parse().unwrap()).collect();
    assert_eq!(progress.len(), 3, "output: {out:?}");
    // Holding the GIL through a 0.5 s wait would leave the spinning thread
    // at (nearly) zero; released, it counts millions on an idle core.
    for (what, n) in ["run", "run with pipes", "pipe read"].iter().zip(&progress) {
        assert!(
            *n > 10_000,
            "{what}: the thread made {n} steps during the wait"
        );
    }
}

#[test]
fn no_zombie_children() {
    let path = script(
        "zombies.conc",
        r#"
import os, subprocess, time
subprocess.run(["true"])
subprocess.run(["sh", "-c", "exit 3"])
subprocess.run(["sh", "-c", "echo x; echo y >&2"], capture_output=True)
try:
    subprocess.run(["sleep", "10"], timeout=0.1)
except subprocess.TimeoutExpired:
    pass
try:
    subprocess.run(["false"], check=True)
except subprocess.CalledProcessError:
    pass
try:
    subprocess.check_output(["sleep", "10"], timeout=0.1)
except subprocess.TimeoutExpired:
    pass
with subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=subprocess.PIPE) as p:
    p.stdin.write(b"x")
subprocess.Popen(["true"])
subprocess.Popen(["sleep", "0.3"], stdout=subprocess.PIPE)
p = subprocess.Popen(["sleep", "10"])
p.kill()
del p
def forgotten():
    q = subprocess.Popen(["sh", "-c", "exit 1"])
    time.sleep(0.2)
forgotten()
print(os.getpid(), flush=True)
time.sleep(30)
"#,
    );
    let mut child = start(&path);
    let (line, _reader) = first_line(&mut child);
    let pid: u32 = line.trim().parse().unwrap_or_else(|_| {
        let _ = child.kill();
        panic!("no pid printed: {line:?}");
    });
    assert_eq!(pid, child.id());
    let start = Instant::now();
    let mut kids = children_of(pid);
    while !kids.is_empty() && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
        kids = children_of(pid);
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(kids.is_empty(), "children left (pid, state): {kids:?}");
}

/// Starts `src`, waits for its first line and a child of it, sends it
/// SIGINT; returns how it ended and the child's pid.
fn interrupt(name: &str, src: &str) -> (Option<i32>, String, u32) {
    let path = script(name, src);
    let mut conc = start(&path);
    let (_line, _reader) = first_line(&mut conc);
    let start = Instant::now();
    let kid = loop {
        if let Some((pid, _)) = children_of(conc.id()).first() {
            break *pid;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no child started"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    std::thread::sleep(Duration::from_millis(200));
    let status = Command::new("kill")
        .args(["-INT", &conc.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let sent = Instant::now();
    let mut err = String::new();
    let mut stderr = conc.stderr.take().unwrap();
    let code = loop {
        if let Some(s) = conc.try_wait().unwrap() {
            break s.code();
        }
        if sent.elapsed() > Duration::from_secs(10) {
            let _ = conc.kill();
            let _ = conc.wait();
            panic!("{name}: Ctrl-C did not end the wait");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    stderr.read_to_string(&mut err).unwrap();
    (code, err, kid)
}

#[test]
fn ctrl_c_ends_waits_on_a_child() {
    for (name, src) in [
        (
            "run.conc",
            "import subprocess\nprint('ready', flush=True)\nsubprocess.run(['sleep', '30'])\n",
        ),
        (
            "capture.conc",
            "import subprocess\nprint('ready', flush=True)\n\
             subprocess.run(['sleep', '30'], capture_output=True, timeout=60)\n",
        ),
        (
            "wait.conc",
            "import subprocess\np = subprocess.Popen(['sleep', '30'])\n\
             print('ready', flush=True)\ntry:\n    p.wait()\nfinally:\n    p.kill()\n    p.wait()\n",
        ),
        (
            "read.conc",
            "import subprocess\np = subprocess.Popen(['sleep', '30'], stdout=subprocess.PIPE)\n\
             print('ready', flush=True)\ntry:\n    p.stdout.read()\nfinally:\n    p.kill()\n    p.wait()\n",
        ),
    ] {
        let (code, err, kid) = interrupt(name, src);
        assert_eq!(code, Some(130), "{name}: {err}");
        assert!(err.contains("KeyboardInterrupt"), "{name}: {err}");
        let start = Instant::now();
        while alive(kid) {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{name}: the child {kid} still runs"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}
