//! The checks CPython makes of the class argument of a builtin type's
//! `__new__` called directly (`tuple.__new__(cls)`, `object.__new__(cls)`):
//! a value made by the wrong constructor would lack the fields its class's
//! methods expect, so such a call is a TypeError rather than a value.

use super::Vm;
use crate::error::{Error, PyResult};
use crate::object::Object;
use crate::value::ObjRef;
use crate::value::Value;

impl Vm {
    /// Checks `owner.__new__(cls)`, where `owner` names the builtin type
    /// whose native `__new__` is called. `cls` must derive from `owner`,
    /// and the first class along its MRO whose `__new__` is not a conc
    /// function (what CPython calls the static base) must inherit that
    /// very `__new__`: `int.__new__(bool)` would make an int that claims
    /// to be a bool.
    pub(crate) fn check_new_target(&mut self, owner: &str, cls: &ObjRef) -> PyResult<()> {
        let Object::Type(t) = &**cls else {
            return Ok(());
        };
        let new_name = self.state.names.new.clone();
        let mut static_base = None;
        for c in std::iter::once(cls).chain(t.mro.iter()) {
            let Some(new) = self.lookup_type_c(c, &new_name) else {
                continue;
            };
            let new = match new.as_obj().map(|o| &**o) {
                Some(Object::StaticMethod(f)) => f.clone(),
                _ => new,
            };
            // A class's own `__new__` written in conc ends up calling one
            // of its bases' (CPython's `slot_tp_new`): look past it.
            if let Some(Object::NativeFunction(nf)) = new.as_obj().map(|o| &**o) {
                if nf.owner.as_deref() == Some(owner) {
                    // Found along the MRO, so `cls` derives from `owner`.
                    return Ok(());
                }
                static_base = Some(c.clone());
                break;
            }
        }
        let name = &t.name;
        let derives = std::iter::once(cls)
            .chain(t.mro.iter())
            .any(|c| matches!(&**c, Object::Type(ct) if ct.builtin.is_some() && ct.name == owner));
        if !derives {
            return Err(Error::type_error(format!(
                "{owner}.__new__({name}): {name} is not a subtype of {owner}"
            )));
        }
        match static_base {
            Some(base) => {
                let base = super::class::type_name_of(&base);
                Err(Error::type_error(format!(
                    "{owner}.__new__({name}) is not safe, use {base}.__new__()"
                )))
            }
            None => Ok(()),
        }
    }

    /// The class argument of `owner.__new__(...)`, or CPython's TypeError
    /// when it is missing or not a type.
    pub(crate) fn new_class_arg(&self, owner: &str, v: Option<&Value>) -> PyResult<ObjRef> {
        match v {
            Some(Value::Obj(o)) if matches!(&**o, Object::Type(_)) => Ok(o.clone()),
            v => Err(self.bad_new_class(owner, v)),
        }
    }

    /// CPython's TypeError for `owner.__new__(v)` where `v`, the class
    /// argument, is missing or not a type (`tuple.__new__(1)`).
    #[cold]
    pub(crate) fn bad_new_class(&self, owner: &str, v: Option<&Value>) -> Error {
        match v {
            Some(v) => Error::type_error(format!(
                "{owner}.__new__(X): X is not a type object ({})",
                self.type_name(v)
            )),
            None => Error::type_error(format!("{owner}.__new__(): not enough arguments")),
        }
    }
}
