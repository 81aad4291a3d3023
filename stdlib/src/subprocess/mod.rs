//! The `subprocess` module: running other programs, as Python's.
//!
//! The native `_subprocess` module does what needs the OS: starting a
//! child with its streams redirected (`child`), waiting for it with a
//! deadline, signalling it, and the parent's ends of its pipes with
//! `communicate` (`pipe`). `subprocess.conc` writes Python's API over it:
//! `Popen`, `run`, `call`, `check_call`, `check_output`, `getoutput`,
//! `getstatusoutput`, `CompletedProcess` and the exceptions.
//!
//! Every blocking call (a wait, `communicate`, a read or write on a pipe)
//! releases the GIL and wakes for Ctrl-C in the main thread. Children are
//! always reaped: a handle dropped while its child runs leaves it to a
//! reaper thread.

mod child;
mod pipe;

use std::os::fd::{AsFd, OwnedFd};
use std::sync::OnceLock;

use conc_interp::object::{Args, InstanceObj, NativeFnPtr, Object};
use conc_interp::prelude::*;

use child::{ChildProc, Redirect, Spec};
use pipe::{Pipe, PipeError};

use crate::util::{arg, index_i64, new_module, pos_arity};

const SOURCE: &str = include_str!("subprocess.conc");

/// The special values of `stdin`/`stdout`/`stderr`, as in Python.
const PIPE: i64 = -1;
const STDOUT: i64 = -2;
const DEVNULL: i64 = -3;

/// The classes of the native handles, made on first use.
#[derive(Default)]
struct Classes {
    child: OnceLock<ObjRef>,
    pipe: OnceLock<ObjRef>,
}

fn handle(vm: &mut Vm, name: &str, payload: Box<dyn std::any::Any + Send + Sync>) -> Value {
    let classes = vm.extension::<Classes>();
    let slot = if name == "_Child" {
        &classes.child
    } else {
        &classes.pipe
    };
    let class = match slot.get() {
        Some(c) => c.clone(),
        None => {
            let c = vm.new_class(name, &[], &[], None);
            slot.get_or_init(|| c).clone()
        }
    };
    Value::new_obj(Object::Instance(InstanceObj::new(
        class,
        Default::default(),
        Some(payload),
        None,
    )))
}

fn native_of<'a, T: 'static>(v: &'a Value, what: &str) -> PyResult<&'a T> {
    match v.as_obj().map(|o| &**o) {
        Some(Object::Instance(i)) => i.native::<T>(),
        _ => None,
    }
    .ok_or_else(|| Error::type_error(format!("expected a {what} handle")))
}

fn child_of(v: &Value) -> PyResult<&ChildProc> {
    native_of(v, "child")
}

fn pipe_of(v: &Value) -> PyResult<&Pipe> {
    native_of(v, "pipe")
}

fn opt_pipe(v: &Value) -> PyResult<Option<&Pipe>> {
    match v {
        Value::None => Ok(None),
        v => pipe_of(v).map(Some),
    }
}

use crate::process::deadline;

fn interrupted(vm: &mut Vm) -> Error {
    vm.interrupted_error()
}

fn pipe_error(vm: &mut Vm, e: PipeError) -> Error {
    match e {
        PipeError::Closed => Error::value_error("I/O operation on closed file."),
        PipeError::Timeout => Error::new(ExcKind::TimeoutError, "timed out"),
        PipeError::Interrupted => interrupted(vm),
        PipeError::Os(e) => crate::os::io_error(vm, &e),
    }
}

fn str_arg(v: &Value, what: &str) -> PyResult<String> {
    v.as_str()
        .map(str::to_string)
        .ok_or_else(|| Error::type_error(format!("{what} must be a str")))
}

fn opt_str(v: &Value, what: &str) -> PyResult<Option<String>> {
    match v {
        Value::None => Ok(None),
        v => str_arg(v, what).map(Some),
    }
}

/// A copy of descriptor `fd` of this process (close-on-exec).
fn dup_raw(vm: &mut Vm, fd: i32) -> PyResult<OwnedFd> {
    match fd {
        0 => std::io::stdin().as_fd().try_clone_to_owned(),
        1 => std::io::stdout().as_fd().try_clone_to_owned(),
        2 => std::io::stderr().as_fd().try_clone_to_owned(),
        // Another descriptor: one of conc's own handles (a socket, a
        // pipe), found by its number.
        _ => match crate::process::handle::by_number(fd) {
            Some(owned) => owned.try_clone(),
            None => Err(std::io::Error::from_raw_os_error(9)),
        },
    }
    .map_err(|e| crate::os::io_error(vm, &e))
}

/// `stdin`/`stdout`/`stderr` as given to `spawn`: None, PIPE, STDOUT,
/// DEVNULL, a descriptor number or a pipe handle.
fn redirect(vm: &mut Vm, v: &Value) -> PyResult<Redirect> {
    match v {
        Value::None => Ok(Redirect::Inherit),
        Value::Int(PIPE) => Ok(Redirect::Pipe),
        Value::Int(STDOUT) => Ok(Redirect::Stdout),
        Value::Int(DEVNULL) => Ok(Redirect::Devnull),
        Value::Int(fd) if *fd >= 0 && *fd <= i32::MAX as i64 => {
            Ok(Redirect::Fd(dup_raw(vm, *fd as i32)?))
        }
        Value::Int(_) => Err(Error::value_error("bad file descriptor")),
        v => {
            let p = pipe_of(v)?;
            match p.duplicate() {
                Some(Ok(fd)) => Ok(Redirect::Fd(fd)),
                Some(Err(e)) => Err(crate::os::io_error(vm, &e)),
                None => Err(Error::value_error("I/O operation on closed file.")),
            }
        }
    }
}

/// `spawn(argv, executable, stdin, stdout, stderr, cwd, env)` →
/// `(child, stdin_pipe, stdout_pipe, stderr_pipe)`, the pipes None unless
/// asked for. `env` is None or a list of `(name, value)` pairs. A failure
/// is the `OSError` subclass for its errno, with `filename` set to the
/// program (or the working directory) it concerns.
fn spawn(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("spawn", &args, 7, 7)?;
    let a = args.pos();
    let argv: Vec<String> = conc_interp::ops::collect(vm, &a[0])?
        .iter()
        .map(|v| str_arg(v, "argument"))
        .collect::<PyResult<_>>()?;
    if argv.is_empty() {
        return Err(Error::new(ExcKind::IndexError, "list index out of range"));
    }
    let executable = opt_str(&a[1], "executable")?;
    let stdin = redirect(vm, &a[2])?;
    let stdout = redirect(vm, &a[3])?;
    let stderr = redirect(vm, &a[4])?;
    let cwd = opt_str(&a[5], "cwd")?;
    let env = match &a[6] {
        Value::None => None,
        v => {
            let mut pairs = Vec::new();
            for item in conc_interp::ops::collect(vm, v)? {
                let kv = conc_interp::ops::collect(vm, &item)?;
                if kv.len() != 2 {
                    return Err(Error::type_error("env items must be pairs"));
                }
                pairs.push((str_arg(&kv[0], "env name")?, str_arg(&kv[1], "env value")?));
            }
            Some(pairs)
        }
    };
    let spec = Spec {
        argv,
        executable,
        cwd,
        env,
        stdin,
        stdout,
        stderr,
    };
    // What this process printed goes first, before the child's output
    // (flushed without the GIL, which never waits for the stdout buffer).
    let spawned = vm.allow_threads_because("process", move || {
        conc_interp::io::flush_stdout();
        child::spawn(spec)
    });
    let (proc, ends) = match spawned {
        Ok(r) => r,
        Err(e) => {
            let err = crate::os::io_error(vm, &e.error);
            if let Error::Obj(exc) = &err {
                vm.set_attr(exc, "filename", Value::string(e.filename))?;
            }
            return Err(err);
        }
    };
    let proc = handle(vm, "_Child", Box::new(proc));
    let mut out = vec![proc];
    for end in [ends.stdin, ends.stdout, ends.stderr] {
        out.push(match end {
            Some(fd) => handle(vm, "_Pipe", Box::new(Pipe::new(fd))),
            None => Value::None,
        });
    }
    Ok(Value::tuple(out))
}

fn code_value(c: Option<i32>) -> Value {
    c.map_or(Value::None, |c| Value::Int(c as i64))
}

fn pid(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("pid", &args, 1, 1)?;
    Ok(Value::Int(child_of(&args.pos()[0])?.pid as i64))
}

/// `wait(child, timeout=None)` → the return code, or None at the deadline.
fn wait(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("wait", &args, 1, 2)?;
    let c = args.pos()[0].clone();
    let deadline = deadline(vm, arg(&args, 1, "timeout"))?;
    let check = vm.interrupt_check();
    let child = child_of(&c)?;
    match vm.allow_threads_because("process", || child.wait(deadline, &|| check.pending())) {
        Ok(code) => Ok(code_value(code)),
        Err(child::Interrupted) => Err(interrupted(vm)),
    }
}

fn poll(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("poll", &args, 1, 1)?;
    Ok(code_value(child_of(&args.pos()[0])?.poll()))
}

fn signal(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("signal", &args, 2, 2)?;
    let sig = index_i64(vm, &args.pos()[1])?;
    let sig =
        i32::try_from(sig).map_err(|_| Error::overflow_error("signal number out of range"))?;
    if let Err(e) = child_of(&args.pos()[0])?.signal(sig) {
        return Err(crate::os::io_error(vm, &e));
    }
    Ok(Value::None)
}

fn bytes_value(b: Vec<u8>) -> Value {
    conc_interp::object::bytes::new_bytes(b)
}

fn size_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<Option<usize>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => {
            let n = index_i64(vm, v)?;
            Ok(usize::try_from(n).ok())
        }
    }
}

/// `read(pipe, n=-1, whole_chars=False)` → bytes (empty at end of file).
fn read(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("read", &args, 1, 3)?;
    let p = args.pos()[0].clone();
    let n = size_arg(vm, args.pos().get(1))?;
    let whole = args
        .pos()
        .get(2)
        .is_some_and(|v| matches!(v, Value::Bool(true)));
    let check = vm.interrupt_check();
    let pipe = pipe_of(&p)?;
    match vm.allow_threads_because("process", || pipe.read(n, whole, &|| check.pending())) {
        Ok(b) => Ok(bytes_value(b)),
        Err(e) => Err(pipe_error(vm, e)),
    }
}

/// `readline(pipe, limit=-1)` → bytes (empty at end of file).
fn readline(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("readline", &args, 1, 2)?;
    let p = args.pos()[0].clone();
    let limit = size_arg(vm, args.pos().get(1))?;
    let check = vm.interrupt_check();
    let pipe = pipe_of(&p)?;
    match vm.allow_threads_because("process", || pipe.readline(limit, &|| check.pending())) {
        Ok(b) => Ok(bytes_value(b)),
        Err(e) => Err(pipe_error(vm, e)),
    }
}

fn bytes_arg(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    conc_interp::object::bytes::bytes_of(v)
        .map(<[u8]>::to_vec)
        .ok_or_else(|| {
            Error::type_error(format!(
                "a bytes-like object is required, not '{}'",
                vm.type_name(v)
            ))
        })
}

/// `write(pipe, data)`: writes all of `data` (BrokenPipeError once the
/// child has closed its end).
fn write(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("write", &args, 2, 2)?;
    let p = args.pos()[0].clone();
    let data = bytes_arg(vm, &args.pos()[1])?;
    let n = data.len();
    let check = vm.interrupt_check();
    let pipe = pipe_of(&p)?;
    match vm.allow_threads_because("process", || pipe.write(&data, &|| check.pending())) {
        Ok(()) => Ok(Value::Int(n as i64)),
        Err(e) => Err(pipe_error(vm, e)),
    }
}

fn close(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("close", &args, 1, 1)?;
    let p = args.pos()[0].clone();
    let pipe = pipe_of(&p)?;
    // Another thread may be reading it: wait for it without the GIL.
    vm.allow_threads(|| pipe.close());
    Ok(Value::None)
}

fn closed(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("closed", &args, 1, 1)?;
    let p = args.pos()[0].clone();
    let pipe = pipe_of(&p)?;
    Ok(Value::Bool(vm.allow_threads(|| pipe.is_closed())))
}

fn fileno(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("fileno", &args, 1, 1)?;
    let p = args.pos()[0].clone();
    let pipe = pipe_of(&p)?;
    match vm.allow_threads(|| pipe.fileno()) {
        Some(fd) => Ok(Value::Int(fd as i64)),
        None => Err(Error::value_error("I/O operation on closed file.")),
    }
}

/// `communicate(stdin, input, stdout, stderr, timeout)` →
/// `(out, err, done)`: `out`/`err` are bytes for the pipes given (None for
/// the others); when `done` is False the deadline came first, and they
/// hold what has arrived so far (which the next call returns again).
fn communicate(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("communicate", &args, 5, 5)?;
    let a: Vec<Value> = args.pos().to_vec();
    let input = match &a[1] {
        Value::None => None,
        v => Some(bytes_arg(vm, v)?),
    };
    let deadline = deadline(vm, Some(&a[4]))?;
    let (sin, sout, serr) = (opt_pipe(&a[0])?, opt_pipe(&a[2])?, opt_pipe(&a[3])?);
    let check = vm.interrupt_check();
    let r = vm.allow_threads_because("process", || {
        pipe::communicate(sin, input, sout, serr, deadline, &|| check.pending())
    });
    match r {
        Ok(c) => Ok(Value::tuple(vec![
            c.stdout.map_or(Value::None, bytes_value),
            c.stderr.map_or(Value::None, bytes_value),
            Value::Bool(c.done),
        ])),
        Err(e) => Err(pipe_error(vm, e)),
    }
}

/// `decode(data, encoding, errors, translate_newlines)` → str: text mode's
/// decoding, with `\r\n` and `\r` read as `\n` when translating.
fn decode(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("decode", &args, 4, 4)?;
    let a = args.pos();
    let data = bytes_arg(vm, &a[0])?;
    let encoding = opt_str(&a[1], "encoding")?.unwrap_or_else(|| "utf-8".into());
    let errors = opt_str(&a[2], "errors")?.unwrap_or_else(|| "strict".into());
    let translate = matches!(a[3], Value::Bool(true));
    let enc = encoding.to_ascii_lowercase().replace('_', "-");
    let text = match (enc.as_str(), errors.as_str()) {
        ("utf-8" | "utf8", "strict") => {
            let v = conc_interp::object::bytes::decode(&data, &encoding)?;
            v.as_str().unwrap_or_default().to_string()
        }
        ("utf-8" | "utf8", "ignore") => String::from_utf8_lossy(&data).replace('\u{FFFD}', ""),
        ("utf-8" | "utf8", _) => String::from_utf8_lossy(&data).into_owned(),
        _ => {
            let v = conc_interp::object::bytes::decode(&data, &encoding)?;
            v.as_str().unwrap_or_default().to_string()
        }
    };
    let text = if translate && text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    Ok(Value::string(text))
}

/// The `_subprocess` module.
pub fn init_native(vm: &mut Vm) -> PyResult<Value> {
    let fns: &[(&str, NativeFnPtr)] = &[
        ("spawn", spawn),
        ("pid", pid),
        ("wait", wait),
        ("poll", poll),
        ("signal", signal),
        ("read", read),
        ("readline", readline),
        ("write", write),
        ("close", close),
        ("closed", closed),
        ("fileno", fileno),
        ("communicate", communicate),
        ("decode", decode),
    ];
    let m = new_module(vm, "_subprocess", fns);
    for (name, v) in [("PIPE", PIPE), ("STDOUT", STDOUT), ("DEVNULL", DEVNULL)] {
        vm.module_set(&m, name, Value::Int(v));
    }
    Ok(m)
}

/// The `subprocess` module.
pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("subprocess");
    crate::util::exec_in_module(vm, &m, SOURCE)?;
    Ok(m)
}
