//! Storing and deleting the special attributes of conc functions, with
//! CPython's checks. A function keeps `__doc__`, `__annotations__` and a
//! `__module__` that was assigned in its attribute dict beside the
//! attributes scripts set (one table, no field for attributes most
//! functions never have), so `__dict__` shows that table without them.

use super::Vm;
use crate::error::{Error, PyResult};
use crate::object::{Dict, FunctionObj, Object};
use crate::value::Value;

/// Special attributes kept in a function's attribute table that its
/// `__dict__` does not show (CPython keeps them in fields of their own).
const HIDDEN: &[&str] = &["__doc__", "__annotations__", "__module__"];

/// `f.__dict__`: a copy of the attribute table without the special
/// attributes it keeps.
pub(crate) fn function_dict(f: &FunctionObj) -> Value {
    let mut d = f.attrs.borrow().clone();
    for name in HIDDEN {
        d.remove_str(name);
    }
    Value::new_obj(Object::Dict(crate::sync::ObjCell::new(d)))
}

impl Vm {
    /// `f.name = v` (`v` Some) or `del f.name` (`v` None) for a conc
    /// function `f`.
    pub(crate) fn set_function_attr(
        &mut self,
        f: &FunctionObj,
        obj: &Value,
        name: &Value,
        v: Option<Value>,
    ) -> PyResult<()> {
        let s = name.as_str().unwrap_or("");
        match (s, v) {
            ("__name__" | "__qualname__", v) => {
                let Some(v) = v.filter(|v| v.as_str().is_some()) else {
                    return Err(Error::type_error(format!(
                        "{s} must be set to a string object"
                    )));
                };
                let cell = if s == "__name__" {
                    &f.name
                } else {
                    &f.qualname
                };
                *cell.borrow_mut() = v;
            }
            // None, like deleting, leaves a fresh dict for the next read.
            ("__annotations__", v) => match v.filter(|v| !v.is_none()) {
                Some(v) if is_dict(&v) => {
                    f.attrs.borrow_mut().set_str("__annotations__", v);
                }
                Some(_) => {
                    return Err(Error::type_error(
                        "__annotations__ must be set to a dict object",
                    ))
                }
                None => {
                    f.attrs.borrow_mut().remove_str("__annotations__");
                }
            },
            // Deleting the doc makes it None; deleting `__module__` too.
            ("__doc__", Some(v)) => {
                f.attrs.borrow_mut().set_str("__doc__", v);
            }
            ("__doc__", None) => {
                f.attrs.borrow_mut().remove_str("__doc__");
            }
            ("__module__", v) => {
                f.attrs
                    .borrow_mut()
                    .set_str("__module__", v.unwrap_or_default());
            }
            ("__dict__", Some(v)) => {
                let Some(Object::Dict(d)) = v.as_obj().map(|o| &**o) else {
                    return Err(Error::type_error(format!(
                        "__dict__ must be set to a dictionary, not a '{}'",
                        self.type_name(&v)
                    )));
                };
                let new = d.borrow().clone();
                let mut attrs = f.attrs.borrow_mut();
                let mut table = Dict::new();
                for name in HIDDEN {
                    if let Some(kept) = attrs.get_str(name) {
                        table.set_str(name, kept.clone());
                    }
                }
                for (k, v) in new.items() {
                    if !k.as_str().is_some_and(|k| HIDDEN.contains(&k)) {
                        table.set_by_str_value(k, v);
                    }
                }
                let old = std::mem::replace(&mut *attrs, table);
                drop(attrs);
                drop(old);
            }
            ("__dict__", None) => return Err(Error::type_error("cannot delete __dict__")),
            ("__defaults__", v) => {
                if !v.as_ref().is_some_and(|v| is_tuple(v) || v.is_none()) {
                    return Err(Error::type_error(
                        "__defaults__ must be set to a tuple object",
                    ));
                }
                return Err(unsupported(s));
            }
            ("__kwdefaults__", v) => {
                if !v.as_ref().is_some_and(|v| is_dict(v) || v.is_none()) {
                    return Err(Error::type_error(
                        "__kwdefaults__ must be set to a dict object",
                    ));
                }
                return Err(unsupported(s));
            }
            ("__code__", v) => {
                if !matches!(
                    v.as_ref().and_then(|v| v.as_obj()).map(|o| &**o),
                    Some(Object::Code(_))
                ) {
                    return Err(Error::type_error("__code__ must be set to a code object"));
                }
                return Err(unsupported(s));
            }
            ("__closure__" | "__globals__" | "__builtins__", _) => {
                return Err(Error::attribute_error("readonly attribute"))
            }
            (_, Some(v)) => {
                f.attrs.borrow_mut().set_by_str_value(name.clone(), v);
            }
            (_, None) => {
                let gone = f.attrs.borrow_mut().remove_str(s);
                if gone.is_none() {
                    return Err(self.no_attribute(obj, name));
                }
            }
        }
        Ok(())
    }
}

fn is_dict(v: &Value) -> bool {
    matches!(v.as_obj().map(|o| &**o), Some(Object::Dict(_)))
}

fn is_tuple(v: &Value) -> bool {
    matches!(v.as_obj().map(|o| &**o), Some(Object::Tuple(_)))
}

/// A conc function's defaults and code are fixed when it is made: a
/// well-typed assignment, which CPython performs, is refused rather than
/// ignored.
fn unsupported(name: &str) -> Error {
    Error::attribute_error(format!(
        "conc functions cannot change {name} after they are made"
    ))
}
