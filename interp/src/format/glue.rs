//! The few calls from numbers-and-text code into the VM and the ops layer,
//! gathered in one place so format/ and the scalar types' methods depend on
//! the rest of the interpreter through one narrow seam.

use crate::error::PyResult;
use crate::value::Value;
use crate::vm::Vm;

/// The Python type name of a value ("int", "MyClass").
#[inline]
pub fn type_name(vm: &mut Vm, v: &Value) -> String {
    vm.type_name(v)
}

/// `repr(v)`.
#[inline]
pub fn repr(vm: &mut Vm, v: &Value) -> PyResult<String> {
    crate::ops::repr(vm, v)
}

/// `str(v)`.
#[inline]
pub fn str_of(vm: &mut Vm, v: &Value) -> PyResult<String> {
    crate::ops::str_of(vm, v)
}

/// A special method defined by a user class on `v`'s type (not bound).
#[inline]
pub fn lookup_special(vm: &mut Vm, v: &Value, name: &str) -> Option<Value> {
    vm.lookup_special(v, name)
}

/// Calls a callable.
#[inline]
pub fn call(vm: &mut Vm, f: &Value, args: &[Value]) -> PyResult<Value> {
    vm.call(f, args)
}

/// `getattr(v, name)`.
#[inline]
pub fn get_attr(vm: &mut Vm, v: &Value, name: &str) -> PyResult<Value> {
    vm.get_attr(v, name)
}

/// `c[k]`.
#[inline]
pub fn getitem(vm: &mut Vm, c: &Value, k: &Value) -> PyResult<Value> {
    crate::ops::getitem(vm, c, k)
}

/// The items of an iterable.
#[inline]
pub fn collect(vm: &mut Vm, it: &Value) -> PyResult<Vec<Value>> {
    crate::ops::collect(vm, it)
}

/// `operator.index(v)` as an i64.
#[inline]
pub fn to_index(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    crate::ops::to_index(vm, v)
}

/// `v.__index__()` as a size (OverflowError beyond 64 bits).
#[inline]
pub fn to_ssize(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    crate::ops::to_ssize(vm, v)
}

/// `bool(v)`.
#[inline]
pub fn truthy(vm: &mut Vm, v: &Value) -> PyResult<bool> {
    crate::ops::truthy(vm, v)
}

/// Looks `key` up in a mapping (for `%(name)s` and `format_map`).
pub fn mapping_get(vm: &mut Vm, mapping: &Value, key: &str) -> PyResult<Value> {
    getitem(vm, mapping, &Value::str(key))
}
