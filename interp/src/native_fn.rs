//! Host functions: plain Rust closures that scripts call like any function.
//!
//! A closure's parameters are bound from the call's positional arguments by
//! type ([`FromValue`]): `|a: i64, name: String|` is called as `f(1, "x")`.
//! Trailing `Option<T>` parameters may be left out. A wrong count or a
//! wrong kind is a `TypeError` naming the function and the argument. The
//! closure returns `Result<T, E>` with `T:` [`IntoValue`] and `E:
//! Into<Error>`: an `Err` is raised in the script as that exception
//! (`Error::value_error("...")` is a `ValueError`).
//!
//! A closure that needs the interpreter takes `&mut Vm` first
//! ([`HostFnWithVm`]); it is how a host function releases the GIL around
//! blocking work, so the script's other threads run meanwhile:
//!
//! ```
//! use std::time::Duration;
//! use conc_interp::{Config, Error, Interpreter, Vm};
//!
//! let mut interp = Interpreter::new(Config::default());
//! interp
//!     .register_fn_with_vm("nap", |vm: &mut Vm, ms: u64| {
//!         vm.allow_threads(|| std::thread::sleep(Duration::from_millis(ms)));
//!         Ok::<_, Error>(ms)
//!     })
//!     .unwrap();
//! let slept: u64 = interp.eval("nap(5)").unwrap();
//! assert_eq!(slept, 5);
//! ```
//!
//! Closures must be `Send + Sync + 'static`: scripts may call them from any
//! of their threads. Host state they share goes behind an `Arc` (an atomic,
//! a `Mutex`). A panic in a closure is a `SystemError` in the script, as for
//! every native function.

use std::sync::Arc;

use crate::convert::{FromValue, IntoValue};
use crate::error::{Error, PyResult};
use crate::object::{Args, NativeClosure};
use crate::value::Value;
use crate::vm::Vm;

/// A closure callable from scripts: `Fn(A, B, ...) -> Result<R, E>` for up
/// to 8 parameters. `Marker` only tells the implementations apart.
pub trait HostFn<Marker>: Send + Sync + 'static {
    /// Binds the arguments, runs the closure, converts its result.
    fn call_host(&self, vm: &mut Vm, name: &str, args: Args<'_>) -> PyResult<Value>;
}

/// A closure callable from scripts that also receives the calling thread's
/// `Vm` (to release the GIL, call back into script values, ...):
/// `Fn(&mut Vm, A, B, ...) -> Result<R, E>` for up to 8 more parameters.
pub trait HostFnWithVm<Marker>: Send + Sync + 'static {
    /// Binds the arguments, runs the closure, converts its result.
    fn call_host(&self, vm: &mut Vm, name: &str, args: Args<'_>) -> PyResult<Value>;
}

/// Wraps a closure as a native function value named `name`.
pub fn host_fn<M, F: HostFn<M>>(vm: &Vm, name: &str, f: F) -> Value {
    let owned = name.to_string();
    let imp: NativeClosure =
        Arc::new(move |vm: &mut Vm, args: Args<'_>| f.call_host(vm, &owned, args));
    vm.new_native_closure(name, imp)
}

/// Wraps a closure that takes the `Vm` as a native function value.
pub fn host_fn_with_vm<M, F: HostFnWithVm<M>>(vm: &Vm, name: &str, f: F) -> Value {
    let owned = name.to_string();
    let imp: NativeClosure =
        Arc::new(move |vm: &mut Vm, args: Args<'_>| f.call_host(vm, &owned, args));
    vm.new_native_closure(name, imp)
}

/// Reads argument `index` (0-based) of a host function, or the value of a
/// left-out optional one.
fn bind_arg<T: FromValue>(vm: &mut Vm, name: &str, args: &[Value], index: usize) -> PyResult<T> {
    match args.get(index) {
        Some(v) => T::from_value(vm, v).map_err(|e| match e {
            Error::Lazy(b) => Error::new(b.0, format!("{name}() argument {}: {}", index + 1, b.1)),
            other => other,
        }),
        None => T::from_missing().ok_or_else(|| {
            Error::type_error(format!("{name}() missing required argument {}", index + 1))
        }),
    }
}

/// How many leading parameters are required: all up to the last one that
/// cannot be left out.
fn required_count(optional: &[bool]) -> usize {
    optional.iter().rposition(|o| !o).map_or(0, |i| i + 1)
}

/// Turns a closure's result into the call's result.
fn finish<R: IntoValue, E: Into<Error>>(vm: &mut Vm, r: Result<R, E>) -> PyResult<Value> {
    r.map_err(Into::into)?.into_value(vm)
}

macro_rules! host_fn_impls {
    ($(($($arg:ident : $idx:tt),*);)*) => {$(
        impl<F, R, E, $($arg),*> HostFn<fn($($arg),*) -> Result<R, E>> for F
        where
            F: Fn($($arg),*) -> Result<R, E> + Send + Sync + 'static,
            R: IntoValue,
            E: Into<Error>,
            $($arg: FromValue,)*
        {
            #[allow(unused_variables)]
            fn call_host(&self, vm: &mut Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
                let optional: &[bool] = &[$($arg::from_missing().is_some()),*];
                args.check_arity(name, required_count(optional), optional.len())?;
                let pos = args.pos();
                let r = self($(bind_arg::<$arg>(vm, name, pos, $idx)?),*);
                finish(vm, r)
            }
        }

        impl<F, R, E, $($arg),*> HostFnWithVm<fn($($arg),*) -> Result<R, E>> for F
        where
            F: Fn(&mut Vm, $($arg),*) -> Result<R, E> + Send + Sync + 'static,
            R: IntoValue,
            E: Into<Error>,
            $($arg: FromValue,)*
        {
            #[allow(unused_variables, non_snake_case)]
            fn call_host(&self, vm: &mut Vm, name: &str, args: Args<'_>) -> PyResult<Value> {
                let optional: &[bool] = &[$($arg::from_missing().is_some()),*];
                args.check_arity(name, required_count(optional), optional.len())?;
                let pos = args.pos();
                $(let $arg = bind_arg::<$arg>(vm, name, pos, $idx)?;)*
                let r = self(vm, $($arg),*);
                finish(vm, r)
            }
        }
    )*};
}

host_fn_impls! {
    ();
    (A: 0);
    (A: 0, B: 1);
    (A: 0, B: 1, C: 2);
    (A: 0, B: 1, C: 2, D: 3);
    (A: 0, B: 1, C: 2, D: 3, G: 4);
    (A: 0, B: 1, C: 2, D: 3, G: 4, H: 5);
    (A: 0, B: 1, C: 2, D: 3, G: 4, H: 5, I: 6);
    (A: 0, B: 1, C: 2, D: 3, G: 4, H: 5, I: 6, J: 7);
}

/// A module being filled by
/// [`Interpreter::register_module`](crate::Interpreter::register_module):
/// functions from closures and values from Rust.
pub struct ModuleBuilder<'vm> {
    vm: &'vm mut Vm,
    module: Value,
}

impl<'vm> ModuleBuilder<'vm> {
    /// A builder for a new module named `name`.
    pub fn new(vm: &'vm mut Vm, name: &str) -> Self {
        let module = vm.new_module(name);
        ModuleBuilder { vm, module }
    }

    /// Adds a function made from a closure (see [`HostFn`]).
    pub fn add_fn<M, F: HostFn<M>>(&mut self, name: &str, f: F) -> &mut Self {
        let value = host_fn(self.vm, name, f);
        self.vm.module_set(&self.module, name, value);
        self
    }

    /// Adds a function whose closure receives the `Vm` first (see
    /// [`HostFnWithVm`]).
    pub fn add_fn_with_vm<M, F: HostFnWithVm<M>>(&mut self, name: &str, f: F) -> &mut Self {
        let value = host_fn_with_vm(self.vm, name, f);
        self.vm.module_set(&self.module, name, value);
        self
    }

    /// Sets an attribute of the module from a Rust value.
    pub fn set<T: IntoValue>(&mut self, name: &str, value: T) -> PyResult<&mut Self> {
        let value = value.into_value(self.vm)?;
        self.vm.module_set(&self.module, name, value);
        Ok(self)
    }

    /// The interpreter, for what the builder does not cover.
    pub fn vm(&mut self) -> &mut Vm {
        self.vm
    }

    /// The module value.
    pub fn finish(self) -> Value {
        self.module
    }
}
