//! The heap object kinds. One enum, one file per kind for its behaviour.
//!
//! A value's Python type is found by `Vm::type_of`: builtin kinds map to the
//! interpreter's builtin type objects; an `Instance` carries its class. Native
//! classes (from the stdlib or an embedder) are ordinary type objects whose
//! instances are `Instance`s with a `native` payload, so scripts can subclass
//! them (`class Worker(Thread)`).

pub(crate) mod bigint;
pub mod bytearray;
pub mod bytes;
pub(crate) mod complex;
pub(crate) mod dict;
pub mod dictmethods;
pub(crate) mod float;
pub(crate) mod int;
pub(crate) mod iter;
pub(crate) mod list;
pub mod memoryview;
pub(crate) mod methods;
pub(crate) mod number;
pub(crate) mod range;
pub(crate) mod set;
pub(crate) mod slice;
pub(crate) mod sort;
pub(crate) mod str;
pub(crate) mod strmethods;
pub mod text_hash;
mod trashcan;
pub(crate) mod tuple;

use std::any::Any;
use std::sync::Arc;

use num_bigint::BigInt;

use crate::bytecode::CodeRef;
use crate::sync::ObjCell;
use crate::value::{ObjRef, Value};

pub use dict::{Dict, DictEntry};
pub use methods::{methods_for, properties_for};
pub use str::StrObj;

pub enum Object {
    Str(StrObj),
    Bytes(Box<[u8]>),
    /// An int outside i64 (never one that fits: results are normalized).
    BigInt(BigInt),
    Complex {
        re: f64,
        im: f64,
    },
    Tuple(Box<[Value]>),
    List(ObjCell<Vec<Value>>),
    Dict(ObjCell<Dict>),
    /// Sets reuse the dict table with `None` values.
    Set(ObjCell<Dict>),
    FrozenSet(Dict),
    /// A range of i64 bounds, the fast path (`object::range`).
    Range {
        start: i64,
        stop: i64,
        step: i64,
    },
    /// A range with a bound past i64; never one that fits (`range::new_range`).
    BigRange(Box<range::BigRange>),
    Slice {
        start: Value,
        stop: Value,
        step: Value,
    },
    Function(Box<FunctionObj>),
    /// A function (or any callable) bound to `this` as its first argument.
    BoundMethod {
        func: Value,
        this: Value,
    },
    NativeFunction(Box<NativeFunction>),
    Type(Box<TypeObj>),
    Instance(InstanceObj),
    Module(ModuleObj),
    Code(CodeRef),
    /// A closure cell; `None` while the variable is unbound.
    Cell(ObjCell<Option<Value>>),
    Generator(Box<crate::vm::generator::GeneratorObj>),
    /// A builtin iterator (over a list, range, dict, zip, map, ...).
    Iter(ObjCell<iter::IterState>),
    Property {
        fget: Value,
        fset: Value,
        fdel: Value,
        doc: Value,
    },
    StaticMethod(Value),
    ClassMethod(Value),
    /// `super(ty, obj)`: attribute look-ups start after `ty` in obj's MRO.
    Super {
        ty: ObjRef,
        obj: Value,
    },
    NotImplemented,
    Ellipsis,
}

impl Object {
    /// A short kind name for debugging (not the Python type name).
    pub fn kind_name(&self) -> &'static str {
        match self {
            Object::Str(_) => "str",
            Object::Bytes(_) => "bytes",
            Object::BigInt(_) => "int",
            Object::Complex { .. } => "complex",
            Object::Tuple(_) => "tuple",
            Object::List(_) => "list",
            Object::Dict(_) => "dict",
            Object::Set(_) => "set",
            Object::FrozenSet(_) => "frozenset",
            Object::Range { .. } | Object::BigRange(_) => "range",
            Object::Slice { .. } => "slice",
            Object::Function(_) => "function",
            Object::BoundMethod { .. } => "method",
            Object::NativeFunction(_) => "builtin_function_or_method",
            Object::Type(_) => "type",
            Object::Instance(_) => "instance",
            Object::Module(_) => "module",
            Object::Code(_) => "code",
            Object::Cell(_) => "cell",
            Object::Generator(_) => "generator",
            Object::Iter(_) => "iterator",
            Object::Property { .. } => "property",
            Object::StaticMethod(_) => "staticmethod",
            Object::ClassMethod(_) => "classmethod",
            Object::Super { .. } => "super",
            Object::NotImplemented => "NotImplementedType",
            Object::Ellipsis => "ellipsis",
        }
    }
}

/// A function defined in conc code.
pub struct FunctionObj {
    pub code: CodeRef,
    /// The module globals dict (an `Object::Dict`) the function runs in.
    pub globals: ObjRef,
    /// Defaults of the last positional parameters.
    pub defaults: Box<[Value]>,
    /// Defaults of keyword-only parameters, by name.
    pub kwdefaults: Option<ObjRef>,
    /// Cells for `code.freevars`, in order.
    pub closure: Box<[ObjRef]>,
    pub name: ObjCell<Value>,
    pub qualname: ObjCell<Value>,
    /// `__dict__`, `__doc__`, `__module__`, `__wrapped__`, ... set by decorators.
    pub attrs: ObjCell<Dict>,
}

impl FunctionObj {
    /// Whether a call with `nargs` positional arguments (and no keywords)
    /// takes the VM's one-step path: the code allows it (`Code::fast_call`)
    /// and the arguments fill the positional parameters, the last ones
    /// possibly from the defaults.
    #[inline(always)]
    pub fn binds_directly(&self, nargs: usize) -> bool {
        let argcount = self.code.argcount as usize;
        self.code.fast_call && nargs <= argcount && nargs + self.defaults.len() >= argcount
    }
}

/// Arguments passed to a native function, in the vectorcall layout: `args`
/// holds the positional arguments followed by the values of the keyword
/// arguments, whose names (str values) are `kwnames`.
#[derive(Clone, Copy)]
pub struct Args<'a> {
    pub args: &'a [Value],
    pub kwnames: &'a [Value],
}

impl<'a> Args<'a> {
    pub fn new(args: &'a [Value]) -> Self {
        Args { args, kwnames: &[] }
    }
    /// The positional arguments.
    #[inline]
    pub fn pos(&self) -> &'a [Value] {
        &self.args[..self.args.len() - self.kwnames.len()]
    }
    /// `(name, value)` pairs of the keyword arguments.
    pub fn kwargs(&self) -> impl Iterator<Item = (&'a str, &'a Value)> + 'a {
        let vals = &self.args[self.args.len() - self.kwnames.len()..];
        self.kwnames
            .iter()
            .map(|n| n.as_str().unwrap_or(""))
            .zip(vals.iter())
    }
    /// The keyword argument `name`, if given.
    pub fn kwarg(&self, name: &str) -> Option<&'a Value> {
        self.kwargs().find(|(n, _)| *n == name).map(|(_, v)| v)
    }
    pub fn has_kwargs(&self) -> bool {
        !self.kwnames.is_empty()
    }
    /// Checks that `fname` got between `min` and `max` positional arguments
    /// and no keyword arguments, with CPython's messages.
    pub fn check_arity(&self, fname: &str, min: usize, max: usize) -> crate::error::PyResult<()> {
        if self.has_kwargs() {
            return Err(crate::error::Error::type_error(format!(
                "{fname}() takes no keyword arguments"
            )));
        }
        self.check_pos_arity(fname, min, max)
    }
    /// Binds the arguments of `fname(p0=..., p1=..., ...)` called as
    /// `__new__` (the type first), every parameter optional and nameable,
    /// as CPython's argument parser does: the values by parameter, or its
    /// TypeError for too many, unknown or doubled arguments.
    pub fn bind_optional<const N: usize>(
        &self,
        fname: &str,
        params: [&str; N],
    ) -> crate::error::PyResult<[Option<&'a Value>; N]> {
        use crate::error::Error;
        let pos = self.pos().get(1..).unwrap_or(&[]);
        let given = pos.len() + self.kwnames.len();
        if given > N {
            return Err(Error::type_error(format!(
                "{fname}() takes at most {N} argument{} ({given} given)",
                if N == 1 { "" } else { "s" }
            )));
        }
        let mut out = [None; N];
        for (slot, v) in out.iter_mut().zip(pos) {
            *slot = Some(v);
        }
        for (k, v) in self.kwargs() {
            let Some(i) = params.iter().position(|p| *p == k) else {
                return Err(Error::type_error(format!(
                    "'{k}' is an invalid keyword argument for {fname}()"
                )));
            };
            if i < pos.len() {
                return Err(Error::type_error(format!(
                    "argument for {fname}() given by name ('{k}') and position ({})",
                    i + 1
                )));
            }
            out[i] = Some(v);
        }
        Ok(out)
    }
    /// Checks the arguments of a constructor of one optional argument
    /// (`list(iterable=())`, `float(x=0.0)`) called as `__new__` or
    /// `__init__` (the type or self first): no keywords (named
    /// `kw_name()` in the message, as CPython's `list() takes no keyword
    /// arguments`), then at most one more positional argument (named
    /// `name`, which CPython makes the subclass's for some types).
    pub fn check_iterable_ctor(&self, kw_name: &str, name: &str) -> crate::error::PyResult<()> {
        if self.has_kwargs() {
            return Err(crate::error::Error::type_error(format!(
                "{kw_name}() takes no keyword arguments"
            )));
        }
        let n = self.pos().len().saturating_sub(1);
        if n > 1 {
            return Err(crate::error::Error::type_error(format!(
                "{name} expected at most 1 argument, got {n}"
            )));
        }
        Ok(())
    }
    /// Checks the positional count only (keywords are the caller's).
    pub fn check_pos_arity(
        &self,
        fname: &str,
        min: usize,
        max: usize,
    ) -> crate::error::PyResult<()> {
        let n = self.pos().len();
        if n >= min && n <= max {
            return Ok(());
        }
        let plural = |k: usize| if k == 1 { "" } else { "s" };
        let msg = if min == max {
            format!(
                "{fname}() takes exactly {min} argument{} ({n} given)",
                plural(min)
            )
        } else if n < min {
            format!(
                "{fname}() takes at least {min} argument{} ({n} given)",
                plural(min)
            )
        } else {
            format!(
                "{fname}() takes at most {max} argument{} ({n} given)",
                plural(max)
            )
        };
        Err(crate::error::Error::type_error(msg))
    }
}

pub type NativeFnPtr = fn(&mut crate::vm::Vm, Args<'_>) -> crate::error::PyResult<Value>;
pub type NativeClosure =
    Arc<dyn Fn(&mut crate::vm::Vm, Args<'_>) -> crate::error::PyResult<Value> + Send + Sync>;

#[derive(Clone)]
pub enum NativeImpl {
    Fn(NativeFnPtr),
    Closure(NativeClosure),
}

/// A function implemented in Rust (a builtin, a method of a builtin type, or
/// an embedder's closure). Methods receive `self` as `args[0]`.
pub struct NativeFunction {
    pub name: String,
    pub imp: NativeImpl,
    /// For methods: the type they were defined on (for repr and checks).
    pub owner: Option<String>,
    /// If set, the function is bound: `self_value` is passed first.
    pub bound: Option<Value>,
    /// A method of a builtin type that works on the builtin value: called
    /// with an instance of a subclass as self (`class D(dict)`), it runs on
    /// the instance's `base_value` instead (`Vm::call_native`).
    pub on_base: bool,
}

/// A class: builtin, native, or defined by a `class` statement.
pub struct TypeObj {
    pub name: String,
    pub qualname: String,
    pub module: String,
    pub bases: Vec<ObjRef>,
    /// Method resolution order (C3) AFTER this type itself: the full MRO is
    /// `[self] + mro` (storing self would make a refcount cycle).
    pub mro: Vec<ObjRef>,
    pub dict: ObjCell<Dict>,
    /// For builtin types: which object kind their plain instances are.
    pub builtin: Option<BuiltinKind>,
    /// Creates the native payload of instances of a native class (`deque`,
    /// `Thread`, exceptions); inherited by subclasses.
    pub native_init: Option<fn() -> Box<dyn Any + Send + Sync>>,
    /// The attribute-site cache tag (`vm::cache`): a number unique to this
    /// class, valid while it is above the interpreter's `type_version`;
    /// 0 until first needed.
    pub cache_tag: std::sync::atomic::AtomicU64,
    /// The special methods the class is known not to have, valid under
    /// `cache_tag` (`vm::cache::special_absent`).
    pub special_absent: std::sync::atomic::AtomicU64,
    /// Instances have no `__dict__`: `__slots__` everywhere in the MRO
    /// (`vm::slots`).
    pub dictless: bool,
    /// The class's metaclass when it is not `type` (`class C(metaclass=M)`,
    /// or inherited from a base): `type(C)`, and where the protocols find
    /// the special methods of `C` itself (`len(C)`, `iter(C)`, `C[k]`).
    /// `None` for every other class, so the common case costs one test.
    pub metaclass: Option<ObjRef>,
    /// The classes made with this one among their bases, weakly and in
    /// the order they were made (`type.__subclasses__()`, which `abc`
    /// walks): a base must not keep its subclasses alive. Dead entries are
    /// skipped on reading and pruned now and then on adding.
    pub subclasses: ObjCell<Vec<crate::sync::WeakRef<Object>>>,
    /// A native class standing for one of CPython's static (C) types,
    /// whose name in messages carries the module (`unhashable type:
    /// 'functools.KeyWrapper'`), as CPython's `tp_name` does. Not
    /// inherited: a class statement's subclass is named plainly.
    pub static_type: bool,
}

/// Which builtin type a type object stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BuiltinKind {
    Object,
    Type,
    NoneType,
    Bool,
    Int,
    Float,
    Complex,
    Str,
    Bytes,
    Tuple,
    List,
    Dict,
    Set,
    FrozenSet,
    Range,
    Slice,
    Function,
    Method,
    NativeFunction,
    Module,
    Code,
    Cell,
    Generator,
    Iterator,
    Property,
    StaticMethod,
    ClassMethod,
    Super,
    NotImplementedType,
    Ellipsis,
    BaseException,
}

/// An instance of a class defined in conc or of a native class.
///
/// Most instances are a class and a dict; the rarer parts (a native
/// payload, the value of a builtin type's subclass) sit behind one optional
/// box, so that every instance, and so every `Object`, stays small.
pub struct InstanceObj {
    pub class: ObjRef,
    pub dict: ObjCell<Dict>,
    extra: Option<Box<InstanceExtra>>,
}

struct InstanceExtra {
    /// The Rust payload of native classes (exception data, a deque's items,
    /// a thread handle, ...).
    native: Option<Box<dyn Any + Send + Sync>>,
    /// For an instance of a subclass of a builtin type (`class D(dict)`,
    /// `class I(int)`): the builtin value it is, a plain dict, int, str,
    /// ... that the builtin operations work on. Its own field (not the
    /// `native` payload) so that a traversal of everything an instance
    /// owns sees it.
    base_value: Option<Value>,
}

/// The builtin value an instance of a builtin type's subclass carries
/// (`None` for every other value).
#[inline]
pub fn base_value(v: &Value) -> Option<&Value> {
    match v {
        Value::Obj(o) => match &**o {
            Object::Instance(i) => i.base_value(),
            _ => None,
        },
        _ => None,
    }
}

impl InstanceObj {
    /// An instance of `class` with the namespace `dict`, a native payload
    /// for native classes and the builtin value for subclasses of builtin
    /// types.
    pub fn new(
        class: ObjRef,
        dict: ObjCell<Dict>,
        native: Option<Box<dyn Any + Send + Sync>>,
        base_value: Option<Value>,
    ) -> Self {
        let extra = (native.is_some() || base_value.is_some())
            .then(|| Box::new(InstanceExtra { native, base_value }));
        InstanceObj { class, dict, extra }
    }

    /// The native payload as `T`, if this instance has one of that type.
    #[inline]
    pub fn native<T: Any>(&self) -> Option<&T> {
        self.extra.as_ref()?.native.as_ref()?.downcast_ref::<T>()
    }

    /// Whether the instance has a native payload (of any type).
    pub fn has_native(&self) -> bool {
        self.extra.as_ref().is_some_and(|e| e.native.is_some())
    }

    /// Takes the native payload out (to drop it at a chosen moment).
    pub fn take_native(&mut self) -> Option<Box<dyn Any + Send + Sync>> {
        self.extra.as_mut()?.native.take()
    }

    /// The builtin value of an instance of a builtin type's subclass.
    #[inline]
    pub fn base_value(&self) -> Option<&Value> {
        self.extra.as_ref()?.base_value.as_ref()
    }
}

pub struct ModuleObj {
    pub name: String,
    /// The module's namespace: an `Object::Dict`, shared as the globals of
    /// the functions defined in it.
    pub dict: ObjRef,
}

#[cfg(test)]
mod layout_tests {
    /// Every heap object is one allocation of `size_of::<Object>()` plus the
    /// two counts, whatever its kind: the big, rarely made kinds (functions,
    /// classes, generators, builtin functions) are boxed so that the common
    /// ones (tuples, lists, bound methods, instances) stay small.
    #[test]
    fn object_stays_small() {
        let size = std::mem::size_of::<super::Object>();
        eprintln!("size_of::<Object>() = {size}");
        assert!(size <= 112, "Object grew to {size} bytes");
    }
}
