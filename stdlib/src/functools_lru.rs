//! `functools._lru_cache_wrapper`, the callable that `lru_cache` and
//! `cache` return, as a native class (CPython's is C too): a call builds
//! the key, looks it up in a dict kept in use order and calls the wrapped
//! function only on a miss. In conc code the same wrapper cost a closure
//! call, a key-building call and several dict operations by name per call.
//!
//! The cache is a dict whose order is the recency order: a hit moves its
//! key to the end, and a full bounded cache evicts its first key. The
//! wrapped function runs with no borrow held (it may call the wrapper
//! again, recursively, as memoized recursion does).

use conc_interp::object::{dictmethods, Args, BuiltinKind, Dict, NativeFnPtr, Object};
use conc_interp::ops;
use conc_interp::prelude::*;
use conc_interp::sync::ObjCell;

use crate::util::{add_native_classes, cell_payload, payload, pos_arity};

#[derive(Default)]
struct Lru {
    func: Value,
    /// `None`: unbounded; `Some(0)`: nothing is cached.
    maxsize: Option<usize>,
    typed: bool,
    cache: Value,
    /// The class of what `cache_info()` returns.
    info_type: Value,
    /// Separates positional from keyword arguments in keys.
    kwd_mark: Value,
    hits: u64,
    misses: u64,
}

fn state<'a>(args: &Args<'a>) -> PyResult<&'a ObjCell<Lru>> {
    match args.pos().first() {
        Some(v) => payload(v, "_lru_cache_wrapper"),
        None => Err(Error::type_error(
            "descriptor of '_lru_cache_wrapper' object needs an argument",
        )),
    }
}

/// `_lru_cache_wrapper(user_function, maxsize, typed, cache_info_type)`.
fn lru_init(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("_lru_cache_wrapper", &args, 5, 5)?;
    let a = args.pos();
    let maxsize = match &a[2] {
        Value::None => None,
        v => Some(crate::util::index_i64(vm, v)?.max(0) as usize),
    };
    let typed = ops::truthy(vm, &a[3])?;
    let object = Value::Obj(vm.builtin_type(BuiltinKind::Object));
    let kwd_mark = vm.call(&object, &[])?;
    *state(&args)?.borrow_mut() = Lru {
        func: a[1].clone(),
        maxsize,
        typed,
        cache: dictmethods::new_dict(Dict::new()),
        info_type: a[4].clone(),
        kwd_mark,
        hits: 0,
        misses: 0,
    };
    Ok(Value::None)
}

/// CPython's `_make_key`: the positional arguments, then the mark and the
/// keyword pairs, then (typed) the argument types; one int or str
/// argument is its own key.
fn make_key(vm: &mut Vm, st: &Lru, pos: &[Value], kwargs: &[(Value, Value)]) -> Value {
    if kwargs.is_empty() && !st.typed {
        if let [one] = pos {
            let exact = match one {
                Value::Int(_) => true,
                Value::Obj(o) => matches!(&**o, Object::Str(_) | Object::BigInt(_)),
                _ => false,
            };
            if exact {
                return one.clone();
            }
        }
    }
    let mut key = pos.to_vec();
    if !kwargs.is_empty() {
        key.push(st.kwd_mark.clone());
        for (k, v) in kwargs {
            key.push(k.clone());
            key.push(v.clone());
        }
    }
    if st.typed {
        key.extend(pos.iter().map(|v| Value::Obj(vm.type_of(v))));
        key.extend(kwargs.iter().map(|(_, v)| Value::Obj(vm.type_of(v))));
    }
    Value::tuple(key)
}

fn lru_call(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let cell = state(&args)?;
    let call_args = &args.args[1..];
    let (func, maxsize, cache, key) = {
        let st = cell.borrow();
        let pos = &args.pos()[1..];
        let kwargs: Vec<(Value, Value)> = args
            .kwnames
            .iter()
            .cloned()
            .zip(
                args.args[args.args.len() - args.kwnames.len()..]
                    .iter()
                    .cloned(),
            )
            .collect();
        let key = (st.maxsize != Some(0)).then(|| make_key(vm, &st, pos, &kwargs));
        (st.func.clone(), st.maxsize, st.cache.clone(), key)
    };
    let Some(key) = key else {
        cell.borrow_mut().misses += 1;
        return vm.call_kw(&func, call_args, args.kwnames);
    };
    if let Some(hit) = ops::dict_get(vm, &cache, &key)? {
        cell.borrow_mut().hits += 1;
        if maxsize.is_some() {
            // The most recently used key goes to the end.
            ops::dict_del(vm, &cache, &key)?;
            ops::dict_set(vm, &cache, key, hit.clone())?;
        }
        return Ok(hit);
    }
    cell.borrow_mut().misses += 1;
    let result = vm.call_kw(&func, call_args, args.kwnames)?;
    // The call may have cleared the cache (a new dict) or filled this key.
    let cache = cell.borrow().cache.clone();
    if let Some(max) = maxsize {
        if ops::dict_get(vm, &cache, &key)?.is_some() {
            return Ok(result);
        }
        if ops::len(vm, &cache)? >= max {
            let it = ops::iter(vm, &cache)?;
            if let Some(oldest) = ops::next(vm, &it)? {
                ops::dict_del(vm, &cache, &oldest)?;
            }
        }
    }
    ops::dict_set(vm, &cache, key, result.clone())?;
    Ok(result)
}

fn maxsize_value(st: &Lru) -> Value {
    st.maxsize.map_or(Value::None, |m| Value::Int(m as i64))
}

fn lru_cache_info(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("cache_info", &args, 1, 1)?;
    let (info_type, info) = {
        let st = state(&args)?.borrow();
        let info = [
            Value::Int(st.hits as i64),
            Value::Int(st.misses as i64),
            maxsize_value(&st),
            st.cache.clone(),
        ];
        (st.info_type.clone(), info)
    };
    let [hits, misses, maxsize, cache] = info;
    let currsize = Value::Int(ops::len(vm, &cache)? as i64);
    vm.call(&info_type, &[hits, misses, maxsize, currsize])
}

fn lru_cache_clear(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("cache_clear", &args, 1, 1)?;
    let old = {
        let mut st = state(&args)?.borrow_mut();
        st.hits = 0;
        st.misses = 0;
        std::mem::replace(&mut st.cache, dictmethods::new_dict(Dict::new()))
    };
    // The old entries are released with no borrow held.
    drop(old);
    Ok(Value::None)
}

fn lru_cache_parameters(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("cache_parameters", &args, 1, 1)?;
    let st = state(&args)?.borrow();
    let mut d = Dict::new();
    d.set_str("maxsize", maxsize_value(&st));
    d.set_str("typed", Value::Bool(st.typed));
    Ok(dictmethods::new_dict(d))
}

/// A cached function stored on a class is a method: bound to the instance.
fn lru_get(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("__get__", &args, 2, 3)?;
    let a = args.pos();
    if a[1].is_none() {
        return Ok(a[0].clone());
    }
    Ok(Value::new_obj(Object::BoundMethod {
        func: a[0].clone(),
        this: a[1].clone(),
    }))
}

const LRU: &[(&str, NativeFnPtr)] = &[
    ("__init__", lru_init),
    ("__call__", lru_call),
    ("__get__", lru_get),
    ("cache_info", lru_cache_info),
    ("cache_clear", lru_cache_clear),
    ("cache_parameters", lru_cache_parameters),
];

/// Adds `_lru_cache_wrapper` to the `functools` module.
pub fn install(vm: &mut Vm, module: &Value) {
    add_native_classes(
        vm,
        module,
        &[("_lru_cache_wrapper", LRU, cell_payload::<Lru>)],
    );
}
