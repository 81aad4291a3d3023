//! `Lock`, `RLock`, `Semaphore` and `BoundedSemaphore`.

use std::sync::{Arc, OnceLock};

use conc_interp::object::{Args, NativeFnPtr};
use conc_interp::prelude::*;

use super::{block_err, describe, located_class, marg, this};
use crate::blocking::{self, BlockError};
use crate::thread::{registry, VmBlocker};
use crate::util::{check_kwargs, float_arg, index_i64, payload, pos_arity};

pub(crate) type LockSlot = OnceLock<Arc<blocking::Lock>>;
pub(crate) type RLockSlot = OnceLock<Arc<blocking::RLock>>;

fn new_lock_slot() -> Box<dyn std::any::Any + Send + Sync> {
    Box::new(LockSlot::new())
}

fn new_rlock_slot() -> Box<dyn std::any::Any + Send + Sync> {
    Box::new(RLockSlot::new())
}

/// The primitive of a `Lock` object (made on first use if `__init__` was
/// skipped by a subclass).
pub(crate) fn lock_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a Arc<blocking::Lock>> {
    let slot: &LockSlot = payload(v, "Lock")?;
    Ok(slot.get_or_init(|| Arc::new(blocking::Lock::new(&registry(vm), "Lock"))))
}

pub(crate) fn rlock_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a Arc<blocking::RLock>> {
    let slot: &RLockSlot = payload(v, "RLock")?;
    Ok(slot.get_or_init(|| Arc::new(blocking::RLock::new(&registry(vm), "RLock"))))
}

pub(crate) fn new_rlock(vm: &Vm) -> Arc<blocking::RLock> {
    Arc::new(blocking::RLock::new(&registry(vm), describe(vm, "RLock")))
}

fn truth(v: Option<&Value>, default: bool) -> bool {
    match v {
        None => default,
        Some(Value::None) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Int(i)) => *i != 0,
        Some(Value::Float(f)) => *f != 0.0,
        Some(_) => true,
    }
}

/// `acquire(blocking=True, timeout=-1)` arguments of `Lock` and `RLock`.
fn lock_args(vm: &mut Vm, args: &Args<'_>, what: &str) -> PyResult<Option<std::time::Duration>> {
    pos_arity(what, args, 1, 3)?;
    check_kwargs(what, args, &["blocking", "timeout"])?;
    let blocking = truth(marg(args, 1, "blocking"), true);
    let timeout = match marg(args, 2, "timeout") {
        None => -1.0,
        Some(v) => float_arg(vm, v)?,
    };
    blocking::lock_timeout(blocking, timeout).map_err(|e| block_err(vm, e))
}

fn done(vm: &mut Vm, r: Result<bool, BlockError>) -> PyResult<Value> {
    match r {
        Ok(b) => Ok(Value::Bool(b)),
        Err(e) => Err(block_err(vm, e)),
    }
}

fn unit(vm: &mut Vm, r: Result<(), BlockError>) -> PyResult<Value> {
    match r {
        Ok(()) => Ok(Value::None),
        Err(e) => Err(block_err(vm, e)),
    }
}

// ----- Lock -------------------------------------------------------------------

fn lock_init(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("Lock", &args, 1, 1)?;
    let slot: &LockSlot = payload(this(&args, "Lock")?, "Lock")?;
    let desc = describe(vm, "Lock");
    let _ = slot.set(Arc::new(blocking::Lock::new(&registry(vm), desc)));
    Ok(Value::None)
}

fn lock_acquire(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let l = lock_of(vm, this(&args, "acquire")?)?;
    // Fast path: an uncontended acquire needs no argument parsing and no
    // blocker.
    if args.pos().len() == 1 && !args.has_kwargs() && l.try_acquire(vm.thread_ident()) {
        return Ok(Value::Bool(true));
    }
    let timeout = lock_args(vm, &args, "acquire")?;
    let r = l.acquire(&VmBlocker::new(vm), timeout);
    done(vm, r)
}

fn lock_enter(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let l = lock_of(vm, this(&args, "__enter__")?)?;
    if !l.try_acquire(vm.thread_ident()) {
        let r = l.acquire(&VmBlocker::new(vm), None);
        done(vm, r)?;
    }
    Ok(Value::Bool(true))
}

fn lock_release(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let l = lock_of(vm, this(&args, "release")?)?;
    let r = l.release();
    unit(vm, r)
}

fn lock_exit(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    lock_release(vm, Args::new(&args.pos()[..1]))
}

fn lock_locked(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("locked", &args, 1, 1)?;
    Ok(Value::Bool(lock_of(vm, this(&args, "locked")?)?.locked()))
}

fn lock_repr(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let l = lock_of(vm, this(&args, "__repr__")?)?;
    let state = if l.locked() { "locked" } else { "unlocked" };
    Ok(Value::string(format!("<{state} {}>", l.desc())))
}

const LOCK_METHODS: &[(&str, NativeFnPtr)] = &[
    ("__init__", lock_init),
    ("acquire", lock_acquire),
    ("acquire_lock", lock_acquire),
    ("release", lock_release),
    ("release_lock", lock_release),
    ("locked", lock_locked),
    ("locked_lock", lock_locked),
    ("__enter__", lock_enter),
    ("__exit__", lock_exit),
    ("__repr__", lock_repr),
];

// ----- RLock ------------------------------------------------------------------

fn rlock_init(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("RLock", &args, 1, 1)?;
    let slot: &RLockSlot = payload(this(&args, "RLock")?, "RLock")?;
    let _ = slot.set(new_rlock(vm));
    Ok(Value::None)
}

fn rlock_acquire(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let l = rlock_of(vm, this(&args, "acquire")?)?;
    if args.pos().len() == 1 && !args.has_kwargs() && l.try_acquire(vm.thread_ident()) {
        return Ok(Value::Bool(true));
    }
    let timeout = lock_args(vm, &args, "acquire")?;
    let r = l.acquire(&VmBlocker::new(vm), timeout);
    done(vm, r)
}

fn rlock_enter(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let l = rlock_of(vm, this(&args, "__enter__")?)?;
    if !l.try_acquire(vm.thread_ident()) {
        let r = l.acquire(&VmBlocker::new(vm), None);
        done(vm, r)?;
    }
    Ok(Value::Bool(true))
}

fn rlock_release(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let l = rlock_of(vm, this(&args, "release")?)?;
    let r = l.release(vm.thread_ident());
    unit(vm, r)
}

fn rlock_exit(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    rlock_release(vm, Args::new(&args.pos()[..1]))
}

fn rlock_is_owned(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let l = rlock_of(vm, this(&args, "_is_owned")?)?;
    Ok(Value::Bool(l.is_owned(vm.thread_ident())))
}

fn rlock_locked(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Bool(rlock_of(vm, this(&args, "locked")?)?.locked()))
}

fn rlock_repr(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let l = rlock_of(vm, this(&args, "__repr__")?)?;
    let (owner, count) = l.owner_and_count();
    let state = if owner.is_some() {
        "locked"
    } else {
        "unlocked"
    };
    let owner = owner.map_or("None".to_string(), |o| o.to_string());
    Ok(Value::string(format!(
        "<{state} {} owner={owner} count={count}>",
        l.desc()
    )))
}

const RLOCK_METHODS: &[(&str, NativeFnPtr)] = &[
    ("__init__", rlock_init),
    ("acquire", rlock_acquire),
    ("release", rlock_release),
    ("locked", rlock_locked),
    ("_is_owned", rlock_is_owned),
    ("__enter__", rlock_enter),
    ("__exit__", rlock_exit),
    ("__repr__", rlock_repr),
];

// ----- Semaphore, BoundedSemaphore ---------------------------------------------

pub(crate) enum Sem {
    Plain(blocking::Semaphore),
    Bounded(blocking::BoundedSemaphore),
}

impl std::ops::Deref for Sem {
    type Target = blocking::Semaphore;
    fn deref(&self) -> &blocking::Semaphore {
        match self {
            Sem::Plain(s) => s,
            Sem::Bounded(s) => s,
        }
    }
}

type SemSlot = OnceLock<Sem>;

fn new_sem_slot() -> Box<dyn std::any::Any + Send + Sync> {
    Box::new(SemSlot::new())
}

fn sem_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a Sem> {
    let slot: &SemSlot = payload(v, "Semaphore")?;
    Ok(slot.get_or_init(|| Sem::Plain(blocking::Semaphore::new(&registry(vm), 1, "Semaphore"))))
}

fn sem_new(vm: &mut Vm, args: &Args<'_>, bounded: bool) -> PyResult<Value> {
    let name = if bounded {
        "BoundedSemaphore"
    } else {
        "Semaphore"
    };
    pos_arity(name, args, 1, 2)?;
    check_kwargs(name, args, &["value"])?;
    let value = match marg(args, 1, "value") {
        None => 1,
        Some(v) => index_i64(vm, v)?,
    };
    let value = blocking::Semaphore::check_initial(value).map_err(|e| block_err(vm, e))?;
    let slot: &SemSlot = payload(this(args, name)?, name)?;
    let desc = describe(vm, name);
    let reg = registry(vm);
    let sem = if bounded {
        Sem::Bounded(blocking::BoundedSemaphore::new(&reg, value, desc))
    } else {
        Sem::Plain(blocking::Semaphore::new(&reg, value, desc))
    };
    let _ = slot.set(sem);
    Ok(Value::None)
}

fn sem_init(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    sem_new(vm, &args, false)
}

fn bsem_init(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    sem_new(vm, &args, true)
}

fn sem_acquire(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = sem_of(vm, this(&args, "acquire")?)?;
    if args.pos().len() == 1 && !args.has_kwargs() && s.try_acquire(vm.thread_ident()) {
        return Ok(Value::Bool(true));
    }
    pos_arity("acquire", &args, 1, 3)?;
    check_kwargs("acquire", &args, &["blocking", "timeout"])?;
    let blocking = truth(marg(&args, 1, "blocking"), true);
    let timeout = match marg(&args, 2, "timeout") {
        None | Some(Value::None) => None,
        Some(v) => Some(float_arg(vm, v)?),
    };
    let timeout = blocking::semaphore_timeout(blocking, timeout).map_err(|e| block_err(vm, e))?;
    let r = s.acquire(&VmBlocker::new(vm), timeout);
    done(vm, r)
}

fn sem_enter(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = sem_of(vm, this(&args, "__enter__")?)?;
    if !s.try_acquire(vm.thread_ident()) {
        let r = s.acquire(&VmBlocker::new(vm), None);
        done(vm, r)?;
    }
    Ok(Value::Bool(true))
}

fn sem_release(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("release", &args, 1, 2)?;
    check_kwargs("release", &args, &["n"])?;
    let s = sem_of(vm, this(&args, "release")?)?;
    let n = match marg(&args, 1, "n") {
        None => 1,
        Some(v) => index_i64(vm, v)?,
    };
    if n < 1 {
        return Err(Error::value_error("n must be one or more"));
    }
    let r = s.release(vm.thread_ident(), n as usize);
    unit(vm, r)
}

fn sem_exit(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    sem_release(vm, Args::new(&args.pos()[..1]))
}

fn sem_value(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Int(
        sem_of(vm, this(&args, "_value")?)?.value() as i64
    ))
}

fn sem_repr(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = sem_of(vm, this(&args, "__repr__")?)?;
    let extra = match s {
        Sem::Bounded(b) => format!("/{}", b.bound()),
        Sem::Plain(_) => String::new(),
    };
    Ok(Value::string(format!(
        "<{} value={}{extra}>",
        s.desc(),
        s.value()
    )))
}

const SEM_METHODS: &[(&str, NativeFnPtr)] = &[
    ("__init__", sem_init),
    ("acquire", sem_acquire),
    ("release", sem_release),
    ("__enter__", sem_enter),
    ("__exit__", sem_exit),
    ("_get_value", sem_value),
    ("__repr__", sem_repr),
];

const BSEM_METHODS: &[(&str, NativeFnPtr)] = &[("__init__", bsem_init)];

pub(super) fn install(vm: &mut Vm, m: &Value) {
    let lock = located_class(vm, "Lock", &[], LOCK_METHODS, Some(new_lock_slot));
    vm.module_set(m, "Lock", Value::Obj(lock));
    let rlock = located_class(vm, "RLock", &[], RLOCK_METHODS, Some(new_rlock_slot));
    vm.module_set(m, "RLock", Value::Obj(rlock));
    let sem = located_class(vm, "Semaphore", &[], SEM_METHODS, Some(new_sem_slot));
    let bsem = located_class(
        vm,
        "BoundedSemaphore",
        std::slice::from_ref(&sem),
        BSEM_METHODS,
        Some(new_sem_slot),
    );
    vm.module_set(m, "Semaphore", Value::Obj(sem));
    vm.module_set(m, "BoundedSemaphore", Value::Obj(bsem));
}
