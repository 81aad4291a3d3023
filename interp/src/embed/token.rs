//! [`Gil`]: the proof, in the types, that the current thread holds the
//! interpreter's GIL.

use std::cell::RefCell;
use std::marker::PhantomData;
use std::sync::Arc;

use super::owned::ReleasePool;
use super::{Bound, Owned};
use crate::compile::Mode;
use crate::convert::IntoValue;
use crate::error::{Error, ExcKind, PyResult};
use crate::value::Value;
use crate::vm::Vm;

/// A token proving that this thread holds the GIL of one interpreter, for
/// the lifetime `'g` of a scope: the closure of
/// [`Interpreter::with_gil`](crate::Interpreter::with_gil), or one call of
/// a host function ([`HostFnWithGil`](crate::HostFnWithGil)). It is
/// `Copy`, but neither `Send` nor `Sync`, and `'g` is bound to the scope,
/// so neither the token nor the [`Bound`] values made under it can leave
/// the scope or reach another thread — in particular not the closure of
/// [`Gil::allow_threads`], which runs without the GIL. What must outlive
/// the scope is converted to Rust values or kept as [`Owned`].
///
/// ```
/// use conc_interp::Interpreter;
///
/// let mut interp = Interpreter::new(Default::default());
/// let total: i64 = interp.with_gil(|gil| {
///     let xs = gil.eval("[3, 4, 5]")?;
///     let n = xs.len()?;
///     gil.set_global("n", n)?;
///     gil.eval("sum(range(n)) + 10")?.extract()
/// }).unwrap();
/// assert_eq!(total, 13);
/// ```
///
/// The token cannot be moved into a closure that runs without the GIL:
///
/// ```compile_fail
/// let mut interp = conc_interp::Interpreter::new(Default::default());
/// interp.with_gil(|gil| gil.allow_threads(move || gil.eval("1").is_ok()));
/// ```
#[derive(Clone, Copy)]
pub struct Gil<'g> {
    // The thread's VM, lent to the scope. A `RefCell` because the token is
    // `Copy`: each operation borrows it for its own duration; the host's
    // code never runs while one is borrowed (the `Vm` reaches host
    // functions through their own scope).
    vm: &'g RefCell<&'g mut Vm>,
    // Not `Send`, not `Sync` even if the fields above ever were.
    _not_send: PhantomData<*mut ()>,
}

impl<'g> Gil<'g> {
    /// Opens a GIL scope on a thread that holds the GIL (`&mut Vm` is the
    /// proof), first releasing the objects whose `Owned` handles were
    /// dropped without it.
    pub(crate) fn enter<R>(vm: &mut Vm, f: impl for<'s> FnOnce(Gil<'s>) -> R) -> R {
        let pool = vm.state().releases.clone();
        pool.release(vm);
        let cell = RefCell::new(&mut *vm);
        f(Gil {
            vm: &cell,
            _not_send: PhantomData,
        })
    }

    /// Runs `f` with the VM, turning an exception object in its error into
    /// a handle that may outlive the scope ([`Error::Held`]).
    pub(crate) fn checked<T>(self, f: impl FnOnce(&mut Vm) -> PyResult<T>) -> PyResult<T> {
        let r = self.with_vm(f);
        r.map_err(|e| self.hold(e))
    }

    /// An error as it may leave the scope: no bare object inside.
    pub(crate) fn hold(self, err: Error) -> Error {
        match err {
            Error::Obj(v) => Error::Held(self.own(v)),
            other => other,
        }
    }

    /// A value as a handle of this scope.
    pub(crate) fn bind_raw(self, value: Value) -> Bound<'g> {
        Bound::new(self, value)
    }

    /// A value as a handle that may outlive the scope.
    pub(crate) fn own(self, value: Value) -> Owned {
        Owned::new(value, self.with_vm(|vm| vm.state().releases.clone()))
    }

    /// Whether both tokens are of the same interpreter.
    pub(crate) fn same_interpreter(self, other: Gil<'_>) -> bool {
        self.interpreter_id() == other.interpreter_id()
    }

    /// The number of the interpreter whose GIL this token holds
    /// ([`Interpreter::id`](crate::Interpreter::id)).
    pub fn interpreter_id(self) -> u64 {
        self.with_vm(|vm| vm.interpreter_id())
    }

    /// Whether `pool` is this interpreter's (an `Owned` of this one).
    pub(crate) fn owns(self, pool: &Arc<ReleasePool>) -> bool {
        self.with_vm(|vm| Arc::ptr_eq(pool, &vm.state().releases))
    }

    /// The VM layer under the typed API, for the standard library and the
    /// command line: `&mut Vm` and the `Value`s it hands out are not
    /// checked by the compiler the way [`Bound`] and [`Owned`] are. Code
    /// that uses it keeps the GIL rule itself: no `Value` may be kept past
    /// the closure, returned from the scope or moved into
    /// [`Vm::allow_threads`]; everything else in this crate's `pub`
    /// modules belongs to that layer too.
    ///
    /// # Panics
    ///
    /// If called again inside `f` (through a copy of the token).
    pub fn with_vm<R>(self, f: impl FnOnce(&mut Vm) -> R) -> R {
        let mut vm = self
            .vm
            .try_borrow_mut()
            .expect("Gil::with_vm re-entered from inside its own closure");
        f(&mut vm)
    }

    /// Runs `f` with the GIL released, so the script's threads run while
    /// it blocks (I/O, sleeping, waiting on a host lock), and takes the GIL
    /// back before returning. `f` is `Send`: it can capture neither the
    /// token nor a [`Bound`], and so touches no conc object while the GIL
    /// is not held. [`Owned`] handles may go in (their drop is deferred).
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let mut interp = conc_interp::Interpreter::new(Default::default());
    /// let slept = interp.with_gil(|gil| {
    ///     gil.allow_threads(|| std::thread::sleep(Duration::from_millis(2)));
    ///     gil.eval("'awake'")?.extract::<String>()
    /// }).unwrap();
    /// assert_eq!(slept, "awake");
    /// ```
    pub fn allow_threads<T: Send>(self, f: impl FnOnce() -> T + Send) -> T {
        self.with_vm(|vm| vm.allow_threads(f))
    }

    /// Evaluates an expression in `__main__`'s namespace.
    pub fn eval(self, src: &str) -> PyResult<Bound<'g>> {
        let v = self.checked(|vm| {
            let main = vm.import_module("__main__")?;
            let syntax_error = |vm: &mut Vm, msg: &str, line, col| {
                vm.syntax_error(ExcKind::SyntaxError, msg, "<string>", line, col, src)
            };
            let expr = conc_grammar::parse_expression(src.trim())
                .map_err(|e| syntax_error(vm, &e.msg, e.line, e.col))?;
            let intern = |name: &str| vm.intern(name);
            let code = crate::compile::compile_expression(&expr, "<string>", Some(&intern));
            let code = code.map_err(|e| syntax_error(vm, &e.msg, e.line, e.col))?;
            vm.exec_in_module(&code, &main)
        })?;
        Ok(self.bind_raw(v))
    }

    /// Runs statements in `__main__` (`filename` names them in tracebacks).
    ///
    /// ```
    /// let mut interp = conc_interp::Interpreter::new(Default::default());
    /// let n: i64 = interp.with_gil(|gil| {
    ///     gil.run_source("x = 6\ny = x * 7\n", "calc.conc")?;
    ///     gil.global("y")?.extract()
    /// }).unwrap();
    /// assert_eq!(n, 42);
    /// ```
    pub fn run_source(self, src: &str, filename: &str) -> PyResult<()> {
        self.checked(|vm| {
            vm.add_source(filename, src);
            let main = vm.import_module("__main__")?;
            let code = vm.compile_source(src, filename, Mode::Exec)?;
            vm.exec_in_module(&code, &main).map(drop)
        })
    }

    /// The global `name` of `__main__`, else the builtin of that name;
    /// `NameError` if neither exists.
    pub fn global(self, name: &str) -> PyResult<Bound<'g>> {
        let v = self.checked(|vm| {
            let main = vm.import_module("__main__")?;
            if let Some(v) = vm.get_attr_opt(&main, name)? {
                return Ok(v);
            }
            vm.builtin(name).ok_or_else(|| {
                Error::new(ExcKind::NameError, format!("name '{name}' is not defined"))
            })
        })?;
        Ok(self.bind_raw(v))
    }

    /// Sets the global `name` of `__main__`.
    pub fn set_global(self, name: &str, value: impl IntoValue) -> PyResult<()> {
        let value = value.into_value(self)?.into_raw();
        self.checked(|vm| {
            let main = vm.import_module("__main__")?;
            vm.module_set(&main, name, value);
            Ok(())
        })
    }

    /// Imports a module (as `import name` does) and returns it.
    ///
    /// ```
    /// let mut interp = conc_interp::Interpreter::new(Default::default());
    /// let limit: i64 = interp.with_gil(|gil| {
    ///     gil.import("sys")?.call_method("getrecursionlimit", ())?.extract()
    /// }).unwrap();
    /// assert_eq!(limit, 1000);
    /// ```
    pub fn import(self, name: &str) -> PyResult<Bound<'g>> {
        let v = self.checked(|vm| vm.import_module(name))?;
        Ok(self.bind_raw(v))
    }

    /// A Rust value converted to a conc value of this scope.
    pub fn to_value(self, value: impl IntoValue) -> PyResult<Bound<'g>> {
        value.into_value(self)
    }

    /// `None`.
    pub fn none(self) -> Bound<'g> {
        self.bind_raw(Value::None)
    }
}
