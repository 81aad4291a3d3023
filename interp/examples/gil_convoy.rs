//! The convoy effect (CPython issue bpo-7946), measured on conc's GIL.
//!
//! An "I/O" thread does ROUNDS x (release the GIL, sleep 0.5 ms, reacquire,
//! a little work), first alone, then beside a CPU-bound thread that spins
//! while polling the eval breaker as the VM's eval loop does on backward
//! jumps. Printed: both times, the slowdown, the delay of each reacquire
//! (median and p99), the kind of requests made, and the CPU thread's share of
//! the run — with the priority-reacquire policy on (conc's default) and off
//! (CPython's behaviour).
//!
//!     cargo run --release -p conc-interp --example gil_convoy
//!     ... -- --rounds 500 --sleep-us 200 --interval-us 5000 --repeat 5
//!     ... -- --policy on|off|both

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use conc_interp::gil::{format_stats_table, Gil, GilConfig, ThreadStats};

struct Options {
    rounds: u32,
    sleep: Duration,
    interval: Duration,
    repeat: usize,
    policies: Vec<bool>,
    show_stats: bool,
}

fn parse_args() -> Options {
    let mut o = Options {
        rounds: 200,
        sleep: Duration::from_micros(500),
        interval: Duration::from_millis(5),
        repeat: 3,
        policies: vec![true, false],
        show_stats: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut num = |what: &str| -> u64 {
            args.next().and_then(|v| v.parse().ok()).unwrap_or_else(|| {
                eprintln!("{a} needs a number ({what})");
                std::process::exit(2)
            })
        };
        match a.as_str() {
            "--rounds" => o.rounds = num("round trips") as u32,
            "--sleep-us" => o.sleep = Duration::from_micros(num("microseconds")),
            "--interval-us" => o.interval = Duration::from_micros(num("microseconds")),
            "--repeat" => o.repeat = num("runs per case").max(1) as usize,
            "--stats" => o.show_stats = true,
            "--policy" => {
                o.policies = match args.next().as_deref() {
                    Some("on") => vec![true],
                    Some("off") => vec![false],
                    Some("both") => vec![true, false],
                    _ => {
                        eprintln!("--policy takes on, off or both");
                        std::process::exit(2)
                    }
                }
            }
            _ => {
                eprintln!(
                    "usage: gil_convoy [--rounds N] [--sleep-us US] [--interval-us US] \
                     [--repeat N] [--policy on|off|both] [--stats]"
                );
                std::process::exit(2)
            }
        }
    }
    o
}

struct Run {
    elapsed: Duration,
    /// Delay of each reacquire (from the end of the sleep to holding the GIL).
    delays: Vec<Duration>,
    stats: Vec<ThreadStats>,
}

/// One measurement: the I/O loop, beside a spinner or not.
fn run(o: &Options, priority: bool, with_spinner: bool) -> Run {
    let gil = Arc::new(Gil::new(GilConfig {
        switch_interval: o.interval,
        priority_reacquire: priority,
        ..GilConfig::default()
    }));
    // The I/O thread takes the GIL first; the spinner queues behind it and
    // gets it at the first release (so no interval-long initial wait is
    // counted against the I/O thread).
    let io = gil.register_thread("io");
    gil.take_gil(&io);
    let stop = Arc::new(AtomicBool::new(false));
    let spinner = with_spinner.then(|| {
        let (g, stop) = (gil.clone(), stop.clone());
        let h = thread::spawn(move || {
            let gil = g;
            let t = gil.register_thread("cpu");
            gil.take_gil(&t);
            let mut x = 0u64;
            while !stop.load(Ordering::Relaxed) {
                // A loop body of a few dozen "instructions", then a backward
                // jump where the VM polls the eval breaker.
                for i in 0..50u64 {
                    x = x.wrapping_mul(6364136223846793005).wrapping_add(i);
                }
                gil.poll(&t);
            }
            std::hint::black_box(x);
            gil.unregister_thread(t);
        });
        // Wait until the spinner is queued for the GIL.
        while gil.stats().len() < 2 {
            thread::yield_now();
        }
        thread::sleep(Duration::from_millis(1));
        h
    });

    let mut delays = Vec::with_capacity(o.rounds as usize);
    let mut work = 0u64;
    let start = Instant::now();
    for i in 0..o.rounds {
        gil.release_for_blocking(&io);
        thread::sleep(o.sleep);
        let back = Instant::now();
        gil.reacquire_after_blocking(&io);
        delays.push(back.elapsed());
        // A little interpreter work with the GIL held, with a poll point.
        for j in 0..200u64 {
            work = work.wrapping_add(j ^ u64::from(i));
        }
        gil.poll(&io);
    }
    let elapsed = start.elapsed();
    std::hint::black_box(work);
    gil.unregister_thread(io);
    stop.store(true, Ordering::Relaxed);
    if let Some(h) = spinner {
        h.join().expect("spinner thread");
    }
    Run {
        elapsed,
        delays,
        stats: gil.stats(),
    }
}

fn median_run(o: &Options, priority: bool, with_spinner: bool) -> Run {
    let mut runs: Vec<Run> = (0..o.repeat)
        .map(|_| run(o, priority, with_spinner))
        .collect();
    runs.sort_by_key(|r| r.elapsed);
    runs.swap_remove(runs.len() / 2)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn main() {
    let o = parse_args();
    println!(
        "GIL convoy effect: an I/O thread doing {} x (release, sleep {} us, reacquire, tiny work),",
        o.rounds,
        o.sleep.as_micros()
    );
    println!(
        "alone and beside a CPU-bound thread; switch interval {} us; median of {} runs.\n",
        o.interval.as_micros(),
        o.repeat
    );
    let headers = [
        "priority reacquire",
        "alone ms",
        "beside CPU ms",
        "slowdown",
        "reacquire p50 us",
        "p99 us",
        "I/O GIL wait ms",
        "priority req",
        "interval req",
        "CPU thread share",
    ];
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut tables = Vec::new();
    for &priority in &o.policies {
        let alone = median_run(&o, priority, false);
        let beside = median_run(&o, priority, true);
        let mut delays = beside.delays.clone();
        delays.sort();
        let io = beside
            .stats
            .iter()
            .find(|s| s.name == "io")
            .cloned()
            .unwrap_or_default();
        let cpu = beside
            .stats
            .iter()
            .find(|s| s.name == "cpu")
            .cloned()
            .unwrap_or_default();
        let cpu_share = ms(cpu.holding) / ms(cpu.holding + cpu.waiting + cpu.blocked).max(1e-9);
        rows.push(vec![
            if priority { "on" } else { "off" }.to_string(),
            format!("{:.1}", ms(alone.elapsed)),
            format!("{:.1}", ms(beside.elapsed)),
            format!(
                "x{:.2}",
                beside.elapsed.as_secs_f64() / alone.elapsed.as_secs_f64()
            ),
            format!("{:.0}", us(percentile(&delays, 0.5))),
            format!("{:.0}", us(percentile(&delays, 0.99))),
            format!("{:.1}", ms(io.waiting)),
            io.priority_requests.to_string(),
            io.drop_requests.to_string(),
            format!("{:.0}%", cpu_share * 100.0),
        ]);
        tables.push((priority, beside.stats));
    }
    let widths: Vec<usize> = (0..headers.len())
        .map(|c| {
            rows.iter()
                .map(|r| r[c].len())
                .chain([headers[c].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| {
        let mut s = String::new();
        for (c, cell) in cells.iter().enumerate() {
            if c == 0 {
                s += &format!("{cell:<w$}", w = widths[c]);
            } else {
                s += &format!("  {cell:>w$}", w = widths[c]);
            }
        }
        println!("{s}");
    };
    line(&headers.map(String::from));
    line(&widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>());
    for r in &rows {
        line(r);
    }
    println!(
        "\n(\"I/O GIL wait\": the I/O thread's total time waiting for the GIL beside the CPU\n \
         thread; the rest of any slowdown is its sleeps overshooting on a busy machine.\n \
         \"CPU thread share\": the fraction of the run the spinning thread held the GIL;\n \
         the I/O thread needs it only for its tiny work between sleeps.)"
    );
    if o.show_stats {
        for (priority, stats) in tables {
            println!(
                "\nGIL stats beside the CPU thread, priority reacquire {}:",
                if priority { "on" } else { "off" }
            );
            print!("{}", format_stats_table(&stats, true));
        }
    }
}
