//! `weakref.WeakSet` (module `_weakrefset`): a conc class on a native base
//! holding its members by weak references, told apart by identity, in the
//! order they were added.
//!
//! Native because `abc` keeps its registry and caches in weak sets and
//! tests membership on every `isinstance` against an ABC: `x in ws` is one
//! hash look-up of the object's address here, where a conc `__contains__`
//! cost a call frame and more (it doubled the instructions of such an
//! `isinstance`). A member's address cannot be taken by another object
//! while the set holds its weak reference (the reference keeps the
//! allocation, `sync::WeakRef`), so a present address is that member, dead
//! or alive. Dead members are dropped from the table now and then on
//! `add`, and skipped everywhere else.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use conc_interp::object::{Args, NativeFnPtr, Object};
use conc_interp::prelude::*;
use conc_interp::sync::{ObjCell, Ref, WeakRef};

use crate::util::{arity, payload};

/// Hashes object addresses: distinct, 16-aligned, and not chosen by
/// scripts, so one multiply (after dropping the alignment bits) spreads
/// them well, without SipHash's cost.
#[derive(Default)]
struct AddrHasher(u64);

impl Hasher for AddrHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        let x = (self.0 ^ (n >> 4)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = x ^ (x >> 32);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[derive(Default)]
struct Members {
    /// In the order added; a discarded member leaves `None`.
    slots: Vec<Option<WeakRef<Object>>>,
    /// A member's object address -> its slot.
    index: HashMap<usize, usize, BuildHasherDefault<AddrHasher>>,
    /// `add` compacts the table when it reaches this many slots.
    compact_at: usize,
}

impl Members {
    /// Drops the discarded and dead slots.
    fn compact(&mut self) {
        let slots = std::mem::take(&mut self.slots);
        self.index.clear();
        for w in slots.into_iter().flatten() {
            if let Some(o) = w.upgrade() {
                self.index
                    .insert(Ref::as_ptr(&o) as usize, self.slots.len());
                self.slots.push(Some(w));
            }
        }
        self.compact_at = 2 * self.slots.len() + 8;
    }

    /// The live members, in order.
    fn live(&self) -> Vec<Value> {
        self.slots
            .iter()
            .flatten()
            .filter_map(|w| w.upgrade().map(Value::Obj))
            .collect()
    }
}

type Payload = ObjCell<Members>;

pub(super) fn new_payload() -> Box<dyn std::any::Any + Send + Sync> {
    Box::new(Payload::new(Members::default()))
}

fn members<'a>(args: &Args<'a>) -> PyResult<&'a Payload> {
    payload(&args.pos()[0], "WeakSet")
}

/// The address a member is filed under, if `v` may be one at all.
fn address(v: &Value) -> Option<usize> {
    match v {
        Value::Obj(o) => Some(Ref::as_ptr(o) as usize),
        _ => None,
    }
}

fn add(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("add", &args, 2, 2)?;
    let target = super::referent(vm, &args.pos()[1])?;
    let addr = Ref::as_ptr(&target) as usize;
    let mut m = members(&args)?.borrow_mut();
    if m.index.contains_key(&addr) {
        return Ok(Value::None);
    }
    let slot = m.slots.len();
    m.slots.push(Some(Ref::downgrade(&target)));
    m.index.insert(addr, slot);
    if m.slots.len() >= m.compact_at {
        m.compact();
    }
    Ok(Value::None)
}

fn contains(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("__contains__", &args, 2, 2)?;
    let Some(addr) = address(&args.pos()[1]) else {
        return Ok(Value::Bool(false));
    };
    let m = members(&args)?.borrow();
    let alive = m
        .index
        .get(&addr)
        .and_then(|&i| m.slots[i].as_ref())
        .is_some_and(|w| w.is_alive());
    Ok(Value::Bool(alive))
}

/// Takes `item` out; whether it was a live member.
fn take(args: &Args<'_>) -> PyResult<bool> {
    let Some(addr) = address(&args.pos()[1]) else {
        return Ok(false);
    };
    let mut m = members(args)?.borrow_mut();
    let Some(i) = m.index.remove(&addr) else {
        return Ok(false);
    };
    let w = m.slots[i].take();
    drop(m);
    Ok(w.is_some_and(|w| w.is_alive()))
}

fn discard(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("discard", &args, 2, 2)?;
    take(&args)?;
    Ok(Value::None)
}

fn remove(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("remove", &args, 2, 2)?;
    if take(&args)? {
        return Ok(Value::None);
    }
    Err(conc_interp::ops::key_error(vm, &args.pos()[1]))
}

fn pop(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("pop", &args, 1, 1)?;
    let mut m = members(&args)?.borrow_mut();
    while let Some(slot) = m.slots.pop() {
        if let Some(o) = slot.and_then(|w| w.upgrade()) {
            m.index.remove(&(Ref::as_ptr(&o) as usize));
            drop(m);
            return Ok(Value::Obj(o));
        }
    }
    m.index.clear();
    Err(Error::key_error("pop from empty WeakSet"))
}

fn len(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("__len__", &args, 1, 1)?;
    let m = members(&args)?.borrow();
    let n = m.slots.iter().flatten().filter(|w| w.is_alive()).count();
    Ok(Value::Int(n as i64))
}

fn iter(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("__iter__", &args, 1, 1)?;
    let live = members(&args)?.borrow().live();
    conc_interp::ops::iter(vm, &Value::list(live))
}

fn clear(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("clear", &args, 1, 1)?;
    let old = std::mem::take(&mut *members(&args)?.borrow_mut());
    drop(old);
    Ok(Value::None)
}

pub(super) const METHODS: &[(&str, NativeFnPtr)] = &[
    ("add", add),
    ("__contains__", contains),
    ("discard", discard),
    ("remove", remove),
    ("pop", pop),
    ("__len__", len),
    ("__iter__", iter),
    ("clear", clear),
];

/// The conc half of the module: the class over the native base.
pub(super) const SOURCE: &str = r#"
class WeakSet(_WeakSetBase):
    """A set whose members are held weakly: a member goes when it dies.
    Members are told apart by identity (as the other weak containers of
    `weakref`); add, discard, remove, pop, clear, `in`, len and iteration
    are the native base's."""

    def __init__(self, data=None):
        if data is not None:
            self.update(data)

    def update(self, other):
        for x in other:
            self.add(x)

    def copy(self):
        return self.__class__(self)

    def __repr__(self):
        return '{%s}' % ', '.join(repr(x) for x in self)
"#;
