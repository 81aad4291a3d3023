//! The methods of list. Items are cloned out before any call that may run
//! script code (`==` in remove/index/count, key functions in sort).

use super::{Args, NativeFnPtr, Object};
use crate::error::{Error, PyResult};
use crate::ops;
use crate::sync::ObjCell;
use crate::value::Value;
use crate::vm::Vm;

fn cell<'a>(args: &Args<'a>) -> PyResult<&'a ObjCell<Vec<Value>>> {
    match args.pos().first() {
        Some(Value::Obj(o)) => match &**o {
            Object::List(c) => Ok(c),
            _ => Err(Error::type_error("descriptor requires a 'list' object")),
        },
        _ => Err(Error::type_error("descriptor requires a 'list' object")),
    }
}

fn arg<'a>(args: &Args<'a>, i: usize, name: &str) -> PyResult<&'a Value> {
    args.pos()
        .get(i)
        .ok_or_else(|| Error::type_error(format!("{name}() takes exactly one argument (0 given)")))
}

fn list_new(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    args.check_iterable_ctor("list", "list")?;
    match args.pos().get(1) {
        Some(it) => Ok(Value::list(ops::collect(vm, it)?)),
        None => Ok(Value::list(Vec::new())),
    }
}

/// `list.__init__(self, iterable=())`: only a subclass's instances reach
/// it (`list(...)` itself is built whole by `__new__`); it replaces the
/// items, as CPython's does.
fn list_init(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let c = cell(&args)?;
    args.check_iterable_ctor("list", "list")?;
    let items = match args.pos().get(1) {
        Some(it) => ops::collect(vm, it)?,
        None => Vec::new(),
    };
    let old = std::mem::replace(&mut *c.borrow_mut(), items);
    drop(old);
    Ok(Value::None)
}

fn append(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let v = arg(&args, 1, "list.append")?.clone();
    cell(&args)?.borrow_mut().push(v);
    Ok(Value::None)
}

fn extend(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let c = cell(&args)?;
    let items = ops::collect(vm, arg(&args, 1, "list.extend")?)?;
    c.borrow_mut().extend(items);
    Ok(Value::None)
}

fn insert(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let c = cell(&args)?;
    if args.pos().len() != 3 {
        return Err(Error::type_error(format!(
            "insert expected 2 arguments, got {}",
            args.pos().len() - 1
        )));
    }
    let i = ops::to_index(vm, &args.pos()[1])?;
    let v = args.pos()[2].clone();
    let mut l = c.borrow_mut();
    let n = l.len() as i64;
    let at = if i < 0 { (i + n).max(0) } else { i.min(n) };
    l.insert(at as usize, v);
    Ok(Value::None)
}

/// Index of the first item equal to `x` in `lo..hi` (items re-read each step).
fn find(
    vm: &mut Vm,
    c: &ObjCell<Vec<Value>>,
    x: &Value,
    lo: usize,
    hi: usize,
) -> PyResult<Option<usize>> {
    let mut i = lo;
    while i < hi {
        let item = match c.borrow().get(i) {
            Some(v) => v.clone(),
            None => return Ok(None),
        };
        if ops::eq(vm, &item, x)? {
            return Ok(Some(i));
        }
        i += 1;
    }
    Ok(None)
}

fn remove(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let c = cell(&args)?;
    let x = arg(&args, 1, "list.remove")?;
    match find(vm, c, x, 0, usize::MAX)? {
        Some(i) => {
            let removed = {
                let mut l = c.borrow_mut();
                if i < l.len() {
                    Some(l.remove(i))
                } else {
                    None
                }
            };
            drop(removed);
            Ok(Value::None)
        }
        None => Err(Error::value_error("list.remove(x): x not in list")),
    }
}

fn pop(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let c = cell(&args)?;
    let i = match args.pos().get(1) {
        Some(v) => Some(ops::to_index(vm, v)?),
        None => None,
    };
    let mut l = c.borrow_mut();
    if l.is_empty() {
        return Err(Error::index_error("pop from empty list"));
    }
    let n = l.len() as i64;
    let i = match i {
        None => n - 1,
        Some(i) if i < 0 => i + n,
        Some(i) => i,
    };
    if i < 0 || i >= n {
        return Err(Error::index_error("pop index out of range"));
    }
    Ok(l.remove(i as usize))
}

/// Clamped `start`/`stop` arguments of index/count-like methods.
fn bounds(vm: &mut Vm, args: &[Value], n: usize) -> PyResult<(usize, usize)> {
    let clamp = |i: i64| -> usize {
        if i < 0 {
            (i + n as i64).max(0) as usize
        } else {
            (i as usize).min(n)
        }
    };
    let lo = match args.first() {
        Some(v) => clamp(ops::to_clamped_index(vm, v)?),
        None => 0,
    };
    let hi = match args.get(1) {
        Some(v) => clamp(ops::to_clamped_index(vm, v)?),
        None => n,
    };
    Ok((lo, hi))
}

fn index(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let c = cell(&args)?;
    let x = arg(&args, 1, "list.index")?;
    let n = c.borrow().len();
    let (lo, hi) = bounds(vm, &args.pos()[2..], n)?;
    match find(vm, c, x, lo, hi)? {
        Some(i) => Ok(Value::Int(i as i64)),
        None => {
            let r = ops::repr(vm, x)?;
            Err(Error::value_error(format!("{r} is not in list")))
        }
    }
}

fn count(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let c = cell(&args)?;
    let x = arg(&args, 1, "list.count")?;
    let items = c.borrow().clone();
    let mut n = 0;
    for item in &items {
        if ops::eq(vm, item, x)? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

fn reverse(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    cell(&args)?.borrow_mut().reverse();
    Ok(Value::None)
}

fn sort(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let c = cell(&args)?;
    if args.pos().len() > 1 {
        return Err(Error::type_error("sort() takes no positional arguments"));
    }
    let mut key = None;
    let mut rev = false;
    for (name, v) in args.kwargs() {
        match name {
            "key" => key = Some(v),
            "reverse" => rev = ops::truthy(vm, v)?,
            _ => {
                return Err(Error::type_error(format!(
                    "'{name}' is an invalid keyword argument for sort()"
                )))
            }
        }
    }
    // Sort the items taken out of the list, leaving it empty (and without
    // an allocation) meanwhile: key functions and __lt__ may look at the
    // list, and another thread may change it. As in CPython, the sorted
    // items go back and whatever was put in the list meanwhile is dropped
    // with a ValueError, never lost silently.
    let mut items = std::mem::take(&mut *c.borrow_mut());
    let r = super::sort::sort_values(vm, &mut items, key, rev);
    let mut l = c.borrow_mut();
    let added = std::mem::replace(&mut *l, items);
    drop(l);
    let modified = added.capacity() != 0;
    drop(added);
    r?;
    if modified {
        return Err(Error::value_error("list modified during sort"));
    }
    Ok(Value::None)
}

fn copy(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::list(cell(&args)?.borrow().clone()))
}

fn clear(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let mut old = std::mem::take(&mut *cell(&args)?.borrow_mut());
    // Last item first, as CPython releases them: the order finalizers
    // (generators closed, weakref callbacks) run in.
    while let Some(v) = old.pop() {
        drop(v);
    }
    Ok(Value::None)
}

fn reversed(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let n = cell(&args)?.borrow().len();
    Ok(super::iter::new_iter(super::iter::IterState::Reversed {
        seq: args.pos()[0].clone(),
        idx: n,
    }))
}

use super::methods::generic as g;

pub const METHODS: &[(&str, NativeFnPtr)] = &[
    ("__new__", list_new),
    ("__init__", list_init),
    ("append", append),
    ("extend", extend),
    ("insert", insert),
    ("remove", remove),
    ("pop", pop),
    ("index", index),
    ("count", count),
    ("reverse", reverse),
    ("sort", sort),
    ("copy", copy),
    ("clear", clear),
    ("__reversed__", reversed),
    ("__len__", g::len),
    ("__getitem__", g::getitem),
    ("__setitem__", g::setitem),
    ("__delitem__", g::delitem),
    ("__contains__", g::contains),
    ("__iter__", g::iter),
    ("__add__", g::add),
    ("__mul__", g::mul),
    ("__rmul__", g::mul),
    ("__iadd__", g::iadd),
    ("__imul__", g::imul),
    ("__eq__", g::eq),
    ("__ne__", g::ne),
    ("__lt__", g::lt),
    ("__le__", g::le),
    ("__gt__", g::gt),
    ("__ge__", g::ge),
];
