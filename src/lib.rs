//! conc: the facade library for embedders, and the pieces of the `conc`
//! binary (command-line host and REPL) so they can be tested.
//!
//! An embedder needs only this crate: `conc::Interpreter` runs code,
//! `conc::stdlib::install` adds the standard library, and the conversion
//! traits ([`IntoValue`], [`FromValue`]) and host-function traits
//! ([`HostFn`], [`HostFnWithGil`]) move values and calls between Rust and
//! scripts. Work on conc values happens in a GIL scope
//! ([`Interpreter::with_gil`]) whose token ([`Gil`]) proves the GIL is
//! held; values borrowed there ([`Bound`]) cannot leave it, handles that
//! may ([`Owned`]) are `Send` and safe to drop anywhere. Errors leave the
//! interpreter captured ([`ScriptError`]).
//!
//! ```
//! let mut interp = conc::Interpreter::new(conc::Config::default());
//! conc::stdlib::install(&mut interp);
//! let root: f64 = interp.eval("__import__('math').sqrt(2.25)").unwrap();
//! assert_eq!(root, 1.5);
//! let hyp: f64 = interp
//!     .with_gil(|gil| gil.import("math")?.call_method("hypot", (3, 4))?.extract())
//!     .unwrap();
//! assert_eq!(hyp, 5.0);
//! ```

pub use conc_grammar as grammar;
pub use conc_interp as interp;
pub use conc_interp::{
    Bound, Bytes, Config, Error, ExcKind, ExitRequest, FromValue, Gil, HostFn, HostFnWithGil,
    Interpreter, InterpreterHandle, InterruptHandle, IntoArgs, IntoValue, ModuleBuilder, Owned,
    Params, PyResult, ScriptError, Termination,
};
pub use conc_stdlib as stdlib;

pub mod host;
pub mod repl;
pub mod timeline;
