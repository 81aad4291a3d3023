//! conc-interp: the compiler, the VM, the object model, the GIL and the
//! embedding API of conc.
//!
//! Hosts and the standard library start from [`prelude`]. The crate has
//! three kinds of modules:
//! - The embedding API (`api`, `embed`, `convert`, `native_fn`, `error`,
//!   `script_error`): private modules whose names are all in [`prelude`]
//!   (and at the crate root). Code written against them alone cannot touch
//!   a reference count without the GIL.
//! - The VM layer, `pub` for the standard library and the `conc` binary:
//!   the values and objects ([`value`], [`object`], [`ops`], [`sync`],
//!   [`alloc`]), the machine ([`vm`], [`gil`], [`gc`], [`io`]), the
//!   compiler and its output ([`compile`], [`bytecode`]), the number
//!   formatting native modules share ([`format`]), and what a host needs
//!   for untrusted scripts ([`limits`], [`panic_hook`]). The compiler does
//!   not check the GIL rule there (see [`Gil::with_vm`]).
//! - Internals: the builtin functions (`builtins`).

pub mod prelude;

mod api;
mod convert;
mod embed;
mod error;
mod native_fn;
mod script_error;

pub mod alloc;
pub mod bytecode;
pub mod compile;
pub mod format;
pub mod gc;
pub mod gil;
pub mod io;
pub mod limits;
pub mod object;
pub mod ops;
pub mod panic_hook;
pub mod sync;
pub mod value;
pub mod vm;

mod builtins;

pub use prelude::*;
