//! Conversions between Rust values and conc values, both ways.
//!
//! [`IntoValue`] builds a conc value from a Rust one; [`FromValue`] reads a
//! Rust value out of a conc one, raising `TypeError` when the kinds do not
//! match and `OverflowError` when an int does not fit. Both take the `Vm`
//! (holding `&mut Vm` is holding the GIL), so values are only made and read
//! by a thread allowed to touch them.
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
//! | [`Value`] | itself |
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

use crate::error::{Error, PyResult};
use crate::object::{bigint, Dict, Object};
use crate::sync::ObjCell;
use crate::value::Value;
use crate::vm::Vm;

/// A Rust value that can become a conc value.
///
/// ```
/// use conc_interp::convert::IntoValue;
/// use conc_interp::{Config, Interpreter};
///
/// let mut interp = Interpreter::new(Config::default());
/// let text = interp.with_vm(|vm| {
///     let v = (1, "two", vec![3.0]).into_value(vm).unwrap();
///     conc_interp::ops::repr(vm, &v).unwrap()
/// });
/// assert_eq!(text, "(1, 'two', [3.0])");
/// ```
pub trait IntoValue {
    /// Builds the conc value.
    fn into_value(self, vm: &mut Vm) -> PyResult<Value>;
}

/// A Rust value that can be read out of a conc value.
///
/// ```
/// use conc_interp::convert::FromValue;
/// use conc_interp::{Config, Interpreter, Value};
///
/// let mut interp = Interpreter::new(Config::default());
/// let (n, err) = interp.with_vm(|vm| {
///     let n = i32::from_value(vm, &Value::Int(-5)).unwrap();
///     let err = String::from_value(vm, &Value::Int(-5)).unwrap_err();
///     (n, err.to_string())
/// });
/// assert_eq!(n, -5);
/// assert_eq!(err, "TypeError: expected str, got int");
/// ```
pub trait FromValue: Sized {
    /// Reads the Rust value; `TypeError` or `OverflowError` when it cannot.
    fn from_value(vm: &mut Vm, value: &Value) -> PyResult<Self>;

    /// The value of an argument the caller left out, for types that stand
    /// for optional arguments (`Option<T>` gives `None`); `None` means the
    /// argument is required.
    fn from_missing() -> Option<Self> {
        None
    }
}

/// The `TypeError` of a value that is not of the expected kind.
pub fn expected(vm: &Vm, what: &str, got: &Value) -> Error {
    Error::type_error(format!("expected {what}, got {}", vm.type_name(got)))
}

// ----- conc values themselves -----

impl IntoValue for Value {
    fn into_value(self, _vm: &mut Vm) -> PyResult<Value> {
        Ok(self)
    }
}

impl FromValue for Value {
    fn from_value(_vm: &mut Vm, value: &Value) -> PyResult<Self> {
        Ok(value.clone())
    }
}

impl IntoValue for () {
    fn into_value(self, _vm: &mut Vm) -> PyResult<Value> {
        Ok(Value::None)
    }
}

/// Accepts any value and drops it (a call whose result is not needed).
impl FromValue for () {
    fn from_value(_vm: &mut Vm, _value: &Value) -> PyResult<Self> {
        Ok(())
    }
}

// ----- numbers -----

impl IntoValue for bool {
    fn into_value(self, _vm: &mut Vm) -> PyResult<Value> {
        Ok(Value::Bool(self))
    }
}

impl FromValue for bool {
    fn from_value(vm: &mut Vm, value: &Value) -> PyResult<Self> {
        match value {
            Value::Bool(b) => Ok(*b),
            other => Err(expected(vm, "bool", other)),
        }
    }
}

/// The int inside a value (`bool` counts, as it does in Python), as a big
/// int only when it does not fit in i64.
enum IntRepr {
    Small(i64),
    Big(BigInt),
}

fn int_of(vm: &Vm, value: &Value) -> PyResult<IntRepr> {
    match value {
        Value::Int(i) => Ok(IntRepr::Small(*i)),
        Value::Bool(b) => Ok(IntRepr::Small(*b as i64)),
        Value::Obj(o) => match &**o {
            Object::BigInt(b) => Ok(IntRepr::Big(b.clone())),
            _ => Err(expected(vm, "int", value)),
        },
        other => Err(expected(vm, "int", other)),
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
            fn into_value(self, _vm: &mut Vm) -> PyResult<Value> {
                Ok(match i64::try_from(self) {
                    Ok(i) => Value::Int(i),
                    Err(_) => bigint::int_value(BigInt::from(self)),
                })
            }
        }

        #[allow(clippy::unnecessary_fallible_conversions)]
        impl FromValue for $t {
            fn from_value(vm: &mut Vm, value: &Value) -> PyResult<Self> {
                let name = stringify!($t);
                match int_of(vm, value)? {
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
    fn into_value(self, _vm: &mut Vm) -> PyResult<Value> {
        Ok(bigint::int_value(self))
    }
}

impl FromValue for BigInt {
    fn from_value(vm: &mut Vm, value: &Value) -> PyResult<Self> {
        match int_of(vm, value)? {
            IntRepr::Small(i) => Ok(BigInt::from(i)),
            IntRepr::Big(b) => Ok(b),
        }
    }
}

impl IntoValue for f64 {
    fn into_value(self, _vm: &mut Vm) -> PyResult<Value> {
        Ok(Value::Float(self))
    }
}

/// Accepts floats and ints (as Python's `float` arguments do); an int too
/// large for a float is an `OverflowError`.
impl FromValue for f64 {
    fn from_value(vm: &mut Vm, value: &Value) -> PyResult<Self> {
        match value {
            Value::Float(f) => Ok(*f),
            Value::Int(i) => Ok(*i as f64),
            Value::Bool(b) => Ok(*b as i64 as f64),
            Value::Obj(o) => match &**o {
                Object::BigInt(b) => bigint::big_to_f64(b),
                _ => Err(expected(vm, "float", value)),
            },
            Value::None => Err(expected(vm, "float", value)),
        }
    }
}

impl IntoValue for f32 {
    fn into_value(self, _vm: &mut Vm) -> PyResult<Value> {
        Ok(Value::Float(self as f64))
    }
}

/// Rounds to the nearest `f32`; a finite value beyond its range is an
/// `OverflowError`.
impl FromValue for f32 {
    fn from_value(vm: &mut Vm, value: &Value) -> PyResult<Self> {
        let f = f64::from_value(vm, value)?;
        let narrow = f as f32;
        if narrow.is_infinite() && f.is_finite() {
            return Err(Error::overflow_error("float too large to convert to f32"));
        }
        Ok(narrow)
    }
}

// ----- text and bytes -----

impl IntoValue for String {
    fn into_value(self, _vm: &mut Vm) -> PyResult<Value> {
        Ok(Value::string(self))
    }
}

impl IntoValue for &str {
    fn into_value(self, _vm: &mut Vm) -> PyResult<Value> {
        Ok(Value::str(self))
    }
}

impl IntoValue for &String {
    fn into_value(self, _vm: &mut Vm) -> PyResult<Value> {
        Ok(Value::str(self))
    }
}

impl FromValue for String {
    fn from_value(vm: &mut Vm, value: &Value) -> PyResult<Self> {
        value
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| expected(vm, "str", value))
    }
}

impl IntoValue for char {
    fn into_value(self, _vm: &mut Vm) -> PyResult<Value> {
        Ok(Value::string(self.to_string()))
    }
}

/// A str of exactly one character.
impl FromValue for char {
    fn from_value(vm: &mut Vm, value: &Value) -> PyResult<Self> {
        let s = value.as_str().ok_or_else(|| expected(vm, "str", value))?;
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
/// use conc_interp::convert::Bytes;
/// use conc_interp::{Config, Interpreter};
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
    fn into_value(self, _vm: &mut Vm) -> PyResult<Value> {
        Ok(crate::object::bytes::new_bytes(self.0))
    }
}

impl FromValue for Bytes {
    fn from_value(vm: &mut Vm, value: &Value) -> PyResult<Self> {
        crate::object::bytes::bytes_of(value)
            .map(|b| Bytes(b.to_vec()))
            .ok_or_else(|| expected(vm, "bytes", value))
    }
}

// ----- containers -----

impl<T: IntoValue> IntoValue for Option<T> {
    fn into_value(self, vm: &mut Vm) -> PyResult<Value> {
        match self {
            Some(v) => v.into_value(vm),
            None => Ok(Value::None),
        }
    }
}

/// `None` is `None`; anything else is read as `T`. As a host function's
/// argument, an `Option` may also be left out.
impl<T: FromValue> FromValue for Option<T> {
    fn from_value(vm: &mut Vm, value: &Value) -> PyResult<Self> {
        match value {
            Value::None => Ok(None),
            v => T::from_value(vm, v).map(Some),
        }
    }

    fn from_missing() -> Option<Self> {
        Some(None)
    }
}

fn values_of<T: IntoValue>(
    vm: &mut Vm,
    items: impl IntoIterator<Item = T>,
) -> PyResult<Vec<Value>> {
    items.into_iter().map(|x| x.into_value(vm)).collect()
}

impl<T: IntoValue> IntoValue for Vec<T> {
    fn into_value(self, vm: &mut Vm) -> PyResult<Value> {
        Ok(Value::list(values_of(vm, self)?))
    }
}

impl<T: IntoValue, const N: usize> IntoValue for [T; N] {
    fn into_value(self, vm: &mut Vm) -> PyResult<Value> {
        Ok(Value::list(values_of(vm, self)?))
    }
}

impl<T: IntoValue + Clone> IntoValue for &[T] {
    fn into_value(self, vm: &mut Vm) -> PyResult<Value> {
        Ok(Value::list(values_of(vm, self.iter().cloned())?))
    }
}

/// Reads any iterable (list, tuple, set, generator, ...) except a str or
/// bytes, whose items are rarely what a `Vec` means.
impl<T: FromValue> FromValue for Vec<T> {
    fn from_value(vm: &mut Vm, value: &Value) -> PyResult<Self> {
        if let Some(Object::Str(_) | Object::Bytes(_)) = value.as_obj().map(|o| &**o) {
            return Err(expected(vm, "a list", value));
        }
        let items = crate::ops::collect(vm, value)?;
        items.iter().map(|v| T::from_value(vm, v)).collect()
    }
}

/// A new dict from converted pairs.
fn dict_of<K: IntoValue, V: IntoValue>(
    vm: &mut Vm,
    pairs: impl IntoIterator<Item = (K, V)>,
) -> PyResult<Value> {
    let dict = Value::new_obj(Object::Dict(ObjCell::new(Dict::new())));
    for (k, v) in pairs {
        let (k, v) = (k.into_value(vm)?, v.into_value(vm)?);
        crate::ops::dictops::dict_set(vm, &dict, k, v)?;
    }
    Ok(dict)
}

/// The items of a dict, cloned out (no borrow is held while converting).
fn dict_items(vm: &Vm, value: &Value) -> PyResult<Vec<(Value, Value)>> {
    match value.as_obj().map(|o| &**o) {
        Some(Object::Dict(d)) => Ok(d.borrow().items()),
        _ => Err(expected(vm, "dict", value)),
    }
}

impl<K: IntoValue, V: IntoValue, S> IntoValue for HashMap<K, V, S> {
    fn into_value(self, vm: &mut Vm) -> PyResult<Value> {
        dict_of(vm, self)
    }
}

impl<K, V, S> FromValue for HashMap<K, V, S>
where
    K: FromValue + Eq + Hash,
    V: FromValue,
    S: BuildHasher + Default,
{
    fn from_value(vm: &mut Vm, value: &Value) -> PyResult<Self> {
        let items = dict_items(vm, value)?;
        let mut out = HashMap::with_capacity_and_hasher(items.len(), S::default());
        for (k, v) in &items {
            out.insert(K::from_value(vm, k)?, V::from_value(vm, v)?);
        }
        Ok(out)
    }
}

impl<K: IntoValue, V: IntoValue> IntoValue for BTreeMap<K, V> {
    fn into_value(self, vm: &mut Vm) -> PyResult<Value> {
        dict_of(vm, self)
    }
}

impl<K: FromValue + Ord, V: FromValue> FromValue for BTreeMap<K, V> {
    fn from_value(vm: &mut Vm, value: &Value) -> PyResult<Self> {
        let items = dict_items(vm, value)?;
        let mut out = BTreeMap::new();
        for (k, v) in &items {
            out.insert(K::from_value(vm, k)?, V::from_value(vm, v)?);
        }
        Ok(out)
    }
}

macro_rules! tuple_conversions {
    ($($len:literal => ($($name:ident : $idx:tt),+);)*) => {$(
        impl<$($name: IntoValue),+> IntoValue for ($($name,)+) {
            fn into_value(self, vm: &mut Vm) -> PyResult<Value> {
                Ok(Value::tuple(vec![$(self.$idx.into_value(vm)?),+]))
            }
        }

        /// Reads a tuple (or list) of exactly this length.
        impl<$($name: FromValue),+> FromValue for ($($name,)+) {
            fn from_value(vm: &mut Vm, value: &Value) -> PyResult<Self> {
                let items: Vec<Value> = match value.as_obj().map(|o| &**o) {
                    Some(Object::Tuple(t)) => t.to_vec(),
                    Some(Object::List(l)) => l.borrow().clone(),
                    _ => return Err(expected(vm, "tuple", value)),
                };
                if items.len() != $len {
                    return Err(Error::type_error(format!(
                        "expected a tuple of length {}, got one of length {}",
                        $len,
                        items.len()
                    )));
                }
                Ok(($($name::from_value(vm, &items[$idx])?,)+))
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
/// convertible values (`(1, "a")`, `(x,)` for one), or a `Vec<Value>`.
pub trait IntoArgs {
    /// Converts the arguments, in order.
    fn into_args(self, vm: &mut Vm) -> PyResult<Vec<Value>>;
}

impl IntoArgs for () {
    fn into_args(self, _vm: &mut Vm) -> PyResult<Vec<Value>> {
        Ok(Vec::new())
    }
}

impl IntoArgs for Vec<Value> {
    fn into_args(self, _vm: &mut Vm) -> PyResult<Vec<Value>> {
        Ok(self)
    }
}

macro_rules! tuple_args {
    ($(($($name:ident : $idx:tt),+);)*) => {$(
        impl<$($name: IntoValue),+> IntoArgs for ($($name,)+) {
            fn into_args(self, vm: &mut Vm) -> PyResult<Vec<Value>> {
                Ok(vec![$(self.$idx.into_value(vm)?),+])
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
