//! Host functions: plain Rust closures that scripts call like any function
//! (the rules are on [`HostFn`]).

use std::sync::Arc;

use crate::convert::{FromValue, IntoValue};
use crate::embed::{Bound, Gil};
use crate::error::{Error, PyResult};
use crate::object::{Args, NativeClosure};
use crate::value::Value;
use crate::vm::Vm;

/// A closure callable from scripts: `Fn(A, B, ...) -> Result<R, E>` for up
/// to 8 parameters. `Marker` only tells the implementations apart.
///
/// A closure's parameters are bound from the call's positional arguments by
/// type ([`FromValue`]): `|a: i64, name: String|` is called as `f(1, "x")`.
/// Trailing `Option<T>` parameters may be left out. A wrong count or a
/// wrong kind is a `TypeError` naming the function and the argument. The
/// closure returns `Result<T, E>` with `T:` [`IntoValue`] and `E:
/// Into<Error>`: an `Err` is raised in the script as that exception
/// (`Error::value_error("...")` is a `ValueError`).
///
/// A closure that needs the interpreter takes the GIL token first
/// ([`HostFnWithGil`]): with it, it calls back into script values
/// (arguments taken as [`Owned`](crate::Owned) and bound to the token) and
/// releases the GIL around blocking work, so the script's other threads run
/// meanwhile:
///
/// ```
/// use std::time::Duration;
/// use conc_interp::{Config, Error, Gil, Interpreter, Owned};
///
/// let mut interp = Interpreter::new(Config::default());
/// interp
///     .register_fn_with_gil("nap", |gil: Gil<'_>, ms: u64| {
///         gil.allow_threads(|| std::thread::sleep(Duration::from_millis(ms)));
///         Ok::<_, Error>(ms)
///     })
///     .unwrap();
/// interp
///     .register_fn_with_gil("twice", |gil: Gil<'_>, f: Owned, x: i64| {
///         let f = f.bind(gil);
///         let once: i64 = f.call((x,))?.extract()?;
///         f.call((once,))?.extract::<i64>()
///     })
///     .unwrap();
/// assert_eq!(interp.eval::<u64>("nap(5)").unwrap(), 5);
/// assert_eq!(interp.eval::<i64>("twice(lambda n: n * 3, 2)").unwrap(), 18);
/// ```
///
/// Closures must be `Send + Sync + 'static`: scripts may call them from any
/// of their threads. Host state they share goes behind an `Arc` (an atomic,
/// a `Mutex`). A panic in a closure is a `SystemError` in the script, as for
/// every native function.
pub trait HostFn<Marker>: Send + Sync + 'static {
    /// How many positional arguments it takes: (required, at most).
    fn arity(&self) -> (usize, usize);

    /// Binds the arguments, runs the closure, converts its result.
    fn call_host<'g>(&self, gil: Gil<'g>, name: &str, args: &[Bound<'g>]) -> PyResult<Bound<'g>>;
}

/// A closure callable from scripts that also receives the GIL token of the
/// call (to call script values, release the GIL, ...):
/// `Fn(Gil<'_>, A, B, ...) -> Result<R, E>` for up to 8 more parameters.
pub trait HostFnWithGil<Marker>: Send + Sync + 'static {
    /// How many positional arguments it takes: (required, at most).
    fn arity(&self) -> (usize, usize);

    /// Binds the arguments, runs the closure, converts its result.
    fn call_host<'g>(&self, gil: Gil<'g>, name: &str, args: &[Bound<'g>]) -> PyResult<Bound<'g>>;
}

/// Runs a host function: checks the arguments' count (no keywords are
/// accepted), opens a GIL scope for the call and hands the result back.
fn run_host(
    vm: &mut Vm,
    name: &str,
    args: Args<'_>,
    (min, max): (usize, usize),
    call: impl for<'g> FnOnce(Gil<'g>, &[Bound<'g>]) -> PyResult<Bound<'g>>,
) -> PyResult<Value> {
    args.check_arity(name, min, max)?;
    let pos = args.pos().to_vec();
    Gil::enter(vm, |gil| {
        let bound: Vec<Bound<'_>> = pos.into_iter().map(|v| gil.bind_raw(v)).collect();
        call(gil, &bound).map(Bound::into_raw)
    })
}

/// Wraps a closure as a native function value named `name`.
pub(crate) fn host_fn<M, F: HostFn<M>>(vm: &Vm, name: &str, f: F) -> Value {
    let owned = name.to_string();
    let imp: NativeClosure = Arc::new(move |vm: &mut Vm, args: Args<'_>| {
        run_host(vm, &owned, args, f.arity(), |gil, args| {
            f.call_host(gil, &owned, args)
        })
    });
    vm.new_native_closure(name, imp)
}

/// Wraps a closure that takes the token as a native function value.
pub(crate) fn host_fn_with_gil<M, F: HostFnWithGil<M>>(vm: &Vm, name: &str, f: F) -> Value {
    let owned = name.to_string();
    let imp: NativeClosure = Arc::new(move |vm: &mut Vm, args: Args<'_>| {
        run_host(vm, &owned, args, f.arity(), |gil, args| {
            f.call_host(gil, &owned, args)
        })
    });
    vm.new_native_closure(name, imp)
}

/// Reads argument `index` (0-based) of a host function, or the value of a
/// left-out optional one.
fn bind_arg<T: FromValue>(name: &str, args: &[Bound<'_>], index: usize) -> PyResult<T> {
    match args.get(index) {
        Some(v) => T::from_value(v).map_err(|e| match e {
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
fn finish<'g, R: IntoValue, E: Into<Error>>(gil: Gil<'g>, r: Result<R, E>) -> PyResult<Bound<'g>> {
    r.map_err(Into::into)?.into_value(gil)
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
            fn arity(&self) -> (usize, usize) {
                let optional: &[bool] = &[$($arg::from_missing().is_some()),*];
                (required_count(optional), optional.len())
            }

            #[allow(unused_variables)]
            fn call_host<'g>(&self, gil: Gil<'g>, name: &str, args: &[Bound<'g>]) -> PyResult<Bound<'g>> {
                let r = self($(bind_arg::<$arg>(name, args, $idx)?),*);
                finish(gil, r)
            }
        }

        impl<F, R, E, $($arg),*> HostFnWithGil<fn($($arg),*) -> Result<R, E>> for F
        where
            F: for<'g> Fn(Gil<'g>, $($arg),*) -> Result<R, E> + Send + Sync + 'static,
            R: IntoValue,
            E: Into<Error>,
            $($arg: FromValue,)*
        {
            fn arity(&self) -> (usize, usize) {
                let optional: &[bool] = &[$($arg::from_missing().is_some()),*];
                (required_count(optional), optional.len())
            }

            #[allow(unused_variables, non_snake_case)]
            fn call_host<'g>(&self, gil: Gil<'g>, name: &str, args: &[Bound<'g>]) -> PyResult<Bound<'g>> {
                $(let $arg = bind_arg::<$arg>(name, args, $idx)?;)*
                let r = self(gil, $($arg),*);
                finish(gil, r)
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
pub struct ModuleBuilder<'g> {
    gil: Gil<'g>,
    module: Value,
}

impl<'g> ModuleBuilder<'g> {
    /// A builder for a new module named `name`.
    pub(crate) fn new(gil: Gil<'g>, name: &str) -> Self {
        let module = gil.with_vm(|vm| vm.new_module(name));
        ModuleBuilder { gil, module }
    }

    /// Adds a function made from a closure (see [`HostFn`]).
    pub fn add_fn<M, F: HostFn<M>>(&mut self, name: &str, f: F) -> &mut Self {
        self.gil.with_vm(|vm| {
            let value = host_fn(vm, name, f);
            vm.module_set(&self.module, name, value);
        });
        self
    }

    /// Adds a function whose closure receives the GIL token first (see
    /// [`HostFnWithGil`]).
    pub fn add_fn_with_gil<M, F: HostFnWithGil<M>>(&mut self, name: &str, f: F) -> &mut Self {
        self.gil.with_vm(|vm| {
            let value = host_fn_with_gil(vm, name, f);
            vm.module_set(&self.module, name, value);
        });
        self
    }

    /// Sets an attribute of the module from a Rust value.
    pub fn set<T: IntoValue>(&mut self, name: &str, value: T) -> PyResult<&mut Self> {
        let value = value.into_value(self.gil)?.into_raw();
        self.gil
            .with_vm(|vm| vm.module_set(&self.module, name, value));
        Ok(self)
    }

    /// The GIL token of the scope, for what the builder does not cover.
    pub fn gil(&self) -> Gil<'g> {
        self.gil
    }

    /// The module, as a value of the scope.
    pub fn module(&self) -> Bound<'g> {
        self.gil.bind_raw(self.module.clone())
    }

    /// The module value.
    pub(crate) fn finish(self) -> Value {
        self.module
    }
}
