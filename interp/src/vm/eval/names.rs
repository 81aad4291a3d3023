//! Names and calls for the eval loop: global/name look-ups (through the
//! per-instruction hint), the `Call`/`CallMethod` dispatch, and the errors
//! for unbound names.

use crate::error::{Error, ExcKind, PyResult};
use crate::object::Object;
use crate::value::Value;

use super::super::frame::Frame;
use super::super::{ops, Vm};

impl Vm {
    #[inline]
    pub(super) fn load_global(
        &mut self,
        f: &Frame,
        code: &crate::bytecode::Code,
        i: usize,
    ) -> PyResult<Value> {
        let name = &code.names[i];
        if let (Object::Dict(d), Some(h)) = (&*f.globals, code.hints.get(i)) {
            if let Some(v) = super::super::cache::dict_get_hinted(&d.borrow(), name, h) {
                return Ok(v.clone());
            }
        }
        self.load_global_slow(f, name)
    }

    pub(super) fn load_global_slow(&mut self, f: &Frame, name: &Value) -> PyResult<Value> {
        if let Object::Dict(d) = &*f.globals {
            if let Some(v) = d.borrow().get_by_str_value(name) {
                return Ok(v.clone());
            }
        }
        if let Object::Dict(d) = &*self.state.builtins {
            if let Some(v) = d.borrow().get_by_str_value(name) {
                return Ok(v.clone());
            }
        }
        Err(name_error(name))
    }

    pub(super) fn load_name(&mut self, f: &Frame, name: &Value) -> PyResult<Value> {
        if let Some(ld) = &f.locals_dict {
            match ld.as_obj().map(|o| &**o) {
                Some(Object::Dict(d)) => {
                    if let Some(v) = d.borrow().get_by_str_value(name) {
                        return Ok(v.clone());
                    }
                }
                _ => match ops::getitem(self, ld, name) {
                    Ok(v) => return Ok(v),
                    Err(e) if self.error_matches(&e, ExcKind::KeyError) => {}
                    Err(e) => return Err(e),
                },
            }
        }
        self.load_global_slow(f, name)
    }

    pub(super) fn store_name(&mut self, f: &Frame, name: &Value, v: Option<Value>) -> PyResult<()> {
        let target = match &f.locals_dict {
            Some(ld) => ld.clone(),
            None => Value::Obj(f.globals.clone()),
        };
        match (target.as_obj().map(|o| &**o), v) {
            (Some(Object::Dict(d)), Some(v)) => {
                d.borrow_mut().set_by_str_value(name.clone(), v);
            }
            (Some(Object::Dict(d)), None) => {
                if d.borrow_mut()
                    .remove_str(name.as_str().unwrap_or(""))
                    .is_none()
                {
                    return Err(name_error(name));
                }
            }
            (_, Some(v)) => ops::setitem(self, &target, name, v)?,
            (_, None) => ops::delitem(self, &target, name)?,
        }
        Ok(())
    }

    pub(super) fn unbound_cell(&self, code: &crate::bytecode::Code, i: usize) -> Error {
        let name = cell_name(code, i);
        if i < code.cellvars.len() {
            unbound_local(name)
        } else {
            Error::new(
                ExcKind::NameError,
                format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"),
            )
        }
    }

    /// `Call`: stack[base] is the callable, the arguments follow.
    #[inline]
    pub(super) fn call_op(
        &mut self,
        f: &mut Frame,
        base: usize,
        kwnames: &[Value],
    ) -> PyResult<Value> {
        let (callable, args) = match f.stack.get(base..) {
            Some([c, args @ ..]) => (c, args),
            _ => return Err(Error::new(ExcKind::SystemError, "call: stack underflow")),
        };
        let r = match callable {
            Value::Obj(o) => match &**o {
                Object::Function(func) => {
                    self.poll_breaker()?;
                    self.call_function(func, args, kwnames)
                }
                Object::NativeFunction(nf)
                    if nf.owner.as_deref() != Some(super::super::builtins::FRAME_OWNER) =>
                {
                    self.call_native(nf, args, kwnames)
                }
                Object::Type(_) if kwnames.is_empty() => match self.call_plain_class(o, args) {
                    Some(r) => r,
                    None => {
                        self.with_frame_ctx(f, callable, |vm| vm.call_kw(callable, args, kwnames))
                    }
                },
                _ => self.with_frame_ctx(f, callable, |vm| vm.call_kw(callable, args, kwnames)),
            },
            _ => self.call_kw(callable, &[], kwnames),
        };
        f.stack.truncate(base);
        r
    }

    /// `CallMethod`: stack `method, self_or_null, args...`.
    #[inline]
    pub(super) fn call_method_op(
        &mut self,
        f: &mut Frame,
        n: usize,
        kwnames: &[Value],
    ) -> PyResult<Value> {
        let base = f.stack.len() - n - 2;
        let is_null = matches!(&f.stack[base + 1], Value::Obj(o) if crate::sync::Ref::ptr_eq(o, &self.state.null));
        let args_at = if is_null { base + 2 } else { base + 1 };
        let callable = &f.stack[base];
        let args = &f.stack[args_at..];
        let r = match callable {
            Value::Obj(o) => match &**o {
                Object::Function(func) => {
                    self.poll_breaker()?;
                    self.call_function(func, args, kwnames)
                }
                Object::NativeFunction(nf)
                    if nf.owner.as_deref() != Some(super::super::builtins::FRAME_OWNER) =>
                {
                    self.call_native(nf, args, kwnames)
                }
                _ => self.with_frame_ctx(f, callable, |vm| vm.call_kw(callable, args, kwnames)),
            },
            _ => self.call_kw(callable, &[], kwnames),
        };
        f.stack.truncate(base);
        r
    }
}

pub(crate) fn cell_name(code: &crate::bytecode::Code, i: usize) -> &str {
    if i < code.cellvars.len() {
        &code.cellvars[i]
    } else {
        code.freevars
            .get(i - code.cellvars.len())
            .map(|s| s.as_str())
            .unwrap_or("?")
    }
}

pub(crate) fn unbound_local(name: &str) -> Error {
    Error::new(
        ExcKind::UnboundLocalError,
        format!("cannot access local variable '{name}' where it is not associated with a value"),
    )
}

pub(crate) fn name_error(name: &Value) -> Error {
    Error::new(
        ExcKind::NameError,
        format!("name '{}' is not defined", name.as_str().unwrap_or("?")),
    )
}
