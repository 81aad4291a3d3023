//! How values cross between processes: a conc value becomes a flat
//! program of [`Node`]s in postfix order (the parts of a container before
//! the node that builds it), which serde and `postcard` turn into bytes.
//! postcard is a small, well-kept serde format with a stable wire format
//! and varint integers. The program is flat so that decoding bytes — which
//! any script can forge with `send_bytes` — is a loop over a value stack,
//! never a recursion that a deeply nested forgery could overflow; nesting
//! on the way out is bounded by [`MAX_DEPTH`].
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
use conc_interp::prelude::*;
use conc_interp::vm::exceptions::exc_data;
use num_bigint::BigInt;
use serde::{Deserialize, Serialize};

use super::handle::FdHandle;

/// One step of the program that rebuilds a value. Container nodes take
/// their parts from the values built before them.
#[derive(Serialize, Deserialize, Debug)]
pub enum Node {
    None,
    Bool(bool),
    Int(i64),
    /// Two's-complement little-endian bytes of an int outside i64.
    BigInt(Vec<u8>),
    Float(f64),
    Complex(f64, f64),
    Str(String),
    Bytes(Vec<u8>),
    Range(i64, i64, i64),
    Ellipsis,
    /// The last n values.
    Tuple(u32),
    List(u32),
    /// The last 2n values: key, value, key, value, ...
    Dict(u32),
    Set(u32),
    FrozenSet(u32),
    /// A name of the builtins module (`len`, `int`, `ValueError`).
    Builtin(String),
    /// A module-level function or class, looked up again on arrival.
    Global {
        module: String,
        qualname: String,
    },
    /// An instance of a module-level class, made without `__init__`: takes
    /// the class, then n (attribute name, value) pairs for its `__dict__`.
    Object(u32),
    /// An exception: takes the class, `args` values, then `attrs` pairs;
    /// built as `class(*args)`, then given the attributes.
    Exception {
        args: u32,
        attrs: u32,
    },
    /// `__reduce__`'s answer: takes the callable, `args` values, then the
    /// state if `state`; built as `func(*args)`, then given the state as
    /// its `__dict__` (or through `__setstate__`).
    Reduce {
        args: u32,
        state: bool,
    },
    /// The n-th file descriptor sent beside the message.
    Fd(u32),
    /// `range(*the last 3 values)`: a range with a bound past i64. Last,
    /// so the variants before it keep their numbers on the wire.
    BigRange,
}

/// Nesting deeper than this is refused (RecursionError) on the way out.
const MAX_DEPTH: usize = 500;

/// Encodes a value into bytes and the descriptors of the handles in it.
pub struct Encoder<'a> {
    vm: &'a mut Vm,
    nodes: Vec<Node>,
    /// The descriptors of the handles met, in order (`Node::Fd(i)` is
    /// `fds[i]`); they travel beside the bytes.
    pub fds: Vec<Arc<OwnedFd>>,
    /// Objects on the current path, to refuse cycles clearly.
    path: Vec<usize>,
}

fn count(n: usize) -> PyResult<u32> {
    u32::try_from(n).map_err(|_| Error::overflow_error("too many items to send to another process"))
}

impl<'a> Encoder<'a> {
    pub fn new(vm: &'a mut Vm) -> Encoder<'a> {
        Encoder {
            vm,
            nodes: Vec::new(),
            fds: Vec::new(),
            path: Vec::new(),
        }
    }

    /// The bytes of `v`.
    pub fn encode(&mut self, v: &Value) -> PyResult<Vec<u8>> {
        self.nodes.clear();
        self.emit(v)?;
        postcard::to_stdvec(&self.nodes)
            .map_err(|e| Error::new(ExcKind::SystemError, format!("serialization failed: {e}")))
    }

    fn push(&mut self, node: Node) -> PyResult<()> {
        self.nodes.push(node);
        Ok(())
    }

    fn emit(&mut self, v: &Value) -> PyResult<()> {
        let o = match v {
            Value::None => return self.push(Node::None),
            Value::Bool(b) => return self.push(Node::Bool(*b)),
            Value::Int(i) => return self.push(Node::Int(*i)),
            Value::Float(f) => return self.push(Node::Float(*f)),
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
        let r = self.emit_obj(v, o);
        self.path.pop();
        r
    }

    fn emit_all(&mut self, items: &[Value]) -> PyResult<u32> {
        for x in items {
            self.emit(x)?;
        }
        count(items.len())
    }

    /// Emits (name, value) pairs of an instance's `__dict__`.
    fn emit_attrs(&mut self, i: &InstanceObj) -> PyResult<u32> {
        let pairs: Vec<(Value, Value)> = i
            .dict
            .borrow()
            .iter()
            .map(|e| (e.key.clone(), e.value.clone()))
            .collect();
        for (k, v) in &pairs {
            self.push(Node::Str(k.as_str().unwrap_or_default().to_string()))?;
            self.emit(v)?;
        }
        count(pairs.len())
    }

    fn emit_obj(&mut self, v: &Value, o: &conc_interp::ObjRef) -> PyResult<()> {
        let node = match &**o {
            Object::Str(s) => Node::Str(s.as_str().to_string()),
            Object::Bytes(b) => Node::Bytes(b.to_vec()),
            Object::BigInt(b) => Node::BigInt(b.to_signed_bytes_le()),
            Object::Complex { re, im } => Node::Complex(*re, *im),
            Object::Range { start, stop, step } => Node::Range(*start, *stop, *step),
            Object::BigRange(r) => {
                let bounds =
                    [&r.start, &r.stop, &r.step].map(|b| crate::util::int_value(b.clone()));
                self.emit_all(&bounds)?;
                Node::BigRange
            }
            Object::Ellipsis => Node::Ellipsis,
            Object::Tuple(items) => Node::Tuple(self.emit_all(items)?),
            Object::List(l) => {
                let items = l.borrow().clone();
                Node::List(self.emit_all(&items)?)
            }
            Object::Dict(d) => {
                let pairs: Vec<Value> = d
                    .borrow()
                    .iter()
                    .flat_map(|e| [e.key.clone(), e.value.clone()])
                    .collect();
                self.emit_all(&pairs)?;
                Node::Dict(count(pairs.len() / 2)?)
            }
            Object::Set(d) => {
                let keys: Vec<Value> = d.borrow().iter().map(|e| e.key.clone()).collect();
                Node::Set(self.emit_all(&keys)?)
            }
            Object::FrozenSet(d) => {
                let keys: Vec<Value> = d.iter().map(|e| e.key.clone()).collect();
                Node::FrozenSet(self.emit_all(&keys)?)
            }
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
        };
        self.push(node)
    }

    fn instance(&mut self, v: &Value, i: &InstanceObj) -> PyResult<()> {
        if let Some(h) = i.native::<FdHandle>() {
            let fd = h.get().ok_or_else(|| {
                Error::value_error("cannot send a closed handle to another process")
            })?;
            self.fds.push(fd);
            return self.push(Node::Fd(count(self.fds.len() - 1)?));
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
            let class = self.global(&class)?;
            self.push(class)?;
            let args = self.emit_all(&args)?;
            let attrs = self.emit_attrs(i)?;
            return self.push(Node::Exception { args, attrs });
        }
        if i.has_native() {
            return Err(self.cannot(v, "it holds native state that belongs to this process"));
        }
        let class = self.global(&class)?;
        self.push(class)?;
        let attrs = self.emit_attrs(i)?;
        self.push(Node::Object(attrs))
    }

    fn reduce(&mut self, v: &Value, reduce: Value) -> PyResult<()> {
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
        self.emit(&parts[0])?;
        let args = self.emit_all(&args)?;
        let state = match parts.get(2) {
            None | Some(Value::None) => false,
            Some(s) => {
                self.emit(s)?;
                true
            }
        };
        self.push(Node::Reduce { args, state })
    }

    /// A function, class or builtin by name, checked to be found again
    /// under that name (else the other process would get something else).
    fn global(&mut self, v: &Value) -> PyResult<Node> {
        let name = self.vm.get_attr_opt(v, "__name__")?;
        let name = name
            .as_ref()
            .and_then(|n| n.as_str())
            .unwrap_or("")
            .to_string();
        if let Some(Object::NativeFunction(_)) | Some(Object::Type(_)) = v.as_obj().map(|o| &**o) {
            if let Some(b) = self.vm.builtin(&name) {
                if same(&b, v) {
                    return Ok(Node::Builtin(name));
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
            Ok(found) if same(&found, v) => Ok(Node::Global { module, qualname }),
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
    stack: Vec<Value>,
}

fn corrupt() -> Error {
    Error::new(
        ExcKind::SystemError,
        "a message from another process is corrupt",
    )
}

impl<'a> Decoder<'a> {
    pub fn new(vm: &'a mut Vm, fds: Vec<OwnedFd>) -> Decoder<'a> {
        Decoder {
            vm,
            fds: fds.into_iter().map(Some).collect(),
            stack: Vec::new(),
        }
    }

    /// Runs the program in `bytes`: its one result is the value.
    pub fn decode(&mut self, bytes: &[u8]) -> PyResult<Value> {
        let nodes: Vec<Node> = postcard::from_bytes(bytes).map_err(|e| {
            Error::new(
                ExcKind::SystemError,
                format!("a message from another process is corrupt: {e}"),
            )
        })?;
        self.stack.clear();
        for node in nodes {
            let v = self.step(node)?;
            self.stack.push(v);
        }
        match (self.stack.pop(), self.stack.is_empty()) {
            (Some(v), true) => Ok(v),
            _ => Err(corrupt()),
        }
    }

    /// The last `n` values built, in order.
    fn take(&mut self, n: u32) -> PyResult<Vec<Value>> {
        let n = n as usize;
        if n > self.stack.len() {
            return Err(corrupt());
        }
        Ok(self.stack.split_off(self.stack.len() - n))
    }

    fn take_one(&mut self) -> PyResult<Value> {
        self.stack.pop().ok_or_else(corrupt)
    }

    fn step(&mut self, node: Node) -> PyResult<Value> {
        Ok(match node {
            Node::None => Value::None,
            Node::Bool(b) => Value::Bool(b),
            Node::Int(i) => Value::Int(i),
            Node::BigInt(b) => crate::util::int_value(BigInt::from_signed_bytes_le(&b)),
            Node::Float(f) => Value::Float(f),
            Node::Complex(re, im) => Value::new_obj(Object::Complex { re, im }),
            Node::Str(s) => Value::string(s),
            Node::Bytes(b) => Value::new_obj(Object::Bytes(b.into_boxed_slice())),
            Node::Range(a, b, c) => {
                self.call_builtin("range", &[Value::Int(a), Value::Int(b), Value::Int(c)])?
            }
            Node::BigRange => {
                let bounds = self.take(3)?;
                self.call_builtin("range", &bounds)?
            }
            Node::Ellipsis => self.vm.builtin("Ellipsis").unwrap_or_default(),
            Node::Tuple(n) => Value::tuple(self.take(n)?),
            Node::List(n) => Value::list(self.take(n)?),
            Node::Dict(n) => {
                let items = self.take(n.checked_mul(2).ok_or_else(corrupt)?)?;
                let d = self.call_builtin("dict", &[])?;
                let mut it = items.into_iter();
                while let (Some(k), Some(v)) = (it.next(), it.next()) {
                    conc_interp::ops::dict_set(self.vm, &d, k, v)?;
                }
                d
            }
            Node::Set(n) => {
                let items = self.take(n)?;
                self.set(items)?
            }
            Node::FrozenSet(n) => {
                let items = self.take(n)?;
                let s = self.set(items)?;
                self.call_builtin("frozenset", &[s])?
            }
            Node::Builtin(name) => self.vm.builtin(&name).ok_or_else(|| {
                Error::new(
                    ExcKind::AttributeError,
                    format!("no builtin named '{name}'"),
                )
            })?,
            Node::Global { module, qualname } => lookup_global(self.vm, &module, &qualname)?,
            Node::Object(n) => {
                let attrs = self.take(n.checked_mul(2).ok_or_else(corrupt)?)?;
                let cls = self.take_one()?;
                let cls_ref = match &cls {
                    Value::Obj(c) if matches!(&**c, Object::Type(_)) => c.clone(),
                    _ => {
                        return Err(Error::type_error(
                            "an object's class did not arrive as a class",
                        ))
                    }
                };
                let obj = self.vm.instantiate_native(&cls_ref);
                fill_attrs(&obj, attrs)?;
                obj
            }
            Node::Exception { args, attrs } => {
                let attrs = self.take(attrs.checked_mul(2).ok_or_else(corrupt)?)?;
                let args = self.take(args)?;
                let cls = self.take_one()?;
                let exc = self.vm.call(&cls, &args)?;
                fill_attrs(&exc, attrs)?;
                exc
            }
            Node::Reduce { args, state } => {
                let state = if state { Some(self.take_one()?) } else { None };
                let args = self.take(args)?;
                let f = self.take_one()?;
                let obj = self.vm.call(&f, &args)?;
                if let Some(state) = state {
                    match self.vm.get_attr_opt(&obj, "__setstate__")? {
                        Some(setstate) => {
                            self.vm.call(&setstate, &[state])?;
                        }
                        None => set_instance_dict(&obj, &state)?,
                    }
                }
                obj
            }
            Node::Fd(i) => {
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

    fn set(&mut self, items: Vec<Value>) -> PyResult<Value> {
        let s = self.call_builtin("set", &[])?;
        for k in items {
            conc_interp::ops::set_add(self.vm, &s, k)?;
        }
        Ok(s)
    }

    fn call_builtin(&mut self, name: &str, args: &[Value]) -> PyResult<Value> {
        let f = self
            .vm
            .builtin(name)
            .ok_or_else(|| Error::new(ExcKind::SystemError, format!("builtin {name} missing")))?;
        self.vm.call(&f, args)
    }
}

/// Sets (name, value) pairs in an instance's namespace.
fn fill_attrs(obj: &Value, pairs: Vec<Value>) -> PyResult<()> {
    let Some(Object::Instance(i)) = obj.as_obj().map(|o| &**o) else {
        return Ok(());
    };
    let mut it = pairs.into_iter();
    let mut ns = i.dict.borrow_mut();
    while let (Some(k), Some(v)) = (it.next(), it.next()) {
        let k = k.as_str().ok_or_else(corrupt)?;
        ns.set_str(k, v);
    }
    Ok(())
}
