//! Comparisons: `==`/`!=` with Python's fallback to identity, the ordering
//! operators with reflection (`a < b` tries `b > a`), and sequence/set
//! comparison. `eq` is the containers' equality (identity implies
//! equality, like CPython's `PyObject_RichCompareBool`); `compare(Eq)` is
//! the `==` operator itself (so `nan == nan` is False).

use std::borrow::Cow;
use std::cmp::Ordering;

use crate::ops::CompareOp;

use super::dictops::find_in;
use super::{
    call_special, contains, has_user_dunders, is_not_implemented, number, truthy, unwrap_bases,
};
use crate::error::{Error, PyResult};
use crate::object::{Dict, Object};
use crate::value::Value;
use crate::vm::special::Special;
use crate::vm::Vm;

/// `a op b` for every comparison operator (the `CompareOp` instruction).
pub fn compare(vm: &mut Vm, a: &Value, op: CompareOp, b: &Value) -> PyResult<Value> {
    match op {
        CompareOp::Is => Ok(Value::Bool(a.is(b))),
        CompareOp::IsNot => Ok(Value::Bool(!a.is(b))),
        CompareOp::In => Ok(Value::Bool(contains(vm, b, a)?)),
        CompareOp::NotIn => Ok(Value::Bool(!contains(vm, b, a)?)),
        CompareOp::Eq => rich_eq(vm, a, b),
        CompareOp::NotEq => rich_ne(vm, a, b),
        _ => rich_order(vm, a, op, b),
    }
}

/// Equality as containers see it: identity first, then `==`, made a bool.
pub fn eq(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    if a.is(b) {
        return Ok(true);
    }
    if let Some(r) = native_eq(a, b) {
        return Ok(r);
    }
    let r = rich_eq(vm, a, b)?;
    match r {
        Value::Bool(x) => Ok(x),
        other => truthy(vm, &other),
    }
}

/// `a < b` as a bool (sorting, min/max).
pub fn lt(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        return Ok(x < y);
    }
    if let (Some(x), Some(y)) = (a.as_str_obj(), b.as_str_obj()) {
        return Ok(x.as_str() < y.as_str());
    }
    if let Some(r) = native_order(a, CompareOp::Lt, b) {
        return Ok(r);
    }
    match rich_order(vm, a, CompareOp::Lt, b)? {
        Value::Bool(x) => Ok(x),
        other => truthy(vm, &other),
    }
}

/// Equality decided without script code (identity implies equality):
/// numbers, str, bytes, None, ranges, tuples and frozensets of those.
/// `None` when it needs the general path (lists, dicts, instances, ...).
pub fn native_eq(a: &Value, b: &Value) -> Option<bool> {
    native_eq_at(a, b, 0)
}

/// Nesting that [`native_eq`] follows itself; deeper tuples take the
/// general path, whose recursion is counted (`RecursionError`, not a
/// stack overflow).
const NATIVE_EQ_DEPTH: u32 = 64;

/// The builtin value an instance of a builtin type's subclass compares
/// as, when no class of its own defines `__eq__` (an int flag stored as a
/// dict key is found under the plain int); `None` when only the general
/// `==` can tell.
fn eq_as_value(o: &crate::value::ObjRef) -> Option<&Value> {
    let Object::Instance(inst) = &**o else {
        return None;
    };
    let base = inst.base_value()?;
    let Object::Type(t) = &*inst.class else {
        return None;
    };
    let own_eq = std::iter::once(&inst.class)
        .chain(t.mro.iter())
        .any(|c| match &**c {
            Object::Type(ct) => {
                ct.builtin.is_none() && ct.dict.borrow().get_str("__eq__").is_some()
            }
            _ => true,
        });
    (!own_eq).then_some(base)
}

fn native_eq_at(a: &Value, b: &Value, depth: u32) -> Option<bool> {
    if depth >= NATIVE_EQ_DEPTH {
        return None;
    }
    if let Some(r) = number::eq(a, b) {
        return Some(r);
    }
    if a.is(b) {
        return Some(true);
    }
    let (oa, ob) = match (a, b) {
        (Value::Obj(x), Value::Obj(y)) => (x, y),
        (Value::Obj(x), other) | (other, Value::Obj(x)) => {
            return match &**x {
                Object::Instance(_) => native_eq_at(eq_as_value(x)?, other, depth + 1),
                Object::Type(t) if t.metaclass.is_some() => None,
                _ => Some(false),
            }
        }
        _ => return Some(false),
    };
    match (&**oa, &**ob) {
        (Object::Str(x), Object::Str(y)) => Some(x.as_str() == y.as_str()),
        // A metaclass may define `==` between classes.
        (Object::Type(t), _) | (_, Object::Type(t)) if t.metaclass.is_some() => None,
        (Object::Bytes(x), Object::Bytes(y)) => Some(x == y),
        (Object::Tuple(x), Object::Tuple(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            for (p, q) in x.iter().zip(y.iter()) {
                if !native_eq_at(p, q, depth + 1)? {
                    return Some(false);
                }
            }
            Some(true)
        }
        (
            Object::Range { .. } | Object::BigRange(_),
            Object::Range { .. } | Object::BigRange(_),
        ) => Some(crate::object::range::range_eq(oa, ob)),
        (Object::FrozenSet(x), Object::FrozenSet(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            for e in x.iter() {
                let found = y.find(e.hash, |k| {
                    native_eq_at(k, &e.key, depth + 1).unwrap_or(false)
                });
                if found.is_none() {
                    // Could still be equal through a script __eq__.
                    return if x.iter().any(|e| has_user_dunders(&e.key)) {
                        None
                    } else {
                        Some(false)
                    };
                }
            }
            Some(true)
        }
        (Object::Instance(_), _) => native_eq_at(eq_as_value(oa)?, b, depth + 1),
        (_, Object::Instance(_)) => native_eq_at(a, eq_as_value(ob)?, depth + 1),
        (Object::List(_), Object::List(_)) | (Object::Dict(_), Object::Dict(_)) => None,
        (Object::Set(_) | Object::FrozenSet(_), Object::Set(_) | Object::FrozenSet(_)) => None,
        (Object::Complex { .. }, _) | (_, Object::Complex { .. }) => None,
        (Object::BigInt(_), _) | (_, Object::BigInt(_)) => None,
        _ => Some(false),
    }
}

/// `a op b` for an ordering `op`, decided without script code: numbers,
/// strs, bytes, and tuples of those compared item by item (the keys that
/// `sort`, `min` and `max` compare most). `None` when it needs the general
/// path (other types, instances, and nesting beyond `NATIVE_EQ_DEPTH`).
pub(crate) fn native_order(a: &Value, op: CompareOp, b: &Value) -> Option<bool> {
    native_order_at(a, op, b, 0)
}

fn native_order_at(a: &Value, op: CompareOp, b: &Value, depth: u32) -> Option<bool> {
    if let Some(r) = number::compare(a, op, b) {
        return Some(r);
    }
    let (Value::Obj(x), Value::Obj(y)) = (a, b) else {
        return None;
    };
    let ord = match (&**x, &**y) {
        (Object::Str(p), Object::Str(q)) => p.as_str().cmp(q.as_str()),
        (Object::Bytes(p), Object::Bytes(q)) => p.cmp(q),
        (Object::Tuple(p), Object::Tuple(q)) if depth < NATIVE_EQ_DEPTH => {
            // The first items that differ decide; equal prefixes, the lengths.
            for (u, v) in p.iter().zip(q.iter()) {
                if !native_eq_at(u, v, depth + 1)? {
                    return native_order_at(u, op, v, depth + 1);
                }
            }
            p.len().cmp(&q.len())
        }
        _ => return None,
    };
    Some(ordering_matches(ord, op))
}

/// A snapshot of a list's or tuple's items (tuples are borrowed: immutable).
fn seq_items(v: &Value) -> Option<(Cow<'_, [Value]>, bool)> {
    match v {
        Value::Obj(o) => match &**o {
            Object::Tuple(t) => Some((Cow::Borrowed(&t[..]), true)),
            Object::List(l) => Some((Cow::Owned(l.borrow().clone()), false)),
            _ => None,
        },
        _ => None,
    }
}

/// A snapshot of a set's table.
fn set_table(v: &Value) -> Option<Cow<'_, Dict>> {
    match v {
        Value::Obj(o) => match &**o {
            Object::FrozenSet(d) => Some(Cow::Borrowed(d)),
            Object::Set(c) => Some(Cow::Owned(c.borrow().clone())),
            _ => None,
        },
        _ => None,
    }
}

/// True if every element of `a` is in `b`.
fn is_subset(vm: &mut Vm, a: &Dict, b: &Dict) -> PyResult<bool> {
    if a.len() > b.len() {
        return Ok(false);
    }
    let entries: Vec<(u64, Value)> = a.iter().map(|e| (e.hash, e.key.clone())).collect();
    for (h, k) in entries {
        if find_in(vm, b, h, &k)?.is_none() {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The `==` operator.
pub(crate) fn rich_eq(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<Value> {
    if let Some(r) = number::eq(a, b) {
        return Ok(Value::Bool(r));
    }
    if !has_user_dunders(a) && !has_user_dunders(b) {
        if let Some(r) = native_eq(a, b) {
            return Ok(Value::Bool(r));
        }
        // Containers compare their items: one level of recursion.
        return vm.nested(" in comparison", |vm| container_eq(vm, a, b));
    }
    // Most classes define no `__eq__`: two cache probes say so, and
    // `object`'s identity decides without the reflected protocol.
    if vm.has_special(a, Special::Eq) || vm.has_special(b, Special::Eq) {
        if let Some(r) = reflected(vm, a, b, "__eq__", "__eq__")? {
            return Ok(r);
        }
    }
    if let Some((a, b)) = unwrap_bases(a, b) {
        return rich_eq(vm, a, b);
    }
    Ok(Value::Bool(a.is(b)))
}

/// `==` of two built-in values that `native_eq` left open.
fn container_eq(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<Value> {
    {
        if let (Some((x, tx)), Some((y, ty))) = (seq_items(a), seq_items(b)) {
            if tx != ty || x.len() != y.len() {
                return Ok(Value::Bool(false));
            }
            for (p, q) in x.iter().zip(y.iter()) {
                if !eq(vm, p, q)? {
                    return Ok(Value::Bool(false));
                }
            }
            return Ok(Value::Bool(true));
        }
        if let (Some(x), Some(y)) = (set_table(a), set_table(b)) {
            return Ok(Value::Bool(x.len() == y.len() && is_subset(vm, &x, &y)?));
        }
        if let (Value::Obj(x), Value::Obj(y)) = (a, b) {
            if let (Object::Dict(dx), Object::Dict(dy)) = (&**x, &**y) {
                let items = dx.borrow().items();
                if items.len() != dy.borrow().len() {
                    return Ok(Value::Bool(false));
                }
                for (k, v) in items {
                    match super::dictops::cell_get(vm, dy, &k)? {
                        Some(w) if eq(vm, &v, &w)? => {}
                        _ => return Ok(Value::Bool(false)),
                    }
                }
                return Ok(Value::Bool(true));
            }
        }
        Ok(Value::Bool(a.is(b)))
    }
}

/// The `!=` operator: `__ne__` if a class defines it, else `not ==`.
fn rich_ne(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<Value> {
    if has_user_dunders(a) || has_user_dunders(b) {
        if let Some(r) = reflected(vm, a, b, "__ne__", "__ne__")? {
            return Ok(r);
        }
        // A builtin type's subclass without `__ne__` of its own inherits
        // the builtin `!=` of its value, not the negation of its `__eq__`.
        if let Some((x, y)) = unwrap_bases(a, b) {
            return rich_ne(vm, x, y);
        }
    }
    let r = rich_eq(vm, a, b)?;
    Ok(Value::Bool(!truthy(vm, &r)?))
}

/// Tries `a.name(b)`, then `b.rname(a)` (the subclass's reflected method
/// first when b's class derives from a's); `None` if both declined.
fn reflected(
    vm: &mut Vm,
    a: &Value,
    b: &Value,
    name: &str,
    rname: &str,
) -> PyResult<Option<Value>> {
    let b_first = has_user_dunders(b) && super::arith::is_strict_subclass(vm, b, a);
    if b_first {
        if let Some(r) = call_special(vm, b, rname, std::slice::from_ref(a))? {
            if !is_not_implemented(&r) {
                return Ok(Some(r));
            }
        }
    }
    if let Some(r) = call_special(vm, a, name, std::slice::from_ref(b))? {
        if !is_not_implemented(&r) {
            return Ok(Some(r));
        }
    }
    if !b_first {
        if let Some(r) = call_special(vm, b, rname, std::slice::from_ref(a))? {
            if !is_not_implemented(&r) {
                return Ok(Some(r));
            }
        }
    }
    Ok(None)
}

fn ordering_matches(ord: Ordering, op: CompareOp) -> bool {
    match op {
        CompareOp::Lt => ord == Ordering::Less,
        CompareOp::LtE => ord != Ordering::Greater,
        CompareOp::Gt => ord == Ordering::Greater,
        CompareOp::GtE => ord != Ordering::Less,
        _ => false,
    }
}

/// `<`, `<=`, `>`, `>=`.
fn rich_order(vm: &mut Vm, a: &Value, op: CompareOp, b: &Value) -> PyResult<Value> {
    if let Some(r) = native_order(a, op, b) {
        return Ok(Value::Bool(r));
    }
    if !has_user_dunders(a) && !has_user_dunders(b) {
        // (strs, bytes and tuples of such were decided by `native_order`.)
        if let (Some((x, tx)), Some((y, ty))) = (seq_items(a), seq_items(b)) {
            if tx == ty {
                return vm.nested(" in comparison", |vm| {
                    for (p, q) in x.iter().zip(y.iter()) {
                        if !eq(vm, p, q)? {
                            return rich_order(vm, p, op, q);
                        }
                    }
                    Ok(Value::Bool(ordering_matches(x.len().cmp(&y.len()), op)))
                });
            }
        }
        if let (Some(x), Some(y)) = (set_table(a), set_table(b)) {
            let r = vm.nested(" in comparison", |vm| {
                Ok(match op {
                    CompareOp::LtE => is_subset(vm, &x, &y)?,
                    CompareOp::Lt => x.len() < y.len() && is_subset(vm, &x, &y)?,
                    CompareOp::GtE => is_subset(vm, &y, &x)?,
                    _ => y.len() < x.len() && is_subset(vm, &y, &x)?,
                })
            })?;
            return Ok(Value::Bool(r));
        }
    } else {
        let (name, rname) = match op {
            CompareOp::Lt => ("__lt__", "__gt__"),
            CompareOp::LtE => ("__le__", "__ge__"),
            CompareOp::Gt => ("__gt__", "__lt__"),
            _ => ("__ge__", "__le__"),
        };
        if let Some(r) = reflected(vm, a, b, name, rname)? {
            return Ok(r);
        }
        if let Some((a, b)) = unwrap_bases(a, b) {
            return rich_order(vm, a, op, b);
        }
    }
    let (ta, tb) = (vm.type_name(a), vm.type_name(b));
    Err(Error::type_error(format!(
        "'{}' not supported between instances of '{ta}' and '{tb}'",
        op.symbol()
    )))
}

#[cfg(test)]
mod tests {
    use super::native_eq;
    use crate::value::Value;

    #[test]
    fn dict_key_equality_is_native_for_builtin_kinds() {
        assert_eq!(native_eq(&Value::Int(1), &Value::Float(1.0)), Some(true));
        assert_eq!(native_eq(&Value::Bool(true), &Value::Int(1)), Some(true));
        assert_eq!(native_eq(&Value::Int(1), &Value::Int(2)), Some(false));
        assert_eq!(native_eq(&Value::str("a"), &Value::str("a")), Some(true));
        assert_eq!(native_eq(&Value::str("a"), &Value::Int(1)), Some(false));
        assert_eq!(native_eq(&Value::None, &Value::None), Some(true));
        assert_eq!(native_eq(&Value::None, &Value::Int(0)), Some(false));
        let t1 = Value::tuple(vec![Value::Int(1), Value::str("x")]);
        let t2 = Value::tuple(vec![Value::Float(1.0), Value::str("x")]);
        let t3 = Value::tuple(vec![Value::Int(1)]);
        assert_eq!(native_eq(&t1, &t2), Some(true));
        assert_eq!(native_eq(&t1, &t3), Some(false));
        // Lists need the general path (they are never dict keys).
        assert_eq!(native_eq(&Value::list(vec![]), &Value::list(vec![])), None);
    }
}
