//! The `weakref` module: `ref`, `WeakValueDictionary`, `WeakKeyDictionary`,
//! `WeakSet` (from `_weakrefset`) and `finalize`.
//!
//! Native for the one thing conc source cannot do: hold an object without
//! keeping it alive (and `WeakSet`'s members, `weakset.rs`, for speed). A handle's payload is a [`WeakRef`] (interp's
//! `sync.rs`: the allocation stays until the last weak reference goes, the
//! object itself goes with its last strong reference), and `_deref` gives
//! the object back while it lives. A `ref` with a callback is watched by
//! interp's `vm/weak_callbacks.rs`, which calls it at the dropping thread's
//! next poll point after the object's death; `finalize` is such a callback.
//! Everything else is conc source: the dictionaries drop their dead
//! entries whenever they are used.

use conc_interp::object::{Args, BuiltinKind, NativeFnPtr, Object};
use conc_interp::prelude::*;
use conc_interp::sync::WeakRef;
use conc_interp::value::ObjRef;

use crate::util::{arity, exec_in_module, new_module, payload};

mod weakset;

/// A handle's payload: the weak reference, `None` until `_bind`.
type Handle = conc_interp::sync::ObjCell<Option<WeakRef<Object>>>;

fn new_payload() -> Box<dyn std::any::Any + Send + Sync> {
    Box::new(Handle::new(None))
}

/// Whether CPython lets `v` be weakly referenced: instances, classes,
/// functions, methods, sets, modules and generators; not ints, strs,
/// tuples, lists or dicts.
fn referent(vm: &Vm, v: &Value) -> PyResult<ObjRef> {
    if let Value::Obj(o) = v {
        match &**o {
            Object::Instance(_)
            | Object::Type(_)
            | Object::Function(_)
            | Object::BoundMethod { .. }
            | Object::Set(_)
            | Object::FrozenSet(_)
            | Object::Module(_)
            | Object::Generator(_) => return Ok(o.clone()),
            _ => {}
        }
    }
    Err(Error::type_error(format!(
        "cannot create weak reference to '{}' object",
        vm.type_name(v)
    )))
}

/// `_Handle._bind(self, obj[, watcher])`: makes this handle refer weakly
/// to `obj`; at `obj`'s death `watcher.__callback__(watcher)` is called
/// (the `ref` that has a callback).
fn bind(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("_bind", &args, 2, 3)?;
    let cell: &Handle = payload(&args.pos()[0], "_Handle")?;
    let target = referent(vm, &args.pos()[1])?;
    *cell.borrow_mut() = Some(conc_interp::sync::Ref::downgrade(&target));
    if let Some(Value::Obj(watcher)) = args.pos().get(2) {
        conc_interp::vm::weak_callbacks::watch(vm, &target, watcher);
    }
    Ok(Value::None)
}

/// `_Handle._deref(self)`: the object, or None once it is gone.
fn deref(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("_deref", &args, 1, 1)?;
    let cell: &Handle = payload(&args.pos()[0], "_Handle")?;
    let strong = cell.borrow().as_ref().and_then(|w| w.upgrade());
    Ok(strong.map(Value::Obj).unwrap_or(Value::None))
}

const HANDLE_METHODS: &[(&str, NativeFnPtr)] = &[("_bind", bind), ("_deref", deref)];

/// Creates the `weakref` module.
pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = new_module(vm, "weakref", &[]);
    let object = vm.builtin_type(BuiltinKind::Object);
    let class = vm.new_class("_Handle", &[object], HANDLE_METHODS, Some(new_payload));
    vm.module_set(&m, "_Handle", Value::Obj(class));
    exec_in_module(vm, &m, include_str!("weakref.conc"))?;
    Ok(m)
}

/// Creates the `_weakrefset` module (`WeakSet`, as in CPython): apart from
/// `weakref` so that `abc`, which every ABC imports, loads only this.
pub fn init_weakrefset(vm: &mut Vm) -> PyResult<Value> {
    let m = new_module(vm, "_weakrefset", &[]);
    let object = vm.builtin_type(BuiltinKind::Object);
    let base = vm.new_class(
        "_WeakSetBase",
        &[object],
        weakset::METHODS,
        Some(weakset::new_payload),
    );
    vm.module_set(&m, "_WeakSetBase", Value::Obj(base));
    exec_in_module(vm, &m, weakset::SOURCE)?;
    Ok(m)
}
