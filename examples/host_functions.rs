//! Host functions: Rust closures that scripts call, one counting calls in
//! host state, two that block for a while — one releasing the GIL so the
//! script's other threads keep running, one holding it so they stop.
//!
//! Run: `cargo run --release --example host_functions`
//!
//! The script runs a ticker thread (a loop counting as fast as it can) and
//! has its main thread call each blocking host function. The ticks counted
//! during each call show what the ticker could do meanwhile: many while the
//! GIL was released, next to none while it was held.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use conc::{Config, Error, Gil, Interpreter};

const SCRIPT: &str = r#"
import threading
import host

for word in ["alpha", "beta", "gamma"]:
    host.record(len(word))

ticks = 0
stop = False

def ticker():
    global ticks
    while not stop:
        ticks += 1

t = threading.Thread(target=ticker)
t.start()
while ticks == 0:
    pass

before = ticks
fetched = host.fetch(BLOCK_MS)
ticks_released = ticks - before

before = ticks
host.fetch_holding_gil(BLOCK_MS)
ticks_held = ticks - before

stop = True
t.join(timeout=10)
print(f"script: fetch returned {fetched!r}")
"#;

fn main() -> Result<(), Error> {
    let mut interp = Interpreter::new(Config::default());
    conc::stdlib::install(&mut interp);

    // Host state the closures share with the host: an atomic counter.
    let calls = Arc::new(AtomicU64::new(0));
    let total = Arc::new(AtomicU64::new(0));
    let (calls_in_fn, total_in_fn) = (calls.clone(), total.clone());

    interp.register_module("host", move |m| {
        // A closure capturing host state; its argument is bound by type.
        m.add_fn("record", move |amount: u64| {
            calls_in_fn.fetch_add(1, Ordering::SeqCst);
            Ok::<_, Error>(total_in_fn.fetch_add(amount, Ordering::SeqCst) + amount)
        });
        // Blocking work with the GIL released: the token parameter gives
        // access to allow_threads, whose closure is `Send` and so cannot
        // take the token or a conc value in.
        m.add_fn_with_gil("fetch", |gil: Gil<'_>, ms: u64| {
            let answer = gil.allow_threads(move || {
                std::thread::sleep(Duration::from_millis(ms));
                format!("payload after {ms} ms")
            });
            Ok::<_, Error>(answer)
        });
        // The same wait holding the GIL: every script thread stops.
        m.add_fn("fetch_holding_gil", |ms: u64| {
            std::thread::sleep(Duration::from_millis(ms));
            Ok::<_, Error>(())
        });
        Ok(())
    })?;

    interp.set_global("BLOCK_MS", 200)?;
    interp.run_source(SCRIPT, "host_functions.conc")?;

    println!(
        "host: record() was called {} times, total {}",
        calls.load(Ordering::SeqCst),
        total.load(Ordering::SeqCst)
    );
    let released: u64 = interp.get_global("ticks_released")?;
    let held: u64 = interp.get_global("ticks_held")?;
    println!("ticker ticks while fetch() slept with the GIL released: {released}");
    println!("ticker ticks while fetch_holding_gil() slept holding it: {held}");
    println!(
        "the GIL was released around the blocking call: {}",
        released > held
    );
    Ok(())
}
