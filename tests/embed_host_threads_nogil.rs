//! Without a GIL, host threads attached through an `InterpreterHandle` run
//! script code in parallel. A test binary of its own: the memory mode is
//! chosen for the whole process by its first interpreter.
//!
//! Parallelism is shown by behaviour: each thread calls a host function
//! that waits for the other thread *from inside its scope*, with no
//! `allow_threads`; both arrive only if both scopes run at once, which a
//! GIL forbids (`embed_host_threads.rs` shows the contrast). Waits are
//! bounded.

use std::collections::HashSet;
use std::sync::{mpsc, Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use conc::{Config, Error, Interpreter};

const PATIENCE: Duration = Duration::from_secs(20);

#[derive(Default)]
struct Rendezvous {
    arrived: Mutex<HashSet<String>>,
    changed: Condvar,
}

impl Rendezvous {
    /// Marks `me` arrived, then waits (bounded) for `other`.
    fn meet(&self, me: &str, other: &str, patience: Duration) -> bool {
        let deadline = Instant::now() + patience;
        let mut arrived = self.arrived.lock().unwrap();
        arrived.insert(me.to_string());
        self.changed.notify_all();
        while !arrived.contains(other) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            arrived = self.changed.wait_timeout(arrived, left).unwrap().0;
        }
        true
    }
}

#[test]
fn host_threads_run_script_code_in_parallel_without_a_gil() {
    let mut interp = Interpreter::new(Config {
        gil: false,
        ..Config::default()
    });
    conc::stdlib::install(&mut interp);
    let meeting = Arc::new(Rendezvous::default());
    let m = meeting.clone();
    interp
        .register_fn("meet", move |me: String, other: String| {
            Ok::<_, Error>(m.meet(&me, &other, PATIENCE))
        })
        .unwrap();
    interp
        .run_source(
            "def run(me, other, n):\n    total = 0\n    for i in range(n):\n        total += i\n    return meet(me, other), total\n",
            "par.conc",
        )
        .unwrap();
    let handle = interp.handle();
    let (tx, rx) = mpsc::channel();
    for (me, other) in [("a", "b"), ("b", "a")] {
        let handle = handle.clone();
        let tx = tx.clone();
        std::thread::spawn(move || {
            let r: (bool, i64) = handle
                .with_gil(|gil| gil.global("run")?.call((me, other, 50_000))?.extract())
                .unwrap();
            let _ = tx.send((me, r));
        });
    }
    for _ in 0..2 {
        let (me, (met, total)) = rx.recv_timeout(PATIENCE * 2).expect("host thread finished");
        assert!(
            met,
            "{me}: the other host thread never ran at the same time"
        );
        assert_eq!(total, (0..50_000).sum::<i64>());
    }
}
