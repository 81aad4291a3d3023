//! Builtins over iterables: iter, next, enumerate, zip, map, filter,
//! reversed, sorted, min, max, sum, all, any.

use crate::ops::{BinaryOp, CompareOp};

use super::{arity, check_kwargs};
use crate::error::{Error, ExcKind, PyResult};
use crate::object::iter::{new_iter, IterState};
use crate::object::{Args, Object};
use crate::ops;
use crate::value::Value;
use crate::vm::Vm;

/// `iter(x)` or `iter(callable, sentinel)`.
pub fn iter(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = arity("iter", &args, 1, 2)?;
    match pos {
        [x] => ops::iter(vm, x),
        [f, _] if !vm.is_callable(f) => Err(Error::type_error("iter(v, w): v must be callable")),
        [f, sentinel] => Ok(new_iter(IterState::Callable {
            func: f.clone(),
            sentinel: sentinel.clone(),
        })),
        _ => unreachable!("arity checked"),
    }
}

/// `next(it[, default])`.
pub fn next(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = arity("next", &args, 1, 2)?;
    // A generator's `return value` travels in StopIteration.value, which
    // `ops::next` drops: the generator's own `__next__` raises it.
    if pos.len() == 1 && matches!(&pos[0], Value::Obj(o) if matches!(**o, Object::Generator(_))) {
        return crate::vm::generator::next_of_generator(vm, &pos[0]);
    }
    match ops::next(vm, &pos[0])? {
        Some(v) => Ok(v),
        None => match pos.get(1) {
            Some(d) => Ok(d.clone()),
            None => Err(Error::new(ExcKind::StopIteration, "")),
        },
    }
}

/// `enumerate(iterable, start=0)`.
pub fn enumerate(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_kwargs("enumerate", &args, &["start", "iterable"])?;
    let pos = args.pos();
    let it = match pos.first().or_else(|| args.kwarg("iterable")) {
        Some(v) => ops::iter(vm, v)?,
        None => {
            return Err(Error::type_error(
                "enumerate() missing required argument 'iterable' (pos 1)",
            ))
        }
    };
    let count = match pos.get(1).or_else(|| args.kwarg("start")) {
        Some(Value::Int(i)) => Value::Int(*i),
        Some(v) => match crate::object::bigint::to_bigint(v) {
            Some(b) => crate::object::bigint::int_value(b),
            None => Value::Int(ops::to_index(vm, v)?),
        },
        None => Value::Int(0),
    };
    if pos.len() > 2 {
        return Err(Error::type_error(format!(
            "enumerate() takes at most 2 arguments ({} given)",
            pos.len()
        )));
    }
    Ok(new_iter(IterState::Enumerate { it, count }))
}

/// `zip(*iterables, strict=False)`.
pub fn zip(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_kwargs("zip", &args, &["strict"])?;
    let strict = match args.kwarg("strict") {
        Some(v) => ops::truthy(vm, v)?,
        None => false,
    };
    let mut its = Vec::with_capacity(args.pos().len());
    for a in args.pos() {
        its.push(ops::iter(vm, a)?);
    }
    Ok(new_iter(IterState::Zip { its, strict }))
}

/// `map(func, *iterables)`.
pub fn map(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_kwargs("map", &args, &[])?;
    let pos = args.pos();
    if pos.len() < 2 {
        return Err(Error::type_error("map() must have at least two arguments."));
    }
    let mut its = Vec::with_capacity(pos.len() - 1);
    for a in &pos[1..] {
        its.push(ops::iter(vm, a)?);
    }
    Ok(new_iter(IterState::Map {
        func: pos[0].clone(),
        its,
    }))
}

/// `filter(function_or_None, iterable)`.
pub fn filter(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_kwargs("filter", &args, &[])?;
    let pos = arity("filter", &args, 2, 2)?;
    let it = ops::iter(vm, &pos[1])?;
    Ok(new_iter(IterState::Filter {
        func: pos[0].clone(),
        it,
    }))
}

/// `reversed(seq)`.
pub fn reversed(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    if args.has_kwargs() {
        return Err(Error::type_error("reversed() takes no keyword arguments"));
    }
    // CPython's positional check, not the "takes exactly one" of len().
    let pos = args.pos();
    if pos.len() != 1 {
        return Err(Error::type_error(format!(
            "reversed expected 1 argument, got {}",
            pos.len()
        )));
    }
    let seq = &pos[0];
    if let Value::Obj(o) = seq {
        match &**o {
            Object::List(l) => {
                let n = l.borrow().len();
                return Ok(new_iter(IterState::Reversed {
                    seq: seq.clone(),
                    idx: n,
                }));
            }
            Object::Tuple(t) => {
                return Ok(new_iter(IterState::Reversed {
                    seq: seq.clone(),
                    idx: t.len(),
                }))
            }
            Object::Range { .. } | Object::BigRange(_) => {
                return Ok(new_iter(crate::object::range::reversed_state(o)));
            }
            Object::Str(_) | Object::Dict(_) | Object::Bytes(_) => {
                let items = ops::collect(vm, seq)?;
                let n = items.len();
                return Ok(new_iter(IterState::Reversed {
                    seq: Value::list(items),
                    idx: n,
                }));
            }
            // Instances, and classes with a metaclass (`reversed(Color)`).
            Object::Instance(_) | Object::Type(_) if crate::ops::has_user_dunders(seq) => {
                if let Some(f) = vm.lookup_special(seq, "__reversed__") {
                    if !f.is_none() {
                        return vm.call(&f, std::slice::from_ref(seq));
                    }
                }
                // A builtin sequence's subclass reverses its value, as
                // the builtin type's `__reversed__` does.
                if let Some(b) = crate::object::base_value(seq) {
                    let b = b.clone();
                    return reversed(vm, Args::new(std::slice::from_ref(&b)));
                }
                if vm.lookup_special(seq, "__getitem__").is_some()
                    && vm.lookup_special(seq, "__len__").is_some()
                {
                    let n = ops::len(vm, seq)?;
                    let mut items = Vec::with_capacity(n);
                    for i in 0..n {
                        items.push(ops::getitem(vm, seq, &Value::Int(i as i64))?);
                    }
                    return Ok(new_iter(IterState::Reversed {
                        seq: Value::list(items),
                        idx: n,
                    }));
                }
            }
            _ => {}
        }
    }
    let t = vm.type_name(seq);
    Err(Error::type_error(format!("'{t}' object is not reversible")))
}

/// `sorted(iterable, /, *, key=None, reverse=False)`.
pub fn sorted(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_kwargs("sorted", &args, &["key", "reverse"])?;
    let pos = args.pos();
    if pos.len() != 1 {
        return Err(Error::type_error(format!(
            "sorted expected 1 argument, got {}",
            pos.len()
        )));
    }
    let mut items = ops::collect(vm, &pos[0])?;
    let reverse = match args.kwarg("reverse") {
        Some(v) => ops::truthy(vm, v)?,
        None => false,
    };
    crate::object::sort::sort_values(vm, &mut items, args.kwarg("key"), reverse)?;
    Ok(Value::list(items))
}

/// min/max: one iterable or several arguments; `key=`, `default=`.
fn extreme(vm: &mut Vm, args: Args<'_>, name: &str, want_max: bool) -> PyResult<Value> {
    check_kwargs(name, &args, &["key", "default"])?;
    let pos = args.pos();
    let key = args.kwarg("key").filter(|k| !k.is_none()).cloned();
    let default = args.kwarg("default").cloned();
    let items: Vec<Value> = match pos.len() {
        0 => {
            return Err(Error::type_error(format!(
                "{name} expected at least 1 argument, got 0"
            )))
        }
        1 => ops::collect(vm, &pos[0])?,
        _ => {
            if default.is_some() {
                return Err(Error::type_error(format!(
                    "Cannot specify a default for {name}() with multiple positional arguments"
                )));
            }
            pos.to_vec()
        }
    };
    let mut it = items.into_iter();
    let Some(mut best) = it.next() else {
        return default
            .ok_or_else(|| Error::value_error(format!("{name}() arg is an empty sequence")));
    };
    let mut best_key = match &key {
        Some(k) => vm.call(k, std::slice::from_ref(&best))?,
        None => best.clone(),
    };
    for item in it {
        let k = match &key {
            Some(f) => vm.call(f, std::slice::from_ref(&item))?,
            None => item.clone(),
        };
        let better = if want_max {
            let r = ops::compare(vm, &k, CompareOp::Gt, &best_key)?;
            ops::truthy(vm, &r)?
        } else {
            ops::lt(vm, &k, &best_key)?
        };
        if better {
            best = item;
            best_key = k;
        }
    }
    Ok(best)
}

pub fn min(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    extreme(vm, args, "min", false)
}

pub fn max(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    extreme(vm, args, "max", true)
}

/// `sum(iterable, /, start=0)`: plain left-to-right `+` (as CPython 3.11),
/// with an i64 fast path.
pub fn sum(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_kwargs("sum", &args, &["start"])?;
    let pos = args.pos();
    if pos.is_empty() || pos.len() > 2 {
        return Err(Error::type_error(format!(
            "sum() takes at most 2 arguments ({} given)",
            pos.len()
        )));
    }
    let start = pos
        .get(1)
        .or_else(|| args.kwarg("start"))
        .cloned()
        .unwrap_or(Value::Int(0));
    if let Value::Obj(o) = &start {
        match &**o {
            Object::Str(_) => {
                return Err(Error::type_error(
                    "sum() can't sum strings [use ''.join(seq) instead]",
                ))
            }
            Object::Bytes(_) => {
                return Err(Error::type_error(
                    "sum() can't sum bytes [use b''.join(seq) instead]",
                ))
            }
            _ => {}
        }
    }
    let it = ops::iter(vm, &pos[0])?;
    let mut acc = start;
    while let Some(x) = ops::next(vm, &it)? {
        acc = match (&acc, &x) {
            (Value::Int(a), Value::Int(b)) => match a.checked_add(*b) {
                Some(s) => Value::Int(s),
                None => ops::binary_op(vm, &acc, BinaryOp::Add, &x)?,
            },
            (Value::Float(a), Value::Float(b)) => Value::Float(a + b),
            _ => ops::binary_op(vm, &acc, BinaryOp::Add, &x)?,
        };
    }
    Ok(acc)
}

pub fn all(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = arity("all", &args, 1, 1)?;
    let it = ops::iter(vm, &pos[0])?;
    while let Some(x) = ops::next(vm, &it)? {
        if !ops::truthy(vm, &x)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

pub fn any(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = arity("any", &args, 1, 1)?;
    let it = ops::iter(vm, &pos[0])?;
    while let Some(x) = ops::next(vm, &it)? {
        if ops::truthy(vm, &x)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}
