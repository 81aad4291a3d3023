//! What embedders and the standard library import:
//! `use conc_interp::prelude::*;`.
//!
//! Two groups of names:
//! - The embedding API, where the compiler keeps the GIL rule: the
//!   interpreter and its settings, the GIL token ([`Gil`]) and the two kinds
//!   of handles ([`Bound`], [`Owned`]), the conversions between Rust and
//!   conc values, host functions and modules, and the errors.
//! - The three names of the VM layer that every native module uses —
//!   [`Vm`], [`Value`], [`ObjRef`] — reached from a token through
//!   [`Gil::with_vm`]. There the GIL rule is kept by hand (the `embed`
//!   module's comment says how); the rest of that layer is in this crate's
//!   `pub` modules (`object`, `ops`, `vm`, `sync`, ...).

pub use crate::api::{Config, Interpreter, InterruptHandle};
pub use crate::convert::{Bytes, FromValue, IntoArgs, IntoValue};
pub use crate::embed::{Bound, Gil, InterpreterHandle, Owned};
pub use crate::error::{Error, ExcKind, ExitRequest, PyResult, ScriptError};
pub use crate::limits::Termination;
pub use crate::native_fn::{
    CallSite, HostFn, HostFnWithGil, ModuleBuilder, Named, Params, WithParams,
};

pub use crate::value::{ObjRef, Value};
pub use crate::vm::Vm;
