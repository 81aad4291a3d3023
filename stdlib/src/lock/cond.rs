//! `Condition`, `Event` and `Barrier`.

use std::cell::RefCell;
use std::sync::OnceLock;

use conc_interp::object::{Args, NativeFnPtr};
use conc_interp::prelude::*;

use super::prims::{lock_of, new_rlock, rlock_of, LockSlot, RLockSlot};
use super::{block_err, describe, located_class, marg, opt_timeout, this, CellBlocker};
use crate::blocking::{self, BlockError, CondLock, ScriptError};
use crate::thread::{registry, VmBlocker};
use crate::util::{check_kwargs, index_i64, payload, pos_arity};

fn script_err(vm: &mut Vm, e: ScriptError<Error>) -> Error {
    match e {
        ScriptError::Block(e) => block_err(vm, e),
        ScriptError::Script(e) => e,
    }
}

fn done(vm: &mut Vm, r: Result<bool, BlockError>) -> PyResult<Value> {
    match r {
        Ok(b) => Ok(Value::Bool(b)),
        Err(e) => Err(block_err(vm, e)),
    }
}

// ----- Condition ----------------------------------------------------------------

/// The condition and the script lock object under it (`_lock`).
pub(crate) struct Cond {
    core: blocking::Condition,
    lock: Value,
}

type CondSlot = OnceLock<Cond>;

fn new_cond_slot() -> Box<dyn std::any::Any + Send + Sync> {
    Box::new(CondSlot::new())
}

fn cond_of(v: &Value) -> PyResult<&Cond> {
    let slot: &CondSlot = payload(v, "Condition")?;
    slot.get()
        .ok_or_else(|| Error::runtime_error("Condition.__init__() not called"))
}

fn cond_init(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("Condition", &args, 1, 2)?;
    check_kwargs("Condition", &args, &["lock"])?;
    let me = this(&args, "Condition")?;
    let slot: &CondSlot = payload(me, "Condition")?;
    let desc = describe(vm, "Condition");
    let (lock, obj) = match marg(&args, 1, "lock") {
        None | Some(Value::None) => {
            // A fresh RLock, as Python's default; also as a script object.
            let rl = new_rlock(vm);
            let module = vm.import_module("lock")?;
            let cls = vm.get_attr(&module, "RLock")?;
            let obj = vm.instantiate_native(cls.as_obj().expect("RLock is a class"));
            let s: &RLockSlot = payload(&obj, "RLock")?;
            let _ = s.set(rl.clone());
            (CondLock::RLock(rl), obj)
        }
        Some(v) => {
            if payload::<LockSlot>(v, "Lock").is_ok() {
                (CondLock::Lock(lock_of(vm, v)?.clone()), v.clone())
            } else if payload::<RLockSlot>(v, "RLock").is_ok() {
                (CondLock::RLock(rlock_of(vm, v)?.clone()), v.clone())
            } else {
                return Err(Error::type_error(format!(
                    "Condition() needs a Lock or RLock, not {}",
                    vm.type_name(v)
                )));
            }
        }
    };
    let core = blocking::Condition::new(&registry(vm), lock, desc);
    let _ = slot.set(Cond { core, lock: obj });
    Ok(Value::None)
}

fn cond_acquire(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let c = cond_of(this(&args, "acquire")?)?;
    let lock = c.lock.clone();
    let m = vm.get_attr(&lock, "acquire")?;
    let rest = &args.pos()[1..];
    let kw: Vec<(&str, &Value)> = args.kwargs().collect();
    if kw.is_empty() {
        vm.call(&m, rest)
    } else {
        let mut all: Vec<Value> = rest.to_vec();
        let mut names = Vec::new();
        for (k, v) in kw {
            all.push(v.clone());
            names.push(Value::str(k));
        }
        vm.call_kw(&m, &all, &names)
    }
}

fn cond_enter(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let c = cond_of(this(&args, "__enter__")?)?;
    let me = vm.thread_ident();
    let acquired = match c.core.lock() {
        CondLock::Lock(l) => l.try_acquire(me),
        CondLock::RLock(l) => l.try_acquire(me),
    };
    if !acquired {
        let r = c.core.acquire(&VmBlocker::new(vm), None);
        done(vm, r)?;
    }
    Ok(Value::Bool(true))
}

fn cond_release(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let c = cond_of(this(&args, "release")?)?;
    match c.core.release(vm.thread_ident()) {
        Ok(()) => Ok(Value::None),
        Err(e) => Err(block_err(vm, e)),
    }
}

fn cond_exit(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    cond_release(vm, Args::new(&args.pos()[..1]))
}

fn cond_wait(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("wait", &args, 1, 2)?;
    check_kwargs("wait", &args, &["timeout"])?;
    let c = cond_of(this(&args, "wait")?)?;
    let timeout = opt_timeout(vm, marg(&args, 1, "timeout"))?;
    let r = c.core.wait(&VmBlocker::new(vm), timeout);
    done(vm, r)
}

fn cond_wait_for(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("wait_for", &args, 2, 3)?;
    check_kwargs("wait_for", &args, &["predicate", "timeout"])?;
    let c = cond_of(this(&args, "wait_for")?)?;
    let pred = marg(&args, 1, "predicate")
        .ok_or_else(|| Error::type_error("wait_for() missing required argument 'predicate'"))?
        .clone();
    let timeout = opt_timeout(vm, marg(&args, 2, "timeout"))?;
    let cell = RefCell::new(vm);
    let r = {
        let b = CellBlocker::new(&cell);
        c.core.wait_for(&b, timeout, || {
            let mut vm = cell.borrow_mut();
            let v = vm.call(&pred, &[])?;
            let t = conc_interp::ops::truthy(&mut vm, &v)?;
            Ok::<_, Error>((t, v))
        })
    };
    let vm = cell.into_inner();
    r.map_err(|e| script_err(vm, e))
}

fn notify_n(vm: &mut Vm, c: &Cond, n: usize) -> PyResult<Value> {
    match c.core.notify(vm.thread_ident(), n) {
        Ok(()) => Ok(Value::None),
        Err(e) => Err(block_err(vm, e)),
    }
}

fn cond_notify(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("notify", &args, 1, 2)?;
    check_kwargs("notify", &args, &["n"])?;
    let c = cond_of(this(&args, "notify")?)?;
    let n = match marg(&args, 1, "n") {
        None => 1,
        Some(v) => index_i64(vm, v)?.max(0) as usize,
    };
    notify_n(vm, c, n)
}

fn cond_notify_all(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("notify_all", &args, 1, 1)?;
    let c = cond_of(this(&args, "notify_all")?)?;
    notify_n(vm, c, usize::MAX)
}

fn cond_is_owned(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let c = cond_of(this(&args, "_is_owned")?)?;
    Ok(Value::Bool(c.core.is_owned(vm.thread_ident())))
}

fn cond_lock(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(cond_of(this(&args, "_lock")?)?.lock.clone())
}

fn cond_repr(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let c = cond_of(this(&args, "__repr__")?)?;
    let lock = conc_interp::ops::repr(vm, &c.lock)?;
    Ok(Value::string(format!(
        "<{} ({lock}, {} waiting)>",
        c.core.desc(),
        c.core.waiters()
    )))
}

const COND_METHODS: &[(&str, NativeFnPtr)] = &[
    ("__init__", cond_init),
    ("acquire", cond_acquire),
    ("release", cond_release),
    ("__enter__", cond_enter),
    ("__exit__", cond_exit),
    ("wait", cond_wait),
    ("wait_for", cond_wait_for),
    ("notify", cond_notify),
    ("notify_all", cond_notify_all),
    ("notifyAll", cond_notify_all),
    ("_is_owned", cond_is_owned),
    ("_get_lock", cond_lock),
    ("__repr__", cond_repr),
];

// ----- Event --------------------------------------------------------------------

type EventSlot = OnceLock<blocking::Event>;

fn new_event_slot() -> Box<dyn std::any::Any + Send + Sync> {
    Box::new(EventSlot::new())
}

fn event_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a blocking::Event> {
    let slot: &EventSlot = payload(v, "Event")?;
    Ok(slot.get_or_init(|| blocking::Event::new(&registry(vm), "Event")))
}

fn ev_init(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("Event", &args, 1, 1)?;
    let slot: &EventSlot = payload(this(&args, "Event")?, "Event")?;
    let desc = describe(vm, "Event");
    let _ = slot.set(blocking::Event::new(&registry(vm), desc));
    Ok(Value::None)
}

fn ev_set(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("set", &args, 1, 1)?;
    event_of(vm, this(&args, "set")?)?.set();
    Ok(Value::None)
}

fn ev_clear(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("clear", &args, 1, 1)?;
    event_of(vm, this(&args, "clear")?)?.clear();
    Ok(Value::None)
}

fn ev_is_set(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("is_set", &args, 1, 1)?;
    Ok(Value::Bool(event_of(vm, this(&args, "is_set")?)?.is_set()))
}

fn ev_wait(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("wait", &args, 1, 2)?;
    check_kwargs("wait", &args, &["timeout"])?;
    let ev = event_of(vm, this(&args, "wait")?)?;
    if ev.is_set() {
        return Ok(Value::Bool(true));
    }
    let timeout = opt_timeout(vm, marg(&args, 1, "timeout"))?;
    let r = ev.wait(&VmBlocker::new(vm), timeout);
    done(vm, r)
}

fn ev_repr(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let ev = event_of(vm, this(&args, "__repr__")?)?;
    let state = if ev.is_set() { "set" } else { "unset" };
    Ok(Value::string(format!("<{}: {state}>", ev.desc())))
}

const EVENT_METHODS: &[(&str, NativeFnPtr)] = &[
    ("__init__", ev_init),
    ("set", ev_set),
    ("clear", ev_clear),
    ("is_set", ev_is_set),
    ("isSet", ev_is_set),
    ("wait", ev_wait),
    ("__repr__", ev_repr),
];

// ----- Barrier ------------------------------------------------------------------

pub(crate) struct Bar {
    core: blocking::Barrier,
    action: Option<Value>,
}

type BarSlot = OnceLock<Bar>;

fn new_bar_slot() -> Box<dyn std::any::Any + Send + Sync> {
    Box::new(BarSlot::new())
}

fn bar_of(v: &Value) -> PyResult<&Bar> {
    let slot: &BarSlot = payload(v, "Barrier")?;
    slot.get()
        .ok_or_else(|| Error::runtime_error("Barrier.__init__() not called"))
}

fn bar_init(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("Barrier", &args, 1, 4)?;
    check_kwargs("Barrier", &args, &["parties", "action", "timeout"])?;
    let slot: &BarSlot = payload(this(&args, "Barrier")?, "Barrier")?;
    let parties = match marg(&args, 1, "parties") {
        Some(v) => index_i64(vm, v)?,
        None => {
            return Err(Error::type_error(
                "Barrier() missing required argument 'parties'",
            ))
        }
    };
    let action = match marg(&args, 2, "action") {
        None | Some(Value::None) => None,
        Some(v) => Some(v.clone()),
    };
    let timeout = opt_timeout(vm, marg(&args, 3, "timeout"))?;
    let desc = describe(vm, "Barrier");
    let parties = usize::try_from(parties).unwrap_or(0);
    let core = blocking::Barrier::new(&registry(vm), parties, action.is_some(), timeout, desc)
        .map_err(|e| block_err(vm, e))?;
    let _ = slot.set(Bar { core, action });
    Ok(Value::None)
}

fn bar_wait(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("wait", &args, 1, 2)?;
    check_kwargs("wait", &args, &["timeout"])?;
    let bar = bar_of(this(&args, "wait")?)?;
    let timeout = opt_timeout(vm, marg(&args, 1, "timeout"))?;
    let action = bar.action.clone();
    let cell = RefCell::new(vm);
    let r = {
        let b = CellBlocker::new(&cell);
        bar.core.wait(&b, timeout, || match &action {
            Some(a) => cell.borrow_mut().call(a, &[]).map(drop),
            None => Ok(()),
        })
    };
    let vm = cell.into_inner();
    drop(action);
    match r {
        Ok(i) => Ok(Value::Int(i as i64)),
        Err(e) => Err(script_err(vm, e)),
    }
}

fn bar_reset(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    bar_of(this(&args, "reset")?)?.core.reset();
    Ok(Value::None)
}

fn bar_abort(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    bar_of(this(&args, "abort")?)?.core.abort();
    Ok(Value::None)
}

fn bar_parties(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Int(
        bar_of(this(&args, "parties")?)?.core.parties() as i64
    ))
}

fn bar_n_waiting(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Int(
        bar_of(this(&args, "n_waiting")?)?.core.n_waiting() as i64,
    ))
}

fn bar_broken(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Bool(bar_of(this(&args, "broken")?)?.core.broken()))
}

fn bar_repr(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let b = bar_of(this(&args, "__repr__")?)?;
    if b.core.broken() {
        return Ok(Value::string(format!("<{}: broken>", b.core.desc())));
    }
    Ok(Value::string(format!(
        "<{}: waiters={}/{}>",
        b.core.desc(),
        b.core.n_waiting(),
        b.core.parties()
    )))
}

const BARRIER_METHODS: &[(&str, NativeFnPtr)] = &[
    ("__init__", bar_init),
    ("wait", bar_wait),
    ("reset", bar_reset),
    ("abort", bar_abort),
    ("_parties", bar_parties),
    ("_n_waiting", bar_n_waiting),
    ("_broken", bar_broken),
    ("__repr__", bar_repr),
];

pub(super) fn install(vm: &mut Vm, m: &Value) {
    let cond = located_class(vm, "Condition", &[], COND_METHODS, Some(new_cond_slot));
    vm.module_set(m, "Condition", Value::Obj(cond));
    let ev = located_class(vm, "Event", &[], EVENT_METHODS, Some(new_event_slot));
    vm.module_set(m, "Event", Value::Obj(ev));
    let bar = located_class(vm, "Barrier", &[], BARRIER_METHODS, Some(new_bar_slot));
    vm.module_set(m, "Barrier", Value::Obj(bar));
}
