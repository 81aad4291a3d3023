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

use std::fs::File;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// xorshift64* — small, deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// Tokens (and small fragments) that token soups and mutations are made of.
const TOKENS: &[&str] = &[
    "def",
    "class",
    "return",
    "yield",
    "yield from",
    "lambda",
    "if",
    "elif",
    "else",
    "while",
    "for",
    "in",
    "not",
    "and",
    "or",
    "is",
    "try",
    "except",
    "finally",
    "raise",
    "from",
    "with",
    "as",
    "import",
    "global",
    "nonlocal",
    "del",
    "pass",
    "break",
    "continue",
    "assert",
    "None",
    "True",
    "False",
    "async",
    "await",
    "x",
    "y",
    "f",
    "self",
    "__init__",
    "__repr__",
    "print",
    "len",
    "range",
    "list",
    "dict",
    "super",
    "0",
    "1",
    "-1",
    "10**20",
    "1.5",
    "1e308",
    "0x10",
    "'s'",
    "\"t\"",
    "b'b'",
    "f'{x}'",
    "f'{",
    "'''",
    "\"\"\"",
    "'",
    "\\",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ";",
    ",",
    ".",
    "...",
    "=",
    "==",
    "!=",
    "<",
    ">",
    "<=",
    ">=",
    "+",
    "-",
    "*",
    "**",
    "/",
    "//",
    "%",
    "@",
    "&",
    "|",
    "^",
    "~",
    "<<",
    ">>",
    "+=",
    "-=",
    "*=",
    "->",
    ":=",
    "*args",
    "**kw",
    "\n",
    "\n",
    "\n    ",
    "\n        ",
    "\t",
    " ",
    "#",
    "0b",
    "0o",
    "1_000",
    "1j",
    "'\\x'",
    "'\\N{'",
    "%s",
    "{}",
    "[::-1]",
    "[1:2:0]",
];

/// The valid programs that truncations and mutations start from.
fn seeds() -> Vec<Vec<u8>> {
    let root = common::repo_root();
    let mut out = Vec::new();
    for (dir, ext) in [("tests/cases", "conc"), ("tests/compat", "py")] {
        for path in common::test_files(&root.join(dir), ext, &[], "CONC_ROBUST_NONE_FILTER") {
            out.push(std::fs::read(&path).expect("readable test program"));
        }
    }
    assert!(!out.is_empty(), "no seed programs found");
    out
}

fn random_bytes(rng: &mut Rng) -> Vec<u8> {
    let n = rng.below(200);
    (0..n)
        .map(|_| {
            // Mostly printable ASCII, so the lexer gets past the first byte.
            if rng.below(4) == 0 {
                rng.next() as u8
            } else {
                32 + rng.below(95) as u8
            }
        })
        .collect()
}

fn token_soup(rng: &mut Rng) -> Vec<u8> {
    let n = 1 + rng.below(60);
    let mut s = String::new();
    for _ in 0..n {
        s.push_str(rng.pick(TOKENS));
        if rng.below(3) != 0 {
            s.push(' ');
        }
    }
    s.into_bytes()
}

fn truncated(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    seed[..rng.below(seed.len() + 1)].to_vec()
}

fn mutated(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut s = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(s.len() + 1);
        match rng.below(6) {
            0 if at < s.len() => {
                s.remove(at);
            }
            1 => {
                let tok = rng.pick(TOKENS).as_bytes();
                s.splice(at..at, tok.iter().copied());
            }
            2 if at < s.len() => {
                s[at] = rng.pick(b"()[]{}:,.=+-*/%'\"\\#\n \t0123456789xyz_");
            }
            3 => {
                // Duplicate a random line somewhere else.
                let text = String::from_utf8_lossy(&s).into_owned();
                let lines: Vec<&str> = text.lines().collect();
                if !lines.is_empty() {
                    let line = format!("{}\n", rng.pick(&lines));
                    let at = s
                        .iter()
                        .take(at)
                        .rposition(|&b| b == b'\n')
                        .map_or(0, |p| p + 1);
                    s.splice(at..at, line.bytes());
                }
            }
            4 if at < s.len() => {
                // Delete a run of bytes.
                let end = (at + 1 + rng.below(40)).min(s.len());
                s.drain(at..end);
            }
            _ => {
                let tok = rng.pick(TOKENS).as_bytes();
                let end = (at + tok.len()).min(s.len());
                s.splice(at..end, tok.iter().copied());
            }
        }
    }
    s
}

fn inputs(n: usize, seed: u64) -> Vec<Vec<u8>> {
    let seeds = seeds();
    let mut rng = Rng(seed | 1);
    (0..n)
        .map(|i| match i % 8 {
            0 => random_bytes(&mut rng),
            1 | 2 => token_soup(&mut rng),
            3 | 4 => {
                let s = rng.below(seeds.len());
                truncated(&mut rng, &seeds[s])
            }
            _ => {
                let s = rng.below(seeds.len());
                mutated(&mut rng, &seeds[s])
            }
        })
        .collect()
}

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
