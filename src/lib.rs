//! conc: the facade library for embedders, and the pieces of the `conc`
//! binary (command-line host and REPL) so they can be tested.
//!
//! An embedder needs only this crate: `conc::Interpreter` runs code,
//! `conc::stdlib::register_all` adds the standard library, and the
//! conversion traits ([`IntoValue`], [`FromValue`]) and host-function
//! traits ([`HostFn`], [`HostFnWithVm`]) move values and calls between Rust
//! and scripts. Errors leave the interpreter captured ([`ScriptError`]).
//!
//! ```
//! let mut interp = conc::Interpreter::new(conc::Config::default());
//! interp.with_vm(|vm| conc::stdlib::register_all(vm));
//! let root: f64 = interp.eval("__import__('math').sqrt(2.25)").unwrap();
//! assert_eq!(root, 1.5);
//! ```

pub use conc_grammar as grammar;
pub use conc_interp as interp;
pub use conc_interp::{
    Bytes, Config, Error, ExcKind, ExitRequest, FromValue, HostFn, HostFnWithVm, Interpreter,
    IntoArgs, IntoValue, ModuleBuilder, PyResult, ScriptError, Value, Vm,
};
pub use conc_stdlib as stdlib;

pub mod host;
pub mod repl;
pub mod timeline;
