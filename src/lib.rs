//! conc: the facade library for embedders, and the pieces of the `conc`
//! binary (command-line host and REPL) so they can be tested.
//!
//! An embedder needs only this crate: `conc::Interpreter` runs code,
//! `conc::stdlib::register_all` adds the standard library.

pub use conc_grammar as grammar;
pub use conc_interp as interp;
pub use conc_interp::{Config, Error, ExcKind, Interpreter, PyResult, Value, Vm};
pub use conc_stdlib as stdlib;

pub mod host;
pub mod repl;
pub mod timeline;
