//! Names and calls for the eval loop: global/name look-ups (through the
//! per-instruction hint), the `Call`/`CallMethod` dispatch, and the errors
//! for unbound names.

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use crate::error::{Error, ExcKind, PyResult};
use crate::object::{Dict, Object};
use crate::sync::ObjCell;
use crate::value::Value;

use super::super::frame::Frame;
use super::super::{cache, ops, Vm};

impl Vm {
    /// `LoadGlobal`: the module globals, then the builtins.
    ///
    /// A module global is found through the name's position hint. A
    /// builtin (`len`, `range` in a loop) would cost a full look-up that
    /// misses in the globals and another in the builtins every time, so
    /// `code.builtin_cache` remembers, per name, the globals' keys version
    /// at the moment the name was found missing there and where the name
    /// sits in the builtins dict. While the globals keep that version (no
    /// key added or removed: a module global shadowing the builtin would
    /// be an added key), the name is still not a global, and the builtins
    /// entry at that index is the answer if its key is still the name (a
    /// deleted builtin leaves a hole or, after compaction, another key;
    /// a rebound one keeps its index and is read afresh). The key check
    /// also makes races on the cache between threads harmless: a torn or
    /// stale entry can only miss, never give a wrong value.
    #[inline]
    pub(super) fn load_global(
        &mut self,
        f: &Frame,
        code: &crate::bytecode::Code,
        i: usize,
    ) -> PyResult<Value> {
        let name = &code.names[i];
        let (Object::Dict(g), Some(hint), Some(bcache)) =
            (&*f.globals, code.hints.get(i), code.builtin_cache.get(i))
        else {
            return self.load_global_slow(f, name);
        };
        // A builtin cached for this key set of the globals needs no look at
        // the globals' entries (the version says the name is not there),
        // as CPython's LOAD_GLOBAL_BUILTIN; a real global fails this test at
        // once (nothing is cached for it) and takes its hint.
        let packed = bcache.load(Ordering::Relaxed);
        let version = {
            let g = g.borrow();
            let version = g.keys_version();
            if version == 0 || (packed >> 32) as u32 != version {
                if let Some(v) = cache::dict_get_at_hint(&g, name, hint) {
                    return Ok(v.clone());
                }
            }
            version
        };
        // The globals borrow is released first: under --no-gil borrows are
        // locks, and the globals may be the builtins dict itself.
        if version != 0 && (packed >> 32) as u32 == version {
            if let Object::Dict(b) = &*self.state.builtins {
                if let Some(e) = b.borrow().entry_at(packed as u32 as usize) {
                    if cache::entry_is_name(e, name) {
                        return Ok(e.value.clone());
                    }
                }
            }
        }
        self.load_global_miss(g, name, hint, bcache)
    }

    /// `load_global` when neither the hint nor the builtins cache answers:
    /// full look-ups, refilling whichever of the two applies.
    #[inline(never)]
    fn load_global_miss(
        &mut self,
        g: &ObjCell<Dict>,
        name: &Value,
        hint: &AtomicU32,
        bcache: &AtomicU64,
    ) -> PyResult<Value> {
        // The version is read in the same borrow as the failed look-up, so
        // it names a key set that really lacks `name`.
        let version = {
            let g = g.borrow();
            if let Some(i) = cache::dict_find_name(&g, name) {
                hint.store(i as u32, Ordering::Relaxed);
                if let Some(e) = g.entry_at(i) {
                    return Ok(e.value.clone());
                }
            }
            g.keys_version()
        };
        if let Object::Dict(b) = &*self.state.builtins {
            let b = b.borrow();
            if let Some(i) = cache::dict_find_name(&b, name) {
                // Version 0 ("none left") never matches, so is not stored.
                if let (true, Ok(i32)) = (version != 0, u32::try_from(i)) {
                    bcache.store(((version as u64) << 32) | i32 as u64, Ordering::Relaxed);
                }
                if let Some(e) = b.entry_at(i) {
                    return Ok(e.value.clone());
                }
            }
        }
        Err(name_error(name))
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
        if kwnames.is_empty() {
            if let Some(r) = self.call_moving(f, base, base + 1) {
                return r;
            }
        }
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
                    match builtin_inline(self, nf, args, kwnames) {
                        Some(v) => Ok(v),
                        None => self.call_native(nf, args, kwnames),
                    }
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

    /// The common call of a conc function with exactly its positional
    /// parameters: `stack[base]` is the function, `stack[args_at..]` its
    /// arguments, which move into its locals; the stack is cut to `base`.
    /// `None` (nothing changed) when the callee is anything else.
    #[inline(always)]
    fn call_moving(
        &mut self,
        f: &mut Frame,
        base: usize,
        args_at: usize,
    ) -> Option<PyResult<Value>> {
        let nargs = f.stack.len().checked_sub(args_at)?;
        let slot = f.stack.get_mut(base)?;
        let callable = std::mem::take(slot);
        let Some(func) = fast_callee(&callable, nargs) else {
            *slot = callable;
            return None;
        };
        let r = self
            .poll_breaker()
            .and_then(|()| self.call_simple_moving(func, &mut f.stack[args_at..]));
        f.stack.truncate(base);
        Some(r)
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
        if kwnames.is_empty() {
            if let Some(r) = self.call_moving(f, base, args_at) {
                return r;
            }
        }
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

/// The builtins CPython 3.11 specializes at their call sites, run without
/// the native call's argument checks and panic boundary when `nf` is the
/// real builtin (not a shadowing global: that is a different callable):
/// `len(x)` of a builtin container, and `isinstance(x, C)` for a class `C`
/// whose metaclass is `type` (no `__instancecheck__` to ask). `None` for
/// every other call.
#[inline(always)]
fn builtin_inline(
    vm: &Vm,
    nf: &crate::object::NativeFunction,
    args: &[Value],
    kwnames: &[Value],
) -> Option<Value> {
    let (crate::object::NativeImpl::Fn(p), None, []) = (&nf.imp, &nf.bound, kwnames) else {
        return None;
    };
    match args {
        [Value::Obj(o)]
            if std::ptr::fn_addr_eq(
                *p,
                crate::builtins::core::len as crate::object::NativeFnPtr,
            ) =>
        {
            let n = match &**o {
                Object::Str(s) => s.char_len(),
                Object::Tuple(t) => t.len(),
                Object::List(l) => l.borrow().len(),
                Object::Dict(d) | Object::Set(d) => d.borrow().len(),
                _ => return None,
            };
            Some(Value::Int(n as i64))
        }
        [v, Value::Obj(c)]
            if std::ptr::fn_addr_eq(
                *p,
                super::super::builtins::bi_isinstance as crate::object::NativeFnPtr,
            ) =>
        {
            match &**c {
                Object::Type(t) if t.metaclass.is_none() => Some(Value::Bool(vm.isinstance(v, c))),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The conc function `callable` is, if a call with `nargs` positional
/// arguments (and no keywords) binds them directly.
#[inline(always)]
fn fast_callee(callable: &Value, nargs: usize) -> Option<&crate::object::FunctionObj> {
    match callable {
        Value::Obj(o) => match &**o {
            Object::Function(func) if func.binds_directly(nargs) => Some(func),
            _ => None,
        },
        _ => None,
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

/// UnboundLocalError for local slot `i` of `code`. Out of line, so the
/// dispatch loop does not keep `varnames` at hand for it.
#[cold]
#[inline(never)]
pub(crate) fn unbound_slot(code: &crate::bytecode::Code, i: usize) -> Error {
    unbound_local(code.varnames.get(i).map_or("?", |n| n.as_str()))
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
