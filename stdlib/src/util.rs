//! Small argument-handling helpers shared by the stdlib modules: number
//! conversions with CPython's messages, argument-count checks, and the
//! `module!`-style registration of native functions.

use conc_interp::object::{Args, BuiltinKind, NativeFnPtr, Object};
use conc_interp::prelude::*;
use num_bigint::BigInt;
use num_traits::ToPrimitive;

/// An int value from a big integer (normalized to `Int` when it fits).
pub fn int_value(b: BigInt) -> Value {
    match b.to_i64() {
        Some(i) => Value::Int(i),
        None => Value::new_obj(Object::BigInt(b)),
    }
}

/// The integer of an int or bool value, as a big integer.
pub fn as_bigint(v: &Value) -> Option<BigInt> {
    match v {
        Value::Int(i) => Some(BigInt::from(*i)),
        Value::Bool(b) => Some(BigInt::from(*b as i64)),
        Value::Obj(o) => match &**o {
            Object::BigInt(b) => Some(b.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// `operator.index(v)` as a big integer: ints, bools, and objects with
/// `__index__`; anything else is "'float' object cannot be interpreted as an
/// integer".
pub fn index_big(vm: &mut Vm, v: &Value) -> PyResult<BigInt> {
    if let Some(b) = as_bigint(v) {
        return Ok(b);
    }
    if let Some(f) = vm.lookup_special(v, "__index__") {
        let r = vm.call(&f, std::slice::from_ref(v))?;
        if let Some(b) = as_bigint(&r) {
            return Ok(b);
        }
    }
    if let Some(b) = conc_interp::object::base_value(v).and_then(as_bigint) {
        return Ok(b);
    }
    Err(Error::type_error(format!(
        "'{}' object cannot be interpreted as an integer",
        vm.type_name(v)
    )))
}

/// `operator.index(v)` as an i64 (OverflowError past i64).
pub fn index_i64(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        _ => index_big(vm, v)?
            .to_i64()
            .ok_or_else(|| Error::overflow_error("Python int too large to convert to C ssize_t")),
    }
}

/// A float argument: floats, ints (exactly rounded), and `__float__` /
/// `__index__` objects; "must be real number, not str" otherwise.
pub fn float_arg(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    match v {
        Value::Float(f) => return Ok(*f),
        Value::Int(i) => return Ok(*i as f64),
        Value::Bool(b) => return Ok(*b as i64 as f64),
        Value::Obj(o) => {
            if let Object::BigInt(b) = &**o {
                return b
                    .to_f64()
                    .filter(|f| f.is_finite())
                    .ok_or_else(|| Error::overflow_error("int too large to convert to float"));
            }
        }
        Value::None => {}
    }
    for name in ["__float__", "__index__"] {
        if let Some(f) = vm.lookup_special(v, name) {
            let r = vm.call(&f, std::slice::from_ref(v))?;
            if !matches!(r, Value::Obj(_)) || as_bigint(&r).is_some() {
                return float_arg(vm, &r);
            }
        }
    }
    if let Some(b) = conc_interp::object::base_value(v) {
        return float_arg(vm, b);
    }
    Err(Error::type_error(format!(
        "must be real number, not {}",
        vm.type_name(v)
    )))
}

/// Checks the positional count of `fname` and refuses keyword arguments.
pub fn arity(fname: &str, args: &Args<'_>, min: usize, max: usize) -> PyResult<()> {
    args.check_arity(fname, min, max)
}

/// Checks the positional count only (keywords handled by the caller).
pub fn pos_arity(fname: &str, args: &Args<'_>, min: usize, max: usize) -> PyResult<()> {
    args.check_pos_arity(fname, min, max)
}

/// Refuses keyword arguments other than `allowed`.
pub fn check_kwargs(fname: &str, args: &Args<'_>, allowed: &[&str]) -> PyResult<()> {
    for (k, _) in args.kwargs() {
        if !allowed.contains(&k) {
            return Err(Error::type_error(format!(
                "{fname}() got an unexpected keyword argument '{k}'"
            )));
        }
    }
    Ok(())
}

/// Positional argument `i`, else keyword `name`.
pub fn arg<'a>(args: &Args<'a>, i: usize, name: &str) -> Option<&'a Value> {
    args.pos().get(i).or_else(|| args.kwarg(name))
}

/// Creates a module and sets its native functions.
pub fn new_module(vm: &mut Vm, name: &str, fns: &[(&str, NativeFnPtr)]) -> Value {
    let m = vm.new_module(name);
    for (fname, f) in fns {
        let v = vm.new_native_fn(fname, *f);
        vm.module_set(&m, fname, v);
    }
    m
}

/// A native class: its name, its methods, and the maker of each
/// instance's Rust payload.
pub type NativeClass<'a> = (
    &'a str,
    &'a [(&'a str, NativeFnPtr)],
    fn() -> Box<dyn std::any::Any + Send + Sync>,
);

/// The payload maker of a native class whose state is a `T` behind an
/// `ObjCell`, starting at `T::default()` (`__init__` fills it).
pub fn cell_payload<T: Default + Send + 'static>() -> Box<dyn std::any::Any + Send + Sync> {
    Box::new(conc_interp::sync::ObjCell::new(T::default()))
}

/// Makes each native class (a direct subclass of `object`) and sets it in
/// `module` under its name. A dotted name (`functools.KeyWrapper`) is for
/// a class that is a C type in CPython (`Vm::new_class`).
pub fn add_native_classes(vm: &mut Vm, module: &Value, classes: &[NativeClass<'_>]) {
    let object = vm.builtin_type(BuiltinKind::Object);
    for &(dotted, methods, init) in classes {
        let cls = vm.new_class(dotted, std::slice::from_ref(&object), methods, Some(init));
        let name = dotted.rsplit_once('.').map_or(dotted, |(_, n)| n);
        vm.module_set(module, name, Value::Obj(cls));
    }
}

/// Runs conc source in a module's namespace (the pure-conc parts of the
/// stdlib: generator-based iterators, decorators, class factories), through
/// the builtin `exec`, so only the public API is used.
/// The code is compiled under the name `<conc stdlib NAME>` so tracebacks
/// through it say where they are.
pub fn exec_in_module(vm: &mut Vm, module: &Value, source: &str) -> PyResult<()> {
    let (dict, name) = match module.as_obj().map(|o| &**o) {
        Some(Object::Module(m)) => (Value::Obj(m.dict.clone()), m.name.clone()),
        _ => {
            return Err(Error::new(
                ExcKind::SystemError,
                "exec_in_module: not a module",
            ))
        }
    };
    let exec = vm
        .builtin("exec")
        .ok_or_else(|| Error::new(ExcKind::SystemError, "builtin exec missing"))?;
    let filename = format!("<conc stdlib {name}>");
    vm.add_source(&filename, source);
    let code = match vm.builtin("compile") {
        Some(compile) => vm.call(
            &compile,
            &[
                Value::str(source),
                Value::string(filename),
                Value::str("exec"),
            ],
        )?,
        None => Value::str(source),
    };
    vm.call(&exec, &[code, dict])?;
    Ok(())
}

/// The native payload of `self` (args[0]) as `T`, or a TypeError naming the
/// method when `self` is not an instance of the native class.
/// The native payload of a method's receiver (its first argument), of the
/// class named `what`.
pub fn self_payload<'a, T: 'static>(args: &Args<'a>, what: &str) -> PyResult<&'a T> {
    match args.pos().first() {
        Some(v) => payload(v, what),
        None => Err(Error::type_error(format!(
            "descriptor of '{what}' object needs an argument"
        ))),
    }
}

pub fn payload<'a, T: 'static>(v: &'a Value, what: &str) -> PyResult<&'a T> {
    if let Some(Object::Instance(i)) = v.as_obj().map(|o| &**o) {
        if let Some(p) = i.native::<T>() {
            return Ok(p);
        }
    }
    Err(Error::type_error(format!(
        "descriptor '{what}' requires a native instance"
    )))
}
