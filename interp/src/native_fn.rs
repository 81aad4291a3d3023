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
/// (`Error::value_error("...")` is a `ValueError`). Named parameters —
/// passed by keyword, left out for a default — come with [`Params`].
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
    /// For each parameter in order, whether its type stands for an
    /// argument that may be left out ([`FromValue::from_missing`]).
    fn optional(&self) -> Vec<bool>;

    /// The parameters' names and defaults, if it has them ([`Params`]).
    fn params(&self) -> Option<&Params> {
        None
    }

    /// Converts the arguments (`None`: left out, no default) to the
    /// closure's parameter types, runs it, converts its result.
    fn call_host<'g>(
        &self,
        gil: Gil<'g>,
        site: &CallSite<'_>,
        args: &[Option<Bound<'g>>],
    ) -> PyResult<Bound<'g>>;
}

/// A closure callable from scripts that also receives the GIL token of the
/// call (to call script values, release the GIL, ...):
/// `Fn(Gil<'_>, A, B, ...) -> Result<R, E>` for up to 8 more parameters.
pub trait HostFnWithGil<Marker>: Send + Sync + 'static {
    /// See [`HostFn::optional`].
    fn optional(&self) -> Vec<bool>;

    /// See [`HostFn::params`].
    fn params(&self) -> Option<&Params> {
        None
    }

    /// See [`HostFn::call_host`].
    fn call_host<'g>(
        &self,
        gil: Gil<'g>,
        site: &CallSite<'_>,
        args: &[Option<Bound<'g>>],
    ) -> PyResult<Bound<'g>>;
}

/// The function being called, as its argument errors name it.
pub struct CallSite<'a> {
    name: &'a str,
    params: Option<&'a Params>,
}

impl CallSite<'_> {
    /// How the error about argument `index` (0-based) names it: by name if
    /// the function has [`Params`], else by position.
    fn argument(&self, index: usize) -> String {
        match self.params.and_then(|p| p.names.get(index)) {
            Some(n) => format!("{}() argument '{n}'", self.name),
            None => format!("{}() argument {}", self.name, index + 1),
        }
    }
}

/// A default value of a [`Params`] parameter, made afresh for each call
/// that leaves the argument out (a mutable default is not shared between
/// calls, unlike a Python `def`'s).
type DefaultValue = Arc<dyn for<'g> Fn(Gil<'g>) -> PyResult<Bound<'g>> + Send + Sync>;

/// Names, and defaults, for the parameters of a host function, so that
/// scripts may pass its arguments by keyword and leave out those with a
/// default, binding as a `def` with the same parameters would, with
/// CPython's messages for a missing, unexpected or repeated argument.
/// [`Params::bind`] attaches them to a closure (a [`HostFn`] or
/// [`HostFnWithGil`]); the result registers like the closure itself.
///
/// ```
/// use conc_interp::{Error, Interpreter, Params};
///
/// let mut interp = Interpreter::new(Default::default());
/// let greet = Params::new(["who", "greeting", "times"])
///     .default("greeting", "hello")
///     .default("times", 1)
///     .bind(|who: String, greeting: String, times: usize| {
///         Ok::<_, Error>(format!("{greeting} {who}! ").repeat(times))
///     });
/// interp.register_fn("greet", greet)?;
/// assert_eq!(interp.eval::<String>("greet('ann')")?, "hello ann! ");
/// assert_eq!(interp.eval::<String>("greet(times=2, who='bob')")?, "hello bob! hello bob! ");
/// assert_eq!(interp.eval::<String>("greet('cy', greeting='hi')")?, "hi cy! ");
/// let err = interp.eval::<String>("greet(greeting='hi')").unwrap_err();
/// assert_eq!(err.to_string(), "TypeError: greet() missing 1 required positional argument: 'who'");
/// let err = interp.eval::<String>("greet('ann', colour='red')").unwrap_err();
/// assert_eq!(err.to_string(), "TypeError: greet() got an unexpected keyword argument 'colour'");
/// let err = interp.eval::<String>("greet('ann', who='bob')").unwrap_err();
/// assert_eq!(err.to_string(), "TypeError: greet() got multiple values for argument 'who'");
/// let err = interp.eval::<String>("greet(who=3)").unwrap_err();
/// assert_eq!(err.to_string(), "TypeError: greet() argument 'who': expected str, got int");
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone)]
pub struct Params {
    names: Vec<Box<str>>,
    defaults: Vec<Option<DefaultValue>>,
}

impl std::fmt::Debug for Params {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut list = f.debug_list();
        for (n, d) in self.names.iter().zip(&self.defaults) {
            list.entry(&format_args!(
                "{n}{}",
                if d.is_some() { "=..." } else { "" }
            ));
        }
        list.finish()
    }
}

impl Params {
    /// The parameters' names, one for each parameter of the closure (after
    /// the token, for a [`HostFnWithGil`]), in order.
    pub fn new<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> Params {
        let names: Vec<Box<str>> = names.into_iter().map(|n| n.as_ref().into()).collect();
        let defaults = vec![None; names.len()];
        Params { names, defaults }
    }

    /// The value the parameter `name` takes when the call leaves it out,
    /// converted for each such call. A parameter whose type is an `Option`
    /// may be left out without one (it is then `None`).
    ///
    /// # Panics
    ///
    /// If no parameter is called `name`.
    pub fn default<T>(mut self, name: &str, value: T) -> Params
    where
        T: IntoValue + Clone + Send + Sync + 'static,
    {
        let i = self
            .names
            .iter()
            .position(|n| &**n == name)
            .unwrap_or_else(|| panic!("Params::default: no parameter named '{name}'"));
        self.defaults[i] = Some(Arc::new(move |gil| value.clone().into_value(gil)));
        self
    }

    /// The closure `f` with these names and defaults. Registering the
    /// result panics if the closure does not have one parameter per name.
    pub fn bind<F>(self, f: F) -> WithParams<F> {
        WithParams { params: self, f }
    }

    fn check_count(&self, optional: &[bool]) {
        assert_eq!(
            self.names.len(),
            optional.len(),
            "Params names {} parameters for a closure of {}",
            self.names.len(),
            optional.len()
        );
    }
}

/// A closure with [`Params`]: made by [`Params::bind`], registered like a
/// closure ([`Interpreter::register_fn`](crate::Interpreter::register_fn)
/// or [`register_fn_with_gil`](crate::Interpreter::register_fn_with_gil),
/// [`ModuleBuilder::add_fn`], ...).
pub struct WithParams<F> {
    params: Params,
    f: F,
}

/// The `Marker` of a [`WithParams`] closure whose own marker is `M`.
pub struct Named<M>(std::marker::PhantomData<M>);

impl<M: 'static, F: HostFn<M>> HostFn<Named<M>> for WithParams<F> {
    fn optional(&self) -> Vec<bool> {
        let optional = self.f.optional();
        self.params.check_count(&optional);
        optional
    }

    fn params(&self) -> Option<&Params> {
        Some(&self.params)
    }

    fn call_host<'g>(
        &self,
        gil: Gil<'g>,
        site: &CallSite<'_>,
        args: &[Option<Bound<'g>>],
    ) -> PyResult<Bound<'g>> {
        self.f.call_host(gil, site, args)
    }
}

impl<M: 'static, F: HostFnWithGil<M>> HostFnWithGil<Named<M>> for WithParams<F> {
    fn optional(&self) -> Vec<bool> {
        let optional = self.f.optional();
        self.params.check_count(&optional);
        optional
    }

    fn params(&self) -> Option<&Params> {
        Some(&self.params)
    }

    fn call_host<'g>(
        &self,
        gil: Gil<'g>,
        site: &CallSite<'_>,
        args: &[Option<Bound<'g>>],
    ) -> PyResult<Bound<'g>> {
        self.f.call_host(gil, site, args)
    }
}

/// What a host function's calls need to know of it, worked out once when
/// it is wrapped.
struct Signature {
    name: String,
    optional: Vec<bool>,
    /// How many leading parameters a positional call must fill.
    required: usize,
}

impl Signature {
    fn new(name: &str, optional: Vec<bool>, params: Option<&Params>) -> Signature {
        let can_omit: Vec<bool> = optional
            .iter()
            .enumerate()
            .map(|(i, &o)| o || params.is_some_and(|p| p.defaults[i].is_some()))
            .collect();
        Signature {
            name: name.to_string(),
            required: required_count(&can_omit),
            optional,
        }
    }
}

/// Runs a host function: binds the call's arguments to its parameters
/// (positional only, unless it has [`Params`]), opens a GIL scope for the
/// call and hands the result back.
fn run_host(
    vm: &mut Vm,
    sig: &Signature,
    params: Option<&Params>,
    args: Args<'_>,
    call: impl for<'g> FnOnce(Gil<'g>, &CallSite<'_>, &[Option<Bound<'g>>]) -> PyResult<Bound<'g>>,
) -> PyResult<Value> {
    let site = CallSite {
        name: &sig.name,
        params,
    };
    let max = sig.optional.len();
    // Arrays, not vectors: a call allocates nothing to bind.
    let mut slots: [Option<&Value>; MAX_PARAMS] = [None; MAX_PARAMS];
    match params {
        None => {
            args.check_arity(&sig.name, sig.required, max)?;
            for (slot, v) in slots.iter_mut().zip(args.pos()) {
                *slot = Some(v);
            }
        }
        Some(p) => bind_named(sig, p, &args, &mut slots)?,
    }
    Gil::enter(vm, |gil| {
        let mut bound: [Option<Bound<'_>>; MAX_PARAMS] = Default::default();
        for (i, slot) in slots[..max].iter().enumerate() {
            bound[i] = match (slot, params.and_then(|p| p.defaults[i].as_ref())) {
                (Some(v), _) => Some(gil.bind_raw((*v).clone())),
                (None, Some(default)) => Some(default(gil)?),
                (None, None) => None,
            };
        }
        call(gil, &site, &bound[..max]).map(Bound::into_raw)
    })
}

/// The most parameters a host closure has (the trait impls' largest).
const MAX_PARAMS: usize = 8;

/// Binds positional and keyword arguments to named parameters, as a
/// `def` binds them: each argument's slot, `None` for one left out (which
/// its default or its type fills).
fn bind_named<'a>(
    sig: &Signature,
    params: &Params,
    args: &Args<'a>,
    slots: &mut [Option<&'a Value>; MAX_PARAMS],
) -> PyResult<()> {
    let name = &sig.name;
    let max = sig.optional.len();
    let pos = args.pos();
    if pos.len() > max {
        let takes = if sig.required < max {
            format!("from {} to {max} positional arguments", sig.required)
        } else {
            crate::vm::call::plural(max, "positional argument")
        };
        let given = if pos.len() == 1 { "was" } else { "were" };
        return Err(Error::type_error(format!(
            "{name}() takes {takes} but {} {given} given",
            pos.len()
        )));
    }
    for (slot, v) in slots.iter_mut().zip(pos) {
        *slot = Some(v);
    }
    for (key, value) in args.kwargs() {
        let Some(i) = params.names.iter().position(|n| &**n == key) else {
            return Err(Error::type_error(format!(
                "{name}() got an unexpected keyword argument '{key}'"
            )));
        };
        if slots[i].is_some() {
            return Err(Error::type_error(format!(
                "{name}() got multiple values for argument '{key}'"
            )));
        }
        slots[i] = Some(value);
    }
    let missing: Vec<&str> = (0..max)
        .filter(|&i| slots[i].is_none() && params.defaults[i].is_none() && !sig.optional[i])
        .map(|i| &*params.names[i])
        .collect();
    if !missing.is_empty() {
        return Err(Error::type_error(format!(
            "{name}() missing {} required positional argument{}: {}",
            missing.len(),
            if missing.len() == 1 { "" } else { "s" },
            crate::vm::call::name_list(&missing)
        )));
    }
    Ok(())
}

/// Wraps a closure as a native function value named `name`.
pub(crate) fn host_fn<M, F: HostFn<M>>(vm: &Vm, name: &str, f: F) -> Value {
    let sig = Signature::new(name, f.optional(), f.params());
    let imp: NativeClosure = Arc::new(move |vm: &mut Vm, args: Args<'_>| {
        run_host(vm, &sig, f.params(), args, |gil, site, args| {
            f.call_host(gil, site, args)
        })
    });
    vm.new_native_closure(name, imp)
}

/// Wraps a closure that takes the token as a native function value.
pub(crate) fn host_fn_with_gil<M, F: HostFnWithGil<M>>(vm: &Vm, name: &str, f: F) -> Value {
    let sig = Signature::new(name, f.optional(), f.params());
    let imp: NativeClosure = Arc::new(move |vm: &mut Vm, args: Args<'_>| {
        run_host(vm, &sig, f.params(), args, |gil, site, args| {
            f.call_host(gil, site, args)
        })
    });
    vm.new_native_closure(name, imp)
}

/// Reads argument `index` (0-based) of a host function, or the value of a
/// left-out optional one.
fn bind_arg<T: FromValue>(
    site: &CallSite<'_>,
    args: &[Option<Bound<'_>>],
    index: usize,
) -> PyResult<T> {
    match args.get(index).and_then(Option::as_ref) {
        Some(v) => T::from_value(v).map_err(|e| match e {
            Error::Lazy(b) => Error::new(b.0, format!("{}: {}", site.argument(index), b.1)),
            other => other,
        }),
        None => T::from_missing()
            .ok_or_else(|| Error::type_error(format!("{} is required", site.argument(index)))),
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
            fn optional(&self) -> Vec<bool> {
                vec![$($arg::from_missing().is_some()),*]
            }

            #[allow(unused_variables)]
            fn call_host<'g>(&self, gil: Gil<'g>, site: &CallSite<'_>, args: &[Option<Bound<'g>>]) -> PyResult<Bound<'g>> {
                let r = self($(bind_arg::<$arg>(site, args, $idx)?),*);
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
            fn optional(&self) -> Vec<bool> {
                vec![$($arg::from_missing().is_some()),*]
            }

            #[allow(unused_variables, non_snake_case)]
            fn call_host<'g>(&self, gil: Gil<'g>, site: &CallSite<'_>, args: &[Option<Bound<'g>>]) -> PyResult<Bound<'g>> {
                $(let $arg = bind_arg::<$arg>(site, args, $idx)?;)*
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
