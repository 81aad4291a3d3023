//! No script may crash conc: one-line programs that used to abort the
//! process (allocation failure, capacity overflow), panic (format
//! precisions, a huge `--switch-interval`), hang (a panic in a thread) or
//! overflow the Rust stack (native recursion over deep structures) must end
//! in a conc exception with a Python traceback and exit status 1.
//!
//! Each program runs in the real binary with a time limit; it is killed
//! (and the test fails) past it. The address space is capped too, so that a
//! regression that really allocates what a script asks for fails here
//! instead of calling the OOM killer on the machine.
//!
//! The panic in a thread is tested through the embedding API: a host
//! function that panics on purpose, called from a script thread, with and
//! without the GIL (each mode in its own process: the first interpreter of
//! a process fixes the memory mode).

mod common;

use std::process::Command;
use std::time::Duration;

use conc::interp::object::Args;
use conc::interp::{Value, Vm};
use conc::{Config, Interpreter, PyResult};

/// How long one program may run.
const LIMIT: Duration = Duration::from_secs(30);

/// The address-space cap (KiB) the programs run under.
const ADDRESS_SPACE_KIB: u64 = 8 * 1024 * 1024;

/// Runs `conc [args] -c src` (address space capped, time limited).
fn conc(args: &[&str], src: &str) -> common::Output {
    let conc = common::conc_bin();
    let limit_then_exec = format!("ulimit -v {ADDRESS_SPACE_KIB}; exec \"$0\" \"$@\"");
    let mut argv: Vec<&std::ffi::OsStr> =
        vec!["-c".as_ref(), limit_then_exec.as_ref(), conc.as_os_str()];
    argv.extend(args.iter().map(std::ffi::OsStr::new));
    argv.extend(["-c".as_ref(), std::ffi::OsStr::new(src)]);
    let opts = common::RunOptions {
        timeout: LIMIT,
        ..common::RunOptions::default()
    };
    let run = common::run_with(std::path::Path::new("sh"), &argv, &opts).expect("run conc");
    assert!(
        !run.timed_out,
        "conc -c {src:?} ran longer than {LIMIT:?} (killed)"
    );
    run
}

/// `src` must end in an uncaught `exc` (the last line of the traceback,
/// optionally with a message) and exit status 1.
fn raises(src: &str, exc: &str) {
    raises_with(&[], src, exc);
}

fn raises_with(args: &[&str], src: &str, exc: &str) {
    let r = conc(args, src);
    let last = r.stderr.lines().last().unwrap_or("");
    assert!(
        r.code == Some(1)
            && r.stderr.starts_with("Traceback (most recent call last):")
            && (last == exc || last.starts_with(&format!("{exc}:")))
            && !r.stderr.contains("panicked"),
        "conc {args:?} -c {src:?}: expected {exc} and exit status 1, got status {:?}\nstderr:\n{}",
        r.code,
        r.stderr
    );
}

/// `src` must run (status 0) and print `expected`.
fn prints(src: &str, expected: &str) {
    let r = conc(&[], src);
    assert!(
        r.code == Some(0) && r.stdout == expected,
        "conc -c {src:?}: expected {expected:?}, got status {:?}\nstdout: {:?}\nstderr:\n{}",
        r.code,
        r.stdout,
        r.stderr
    );
}

// ----- sizes from a script's numbers ---------------------------------------

#[test]
fn sizes_beyond_ssize_t_are_overflow_errors() {
    raises("(1).to_bytes(2**63 - 1, 'big')", "OverflowError");
    raises("(1).to_bytes(2**63, 'big')", "OverflowError");
    raises(
        "import random; random.getrandbits(2**63 - 1)",
        "OverflowError",
    );
    raises("import random; random.getrandbits(2**40)", "OverflowError");
    raises("'a\\tb'.expandtabs(2**63 - 1)", "OverflowError");
    raises("'a'.center(2**63)", "OverflowError");
    raises("'a'.zfill(2**63)", "OverflowError");
    raises("bytes(2**63)", "OverflowError");
    raises("'%.*f' % (2**40, 1.0)", "OverflowError");
    raises("'ab' * 2**62", "OverflowError");
}

#[test]
fn sizes_the_machine_cannot_hold_are_memory_errors() {
    raises("'{:>1000000000000000}'.format(1)", "MemoryError");
    raises("'%*d' % (10**15, 1)", "MemoryError");
    raises("f\"{'a':1000000000000000}\"", "MemoryError");
    raises("(12345).to_bytes(2**40)", "MemoryError");
    raises("bytes(2**40)", "MemoryError");
    raises("[0] * 2**40", "MemoryError");
    raises("b'ab' * 2**40", "MemoryError");
    raises("list(range(2**40))", "MemoryError");
    raises("'a'.center(2**40)", "MemoryError");
    raises("'a'.ljust(2**40, '*')", "MemoryError");
    raises("'-1'.zfill(2**40)", "MemoryError");
    raises("'%-1000000000000000s' % 'x'", "MemoryError");
    raises("'%0*d' % (10**15, 1)", "MemoryError");
    raises("'{:01000000000000000,}'.format(1)", "MemoryError");
    raises("'{:1000000000000000.3f}'.format(1.5)", "MemoryError");
    raises("import os; os.urandom(2**62)", "MemoryError");
    raises("import secrets; secrets.token_bytes(2**62)", "MemoryError");
    raises(
        "import struct; struct.pack('4611686018427387904s', b'')",
        "MemoryError",
    );
    // ... and the interpreter goes on after one.
    prints(
        "try:\n    ' ' * 2**50\nexcept MemoryError:\n    print('ok', 'a'.center(5, '*'))",
        "ok **a**\n",
    );
}

#[test]
fn width_and_precision_limits_are_value_errors() {
    raises("'{:10000000000000000000}'.format(1)", "ValueError");
    raises("'%10000000000000000000d' % 1", "ValueError");
    raises("'%.1000000000000f' % 1.5", "ValueError");
    raises("'%.1000000000000000d' % 1", "ValueError");
    raises("'{:.1000000000000f}'.format(1.0)", "ValueError");
}

// ----- hangs ----------------------------------------------------------------

#[test]
fn counts_no_machine_can_serve_fail_at_once() {
    // CPython refuses these before computing anything; they used to run
    // (practically) forever.
    raises("import math; math.perm(10**100)", "OverflowError");
    raises("import math; math.perm(2**64, 2**64)", "OverflowError");
    raises("import math; math.comb(2**64, 2**63)", "OverflowError");
    raises("import math; math.perm(-1)", "ValueError");
    raises("import itertools; itertools.tee([1], 2**40)", "MemoryError");
    raises(
        "import itertools; itertools.tee([1], 2**63)",
        "OverflowError",
    );
    raises("import itertools; itertools.tee([1], -1)", "ValueError");
    raises(
        "import itertools; itertools.product('a', repeat=-1)",
        "ValueError",
    );
    // An int past i64 is in no range (whose bounds are i64), known at once.
    prints(
        "r = range(2**63 - 1); print(2**64 in r, r.count(-2**64), 10**100 in range(-2**63, 2**63 - 1, 3))",
        "False 0 False\n",
    );
    raises("range(2**63 - 1).index(2**1000)", "ValueError");
    // A container holding itself many times prints in linear time.
    prints(
        "a = [1]; a.append(a); a *= 10**6; d = {}; d.update((i, d) for i in range(10**5)); \
         print(len(repr(a)), repr(a)[:12], len(repr(d)))",
        "10000000 [1, [...], 1 1388890\n",
    );
    // Small counts still work, and a huge product is lazy.
    prints(
        "import math; print(math.perm(5), math.perm(5, 2), math.comb(2**64, 2**64 - 1))",
        "120 20 18446744073709551616\n",
    );
    prints(
        "import itertools as it; print(next(it.product(range(10**6), range(10**6), repeat=2)))",
        "(0, 0, 0, 0)\n",
    );
}

// ----- panics ---------------------------------------------------------------

#[test]
fn precisions_beyond_rusts_limit_format_every_digit() {
    // Lengths and digits as CPython 3.11 prints them.
    prints(
        "s = '%.65536f' % 1.5; print(len(s), s[:5], set(s[3:]))",
        "65538 1.500 {'0'}\n",
    );
    prints(
        "s = '{:.70000e}'.format(1.0); print(len(s), s[:4], s[-4:], set(s[2:-4]))",
        "70006 1.00 e+00 {'0'}\n",
    );
    prints(
        "s = f'{10:.70000%}'; print(len(s), s[:6], s[-1], set(s[5:-1]))",
        "70006 1000.0 % {'0'}\n",
    );
    // The exact binary value of 0.1, then zeros.
    prints(
        "s = '%.70000f' % 0.1; print(s[:58], set(s[57:]))",
        "0.10000000000000000555111512312578270211815834045410156250 {'0'}\n",
    );
    prints(
        "print('{:.70000g}'.format(0.1))",
        "0.1000000000000000055511151231257827021181583404541015625\n",
    );
    prints(
        "s = '{:#.70000g}'.format(2.5); print(len(s), s[:4], set(s[3:]))",
        "70001 2.50 {'0'}\n",
    );
}

#[test]
fn huge_switch_intervals_are_errors_not_panics() {
    raises("import sys; sys.setswitchinterval(2**63)", "OverflowError");
    raises("import sys; sys.setswitchinterval(1e300)", "OverflowError");
    let r = conc(&["--switch-interval", "1e300"], "pass");
    assert!(
        r.code == Some(2) && r.stderr.starts_with("conc: ") && !r.stderr.contains("panicked"),
        "--switch-interval 1e300: expected a usage error (status 2), got {:?}\n{}",
        r.code,
        r.stderr
    );
}

/// A host function with a bug.
fn boom(_vm: &mut Vm, _args: Args<'_>) -> PyResult<Value> {
    panic!("boom went off");
}

const THREAD_PANIC: &str = "\
import thread
caught = []
def catching():
    try:
        boom()
    except SystemError as e:
        caught.append(str(e))
t = thread.Thread(target=catching)
t.start()
t.join()
u = thread.Thread(target=boom)
u.start()
u.join()
alive = u.is_alive()
try:
    boom()
except SystemError as e:
    caught.append('main: ' + str(e))
";

/// Runs [`THREAD_PANIC`] in an interpreter with a panicking `boom`
/// builtin; the script must finish (joins return) within [`LIMIT`], the
/// panics be SystemErrors, and the interpreter stay usable.
fn thread_panic_is_a_system_error(gil: bool) {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut interp = Interpreter::new(Config {
            gil,
            ..Config::default()
        });
        conc::stdlib::install(&mut interp);
        // A native function of the VM layer (it panics, which a host
        // closure could too, but this one panics inside the VM's own call).
        interp.with_gil(|gil| {
            gil.with_vm(|vm| {
                let f = vm.new_native_fn("boom", boom);
                vm.set_builtin("boom", f);
            })
        });
        let ran = interp.run_source(THREAD_PANIC, "<test>").map(|_| ());
        let ran = ran.map_err(|e| interp.format_error(e));
        let caught = interp
            .eval::<String>("repr((caught, alive))")
            .unwrap_or_else(|e| interp.format_error(e));
        let later = interp.eval::<i64>("sum(range(10))").ok();
        let _ = tx.send((ran, caught, later));
    });
    let (ran, caught, later) = rx
        .recv_timeout(LIMIT)
        .unwrap_or_else(|_| panic!("gil={gil}: a panic in a thread hung the interpreter"));
    assert_eq!(ran, Ok(()), "gil={gil}");
    let msg = "internal error in boom: boom went off";
    assert_eq!(
        caught,
        format!("(['{msg}', 'main: {msg}'], False)"),
        "gil={gil}"
    );
    assert_eq!(later, Some(45), "gil={gil}: the interpreter is unusable");
}

/// The environment variable that makes [`panic_in_thread_child`] run, in
/// a process of its own.
const CHILD_MODE: &str = "CONC_TEST_PANIC_CHILD";

#[test]
fn panic_in_thread_child() {
    match std::env::var(CHILD_MODE).as_deref() {
        Ok("gil") => thread_panic_is_a_system_error(true),
        Ok("nogil") => thread_panic_is_a_system_error(false),
        Ok("hook") => {
            conc::interp::panic_hook::install();
            thread_panic_is_a_system_error(true)
        }
        _ => {}
    }
}

/// Runs [`panic_in_thread_child`] in `mode` with `env` set; returns the
/// child's stderr.
fn run_child_with(mode: &str, env: &[(&str, &str)]) -> String {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args(["--exact", "panic_in_thread_child", "--nocapture"])
        .env(CHILD_MODE, mode)
        .env_remove("RUST_BACKTRACE")
        .env_remove("CONC_RUST_BACKTRACE");
    for (name, value) in env {
        cmd.env(name, value);
    }
    let out = cmd.output().expect("run the test binary");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "{mode}: {}\n{stdout}\n{stderr}",
        out.status,
    );
    stderr
}

fn run_child(mode: &str) {
    run_child_with(mode, &[]);
}

/// conc's panic hook keeps Rust's `panicked at` report off stderr for the
/// panics that become SystemErrors (the binary installs it), unless
/// CONC_RUST_BACKTRACE asks for them.
#[test]
fn caught_panics_print_no_rust_report() {
    let quiet = run_child_with("hook", &[]);
    assert!(!quiet.contains("panicked at"), "{quiet}");
    let loud = run_child_with("hook", &[("CONC_RUST_BACKTRACE", "1")]);
    assert!(loud.contains("boom went off"), "{loud}");
    // Without the hook, Rust's default one reports them.
    let default = run_child_with("gil", &[]);
    assert!(default.contains("panicked at"), "{default}");
}

#[test]
fn panic_in_a_thread_is_a_system_error_with_the_gil() {
    run_child("gil");
}

#[test]
fn panic_in_a_thread_is_a_system_error_without_the_gil() {
    run_child("nogil");
}

// ----- native recursion -------------------------------------------------------

#[test]
fn nested_iterators_are_recursion_errors() {
    for wrap in ["filter(None, x)", "map(abs, x)", "enumerate(x)", "zip(x)"] {
        raises(
            &format!("x = iter([1])\nfor i in range(1000000):\n    x = {wrap}\nnext(x)"),
            "RecursionError",
        );
    }
}

#[test]
fn deep_structures_are_recursion_errors() {
    // Tuple hashing is bounded by the Rust stack, not the recursion limit
    // (CPython hashes a tuple nested 10^5 deep): whether 10^6 levels fit
    // depends on the frame size the compiler gives the hash recursion. It
    // must end in a hash or a RecursionError, never a crash.
    let r = conc(
        &[],
        "t = ()\nfor i in range(1000000):\n    t = (t,)\nprint(hash(t))",
    );
    let hashed = r.code == Some(0) && r.stdout.trim().parse::<i64>().is_ok();
    let refused = r.code == Some(1)
        && r.stderr
            .trim_end()
            .ends_with("RecursionError: maximum recursion depth exceeded");
    assert!(
        hashed || refused,
        "hash of a 10^6-deep tuple: status {:?}\nstdout:\n{}\nstderr:\n{}",
        r.code,
        r.stdout,
        r.stderr
    );
    raises(
        "a = []; b = []\nfor i in range(1000000):\n    a = [a]; b = [b]\na == b",
        "RecursionError",
    );
    raises(
        "a = (); b = ()\nfor i in range(1000000):\n    a = (a,); b = (b,)\na == b",
        "RecursionError",
    );
    raises(
        "a = []; b = []\nfor i in range(1000000):\n    a = [a]; b = [b]\na < b",
        "RecursionError",
    );
    raises(
        "a = {}; b = {}\nfor i in range(1000000):\n    a = {1: a}; b = {1: b}\na == b",
        "RecursionError",
    );
    raises(
        "a = []; a.append(a); b = []; b.append(b); a == b",
        "RecursionError",
    );
    raises(
        "a = []\nfor i in range(1000000):\n    a = [a]\nrepr(a)",
        "RecursionError",
    );
    raises(
        "d = {}\nfor i in range(1000000):\n    d = {'k': d}\nstr(d)",
        "RecursionError",
    );
    // CPython bounds a tuple's hash by the C stack, not the recursion
    // limit: 10^5 levels hash (10^6 crash CPython; RecursionError above).
    prints(
        "t = ()\nfor i in range(100000):\n    t = (t,)\nh = hash(t)\nprint(type(h).__name__, h == hash(t), {t: 1}[t])",
        "int True 1\n",
    );
    // Values sent to another process: the encoder refuses deep nesting
    // (CPython's pickler raises RecursionError in the queue's feeder).
    prints(
        "import multiprocessing as mp\na = []\nfor i in range(100000):\n    a = [a]\ntry:\n    mp.Queue().put(a)\nexcept RecursionError as e:\n    print('RecursionError', e)",
        "RecursionError maximum recursion depth exceeded while serializing an object\n",
    );
    // Shallow ones still work, and the depth is back to zero afterwards.
    prints(
        "a = []; a.append(a); b = []; b.append(b)\ntry:\n    a == b\nexcept RecursionError:\n    pass\nt = ((1,),)\nprint(t == ((1,),), hash(t) == hash(((1,),)), [[1]] < [[2]])",
        "True True True\n",
    );
}

// ----- sizes that used to take quadratic time ---------------------------------
//
// Each used to run for tens of seconds; linear code takes well under one, so
// [`LIMIT`] only catches a return of the quadratic step.

#[test]
fn a_call_with_100k_keyword_arguments_compiles() {
    prints(
        "def f(**kw):\n    return len(kw), kw['a99999']\n\
         src = 'f(' + ', '.join(f'a{i}={i}' for i in range(100000)) + ')'\n\
         print(eval(src))",
        "(100000, 99999)\n",
    );
    // The repeated name is still found, at the end of a long list.
    raises(
        "eval('f(' + ', '.join(f'a{i}={i}' for i in range(100000)) + ', a5=0)')",
        "SyntaxError",
    );
    prints(
        "src = 'def g(' + ', '.join(f'p{i}' for i in range(100000)) + '): return p99999'\n\
         exec(src)\nprint(g(*range(100000)))",
        "99999\n",
    );
}

#[test]
fn a_200k_long_cause_chain_prints() {
    let r = conc(
        &[],
        "e = None\nfor i in range(200000):\n    n = ValueError(i)\n    n.__cause__ = e\n    e = n\nraise e",
    );
    let links = r
        .stderr
        .matches("The above exception was the direct cause of the following exception:")
        .count();
    assert!(
        r.code == Some(1)
            && links == 199_999
            && r.stderr.starts_with("ValueError: 0\n")
            && r.stderr.ends_with("ValueError: 199999\n"),
        "status {:?}, {links} links, stderr starts {:?}",
        r.code,
        &r.stderr[..r.stderr.len().min(200)]
    );
}
