//! Calls: dispatch on the callable, binding arguments to a conc function's
//! parameters (with CPython's error messages), calling types, recursion
//! guards.

use crate::bytecode::code::flags;
use crate::bytecode::CodeRef;
use crate::error::{Error, ExcKind, PyResult};
use crate::object::{Args, Dict, FunctionObj, NativeFunction, NativeImpl, Object};
use crate::sync::{ObjCell, Ref};
use crate::value::{ObjRef, Value};

use super::frame::Frame;
use super::{ops, Vm};

/// Bytes of Rust stack kept free below the guard (for natives, drops, ...).
const STACK_RESERVE: usize = 256 * 1024;

thread_local! {
    /// (address near the top of this thread's stack, usable size).
    static STACK: std::cell::Cell<(usize, usize)> = const { std::cell::Cell::new((0, 0)) };
}

/// Records this thread's stack top and size (call first thing on a thread
/// made for the interpreter).
pub fn set_stack_base(size: usize) {
    let marker = 0u8;
    let addr = &marker as *const u8 as usize;
    STACK.with(|s| s.set((addr, size)));
}

/// Measures the calling thread's stack from where it is now to its real
/// end (asked of the OS), for a thread the interpreter did not start — a
/// host's, whose stack may be small — and returns the measure it replaces
/// (for [`restore_stack_measure`]). Where the OS does not say, the thread
/// is assumed to have the 2 MiB of a Rust-spawned thread left.
pub(crate) fn measure_host_stack() -> (usize, usize) {
    let marker = 0u8;
    let here = &marker as *const u8 as usize;
    let left = match crate::sync::current_stack_end() {
        Some(end) if end < here => here - end,
        _ => 2 * 1024 * 1024,
    };
    STACK.with(|s| s.replace((here, left)))
}

/// Puts back a measure [`measure_host_stack`] replaced.
pub(crate) fn restore_stack_measure(previous: (usize, usize)) {
    STACK.with(|s| s.set(previous));
}

/// The `SystemError` for a panic caught in `what`.
pub fn panic_error(what: &str, payload: &(dyn std::any::Any + Send)) -> Error {
    let msg = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_string());
    Error::new(
        ExcKind::SystemError,
        format!("internal error in {what}: {msg}"),
    )
}

#[inline]
fn stack_exhausted() -> bool {
    let marker = 0u8;
    let here = &marker as *const u8 as usize;
    STACK.with(|s| {
        let (base, size) = s.get();
        if base == 0 {
            // A thread we did not start: assume the smallest common stack
            // (2 MiB for spawned threads) counted from here.
            s.set((here, 2 * 1024 * 1024));
            return false;
        }
        base.saturating_sub(here) + STACK_RESERVE > size
    })
}

impl Vm {
    /// `callable(*args)`.
    #[inline]
    pub fn call(&mut self, f: &Value, args: &[Value]) -> PyResult<Value> {
        self.call_kw(f, args, &[])
    }

    /// `callable(*pos, **kw)` in the vectorcall layout: `args` holds the
    /// positional values then the keyword values named by `kwnames`.
    pub fn call_kw(&mut self, f: &Value, args: &[Value], kwnames: &[Value]) -> PyResult<Value> {
        let Value::Obj(o) = f else {
            return Err(self.not_callable(f));
        };
        match &**o {
            Object::Function(func) => self.call_function(func, args, kwnames),
            Object::NativeFunction(nf) => self.call_native(nf, args, kwnames),
            Object::BoundMethod { func, this } => self.call_with_self(func, this, args, kwnames),
            Object::Type(t) if t.metaclass.is_some() => {
                self.call_class_with_metaclass(o, args, kwnames)
            }
            Object::Type(_) => self.call_type(o, args, kwnames),
            Object::Instance(inst) => {
                let call_name = self.state.names.call.clone();
                match self.lookup_type_c(&inst.class, &call_name) {
                    Some(c) => {
                        let mut v = Vec::with_capacity(args.len() + 1);
                        v.push(f.clone());
                        v.extend_from_slice(args);
                        self.call_kw(&c, &v, kwnames)
                    }
                    None => Err(self.not_callable(f)),
                }
            }
            Object::StaticMethod(inner) => {
                let inner = inner.clone();
                self.call_kw(&inner, args, kwnames)
            }
            _ => Err(self.not_callable(f)),
        }
    }

    fn not_callable(&self, f: &Value) -> Error {
        Error::type_error(format!("'{}' object is not callable", self.type_name(f)))
    }

    #[inline]
    pub(crate) fn call_native(
        &mut self,
        nf: &NativeFunction,
        args: &[Value],
        kwnames: &[Value],
    ) -> PyResult<Value> {
        self.poll_breaker()?;
        if nf.bound.is_none() && nf.name == "__new__" && !first_is_type(args) {
            if let Some(owner) = &nf.owner {
                return Err(self.bad_new_class(owner, args.first()));
            }
        }
        // The dunders of builtin types (`object`'s are not `on_base`);
        // the constructors, the common case, have no fixed shape.
        if nf.name.starts_with("__")
            && !matches!(nf.name.as_str(), "__init__" | "__new__")
            && (nf.on_base || nf.owner.as_deref() == Some("object"))
        {
            self.check_dunder_call(nf, args, kwnames)?;
        }
        if nf.on_base && self_is_instance(nf, args) {
            return self.call_native_on_base(nf, args, kwnames);
        }
        match &nf.bound {
            None => self.run_native(nf, args, kwnames),
            Some(this) => {
                let mut v = Vec::with_capacity(args.len() + 1);
                v.push(this.clone());
                v.extend_from_slice(args);
                self.run_native(nf, &v, kwnames)
            }
        }
    }

    /// Runs `nf`'s implementation on exactly `args` (its bound self, if it
    /// has one, already first). Every native call is a panic boundary: a
    /// bug in one native (or in a host's) is a SystemError in the thread
    /// that hit it, never an abort of the process or a thread that never
    /// finishes.
    #[inline(always)]
    fn run_native(
        &mut self,
        nf: &NativeFunction,
        args: &[Value],
        kwnames: &[Value],
    ) -> PyResult<Value> {
        self.panic_boundary(&nf.name, |vm| match &nf.imp {
            NativeImpl::Fn(p) => p(vm, Args { args, kwnames }),
            NativeImpl::Closure(c) => c(vm, Args { args, kwnames }),
        })
    }

    /// A builtin type's method called on an instance of a subclass
    /// (`d.items()` for `class D(dict)`, `list.append(self, x)`,
    /// `super().__init__(...)`): it runs on the instance's builtin value.
    /// An instance without one (`dict.keys(obj)` for an unrelated class) is
    /// the method's own TypeError.
    #[inline(never)]
    fn call_native_on_base(
        &mut self,
        nf: &NativeFunction,
        args: &[Value],
        kwnames: &[Value],
    ) -> PyResult<Value> {
        let mut v = Vec::with_capacity(args.len() + 1);
        if let Some(this) = &nf.bound {
            v.push(this.clone());
        }
        v.extend_from_slice(args);
        if let Some(cls) = v[0].as_obj().filter(|o| matches!(***o, Object::Type(_))) {
            let cls = cls.clone();
            return self.call_native_for_subclass(nf, &cls, v, kwnames);
        }
        let Some(b) = crate::object::base_value(&v[0]).cloned() else {
            return self.run_native(nf, &v, kwnames);
        };
        // A method of another builtin type (`list.__len__(a_dict_subclass)`)
        // does not apply to this value.
        if let (Some(owner), Some(cls)) = (&nf.owner, class_of_instance(&v[0])) {
            if let Some((base, _)) = super::class::builtin_base(&cls) {
                if !matches!(&*base, Object::Type(bt) if bt.name == *owner) {
                    let (t, name) = (self.type_name(&v[0]), &nf.name);
                    // CPython words it one way for its slot wrappers (the
                    // dunders) and another for the other methods.
                    return Err(Error::type_error(
                        if name.starts_with("__") && name.ends_with("__") {
                            format!(
                                "descriptor '{name}' requires a '{owner}' object but received a '{t}'"
                            )
                        } else {
                            format!(
                                "descriptor '{name}' for '{owner}' objects doesn't apply to a '{t}' object"
                            )
                        },
                    ));
                }
            }
        }
        if nf.name == "__init__" {
            self.check_set_ctor(nf, &v[0], &v, kwnames)?;
        }
        // `dict.__getitem__(self, k)` (`super().__getitem__(k)` in an
        // override) still calls the subclass's `__missing__`, as CPython's.
        if nf.name == "__getitem__" && kwnames.is_empty() && v.len() == 2 {
            return ops::base_getitem(self, &v[0], &b, &v[1]);
        }
        v[0] = b;
        self.run_native(nf, &v, kwnames)
    }

    /// A builtin type's constructor or alternate constructor called with a
    /// subclass as its first argument (`super().__new__(cls, x)`,
    /// `D.fromkeys(ks)`): it makes the builtin value, and an instance of
    /// the subclass carries it. `__new__` of a mutable type makes it empty
    /// and leaves the arguments to `__init__`, as CPython's does.
    fn call_native_for_subclass(
        &mut self,
        nf: &NativeFunction,
        cls: &ObjRef,
        mut v: Vec<Value>,
        kwnames: &[Value],
    ) -> PyResult<Value> {
        let base = super::class::builtin_base(cls);
        let Some((base, kind)) = base.filter(|_| !self.is_builtin_type(cls)) else {
            // `tuple.__new__(list)`, `int.__new__(bool)`: another builtin
            // type than the one whose constructor this is.
            if nf.name == "__new__" {
                if let Some(owner) = nf.owner.as_deref() {
                    self.check_new_target(owner, cls)?;
                }
                // `list.__new__(list, 5)` is an empty list: the arguments
                // are `__init__`'s, which a direct call of `__new__` skips.
                // (`list(5)` itself does not come here: `call_type` runs
                // the native on the whole call.)
                if mutable_kind(cls) {
                    return self.run_native(nf, &v[..1], &[]);
                }
            }
            return self.run_native(nf, &v, kwnames);
        };
        // `fromkeys` makes an instance of the subclass itself.
        if nf.name == "fromkeys" && kind == crate::object::BuiltinKind::Dict {
            return self.run_native(nf, &v, kwnames);
        }
        let owned_by_base =
            matches!((&*base, &nf.owner), (Object::Type(bt), Some(owner)) if bt.name == *owner);
        if !owned_by_base {
            if nf.name == "__new__" {
                let owner = nf.owner.as_deref().unwrap_or("?");
                let c = super::class::type_name_of(cls);
                return Err(Error::type_error(format!(
                    "{owner}.__new__({c}): {c} is not a subtype of {owner}"
                )));
            }
            return self.run_native(nf, &v, kwnames);
        }
        if nf.name == "__new__" {
            self.check_set_ctor(nf, &v[0], &v, kwnames)?;
        }
        v[0] = Value::Obj(base.clone());
        let r = if nf.name == "__new__" && mutable_kind(&base) {
            self.run_native(nf, &v[..1], &[])?
        } else {
            self.run_native(nf, &v, kwnames)?
        };
        if !Ref::ptr_eq(&self.type_of(&r), &base) {
            return Ok(r);
        }
        Ok(self.instance_with_base(cls, r))
    }

    /// `set.__init__` and `frozenset.__new__` run for a subclass: CPython
    /// names the subclass (`this`'s class, or `this` when it is the class)
    /// when there are too many arguments, which the native, running on
    /// the builtin value, no longer knows.
    fn check_set_ctor(
        &self,
        nf: &NativeFunction,
        this: &Value,
        v: &[Value],
        kwnames: &[Value],
    ) -> PyResult<()> {
        let owner = match (nf.owner.as_deref(), nf.name.as_str()) {
            (Some(o @ "set"), "__init__") | (Some(o @ "frozenset"), "__new__") => o,
            _ => return Ok(()),
        };
        let name = match this.as_obj() {
            Some(c) if matches!(**c, Object::Type(_)) => super::class::type_name_of(c),
            _ => self.type_name(this),
        };
        Args { args: v, kwnames }.check_iterable_ctor(owner, &name)
    }

    /// Runs `f`, turning a Rust panic inside it into `SystemError` (named
    /// after `what`) with the panic's message. The VM's per-thread state
    /// that frames unwind by hand (recursion depth, the exception being
    /// handled) is put back as it was on entry, so the thread goes on
    /// normally. Locks and the GIL's blocking sections are guards, released
    /// or retaken by the unwinding itself.
    pub fn catch_panic<R>(
        &mut self,
        what: &str,
        f: impl FnOnce(&mut Vm) -> PyResult<R>,
    ) -> PyResult<R> {
        let r = self.panic_boundary(what, f);
        // The end of a top-level run is a safe point for closing the
        // generators it dropped since its last poll.
        self.close_dropped_generators();
        r
    }

    /// `catch_panic` without its closing of dropped generators: the
    /// boundary around every native call. Generators dropped inside one
    /// are closed at the next poll point (a drop sets the eval breaker),
    /// which for the caller is its next call or backward jump.
    #[inline(always)]
    fn panic_boundary<R>(
        &mut self,
        what: &str,
        f: impl FnOnce(&mut Vm) -> PyResult<R>,
    ) -> PyResult<R> {
        let depth = self.depth;
        let cur_exc = self.cur_exc.clone();
        let caught = crate::panic_hook::CatchingGuard::enter();
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(self)));
        drop(caught);
        match r {
            Ok(r) => r,
            Err(payload) => {
                self.depth = depth;
                self.cur_exc = cur_exc;
                Err(panic_error(what, payload.as_ref()))
            }
        }
    }

    /// `func(this, *args)` without building a new argument vector when
    /// `func` is a conc function (bound methods, `__init__`).
    pub(crate) fn call_with_self(
        &mut self,
        func: &Value,
        this: &Value,
        args: &[Value],
        kwnames: &[Value],
    ) -> PyResult<Value> {
        if let Some(Object::Function(fo)) = func.as_obj().map(|o| &**o) {
            if kwnames.is_empty() && fo.binds_directly(args.len() + 1) {
                return self.call_simple(fo, Some(this), args);
            }
            return self.call_function_inner(fo, Some(this), args, kwnames);
        }
        let mut v = Vec::with_capacity(args.len() + 1);
        v.push(this.clone());
        v.extend_from_slice(args);
        self.call_kw(func, &v, kwnames)
    }

    /// Calls a conc function: binds the arguments into a new frame and runs
    /// it (or wraps it in a generator).
    #[inline]
    pub(crate) fn call_function(
        &mut self,
        func: &FunctionObj,
        args: &[Value],
        kwnames: &[Value],
    ) -> PyResult<Value> {
        if kwnames.is_empty() && func.binds_directly(args.len()) {
            return self.call_simple(func, None, args);
        }
        self.call_function_inner(func, None, args, kwnames)
    }

    /// The common call in one step: `func` has `fast_call` code and gets
    /// exactly its positional parameters (`this` first, if given).
    fn call_simple(
        &mut self,
        func: &FunctionObj,
        this: Option<&Value>,
        args: &[Value],
    ) -> PyResult<Value> {
        self.run_simple(func, |locals| {
            if let Some(t) = this {
                locals.push(Some(t.clone()));
            }
            for a in args {
                locals.push(Some(a.clone()));
            }
        })
    }

    /// `call_simple` with the arguments moved out of the caller's value
    /// stack (`args`, left holding None for the caller to truncate): no
    /// count updates for them.
    pub(super) fn call_simple_moving(
        &mut self,
        func: &FunctionObj,
        args: &mut [Value],
    ) -> PyResult<Value> {
        self.run_simple(func, |locals| {
            for a in args {
                locals.push(Some(std::mem::take(a)));
            }
        })
    }

    /// Runs `func` in a pooled frame whose first parameters `bind` pushes:
    /// the defaults fill the rest of the positional parameters (the
    /// caller checked `binds_directly`), the other locals start unbound.
    #[inline(always)]
    fn run_simple(
        &mut self,
        func: &FunctionObj,
        bind: impl FnOnce(&mut Vec<Option<Value>>),
    ) -> PyResult<Value> {
        self.enter()?;
        let code = &func.code;
        let mut frame = self.pooled_frame(code, &func.globals);
        bind(&mut frame.locals);
        let missing = (code.argcount as usize).saturating_sub(frame.locals.len());
        if missing > 0 {
            let defaults = &func.defaults[func.defaults.len() - missing..];
            frame
                .locals
                .extend(defaults.iter().map(|d| Some(d.clone())));
        }
        let nlocals = code.nlocals();
        if frame.locals.len() < nlocals {
            frame.locals.resize(nlocals, None);
        }
        if !func.closure.is_empty() || !code.cellvars.is_empty() {
            frame.set_cells(&func.closure);
        }
        let r = self.run_frame_code(&mut frame, code, None);
        self.depth -= 1;
        self.recycle(frame);
        match r {
            Ok(super::eval::Exit::Return(v)) => Ok(v),
            Ok(super::eval::Exit::Yield(_)) => {
                Err(Error::runtime_error("yield outside a generator"))
            }
            Err(e) => Err(e),
        }
    }

    /// `call_function` with an optional first argument (`self`) before `args`.
    fn call_function_inner(
        &mut self,
        func: &FunctionObj,
        this: Option<&Value>,
        args: &[Value],
        kwnames: &[Value],
    ) -> PyResult<Value> {
        let code = &func.code;
        let mut frame = self.pooled_frame(code, &func.globals);
        let locals = &mut frame.locals;
        locals.resize(code.nlocals(), None);
        let simple =
            code.flags & (flags::VARARGS | flags::VARKEYWORDS) == 0 && code.kwonlyargcount == 0;
        let nargs = args.len() + this.is_some() as usize;
        if simple && kwnames.is_empty() && nargs == code.argcount as usize {
            let mut slots = locals.iter_mut();
            if let Some(t) = this {
                if let Some(slot) = slots.next() {
                    *slot = Some(t.clone());
                }
            }
            for (slot, a) in slots.zip(args) {
                *slot = Some(a.clone());
            }
        } else {
            let r = match this {
                None => bind_args(self, func, args, kwnames, locals),
                Some(t) => {
                    let mut v = Vec::with_capacity(args.len() + 1);
                    v.push(t.clone());
                    v.extend_from_slice(args);
                    bind_args(self, func, &v, kwnames, locals)
                }
            };
            if let Err(e) = r {
                self.recycle(frame);
                return Err(e);
            }
        }
        frame.set_cells(&func.closure);
        if code.is_generator() {
            return Ok(super::generator::new_generator(frame, func, &self.gil));
        }
        let r = self.run_frame_call_code(&mut frame, code);
        self.recycle(frame);
        r
    }

    /// `cls(*args)` when `cls` is a class whose instances `object.__new__`
    /// makes and whose `__init__` is a plain conc function taking exactly
    /// `args`: the common `Point(x, y)`, without `call_type`'s general
    /// protocol. `None` when that does not apply (nothing was done).
    pub(crate) fn call_plain_class(
        &mut self,
        cls: &ObjRef,
        args: &[Value],
    ) -> Option<PyResult<Value>> {
        match &**cls {
            Object::Type(t) if t.metaclass.is_none() => {
                if t.builtin.is_some() {
                    return self.call_builtin_type(cls, args);
                }
            }
            _ => return None,
        }
        // Peeked at through the type cache: no name or result clones but
        // the `__init__` about to be called.
        let st = &self.state;
        let new = super::cache::type_peek(&mut self.caches, st, cls, &st.names.new, |r| match r {
            None => PlainNew::Object,
            Some((new, _)) if new.is(&st.object_new) => PlainNew::Object,
            Some((new, _)) if new.is(&st.exc_new) => PlainNew::Exception,
            Some(_) => PlainNew::Other,
        });
        let init = super::cache::type_peek(&mut self.caches, st, cls, &st.names.init, |r| {
            r.map(|(init, _)| init.clone())
        })?;
        match new {
            PlainNew::Object => {}
            // `raise E(arg)`: an exception class that overrides neither
            // method gets its args once, with no calls of the two natives.
            PlainNew::Exception if init.is(&self.state.exc_init) => {
                let exc = self.instantiate_native(cls);
                self.set_exception_args(&exc, args.to_vec());
                return Some(Ok(exc));
            }
            PlainNew::Exception | PlainNew::Other => return None,
        }
        let Some(Object::Function(func)) = init.as_obj().map(|o| &**o) else {
            return None;
        };
        if !func.binds_directly(args.len() + 1) {
            return None;
        }
        let obj = self.instantiate_native(cls);
        Some(
            self.call_simple(func, Some(&obj), args)
                .and_then(|r| self.init_returned(r))
                .map(|()| obj),
        )
    }

    /// `set(s)`, `list(it)`, `dict()`: a builtin type's own native
    /// `__new__` builds the whole value, called here with the type and the
    /// arguments and no look-up of `__init__` (which such a type leaves to
    /// its subclasses). `None` for `type` itself (`type(x)` is special) and
    /// a type whose `__new__` is not a plain native.
    fn call_builtin_type(&mut self, cls: &ObjRef, args: &[Value]) -> Option<PyResult<Value>> {
        let st = &self.state;
        if Ref::ptr_eq(cls, &st.types[crate::object::BuiltinKind::Type as usize]) {
            return None;
        }
        let new = super::cache::type_peek(&mut self.caches, st, cls, &st.names.new, |r| {
            r.filter(|(new, _)| !new.is(&st.object_new))
                .map(|(new, _)| new.clone())
        })?;
        let Some(Object::NativeFunction(nf)) = new.as_obj().map(|o| &**o) else {
            return None;
        };
        if nf.bound.is_some() {
            return None;
        }
        let mut v = Vec::with_capacity(args.len() + 1);
        v.push(Value::Obj(cls.clone()));
        v.extend_from_slice(args);
        Some(self.run_native(nf, &v, &[]))
    }

    /// Checks what `__init__` returned: it must be None.
    fn init_returned(&self, r: Value) -> PyResult<()> {
        if r.is_none() {
            return Ok(());
        }
        Err(Error::type_error(format!(
            "__init__() should return None, not '{}'",
            self.type_name(&r)
        )))
    }

    /// A frame for a call of `code`, from the pool if one is there: its
    /// buffers keep their capacity from earlier calls. A pooled frame still
    /// holds the code and globals of its last call, so a frame reused for
    /// the same function (loops, recursion: the hot case) needs no count
    /// updates for them.
    #[inline(always)]
    fn pooled_frame(&mut self, code: &CodeRef, globals: &ObjRef) -> Box<Frame> {
        match self.caches.frame_pool.pop() {
            Some(mut frame) => {
                if !Ref::ptr_eq(&frame.code, code) {
                    frame.code = code.clone();
                }
                if !Ref::ptr_eq(&frame.globals, globals) {
                    frame.globals = globals.clone();
                }
                frame
            }
            None => Box::new(Frame {
                code: code.clone(),
                pc: 0,
                stack: Vec::new(),
                locals: Vec::new(),
                cells: Vec::new(),
                blocks: Vec::new(),
                globals: globals.clone(),
                locals_dict: None,
                reraised: false,
            }),
        }
    }

    /// Empties a finished frame and keeps it for the next call. Its code
    /// and globals stay (see `pooled_frame`): a function's code and its
    /// module's dict outlive its calls anyway, and there are no finalizers
    /// that could see the difference.
    #[inline(always)]
    fn recycle(&mut self, mut frame: Box<Frame>) {
        if self.caches.frame_pool.len() >= super::cache::FRAME_POOL_MAX {
            return;
        }
        frame.stack.clear();
        frame.locals.clear();
        // Most frames have neither cells nor blocks: a test is cheaper
        // than clear()'s drop loop set-up (2 instructions a call on fib).
        if !frame.cells.is_empty() {
            frame.cells.clear();
        }
        if !frame.blocks.is_empty() {
            frame.blocks.clear();
        }
        frame.locals_dict = None;
        frame.pc = 0;
        frame.reraised = false;
        self.caches.frame_pool.push(frame);
    }

    /// Runs a (non-generator) frame to completion under the recursion guards.
    pub(crate) fn run_frame_call(&mut self, frame: &mut Frame) -> PyResult<Value> {
        let code = frame.code.clone();
        self.run_frame_call_code(frame, &code)
    }

    /// `run_frame_call` with the frame's code held by the caller.
    #[inline]
    fn run_frame_call_code(
        &mut self,
        frame: &mut Frame,
        code: &crate::bytecode::Code,
    ) -> PyResult<Value> {
        self.enter()?;
        let r = self.run_frame_code(frame, code, None);
        self.depth -= 1;
        match r {
            Ok(super::eval::Exit::Return(v)) => Ok(v),
            Ok(super::eval::Exit::Yield(_)) => {
                Err(Error::runtime_error("yield outside a generator"))
            }
            Err(e) => Err(e),
        }
    }

    /// Counts a conc frame entry; RecursionError past the limit or when the
    /// Rust stack runs low.
    #[inline]
    pub(crate) fn enter(&mut self) -> PyResult<()> {
        let limit = self
            .state
            .recursion_limit
            .load(std::sync::atomic::Ordering::Relaxed);
        // The Rust stack is measured every 8th level: 8 conc frames use far
        // less than STACK_RESERVE.
        if self.depth >= limit || (self.depth & 7 == 0 && stack_exhausted()) {
            return Err(Error::new(
                ExcKind::RecursionError,
                "maximum recursion depth exceeded",
            ));
        }
        self.depth += 1;
        Ok(())
    }

    /// Runs one level of a native recursion (`==` or `hash` of nested
    /// containers, `next` of nested iterators, ...) counted like a call, so
    /// that a deep structure ends in `RecursionError` (saying
    /// "maximum recursion depth exceeded{what}") instead of overflowing
    /// the Rust stack.
    #[inline]
    pub fn nested<R>(
        &mut self,
        what: &'static str,
        f: impl FnOnce(&mut Vm) -> PyResult<R>,
    ) -> PyResult<R> {
        if self.enter().is_err() {
            return Err(Error::new(
                ExcKind::RecursionError,
                format!("maximum recursion depth exceeded{what}"),
            ));
        }
        let r = f(self);
        self.depth -= 1;
        r
    }

    /// Runs one level of a native recursion that CPython bounds by the C
    /// stack alone, not by the recursion limit (`hash` of nested tuples:
    /// CPython hashes a tuple nested 10^5 deep). As deep as the Rust stack
    /// allows, then `RecursionError` where CPython would crash.
    #[inline]
    pub fn nested_on_stack<R>(&mut self, f: impl FnOnce(&mut Vm) -> PyResult<R>) -> PyResult<R> {
        if stack_exhausted() {
            return Err(Error::new(
                ExcKind::RecursionError,
                "maximum recursion depth exceeded",
            ));
        }
        f(self)
    }

    /// Calls a type: `__new__` then `__init__`.
    pub(crate) fn call_type(
        &mut self,
        cls: &ObjRef,
        args: &[Value],
        kwnames: &[Value],
    ) -> PyResult<Value> {
        let type_type = self.builtin_type(crate::object::BuiltinKind::Type);
        if crate::sync::Ref::ptr_eq(cls, &type_type) && args.len() == 1 && kwnames.is_empty() {
            return Ok(Value::Obj(self.type_of(&args[0])));
        }
        let (new_name, init_name) = (self.state.names.new.clone(), self.state.names.init.clone());
        let new = self.lookup_type_c(cls, &new_name);
        let init = self.lookup_type_c(cls, &init_name);
        let object_init = self.state.object_init.clone();
        let init_is_object = init.as_ref().is_none_or(|i| i.is(&object_init));
        let obj = match new {
            Some(n) if !n.is(&self.state.object_new) => {
                let n = match n.as_obj().map(|o| &**o) {
                    Some(Object::StaticMethod(f)) => f.clone(),
                    _ => n,
                };
                let mut v = Vec::with_capacity(args.len() + 1);
                v.push(Value::Obj(cls.clone()));
                v.extend_from_slice(args);
                // A builtin type's own native `__new__` builds the whole
                // value from all the arguments (`dict(a=1)`), unlike a
                // direct call of `dict.__new__(dict, ...)`.
                if let Some(Object::NativeFunction(nf)) = n.as_obj().map(|o| &**o) {
                    if nf.bound.is_none() && self.is_builtin_type(cls) {
                        return self.run_native(nf, &v, kwnames);
                    }
                }
                let obj = self.call_kw(&n, &v, kwnames)?;
                if !self.isinstance(&obj, cls) {
                    return Ok(obj);
                }
                obj
            }
            _ => {
                if init_is_object && !args.is_empty() {
                    let name = super::class::type_name_of(cls);
                    return Err(Error::type_error(format!("{name}() takes no arguments")));
                }
                self.check_not_abstract(cls)?;
                self.instantiate_native(cls)
            }
        };
        // A builtin type's `__new__` builds the whole value (`list(it)`);
        // its `__init__` is for the instances of subclasses.
        if self.is_builtin_type(cls) {
            return Ok(obj);
        }
        if let Some(init) = init.filter(|_| !init_is_object) {
            let r = self.call_with_self(&init, &obj, args, kwnames)?;
            self.init_returned(r)?;
        }
        Ok(obj)
    }

    /// `f(*args, **kwargs)` from a tuple/iterable and a mapping.
    pub(crate) fn call_ex(
        &mut self,
        f: &Value,
        pos: &Value,
        kw: Option<&Value>,
    ) -> PyResult<Value> {
        let mut args = match pos.as_obj().map(|o| &**o) {
            Some(Object::Tuple(t)) => t.to_vec(),
            _ => ops::collect(self, pos)?,
        };
        let mut names = Vec::new();
        if let Some(kw) = kw {
            let items = match kw.as_obj().map(|o| &**o) {
                Some(Object::Dict(d)) => d.borrow().items(),
                _ => {
                    let keys = self.call_method(kw, "keys", &[])?;
                    let keys = ops::collect(self, &keys)?;
                    let mut out = Vec::new();
                    for k in keys {
                        let v = ops::getitem(self, kw, &k)?;
                        out.push((k, v));
                    }
                    out
                }
            };
            for (k, v) in items {
                if k.as_str().is_none() {
                    return Err(Error::type_error("keywords must be strings"));
                }
                names.push(k);
                args.push(v);
            }
        }
        self.call_kw(f, &args, &names)
    }
}

/// Which `__new__` a class without a metaclass inherits, for
/// `call_plain_class`.
enum PlainNew {
    Object,
    Exception,
    Other,
}

/// Whether `cls` is list, dict or set: the builtin types whose `__new__`
/// makes an empty value and leaves the arguments to `__init__`.
fn mutable_kind(cls: &ObjRef) -> bool {
    use crate::object::BuiltinKind as K;
    matches!(&**cls, Object::Type(t) if matches!(t.builtin, Some(K::List | K::Dict | K::Set)))
}

/// Whether the first argument is a class (what a `__new__` needs).
#[inline(always)]
fn first_is_type(args: &[Value]) -> bool {
    matches!(args.first(), Some(Value::Obj(o)) if matches!(**o, Object::Type(_)))
}

/// The class of `v` when it is an instance of a class.
fn class_of_instance(v: &Value) -> Option<ObjRef> {
    match v {
        Value::Obj(o) => match &**o {
            Object::Instance(i) => Some(i.class.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// Whether the self argument of `nf` (bound, or the first argument) is an
/// instance of a class: then a builtin type's method may have to run on
/// the instance's builtin value.
#[inline(always)]
fn self_is_instance(nf: &NativeFunction, args: &[Value]) -> bool {
    match nf.bound.as_ref().or(args.first()) {
        Some(Value::Obj(o)) => matches!(**o, Object::Instance(_) | Object::Type(_)),
        _ => false,
    }
}

pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'` as CPython lists missing names.
pub(crate) fn name_list(names: &[&str]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match q.len() {
        0 => String::new(),
        1 => q[0].clone(),
        2 => format!("{} and {}", q[0], q[1]),
        n => format!("{}, and {}", q[..n - 1].join(", "), q[n - 1]),
    }
}

/// A function's `__qualname__` as its argument errors name it (CPython's
/// messages follow the function's attribute, not its code's name), read
/// only when a message is made.
struct QualName<'a>(&'a FunctionObj);

impl std::fmt::Display for QualName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.qualname.borrow().as_str() {
            Some(q) => f.write_str(q),
            None => f.write_str(&self.0.code.qualname),
        }
    }
}

/// Binds call arguments to parameter slots (the general path).
pub(crate) fn bind_args(
    vm: &mut Vm,
    func: &FunctionObj,
    args: &[Value],
    kwnames: &[Value],
    locals: &mut [Option<Value>],
) -> PyResult<()> {
    let code = &func.code;
    let fname = QualName(func);
    let argcount = code.argcount as usize;
    let kwonly = code.kwonlyargcount as usize;
    let npos = args.len() - kwnames.len();
    let has_varargs = code.flags & flags::VARARGS != 0;
    let has_varkw = code.flags & flags::VARKEYWORDS != 0;
    let varargs_slot = argcount + kwonly;
    let varkw_slot = varargs_slot + has_varargs as usize;

    for (i, a) in args[..npos.min(argcount)].iter().enumerate() {
        locals[i] = Some(a.clone());
    }
    if has_varargs {
        let extra = if npos > argcount {
            args[argcount..npos].to_vec()
        } else {
            vec![]
        };
        locals[varargs_slot] = Some(Value::tuple(extra));
    } else if npos > argcount {
        let ndef = func.defaults.len();
        let takes = if ndef > 0 {
            format!(
                "from {} to {argcount} positional arguments",
                argcount - ndef
            )
        } else {
            plural(argcount, "positional argument")
        };
        let given = if npos == 1 { "was" } else { "were" };
        return Err(Error::type_error(format!(
            "{fname}() takes {takes} but {npos} {given} given"
        )));
    }
    let mut kwdict = if has_varkw { Some(Dict::new()) } else { None };
    let posonly = code.posonlyargcount as usize;
    for (name, val) in kwnames.iter().zip(&args[npos..]) {
        let n = name.as_str().unwrap_or("");
        let idx = code.varnames[..argcount + kwonly]
            .iter()
            .position(|v| v == n);
        match idx {
            Some(i) if i >= posonly => {
                if locals[i].is_some() {
                    return Err(Error::type_error(format!(
                        "{fname}() got multiple values for argument '{n}'"
                    )));
                }
                locals[i] = Some(val.clone());
            }
            _ => match &mut kwdict {
                Some(d) => {
                    d.set_by_str_value(name.clone(), val.clone());
                }
                None => {
                    if idx.is_some() {
                        return Err(Error::type_error(format!(
                            "{fname}() got some positional-only arguments passed as keyword arguments: '{n}'"
                        )));
                    }
                    return Err(Error::type_error(format!(
                        "{fname}() got an unexpected keyword argument '{n}'"
                    )));
                }
            },
        }
    }
    if let Some(d) = kwdict {
        locals[varkw_slot] = Some(Value::new_obj(Object::Dict(ObjCell::new(d))));
    }
    // Defaults for the last positional parameters.
    let ndef = func.defaults.len();
    let first_def = argcount - ndef.min(argcount);
    let mut missing = Vec::new();
    for (i, slot) in locals.iter_mut().enumerate().take(argcount) {
        if slot.is_none() {
            if i >= first_def {
                *slot = Some(func.defaults[i - first_def].clone());
            } else {
                missing.push(code.varnames[i].as_str());
            }
        }
    }
    if !missing.is_empty() {
        return Err(Error::type_error(format!(
            "{fname}() missing {} required positional argument{}: {}",
            missing.len(),
            if missing.len() == 1 { "" } else { "s" },
            name_list(&missing)
        )));
    }
    for (i, slot) in locals
        .iter_mut()
        .enumerate()
        .take(argcount + kwonly)
        .skip(argcount)
    {
        if slot.is_none() {
            let n = code.varnames[i].as_str();
            let def = match func.kwdefaults.as_deref() {
                Some(Object::Dict(d)) => d.borrow().get_str(n).cloned(),
                _ => None,
            };
            match def {
                Some(v) => *slot = Some(v),
                None => missing.push(n),
            }
        }
    }
    if !missing.is_empty() {
        return Err(Error::type_error(format!(
            "{fname}() missing {} required keyword-only argument{}: {}",
            missing.len(),
            if missing.len() == 1 { "" } else { "s" },
            name_list(&missing)
        )));
    }
    let _ = vm;
    Ok(())
}
