//! The iteration protocol: `iter(v)`, `next(it)` (None = exhausted; never a
//! StopIteration for plain exhaustion) and `collect` (an iterable into a Vec).

use super::{call_special, getitem, truthy};
use crate::error::{Error, ExcKind, PyResult};
use crate::object::iter::{new_iter, DictIterKind, IterState};
use crate::object::Object;
use crate::sync::ObjCell;
use crate::value::Value;
use crate::vm::special::Special;
use crate::vm::Vm;

/// A str value holding the single character `c`: for ASCII, one of the
/// interpreter's shared one-character strings (`InterpState::ascii_chars`).
pub fn char_value(vm: &Vm, c: char) -> Value {
    if c.is_ascii() {
        return vm.state.ascii_chars[c as usize].clone();
    }
    let mut buf = [0u8; 4];
    Value::str(c.encode_utf8(&mut buf))
}

/// `iter(v)`.
pub fn iter(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let state = match v {
        Value::Obj(o) => match &**o {
            Object::List(_) | Object::Tuple(_) => IterState::Seq {
                seq: v.clone(),
                idx: 0,
            },
            Object::Str(_) => IterState::Str {
                s: v.clone(),
                pos: 0,
            },
            Object::Bytes(_) => IterState::Bytes {
                b: v.clone(),
                idx: 0,
            },
            Object::Range { .. } | Object::BigRange(_) => crate::object::range::iter_state(o),
            Object::Dict(d) => {
                let len = d.borrow().len();
                IterState::Dict {
                    dict: o.clone(),
                    pos: 0,
                    len,
                    kind: DictIterKind::Keys,
                }
            }
            // Sets iterate a snapshot in CPython's order (see `cpython_order`).
            Object::Set(d) => {
                let d = d.borrow();
                let items = crate::object::set::cpython_order(&d);
                IterState::SetSnapshot {
                    set: o.clone(),
                    items,
                    idx: 0,
                    len: d.len(),
                }
            }
            Object::FrozenSet(d) => {
                let items = crate::object::set::cpython_order(d);
                IterState::SetSnapshot {
                    set: o.clone(),
                    items,
                    idx: 0,
                    len: d.len(),
                }
            }
            Object::Iter(_) | Object::Generator(_) => return Ok(v.clone()),
            // Instances, and classes with a metaclass (`for c in Color`).
            Object::Instance(_) | Object::Type(_) if super::has_user_dunders(v) => {
                if let Some(it) = call_special(vm, v, "__iter__", &[])? {
                    if !is_iterator(vm, &it) {
                        let t = vm.type_name(&it);
                        return Err(Error::type_error(format!(
                            "iter() returned non-iterator of type '{t}'"
                        )));
                    }
                    return Ok(it);
                }
                if let Some(b) = crate::object::base_value(v) {
                    return iter(vm, b);
                }
                if vm
                    .special(v, Special::GetItem)
                    .is_some_and(|f| !f.is_none())
                {
                    IterState::GetItem {
                        obj: v.clone(),
                        idx: 0,
                    }
                } else {
                    return Err(not_iterable(vm, v));
                }
            }
            _ => return Err(not_iterable(vm, v)),
        },
        _ => return Err(not_iterable(vm, v)),
    };
    Ok(new_iter(state))
}

fn not_iterable(vm: &mut Vm, v: &Value) -> Error {
    let t = vm.type_name(v);
    Error::type_error(format!("'{t}' object is not iterable"))
}

/// True if `v` can be passed to `next`.
pub(crate) fn is_iterator(vm: &mut Vm, v: &Value) -> bool {
    match v {
        Value::Obj(o) => match &**o {
            Object::Iter(_) | Object::Generator(_) => true,
            Object::Instance(_) => vm.special(v, Special::Next).is_some_and(|f| !f.is_none()),
            _ => false,
        },
        _ => false,
    }
}

/// `next(it)`: `Ok(None)` when exhausted.
pub fn next(vm: &mut Vm, it: &Value) -> PyResult<Option<Value>> {
    let Value::Obj(o) = it else {
        let t = vm.type_name(it);
        return Err(Error::type_error(format!(
            "'{t}' object is not an iterator"
        )));
    };
    match &**o {
        Object::Iter(cell) => next_builtin(vm, cell),
        Object::Generator(_) => vm.resume_generator(it, Value::None),
        Object::Instance(_) => match call_special(vm, it, "__next__", &[]) {
            Ok(Some(v)) => Ok(Some(v)),
            Ok(None) => {
                let t = vm.type_name(it);
                Err(Error::type_error(format!(
                    "'{t}' object is not an iterator"
                )))
            }
            Err(e) if vm.error_matches(&e, ExcKind::StopIteration) => Ok(None),
            Err(e) => Err(e),
        },
        _ => {
            let t = vm.type_name(it);
            Err(Error::type_error(format!(
                "'{t}' object is not an iterator"
            )))
        }
    }
}

/// Steps a native iterator. Kinds that call script code copy what they
/// need out of the state and release the borrow first.
fn next_builtin(vm: &mut Vm, cell: &ObjCell<IterState>) -> PyResult<Option<Value>> {
    let mut st = cell.borrow_mut();
    let out = match &mut *st {
        IterState::Done => return Ok(None),
        IterState::Range { cur, left, step } => {
            if *left == 0 {
                None
            } else {
                let v = *cur;
                *left -= 1;
                *cur = cur.wrapping_add(*step);
                return Ok(Some(Value::Int(v)));
            }
        }
        IterState::BigRange(it) => match it.next_item() {
            Some(v) => return Ok(Some(v)),
            None => None,
        },
        IterState::Seq { seq, idx } => {
            let item = match seq {
                Value::Obj(s) => match &**s {
                    Object::List(l) => l.borrow().get(*idx).cloned(),
                    Object::Tuple(t) => t.get(*idx).cloned(),
                    _ => None,
                },
                _ => None,
            };
            if item.is_some() {
                *idx += 1;
                return Ok(item);
            }
            None
        }
        IterState::Str { s, pos } => {
            let c = s.as_str().and_then(|text| text[*pos..].chars().next());
            match c {
                Some(c) => {
                    *pos += c.len_utf8();
                    return Ok(Some(char_value(vm, c)));
                }
                None => None,
            }
        }
        IterState::Bytes { b, idx } => {
            let byte = match b {
                Value::Obj(o) => match &**o {
                    Object::Bytes(bytes) => bytes.get(*idx).copied(),
                    _ => None,
                },
                _ => None,
            };
            match byte {
                Some(x) => {
                    *idx += 1;
                    return Ok(Some(Value::Int(x as i64)));
                }
                None => None,
            }
        }
        IterState::Dict {
            dict,
            pos,
            len,
            kind,
        } => {
            let (Object::Dict(d) | Object::Set(d)) = &**dict else {
                return Ok(None);
            };
            let d = d.borrow();
            if d.len() != *len {
                let what = if matches!(&**dict, Object::Set(_)) {
                    "Set"
                } else {
                    "dictionary"
                };
                *len = usize::MAX;
                return Err(Error::runtime_error(format!(
                    "{what} changed size during iteration"
                )));
            }
            let mut found = None;
            *pos = (*pos).max(d.first_index());
            while *pos < d.capacity_index() {
                let i = *pos;
                *pos += 1;
                if let Some(e) = d.entry_at(i) {
                    found = Some(match kind {
                        DictIterKind::Keys => e.key.clone(),
                        DictIterKind::Values => e.value.clone(),
                        DictIterKind::Items => Value::tuple(vec![e.key.clone(), e.value.clone()]),
                    });
                    break;
                }
            }
            if found.is_some() {
                return Ok(found);
            }
            None
        }
        IterState::SetSnapshot {
            set,
            items,
            idx,
            len,
        } => {
            if let Object::Set(c) = &**set {
                if c.borrow().len() != *len {
                    *len = usize::MAX;
                    return Err(Error::runtime_error("Set changed size during iteration"));
                }
            }
            match items.get(*idx) {
                Some(v) => {
                    *idx += 1;
                    return Ok(Some(v.clone()));
                }
                None => None,
            }
        }
        IterState::Reversed { seq, idx } => {
            if *idx == 0 {
                None
            } else {
                *idx -= 1;
                let item = match seq {
                    Value::Obj(s) => match &**s {
                        Object::List(l) => l.borrow().get(*idx).cloned(),
                        Object::Tuple(t) => t.get(*idx).cloned(),
                        _ => None,
                    },
                    _ => None,
                };
                if item.is_some() {
                    return Ok(item);
                }
                None
            }
        }
        IterState::Enumerate { it, count } => {
            // Over a range, list or tuple: stepped under this borrow.
            if let (Value::Int(c), Value::Obj(o)) = (&*count, &*it) {
                if let (Object::Iter(sub), true) = (&**o, *c < i64::MAX) {
                    let mut sub = sub.borrow_mut();
                    if sub.steps_plainly() {
                        if let Some(v) = sub.step_fast() {
                            let n = Value::Int(*c);
                            *count = Value::Int(*c + 1);
                            return Ok(Some(Value::tuple(vec![n, v])));
                        }
                    }
                }
            }
            let (it, n) = (it.clone(), count.clone());
            // Past i64::MAX the count goes on as a big int, as in CPython.
            *count = match count {
                Value::Int(c) if *c < i64::MAX => Value::Int(*c + 1),
                _ => crate::object::bigint::int_value(
                    crate::object::bigint::to_bigint(count).unwrap_or_default() + 1,
                ),
            };
            drop(st);
            // Iterators over iterators nest: each level counts as a call.
            return vm.nested(
                "",
                |vm| Ok(next(vm, &it)?.map(|v| Value::tuple(vec![n, v]))),
            );
        }
        IterState::Zip { its, strict } => {
            if !*strict {
                if let Some(step) = zip_step_plain(its) {
                    if step.is_none() {
                        *st = IterState::Done;
                    }
                    return Ok(step);
                }
            }
            let (its, strict) = (its.clone(), *strict);
            drop(st);
            return vm.nested("", |vm| zip_step(vm, cell, &its, strict));
        }
        IterState::Map { func, its } => {
            let (func, its) = (func.clone(), its.clone());
            drop(st);
            return vm.nested("", |vm| {
                let mut args = Vec::with_capacity(its.len());
                for it in &its {
                    match next(vm, it)? {
                        Some(v) => args.push(v),
                        None => {
                            *cell.borrow_mut() = IterState::Done;
                            return Ok(None);
                        }
                    }
                }
                vm.call(&func, &args).map(Some)
            });
        }
        IterState::Filter { func, it } => {
            let (func, it) = (func.clone(), it.clone());
            drop(st);
            return vm.nested("", |vm| loop {
                let Some(v) = next(vm, &it)? else {
                    *cell.borrow_mut() = IterState::Done;
                    return Ok(None);
                };
                let keep = if func.is_none() {
                    truthy(vm, &v)?
                } else {
                    let r = vm.call(&func, std::slice::from_ref(&v))?;
                    truthy(vm, &r)?
                };
                if keep {
                    return Ok(Some(v));
                }
            });
        }
        IterState::Callable { func, sentinel } => {
            let (func, sentinel) = (func.clone(), sentinel.clone());
            drop(st);
            let v = vm.call(&func, &[])?;
            if super::eq(vm, &v, &sentinel)? {
                *cell.borrow_mut() = IterState::Done;
                return Ok(None);
            }
            return Ok(Some(v));
        }
        IterState::GetItem { obj, idx } => {
            let (obj, i) = (obj.clone(), *idx);
            *idx += 1;
            drop(st);
            return match getitem(vm, &obj, &Value::Int(i)) {
                Ok(v) => Ok(Some(v)),
                Err(e)
                    if vm.error_matches(&e, ExcKind::IndexError)
                        || vm.error_matches(&e, ExcKind::StopIteration) =>
                {
                    *cell.borrow_mut() = IterState::Done;
                    Ok(None)
                }
                Err(e) => Err(e),
            };
        }
    };
    // Exhausted: release what the iterator held.
    *st = IterState::Done;
    Ok(out)
}

/// A step of a (non-strict) zip whose iterators are all ranges, lists
/// or tuples (`zip(keys, values)`, `zip(a, a[1:])`): taken under the
/// zip's borrow, with no copy of the iterator list and no script code.
/// `None` when another kind is among them; `Some(None)` at the end
/// (the exhausted iterator is finished, as `next` would).
fn zip_step_plain(its: &[Value]) -> Option<Option<Value>> {
    if its.is_empty()
        || !its
            .iter()
            .all(|it| plain_iter(it).is_some_and(|c| c.borrow().steps_plainly()))
    {
        return None;
    }
    let mut items = Vec::with_capacity(its.len());
    for it in its {
        let cell = plain_iter(it)?;
        let mut sub = cell.borrow_mut();
        match sub.step_fast() {
            Some(v) => items.push(v),
            None => {
                let done = std::mem::replace(&mut *sub, IterState::Done);
                drop(sub);
                // Dropped with no borrow held: it may release the last
                // reference to a list of objects.
                drop(done);
                drop(items);
                return Some(None);
            }
        }
    }
    Some(Some(Value::tuple(items)))
}

/// The state of a builtin iterator object.
fn plain_iter(it: &Value) -> Option<&ObjCell<IterState>> {
    match it {
        Value::Obj(o) => match &**o {
            Object::Iter(c) => Some(c),
            _ => None,
        },
        _ => None,
    }
}

fn zip_step(
    vm: &mut Vm,
    cell: &ObjCell<IterState>,
    its: &[Value],
    strict: bool,
) -> PyResult<Option<Value>> {
    if its.is_empty() {
        return Ok(None);
    }
    let mut items = Vec::with_capacity(its.len());
    for (i, it) in its.iter().enumerate() {
        match next(vm, it)? {
            Some(v) => items.push(v),
            None => {
                *cell.borrow_mut() = IterState::Done;
                if strict {
                    if i > 0 {
                        let s = if i == 1 { " " } else { "s 1-" };
                        return Err(Error::value_error(format!(
                            "zip() argument {} is shorter than argument{s}{}",
                            i + 1,
                            i
                        )));
                    }
                    for (j, other) in its.iter().enumerate().skip(1) {
                        if next(vm, other)?.is_some() {
                            let s = if j == 1 { " " } else { "s 1-" };
                            return Err(Error::value_error(format!(
                                "zip() argument {} is longer than argument{s}{}",
                                j + 1,
                                j
                            )));
                        }
                    }
                }
                return Ok(None);
            }
        }
    }
    Ok(Some(Value::tuple(items)))
}

/// All items of an iterable, with fast paths for the built-in containers.
pub fn collect(vm: &mut Vm, v: &Value) -> PyResult<Vec<Value>> {
    if let Value::Obj(o) = v {
        match &**o {
            Object::List(l) => return Ok(l.borrow().clone()),
            Object::Tuple(t) => return Ok(t.to_vec()),
            Object::Dict(d) => return Ok(d.borrow().keys()),
            // `list(d.values())`, `tuple(d.items())`, ...: one snapshot under
            // the dict's lock, like `list(d)` (never "changed size during
            // iteration" because another thread wrote meanwhile).
            Object::Instance(i) => {
                if let Some(view) = i.native::<crate::object::dictmethods::DictView>() {
                    return Ok(crate::object::dictmethods::view_items(view));
                }
            }
            Object::Set(d) => return Ok(crate::object::set::cpython_order(&d.borrow())),
            Object::FrozenSet(d) => return Ok(crate::object::set::cpython_order(d)),
            Object::Str(s) => return Ok(s.as_str().chars().map(|c| char_value(vm, c)).collect()),
            Object::Range { .. } | Object::BigRange(_) => return crate::object::range::items(o),
            _ => {}
        }
    }
    let it = iter(vm, v)?;
    let hint = match &it {
        Value::Obj(o) => match &**o {
            Object::Iter(c) => c.borrow().length_hint().unwrap_or(0),
            _ => 0,
        },
        _ => 0,
    };
    let mut out = Vec::with_capacity(hint.min(1 << 20));
    while let Some(x) = next(vm, &it)? {
        // `list(itertools.repeat(0, 2**40))`: grow fallibly, so that an
        // endless iterable ends in MemoryError rather than an abort.
        if out.len() == out.capacity() {
            let more = out.len().max(16);
            crate::alloc::reserve(&mut out, more)?;
        }
        out.push(x);
    }
    Ok(out)
}
