//! `functools.KeyWrapper`, what `cmp_to_key(mycmp)` returns, as a native
//! class (CPython's is C too): calling it wraps an object, and two
//! wrapped objects compare by the sign of `mycmp(a, b)`. A sort with it
//! runs one native comparison and one `mycmp` call per step instead of a
//! conc `__lt__` method that calls `mycmp`.

use conc_interp::object::{Args, NativeFnPtr};
use conc_interp::ops;
use conc_interp::ops::CompareOp;
use conc_interp::prelude::*;
use conc_interp::sync::ObjCell;

use crate::util::{add_native_classes, cell_payload, payload, pos_arity};

#[derive(Default)]
struct KeyWrapper {
    cmp: Value,
    /// The wrapped object; `None` for the wrapper `cmp_to_key` returns.
    obj: Option<Value>,
}

fn wrapper(v: &Value) -> PyResult<&ObjCell<KeyWrapper>> {
    payload(v, "KeyWrapper")
}

/// `KeyWrapper(mycmp[, obj])`.
fn key_init(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("KeyWrapper", &args, 2, 3)?;
    let a = args.pos();
    *wrapper(&a[0])?.borrow_mut() = KeyWrapper {
        cmp: a[1].clone(),
        obj: a.get(2).cloned(),
    };
    Ok(Value::None)
}

/// `K(obj)`: a wrapper of `obj` with the same comparison function.
fn key_call(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    if args.has_kwargs() || args.pos().len() != 2 {
        return Err(Error::type_error(format!(
            "K() takes at most 1 argument ({} given)",
            args.args.len().saturating_sub(1)
        )));
    }
    let a = args.pos();
    let cmp = wrapper(&a[0])?.borrow().cmp.clone();
    let class = Value::Obj(vm.type_of(&a[0]));
    vm.call(&class, &[cmp, a[1].clone()])
}

/// The sign test of one comparison: `mycmp(self.obj, other.obj) OP 0`.
fn compare_by(vm: &mut Vm, args: &Args<'_>, op: CompareOp) -> PyResult<Value> {
    pos_arity("comparison", args, 2, 2)?;
    let a = args.pos();
    let (cmp, x) = {
        let s = wrapper(&a[0])?.borrow();
        (s.cmp.clone(), s.obj.clone())
    };
    let y = match wrapper(&a[1]) {
        Ok(o) => o.borrow().obj.clone(),
        Err(_) => None,
    };
    let (Some(x), Some(y)) = (x, y) else {
        return Err(Error::type_error("other argument must be K instance"));
    };
    let r = vm.call(&cmp, &[x, y])?;
    ops::compare(vm, &r, op, &Value::Int(0))
}

fn key_lt(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    compare_by(vm, &args, CompareOp::Lt)
}
fn key_le(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    compare_by(vm, &args, CompareOp::LtE)
}
fn key_gt(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    compare_by(vm, &args, CompareOp::Gt)
}
fn key_ge(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    compare_by(vm, &args, CompareOp::GtE)
}
fn key_eq(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    compare_by(vm, &args, CompareOp::Eq)
}
fn key_ne(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    compare_by(vm, &args, CompareOp::NotEq)
}

/// `k.obj`, the wrapped object (the only attribute a wrapper has).
fn key_getattr(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("__getattr__", &args, 2, 2)?;
    let a = args.pos();
    if a[1].as_str() == Some("obj") {
        if let Some(obj) = wrapper(&a[0])?.borrow().obj.clone() {
            return Ok(obj);
        }
    }
    Err(Error::attribute_error(format!(
        "'functools.KeyWrapper' object has no attribute '{}'",
        a[1].as_str().unwrap_or("?")
    )))
}

const KEY: &[(&str, NativeFnPtr)] = &[
    ("__init__", key_init),
    ("__call__", key_call),
    ("__lt__", key_lt),
    ("__le__", key_le),
    ("__gt__", key_gt),
    ("__ge__", key_ge),
    ("__eq__", key_eq),
    ("__ne__", key_ne),
    ("__getattr__", key_getattr),
];

/// Adds `KeyWrapper` to the `functools` module (unhashable, as CPython's).
pub fn install(vm: &mut Vm, module: &Value) -> PyResult<()> {
    add_native_classes(
        vm,
        module,
        &[("functools.KeyWrapper", KEY, cell_payload::<KeyWrapper>)],
    );
    let class = vm.get_attr(module, "KeyWrapper")?;
    vm.set_attr(&class, "__hash__", Value::None)
}
