//! Runs the embedding examples of `examples/` (built by `cargo test` next
//! to the test binaries) and checks what they print.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

/// The example binary `name`: `target/<profile>/examples/<name>`, beside
/// the `deps` directory that holds this test.
fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let profile_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>/deps");
    let path = profile_dir.join("examples").join(name);
    assert!(
        path.exists(),
        "{} was not built: `cargo test` builds the examples, or `cargo build --release --examples`",
        path.display()
    );
    path
}

/// Runs an example with a time limit; its stdout, after checking it
/// succeeded.
fn run(name: &str) -> String {
    run_with(name, &[])
}

/// [`run`] with command-line arguments.
fn run_with(name: &str, args: &[&str]) -> String {
    let mut child = Command::new(example(name))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start the example");
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("poll the example").is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("{name} did not finish within 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("the example's output");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{name} failed ({}):\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// The text after `prefix` on the line that starts with it.
fn line_after<'a>(out: &'a str, prefix: &str) -> &'a str {
    out.lines()
        .find_map(|l| l.strip_prefix(prefix))
        .unwrap_or_else(|| panic!("no line starting with {prefix:?} in:\n{out}"))
}

#[test]
fn embed_basic_converts_calls_and_reports_errors() {
    let out = run("embed_basic");
    assert_eq!(line_after(&out, "sum(range(1, 11)) = "), "55");
    assert_eq!(line_after(&out, "squares = "), "[0, 1, 4, 9, 16]");
    assert_eq!(
        line_after(&out, "2 ** 100 = "),
        "1267650600228229401496703205376"
    );
    assert_eq!(
        line_after(&out, "prices = "),
        r#"{"apple": 0.5, "fig": 0.25, "melon": 2.0, "pear": 0.75}"#
    );
    // (0.5 + 2.0 + 0.25) * 0.9, rounded by the script to 2 places.
    assert_eq!(
        line_after(&out, "total(['apple', 'melon', 'fig'], 0.1) = "),
        "2.48"
    );
    assert_eq!(line_after(&out, "cheapest() = "), r#"("fig", 0.25)"#);
    assert_eq!(
        line_after(&out, "eval::<u8>: "),
        "OverflowError: int too large to convert to u8"
    );
    assert_eq!(
        line_after(&out, "error: "),
        "UnknownItem: no price for 'kiwi'"
    );
    assert_eq!(line_after(&out, "type: "), "UnknownItem");
    assert_eq!(line_after(&out, "is a LookupError: "), "true");
    let tb = &out[out.find("traceback:\n").expect("a traceback") + 11..];
    assert!(
        tb.starts_with("Traceback (most recent call last):\n"),
        "{tb}"
    );
    assert!(
        tb.contains("  File \"pricing.conc\", line 9, in total\n"),
        "{tb}"
    );
    assert!(
        tb.contains("raise UnknownItem(f\"no price for {item!r}\")"),
        "{tb}"
    );
    assert!(tb.ends_with("UnknownItem: no price for 'kiwi'\n"), "{tb}");
}

#[test]
fn host_functions_share_state_and_release_the_gil() {
    let out = run("host_functions");
    assert_eq!(
        line_after(&out, "host: record() was called "),
        "3 times, total 14"
    );
    assert_eq!(
        line_after(&out, "script: fetch returned "),
        "'payload after 200 ms'"
    );
    // While the host function slept with the GIL released, the script's
    // ticker thread ran.
    let released: u64 = line_after(
        &out,
        "ticker ticks while fetch() slept with the GIL released: ",
    )
    .parse()
    .expect("a count");
    assert!(released > 0, "the ticker never ran:\n{out}");
}

#[test]
fn sandbox_stops_untrusted_scripts_and_reports_why() {
    let out = run("sandbox");
    assert!(
        line_after(&out, "budget: ").starts_with("stopped by the host (OperationLimit)"),
        "{out}"
    );
    let iterations: u64 = line_after(&out, "budget: iterations before the stop: ")
        .parse()
        .expect("a count");
    assert!((1..=100_001).contains(&iterations), "{out}");
    assert_eq!(
        line_after(
            &out,
            "budget: the next run has the whole budget again: sum = "
        ),
        "499500"
    );
    assert!(
        line_after(&out, "memory: bytearray(10 ** 9): ").starts_with("finished"),
        "{out}"
    );
    assert_eq!(
        line_after(&out, "memory: the script fell back to "),
        "1024 bytes"
    );
    assert!(
        line_after(&out, "memory: hoarding strings: ")
            .starts_with("stopped by the host (MemoryLimit)"),
        "{out}"
    );
    assert_eq!(line_after(&out, "sandboxed: sqrt(2) = "), "1.4142");
    assert_eq!(line_after(&out, "sandboxed json: "), r#"{"ok": true}"#);
    for module in ["os", "subprocess", "socket"] {
        assert!(
            line_after(&out, &format!("allow-list: import {module}: ")).starts_with(&format!(
                "raised ModuleNotFoundError: No module named '{module}'"
            )),
            "{out}"
        );
    }
    assert!(
        line_after(&out, "allow-list: open('/etc/passwd'): ").starts_with("raised PermissionError"),
        "{out}"
    );
    assert!(
        line_after(&out, "interrupt: ").starts_with("stopped by the host (Terminated)"),
        "{out}"
    );
    assert_eq!(line_after(&out, "interrupt: terminated = "), "true");
    assert_eq!(
        line_after(&out, "interrupt: the interpreter still answers: 6 * 7 = "),
        "42"
    );
}

#[test]
fn parallel_interpreters_agree_and_report_a_speedup() {
    let out = run("parallel_interpreters");
    assert_eq!(
        line_after(&out, "interpreters "),
        "1 and 2, each with its own GIL"
    );
    // The example itself checks that all four runs found the same count.
    let primes: u64 = line_after(&out, "primes below 60000: ")
        .parse()
        .expect("a count");
    assert_eq!(primes, 6057);
    // Measured, never asserted: only its shape.
    let speedup = line_after(&out, "speedup: ");
    let (whole, cents) = speedup.split_once('.').expect("X.XX");
    assert!(
        whole.parse::<u32>().is_ok() && cents.len() == 2 && cents.parse::<u32>().is_ok(),
        "{speedup}"
    );
}

#[test]
fn call_cost_prints_a_figure_for_every_row() {
    let out = run_with("call_cost", &["--quick"]);
    // Measured, never asserted: each row ends in a positive number of ns.
    let figure = |label: &str| -> f64 {
        let line = out
            .lines()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("no row {label:?} in:\n{out}"));
        let ns: f64 = line
            .split_whitespace()
            .last()
            .and_then(|w| w.parse().ok())
            .unwrap_or_else(|| panic!("no figure in {line:?}"));
        assert!(ns > 0.0, "{line}");
        ns
    };
    for label in [
        "Interpreter::call",
        "Bound::call inside one with_gil scope",
        "InterpreterHandle::with_gil per call",
        "add(1, 2)",
        "add_kw(a=1, b=2)",
        "add_kw(1)",
        "ident(1)",
        "len(items)",
        "empty loop (pass)",
    ] {
        figure(label);
    }
}
