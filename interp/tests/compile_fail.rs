//! The GIL in the types: programs that would touch conc objects without
//! the GIL, or keep them past their scope, must not compile. Each file in
//! `compile_fail/` is one such program; its first line names the error
//! code rustc must report for it (`// error: E0277`). The check compares
//! codes, not messages: the codes stay the same from one compiler version
//! to the next, the wording does not, so this holds on whichever toolchain
//! builds the crate. (Stable rustdoc ignores the codes of `compile_fail`
//! doctests, which is why these are not doctests.)
//!
//! Each program is type-checked by `rustc` against the conc-interp library
//! this test was built with (`--emit=metadata`: no code generation, well
//! under a second each). `compile_fail/control.rs`, the same kind of
//! program written correctly, must compile without error, so a broken
//! set-up (no `rustc`, the library missing or built by another compiler)
//! fails the test instead of making every case "fail to compile".

use std::path::{Path, PathBuf};
use std::process::Command;

/// What rustc reported for one program: the codes of its errors, and the
/// messages of all its errors (for the test's own failure report).
struct Outcome {
    codes: Vec<String>,
    messages: Vec<String>,
}

/// The conc-interp rlib beside this test's executable. A deps directory
/// may hold several (other profiles' builds of the same sources); the
/// newest is the one cargo just built for this test.
fn conc_interp_rlib(deps: &Path) -> PathBuf {
    let entries = std::fs::read_dir(deps).expect("the test's deps directory");
    entries
        .filter_map(|e| e.ok())
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with("libconc_interp-") && name.ends_with(".rlib")
        })
        .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok())
        .map(|e| e.path())
        .expect("libconc_interp-*.rlib beside the test executable")
}

/// Type-checks `program` against conc-interp and collects its errors.
fn check(program: &Path, rlib: &Path, deps: &Path, out_dir: &Path) -> Outcome {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output = Command::new(rustc)
        .args([
            "--edition",
            "2021",
            "--crate-type",
            "bin",
            "--emit=metadata",
        ])
        .arg("--error-format=json")
        .arg("--out-dir")
        .arg(out_dir)
        .arg("--extern")
        .arg(format!("conc_interp={}", rlib.display()))
        .arg("-L")
        .arg(format!("dependency={}", deps.display()))
        .arg(program)
        .output()
        .expect("rustc runs");
    let mut outcome = Outcome {
        codes: Vec::new(),
        messages: Vec::new(),
    };
    for line in String::from_utf8_lossy(&output.stderr).lines() {
        let Ok(diag) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if diag["level"] != "error" {
            continue;
        }
        let message = diag["message"].as_str().unwrap_or_default();
        if message.starts_with("aborting due to") {
            continue;
        }
        outcome.messages.push(message.to_string());
        if let Some(code) = diag["code"]["code"].as_str() {
            outcome.codes.push(code.to_string());
        }
    }
    if output.status.success() {
        assert!(outcome.messages.is_empty(), "rustc succeeded with errors");
    } else if outcome.messages.is_empty() {
        // rustc failed without a diagnostic: the set-up is broken.
        outcome
            .messages
            .push(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    outcome
}

/// The code a program's first line promises (`// error: E0277`).
fn expected_code(program: &Path) -> String {
    let text = std::fs::read_to_string(program).expect("a readable program");
    let first = text.lines().next().unwrap_or_default();
    let code = first
        .strip_prefix("// error: ")
        .unwrap_or_else(|| panic!("{} must start with `// error: E....`", program.display()));
    code.trim().to_string()
}

#[test]
fn gil_scope_violations_do_not_compile() {
    let exe = std::env::current_exe().expect("the test's path");
    let deps = exe.parent().expect("the deps directory");
    let rlib = conc_interp_rlib(deps);
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("compile_fail");
    std::fs::create_dir_all(&out_dir).expect("an output directory");
    let cases_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/compile_fail");

    let control = check(&cases_dir.join("control.rs"), &rlib, deps, &out_dir);
    assert!(
        control.messages.is_empty(),
        "the control program must compile; rustc said: {:#?}",
        control.messages
    );

    let mut cases: Vec<PathBuf> = std::fs::read_dir(&cases_dir)
        .expect("tests/compile_fail")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .filter(|p| p.file_name().is_some_and(|n| n != "control.rs"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 9, "the cases are missing: {cases:?}");

    // One thread per case: each is one short rustc run.
    let failures: Vec<String> = std::thread::scope(|s| {
        let runs: Vec<_> = cases
            .iter()
            .map(|case| {
                let (rlib, out_dir) = (&rlib, &out_dir);
                s.spawn(move || {
                    let want = expected_code(case);
                    let got = check(case, rlib, deps, out_dir);
                    let name = case.file_name().unwrap().to_string_lossy();
                    if got.messages.is_empty() {
                        Some(format!("{name}: compiled, expected error {want}"))
                    } else if got.codes.is_empty() || got.codes.iter().any(|c| *c != want) {
                        Some(format!(
                            "{name}: expected only error {want}, got codes {:?}: {:#?}",
                            got.codes, got.messages
                        ))
                    } else {
                        None
                    }
                })
            })
            .collect();
        runs.into_iter()
            .filter_map(|r| r.join().expect("a case's thread"))
            .collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
