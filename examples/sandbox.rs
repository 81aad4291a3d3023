//! Running untrusted scripts: an operation budget, a memory cap, a module
//! allow-list without file access, and a watchdog that terminates a
//! script that catches everything. Each section prints what the host saw.
//!
//! Run: `cargo run --release --example sandbox`

use std::time::Duration;

use conc::interp::sync::CountingAllocator;
use conc::Termination;
use conc::{Config, Error, Interpreter};

/// Counts the heap, so the memory cap sees a script's growth too, not
/// only single allocations sized by its numbers.
#[global_allocator]
static HEAP: CountingAllocator = CountingAllocator::new(std::alloc::System);

fn interpreter(config: Config) -> Interpreter {
    let mut interp = Interpreter::new(config);
    conc::stdlib::install(&mut interp);
    interp
}

/// How a run ended, for the report.
fn outcome(result: Result<(), Error>) -> String {
    match result {
        Ok(()) => "finished".to_string(),
        Err(err) => match err.termination() {
            Some(why) => format!("stopped by the host ({why:?}): {err}"),
            None => format!("raised {err}"),
        },
    }
}

/// A loop that swallows every exception it can see.
const STUBBORN: &str = "\
n = 0
while True:
    try:
        n += 1
    except BaseException:
        pass
";

fn main() -> Result<(), Error> {
    // 1. An operation budget: loop iterations and calls per run.
    let mut interp = interpreter(Config::default().max_operations(100_000));
    let r = interp.run_source(STUBBORN, "stubborn.conc").map(drop);
    println!("budget: {}", outcome(r));
    let n: i64 = interp.get_global("n")?;
    println!("budget: iterations before the stop: {n}");
    let total: i64 = interp.eval("sum(range(1000))")?;
    println!("budget: the next run has the whole budget again: sum = {total}");

    // 2. A memory cap: one allocation above it is a MemoryError the script
    // may handle; growing the heap past it ends the run.
    let mut interp = interpreter(Config::default().memory_limit(64 << 20));
    let handled = "\
try:
    buf = bytearray(10 ** 9)
except MemoryError:
    buf = bytearray(1024)
";
    let r = interp.run_source(handled, "alloc.conc").map(drop);
    println!("memory: bytearray(10 ** 9): {}", outcome(r));
    println!(
        "memory: the script fell back to {} bytes",
        interp.eval::<usize>("len(buf)")?
    );
    let hoard = "hoard = []\nwhile True:\n    hoard.append('x' * 100000)\n";
    let r = interp.run_source(hoard, "hoard.conc").map(drop);
    println!("memory: hoarding strings: {}", outcome(r));
    println!(
        "memory: strings kept: {}",
        interp.eval::<usize>("len(hoard)")?
    );
    interp.run_source("del hoard\n", "free.conc")?;

    // 3. An allow-list: only `math` and `json` (and what the host makes),
    // and no files.
    let mut interp = interpreter(
        Config::default()
            .allow_only_modules(["math", "json", "re"])
            .file_access(false),
    );
    for src in [
        "import math\nprint('sandboxed: sqrt(2) =', round(math.sqrt(2), 4))\n",
        "import json\nprint('sandboxed json:', json.dumps({'ok': True}))\n",
        "import os\n",
        "import subprocess\n",
        "import socket\n",
        "open('/etc/passwd')\n",
    ] {
        let first_line = src.lines().next().unwrap_or_default();
        let r = interp.run_source(src, "policy.conc").map(drop);
        println!("allow-list: {first_line}: {}", outcome(r));
    }

    // 4. A watchdog thread terminates a script that catches everything,
    // KeyboardInterrupt included.
    let mut interp = interpreter(Config::default());
    let handle = interp.interrupt_handle();
    let watchdog = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(200));
        handle.terminate();
    });
    let r = interp.run_source(STUBBORN, "stubborn.conc").map(drop);
    watchdog.join().expect("the watchdog thread");
    let stopped = matches!(&r, Err(e) if e.termination() == Some(Termination::Terminated));
    println!("interrupt: {}", outcome(r));
    println!("interrupt: terminated = {stopped}");
    println!(
        "interrupt: the interpreter still answers: 6 * 7 = {}",
        interp.eval::<i64>("6 * 7")?
    );
    Ok(())
}
