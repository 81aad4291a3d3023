//! `functools.partial` and `functools.reduce`, native as in CPython: a
//! partial call prepends the stored arguments and merges the stored
//! keywords in one native step (the conc class built a dict and two
//! starred argument lists per call), and `reduce` folds in a Rust loop.

use conc_interp::object::{dictmethods, Args, Dict, NativeFnPtr};
use conc_interp::ops;
use conc_interp::prelude::*;
use conc_interp::sync::ObjCell;

use crate::util::{add_native_classes, arity, cell_payload, payload};

#[derive(Default)]
struct Partial {
    func: Value,
    args: Vec<Value>,
    /// Keyword names (str values) and their values, in order.
    kwnames: Vec<Value>,
    kwvalues: Vec<Value>,
}

fn partial_of(v: &Value) -> PyResult<&ObjCell<Partial>> {
    payload(v, "partial")
}

/// `partial(func, /, *args, **keywords)`; a partial of a partial (of the
/// same class) is flattened, as CPython does.
fn partial_init(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = args.pos();
    let Some(func) = pos.get(1) else {
        return Err(Error::type_error(
            "type 'partial' takes at least one argument",
        ));
    };
    let callable = vm
        .builtin("callable")
        .ok_or_else(|| Error::new(ExcKind::SystemError, "builtin callable missing"))?;
    let is_callable = vm.call(&callable, std::slice::from_ref(func))?;
    if !ops::truthy(vm, &is_callable)? {
        return Err(Error::type_error("the first argument must be callable"));
    }
    let mut state = Partial {
        func: func.clone(),
        ..Partial::default()
    };
    let same_class = conc_interp::sync::Ref::ptr_eq(&vm.type_of(func), &vm.type_of(&pos[0]));
    if same_class {
        if let Ok(inner) = partial_of(func) {
            let inner = inner.borrow();
            state.func = inner.func.clone();
            state.args = inner.args.clone();
            state.kwnames = inner.kwnames.clone();
            state.kwvalues = inner.kwvalues.clone();
        }
    }
    state.args.extend(pos[2..].iter().cloned());
    for (k, v) in args.kwargs() {
        set_keyword(&mut state, k, v.clone());
    }
    *partial_of(&pos[0])?.borrow_mut() = state;
    Ok(Value::None)
}

/// Sets a stored keyword, replacing one of the same name in place.
fn set_keyword(state: &mut Partial, name: &str, v: Value) {
    match state.kwnames.iter().position(|n| n.as_str() == Some(name)) {
        Some(i) => state.kwvalues[i] = v,
        None => {
            state.kwnames.push(Value::str(name));
            state.kwvalues.push(v);
        }
    }
}

fn partial_call(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (func, call_args, kwnames) = {
        let st = partial_of(&args.args[0])?.borrow();
        let pos = &args.pos()[1..];
        if st.kwnames.is_empty() {
            // Stored positionals, the call's, then the call's keywords.
            let mut all = Vec::with_capacity(st.args.len() + args.args.len() - 1);
            all.extend(st.args.iter().cloned());
            all.extend(args.args[1..].iter().cloned());
            (st.func.clone(), all, args.kwnames.to_vec())
        } else {
            // The call's keywords override the stored ones of that name.
            let mut merged = Partial {
                kwnames: st.kwnames.clone(),
                kwvalues: st.kwvalues.clone(),
                ..Partial::default()
            };
            for (k, v) in args.kwargs() {
                set_keyword(&mut merged, k, v.clone());
            }
            let mut all = Vec::with_capacity(st.args.len() + pos.len() + merged.kwnames.len());
            all.extend(st.args.iter().cloned());
            all.extend(pos.iter().cloned());
            all.extend(merged.kwvalues);
            (st.func.clone(), all, merged.kwnames)
        }
    };
    vm.call_kw(&func, &call_args, &kwnames)
}

/// `p.func`, `p.args`, `p.keywords` (looked up when the instance dict
/// does not have the name).
fn partial_getattr(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("__getattr__", &args, 2, 2)?;
    let a = args.pos();
    let st = partial_of(&a[0])?.borrow();
    match a[1].as_str() {
        Some("func") => Ok(st.func.clone()),
        Some("args") => Ok(Value::tuple(st.args.clone())),
        Some("keywords") => {
            let mut d = Dict::new();
            for (k, v) in st.kwnames.iter().zip(&st.kwvalues) {
                d.set_by_str_value(k.clone(), v.clone());
            }
            Ok(dictmethods::new_dict(d))
        }
        name => Err(Error::attribute_error(format!(
            "'functools.partial' object has no attribute '{}'",
            name.unwrap_or("?")
        ))),
    }
}

fn partial_repr(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("__repr__", &args, 1, 1)?;
    let (func, pargs, kwnames, kwvalues) = {
        let st = partial_of(&args.pos()[0])?.borrow();
        (
            st.func.clone(),
            st.args.clone(),
            st.kwnames.clone(),
            st.kwvalues.clone(),
        )
    };
    let mut parts = vec![ops::repr(vm, &func)?];
    for a in &pargs {
        parts.push(ops::repr(vm, a)?);
    }
    for (k, v) in kwnames.iter().zip(&kwvalues) {
        parts.push(format!(
            "{}={}",
            k.as_str().unwrap_or("?"),
            ops::repr(vm, v)?
        ));
    }
    Ok(Value::string(format!(
        "functools.partial({})",
        parts.join(", ")
    )))
}

/// `reduce(function, iterable[, initial])`.
pub fn reduce(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("reduce", &args, 2, 3)?;
    let a = args.pos();
    let it = match ops::iter(vm, &a[1]) {
        Ok(it) => it,
        Err(e) if vm.error_matches(&e, ExcKind::TypeError) => {
            return Err(Error::type_error("reduce() arg 2 must support iteration"))
        }
        Err(e) => return Err(e),
    };
    let mut acc = match a.get(2) {
        Some(initial) => initial.clone(),
        None => match ops::next(vm, &it)? {
            Some(first) => first,
            None => {
                return Err(Error::type_error(
                    "reduce() of empty iterable with no initial value",
                ))
            }
        },
    };
    while let Some(item) = ops::next(vm, &it)? {
        acc = vm.call(&a[0], &[acc, item])?;
    }
    Ok(acc)
}

const PARTIAL: &[(&str, NativeFnPtr)] = &[
    ("__init__", partial_init),
    ("__call__", partial_call),
    ("__getattr__", partial_getattr),
    ("__repr__", partial_repr),
];

/// Adds `partial` and `reduce` to the `functools` module.
pub fn install(vm: &mut Vm, module: &Value) {
    add_native_classes(vm, module, &[("partial", PARTIAL, cell_payload::<Partial>)]);
    let reduce = vm.new_native_fn("reduce", reduce);
    vm.module_set(module, "reduce", reduce);
}
