//! `repr`, `str`, `ascii` and `format` of any value. Containers guard
//! against recursion (`[[...]]` for a list containing itself) with a
//! per-thread stack of the objects being printed, and clone their items out
//! before calling `repr` on them (item reprs may run script code).

use std::cell::RefCell;
use std::fmt::Write;

use super::{call_special, has_user_dunders};
use crate::error::{Error, PyResult};
use crate::object::Object;
use crate::sync::Ref;
use crate::value::{ObjRef, Value};
use crate::vm::Vm;

thread_local! {
    /// Addresses of the containers whose repr is in progress on this thread.
    static IN_REPR: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` unless `o` is already being printed on this thread (then
/// returns `None`: the caller prints `...`).
fn guarded<T>(o: &ObjRef, f: impl FnOnce() -> PyResult<T>) -> PyResult<Option<T>> {
    let addr = Ref::as_ptr(o) as usize;
    if IN_REPR.with(|s| s.borrow().contains(&addr)) {
        return Ok(None);
    }
    IN_REPR.with(|s| s.borrow_mut().push(addr));
    let r = f();
    IN_REPR.with(|s| {
        let mut s = s.borrow_mut();
        if let Some(pos) = s.iter().rposition(|&a| a == addr) {
            s.remove(pos);
        }
    });
    r.map(Some)
}

use crate::format::{bytes_repr, complex_repr, float_repr, str_repr};

fn addr(o: &ObjRef) -> usize {
    Ref::as_ptr(o) as usize
}

/// Joins the reprs of `items` (cloned out already) with `, `.
fn join_reprs(vm: &mut Vm, out: &mut String, items: &[Value]) -> PyResult<()> {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&repr(vm, item)?);
    }
    Ok(())
}

/// `repr(v)`.
pub fn repr(vm: &mut Vm, v: &Value) -> PyResult<String> {
    let o = match v {
        Value::None => return Ok("None".into()),
        Value::Bool(b) => return Ok(if *b { "True" } else { "False" }.into()),
        Value::Int(i) => return Ok(i.to_string()),
        Value::Float(f) => return Ok(float_repr(*f)),
        Value::Obj(o) => o,
    };
    // Containers nest: count the depth like a call (RecursionError as in
    // CPython), so a deeply nested list can't overflow the Rust stack.
    vm.nested(" while getting the repr of an object", |vm| {
        repr_obj(vm, v, o)
    })
}

fn repr_obj(vm: &mut Vm, v: &Value, o: &ObjRef) -> PyResult<String> {
    Ok(match &**o {
        Object::Str(s) => str_repr(s.as_str()),
        Object::Bytes(b) => bytes_repr(b),
        Object::BigInt(b) => b.to_string(),
        Object::Complex { re, im } => complex_repr(*re, *im),
        Object::Tuple(items) => {
            let r = guarded(o, || {
                let mut s = String::from("(");
                join_reprs(vm, &mut s, items)?;
                if items.len() == 1 {
                    s.push(',');
                }
                s.push(')');
                Ok(s)
            })?;
            r.unwrap_or_else(|| "(...)".into())
        }
        Object::List(cell) => {
            // The items are cloned inside the guard: a list holding itself
            // n times would otherwise be copied n times for nothing.
            let r = guarded(o, || {
                let items = cell.borrow().clone();
                let mut s = String::from("[");
                join_reprs(vm, &mut s, &items)?;
                s.push(']');
                Ok(s)
            })?;
            r.unwrap_or_else(|| "[...]".into())
        }
        Object::Dict(cell) => {
            let r = guarded(o, || {
                let items = cell.borrow().items();
                let mut s = String::from("{");
                for (i, (k, v)) in items.iter().enumerate() {
                    if i > 0 {
                        s.push_str(", ");
                    }
                    s.push_str(&repr(vm, k)?);
                    s.push_str(": ");
                    s.push_str(&repr(vm, v)?);
                }
                s.push('}');
                Ok(s)
            })?;
            r.unwrap_or_else(|| "{...}".into())
        }
        Object::Set(cell) => {
            let keys = crate::object::set::cpython_order(&cell.borrow());
            set_repr(vm, o, &keys, None)?
        }
        Object::FrozenSet(d) => {
            let keys = crate::object::set::cpython_order(d);
            set_repr(vm, o, &keys, Some("frozenset"))?
        }
        Object::Range { .. } | Object::BigRange(_) => crate::object::range::repr_text(o),
        Object::Slice { start, stop, step } => {
            format!(
                "slice({}, {}, {})",
                repr(vm, start)?,
                repr(vm, stop)?,
                repr(vm, step)?
            )
        }
        Object::Function(f) => {
            let q = f.qualname.borrow().clone();
            let name = q
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| f.code.qualname.clone());
            format!("<function {name} at {:#x}>", addr(o))
        }
        Object::BoundMethod { func, this } => {
            let fname = match func {
                Value::Obj(f) => match &**f {
                    Object::Function(f) => f.qualname.borrow().as_str().map(str::to_owned),
                    Object::NativeFunction(n) => Some(n.name.clone()),
                    _ => None,
                },
                _ => None,
            }
            .unwrap_or_else(|| "?".into());
            let this = this.clone();
            format!("<bound method {fname} of {}>", repr(vm, &this)?)
        }
        Object::NativeFunction(n) => match &n.bound {
            Some(b) if !matches!(b, Value::Obj(m) if matches!(**m, Object::Module(_))) => {
                let t = vm.type_name(b);
                let a = match b {
                    Value::Obj(x) => addr(x),
                    _ => 0,
                };
                format!("<built-in method {} of {t} object at {a:#x}>", n.name)
            }
            _ => format!("<built-in function {}>", n.name),
        },
        Object::Type(t) => {
            // A metaclass's `__repr__` (`<enum 'Color'>`).
            if t.metaclass.is_some() {
                if let Some(r) = call_special(vm, v, "__repr__", &[])? {
                    return repr_text(vm, &r);
                }
            }
            if t.module.is_empty() || t.module == "builtins" {
                format!("<class '{}'>", t.qualname)
            } else {
                format!("<class '{}.{}'>", t.module, t.qualname)
            }
        }
        Object::Instance(inst) => {
            // No recursion guard here: a `__repr__` that calls `repr(self)`
            // recurses until RecursionError, as in CPython. A builtin
            // container's repr (also reached from a subclass instance) keeps
            // its own guard and prints `[...]`.
            if let Some(r) = subclass_set_repr(vm, v, inst)? {
                return Ok(r);
            }
            let found = match call_special(vm, v, "__repr__", &[])? {
                Some(r) => Some(r),
                None => match super::lookup_inherited(vm, v, "__repr__") {
                    Some(f) => Some(vm.call(&f, std::slice::from_ref(v))?),
                    None => None,
                },
            };
            if let Some(r) = found {
                return repr_text(vm, &r);
            }
            if let Some(b) = inst.base_value() {
                return repr(vm, b);
            }
            match &*inst.class {
                Object::Type(t) => {
                    if t.module.is_empty() || t.module == "builtins" {
                        format!("<{} object at {:#x}>", t.qualname, addr(o))
                    } else {
                        format!("<{}.{} object at {:#x}>", t.module, t.qualname, addr(o))
                    }
                }
                _ => format!("<object at {:#x}>", addr(o)),
            }
        }
        Object::Module(m) => format!("<module '{}'>", m.name),
        Object::Code(c) => format!(
            "<code object {} at {:#x}, file \"{}\", line {}>",
            c.name,
            addr(o),
            c.filename,
            c.first_line
        ),
        Object::Cell(_) => format!("<cell at {:#x}>", addr(o)),
        Object::Generator(_) => format!("<generator object at {:#x}>", addr(o)),
        Object::Iter(state) => {
            let name = state.borrow().type_name();
            format!("<{name} object at {:#x}>", addr(o))
        }
        Object::Property { .. } => format!("<property object at {:#x}>", addr(o)),
        Object::StaticMethod(f) => format!("<staticmethod({})>", repr(vm, f)?),
        Object::ClassMethod(f) => format!("<classmethod({})>", repr(vm, f)?),
        Object::Super { ty, .. } => {
            let t = repr(vm, &Value::Obj(ty.clone()))?;
            format!("<super: {t}, <object>>")
        }
        Object::NotImplemented => "NotImplemented".into(),
        Object::Ellipsis => "Ellipsis".into(),
    })
}

/// The repr of the set or frozenset `o` with elements `keys`: `{1, 2}`
/// for a plain set (`name` None), else `name({1, 2})`, and `name()` when
/// empty.
fn set_repr(vm: &mut Vm, o: &ObjRef, keys: &[Value], name: Option<&str>) -> PyResult<String> {
    if keys.is_empty() {
        return Ok(format!("{}()", name.unwrap_or("set")));
    }
    let r = guarded(o, || {
        let mut s = String::new();
        if let Some(name) = name {
            s.push_str(name);
            s.push('(');
        }
        s.push('{');
        join_reprs(vm, &mut s, keys)?;
        s.push('}');
        if name.is_some() {
            s.push(')');
        }
        Ok(s)
    })?;
    Ok(r.unwrap_or_else(|| format!("{}(...)", name.unwrap_or("set"))))
}

/// The repr of an instance of a subclass of set or frozenset that keeps
/// the builtin `__repr__`: CPython's names the subclass (`U({1})`), which
/// the builtin method, running on the set itself, cannot.
fn subclass_set_repr(
    vm: &mut Vm,
    v: &Value,
    inst: &crate::object::InstanceObj,
) -> PyResult<Option<String>> {
    let Some(Value::Obj(so)) = inst.base_value() else {
        return Ok(None);
    };
    let keys = match &**so {
        Object::Set(cell) => crate::object::set::cpython_order(&cell.borrow()),
        Object::FrozenSet(d) => crate::object::set::cpython_order(d),
        _ => return Ok(None),
    };
    let builtin = match crate::vm::attr::lookup_type(&inst.class, &Value::str("__repr__")) {
        Some(Value::Obj(f)) => matches!(
            &*f,
            Object::NativeFunction(nf) if matches!(nf.owner.as_deref(), Some("set" | "frozenset"))
        ),
        _ => false,
    };
    if !builtin {
        return Ok(None);
    }
    let name = vm.type_name(v);
    set_repr(vm, so, &keys, Some(&name)).map(Some)
}

/// `str(v)`: the text itself for str, `__str__` for user classes, else repr.
pub fn str_of(vm: &mut Vm, v: &Value) -> PyResult<String> {
    if let Some(s) = v.as_str_obj() {
        return Ok(s.as_str().to_owned());
    }
    if has_user_dunders(v) {
        let mut r = call_special(vm, v, "__str__", &[])?;
        if r.is_none() {
            if let Some(f) = super::lookup_inherited(vm, v, "__str__") {
                r = Some(vm.call(&f, std::slice::from_ref(v))?);
            }
        }
        if let Some(r) = r {
            return match r.as_str() {
                Some(s) => Ok(s.to_owned()),
                None => {
                    let t = vm.type_name(&r);
                    Err(Error::type_error(format!(
                        "__str__ returned non-string (type {t})"
                    )))
                }
            };
        }
        // `str()` of a builtin type's subclass without `__str__` of its
        // own: the value's str when `__repr__` is not overridden either.
        if let Some(b) = crate::object::base_value(v) {
            if call_special(vm, v, "__repr__", &[])?.is_none() {
                // A set's str is its repr, which names the subclass.
                if matches!(
                    b.as_obj().map(|o| &**o),
                    Some(Object::Set(_) | Object::FrozenSet(_))
                ) {
                    return repr(vm, v);
                }
                return str_of(vm, b);
            }
        }
    }
    repr(vm, v)
}

/// `ascii(v)`: repr with non-ASCII characters escaped.
pub fn ascii(vm: &mut Vm, v: &Value) -> PyResult<String> {
    let r = repr(vm, v)?;
    if r.is_ascii() {
        return Ok(r);
    }
    let mut out = String::with_capacity(r.len() + 8);
    for c in r.chars() {
        let n = c as u32;
        if n < 0x80 {
            out.push(c);
        } else if n < 0x100 {
            let _ = write!(out, "\\x{n:02x}");
        } else if n < 0x10000 {
            let _ = write!(out, "\\u{n:04x}");
        } else {
            let _ = write!(out, "\\U{n:08x}");
        }
    }
    Ok(out)
}

/// `format(v, spec)` (the numbers engineer's `format::format_spec` does the
/// mini-language and user `__format__`).
pub fn format(vm: &mut Vm, v: &Value, spec: &str) -> PyResult<String> {
    if spec.is_empty() {
        if let Some(s) = v.as_str_obj() {
            return Ok(s.as_str().to_owned());
        }
    }
    crate::format::format_spec(vm, v, spec)
}

/// The text of what a script's `__repr__` returned: it must be a str.
fn repr_text(vm: &Vm, r: &Value) -> PyResult<String> {
    match r.as_str() {
        Some(s) => Ok(s.to_owned()),
        None => Err(Error::type_error(format!(
            "__repr__ returned non-string (type {})",
            vm.type_name(r)
        ))),
    }
}
