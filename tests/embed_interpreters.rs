//! Several interpreters in one process, each with its own GIL: they run at
//! the same time on different host threads, a script thread takes its own
//! interpreter's GIL, names never leak from one to the other, handles of
//! one are refused by the other, and one may end while another runs.
//!
//! Concurrency is shown by behaviour, never by timing: a host function
//! that waits for the other interpreter *while holding its own GIL*
//! (no `allow_threads`) returns true only if the other interpreter ran
//! meanwhile, which a GIL shared between them would forbid. Every wait is
//! bounded, so a shared GIL fails the test instead of hanging it.

use std::collections::HashSet;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use conc::{Config, Error, Interpreter, Owned};

/// How long a rendezvous waits for its partner before giving up.
const PATIENCE: Duration = Duration::from_secs(20);

/// Named meeting points between interpreters: `arrive(me)` marks `me` and
/// `wait_for(other)` waits (bounded) until `other` has arrived.
#[derive(Default)]
struct Rendezvous {
    arrived: Mutex<HashSet<String>>,
    changed: Condvar,
}

impl Rendezvous {
    fn arrive(&self, who: &str) {
        self.arrived.lock().unwrap().insert(who.to_string());
        self.changed.notify_all();
    }

    /// True once `who` has arrived; false after [`PATIENCE`].
    fn wait_for(&self, who: &str) -> bool {
        let deadline = Instant::now() + PATIENCE;
        let mut arrived = self.arrived.lock().unwrap();
        while !arrived.contains(who) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            arrived = self.changed.wait_timeout(arrived, left).unwrap().0;
        }
        true
    }
}

/// An interpreter with the standard library and `meet(me, other)`: marks
/// `me` arrived and waits for `other` *with the GIL held*.
fn interpreter(meeting: &Arc<Rendezvous>) -> Interpreter {
    let mut interp = Interpreter::new(Config::default());
    conc::stdlib::install(&mut interp);
    let meeting = meeting.clone();
    interp
        .register_fn("meet", move |me: String, other: String| {
            meeting.arrive(&me);
            Ok::<_, Error>(meeting.wait_for(&other))
        })
        .unwrap();
    interp
}

/// CPU-bound work with a known answer: the sum of i*i below n.
const WORK: &str = "def work(n):\n    total = 0\n    for i in range(n):\n        total += i * i\n    return total\n";

fn expected_work(n: i64) -> i64 {
    (0..n).map(|i| i * i).sum()
}

/// Runs a script that works, meets the other interpreter mid-run, works
/// again; returns (met, first, second).
fn run_half_and_meet(interp: &mut Interpreter, me: &str, other: &str) -> (bool, i64, i64) {
    interp.run_source(WORK, "work.conc").unwrap();
    interp
        .run_source(
            &format!("first = work(30000)\nmet = meet('{me}', '{other}')\nsecond = work(40000)\n"),
            "run.conc",
        )
        .unwrap();
    (
        interp.get_global("met").unwrap(),
        interp.get_global("first").unwrap(),
        interp.get_global("second").unwrap(),
    )
}

/// An interpreter may be moved to, and driven from, another host thread.
const _: () = {
    const fn is_send<T: Send>() {}
    is_send::<Interpreter>();
};

#[test]
fn two_interpreters_on_two_threads_run_at_the_same_time() {
    let meeting = Arc::new(Rendezvous::default());
    let (ma, mb) = (meeting.clone(), meeting.clone());
    let a = std::thread::spawn(move || run_half_and_meet(&mut interpreter(&ma), "a", "b"));
    let b = std::thread::spawn(move || run_half_and_meet(&mut interpreter(&mb), "b", "a"));
    for (name, result) in [("a", a.join().unwrap()), ("b", b.join().unwrap())] {
        let (met, first, second) = result;
        assert!(
            met,
            "interpreter {name} waited with its GIL held and the other never arrived"
        );
        assert_eq!(first, expected_work(30000), "{name}");
        assert_eq!(second, expected_work(40000), "{name}");
    }
}

#[test]
fn two_interpreters_on_one_host_thread_are_independent() {
    let meeting = Arc::new(Rendezvous::default());
    let mut one = interpreter(&meeting);
    let mut two = interpreter(&meeting);
    assert_ne!(one.id(), two.id());
    one.run_source("secret = 'one'\nimport sys\nsys.tag = 1\n", "one.conc")
        .unwrap();
    one.register_fn("only_in_one", || Ok::<_, Error>(1))
        .unwrap();
    one.register_module("hostmod", |m| m.set("WHO", "one").map(drop))
        .unwrap();
    // Globals, builtins, modules and module attributes stay with their
    // interpreter.
    let err = two.get_global::<String>("secret").unwrap_err();
    assert_eq!(err.to_string(), "NameError: name 'secret' is not defined");
    let err = two.eval::<i64>("only_in_one()").unwrap_err();
    assert_eq!(err.type_name(), Some("NameError"));
    let err = two.run_source("import hostmod\n", "two.conc").unwrap_err();
    assert_eq!(err.type_name(), Some("ModuleNotFoundError"));
    assert!(!two
        .eval::<bool>("hasattr(__import__('sys'), 'tag')")
        .unwrap());
    // The same names set in the other do not disturb the first.
    two.run_source("secret = 'two'\n", "two.conc").unwrap();
    assert_eq!(one.get_global::<String>("secret").unwrap(), "one");
    assert_eq!(two.get_global::<String>("secret").unwrap(), "two");
    // Builtin classes are objects of their interpreter too: one's `list`
    // is refused by the other.
    let one_list: Owned = one.eval("list").unwrap();
    let err = two.set_global("foreign_list", one_list).unwrap_err();
    assert!(err.to_string().contains("another interpreter"), "{err}");
}

#[test]
fn a_script_thread_takes_its_own_interpreters_gil() {
    let meeting = Arc::new(Rendezvous::default());
    let mut a = interpreter(&meeting);
    let mut b = interpreter(&meeting);
    // A's script thread meets B's main thread while holding A's GIL, then
    // spins (CPU-bound, never releasing A's GIL by itself) until told to
    // stop.
    a.run_source(
        "import threading\n\
         stop = False\n\
         met = []\n\
         def worker():\n    met.append(meet('a-thread', 'b-main'))\n    n = 0\n    while not stop:\n        n += 1\n\
         t = threading.Thread(target=worker, name='spinner')\n\
         t.start()\n",
        "a.conc",
    )
    .unwrap();
    assert!(b.eval::<bool>("meet('b-main', 'a-thread')").unwrap());
    // B keeps running while A's thread spins.
    b.run_source(WORK, "work.conc").unwrap();
    assert_eq!(b.eval::<i64>("work(20000)").unwrap(), expected_work(20000));
    // The thread registered with A's GIL, not B's.
    let names = |interp: &Interpreter| -> Vec<String> {
        interp
            .gil_lock()
            .stats()
            .into_iter()
            .map(|t| t.name)
            .collect()
    };
    assert!(
        names(&a).iter().any(|n| n.contains("spinner")),
        "{:?}",
        names(&a)
    );
    assert!(
        !names(&b).iter().any(|n| n.contains("spinner")),
        "{:?}",
        names(&b)
    );
    a.set_global("stop", true).unwrap();
    a.run_source("t.join(20)\nalive = t.is_alive()\n", "join.conc")
        .unwrap();
    assert!(!a.get_global::<bool>("alive").unwrap());
    assert_eq!(a.get_global::<Vec<bool>>("met").unwrap(), [true]);
}

#[test]
fn dropping_one_interpreter_while_the_other_runs() {
    let meeting = Arc::new(Rendezvous::default());
    let mut doomed = interpreter(&meeting);
    // It has threads, objects, a module and a held handle when it goes.
    doomed
        .run_source(
            "import threading, json\n\
             data = [{'k': i} for i in range(1000)]\n\
             def idle():\n    threading.Event().wait(0.05)\n\
             threading.Thread(target=idle, daemon=True).start()\n",
            "doomed.conc",
        )
        .unwrap();
    let held: Owned = doomed.get_global("data").unwrap();
    let mb = meeting.clone();
    let survivor = std::thread::spawn(move || {
        let mut b = interpreter(&mb);
        b.run_source(WORK, "work.conc").unwrap();
        b.run_source(
            "first = work(20000)\nmet = meet('b-running', 'dropped')\nsecond = work(20000)\n",
            "b.conc",
        )
        .unwrap();
        let (met, first, second): (bool, i64, i64) = (
            b.get_global("met").unwrap(),
            b.get_global("first").unwrap(),
            b.get_global("second").unwrap(),
        );
        (met, first, second)
    });
    // Drop it while the survivor is mid-run (waiting in `meet`).
    assert!(meeting.wait_for("b-running"));
    drop(doomed);
    drop(held);
    meeting.arrive("dropped");
    let (met, first, second) = survivor.join().unwrap();
    assert!(met);
    assert_eq!(first, expected_work(20000));
    assert_eq!(second, expected_work(20000));
}

#[test]
fn handles_of_another_interpreter_are_refused_naming_both() {
    let meeting = Arc::new(Rendezvous::default());
    let mut one = interpreter(&meeting);
    let mut two = interpreter(&meeting);
    let theirs: Owned = one.eval("[1, 2, 3]").unwrap();
    let (id_one, id_two) = (one.id(), two.id());
    // As an argument: a RuntimeError naming both interpreters.
    let err = two.call::<usize>("len", (&theirs,)).unwrap_err();
    assert_eq!(err.type_name(), Some("RuntimeError"));
    let text = err.to_string();
    assert!(
        text.contains(&format!("interpreter {id_one}"))
            && text.contains(&format!("interpreter {id_two}")),
        "{text}"
    );
    // Bound in the wrong scope: a panic naming both, caught by the host;
    // both interpreters go on working.
    let shared = &theirs;
    let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        two.with_gil(|gil| shared.bind(gil).len())
    }))
    .unwrap_err();
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(
        message.contains(&format!("interpreter {id_one}"))
            && message.contains(&format!("interpreter {id_two}")),
        "{message}"
    );
    assert_eq!(one.with_gil(|gil| theirs.bind(gil).len()).unwrap(), 3);
    assert_eq!(two.eval::<i64>("1 + 1").unwrap(), 2);
    // An exception object of one raised through a host function of the
    // other arrives as a RuntimeError, not as the foreign object.
    let one = Arc::new(Mutex::new(one));
    let relay_from = one.clone();
    two.register_fn_with_gil("fail_in_one", move |_gil: conc::Gil<'_>| {
        let mut one = relay_from.lock().unwrap();
        one.with_gil(|gil| gil.eval("1 / 0").map(drop))
    })
    .unwrap();
    two.run_source(
            "try:\n    fail_in_one()\nexcept ZeroDivisionError:\n    kind = 'zero'\nexcept RuntimeError as e:\n    kind = str(e)\n",
            "relay.conc",
        )
        .unwrap();
    let kind: String = two.get_global("kind").unwrap();
    assert!(kind.contains("another interpreter"), "{kind}");
}

#[test]
fn signal_handlers_belong_to_one_interpreter_at_a_time() {
    let meeting = Arc::new(Rendezvous::default());
    let mut first = interpreter(&meeting);
    let mut second = interpreter(&meeting);
    let set_handler = "import signal\n\
        def on_usr2(signum, frame):\n    pass\n\
        try:\n    signal.signal(signal.SIGUSR2, on_usr2)\n    outcome = 'set'\n\
        except ValueError as e:\n    outcome = str(e)\n";
    first.run_source(set_handler, "first.conc").unwrap();
    assert_eq!(first.get_global::<String>("outcome").unwrap(), "set");
    second.run_source(set_handler, "second.conc").unwrap();
    assert_eq!(
        second.get_global::<String>("outcome").unwrap(),
        "signal only works in main thread of the main interpreter"
    );
    // Once the owner has ended, another interpreter may take its place.
    drop(first);
    second.run_source(set_handler, "second.conc").unwrap();
    assert_eq!(second.get_global::<String>("outcome").unwrap(), "set");
}
