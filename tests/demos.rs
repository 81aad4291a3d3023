//! Runs every demo in `scripts/*.conc` with `--quick` and checks that it
//! exits 0, writes no traceback, and prints its table — never its timings.
//!
//! The demos are found by listing the directory, so a new demo is covered
//! without touching this file. Each one declares, in its header comment,
//! the lines its output must contain:
//!
//! ```text
//! # quick-output: variant * expected * lost
//! # quick-output: ^finished: 80/80$
//! ```
//!
//! A pattern must match some line of stdout: `*` stands for any run of
//! characters (the spaces around it belong to it, so `a * b` matches
//! `a   1.5b`), a leading `^` / trailing `$` anchor the pattern to the start
//! / end of the line, everything else is literal. A `.conc` file in `scripts/` that
//! is not a demo (a helper module such as `measure.conc`) says so with a
//! `# not-a-demo: <why>` line and is skipped. A file with neither
//! declaration fails the test, so a demo cannot go unchecked.
//!
//! The demos run two at a time (CI has 2 cores), each killed and reported
//! after `common::TIMEOUT` (60 s). Set `CONC_DEMOS=substring` to run only
//! the demos whose file name contains it.

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::thread;

const QUICK_OUTPUT: &str = "# quick-output:";
const NOT_A_DEMO: &str = "# not-a-demo:";

/// How many demos run at once.
const AT_ONCE: usize = 2;

/// What a `.conc` file in `scripts/` declares about itself.
#[derive(Debug, PartialEq)]
enum Declaration {
    /// A helper module, not run.
    NotADemo,
    /// A demo with the patterns its `--quick` output must match.
    Demo(Vec<String>),
}

/// Reads the `# quick-output:` / `# not-a-demo:` lines of a script.
fn declaration(src: &str) -> Result<Declaration, String> {
    let mut patterns = Vec::new();
    let mut not_a_demo = false;
    for line in src.lines() {
        let line = line.trim_end();
        if let Some(p) = line.strip_prefix(QUICK_OUTPUT) {
            let p = p.trim();
            if p.is_empty() {
                return Err(format!("an empty `{QUICK_OUTPUT}` line"));
            }
            patterns.push(p.to_string());
        } else if line.starts_with(NOT_A_DEMO) {
            not_a_demo = true;
        }
    }
    match (not_a_demo, patterns.is_empty()) {
        (true, true) => Ok(Declaration::NotADemo),
        (true, false) => Err(format!("both `{NOT_A_DEMO}` and `{QUICK_OUTPUT}` lines")),
        (false, true) => Err(format!(
            "no `{QUICK_OUTPUT} <pattern>` line saying what its table prints \
             (or `{NOT_A_DEMO} <why>` for a helper module); see scripts/README.md"
        )),
        (false, false) => Ok(Declaration::Demo(patterns)),
    }
}

/// Does `line` match `pattern` (`*` = any characters, `^`/`$` anchors)?
fn line_matches(pattern: &str, line: &str) -> bool {
    let (at_start, p) = match pattern.strip_prefix('^') {
        Some(rest) => (true, rest),
        None => (false, pattern),
    };
    let (at_end, p) = match p.strip_suffix('$') {
        Some(rest) => (true, rest),
        None => (false, p),
    };
    let segments: Vec<&str> = p.split('*').map(str::trim).collect();
    if let [only] = segments[..] {
        return match (at_start, at_end) {
            (true, true) => line == only,
            (true, false) => line.starts_with(only),
            (false, true) => line.ends_with(only),
            (false, false) => line.contains(only),
        };
    }
    let last = segments.len() - 1;
    let mut pos = 0;
    for (i, seg) in segments.iter().enumerate() {
        if i == 0 && at_start {
            if !line.starts_with(seg) {
                return false;
            }
            pos = seg.len();
        } else if i == last && at_end {
            return line.len() >= pos + seg.len() && line.ends_with(seg);
        } else {
            match line[pos..].find(seg) {
                Some(k) => pos += k + seg.len(),
                None => return false,
            }
        }
    }
    true
}

/// Runs one demo and returns what is wrong with it, if anything.
fn check_demo(path: &Path) -> Option<String> {
    let name = common::display_path(path);
    let src = match std::fs::read_to_string(path) {
        Ok(src) => src,
        Err(e) => return Some(format!("{name}: cannot read: {e}")),
    };
    let patterns = match declaration(&src) {
        Ok(Declaration::NotADemo) => return None,
        Ok(Declaration::Demo(patterns)) => patterns,
        Err(e) => return Some(format!("{name}: {e}")),
    };
    let root = common::repo_root();
    let out = match common::run(&common::conc_bin(), &[path, Path::new("--quick")], &root) {
        Ok(out) => out,
        Err(e) => return Some(format!("{name}: {e}")),
    };
    let mut problems = Vec::new();
    if out.code != Some(0) {
        problems.push(format!("did not exit with status 0: {}", out.status()));
    }
    if out.stderr.contains("Traceback (most recent call last)") {
        problems.push("wrote a traceback to stderr".to_string());
    }
    for p in &patterns {
        if !out.stdout.lines().any(|line| line_matches(p, line)) {
            problems.push(format!("no line of stdout matches `{p}`"));
        }
    }
    if problems.is_empty() {
        return None;
    }
    Some(format!(
        "{name} --quick:\n    {}\n    stdout:\n{}    stderr:\n{}",
        problems.join("\n    "),
        common::indent(&out.stdout),
        common::indent(&out.stderr)
    ))
}

fn demo_files() -> Vec<PathBuf> {
    common::test_files(
        &common::repo_root().join("scripts"),
        "conc",
        &[],
        "CONC_DEMOS",
    )
}

#[test]
fn every_demo_prints_its_table_in_quick_mode() {
    let files = demo_files();
    assert!(!files.is_empty(), "no scripts/*.conc found");
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    thread::scope(|scope| {
        for _ in 0..AT_ONCE {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = files.get(i) else { break };
                if let Some(failure) = check_demo(path) {
                    failures
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(failure);
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap_or_else(|e| e.into_inner());
    failures.sort();
    common::finish("demos", files.len(), &failures);
}

#[test]
fn patterns_match_only_what_they_say() {
    let line = "counter += 1                 4000000      0.0%     0.0-0.0%    0.17";
    assert!(line_matches("counter += 1", line));
    assert!(line_matches("counter += 1 * 0.0% * 0.17", line));
    assert!(line_matches("^counter * %", line));
    assert!(line_matches("^counter*0.17$", line));
    assert!(line_matches("*", line));
    assert!(!line_matches("counter -= 1", line));
    assert!(!line_matches("^4000000", line));
    assert!(!line_matches("0.17 * counter", line));
    assert!(!line_matches("counter * lost", line));
    assert!(!line_matches("^counter*0.1$", line));
    assert!(line_matches("^34$", "34"));
    assert!(!line_matches("^34$", "134"));
    assert!(line_matches("counter * 0.0-0.0%", line));
    assert!(!line_matches("^a*b$", "a"));
    assert!(line_matches("^ab*b$", "abb"));
    assert!(!line_matches("^ab*b$", "ab"));
}

#[test]
fn a_script_must_declare_what_it_is() {
    assert_eq!(
        declaration("# demo\n# quick-output: a * b\nprint(1)\n"),
        Ok(Declaration::Demo(vec!["a * b".to_string()]))
    );
    assert_eq!(
        declaration("# not-a-demo: a helper\n"),
        Ok(Declaration::NotADemo)
    );
    assert!(declaration("# a demo that forgot\nprint(1)\n").is_err());
    assert!(declaration("# quick-output:   \n").is_err());
    assert!(declaration("# not-a-demo: x\n# quick-output: y\n").is_err());
}
