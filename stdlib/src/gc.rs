//! The `gc` module: the cycle collector's controls (`conc_interp::gc`),
//! with CPython's names and defaults.

use conc_interp::gc;
use conc_interp::object::{Args, Dict, NativeFnPtr, Object};
use conc_interp::prelude::*;
use conc_interp::sync::ObjCell;

use crate::util::{arg, arity, check_kwargs, index_i64, new_module, pos_arity};

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let fns: &[(&str, NativeFnPtr)] = &[
        ("collect", collect),
        ("enable", enable),
        ("disable", disable),
        ("isenabled", isenabled),
        ("get_count", get_count),
        ("get_threshold", get_threshold),
        ("set_threshold", set_threshold),
        ("get_stats", get_stats),
        ("get_objects", get_objects),
        ("is_tracked", is_tracked),
    ];
    let m = new_module(vm, "gc", fns);
    // conc has no `__del__`, so nothing is ever uncollectable.
    let garbage = Value::list(Vec::new());
    vm.module_set(&m, "garbage", garbage);
    Ok(m)
}

fn collect(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("collect", &args, 0, 1)?;
    check_kwargs("collect", &args, &["generation"])?;
    let generation = match arg(&args, 0, "generation") {
        Some(v) => index_i64(vm, v)?,
        None => 2,
    };
    if !(0..=2).contains(&generation) {
        return Err(Error::value_error("invalid generation"));
    }
    Ok(Value::Int(gc::collect(vm, generation as usize) as i64))
}

fn enable(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("enable", &args, 0, 0)?;
    gc::heap(vm).set_enabled(true);
    Ok(Value::None)
}

fn disable(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("disable", &args, 0, 0)?;
    gc::heap(vm).set_enabled(false);
    Ok(Value::None)
}

fn isenabled(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("isenabled", &args, 0, 0)?;
    Ok(Value::Bool(gc::heap(vm).is_enabled()))
}

fn int_tuple(ns: [usize; 3]) -> Value {
    Value::tuple(ns.iter().map(|&n| Value::Int(n as i64)).collect())
}

fn get_count(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("get_count", &args, 0, 0)?;
    Ok(int_tuple(gc::counts(vm)))
}

fn get_threshold(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("get_threshold", &args, 0, 0)?;
    Ok(int_tuple(gc::heap(vm).thresholds()))
}

fn set_threshold(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("set_threshold", &args, 1, 3)?;
    let mut t = gc::heap(vm).thresholds();
    for (slot, v) in t.iter_mut().zip(args.pos()) {
        let n = index_i64(vm, v)?;
        // CPython stores C ints; a negative threshold acts as 0 (off).
        *slot = n.clamp(0, i32::MAX as i64) as usize;
    }
    gc::heap(vm).set_thresholds(t);
    Ok(Value::None)
}

fn get_stats(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("get_stats", &args, 0, 0)?;
    let mut out = Vec::new();
    for s in gc::heap(vm).stats() {
        let mut d = Dict::new();
        for (k, v) in [
            ("collections", s.collections),
            ("collected", s.collected),
            ("uncollectable", 0),
        ] {
            d.set_str(k, Value::Int(v as i64));
        }
        out.push(Value::new_obj(Object::Dict(ObjCell::new(d))));
    }
    Ok(Value::list(out))
}

fn get_objects(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("get_objects", &args, 0, 1)?;
    check_kwargs("get_objects", &args, &["generation"])?;
    if let Some(g) = arg(&args, 0, "generation") {
        if !matches!(g, Value::None) {
            return Err(Error::new(
                conc_interp::ExcKind::NotImplementedError,
                "gc.get_objects(generation) is not supported",
            ));
        }
    }
    Ok(Value::list(
        gc::objects(vm).into_iter().map(Value::Obj).collect(),
    ))
}

fn is_tracked(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("is_tracked", &args, 1, 1)?;
    Ok(Value::Bool(match &args.pos()[0] {
        Value::Obj(o) => gc::is_tracked(o),
        _ => false,
    }))
}
