//! The `collections` module. `deque` is native (a `VecDeque` behind the
//! instance's `ObjCell`, so appends and pops at both ends are O(1) and each
//! is atomic, as docs/ARCHITECTURE.md section 4 asks); `defaultdict`,
//! `Counter` and `OrderedDict` are dict subclasses and `namedtuple` a
//! factory of tuple subclasses, written in conc (`collections_src.rs`);
//! their fields are native `_tuplegetter`s (`collections_tuplegetter.rs`).

use std::collections::VecDeque;

use conc_interp::object::{Args, NativeFnPtr, Object};
use conc_interp::ops;
use conc_interp::prelude::*;
use conc_interp::sync::ObjCell;

use crate::util::{
    arg, arity, check_kwargs, exec_in_module, index_i64, payload, pos_arity, self_payload,
};

#[derive(Default)]
struct DequeState {
    items: VecDeque<Value>,
    maxlen: Option<usize>,
}

type Deque = ObjCell<DequeState>;

fn new_payload() -> Box<dyn std::any::Any + Send + Sync> {
    Box::new(Deque::default())
}

fn dq<'a>(args: &Args<'a>) -> PyResult<&'a Deque> {
    self_payload(args, "deque")
}

fn push(d: &Deque, v: Value, left: bool) {
    let mut s = d.borrow_mut();
    if s.maxlen == Some(0) {
        return;
    }
    if left {
        s.items.push_front(v);
        if s.maxlen.is_some_and(|m| s.items.len() > m) {
            s.items.pop_back();
        }
    } else {
        s.items.push_back(v);
        if s.maxlen.is_some_and(|m| s.items.len() > m) {
            s.items.pop_front();
        }
    }
}

fn init(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("deque", &args, 1, 3)?;
    check_kwargs("deque", &args, &["iterable", "maxlen"])?;
    let d = dq(&args)?;
    let maxlen = match arg(&args, 2, "maxlen") {
        None | Some(Value::None) => None,
        Some(v) => {
            let m = index_i64(vm, v)?;
            if m < 0 {
                return Err(Error::value_error("maxlen must be non-negative"));
            }
            Some(m as usize)
        }
    };
    let items = match arg(&args, 1, "iterable") {
        Some(it) => ops::collect(vm, it)?,
        None => Vec::new(),
    };
    {
        let mut s = d.borrow_mut();
        s.items.clear();
        s.maxlen = maxlen;
    }
    for v in items {
        push(d, v, false);
    }
    let this = &args.pos()[0];
    vm.set_attr(
        this,
        "maxlen",
        maxlen.map_or(Value::None, |m| Value::Int(m as i64)),
    )?;
    Ok(Value::None)
}

fn append(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("append", &args, 2, 2)?;
    push(dq(&args)?, args.pos()[1].clone(), false);
    Ok(Value::None)
}

fn appendleft(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("appendleft", &args, 2, 2)?;
    push(dq(&args)?, args.pos()[1].clone(), true);
    Ok(Value::None)
}

fn pop(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("pop", &args, 1, 1)?;
    dq(&args)?
        .borrow_mut()
        .items
        .pop_back()
        .ok_or_else(|| Error::index_error("pop from an empty deque"))
}

fn popleft(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("popleft", &args, 1, 1)?;
    dq(&args)?
        .borrow_mut()
        .items
        .pop_front()
        .ok_or_else(|| Error::index_error("pop from an empty deque"))
}

fn extend(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("extend", &args, 2, 2)?;
    let d = dq(&args)?;
    for v in ops::collect(vm, &args.pos()[1])? {
        push(d, v, false);
    }
    Ok(Value::None)
}

fn extendleft(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("extendleft", &args, 2, 2)?;
    let d = dq(&args)?;
    for v in ops::collect(vm, &args.pos()[1])? {
        push(d, v, true);
    }
    Ok(Value::None)
}

fn rotate(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("rotate", &args, 1, 2)?;
    let n = match args.pos().get(1) {
        Some(v) => index_i64(vm, v)?,
        None => 1,
    };
    let mut s = dq(&args)?.borrow_mut();
    let len = s.items.len() as i64;
    if len > 1 {
        let k = n.rem_euclid(len) as usize;
        s.items.rotate_right(k);
    }
    Ok(Value::None)
}

fn clear(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("clear", &args, 1, 1)?;
    dq(&args)?.borrow_mut().items.clear();
    Ok(Value::None)
}

fn snapshot(args: &Args<'_>) -> PyResult<Vec<Value>> {
    Ok(dq(args)?.borrow().items.iter().cloned().collect())
}

fn len(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("__len__", &args, 1, 1)?;
    Ok(Value::Int(dq(&args)?.borrow().items.len() as i64))
}

fn bool_(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("__bool__", &args, 1, 1)?;
    Ok(Value::Bool(!dq(&args)?.borrow().items.is_empty()))
}

/// Iteration walks a snapshot: mutating the deque while iterating does not
/// disturb the loop (CPython raises RuntimeError instead).
fn iter(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("__iter__", &args, 1, 1)?;
    let items = snapshot(&args)?;
    ops::iter(vm, &Value::list(items))
}

fn reversed(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("__reversed__", &args, 1, 1)?;
    let mut items = snapshot(&args)?;
    items.reverse();
    ops::iter(vm, &Value::list(items))
}

fn position(vm: &mut Vm, d: &Deque, i: &Value) -> PyResult<usize> {
    let i = index_i64(vm, i)?;
    let n = d.borrow().items.len() as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(Error::index_error("deque index out of range"));
    }
    Ok(j as usize)
}

fn getitem(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("__getitem__", &args, 2, 2)?;
    let d = dq(&args)?;
    let i = position(vm, d, &args.pos()[1])?;
    d.borrow()
        .items
        .get(i)
        .cloned()
        .ok_or_else(|| Error::index_error("deque index out of range"))
}

fn setitem(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("__setitem__", &args, 3, 3)?;
    let d = dq(&args)?;
    let i = position(vm, d, &args.pos()[1])?;
    if let Some(slot) = d.borrow_mut().items.get_mut(i) {
        *slot = args.pos()[2].clone();
    }
    Ok(Value::None)
}

fn delitem(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("__delitem__", &args, 2, 2)?;
    let d = dq(&args)?;
    let i = position(vm, d, &args.pos()[1])?;
    d.borrow_mut().items.remove(i);
    Ok(Value::None)
}

fn contains(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("__contains__", &args, 2, 2)?;
    for v in snapshot(&args)? {
        if v.is(&args.pos()[1]) || ops::eq(vm, &v, &args.pos()[1])? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn count(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("count", &args, 2, 2)?;
    let mut n = 0;
    for v in snapshot(&args)? {
        if v.is(&args.pos()[1]) || ops::eq(vm, &v, &args.pos()[1])? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

fn index(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("index", &args, 2, 2)?;
    for (i, v) in snapshot(&args)?.iter().enumerate() {
        if v.is(&args.pos()[1]) || ops::eq(vm, v, &args.pos()[1])? {
            return Ok(Value::Int(i as i64));
        }
    }
    let r = ops::repr(vm, &args.pos()[1])?;
    Err(Error::value_error(format!("{r} is not in deque")))
}

fn remove(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("remove", &args, 2, 2)?;
    let d = dq(&args)?;
    for (i, v) in snapshot(&args)?.iter().enumerate() {
        if v.is(&args.pos()[1]) || ops::eq(vm, v, &args.pos()[1])? {
            let mut s = d.borrow_mut();
            if i < s.items.len() {
                s.items.remove(i);
            }
            return Ok(Value::None);
        }
    }
    Err(Error::value_error("deque.remove(x): x not in deque"))
}

fn reverse(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("reverse", &args, 1, 1)?;
    let mut s = dq(&args)?.borrow_mut();
    s.items.make_contiguous().reverse();
    Ok(Value::None)
}

fn insert(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("insert", &args, 3, 3)?;
    let d = dq(&args)?;
    let i = index_i64(vm, &args.pos()[1])?;
    let mut s = d.borrow_mut();
    if s.maxlen.is_some_and(|m| s.items.len() >= m) {
        return Err(Error::index_error("deque already at its maximum size"));
    }
    let n = s.items.len() as i64;
    let at = if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
    s.items.insert(at, args.pos()[2].clone());
    Ok(Value::None)
}

fn copy(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("copy", &args, 1, 1)?;
    let this = &args.pos()[0];
    let maxlen = dq(&args)?.borrow().maxlen;
    let items = Value::list(snapshot(&args)?);
    let cls = Value::Obj(vm.type_of(this));
    let m = maxlen.map_or(Value::None, |m| Value::Int(m as i64));
    vm.call(&cls, &[items, m])
}

fn repr(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("__repr__", &args, 1, 1)?;
    let maxlen = dq(&args)?.borrow().maxlen;
    let mut parts = Vec::new();
    for v in snapshot(&args)? {
        parts.push(ops::repr(vm, &v)?);
    }
    let name = vm.type_name(&args.pos()[0]);
    Ok(Value::string(match maxlen {
        Some(m) => format!("{name}([{}], maxlen={m})", parts.join(", ")),
        None => format!("{name}([{}])", parts.join(", ")),
    }))
}

fn eq(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("__eq__", &args, 2, 2)?;
    let Ok(other) = payload::<Deque>(&args.pos()[1], "deque") else {
        return Ok(Value::Bool(false));
    };
    let a = snapshot(&args)?;
    let b: Vec<Value> = other.borrow().items.iter().cloned().collect();
    if a.len() != b.len() {
        return Ok(Value::Bool(false));
    }
    for (x, y) in a.iter().zip(&b) {
        if !(x.is(y) || ops::eq(vm, x, y)?) {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn ne(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let r = eq(vm, args)?;
    Ok(Value::Bool(!matches!(r, Value::Bool(true))))
}

fn iadd(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    extend(vm, args)?;
    Ok(args.pos()[0].clone())
}

const DEQUE_METHODS: &[(&str, NativeFnPtr)] = &[
    ("__init__", init),
    ("append", append),
    ("appendleft", appendleft),
    ("pop", pop),
    ("popleft", popleft),
    ("extend", extend),
    ("extendleft", extendleft),
    ("rotate", rotate),
    ("clear", clear),
    ("count", count),
    ("index", index),
    ("remove", remove),
    ("reverse", reverse),
    ("insert", insert),
    ("copy", copy),
    ("__copy__", copy),
    ("__len__", len),
    ("__bool__", bool_),
    ("__iter__", iter),
    ("__reversed__", reversed),
    ("__getitem__", getitem),
    ("__setitem__", setitem),
    ("__delitem__", delitem),
    ("__contains__", contains),
    ("__repr__", repr),
    ("__eq__", eq),
    ("__ne__", ne),
    ("__iadd__", iadd),
];

/// Creates the `collections` module.
/// `_count_elements(mapping, iterable)`: `mapping[elem] = mapping.get(elem,
/// 0) + 1` for each element, the loop of `Counter.update` (native in
/// CPython too). A dict, or a dict subclass (a `Counter`) that overrides
/// neither `get` nor `__setitem__`, is counted into directly.
fn count_elements(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("_count_elements", &args, 2, 2)?;
    let (mapping, iterable) = (&args.pos()[0], &args.pos()[1]);
    let is_dict = |v: &Value| matches!(v.as_obj().map(|o| &**o), Some(Object::Dict(_)));
    let direct = if is_dict(mapping) {
        Some(mapping.clone())
    } else {
        match conc_interp::object::base_value(mapping) {
            Some(base)
                if is_dict(base)
                    && vm.lookup_special(mapping, "__setitem__").is_none()
                    && vm.lookup_special(mapping, "get").is_none() =>
            {
                Some(base.clone())
            }
            _ => None,
        }
    };
    let it = ops::iter(vm, iterable)?;
    let get = match &direct {
        Some(_) => None,
        None => Some(vm.get_attr(mapping, "get")?),
    };
    let one = Value::Int(1);
    while let Some(elem) = ops::next(vm, &it)? {
        let old = match (&direct, &get) {
            (Some(d), _) => ops::dict_get(vm, d, &elem)?.unwrap_or(Value::Int(0)),
            (None, Some(get)) => vm.call(get, &[elem.clone(), Value::Int(0)])?,
            (None, None) => unreachable!("a direct dict or a get method"),
        };
        let new = match old {
            Value::Int(n) if n < i64::MAX => Value::Int(n + 1),
            old => ops::binary_op(vm, &old, ops::BinaryOp::Add, &one)?,
        };
        match &direct {
            Some(d) => ops::dict_set(vm, d, elem, new)?,
            None => ops::setitem(vm, mapping, &elem, new)?,
        }
    }
    Ok(Value::None)
}

pub fn init_module(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("collections");
    let count = vm.new_native_fn("_count_elements", count_elements);
    vm.module_set(&m, "_count_elements", count);
    let object = vm.builtin_type(conc_interp::object::BuiltinKind::Object);
    let deque = vm.new_class("deque", &[object], DEQUE_METHODS, Some(new_payload));
    vm.module_set(&m, "deque", Value::Obj(deque));
    let object = vm.builtin_type(conc_interp::object::BuiltinKind::Object);
    let getter = vm.new_class(
        "_tuplegetter",
        &[object],
        crate::collections_tuplegetter::METHODS,
        Some(crate::collections_tuplegetter::new_payload),
    );
    vm.module_set(&m, "_tuplegetter", Value::Obj(getter));
    exec_in_module(vm, &m, crate::collections_src::SOURCE)?;
    Ok(m)
}
