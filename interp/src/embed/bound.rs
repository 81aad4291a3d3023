//! [`Bound`]: a conc value borrowed for one GIL scope.

use super::{Gil, Owned};
use crate::convert::{FromValue, IntoArgs, IntoValue};
use crate::error::PyResult;
use crate::value::Value;

/// A conc value in a GIL scope: the token's lifetime `'g` bounds it, and it
/// is neither `Send` nor `Sync`, so it is cloned and dropped only by the
/// thread that holds the GIL, inside the scope. [`Bound::unbind`] makes an
/// [`Owned`] handle that may outlive the scope; [`Bound::extract`] reads a
/// Rust value out of it.
///
/// ```
/// use conc_interp::Interpreter;
///
/// let mut interp = Interpreter::new(Default::default());
/// interp.run_source("class Point:\n    def __init__(self, x, y):\n        self.x, self.y = x, y\n    def norm1(self):\n        return abs(self.x) + abs(self.y)\n", "p.conc").unwrap();
/// let (x, norm) = interp.with_gil(|gil| {
///     let p = gil.global("Point")?.call((3, -4))?;
///     p.setattr("x", 5)?;
///     Ok::<_, conc_interp::Error>((p.getattr("x")?.extract::<i64>()?, p.call_method("norm1", ())?.extract::<i64>()?))
/// }).unwrap();
/// assert_eq!((x, norm), (5, 9));
/// ```
///
/// A `Bound` cannot outlive its scope:
///
/// ```compile_fail
/// let mut interp = conc_interp::Interpreter::new(Default::default());
/// let escaped = interp.with_gil(|gil| gil.eval("[1]").unwrap());
/// ```
#[derive(Clone)]
pub struct Bound<'g> {
    gil: Gil<'g>,
    value: Value,
}

impl<'g> Bound<'g> {
    pub(crate) fn new(gil: Gil<'g>, value: Value) -> Bound<'g> {
        Bound { gil, value }
    }

    /// The value, for the conversions inside this crate.
    pub(crate) fn raw(&self) -> &Value {
        &self.value
    }

    /// The value, leaving the scope's type behind (inside this crate only).
    pub(crate) fn into_raw(self) -> Value {
        self.value
    }

    /// The token of the scope.
    pub fn gil(&self) -> Gil<'g> {
        self.gil
    }

    /// A handle that may outlive the scope (see [`Owned`]).
    pub fn unbind(self) -> Owned {
        self.gil.own(self.value)
    }

    /// Reads a Rust value out of it ([`FromValue`]): `TypeError` or
    /// `OverflowError` when it does not fit.
    pub fn extract<T: FromValue>(&self) -> PyResult<T> {
        T::from_value(self)
    }

    /// The name of its class (`int`, `list`, `Point`).
    pub fn type_name(&self) -> String {
        self.gil.with_vm(|vm| vm.type_name(&self.value))
    }

    /// Whether it is `None`.
    pub fn is_none(&self) -> bool {
        self.value.is_none()
    }

    /// Whether both are the same object (`a is b`).
    pub fn is(&self, other: &Bound<'_>) -> bool {
        self.value.is(&other.value)
    }

    /// `repr(self)`.
    pub fn repr(&self) -> PyResult<String> {
        self.gil.checked(|vm| crate::ops::repr(vm, &self.value))
    }

    /// `str(self)`.
    pub fn str(&self) -> PyResult<String> {
        self.gil.checked(|vm| crate::ops::str_of(vm, &self.value))
    }

    /// `len(self)`.
    pub fn len(&self) -> PyResult<usize> {
        self.gil.checked(|vm| crate::ops::len(vm, &self.value))
    }

    /// `len(self) == 0`.
    pub fn is_empty(&self) -> PyResult<bool> {
        Ok(self.len()? == 0)
    }

    /// `bool(self)`.
    pub fn is_truthy(&self) -> PyResult<bool> {
        self.gil.checked(|vm| crate::ops::truthy(vm, &self.value))
    }

    /// `self.name`.
    pub fn getattr(&self, name: &str) -> PyResult<Bound<'g>> {
        let v = self.gil.checked(|vm| vm.get_attr(&self.value, name))?;
        Ok(self.gil.bind_raw(v))
    }

    /// `self.name = value`.
    pub fn setattr(&self, name: &str, value: impl IntoValue) -> PyResult<()> {
        let value = value.into_value(self.gil)?.value;
        self.gil.checked(|vm| vm.set_attr(&self.value, name, value))
    }

    /// `self[key]`.
    pub fn get_item(&self, key: impl IntoValue) -> PyResult<Bound<'g>> {
        let key = key.into_value(self.gil)?.value;
        let v = self
            .gil
            .checked(|vm| crate::ops::getitem(vm, &self.value, &key))?;
        Ok(self.gil.bind_raw(v))
    }

    /// `self[key] = value`.
    pub fn set_item(&self, key: impl IntoValue, value: impl IntoValue) -> PyResult<()> {
        let key = key.into_value(self.gil)?.value;
        let value = value.into_value(self.gil)?.value;
        self.gil
            .checked(|vm| crate::ops::setitem(vm, &self.value, &key, value))
    }

    /// `self(*args)`: `args` is `()`, a tuple of Rust values or `Bound`s,
    /// or a `Vec` of them ([`IntoArgs`]).
    pub fn call(&self, args: impl IntoArgs) -> PyResult<Bound<'g>> {
        let args = raw_args(self.gil, args)?;
        let v = self.gil.checked(|vm| vm.call(&self.value, &args))?;
        Ok(self.gil.bind_raw(v))
    }

    /// `self.name(*args)`.
    pub fn call_method(&self, name: &str, args: impl IntoArgs) -> PyResult<Bound<'g>> {
        let args = raw_args(self.gil, args)?;
        let v = self
            .gil
            .checked(|vm| vm.call_method(&self.value, name, &args))?;
        Ok(self.gil.bind_raw(v))
    }

    /// The items of an iterable (`list(self)`), each as a `Bound`.
    ///
    /// ```
    /// let mut interp = conc_interp::Interpreter::new(Default::default());
    /// let reprs = interp.with_gil(|gil| {
    ///     gil.eval("(1, 'a', None)")?.items()?.iter().map(|b| b.repr()).collect::<Result<Vec<_>, _>>()
    /// }).unwrap();
    /// assert_eq!(reprs, ["1", "'a'", "None"]);
    /// ```
    pub fn items(&self) -> PyResult<Vec<Bound<'g>>> {
        let items = self
            .gil
            .checked(|vm| crate::ops::collect(vm, &self.value))?;
        Ok(items.into_iter().map(|v| self.gil.bind_raw(v)).collect())
    }
}

/// Shows the class name only: `repr` may run script code (use
/// [`Bound::repr`]).
impl std::fmt::Debug for Bound<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Bound(<{}>)", self.type_name())
    }
}

/// Converts call arguments to values of the scope.
fn raw_args(gil: Gil<'_>, args: impl IntoArgs) -> PyResult<Vec<Value>> {
    Ok(args
        .into_args(gil)?
        .into_iter()
        .map(Bound::into_raw)
        .collect())
}
