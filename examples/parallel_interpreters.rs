//! Two interpreters in one process, each with its own GIL, running the
//! same CPU-bound script on two host threads at once — against the same
//! two runs one after the other.
//!
//! Run: `cargo run --release --example parallel_interpreters`
//!
//! Threads inside one interpreter share its GIL, so CPU-bound script
//! threads take turns. Separate interpreters share no GIL and no objects:
//! given two free cores, the two runs overlap and the pair finishes in
//! about the time of one. The speedup printed is measured, not promised
//! (another busy program on the machine lowers it).

use std::time::{Duration, Instant};

use conc::{Config, Error, Interpreter};

/// CPU-bound work with no I/O: a prime count by trial division.
const SCRIPT: &str = r#"
def count_primes(limit):
    found = 0
    for n in range(2, limit):
        d = 2
        while d * d <= n:
            if n % d == 0:
                break
            d += 1
        else:
            found += 1
    return found
"#;

/// How far each run counts.
const LIMIT: i64 = 60_000;

/// A fresh interpreter with the script loaded.
fn interpreter() -> Result<Interpreter, Error> {
    let mut interp = Interpreter::new(Config::default());
    interp.run_source(SCRIPT, "primes.conc")?;
    Ok(interp)
}

/// One run of the script in `interp`: its answer and how long it took.
fn run(interp: &mut Interpreter) -> Result<(i64, Duration), Error> {
    let start = Instant::now();
    let primes = interp.call::<i64>("count_primes", (LIMIT,))?;
    Ok((primes, start.elapsed()))
}

fn main() -> Result<(), Error> {
    let mut first = interpreter()?;
    let mut second = interpreter()?;
    println!(
        "interpreters {} and {}, each with its own GIL",
        first.id(),
        second.id()
    );
    // Warm both up once (first-use allocations), untimed.
    interpreter()?.call::<i64>("count_primes", (1_000,))?;

    // One after the other, on this thread.
    let start = Instant::now();
    let (a, _) = run(&mut first)?;
    let (b, _) = run(&mut second)?;
    let sequential = start.elapsed();
    assert_eq!(a, b, "both interpreters run the same script");

    // At the same time, each on its own host thread.
    let start = Instant::now();
    let (ra, rb) = std::thread::scope(|s| {
        let ta = s.spawn(|| run(&mut first));
        let tb = s.spawn(|| run(&mut second));
        (ta.join(), tb.join())
    });
    let parallel = start.elapsed();
    let (pa, ta) = ra.expect("first thread")?;
    let (pb, tb) = rb.expect("second thread")?;
    assert_eq!((pa, pb), (a, b), "the parallel runs give the same answer");

    println!("primes below {LIMIT}: {a}");
    println!("sequential: {:.3} s", sequential.as_secs_f64());
    println!(
        "parallel: {:.3} s (runs of {:.3} s and {:.3} s)",
        parallel.as_secs_f64(),
        ta.as_secs_f64(),
        tb.as_secs_f64()
    );
    println!(
        "speedup: {:.2}",
        sequential.as_secs_f64() / parallel.as_secs_f64()
    );
    Ok(())
}
