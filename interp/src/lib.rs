//! conc-interp: the compiler, the VM, the object model, the GIL and the
//! embedding API of conc.

pub mod alloc;
pub mod api;
pub mod builtins;
pub mod bytecode;
pub mod compile;
pub mod error;
pub mod format;
pub mod gil;
pub mod io;
pub mod object;
pub mod ops;
pub mod sync;
pub mod value;
pub mod vm;

pub use api::{Config, Interpreter};
pub use error::{Error, ExcKind, PyResult};
pub use value::{ObjRef, Value};
pub use vm::Vm;
