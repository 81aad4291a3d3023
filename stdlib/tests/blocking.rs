//! Tests of the blocking primitives' Rust core (`conc_stdlib::blocking`):
//! Python semantics, timeouts, errors, stress, and deadlock detection.
//! No GIL here: the test blocker runs waits directly. Every test is bounded:
//! scenarios run under a watchdog, and deadlocked workers are freed by
//! interrupting them (the test blocker's cancel flag).

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use conc_stdlib::blocking::*;

// ----- harness ---------------------------------------------------------------

struct TB {
    id: ThreadId,
    cancel: Arc<AtomicBool>,
}

impl Blocker for TB {
    fn thread_id(&self) -> ThreadId {
        self.id
    }
    fn allow_threads(&self, wait: &mut dyn FnMut()) {
        wait()
    }
    fn check_interrupt(&self) -> Result<(), Interrupted> {
        if self.cancel.load(Ordering::SeqCst) {
            Err(Interrupted)
        } else {
            Ok(())
        }
    }
}

/// A test world: a registry with a registered main thread (id 1), and a
/// cancel flag that interrupts every wait.
struct World {
    reg: Arc<Registry>,
    cancel: Arc<AtomicBool>,
}

impl World {
    fn new() -> World {
        let reg = Registry::new();
        reg.register_main_thread(1, "MainThread");
        World {
            reg,
            cancel: Arc::new(AtomicBool::new(false)),
        }
    }

    fn main(&self) -> TB {
        TB {
            id: 1,
            cancel: self.cancel.clone(),
        }
    }

    /// Starts a registered thread (registered before it runs, as the thread
    /// module must), which leaves the registry as its last act.
    fn spawn(
        &self,
        id: ThreadId,
        name: &str,
        f: impl FnOnce(&TB) + Send + 'static,
    ) -> JoinHandle<()> {
        self.reg.register_thread(id, name);
        let reg = self.reg.clone();
        let cancel = self.cancel.clone();
        thread::spawn(move || {
            let b = TB { id, cancel };
            f(&b);
            reg.thread_exited(id);
        })
    }

    /// Interrupts every wait and joins the handles.
    fn finish(&self, handles: Vec<JoinHandle<()>>) {
        self.cancel.store(true, Ordering::SeqCst);
        for h in handles {
            h.join().expect("worker panicked");
        }
    }
}

/// Runs `f` on its own thread and fails the test if it takes over `secs`.
fn bounded<R: Send + 'static>(secs: u64, f: impl FnOnce() -> R + Send + 'static) -> R {
    let (tx, rx) = mpsc::channel();
    let h = thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(Duration::from_secs(secs)) {
        Ok(r) => {
            h.join().unwrap();
            r
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            // The scenario panicked: re-raise its panic.
            std::panic::resume_unwind(h.join().unwrap_err())
        }
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("scenario hung for {secs} s"),
    }
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn deadlock_text(r: BlockResult<bool>) -> String {
    match r {
        Err(BlockError::Deadlock(report)) => report.to_string(),
        other => panic!("expected a deadlock, got {other:?}"),
    }
}

fn assert_took(start: Instant, at_least: Duration) {
    let took = start.elapsed();
    assert!(took >= at_least, "took {took:?}, less than {at_least:?}");
    assert!(
        took < at_least + ms(1500),
        "took {took:?}, far more than {at_least:?}"
    );
}

// ----- argument conversion ---------------------------------------------------

#[test]
fn timeout_arguments_follow_python() {
    assert_eq!(lock_timeout(true, -1.0), Ok(None));
    assert_eq!(lock_timeout(false, -1.0), Ok(Some(Duration::ZERO)));
    assert_eq!(lock_timeout(true, 0.5), Ok(Some(ms(500))));
    assert!(matches!(
        lock_timeout(true, -2.0),
        Err(BlockError::Value(_))
    ));
    assert!(
        matches!(lock_timeout(false, 1.0), Err(BlockError::Value(m)) if m.contains("non-blocking"))
    );
    assert_eq!(semaphore_timeout(false, None), Ok(Some(Duration::ZERO)));
    assert!(matches!(
        semaphore_timeout(false, Some(1.0)),
        Err(BlockError::Value(_))
    ));
    assert_eq!(semaphore_timeout(true, None), Ok(None));
    assert_eq!(queue_timeout(false, Some(-5.0)), Ok(Some(Duration::ZERO)));
    assert!(
        matches!(queue_timeout(true, Some(-1.0)), Err(BlockError::Value(m)) if m.contains("non-negative"))
    );
    assert_eq!(secs(-3.0), Duration::ZERO);
    assert_eq!(secs(f64::NAN), Duration::ZERO);
    assert!(secs(1e300) > Duration::from_secs(1_000_000));
}

// ----- Lock ------------------------------------------------------------------

#[test]
fn lock_semantics() {
    let w = World::new();
    let b = w.main();
    let l = Lock::new(&w.reg, "Lock at t.conc:1");
    assert!(!l.locked());
    assert_eq!(l.acquire(&b, None), Ok(true));
    assert!(l.locked());
    assert_eq!(l.acquire(&b, Some(Duration::ZERO)), Ok(false));
    let start = Instant::now();
    assert_eq!(l.acquire(&b, Some(ms(150))), Ok(false));
    assert_took(start, ms(150));
    assert_eq!(l.release(), Ok(()));
    assert_eq!(
        l.release(),
        Err(BlockError::Runtime("release unlocked lock".into()))
    );
    assert_eq!(w.reg.detections(), 0);
}

#[test]
fn lock_released_by_another_thread_wakes_the_waiter() {
    bounded(10, || {
        let w = World::new();
        let l = Arc::new(Lock::new(&w.reg, "Lock at t.conc:2"));
        assert_eq!(l.acquire(&w.main(), None), Ok(true));
        let l2 = l.clone();
        let h = w.spawn(2, "Thread-1", move |_| {
            thread::sleep(ms(100));
            l2.release().unwrap(); // a plain Lock may be released by anyone
        });
        let start = Instant::now();
        assert_eq!(l.acquire(&w.main(), None), Ok(true));
        assert_took(start, ms(90));
        w.finish(vec![h]);
        assert_eq!(w.reg.detections(), 0);
    });
}

#[test]
fn lock_guarded_counter_never_loses_an_update() {
    bounded(60, || {
        let w = World::new();
        let l = Arc::new(Lock::new(&w.reg, "Lock at counter.conc:3"));
        let counter = Arc::new(AtomicU64::new(0));
        let mut hs = vec![];
        for t in 0..8u64 {
            let (l, counter) = (l.clone(), counter.clone());
            hs.push(w.spawn(10 + t, &format!("Thread-{t}"), move |b| {
                for _ in 0..5_000 {
                    assert_eq!(l.acquire(b, None), Ok(true));
                    // A non-atomic read-modify-write: only the lock keeps it whole.
                    let v = counter.load(Ordering::Relaxed);
                    if v % 97 == 0 {
                        thread::yield_now();
                    }
                    counter.store(v + 1, Ordering::Relaxed);
                    l.release().unwrap();
                }
            }));
        }
        for h in hs {
            h.join().unwrap();
        }
        assert_eq!(counter.load(Ordering::SeqCst), 40_000);
        assert_eq!(w.reg.detections(), 0);
    });
}

#[test]
fn interrupt_ends_a_wait() {
    bounded(10, || {
        let w = World::new();
        let l = Lock::new(&w.reg, "Lock at t.conc:4");
        l.acquire(&w.main(), None).unwrap();
        let cancel = w.cancel.clone();
        let reg = w.reg.clone();
        // An unregistered helper may act: declare it.
        let guard = reg.external_waker();
        let h = thread::spawn(move || {
            thread::sleep(ms(120));
            cancel.store(true, Ordering::SeqCst);
            drop(guard);
        });
        let start = Instant::now();
        assert_eq!(l.acquire(&w.main(), None), Err(BlockError::Interrupted));
        assert_took(start, ms(100));
        h.join().unwrap();
    });
}

// ----- RLock -----------------------------------------------------------------

#[test]
fn rlock_semantics() {
    bounded(10, || {
        let w = World::new();
        let b = w.main();
        let r = Arc::new(RLock::new(&w.reg, "RLock at t.conc:5"));
        assert_eq!(r.acquire(&b, None), Ok(true));
        assert_eq!(r.acquire(&b, None), Ok(true));
        assert_eq!(r.owner_and_count(), (Some(1), 2));
        let r2 = r.clone();
        let h = w.spawn(2, "Thread-1", move |b| {
            assert_eq!(
                r2.release(b.id),
                Err(BlockError::Runtime(
                    "cannot release un-acquired lock".into()
                ))
            );
            assert_eq!(r2.acquire(b, Some(Duration::ZERO)), Ok(false));
            assert_eq!(r2.acquire(b, Some(ms(50))), Ok(false));
            // Blocks until main released both levels.
            assert_eq!(r2.acquire(b, None), Ok(true));
            r2.release(b.id).unwrap();
        });
        thread::sleep(ms(200));
        r.release(1).unwrap();
        assert!(r.locked());
        r.release(1).unwrap();
        assert!(!r.is_owned(1));
        assert_eq!(
            r.release(1),
            Err(BlockError::Runtime(
                "cannot release un-acquired lock".into()
            ))
        );
        w.finish(vec![h]);
        assert_eq!(w.reg.detections(), 0);
    });
}

// ----- Semaphore ---------------------------------------------------------------

#[test]
fn semaphore_semantics() {
    bounded(10, || {
        let w = World::new();
        let b = w.main();
        assert!(matches!(
            Semaphore::check_initial(-1),
            Err(BlockError::Value(_))
        ));
        let s = Arc::new(Semaphore::new(&w.reg, 2, "Semaphore at t.conc:6"));
        assert_eq!(s.acquire(&b, None), Ok(true));
        assert_eq!(s.acquire(&b, None), Ok(true));
        assert_eq!(s.acquire(&b, Some(Duration::ZERO)), Ok(false));
        let start = Instant::now();
        assert_eq!(s.acquire(&b, Some(ms(100))), Ok(false));
        assert_took(start, ms(100));
        assert!(matches!(s.release(1, 0), Err(BlockError::Value(_))));
        // release(n) lets n waiters in.
        let got = Arc::new(AtomicUsize::new(0));
        let mut hs = vec![];
        for t in 0..3 {
            let (s, got) = (s.clone(), got.clone());
            hs.push(w.spawn(10 + t, &format!("Thread-{t}"), move |b| {
                if s.acquire(b, None) == Ok(true) {
                    got.fetch_add(1, Ordering::SeqCst);
                }
            }));
        }
        thread::sleep(ms(100));
        s.release(1, 2).unwrap();
        let deadline = Instant::now() + ms(2000);
        while got.load(Ordering::SeqCst) < 2 && Instant::now() < deadline {
            thread::sleep(ms(5));
        }
        thread::sleep(ms(50));
        assert_eq!(got.load(Ordering::SeqCst), 2);
        s.release(1, 1).unwrap();
        for h in hs {
            h.join().unwrap();
        }
        assert_eq!(got.load(Ordering::SeqCst), 3);
        assert_eq!(w.reg.detections(), 0);
    });
}

#[test]
fn bounded_semaphore_refuses_over_release() {
    let w = World::new();
    let b = w.main();
    let s = BoundedSemaphore::new(&w.reg, 1, "BoundedSemaphore at t.conc:7");
    assert_eq!(
        s.release(1, 1),
        Err(BlockError::Value(
            "Semaphore released too many times".into()
        ))
    );
    assert_eq!(s.acquire(&b, None), Ok(true));
    assert_eq!(s.release(1, 1), Ok(()));
    assert!(s.release(1, 1).is_err());
    assert_eq!(s.value(), 1);
    assert_eq!(s.bound(), 1);
}

#[test]
fn semaphore_limits_concurrency() {
    bounded(30, || {
        let w = World::new();
        let s = Arc::new(Semaphore::new(&w.reg, 2, "Semaphore at sem.conc:1"));
        let inside = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let mut hs = vec![];
        for t in 0..6 {
            let (s, inside, most) = (s.clone(), inside.clone(), most.clone());
            hs.push(w.spawn(10 + t, &format!("Worker-{t}"), move |b| {
                for _ in 0..20 {
                    s.acquire(b, None).unwrap();
                    let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    thread::sleep(Duration::from_micros(300));
                    inside.fetch_sub(1, Ordering::SeqCst);
                    s.release(b.id, 1).unwrap();
                }
            }));
        }
        for h in hs {
            h.join().unwrap();
        }
        assert_eq!(most.load(Ordering::SeqCst), 2);
        assert_eq!(w.reg.detections(), 0);
    });
}

// ----- Condition ---------------------------------------------------------------

#[test]
fn condition_errors_and_timeout() {
    let w = World::new();
    let b = w.main();
    let lock = Arc::new(Lock::new(&w.reg, "Lock at t.conc:8"));
    let c = Condition::new(
        &w.reg,
        CondLock::Lock(lock.clone()),
        "Condition at t.conc:9",
    );
    assert_eq!(
        c.wait(&b, None),
        Err(BlockError::Runtime(
            "cannot wait on un-acquired lock".into()
        ))
    );
    assert_eq!(
        c.notify(1, 1),
        Err(BlockError::Runtime(
            "cannot notify on un-acquired lock".into()
        ))
    );
    c.acquire(&b, None).unwrap();
    let start = Instant::now();
    assert_eq!(c.wait(&b, Some(ms(120))), Ok(false));
    assert_took(start, ms(120));
    assert!(lock.locked(), "the lock is held again after the wait");
    assert_eq!(c.waiters(), 0);
    assert_eq!(c.wait(&b, Some(Duration::ZERO)), Ok(false));
    c.release(1).unwrap();
}

#[test]
fn condition_notify_wakes_exactly_n_and_restores_rlock_depth() {
    bounded(20, || {
        let w = World::new();
        let rl = Arc::new(RLock::new(&w.reg, "RLock at t.conc:10"));
        let c = Arc::new(Condition::new(
            &w.reg,
            CondLock::RLock(rl.clone()),
            "Condition at t.conc:11",
        ));
        let woken = Arc::new(AtomicUsize::new(0));
        let mut hs = vec![];
        for t in 0..3 {
            let (c, rl, woken) = (c.clone(), rl.clone(), woken.clone());
            hs.push(w.spawn(10 + t, &format!("Thread-{t}"), move |b| {
                c.acquire(b, None).unwrap();
                c.acquire(b, None).unwrap(); // depth 2
                match c.wait(b, None) {
                    Ok(true) => {
                        assert_eq!(rl.owner_and_count(), (Some(b.id), 2));
                        woken.fetch_add(1, Ordering::SeqCst);
                    }
                    Err(BlockError::Interrupted) => {}
                    other => panic!("{other:?}"),
                }
                if rl.is_owned(b.id) {
                    c.release(b.id).unwrap();
                    c.release(b.id).unwrap();
                }
            }));
        }
        let b = w.main();
        while c.waiters() < 3 {
            thread::sleep(ms(5));
        }
        c.acquire(&b, None).unwrap();
        c.notify(1, 2).unwrap();
        c.release(1).unwrap();
        thread::sleep(ms(200));
        assert_eq!(woken.load(Ordering::SeqCst), 2);
        assert_eq!(c.waiters(), 1);
        c.acquire(&b, None).unwrap();
        c.notify_all(1).unwrap();
        c.release(1).unwrap();
        for h in hs {
            h.join().unwrap();
        }
        assert_eq!(woken.load(Ordering::SeqCst), 3);
        assert_eq!(w.reg.detections(), 0);
    });
}

#[test]
fn condition_wait_for() {
    bounded(10, || {
        let w = World::new();
        let lock = Arc::new(Lock::new(&w.reg, "Lock at t.conc:12"));
        let c = Arc::new(Condition::new(
            &w.reg,
            CondLock::Lock(lock),
            "Condition at t.conc:13",
        ));
        let value = Arc::new(AtomicUsize::new(0));
        let b = w.main();
        c.acquire(&b, None).unwrap();
        let start = Instant::now();
        let r = c.wait_for(&b, Some(ms(100)), || {
            Ok::<_, ()>((value.load(Ordering::SeqCst) > 0, 7))
        });
        assert_eq!(r, Ok(7));
        assert_took(start, ms(100));
        assert_eq!(
            c.wait_for(&b, None, || Err::<(bool, ()), _>("boom")),
            Err(ScriptError::Script("boom"))
        );
        c.release(1).unwrap();
        let (c2, v2) = (c.clone(), value.clone());
        let h = w.spawn(2, "Setter", move |b| {
            for _ in 0..5 {
                thread::sleep(ms(20));
                c2.acquire(b, None).unwrap();
                v2.fetch_add(1, Ordering::SeqCst);
                c2.notify_all(b.id).unwrap();
                c2.release(b.id).unwrap();
            }
        });
        c.acquire(&b, None).unwrap();
        let r = c.wait_for(&b, None, || {
            let v = value.load(Ordering::SeqCst);
            Ok::<_, ()>((v >= 3, v))
        });
        assert!(matches!(r, Ok(v) if v >= 3));
        c.release(1).unwrap();
        w.finish(vec![h]);
        assert_eq!(w.reg.detections(), 0);
    });
}

// ----- Event -----------------------------------------------------------------

#[test]
fn event_semantics() {
    bounded(10, || {
        let w = World::new();
        let b = w.main();
        let e = Arc::new(Event::new(&w.reg, "Event at t.conc:14"));
        assert!(!e.is_set());
        let start = Instant::now();
        assert_eq!(e.wait(&b, Some(ms(100))), Ok(false));
        assert_took(start, ms(100));
        e.set();
        assert!(e.is_set());
        assert_eq!(e.wait(&b, None), Ok(true));
        e.clear();
        assert!(!e.is_set());
        // Set then cleared at once: the waiter still reports true.
        let e2 = e.clone();
        let h = w.spawn(2, "Thread-1", move |_| {
            thread::sleep(ms(80));
            e2.set();
            e2.clear();
        });
        assert_eq!(e.wait(&b, None), Ok(true));
        w.finish(vec![h]);
        assert_eq!(w.reg.detections(), 0);
    });
}

// ----- Barrier ---------------------------------------------------------------

fn no_action() -> Result<(), ()> {
    Ok(())
}

#[test]
fn barrier_rounds_indices_and_action() {
    bounded(20, || {
        let w = World::new();
        assert!(matches!(
            Barrier::new(&w.reg, 0, false, None, "Barrier"),
            Err(BlockError::Value(_))
        ));
        let actions = Arc::new(AtomicUsize::new(0));
        let bar = Arc::new(Barrier::new(&w.reg, 3, true, None, "Barrier at t.conc:15").unwrap());
        let indices = Arc::new(std::sync::Mutex::new(Vec::new()));
        let mut hs = vec![];
        for t in 0..3 {
            let (bar, actions, indices) = (bar.clone(), actions.clone(), indices.clone());
            hs.push(w.spawn(10 + t, &format!("Thread-{t}"), move |b| {
                for round in 0..5 {
                    let i = bar
                        .wait(b, None, || {
                            actions.fetch_add(1, Ordering::SeqCst);
                            Ok::<_, ()>(())
                        })
                        .unwrap();
                    // The action ran before anyone of this round got out.
                    assert!(actions.load(Ordering::SeqCst) > round);
                    indices.lock().unwrap().push((round, i));
                }
            }));
        }
        for h in hs {
            h.join().unwrap();
        }
        assert_eq!(actions.load(Ordering::SeqCst), 5);
        let idx = indices.lock().unwrap();
        for round in 0..5 {
            let mut got: Vec<usize> = idx
                .iter()
                .filter(|(r, _)| *r == round)
                .map(|(_, i)| *i)
                .collect();
            got.sort();
            assert_eq!(got, vec![0, 1, 2]);
        }
        assert!(!bar.broken());
        assert_eq!(bar.n_waiting(), 0);
        assert_eq!(w.reg.detections(), 0);
    });
}

#[test]
fn barrier_breaks_on_timeout_abort_and_failed_action() {
    bounded(20, || {
        let w = World::new();
        let b = w.main();
        // Timeout: the waiter breaks the barrier.
        let bar = Barrier::new(&w.reg, 2, false, Some(ms(100)), "Barrier at t.conc:16").unwrap();
        let start = Instant::now();
        assert_eq!(
            bar.wait(&b, None, no_action),
            Err(ScriptError::Block(BlockError::BrokenBarrier))
        );
        assert_took(start, ms(100));
        assert!(bar.broken());
        assert_eq!(
            bar.wait(&b, None, no_action),
            Err(ScriptError::Block(BlockError::BrokenBarrier))
        );
        bar.reset();
        assert!(!bar.broken());

        // Abort wakes a waiter with BrokenBarrier.
        let bar = Arc::new(Barrier::new(&w.reg, 2, false, None, "Barrier at t.conc:17").unwrap());
        let b2 = bar.clone();
        let h = w.spawn(2, "Thread-1", move |b| {
            assert_eq!(
                b2.wait(b, None, no_action),
                Err(ScriptError::Block(BlockError::BrokenBarrier))
            );
        });
        while bar.n_waiting() < 1 {
            thread::sleep(ms(5));
        }
        bar.abort();
        h.join().unwrap();

        // Reset while a thread waits: it gets BrokenBarrier; the barrier works again.
        let bar = Arc::new(Barrier::new(&w.reg, 2, false, None, "Barrier at t.conc:18").unwrap());
        let b3 = bar.clone();
        let h = w.spawn(3, "Thread-2", move |b| {
            assert_eq!(
                b3.wait(b, None, no_action),
                Err(ScriptError::Block(BlockError::BrokenBarrier))
            );
            assert!(b3.wait(b, None, no_action).is_ok());
        });
        while bar.n_waiting() < 1 {
            thread::sleep(ms(5));
        }
        bar.reset();
        thread::sleep(ms(50));
        assert!(bar.wait(&b, None, no_action).is_ok());
        h.join().unwrap();

        // A failing action breaks it for the others and returns the error.
        let bar = Arc::new(Barrier::new(&w.reg, 2, true, None, "Barrier at t.conc:19").unwrap());
        let b4 = bar.clone();
        let h = w.spawn(4, "Thread-3", move |b| {
            let r = b4.wait(b, None, || Err::<(), _>("action failed"));
            assert_eq!(r, Err(ScriptError::Block(BlockError::BrokenBarrier)));
        });
        thread::sleep(ms(100));
        let r = bar.wait(&b, None, || Err::<(), _>("action failed"));
        // Whoever came last ran the action.
        assert!(matches!(
            r,
            Err(ScriptError::Script("action failed"))
                | Err(ScriptError::Block(BlockError::BrokenBarrier))
        ));
        h.join().unwrap();
        assert!(bar.broken());
        assert_eq!(w.reg.detections(), 0);
    });
}

// ----- queues ----------------------------------------------------------------

#[test]
fn queue_orders() {
    let w = World::new();
    let b = w.main();
    let fifo = Queue::new(&w.reg, 0, "Queue");
    let lifo = LifoQueue::new_lifo(&w.reg, 0, "LifoQueue");
    let prio = PriorityQueue::new(&w.reg, 0, "PriorityQueue");
    let simple = SimpleQueue::new(&w.reg, "SimpleQueue");
    for v in [3, 1, 4, 1, 5, 9, 2, 6] {
        fifo.put(&b, v, None).unwrap();
        lifo.put(&b, v, None).unwrap();
        prio.put_ord(&b, v, None).unwrap();
        simple.put(v);
    }
    let drain = |f: &dyn Fn() -> BlockResult<i32>| {
        let mut out = vec![];
        while let Ok(v) = f() {
            out.push(v);
        }
        out
    };
    assert_eq!(drain(&|| fifo.get_nowait(&b)), vec![3, 1, 4, 1, 5, 9, 2, 6]);
    assert_eq!(drain(&|| lifo.get_nowait(&b)), vec![6, 2, 9, 5, 1, 4, 1, 3]);
    assert_eq!(
        drain(&|| prio.get_ord(&b, Some(Duration::ZERO))),
        vec![1, 1, 2, 3, 4, 5, 6, 9]
    );
    assert_eq!(simple.qsize(), 8);
    assert_eq!(
        drain(&|| simple.get_nowait(&b)),
        vec![3, 1, 4, 1, 5, 9, 2, 6]
    );
    assert!(simple.empty());
    assert_eq!(fifo.get_nowait(&b), Err(BlockError::Empty));
    assert_eq!(
        prio.get_ord(&b, Some(Duration::ZERO)),
        Err(BlockError::Empty)
    );
}

#[test]
fn queue_bounds_timeouts_and_tasks() {
    bounded(20, || {
        let w = World::new();
        let b = w.main();
        let q = Arc::new(Queue::new(&w.reg, 2, "Queue at t.conc:20"));
        q.put(&b, 1, None).unwrap();
        q.put_nowait(&b, 2).unwrap();
        assert!(q.full());
        assert_eq!(q.qsize(), 2);
        assert_eq!(
            q.put_nowait(&b, 3),
            Err(PutError {
                item: 3,
                error: BlockError::Full
            })
        );
        let start = Instant::now();
        assert_eq!(
            q.put(&b, 3, Some(ms(100))),
            Err(PutError {
                item: 3,
                error: BlockError::Full
            })
        );
        assert_took(start, ms(100));
        // A blocked put goes through once a get makes room.
        let q2 = q.clone();
        let h = w.spawn(2, "Thread-1", move |b| {
            thread::sleep(ms(100));
            assert_eq!(q2.get(b, None), Ok(1));
        });
        assert_eq!(q.put(&b, 3, None), Ok(()));
        h.join().unwrap();
        assert_eq!(q.get(&b, None), Ok(2));
        assert_eq!(q.get(&b, None), Ok(3));
        let start = Instant::now();
        assert_eq!(q.get(&b, Some(ms(100))), Err(BlockError::Empty));
        assert_took(start, ms(100));
        // task_done / join
        assert_eq!(q.unfinished_tasks(), 3);
        assert_eq!(q.join(&b, Some(ms(50))), Ok(false));
        q.task_done().unwrap();
        q.task_done().unwrap();
        q.task_done().unwrap();
        assert_eq!(
            q.task_done(),
            Err(BlockError::Value(
                "task_done() called too many times".into()
            ))
        );
        assert_eq!(q.join(&b, None), Ok(true));
        q.put(&b, 4, None).unwrap();
        let q3 = q.clone();
        let h = w.spawn(3, "Worker", move |b| {
            let v = q3.get(b, None).unwrap();
            assert_eq!(v, 4);
            thread::sleep(ms(80));
            q3.task_done().unwrap();
        });
        let start = Instant::now();
        assert_eq!(q.join(&b, None), Ok(true));
        assert_took(start, ms(70));
        h.join().unwrap();
        assert_eq!(w.reg.detections(), 0);
    });
}

#[test]
fn queue_shutdown_follows_python_3_13() {
    bounded(20, || {
        let w = World::new();
        let b = w.main();
        // Graceful: puts fail, gets drain, then fail.
        let q: Queue<i32> = Queue::new(&w.reg, 0, "Queue at t.conc:21");
        q.put(&b, 1, None).unwrap();
        q.put(&b, 2, None).unwrap();
        assert_eq!(q.shutdown(&b, false), Ok(vec![]));
        assert_eq!(
            q.put(&b, 3, None),
            Err(PutError {
                item: 3,
                error: BlockError::ShutDown
            })
        );
        assert_eq!(q.get(&b, None), Ok(1));
        assert_eq!(q.get(&b, None), Ok(2));
        assert_eq!(q.get(&b, None), Err(BlockError::ShutDown));
        assert_eq!(q.get_nowait(&b), Err(BlockError::ShutDown));

        // Immediate: drained items come back, gets fail at once, join returns.
        let q: Arc<Queue<i32>> = Arc::new(Queue::new(&w.reg, 0, "Queue at t.conc:22"));
        for v in 0..5 {
            q.put(&b, v, None).unwrap();
        }
        let q2 = q.clone();
        let h = w.spawn(2, "Joiner", move |b| {
            assert_eq!(q2.join(b, None), Ok(true));
        });
        thread::sleep(ms(50));
        assert_eq!(q.shutdown(&b, true), Ok(vec![0, 1, 2, 3, 4]));
        assert_eq!(q.get(&b, None), Err(BlockError::ShutDown));
        h.join().unwrap();

        // Blocked getters and putters wake with ShutDown.
        let q: Arc<Queue<i32>> = Arc::new(Queue::new(&w.reg, 1, "Queue at t.conc:23"));
        q.put(&b, 0, None).unwrap();
        let (qa, qb) = (q.clone(), q.clone());
        let hp = w.spawn(3, "Putter", move |b| {
            assert_eq!(
                qa.put(b, 1, None),
                Err(PutError {
                    item: 1,
                    error: BlockError::ShutDown
                })
            );
        });
        let e: Arc<Queue<i32>> = Arc::new(Queue::new(&w.reg, 0, "Queue at t.conc:24"));
        let e2 = e.clone();
        let hg = w.spawn(4, "Getter", move |b| {
            assert_eq!(e2.get(b, None), Err(BlockError::ShutDown));
        });
        thread::sleep(ms(80));
        qb.shutdown(&b, false).unwrap();
        e.shutdown(&b, false).unwrap();
        hp.join().unwrap();
        hg.join().unwrap();

        // Priority queue too.
        let p: PriorityQueue<i32> = PriorityQueue::new(&w.reg, 0, "PriorityQueue at t.conc:25");
        p.put_ord(&b, 2, None).unwrap();
        p.put_ord(&b, 1, None).unwrap();
        assert_eq!(p.shutdown(&b, true), Ok(vec![1, 2]));
        assert_eq!(p.get_ord(&b, None), Err(BlockError::ShutDown));
        assert_eq!(w.reg.detections(), 0);
    });
}

#[test]
fn priority_queue_with_failing_comparisons() {
    let w = World::new();
    let b = w.main();
    let p: PriorityQueue<(i32, &'static str)> = PriorityQueue::new(&w.reg, 0, "PriorityQueue");
    let lt = |a: &(i32, &str), b: &(i32, &str)| {
        if a.1 == "bad" || b.1 == "bad" {
            Err("TypeError: '<' not supported")
        } else {
            Ok(a < b)
        }
    };
    p.put(&b, (2, "b"), None, lt).unwrap();
    p.put(&b, (1, "a"), None, lt).unwrap();
    p.put(&b, (3, "c"), None, lt).unwrap();
    let e = p.put(&b, (0, "bad"), None, lt).unwrap_err();
    assert_eq!(e.item, (0, "bad"));
    assert_eq!(e.error, ScriptError::Script("TypeError: '<' not supported"));
    assert_eq!(p.qsize(), 3);
    assert_eq!(p.unfinished_tasks(), 3);
    let always_fails = |_: &(i32, &str), _: &(i32, &str)| Err::<bool, _>("boom");
    assert_eq!(
        p.get(&b, None, always_fails),
        Err(ScriptError::Script("boom"))
    );
    assert_eq!(p.qsize(), 3, "a failed get loses nothing");
    assert_eq!(p.get(&b, None, lt), Ok((1, "a")));
    assert_eq!(p.get(&b, None, lt), Ok((2, "b")));
    assert_eq!(p.get(&b, None, lt), Ok((3, "c")));
}

/// Many producers and consumers on every queue kind: every item arrives
/// exactly once; consumers block indefinitely and no deadlock is reported.
#[test]
fn queues_stress_many_producers_many_consumers() {
    bounded(120, || {
        for kind in ["fifo", "lifo", "priority", "simple"] {
            stress_queue(kind);
        }
    });
}

enum AnyQueue {
    Plain(Queue<(u8, u64)>),
    Prio(PriorityQueue<(u8, u64)>),
    Simple(SimpleQueue<(u8, u64)>),
}

impl AnyQueue {
    fn put(&self, b: &TB, v: (u8, u64)) {
        match self {
            AnyQueue::Plain(q) => q.put(b, v, None).unwrap(),
            AnyQueue::Prio(q) => q.put(b, v, None, |x, y| Ok::<_, ()>(x < y)).unwrap(),
            AnyQueue::Simple(q) => q.put(v),
        }
    }
    fn get(&self, b: &TB) -> (u8, u64) {
        match self {
            AnyQueue::Plain(q) => q.get(b, None).unwrap(),
            AnyQueue::Prio(q) => q.get(b, None, |x, y| Ok::<_, ()>(x < y)).unwrap(),
            AnyQueue::Simple(q) => q.get(b, None).unwrap(),
        }
    }
    fn task_done(&self) {
        match self {
            AnyQueue::Plain(q) => q.task_done().unwrap(),
            AnyQueue::Prio(q) => q.task_done().unwrap(),
            AnyQueue::Simple(_) => {}
        }
    }
}

fn stress_queue(kind: &str) {
    const PRODUCERS: u64 = 4;
    const CONSUMERS: u64 = 4;
    const PER: u64 = 3_000;
    let w = World::new();
    let q = Arc::new(match kind {
        "fifo" => AnyQueue::Plain(Queue::new(&w.reg, 16, "Queue")),
        "lifo" => AnyQueue::Plain(Queue::new_lifo(&w.reg, 16, "LifoQueue")),
        "priority" => AnyQueue::Prio(PriorityQueue::new(&w.reg, 16, "PriorityQueue")),
        _ => AnyQueue::Simple(SimpleQueue::new(&w.reg, "SimpleQueue")),
    });
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut consumers = vec![];
    for c in 0..CONSUMERS {
        let (q, seen) = (q.clone(), seen.clone());
        consumers.push(w.spawn(100 + c, &format!("Consumer-{c}"), move |b| {
            let mut mine = vec![];
            loop {
                let (stop, v) = q.get(b);
                q.task_done();
                if stop == 1 {
                    break;
                }
                mine.push(v);
            }
            seen.lock().unwrap().extend(mine);
        }));
    }
    let mut producers = vec![];
    for p in 0..PRODUCERS {
        let q = q.clone();
        producers.push(w.spawn(200 + p, &format!("Producer-{p}"), move |b| {
            for i in 0..PER {
                q.put(b, (0, p * PER + i));
            }
        }));
    }
    let b = w.main();
    for (i, h) in producers.into_iter().enumerate() {
        assert_eq!(w.reg.join(&b, 200 + i as u64, None), Ok(true));
        h.join().unwrap();
    }
    // Every real item is consumed before the stop marks go in (they sort
    // last in a priority queue but first in a LIFO one).
    match &*q {
        AnyQueue::Plain(x) => assert_eq!(x.join(&b, None), Ok(true)),
        AnyQueue::Prio(x) => assert_eq!(x.join(&b, None), Ok(true)),
        AnyQueue::Simple(x) => {
            while !x.empty() {
                thread::sleep(ms(1));
            }
        }
    }
    for _ in 0..CONSUMERS {
        q.put(&b, (1, 0));
    }
    for (i, h) in consumers.into_iter().enumerate() {
        assert_eq!(w.reg.join(&b, 100 + i as u64, None), Ok(true));
        h.join().unwrap();
    }
    let mut all = seen.lock().unwrap().clone();
    all.sort();
    let want: Vec<u64> = (0..PRODUCERS * PER).collect();
    assert_eq!(all.len(), want.len(), "{kind}: item count");
    assert_eq!(all, want, "{kind}: every item exactly once");
    assert_eq!(w.reg.detections(), 0, "{kind}: no false deadlock");
}

// ----- deadlock detection ------------------------------------------------------

#[test]
fn deadlock_two_locks() {
    bounded(20, || {
        let w = World::new();
        let a = Arc::new(Lock::new(&w.reg, "Lock at philosophers.conc:7"));
        let c = Arc::new(Lock::new(&w.reg, "Lock at philosophers.conc:8"));
        let both = Arc::new(std::sync::Barrier::new(2));
        let (a1, c1, both1) = (a.clone(), c.clone(), both.clone());
        let t1 = w.spawn(2, "Thread-1", move |b| {
            a1.acquire(b, None).unwrap();
            both1.wait();
            assert_eq!(c1.acquire(b, None), Err(BlockError::Interrupted));
        });
        let (a2, c2) = (a.clone(), c.clone());
        let t2 = w.spawn(3, "Thread-2", move |b| {
            c2.acquire(b, None).unwrap();
            both.wait();
            assert_eq!(a2.acquire(b, None), Err(BlockError::Interrupted));
        });
        let text = deadlock_text(w.reg.join(&w.main(), 2, None));
        assert!(
            text.starts_with("all 3 threads are blocked forever:"),
            "{text}"
        );
        assert!(
            text.contains("MainThread waits for Thread-1 to finish"),
            "{text}"
        );
        assert!(
            text.contains("Thread-1 holds Lock at philosophers.conc:7 and waits for Lock at philosophers.conc:8, held by Thread-2"),
            "{text}"
        );
        assert!(
            text.contains("Thread-2 holds Lock at philosophers.conc:8 and waits for Lock at philosophers.conc:7, held by Thread-1"),
            "{text}"
        );
        assert_eq!(w.reg.detections(), 1);
        w.finish(vec![t1, t2]);
    });
}

#[test]
fn deadlock_report_is_structured() {
    bounded(10, || {
        let w = World::new();
        let l = Lock::new(&w.reg, "Lock at self.conc:1");
        let b = w.main();
        l.acquire(&b, None).unwrap();
        match l.acquire(&b, None) {
            Err(BlockError::Deadlock(r)) => {
                assert_eq!(r.threads.len(), 1);
                let t = &r.threads[0];
                assert_eq!((t.id, t.name.as_str(), t.is_main), (1, "MainThread", true));
                assert_eq!(t.holds, vec!["Lock at self.conc:1".to_string()]);
                assert_eq!(t.held_by, vec!["MainThread".to_string()]);
                assert!(matches!(
                    &t.waits_for,
                    WaitTarget::Resource {
                        kind: ResourceKind::Lock,
                        ..
                    }
                ));
                assert_eq!(
                    r.to_string(),
                    "the only thread is blocked forever:\n  MainThread holds Lock at self.conc:1 \
                     and waits for Lock at self.conc:1, held by MainThread"
                );
            }
            other => panic!("{other:?}"),
        }
        // Caught, the program goes on: the lock is still held.
        assert!(l.locked());
        l.release().unwrap();
        assert_eq!(l.acquire(&b, None), Ok(true));
    });
}

#[test]
fn deadlock_self_on_plain_lock_in_a_thread_reaches_main() {
    bounded(10, || {
        let w = World::new();
        let l = Arc::new(Lock::new(&w.reg, "Lock at self.conc:2"));
        let l1 = l.clone();
        let t = w.spawn(2, "Thread-1", move |b| {
            l1.acquire(b, None).unwrap();
            // The thread is not the main one: it stays blocked; main is told.
            assert_eq!(l1.acquire(b, None), Err(BlockError::Interrupted));
        });
        let text = deadlock_text(w.reg.join(&w.main(), 2, None));
        assert!(text.contains("Thread-1 holds Lock at self.conc:2 and waits for Lock at self.conc:2, held by Thread-1"), "{text}");
        w.finish(vec![t]);
    });
}

#[test]
fn deadlock_join_cycle() {
    bounded(10, || {
        let w = World::new();
        let reg1 = w.reg.clone();
        let go = Arc::new(std::sync::Barrier::new(2));
        let go1 = go.clone();
        let t1 = w.spawn(2, "Thread-1", move |b| {
            go1.wait();
            // Freed by the interrupt, or by Thread-2 exiting after its own.
            let r = reg1.join(b, 3, None);
            assert!(
                matches!(r, Err(BlockError::Interrupted) | Ok(true)),
                "{r:?}"
            );
        });
        let reg2 = w.reg.clone();
        let t2 = w.spawn(3, "Thread-2", move |b| {
            go.wait();
            let r = reg2.join(b, 2, None);
            assert!(
                matches!(r, Err(BlockError::Interrupted) | Ok(true)),
                "{r:?}"
            );
        });
        let text = deadlock_text(w.reg.join(&w.main(), 2, None));
        assert!(
            text.contains("Thread-1 waits for Thread-2 to finish"),
            "{text}"
        );
        assert!(
            text.contains("Thread-2 waits for Thread-1 to finish"),
            "{text}"
        );
        assert!(
            text.contains("MainThread waits for Thread-1 to finish"),
            "{text}"
        );
        w.finish(vec![t1, t2]);
    });
}

#[test]
fn deadlock_queue_nobody_will_fill() {
    bounded(10, || {
        let w = World::new();
        let q: Arc<Queue<i32>> = Arc::new(Queue::new(&w.reg, 0, "Queue at pc.conc:3"));
        // The only producer exits without putting anything: its exit is the
        // transition that leaves everyone blocked.
        let p = w.spawn(2, "Producer", move |_| thread::sleep(ms(150)));
        let start = Instant::now();
        match q.get(&w.main(), None) {
            Err(BlockError::Deadlock(r)) => {
                let text = r.to_string();
                assert_eq!(
                    text,
                    "the only thread is blocked forever:\n  MainThread waits to get from Queue at pc.conc:3, which is empty"
                );
            }
            other => panic!("{other:?}"),
        }
        assert_took(start, ms(140));
        p.join().unwrap();

        // A consumer thread waits on the queue; main joins it.
        let q2 = q.clone();
        let c = w.spawn(3, "Consumer", move |b| {
            assert_eq!(q2.get(b, None), Err(BlockError::Interrupted));
        });
        let text = deadlock_text(w.reg.join(&w.main(), 3, None));
        assert!(
            text.contains("Consumer waits to get from Queue at pc.conc:3, which is empty"),
            "{text}"
        );
        assert!(
            text.contains("MainThread waits for Consumer to finish"),
            "{text}"
        );
        w.finish(vec![c]);
    });
}

#[test]
fn deadlock_found_by_a_worker_is_delivered_to_main() {
    bounded(10, || {
        let w = World::new();
        let l = Arc::new(Lock::new(&w.reg, "Lock at late.conc:1"));
        l.acquire(&w.main(), None).unwrap();
        let l1 = l.clone();
        let t = w.spawn(2, "Thread-1", move |b| {
            thread::sleep(ms(100)); // main is already blocked in its join
            assert_eq!(l1.acquire(b, None), Ok(true));
            l1.release().unwrap();
        });
        let text = deadlock_text(w.reg.join(&w.main(), 2, None));
        assert!(
            text.contains("MainThread holds Lock at late.conc:1 and waits for Thread-1 to finish"),
            "{text}"
        );
        assert!(
            text.contains("Thread-1 waits for Lock at late.conc:1, held by MainThread"),
            "{text}"
        );
        // Main handles the error by releasing the lock: the worker finishes.
        l.release().unwrap();
        assert_eq!(w.reg.join(&w.main(), 2, None), Ok(true));
        t.join().unwrap();
        assert_eq!(w.reg.detections(), 1);
    });
}

#[test]
fn deadlock_on_event_condition_and_barrier() {
    bounded(15, || {
        let w = World::new();
        let b = w.main();
        let e = Event::new(&w.reg, "Event at ev.conc:1");
        let text = deadlock_text(e.wait(&b, None));
        assert!(
            text.contains("MainThread waits for Event at ev.conc:1 to be set"),
            "{text}"
        );

        let c = Condition::new(
            &w.reg,
            CondLock::RLock(Arc::new(RLock::new(&w.reg, "RLock at ev.conc:2"))),
            "Condition at ev.conc:3",
        );
        c.acquire(&b, None).unwrap();
        let text = deadlock_text(c.wait(&b, None));
        assert!(
            text.contains("MainThread waits for a notify on Condition at ev.conc:3"),
            "{text}"
        );
        assert!(c.is_owned(1), "the lock is held again after the error");
        c.release(1).unwrap();

        let bar = Barrier::new(&w.reg, 2, false, None, "Barrier at ev.conc:4").unwrap();
        match bar.wait(&b, None, no_action) {
            Err(ScriptError::Block(BlockError::Deadlock(r))) => {
                assert!(r
                    .to_string()
                    .contains("MainThread waits at Barrier at ev.conc:4"))
            }
            other => panic!("{other:?}"),
        }
        let q: Queue<i32> = Queue::new(&w.reg, 1, "Queue at ev.conc:5");
        q.put(&b, 1, None).unwrap();
        let e = q.put(&b, 2, None).unwrap_err();
        assert_eq!(e.item, 2);
        assert!(e
            .error
            .to_string()
            .contains("waits to put into Queue at ev.conc:5, which is full"));
        let e = q.join(&b, None).unwrap_err();
        assert!(e
            .to_string()
            .contains("waits for every task of Queue at ev.conc:5 to be done"));
        assert_eq!(w.reg.detections(), 5);
    });
}

// ----- no false positives --------------------------------------------------------

#[test]
fn no_deadlock_while_a_holder_sleeps() {
    bounded(10, || {
        let w = World::new();
        let l = Arc::new(Lock::new(&w.reg, "Lock at nf.conc:1"));
        let held = Arc::new(std::sync::Barrier::new(2));
        let (l1, held1) = (l.clone(), held.clone());
        let t = w.spawn(2, "Sleeper", move |_| {
            l1.try_acquire(2);
            held1.wait();
            thread::sleep(ms(300)); // running (sleeping): can still release
            l1.release().unwrap();
        });
        held.wait();
        assert_eq!(l.acquire(&w.main(), None), Ok(true));
        t.join().unwrap();
        assert_eq!(w.reg.detections(), 0);
    });
}

#[test]
fn no_deadlock_while_someone_waits_with_a_timeout() {
    bounded(10, || {
        let w = World::new();
        let e = Arc::new(Event::new(&w.reg, "Event at nf.conc:2"));
        let never = Arc::new(Lock::new(&w.reg, "Lock at nf.conc:3"));
        never.try_acquire(1);
        let (e1, n1) = (e.clone(), never.clone());
        let t = w.spawn(2, "Poller", move |b| {
            // Timed waits: this thread can always still act.
            for _ in 0..4 {
                assert_eq!(n1.acquire(b, Some(ms(60))), Ok(false));
            }
            e1.set();
        });
        assert_eq!(e.wait(&w.main(), None), Ok(true));
        t.join().unwrap();
        // And a timed wait of main never counts as blocked.
        let e2 = Arc::new(Event::new(&w.reg, "Event at nf.conc:4"));
        assert_eq!(e2.wait(&w.main(), Some(ms(100))), Ok(false));
        assert_eq!(w.reg.detections(), 0);
    });
}

#[test]
fn no_deadlock_when_a_running_thread_sets_the_event_later() {
    bounded(10, || {
        let w = World::new();
        let e = Arc::new(Event::new(&w.reg, "Event at nf.conc:5"));
        let e1 = e.clone();
        let t = w.spawn(2, "Setter", move |_| {
            let mut x = 0u64;
            let start = Instant::now();
            while start.elapsed() < ms(200) {
                x = x.wrapping_add(1); // busy: running
            }
            assert!(x > 0);
            e1.set();
        });
        assert_eq!(e.wait(&w.main(), None), Ok(true));
        t.join().unwrap();
        assert_eq!(w.reg.detections(), 0);
    });
}

#[test]
fn no_deadlock_with_an_external_waker() {
    bounded(10, || {
        let w = World::new();
        let q: Arc<Queue<i32>> = Arc::new(Queue::new(&w.reg, 0, "Queue at nf.conc:6"));
        let guard = w.reg.external_waker();
        let (q1, b1) = (
            q.clone(),
            TB {
                id: 999,
                cancel: w.cancel.clone(),
            },
        );
        let h = thread::spawn(move || {
            thread::sleep(ms(150));
            q1.put(&b1, 5, None).unwrap();
            drop(guard);
        });
        assert_eq!(q.get(&w.main(), None), Ok(5));
        h.join().unwrap();
        assert_eq!(w.reg.detections(), 0);
    });
}

/// Many rounds of quick hand-offs where every wait is indefinite: threads
/// are constantly one step from "all blocked", and a racy detector would
/// report a deadlock sooner or later.
#[test]
fn no_false_deadlock_under_rapid_handoffs() {
    bounded(120, || {
        const ROUNDS: u64 = 3_000;
        let w = World::new();
        // Ping-pong through two one-slot queues.
        let ping: Arc<Queue<u64>> = Arc::new(Queue::new(&w.reg, 1, "Queue ping"));
        let pong: Arc<Queue<u64>> = Arc::new(Queue::new(&w.reg, 1, "Queue pong"));
        let (pi, po) = (ping.clone(), pong.clone());
        let echo = w.spawn(2, "Echo", move |b| {
            for _ in 0..ROUNDS {
                let v = pi.get(b, None).unwrap();
                po.put(b, v + 1, None).unwrap();
            }
        });
        // Event ping-pong between two more threads.
        let e1 = Arc::new(Event::new(&w.reg, "Event 1"));
        let e2 = Arc::new(Event::new(&w.reg, "Event 2"));
        let (a1, a2) = (e1.clone(), e2.clone());
        let ev_a = w.spawn(3, "EvA", move |b| {
            for _ in 0..ROUNDS {
                a1.wait(b, None).unwrap();
                a1.clear();
                a2.set();
            }
        });
        let (b1, b2) = (e1.clone(), e2.clone());
        let ev_b = w.spawn(4, "EvB", move |b| {
            for _ in 0..ROUNDS {
                b1.set();
                b2.wait(b, None).unwrap();
                b2.clear();
            }
        });
        // Lock + condition hand-off between two more threads.
        let lock = Arc::new(Lock::new(&w.reg, "Lock turn"));
        let cond = Arc::new(Condition::new(
            &w.reg,
            CondLock::Lock(lock),
            "Condition turn",
        ));
        let turn = Arc::new(AtomicU64::new(0));
        let mut cv_threads = vec![];
        for me in 0..2u64 {
            let (cond, turn) = (cond.clone(), turn.clone());
            cv_threads.push(w.spawn(5 + me, &format!("Turn-{me}"), move |b| {
                for _ in 0..ROUNDS / 4 {
                    cond.acquire(b, None).unwrap();
                    while turn.load(Ordering::SeqCst) % 2 != me {
                        cond.wait(b, None).unwrap();
                    }
                    turn.fetch_add(1, Ordering::SeqCst);
                    cond.notify_all(b.id).unwrap();
                    cond.release(b.id).unwrap();
                }
            }));
        }
        // A semaphore hand-off pool.
        let sem = Arc::new(Semaphore::new(&w.reg, 1, "Semaphore pool"));
        let mut sem_threads = vec![];
        for k in 0..3u64 {
            let sem = sem.clone();
            sem_threads.push(w.spawn(10 + k, &format!("Sem-{k}"), move |b| {
                for _ in 0..ROUNDS / 3 {
                    sem.acquire(b, None).unwrap();
                    sem.release(b.id, 1).unwrap();
                }
            }));
        }
        let b = w.main();
        for i in 0..ROUNDS {
            ping.put(&b, i, None).unwrap();
            assert_eq!(pong.get(&b, None), Ok(i + 1));
        }
        for (id, h) in [(2, echo), (3, ev_a), (4, ev_b)] {
            assert_eq!(w.reg.join(&b, id, None), Ok(true));
            h.join().unwrap();
        }
        for (i, h) in cv_threads.into_iter().enumerate() {
            assert_eq!(w.reg.join(&b, 5 + i as u64, None), Ok(true));
            h.join().unwrap();
        }
        for (i, h) in sem_threads.into_iter().enumerate() {
            assert_eq!(w.reg.join(&b, 10 + i as u64, None), Ok(true));
            h.join().unwrap();
        }
        assert_eq!(w.reg.detections(), 0);
        assert_eq!(w.reg.live_threads(), 1);
    });
}

/// Two threads hand a lock back and forth while main waits for both with
/// indefinite joins: the detector runs on every block and must stay quiet.
#[test]
fn no_false_deadlock_lock_handoff_with_joins() {
    bounded(60, || {
        let w = World::new();
        let l = Arc::new(Lock::new(&w.reg, "Lock hot"));
        let mut hs = vec![];
        for t in 0..4u64 {
            let l = l.clone();
            hs.push(w.spawn(2 + t, &format!("Thread-{t}"), move |b| {
                for i in 0..3_000u64 {
                    l.acquire(b, None).unwrap();
                    if i % 64 == 0 {
                        thread::yield_now();
                    }
                    l.release().unwrap();
                }
            }));
        }
        for (i, h) in hs.into_iter().enumerate() {
            assert_eq!(w.reg.join(&w.main(), 2 + i as u64, None), Ok(true));
            h.join().unwrap();
        }
        assert_eq!(w.reg.detections(), 0);
    });
}
