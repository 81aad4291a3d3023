//! The virtual machine: per-thread state (`Vm`), the interpreter-wide shared
//! state (`InterpState`), and the public methods other parts of the
//! interpreter (and embedders) call: calls, attributes, types, errors.
//!
//! The opcode families, calls, attributes, classes, exceptions, generators
//! and imports live in their own files; this one holds the state and the
//! small helpers everybody uses.

pub mod attr;
pub mod breaker;
pub(crate) mod builtins;
pub(crate) mod cache;
pub(crate) mod call;
pub(crate) mod class;
pub(crate) mod eval;
pub(crate) mod eval_ops;
pub mod exceptions;
pub(crate) mod frame;
mod func_attrs;
pub(crate) mod generator;
pub(crate) mod generic_alias;
pub(crate) mod import;
pub(crate) mod metaclass;
mod new_target;
pub(crate) mod shim;
mod slot_wrappers;
pub(crate) mod slots;
pub(crate) mod special;
mod super_method;
pub mod sys;
pub mod threads;
pub mod weak_callbacks;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use parking_lot::Mutex;

use crate::error::{Error, ExcKind, PyResult};
use crate::gil::{Gil, GilThread};
use crate::object::{
    Args, BuiltinKind, Dict, ModuleObj, NativeClosure, NativeFnPtr, NativeFunction, NativeImpl,
    Object,
};
use crate::sync::ObjCell;
use crate::value::{ObjRef, Value};

pub use frame::Frame;

/// The protocols of the object engineer (`crate::ops`), reached through one
/// alias so a temporary shim can stand in while they are being written.
pub(crate) use crate::ops;

/// Initializer of a builtin module, run on its first import.
pub type ModuleInit = fn(&mut Vm) -> PyResult<Value>;

/// The next interpreter's number: 1 for the first of the process.
static NEXT_INTERPRETER_ID: AtomicU64 = AtomicU64::new(1);

/// A number for a new interpreter, never given to another one of this
/// process.
pub(crate) fn new_interpreter_id() -> u64 {
    NEXT_INTERPRETER_ID.fetch_add(1, Ordering::Relaxed)
}

/// Settings fixed when an interpreter starts.
#[derive(Clone, Debug)]
pub struct VmConfig {
    pub argv: Vec<String>,
    pub path: Vec<String>,
    pub executable: String,
    /// The interpreter's GIL (a disabled one under `--no-gil`).
    pub gil: Arc<Gil>,
    /// The host's limits on the script (`crate::limits`).
    pub limits: Arc<crate::limits::Limits>,
}

/// What all threads of one interpreter share.
pub struct InterpState {
    /// The interpreter's number, unique in the process ([`new_interpreter_id`]):
    /// named in the errors that refuse a handle of another interpreter.
    pub(crate) id: u64,
    /// Builtin type objects, indexed by `BuiltinKind as usize`.
    pub(crate) types: Vec<ObjRef>,
    /// Builtin exception classes, indexed by `ExcKind as usize`.
    pub(crate) exc_types: Vec<ObjRef>,
    /// The `builtins` module and its dict (an `Object::Dict`).
    pub(crate) builtins_module: Value,
    pub(crate) builtins: ObjRef,
    /// `sys.modules` (an `Object::Dict`).
    pub(crate) modules: Value,
    /// `sys.path` (an `Object::List`).
    pub(crate) sys_path: Value,
    /// Threads of this interpreter: idents, the main thread, extension
    /// state of the thread module (the eval breaker is the GIL's:
    /// `config.gil.eval_breaker()`).
    pub(crate) threads: threads::Shared,
    pub(crate) recursion_limit: AtomicU32,
    /// Changed on every write to a class dict (attribute-cache
    /// invalidation): the `type_clock` reading of the last such write.
    pub(crate) type_version: AtomicU64,
    /// Source of class cache tags and `type_version`s (`vm::cache`).
    pub(crate) type_clock: AtomicU64,
    pub(crate) builtin_modules: Mutex<HashMap<String, ModuleInit>>,
    /// Per-module import locks (`import.rs`).
    pub(crate) imports: Arc<import::ImportLocks>,
    /// Source text of files without a file on disk (`-c`, REPL, `<string>`),
    /// for traceback lines.
    pub(crate) sources: Mutex<HashMap<String, Arc<str>>>,
    /// The internal "no self" marker pushed by `LoadMethod`.
    pub(crate) null: ObjRef,
    /// `object.__new__` and `object.__init__` (to recognise "not
    /// overridden" cheaply).
    pub(crate) object_new: Value,
    pub(crate) object_init: Value,
    /// `BaseException.__new__` and `BaseException.__init__`, likewise.
    pub(crate) exc_new: Value,
    pub(crate) exc_init: Value,
    /// The type of `__slots__` members (`vm::slots`).
    pub(crate) member_descriptor: ObjRef,
    /// Names the VM looks up itself (`__init__`, `__setattr__`, ...).
    pub(crate) names: cache::Names,
    /// One str object per identifier compiled in this interpreter (names,
    /// keyword names, identifier-like literals), starting from the VM's
    /// own names and the builtins' keys: a name in a code object is then
    /// the very key it looks up in a module, class or builtins dict, and
    /// the caches' identity compare answers without comparing text (as
    /// CPython interns identifiers).
    pub(crate) identifiers: Mutex<HashMap<Box<str>, Value>>,
    /// The cycle collector's generations and settings.
    pub(crate) gc: Arc<crate::gc::Heap>,
    /// Objects of host handles dropped without the GIL (`embed::Owned`).
    pub(crate) releases: Arc<crate::embed::ReleasePool>,
    /// One-character ASCII strings, shared by every thread of this
    /// interpreter (iterating a str allocates none; `ops::char_value`).
    pub(crate) ascii_chars: Box<[Value]>,
    /// The classes of dict views (`dict_keys`, `dict_values`,
    /// `dict_items`) and of file objects, made on first use.
    pub(crate) dict_view_classes: OnceLock<[ObjRef; 3]>,
    pub(crate) text_io_class: OnceLock<ObjRef>,
    pub(crate) config: VmConfig,
}

/// What a frame-sensitive builtin (`locals()`, `super()`, ...) sees of the
/// frame that called it.
#[derive(Clone)]
pub(crate) struct FrameCtx {
    pub globals: ObjRef,
    pub locals: Option<Value>,
    pub first_arg: Option<Value>,
    pub class_cell: Option<ObjRef>,
    /// The calling frame's file and current line (`Vm::caller_location`).
    pub location: (Arc<str>, u32),
}

/// Per-thread interpreter state. Holding `&mut Vm` proves the thread may
/// touch interpreter objects (it holds the GIL, or there is none).
pub struct Vm {
    pub(crate) state: Arc<InterpState>,
    /// Nesting depth of conc frames (checked against the recursion limit).
    pub(crate) depth: u32,
    /// The exception currently being handled (`sys.exc_info()`), for
    /// implicit chaining.
    pub(crate) cur_exc: Option<Value>,
    pub(crate) frame_ctx: Option<FrameCtx>,
    /// The attribute cache and the frame-buffer pool of this thread.
    pub(crate) caches: cache::VmCaches,
    /// The interpreter's GIL (also in `state.config`; kept here so the
    /// eval-breaker poll is one pointer away).
    pub(crate) gil: Arc<Gil>,
    /// This thread's registration with the GIL (`None` only while dropping).
    pub(crate) gil_thread: Option<GilThread>,
    /// `thread.get_ident()` of this thread.
    pub(crate) ident: u64,
    pub(crate) is_main: bool,
    /// True if this `Vm` made its thread register new objects with the
    /// cycle collector (`gc::attach_thread`), to be undone when it drops.
    pub(crate) gc_attached: bool,
    /// This thread's view of a termination in force (`crate::limits`).
    pub(crate) limits: crate::limits::ThreadLimits,
}

impl Vm {
    /// A fresh interpreter (builtin types, exception classes, builtins, sys).
    /// The main thread (`MainThread`) holds the GIL when this returns.
    pub fn new(config: VmConfig) -> Vm {
        let gil = config.gil.clone();
        let state = class::bootstrap(config);
        let gil_thread = gil.register_thread("MainThread");
        gil.take_gil(&gil_thread);
        let ident = state.threads.new_ident();
        state.threads.set_main(ident);
        let mut vm = Vm {
            state: Arc::new(state),
            depth: 0,
            cur_exc: None,
            frame_ctx: None,
            caches: cache::VmCaches::new(),
            gil,
            gil_thread: Some(gil_thread),
            ident,
            is_main: true,
            gc_attached: false,
            limits: Default::default(),
        };
        vm.gc_attached = crate::gc::attach_thread(&vm.state.gc, &vm.gil);
        builtins::install(&mut vm);
        sys::install(&mut vm);
        vm
    }

    /// The interpreter's str object for the identifier `name` (see
    /// `InterpState::identifiers`).
    pub(crate) fn intern(&self, name: &str) -> Value {
        let mut table = self.state.identifiers.lock();
        if let Some(v) = table.get(name) {
            return v.clone();
        }
        let builtin_key = match &*self.state.builtins {
            Object::Dict(d) => {
                let d = d.borrow();
                let hash = crate::object::str::str_hash(name);
                d.find(hash, |k| k.as_str() == Some(name))
                    .and_then(|i| d.entry_at(i))
                    .map(|e| e.key.clone())
            }
            _ => None,
        };
        let v = builtin_key.unwrap_or_else(|| Value::str(name));
        table.insert(name.into(), v.clone());
        v
    }

    /// Another thread's state for the same interpreter, registered with the
    /// GIL as `Thread-N`; it does not hold the GIL yet (see
    /// [`Vm::new_thread_named`], [`Vm::spawn_thread`]).
    pub fn new_thread(&self) -> Vm {
        let n = self.state.threads.next_thread_number();
        self.new_thread_named(&format!("Thread-{n}"))
    }

    /// Another thread's state, registered with the GIL under `name`. It does
    /// not hold the GIL: the thread that uses it calls [`Vm::take_gil`]
    /// first. Dropping it unregisters it (releasing the GIL if held).
    pub fn new_thread_named(&self, name: &str) -> Vm {
        Vm {
            state: self.state.clone(),
            depth: 0,
            cur_exc: None,
            frame_ctx: None,
            caches: cache::VmCaches::new(),
            gil: self.gil.clone(),
            gil_thread: Some(self.gil.register_thread(name)),
            ident: self.state.threads.new_ident(),
            is_main: false,
            gc_attached: false,
            limits: Default::default(),
        }
    }

    pub fn state(&self) -> &Arc<InterpState> {
        &self.state
    }

    /// The number of this thread's interpreter, unique in the process.
    pub fn interpreter_id(&self) -> u64 {
        self.state.id
    }

    // ----- types -----

    /// The builtin type object of a kind.
    #[inline]
    pub fn builtin_type(&self, kind: BuiltinKind) -> ObjRef {
        if kind == BuiltinKind::BaseException {
            return self.exc_type(ExcKind::BaseException);
        }
        self.state.types[kind as usize].clone()
    }

    /// The builtin exception class of a kind.
    #[inline]
    pub fn exc_type(&self, kind: ExcKind) -> ObjRef {
        self.state.exc_types[kind as usize].clone()
    }

    /// The type object of a value.
    #[inline]
    pub fn type_of(&self, v: &Value) -> ObjRef {
        self.type_ref(v).clone()
    }

    /// The type object of a value, borrowed.
    #[inline]
    pub fn type_ref<'a>(&'a self, v: &'a Value) -> &'a ObjRef {
        let t = &self.state.types;
        let kind = match v {
            Value::None => BuiltinKind::NoneType,
            Value::Bool(_) => BuiltinKind::Bool,
            Value::Int(_) => BuiltinKind::Int,
            Value::Float(_) => BuiltinKind::Float,
            Value::Obj(o) => match &**o {
                Object::Instance(i) => return &i.class,
                Object::Type(c) => match &c.metaclass {
                    Some(m) => return m,
                    None => BuiltinKind::Type,
                },
                o => object_kind(o),
            },
        };
        &t[kind as usize]
    }

    /// The Python type name of a value (`int`, `MyClass`).
    pub fn type_name(&self, v: &Value) -> String {
        match &**self.type_ref(v) {
            Object::Type(t) if t.static_type => format!("{}.{}", t.module, t.name),
            Object::Type(t) => t.name.clone(),
            _ => "?".into(),
        }
    }

    // ----- errors -----

    pub fn new_error(&self, kind: ExcKind, msg: impl Into<String>) -> Error {
        Error::new(kind, msg)
    }

    /// `KeyError(key)` with the key itself as the argument (its str is the
    /// key's repr, as in Python).
    pub fn key_error(&mut self, key: Value) -> Error {
        Error::Obj(self.new_exception(ExcKind::KeyError, vec![key]))
    }

    // ----- natives and modules -----

    pub fn new_native_fn(&self, name: &str, f: NativeFnPtr) -> Value {
        native_fn(name, f)
    }

    pub fn new_native_closure(&self, name: &str, f: NativeClosure) -> Value {
        Value::new_obj(Object::NativeFunction(Box::new(NativeFunction {
            on_base: false,
            name: name.into(),
            imp: NativeImpl::Closure(f),
            owner: None,
            bound: None,
        })))
    }

    /// A new empty module with `__name__` set.
    pub fn new_module(&self, name: &str) -> Value {
        let mut d = Dict::new();
        d.set_str("__name__", Value::str(name));
        d.set_str("__doc__", Value::None);
        let dict = crate::sync::Ref::new(Object::Dict(ObjCell::new(d)));
        Value::new_obj(Object::Module(ModuleObj {
            name: name.into(),
            dict,
        }))
    }

    /// Sets an attribute of a module.
    pub fn module_set(&self, module: &Value, name: &str, value: Value) {
        if let Some(Object::Module(m)) = module.as_obj().map(|o| &**o) {
            if let Object::Dict(d) = &*m.dict {
                d.borrow_mut().set_str(name, value);
            }
        }
    }

    /// Registers a builtin module, created lazily on its first import.
    pub fn register_builtin_module(&self, name: &str, init: ModuleInit) {
        self.state
            .builtin_modules
            .lock()
            .insert(name.to_string(), init);
    }

    /// Runs `f` with the GIL released (retaken after, also if `f` panics).
    /// The `Send` bound keeps borrowed interpreter values out of `f`; the
    /// `&mut self` that no value can outlive is the proof of holding the
    /// GIL. Every operation that may block goes through here.
    pub fn allow_threads<R: Send, F: FnOnce() -> R + Send>(&mut self, f: F) -> R {
        match &self.gil_thread {
            Some(t) => self.gil.allow_threads(t, f),
            None => f(),
        }
    }

    /// [`Vm::allow_threads`], saying what `f` blocks on (`"sleep"`, `"io"`,
    /// ...) for the GIL trace's `blocked` slices.
    pub fn allow_threads_because<R: Send, F: FnOnce() -> R + Send>(
        &mut self,
        reason: &'static str,
        f: F,
    ) -> R {
        match &self.gil_thread {
            Some(t) => self.gil.allow_threads_because(t, reason, f),
            None => f(),
        }
    }

    /// A value of the builtins module (for natives that need e.g. `print`).
    pub fn builtin(&self, name: &str) -> Option<Value> {
        match &*self.state.builtins {
            Object::Dict(d) => d.borrow().get_str(name).cloned(),
            _ => None,
        }
    }

    /// Sets a name in the builtins module.
    pub fn set_builtin(&self, name: &str, v: Value) {
        if let Object::Dict(d) = &*self.state.builtins {
            d.borrow_mut().set_str(name, v);
        }
    }

    /// The script location (`file`, `line`) of the call now being made, for
    /// the callables that see their caller's frame: the frame-sensitive
    /// builtins and native classes marked with [`Vm::want_caller_location`]
    /// (the lock and queue constructors record where they were created).
    /// `None` when called from elsewhere (native code, an unmarked callable).
    pub fn caller_location(&self) -> Option<(Arc<str>, u32)> {
        self.frame_ctx.as_ref().map(|c| c.location.clone())
    }

    /// Marks a native class (one made by [`Vm::new_class`] with a payload
    /// initializer) so that calling it sets [`Vm::caller_location`] for its
    /// `__new__`/`__init__`. Costs a look-up of the caller's locals per call.
    pub fn want_caller_location(&self, cls: &ObjRef) {
        if let Object::Type(t) = &**cls {
            t.dict
                .borrow_mut()
                .set_str(builtins::CALLER_MARK, Value::Bool(true));
        }
    }

    /// Remembers the text of a source without a file (for tracebacks).
    pub fn add_source(&self, filename: &str, text: &str) {
        self.state
            .sources
            .lock()
            .insert(filename.to_string(), Arc::from(text));
    }

    /// The eval loop's poll point (backward jumps, calls): one relaxed load
    /// and a branch on the fast path.
    #[inline(always)]
    pub(crate) fn poll_breaker(&mut self) -> PyResult<()> {
        if self.gil.eval_breaker().load() != 0 {
            breaker::handle(self)?;
        }
        Ok(())
    }
}

/// A native function value.
pub fn native_fn(name: &str, f: NativeFnPtr) -> Value {
    Value::new_obj(Object::NativeFunction(Box::new(NativeFunction {
        on_base: false,
        name: name.into(),
        imp: NativeImpl::Fn(f),
        owner: None,
        bound: None,
    })))
}

/// The builtin kind of a non-instance heap object.
#[inline]
pub(crate) fn object_kind(o: &Object) -> BuiltinKind {
    match o {
        Object::Str(_) => BuiltinKind::Str,
        Object::Bytes(_) => BuiltinKind::Bytes,
        Object::BigInt(_) => BuiltinKind::Int,
        Object::Complex { .. } => BuiltinKind::Complex,
        Object::Tuple(_) => BuiltinKind::Tuple,
        Object::List(_) => BuiltinKind::List,
        Object::Dict(_) => BuiltinKind::Dict,
        Object::Set(_) => BuiltinKind::Set,
        Object::FrozenSet(_) => BuiltinKind::FrozenSet,
        Object::Range { .. } | Object::BigRange(_) => BuiltinKind::Range,
        Object::Slice { .. } => BuiltinKind::Slice,
        Object::Function(_) => BuiltinKind::Function,
        Object::BoundMethod { .. } => BuiltinKind::Method,
        Object::NativeFunction(_) => BuiltinKind::NativeFunction,
        Object::Type(_) => BuiltinKind::Type,
        Object::Instance(_) => BuiltinKind::Object,
        Object::Module(_) => BuiltinKind::Module,
        Object::Code(_) => BuiltinKind::Code,
        Object::Cell(_) => BuiltinKind::Cell,
        Object::Generator(_) => BuiltinKind::Generator,
        Object::Iter(_) => BuiltinKind::Iterator,
        Object::Property { .. } => BuiltinKind::Property,
        Object::StaticMethod(_) => BuiltinKind::StaticMethod,
        Object::ClassMethod(_) => BuiltinKind::ClassMethod,
        Object::Super { .. } => BuiltinKind::Super,
        Object::NotImplemented => BuiltinKind::NotImplementedType,
        Object::Ellipsis => BuiltinKind::Ellipsis,
    }
}

/// Argument-count check for natives: `name() takes exactly n arguments (m given)`.
pub fn check_args(name: &str, args: &Args<'_>, min: usize, max: usize) -> PyResult<()> {
    let n = args.pos().len();
    if args.has_kwargs() {
        return Err(Error::type_error(format!(
            "{name}() takes no keyword arguments"
        )));
    }
    if n < min || n > max {
        let msg = if min == max {
            format!(
                "{name}() takes exactly {} argument{} ({n} given)",
                min,
                if min == 1 { "" } else { "s" }
            )
        } else if n < min {
            format!(
                "{name}() takes at least {min} argument{} ({n} given)",
                if min == 1 { "" } else { "s" }
            )
        } else {
            format!(
                "{name}() takes at most {max} argument{} ({n} given)",
                if max == 1 { "" } else { "s" }
            )
        };
        return Err(Error::type_error(msg));
    }
    Ok(())
}
