//! The `futures` module, also importable as `concurrent.futures` (the same
//! module object; `concurrent` is a plain module whose `futures` attribute
//! it is).
//!
//! It is written in conc (`futures/futures.conc`) over the `thread`,
//! `lock` and `queue` modules, following CPython's
//! `concurrent/futures/_base.py` and `thread.py`: `Future`, `Executor`,
//! `ThreadPoolExecutor`, `wait`, `as_completed` and the exceptions. One
//! native helper formats an exception with its traceback, for the messages
//! CPython logs (a failing done-callback or pool initializer).

use conc_interp::object::{Args, NativeFnPtr};
use conc_interp::prelude::*;

use crate::util::{arity, new_module};

const SOURCE: &str = include_str!("futures/futures.conc");

/// The module's name, as CPython's package is named.
const NAME: &str = "concurrent.futures";

/// `_format_exception(exc)`: the traceback and the `Type: message` line,
/// as the interpreter prints an uncaught exception.
fn format_exception(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("_format_exception", &args, 1, 1)?;
    Ok(Value::string(vm.format_exception(&args.pos()[0])))
}

/// The `futures` module.
pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let fns: &[(&str, NativeFnPtr)] = &[("_format_exception", format_exception)];
    let m = new_module(vm, NAME, fns);
    crate::util::exec_in_module(vm, &m, SOURCE)?;
    Ok(m)
}

/// `import concurrent.futures`: the `futures` module.
pub fn init_alias(vm: &mut Vm) -> PyResult<Value> {
    vm.import_module("futures")
}

/// The `concurrent` package: only its `futures` submodule.
pub fn init_concurrent(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("concurrent");
    let futures = vm.import_module("futures")?;
    vm.module_set(&m, "futures", futures);
    Ok(m)
}
