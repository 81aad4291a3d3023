//! A read that blocks releases the GIL: while the main thread waits for a
//! line on stdin (input(), sys.stdin.readline()) or for a line read
//! from a FIFO, a CPU-bound thread keeps counting. Every wait is
//! bounded (the test writes the line after half a second; the program is
//! killed after 60 s).

mod common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

fn counted_while_blocked(read: &str) -> u64 {
    run_counting(read, true)
}

fn counted_while_blocked_on(read: &str) -> u64 {
    run_counting(read, false)
}

/// Runs `read` in the main thread beside a counting thread; returns how
/// far the counter got during the read. With `feed_stdin` the test writes
/// "hello" on stdin after half a second.
fn run_counting(read: &str, feed_stdin: bool) -> u64 {
    let src = format!(
        r#"
import sys, threading
count = [0]
stop = []
def spin():
    while not stop:
        count[0] += 1
t = threading.Thread(target=spin)
t.start()
before = count[0]
line = {read}
during = count[0] - before
stop.append(True)
t.join()
print(during, line.strip())
"#
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_conc"))
        .args(["-c", &src])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(60));
        let _ = Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status();
    });
    let mut stdin = child.stdin.take().unwrap();
    if feed_stdin {
        std::thread::sleep(Duration::from_millis(500));
        stdin.write_all(b"hello\n").unwrap();
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut parts = stdout.split_whitespace();
    let n: u64 = parts.next().unwrap().parse().unwrap();
    let word = if feed_stdin { "hello" } else { "from" };
    assert_eq!(parts.next(), Some(word), "stdout: {stdout}");
    n
}

#[test]
fn input_releases_the_gil() {
    let n = counted_while_blocked("input()");
    assert!(
        n > 10_000,
        "the counting thread made {n} steps during input()"
    );
}

#[test]
fn stdin_readline_releases_the_gil() {
    let n = counted_while_blocked("sys.stdin.readline()");
    assert!(
        n > 10_000,
        "the counting thread made {n} steps during sys.stdin.readline()"
    );
}

#[test]
fn file_read_on_a_fifo_releases_the_gil() {
    let fifo = std::env::temp_dir().join(format!("conc-fifo-{}", std::process::id()));
    let _ = std::fs::remove_file(&fifo);
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    // Held open for reading and writing, so the script's open() does not
    // wait for a writer and its readline() waits for the data.
    let mut end = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&fifo)
        .unwrap();
    let path = fifo.to_string_lossy().into_owned();
    let writer = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(500));
        end.write_all(b"from the fifo\n").unwrap();
        std::thread::sleep(Duration::from_millis(2000));
    });
    let n = counted_while_blocked_on(&format!("open({path:?}).readline()"));
    writer.join().unwrap();
    let _ = std::fs::remove_file(&fifo);
    assert!(
        n > 10_000,
        "the counting thread made {n} steps during a FIFO read"
    );
}

/// A thread blocked reading a FIFO holds that file's state (without the
/// GIL) until data comes; meanwhile the main thread asks the same file
/// object what needs no I/O (`fileno`, `readable`, `tell` of a pipe) and
/// prints. Waiting for the file's state with the GIL held would hang here:
/// the line the reader waits for is written by the main thread afterwards.
/// The program is killed after 60 s, so a hang fails the test.
#[test]
fn a_reader_blocked_on_a_file_does_not_stall_other_calls_on_it() {
    let fifo = std::env::temp_dir().join(format!("conc-fifo-tell-{}", std::process::id()));
    let _ = std::fs::remove_file(&fifo);
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    // Held open for reading and writing, so that the script's opens of the
    // FIFO do not wait for the other end.
    let end = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&fifo)
        .unwrap();
    let src = format!(
        r#"
import threading, time
path = {path:?}
f = open(path)
got = []
started = threading.Event()
def reader():
    started.set()
    got.append(f.readline())
t = threading.Thread(target=reader)
t.start()
started.wait(10)
time.sleep(0.2)
print('fileno', f.fileno() > 2, 'readable', f.readable(), 'writable', f.writable())
try:
    f.tell()
    print('tell answered')
except OSError:
    print('tell raises OSError')
print('closed', f.closed, flush=True)
with open(path, 'w') as w:
    w.write('line\n')
t.join(10)
print(got, t.is_alive())
"#,
        path = fifo.to_string_lossy()
    );
    // `run_with` kills the program at its timeout, so a hang fails here.
    let out = common::run_with(
        &common::conc_bin(),
        &["-c", &src],
        &common::RunOptions::default(),
    )
    .unwrap();
    drop(end);
    let _ = std::fs::remove_file(&fifo);
    assert_eq!(
        out.code,
        Some(0),
        "{}\nstdout: {}\nstderr: {}",
        out.status(),
        out.stdout,
        out.stderr
    );
    let stdout = out.stdout;
    assert_eq!(
        stdout,
        "fileno True readable True writable False\ntell raises OSError\nclosed False\n['line\\n'] False\n"
    );
}
