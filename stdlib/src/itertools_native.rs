//! The itertools iterators that sit in hot loops, as native classes
//! (`__iter__` returns self, `__next__` advances): `count`, `repeat`,
//! `islice` and `chain`. One native call per item instead of a generator
//! resume, with an i64 fast path for `count`. Semantics follow CPython's
//! C code.

use conc_interp::object::{Args, NativeFnPtr};
use conc_interp::ops;
use conc_interp::ops::BinaryOp;
use conc_interp::prelude::*;
use conc_interp::sync::ObjCell;

use crate::util::{
    add_native_classes, arg, arity, cell_payload, check_kwargs, index_i64, payload, pos_arity,
};

pub(crate) fn stop() -> Error {
    Error::new(ExcKind::StopIteration, "")
}

pub(crate) fn iter_self(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    args.pos()
        .first()
        .cloned()
        .ok_or_else(|| Error::type_error("__iter__ needs self"))
}

#[derive(Default)]
struct Count {
    n: Value,
    step: Value,
}

fn count_init(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("count", &args, 1, 3)?;
    check_kwargs("count", &args, &["start", "step"])?;
    let start = arg(&args, 1, "start").cloned().unwrap_or(Value::Int(0));
    let step = arg(&args, 2, "step").cloned().unwrap_or(Value::Int(1));
    for v in [&start, &step] {
        if !matches!(v, Value::Int(_) | Value::Float(_) | Value::Bool(_))
            && vm.lookup_special(v, "__add__").is_none()
        {
            let tn = vm.type_name(v);
            if !matches!(tn.as_str(), "int" | "float" | "complex") {
                return Err(Error::type_error("a number is required"));
            }
        }
    }
    let c: &ObjCell<Count> = payload(&args.pos()[0], "count")?;
    *c.borrow_mut() = Count { n: start, step };
    Ok(Value::None)
}

fn count_next(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let c: &ObjCell<Count> = payload(&args.pos()[0], "count")?;
    let (cur, step) = {
        let mut s = c.borrow_mut();
        if let (Value::Int(n), Value::Int(st)) = (&s.n, &s.step) {
            if let Some(next) = n.checked_add(*st) {
                let cur = Value::Int(*n);
                s.n = Value::Int(next);
                return Ok(cur);
            }
        }
        (s.n.clone(), s.step.clone())
    };
    let next = ops::binary_op(vm, &cur, BinaryOp::Add, &step)?;
    c.borrow_mut().n = next;
    Ok(cur)
}

fn count_repr(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let c: &ObjCell<Count> = payload(&args.pos()[0], "count")?;
    let (n, step) = {
        let s = c.borrow();
        (s.n.clone(), s.step.clone())
    };
    let n = ops::repr(vm, &n)?;
    Ok(Value::string(match step {
        Value::Int(1) => format!("count({n})"),
        s => format!("count({n}, {})", ops::repr(vm, &s)?),
    }))
}

#[derive(Default)]
struct Repeat {
    obj: Value,
    /// None = forever.
    left: Option<i64>,
}

fn repeat_init(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("repeat", &args, 2, 3)?;
    check_kwargs("repeat", &args, &["object", "times"])?;
    let obj = arg(&args, 1, "object")
        .cloned()
        .ok_or_else(|| Error::type_error("repeat() missing required argument 'object' (pos 1)"))?;
    let left = match arg(&args, 2, "times") {
        Some(t) => Some(index_i64(vm, t)?.max(0)),
        None => None,
    };
    let r: &ObjCell<Repeat> = payload(&args.pos()[0], "repeat")?;
    *r.borrow_mut() = Repeat { obj, left };
    Ok(Value::None)
}

fn repeat_next(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let r: &ObjCell<Repeat> = payload(&args.pos()[0], "repeat")?;
    let mut s = r.borrow_mut();
    match s.left {
        Some(0) => Err(stop()),
        Some(n) => {
            s.left = Some(n - 1);
            Ok(s.obj.clone())
        }
        None => Ok(s.obj.clone()),
    }
}

#[derive(Default)]
struct Islice {
    it: Option<Value>,
    /// Index of the next item to yield; `cnt` items consumed so far.
    next: u64,
    cnt: u64,
    stop: Option<u64>,
    step: u64,
}

fn slice_arg(vm: &mut Vm, v: Option<&Value>, what: &str) -> PyResult<Option<u64>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => match index_i64(vm, v) {
            Ok(i) if i >= 0 => Ok(Some(i as u64)),
            _ => Err(Error::value_error(format!(
                "{what} argument for islice() must be None or an integer: 0 <= x <= sys.maxsize."
            ))),
        },
    }
}

fn islice_init(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    if args.has_kwargs() {
        return Err(Error::type_error("islice() takes no keyword arguments"));
    }
    let a = args.pos();
    if a.len() < 3 || a.len() > 5 {
        return Err(Error::type_error(format!(
            "islice expected at most 4 arguments, got {}",
            a.len() - 1
        )));
    }
    let it = ops::iter(vm, &a[1])?;
    let (start, stop, step) = if a.len() == 3 {
        (None, slice_arg(vm, a.get(2), "Stop")?, None)
    } else {
        let start = slice_arg(vm, a.get(2), "Indices")?;
        let stop = slice_arg(vm, a.get(3), "Stop")?;
        let step = match a.get(4) {
            None | Some(Value::None) => None,
            Some(v) => match index_i64(vm, v) {
                Ok(s) if s > 0 => Some(s as u64),
                _ => {
                    return Err(Error::value_error(
                        "Step for islice() must be a positive integer or None.",
                    ))
                }
            },
        };
        (start, stop, step)
    };
    let s: &ObjCell<Islice> = payload(&a[0], "islice")?;
    *s.borrow_mut() = Islice {
        it: Some(it),
        next: start.unwrap_or(0),
        cnt: 0,
        stop,
        step: step.unwrap_or(1),
    };
    Ok(Value::None)
}

fn islice_next(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s: &ObjCell<Islice> = payload(&args.pos()[0], "islice")?;
    let (it, next, stop_at) = {
        let st = s.borrow();
        match &st.it {
            Some(it) => (it.clone(), st.next, st.stop),
            None => return Err(stop()),
        }
    };
    // Skip up to the next wanted index (never past `stop`).
    loop {
        let cnt = s.borrow().cnt;
        if cnt >= next || stop_at.is_some_and(|st| cnt >= st) {
            break;
        }
        if ops::next(vm, &it)?.is_none() {
            s.borrow_mut().it = None;
            return Err(stop());
        }
        s.borrow_mut().cnt += 1;
    }
    if stop_at.is_some_and(|st| s.borrow().cnt >= st) {
        s.borrow_mut().it = None;
        return Err(stop());
    }
    let Some(item) = ops::next(vm, &it)? else {
        s.borrow_mut().it = None;
        return Err(stop());
    };
    let mut st = s.borrow_mut();
    st.cnt += 1;
    let mut n = st.next.saturating_add(st.step);
    if let Some(stop) = st.stop {
        n = n.min(stop);
    }
    st.next = n;
    Ok(item)
}

/// `chain(*iterables)`: `source` yields the iterables, `active` is the
/// iterator of the current one.
#[derive(Default)]
struct Chain {
    source: Option<Value>,
    active: Option<Value>,
}

fn chain_init(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    if args.has_kwargs() {
        return Err(Error::type_error("chain() takes no keyword arguments"));
    }
    let a = args.pos();
    let source = ops::iter(vm, &Value::tuple(a[1..].to_vec()))?;
    let c: &ObjCell<Chain> = payload(&a[0], "chain")?;
    *c.borrow_mut() = Chain {
        source: Some(source),
        active: None,
    };
    Ok(Value::None)
}

/// `_chain_from(chain_object, iterable)`: makes a fresh chain draw its
/// iterables from `iterable` (`chain.from_iterable`, lazily: the outer
/// iterable is only iterated as the chain is).
fn chain_from(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("_chain_from", &args, 2, 2)?;
    let a = args.pos();
    let source = ops::iter(vm, &a[1])?;
    let c: &ObjCell<Chain> = payload(&a[0], "chain")?;
    c.borrow_mut().source = Some(source);
    Ok(a[0].clone())
}

fn chain_next(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let c: &ObjCell<Chain> = payload(&args.pos()[0], "chain")?;
    loop {
        let (active, source) = {
            let st = c.borrow();
            (st.active.clone(), st.source.clone())
        };
        if let Some(it) = active {
            if let Some(v) = ops::next(vm, &it)? {
                return Ok(v);
            }
            c.borrow_mut().active = None;
        }
        let Some(source) = source else {
            return Err(stop());
        };
        match ops::next(vm, &source)? {
            Some(iterable) => {
                let it = ops::iter(vm, &iterable)?;
                c.borrow_mut().active = Some(it);
            }
            None => {
                let old = c.borrow_mut().source.take();
                drop(old);
                return Err(stop());
            }
        }
    }
}

const COUNT: &[(&str, NativeFnPtr)] = &[
    ("__init__", count_init),
    ("__iter__", iter_self),
    ("__next__", count_next),
    ("__repr__", count_repr),
];
const REPEAT: &[(&str, NativeFnPtr)] = &[
    ("__init__", repeat_init),
    ("__iter__", iter_self),
    ("__next__", repeat_next),
];
const CHAIN: &[(&str, NativeFnPtr)] = &[
    ("__init__", chain_init),
    ("__iter__", iter_self),
    ("__next__", chain_next),
];
const ISLICE: &[(&str, NativeFnPtr)] = &[
    ("__init__", islice_init),
    ("__iter__", iter_self),
    ("__next__", islice_next),
];

/// Adds the native iterator classes to the `itertools` module.
pub fn install(vm: &mut Vm, module: &Value) {
    add_native_classes(
        vm,
        module,
        &[
            ("count", COUNT, cell_payload::<Count>),
            ("repeat", REPEAT, cell_payload::<Repeat>),
            ("islice", ISLICE, cell_payload::<Islice>),
            ("chain", CHAIN, cell_payload::<Chain>),
        ],
    );
    let chain_from = vm.new_native_fn("_chain_from", chain_from);
    vm.module_set(module, "_chain_from", chain_from);
}
