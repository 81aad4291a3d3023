//! Parameterized generics: `list[int]`, `dict[str, int]`, `type[int]`.
//!
//! Subscripting a generic class makes a `types.GenericAlias` (PEP 585):
//! the builtin collections' `__class_getitem__` and `type[...]` build one
//! here. The alias itself (its repr, `__origin__`, `__args__`, calling,
//! equality, `|`) is written in conc in the standard library's `types`
//! module, imported on the first subscript; an interpreter without that
//! module (an embedder that left the standard library out, or a host
//! policy refusing the import) gets the class itself, which is what
//! annotations need to evaluate.

use crate::error::{ExcKind, PyResult};
use crate::object::{Args, Object};
use crate::value::Value;

use super::Vm;

/// `cls.__class_getitem__(params)` of the builtin generic types (a
/// classmethod: `args` are the class and the parameters).
pub(crate) fn class_getitem(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    super::check_args("__class_getitem__", &args, 2, 2)?;
    make(vm, &args.args[0], &args.args[1])
}

/// `types.GenericAlias(origin, params)`.
pub(crate) fn make(vm: &mut Vm, origin: &Value, params: &Value) -> PyResult<Value> {
    let types = match vm.import_module("types") {
        Ok(m) => m,
        Err(e) if vm.error_matches(&e, ExcKind::ModuleNotFoundError) => return Ok(origin.clone()),
        Err(e) => return Err(e),
    };
    let alias = vm.get_attr(&types, "GenericAlias")?;
    vm.call(&alias, &[origin.clone(), params.clone()])
}

/// The `__class_getitem__` entry of a builtin generic type's dict.
pub(crate) fn class_getitem_entry(owner: &str) -> Value {
    Value::new_obj(Object::ClassMethod(Value::new_obj(Object::NativeFunction(
        Box::new(crate::object::NativeFunction {
            on_base: false,
            name: "__class_getitem__".into(),
            imp: crate::object::NativeImpl::Fn(class_getitem),
            owner: Some(owner.into()),
            bound: None,
        }),
    ))))
}
