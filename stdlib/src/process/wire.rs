//! How values cross between processes: a conc value becomes a [`Wire`]
//! tree, which serde and `postcard` turn into bytes. postcard is a small,
//! well-kept serde format with a stable wire format and varint integers;
//! the tree is the only thing both sides must agree on, and both sides are
//! the same `conc` executable.
//!
//! What crosses, as Python's pickle would take it: None, bools, ints (big
//! ones too), floats, complex, str, bytes, tuple, list, dict, set,
//! frozenset, range, functions and classes by module and qualified name,
//! instances of module-level classes (their `__dict__`), exceptions with
//! their args, objects with a `__reduce__`, and OS handles (the fds of
//! pipes and queues, sent beside the bytes as `SCM_RIGHTS`). What cannot
//! cross raises a `TypeError` naming the object and why: lambdas and
//! nested functions (no importable name), closures, generators, open
//! files, thread locks and other native objects.
//!
//! The main script is `__main__` in the parent and `__mp_main__` in a
//! child; both are written as `__main__`, and every process reads
//! `__main__` as its own main module.

use std::os::fd::OwnedFd;
use std::sync::Arc;

use conc_interp::object::{InstanceObj, Object};
use conc_interp::vm::exceptions::exc_data;
use conc_interp::{Error, ExcKind, PyResult, Value, Vm};
use num_bigint::BigInt;

use super::handle::FdHandle;
use serde::{Deserialize, Serialize};

/// The serialized shape of a value.
#[derive(Serialize, Deserialize, Debug)]
pub enum Wire {
    None,
    Bool(bool),
    Int(i64),
    /// Two's-complement little-endian bytes of an int outside i64.
    BigInt(Vec<u8>),
    Float(f64),
    Complex(f64, f64),
    Str(String),
    Bytes(Vec<u8>),
    Tuple(Vec<Wire>),
    List(Vec<Wire>),
    Dict(Vec<(Wire, Wire)>),
    Set(Vec<Wire>),
    FrozenSet(Vec<Wire>),
    Range(i64, i64, i64),
    Ellipsis,
    /// A name of the builtins module (`len`, `int`, `ValueError`).
    Builtin(String),
    /// A module-level function or class, looked up again on arrival.
    Global {
        module: String,
        qualname: String,
    },
    /// An instance of a module-level class: made without `__init__`, then
    /// given this `__dict__`.
    Object {
        class: Box<Wire>,
        dict: Vec<(String, Wire)>,
    },
    /// An exception: `class(*args)`, then this `__dict__`.
    Exception {
        class: Box<Wire>,
        args: Vec<Wire>,
        dict: Vec<(String, Wire)>,
    },
    /// `__reduce__`'s answer: `func(*args)`, then `state` as `__dict__`
    /// (or passed to `__setstate__`).
    Reduce {
        func: Box<Wire>,
        args: Vec<Wire>,
        state: Option<Box<Wire>>,
    },
    /// The n-th file descriptor sent beside the message.
    Fd(u32),
}

/// Nesting deeper than this is refused (RecursionError), so a hostile
/// structure cannot overflow the native stack on either side.
const MAX_DEPTH: usize = 500;

/// Encodes a value into bytes and the descriptors of the handles in it.
pub struct Encoder<'a> {
    vm: &'a mut Vm,
    /// The descriptors of the handles met, in order (`Wire::Fd(i)` is
    /// `fds[i]`); they travel beside the bytes.
    pub fds: Vec<Arc<OwnedFd>>,
    /// Objects on the current path, to refuse cycles clearly.
    path: Vec<usize>,
}

impl<'a> Encoder<'a> {
    pub fn new(vm: &'a mut Vm) -> Encoder<'a> {
        Encoder {
            vm,
            fds: Vec::new(),
            path: Vec::new(),
        }
    }

    /// The bytes of `v`.
    pub fn encode(&mut self, v: &Value) -> PyResult<Vec<u8>> {
        let wire = self.wire(v)?;
        postcard::to_stdvec(&wire)
            .map_err(|e| Error::new(ExcKind::SystemError, format!("serialization failed: {e}")))
    }

    fn wire(&mut self, v: &Value) -> PyResult<Wire> {
        let o = match v {
            Value::None => return Ok(Wire::None),
            Value::Bool(b) => return Ok(Wire::Bool(*b)),
            Value::Int(i) => return Ok(Wire::Int(*i)),
            Value::Float(f) => return Ok(Wire::Float(*f)),
            Value::Obj(o) => o,
        };
        let addr = &**o as *const Object as usize;
        if self.path.len() >= MAX_DEPTH {
            return Err(Error::new(
                ExcKind::RecursionError,
                "maximum recursion depth exceeded while serializing an object",
            ));
        }
        if self.path.contains(&addr) {
            return Err(Error::value_error(format!(
                "cannot send a recursive structure to another process ({} contains itself)",
                self.vm.type_name(v)
            )));
        }
        self.path.push(addr);
        let r = self.wire_obj(v, o);
        self.path.pop();
        r
    }

    fn wires(&mut self, items: &[Value]) -> PyResult<Vec<Wire>> {
        items.iter().map(|x| self.wire(x)).collect()
    }

    fn dict_items(&mut self, d: &conc_interp::object::Dict) -> PyResult<Vec<(Wire, Wire)>> {
        let pairs: Vec<(Value, Value)> =
            d.iter().map(|e| (e.key.clone(), e.value.clone())).collect();
        pairs
            .iter()
            .map(|(k, v)| Ok((self.wire(k)?, self.wire(v)?)))
            .collect()
    }

    fn attr_dict(&mut self, i: &InstanceObj) -> PyResult<Vec<(String, Wire)>> {
        let pairs: Vec<(Value, Value)> = i
            .dict
            .borrow()
            .iter()
            .map(|e| (e.key.clone(), e.value.clone()))
            .collect();
        let mut out = Vec::with_capacity(pairs.len());
        for (k, v) in pairs {
            let name = k.as_str().unwrap_or_default().to_string();
            out.push((name, self.wire(&v)?));
        }
        Ok(out)
    }

    fn wire_obj(&mut self, v: &Value, o: &conc_interp::ObjRef) -> PyResult<Wire> {
        Ok(match &**o {
            Object::Str(s) => Wire::Str(s.as_str().to_string()),
            Object::Bytes(b) => Wire::Bytes(b.to_vec()),
            Object::BigInt(b) => Wire::BigInt(b.to_signed_bytes_le()),
            Object::Complex { re, im } => Wire::Complex(*re, *im),
            Object::Tuple(items) => Wire::Tuple(self.wires(items)?),
            Object::List(l) => {
                let items = l.borrow().clone();
                Wire::List(self.wires(&items)?)
            }
            Object::Dict(d) => {
                let d = d.borrow().clone();
                Wire::Dict(self.dict_items(&d)?)
            }
            Object::Set(d) => {
                let keys: Vec<Value> = d.borrow().iter().map(|e| e.key.clone()).collect();
                Wire::Set(self.wires(&keys)?)
            }
            Object::FrozenSet(d) => {
                let keys: Vec<Value> = d.iter().map(|e| e.key.clone()).collect();
                Wire::FrozenSet(self.wires(&keys)?)
            }
            Object::Range { start, stop, step } => Wire::Range(*start, *stop, *step),
            Object::Ellipsis => Wire::Ellipsis,
            Object::Function(f) => {
                if !f.closure.is_empty() {
                    return Err(self.cannot(
                        v,
                        "it is a closure (it uses variables of an enclosing function)",
                    ));
                }
                self.global(v)?
            }
            Object::Type(_) | Object::NativeFunction(_) => self.global(v)?,
            Object::Instance(i) => return self.instance(v, i),
            Object::Generator(_) => {
                return Err(self.cannot(v, "a generator's running state cannot be copied"))
            }
            _ => return Err(self.cannot(v, "objects of this type cannot cross")),
        })
    }

    fn instance(&mut self, v: &Value, i: &InstanceObj) -> PyResult<Wire> {
        if let Some(h) = i.native::<FdHandle>() {
            let fd = h.get().ok_or_else(|| {
                Error::value_error("cannot send a closed handle to another process")
            })?;
            self.fds.push(fd);
            return Ok(Wire::Fd(self.fds.len() as u32 - 1));
        }
        if let Some(reduce) = user_reduce(self.vm, v) {
            return self.reduce(v, reduce);
        }
        let class = Value::Obj(i.class.clone());
        if let Some(exc) = exc_data(v) {
            let args = exc.state.borrow().args.clone();
            let args = match args.as_obj().map(|o| &**o) {
                Some(Object::Tuple(t)) => t.to_vec(),
                _ => vec![],
            };
            return Ok(Wire::Exception {
                class: Box::new(self.global(&class)?),
                args: self.wires(&args)?,
                dict: self.attr_dict(i)?,
            });
        }
        if i.native.is_some() {
            return Err(self.cannot(v, "it holds native state that belongs to this process"));
        }
        Ok(Wire::Object {
            class: Box::new(self.global(&class)?),
            dict: self.attr_dict(i)?,
        })
    }

    fn reduce(&mut self, v: &Value, reduce: Value) -> PyResult<Wire> {
        let r = self.vm.call(&reduce, std::slice::from_ref(v))?;
        let parts = match r.as_obj().map(|o| &**o) {
            Some(Object::Tuple(t)) if (2..=3).contains(&t.len()) => t.to_vec(),
            _ => {
                return Err(Error::type_error(format!(
                    "__reduce__ of {} must return a tuple of 2 or 3 items",
                    self.vm.type_name(v)
                )))
            }
        };
        let args = match parts[1].as_obj().map(|o| &**o) {
            Some(Object::Tuple(t)) => t.to_vec(),
            _ => {
                return Err(Error::type_error(
                    "the second item of __reduce__'s answer must be a tuple",
                ))
            }
        };
        let state = match parts.get(2) {
            None | Some(Value::None) => None,
            Some(s) => Some(Box::new(self.wire(s)?)),
        };
        Ok(Wire::Reduce {
            func: Box::new(self.wire(&parts[0])?),
            args: self.wires(&args)?,
            state,
        })
    }

    /// A function, class or builtin by name, checked to be found again
    /// under that name (else the other process would get something else).
    fn global(&mut self, v: &Value) -> PyResult<Wire> {
        let name = self.vm.get_attr_opt(v, "__name__")?;
        let name = name
            .as_ref()
            .and_then(|n| n.as_str())
            .unwrap_or("")
            .to_string();
        if let Some(Object::NativeFunction(_)) | Some(Object::Type(_)) = v.as_obj().map(|o| &**o) {
            if let Some(b) = self.vm.builtin(&name) {
                if same(&b, v) {
                    return Ok(Wire::Builtin(name));
                }
            }
        }
        let module = self.vm.get_attr_opt(v, "__module__")?;
        let module = module.as_ref().and_then(|m| m.as_str()).map(str::to_string);
        let qualname = self.vm.get_attr_opt(v, "__qualname__")?;
        let qualname = qualname
            .as_ref()
            .and_then(|q| q.as_str())
            .map(str::to_string)
            .unwrap_or(name);
        let module = match module {
            Some(m) => m,
            None => match which_module(self.vm, v, &qualname) {
                Some(m) => m,
                None => return Err(self.cannot(v, "no module has it under its name")),
            },
        };
        if qualname.contains("<lambda>") {
            return Err(self.cannot(v, "a lambda has no name to import it by; use a function defined with def at module level"));
        }
        if qualname.contains("<locals>") {
            return Err(self.cannot(
                v,
                "it is defined inside a function; define it at module level",
            ));
        }
        let module = if module == "__mp_main__" {
            "__main__".to_string()
        } else {
            module
        };
        match lookup_global(self.vm, &module, &qualname) {
            Ok(found) if same(&found, v) => Ok(Wire::Global { module, qualname }),
            _ => Err(self.cannot(v, &format!("it is not found as {module}.{qualname}"))),
        }
    }

    fn cannot(&mut self, v: &Value, why: &str) -> Error {
        let what = conc_interp::ops::repr(self.vm, v)
            .unwrap_or_else(|_| format!("a '{}' object", self.vm.type_name(v)));
        Error::type_error(format!("cannot send {what} to another process: {why}"))
    }
}

/// A `__reduce__` defined by a conc class (not inherited from a builtin).
fn user_reduce(vm: &mut Vm, v: &Value) -> Option<Value> {
    let cls = vm.type_of(v);
    let f = conc_interp::vm::attr::lookup_type(&cls, &Value::str("__reduce__"))?;
    matches!(f.as_obj().map(|o| &**o), Some(Object::Function(_))).then_some(f)
}

/// The module of `sys.modules` that has `v` as its attribute `name` (as
/// pickle's `whichmodule`): for native functions, which carry no
/// `__module__`.
fn which_module(vm: &mut Vm, v: &Value, name: &str) -> Option<String> {
    let modules = vm.sys_attr("modules")?;
    let Some(Object::Dict(d)) = modules.as_obj().map(|o| &**o) else {
        return None;
    };
    let entries: Vec<(Value, Value)> = d
        .borrow()
        .iter()
        .map(|e| (e.key.clone(), e.value.clone()))
        .collect();
    entries.into_iter().find_map(|(k, m)| {
        let Some(Object::Module(m)) = m.as_obj().map(|o| &**o) else {
            return None;
        };
        let Object::Dict(ns) = &*m.dict else {
            return None;
        };
        let found = ns.borrow().get_str(name).cloned()?;
        same(&found, v).then(|| k.as_str().unwrap_or_default().to_string())
    })
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Obj(x), Value::Obj(y)) => conc_interp::sync::Ref::ptr_eq(x, y),
        _ => false,
    }
}

/// `module.qualname`, importing the module (`__main__` is this process's
/// main module, whatever its name here).
pub fn lookup_global(vm: &mut Vm, module: &str, qualname: &str) -> PyResult<Value> {
    let mut v = vm.import_module(module)?;
    for part in qualname.split('.') {
        v = vm.get_attr(&v, part)?;
    }
    Ok(v)
}

/// Sets the entries of the dict `state` in the instance `obj`'s namespace
/// (the default of `__reduce__`'s third item).
fn set_instance_dict(obj: &Value, state: &Value) -> PyResult<()> {
    let (Some(Object::Instance(i)), Some(Object::Dict(d))) =
        (obj.as_obj().map(|o| &**o), state.as_obj().map(|o| &**o))
    else {
        return Err(Error::type_error(
            "__reduce__'s state must be a dict (or the object needs __setstate__)",
        ));
    };
    let entries: Vec<(Value, Value)> = d
        .borrow()
        .iter()
        .map(|e| (e.key.clone(), e.value.clone()))
        .collect();
    let mut ns = i.dict.borrow_mut();
    for (k, v) in entries {
        if let Some(k) = k.as_str() {
            ns.set_str(k, v);
        }
    }
    Ok(())
}

/// Rebuilds values from bytes and the fds received with them.
pub struct Decoder<'a> {
    vm: &'a mut Vm,
    fds: Vec<Option<OwnedFd>>,
}

impl<'a> Decoder<'a> {
    pub fn new(vm: &'a mut Vm, fds: Vec<OwnedFd>) -> Decoder<'a> {
        Decoder {
            vm,
            fds: fds.into_iter().map(Some).collect(),
        }
    }

    pub fn decode(&mut self, bytes: &[u8]) -> PyResult<Value> {
        let wire: Wire = postcard::from_bytes(bytes).map_err(|e| {
            Error::new(
                ExcKind::SystemError,
                format!("a message from another process is corrupt: {e}"),
            )
        })?;
        self.value(wire)
    }

    fn values(&mut self, items: Vec<Wire>) -> PyResult<Vec<Value>> {
        items.into_iter().map(|w| self.value(w)).collect()
    }

    fn value(&mut self, w: Wire) -> PyResult<Value> {
        Ok(match w {
            Wire::None => Value::None,
            Wire::Bool(b) => Value::Bool(b),
            Wire::Int(i) => Value::Int(i),
            Wire::BigInt(b) => crate::util::int_value(BigInt::from_signed_bytes_le(&b)),
            Wire::Float(f) => Value::Float(f),
            Wire::Complex(re, im) => Value::new_obj(Object::Complex { re, im }),
            Wire::Str(s) => Value::string(s),
            Wire::Bytes(b) => Value::new_obj(Object::Bytes(b.into_boxed_slice())),
            Wire::Tuple(items) => Value::tuple(self.values(items)?),
            Wire::List(items) => Value::list(self.values(items)?),
            Wire::Dict(pairs) => {
                let d = self.call_builtin("dict", &[])?;
                for (k, v) in pairs {
                    let (k, v) = (self.value(k)?, self.value(v)?);
                    conc_interp::ops::dict_set(self.vm, &d, k, v)?;
                }
                d
            }
            Wire::Set(items) => self.set(items)?,
            Wire::FrozenSet(items) => {
                let s = self.set(items)?;
                self.call_builtin("frozenset", &[s])?
            }
            Wire::Range(a, b, c) => {
                self.call_builtin("range", &[Value::Int(a), Value::Int(b), Value::Int(c)])?
            }
            Wire::Ellipsis => self.vm.builtin("Ellipsis").unwrap_or_default(),
            Wire::Builtin(name) => self.vm.builtin(&name).ok_or_else(|| {
                Error::new(
                    ExcKind::AttributeError,
                    format!("no builtin named '{name}'"),
                )
            })?,
            Wire::Global { module, qualname } => lookup_global(self.vm, &module, &qualname)?,
            Wire::Object { class, dict } => {
                let cls = self.value(*class)?;
                let Some(Value::Obj(cls_ref)) = Some(cls) else {
                    return Err(Error::type_error(
                        "an object's class did not arrive as a class",
                    ));
                };
                if !matches!(&*cls_ref, Object::Type(_)) {
                    return Err(Error::type_error(
                        "an object's class did not arrive as a class",
                    ));
                }
                let obj = self.vm.instantiate_native(&cls_ref);
                self.fill_dict(&obj, dict)?;
                obj
            }
            Wire::Exception { class, args, dict } => {
                let cls = self.value(*class)?;
                let args = self.values(args)?;
                let exc = self.vm.call(&cls, &args)?;
                self.fill_dict(&exc, dict)?;
                exc
            }
            Wire::Reduce { func, args, state } => {
                let f = self.value(*func)?;
                let args = self.values(args)?;
                let obj = self.vm.call(&f, &args)?;
                if let Some(state) = state {
                    let state = self.value(*state)?;
                    match self.vm.get_attr_opt(&obj, "__setstate__")? {
                        Some(setstate) => {
                            self.vm.call(&setstate, &[state])?;
                        }
                        None => set_instance_dict(&obj, &state)?,
                    }
                }
                obj
            }
            Wire::Fd(i) => {
                let fd = self
                    .fds
                    .get_mut(i as usize)
                    .and_then(Option::take)
                    .ok_or_else(|| {
                        Error::new(
                            ExcKind::SystemError,
                            "a handle did not arrive with its message",
                        )
                    })?;
                super::handle::new_handle(self.vm, fd)?
            }
        })
    }

    fn set(&mut self, items: Vec<Wire>) -> PyResult<Value> {
        let s = self.call_builtin("set", &[])?;
        for w in items {
            let k = self.value(w)?;
            conc_interp::ops::set_add(self.vm, &s, k)?;
        }
        Ok(s)
    }

    fn fill_dict(&mut self, obj: &Value, dict: Vec<(String, Wire)>) -> PyResult<()> {
        for (k, w) in dict {
            let v = self.value(w)?;
            if let Some(Object::Instance(i)) = obj.as_obj().map(|o| &**o) {
                i.dict.borrow_mut().set_str(&k, v);
            }
        }
        Ok(())
    }

    fn call_builtin(&mut self, name: &str, args: &[Value]) -> PyResult<Value> {
        let f = self
            .vm
            .builtin(name)
            .ok_or_else(|| Error::new(ExcKind::SystemError, format!("builtin {name} missing")))?;
        self.vm.call(&f, args)
    }
}
