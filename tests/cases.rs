//! Runs every language test in `tests/cases/*.conc` (except helper modules
//! named `lib_*.conc`) and checks it against the directives written in the file:
//!
//! - `# expect: TEXT` — the next line of stdout is exactly `TEXT` (a bare
//!   `# expect:` is an empty line). All stdout lines must be listed, in order.
//! - `# expect error: TEXT` — the last non-empty line of stderr is `TEXT` and the
//!   exit status is 1.
//! - `# expect error prefix: TEXT` — like `expect error`, but the last line only
//!   has to start with `TEXT` (for syntax errors, whose wording is conc's own).
//! - `# expect exit: N` — the exit status is `N` (overrides the default of 0, or
//!   1 when an error is expected).
//!
//! Set `CONC_CASES=substring` to run only the cases whose file name contains it.
//! All failures are collected into one report.

mod common;

use std::path::Path;

#[derive(Debug, Default)]
struct Expectations {
    stdout: Vec<String>,
    error: Option<ErrorLine>,
    exit: Option<i32>,
}

#[derive(Debug)]
enum ErrorLine {
    Exact(String),
    Prefix(String),
}

impl Expectations {
    fn exit_code(&self) -> i32 {
        self.exit
            .unwrap_or(if self.error.is_some() { 1 } else { 0 })
    }
}

fn directive<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let rest = line.strip_prefix(name)?;
    if rest.is_empty() {
        Some(rest)
    } else {
        rest.strip_prefix(' ')
    }
}

fn parse(source: &str) -> Result<Expectations, String> {
    let mut exp = Expectations::default();
    for (n, raw) in source.lines().enumerate() {
        let line = raw.trim_start();
        if !line.starts_with("# expect") {
            continue;
        }
        let lineno = n + 1;
        if let Some(text) = directive(line, "# expect:") {
            exp.stdout.push(text.to_string());
        } else if let Some(text) = directive(line, "# expect error prefix:") {
            set_error(&mut exp, ErrorLine::Prefix(text.trim().to_string()), lineno)?;
        } else if let Some(text) = directive(line, "# expect error:") {
            set_error(&mut exp, ErrorLine::Exact(text.trim().to_string()), lineno)?;
        } else if let Some(text) = directive(line, "# expect exit:") {
            let code = text
                .trim()
                .parse()
                .map_err(|_| format!("line {lineno}: bad exit status {text:?}"))?;
            if exp.exit.replace(code).is_some() {
                return Err(format!("line {lineno}: more than one `# expect exit:`"));
            }
        } else {
            return Err(format!("line {lineno}: unknown directive {line:?}"));
        }
    }
    Ok(exp)
}

fn set_error(exp: &mut Expectations, error: ErrorLine, lineno: usize) -> Result<(), String> {
    if exp.error.replace(error).is_some() {
        return Err(format!(
            "line {lineno}: more than one `# expect error` directive"
        ));
    }
    Ok(())
}

/// Checks one case; `None` means it passed, otherwise a failure report.
fn check(path: &Path) -> Option<String> {
    let name = common::display_path(path);
    let source = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) => return Some(format!("{name}: cannot read: {e}\n")),
    };
    let exp = match parse(&source) {
        Ok(exp) => exp,
        Err(e) => return Some(format!("{name}: bad directive: {e}\n")),
    };
    let out = match common::run(&common::conc_bin(), &[path], &common::repo_root()) {
        Ok(out) => out,
        Err(e) => return Some(format!("{name}: {e}\n")),
    };

    let mut problems = Vec::new();
    let actual: Vec<&str> = out.stdout.lines().collect();
    if actual != exp.stdout {
        let first_diff = actual
            .iter()
            .zip(&exp.stdout)
            .position(|(a, e)| a != e)
            .unwrap_or(actual.len().min(exp.stdout.len()));
        problems.push(format!(
            "stdout differs from line {} on\n    expected stdout:\n{}    actual stdout:\n{}",
            first_diff + 1,
            common::indent(&exp.stdout.join("\n")),
            common::indent(&out.stdout)
        ));
    }
    if out.code != Some(exp.exit_code()) {
        problems.push(format!(
            "expected exit status {}, got {}",
            exp.exit_code(),
            out.status()
        ));
    }
    if let Some(error) = &exp.error {
        let last = out
            .stderr
            .lines()
            .rev()
            .map(str::trim_end)
            .find(|l| !l.is_empty())
            .unwrap_or("");
        let (ok, wanted) = match error {
            ErrorLine::Exact(text) => (last == text, format!("{text:?}")),
            ErrorLine::Prefix(text) => (
                last.starts_with(text.as_str()),
                format!("a line starting with {text:?}"),
            ),
        };
        if !ok {
            problems.push(format!(
                "expected the last line of stderr to be {wanted}, got {last:?}"
            ));
        }
    }
    if problems.is_empty() {
        return None;
    }
    let mut report = format!("FAIL {name}\n");
    for p in problems {
        report.push_str(&format!("  - {p}\n"));
    }
    if !out.stderr.is_empty() {
        report.push_str(&format!("  stderr:\n{}", common::indent(&out.stderr)));
    }
    Some(report)
}

#[test]
fn cases() {
    let dir = common::repo_root().join("tests").join("cases");
    let files = common::test_files(&dir, "conc", &["lib_"], "CONC_CASES");
    assert!(
        !files.is_empty(),
        "no cases found in {} (is CONC_CASES too narrow?)",
        dir.display()
    );
    let failures: Vec<String> = common::parallel_map(&files, |p| check(p))
        .into_iter()
        .flatten()
        .collect();
    common::finish("cases", files.len(), &failures);
}
