//! Time-boxed fuzzing on the stable toolchain.
//!
//! - `frontend`: the lexer, parser and compiler, in this process, on random
//!   bytes, token soups and mutated valid programs (`common::generate`,
//!   shared with `tests/robustness.rs`). A panic is a failure; so is a
//!   compiler panic on any program the parser accepts.
//! - `vm`: generated programs of hostile calls to builtins, methods and
//!   stdlib functions (`common::hostile`), each run by the conc binary
//!   with a time limit and a capped address space. Every call is wrapped in
//!   `try`, so the program must end normally; a signal, a Rust panic, a
//!   stack overflow or a timeout is a failure, reduced to the single call
//!   that causes it when one does alone.
//!
//! Each target runs for `CONC_FUZZ_SECS` seconds (default 20), from seed
//! `CONC_FUZZ_SEED`; iteration `i` uses seed `CONC_FUZZ_SEED + i`, printed
//! with every failure, so `CONC_FUZZ_SEED=<that seed>` replays it first.
//! tests/fuzz/README.md records longer runs.

mod common;

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::generate::{mutated, random_bytes, seeds, token_soup, truncated, Rng};
use common::hostile;

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// How long each target runs.
fn budget() -> Duration {
    Duration::from_secs(env_num("CONC_FUZZ_SECS", 20))
}

fn base_seed() -> u64 {
    env_num("CONC_FUZZ_SEED", 0xf022_c0c0)
}

// ----- frontend: lexer, parser, compiler -------------------------------------

/// Parses and compiles one input; `Err` describes a panic.
fn frontend_one(input: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(input).into_owned();
    let parsed = catch_unwind(AssertUnwindSafe(|| conc::grammar::parse_module(&text)))
        .map_err(|p| format!("parser panicked: {}", panic_text(p.as_ref())))?;
    if let Ok(module) = parsed {
        catch_unwind(AssertUnwindSafe(|| {
            let mode = conc::interp::compile::Mode::Exec;
            let _ = conc::interp::compile::compile_module(&module, "<fuzz>", mode);
        }))
        .map_err(|p| format!("compiler panicked: {}", panic_text(p.as_ref())))?;
    }
    Ok(())
}

fn panic_text(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "?".into())
}

#[test]
fn fuzz_frontend() {
    // A large stack, as the binary's main thread has: deep nesting must be
    // a SyntaxError or RecursionError, and that is checked here too.
    let handle = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(frontend_loop)
        .unwrap();
    let (runs, failures) = handle.join().expect("the fuzz loop itself");
    println!("fuzz_frontend: {runs} inputs, {} failures", failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn frontend_loop() -> (u64, Vec<String>) {
    // The panics are expected to be reported here, not printed.
    std::panic::set_hook(Box::new(|_| {}));
    let seeds = seeds();
    let stop = Instant::now() + budget();
    let mut failures = Vec::new();
    let mut runs = 0u64;
    while Instant::now() < stop && failures.len() < 10 {
        let seed = base_seed().wrapping_add(runs);
        let mut rng = Rng(seed | 1);
        let input = match rng.below(6) {
            0 => random_bytes(&mut rng),
            1 => token_soup(&mut rng),
            2 => {
                let s = rng.below(seeds.len());
                truncated(&mut rng, &seeds[s])
            }
            _ => {
                let s = rng.below(seeds.len());
                mutated(&mut rng, &seeds[s])
            }
        };
        if let Err(why) = frontend_one(&input) {
            failures.push(format!(
                "iteration seed {seed:#x}: {why}\n    input: {:?}",
                String::from_utf8_lossy(&input)
            ));
        }
        runs += 1;
    }
    let _ = std::panic::take_hook();
    (runs, failures)
}

// ----- vm: hostile calls run by the binary ------------------------------------

/// Calls per program: enough to amortise the prelude (deep structures are
/// built once per program), few enough that a failure is quick to reduce.
const CALLS_PER_PROGRAM: usize = 40;

/// A program takes well under a second; this is for a loaded machine.
const PROGRAM_LIMIT: Duration = Duration::from_secs(20);

/// The address-space cap (KiB): a size a call must refuse at once fails
/// here instead of filling the machine's memory.
const ADDRESS_SPACE_KIB: u64 = 4 * 1024 * 1024;

/// What stderr holds when Rust, not the script, stopped the program.
const RUST_FAILURE_MARKS: &[&str] = &["panicked at", "RUST_BACKTRACE", "has overflowed its stack"];

/// Runs `src` in the conc binary (address space capped, time limited).
fn run_conc(name: &str, src: &str) -> common::Output {
    let path = common::script("fuzz-vm", name, src);
    let limit_then_exec = format!("ulimit -v {ADDRESS_SPACE_KIB}; exec \"$0\" \"$@\"");
    let conc = common::conc_bin();
    let argv: Vec<&std::ffi::OsStr> = vec![
        "-c".as_ref(),
        limit_then_exec.as_ref(),
        conc.as_os_str(),
        path.as_os_str(),
    ];
    let opts = common::RunOptions {
        timeout: PROGRAM_LIMIT,
        ..common::RunOptions::default()
    };
    let out = common::run_with(std::path::Path::new("sh"), &argv, &opts).expect("run conc");
    let _ = std::fs::remove_file(&path);
    out
}

/// `Err` says how a run that should have ended normally did not.
fn vm_verdict(out: &common::Output) -> Result<(), String> {
    let mark = RUST_FAILURE_MARKS.iter().find(|m| out.stderr.contains(*m));
    let finished = out.code == Some(0) && out.stdout.ends_with("done\n");
    match mark {
        Some(mark) => Err(format!("Rust failure ({mark:?}), {}", out.status())),
        None if finished => Ok(()),
        None => Err(format!("did not finish: {}", out.status())),
    }
}

/// The first single call of `program` that fails on its own, if any.
fn reduce(program: &hostile::Program, seed: u64) -> Option<(String, String)> {
    program.calls.iter().enumerate().find_map(|(i, call)| {
        let out = run_conc(&format!("vm-{seed:x}-{i}.py"), &hostile::single(call));
        vm_verdict(&out).err().map(|why| {
            (
                call.clone(),
                format!("{why}\n{}", common::indent(tail(&out.stderr))),
            )
        })
    })
}

/// The end of a long stderr (a traceback's last lines say the most).
fn tail(text: &str) -> &str {
    let start = text.len().saturating_sub(1500);
    let start = (start..text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    &text[start..]
}

/// The generator for one program: seeds that differ in one bit give
/// unrelated streams (xorshift needs an odd, well-mixed state).
fn vm_rng(seed: u64) -> Rng {
    Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
}

/// Saves a failing program where it can be rerun by hand; says where.
fn keep(seed: u64, src: &str) -> String {
    let dir = std::env::temp_dir().join("conc-fuzz-vm");
    let path = dir.join(format!("{seed:#x}.py"));
    match std::fs::create_dir_all(&dir).and_then(|_| std::fs::write(&path, src)) {
        Ok(()) => format!("saved as {}", path.display()),
        Err(e) => format!("not saved: {e}"),
    }
}

#[test]
fn fuzz_vm() {
    let stop = Instant::now() + budget();
    let started = Instant::now();
    let next = AtomicU64::new(0);
    let calls = AtomicU64::new(0);
    let failures = Mutex::new(Vec::<String>::new());
    let outcomes = Mutex::new(BTreeMap::<String, u64>::new());
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(1, 2);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while Instant::now() < stop && failures.lock().unwrap().len() < 5 {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let seed = base_seed().wrapping_add(i);
                    let program = hostile::program(&mut vm_rng(seed), CALLS_PER_PROGRAM);
                    let out = run_conc(&format!("vm-{seed:x}.py"), &program.source);
                    calls.fetch_add(program.calls.len() as u64, Ordering::Relaxed);
                    tally(&out.stdout, &mut outcomes.lock().unwrap());
                    let Err(why) = vm_verdict(&out) else { continue };
                    let kept = keep(seed, &program.source);
                    let report = match reduce(&program, seed) {
                        Some((call, alone)) => format!(
                            "program seed {seed:#x} ({kept}): {why}; this call alone: {alone}    {}",
                            call.replace('\n', "\n    ")
                        ),
                        None => format!(
                            "program seed {seed:#x} ({kept}): {why}, no single call fails alone\n{}",
                            common::indent(tail(&out.stderr))
                        ),
                    };
                    failures.lock().unwrap().push(report);
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    println!(
        "fuzz_vm: {} programs, {} calls in {:.0?}, {} failures",
        next.load(Ordering::Relaxed),
        calls.load(Ordering::Relaxed),
        started.elapsed(),
        failures.len()
    );
    // What the calls did: a fuzzer whose calls all raise TypeError tests little.
    let mut outcomes: Vec<(String, u64)> = outcomes.into_inner().unwrap().into_iter().collect();
    outcomes.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let shown: Vec<String> = outcomes
        .iter()
        .take(12)
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    println!("fuzz_vm outcomes: {}", shown.join(", "));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Counts the calls of one run by outcome: `returned`, or the exception's name.
fn tally(stdout: &str, counts: &mut BTreeMap<String, u64>) {
    for line in stdout.lines() {
        let key = match line.split_whitespace().collect::<Vec<_>>()[..] {
            ["=", ..] => "returned".to_string(),
            ["!", name] => name.to_string(),
            _ => continue,
        };
        *counts.entry(key).or_default() += 1;
    }
}
