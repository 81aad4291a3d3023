//! The `process` module (also importable as `multiprocessing`): real OS
//! processes, started as Python's "spawn" start method starts them.
//!
//! The native `_process` module holds the few things that need the OS:
//! starting and reaping children (`spawn`, `worker`), message sockets that
//! many processes share (`channel`), handles that cross as descriptors
//! (`handle`), queues' outboxes (`outbox`), the serialization of values
//! (`wire`) and shared memory (`shm`).
//! Everything a script sees — `Process`, `Pool`, `Queue`, `Pipe`, the
//! locks, `Value`/`Array`, `Manager` — is conc source written over those
//! primitives, as CPython's `multiprocessing` is written over
//! `_multiprocessing`: `process.conc` (Process, the pool workers' loop),
//! and, loaded on first use, `process_sync.conc` (pipes, locks, queues,
//! shared values), `process_pool.conc` (Pool, ThreadPool) and
//! `process_manager.conc` (Manager and its proxies).
//!
//! Every blocking call here (a receive, a send into a full socket, waiting
//! for a child) releases the GIL and wakes for Ctrl-C in the main thread.
//! The deadlock detector does not see waits on other processes: a thread
//! blocked on a process queue counts as running, so it never takes part
//! in (or causes) a false deadlock report.

pub(crate) mod channel;
pub(crate) mod handle;
mod outbox;
mod shm;
pub mod spawn;
mod wire;
mod worker;

use std::os::fd::AsFd;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::{Duration, Instant};

use conc_interp::object::{Args, InstanceObj, NativeFnPtr, Object};
use conc_interp::prelude::*;

use channel::ChanError;
use spawn::{Boot, ChildProc};
use wire::{Decoder, Encoder};

pub use worker::run_worker;

use crate::util::{arg, float_arg, index_i64, new_module, pos_arity};

const SOURCE: &str = include_str!("process.conc");
const POOL_SOURCE: &str = include_str!("process_pool.conc");
const SYNC_SOURCE: &str = include_str!("process_sync.conc");
const MANAGER_SOURCE: &str = include_str!("process_manager.conc");

/// Per-interpreter state: is this a child, and is it still loading the
/// parent's main script (when starting a process is an error).
#[derive(Default)]
pub struct ProcessState {
    /// The parent's pid in a child; 0 in a top-level process.
    pub parent_pid: AtomicU32,
    pub bootstrapping: AtomicBool,
}

/// A deadline `timeout` seconds from now; `None` for no timeout (a
/// negative timeout does not wait).
pub(crate) fn deadline(vm: &mut Vm, v: Option<&Value>) -> PyResult<Option<Instant>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => {
            let t = float_arg(vm, v)?;
            if t.is_nan() {
                return Err(Error::value_error("timeout must be a number"));
            }
            let t = t.clamp(0.0, 1e9);
            Ok(Some(Instant::now() + Duration::from_secs_f64(t)))
        }
    }
}

/// A channel failure as a conc exception (a timeout is the caller's).
fn chan_error(vm: &mut Vm, e: ChanError) -> Error {
    match e {
        ChanError::Timeout => Error::new(ExcKind::TimeoutError, "timed out"),
        ChanError::Eof => Error::new(ExcKind::EOFError, ""),
        ChanError::Interrupted => vm.interrupted_error(),
        ChanError::Os(e) => os_error(vm, e),
    }
}

/// An OS error as the exception Python raises for its errno.
fn os_error(vm: &mut Vm, e: std::io::Error) -> Error {
    crate::os::io_error(vm, &e)
}

/// `pipe()` → two handles: what one sends, the other receives.
fn pipe(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("pipe", &args, 0, 0)?;
    let (a, b) = channel::pair().map_err(|e| os_error(vm, e))?;
    let (a, b) = (handle::new_handle(vm, a)?, handle::new_handle(vm, b)?);
    Ok(Value::tuple(vec![a, b]))
}

/// Sends bytes and the handles' descriptors on `h`.
fn send_raw(
    vm: &mut Vm,
    h: &Value,
    bytes: Vec<u8>,
    fds: Vec<std::sync::Arc<std::os::fd::OwnedFd>>,
) -> PyResult<()> {
    let fd = handle::fd_of(h)?;
    let check = vm.interrupt_check();
    let r = vm.allow_threads_because("process", move || {
        let borrowed: Vec<_> = fds.iter().map(|f| f.as_fd()).collect();
        channel::send(fd.as_fd(), &bytes, &borrowed, &|| check.pending())
    });
    r.map_err(|e| match e {
        ChanError::Eof => Error::new(ExcKind::BrokenPipeError, "[Errno 32] Broken pipe"),
        e => chan_error(vm, e),
    })
}

/// Receives one message on `h`; `None` at the deadline.
fn recv_raw(
    vm: &mut Vm,
    h: &Value,
    timeout: Option<&Value>,
) -> PyResult<Option<(Vec<u8>, Vec<std::os::fd::OwnedFd>)>> {
    let fd = handle::fd_of(h)?;
    let deadline = deadline(vm, timeout)?;
    let check = vm.interrupt_check();
    match vm.allow_threads_because("process", move || {
        channel::recv(fd.as_fd(), deadline, &|| check.pending())
    }) {
        Ok(m) => Ok(Some(m)),
        Err(ChanError::Timeout) => Ok(None),
        Err(e) => Err(chan_error(vm, e)),
    }
}

/// `send(h, obj)`: serializes `obj` and sends it.
fn send(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("send", &args, 2, 2)?;
    let mut enc = Encoder::new(vm);
    let bytes = enc.encode(&args.pos()[1])?;
    let fds = std::mem::take(&mut enc.fds);
    send_raw(vm, &args.pos()[0], bytes, fds)?;
    Ok(Value::None)
}

/// `put(h, obj)`: like `send`, but never waits for a reader: what the
/// socket cannot take now waits in this process's outbox (a queue's put).
fn put(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("put", &args, 2, 2)?;
    let mut enc = Encoder::new(vm);
    let bytes = enc.encode(&args.pos()[1])?;
    let fds = std::mem::take(&mut enc.fds);
    let outbox = handle::handle_of(&args.pos()[0])?
        .outbox()
        .ok_or_else(|| Error::new(ExcKind::OSError, "handle is closed"))?;
    outbox.put((bytes, fds)).map_err(|e| chan_error(vm, e))?;
    Ok(Value::None)
}

/// `flush()`: waits (without the GIL) until everything this process put
/// on its queues has been sent.
fn flush(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("flush", &args, 0, 0)?;
    vm.allow_threads_because("process", outbox::flush_all);
    Ok(Value::None)
}

/// `recv(h, timeout=None)` → `(True, obj)`, or `(False, None)` at the
/// deadline; `EOFError` once every holder of the other end has closed it.
fn recv(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("recv", &args, 1, 2)?;
    match recv_raw(vm, &args.pos()[0], arg(&args, 1, "timeout"))? {
        Some((bytes, fds)) => {
            let v = Decoder::new(vm, fds).decode(&bytes)?;
            Ok(Value::tuple(vec![Value::Bool(true), v]))
        }
        None => Ok(Value::tuple(vec![Value::Bool(false), Value::None])),
    }
}

fn bytes_arg(v: &Value) -> PyResult<Vec<u8>> {
    match v.as_obj().map(|o| &**o) {
        Some(Object::Bytes(b)) => Ok(b.to_vec()),
        _ => Err(Error::type_error("a bytes-like object is required")),
    }
}

/// `send_bytes(h, data)`.
fn send_bytes(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("send_bytes", &args, 2, 2)?;
    let bytes = bytes_arg(&args.pos()[1])?;
    send_raw(vm, &args.pos()[0], bytes, Vec::new())?;
    Ok(Value::None)
}

/// `recv_bytes(h, timeout=None)` → `(True, data)` or `(False, None)`.
fn recv_bytes(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("recv_bytes", &args, 1, 2)?;
    match recv_raw(vm, &args.pos()[0], arg(&args, 1, "timeout"))? {
        Some((bytes, _)) => Ok(Value::tuple(vec![
            Value::Bool(true),
            Value::new_obj(Object::Bytes(bytes.into_boxed_slice())),
        ])),
        None => Ok(Value::tuple(vec![Value::Bool(false), Value::None])),
    }
}

/// `readable(h, timeout=0)`: is a message (or the end) waiting?
fn readable(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("readable", &args, 1, 2)?;
    let fd = handle::fd_of(&args.pos()[0])?;
    let t = arg(&args, 1, "timeout").cloned().unwrap_or(Value::Int(0));
    let deadline = deadline(vm, Some(&t))?;
    let check = vm.interrupt_check();
    let r = vm.allow_threads_because("process", move || {
        channel::wait_ready(fd.as_fd(), rustix::event::PollFlags::IN, deadline, &|| {
            check.pending()
        })
    });
    r.map(Value::Bool).map_err(|e| chan_error(vm, e))
}

fn close(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("close", &args, 1, 1)?;
    handle::close(&args.pos()[0])?;
    Ok(Value::None)
}

fn fileno(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("fileno", &args, 1, 1)?;
    Ok(Value::Int(handle::fileno(&args.pos()[0])?))
}

/// `dumps(obj)` → bytes (handles cannot be dumped: they need a socket).
fn dumps(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("dumps", &args, 1, 1)?;
    let mut enc = Encoder::new(vm);
    let bytes = enc.encode(&args.pos()[0])?;
    if !enc.fds.is_empty() {
        return Err(Error::type_error(
            "handles (pipes, queues, locks) can only be sent to a process, not dumped",
        ));
    }
    Ok(Value::new_obj(Object::Bytes(bytes.into_boxed_slice())))
}

fn loads(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("loads", &args, 1, 1)?;
    let bytes = bytes_arg(&args.pos()[0])?;
    Decoder::new(vm, Vec::new()).decode(&bytes)
}

/// The `Popen` class (payload: the child), made on first use.
#[derive(Default)]
struct PopenClass(std::sync::OnceLock<conc_interp::ObjRef>);

fn popen_of(v: &Value) -> PyResult<&ChildProc> {
    match v.as_obj().map(|o| &**o) {
        Some(Object::Instance(i)) => i.native::<ChildProc>(),
        _ => None,
    }
    .ok_or_else(|| Error::type_error("expected a Popen handle"))
}

fn str_list(vm: &mut Vm, v: Option<Value>) -> PyResult<Vec<String>> {
    match v {
        Some(v) => Ok(conc_interp::ops::collect(vm, &v)?
            .iter()
            .filter_map(|s| s.as_str().map(str::to_string))
            .collect()),
        None => Ok(Vec::new()),
    }
}

/// `spawn(process_obj)` → a `Popen` for a new child running
/// `process_obj._bootstrap()`.
fn spawn_child(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("spawn", &args, 1, 1)?;
    let state = vm.extension::<ProcessState>();
    if state.bootstrapping.load(Ordering::Relaxed) {
        return Err(Error::new(
            ExcKind::RuntimeError,
            "An attempt has been made to start a new process before the\n\
        current process has finished its bootstrapping phase.\n\n\
        This probably means that you are not using fork to start your\n\
        child processes and you have forgotten to use the proper idiom\n\
        in the main module:\n\n\
            if __name__ == '__main__':\n\
                ...\n\n\
        The \"freeze_support()\" line can be omitted if the program\n\
        is not going to be frozen to produce an executable.",
        ));
    }
    let mut enc = Encoder::new(vm);
    let payload = enc.encode(&args.pos()[0])?;
    let fds = std::mem::take(&mut enc.fds);
    let main = vm.import_module("__main__")?;
    let main_path = vm
        .get_attr_opt(&main, "__file__")?
        .and_then(|f| f.as_str().map(str::to_string));
    let sys_path = vm.sys_attr("path");
    let sys_path = str_list(vm, sys_path)?;
    let argv = vm.sys_attr("argv");
    let argv = str_list(vm, argv)?;
    let boot = Boot {
        main_path,
        sys_path,
        argv,
        parent_pid: std::process::id(),
        payload,
    };
    let mut worker_args = Vec::new();
    if !vm.gil().enabled() {
        worker_args.push("--no-gil".to_string());
    }
    let exe = spawn::executable().map_err(|e| os_error(vm, e))?;
    let child = vm
        .allow_threads(move || spawn::spawn(&exe, &worker_args, &boot, &fds))
        .map_err(|e| Error::new(ExcKind::OSError, format!("cannot start a process: {e}")))?;
    let slot = vm.extension::<PopenClass>();
    let class = match slot.0.get() {
        Some(c) => c.clone(),
        None => {
            let c = vm.new_class("Popen", &[], &[], None);
            slot.0.get_or_init(|| c).clone()
        }
    };
    Ok(Value::new_obj(Object::Instance(InstanceObj::new(
        class,
        Default::default(),
        Some(Box::new(child)),
        None,
    ))))
}

fn popen_pid(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("popen_pid", &args, 1, 1)?;
    Ok(Value::Int(popen_of(&args.pos()[0])?.pid as i64))
}

fn code_value(c: Option<i32>) -> Value {
    c.map_or(Value::None, |c| Value::Int(c as i64))
}

/// `popen_wait(p, timeout=None)` → the exit code, or None at the deadline.
fn popen_wait(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("popen_wait", &args, 1, 2)?;
    let p = args.pos()[0].clone();
    let deadline = deadline(vm, arg(&args, 1, "timeout"))?;
    let check = vm.interrupt_check();
    let child = popen_of(&p)?;
    let r = vm.allow_threads_because("process", || child.wait(deadline, &|| check.pending()));
    match r {
        Ok(c) => Ok(code_value(c)),
        Err(ChanError::Timeout) => Ok(Value::None),
        Err(e) => Err(chan_error(vm, e)),
    }
}

fn popen_poll(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("popen_poll", &args, 1, 1)?;
    Ok(code_value(popen_of(&args.pos()[0])?.poll()))
}

fn popen_signal(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("popen_signal", &args, 2, 2)?;
    let sig = index_i64(vm, &args.pos()[1])?;
    popen_of(&args.pos()[0])?
        .signal(sig as i32)
        .map_err(|e| os_error(vm, e))?;
    Ok(Value::None)
}

fn cpu_count(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("cpu_count", &args, 0, 0)?;
    Ok(crate::os::cpu_count_value().map_or(Value::None, |n| Value::Int(n as i64)))
}

fn getpid(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("getpid", &args, 0, 0)?;
    Ok(Value::Int(std::process::id() as i64))
}

/// The parent's pid in a child, else None.
fn parent_pid(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("parent_pid", &args, 0, 0)?;
    let p = vm
        .extension::<ProcessState>()
        .parent_pid
        .load(Ordering::Relaxed);
    Ok(if p == 0 {
        Value::None
    } else {
        Value::Int(p as i64)
    })
}

/// `wait_any(handles, popens, timeout=None)` → `(ready, exited)`: waits
/// until a message waits on one of `handles` or one of the children of
/// `popens` exits; the two lists hold the indexes of those that did (both
/// empty at the deadline). A pool's result thread waits here.
fn wait_any(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("wait_any", &args, 2, 3)?;
    let handles = conc_interp::ops::collect(vm, &args.pos()[0])?;
    let popens = conc_interp::ops::collect(vm, &args.pos()[1])?;
    let deadline = deadline(vm, arg(&args, 2, "timeout"))?;
    let mut fds = Vec::with_capacity(handles.len() + popens.len());
    for h in &handles {
        fds.push(Some(handle::fd_of(h)?));
    }
    for p in &popens {
        fds.push(popen_of(p)?.sentinel());
    }
    // A child already reaped has no sentinel: it counts as exited at once.
    let reaped: Vec<usize> = fds
        .iter()
        .enumerate()
        .filter(|(_, f)| f.is_none())
        .map(|(i, _)| i)
        .collect();
    let live: Vec<(usize, std::sync::Arc<std::os::fd::OwnedFd>)> = fds
        .into_iter()
        .enumerate()
        .filter_map(|(i, f)| f.map(|f| (i, f)))
        .collect();
    let check = vm.interrupt_check();
    let deadline = if reaped.is_empty() {
        deadline
    } else {
        Some(Instant::now())
    };
    let ready = vm.allow_threads_because("process", move || {
        let polled: Vec<_> = live
            .iter()
            .map(|(_, f)| (f.as_fd(), rustix::event::PollFlags::IN))
            .collect();
        channel::wait_any(&polled, deadline, &|| check.pending()).map(|r| {
            live.iter()
                .zip(r)
                .filter(|(_, got)| !got.is_empty())
                .map(|((i, _), _)| *i)
                .collect::<Vec<usize>>()
        })
    });
    let mut ready = ready.map_err(|e| chan_error(vm, e))?;
    ready.extend(reaped);
    let n = handles.len();
    let ints = |v: Vec<usize>| Value::list(v.into_iter().map(|i| Value::Int(i as i64)).collect());
    let (msgs, exits): (Vec<usize>, Vec<usize>) = ready.into_iter().partition(|&i| i < n);
    Ok(Value::tuple(vec![
        ints(msgs),
        ints(exits.into_iter().map(|i| i - n).collect()),
    ]))
}

/// `format_exception(exc)` → the traceback text, as printed for an
/// uncaught exception.
fn format_exception(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("format_exception", &args, 1, 1)?;
    Ok(Value::string(vm.format_exception(&args.pos()[0])))
}

/// `write_stderr(text)`: one write to the process's stderr.
fn write_stderr(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("write_stderr", &args, 1, 1)?;
    let text = args.pos()[0]
        .as_str()
        .ok_or_else(|| Error::type_error("write_stderr() takes a str"))?;
    conc_interp::io::write_stderr(text);
    Ok(Value::None)
}

/// `run_conc(args)` → `(exit status, stdout)`: runs the conc executable
/// with `args` (stderr shared with this process) and waits for it, without
/// the GIL. For demos that compare this interpreter's modes side by side.
fn run_conc(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("run_conc", &args, 1, 1)?;
    let argv = str_list(vm, Some(args.pos()[0].clone()))?;
    let (exe, argv0) = spawn::executable().map_err(|e| os_error(vm, e))?;
    let out = vm
        .allow_threads(move || {
            use std::os::unix::process::CommandExt;
            std::process::Command::new(exe)
                .arg0(argv0)
                .args(argv)
                .stdin(std::process::Stdio::null())
                .stderr(std::process::Stdio::inherit())
                .output()
        })
        .map_err(|e| os_error(vm, e))?;
    let code = out
        .status
        .code()
        .map_or(Value::None, |c| Value::Int(c as i64));
    Ok(Value::tuple(vec![
        code,
        Value::string(String::from_utf8_lossy(&out.stdout).into_owned()),
    ]))
}

/// The `_process` module.
pub fn init_native(vm: &mut Vm) -> PyResult<Value> {
    let fns: &[(&str, NativeFnPtr)] = &[
        ("pipe", pipe),
        ("send", send),
        ("recv", recv),
        ("put", put),
        ("flush", flush),
        ("send_bytes", send_bytes),
        ("recv_bytes", recv_bytes),
        ("readable", readable),
        ("close", close),
        ("fileno", fileno),
        ("dumps", dumps),
        ("loads", loads),
        ("spawn", spawn_child),
        ("popen_pid", popen_pid),
        ("popen_wait", popen_wait),
        ("popen_poll", popen_poll),
        ("popen_signal", popen_signal),
        ("cpu_count", cpu_count),
        ("getpid", getpid),
        ("parent_pid", parent_pid),
        ("format_exception", format_exception),
        ("write_stderr", write_stderr),
        ("run_conc", run_conc),
        ("wait_any", wait_any),
        ("shm_new", shm::shm_new),
        ("shm_get", shm::shm_get),
        ("shm_set", shm::shm_set),
        ("shm_add", shm::shm_add),
    ];
    Ok(new_module(vm, "_process", fns))
}

/// The `process` module (`multiprocessing` is the same module object).
pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("process");
    crate::util::exec_in_module(vm, &m, SOURCE)?;
    Ok(m)
}

/// `_process_pool`: `Pool`, `ThreadPool` and their results, loaded by
/// `process` on first use.
pub fn init_pool(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("_process_pool");
    crate::util::exec_in_module(vm, &m, POOL_SOURCE)?;
    Ok(m)
}

/// `_process_sync`: pipes, locks, queues and shared memory, loaded by
/// `process` on first use.
pub fn init_sync(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("_process_sync");
    crate::util::exec_in_module(vm, &m, SYNC_SOURCE)?;
    Ok(m)
}

/// `_process_manager` (also `multiprocessing.managers`): `Manager()` and
/// its proxies, loaded by `process` on first use.
pub fn init_manager(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("_process_manager");
    crate::util::exec_in_module(vm, &m, MANAGER_SOURCE)?;
    Ok(m)
}

/// `import multiprocessing.managers`: the `_process_manager` module.
pub fn init_manager_alias(vm: &mut Vm) -> PyResult<Value> {
    vm.import_module("_process_manager")
}

/// `import multiprocessing`: the `process` module.
pub fn init_alias(vm: &mut Vm) -> PyResult<Value> {
    vm.import_module("process")
}

/// `import multiprocessing.pool`: the `process` module (which hands out
/// `Pool` and `ThreadPool`).
pub fn init_pool_alias(vm: &mut Vm) -> PyResult<Value> {
    vm.import_module("process")
}
