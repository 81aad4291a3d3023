//! Robustness: a few thousand generated inputs — random bytes, soups of
//! Python tokens, and truncated or mutated versions of the valid programs in
//! `tests/cases` and `tests/compat` — go through the lexer, parser, compiler
//! and VM of the real `conc` binary, one process per input, so that a crash
//! cannot take the test runner down.
//!
//! Every input must either run (exit 0, `sys.exit`'s status, or killed when
//! its time budget runs out — an endless loop is a valid program) or end in
//! a conc exception (exit 1 with a message on stderr) or a usage error (2).
//! A Rust panic (exit 101, "panicked at"), a death by a signal, or an exit 1
//! with nothing on stderr is a failure; the failing inputs are printed.
//!
//! The generator is a fixed-seed xorshift, so failures reproduce. Knobs:
//! `CONC_ROBUST_N` (inputs, default 2000), `CONC_ROBUST_SEED`,
//! `CONC_ROBUST_BUDGET_MS` (per input, default 1500).

mod common;

use common::generate::inputs;

use std::fs::File;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

enum Verdict {
    Ok,
    OverBudget,
    Fail(String),
}

/// Runs one input as a script in its own directory (scripts may write
/// files) and judges how it ended.
fn run_one(bin: &Path, dir: &Path, input: &[u8], budget: Duration) -> Verdict {
    std::fs::create_dir_all(dir).expect("scratch directory");
    let script = dir.join("input.conc");
    let errfile = dir.join("stderr.txt");
    std::fs::write(&script, input).expect("write input");
    let err = File::create(&errfile).expect("stderr file");
    let mut child = match Command::new(bin)
        .arg(&script)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(err)
        .process_group(0)
        .spawn()
    {
        Ok(c) => c,
        Err(e) => return Verdict::Fail(format!("cannot start conc: {e}")),
    };
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if start.elapsed() >= budget => break None,
            Ok(None) => thread::sleep(Duration::from_millis(2)),
            Err(e) => return Verdict::Fail(format!("cannot wait for conc: {e}")),
        }
    };
    let Some(status) = status else {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", child.id())])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = child.kill();
        let _ = child.wait();
        return Verdict::OverBudget;
    };
    // Children a script started may still hold the process group: end them.
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let stderr = std::fs::read(&errfile).unwrap_or_default();
    let stderr = String::from_utf8_lossy(&stderr);
    let tail: String = {
        let lines: Vec<&str> = stderr.lines().collect();
        lines[lines.len().saturating_sub(6)..].join("\n")
    };
    if stderr.contains("panicked at") {
        return Verdict::Fail(format!("Rust panic ({status}):\n{tail}"));
    }
    match status.code() {
        Some(101) => Verdict::Fail(format!("exit status 101:\n{tail}")),
        Some(1) if stderr.trim().is_empty() => {
            Verdict::Fail("exit status 1 with nothing on stderr".into())
        }
        Some(_) => Verdict::Ok,
        None => Verdict::Fail(format!(
            "killed by signal {}:\n{tail}",
            status.signal().unwrap_or(0)
        )),
    }
}

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn generated_inputs_never_crash_conc() {
    let n = env_num("CONC_ROBUST_N", 2000) as usize;
    let seed = env_num("CONC_ROBUST_SEED", 0x5eed_c0c0_2026);
    let budget = Duration::from_millis(env_num("CONC_ROBUST_BUDGET_MS", 1500));
    let bin = common::conc_bin();
    let inputs = inputs(n, seed);
    let scratch: PathBuf =
        std::env::temp_dir().join(format!("conc-robustness-{}", std::process::id()));
    let over_budget = AtomicUsize::new(0);
    let started = Instant::now();
    let indexed: Vec<(usize, &Vec<u8>)> = inputs.iter().enumerate().collect();
    let verdicts = common::parallel_map(&indexed, |(i, input)| {
        // One scratch directory per input keeps parallel runs apart.
        let dir = scratch.join(format!("{i}"));
        let v = run_one(&bin, &dir, input, budget);
        let _ = std::fs::remove_dir_all(&dir);
        if let Verdict::OverBudget = v {
            over_budget.fetch_add(1, Ordering::Relaxed);
        }
        v
    });
    let _ = std::fs::remove_dir_all(&scratch);
    let mut failures = Vec::new();
    for (i, v) in verdicts.iter().enumerate() {
        if let Verdict::Fail(why) = v {
            failures.push(format!(
                "input #{i} (seed {seed:#x}): {why}\n    input: {:?}\n",
                String::from_utf8_lossy(&inputs[i])
            ));
        }
    }
    println!(
        "robustness: {} inputs in {:.1}s, {} stopped at the {}ms budget",
        inputs.len(),
        started.elapsed().as_secs_f64(),
        over_budget.load(Ordering::Relaxed),
        budget.as_millis()
    );
    common::finish("robustness", inputs.len(), &failures);
}
