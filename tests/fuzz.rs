//! Time-boxed fuzzing on the stable toolchain. `frontend`: the lexer,
//! parser and compiler, in this process, on random bytes, token soups and
//! mutated valid programs (`common::generate`, shared with
//! `tests/robustness.rs`). A panic is a failure; so is a compiler panic on
//! any program the parser accepts.
//!
//! The target runs for `CONC_FUZZ_SECS` seconds (default 20), from seed
//! `CONC_FUZZ_SEED`; every iteration's seed is derived from it, so a
//! failure reproduces.
//! tests/fuzz/README.md records longer runs.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use common::generate::{mutated, random_bytes, seeds, token_soup, truncated, Rng};

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
