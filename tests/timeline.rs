//! `conc trace FILE.json -o OUT.svg` through the real binary: a trace of a
//! small threaded program drawn as an SVG with a row per thread, and the
//! usage errors (missing file, bad JSON, not a trace) exiting 2 with a
//! `conc: ...` message.

use std::path::PathBuf;
use std::process::{Command, Output};

fn conc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_conc"))
        .args(args)
        .env_remove("CONC_GIL")
        .output()
        .expect("run conc")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("conc-timeline-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const PROGRAM: &str = r#"
import threading, time

def spin(n):
    t = 0
    for i in range(n):
        t += i
    return t

def napper():
    for _ in range(3):
        time.sleep(0.005)
        spin(2000)

a = threading.Thread(target=spin, args=(200000,), name="spinner")
b = threading.Thread(target=napper, name="napper")
a.start(); b.start()
a.join(); b.join()
print("done")
"#;

#[test]
fn trace_of_a_threaded_run_draws_a_row_per_thread() {
    let script = scratch("threads.conc");
    let json = scratch("threads.json");
    let svg = scratch("threads.svg");
    std::fs::write(&script, PROGRAM).unwrap();
    let run = conc(&["--trace", json.to_str().unwrap(), script.to_str().unwrap()]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert_eq!(text(&run.stdout), "done\n");

    let o = conc(&["trace", json.to_str().unwrap(), "-o", svg.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = std::fs::read_to_string(&svg).expect("svg written");
    assert!(out.starts_with("<svg"));
    assert!(out.trim_end().ends_with("</svg>"));
    for name in ["MainThread", "spinner", "napper"] {
        assert!(
            out.contains(&format!(">{name}</text>")),
            "no row for {name}"
        );
    }
    assert!(out.contains("GIL timeline: threads.json"));
    assert!(out.contains("3 threads"));
    // The sleeps are recorded as such and shown in their own shade.
    assert!(out.contains("blocked on sleep"));
    assert_eq!(out.matches("<svg").count(), 1);
}

/// Without a GIL there is no lock to wait for, but `--trace` still records
/// each thread's running and blocked slices (with what blocks them), the
/// picture says it has no GIL, and `--gil-stats` prints the columns that
/// mean something: running, blocked and blocking calls.
#[test]
fn no_gil_trace_records_running_and_blocked_slices() {
    let script = scratch("nogil.conc");
    let json = scratch("nogil.json");
    let svg = scratch("nogil.svg");
    std::fs::write(&script, PROGRAM).unwrap();
    let run = conc(&[
        "--no-gil",
        "--gil-stats",
        "--trace",
        json.to_str().unwrap(),
        script.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert_eq!(text(&run.stdout), "done\n");

    let stats = text(&run.stderr);
    assert!(stats.contains("no GIL"), "{stats}");
    let header = stats.lines().nth(1).unwrap_or_default();
    assert!(
        header.contains("running ms") && header.contains("blocking calls"),
        "{stats}"
    );
    assert!(!header.contains("waiting ms"), "{stats}");
    // The napper slept three times: three blocking calls on its row.
    let napper = stats
        .lines()
        .find(|l| l.starts_with("napper"))
        .unwrap_or_else(|| panic!("no napper row: {stats}"));
    assert_eq!(napper.split_whitespace().last(), Some("3"), "{stats}");

    let trace: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("trace written")).unwrap();
    assert_eq!(
        trace.pointer("/otherData/gil"),
        Some(&serde_json::json!(false))
    );
    let events = trace["traceEvents"].as_array().unwrap();
    let slices = |name: &str| events.iter().filter(|e| e["name"] == name).count();
    assert!(slices("running") >= 3, "{trace}");
    assert_eq!(slices("wait_gil"), 0, "{trace}");
    let sleeps = events
        .iter()
        .filter(|e| e["name"] == "blocked" && e["args"]["reason"] == "sleep")
        .count();
    assert_eq!(sleeps, 3, "{trace}");

    let o = conc(&["trace", json.to_str().unwrap(), "-o", svg.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = std::fs::read_to_string(&svg).expect("svg written");
    assert!(out.contains("without a GIL"), "{out}");
    assert!(!out.contains("waiting for the GIL"), "{out}");
    assert!(out.contains("blocked on sleep"), "{out}");
}

#[test]
fn trace_errors_exit_2_with_a_message() {
    let missing = scratch("missing.json");
    let o = conc(&["trace", missing.to_str().unwrap(), "-o", "/dev/null"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).starts_with("conc: cannot read trace"),
        "{}",
        text(&o.stderr)
    );

    let bad = scratch("bad.json");
    std::fs::write(&bad, "{\"traceEvents\": [").unwrap();
    let o = conc(&["trace", bad.to_str().unwrap(), "-o", "/dev/null"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("not valid JSON"),
        "{}",
        text(&o.stderr)
    );

    let other = scratch("other.json");
    std::fs::write(&other, "{\"name\": \"not a trace\"}").unwrap();
    let o = conc(&["trace", other.to_str().unwrap(), "-o", "/dev/null"]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.starts_with("conc: ") && err.contains("not a trace"),
        "{err}"
    );
    assert!(!err.contains("panicked"));

    let o = conc(&["trace"]);
    assert_eq!(o.status.code(), Some(2));
    let o = conc(&["trace", "--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(text(&o.stdout).contains("OUT.svg"));
}

#[test]
fn a_script_named_trace_still_runs() {
    let dir = scratch("named");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("trace"), "print('ran trace')\n").unwrap();
    for args in [&["./trace"][..], &["--", "trace"][..]] {
        let o = Command::new(env!("CARGO_BIN_EXE_conc"))
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(o.status.success(), "{args:?}: {}", text(&o.stderr));
        assert_eq!(text(&o.stdout), "ran trace\n");
    }
    let o = conc(&["--help"]);
    assert!(text(&o.stdout).contains("conc trace FILE.json"));
}
