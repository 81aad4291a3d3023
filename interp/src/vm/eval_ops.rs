//! The less hot opcode families: building sets and dicts, f-string fields,
//! unpacking, making functions, raising and matching exceptions, `with`,
//! `yield from`, and giving frame-sensitive builtins their caller's frame.

use crate::error::{Error, ExcKind, PyResult};
use crate::object::{Dict, FunctionObj, Object};
use crate::sync::ObjCell;
use crate::value::Value;

use super::eval::Exit;
use super::exceptions::exc_data;
use super::frame::Frame;
use super::{ops, FrameCtx, Vm};

impl Vm {
    /// Adds `item` to a set object (hash first, equality with no borrow held).
    pub(crate) fn set_add(&mut self, set: &Value, item: Value) -> PyResult<()> {
        let h = ops::hash(self, &item)?;
        let Some(Object::Set(cell)) = set.as_obj().map(|o| &**o) else {
            return Err(Error::type_error("set_add: not a set"));
        };
        let cands = cell.borrow().candidates(h);
        for i in cands {
            let k = cell.borrow().entry_at(i).map(|e| e.key.clone());
            if let Some(k) = k {
                if k.is(&item) || ops::eq(self, &k, &item)? {
                    return Ok(());
                }
            }
        }
        cell.borrow_mut().push_new(h, item, Value::None);
        Ok(())
    }

    /// `{**m}` / `f(**m)` (merge: a repeated key is a TypeError).
    pub(crate) fn dict_update(&mut self, target: &Value, m: &Value, merge: bool) -> PyResult<()> {
        let items = match m.as_obj().map(|o| &**o) {
            Some(Object::Dict(d)) => d.borrow().items(),
            _ => {
                let Some(keys) = self.get_attr_opt(m, "keys")? else {
                    return Err(Error::type_error(format!(
                        "'{}' object is not a mapping",
                        self.type_name(m)
                    )));
                };
                let keys = self.call(&keys, &[])?;
                let mut out = Vec::new();
                for k in ops::collect(self, &keys)? {
                    let v = ops::getitem(self, m, &k)?;
                    out.push((k, v));
                }
                out
            }
        };
        for (k, v) in items {
            if merge {
                if k.as_str().is_none() {
                    return Err(Error::type_error("keywords must be strings"));
                }
                if ops::dict_get(self, target, &k)?.is_some() {
                    return Err(Error::type_error(format!(
                        "got multiple values for keyword argument '{}'",
                        k.as_str().unwrap_or("")
                    )));
                }
            }
            ops::dict_set(self, target, k, v)?;
        }
        Ok(())
    }

    /// One f-string field: conversion then `format(value, spec)`.
    pub(crate) fn format_value(
        &mut self,
        v: Value,
        conv: u32,
        spec: Option<Value>,
    ) -> PyResult<Value> {
        let v = match conv {
            1 => Value::string(ops::str_of(self, &v)?),
            2 => Value::string(ops::repr(self, &v)?),
            3 => Value::string(ascii(&ops::repr(self, &v)?)),
            _ => v,
        };
        let spec = spec.as_ref().and_then(|s| s.as_str()).unwrap_or("");
        if spec.is_empty() && v.as_str_obj().is_some() {
            return Ok(v);
        }
        Ok(Value::string(ops::format(self, &v, spec)?))
    }

    /// `UnpackSequence(n)` (after = None) or `UnpackEx` (before = n).
    pub(crate) fn unpack(
        &mut self,
        stack: &mut Vec<Value>,
        v: Value,
        n: usize,
        after: Option<usize>,
    ) -> PyResult<()> {
        if after.is_none() {
            // Exact-length tuples and lists: no intermediate vector.
            match v.as_obj().map(|o| &**o) {
                Some(Object::Tuple(t)) if t.len() == n => {
                    stack.extend(t.iter().rev().cloned());
                    return Ok(());
                }
                Some(Object::List(l)) => {
                    let l = l.borrow();
                    if l.len() == n {
                        stack.extend(l.iter().rev().cloned());
                        return Ok(());
                    }
                }
                _ => {}
            }
        }
        let items: Vec<Value> = match v.as_obj().map(|o| &**o) {
            Some(Object::Tuple(t)) => t.to_vec(),
            Some(Object::List(l)) => l.borrow().clone(),
            _ => {
                let it = match ops::iter(self, &v) {
                    Ok(it) => it,
                    Err(e) if self.error_matches(&e, ExcKind::TypeError) => {
                        return Err(Error::type_error(format!(
                            "cannot unpack non-iterable {} object",
                            self.type_name(&v)
                        )))
                    }
                    Err(e) => return Err(e),
                };
                let mut out = Vec::new();
                while let Some(x) = ops::next(self, &it)? {
                    out.push(x);
                    if after.is_none() && out.len() > n {
                        break;
                    }
                }
                out
            }
        };
        match after {
            None => {
                if items.len() != n {
                    return Err(if items.len() < n {
                        Error::value_error(format!(
                            "not enough values to unpack (expected {n}, got {})",
                            items.len()
                        ))
                    } else {
                        Error::value_error(format!("too many values to unpack (expected {n})"))
                    });
                }
                stack.extend(items.into_iter().rev());
            }
            Some(after) => {
                if items.len() < n + after {
                    return Err(Error::value_error(format!(
                        "not enough values to unpack (expected at least {}, got {})",
                        n + after,
                        items.len()
                    )));
                }
                let mut items = items;
                let tail = items.split_off(items.len() - after);
                let mid = items.split_off(n);
                stack.extend(tail.into_iter().rev());
                stack.push(Value::list(mid));
                stack.extend(items.into_iter().rev());
            }
        }
        Ok(())
    }

    /// `MakeFunction`: code on top, then [closure] [annotations] [kwdefaults]
    /// [defaults].
    pub(crate) fn make_function(&mut self, f: &mut Frame, flags: u32) -> PyResult<Value> {
        let code = match f
            .stack
            .pop()
            .as_ref()
            .and_then(|v| v.as_obj())
            .map(|o| &**o)
        {
            Some(Object::Code(c)) => c.clone(),
            _ => {
                return Err(Error::new(
                    ExcKind::SystemError,
                    "MakeFunction: no code object",
                ))
            }
        };
        let closure: Box<[crate::value::ObjRef]> = if flags & 8 != 0 {
            match f
                .stack
                .pop()
                .as_ref()
                .and_then(|v| v.as_obj())
                .map(|o| &**o)
            {
                Some(Object::Tuple(t)) => t.iter().filter_map(|c| c.as_obj().cloned()).collect(),
                _ => Box::new([]),
            }
        } else {
            Box::new([])
        };
        let annotations = if flags & 4 != 0 { f.stack.pop() } else { None };
        let kwdefaults = if flags & 2 != 0 {
            f.stack.pop().and_then(|v| v.as_obj().cloned())
        } else {
            None
        };
        let defaults: Box<[Value]> = if flags & 1 != 0 {
            match f
                .stack
                .pop()
                .as_ref()
                .and_then(|v| v.as_obj())
                .map(|o| &**o)
            {
                Some(Object::Tuple(t)) => t.clone(),
                _ => Box::new([]),
            }
        } else {
            Box::new([])
        };
        // `__module__` is not stored: reading it falls back to the
        // globals' `__name__` (attr.rs), and CPython's `__dict__` does not
        // show it either. A function made in a loop (a lambda, a
        // comprehension) then allocates no dict and hashes no name.
        let mut attrs = Dict::new();
        if let Some(doc) = &code.docstring {
            attrs.set_str("__doc__", Value::str(doc));
        }
        if let Some(a) = annotations {
            attrs.set_str("__annotations__", a);
        }
        Ok(Value::new_obj(Object::Function(Box::new(FunctionObj {
            name: ObjCell::new(code.name_value.clone()),
            qualname: ObjCell::new(code.qualname_value.clone()),
            globals: f.globals.clone(),
            defaults,
            kwdefaults,
            closure,
            attrs: ObjCell::new(attrs),
            code,
        }))))
    }

    /// Makes the error of `RaiseVarargs(n)`.
    pub(crate) fn raise_op(&mut self, f: &mut Frame, n: u32) -> Error {
        match n {
            0 => match self.cur_exc.clone() {
                Some(e) => {
                    f.reraised = true;
                    Error::Obj(e)
                }
                None => Error::runtime_error("No active exception to reraise"),
            },
            1 => {
                let v = f.stack.pop().unwrap_or_default();
                match self.make_raisable(v, "exceptions must derive from BaseException") {
                    Ok(e) => Error::Obj(e),
                    Err(e) => e,
                }
            }
            _ => {
                let cause = f.stack.pop().unwrap_or_default();
                let v = f.stack.pop().unwrap_or_default();
                let exc = match self.make_raisable(v, "exceptions must derive from BaseException") {
                    Ok(e) => e,
                    Err(e) => return e,
                };
                let cause = if cause.is_none() {
                    Value::None
                } else {
                    match self
                        .make_raisable(cause, "exception causes must derive from BaseException")
                    {
                        Ok(c) => c,
                        Err(e) => return e,
                    }
                };
                if let Some(d) = exc_data(&exc) {
                    let mut s = d.state.borrow_mut();
                    s.cause = cause;
                    s.suppress_context = true;
                }
                Error::Obj(exc)
            }
        }
    }

    /// An exception instance from `raise X` (a class is called with no args).
    pub(crate) fn make_raisable(&mut self, v: Value, msg: &str) -> PyResult<Value> {
        let base = self.exc_type(ExcKind::BaseException);
        if let Some(o) = v.as_obj() {
            if matches!(&**o, Object::Type(_)) && self.is_subclass(o, &base) {
                let o = o.clone();
                let e = match self.call_plain_class(&o, &[]) {
                    Some(r) => r?,
                    None => self.call_type(&o, &[], &[])?,
                };
                if !self.isinstance(&e, &base) {
                    return Err(Error::type_error(format!(
                        "calling {} should have returned an instance of BaseException, not {}",
                        super::class::type_name_of(&o),
                        self.type_name(&e)
                    )));
                }
                return Ok(e);
            }
        }
        if self.isinstance(&v, &base) {
            return Ok(v);
        }
        Err(Error::type_error(msg.to_string()))
    }

    /// `except cls:` matching (cls a class or a tuple of classes).
    pub(crate) fn exc_match(&mut self, exc: &Value, cls: &Value) -> PyResult<bool> {
        let base = self.exc_type(ExcKind::BaseException);
        let classes: Vec<Value> = match cls.as_obj().map(|o| &**o) {
            Some(Object::Tuple(t)) => t.to_vec(),
            _ => vec![cls.clone()],
        };
        let mut hit = false;
        for c in &classes {
            match c.as_obj() {
                Some(o) if matches!(&**o, Object::Type(_)) && self.is_subclass(o, &base) => {
                    hit = hit || self.isinstance(exc, o);
                }
                Some(o) if matches!(&**o, Object::Tuple(_)) => {
                    hit = hit || self.exc_match(exc, c)?
                }
                _ => {
                    return Err(Error::type_error(
                        "catching classes that do not inherit from BaseException is not allowed",
                    ))
                }
            }
        }
        Ok(hit)
    }

    /// Whether `exc` is a termination by the host's limits (`crate::limits`),
    /// which no handler may catch.
    pub(crate) fn is_termination(&self, exc: &Value) -> bool {
        self.isinstance(exc, &self.exc_type(crate::error::ExcKind::ScriptTerminated))
    }

    /// `BeforeWith`: (bound `__exit__`, result of `__enter__()`). Both are
    /// looked up on the manager's type, not the instance, as CPython's
    /// special-method look-up does, through the attribute cache; a plain
    /// `__enter__` is called with the manager without binding it first.
    pub(crate) fn before_with(&mut self, mgr: &Value) -> PyResult<(Value, Value)> {
        let cls = self.type_of(mgr);
        let names = &self.state.names;
        let (enter_name, exit_name) = (names.enter.clone(), names.exit.clone());
        let lookup = |vm: &mut Vm, name: &Value| {
            super::cache::type_peek(&mut vm.caches, &vm.state, &cls, name, |r| {
                r.map(|(v, _)| v.clone())
            })
        };
        let Some(enter) = lookup(self, &enter_name) else {
            return Err(Error::type_error(format!(
                "'{}' object does not support the context manager protocol",
                self.type_name(mgr)
            )));
        };
        let Some(exit) = lookup(self, &exit_name) else {
            return Err(Error::type_error(format!(
                "'{}' object does not support the context manager protocol (missed __exit__ method)",
                self.type_name(mgr)
            )));
        };
        let exit = self.bind_descriptor(exit, mgr, &cls)?;
        let entered = if super::cache::is_plain_method(&enter) {
            self.call_with_self(&enter, mgr, &[], &[])?
        } else {
            let enter = self.bind_descriptor(enter, mgr, &cls)?;
            self.call(&enter, &[])?
        };
        Ok((exit, entered))
    }

    /// `Send`: one step of `yield from`.
    pub(crate) fn send_to(&mut self, sub: &Value, v: Value) -> PyResult<Exit> {
        if let Some(Object::Generator(_)) = sub.as_obj().map(|o| &**o) {
            return self.resume_gen(sub, v, None);
        }
        let r = if v.is_none() {
            match ops::next(self, sub)? {
                Some(y) => return Ok(Exit::Yield(y)),
                None => return Ok(Exit::Return(Value::None)),
            }
        } else {
            self.call_method(sub, "send", &[v])
        };
        match r {
            Ok(y) => Ok(Exit::Yield(y)),
            Err(e) if self.error_matches(&e, ExcKind::StopIteration) => {
                Ok(Exit::Return(self.stop_iteration_value(e)))
            }
            Err(e) => Err(e),
        }
    }

    /// Calls `g` with `frame_ctx` describing `f` when `callable` is a
    /// frame-sensitive builtin (`locals()`, `super()`, ...).
    pub(crate) fn with_frame_ctx<R>(
        &mut self,
        f: &Frame,
        callable: &Value,
        g: impl FnOnce(&mut Vm) -> R,
    ) -> R {
        if !super::builtins::needs_frame(self, callable) {
            return g(self);
        }
        let ctx = frame_ctx(f);
        let saved = self.frame_ctx.replace(ctx);
        let r = g(self);
        self.frame_ctx = saved;
        r
    }

    /// Writes to `sys.stdout` (its `write` method), or the process stdout.
    pub fn write_stdout(&mut self, s: &str) -> PyResult<()> {
        let out = self.sys_attr("stdout");
        match out {
            Some(o) if !o.is_none() => {
                self.call_method(&o, "write", &[Value::str(s)])?;
            }
            _ => {
                use std::io::Write;
                let mut h = std::io::stdout().lock();
                let _ = h.write_all(s.as_bytes());
            }
        }
        Ok(())
    }
}

fn ascii(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if (c as u32) < 0x100 {
            out.push_str(&format!("\\x{:02x}", c as u32));
        } else if (c as u32) < 0x10000 {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push_str(&format!("\\U{:08x}", c as u32));
        }
    }
    out
}

/// What frame-sensitive builtins see of a frame.
pub(crate) fn frame_ctx(f: &Frame) -> FrameCtx {
    let locals = match &f.locals_dict {
        Some(d) => Some(d.clone()),
        None => Some(locals_snapshot(f)),
    };
    let code = &f.code;
    let first_arg = if code.argcount > 0 || code.flags & crate::bytecode::code::flags::VARARGS != 0
    {
        match code.cell2arg.iter().position(|s| *s == Some(0)) {
            Some(ci) => match &*f.cells[ci] {
                Object::Cell(c) => c.borrow().clone(),
                _ => None,
            },
            None => f.locals.first().cloned().flatten(),
        }
    } else {
        None
    };
    let class_cell = code
        .freevars
        .iter()
        .position(|n| n == "__class__")
        .and_then(|i| f.cells.get(code.cellvars.len() + i).cloned());
    FrameCtx {
        globals: f.globals.clone(),
        locals,
        first_arg,
        class_cell,
        location: (code.filename.clone(), f.line()),
    }
}

/// `locals()` of a function frame: a new dict of the bound locals and cells.
fn locals_snapshot(f: &Frame) -> Value {
    let mut d = Dict::new();
    for (name, v) in f.code.varnames.iter().zip(&f.locals) {
        if let Some(v) = v {
            d.set_str(name, v.clone());
        }
    }
    for (i, cell) in f.cells.iter().enumerate() {
        if let Object::Cell(c) = &**cell {
            if let Some(v) = c.borrow().clone() {
                d.set_str(super::eval::cell_name(&f.code, i), v);
            }
        }
    }
    Value::new_obj(Object::Dict(ObjCell::new(d)))
}
