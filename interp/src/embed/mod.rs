//! The GIL in the types: the token [`Gil`] and the two kinds of handles to
//! conc objects the host sees, [`Bound`] (borrowed for one GIL scope) and
//! [`Owned`] (kept across scopes and threads).
//!
//! The invariant they keep: a reference count changes only on a thread
//! that holds the interpreter's GIL. A host reaches conc objects only
//! inside a scope (a token is made by
//! [`Interpreter::with_gil`](crate::Interpreter::with_gil) and for each
//! call of a host function, never by hand); `Bound` values cannot leave
//! the scope (lifetime) or the thread (`!Send`); `Owned` handles are
//! cloned with the token and their drop without it is deferred to the next
//! scope. Errors leave a scope with no bare object inside
//! ([`Error::Held`](crate::Error::Held) or captured).
//!
//! Below this typed layer is the VM layer (`Vm`, `Value` and the other
//! `pub` modules of this crate, reached through [`Gil::with_vm`]), which
//! the standard library and the command line use; the compiler does not
//! check the rule there.

mod bound;
mod handle;
mod owned;
mod token;

pub use bound::Bound;
pub use handle::InterpreterHandle;
pub use owned::Owned;
pub(crate) use owned::ReleasePool;
pub use token::Gil;
