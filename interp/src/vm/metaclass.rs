//! Metaclasses: classes whose instances are classes.
//!
//! A class made with a metaclass other than `type` records it in
//! `TypeObj::metaclass`, and from then on the metaclass is its type:
//! `type(C)` and `C.__class__` answer it, `isinstance(C, M)` holds, the
//! protocols find `C`'s special methods on it (`len(C)`, `iter(C)`,
//! `C[k]`, `x in C`, `C == D`, `repr(C)`, `C | D`: `Vm::type_ref` and
//! `ops::has_user_dunders` see the field), `C(...)` goes through its
//! `__call__`, and attributes `C` lacks come from it (`C.__members__`).
//! `isinstance(x, C)` and `issubclass(D, C)` ask the metaclass's
//! `__instancecheck__` / `__subclasscheck__` (how `abc` answers for
//! registered classes), and a metaclass's `__getattribute__`,
//! `__getattr__`, `__setattr__`, `__delattr__` and `__dir__` serve the
//! class's attributes; its data descriptors (a property) come before the
//! class's own attributes, its other attributes after them (`vm/attr.rs`,
//! `type_getattribute`).
//! Classes whose metaclass is `type` keep `None` there, so the builtin
//! paths pay one pointer test for all of this.

use crate::error::{Error, PyResult};
use crate::object::{Args, BuiltinKind, Object};
use crate::sync::Ref;
use crate::value::{ObjRef, Value};

use super::special::Special;
use super::Vm;

/// The type of a class object: its metaclass, or `type`.
fn type_of_class(vm: &Vm, cls: &ObjRef) -> ObjRef {
    match &**cls {
        Object::Type(t) => t
            .metaclass
            .clone()
            .unwrap_or_else(|| vm.builtin_type(BuiltinKind::Type)),
        _ => vm.builtin_type(BuiltinKind::Type),
    }
}

/// The metaclass a new class with these bases gets when `requested` is
/// asked for: the most derived of `requested` and the bases' metaclasses
/// (CPython's `_PyType_CalculateMetaclass`), `None` when that is `type`.
pub(crate) fn winner(
    vm: &mut Vm,
    requested: &ObjRef,
    bases: &[ObjRef],
) -> PyResult<Option<ObjRef>> {
    let mut win = requested.clone();
    for b in bases {
        let bt = type_of_class(vm, b);
        if vm.is_subclass(&win, &bt) {
            continue;
        }
        if vm.is_subclass(&bt, &win) {
            win = bt;
            continue;
        }
        return Err(Error::type_error(
            "metaclass conflict: the metaclass of a derived class must be a (non-strict) \
             subclass of the metaclasses of all its bases",
        ));
    }
    let ty = vm.builtin_type(BuiltinKind::Type);
    Ok((!Ref::ptr_eq(&win, &ty)).then_some(win))
}

/// The metaclass a class statement calls: the `metaclass=` keyword (or
/// `type`) refined by the bases' metaclasses. A keyword that is not a
/// class (a plain function) is called as it is.
pub(crate) fn for_class_statement(
    vm: &mut Vm,
    explicit: Option<Value>,
    bases: &[ObjRef],
) -> PyResult<Option<Value>> {
    let requested = match &explicit {
        Some(Value::Obj(o)) if matches!(&**o, Object::Type(_)) => o.clone(),
        Some(other) => return Ok(Some(other.clone())),
        None => vm.builtin_type(BuiltinKind::Type),
    };
    Ok(winner(vm, &requested, bases)?.map(Value::Obj))
}

/// The namespace a class body runs in: the metaclass's `__prepare__(name,
/// bases, **kw)` when it defines one, else a new dict. The body's frame
/// needs a dict, so a `__prepare__` returning another mapping is a
/// `TypeError`.
pub(crate) fn prepare(
    vm: &mut Vm,
    metaclass: &Value,
    name: &str,
    bases: Value,
    kw: &[(String, Value)],
) -> PyResult<Value> {
    let empty = || Value::new_obj(Object::Dict(crate::sync::ObjCell::new(Default::default())));
    let Some(m) = metaclass
        .as_obj()
        .filter(|o| matches!(&***o, Object::Type(_)))
    else {
        return Ok(empty());
    };
    let Some((f, false)) = super::attr::lookup_type_owner(m, &Value::str("__prepare__")) else {
        return Ok(empty());
    };
    let f = match f.as_obj().map(|o| &**o) {
        Some(Object::ClassMethod(inner)) => Value::new_obj(Object::BoundMethod {
            func: inner.clone(),
            this: metaclass.clone(),
        }),
        Some(Object::StaticMethod(inner)) => inner.clone(),
        _ => f,
    };
    let mut args = vec![Value::str(name), bases];
    let mut names = Vec::with_capacity(kw.len());
    for (k, v) in kw {
        args.push(v.clone());
        names.push(Value::str(k));
    }
    let ns = vm.call_kw(&f, &args, &names)?;
    if !matches!(ns.as_obj().map(|o| &**o), Some(Object::Dict(_))) {
        return Err(Error::type_error(format!(
            "{}.__prepare__() must return a dict (conc runs class bodies in dicts only), not {}",
            super::class::type_name_of(m),
            vm.type_name(&ns)
        )));
    }
    Ok(ns)
}

impl Vm {
    /// `C(...)` for a class with a metaclass: the metaclass's `__call__`
    /// when it defines one, else the usual `__new__` and `__init__`.
    pub(crate) fn call_class_with_metaclass(
        &mut self,
        cls: &ObjRef,
        args: &[Value],
        kwnames: &[Value],
    ) -> PyResult<Value> {
        let this = Value::Obj(cls.clone());
        match self.special(&this, super::special::Special::Call) {
            Some(f) if !f.is_none() => {
                let mut v = Vec::with_capacity(args.len() + 1);
                v.push(this);
                v.extend_from_slice(args);
                self.call_kw(&f, &v, kwnames)
            }
            _ => self.call_type(cls, args, kwnames),
        }
    }

    /// An attribute of the class `cls` found on its metaclass (`name` is
    /// in neither the class nor its bases): functions bind to the class,
    /// descriptors (`property`) get the class as their instance.
    pub(crate) fn metaclass_attr(&mut self, cls: &ObjRef, name: &Value) -> Option<PyResult<Value>> {
        let Object::Type(t) = &**cls else { return None };
        let meta = t.metaclass.as_ref()?;
        let (v, builtin) = super::attr::lookup_type_owner(meta, name)?;
        if builtin {
            // `type`'s own methods: the caller binds them as before.
            return None;
        }
        Some(self.bind_descriptor(v, &Value::Obj(cls.clone()), meta))
    }
}

impl Vm {
    /// `isinstance(v, cls)` with `cls` a class or a (nested) tuple of them.
    /// A class whose metaclass defines `__instancecheck__` answers for
    /// itself, except that an exact type match is true without asking
    /// (CPython's short cut).
    pub(crate) fn isinstance_of(&mut self, v: &Value, cls: &Value) -> PyResult<bool> {
        match cls.as_obj().map(|o| (o, &**o)) {
            Some((c, Object::Type(t))) => {
                if t.metaclass.is_none() || Ref::ptr_eq(self.type_ref(v), c) {
                    return Ok(self.isinstance(v, c));
                }
                match self.class_check_hook(cls, Special::InstanceCheck, v)? {
                    Some(r) => Ok(r),
                    None => Ok(self.isinstance(v, c)),
                }
            }
            Some((_, Object::Tuple(t))) => {
                for c in t.iter() {
                    if self.isinstance_of(v, c)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            // Any object whose type has `__instancecheck__` may stand
            // for a class (a union `int | str`).
            _ => match self.class_check_hook(cls, Special::InstanceCheck, v)? {
                Some(r) => Ok(r),
                None => Err(Error::type_error(
                    "isinstance() arg 2 must be a type, a tuple of types, or a union",
                )),
            },
        }
    }

    /// `issubclass(sub, cls)`, as `isinstance_of` with the metaclass's
    /// `__subclasscheck__` (which may accept a `sub` that is no class).
    pub(crate) fn issubclass_of(&mut self, sub: &Value, cls: &Value) -> PyResult<bool> {
        match cls.as_obj().map(|o| (o, &**o)) {
            Some((c, Object::Type(t))) => {
                if t.metaclass.is_some() {
                    if let Some(r) = self.class_check_hook(cls, Special::SubclassCheck, sub)? {
                        return Ok(r);
                    }
                }
                let Some(s) = sub.as_obj().filter(|o| matches!(&***o, Object::Type(_))) else {
                    return Err(Error::type_error("issubclass() arg 1 must be a class"));
                };
                Ok(self.is_subclass(s, c))
            }
            Some((_, Object::Tuple(t))) => {
                for c in t.iter() {
                    if self.issubclass_of(sub, c)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => match self.class_check_hook(cls, Special::SubclassCheck, sub)? {
                Some(r) => Ok(r),
                None => Err(Error::type_error(
                    "issubclass() arg 2 must be a class, a tuple of classes, or a union",
                )),
            },
        }
    }

    /// What the hook `hook` (`__instancecheck__` or `__subclasscheck__`)
    /// of `cls`'s type says about `x`, as a bool; `None` when the type has
    /// no such hook (or sets it to None).
    fn class_check_hook(
        &mut self,
        cls: &Value,
        hook: Special,
        x: &Value,
    ) -> PyResult<Option<bool>> {
        match self.special(cls, hook) {
            Some(f) if !f.is_none() => {
                let r = self.call(&f, &[cls.clone(), x.clone()])?;
                super::ops::truthy(self, &r).map(Some)
            }
            _ => Ok(None),
        }
    }
}

/// `type.__instancecheck__(cls, obj)`: the check without hooks, for a
/// metaclass's own `__instancecheck__` to reach through `super()`.
pub(crate) fn type_instancecheck(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    super::check_args("__instancecheck__", &args, 2, 2)?;
    let cls = class_arg(vm, &args.args[0], "__instancecheck__")?;
    Ok(Value::Bool(vm.isinstance(&args.args[1], &cls)))
}

/// `type.__subclasscheck__(cls, sub)`: as `type_instancecheck`.
pub(crate) fn type_subclasscheck(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    super::check_args("__subclasscheck__", &args, 2, 2)?;
    let cls = class_arg(vm, &args.args[0], "__subclasscheck__")?;
    let Some(sub) = args.args[1]
        .as_obj()
        .filter(|o| matches!(&***o, Object::Type(_)))
    else {
        return Err(Error::type_error("issubclass() arg 1 must be a class"));
    };
    Ok(Value::Bool(vm.is_subclass(sub, &cls)))
}

/// `type.__getattribute__(cls, name)`: the class's attribute without the
/// metaclass's `__getattribute__` and `__getattr__`, for a metaclass's
/// own `__getattribute__` to fall back on through `super()`.
pub(crate) fn type_getattribute(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    super::check_args("__getattribute__", &args, 2, 2)?;
    let cls = class_arg(vm, &args.args[0], "__getattribute__")?;
    let name = attr_name(vm, &args.args[1])?;
    vm.type_getattribute(&cls, &name)
}

/// An attribute name argument: a str (CPython's message otherwise).
pub(crate) fn attr_name(vm: &Vm, v: &Value) -> PyResult<Value> {
    if v.as_str().is_none() {
        return Err(Error::type_error(format!(
            "attribute name must be string, not '{}'",
            vm.type_name(v)
        )));
    }
    Ok(v.clone())
}

fn class_arg(vm: &Vm, v: &Value, what: &str) -> PyResult<ObjRef> {
    match v.as_obj() {
        Some(o) if matches!(&**o, Object::Type(_)) => Ok(o.clone()),
        _ => Err(Error::type_error(format!(
            "descriptor '{what}' requires a 'type' object but received a '{}'",
            vm.type_name(v)
        ))),
    }
}

/// `type.__call__(cls, *args, **kw)`: what calling a class does, for a
/// metaclass's `__call__` to reach through `super().__call__(...)`.
pub(crate) fn type_call(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let Some(cls) = args
        .args
        .first()
        .and_then(|c| c.as_obj())
        .filter(|o| matches!(&***o, Object::Type(_)))
        .cloned()
    else {
        return Err(Error::type_error(
            "descriptor '__call__' requires a 'type' object",
        ));
    };
    vm.call_type(&cls, &args.args[1..], args.kwnames)
}
