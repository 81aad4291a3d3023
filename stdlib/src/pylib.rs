//! Modules written entirely in conc (one `.conc` file each under `pylib/`):
//! the ones ordinary programs import around their threads — `logging`,
//! `contextlib`, `copy`, `bisect`, `atexit`, `traceback`, `io`,
//! `__future__`, `textwrap`, `timeit`, `typing`, `abc`, `enum`,
//! `dataclasses`, `statistics`, `datetime` (with `_strptime`), `argparse`,
//! `base64`, `uuid`, `pprint`, `collections.abc`.
//! Python 3.11's documented behaviour is the reference;
//! speed does not matter here. `enum`, `abc` (and so `collections.abc`)
//! and `typing`'s protocols work through metaclasses, as in CPython.
//!
//! A few native helpers live in `_pylib` (formatting an exception the way
//! the interpreter prints an uncaught one).

use conc_interp::object::{Args, NativeFnPtr};
use conc_interp::prelude::*;

use crate::util::{arity, exec_in_module, new_module};

/// `_format_exception(exc)`: the traceback and the `Type: message` line.
fn format_exception(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("_format_exception", &args, 1, 1)?;
    Ok(Value::string(vm.format_exception(&args.pos()[0])))
}

/// `_exception_only(exc)`: the `Type: message` line.
fn exception_only(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("_exception_only", &args, 1, 1)?;
    Ok(Value::string(vm.exception_only(&args.pos()[0])))
}

/// The `_pylib` helper module.
pub fn init_native(vm: &mut Vm) -> PyResult<Value> {
    let fns: &[(&str, NativeFnPtr)] = &[
        ("_format_exception", format_exception),
        ("_exception_only", exception_only),
    ];
    Ok(new_module(vm, "_pylib", fns))
}

/// A module made of conc source only.
fn pure(vm: &mut Vm, name: &str, source: &str) -> PyResult<Value> {
    let m = vm.new_module(name);
    exec_in_module(vm, &m, source)?;
    Ok(m)
}

macro_rules! pure_modules {
    ($($fn_name:ident, $module:literal, $file:literal;)*) => {
        $(
            #[doc = concat!("The `", $module, "` module.")]
            pub fn $fn_name(vm: &mut Vm) -> PyResult<Value> {
                pure(vm, $module, include_str!(concat!("pylib/", $file)))
            }
        )*
        /// Registers every module of this file.
        pub fn register(vm: &Vm) {
            vm.register_builtin_module("_pylib", init_native);
            $( vm.register_builtin_module($module, $fn_name); )*
        }
    };
}

pure_modules! {
    init_logging, "logging", "logging.conc";
    init_contextlib, "contextlib", "contextlib.conc";
    init_copy, "copy", "copy.conc";
    init_bisect, "bisect", "bisect.conc";
    init_atexit, "atexit", "atexit.conc";
    init_traceback, "traceback", "traceback.conc";
    init_io, "io", "io.conc";
    init_future, "__future__", "__future__.conc";
    init_textwrap, "textwrap", "textwrap.conc";
    init_timeit, "timeit", "timeit.conc";
    init_types, "types", "types.conc";
    init_typing, "typing", "typing.conc";
    init_abc, "abc", "abc.conc";
    init_collections_abc, "collections.abc", "collections_abc.conc";
    init_enum, "enum", "enum.conc";
    init_dataclasses, "dataclasses", "dataclasses.conc";
    init_statistics, "statistics", "statistics.conc";
    init_datetime, "datetime", "datetime.conc";
    init_strptime, "_strptime", "_strptime.conc";
    init_argparse, "argparse", "argparse.conc";
    init_base64, "base64", "base64.conc";
    init_uuid, "uuid", "uuid.conc";
    init_pprint, "pprint", "pprint.conc";
}
