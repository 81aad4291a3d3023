//! The process module through the real binary, for what a `.conc` case
//! cannot check from inside: children die with a parent killed by SIGKILL,
//! no zombie stays after join or a pool's exit, the missing `__main__`
//! guard gives a RuntimeError in the child (never a fork bomb), and values
//! that cannot cross raise a TypeError naming the object. Every wait is
//! bounded.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{alive, children_of, first_line};

fn script(name: &str, src: &str) -> PathBuf {
    common::script("processes", name, src)
}

/// The children of `ppid` that are zombies.
fn zombies_of(ppid: u32) -> Vec<u32> {
    children_of(ppid)
        .into_iter()
        .filter(|(_, state)| *state == 'Z')
        .map(|(pid, _)| pid)
        .collect()
}

fn run(path: &Path) -> std::process::Output {
    let child = Command::new(env!("CARGO_BIN_EXE_conc"))
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let watchdog = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(60));
        let _ = Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status();
    });
    drop(watchdog);
    child.wait_with_output().unwrap()
}

#[test]
fn children_die_with_a_killed_parent() {
    let path = script(
        "orphan.conc",
        r#"
import multiprocessing as mp, os, time

def sleeper():
    time.sleep(60)

if __name__ == "__main__":
    ps = [mp.Process(target=sleeper) for _ in range(2)]
    for p in ps:
        p.start()
    print(" ".join(str(p.pid) for p in ps), flush=True)
    time.sleep(60)
"#,
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_conc"))
        .arg(&path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let (line, _rest) = first_line(&mut child);
    let pids: Vec<u32> = line
        .split_whitespace()
        .map(|p| p.parse().unwrap())
        .collect();
    assert_eq!(pids.len(), 2, "child pids: {line:?}");
    assert!(pids.iter().all(|&p| alive(p)), "children should run");
    child.kill().unwrap(); // SIGKILL: no exit handler runs in the parent
    child.wait().unwrap();
    let start = Instant::now();
    while pids.iter().any(|&p| alive(p)) {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "children outlived their parent: {pids:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn no_zombie_after_join_and_pool_exit() {
    let path = script(
        "reap.conc",
        r#"
import multiprocessing as mp, os, time

def f(x):
    return x + 1

if __name__ == "__main__":
    ps = [mp.Process(target=f, args=(i,)) for i in range(3)]
    for p in ps:
        p.start()
    for p in ps:
        p.join(20)
    with mp.Pool(2) as pool:
        pool.map(f, range(10))
    p = mp.Process(target=time.sleep, args=(30,))
    p.start()
    p.kill()
    p.join(20)
    print(os.getpid(), flush=True)
    time.sleep(1)
    print("done")
"#,
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_conc"))
        .arg(&path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let (line, mut out) = first_line(&mut child);
    let pid: u32 = line.trim().parse().expect("the script prints its pid");
    // The script sleeps a second after its joins: look at its children now.
    let zombies = zombies_of(pid);
    let mut rest = String::new();
    out.read_line(&mut rest).unwrap();
    let status = child.wait().unwrap();
    assert!(status.success());
    assert_eq!(rest.trim(), "done");
    assert!(zombies.is_empty(), "zombie children: {zombies:?}");
}

#[test]
fn missing_main_guard_is_a_runtime_error_in_the_child() {
    let path = script(
        "noguard.conc",
        r#"
import multiprocessing as mp

def f():
    pass

p = mp.Process(target=f)
p.start()
p.join(30)
print("exitcode", p.exitcode)
"#,
    );
    let out = run(&path);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "stderr: {stderr}");
    assert_eq!(stdout.trim(), "exitcode 1", "stderr: {stderr}");
    assert!(
        stderr.contains("RuntimeError: An attempt has been made to start a new process"),
        "stderr: {stderr}"
    );
}

#[test]
fn what_cannot_cross_is_a_type_error_naming_it() {
    let path = script(
        "cannot.conc",
        r#"
import multiprocessing as mp, threading

def outer():
    n = 1
    def inner():
        return n
    return inner

if __name__ == "__main__":
    q = mp.Queue()
    for obj in (lambda: 1, outer(), threading.Lock(), (x for x in "ab")):
        try:
            q.put(obj)
            print("sent?!")
        except TypeError as e:
            print(str(e).split("to another process: ", 1)[1])
    a = []
    a.append(a)
    try:
        q.put(a)
    except ValueError as e:
        print("ValueError", "recursive" in str(e))
"#,
    );
    let out = run(&path);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        vec![
            "a lambda has no name to import it by; use a function defined with def at module level",
            "it is a closure (it uses variables of an enclosing function)",
            "it holds native state that belongs to this process",
            "a generator's running state cannot be copied",
            "ValueError True",
        ],
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
