//! The methods of tuple (operators and hashing are in `ops`).

use super::{Args, NativeFnPtr, Object};
use crate::error::{Error, PyResult};
use crate::ops;
use crate::value::Value;
use crate::vm::Vm;

fn items<'a>(args: &Args<'a>) -> PyResult<&'a [Value]> {
    match args.pos().first() {
        Some(Value::Obj(o)) => match &**o {
            Object::Tuple(t) => Ok(t),
            _ => Err(Error::type_error("descriptor requires a 'tuple' object")),
        },
        _ => Err(Error::type_error("descriptor requires a 'tuple' object")),
    }
}

fn tuple_new(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    args.check_iterable_ctor("tuple", "tuple")?;
    match args.pos().get(1) {
        Some(v @ Value::Obj(o)) if matches!(**o, Object::Tuple(_)) => Ok(v.clone()),
        Some(it) => Ok(Value::tuple(ops::collect(vm, it)?)),
        None => Ok(Value::tuple(Vec::new())),
    }
}

fn count(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let t = items(&args)?;
    let x = args
        .pos()
        .get(1)
        .ok_or_else(|| Error::type_error("count() takes exactly one argument (0 given)"))?;
    let mut n = 0;
    for item in t {
        if ops::eq(vm, item, x)? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

fn index(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let t = items(&args)?;
    let x = args
        .pos()
        .get(1)
        .ok_or_else(|| Error::type_error("index expected at least 1 argument, got 0"))?;
    let n = t.len() as i64;
    let clamp = |i: i64| if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
    let lo = match args.pos().get(2) {
        Some(v) => clamp(ops::to_clamped_index(vm, v)?),
        None => 0,
    };
    let hi = match args.pos().get(3) {
        Some(v) => clamp(ops::to_clamped_index(vm, v)?),
        None => t.len(),
    };
    for (i, item) in t.iter().enumerate().take(hi).skip(lo) {
        if ops::eq(vm, item, x)? {
            return Ok(Value::Int(i as i64));
        }
    }
    Err(Error::value_error("tuple.index(x): x not in tuple"))
}

use super::methods::generic as g;

pub const METHODS: &[(&str, NativeFnPtr)] = &[
    ("__new__", tuple_new),
    ("count", count),
    ("index", index),
    ("__len__", g::len),
    ("__getitem__", g::getitem),
    ("__contains__", g::contains),
    ("__iter__", g::iter),
    ("__hash__", g::hash),
    ("__add__", g::add),
    ("__mul__", g::mul),
    ("__rmul__", g::mul),
    ("__eq__", g::eq),
    ("__ne__", g::ne),
    ("__lt__", g::lt),
    ("__le__", g::le),
    ("__gt__", g::gt),
    ("__ge__", g::ge),
];
