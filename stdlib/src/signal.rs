//! The `signal` module: script handlers for signals, run in the main thread
//! between instructions as in CPython, plus `alarm`, `raise_signal`,
//! `getsignal`, `SIG_DFL`/`SIG_IGN`, `default_int_handler` and the
//! `Signals`/`Handlers` enums.
//!
//! Native because it touches the OS: a signal with a script handler (or
//! `SIG_IGN`) is registered with `signal-hook`, whose watcher thread marks
//! it pending here and sets the eval breaker's `SIGNALS_PENDING` bit; the
//! main thread's next poll point (or its interrupted sleep or wait) calls
//! the hook installed in the interpreter, which runs the handlers through
//! the module's conc `_dispatch`. SIGINT keeps the binary's Ctrl-C handler:
//! a pending signal with no mark is SIGINT. A signal set back to `SIG_DFL`
//! after a handler keeps its registration and gets the default action
//! emulated when it arrives (the registration cannot be undone).
//!
//! Signals belong to the process, script handlers to one interpreter: the
//! first live interpreter whose main thread calls `signal.signal` owns
//! them (CPython allows only its main interpreter), and the watcher wakes
//! that one. In another interpreter `signal.signal` raises CPython's
//! `ValueError`. When the owner ends, the next interpreter to set a
//! handler takes its place, starting from the default dispositions.

use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};

use conc_interp::object::{Args, NativeFnPtr};
use conc_interp::prelude::*;
use conc_interp::vm::breaker::{set_signal_hook, SIGNALS_PENDING};
use conc_interp::vm::threads::InterruptHandle;
use nix::sys::signal::Signal;

use crate::util::{arity, exec_in_module, index_i64, new_module};

/// Signal numbers are below this (Linux's `NSIG`).
const NSIG: usize = 65;

/// What a signal registered with the watcher does when it arrives.
const DEFAULT: u8 = 0;
const IGNORE: u8 = 1;
const HANDLER: u8 = 2;

static PENDING: [AtomicBool; NSIG] = [const { AtomicBool::new(false) }; NSIG];
static DISPOSITION: [AtomicU8; NSIG] = [const { AtomicU8::new(DEFAULT) }; NSIG];

/// The watcher thread's handle, to add signals to it.
static WATCHER: OnceLock<Mutex<signal_hook::iterator::Handle>> = OnceLock::new();

/// The interpreter that owns the script handlers, and how to wake it.
static OWNER: Mutex<Option<Owner>> = Mutex::new(None);

struct Owner {
    /// The owner's seat: gone once that interpreter has ended.
    seat: Weak<SignalSeat>,
    interrupt: InterruptHandle,
}

/// Held by each interpreter (an extension of its state), so the owner's
/// end shows in [`OWNER`].
#[derive(Default)]
struct SignalSeat;

/// Whether `vm`'s interpreter owns the signal handlers, taking the place
/// if no live interpreter holds it.
fn claim(vm: &Vm) -> bool {
    let seat = vm.extension::<SignalSeat>();
    let mut owner = OWNER.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(current) = owner.as_ref().and_then(|o| o.seat.upgrade()) {
        return Arc::ptr_eq(&current, &seat);
    }
    if owner.is_some() {
        // The last owner ended: its handlers went with it.
        for (disposition, pending) in DISPOSITION.iter().zip(&PENDING) {
            disposition.store(DEFAULT, Ordering::Release);
            pending.store(false, Ordering::Release);
        }
    }
    *owner = Some(Owner {
        seat: Arc::downgrade(&seat),
        interrupt: vm.interrupt_handle(),
    });
    true
}

/// Wakes the owner's main thread to run the pending handlers.
fn wake_owner() {
    let owner = OWNER.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(o) = owner.as_ref() {
        o.interrupt.interrupt();
    }
}

/// The signals the module names, with their numbers.
const SIGNALS: &[(&str, Signal)] = &[
    ("SIGHUP", Signal::SIGHUP),
    ("SIGINT", Signal::SIGINT),
    ("SIGQUIT", Signal::SIGQUIT),
    ("SIGILL", Signal::SIGILL),
    ("SIGTRAP", Signal::SIGTRAP),
    ("SIGABRT", Signal::SIGABRT),
    ("SIGBUS", Signal::SIGBUS),
    ("SIGFPE", Signal::SIGFPE),
    ("SIGKILL", Signal::SIGKILL),
    ("SIGUSR1", Signal::SIGUSR1),
    ("SIGSEGV", Signal::SIGSEGV),
    ("SIGUSR2", Signal::SIGUSR2),
    ("SIGPIPE", Signal::SIGPIPE),
    ("SIGALRM", Signal::SIGALRM),
    ("SIGTERM", Signal::SIGTERM),
    ("SIGCHLD", Signal::SIGCHLD),
    ("SIGCONT", Signal::SIGCONT),
    ("SIGSTOP", Signal::SIGSTOP),
    ("SIGTSTP", Signal::SIGTSTP),
    ("SIGTTIN", Signal::SIGTTIN),
    ("SIGTTOU", Signal::SIGTTOU),
    ("SIGURG", Signal::SIGURG),
    ("SIGXCPU", Signal::SIGXCPU),
    ("SIGXFSZ", Signal::SIGXFSZ),
    ("SIGVTALRM", Signal::SIGVTALRM),
    ("SIGPROF", Signal::SIGPROF),
    ("SIGWINCH", Signal::SIGWINCH),
    ("SIGIO", Signal::SIGIO),
    ("SIGPWR", Signal::SIGPWR),
    ("SIGSYS", Signal::SIGSYS),
];

fn invalid_argument() -> Error {
    Error::new(ExcKind::OSError, "[Errno 22] Invalid argument")
}

/// Starts the watcher thread on first use; it marks arriving signals and
/// wakes the main thread, or applies `SIG_IGN`/`SIG_DFL` itself.
fn watcher() -> PyResult<&'static Mutex<signal_hook::iterator::Handle>> {
    if let Some(w) = WATCHER.get() {
        return Ok(w);
    }
    let mut signals = signal_hook::iterator::Signals::new(std::iter::empty::<i32>())
        .map_err(|e| Error::new(ExcKind::OSError, e.to_string()))?;
    let handle = signals.handle();
    std::thread::Builder::new()
        .name("conc-signals".into())
        .spawn(move || {
            for sig in signals.forever() {
                let Some(i) = usize::try_from(sig).ok().filter(|&i| i < NSIG) else {
                    continue;
                };
                match DISPOSITION[i].load(Ordering::Acquire) {
                    HANDLER => {
                        PENDING[i].store(true, Ordering::Release);
                        wake_owner();
                    }
                    IGNORE => {}
                    _ => {
                        let _ = signal_hook::low_level::emulate_default_handler(sig);
                    }
                }
            }
        })
        .map_err(|e| Error::new(ExcKind::OSError, e.to_string()))?;
    Ok(WATCHER.get_or_init(|| Mutex::new(handle)))
}

/// `_set_disposition(signum, kind)`: 0 default, 1 ignore, 2 script handler.
fn set_disposition(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("_set_disposition", &args, 2, 2)?;
    let sig = index_i64(vm, &args.pos()[0])?;
    let kind = index_i64(vm, &args.pos()[1])?;
    let i = usize::try_from(sig)
        .ok()
        .filter(|&i| (1..NSIG).contains(&i))
        .ok_or_else(|| Error::value_error("signal number out of range"))?;
    if signal_hook::consts::FORBIDDEN.contains(&(sig as i32)) {
        return Err(invalid_argument());
    }
    let kind = match kind {
        1 => IGNORE,
        2 => HANDLER,
        _ => DEFAULT,
    };
    DISPOSITION[i].store(kind, Ordering::Release);
    // A signal never registered keeps the OS default without the watcher;
    // one registered before gets the default emulated by the watcher.
    if kind != DEFAULT {
        let w = watcher()?;
        let handle = w.lock().unwrap_or_else(|p| p.into_inner());
        handle
            .add_signal(sig as i32)
            .map_err(|_| invalid_argument())?;
    }
    Ok(Value::None)
}

/// The interpreter's signal hook: runs the handlers of the marked signals
/// in the main thread; no mark means Ctrl-C (SIGINT).
fn run_pending(vm: &mut Vm) -> PyResult<()> {
    let marked: Vec<i64> = (1..NSIG)
        .filter(|&i| PENDING[i].swap(false, Ordering::AcqRel))
        .map(|i| i as i64)
        .collect();
    let signals = if marked.is_empty() {
        vec![Signal::SIGINT as i64]
    } else {
        marked
    };
    let module = vm.import_module("signal")?;
    let dispatch = vm.get_attr(&module, "_dispatch")?;
    for (n, sig) in signals.iter().enumerate() {
        if let Err(e) = vm.call(&dispatch, &[Value::Int(*sig)]) {
            // The rest run at the next poll point, after this exception.
            for later in &signals[n + 1..] {
                PENDING[*later as usize].store(true, Ordering::Release);
            }
            if n + 1 < signals.len() {
                vm.request_break(SIGNALS_PENDING);
            }
            return Err(e);
        }
    }
    Ok(())
}

/// `alarm(seconds)`: SIGALRM after `seconds` (0 cancels); the seconds left
/// of the previous alarm.
fn alarm(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("alarm", &args, 1, 1)?;
    let secs = index_i64(vm, &args.pos()[0])?;
    let secs = u32::try_from(secs)
        .map_err(|_| Error::overflow_error("signed integer is greater than maximum"))?;
    let previous = if secs == 0 {
        nix::unistd::alarm::cancel()
    } else {
        nix::unistd::alarm::set(secs)
    };
    Ok(Value::Int(previous.unwrap_or(0) as i64))
}

/// `raise_signal(signum)`: sends the signal to this process.
fn raise_signal(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("raise_signal", &args, 1, 1)?;
    let sig = index_i64(vm, &args.pos()[0])?;
    let sig = i32::try_from(sig)
        .ok()
        .and_then(|s| Signal::try_from(s).ok())
        .ok_or_else(|| Error::value_error("signal number out of range"))?;
    nix::sys::signal::raise(sig).map_err(|_| invalid_argument())?;
    Ok(Value::None)
}

/// `_is_main()`: whether the calling thread is the main thread of the
/// interpreter that owns the signal handlers (see [`claim`]).
fn is_main(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("_is_main", &args, 0, 0)?;
    Ok(Value::Bool(vm.is_main_thread() && claim(vm)))
}

/// `strsignal(signum)`: the system's description.
fn strsignal(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("strsignal", &args, 1, 1)?;
    let sig = index_i64(vm, &args.pos()[0])?;
    if !(1..NSIG as i64).contains(&sig) {
        return Err(Error::value_error("signal number out of range"));
    }
    let text = match i32::try_from(sig)
        .ok()
        .and_then(|s| Signal::try_from(s).ok())
    {
        Some(s) => description(s).to_string(),
        None => format!("Real-time signal {}", sig - 34),
    };
    Ok(Value::string(text))
}

/// glibc's descriptions of the signals.
fn description(s: Signal) -> &'static str {
    match s {
        Signal::SIGHUP => "Hangup",
        Signal::SIGINT => "Interrupt",
        Signal::SIGQUIT => "Quit",
        Signal::SIGILL => "Illegal instruction",
        Signal::SIGTRAP => "Trace/breakpoint trap",
        Signal::SIGABRT => "Aborted",
        Signal::SIGBUS => "Bus error",
        Signal::SIGFPE => "Floating point exception",
        Signal::SIGKILL => "Killed",
        Signal::SIGUSR1 => "User defined signal 1",
        Signal::SIGSEGV => "Segmentation fault",
        Signal::SIGUSR2 => "User defined signal 2",
        Signal::SIGPIPE => "Broken pipe",
        Signal::SIGALRM => "Alarm clock",
        Signal::SIGTERM => "Terminated",
        Signal::SIGCHLD => "Child exited",
        Signal::SIGCONT => "Continued",
        Signal::SIGSTOP => "Stopped (signal)",
        Signal::SIGTSTP => "Stopped",
        Signal::SIGTTIN => "Stopped (tty input)",
        Signal::SIGTTOU => "Stopped (tty output)",
        Signal::SIGURG => "Urgent I/O condition",
        Signal::SIGXCPU => "CPU time limit exceeded",
        Signal::SIGXFSZ => "File size limit exceeded",
        Signal::SIGVTALRM => "Virtual timer expired",
        Signal::SIGPROF => "Profiling timer expired",
        Signal::SIGWINCH => "Window changed",
        Signal::SIGIO => "I/O possible",
        Signal::SIGPWR => "Power failure",
        Signal::SIGSYS => "Bad system call",
        _ => "Unknown signal",
    }
}

/// The conc half: the enums, the handler table and `signal()`.
const SIGNAL_SRC: &str = r#"
from enum import IntEnum as _IntEnum


class Handlers(_IntEnum):
    SIG_DFL = 0
    SIG_IGN = 1


SIG_DFL = Handlers.SIG_DFL
SIG_IGN = Handlers.SIG_IGN


def default_int_handler(signalnum, frame, /):
    raise KeyboardInterrupt


_handlers = {}


def _signum(signalnum):
    signalnum = int(signalnum)
    if not 1 <= signalnum < NSIG:
        raise ValueError('signal number out of range')
    return signalnum


def getsignal(signalnum):
    signalnum = _signum(signalnum)
    if signalnum == SIGINT:
        return _handlers.get(signalnum, default_int_handler)
    return _handlers.get(signalnum, SIG_DFL)


def signal(signalnum, handler):
    signalnum = _signum(signalnum)
    if not _is_main():
        raise ValueError('signal only works in main thread of the main interpreter')
    if isinstance(handler, Handlers):
        kind = int(handler)
    elif isinstance(handler, int) and handler in (0, 1):
        handler = Handlers(int(handler))
        kind = int(handler)
    elif callable(handler):
        kind = 2
    else:
        raise TypeError('signal handler must be signal.SIG_IGN, '
                        'signal.SIG_DFL, or a callable object')
    old = getsignal(signalnum)
    if signalnum != SIGINT:
        # SIGINT arrives through the interpreter's Ctrl-C handler.
        _set_disposition(signalnum, kind)
    _handlers[signalnum] = handler
    return old


def _dispatch(signum):
    handler = getsignal(signum)
    if isinstance(handler, Handlers):
        if handler == SIG_DFL and signum == SIGINT:
            raise KeyboardInterrupt
        return
    handler(signum, None)


def valid_signals():
    return set(range(1, NSIG))
"#;

/// Creates the `signal` module and installs the interpreter's signal hook.
pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let fns: &[(&str, NativeFnPtr)] = &[
        ("_set_disposition", set_disposition),
        ("_is_main", is_main),
        ("alarm", alarm),
        ("raise_signal", raise_signal),
        ("strsignal", strsignal),
    ];
    let m = new_module(vm, "signal", fns);
    vm.module_set(&m, "NSIG", Value::Int(NSIG as i64));
    exec_in_module(vm, &m, SIGNAL_SRC)?;
    let members: String = SIGNALS
        .iter()
        .map(|(name, sig)| format!("    {name} = {}\n", *sig as i32))
        .collect();
    let names: String = SIGNALS
        .iter()
        .map(|(name, _)| format!("{name} = Signals.{name}\n"))
        .collect();
    exec_in_module(
        vm,
        &m,
        &format!("class Signals(_IntEnum):\n{members}\n\n{names}"),
    )?;
    set_signal_hook(run_pending);
    Ok(m)
}
