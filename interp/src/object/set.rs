//! set and frozenset: both are `Dict` tables with `None` values. The
//! operators `| & - ^` and the methods build new tables; elements already
//! carry their hash, so copying between tables never re-hashes.

use std::borrow::Cow;

use crate::ops::BinaryOp;

use super::{Args, Dict, NativeFnPtr, Object};
use crate::error::{Error, PyResult};
use crate::ops::{self, dictops};
use crate::sync::ObjCell;
use crate::value::Value;
use crate::vm::Vm;

/// The iteration order CPython would give these elements: the slot order
/// of its set table (open addressing, 9 linear probes then perturbation,
/// growing x4 when 3/5 full), replayed over our insertion order. Numbers
/// and tuples of numbers hash exactly as in CPython, so `print({3, 1, 2})`
/// shows `{1, 2, 3}` like python3 does; str hashes differ from CPython's
/// (which are randomized per process anyway). Exact for sets that never
/// lost elements; an approximation after removals (CPython never shrinks).
pub fn cpython_order(d: &Dict) -> Vec<Value> {
    if d.len() <= 1 {
        return d.keys();
    }
    let hashes: Vec<u64> = d.iter().map(|e| e.hash).collect();
    let mut mask: usize = 7;
    let mut table: Vec<Option<usize>> = vec![None; 8];
    for (idx, &h) in hashes.iter().enumerate() {
        probe_insert(&mut table, mask, h, idx);
        let fill = idx + 1;
        if fill * 5 >= mask * 3 {
            let minused = if fill > 50000 { fill * 2 } else { fill * 4 };
            let mut size = 8;
            while size <= minused {
                size <<= 1;
            }
            let old = std::mem::replace(&mut table, vec![None; size]);
            mask = size - 1;
            for i in old.into_iter().flatten() {
                probe_insert(&mut table, mask, hashes[i], i);
            }
        }
    }
    let keys = d.keys();
    table
        .into_iter()
        .flatten()
        .map(|i| keys[i].clone())
        .collect()
}

/// CPython's `set_insert_clean` probe sequence.
fn probe_insert(table: &mut [Option<usize>], mask: usize, hash: u64, idx: usize) {
    const LINEAR_PROBES: usize = 9;
    let mut perturb = hash;
    let mut i = hash as usize & mask;
    loop {
        if table[i].is_none() {
            table[i] = Some(idx);
            return;
        }
        if i + LINEAR_PROBES <= mask {
            if let Some(slot) = table[i + 1..=i + LINEAR_PROBES]
                .iter_mut()
                .find(|s| s.is_none())
            {
                *slot = Some(idx);
                return;
            }
        }
        perturb >>= 5;
        i = i
            .wrapping_mul(5)
            .wrapping_add(1)
            .wrapping_add(perturb as usize)
            & mask;
    }
}

/// A new set value owning `d`.
pub fn new_set(d: Dict) -> Value {
    Value::new_obj(Object::Set(ObjCell::new(d)))
}

/// A new frozenset value owning `d`.
pub fn new_frozenset(d: Dict) -> Value {
    Value::new_obj(Object::FrozenSet(d))
}

/// A snapshot of the table of a set or frozenset (None for other values).
pub fn table_of(v: &Value) -> Option<Cow<'_, Dict>> {
    match v {
        Value::Obj(o) => match &**o {
            Object::FrozenSet(d) => Some(Cow::Borrowed(d)),
            Object::Set(c) => Some(Cow::Owned(c.borrow().clone())),
            _ => None,
        },
        _ => None,
    }
}

/// A set or a frozenset (checked without copying the table).
pub fn is_set_like(v: &Value) -> bool {
    matches!(v, Value::Obj(o) if matches!(&**o, Object::Set(_) | Object::FrozenSet(_)))
}

/// `s |= t`, `s.update(t)`: adds the elements of the iterable `other` to
/// the set `s` in place, so the cost is `other`'s size, not `s`'s.
pub fn add_all(vm: &mut Vm, s: &Value, other: &Value) -> PyResult<()> {
    let cell = cell(s)?;
    // A snapshot first: `other` may be `s` itself, or change as we go.
    for (_, key) in entries(&table_from(vm, other)?) {
        dictops::cell_set(vm, cell, key, Value::None)?;
    }
    Ok(())
}

/// `s -= t`, `s.difference_update(t)`: removes the elements of `other` from
/// the set `s` in place.
pub fn remove_all(vm: &mut Vm, s: &Value, other: &Value) -> PyResult<()> {
    let cell = cell(s)?;
    for (_, key) in entries(&table_from(vm, other)?) {
        dictops::cell_remove(vm, cell, &key)?;
    }
    Ok(())
}

/// The elements of any iterable as a table (sets are copied directly).
pub fn table_from(vm: &mut Vm, v: &Value) -> PyResult<Dict> {
    if let Some(t) = table_of(v) {
        return Ok(t.into_owned());
    }
    if let Value::Obj(o) = v {
        if let Object::Dict(d) = &**o {
            let d = d.borrow();
            let mut out = Dict::with_capacity(d.len());
            for e in d.iter() {
                out.push_new(e.hash, e.key.clone(), Value::None);
            }
            return Ok(out);
        }
    }
    let items = ops::collect(vm, v)?;
    let mut d = Dict::with_capacity(items.len());
    for k in items {
        dictops::table_add(vm, &mut d, k, Value::None)?;
    }
    Ok(d)
}

fn contains_in(vm: &mut Vm, d: &Dict, h: u64, k: &Value) -> PyResult<bool> {
    Ok(dictops::find_in(vm, d, h, k)?.is_some())
}

fn entries(d: &Dict) -> Vec<(u64, Value)> {
    d.iter().map(|e| (e.hash, e.key.clone())).collect()
}

fn union(vm: &mut Vm, a: &Dict, b: &Dict) -> PyResult<Dict> {
    let mut out = a.clone();
    for (h, k) in entries(b) {
        if !contains_in(vm, &out, h, &k)? {
            out.push_new(h, k, Value::None);
        }
    }
    Ok(out)
}

fn intersection(vm: &mut Vm, a: &Dict, b: &Dict) -> PyResult<Dict> {
    let mut out = Dict::new();
    for (h, k) in entries(a) {
        if contains_in(vm, b, h, &k)? {
            out.push_new(h, k, Value::None);
        }
    }
    Ok(out)
}

fn difference(vm: &mut Vm, a: &Dict, b: &Dict) -> PyResult<Dict> {
    let mut out = Dict::new();
    for (h, k) in entries(a) {
        if !contains_in(vm, b, h, &k)? {
            out.push_new(h, k, Value::None);
        }
    }
    Ok(out)
}

fn symmetric_difference(vm: &mut Vm, a: &Dict, b: &Dict) -> PyResult<Dict> {
    let mut out = difference(vm, a, b)?;
    for (h, k) in entries(b) {
        if !contains_in(vm, a, h, &k)? {
            out.push_new(h, k, Value::None);
        }
    }
    Ok(out)
}

fn is_frozen(v: &Value) -> bool {
    matches!(v, Value::Obj(o) if matches!(**o, Object::FrozenSet(_)))
}

/// A result of the same kind as `like` (set or frozenset).
fn same_kind(like: &Value, d: Dict) -> Value {
    if is_frozen(like) {
        new_frozenset(d)
    } else {
        new_set(d)
    }
}

/// `a | b`, `a & b`, `a - b`, `a ^ b` for two sets/frozensets; `None` if
/// either operand is not one.
pub fn set_operator(vm: &mut Vm, a: &Value, op: BinaryOp, b: &Value) -> PyResult<Option<Value>> {
    let (Some(x), Some(y)) = (table_of(a), table_of(b)) else {
        return Ok(None);
    };
    let d = match op {
        BinaryOp::BitOr => union(vm, &x, &y)?,
        BinaryOp::BitAnd => intersection(vm, &x, &y)?,
        BinaryOp::Sub => difference(vm, &x, &y)?,
        BinaryOp::BitXor => symmetric_difference(vm, &x, &y)?,
        _ => return Ok(None),
    };
    Ok(Some(same_kind(a, d)))
}

/// Replaces the contents of the set `a` with those of the set `r` (in-place
/// operators).
pub fn replace_contents(a: &Value, r: &Value) {
    let Some(t) = table_of(r).map(Cow::into_owned) else {
        return;
    };
    if let Value::Obj(o) = a {
        if let Object::Set(c) = &**o {
            let old = std::mem::replace(&mut *c.borrow_mut(), t);
            drop(old);
        }
    }
}

fn this(args: &Args<'_>) -> PyResult<Value> {
    match args.pos().first() {
        Some(v) if is_set_like(v) => Ok(v.clone()),
        _ => Err(Error::type_error("descriptor requires a 'set' object")),
    }
}

fn cell(v: &Value) -> PyResult<&ObjCell<Dict>> {
    match v {
        Value::Obj(o) => match &**o {
            Object::Set(c) => Ok(c),
            _ => Err(Error::attribute_error(
                "'frozenset' object has no attribute for mutation",
            )),
        },
        _ => Err(Error::type_error("expected a set")),
    }
}

fn arg(args: &Args<'_>, i: usize, name: &str) -> PyResult<Value> {
    args.pos()
        .get(i)
        .cloned()
        .ok_or_else(|| Error::type_error(format!("{name}() takes exactly one argument (0 given)")))
}

fn set_new(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    args.check_iterable_ctor("set", "set")?;
    let d = match args.pos().get(1) {
        Some(it) => table_from(vm, it)?,
        None => Dict::new(),
    };
    Ok(new_set(d))
}

/// `set.__init__(self, iterable=())`: only a subclass's instances reach
/// it (`set(...)` itself is built whole by `__new__`); it replaces the
/// items.
fn set_init(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?;
    args.check_iterable_ctor("set", "set")?;
    let d = match args.pos().get(1) {
        Some(it) => table_from(vm, it)?,
        None => Dict::new(),
    };
    let old = std::mem::replace(&mut *cell(&s)?.borrow_mut(), d);
    drop(old);
    Ok(Value::None)
}

fn frozenset_new(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    args.check_iterable_ctor("frozenset", "frozenset")?;
    match args.pos().get(1) {
        Some(it) if is_frozen(it) => Ok(it.clone()),
        Some(it) => Ok(new_frozenset(table_from(vm, it)?)),
        None => Ok(new_frozenset(Dict::new())),
    }
}

fn set_add(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?;
    ops::set_add(vm, &s, arg(&args, 1, "add")?)?;
    Ok(Value::None)
}

fn set_remove(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?;
    let k = arg(&args, 1, "remove")?;
    cell(&s)?;
    if ops::set_discard(vm, &s, &k)? {
        Ok(Value::None)
    } else {
        Err(ops::key_error(vm, &k))
    }
}

fn set_discard(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?;
    let k = arg(&args, 1, "discard")?;
    cell(&s)?;
    ops::set_discard(vm, &s, &k)?;
    Ok(Value::None)
}

/// `s.pop()`: the first element in CPython's order (as python3 would).
fn set_pop(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?;
    let first = cpython_order(&cell(&s)?.borrow()).into_iter().next();
    match first {
        Some(k) => {
            ops::set_discard(vm, &s, &k)?;
            Ok(k)
        }
        None => Err(Error::new(
            crate::error::ExcKind::KeyError,
            "pop from an empty set",
        )),
    }
}

fn set_clear(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?;
    let old = std::mem::take(&mut *cell(&s)?.borrow_mut());
    drop(old);
    Ok(Value::None)
}

fn set_copy(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?;
    if is_frozen(&s) {
        return Ok(s);
    }
    Ok(new_set(
        table_of(&s).map(Cow::into_owned).unwrap_or_default(),
    ))
}

/// Folds `op` over self and every argument (each any iterable).
fn fold(
    vm: &mut Vm,
    args: &Args<'_>,
    f: fn(&mut Vm, &Dict, &Dict) -> PyResult<Dict>,
) -> PyResult<(Value, Dict)> {
    let s = this(args)?;
    let mut acc = table_of(&s).map(Cow::into_owned).unwrap_or_default();
    for other in &args.pos()[1..] {
        let t = table_from(vm, other)?;
        acc = f(vm, &acc, &t)?;
    }
    Ok((s, acc))
}

fn set_union(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (s, d) = fold(vm, &args, union)?;
    Ok(same_kind(&s, d))
}
fn set_intersection(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (s, d) = fold(vm, &args, intersection)?;
    Ok(same_kind(&s, d))
}
fn set_difference(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (s, d) = fold(vm, &args, difference)?;
    Ok(same_kind(&s, d))
}
fn set_symmetric_difference(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (s, d) = fold(vm, &args, symmetric_difference)?;
    Ok(same_kind(&s, d))
}

fn store(s: &Value, d: Dict) -> PyResult<Value> {
    let old = std::mem::replace(&mut *cell(s)?.borrow_mut(), d);
    drop(old);
    Ok(Value::None)
}

fn set_update(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?;
    for other in &args.pos()[1..] {
        add_all(vm, &s, other)?;
    }
    Ok(Value::None)
}
fn set_intersection_update(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (s, d) = fold(vm, &args, intersection)?;
    store(&s, d)
}
fn set_difference_update(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?;
    for other in &args.pos()[1..] {
        remove_all(vm, &s, other)?;
    }
    Ok(Value::None)
}
fn set_symmetric_difference_update(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (s, d) = fold(vm, &args, symmetric_difference)?;
    store(&s, d)
}

fn subset(vm: &mut Vm, a: &Dict, b: &Dict) -> PyResult<bool> {
    if a.len() > b.len() {
        return Ok(false);
    }
    for (h, k) in entries(a) {
        if !contains_in(vm, b, h, &k)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn set_issubset(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?;
    let a = table_of(&s).map(Cow::into_owned).unwrap_or_default();
    let b = table_from(vm, &arg(&args, 1, "issubset")?)?;
    Ok(Value::Bool(subset(vm, &a, &b)?))
}

fn set_issuperset(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?;
    let a = table_of(&s).map(Cow::into_owned).unwrap_or_default();
    let b = table_from(vm, &arg(&args, 1, "issuperset")?)?;
    Ok(Value::Bool(subset(vm, &b, &a)?))
}

fn set_isdisjoint(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?;
    let a = table_of(&s).map(Cow::into_owned).unwrap_or_default();
    let b = table_from(vm, &arg(&args, 1, "isdisjoint")?)?;
    Ok(Value::Bool(intersection(vm, &a, &b)?.is_empty()))
}

fn set_len(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?;
    let len = match &s {
        Value::Obj(o) => match &**o {
            Object::Set(c) => c.borrow().len(),
            Object::FrozenSet(d) => d.len(),
            _ => 0,
        },
        _ => 0,
    };
    Ok(Value::Int(len as i64))
}

fn set_contains(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?;
    Ok(Value::Bool(ops::contains(
        vm,
        &s,
        &arg(&args, 1, "__contains__")?,
    )?))
}

fn set_iter(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?;
    ops::iter(vm, &s)
}

pub const SET_METHODS: &[(&str, NativeFnPtr)] = &[
    ("__new__", set_new),
    ("__init__", set_init),
    ("add", set_add),
    ("remove", set_remove),
    ("discard", set_discard),
    ("pop", set_pop),
    ("clear", set_clear),
    ("copy", set_copy),
    ("update", set_update),
    ("union", set_union),
    ("intersection", set_intersection),
    ("difference", set_difference),
    ("symmetric_difference", set_symmetric_difference),
    ("intersection_update", set_intersection_update),
    ("difference_update", set_difference_update),
    (
        "symmetric_difference_update",
        set_symmetric_difference_update,
    ),
    ("issubset", set_issubset),
    ("issuperset", set_issuperset),
    ("isdisjoint", set_isdisjoint),
    ("__len__", set_len),
    ("__contains__", set_contains),
    ("__iter__", set_iter),
];

pub const FROZENSET_METHODS: &[(&str, NativeFnPtr)] = &[
    ("__new__", frozenset_new),
    ("copy", set_copy),
    ("union", set_union),
    ("intersection", set_intersection),
    ("difference", set_difference),
    ("symmetric_difference", set_symmetric_difference),
    ("issubset", set_issubset),
    ("issuperset", set_issuperset),
    ("isdisjoint", set_isdisjoint),
    ("__len__", set_len),
    ("__contains__", set_contains),
    ("__iter__", set_iter),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn order(keys: &[i64]) -> Vec<i64> {
        let mut d = Dict::new();
        for &k in keys {
            let h = crate::object::number::hash(&Value::Int(k)).unwrap_or(0);
            d.push_new(h, Value::Int(k), Value::None);
        }
        cpython_order(&d)
            .iter()
            .map(|v| if let Value::Int(i) = v { *i } else { -1 })
            .collect()
    }

    #[test]
    fn iteration_order_matches_cpython() {
        // python3 -c "print(set([3, 1, 2]), set([10, 2, 33, 8]), set(range(20, 0, -3)))"
        assert_eq!(order(&[3, 1, 2]), vec![1, 2, 3]);
        assert_eq!(order(&[10, 2, 33, 8]), vec![8, 33, 10, 2]);
        assert_eq!(order(&[100, 5, 64, 37]), vec![64, 37, 100, 5]);
        let big = [1000, 3, 77, 1024, 12, 5000, 6, 19, 45, 1 << 40, -1, -7];
        assert_eq!(
            order(&big),
            vec![1024, 1 << 40, 3, 6, 1000, 5000, 12, 77, 45, 19, -7, -1]
        );
        assert_eq!(
            order(&[20, 17, 14, 11, 8, 5, 2]),
            vec![2, 5, 8, 11, 14, 17, 20]
        );
    }
}
