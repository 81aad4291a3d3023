//! Runs every program in `tests/compat/*.py` under `python3` and under `conc`
//! and checks that both print the same stdout and exit with the same status.
//! `python3` is required: a missing `python3` fails the test, it never skips.
//!
//! Set `CONC_COMPAT=substring` to run only the programs whose file name contains it.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn python3() -> PathBuf {
    let python = PathBuf::from("python3");
    match Command::new(&python).arg("--version").output() {
        Ok(out) if out.status.success() => python,
        Ok(out) => panic!(
            "tests/compat needs python3, but `python3 --version` failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => panic!("tests/compat needs python3 on PATH to compute expected outputs, but it cannot be run: {e}"),
    }
}

/// Checks one program; `None` means it passed, otherwise a failure report.
fn check(python: &Path, path: &Path) -> Option<String> {
    let name = common::display_path(path);
    let root = common::repo_root();
    let expected = match common::run(python, &[path], &root) {
        Ok(out) => out,
        Err(e) => return Some(format!("FAIL {name}: {e}\n")),
    };
    if expected.timed_out {
        return Some(format!("FAIL {name}: python3 {}\n", expected.status()));
    }
    let actual = match common::run(&common::conc_bin(), &[path], &root) {
        Ok(out) => out,
        Err(e) => return Some(format!("FAIL {name}: {e}\n")),
    };

    let mut problems = Vec::new();
    if actual.stdout != expected.stdout {
        let exp: Vec<&str> = expected.stdout.lines().collect();
        let act: Vec<&str> = actual.stdout.lines().collect();
        let line = exp
            .iter()
            .zip(&act)
            .position(|(e, a)| e != a)
            .unwrap_or(exp.len().min(act.len()));
        problems.push(format!(
            "stdout differs from line {} on\n    python3 stdout:\n{}    conc stdout:\n{}",
            line + 1,
            common::indent(&expected.stdout),
            common::indent(&actual.stdout)
        ));
    }
    if actual.code != expected.code || actual.timed_out {
        problems.push(format!(
            "python3 ended with {}, conc with {}",
            expected.status(),
            actual.status()
        ));
    }
    if problems.is_empty() {
        return None;
    }
    let mut report = format!("FAIL {name}\n");
    for p in problems {
        report.push_str(&format!("  - {p}\n"));
    }
    if !actual.stderr.is_empty() {
        report.push_str(&format!(
            "  conc stderr:\n{}",
            common::indent(&actual.stderr)
        ));
    }
    if !expected.stderr.is_empty() {
        report.push_str(&format!(
            "  python3 stderr:\n{}",
            common::indent(&expected.stderr)
        ));
    }
    Some(report)
}

#[test]
fn compat() {
    let python = python3();
    let dir = common::repo_root().join("tests").join("compat");
    let files = common::test_files(&dir, "py", &[], "CONC_COMPAT");
    assert!(
        !files.is_empty(),
        "no programs found in {} (is CONC_COMPAT too narrow?)",
        dir.display()
    );
    let failures: Vec<String> = common::parallel_map(&files, |p| check(&python, p))
        .into_iter()
        .flatten()
        .collect();
    common::finish("compat", files.len(), &failures);
}
