//! The value protocols: what the eval loop calls for everything that is not
//! its own Int/Float fast path. Each function tries the native cases first
//! (numbers via `object::number`, then str/bytes/containers), then the
//! dunder methods of user classes, with Python's reflection rules and
//! CPython's error messages.
//!
//! Rule kept everywhere here: never hold an `ObjCell` borrow while calling
//! back into script code (eq, hash, repr, key functions): clone what is
//! needed out of the object first.

mod arith;
mod compare;
pub(crate) mod dictops;
mod hash;
mod iter;
mod operator;
mod repr;
mod seq;

pub use arith::{binary_op, check_alloc, inplace_op, unary_op};
pub use compare::{compare, eq, lt, native_eq};
pub use dictops::{dict_del, dict_get, dict_set, set_add, set_contains, set_discard};
pub use hash::hash;
pub use iter::{char_value, collect, iter, next};
pub use operator::{BinaryOp, CompareOp, UnaryOp};
pub use repr::{ascii, format, repr, str_of};
pub(crate) use seq::base_getitem;
pub use seq::{
    contains, delitem, getitem, len, setitem, str_slice, to_clamped_index, to_index, to_index_big,
    to_ssize, truthy,
};

pub(crate) use crate::object::number;

use crate::error::{Error, PyResult};
use crate::object::Object;
use crate::value::Value;
use crate::vm::Vm;

/// True for the `NotImplemented` singleton (compared by kind: there is one
/// per interpreter, but any object of that kind means the same).
#[inline]
pub fn is_not_implemented(v: &Value) -> bool {
    matches!(v, Value::Obj(o) if matches!(**o, Object::NotImplemented))
}

/// True for the values whose type may define dunders in script code:
/// instances of classes, and classes whose metaclass is not `type`
/// (`vm::metaclass`).
#[inline]
pub(crate) fn has_user_dunders(v: &Value) -> bool {
    match v {
        Value::Obj(o) => match &**o {
            Object::Instance(_) => true,
            Object::Type(t) => t.metaclass.is_some(),
            _ => false,
        },
        _ => false,
    }
}

/// `a` and `b` with the instances of builtin types' subclasses among them
/// replaced by their builtin values, when there is one: the comparison of
/// the builtin type once the subclass's own methods declined.
pub(crate) fn unwrap_bases<'a>(a: &'a Value, b: &'a Value) -> Option<(&'a Value, &'a Value)> {
    let (x, y) = (crate::object::base_value(a), crate::object::base_value(b));
    if x.is_none() && y.is_none() {
        return None;
    }
    Some((x.unwrap_or(a), y.unwrap_or(b)))
}

/// Calls the user dunder `name` of `v` (looked up on its type) with `v` as
/// self; `Ok(None)` if the type has no such method.
pub(crate) fn call_special(
    vm: &mut Vm,
    v: &Value,
    name: &str,
    args: &[Value],
) -> PyResult<Option<Value>> {
    if !has_user_dunders(v) {
        return Ok(None);
    }
    let Some(f) = vm.lookup_special(v, name) else {
        return Ok(None);
    };
    if f.is_none() {
        return Ok(None);
    }
    call_with_self(vm, &f, v, args).map(Some)
}

/// `f(v, *args)`; one or two arguments in all (the dunders' usual count)
/// go on the stack instead of a fresh vector.
fn call_with_self(vm: &mut Vm, f: &Value, v: &Value, args: &[Value]) -> PyResult<Value> {
    match args {
        [] => vm.call(f, std::slice::from_ref(v)),
        [a] => vm.call(f, &[v.clone(), a.clone()]),
        _ => {
            let mut all = Vec::with_capacity(args.len() + 1);
            all.push(v.clone());
            all.extend_from_slice(args);
            vm.call(f, &all)
        }
    }
}

/// The attribute `name` found on the class of the instance `v` or its
/// bases, builtin ones included but stopping before `object` (whose
/// defaults call back into `ops`). For exceptions' `__repr__`/`__str__`,
/// which `vm.lookup_special` leaves to builtin behaviour.
pub(crate) fn lookup_inherited(vm: &mut Vm, v: &Value, name: &str) -> Option<Value> {
    let Value::Obj(o) = v else { return None };
    let Object::Instance(inst) = &**o else {
        return None;
    };
    let object_t = vm.builtin_type(crate::object::BuiltinKind::Object);
    let Object::Type(t) = &*inst.class else {
        return None;
    };
    for ty in std::iter::once(&inst.class).chain(t.mro.iter()) {
        if crate::sync::Ref::ptr_eq(ty, &object_t) {
            return None;
        }
        if let Object::Type(tt) = &**ty {
            if let Some(f) = tt.dict.borrow().get_str(name) {
                return Some(f.clone());
            }
        }
    }
    None
}

/// A KeyError carrying the key itself (so `str(e)` is the key's repr).
pub fn key_error(vm: &mut Vm, key: &Value) -> Error {
    let cls = Value::Obj(vm.exc_type(crate::error::ExcKind::KeyError));
    match vm.call(&cls, std::slice::from_ref(key)) {
        Ok(e) => Error::Obj(e),
        Err(e) => e,
    }
}
