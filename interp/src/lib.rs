//! conc-interp: the compiler, the VM, the object model, the GIL and the
//! embedding API of conc.

pub mod alloc;
pub mod api;
pub mod builtins;
pub mod bytecode;
pub mod compile;
pub mod convert;
mod embed;
pub mod error;
pub mod format;
pub mod gc;
pub mod gil;
pub mod io;
pub mod limits;
pub mod native_fn;
pub mod object;
pub mod ops;
pub mod panic_hook;
pub mod script_error;
pub mod sync;
pub mod value;
pub mod vm;

pub use api::{Config, Interpreter};
pub use convert::{Bytes, FromValue, IntoArgs, IntoValue};
pub use embed::{Bound, Gil, Owned};
pub use error::{Error, ExcKind, ExitRequest, PyResult, ScriptError};
pub use native_fn::{HostFn, HostFnWithGil, ModuleBuilder};
pub use value::{ObjRef, Value};
pub use vm::Vm;
