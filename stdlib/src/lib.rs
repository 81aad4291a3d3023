//! conc-stdlib: the standard library modules, written against conc-interp's
//! public API only (the same API an embedder gets).
//!
//! Each module is registered lazily: its `init` runs on the first `import`.
//! Native code does what must be fast or exact (math, random, heapq's sift
//! loops, deque, clocks); the rest is conc source run in the module's
//! namespace, following CPython's documented pure-Python equivalents.

pub mod binascii;
pub mod blocking;
pub mod collections;
mod collections_src;
mod collections_tuplegetter;
pub mod fs;
pub mod functools;
mod functools_cmpkey;
mod functools_lru;
mod functools_partial;
pub mod futures;
pub mod gc;
pub mod hashlib;
pub mod heapq;
pub mod http;
pub mod itertools;
mod itertools_combinatoric;
mod itertools_native;
mod json;
pub mod lock;
pub mod math;
pub mod mathcore;
pub mod mt;
pub mod operator;
pub mod os;
pub mod process;
mod pylib;
pub mod queue;
pub mod random;
mod re;
pub mod secrets;
pub mod select;
pub mod signal;
pub mod socket;
pub mod string;
pub mod struct_pack;
pub mod subprocess;
pub mod thread;
pub mod time;
mod timefmt;
pub mod urllib;
mod util;
pub mod weakref;

use conc_interp::Vm;

/// Adds the standard library to an interpreter: its modules are created on
/// first import.
///
/// ```
/// let mut interp = conc_interp::Interpreter::new(Default::default());
/// conc_stdlib::install(&mut interp);
/// assert_eq!(interp.eval::<f64>("__import__('math').sqrt(2.25)").unwrap(), 1.5);
/// ```
pub fn install(interp: &mut conc_interp::Interpreter) {
    interp.with_gil(|gil| gil.with_vm(|vm| register_all(vm)));
}

/// Registers every stdlib module with the interpreter (created on first import).
pub fn register_all(vm: &Vm) {
    vm.register_builtin_module("math", math::init);
    vm.register_builtin_module("random", random::init);
    vm.register_builtin_module("time", time::init);
    vm.register_builtin_module("itertools", itertools::init);
    vm.register_builtin_module("functools", functools::init);
    vm.register_builtin_module("collections", collections::init_module);
    vm.register_builtin_module("heapq", heapq::init);
    vm.register_builtin_module("json", json::init);
    vm.register_builtin_module("re", re::init);
    vm.register_builtin_module("string", string::init);
    vm.register_builtin_module("_struct", struct_pack::init_native);
    vm.register_builtin_module("struct", struct_pack::init);
    vm.register_builtin_module("binascii", binascii::init);
    vm.register_builtin_module("hashlib", hashlib::init);
    vm.register_builtin_module("secrets", secrets::init);
    vm.register_builtin_module("weakref", weakref::init);
    vm.register_builtin_module("_weakrefset", weakref::init_weakrefset);
    vm.register_builtin_module("gc", gc::init);
    vm.register_builtin_module("operator", operator::init);
    vm.register_builtin_module("lock", lock::init);
    vm.register_builtin_module("queue", queue::init);
    vm.register_builtin_module("Queue", queue::init_alias);
    vm.register_builtin_module("_thread", thread::init_low_level);
    vm.register_builtin_module("thread", thread::init);
    vm.register_builtin_module("threading", thread::init_alias);
    vm.register_builtin_module("_process", process::init_native);
    vm.register_builtin_module("process", process::init);
    vm.register_builtin_module("_process_pool", process::init_pool);
    vm.register_builtin_module("_process_sync", process::init_sync);
    vm.register_builtin_module("_process_manager", process::init_manager);
    vm.register_builtin_module("multiprocessing.managers", process::init_manager_alias);
    vm.register_builtin_module("multiprocessing", process::init_alias);
    vm.register_builtin_module("multiprocessing.pool", process::init_pool_alias);
    vm.register_builtin_module("_socket", socket::init_native);
    vm.register_builtin_module("socket", socket::init);
    vm.register_builtin_module("select", select::init);
    vm.register_builtin_module("selectors", select::init_selectors);
    vm.register_builtin_module("os", os::init);
    vm.register_builtin_module("signal", signal::init);
    fs::register(vm);
    vm.register_builtin_module("_subprocess", subprocess::init_native);
    vm.register_builtin_module("subprocess", subprocess::init);
    vm.register_builtin_module("_http", http::init_native);
    vm.register_builtin_module("http", http::init);
    vm.register_builtin_module("http.client", http::init_client);
    vm.register_builtin_module("http.server", http::init_server);
    vm.register_builtin_module("socketserver", http::init_socketserver);
    vm.register_builtin_module("urllib", urllib::init);
    vm.register_builtin_module("urllib.parse", urllib::init_parse);
    vm.register_builtin_module("urllib.error", urllib::init_error);
    vm.register_builtin_module("urllib.request", urllib::init_request);
    pylib::register(vm);
    vm.register_builtin_module("futures", futures::init);
    vm.register_builtin_module("concurrent", futures::init_concurrent);
    vm.register_builtin_module("concurrent.futures", futures::init_alias);
    vm.register_builtin_module("concurrent.futures._base", futures::init_alias);
    vm.register_builtin_module("concurrent.futures.thread", futures::init_alias);
    vm.register_builtin_module("concurrent.futures.process", futures::init_alias);
}
