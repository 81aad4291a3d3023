//! The builtins the VM owns (the class machinery, introspection, exec/eval,
//! `__import__`), the VM-side methods of some builtin types (type, property,
//! staticmethod, classmethod, super, generator), and filling the builtins
//! module at start-up.

use crate::compile::Mode;
use crate::error::{Error, ExcKind, PyResult};
use crate::object::{Args, BuiltinKind, NativeFnPtr, NativeFunction, NativeImpl, Object};
use crate::value::{ObjRef, Value};

use super::{check_args, ops, Vm};

/// `NativeFunction::owner` of builtins that need their caller's frame
/// (`locals()`, `exec`, ...): the eval loop fills `Vm::frame_ctx` for them.
pub(crate) const FRAME_OWNER: &str = "<frame>";
/// Key in a native class's dict that makes calling it frame-sensitive
/// (`Vm::want_caller_location`).
pub(crate) const CALLER_MARK: &str = "__conc_caller_location__";

const FUNCTIONS: &[(&str, NativeFnPtr)] = &[
    ("__build_class__", bi_build_class),
    ("isinstance", bi_isinstance),
    ("issubclass", bi_issubclass),
    ("getattr", bi_getattr),
    ("setattr", bi_setattr),
    ("hasattr", bi_hasattr),
    ("delattr", bi_delattr),
    ("callable", bi_callable),
    ("__import__", bi_import),
    ("id", bi_id),
    ("compile", bi_compile),
];

const FRAME_FUNCTIONS: &[(&str, NativeFnPtr)] = &[
    ("globals", bi_globals),
    ("locals", bi_locals),
    ("vars", bi_vars),
    ("dir", bi_dir),
    ("exec", bi_exec),
    ("eval", bi_eval),
];

/// Fills the builtins module.
pub(crate) fn install(vm: &mut Vm) {
    for (name, f) in super::shim::builtin_functions() {
        vm.set_builtin(name, vm.new_native_fn(name, *f));
    }
    for (name, f) in FUNCTIONS {
        vm.set_builtin(name, vm.new_native_fn(name, *f));
    }
    for (name, f) in FRAME_FUNCTIONS {
        let v = Value::new_obj(Object::NativeFunction(Box::new(NativeFunction {
            on_base: false,
            name: (*name).into(),
            imp: NativeImpl::Fn(*f),
            owner: Some(FRAME_OWNER.into()),
            bound: None,
        })));
        vm.set_builtin(name, v);
    }
    let types = [
        ("object", BuiltinKind::Object),
        ("type", BuiltinKind::Type),
        ("super", BuiltinKind::Super),
        ("property", BuiltinKind::Property),
        ("staticmethod", BuiltinKind::StaticMethod),
        ("classmethod", BuiltinKind::ClassMethod),
        ("int", BuiltinKind::Int),
        ("float", BuiltinKind::Float),
        ("bool", BuiltinKind::Bool),
        ("complex", BuiltinKind::Complex),
        ("str", BuiltinKind::Str),
        ("bytes", BuiltinKind::Bytes),
        ("tuple", BuiltinKind::Tuple),
        ("list", BuiltinKind::List),
        ("dict", BuiltinKind::Dict),
        ("set", BuiltinKind::Set),
        ("frozenset", BuiltinKind::FrozenSet),
        ("range", BuiltinKind::Range),
        ("slice", BuiltinKind::Slice),
    ];
    for (name, kind) in types {
        // An object engineer's builtin of the same name (a function) wins
        // only if it was registered first; types are the normal case.
        if vm.builtin(name).is_none() {
            vm.set_builtin(name, Value::Obj(vm.builtin_type(kind)));
        }
    }
    for &kind in ExcKind::ALL.iter().filter(|k| !k.is_termination()) {
        vm.set_builtin(kind.name(), Value::Obj(vm.exc_type(kind)));
    }
    vm.set_builtin(
        "EnvironmentError",
        Value::Obj(vm.exc_type(ExcKind::OSError)),
    );
    vm.set_builtin("IOError", Value::Obj(vm.exc_type(ExcKind::OSError)));
    vm.set_builtin("NotImplemented", Value::new_obj(Object::NotImplemented));
    let ellipsis = vm.intern(crate::compile::ELLIPSIS);
    vm.set_builtin("Ellipsis", ellipsis);
    vm.set_builtin("__name__", Value::str("builtins"));
    vm.set_builtin("__debug__", Value::Bool(true));
    crate::builtins::site::install(vm);
    let bytearray = crate::object::bytearray::make_class(vm);
    vm.set_builtin("bytearray", Value::Obj(bytearray));
    let memoryview = crate::object::memoryview::make_class(vm);
    vm.set_builtin("memoryview", Value::Obj(memoryview));
}

/// Methods the VM installs in builtin types (next to the object engineer's).
pub(crate) fn vm_methods_for(kind: BuiltinKind) -> &'static [(&'static str, NativeFnPtr)] {
    match kind {
        BuiltinKind::Type => &[
            ("__new__", type_new),
            ("__init__", type_init),
            ("__call__", super::metaclass::type_call),
            ("mro", type_mro),
            ("__subclasses__", type_subclasses),
            ("__instancecheck__", super::metaclass::type_instancecheck),
            ("__subclasscheck__", super::metaclass::type_subclasscheck),
            ("__getattribute__", super::metaclass::type_getattribute),
        ],
        BuiltinKind::Property => &[
            ("__new__", property_new),
            ("getter", property_getter),
            ("setter", property_setter),
            ("deleter", property_deleter),
            ("__get__", property_get),
        ],
        BuiltinKind::StaticMethod => &[("__new__", staticmethod_new)],
        BuiltinKind::ClassMethod => &[("__new__", classmethod_new)],
        BuiltinKind::Super => &[("__new__", super_new)],
        BuiltinKind::Generator => super::generator::GEN_METHODS,
        _ => &[],
    }
}

/// Whether calling `callable` needs `Vm::frame_ctx` (see `FRAME_OWNER`).
pub(crate) fn needs_frame(vm: &Vm, callable: &Value) -> bool {
    match callable.as_obj().map(|o| &**o) {
        Some(Object::NativeFunction(nf)) => nf.owner.as_deref() == Some(FRAME_OWNER),
        Some(Object::Type(t)) => {
            let sup = &vm.state.types[BuiltinKind::Super as usize];
            crate::sync::Ref::ptr_eq(callable.as_obj().expect("obj"), sup)
                || (t.native_init.is_some() && t.dict.borrow().get_str(CALLER_MARK).is_some())
        }
        _ => false,
    }
}

fn as_type(v: &Value) -> Option<&ObjRef> {
    v.as_obj().filter(|o| matches!(&***o, Object::Type(_)))
}

fn bi_build_class(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    vm.build_class(args)
}

pub(crate) fn bi_isinstance(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("isinstance", &args, 2, 2)?;
    Ok(Value::Bool(vm.isinstance_of(&args.args[0], &args.args[1])?))
}

fn bi_issubclass(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("issubclass", &args, 2, 2)?;
    Ok(Value::Bool(vm.issubclass_of(&args.args[0], &args.args[1])?))
}

fn attr_name<'a>(vm: &Vm, fname: &str, v: &'a Value) -> PyResult<&'a Value> {
    if v.as_str().is_some() {
        Ok(v)
    } else {
        Err(Error::type_error(format!(
            "{fname}(): attribute name must be string, not '{}'",
            vm.type_name(v)
        )))
    }
}

fn bi_getattr(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("getattr", &args, 2, 3)?;
    let name = attr_name(vm, "getattr", &args.args[1])?;
    match vm.get_attr_v(&args.args[0], name) {
        Err(e) if args.args.len() == 3 && vm.error_matches(&e, ExcKind::AttributeError) => {
            Ok(args.args[2].clone())
        }
        r => r,
    }
}

fn bi_setattr(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("setattr", &args, 3, 3)?;
    let name = attr_name(vm, "setattr", &args.args[1])?;
    vm.set_attr_v(&args.args[0], name, Some(args.args[2].clone()))?;
    Ok(Value::None)
}

fn bi_hasattr(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("hasattr", &args, 2, 2)?;
    let name = attr_name(vm, "hasattr", &args.args[1])?;
    match vm.get_attr_v(&args.args[0], name) {
        Ok(_) => Ok(Value::Bool(true)),
        Err(e) if vm.error_matches(&e, ExcKind::AttributeError) => Ok(Value::Bool(false)),
        Err(e) => Err(e),
    }
}

fn bi_delattr(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("delattr", &args, 2, 2)?;
    let name = attr_name(vm, "delattr", &args.args[1])?;
    vm.set_attr_v(&args.args[0], name, None)?;
    Ok(Value::None)
}

fn bi_callable(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("callable", &args, 1, 1)?;
    Ok(Value::Bool(vm.is_callable(&args.args[0])))
}

impl Vm {
    /// `callable(v)`.
    pub(crate) fn is_callable(&mut self, v: &Value) -> bool {
        let known = match v.as_obj().map(|o| &**o) {
            Some(
                Object::Function(_)
                | Object::NativeFunction(_)
                | Object::BoundMethod { .. }
                | Object::Type(_),
            ) => true,
            Some(Object::Instance(i)) => {
                super::attr::lookup_type(&i.class, &Value::str("__call__")).is_some()
            }
            _ => false,
        };
        known || self.lookup_special(v, "__call__").is_some()
    }
}

fn bi_id(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("id", &args, 1, 1)?;
    Ok(Value::Int(args.args[0].id()))
}

fn bi_import(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = args.pos();
    let Some(name) = pos.first().and_then(|n| n.as_str()).map(String::from) else {
        return Err(Error::type_error("__import__() argument 1 must be str"));
    };
    let fromlist = pos
        .get(3)
        .cloned()
        .or_else(|| args.kwarg("fromlist").cloned())
        .unwrap_or_default();
    let m = vm.import_module(&name)?;
    let nonempty = !fromlist.is_none() && ops::truthy(vm, &fromlist)?;
    if nonempty {
        return Ok(m);
    }
    vm.import_module(name.split('.').next().unwrap_or(&name))
}

fn ctx_globals(vm: &mut Vm) -> ObjRef {
    if let Some(c) = &vm.frame_ctx {
        return c.globals.clone();
    }
    match vm
        .import_module("__main__")
        .ok()
        .as_ref()
        .and_then(|m| m.as_obj())
        .map(|o| &**o)
    {
        Some(Object::Module(m)) => m.dict.clone(),
        _ => vm.new_globals("__main__"),
    }
}

fn bi_globals(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("globals", &args, 0, 0)?;
    Ok(Value::Obj(ctx_globals(vm)))
}

fn bi_locals(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("locals", &args, 0, 0)?;
    Ok(match vm.frame_ctx.as_ref().and_then(|c| c.locals.clone()) {
        Some(l) => l,
        None => Value::Obj(ctx_globals(vm)),
    })
}

fn bi_vars(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("vars", &args, 0, 1)?;
    match args.args.first() {
        None => bi_locals(vm, Args::new(&[])),
        Some(v) => match vm.get_attr_opt(v, "__dict__")? {
            Some(d) => Ok(d),
            None => Err(Error::type_error(
                "vars() argument must have __dict__ attribute",
            )),
        },
    }
}

fn bi_dir(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("dir", &args, 0, 1)?;
    let mut names: Vec<String> = Vec::new();
    let mut add_dict = |d: &crate::object::Dict| {
        for k in d.keys() {
            if let Some(s) = k.as_str() {
                names.push(s.to_string());
            }
        }
    };
    match args.args.first() {
        None => {
            let l = bi_locals(vm, Args::new(&[]))?;
            if let Some(Object::Dict(d)) = l.as_obj().map(|o| &**o) {
                add_dict(&d.borrow());
            }
        }
        Some(v) => {
            // A class's own `__dir__` (a metaclass's, for `dir(C)`) gives
            // the names; `dir` sorts them.
            if let Some(f) = vm.lookup_special(v, "__dir__") {
                let r = vm.call(&f, std::slice::from_ref(v))?;
                let list = Value::list(ops::collect(vm, &r)?);
                vm.call_method(&list, "sort", &[])?;
                return Ok(list);
            }
            match v.as_obj().map(|o| &**o) {
                Some(Object::Module(m)) => {
                    if let Object::Dict(d) = &*m.dict {
                        add_dict(&d.borrow());
                    }
                }
                Some(Object::Instance(i)) => add_dict(&i.dict.borrow()),
                _ => {}
            }
            if !matches!(v.as_obj().map(|o| &**o), Some(Object::Module(_))) {
                let t = match as_type(v) {
                    Some(t) => t.clone(),
                    None => vm.type_of(v),
                };
                for c in super::class::full_mro(&t) {
                    if let Object::Type(ty) = &*c {
                        add_dict(&ty.dict.borrow());
                    }
                }
            }
        }
    }
    names.sort();
    names.dedup();
    Ok(Value::list(names.into_iter().map(Value::string).collect()))
}

/// The (globals, locals) of exec/eval from their optional arguments.
fn namespaces(
    vm: &mut Vm,
    g: Option<&Value>,
    l: Option<&Value>,
) -> PyResult<(ObjRef, Option<Value>)> {
    match g.filter(|g| !g.is_none()) {
        Some(g) => match g.as_obj() {
            Some(o) if matches!(&**o, Object::Dict(_)) => {
                Ok((o.clone(), l.filter(|l| !l.is_none()).cloned()))
            }
            _ => Err(Error::type_error(format!(
                "globals must be a dict, not {}",
                vm.type_name(g)
            ))),
        },
        None => {
            let globals = ctx_globals(vm);
            let locals = match l.filter(|l| !l.is_none()) {
                Some(l) => Some(l.clone()),
                None => vm.frame_ctx.as_ref().and_then(|c| c.locals.clone()),
            };
            Ok((globals, locals))
        }
    }
}

fn source_or_code(
    vm: &mut Vm,
    v: &Value,
    fname: &str,
    mode: Mode,
) -> PyResult<crate::bytecode::CodeRef> {
    match v.as_obj().map(|o| &**o) {
        Some(Object::Code(c)) => Ok(c.clone()),
        Some(Object::Str(s)) => {
            let src = s.as_str().to_string();
            vm.add_source("<string>", &src);
            compile_text(vm, &src, "<string>", mode)
        }
        _ => Err(Error::type_error(format!(
            "{fname}() arg 1 must be a string, bytes or code object"
        ))),
    }
}

fn compile_text(
    vm: &mut Vm,
    src: &str,
    filename: &str,
    mode: Mode,
) -> PyResult<crate::bytecode::CodeRef> {
    if mode != Mode::Eval {
        return vm.compile_source(src, filename, mode);
    }
    let expr = conc_grammar::parse_expression(src.trim())
        .map_err(|e| vm.syntax_error(ExcKind::SyntaxError, &e.msg, filename, e.line, e.col, src))?;
    let intern = |name: &str| vm.intern(name);
    let code = crate::compile::compile_expression(&expr, filename, Some(&intern));
    code.map_err(|e| vm.syntax_error(ExcKind::SyntaxError, &e.msg, filename, e.line, e.col, src))
}

fn bi_exec(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("exec", &args, 1, 3)?;
    let code = source_or_code(vm, &args.args[0], "exec", Mode::Exec)?;
    let (g, l) = namespaces(vm, args.args.get(1), args.args.get(2))?;
    vm.frame_ctx = None;
    vm.exec_code(&code, g, l)?;
    Ok(Value::None)
}

fn bi_eval(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("eval", &args, 1, 3)?;
    let code = source_or_code(vm, &args.args[0], "eval", Mode::Eval)?;
    let (g, l) = namespaces(vm, args.args.get(1), args.args.get(2))?;
    vm.frame_ctx = None;
    vm.exec_code(&code, g, l)
}

fn bi_compile(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = args.pos();
    if pos.len() < 3 {
        return Err(Error::type_error(
            "compile() missing required argument 'mode' (pos 3)",
        ));
    }
    let src = pos[0]
        .as_str()
        .ok_or_else(|| Error::type_error("compile() arg 1 must be a string"))?
        .to_string();
    let filename = pos[1].as_str().unwrap_or("<string>").to_string();
    let mode = match pos[2].as_str() {
        Some("exec") => Mode::Exec,
        Some("eval") => Mode::Eval,
        Some("single") => Mode::Interactive,
        _ => {
            return Err(Error::value_error(
                "compile() mode must be 'exec', 'eval' or 'single'",
            ))
        }
    };
    vm.add_source(&filename, &src);
    let code = compile_text(vm, &src, &filename, mode)?;
    Ok(Value::new_obj(Object::Code(code)))
}

// ----- methods of builtin types owned by the VM -----

/// `type.__init__(cls, name, bases, ns)`: nothing to do (`type.__new__`
/// made the class), but a metaclass's `super().__init__(...)` reaches it
/// rather than `object.__init__`, with CPython's checks.
fn type_init(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let given = args.pos().len().saturating_sub(1);
    if given == 1 && args.has_kwargs() {
        return Err(Error::type_error(
            "type.__init__() takes no keyword arguments",
        ));
    }
    if given != 1 && given != 3 {
        return Err(Error::type_error("type.__init__() takes 1 or 3 arguments"));
    }
    Ok(Value::None)
}

fn type_new(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = args.pos();
    match pos.len() {
        2 => Ok(Value::Obj(vm.type_of(&pos[1]))),
        4 => {
            let name = pos[1]
                .as_str()
                .ok_or_else(|| Error::type_error("type.__new__() argument 1 must be str"))?;
            let bases: Vec<ObjRef> = match pos[2].as_obj().map(|o| &**o) {
                Some(Object::Tuple(t)) => {
                    let mut out = Vec::new();
                    for b in t.iter() {
                        out.push(
                            as_type(b)
                                .cloned()
                                .ok_or_else(|| Error::type_error("bases must be types"))?,
                        );
                    }
                    out
                }
                _ => return Err(Error::type_error("type.__new__() argument 2 must be tuple")),
            };
            let ns = match pos[3].as_obj().map(|o| &**o) {
                Some(Object::Dict(d)) => d.borrow().clone(),
                _ => return Err(Error::type_error("type.__new__() argument 3 must be dict")),
            };
            let name = name.to_string();
            let mcs = as_type(&pos[0])
                .cloned()
                .ok_or_else(|| Error::type_error("type.__new__(X): X is not a type object"))?;
            let t = vm.create_type(&mcs, &name, bases, ns)?;
            // As CPython's type.__new__: descriptors learn their names and
            // the parent's `__init_subclass__` sees the new class, with the
            // keywords given here.
            let kw: Vec<(String, Value)> = args
                .kwargs()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect();
            vm.after_class_created(&t, &kw)?;
            Ok(Value::Obj(t))
        }
        _ => Err(Error::type_error("type() takes 1 or 3 arguments")),
    }
}

fn type_mro(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let t = as_type(args.args.first().unwrap_or(&Value::None)).cloned();
    let t = t.ok_or_else(|| Error::type_error("mro() requires a type"))?;
    Ok(Value::list(
        super::class::full_mro(&t)
            .into_iter()
            .map(Value::Obj)
            .collect(),
    ))
}

/// `C.__subclasses__()`: the live classes made with `C` among their
/// bases, in the order they were made.
fn type_subclasses(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("__subclasses__", &args, 1, 1)?;
    let Some(Object::Type(t)) = args.args[0].as_obj().map(|o| &**o) else {
        return Err(Error::type_error(
            "descriptor '__subclasses__' requires a 'type' object",
        ));
    };
    let live: Vec<Value> = t
        .subclasses
        .borrow()
        .iter()
        .filter_map(|w| w.upgrade())
        .map(Value::Obj)
        .collect();
    Ok(Value::list(live))
}

fn property_new(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = args.pos();
    let get = |i: usize, n: &str| {
        pos.get(i)
            .cloned()
            .or_else(|| args.kwarg(n).cloned())
            .unwrap_or_default()
    };
    let fget = get(1, "fget");
    let mut doc = get(4, "doc");
    if doc.is_none() {
        if let Some(Object::Function(f)) = fget.as_obj().map(|o| &**o) {
            doc = f
                .attrs
                .borrow()
                .get_str("__doc__")
                .cloned()
                .unwrap_or_default();
        }
    }
    Ok(Value::new_obj(Object::Property {
        fget,
        fset: get(2, "fset"),
        fdel: get(3, "fdel"),
        doc,
    }))
}

fn prop_parts(v: &Value) -> PyResult<(Value, Value, Value, Value)> {
    match v.as_obj().map(|o| &**o) {
        Some(Object::Property {
            fget,
            fset,
            fdel,
            doc,
        }) => Ok((fget.clone(), fset.clone(), fdel.clone(), doc.clone())),
        _ => Err(Error::type_error("descriptor requires a 'property' object")),
    }
}

fn property_getter(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("getter", &args, 2, 2)?;
    let (_, fset, fdel, doc) = prop_parts(&args.args[0])?;
    Ok(Value::new_obj(Object::Property {
        fget: args.args[1].clone(),
        fset,
        fdel,
        doc,
    }))
}

fn property_setter(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("setter", &args, 2, 2)?;
    let (fget, _, fdel, doc) = prop_parts(&args.args[0])?;
    Ok(Value::new_obj(Object::Property {
        fget,
        fset: args.args[1].clone(),
        fdel,
        doc,
    }))
}

fn property_deleter(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("deleter", &args, 2, 2)?;
    let (fget, fset, _, doc) = prop_parts(&args.args[0])?;
    Ok(Value::new_obj(Object::Property {
        fget,
        fset,
        fdel: args.args[1].clone(),
        doc,
    }))
}

fn property_get(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("__get__", &args, 2, 3)?;
    let (fget, ..) = prop_parts(&args.args[0])?;
    if args.args[1].is_none() {
        return Ok(args.args[0].clone());
    }
    vm.call(&fget, &args.args[1..2])
}

fn staticmethod_new(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("staticmethod", &args, 2, 2)?;
    Ok(Value::new_obj(Object::StaticMethod(args.args[1].clone())))
}

fn classmethod_new(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("classmethod", &args, 2, 2)?;
    Ok(Value::new_obj(Object::ClassMethod(args.args[1].clone())))
}

fn super_new(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = args.pos();
    let (ty, obj) = match pos.len() {
        1 => {
            let ctx = vm
                .frame_ctx
                .clone()
                .ok_or_else(|| Error::runtime_error("super(): no arguments"))?;
            let cell = ctx
                .class_cell
                .ok_or_else(|| Error::runtime_error("super(): __class__ cell not found"))?;
            let cls = match &*cell {
                Object::Cell(c) => c.borrow().clone(),
                _ => None,
            };
            let cls = cls.ok_or_else(|| Error::runtime_error("super(): empty __class__ cell"))?;
            let obj = ctx
                .first_arg
                .ok_or_else(|| Error::runtime_error("super(): no arguments"))?;
            (cls, obj)
        }
        3 => (pos[1].clone(), pos[2].clone()),
        _ => return Err(Error::type_error("super() takes 0 or 2 arguments")),
    };
    let Some(ty) = as_type(&ty).cloned() else {
        return Err(Error::type_error(format!(
            "super() argument 1 must be a type, not {}",
            vm.type_name(&ty)
        )));
    };
    let ok = vm.isinstance(&obj, &ty) || as_type(&obj).is_some_and(|o| vm.is_subclass(o, &ty));
    if !ok {
        return Err(Error::type_error(
            "super(type, obj): obj must be an instance or subtype of type",
        ));
    }
    Ok(Value::new_obj(Object::Super { ty, obj }))
}
