//! Conversions between Rust values and conc values, both ways.
//!
//! [`IntoValue`] builds a conc value from a Rust one; [`FromValue`] reads a
//! Rust value out of a conc one, raising `TypeError` when the kinds do not
//! match and `OverflowError` when an int does not fit. Both work in a GIL
//! scope: [`IntoValue`] takes the token ([`Gil`]) and gives a [`Bound`],
//! [`FromValue`] reads a [`Bound`], so values are only made and read by the
//! thread that holds the GIL, and no bare object reaches the host.
//!
//! | Rust | conc |
//! |---|---|
//! | `i8`..`i128`, `u8`..`u128`, `isize`, `usize`, `BigInt` | `int` |
//! | `f32`, `f64` | `float` (ints are accepted too) |
//! | `bool` | `bool` |
//! | `String`, `&str`, `char` | `str` |
//! | [`Bytes`] | `bytes` (a `Vec<u8>` is a list of ints) |
//! | `Vec<T>`, `[T; N]` | `list` (read from any iterable but a str or bytes) |
//! | `HashMap<K, V>`, `BTreeMap<K, V>` | `dict` |
//! | `Option<T>` | `None` or the value |
//! | tuples of up to 8 items | `tuple` |
//! | `()` | `None` (reading `()` accepts and drops any value) |
//! | [`Owned`], [`Bound`] | itself (a handle to any value) |
//!
//! ```
//! use std::collections::HashMap;
//! use conc_interp::{Config, Interpreter};
//!
//! let mut interp = Interpreter::new(Config::default());
//! let n: i64 = interp.eval("6 * 7").unwrap();
//! assert_eq!(n, 42);
//! let pair: (String, Vec<f64>) = interp.eval("('xs', [1.5, 2])").unwrap();
//! assert_eq!(pair, ("xs".to_string(), vec![1.5, 2.0]));
//! let ages: HashMap<String, u8> = interp.eval("{'ann': 31, 'bob': 27}").unwrap();
//! assert_eq!(ages["bob"], 27);
//! let err = interp.eval::<u8>("300").unwrap_err();
//! assert_eq!(err.to_string(), "OverflowError: int too large to convert to u8");
//! ```

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash};

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use crate::embed::{Bound, Gil, Owned};
use crate::error::{Error, PyResult};
use crate::object::{bigint, Dict, Object};
use crate::sync::ObjCell;
use crate::value::Value;

/// A Rust value that can become a conc value.
///
/// ```
/// use conc_interp::{Config, Interpreter, IntoValue};
///
/// let mut interp = Interpreter::new(Config::default());
/// let text = interp.with_gil(|gil| (1, "two", vec![3.0]).into_value(gil)?.repr()).unwrap();
/// assert_eq!(text, "(1, 'two', [3.0])");
/// ```
///
/// A host type converts by building on the others:
///
/// ```
/// use conc_interp::{Bound, Gil, IntoValue, Interpreter, PyResult};
///
/// struct Point { x: i64, y: i64 }
///
/// impl IntoValue for Point {
///     fn into_value<'g>(self, gil: Gil<'g>) -> PyResult<Bound<'g>> {
///         let d = gil.eval("{}")?;
///         d.set_item("x", self.x)?;
///         d.set_item("y", self.y)?;
///         Ok(d)
///     }
/// }
///
/// let mut interp = Interpreter::new(Default::default());
/// interp.set_global("p", Point { x: 1, y: 2 }).unwrap();
/// assert_eq!(interp.eval::<i64>("p['x'] + p['y']").unwrap(), 3);
/// ```
pub trait IntoValue {
    /// Builds the conc value in the scope of `gil`.
    fn into_value<'g>(self, gil: Gil<'g>) -> PyResult<Bound<'g>>;
}

/// A Rust value that can be read out of a conc value.
///
/// ```
/// use conc_interp::{Bound, Config, FromValue, Interpreter, PyResult};
///
/// #[derive(Debug, PartialEq)]
/// struct Point { x: i64, y: i64 }
///
/// impl FromValue for Point {
///     fn from_value(v: &Bound<'_>) -> PyResult<Self> {
///         Ok(Point { x: v.getattr("x")?.extract()?, y: v.getattr("y")?.extract()? })
///     }
/// }
///
/// let mut interp = Interpreter::new(Config::default());
/// interp.run_source("class P:\n    x = 3\n    y = 4\n", "p.conc").unwrap();
/// assert_eq!(interp.eval::<Point>("P()").unwrap(), Point { x: 3, y: 4 });
/// let err = interp.eval::<String>("-5").unwrap_err();
/// assert_eq!(err.to_string(), "TypeError: expected str, got int");
/// ```
pub trait FromValue: Sized {
    /// Reads the Rust value; `TypeError` or `OverflowError` when it cannot.
    fn from_value(value: &Bound<'_>) -> PyResult<Self>;

    /// The value of an argument the caller left out, for types that stand
    /// for optional arguments (`Option<T>` gives `None`); `None` means the
    /// argument is required.
    fn from_missing() -> Option<Self> {
        None
    }
}

/// The `TypeError` of a value that is not of the expected kind.
pub fn expected(what: &str, got: &Bound<'_>) -> Error {
    Error::type_error(format!("expected {what}, got {}", got.type_name()))
}

/// The object inside a value, if it is not an immediate.
fn object_of<'a>(value: &'a Bound<'_>) -> Option<&'a Object> {
    value.raw().as_obj().map(|o| &**o)
}

// ----- handles to conc values -----

/// Any value, as a handle that may outlive the scope.
impl FromValue for Owned {
    fn from_value(value: &Bound<'_>) -> PyResult<Self> {
        Ok(value.clone().unbind())
    }
}

/// A `RuntimeError` (rather than a panic) for a handle of another
/// interpreter.
impl IntoValue for Owned {
    fn into_value<'g>(self, gil: Gil<'g>) -> PyResult<Bound<'g>> {
        if !self.belongs_to(gil) {
            return Err(foreign_handle(self.interpreter_id(), gil));
        }
        Ok(self.into_bound(gil))
    }
}

impl IntoValue for &Owned {
    fn into_value<'g>(self, gil: Gil<'g>) -> PyResult<Bound<'g>> {
        if !self.belongs_to(gil) {
            return Err(foreign_handle(self.interpreter_id(), gil));
        }
        Ok(self.bind(gil))
    }
}

impl IntoValue for Bound<'_> {
    fn into_value<'g>(self, gil: Gil<'g>) -> PyResult<Bound<'g>> {
        if !self.gil().same_interpreter(gil) {
            return Err(foreign_handle(self.gil().interpreter_id(), gil));
        }
        Ok(gil.bind_raw(self.into_raw()))
    }
}

impl IntoValue for &Bound<'_> {
    fn into_value<'g>(self, gil: Gil<'g>) -> PyResult<Bound<'g>> {
        self.clone().into_value(gil)
    }
}

/// Objects never cross interpreters: each has its own GIL, so a count
/// touched from both could change on two threads at once.
fn foreign_handle(from: u64, gil: Gil<'_>) -> Error {
    Error::runtime_error(format!(
        "a handle of another interpreter (interpreter {from}) was passed to interpreter {}",
        gil.interpreter_id()
    ))
}

impl IntoValue for () {
    fn into_value<'g>(self, gil: Gil<'g>) -> PyResult<Bound<'g>> {
        Ok(gil.none())
    }
}

/// Accepts any value and drops it (a call whose result is not needed).
impl FromValue for () {
    fn from_value(_value: &Bound<'_>) -> PyResult<Self> {
        Ok(())
    }
}

// ----- numbers -----

impl IntoValue for bool {
    fn into_value<'g>(self, gil: Gil<'g>) -> PyResult<Bound<'g>> {
        Ok(gil.bind_raw(Value::Bool(self)))
    }
}

impl FromValue for bool {
    fn from_value(value: &Bound<'_>) -> PyResult<Self> {
        match value.raw() {
            Value::Bool(b) => Ok(*b),
            _ => Err(expected("bool", value)),
        }
    }
}

/// The int inside a value (`bool` counts, as it does in Python), as a big
/// int only when it does not fit in i64.
enum IntRepr {
    Small(i64),
    Big(BigInt),
}

fn int_of(value: &Bound<'_>) -> PyResult<IntRepr> {
    match value.raw() {
        Value::Int(i) => Ok(IntRepr::Small(*i)),
        Value::Bool(b) => Ok(IntRepr::Small(*b as i64)),
        _ => match object_of(value) {
            Some(Object::BigInt(b)) => Ok(IntRepr::Big(b.clone())),
            _ => Err(expected("int", value)),
        },
    }
}

fn int_overflow(target: &str, negative: bool, unsigned: bool) -> Error {
    if negative && unsigned {
        Error::overflow_error(format!("can't convert negative int to {target}"))
    } else if negative {
        Error::overflow_error(format!("int too small to convert to {target}"))
    } else {
        Error::overflow_error(format!("int too large to convert to {target}"))
    }
}

macro_rules! int_conversions {
    ($($t:ty => $to:ident, $unsigned:expr);* $(;)?) => {$(
        // One body for every width: for i64 itself the conversion cannot fail.
        #[allow(clippy::unnecessary_fallible_conversions)]
        impl IntoValue for $t {
            fn into_value<'g>(self, gil: Gil<'g>) -> PyResult<Bound<'g>> {
                Ok(gil.bind_raw(match i64::try_from(self) {
                    Ok(i) => Value::Int(i),
                    Err(_) => bigint::int_value(BigInt::from(self)),
                }))
            }
        }

        #[allow(clippy::unnecessary_fallible_conversions)]
        impl FromValue for $t {
            fn from_value(value: &Bound<'_>) -> PyResult<Self> {
                let name = stringify!($t);
                match int_of(value)? {
                    IntRepr::Small(i) => {
                        <$t>::try_from(i).map_err(|_| int_overflow(name, i < 0, $unsigned))
                    }
                    IntRepr::Big(b) => b.$to().ok_or_else(|| {
                        int_overflow(name, b.sign() == num_bigint::Sign::Minus, $unsigned)
                    }),
                }
            }
        }
    )*};
}

int_conversions! {
    i8 => to_i8, false;
    i16 => to_i16, false;
    i32 => to_i32, false;
    i64 => to_i64, false;
    i128 => to_i128, false;
    isize => to_isize, false;
    u8 => to_u8, true;
    u16 => to_u16, true;
    u32 => to_u32, true;
    u64 => to_u64, true;
    u128 => to_u128, true;
    usize => to_usize, true;
}

impl IntoValue for BigInt {
    fn into_value<'g>(self, gil: Gil<'g>) -> PyResult<Bound<'g>> {
        Ok(gil.bind_raw(bigint::int_value(self)))
    }
}

impl FromValue for BigInt {
    fn from_value(value: &Bound<'_>) -> PyResult<Self> {
        match int_of(value)? {
            IntRepr::Small(i) => Ok(BigInt::from(i)),
            IntRepr::Big(b) => Ok(b),
        }
    }
}

impl IntoValue for f64 {
    fn into_value<'g>(self, gil: Gil<'g>) -> PyResult<Bound<'g>> {
        Ok(gil.bind_raw(Value::Float(self)))
    }
}

/// Accepts floats and ints (as Python's `float` arguments do); an int too
/// large for a float is an `OverflowError`.
impl FromValue for f64 {
    fn from_value(value: &Bound<'_>) -> PyResult<Self> {
        match value.raw() {
            Value::Float(f) => Ok(*f),
            Value::Int(i) => Ok(*i as f64),
            Value::Bool(b) => Ok(*b as i64 as f64),
            _ => match object_of(value) {
                Some(Object::BigInt(b)) => bigint::big_to_f64(b),
                _ => Err(expected("float", value)),
            },
        }
    }
}

impl IntoValue for f32 {
    fn into_value<'g>(self, gil: Gil<'g>) -> PyResult<Bound<'g>> {
        (self as f64).into_value(gil)
    }
}

/// Rounds to the nearest `f32`; a finite value beyond its range is an
/// `OverflowError`.
impl FromValue for f32 {
    fn from_value(value: &Bound<'_>) -> PyResult<Self> {
        let f = f64::from_value(value)?;
        let narrow = f as f32;
        if narrow.is_infinite() && f.is_finite() {
            return Err(Error::overflow_error("float too large to convert to f32"));
        }
        Ok(narrow)
    }
}

// ----- text and bytes -----

impl IntoValue for String {
    fn into_value<'g>(self, gil: Gil<'g>) -> PyResult<Bound<'g>> {
        Ok(gil.bind_raw(Value::string(self)))
    }
}

impl IntoValue for &str {
    fn into_value<'g>(self, gil: Gil<'g>) -> PyResult<Bound<'g>> {
        Ok(gil.bind_raw(Value::str(self)))
    }
}

impl IntoValue for &String {
    fn into_value<'g>(self, gil: Gil<'g>) -> PyResult<Bound<'g>> {
        self.as_str().into_value(gil)
    }
}

impl FromValue for String {
    fn from_value(value: &Bound<'_>) -> PyResult<Self> {
        value
            .raw()
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| expected("str", value))
    }
}

impl IntoValue for char {
    fn into_value<'g>(self, gil: Gil<'g>) -> PyResult<Bound<'g>> {
        Ok(gil.bind_raw(Value::string(self.to_string())))
    }
}

/// A str of exactly one character.
impl FromValue for char {
    fn from_value(value: &Bound<'_>) -> PyResult<Self> {
        let s = value.raw().as_str().ok_or_else(|| expected("str", value))?;
        let mut chars = s.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Ok(c),
            _ => Err(Error::type_error(format!(
                "expected a character, got a str of length {}",
                s.chars().count()
            ))),
        }
    }
}

/// A conc `bytes` value. A `Vec<u8>` converts to a list of ints, as every
/// `Vec<T>` does; wrap it in `Bytes` for `bytes`.
///
/// ```
/// use conc_interp::prelude::*;
///
/// let mut interp = Interpreter::new(Config::default());
/// let data: Bytes = interp.eval("'hé'.encode()").unwrap();
/// assert_eq!(data.0, vec![b'h', 0xc3, 0xa9]);
/// let ints: Vec<u8> = interp.eval("[1, 2, 255]").unwrap();
/// assert_eq!(ints, vec![1, 2, 255]);
/// interp.set_global("payload", Bytes(b"\x00ok".to_vec())).unwrap();
/// let r: String = interp.eval("repr(payload)").unwrap();
/// assert_eq!(r, "b'\\x00ok'");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Bytes(pub Vec<u8>);

impl From<Vec<u8>> for Bytes {
    fn from(b: Vec<u8>) -> Bytes {
        Bytes(b)
    }
}

impl From<&[u8]> for Bytes {
    fn from(b: &[u8]) -> Bytes {
        Bytes(b.to_vec())
    }
}

impl IntoValue for Bytes {
    fn into_value<'g>(self, gil: Gil<'g>) -> PyResult<Bound<'g>> {
        Ok(gil.bind_raw(crate::object::bytes::new_bytes(self.0)))
    }
}

impl FromValue for Bytes {
    fn from_value(value: &Bound<'_>) -> PyResult<Self> {
        crate::object::bytes::bytes_of(value.raw())
            .map(|b| Bytes(b.to_vec()))
            .ok_or_else(|| expected("bytes", value))
    }
}

// ----- containers -----

impl<T: IntoValue> IntoValue for Option<T> {
    fn into_value<'g>(self, gil: Gil<'g>) -> PyResult<Bound<'g>> {
        match self {
            Some(v) => v.into_value(gil),
            None => Ok(gil.none()),
        }
    }
}

/// `None` is `None`; anything else is read as `T`. As a host function's
/// argument, an `Option` may also be left out.
impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: &Bound<'_>) -> PyResult<Self> {
        if value.is_none() {
            return Ok(None);
        }
        T::from_value(value).map(Some)
    }

    fn from_missing() -> Option<Self> {
        Some(None)
    }
}

fn values_of<T: IntoValue>(
    gil: Gil<'_>,
    items: impl IntoIterator<Item = T>,
) -> PyResult<Vec<Value>> {
    items
        .into_iter()
        .map(|x| x.into_value(gil).map(Bound::into_raw))
        .collect()
}

impl<T: IntoValue> IntoValue for Vec<T> {
    fn into_value<'g>(self, gil: Gil<'g>) -> PyResult<Bound<'g>> {
        Ok(gil.bind_raw(Value::list(values_of(gil, self)?)))
    }
}

impl<T: IntoValue, const N: usize> IntoValue for [T; N] {
    fn into_value<'g>(self, gil: Gil<'g>) -> PyResult<Bound<'g>> {
        Ok(gil.bind_raw(Value::list(values_of(gil, self)?)))
    }
}

impl<T: IntoValue + Clone> IntoValue for &[T] {
    fn into_value<'g>(self, gil: Gil<'g>) -> PyResult<Bound<'g>> {
        Ok(gil.bind_raw(Value::list(values_of(gil, self.iter().cloned())?)))
    }
}

/// Reads any iterable (list, tuple, set, generator, ...) except a str or
/// bytes, whose items are rarely what a `Vec` means.
impl<T: FromValue> FromValue for Vec<T> {
    fn from_value(value: &Bound<'_>) -> PyResult<Self> {
        if let Some(Object::Str(_) | Object::Bytes(_)) = object_of(value) {
            return Err(expected("a list", value));
        }
        value.items()?.iter().map(T::from_value).collect()
    }
}

/// A new dict from converted pairs.
fn dict_of<'g, K: IntoValue, V: IntoValue>(
    gil: Gil<'g>,
    pairs: impl IntoIterator<Item = (K, V)>,
) -> PyResult<Bound<'g>> {
    let dict = Value::new_obj(Object::Dict(ObjCell::new(Dict::new())));
    for (k, v) in pairs {
        let (k, v) = (k.into_value(gil)?.into_raw(), v.into_value(gil)?.into_raw());
        gil.checked(|vm| crate::ops::dictops::dict_set(vm, &dict, k, v))?;
    }
    Ok(gil.bind_raw(dict))
}

/// The items of a dict, cloned out (no borrow is held while converting).
fn dict_items<'g>(value: &Bound<'g>) -> PyResult<Vec<(Bound<'g>, Bound<'g>)>> {
    let gil = value.gil();
    match object_of(value) {
        Some(Object::Dict(d)) => {
            let items = d.borrow().items();
            Ok(items
                .into_iter()
                .map(|(k, v)| (gil.bind_raw(k), gil.bind_raw(v)))
                .collect())
        }
        _ => Err(expected("dict", value)),
    }
}

impl<K: IntoValue, V: IntoValue, S> IntoValue for HashMap<K, V, S> {
    fn into_value<'g>(self, gil: Gil<'g>) -> PyResult<Bound<'g>> {
        dict_of(gil, self)
    }
}

impl<K, V, S> FromValue for HashMap<K, V, S>
where
    K: FromValue + Eq + Hash,
    V: FromValue,
    S: BuildHasher + Default,
{
    fn from_value(value: &Bound<'_>) -> PyResult<Self> {
        let items = dict_items(value)?;
        let mut out = HashMap::with_capacity_and_hasher(items.len(), S::default());
        for (k, v) in &items {
            out.insert(K::from_value(k)?, V::from_value(v)?);
        }
        Ok(out)
    }
}

impl<K: IntoValue, V: IntoValue> IntoValue for BTreeMap<K, V> {
    fn into_value<'g>(self, gil: Gil<'g>) -> PyResult<Bound<'g>> {
        dict_of(gil, self)
    }
}

impl<K: FromValue + Ord, V: FromValue> FromValue for BTreeMap<K, V> {
    fn from_value(value: &Bound<'_>) -> PyResult<Self> {
        let items = dict_items(value)?;
        let mut out = BTreeMap::new();
        for (k, v) in &items {
            out.insert(K::from_value(k)?, V::from_value(v)?);
        }
        Ok(out)
    }
}

macro_rules! tuple_conversions {
    ($($len:literal => ($($name:ident : $idx:tt),+);)*) => {$(
        impl<$($name: IntoValue),+> IntoValue for ($($name,)+) {
            fn into_value<'g>(self, gil: Gil<'g>) -> PyResult<Bound<'g>> {
                let items = vec![$(self.$idx.into_value(gil)?.into_raw()),+];
                Ok(gil.bind_raw(Value::tuple(items)))
            }
        }

        /// Reads a tuple (or list) of exactly this length.
        impl<$($name: FromValue),+> FromValue for ($($name,)+) {
            fn from_value(value: &Bound<'_>) -> PyResult<Self> {
                let items: Vec<Value> = match object_of(value) {
                    Some(Object::Tuple(t)) => t.to_vec(),
                    Some(Object::List(l)) => l.borrow().clone(),
                    _ => return Err(expected("tuple", value)),
                };
                if items.len() != $len {
                    return Err(Error::type_error(format!(
                        "expected a tuple of length {}, got one of length {}",
                        $len,
                        items.len()
                    )));
                }
                let gil = value.gil();
                Ok(($($name::from_value(&gil.bind_raw(items[$idx].clone()))?,)+))
            }
        }
    )*};
}

tuple_conversions! {
    1 => (A: 0);
    2 => (A: 0, B: 1);
    3 => (A: 0, B: 1, C: 2);
    4 => (A: 0, B: 1, C: 2, D: 3);
    5 => (A: 0, B: 1, C: 2, D: 3, E: 4);
    6 => (A: 0, B: 1, C: 2, D: 3, E: 4, F: 5);
    7 => (A: 0, B: 1, C: 2, D: 3, E: 4, F: 5, G: 6);
    8 => (A: 0, B: 1, C: 2, D: 3, E: 4, F: 5, G: 6, H: 7);
}

/// The positional arguments of a call from Rust: `()`, a tuple of up to 8
/// convertible values (`(1, "a")`, `(x,)` for one), or a `Vec` of them.
pub trait IntoArgs {
    /// Converts the arguments, in order.
    fn into_args<'g>(self, gil: Gil<'g>) -> PyResult<Vec<Bound<'g>>>;
}

impl IntoArgs for () {
    fn into_args<'g>(self, _gil: Gil<'g>) -> PyResult<Vec<Bound<'g>>> {
        Ok(Vec::new())
    }
}

impl<T: IntoValue> IntoArgs for Vec<T> {
    fn into_args<'g>(self, gil: Gil<'g>) -> PyResult<Vec<Bound<'g>>> {
        self.into_iter().map(|x| x.into_value(gil)).collect()
    }
}

macro_rules! tuple_args {
    ($(($($name:ident : $idx:tt),+);)*) => {$(
        impl<$($name: IntoValue),+> IntoArgs for ($($name,)+) {
            fn into_args<'g>(self, gil: Gil<'g>) -> PyResult<Vec<Bound<'g>>> {
                Ok(vec![$(self.$idx.into_value(gil)?),+])
            }
        }
    )*};
}

tuple_args! {
    (A: 0);
    (A: 0, B: 1);
    (A: 0, B: 1, C: 2);
    (A: 0, B: 1, C: 2, D: 3);
    (A: 0, B: 1, C: 2, D: 3, E: 4);
    (A: 0, B: 1, C: 2, D: 3, E: 4, F: 5);
    (A: 0, B: 1, C: 2, D: 3, E: 4, F: 5, G: 6);
    (A: 0, B: 1, C: 2, D: 3, E: 4, F: 5, G: 6, H: 7);
}
