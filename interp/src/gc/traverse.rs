//! What the cycle collector knows of each object kind: whether it is
//! tracked, which objects it holds references to, and how to empty it.
//!
//! The one rule that keeps the collector safe: [`visit`] reports only
//! references the object owns (each holds one count), and reports all of
//! them or none. A reference it does not report merely makes its target
//! look reachable from outside; a reference reported without a count
//! behind it could make a live object look like garbage.

use crate::object::{Dict, Object};
use crate::value::{ObjRef, Value};

/// True for the objects the collector tracks: those that may hold
/// references to other tracked objects, and so be part of a cycle.
/// A tuple or frozenset (whose items never change) is tracked only when an
/// item is a tracked kind or another tuple (not looked into: a check that
/// recursed would make building a deep nest quadratic).
#[inline]
pub(crate) fn is_container(obj: &Object) -> bool {
    match obj {
        Object::Tuple(items) => items.iter().any(may_hold_containers),
        Object::FrozenSet(d) => d.iter().any(|e| may_hold_containers(&e.key)),
        _ => is_mutable_container(obj),
    }
}

fn is_mutable_container(obj: &Object) -> bool {
    matches!(
        obj,
        Object::List(_)
            | Object::Dict(_)
            | Object::Set(_)
            | Object::Instance(_)
            | Object::Function(_)
            | Object::BoundMethod { .. }
            | Object::Type(_)
            | Object::Cell(_)
            | Object::Generator(_)
            | Object::Property { .. }
            | Object::StaticMethod(_)
            | Object::ClassMethod(_)
    )
}

fn may_hold_containers(v: &Value) -> bool {
    match v {
        Value::Obj(o) => {
            is_mutable_container(o) || matches!(&**o, Object::Tuple(_) | Object::FrozenSet(_))
        }
        _ => false,
    }
}

/// Calls `f` with every object `obj` holds a reference to. Returns false,
/// having called `f` for nothing, if part of `obj` is borrowed by other
/// code (then it is in use: the collector counts it as reachable).
pub(crate) fn visit(obj: &Object, f: &mut dyn FnMut(&ObjRef)) -> bool {
    match obj {
        Object::Tuple(items) => values(items, f),
        Object::List(cell) => {
            let Some(items) = cell.try_borrow() else {
                return false;
            };
            values(&items, f);
        }
        Object::Dict(cell) | Object::Set(cell) => {
            let Some(d) = cell.try_borrow() else {
                return false;
            };
            dict(&d, f);
        }
        Object::FrozenSet(d) => dict(d, f),
        Object::Instance(inst) => {
            let Some(d) = inst.dict.try_borrow() else {
                return false;
            };
            f(&inst.class);
            dict(&d, f);
            // A builtin subclass's value (immutable here; a list or dict
            // value is tracked itself, and clearing it breaks its cycles).
            if let Some(v) = inst.base_value() {
                value(v, f);
            }
            // The native payload (a deque's items, a queue's) is opaque:
            // what it holds counts as referenced from outside.
        }
        Object::Function(func) => {
            let (Some(name), Some(qualname), Some(attrs)) = (
                func.name.try_borrow(),
                func.qualname.try_borrow(),
                func.attrs.try_borrow(),
            ) else {
                return false;
            };
            f(&func.globals);
            values(&func.defaults, f);
            if let Some(kw) = &func.kwdefaults {
                f(kw);
            }
            func.closure.iter().for_each(&mut *f);
            value(&name, f);
            value(&qualname, f);
            dict(&attrs, f);
        }
        Object::BoundMethod { func, this } => {
            value(func, f);
            value(this, f);
        }
        Object::Type(t) => {
            let Some(d) = t.dict.try_borrow() else {
                return false;
            };
            t.bases.iter().for_each(&mut *f);
            t.mro.iter().for_each(&mut *f);
            t.metaclass.iter().for_each(&mut *f);
            dict(&d, f);
        }
        Object::Cell(cell) => {
            let Some(v) = cell.try_borrow() else {
                return false;
            };
            if let Some(v) = &*v {
                value(v, f);
            }
        }
        Object::Generator(g) => return g.visit_refs(f),
        Object::Property {
            fget,
            fset,
            fdel,
            doc,
        } => {
            for v in [fget, fset, fdel, doc] {
                value(v, f);
            }
        }
        Object::StaticMethod(v) | Object::ClassMethod(v) => value(v, f),
        _ => {}
    }
    true
}

fn value(v: &Value, f: &mut dyn FnMut(&ObjRef)) {
    if let Value::Obj(o) = v {
        f(o);
    }
}

fn values(vs: &[Value], f: &mut dyn FnMut(&ObjRef)) {
    for v in vs {
        value(v, f);
    }
}

fn dict(d: &Dict, f: &mut dyn FnMut(&ObjRef)) {
    for e in d.iter() {
        value(&e.key, f);
        value(&e.value, f);
    }
}

/// What clearing garbage took out of it, dropped once every piece of
/// garbage is cleared (the fields are held only to be dropped).
#[allow(dead_code)]
pub(crate) enum Trash {
    Values(Vec<Value>),
    Dict(Dict),
    One(Value),
}

/// Empties the mutable parts of a garbage object, which breaks the cycles
/// through it: a list's items, a dict's or set's entries, an instance's or
/// a function's attributes, a class's namespace, a cell's value. Returns
/// true if the object's class namespace was emptied (attribute caches must
/// then be invalidated). Immutable objects (tuples, bound methods) need no
/// clearing: every cycle runs through at least one mutable object.
/// Generators are closed separately ([`crate::vm::generator`]).
pub(crate) fn clear(obj: &Object, trash: &mut Vec<Trash>) -> bool {
    match obj {
        Object::List(cell) => {
            if let Some(mut items) = cell.try_borrow_mut() {
                trash.push(Trash::Values(std::mem::take(&mut *items)));
            }
        }
        Object::Dict(cell) | Object::Set(cell) => {
            if let Some(mut d) = cell.try_borrow_mut() {
                trash.push(Trash::Dict(std::mem::take(&mut *d)));
            }
        }
        Object::Instance(inst) => {
            if let Some(mut d) = inst.dict.try_borrow_mut() {
                trash.push(Trash::Dict(std::mem::take(&mut *d)));
            }
        }
        Object::Function(func) => {
            if let Some(mut d) = func.attrs.try_borrow_mut() {
                trash.push(Trash::Dict(std::mem::take(&mut *d)));
            }
        }
        Object::Type(t) => {
            if let Some(mut d) = t.dict.try_borrow_mut() {
                trash.push(Trash::Dict(std::mem::take(&mut *d)));
                return true;
            }
        }
        Object::Cell(cell) => {
            if let Some(v) = cell.try_borrow_mut().and_then(|mut v| v.take()) {
                trash.push(Trash::One(v));
            }
        }
        _ => {}
    }
    false
}
