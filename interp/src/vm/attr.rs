//! The attribute protocol: data descriptors on the type, then the instance
//! dict, then non-data descriptors (functions bind, staticmethod,
//! classmethod), then `__getattr__`; stores honour `__setattr__` overrides
//! and property setters.

use std::sync::atomic::AtomicU32;

use crate::bytecode::Code;
use crate::error::{Error, ExcKind, PyResult};
use crate::object::{BuiltinKind, NativeFunction, Object, TypeObj};
use crate::sync::Ref;
use crate::value::{ObjRef, Value};

use super::special::Special;
use super::{cache, Vm};

/// Looks a name (a str value) up along a type's MRO.
#[inline]
pub fn lookup_type(cls: &ObjRef, name: &Value) -> Option<Value> {
    let Object::Type(t) = &**cls else { return None };
    if let Some(v) = t.dict.borrow().get_by_str_value(name) {
        return Some(v.clone());
    }
    for b in &t.mro {
        if let Object::Type(bt) = &**b {
            if let Some(v) = bt.dict.borrow().get_by_str_value(name) {
                return Some(v.clone());
            }
        }
    }
    None
}

/// As `lookup_type`, also telling whether the defining type is builtin.
pub(crate) fn lookup_type_owner(cls: &ObjRef, name: &Value) -> Option<(Value, bool)> {
    let Object::Type(t) = &**cls else { return None };
    let one = |t: &TypeObj| {
        t.dict
            .borrow()
            .get_by_str_value(name)
            .map(|v| (v.clone(), t.builtin.is_some()))
    };
    if let Some(r) = one(t) {
        return Some(r);
    }
    t.mro.iter().find_map(|b| match &**b {
        Object::Type(bt) => one(bt),
        _ => None,
    })
}

fn bind_native(f: &NativeFunction, this: Value) -> Value {
    Value::new_obj(Object::NativeFunction(Box::new(NativeFunction {
        on_base: f.on_base,
        name: f.name.clone(),
        imp: f.imp.clone(),
        owner: f.owner.clone(),
        bound: Some(this),
    })))
}

fn is_data_descriptor(v: &Value) -> bool {
    matches!(v.as_obj().map(|o| &**o), Some(Object::Property { .. }))
}

impl Vm {
    /// `getattr(obj, name)`.
    pub fn get_attr(&mut self, obj: &Value, name: &str) -> PyResult<Value> {
        self.get_attr_v(obj, &Value::str(name))
    }

    /// `getattr(obj, name, None)`-style: `None` on AttributeError.
    pub fn get_attr_opt(&mut self, obj: &Value, name: &str) -> PyResult<Option<Value>> {
        match self.get_attr(obj, name) {
            Ok(v) => Ok(Some(v)),
            Err(e) if self.error_matches(&e, ExcKind::AttributeError) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// `obj.name = v`.
    pub fn set_attr(&mut self, obj: &Value, name: &str, v: Value) -> PyResult<()> {
        self.set_attr_v(obj, &Value::str(name), Some(v))
    }

    /// `del obj.name`.
    pub fn del_attr(&mut self, obj: &Value, name: &str) -> PyResult<()> {
        self.set_attr_v(obj, &Value::str(name), None)
    }

    /// The special method `name` of v's type, unbound, if a class other
    /// than a builtin type defines it (None for builtin behaviour).
    pub fn lookup_special(&mut self, v: &Value, name: &str) -> Option<Value> {
        if let Some(s) = super::special::Special::from_name(name) {
            return self.special(v, s);
        }
        let t = self.type_ref(v);
        if let Object::Type(ty) = &**t {
            if ty.builtin.is_some() {
                return None;
            }
        }
        match lookup_type_owner(t, &Value::str(name)) {
            Some((f, false)) => Some(f),
            _ => None,
        }
    }

    /// Attribute look-up with the name as a str value (cached hash).
    pub fn get_attr_v(&mut self, obj: &Value, name: &Value) -> PyResult<Value> {
        self.get_attr_h(obj, name, None)
    }

    /// `get_attr_v` with a look-up hint for the instance dict (`LoadAttr`).
    #[inline]
    pub(crate) fn get_attr_h(
        &mut self,
        obj: &Value,
        name: &Value,
        hint: Option<&AtomicU32>,
    ) -> PyResult<Value> {
        match obj {
            Value::Obj(o) => match &**o {
                Object::Instance(inst) => {
                    self.instance_getattr(obj, &inst.class, &inst.dict, name, hint)
                }
                Object::Type(_) => self.type_getattr(o, name),
                Object::Module(m) => {
                    if let Object::Dict(d) = &*m.dict {
                        if let Some(v) = d.borrow().get_by_str_value(name) {
                            return Ok(v.clone());
                        }
                    }
                    if name.as_str() == Some("__dict__") {
                        return Ok(Value::Obj(m.dict.clone()));
                    }
                    // PEP 562: a module-level __getattr__ answers the misses
                    // (the stdlib uses it to load parts of a module lazily).
                    let hook = match &*m.dict {
                        Object::Dict(d) => d.borrow().get_str("__getattr__").cloned(),
                        _ => None,
                    };
                    if let Some(hook) = hook {
                        return self.call(&hook, std::slice::from_ref(name));
                    }
                    Err(Error::attribute_error(format!(
                        "module '{}' has no attribute '{}'",
                        m.name,
                        name.as_str().unwrap_or("")
                    )))
                }
                Object::Super { ty, obj: this } => self.super_getattr(ty, this, name),
                _ => self.builtin_getattr(obj, name),
            },
            _ => self.builtin_getattr(obj, name),
        }
    }

    /// Binds a class attribute found for an instance (non-data descriptors).
    pub(crate) fn bind_descriptor(
        &mut self,
        descr: Value,
        this: &Value,
        cls: &ObjRef,
    ) -> PyResult<Value> {
        let Value::Obj(d) = &descr else {
            return Ok(descr);
        };
        Ok(match &**d {
            Object::Function(_) => Value::new_obj(Object::BoundMethod {
                func: descr.clone(),
                this: this.clone(),
            }),
            Object::NativeFunction(f) if f.bound.is_none() && f.name != "__new__" => {
                bind_native(f, this.clone())
            }
            Object::StaticMethod(f) => f.clone(),
            Object::ClassMethod(f) => Value::new_obj(Object::BoundMethod {
                func: f.clone(),
                this: Value::Obj(cls.clone()),
            }),
            Object::Property { fget, .. } => {
                if fget.is_none() {
                    return Err(Error::attribute_error("unreadable attribute"));
                }
                let fget = fget.clone();
                return self.call(&fget, std::slice::from_ref(this));
            }
            Object::Instance(_) => {
                if let Some(get) = self.special(&descr, Special::Get) {
                    return self.call(
                        &get,
                        &[descr.clone(), this.clone(), Value::Obj(cls.clone())],
                    );
                }
                descr
            }
            _ => descr,
        })
    }

    fn instance_getattr(
        &mut self,
        obj: &Value,
        cls: &ObjRef,
        dict: &crate::sync::ObjCell<crate::object::Dict>,
        name: &Value,
        hint: Option<&AtomicU32>,
    ) -> PyResult<Value> {
        // Fast path: nothing on the class that could come before the
        // instance dict (a property or a descriptor instance).
        let plain = super::cache::type_peek(&mut self.caches, &self.state, cls, name, |r| {
            !matches!(
                r.and_then(|(d, _)| d.as_obj()).map(|o| &**o),
                Some(Object::Property { .. }) | Some(Object::Instance(_))
            )
        });
        if plain {
            if let Some(v) = instance_dict_get(dict, name, hint) {
                return Ok(v);
            }
        }
        self.instance_getattr_slow(obj, cls, dict, name, hint)
    }

    /// `instance_getattr` past its fast path: the full protocol.
    #[inline(never)]
    fn instance_getattr_slow(
        &mut self,
        obj: &Value,
        cls: &ObjRef,
        dict: &crate::sync::ObjCell<crate::object::Dict>,
        name: &Value,
        hint: Option<&AtomicU32>,
    ) -> PyResult<Value> {
        let descr = self.lookup_type_c(cls, name);
        if let Some(d) = &descr {
            if is_data_descriptor(d) {
                return self.bind_descriptor(d.clone(), obj, cls);
            }
            if matches!(d.as_obj().map(|o| &**o), Some(Object::Instance(_)))
                && self.special(d, Special::Set).is_some()
            {
                return self.bind_descriptor(d.clone(), obj, cls);
            }
        }
        if let Some(v) = instance_dict_get(dict, name, hint) {
            return Ok(v);
        }
        if let Some(d) = descr {
            return self.bind_descriptor(d, obj, cls);
        }
        match name.as_str() {
            Some("__class__") => return Ok(Value::Obj(cls.clone())),
            Some("__dict__") if !super::slots::is_dictless(cls) => {
                // A snapshot: conc instance dicts are not separate objects
                // (and hold slot values, which `__dict__` does not show).
                let snapshot = super::slots::without_slots(cls, &dict.borrow());
                return Ok(Value::new_obj(Object::Dict(crate::sync::ObjCell::new(
                    snapshot,
                ))));
            }
            _ => {}
        }
        let getattr_name = self.state.names.getattr.clone();
        if let Some(ga) = self.lookup_type_c(cls, &getattr_name) {
            return self.call(&ga, &[obj.clone(), name.clone()]);
        }
        Err(self.no_attribute(obj, name))
    }

    pub(crate) fn no_attribute(&self, obj: &Value, name: &Value) -> Error {
        Error::attribute_error(format!(
            "'{}' object has no attribute '{}'",
            self.type_name(obj),
            name.as_str().unwrap_or("")
        ))
    }

    /// `cls.name`: the class's attributes as `type.__getattribute__`
    /// finds them; a class whose metaclass is not `type` goes through the
    /// metaclass's hooks first.
    #[inline]
    fn type_getattr(&mut self, cls: &ObjRef, name: &Value) -> PyResult<Value> {
        let Object::Type(t) = &**cls else {
            unreachable!("type_getattr on a type")
        };
        match &t.metaclass {
            None => self.type_getattribute_inline(cls, name),
            Some(meta) => {
                let meta = meta.clone();
                self.meta_getattr(cls, &meta, name)
            }
        }
    }

    /// `cls.name` for a class with a metaclass: the metaclass's own
    /// `__getattribute__` when it defines one, else `type`'s; an
    /// AttributeError from either goes to the metaclass's `__getattr__`,
    /// as CPython's `slot_tp_getattr_hook` does.
    #[inline(never)]
    fn meta_getattr(&mut self, cls: &ObjRef, meta: &ObjRef, name: &Value) -> PyResult<Value> {
        let hook = &self.state.names.getattribute;
        let own_hook = cache::type_peek(&mut self.caches, &self.state, meta, hook, |r| {
            matches!(r, Some((_, false)))
        });
        let found = if own_hook {
            let hook = hook.clone();
            self.lookup_type_cached(meta, &hook)
        } else {
            None
        };
        let r = match found {
            Some((f, _)) => self.call(&f, &[Value::Obj(cls.clone()), name.clone()]),
            None => self.type_getattribute(cls, name),
        };
        match r {
            Err(e) if self.error_matches(&e, ExcKind::AttributeError) => {
                let getattr_name = self.state.names.getattr.clone();
                match lookup_type_owner(meta, &getattr_name) {
                    Some((f, false)) => self.call(&f, &[Value::Obj(cls.clone()), name.clone()]),
                    _ => Err(e),
                }
            }
            r => r,
        }
    }

    /// A data descriptor the metaclass (not `type` itself) defines for
    /// `name`: a property, or an object whose class has `__set__` or
    /// `__delete__`. It comes before the class's own attributes.
    fn meta_data_descriptor(&mut self, cls: &ObjRef, name: &Value) -> Option<(Value, ObjRef)> {
        let Object::Type(t) = &**cls else { return None };
        let meta = t.metaclass.as_ref()?;
        // Through the cache without touching counts: on most look-ups the
        // metaclass has nothing of that name.
        let candidate = cache::type_peek(&mut self.caches, &self.state, meta, name, |r| {
            matches!(
                r.map(|(d, builtin)| (d.as_obj().map(|o| &**o), builtin)),
                Some((Some(Object::Property { .. } | Object::Instance(_)), false))
            )
        });
        if !candidate {
            return None;
        }
        let (d, _) = self.lookup_type_cached(meta, name)?;
        let data = match d.as_obj().map(|o| &**o) {
            Some(Object::Property { .. }) => true,
            Some(Object::Instance(_)) => {
                self.special(&d, Special::Set).is_some()
                    || self.lookup_special(&d, "__delete__").is_some()
            }
            _ => false,
        };
        data.then(|| (d, meta.clone()))
    }

    /// `type.__getattribute__(cls, name)`: a data descriptor of the
    /// metaclass, then the class's MRO (descriptors get `None` and the
    /// class), then the metaclass's other attributes (functions bind to
    /// the class), then `type`'s methods. No `__getattr__`.
    pub(crate) fn type_getattribute(&mut self, cls: &ObjRef, name: &Value) -> PyResult<Value> {
        self.type_getattribute_inline(cls, name)
    }

    /// `type_getattribute` for `type_getattr`'s common case, inline there
    /// as the class attribute look-up was before metaclass hooks.
    #[inline(always)]
    fn type_getattribute_inline(&mut self, cls: &ObjRef, name: &Value) -> PyResult<Value> {
        let Object::Type(t) = &**cls else {
            return Err(Error::type_error(
                "descriptor '__getattribute__' requires a 'type' object",
            ));
        };
        if t.metaclass.is_some() {
            if let Some((d, meta)) = self.meta_data_descriptor(cls, name) {
                return self.bind_descriptor(d, &Value::Obj(cls.clone()), &meta);
            }
        }
        if let Some(v) = self.lookup_type_c(cls, name) {
            return Ok(match v.as_obj().map(|o| &**o) {
                Some(Object::ClassMethod(f)) => Value::new_obj(Object::BoundMethod {
                    func: f.clone(),
                    this: Value::Obj(cls.clone()),
                }),
                Some(Object::StaticMethod(f)) => f.clone(),
                Some(Object::Instance(_)) => {
                    if let Some(get) = self.special(&v, Special::Get) {
                        return self.call(&get, &[v.clone(), Value::None, Value::Obj(cls.clone())]);
                    }
                    v
                }
                _ => v,
            });
        }
        let s = name.as_str().unwrap_or("");
        match s {
            "__name__" => return Ok(Value::str(&t.name)),
            "__qualname__" => return Ok(Value::str(&t.qualname)),
            "__module__" => return Ok(Value::str(&t.module)),
            "__doc__" => return Ok(Value::None),
            "__class__" => {
                return Ok(Value::Obj(match &t.metaclass {
                    Some(m) => m.clone(),
                    None => self.builtin_type(BuiltinKind::Type),
                }))
            }
            "__bases__" => {
                return Ok(Value::tuple(
                    t.bases.iter().map(|b| Value::Obj(b.clone())).collect(),
                ))
            }
            "__base__" => {
                return Ok(t
                    .bases
                    .first()
                    .map(|b| Value::Obj(b.clone()))
                    .unwrap_or_default())
            }
            "__mro__" => {
                return Ok(Value::tuple(
                    super::class::full_mro(cls)
                        .into_iter()
                        .map(Value::Obj)
                        .collect(),
                ));
            }
            "__dict__" => {
                return Ok(Value::new_obj(Object::Dict(crate::sync::ObjCell::new(
                    t.dict.borrow().clone(),
                ))));
            }
            _ => {}
        }
        if let Some(r) = self.metaclass_attr(cls, name) {
            return r;
        }
        // Methods of the metatype (`type`), bound to the class.
        let ty = self.builtin_type(BuiltinKind::Type);
        if let Some(v) = lookup_type(&ty, name) {
            if let Some(Object::NativeFunction(f)) = v.as_obj().map(|o| &**o) {
                if f.name != "__new__" {
                    return Ok(bind_native(f, Value::Obj(cls.clone())));
                }
            }
        }
        Err(type_no_attribute(t, name))
    }

    fn super_getattr(&mut self, ty: &ObjRef, this: &Value, name: &Value) -> PyResult<Value> {
        // The MRO to search: type(this)'s, or `this` itself for super(cls, cls).
        let start = match this.as_obj().map(|o| &**o) {
            Some(Object::Type(_)) if self.is_subclass(this.as_obj().expect("type"), ty) => {
                this.as_obj().expect("type").clone()
            }
            _ => self.type_of(this),
        };
        let mro = super::class::full_mro(&start);
        let pos = mro
            .iter()
            .position(|m| Ref::ptr_eq(m, ty))
            .map_or(mro.len(), |p| p + 1);
        for m in &mro[pos..] {
            let Object::Type(t) = &**m else { continue };
            let found = t.dict.borrow().get_by_str_value(name).cloned();
            if let Some(v) = found {
                let is_type = matches!(this.as_obj().map(|o| &**o), Some(Object::Type(_)));
                return match v.as_obj().map(|o| &**o) {
                    Some(Object::Function(_)) if is_type => Ok(v),
                    Some(Object::ClassMethod(f)) => Ok(Value::new_obj(Object::BoundMethod {
                        func: f.clone(),
                        this: Value::Obj(start.clone()),
                    })),
                    _ => self.bind_descriptor(v, this, &start),
                };
            }
        }
        if name.as_str() == Some("__class__") {
            return Ok(Value::Obj(self.builtin_type(BuiltinKind::Super)));
        }
        Err(Error::attribute_error(format!(
            "'super' object has no attribute '{}'",
            name.as_str().unwrap_or("")
        )))
    }

    /// Attributes of values of builtin types: their type's methods bound to
    /// the value, plus a few special attributes.
    fn builtin_getattr(&mut self, obj: &Value, name: &Value) -> PyResult<Value> {
        let s = name.as_str().unwrap_or("");
        if let Value::Obj(o) = obj {
            match &**o {
                Object::Function(f) => match s {
                    "__name__" => return Ok(f.name.borrow().clone()),
                    "__qualname__" => return Ok(f.qualname.borrow().clone()),
                    "__code__" => return Ok(Value::new_obj(Object::Code(f.code.clone()))),
                    "__globals__" => return Ok(Value::Obj(f.globals.clone())),
                    "__defaults__" => {
                        return Ok(if f.defaults.is_empty() {
                            Value::None
                        } else {
                            Value::tuple(f.defaults.to_vec())
                        })
                    }
                    "__dict__" => return Ok(super::func_attrs::function_dict(f)),
                    "__kwdefaults__" => {
                        return Ok(f.kwdefaults.clone().map(Value::Obj).unwrap_or_default())
                    }
                    "__closure__" => {
                        return Ok(if f.closure.is_empty() {
                            Value::None
                        } else {
                            Value::tuple(f.closure.iter().cloned().map(Value::Obj).collect())
                        })
                    }
                    _ => {
                        if let Some(v) = f.attrs.borrow().get_by_str_value(name) {
                            return Ok(v.clone());
                        }
                        match s {
                            "__doc__" => return Ok(Value::None),
                            // Made empty on first use and kept, as CPython's.
                            "__annotations__" => {
                                let d = Value::new_obj(Object::Dict(Default::default()));
                                f.attrs.borrow_mut().set_str("__annotations__", d.clone());
                                return Ok(d);
                            }
                            "__module__" => {
                                if let Object::Dict(d) = &*f.globals {
                                    return Ok(d
                                        .borrow()
                                        .get_str("__name__")
                                        .cloned()
                                        .unwrap_or_default());
                                }
                            }
                            _ => {}
                        }
                    }
                },
                Object::BoundMethod { func, this } => match s {
                    "__self__" => return Ok(this.clone()),
                    "__func__" => return Ok(func.clone()),
                    "__name__" | "__qualname__" | "__doc__" | "__module__" | "__dict__"
                    | "__wrapped__" | "__annotations__" => {
                        let func = func.clone();
                        return self.get_attr_v(&func, name);
                    }
                    _ => {}
                },
                Object::NativeFunction(f) => match s {
                    "__name__" | "__qualname__" => return Ok(Value::str(&f.name)),
                    "__self__" => return Ok(f.bound.clone().unwrap_or_default()),
                    "__doc__" => return Ok(Value::None),
                    _ => {}
                },
                Object::Property {
                    fget,
                    fset,
                    fdel,
                    doc,
                } => match s {
                    "fget" => return Ok(fget.clone()),
                    "fset" => return Ok(fset.clone()),
                    "fdel" => return Ok(fdel.clone()),
                    "__doc__" => return Ok(doc.clone()),
                    _ => {}
                },
                Object::StaticMethod(f) | Object::ClassMethod(f) if s == "__func__" => {
                    return Ok(f.clone())
                }
                Object::Generator(g) => match s {
                    "__name__" => return Ok(Value::str(&g.name)),
                    "__qualname__" => return Ok(Value::str(&g.qualname)),
                    _ => {}
                },
                Object::Code(c) => match s {
                    "co_name" => return Ok(Value::str(&c.name)),
                    "co_filename" => return Ok(Value::str(&c.filename)),
                    "co_argcount" => return Ok(Value::Int(c.argcount as i64)),
                    "co_varnames" => {
                        return Ok(Value::tuple(
                            c.varnames.iter().map(|v| Value::str(v)).collect(),
                        ))
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        let cls = self.type_of(obj);
        if let Some(v) = self.lookup_type_c(&cls, name) {
            return self.bind_descriptor(v, obj, &cls);
        }
        if s == "__class__" {
            return Ok(Value::Obj(cls));
        }
        Err(self.no_attribute(obj, name))
    }

    /// `obj.name = v` (or `del obj.name` when `v` is None), name a str value.
    pub fn set_attr_v(&mut self, obj: &Value, name: &Value, v: Option<Value>) -> PyResult<()> {
        self.set_attr_h(obj, name, v, None)
    }

    /// `set_attr_v` with a look-up hint for the instance dict (`StoreAttr`).
    #[inline]
    pub(crate) fn set_attr_h(
        &mut self,
        obj: &Value,
        name: &Value,
        v: Option<Value>,
        hint: Option<&AtomicU32>,
    ) -> PyResult<()> {
        if let Some(Object::Type(t)) = obj.as_obj().map(|o| &**o) {
            // A class's stores go through its metaclass's hooks.
            if let Some(meta) = &t.metaclass {
                let hook = if v.is_some() {
                    &self.state.names.setattr
                } else {
                    &self.state.names.delattr
                };
                if let Some((f, false)) = lookup_type_owner(meta, &hook.clone()) {
                    let mut args = vec![obj.clone(), name.clone()];
                    args.extend(v);
                    self.call(&f, &args)?;
                    return Ok(());
                }
            }
        } else if let Some(Object::Instance(inst)) = obj.as_obj().map(|o| &**o) {
            let hook = if v.is_some() {
                &self.state.names.setattr
            } else {
                &self.state.names.delattr
            };
            let hooked =
                super::cache::type_peek(&mut self.caches, &self.state, &inst.class, hook, |r| {
                    matches!(r, Some((_, false)))
                });
            if !hooked {
                return self.generic_setattr_h(obj, name, v, hint);
            }
            let hook = hook.clone();
            if let Some((f, false)) = self.lookup_type_cached(&inst.class, &hook) {
                let mut args = vec![obj.clone(), name.clone()];
                args.extend(v);
                self.call(&f, &args)?;
                return Ok(());
            }
        }
        self.generic_setattr_h(obj, name, v, hint)
    }

    /// `object.__setattr__` / `object.__delattr__`.
    pub(crate) fn generic_setattr(
        &mut self,
        obj: &Value,
        name: &Value,
        v: Option<Value>,
    ) -> PyResult<()> {
        self.generic_setattr_h(obj, name, v, None)
    }

    fn generic_setattr_h(
        &mut self,
        obj: &Value,
        name: &Value,
        v: Option<Value>,
        hint: Option<&AtomicU32>,
    ) -> PyResult<()> {
        let Value::Obj(o) = obj else {
            return Err(self.readonly(obj, name));
        };
        let key = || name.as_str().unwrap_or("").to_string();
        match &**o {
            Object::Instance(inst) => {
                // Only a property or an instance (a `__set__` descriptor)
                // on the class takes the store away from the instance dict.
                let special = super::cache::type_peek(
                    &mut self.caches,
                    &self.state,
                    &inst.class,
                    name,
                    |r| {
                        matches!(
                            r.and_then(|(d, _)| d.as_obj()).map(|o| &**o),
                            Some(Object::Property { .. }) | Some(Object::Instance(_))
                        )
                    },
                );
                let descr = if special {
                    self.lookup_type_c(&inst.class, name)
                } else {
                    None
                };
                if let Some(d) = descr {
                    if self.store_through_descriptor(&d, obj, name, &v)? {
                        return Ok(());
                    }
                }
                if v.is_some() && super::slots::is_dictless(&inst.class) {
                    return Err(self.no_attribute(obj, name));
                }
                match v {
                    Some(v) => {
                        let mut d = inst.dict.borrow_mut();
                        let v = match hint {
                            Some(h) => super::cache::dict_set_hinted(&mut d, name, h, v),
                            None => Some(v),
                        };
                        if let Some(v) = v {
                            d.set_by_str_value(name.clone(), v);
                        }
                    }
                    None => {
                        if inst
                            .dict
                            .borrow_mut()
                            .remove_str(name.as_str().unwrap_or(""))
                            .is_none()
                        {
                            return Err(self.no_attribute(obj, name));
                        }
                    }
                }
                Ok(())
            }
            Object::Type(t) => {
                if t.builtin.is_some() {
                    return Err(Error::type_error(format!(
                        "cannot set '{}' attribute of immutable type '{}'",
                        key(),
                        t.name
                    )));
                }
                // A data descriptor of the metaclass takes the store, as
                // it takes the look-up (`type_getattribute`).
                if let Some((d, _)) = self.meta_data_descriptor(o, name) {
                    if self.store_through_descriptor(&d, obj, name, &v)? {
                        return Ok(());
                    }
                }
                match v {
                    Some(v) => {
                        t.dict.borrow_mut().set_by_str_value(name.clone(), v);
                    }
                    None => {
                        if t.dict
                            .borrow_mut()
                            .remove_str(name.as_str().unwrap_or(""))
                            .is_none()
                        {
                            return Err(Error::attribute_error(format!(
                                "type object '{}' has no attribute '{}'",
                                t.name,
                                key()
                            )));
                        }
                    }
                }
                self.state.types_changed();
                Ok(())
            }
            Object::Module(m) => {
                if let Object::Dict(d) = &*m.dict {
                    match v {
                        Some(v) => {
                            d.borrow_mut().set_by_str_value(name.clone(), v);
                        }
                        None => {
                            if d.borrow_mut()
                                .remove_str(name.as_str().unwrap_or(""))
                                .is_none()
                            {
                                return Err(Error::attribute_error(format!(
                                    "module '{}' has no attribute '{}'",
                                    m.name,
                                    key()
                                )));
                            }
                        }
                    }
                }
                Ok(())
            }
            Object::Function(f) => self.set_function_attr(f, obj, name, v),
            _ => Err(self.readonly(obj, name)),
        }
    }

    /// `obj.name = v` (`del obj.name` for `None`) through the descriptor
    /// `d` found on obj's type: a property's setter or deleter, or an
    /// object's `__set__` / `__delete__`. False when `d` takes no stores.
    fn store_through_descriptor(
        &mut self,
        d: &Value,
        obj: &Value,
        name: &Value,
        v: &Option<Value>,
    ) -> PyResult<bool> {
        if let Some(Object::Property { fset, fdel, .. }) = d.as_obj().map(|o| &**o) {
            let f = if v.is_some() { fset } else { fdel };
            if f.is_none() {
                let what = if v.is_some() { "setter" } else { "deleter" };
                return Err(Error::attribute_error(format!(
                    "property '{}' of '{}' object has no {what}",
                    name.as_str().unwrap_or(""),
                    self.type_name(obj)
                )));
            }
            let f = f.clone();
            let mut args = vec![obj.clone()];
            args.extend(v.clone());
            self.call(&f, &args)?;
            return Ok(true);
        }
        if matches!(d.as_obj().map(|o| &**o), Some(Object::Instance(_))) {
            let hook = if v.is_some() { "__set__" } else { "__delete__" };
            if let Some(set) = self.lookup_special(d, hook) {
                let mut args = vec![d.clone(), obj.clone()];
                args.extend(v.clone());
                self.call(&set, &args)?;
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn readonly(&self, obj: &Value, name: &Value) -> Error {
        let cls = self.type_of(obj);
        if lookup_type(&cls, name).is_some() {
            Error::attribute_error(format!(
                "'{}' object attribute '{}' is read-only",
                self.type_name(obj),
                name.as_str().unwrap_or("")
            ))
        } else {
            self.no_attribute(obj, name)
        }
    }

    /// `LoadMethod`: `(function, Some(self))` when `name` is a plain function
    /// (or builtin method) on the type not shadowed by the instance; else
    /// `(getattr(obj, name), None)`.
    #[inline]
    pub(crate) fn load_method(&mut self, obj: &Value, name: &Value) -> PyResult<(Value, bool)> {
        let found = match obj {
            Value::Obj(o) => match &**o {
                Object::Instance(inst) => self.lookup_type_c(&inst.class, name),
                _ => {
                    let cls = self.type_of(obj);
                    self.lookup_type_c(&cls, name)
                }
            },
            _ => {
                let cls = self.type_of(obj);
                self.lookup_type_c(&cls, name)
            }
        };
        if let Some(f) = found {
            if cache::is_plain_method(&f) {
                let shadowed = match obj.as_obj().map(|o| &**o) {
                    Some(Object::Instance(inst)) => {
                        inst.dict.borrow().get_by_str_value(name).is_some()
                    }
                    Some(o) => has_own_namespace(o),
                    _ => false,
                };
                if !shadowed {
                    return Ok((f, true));
                }
            }
        }
        Ok((self.get_attr_v(obj, name)?, false))
    }

    /// `LoadAttr` of `code.names[i]`. The common case inline: an instance
    /// whose class the name's site cache knows (`cache::AttrSite`) to have
    /// no data descriptor for the name, and the attribute in the instance
    /// dict at the hinted entry.
    #[inline(always)]
    pub(crate) fn load_attr_op(&mut self, obj: &Value, code: &Code, i: usize) -> PyResult<Value> {
        if let (Some(Object::Instance(inst)), Some(site), Some(name)) = (
            obj.as_obj().map(|o| &**o),
            code.attr_sites.get(i),
            code.names.get(i),
        ) {
            if let Some(info) = cache::site_info(&self.state, site, &inst.class) {
                if info & cache::SITE_LOAD_PLAIN != 0 {
                    let found = site.dict_get_fast(&inst.dict.borrow(), name).cloned();
                    if let Some(v) = found {
                        return Ok(v);
                    }
                }
            }
        }
        self.load_attr_miss(obj, code, i)
    }

    /// `load_attr_op` past its inline case.
    #[inline(never)]
    fn load_attr_miss(&mut self, obj: &Value, code: &Code, i: usize) -> PyResult<Value> {
        let name = &code.names[i];
        let (Some(Object::Instance(inst)), Some(site)) =
            (obj.as_obj().map(|o| &**o), code.attr_sites.get(i))
        else {
            return self.get_attr_h(obj, name, None);
        };
        let info = self.site_info_or_fill(site, &inst.class, name);
        if info & cache::SITE_LOAD_PLAIN != 0 {
            let found = cache::dict_get_hinted(&inst.dict.borrow(), name, site.slot()).cloned();
            if let Some(v) = found {
                return Ok(v);
            }
            // `obj.method` as a value: bind it here.
            if let Some(f) = self.site_method_miss(site, info, &inst.class, name) {
                if matches!(f.as_obj().map(|o| &**o), Some(Object::Function(_))) {
                    return Ok(Value::new_obj(Object::BoundMethod {
                        func: f,
                        this: obj.clone(),
                    }));
                }
            }
        }
        self.instance_getattr_slow(obj, &inst.class, &inst.dict, name, Some(site.slot()))
    }

    /// `cache::site_method` off the inline paths: when `info` names a
    /// method its hint did not lead to (two threads filled the site at
    /// once), the site is filled again rather than missing from then on.
    fn site_method_miss(
        &mut self,
        site: &cache::AttrSite,
        info: u8,
        cls: &ObjRef,
        name: &Value,
    ) -> Option<Value> {
        if let Some(f) = cache::site_method(site, info, cls, name) {
            return Some(f);
        }
        if !cache::site_names_method(info) {
            return None;
        }
        let info = cache::site_fill(&mut self.caches, &self.state, site, cls, name);
        cache::site_method(site, info, cls, name)
    }

    #[inline(always)]
    fn site_info_or_fill(&mut self, site: &cache::AttrSite, cls: &ObjRef, name: &Value) -> u8 {
        match cache::site_info(&self.state, site, cls) {
            Some(info) => info,
            None => cache::site_fill(&mut self.caches, &self.state, site, cls, name),
        }
    }

    /// `StoreAttr` of `code.names[i]`: instances through the name's site
    /// cache, the rest through `set_attr_h`.
    #[inline(always)]
    pub(crate) fn store_attr_op(
        &mut self,
        obj: &Value,
        code: &Code,
        i: usize,
        v: Value,
    ) -> PyResult<()> {
        if let (Some(Object::Instance(inst)), Some(site), Some(name)) = (
            obj.as_obj().map(|o| &**o),
            code.attr_sites.get(i),
            code.names.get(i),
        ) {
            if let Some(info) = cache::site_info(&self.state, site, &inst.class) {
                if info & cache::SITE_STORE_PLAIN != 0 {
                    let old = site.dict_store(&mut inst.dict.borrow_mut(), name, v);
                    // Dropped with the instance dict released.
                    drop(old);
                    return Ok(());
                }
            }
        }
        self.store_attr_miss(obj, code, i, v)
    }

    /// `store_attr_op` past its inline case.
    #[inline(never)]
    fn store_attr_miss(&mut self, obj: &Value, code: &Code, i: usize, v: Value) -> PyResult<()> {
        let name = &code.names[i];
        let (Some(Object::Instance(inst)), Some(site)) =
            (obj.as_obj().map(|o| &**o), code.attr_sites.get(i))
        else {
            return self.set_attr_h(obj, name, Some(v), None);
        };
        let info = self.site_info_or_fill(site, &inst.class, name);
        if info & cache::SITE_STORE_PLAIN == 0 {
            return self.set_attr_h(obj, name, Some(v), Some(site.slot()));
        }
        let old = site.dict_store(&mut inst.dict.borrow_mut(), name, v);
        drop(old);
        Ok(())
    }

    /// `LoadMethod` of `code.names[i]`: as `load_method`, instances through
    /// the name's site cache.
    #[inline(always)]
    pub(crate) fn load_method_op(
        &mut self,
        obj: &Value,
        code: &Code,
        i: usize,
    ) -> PyResult<(Value, bool)> {
        if let (Some(site), Some(name)) = (code.attr_sites.get(i), code.names.get(i)) {
            match obj.as_obj().map(|o| &**o) {
                Some(Object::Instance(inst)) => {
                    if let Some(info) = cache::site_info(&self.state, site, &inst.class) {
                        if let Some(f) = cache::site_method(site, info, &inst.class, name) {
                            if !cache::dict_has(&inst.dict.borrow(), name) {
                                return Ok((f, true));
                            }
                        }
                    }
                }
                Some(o) if has_own_namespace(o) => {}
                // Builtin objects (`d.get`, `s.split`, `l.append`) have no
                // attributes of their own: the type's method is the answer.
                _ => {
                    let cls = self.type_ref(obj);
                    if let Some(info) = cache::site_info(&self.state, site, cls) {
                        if let Some(f) = cache::site_method(site, info, cls, name) {
                            return Ok((f, true));
                        }
                    }
                }
            }
        }
        self.load_method_miss(obj, code, i)
    }

    /// `load_method_op` past its inline case.
    #[inline(never)]
    fn load_method_miss(&mut self, obj: &Value, code: &Code, i: usize) -> PyResult<(Value, bool)> {
        let name = &code.names[i];
        let Some(site) = code.attr_sites.get(i) else {
            return self.load_method(obj, name);
        };
        match obj.as_obj().map(|o| &**o) {
            Some(Object::Instance(inst)) => {
                let info = self.site_info_or_fill(site, &inst.class, name);
                if let Some(f) = self.site_method_miss(site, info, &inst.class, name) {
                    if !cache::dict_has(&inst.dict.borrow(), name) {
                        return Ok((f, true));
                    }
                }
                // Not a plain method of the class, or shadowed by the
                // instance: `getattr(obj, name)`, which `LoadAttr`'s path does.
                Ok((self.load_attr_miss(obj, code, i)?, false))
            }
            Some(o) if has_own_namespace(o) => self.load_method(obj, name),
            _ => {
                let cls = self.type_of(obj);
                let info = self.site_info_or_fill(site, &cls, name);
                if let Some(f) = self.site_method_miss(site, info, &cls, name) {
                    return Ok((f, true));
                }
                self.load_method(obj, name)
            }
        }
    }

    /// `obj.name(*args)`.
    pub fn call_method(&mut self, obj: &Value, name: &str, args: &[Value]) -> PyResult<Value> {
        let (f, with_self) = self.load_method(obj, &Value::str(name))?;
        if with_self {
            let mut v = Vec::with_capacity(args.len() + 1);
            v.push(obj.clone());
            v.extend_from_slice(args);
            self.call(&f, &v)
        } else {
            self.call(&f, args)
        }
    }
}

/// The AttributeError of a class attribute found nowhere; out of line so
/// the found paths of `type_getattribute` stay small.
#[inline(never)]
fn type_no_attribute(t: &TypeObj, name: &Value) -> Error {
    Error::attribute_error(format!(
        "type object '{}' has no attribute '{}'",
        t.name,
        name.as_str().unwrap_or("")
    ))
}

/// Objects whose attributes are not just their type's: instances (their
/// dict), classes, modules and `super()` proxies (see `load_method`).
#[inline(always)]
fn has_own_namespace(o: &Object) -> bool {
    matches!(
        o,
        Object::Instance(_) | Object::Type(_) | Object::Module(_) | Object::Super { .. }
    )
}

/// `name` in an instance dict, through the site's position hint if any.
#[inline(always)]
fn instance_dict_get(
    dict: &crate::sync::ObjCell<crate::object::Dict>,
    name: &Value,
    hint: Option<&AtomicU32>,
) -> Option<Value> {
    let d = dict.borrow();
    match hint {
        Some(h) => super::cache::dict_get_hinted(&d, name, h).cloned(),
        None => d.get_by_str_value(name).cloned(),
    }
}
