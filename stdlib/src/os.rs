//! The `os` module (the process-level part: ids, CPU count, signals to
//! processes, `_exit`, the environment, the working directory and the path
//! constants) and a `signal` module with the usual signal numbers. The
//! filesystem part (stat, listdir, walk, `os.environ` writing through, ...)
//! is `crate::fs`: natives in `posix`, the rest in `fs/os.conc`.
//!
//! OS failures become the `OSError` subclass CPython picks for the errno
//! (`ProcessLookupError` for `ESRCH`, `PermissionError` for `EPERM`, ...),
//! with CPython's message `[Errno N] strerror` and the `errno` and
//! `strerror` attributes set: see [`os_error`].

use conc_interp::object::{dictmethods, Args, Dict, NativeFnPtr};
use conc_interp::prelude::*;
use nix::errno::Errno;
use nix::sys::signal::{self, Signal};
use nix::unistd::{self, Pid};

use crate::util::{arity, index_i64, new_module};

/// The exception class CPython raises for an errno.
pub(crate) fn errno_kind(errno: Errno) -> ExcKind {
    match errno {
        Errno::EAGAIN | Errno::EALREADY | Errno::EINPROGRESS => ExcKind::BlockingIOError,
        Errno::ECHILD => ExcKind::ChildProcessError,
        Errno::EPIPE | Errno::ESHUTDOWN => ExcKind::BrokenPipeError,
        Errno::ECONNABORTED => ExcKind::ConnectionError,
        Errno::ECONNREFUSED => ExcKind::ConnectionRefusedError,
        Errno::ECONNRESET => ExcKind::ConnectionResetError,
        Errno::EEXIST => ExcKind::FileExistsError,
        Errno::ENOENT => ExcKind::FileNotFoundError,
        Errno::EISDIR => ExcKind::IsADirectoryError,
        Errno::ENOTDIR => ExcKind::NotADirectoryError,
        Errno::EINTR => ExcKind::InterruptedError,
        Errno::EACCES | Errno::EPERM => ExcKind::PermissionError,
        Errno::ESRCH => ExcKind::ProcessLookupError,
        Errno::ETIMEDOUT => ExcKind::TimeoutError,
        _ => ExcKind::OSError,
    }
}

/// The C library's text for an errno (`os.strerror`).
pub(crate) fn strerror_text(code: i32) -> String {
    let text = std::io::Error::from_raw_os_error(code).to_string();
    match text.rfind(" (os error ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// The conc exception for an OS error number: the `OSError` subclass that
/// CPython picks for it, with the message `[Errno N] text` and the `errno`
/// and `strerror` attributes.
pub fn os_error(vm: &mut Vm, errno: Errno) -> Error {
    let code = errno as i32;
    let text = strerror_text(code);
    // `OSError(errno, strerror)` sets the attributes and the message.
    let args = vec![Value::Int(code as i64), Value::string(text)];
    Error::Obj(vm.new_exception(errno_kind(errno), args))
}

/// [`os_error`] for a `std::io::Error` (plain `OSError` when it carries no
/// errno).
pub fn io_error(vm: &mut Vm, e: &std::io::Error) -> Error {
    match e.raw_os_error() {
        Some(code) => os_error(vm, Errno::from_raw(code)),
        None => Error::new(ExcKind::OSError, e.to_string()),
    }
}

fn int_arg(vm: &mut Vm, v: &Value, fname: &str) -> PyResult<i64> {
    if matches!(v, Value::Float(_)) {
        return Err(Error::type_error(format!(
            "{fname}(): 'float' object cannot be interpreted as an integer"
        )));
    }
    index_i64(vm, v)
}

fn i32_arg(vm: &mut Vm, v: &Value, fname: &str) -> PyResult<i32> {
    let i = int_arg(vm, v, fname)?;
    i32::try_from(i).map_err(|_| {
        Error::overflow_error(format!("{fname}(): signed integer is greater than maximum"))
    })
}

fn getpid(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("getpid", &args, 0, 0)?;
    Ok(Value::Int(unistd::getpid().as_raw() as i64))
}

fn getppid(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("getppid", &args, 0, 0)?;
    Ok(Value::Int(unistd::getppid().as_raw() as i64))
}

/// The number of online CPUs of the system (not of this process's
/// affinity mask, as CPython's `os.cpu_count`), from
/// `/sys/devices/system/cpu/online` ("0-3,6"); None when unknown.
pub fn cpu_count_value() -> Option<usize> {
    let online = std::fs::read_to_string("/sys/devices/system/cpu/online").ok();
    let counted = online.and_then(|text| {
        let mut n = 0;
        for part in text.trim().split(',') {
            let (a, b) = part.split_once('-').unwrap_or((part, part));
            let (a, b): (usize, usize) = (a.parse().ok()?, b.parse().ok()?);
            n += b.checked_sub(a)? + 1;
        }
        (n > 0).then_some(n)
    });
    counted.or_else(|| std::thread::available_parallelism().ok().map(|n| n.get()))
}

fn cpu_count(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("cpu_count", &args, 0, 0)?;
    Ok(cpu_count_value().map_or(Value::None, |n| Value::Int(n as i64)))
}

/// `kill(pid, sig)`: sends a signal (0 only checks that `pid` exists).
fn kill(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("kill", &args, 2, 2)?;
    let pid = i32_arg(vm, &args.pos()[0], "kill")?;
    let sig = i32_arg(vm, &args.pos()[1], "kill")?;
    let sig = if sig == 0 {
        None
    } else {
        match Signal::try_from(sig) {
            Ok(s) => Some(s),
            Err(e) => return Err(os_error(vm, e)),
        }
    };
    match signal::kill(Pid::from_raw(pid), sig) {
        Ok(()) => Ok(Value::None),
        Err(e) => Err(os_error(vm, e)),
    }
}

/// `_exit(n)`: ends the process at once: no `finally` blocks, no
/// exit handlers, no waiting for threads (output that conc has not yet
/// written is lost, as in CPython).
fn exit_now(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("_exit", &args, 1, 1)?;
    let code = i32_arg(vm, &args.pos()[0], "_exit")?;
    std::process::exit(code)
}

pub(crate) fn getcwd(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("getcwd", &args, 0, 0)?;
    match std::env::current_dir() {
        Ok(p) => Ok(Value::string(p.to_string_lossy().into_owned())),
        Err(e) => Err(io_error(vm, &e)),
    }
}

fn strerror(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("strerror", &args, 1, 1)?;
    let code = i32_arg(vm, &args.pos()[0], "strerror")?;
    Ok(Value::string(strerror_text(code)))
}

/// A dict snapshot of the process environment.
fn environ_dict() -> Value {
    let mut d = Dict::new();
    for (k, v) in std::env::vars_os() {
        d.set_str(
            &k.to_string_lossy(),
            Value::string(v.to_string_lossy().into_owned()),
        );
    }
    dictmethods::new_dict(d)
}

/// The `os` module.
pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let fns: &[(&str, NativeFnPtr)] = &[
        ("getpid", getpid),
        ("getppid", getppid),
        ("cpu_count", cpu_count),
        ("kill", kill),
        ("_exit", exit_now),
        ("getcwd", getcwd),
        ("strerror", strerror),
    ];
    let m = new_module(vm, "os", fns);
    vm.module_set(&m, "environ", environ_dict());
    for (name, value) in [
        ("name", "posix"),
        ("sep", "/"),
        ("pathsep", ":"),
        ("linesep", "\n"),
        ("curdir", "."),
        ("pardir", ".."),
        ("extsep", "."),
        ("devnull", "/dev/null"),
    ] {
        vm.module_set(&m, name, Value::str(value));
    }
    vm.module_set(&m, "altsep", Value::None);
    let os_error_type = vm.exc_type(ExcKind::OSError);
    vm.module_set(&m, "error", Value::Obj(os_error_type));
    crate::fs::add_to_os(vm, &m)?;
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errno_classes_follow_cpython() {
        assert_eq!(errno_kind(Errno::ESRCH), ExcKind::ProcessLookupError);
        assert_eq!(errno_kind(Errno::EPERM), ExcKind::PermissionError);
        assert_eq!(errno_kind(Errno::ENOENT), ExcKind::FileNotFoundError);
        assert_eq!(errno_kind(Errno::EINVAL), ExcKind::OSError);
    }

    #[test]
    fn strerror_has_no_rust_suffix() {
        assert_eq!(strerror_text(3), "No such process");
    }
}
