//! What a call across the embedding boundary costs, in nanoseconds per
//! call, next to the same calls in CPython.
//!
//! Run: `cargo run --release --example call_cost` (`-- --quick` for a
//! short run with rough figures; `CONC_BENCH_PYTHON=/path/to/python3`
//! picks the CPython, by default `python3` on `PATH`).
//!
//! Rows:
//! - Rust → script function: through [`Interpreter::call`] (each call a
//!   round trip to the interpreter's main thread), through `Bound::call`
//!   inside one `with_gil` scope (the call alone), and through an
//!   [`InterpreterHandle`] scope per call on the host's own thread
//!   (attach, call, detach);
//! - script → host function: a `register_fn` closure of two ints, called
//!   positionally and, given `Params`, by keyword;
//! - script → script function and script → builtin `len`, the in-script
//!   counterparts of the CPython rows;
//! - CPython: `python3 -m timeit` of a Python function call and of `len`.
//!
//! Script rows time `for _ in range(N): <call>` as `timeit` times its
//! statement (the loop's own cost included in both; the "empty loop" rows
//! show it). Each figure is the best of several runs.

use std::process::Command;
use std::time::{Duration, Instant};

use conc::{Config, Error, Interpreter, Params};

const SCRIPT: &str = r#"
def ident(x):
    return x

items = [1, 2, 3]
"#;

/// The best of `runs` timings of `f`, which makes `n` calls, per call.
fn best_ns(runs: usize, n: u64, mut f: impl FnMut() -> Result<(), Error>) -> Result<f64, Error> {
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let start = Instant::now();
        f()?;
        best = best.min(start.elapsed());
    }
    Ok(best.as_nanos() as f64 / n as f64)
}

/// ns per iteration of `for _ in range(n): stmt`, run in `__main__`.
fn script_loop_ns(interp: &mut Interpreter, runs: usize, n: u64, stmt: &str) -> Result<f64, Error> {
    let src = format!("for _ in range({n}):\n    {stmt}\n");
    best_ns(runs, n, || interp.run_source(&src, "loop.conc"))
}

/// CPython's `timeit` figure for `stmt` after `setup`, in ns per loop
/// (`None` if that python cannot be run).
fn cpython_ns(python: &str, setup: &str, stmt: &str, quick: bool) -> Option<f64> {
    let mut cmd = Command::new(python);
    cmd.args(["-m", "timeit", "-s", setup]);
    if quick {
        cmd.args(["-n", "100000", "-r", "3"]);
    }
    let out = cmd.arg(stmt).output().ok()?;
    if !out.status.success() {
        return None;
    }
    // "5000000 loops, best of 5: 52.3 nsec per loop"
    let text = String::from_utf8_lossy(&out.stdout);
    let tail = text.split("best of").nth(1)?.split(':').nth(1)?.trim();
    let mut words = tail.split_whitespace();
    let value: f64 = words.next()?.parse().ok()?;
    let scale = match words.next()? {
        "nsec" => 1.0,
        "usec" => 1e3,
        "msec" => 1e6,
        "sec" => 1e9,
        _ => return None,
    };
    Some(value * scale)
}

fn cpython_version(python: &str) -> Option<String> {
    let out = Command::new(python).arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (!text.is_empty()).then_some(text)
}

fn row(label: &str, ns: f64) {
    println!("  {label:<62} {ns:>9.1}");
}

fn main() -> Result<(), Error> {
    let quick = std::env::args().any(|a| a == "--quick");
    let (runs, n_api, n_script) = if quick {
        (2, 2_000, 50_000)
    } else {
        (5, 100_000, 2_000_000)
    };
    let mut interp = Interpreter::new(Config::default());
    interp.run_source(SCRIPT, "call_cost.conc")?;
    interp.register_fn("add", |a: i64, b: i64| Ok::<_, Error>(a + b))?;
    interp.register_fn(
        "add_kw",
        Params::new(["a", "b"])
            .default("b", 1)
            .bind(|a: i64, b: i64| Ok::<_, Error>(a + b)),
    )?;

    println!("Embedding call cost (ns per call, best of {runs})");
    println!("Rust -> script function `ident(x)`:");
    let api = best_ns(runs, n_api, || {
        for i in 0..n_api as i64 {
            let r: i64 = interp.call("ident", (i,))?;
            debug_assert_eq!(r, i);
        }
        Ok(())
    })?;
    row("Interpreter::call (round trip to the main thread)", api);
    let n_scope = n_api * 10;
    let scoped = best_ns(runs, n_scope, || {
        interp.with_gil(|gil| {
            let f = gil.global("ident")?;
            for i in 0..n_scope as i64 {
                let r: i64 = f.call((i,))?.extract()?;
                debug_assert_eq!(r, i);
            }
            Ok(())
        })
    })?;
    row("Bound::call inside one with_gil scope", scoped);
    let handle = interp.handle();
    let attached = std::thread::spawn(move || {
        best_ns(runs, n_api, || {
            for i in 0..n_api as i64 {
                let r: i64 = handle.with_gil(|gil| gil.global("ident")?.call((i,))?.extract())?;
                debug_assert_eq!(r, i);
            }
            Ok(())
        })
    })
    .join()
    .expect("the host thread")?;
    row(
        "InterpreterHandle::with_gil per call, on a host thread",
        attached,
    );

    println!("Script -> host function (`for _ in range(N): <call>`):");
    row(
        "add(1, 2)  (register_fn closure)",
        script_loop_ns(&mut interp, runs, n_script, "add(1, 2)")?,
    );
    row(
        "add_kw(a=1, b=2)  (with Params, by keyword)",
        script_loop_ns(&mut interp, runs, n_script, "add_kw(a=1, b=2)")?,
    );
    row(
        "add_kw(1)  (with Params, default filled)",
        script_loop_ns(&mut interp, runs, n_script, "add_kw(1)")?,
    );
    println!("Script -> script, for comparison:");
    row(
        "ident(1)",
        script_loop_ns(&mut interp, runs, n_script, "ident(1)")?,
    );
    row(
        "len(items)",
        script_loop_ns(&mut interp, runs, n_script, "len(items)")?,
    );
    row(
        "empty loop (pass)",
        script_loop_ns(&mut interp, runs, n_script, "pass")?,
    );

    let python = std::env::var("CONC_BENCH_PYTHON").unwrap_or_else(|_| "python3".into());
    match cpython_version(&python) {
        None => println!("CPython: {python} not found, no comparison"),
        Some(version) => {
            println!("{version} (python3 -m timeit):");
            let rows = [
                ("def ident(x): return x", "ident(1)", "ident(1)"),
                ("items = [1, 2, 3]", "len(items)", "len(items)"),
                ("pass", "pass", "empty loop (pass)"),
            ];
            for (setup, stmt, label) in rows {
                match cpython_ns(&python, setup, stmt, quick) {
                    Some(ns) => row(label, ns),
                    None => println!("  {label:<62} n/a"),
                }
            }
        }
    }
    Ok(())
}
