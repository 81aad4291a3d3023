//! The `urllib` package: `urllib.parse` (splitting URLs, percent-encoding,
//! query strings), `urllib.error` (`URLError`, `HTTPError`) and
//! `urllib.request` (`urlopen` and `Request` for http:// URLs, over
//! `http.client`). All three are conc source following CPython's.

use conc_interp::prelude::*;

const PARSE_SOURCE: &str = include_str!("parse.conc");
const ERROR_SOURCE: &str = include_str!("error.conc");
const REQUEST_SOURCE: &str = include_str!("request.conc");

fn source_module(vm: &mut Vm, name: &str, source: &str) -> PyResult<Value> {
    let m = vm.new_module(name);
    crate::util::exec_in_module(vm, &m, source)?;
    Ok(m)
}

/// The `urllib` package itself: its submodules are imported by name.
pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("urllib");
    vm.module_set(&m, "__path__", Value::list(Vec::new()));
    Ok(m)
}

/// `urllib.parse`.
pub fn init_parse(vm: &mut Vm) -> PyResult<Value> {
    source_module(vm, "urllib.parse", PARSE_SOURCE)
}

/// `urllib.error`.
pub fn init_error(vm: &mut Vm) -> PyResult<Value> {
    source_module(vm, "urllib.error", ERROR_SOURCE)
}

/// `urllib.request`.
pub fn init_request(vm: &mut Vm) -> PyResult<Value> {
    source_module(vm, "urllib.request", REQUEST_SOURCE)
}
