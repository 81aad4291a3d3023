//! Type objects: the builtin types and exception classes made at start-up,
//! C3 linearization, `class` statements (`__build_class__`), `type(...)`,
//! instance creation and `isinstance`/`issubclass`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, AtomicU64};
use std::sync::{Arc, OnceLock};

use parking_lot::Mutex;

use crate::error::{Error, ExcKind, PyResult};
use crate::object::{
    Args, BuiltinKind, Dict, InstanceObj, NativeFnPtr, NativeFunction, NativeImpl, Object, TypeObj,
};
use crate::sync::{ObjCell, Ref};
use crate::value::{ObjRef, Value};

use super::exceptions as exc;
use super::frame::Frame;
use super::{ops, InterpState, Vm, VmConfig};

/// Every builtin kind with its Python name (BaseException is an exception class).
const KINDS: &[(BuiltinKind, &str)] = &[
    (BuiltinKind::Object, "object"),
    (BuiltinKind::Type, "type"),
    (BuiltinKind::NoneType, "NoneType"),
    (BuiltinKind::Bool, "bool"),
    (BuiltinKind::Int, "int"),
    (BuiltinKind::Float, "float"),
    (BuiltinKind::Complex, "complex"),
    (BuiltinKind::Str, "str"),
    (BuiltinKind::Bytes, "bytes"),
    (BuiltinKind::Tuple, "tuple"),
    (BuiltinKind::List, "list"),
    (BuiltinKind::Dict, "dict"),
    (BuiltinKind::Set, "set"),
    (BuiltinKind::FrozenSet, "frozenset"),
    (BuiltinKind::Range, "range"),
    (BuiltinKind::Slice, "slice"),
    (BuiltinKind::Function, "function"),
    (BuiltinKind::Method, "method"),
    (BuiltinKind::NativeFunction, "builtin_function_or_method"),
    (BuiltinKind::Module, "module"),
    (BuiltinKind::Code, "code"),
    (BuiltinKind::Cell, "cell"),
    (BuiltinKind::Generator, "generator"),
    (BuiltinKind::Iterator, "iterator"),
    (BuiltinKind::Property, "property"),
    (BuiltinKind::StaticMethod, "staticmethod"),
    (BuiltinKind::ClassMethod, "classmethod"),
    (BuiltinKind::Super, "super"),
    (BuiltinKind::NotImplementedType, "NotImplementedType"),
    (BuiltinKind::Ellipsis, "ellipsis"),
    (BuiltinKind::BaseException, "BaseException"),
];

fn method(owner: &str, name: &str, f: NativeFnPtr) -> Value {
    native_method(owner, name, f, false)
}

/// A builtin type's method, which runs on the builtin value of a
/// subclass's instance (`NativeFunction::on_base`).
fn base_method(owner: &str, name: &str, f: NativeFnPtr) -> Value {
    native_method(owner, name, f, true)
}

fn native_method(owner: &str, name: &str, f: NativeFnPtr, on_base: bool) -> Value {
    Value::new_obj(Object::NativeFunction(Box::new(NativeFunction {
        on_base,
        name: name.into(),
        imp: NativeImpl::Fn(f),
        owner: Some(owner.into()),
        bound: None,
    })))
}

fn property(owner: &str, name: &str, get: NativeFnPtr, set: Option<NativeFnPtr>) -> Value {
    Value::new_obj(Object::Property {
        fget: method(owner, name, get),
        fset: set.map(|s| method(owner, name, s)).unwrap_or_default(),
        fdel: Value::None,
        doc: Value::None,
    })
}

fn new_type(
    name: &str,
    bases: Vec<ObjRef>,
    mro: Vec<ObjRef>,
    dict: Dict,
    builtin: Option<BuiltinKind>,
) -> ObjRef {
    let native_init = bases.iter().find_map(|b| match &**b {
        Object::Type(t) => t.native_init,
        _ => None,
    });
    Ref::new(Object::Type(Box::new(TypeObj {
        name: name.into(),
        qualname: name.into(),
        module: "builtins".into(),
        bases,
        mro,
        dict: ObjCell::new(dict),
        builtin,
        native_init,
        cache_tag: Default::default(),
        special_absent: Default::default(),
        dictless: false,
        metaclass: None,
        subclasses: Default::default(),
        static_type: false,
    })))
}

/// Makes the shared state: builtin types with their method tables, the
/// exception hierarchy, empty builtins and sys.modules.
pub(crate) fn bootstrap(config: VmConfig) -> InterpState {
    let object_new = method("object", "__new__", object_new);
    let object_init = method("object", "__init__", object_init);
    let object_setattr = method("object", "__setattr__", object_setattr);
    let mut od = Dict::new();
    od.set_str("__new__", object_new.clone());
    od.set_str("__init__", object_init.clone());
    od.set_str("__setattr__", object_setattr);
    for (name, f) in OBJECT_METHODS {
        let m = method("object", name, *f);
        // Called on an instance, it still receives the class.
        let m = if *name == "__init_subclass__" {
            Value::new_obj(Object::ClassMethod(m))
        } else {
            m
        };
        od.set_str(name, m);
    }
    let object = new_type("object", vec![], vec![], od, Some(BuiltinKind::Object));
    let mut types: Vec<Option<ObjRef>> = vec![None; KINDS.len()];
    types[BuiltinKind::Object as usize] = Some(object.clone());
    for &(kind, name) in KINDS {
        if matches!(
            kind,
            BuiltinKind::Object | BuiltinKind::BaseException | BuiltinKind::Bool
        ) {
            continue;
        }
        let mut d = Dict::new();
        install_methods(&mut d, name, kind);
        types[kind as usize] = Some(new_type(
            name,
            vec![object.clone()],
            vec![object.clone()],
            d,
            Some(kind),
        ));
    }
    let int = types[BuiltinKind::Int as usize].clone().expect("int type");
    let mut d = Dict::new();
    install_methods(&mut d, "bool", BuiltinKind::Bool);
    types[BuiltinKind::Bool as usize] = Some(new_type(
        "bool",
        vec![int.clone()],
        vec![int, object.clone()],
        d,
        Some(BuiltinKind::Bool),
    ));

    // Exception classes, parents before children.
    let mut exc_types: Vec<ObjRef> = Vec::with_capacity(ExcKind::ALL.len());
    let exc_new = method("BaseException", "__new__", exc::exc_new);
    let exc_init = method("BaseException", "__init__", exc::exc_init);
    for &kind in ExcKind::ALL {
        let mut d = Dict::new();
        let (bases, mro) = if kind == ExcKind::BaseException {
            install_exception_methods(&mut d, &exc_new, &exc_init);
            (vec![object.clone()], vec![object.clone()])
        } else {
            let parent = exc_types[kind.parent() as usize].clone();
            let mut mro = vec![parent.clone()];
            if let Object::Type(t) = &*parent {
                mro.extend(t.mro.iter().cloned());
            }
            (vec![parent], mro)
        };
        match kind {
            ExcKind::StopIteration => {
                d.set_str(
                    "value",
                    property("StopIteration", "value", exc::exc_get_arg0, None),
                );
            }
            ExcKind::SystemExit => {
                d.set_str(
                    "code",
                    property("SystemExit", "code", exc::exc_get_arg0, None),
                );
            }
            _ => {}
        }
        d.set_str("__doc__", Value::None);
        let t = Ref::new(Object::Type(Box::new(TypeObj {
            name: kind.name().into(),
            qualname: kind.name().into(),
            module: "builtins".into(),
            bases,
            mro,
            dict: ObjCell::new(d),
            builtin: None,
            native_init: Some(exc::new_exc_data),
            cache_tag: Default::default(),
            special_absent: Default::default(),
            dictless: false,
            metaclass: None,
            subclasses: Default::default(),
            static_type: false,
        })));
        exc_types.push(t);
    }
    types[BuiltinKind::BaseException as usize] = Some(exc_types[0].clone());

    let types: Vec<ObjRef> = types
        .into_iter()
        .map(|t| t.expect("every builtin type made"))
        .collect();
    let mut md = Dict::new();
    for (name, f) in super::slots::MEMBER_METHODS {
        md.set_str(name, method("member_descriptor", name, *f));
    }
    let member_descriptor = new_type(
        "member_descriptor",
        vec![object.clone()],
        vec![object.clone()],
        md,
        None,
    );
    let builtins = Ref::new(Object::Dict(ObjCell::new(Dict::new())));
    let builtins_module = Value::new_obj(Object::Module(crate::object::ModuleObj {
        name: "builtins".into(),
        dict: builtins.clone(),
    }));
    let names = super::cache::Names::new();
    let id = super::new_interpreter_id();
    let mut buf = [0u8; 4];
    let ascii_chars = (0u8..128)
        .map(|b| Value::str((b as char).encode_utf8(&mut buf)))
        .collect();
    InterpState {
        id,
        types,
        exc_types,
        builtins_module,
        builtins,
        modules: Value::new_obj(Object::Dict(ObjCell::new(Dict::new()))),
        sys_path: Value::list(config.path.iter().map(|p| Value::str(p)).collect()),
        threads: Default::default(),
        recursion_limit: AtomicU32::new(1000),
        type_version: AtomicU64::new(1),
        type_clock: AtomicU64::new(1),
        builtin_modules: Mutex::new(HashMap::new()),
        imports: Default::default(),
        sources: Mutex::new(HashMap::new()),
        null: Ref::new(Object::Tuple(Box::new([]))),
        object_new,
        object_init,
        exc_new,
        exc_init,
        member_descriptor,
        identifiers: Mutex::new(identifiers(&names)),
        names,
        gc: Default::default(),
        releases: Arc::new(crate::embed::ReleasePool::new(id)),
        ascii_chars,
        dict_view_classes: OnceLock::new(),
        text_io_class: OnceLock::new(),
        config,
    }
}

/// The first entries of the table of identifiers: the VM's own names, and
/// the literal `...` (`compile::ELLIPSIS`), so that every `...` compiled in
/// this interpreter and `builtins.Ellipsis` are one object, as CPython's
/// singleton (`x is ...`, and equal `tuple[int, ...]` aliases).
fn identifiers(names: &super::cache::Names) -> HashMap<Box<str>, Value> {
    let mut table = names.identifiers();
    table.insert(
        crate::compile::ELLIPSIS.into(),
        Value::new_obj(Object::Ellipsis),
    );
    table
}

/// Alternate constructors of builtin types: their natives expect the type
/// as args[0], so they are installed as classmethods (`str.maketrans` is a
/// staticmethod in CPython; receiving the type first is harmless).
const CLASSMETHODS: &[&str] = &["fromhex", "fromkeys", "from_bytes", "maketrans"];

fn install_methods(d: &mut Dict, owner: &str, kind: BuiltinKind) {
    for (name, f) in crate::object::methods_for(kind) {
        let m = base_method(owner, name, *f);
        let m = if CLASSMETHODS.contains(name) {
            Value::new_obj(Object::ClassMethod(m))
        } else {
            m
        };
        d.set_str(name, m);
    }
    for (name, f) in crate::object::properties_for(kind) {
        d.set_str(
            name,
            Value::new_obj(Object::Property {
                fget: base_method(owner, name, *f),
                fset: Value::None,
                fdel: Value::None,
                doc: Value::None,
            }),
        );
    }
    for (name, f) in super::builtins::vm_methods_for(kind) {
        d.set_str(name, method(owner, name, *f));
    }
    for table in crate::object::methods::inherited_dunders(kind) {
        for (name, f) in *table {
            if d.get_str(name).is_none() {
                d.set_str(name, base_method(owner, name, *f));
            }
        }
    }
    if matches!(
        kind,
        BuiltinKind::List | BuiltinKind::Dict | BuiltinKind::Set
    ) {
        d.set_str("__hash__", Value::None);
    }
    // The builtin generics: `list[int]` is a `types.GenericAlias`.
    if matches!(
        kind,
        BuiltinKind::List
            | BuiltinKind::Dict
            | BuiltinKind::Set
            | BuiltinKind::FrozenSet
            | BuiltinKind::Tuple
    ) {
        d.set_str(
            "__class_getitem__",
            super::generic_alias::class_getitem_entry(owner),
        );
    }
}

/// Installs `BaseException`'s methods; its `__new__` and `__init__` are
/// made by the caller, which keeps them in the state to recognise "not
/// overridden".
fn install_exception_methods(d: &mut Dict, new: &Value, init: &Value) {
    let o = "BaseException";
    d.set_str("__new__", new.clone());
    d.set_str("__init__", init.clone());
    d.set_str("__str__", method(o, "__str__", exc::exc_str));
    d.set_str("__repr__", method(o, "__repr__", exc::exc_repr));
    d.set_str(
        "with_traceback",
        method(o, "with_traceback", exc::exc_with_traceback),
    );
    d.set_str(
        "args",
        property(o, "args", exc::exc_get_args, Some(exc::exc_set_args)),
    );
    d.set_str(
        "__cause__",
        property(o, "__cause__", exc::exc_get_cause, Some(exc::exc_set_cause)),
    );
    d.set_str(
        "__context__",
        property(
            o,
            "__context__",
            exc::exc_get_context,
            Some(exc::exc_set_context),
        ),
    );
    d.set_str(
        "__suppress_context__",
        property(
            o,
            "__suppress_context__",
            exc::exc_get_suppress,
            Some(exc::exc_set_suppress),
        ),
    );
    d.set_str(
        "__traceback__",
        property(o, "__traceback__", exc::exc_get_traceback, None),
    );
}

const OBJECT_METHODS: &[(&str, NativeFnPtr)] = &[
    ("__repr__", object_repr),
    ("__str__", object_str),
    ("__eq__", object_eq),
    ("__ne__", object_ne),
    ("__hash__", object_hash),
    ("__delattr__", object_delattr),
    ("__getattribute__", object_getattribute),
    ("__subclasshook__", object_subclasshook),
    ("__init_subclass__", object_init_subclass),
    ("__format__", object_format),
];

fn object_new(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let cls = vm.new_class_arg("object", args.args.first())?;
    vm.check_new_target("object", &cls)?;
    vm.check_not_abstract(&cls)?;
    Ok(vm.instantiate_native(&cls))
}

/// `object.__subclasshook__`: no opinion, so `abc`'s checks go on to the
/// registry and the MRO. Called on classes and instances alike.
fn object_subclasshook(vm: &mut Vm, _args: Args<'_>) -> PyResult<Value> {
    Ok(not_implemented(vm))
}

/// The builtins' `NotImplemented`, so `r is NotImplemented` holds for what
/// a native method returns.
fn not_implemented(vm: &Vm) -> Value {
    vm.builtin("NotImplemented")
        .filter(ops::is_not_implemented)
        .unwrap_or_else(|| Value::new_obj(Object::NotImplemented))
}

/// `object.__init__(self)`: more arguments are an error where they
/// cannot be meant for another method: when the class overrides
/// `__init__` (a `super().__init__(x)` that reached `object`), or when it
/// overrides neither `__init__` nor `__new__` (CPython's `object_init`).
fn object_init(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let Some(this) = args.args.first() else {
        return Err(Error::type_error(
            "descriptor '__init__' of 'object' object needs an argument",
        ));
    };
    if args.args.len() == 1 {
        return Ok(Value::None);
    }
    let cls = vm.type_of(this);
    let (init, new) = (vm.state.names.init.clone(), vm.state.names.new.clone());
    let own_init =
        !super::attr::lookup_type(&cls, &init).is_some_and(|i| i.is(&vm.state.object_init));
    if own_init {
        return Err(Error::type_error(
            "object.__init__() takes exactly one argument (the instance to initialize)",
        ));
    }
    if super::attr::lookup_type(&cls, &new).is_some_and(|n| n.is(&vm.state.object_new)) {
        return Err(Error::type_error(format!(
            "{}.__init__() takes exactly one argument (the instance to initialize)",
            vm.type_name(this)
        )));
    }
    Ok(Value::None)
}

fn object_setattr(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    super::check_args("__setattr__", &args, 3, 3)?;
    let name = args.args[1].clone();
    if name.as_str().is_none() {
        return Err(Error::type_error("attribute name must be string"));
    }
    vm.generic_setattr(&args.args[0], &name, Some(args.args[2].clone()))?;
    Ok(Value::None)
}

fn object_delattr(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    super::check_args("__delattr__", &args, 2, 2)?;
    vm.generic_setattr(&args.args[0], &args.args[1], None)?;
    Ok(Value::None)
}

fn object_getattribute(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    super::check_args("__getattribute__", &args, 2, 2)?;
    // A class's attributes without its metaclass's hooks, which may be
    // what is calling this.
    if let Some(cls) = args.args[0]
        .as_obj()
        .filter(|o| matches!(&***o, Object::Type(_)))
    {
        let name = super::metaclass::attr_name(vm, &args.args[1])?;
        return vm.type_getattribute(cls, &name);
    }
    vm.get_attr_v(&args.args[0], &args.args[1])
}

fn object_repr(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    super::check_args("__repr__", &args, 1, 1)?;
    Ok(Value::string(vm.default_repr(&args.args[0])?))
}

fn object_str(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    super::check_args("__str__", &args, 1, 1)?;
    Ok(Value::string(ops::repr(vm, &args.args[0])?))
}

fn object_eq(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    super::check_args("__eq__", &args, 2, 2)?;
    Ok(if args.args[0].is(&args.args[1]) {
        Value::Bool(true)
    } else {
        not_implemented(vm)
    })
}

fn object_ne(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    super::check_args("__ne__", &args, 2, 2)?;
    let r = ops::eq(vm, &args.args[0], &args.args[1])?;
    Ok(Value::Bool(!r))
}

fn object_hash(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    super::check_args("__hash__", &args, 1, 1)?;
    Ok(Value::Int(args.args[0].id() >> 4))
}

/// `object.__init_subclass__(cls)`, what a subclass's
/// `super().__init_subclass__(**kw)` reaches last: it takes nothing.
fn object_init_subclass(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    // Reached through the type (`object.__init_subclass__(1)`), the first
    // argument is not the class but one too many.
    let (cls, skip) = match args.args.first().and_then(|c| c.as_obj()).map(|c| &**c) {
        Some(Object::Type(t)) => (t.qualname.clone(), 1),
        _ => ("object".into(), 0),
    };
    if args.has_kwargs() {
        return Err(Error::type_error(format!(
            "{cls}.__init_subclass__() takes no keyword arguments"
        )));
    }
    let given = args.pos().len().saturating_sub(skip);
    if given > 0 {
        return Err(Error::type_error(format!(
            "{cls}.__init_subclass__() takes no arguments ({given} given)"
        )));
    }
    Ok(Value::None)
}

fn object_format(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    super::check_args("__format__", &args, 2, 2)?;
    if args.args[1].as_str().is_some_and(|s| !s.is_empty()) {
        let t = vm.type_name(&args.args[0]);
        return Err(Error::type_error(format!(
            "unsupported format string passed to {t}.__format__"
        )));
    }
    Ok(Value::string(ops::str_of(vm, &args.args[0])?))
}

/// The full MRO of a type: itself then `TypeObj::mro`.
pub(crate) fn full_mro(t: &ObjRef) -> Vec<ObjRef> {
    let mut v = vec![t.clone()];
    if let Object::Type(ty) = &**t {
        v.extend(ty.mro.iter().cloned());
    }
    v
}

/// C3 linearization of a new class with these bases (the result excludes
/// the class itself).
pub fn c3_mro(bases: &[ObjRef]) -> PyResult<Vec<ObjRef>> {
    let mut seqs: Vec<Vec<ObjRef>> = bases.iter().map(full_mro).collect();
    seqs.push(bases.to_vec());
    let mut out = Vec::new();
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Ok(out);
        }
        let cand = seqs.iter().map(|s| &s[0]).find(|h| {
            !seqs
                .iter()
                .any(|s| s[1..].iter().any(|x| Ref::ptr_eq(x, h)))
        });
        let Some(c) = cand.cloned() else {
            let names: Vec<String> = bases.iter().map(type_name_of).collect();
            return Err(Error::type_error(format!(
                "Cannot create a consistent method resolution order (MRO) for bases {}",
                names.join(", ")
            )));
        };
        for s in seqs.iter_mut() {
            if Ref::ptr_eq(&s[0], &c) {
                s.remove(0);
            }
        }
        out.push(c);
    }
}

/// The builtin types whose subclasses' instances carry a builtin value
/// (`InstanceObj::base_value`). Subclasses of the others (`type` for
/// metaclasses, `property`, ...) make what the builtin makes.
pub(crate) const VALUE_KINDS: &[BuiltinKind] = &[
    BuiltinKind::Int,
    BuiltinKind::Float,
    BuiltinKind::Complex,
    BuiltinKind::Str,
    BuiltinKind::Bytes,
    BuiltinKind::Tuple,
    BuiltinKind::List,
    BuiltinKind::Dict,
    BuiltinKind::Set,
    BuiltinKind::FrozenSet,
];

/// The builtin value type a class derives from, with its kind: `dict` for
/// `class D(dict)` and its subclasses (one of `VALUE_KINDS`).
pub(crate) fn builtin_base(cls: &ObjRef) -> Option<(ObjRef, BuiltinKind)> {
    let Object::Type(t) = &**cls else { return None };
    std::iter::once(cls)
        .chain(t.mro.iter())
        .find_map(|b| match &**b {
            Object::Type(bt) => match bt.builtin {
                Some(k) if VALUE_KINDS.contains(&k) => Some((b.clone(), k)),
                _ => None,
            },
            _ => None,
        })
}

/// The builtin types a class statement may not derive from (CPython's
/// "is not an acceptable base type").
const FINAL_KINDS: &[BuiltinKind] = &[
    BuiltinKind::Bool,
    BuiltinKind::NoneType,
    BuiltinKind::Range,
    BuiltinKind::Slice,
    BuiltinKind::Function,
    BuiltinKind::Method,
    BuiltinKind::NativeFunction,
    BuiltinKind::Code,
    BuiltinKind::Cell,
    BuiltinKind::Generator,
    BuiltinKind::Iterator,
    BuiltinKind::NotImplementedType,
    BuiltinKind::Ellipsis,
];

/// Checks that new class's bases can share one instance layout: no final
/// builtin type, at most one builtin value kind, and not a builtin value
/// together with a native payload (`class X(dict, Exception)`).
fn check_layout(bases: &[ObjRef]) -> PyResult<()> {
    let mut kind = None;
    let mut native = false;
    for b in bases {
        let Object::Type(t) = &**b else { continue };
        if t.builtin.is_some_and(|k| FINAL_KINDS.contains(&k)) {
            return Err(Error::type_error(format!(
                "type '{}' is not an acceptable base type",
                t.name
            )));
        }
        native |= t.native_init.is_some();
        if let Some((_, k)) = builtin_base(b) {
            if kind.is_some_and(|prev| prev != k) {
                return Err(Error::type_error(
                    "multiple bases have instance lay-out conflict",
                ));
            }
            kind = Some(k);
        }
    }
    if kind.is_some() && native {
        return Err(Error::type_error(
            "multiple bases have instance lay-out conflict",
        ));
    }
    Ok(())
}

pub(crate) fn type_name_of(t: &ObjRef) -> String {
    match &**t {
        Object::Type(t) => t.name.clone(),
        _ => "?".into(),
    }
}

impl Vm {
    /// `isinstance(v, cls)` for one class.
    #[inline]
    pub fn isinstance(&self, v: &Value, cls: &ObjRef) -> bool {
        let t = self.type_ref(v);
        self.is_subclass(t, cls)
    }

    /// Refuses to make an instance of a class with abstract methods left
    /// (`__abstractmethods__` non-empty in its own dict, as `abc.ABCMeta`
    /// and `abc.update_abstractmethods` set it). Only classes with a
    /// metaclass can have them, so the rest pay one pointer test.
    pub(crate) fn check_not_abstract(&mut self, cls: &ObjRef) -> PyResult<()> {
        let Object::Type(t) = &**cls else {
            return Ok(());
        };
        if t.metaclass.is_none() {
            return Ok(());
        }
        let Some(abstracts) = t.dict.borrow().get_str("__abstractmethods__").cloned() else {
            return Ok(());
        };
        if !super::ops::truthy(self, &abstracts)? {
            return Ok(());
        }
        let mut names = Vec::new();
        for n in super::ops::collect(self, &abstracts)? {
            names.push(super::ops::str_of(self, &n)?);
        }
        names.sort();
        let s = if names.len() > 1 { "s" } else { "" };
        Err(Error::type_error(format!(
            "Can't instantiate abstract class {} with abstract method{s} {}",
            t.name,
            names.join(", ")
        )))
    }

    /// `issubclass(a, b)` for two type objects.
    #[inline]
    pub fn is_subclass(&self, a: &ObjRef, b: &ObjRef) -> bool {
        if Ref::ptr_eq(a, b) {
            return true;
        }
        match &**a {
            Object::Type(t) => t.mro.iter().any(|m| Ref::ptr_eq(m, b)),
            _ => false,
        }
    }

    /// Whether `cls` is one of the builtin types itself (not a subclass).
    pub(crate) fn is_builtin_type(&self, cls: &ObjRef) -> bool {
        matches!(&**cls, Object::Type(t) if t.builtin.is_some())
    }

    /// An instance of `cls`, a subclass of a builtin type, that is the
    /// builtin value `base` (`InstanceObj::base_value`).
    pub fn instance_with_base(&mut self, cls: &ObjRef, base: Value) -> Value {
        Value::new_obj(Object::Instance(InstanceObj::new(
            cls.clone(),
            Default::default(),
            None,
            Some(base),
        )))
    }

    /// A bare instance of `cls` (empty dict, native payload if the class has one).
    pub fn instantiate_native(&mut self, cls: &ObjRef) -> Value {
        let native = match &**cls {
            Object::Type(t) => t.native_init.map(|f| f()),
            _ => None,
        };
        Value::new_obj(Object::Instance(InstanceObj::new(
            cls.clone(),
            Default::default(),
            native,
            None,
        )))
    }

    /// A native class (stdlib, embedders): methods receive self as args[0];
    /// `__new__`/`__init__` may be among them. A dotted name
    /// (`functools.KeyWrapper`) gives the class its module and makes it
    /// one of CPython's static types, named with the module in messages
    /// (`TypeObj::static_type`).
    pub fn new_class(
        &mut self,
        dotted: &str,
        bases: &[ObjRef],
        methods: &[(&str, NativeFnPtr)],
        native_init: Option<fn() -> Box<dyn std::any::Any + Send + Sync>>,
    ) -> ObjRef {
        let name = dotted.rsplit_once('.').map_or(dotted, |(_, n)| n);
        let bases: Vec<ObjRef> = if bases.is_empty() {
            vec![self.builtin_type(BuiltinKind::Object)]
        } else {
            bases.to_vec()
        };
        let mro = c3_mro(&bases).unwrap_or_else(|_| bases.clone());
        let mut d = Dict::new();
        for (n, f) in methods {
            d.set_str(n, method(name, n, *f));
        }
        // As CPython's builtin types: comparing by value without a hash to
        // match makes the instances unhashable (`dict_keys`).
        if d.get_str("__eq__").is_some() && d.get_str("__hash__").is_none() {
            d.set_str("__hash__", Value::None);
        }
        let t = new_type(name, bases, mro, d, None);
        let static_module = dotted.rsplit_once('.').map(|(m, _)| m);
        if native_init.is_none() && static_module.is_none() {
            return t;
        }
        // `new_type` inherited the bases' initializer; an explicit one wins.
        let base = take_type(&t);
        crate::gc::new_ref(Object::Type(Box::new(TypeObj {
            native_init: native_init.or(base.native_init),
            module: static_module.map_or(base.module.clone(), str::to_owned),
            static_type: static_module.is_some(),
            ..base
        })))
    }

    /// Creates a class from a name, bases and namespace (`type(n, b, d)`);
    /// `metaclass` is the one asked for (`type`, or the `mcs` of
    /// `type.__new__(mcs, ...)`), the class gets the most derived of it
    /// and its bases' metaclasses.
    pub fn create_type(
        &mut self,
        metaclass: &ObjRef,
        name: &str,
        bases: Vec<ObjRef>,
        mut ns: Dict,
    ) -> PyResult<ObjRef> {
        for b in &bases {
            if !matches!(&**b, Object::Type(_)) {
                return Err(Error::type_error("bases must be types"));
            }
        }
        let metaclass = super::metaclass::winner(self, metaclass, &bases)?;
        let bases = if bases.is_empty() {
            vec![self.builtin_type(BuiltinKind::Object)]
        } else {
            bases
        };
        check_layout(&bases)?;
        let mro = c3_mro(&bases)?;
        let dictless = super::slots::prepare(self, name, &bases, &mut ns)?;
        if ns.get_str("__eq__").is_some() && ns.get_str("__hash__").is_none() {
            ns.set_str("__hash__", Value::None);
        }
        if let Some(f) = ns.get_str("__new__").cloned() {
            if matches!(f.as_obj().map(|o| &**o), Some(Object::Function(_))) {
                ns.set_str("__new__", Value::new_obj(Object::StaticMethod(f)));
            }
        }
        // Both are class methods without the decorator, as in CPython.
        for implicit in ["__init_subclass__", "__class_getitem__"] {
            if let Some(f) = ns.get_str(implicit).cloned() {
                if matches!(f.as_obj().map(|o| &**o), Some(Object::Function(_))) {
                    ns.set_str(implicit, Value::new_obj(Object::ClassMethod(f)));
                }
            }
        }
        let qualname = ns
            .remove_str("__qualname__")
            .and_then(|q| q.as_str().map(String::from))
            .unwrap_or(name.into());
        let module = ns
            .get_str("__module__")
            .and_then(|q| q.as_str().map(String::from))
            .unwrap_or("__main__".into());
        if ns.get_str("__doc__").is_none() {
            ns.set_str("__doc__", Value::None);
        }
        let native_init = mro.iter().find_map(|b| match &**b {
            Object::Type(t) => t.native_init,
            _ => None,
        });
        let class_cell = ns.remove_str("__classcell__");
        let t = crate::gc::new_ref(Object::Type(Box::new(TypeObj {
            name: name.into(),
            qualname,
            module,
            bases,
            mro,
            dict: ObjCell::new(ns),
            builtin: None,
            native_init,
            cache_tag: Default::default(),
            special_absent: Default::default(),
            dictless,
            metaclass,
            subclasses: Default::default(),
            static_type: false,
        })));
        if let Some(Object::Cell(c)) = class_cell.as_ref().and_then(|c| c.as_obj()).map(|o| &**o) {
            *c.borrow_mut() = Some(Value::Obj(t.clone()));
        }
        if let Object::Type(tt) = &*t {
            for b in &tt.bases {
                note_subclass(b, &t);
            }
        }
        // No `types_changed()`: nothing can have cached a look-up on a
        // class that did not exist (the per-thread cache holds its classes
        // alive, so an address is never reused under an entry, and site
        // caches key on `cache_tag`s, which are never reused).
        Ok(t)
    }

    /// `__build_class__(func, name, *bases, metaclass=None, **kw)`.
    pub(crate) fn build_class(&mut self, args: Args<'_>) -> PyResult<Value> {
        let pos = args.pos();
        if pos.len() < 2 {
            return Err(Error::type_error("__build_class__: not enough arguments"));
        }
        let Some(Object::Function(func)) = pos[0].as_obj().map(|o| &**o) else {
            return Err(Error::type_error(
                "__build_class__: func must be a function",
            ));
        };
        let name = pos[1]
            .as_str()
            .ok_or_else(|| Error::type_error("__build_class__: name is not a string"))?
            .to_string();
        let (bases, orig_bases) = self.resolve_bases(&pos[2..])?;
        let mut metaclass = None;
        let mut kw = Vec::new();
        for (k, v) in args.kwargs() {
            if k == "metaclass" {
                metaclass = Some(v.clone());
            } else {
                kw.push((k.to_string(), v.clone()));
            }
        }
        let metaclass = super::metaclass::for_class_statement(self, metaclass, &bases)?;
        let bases_tuple = || Value::tuple(bases.iter().map(|b| Value::Obj(b.clone())).collect());
        let ns = match &metaclass {
            Some(m) => super::metaclass::prepare(self, m, &name, bases_tuple(), &kw)?,
            None => Value::new_obj(Object::Dict(ObjCell::new(Dict::new()))),
        };
        let modname = match &*func.globals {
            Object::Dict(d) => d.borrow().get_str("__name__").cloned().unwrap_or_default(),
            _ => Value::None,
        };
        if let Some(Object::Dict(d)) = ns.as_obj().map(|o| &**o) {
            let mut d = d.borrow_mut();
            d.set_str("__module__", modname);
            d.set_str("__qualname__", Value::str(&func.code.qualname));
            if let Some(orig) = orig_bases {
                d.set_str("__orig_bases__", orig);
            }
        }
        let mut frame = Frame::new(
            func.code.clone(),
            func.globals.clone(),
            &func.closure,
            Some(ns.clone()),
        );
        let cell = self.run_frame_call(&mut frame)?;
        // The body's `__class__` cell travels in the namespace, as in
        // CPython, so that `type.__new__` fills it before `__set_name__`
        // and `__init_subclass__` may call methods that use `super()`.
        if let (Some(Object::Cell(_)), Some(Object::Dict(d))) =
            (cell.as_obj().map(|o| &**o), ns.as_obj().map(|o| &**o))
        {
            d.borrow_mut().set_str("__classcell__", cell.clone());
        }
        // `type.__new__` runs `__set_name__` and `__init_subclass__` (with
        // the keywords it is given), for a metaclass's classes too.
        let cls_val = match metaclass {
            Some(m) => {
                let mut args = vec![Value::string(name.clone()), bases_tuple(), ns];
                let mut names = Vec::with_capacity(kw.len());
                for (k, v) in &kw {
                    args.push(v.clone());
                    names.push(Value::str(k));
                }
                self.call_kw(&m, &args, &names)?
            }
            None => {
                let d = match ns.as_obj().map(|o| &**o) {
                    Some(Object::Dict(d)) => d.borrow().clone(),
                    _ => Dict::new(),
                };
                let ty = self.builtin_type(BuiltinKind::Type);
                let cls = self.create_type(&ty, &name, bases, d)?;
                self.after_class_created(&cls, &kw)?;
                Value::Obj(cls)
            }
        };
        if let Some(Object::Cell(c)) = cell.as_obj().map(|o| &**o) {
            *c.borrow_mut() = Some(cls_val.clone());
        }
        Ok(cls_val)
    }

    /// A class statement's bases as classes: a base that is no class is
    /// replaced by what its `__mro_entries__(bases)` gives (PEP 560:
    /// `class C(list[int])` derives from `list`), and then the bases as
    /// written are returned too, for `__orig_bases__`.
    fn resolve_bases(&mut self, given: &[Value]) -> PyResult<(Vec<ObjRef>, Option<Value>)> {
        let as_class = |b: &Value| {
            b.as_obj()
                .filter(|o| matches!(&***o, Object::Type(_)))
                .cloned()
        };
        if given.iter().all(|b| as_class(b).is_some()) {
            return Ok((given.iter().filter_map(as_class).collect(), None));
        }
        let orig = Value::tuple(given.to_vec());
        let mut bases = Vec::new();
        for b in given {
            if let Some(c) = as_class(b) {
                bases.push(c);
                continue;
            }
            let Some(f) = self.get_attr_opt(b, "__mro_entries__")? else {
                return Err(Error::type_error("bases must be types"));
            };
            let entries = self.call(&f, std::slice::from_ref(&orig))?;
            let Some(Object::Tuple(items)) = entries.as_obj().map(|o| &**o) else {
                return Err(Error::type_error("__mro_entries__ must return a tuple"));
            };
            for e in items.iter() {
                bases.push(as_class(e).ok_or_else(|| Error::type_error("bases must be types"))?);
            }
        }
        Ok((bases, Some(orig)))
    }

    /// `__set_name__` on descriptors, then the parent's `__init_subclass__`.
    pub(crate) fn after_class_created(
        &mut self,
        cls: &ObjRef,
        kw: &[(String, Value)],
    ) -> PyResult<()> {
        let Object::Type(t) = &**cls else {
            return Ok(());
        };
        let items = t.dict.borrow().items();
        for (k, v) in items {
            if matches!(v.as_obj().map(|o| &**o), Some(Object::Instance(_))) {
                if let Some(f) = self.lookup_special(&v, "__set_name__") {
                    self.call(&f, &[v.clone(), Value::Obj(cls.clone()), k])?;
                }
            }
        }
        let name = Value::str("__init_subclass__");
        for base in t.mro.iter() {
            let Object::Type(bt) = &**base else { continue };
            let f = bt.dict.borrow().get_by_str_value(&name).cloned();
            if let Some(f) = f {
                if bt.builtin.is_some() {
                    if !kw.is_empty() {
                        return Err(Error::type_error(format!(
                            "{}.__init_subclass__() takes no keyword arguments",
                            t.qualname
                        )));
                    }
                    break;
                }
                let f = match f.as_obj().map(|o| &**o) {
                    Some(Object::ClassMethod(f)) => f.clone(),
                    _ => f,
                };
                let mut args = vec![Value::Obj(cls.clone())];
                let mut names = Vec::new();
                for (k, v) in kw {
                    args.push(v.clone());
                    names.push(Value::str(k));
                }
                self.call_kw(&f, &args, &names)?;
                break;
            }
        }
        Ok(())
    }

    /// `<__main__.Foo object at 0x...>`.
    pub fn default_repr(&mut self, v: &Value) -> PyResult<String> {
        let t = self.type_of(v);
        Ok(match (&*t, v.as_obj().map(|o| &**o)) {
            (_, Some(Object::Type(c))) => {
                if c.module == "builtins" {
                    format!("<class '{}'>", c.qualname)
                } else {
                    format!("<class '{}.{}'>", c.module, c.qualname)
                }
            }
            (_, Some(Object::Function(f))) => {
                format!("<function {} at 0x{:x}>", f.code.qualname, v.id())
            }
            (_, Some(Object::NativeFunction(f))) => match &f.bound {
                Some(b) => format!(
                    "<built-in method {} of {} object at 0x{:x}>",
                    f.name,
                    self.type_name(b),
                    b.id()
                ),
                None => format!("<built-in function {}>", f.name),
            },
            (_, Some(Object::Module(m))) => format!("<module '{}'>", m.name),
            (_, Some(Object::BoundMethod { func, this })) => {
                let fname = match func.as_obj().map(|o| &**o) {
                    Some(Object::Function(f)) => f.code.qualname.clone(),
                    _ => "?".into(),
                };
                let r = ops::repr(self, this)?;
                format!("<bound method {fname} of {r}>")
            }
            (_, Some(Object::Generator(g))) => {
                format!("<generator object {} at 0x{:x}>", g.qualname, v.id())
            }
            (_, Some(Object::NotImplemented)) => "NotImplemented".into(),
            (_, Some(Object::Ellipsis)) => "Ellipsis".into(),
            (Object::Type(c), _) => {
                if c.module == "builtins" {
                    format!("<{} object at 0x{:x}>", c.qualname, v.id())
                } else {
                    format!("<{}.{} object at 0x{:x}>", c.module, c.qualname, v.id())
                }
            }
            _ => format!("<object at 0x{:x}>", v.id()),
        })
    }

    /// `str(v)` when the type has no `__str__` of its own: its repr.
    pub fn default_str(&mut self, v: &Value) -> PyResult<String> {
        if exc::exc_data(v).is_some() {
            return self.exception_str(v);
        }
        ops::repr(self, v)
    }
}

/// Records `sub` among `base`'s subclasses (`type.__subclasses__`). The
/// list is pruned of dead classes when its length reaches a power of two,
/// so a program that keeps making and dropping classes neither grows it
/// without bound nor pays a scan for every class it makes.
fn note_subclass(base: &ObjRef, sub: &ObjRef) {
    let Object::Type(bt) = &**base else { return };
    let mut subs = bt.subclasses.borrow_mut();
    if subs.len() >= 16 && subs.len().is_power_of_two() {
        subs.retain(|w| w.is_alive());
    }
    subs.push(Ref::downgrade(sub));
}

/// Copies the fields of a type object (used to adjust a freshly made one).
fn take_type(t: &ObjRef) -> TypeObj {
    let Object::Type(t) = &**t else {
        unreachable!("take_type on a type")
    };
    TypeObj {
        name: t.name.clone(),
        qualname: t.qualname.clone(),
        module: t.module.clone(),
        bases: t.bases.clone(),
        mro: t.mro.clone(),
        dict: ObjCell::new(t.dict.borrow().clone()),
        builtin: t.builtin,
        native_init: t.native_init,
        cache_tag: Default::default(),
        special_absent: Default::default(),
        dictless: t.dictless,
        metaclass: t.metaclass.clone(),
        subclasses: Default::default(),
        static_type: t.static_type,
    }
}
