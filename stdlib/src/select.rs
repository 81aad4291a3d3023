//! The `select` module (`select.select`) and `selectors` (written in conc
//! over it, in `select/selectors.conc`): waiting on many descriptors at
//! once, the one-thread event-loop lesson. Waits release the GIL, wake
//! for Ctrl-C in the main thread, and use poll(2) underneath (the process
//! module's `channel::wait_any`).

use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::sync::Arc;
use std::time::{Duration, Instant};

use conc_interp::object::{Args, NativeFnPtr};
use conc_interp::prelude::*;
use rustix::event::PollFlags;

use crate::process::channel::{self, ChanError};
use crate::process::handle;
use crate::util::{float_arg, index_i64, new_module, pos_arity};

const SOURCE: &str = include_str!("select/selectors.conc");

/// A descriptor to wait on: a handle's (sockets, pipes, queues) or one
/// of the standard streams.
enum Waitable {
    Handle(Arc<OwnedFd>),
    Stdin(std::io::Stdin),
    Stdout(std::io::Stdout),
    Stderr(std::io::Stderr),
}

impl Waitable {
    fn as_fd(&self) -> BorrowedFd<'_> {
        match self {
            Waitable::Handle(h) => h.as_fd(),
            Waitable::Stdin(s) => s.as_fd(),
            Waitable::Stdout(s) => s.as_fd(),
            Waitable::Stderr(s) => s.as_fd(),
        }
    }
}

/// The descriptor of an int or of an object with `fileno()`: one of
/// conc's sockets, pipes or queues, or stdin/stdout/stderr.
fn waitable(vm: &mut Vm, v: &Value) -> PyResult<Waitable> {
    let n = match v {
        Value::Int(_) | Value::Bool(_) => index_i64(vm, v)?,
        _ => {
            let f = vm.get_attr_opt(v, "fileno")?.ok_or_else(|| {
                Error::type_error("argument must be an int, or have a fileno() method.")
            })?;
            let r = vm.call(&f, &[])?;
            index_i64(vm, &r)?
        }
    };
    if n < 0 {
        return Err(Error::value_error(format!(
            "file descriptor cannot be a negative integer ({n})"
        )));
    }
    match n {
        0 => Ok(Waitable::Stdin(std::io::stdin())),
        1 => Ok(Waitable::Stdout(std::io::stdout())),
        2 => Ok(Waitable::Stderr(std::io::stderr())),
        _ => i32::try_from(n)
            .ok()
            .and_then(handle::by_number)
            .map(Waitable::Handle)
            .ok_or_else(|| {
                Error::value_error(format!(
                    "select() can wait on conc's sockets, pipes and queues and on the \
                     standard streams; {n} is none of them"
                ))
            }),
    }
}

fn deadline_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<Option<Instant>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => {
            let t = float_arg(vm, v)?;
            if t.is_nan() || t < 0.0 {
                return Err(Error::value_error("timeout must be non-negative"));
            }
            Ok(Some(Instant::now() + Duration::from_secs_f64(t.min(1e9))))
        }
    }
}

/// Waits (without the GIL) on `fds`, mapping interruption and errors.
fn wait_or_raise(
    vm: &mut Vm,
    fds: Vec<(Waitable, PollFlags)>,
    deadline: Option<Instant>,
) -> PyResult<Vec<PollFlags>> {
    let check = vm.interrupt_check();
    let r = vm.allow_threads_because("select", move || {
        let polled: Vec<_> = fds.iter().map(|(w, ev)| (w.as_fd(), *ev)).collect();
        channel::wait_any(&polled, deadline, &|| check.pending())
    });
    r.map_err(|e| match e {
        ChanError::Interrupted => vm.interrupted_error(),
        ChanError::Os(e) => crate::os::io_error(vm, &e),
        other => Error::new(ExcKind::SystemError, format!("poll ended with {other:?}")),
    })
}

const READY_IN: PollFlags = PollFlags::IN.union(PollFlags::HUP).union(PollFlags::ERR);

/// `select(rlist, wlist, xlist[, timeout])` → the three lists of what is
/// ready (ready to read, to write, with an exceptional condition).
fn select(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("select", &args, 3, 4)?;
    let lists: Vec<Vec<Value>> = args.pos()[..3]
        .iter()
        .map(|l| conc_interp::ops::collect(vm, l))
        .collect::<PyResult<_>>()?;
    let deadline = deadline_arg(vm, args.pos().get(3))?;
    let events = [PollFlags::IN, PollFlags::OUT, PollFlags::PRI];
    let mut fds = Vec::new();
    for (list, ev) in lists.iter().zip(events) {
        for v in list {
            fds.push((waitable(vm, v)?, ev));
        }
    }
    let revents = wait_or_raise(vm, fds, deadline)?;
    let mut out = Vec::new();
    let mut i = 0;
    for (list, ev) in lists.iter().zip(events) {
        let mut ready = Vec::new();
        for v in list {
            let got = revents[i];
            let hit = if ev == PollFlags::IN {
                got.intersects(READY_IN)
            } else if ev == PollFlags::OUT {
                got.intersects(PollFlags::OUT | PollFlags::ERR | PollFlags::HUP)
            } else {
                got.intersects(PollFlags::PRI)
            };
            if hit {
                ready.push(v.clone());
            }
            i += 1;
        }
        out.push(Value::list(ready));
    }
    Ok(Value::tuple(out))
}

/// `_wait(fds, events, timeout)` → `[(index, events)]` of those ready,
/// with selectors' EVENT_READ = 1 and EVENT_WRITE = 2.
fn wait_events(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("_wait", &args, 3, 3)?;
    let objs = conc_interp::ops::collect(vm, &args.pos()[0])?;
    let evs = conc_interp::ops::collect(vm, &args.pos()[1])?;
    let deadline = deadline_arg(vm, args.pos().get(2))?;
    let mut fds = Vec::with_capacity(objs.len());
    for (o, e) in objs.iter().zip(&evs) {
        let e = index_i64(vm, e)?;
        let mut flags = PollFlags::empty();
        if e & 1 != 0 {
            flags |= PollFlags::IN;
        }
        if e & 2 != 0 {
            flags |= PollFlags::OUT;
        }
        fds.push((waitable(vm, o)?, flags));
    }
    let revents = wait_or_raise(vm, fds, deadline)?;
    let mut out = Vec::new();
    for (i, got) in revents.iter().enumerate() {
        let mut e = 0;
        if got.intersects(READY_IN) {
            e |= 1;
        }
        if got.intersects(PollFlags::OUT | PollFlags::ERR | PollFlags::HUP) {
            e |= 2;
        }
        if e != 0 {
            out.push(Value::tuple(vec![Value::Int(i as i64), Value::Int(e)]));
        }
    }
    Ok(Value::list(out))
}

/// The `select` module.
pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let fns: &[(&str, NativeFnPtr)] = &[("select", select), ("_wait", wait_events)];
    let m = new_module(vm, "select", fns);
    let oserror = vm.exc_type(ExcKind::OSError);
    vm.module_set(&m, "error", Value::Obj(oserror));
    Ok(m)
}

/// The `selectors` module.
pub fn init_selectors(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("selectors");
    crate::util::exec_in_module(vm, &m, SOURCE)?;
    Ok(m)
}
