//! Sizes, truth, subscripts and membership: `len`, `bool(v)`, `c[i]`,
//! `c[i] = v`, `del c[i]`, `x in c`, and `operator.index`.

use super::dictops::{cell_get, cell_remove, cell_set, find_in, find_in_cell};
use super::{call_special, eq, has_user_dunders, hash, key_error, number};
use crate::error::{Error, ExcKind, PyResult};
use crate::object::range::{self, range_slice};
use crate::object::slice::{self, is_slice};
use crate::object::{base_value, Object};
use crate::value::Value;
use crate::vm::special::Special;
use crate::vm::Vm;

/// `len(v)`.
pub fn len(vm: &mut Vm, v: &Value) -> PyResult<usize> {
    if let Value::Obj(o) = v {
        match &**o {
            Object::Str(s) => return Ok(s.char_len()),
            Object::Bytes(b) => return Ok(b.len()),
            Object::Tuple(t) => return Ok(t.len()),
            Object::List(l) => return Ok(l.borrow().len()),
            Object::Dict(d) | Object::Set(d) => return Ok(d.borrow().len()),
            Object::FrozenSet(d) => return Ok(d.len()),
            Object::Range { .. } | Object::BigRange(_) => {
                return Ok(range::len_checked(o)? as usize);
            }
            // Instances, and classes with a metaclass (`len(Color)`).
            Object::Instance(_) | Object::Type(_) if has_user_dunders(v) => {
                if let Some(r) = call_special(vm, v, "__len__", &[])? {
                    let n = match &r {
                        Value::Int(n) => *n,
                        Value::Bool(b) => *b as i64,
                        Value::Obj(b) if matches!(**b, Object::BigInt(_)) => {
                            return Err(Error::overflow_error(
                                "cannot fit 'int' into an index-sized integer",
                            ))
                        }
                        _ => {
                            let t = vm.type_name(&r);
                            return Err(Error::type_error(format!(
                                "'{t}' object cannot be interpreted as an integer"
                            )));
                        }
                    };
                    if n < 0 {
                        return Err(Error::value_error("__len__() should return >= 0"));
                    }
                    return Ok(n as usize);
                }
                if let Some(b) = base_value(v) {
                    return len(vm, b);
                }
            }
            _ => {}
        }
    }
    let t = vm.type_name(v);
    Err(Error::type_error(format!(
        "object of type '{t}' has no len()"
    )))
}

/// `bool(v)`.
pub fn truthy(vm: &mut Vm, v: &Value) -> PyResult<bool> {
    match v {
        Value::None => Ok(false),
        Value::Bool(b) => Ok(*b),
        Value::Int(i) => Ok(*i != 0),
        Value::Float(f) => Ok(*f != 0.0),
        Value::Obj(o) => match &**o {
            Object::Str(s) => Ok(!s.as_str().is_empty()),
            Object::Bytes(b) => Ok(!b.is_empty()),
            Object::Tuple(t) => Ok(!t.is_empty()),
            Object::List(l) => Ok(!l.borrow().is_empty()),
            Object::Dict(d) | Object::Set(d) => Ok(!d.borrow().is_empty()),
            Object::FrozenSet(d) => Ok(!d.is_empty()),
            Object::Range { start, stop, step } => Ok(range::range_len(*start, *stop, *step) != 0),
            Object::BigRange(_) => Ok(!range::is_empty(o)),
            Object::Instance(_) | Object::Type(_) if has_user_dunders(v) => {
                // A class with neither `__bool__` nor `__len__` (most of
                // them) costs two attribute-cache probes and no call.
                // `__bool__ = None` is called, a TypeError, as in CPython.
                if let Some(f) = vm.special(v, Special::Bool) {
                    let r = vm.call(&f, std::slice::from_ref(v))?;
                    return match r {
                        Value::Bool(b) => Ok(b),
                        _ => {
                            let t = vm.type_name(&r);
                            Err(Error::type_error(format!(
                                "__bool__ should return bool, returned {t}"
                            )))
                        }
                    };
                }
                if vm.has_special(v, Special::Len) {
                    return Ok(len(vm, v)? != 0);
                }
                match base_value(v) {
                    Some(b) => truthy(vm, b),
                    None => Ok(true),
                }
            }
            _ => Ok(number::truthy(v).unwrap_or(true)),
        },
    }
}

/// `operator.index(v)`: an int for indexing (`__index__` for user classes).
pub fn to_index(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    to_index_or(
        vm,
        v,
        ExcKind::IndexError,
        "cannot fit 'int' into an index-sized integer",
    )
}

/// `v.__index__()` as a size argument (`str.center(width)`,
/// `int.to_bytes(length)`, ...): an int beyond 64 bits is an
/// `OverflowError`, as CPython's conversion to `Py_ssize_t`.
pub fn to_ssize(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    to_index_or(
        vm,
        v,
        ExcKind::OverflowError,
        "Python int too large to convert to C ssize_t",
    )
}

/// `v.__index__()` as a position that is clamped into a sequence anyway
/// (`str.find`'s start and end, `list.index`'s bounds, `round`'s ndigits):
/// an int beyond 64 bits saturates instead of raising, as CPython's
/// `_PyEval_SliceIndex` does, so `s.find(x, 2**100)` is -1, not an error.
pub fn to_clamped_index(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    if let Value::Obj(o) = v {
        if let Object::BigInt(b) = &**o {
            return Ok(if b.sign() == num_bigint::Sign::Minus {
                i64::MIN
            } else {
                i64::MAX
            });
        }
    }
    to_index(vm, v)
}

fn to_index_or(vm: &mut Vm, v: &Value, kind: ExcKind, msg: &str) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        Value::Obj(o) if matches!(**o, Object::BigInt(_)) => Err(Error::new(kind, msg)),
        _ => {
            if has_user_dunders(v) {
                if let Some(r) = call_special(vm, v, "__index__", &[])? {
                    return match r {
                        Value::Int(i) => Ok(i),
                        Value::Bool(b) => Ok(b as i64),
                        _ => {
                            let t = vm.type_name(&r);
                            Err(Error::type_error(format!(
                                "__index__ returned non-int (type {t})"
                            )))
                        }
                    };
                }
                if let Some(b) = base_value(v) {
                    return to_index_or(vm, b, kind, msg);
                }
            }
            let t = vm.type_name(v);
            Err(Error::type_error(format!(
                "'{t}' object cannot be interpreted as an integer"
            )))
        }
    }
}

/// `operator.index(v)` of any size (a range's bounds and indices): the
/// int itself, or what `__index__` returns.
pub fn to_index_big(vm: &mut Vm, v: &Value) -> PyResult<num_bigint::BigInt> {
    if let Some(b) = crate::object::bigint::to_bigint(v) {
        return Ok(b);
    }
    if has_user_dunders(v) {
        if let Some(r) = call_special(vm, v, "__index__", &[])? {
            return crate::object::bigint::to_bigint(&r).ok_or_else(|| {
                let t = vm.type_name(&r);
                Error::type_error(format!("__index__ returned non-int (type {t})"))
            });
        }
        if let Some(b) = base_value(v) {
            return to_index_big(vm, b);
        }
    }
    let t = vm.type_name(v);
    Err(Error::type_error(format!(
        "'{t}' object cannot be interpreted as an integer"
    )))
}

/// An index of a sequence of length `n`: negative counts from the end.
fn seq_index(vm: &mut Vm, i: &Value, n: usize, what: &str) -> PyResult<Option<usize>> {
    let i = index_arg(vm, i, what)?;
    let j = if i < 0 { i + n as i64 } else { i };
    Ok(if j < 0 || j >= n as i64 {
        None
    } else {
        Some(j as usize)
    })
}

/// The integer of a subscript `seq[i]`, with CPython's errors.
fn index_arg(vm: &mut Vm, i: &Value, what: &str) -> PyResult<i64> {
    Ok(match i {
        Value::Int(i) => *i,
        _ => match to_index(vm, i) {
            Ok(i) => i,
            Err(e) if vm.error_matches(&e, ExcKind::IndexError) => {
                return Err(Error::index_error(
                    "cannot fit 'int' into an index-sized integer",
                ))
            }
            Err(_) => {
                let t = vm.type_name(i);
                return Err(Error::type_error(format!(
                    "{what} indices must be integers or slices, not {t}"
                )));
            }
        },
    })
}

/// True if `i` can index a sequence (an int or has `__index__`).
fn is_index(vm: &mut Vm, i: &Value) -> bool {
    match i {
        Value::Int(_) | Value::Bool(_) => true,
        Value::Obj(o) => match &**o {
            Object::BigInt(_) => true,
            Object::Instance(inst) => {
                vm.special(i, Special::Index).is_some()
                    || inst.base_value().is_some_and(|b| is_index(vm, b))
            }
            _ => false,
        },
        _ => false,
    }
}

/// The substring of `s` (by code points) selected by a slice.
pub fn str_slice(vm: &mut Vm, s: &crate::object::StrObj, sl: &Value) -> PyResult<Value> {
    let ix = slice::indices(vm, sl, s.char_len())?;
    if s.is_ascii() {
        let b = s.as_str().as_bytes();
        if ix.step == 1 {
            let start = ix.start as usize;
            return Ok(Value::str(&s.as_str()[start..start + ix.count]));
        }
        let out: String = ix.iter().map(|i| b[i] as char).collect();
        return Ok(Value::string(out));
    }
    let chars: Vec<char> = s.as_str().chars().collect();
    let out: String = ix.iter().map(|i| chars[i]).collect();
    Ok(Value::string(out))
}

/// `c[i]`.
pub fn getitem(vm: &mut Vm, c: &Value, i: &Value) -> PyResult<Value> {
    let Value::Obj(o) = c else {
        return Err(not_subscriptable(vm, c));
    };
    match &**o {
        Object::List(l) => {
            if let Value::Int(k) = i {
                let l = l.borrow();
                let j = if *k < 0 { *k + l.len() as i64 } else { *k };
                return match l.get(j as usize) {
                    Some(v) if j >= 0 => Ok(v.clone()),
                    _ => Err(Error::index_error("list index out of range")),
                };
            }
            if is_slice(i) {
                let n = l.borrow().len();
                let ix = slice::indices(vm, i, n)?;
                let l = l.borrow();
                return Ok(Value::list(
                    ix.iter().filter_map(|k| l.get(k).cloned()).collect(),
                ));
            }
            let n = l.borrow().len();
            match seq_index(vm, i, n, "list")? {
                Some(j) => l
                    .borrow()
                    .get(j)
                    .cloned()
                    .ok_or_else(|| Error::index_error("list index out of range")),
                None => Err(Error::index_error("list index out of range")),
            }
        }
        Object::Tuple(t) => {
            if is_slice(i) {
                let ix = slice::indices(vm, i, t.len())?;
                if ix.step == 1 && ix.count == t.len() {
                    return Ok(c.clone());
                }
                return Ok(Value::tuple(ix.iter().map(|k| t[k].clone()).collect()));
            }
            match seq_index(vm, i, t.len(), "tuple")? {
                Some(j) => Ok(t[j].clone()),
                None => Err(Error::index_error("tuple index out of range")),
            }
        }
        Object::Str(s) => {
            if is_slice(i) {
                return str_slice(vm, s, i);
            }
            if !is_index(vm, i) {
                let t = vm.type_name(i);
                return Err(Error::type_error(format!(
                    "string indices must be integers, not '{t}'"
                )));
            }
            match seq_index(vm, i, s.char_len(), "string")? {
                Some(j) => Ok(super::iter::char_value(vm, s.char_at(j).unwrap_or(' '))),
                None => Err(Error::index_error("string index out of range")),
            }
        }
        Object::Bytes(b) => {
            if is_slice(i) {
                let ix = slice::indices(vm, i, b.len())?;
                let v: Vec<u8> = ix.iter().map(|k| b[k]).collect();
                return Ok(Value::new_obj(Object::Bytes(v.into_boxed_slice())));
            }
            match seq_index(vm, i, b.len(), "byte")? {
                Some(j) => Ok(Value::Int(b[j] as i64)),
                None => Err(Error::index_error("index out of range")),
            }
        }
        Object::Range { .. } | Object::BigRange(_) => {
            if is_slice(i) {
                return range_slice(vm, o, i);
            }
            range::item(vm, o, i)
        }
        Object::Dict(d) => match cell_get(vm, d, i)? {
            Some(v) => Ok(v),
            None => Err(key_error(vm, i)),
        },
        Object::Instance(inst) => {
            match call_special(vm, c, "__getitem__", std::slice::from_ref(i))? {
                Some(v) => Ok(v),
                None => match inst.base_value() {
                    Some(b) => base_getitem(vm, c, b, i),
                    None => Err(not_subscriptable(vm, c)),
                },
            }
        }
        Object::Type(t) => {
            // A metaclass's `__getitem__` first (`Color['RED']`), as in
            // CPython, then `__class_getitem__`.
            if t.metaclass.is_some() {
                if let Some(v) = call_special(vm, c, "__getitem__", std::slice::from_ref(i))? {
                    return Ok(v);
                }
            }
            // `type[int]`: `type` itself is generic without a hook, as in
            // CPython (its subclasses, the metaclasses, are not).
            if t.builtin == Some(crate::object::BuiltinKind::Type) {
                return crate::vm::generic_alias::make(vm, c, i);
            }
            if let Some(f) = vm.get_attr_opt(c, "__class_getitem__")? {
                return vm.call(&f, std::slice::from_ref(i));
            }
            Err(Error::type_error(format!(
                "type '{}' is not subscriptable",
                t.name
            )))
        }
        _ => Err(not_subscriptable(vm, c)),
    }
}

/// `c[i]` for an instance of a builtin type's subclass that does not
/// override `__getitem__`: the builtin subscript of its value `b`, and for
/// a dict subclass a missing key goes to `__missing__` as in CPython.
pub(crate) fn base_getitem(vm: &mut Vm, c: &Value, b: &Value, i: &Value) -> PyResult<Value> {
    let Some(Object::Dict(d)) = b.as_obj().map(|o| &**o) else {
        return getitem(vm, b, i);
    };
    if let Some(v) = cell_get(vm, d, i)? {
        return Ok(v);
    }
    match vm.lookup_special(c, "__missing__") {
        Some(f) => vm.call(&f, &[c.clone(), i.clone()]),
        None => Err(key_error(vm, i)),
    }
}

fn not_subscriptable(vm: &mut Vm, c: &Value) -> Error {
    let t = vm.type_name(c);
    Error::type_error(format!("'{t}' object is not subscriptable"))
}

/// `c[i] = v`.
pub fn setitem(vm: &mut Vm, c: &Value, i: &Value, v: Value) -> PyResult<()> {
    let Value::Obj(o) = c else {
        return Err(no_assign(vm, c));
    };
    match &**o {
        Object::List(l) => {
            if let Value::Int(k) = i {
                let mut l = l.borrow_mut();
                let j = if *k < 0 { *k + l.len() as i64 } else { *k };
                return match l.get_mut(j as usize) {
                    Some(slot) if j >= 0 => {
                        *slot = v;
                        Ok(())
                    }
                    _ => Err(Error::index_error("list assignment index out of range")),
                };
            }
            if is_slice(i) {
                return list_set_slice(vm, c, i, v);
            }
            let n = l.borrow().len();
            match seq_index(vm, i, n, "list")? {
                Some(j) => {
                    if let Some(slot) = l.borrow_mut().get_mut(j) {
                        *slot = v;
                    }
                    Ok(())
                }
                None => Err(Error::index_error("list assignment index out of range")),
            }
        }
        Object::Dict(d) => cell_set(vm, d, i.clone(), v),
        Object::Instance(inst) => {
            if let Some(f) = vm.special(c, Special::SetItem) {
                vm.call(&f, &[c.clone(), i.clone(), v])?;
                return Ok(());
            }
            match inst.base_value() {
                Some(b) => setitem(vm, b, i, v),
                None => Err(no_assign(vm, c)),
            }
        }
        // `C[k] = v` on a class: its metaclass's `__setitem__`.
        Object::Type(_) => match vm.special(c, Special::SetItem) {
            Some(f) if !f.is_none() => {
                vm.call(&f, &[c.clone(), i.clone(), v])?;
                Ok(())
            }
            _ => Err(no_assign(vm, c)),
        },
        _ => Err(no_assign(vm, c)),
    }
}

fn no_assign(vm: &mut Vm, c: &Value) -> Error {
    let t = vm.type_name(c);
    Error::type_error(format!("'{t}' object does not support item assignment"))
}

/// `l[a:b:c] = items`.
fn list_set_slice(vm: &mut Vm, list: &Value, sl: &Value, v: Value) -> PyResult<()> {
    let Value::Obj(o) = list else { return Ok(()) };
    let Object::List(l) = &**o else { return Ok(()) };
    let items = super::collect(vm, &v)?;
    let n = l.borrow().len();
    let ix = slice::indices(vm, sl, n)?;
    let mut l = l.borrow_mut();
    if ix.step == 1 {
        let start = ix.start.clamp(0, l.len() as i64) as usize;
        let end = (start + ix.count).min(l.len());
        l.splice(start..end, items);
        return Ok(());
    }
    if items.len() != ix.count {
        return Err(Error::value_error(format!(
            "attempt to assign sequence of size {} to extended slice of size {}",
            items.len(),
            ix.count
        )));
    }
    for (k, item) in ix.iter().zip(items) {
        if let Some(slot) = l.get_mut(k) {
            *slot = item;
        }
    }
    Ok(())
}

/// `del c[i]`.
pub fn delitem(vm: &mut Vm, c: &Value, i: &Value) -> PyResult<()> {
    let Value::Obj(o) = c else {
        return Err(no_delete(vm, c, i));
    };
    match &**o {
        Object::List(l) => {
            if is_slice(i) {
                let n = l.borrow().len();
                let ix = slice::indices(vm, i, n)?;
                let mut l = l.borrow_mut();
                if ix.step == 1 {
                    let start = ix.start.clamp(0, l.len() as i64) as usize;
                    let end = (start + ix.count).min(l.len());
                    // The removed items drop after the borrow is released.
                    let removed: Vec<Value> = l.drain(start..end).collect();
                    drop(l);
                    drop(removed);
                    return Ok(());
                }
                let mut drop_mask = vec![false; l.len()];
                for k in ix.iter() {
                    drop_mask[k] = true;
                }
                let old = std::mem::take(&mut *l);
                let mut removed = Vec::with_capacity(ix.count);
                for (k, item) in old.into_iter().enumerate() {
                    if drop_mask[k] {
                        removed.push(item);
                    } else {
                        l.push(item);
                    }
                }
                drop(l);
                drop(removed);
                return Ok(());
            }
            let n = l.borrow().len();
            match seq_index(vm, i, n, "list")? {
                Some(j) => {
                    let removed = l.borrow_mut().remove(j);
                    drop(removed);
                    Ok(())
                }
                None => Err(Error::index_error("list assignment index out of range")),
            }
        }
        Object::Dict(d) => match cell_remove(vm, d, i)? {
            Some(_) => Ok(()),
            None => Err(key_error(vm, i)),
        },
        Object::Instance(inst) => {
            match call_special(vm, c, "__delitem__", std::slice::from_ref(i))? {
                Some(_) => Ok(()),
                None => match inst.base_value() {
                    Some(b) => delitem(vm, b, i),
                    None => Err(no_delete(vm, c, i)),
                },
            }
        }
        Object::Type(_) => match vm.special(c, Special::DelItem) {
            Some(f) if !f.is_none() => {
                vm.call(&f, &[c.clone(), i.clone()])?;
                Ok(())
            }
            _ => Err(no_delete(vm, c, i)),
        },
        _ => Err(no_delete(vm, c, i)),
    }
}

/// CPython words the error two ways: "doesn't" when an integer index meets
/// a type with the sequence protocol (its `PySequence_DelItem` path),
/// "does not" otherwise.
fn no_delete(vm: &mut Vm, c: &Value, key: &Value) -> Error {
    let t = vm.type_name(c);
    let int_key = matches!(key, Value::Int(_) | Value::Bool(_))
        || matches!(key.as_obj().map(|o| &**o), Some(Object::BigInt(_)));
    let sequence = match c.as_obj().map(|o| &**o) {
        Some(
            Object::Str(_)
            | Object::Bytes(_)
            | Object::Tuple(_)
            | Object::Range { .. }
            | Object::BigRange(_)
            | Object::Set(_)
            | Object::FrozenSet(_),
        ) => true,
        Some(Object::Instance(_)) => ["__getitem__", "__len__", "__contains__"]
            .iter()
            .any(|m| vm.lookup_special(c, m).is_some()),
        _ => false,
    };
    let verb = if int_key && sequence {
        "doesn't"
    } else {
        "does not"
    };
    Error::type_error(format!("'{t}' object {verb} support item deletion"))
}

/// `x in c`.
pub fn contains(vm: &mut Vm, c: &Value, x: &Value) -> PyResult<bool> {
    let Value::Obj(o) = c else {
        return Err(not_container(vm, c));
    };
    match &**o {
        Object::List(l) => {
            let mut i = 0;
            loop {
                let item = match l.borrow().get(i) {
                    Some(v) => v.clone(),
                    None => return Ok(false),
                };
                if eq(vm, &item, x)? {
                    return Ok(true);
                }
                i += 1;
            }
        }
        Object::Tuple(t) => {
            for item in t.iter() {
                if eq(vm, item, x)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Object::Str(s) => match x.as_str() {
            Some(needle) => Ok(s.as_str().contains(needle)),
            None => {
                let t = vm.type_name(x);
                Err(Error::type_error(format!(
                    "'in <string>' requires string as left operand, not {t}"
                )))
            }
        },
        Object::Bytes(b) => match x {
            Value::Int(n) if (0..256).contains(n) => Ok(b.contains(&(*n as u8))),
            Value::Int(_) => Err(Error::value_error("byte must be in range(0, 256)")),
            Value::Obj(y) => match &**y {
                Object::Bytes(n) => Ok(n.is_empty() || b.windows(n.len()).any(|w| w == &n[..])),
                _ => {
                    let t = vm.type_name(x);
                    Err(Error::type_error(format!(
                        "a bytes-like object is required, not '{t}'"
                    )))
                }
            },
            _ => {
                let t = vm.type_name(x);
                Err(Error::type_error(format!(
                    "a bytes-like object is required, not '{t}'"
                )))
            }
        },
        Object::Dict(d) | Object::Set(d) => {
            let h = hash(vm, x)?;
            Ok(find_in_cell(vm, d, h, x)?.is_some())
        }
        Object::FrozenSet(d) => {
            let h = hash(vm, x)?;
            Ok(find_in(vm, d, h, x)?.is_some())
        }
        Object::Range { start, stop, step } if matches!(x, Value::Int(_)) => {
            let Value::Int(n) = x else { unreachable!() };
            Ok(range::range_contains_int(*start, *stop, *step, *n))
        }
        Object::Range { .. } | Object::BigRange(_) => range::contains(vm, o, x),
        // `x in C` for a class with a metaclass: its `__contains__`, else
        // its iteration.
        Object::Type(t) if t.metaclass.is_some() => {
            if let Some(r) = call_special(vm, c, "__contains__", std::slice::from_ref(x))? {
                return truthy(vm, &r);
            }
            contains_by_iteration(vm, c, x)
        }
        Object::Instance(inst) => {
            if let Some(r) = call_special(vm, c, "__contains__", std::slice::from_ref(x))? {
                return truthy(vm, &r);
            }
            match inst.base_value() {
                Some(b) => contains(vm, b, x),
                None => contains_by_iteration(vm, c, x),
            }
        }
        Object::Iter(_) | Object::Generator(_) => contains_by_iteration(vm, c, x),
        _ => Err(not_container(vm, c)),
    }
}

fn contains_by_iteration(vm: &mut Vm, c: &Value, x: &Value) -> PyResult<bool> {
    let it = match super::iter(vm, c) {
        Ok(it) => it,
        Err(e) if vm.error_matches(&e, ExcKind::TypeError) => return Err(not_container(vm, c)),
        Err(e) => return Err(e),
    };
    while let Some(item) = super::next(vm, &it)? {
        if eq(vm, &item, x)? {
            return Ok(true);
        }
    }
    Ok(false)
}

fn not_container(vm: &mut Vm, c: &Value) -> Error {
    let t = vm.type_name(c);
    Error::type_error(format!("argument of type '{t}' is not iterable"))
}
