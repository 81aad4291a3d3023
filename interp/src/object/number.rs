//! Arithmetic, comparison and hashing of the numeric tower
//! (bool < int < float < complex) with Python's semantics.
//!
//! The ops layer calls these after its own dispatch; each function answers
//! `None` when an operand is not a builtin number, so the caller can go on to
//! user dunders. i64 fast paths come first; big ints are used only when a
//! result leaves i64, and every int result is normalized back.

use std::cmp::Ordering;

use crate::ops::{BinaryOp, CompareOp};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use crate::error::{Error, PyResult};
use crate::object::bigint::{self, as_bigint, big_to_f64, hash_bigint, hash_i64};
use crate::object::complex;
use crate::object::Object;
use crate::ops::UnaryOp;
use crate::value::Value;

pub use crate::object::bigint::int_value;

/// A borrowed view of a number.
#[derive(Clone, Copy)]
pub enum Num<'a> {
    Int(i64),
    Big(&'a BigInt),
    Float(f64),
    Complex(f64, f64),
}

/// Classifies a value as a number (bools are ints).
#[inline]
pub fn num(v: &Value) -> Option<Num<'_>> {
    match v {
        Value::Int(i) => Some(Num::Int(*i)),
        Value::Bool(b) => Some(Num::Int(*b as i64)),
        Value::Float(f) => Some(Num::Float(*f)),
        Value::Obj(o) => match &**o {
            Object::BigInt(b) => Some(Num::Big(b)),
            Object::Complex { re, im } => Some(Num::Complex(*re, *im)),
            _ => None,
        },
        Value::None => None,
    }
}

/// As `num`, also taking an instance of a subclass of a builtin number
/// type as its value: what the conversions (`float(x)`, `math.sqrt(x)`)
/// accept. The operators use `num`, so that a subclass's own dunders come
/// first.
#[inline]
pub fn num_or_base(v: &Value) -> Option<Num<'_>> {
    num(v).or_else(|| num(crate::object::base_value(v)?))
}

/// The Python type name of a number, for error messages.
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Bool(_) => "bool",
        Value::Int(_) => "int",
        Value::Float(_) => "float",
        Value::None => "NoneType",
        Value::Obj(o) => o.kind_name(),
    }
}

fn unsupported(a: &Value, op: BinaryOp, b: &Value) -> Error {
    Error::type_error(format!(
        "unsupported operand type(s) for {}: '{}' and '{}'",
        op.symbol(),
        type_name(a),
        type_name(b)
    ))
}

impl Num<'_> {
    fn to_big(self) -> BigInt {
        match self {
            Num::Int(i) => BigInt::from(i),
            Num::Big(b) => b.clone(),
            _ => BigInt::zero(),
        }
    }
    /// As a float (ints converted exactly-rounded; OverflowError if huge).
    fn to_float(self) -> PyResult<f64> {
        match self {
            Num::Int(i) => Ok(i as f64),
            Num::Big(b) => big_to_f64(b),
            Num::Float(f) => Ok(f),
            Num::Complex(re, _) => Ok(re),
        }
    }
    fn to_complex(self) -> PyResult<(f64, f64)> {
        match self {
            Num::Complex(re, im) => Ok((re, im)),
            n => Ok((n.to_float()?, 0.0)),
        }
    }
}

/// `a op b` for numbers; `None` if either is not a number.
pub fn binary_op(a: &Value, op: BinaryOp, b: &Value) -> Option<PyResult<Value>> {
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        return Some(int_op(*x, op, *y));
    }
    if let (Value::Bool(x), Value::Bool(y)) = (a, b) {
        match op {
            BinaryOp::BitAnd => return Some(Ok(Value::Bool(*x & *y))),
            BinaryOp::BitOr => return Some(Ok(Value::Bool(*x | *y))),
            BinaryOp::BitXor => return Some(Ok(Value::Bool(*x ^ *y))),
            _ => {}
        }
    }
    let x = num(a)?;
    let y = num(b)?;
    Some(match (x, y) {
        (Num::Complex(..), _) | (_, Num::Complex(..)) => match (x.to_complex(), y.to_complex()) {
            (Ok(p), Ok(q)) => {
                complex::complex_op(p, op, q).unwrap_or_else(|| Err(unsupported(a, op, b)))
            }
            (Err(e), _) | (_, Err(e)) => Err(e),
        },
        (Num::Float(_), _) | (_, Num::Float(_)) => match op {
            BinaryOp::LShift
            | BinaryOp::RShift
            | BinaryOp::BitAnd
            | BinaryOp::BitOr
            | BinaryOp::BitXor
            | BinaryOp::MatMul => Err(unsupported(a, op, b)),
            _ => match (x.to_float(), y.to_float()) {
                (Ok(p), Ok(q)) => float_op(p, op, q),
                (Err(e), _) | (_, Err(e)) => Err(e),
            },
        },
        (Num::Int(p), Num::Int(q)) => int_op(p, op, q),
        _ => big_op(&x.to_big(), op, &y.to_big()).unwrap_or_else(|| Err(unsupported(a, op, b))),
    })
}

/// `divmod(a, b)` for numbers; `None` if either is not a number.
pub fn divmod(a: &Value, b: &Value) -> Option<PyResult<Value>> {
    let x = num(a)?;
    let y = num(b)?;
    Some(match (x, y) {
        (Num::Complex(..), _) | (_, Num::Complex(..)) => Err(Error::type_error(format!(
            "unsupported operand type(s) for divmod(): '{}' and '{}'",
            type_name(a),
            type_name(b)
        ))),
        (Num::Float(_), _) | (_, Num::Float(_)) => (|| {
            let (p, q) = (x.to_float()?, y.to_float()?);
            if q == 0.0 {
                return Err(Error::zero_division("float divmod()"));
            }
            let (d, m) = float_divmod(p, q);
            Ok(Value::tuple(vec![Value::Float(d), Value::Float(m)]))
        })(),
        (Num::Int(p), Num::Int(q)) if !(p == i64::MIN && q == -1) => {
            if q == 0 {
                Err(Error::zero_division("integer division or modulo by zero"))
            } else {
                Ok(Value::tuple(vec![
                    Value::Int(Integer::div_floor(&p, &q)),
                    Value::Int(Integer::mod_floor(&p, &q)),
                ]))
            }
        }
        _ => {
            let (p, q) = (x.to_big(), y.to_big());
            if q.is_zero() {
                Err(Error::zero_division("integer division or modulo by zero"))
            } else {
                let (d, m) = p.div_mod_floor(&q);
                Ok(Value::tuple(vec![int_value(d), int_value(m)]))
            }
        }
    })
}

/// Int arithmetic on the i64 fast path, spilling into big ints on overflow.
#[inline]
pub fn int_op(x: i64, op: BinaryOp, y: i64) -> PyResult<Value> {
    let big = || big_op(&BigInt::from(x), op, &BigInt::from(y)).unwrap_or_else(|| Ok(Value::None));
    match op {
        BinaryOp::Add => x
            .checked_add(y)
            .map(|r| Ok(Value::Int(r)))
            .unwrap_or_else(big),
        BinaryOp::Sub => x
            .checked_sub(y)
            .map(|r| Ok(Value::Int(r)))
            .unwrap_or_else(big),
        BinaryOp::Mul => x
            .checked_mul(y)
            .map(|r| Ok(Value::Int(r)))
            .unwrap_or_else(big),
        BinaryOp::Div => {
            if y == 0 {
                Err(Error::zero_division("division by zero"))
            } else if x.unsigned_abs() <= 1 << 53 && y.unsigned_abs() <= 1 << 53 {
                Ok(Value::Float(x as f64 / y as f64))
            } else {
                bigint::true_div(&BigInt::from(x), &BigInt::from(y)).map(Value::Float)
            }
        }
        BinaryOp::FloorDiv => {
            if y == 0 {
                Err(Error::zero_division("integer division or modulo by zero"))
            } else if x == i64::MIN && y == -1 {
                big()
            } else {
                Ok(Value::Int(Integer::div_floor(&x, &y)))
            }
        }
        BinaryOp::Mod => {
            if y == 0 {
                Err(Error::zero_division("integer modulo by zero"))
            } else if y == -1 {
                Ok(Value::Int(0))
            } else {
                Ok(Value::Int(Integer::mod_floor(&x, &y)))
            }
        }
        BinaryOp::Pow => {
            if y < 0 {
                return float_op(x as f64, BinaryOp::Pow, y as f64);
            }
            match u32::try_from(y).ok().and_then(|e| x.checked_pow(e)) {
                Some(r) => Ok(Value::Int(r)),
                None => big(),
            }
        }
        BinaryOp::LShift => {
            if y < 0 {
                Err(Error::value_error("negative shift count"))
            } else if x == 0 {
                Ok(Value::Int(0))
            } else if y < 63 && (x << y) >> y == x {
                Ok(Value::Int(x << y))
            } else {
                big()
            }
        }
        BinaryOp::RShift => {
            if y < 0 {
                Err(Error::value_error("negative shift count"))
            } else {
                Ok(Value::Int(x >> y.min(63)))
            }
        }
        BinaryOp::BitAnd => Ok(Value::Int(x & y)),
        BinaryOp::BitOr => Ok(Value::Int(x | y)),
        BinaryOp::BitXor => Ok(Value::Int(x ^ y)),
        BinaryOp::MatMul => Err(Error::type_error(
            "unsupported operand type(s) for @: 'int' and 'int'",
        )),
    }
}

/// Big-int arithmetic. `None` for an operator ints do not support.
pub fn big_op(x: &BigInt, op: BinaryOp, y: &BigInt) -> Option<PyResult<Value>> {
    Some(match op {
        BinaryOp::Add => Ok(int_value(x + y)),
        BinaryOp::Sub => Ok(int_value(x - y)),
        BinaryOp::Mul => Ok(int_value(x * y)),
        BinaryOp::Div => bigint::true_div(x, y).map(Value::Float),
        BinaryOp::FloorDiv => {
            if y.is_zero() {
                Err(Error::zero_division("integer division or modulo by zero"))
            } else {
                Ok(int_value(x.div_floor(y)))
            }
        }
        BinaryOp::Mod => {
            if y.is_zero() {
                Err(Error::zero_division("integer modulo by zero"))
            } else {
                Ok(int_value(x.mod_floor(y)))
            }
        }
        BinaryOp::Pow => {
            if y.is_negative() {
                match (big_to_f64(x), big_to_f64(y)) {
                    (Ok(p), Ok(q)) => float_op(p, BinaryOp::Pow, q),
                    // A huge negative exponent: the result underflows to 0.
                    (Ok(p), Err(_)) if p.abs() > 1.0 => Ok(Value::Float(0.0)),
                    (_, Err(e)) | (Err(e), _) => Err(e),
                }
            } else {
                bigint::pow(x, y)
            }
        }
        BinaryOp::LShift => {
            if y.is_negative() {
                Err(Error::value_error("negative shift count"))
            } else {
                bigint::shl(x, y)
            }
        }
        BinaryOp::RShift => {
            if y.is_negative() {
                Err(Error::value_error("negative shift count"))
            } else {
                Ok(bigint::shr(x, y))
            }
        }
        BinaryOp::BitAnd => Ok(int_value(x & y)),
        BinaryOp::BitOr => Ok(int_value(x | y)),
        BinaryOp::BitXor => Ok(int_value(x ^ y)),
        BinaryOp::MatMul => return None,
    })
}

/// CPython's float divmod: floor quotient and a remainder with the divisor's sign.
pub fn float_divmod(vx: f64, wx: f64) -> (f64, f64) {
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0f64.copysign(wx);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0f64.copysign(vx / wx)
    };
    (floordiv, m)
}

/// Float arithmetic (bit operators were rejected by the caller).
pub fn float_op(x: f64, op: BinaryOp, y: f64) -> PyResult<Value> {
    Ok(Value::Float(match op {
        BinaryOp::Add => x + y,
        BinaryOp::Sub => x - y,
        BinaryOp::Mul => x * y,
        BinaryOp::Div => {
            if y == 0.0 {
                return Err(Error::zero_division("float division by zero"));
            }
            x / y
        }
        BinaryOp::FloorDiv => {
            if y == 0.0 {
                return Err(Error::zero_division("float floor division by zero"));
            }
            float_divmod(x, y).0
        }
        BinaryOp::Mod => {
            if y == 0.0 {
                return Err(Error::zero_division("float modulo"));
            }
            float_divmod(x, y).1
        }
        BinaryOp::Pow => return float_pow(x, y),
        _ => {
            return Err(Error::type_error(format!(
                "unsupported operand type(s) for {}: 'float' and 'float'",
                op.symbol()
            )))
        }
    }))
}

/// `x ** y` for floats, as CPython's `float_pow`.
pub fn float_pow(x: f64, y: f64) -> PyResult<Value> {
    if x == 0.0 && y < 0.0 {
        return Err(Error::zero_division(
            "0.0 cannot be raised to a negative power",
        ));
    }
    if x < 0.0 && x.is_finite() && y.is_finite() && y.fract() != 0.0 {
        // A negative base and a fractional exponent: the result is complex.
        return complex::complex_op((x, 0.0), BinaryOp::Pow, (y, 0.0)).unwrap_or(Ok(Value::None));
    }
    let r = x.powf(y);
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(Error::overflow_error(
            "(34, 'Numerical result out of range')",
        ));
    }
    Ok(Value::Float(r))
}

/// Orders two real numbers exactly (huge ints against floats included).
/// `None` when unordered (NaN) or when a complex is involved.
pub fn num_cmp(x: Num<'_>, y: Num<'_>) -> Option<Ordering> {
    match (x, y) {
        (Num::Int(a), Num::Int(b)) => Some(a.cmp(&b)),
        (Num::Float(a), Num::Float(b)) => a.partial_cmp(&b),
        (Num::Int(a), Num::Float(b)) => int_float_cmp(&BigIntOrI64::I(a), b),
        (Num::Float(a), Num::Int(b)) => int_float_cmp(&BigIntOrI64::I(b), a).map(Ordering::reverse),
        (Num::Big(a), Num::Float(b)) => int_float_cmp(&BigIntOrI64::B(a), b),
        (Num::Float(a), Num::Big(b)) => int_float_cmp(&BigIntOrI64::B(b), a).map(Ordering::reverse),
        (Num::Big(a), Num::Big(b)) => Some(a.cmp(b)),
        (Num::Big(a), Num::Int(b)) => Some(a.cmp(&BigInt::from(b))),
        (Num::Int(a), Num::Big(b)) => Some(BigInt::from(a).cmp(b)),
        _ => None,
    }
}

enum BigIntOrI64<'a> {
    I(i64),
    B(&'a BigInt),
}

fn int_float_cmp(i: &BigIntOrI64<'_>, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    if let BigIntOrI64::I(i) = i {
        if i.unsigned_abs() <= 1 << 53 {
            return (*i as f64).partial_cmp(&f);
        }
    }
    // Exact: compare with the float's floor, then its fraction breaks ties.
    let fl = f.floor();
    let fb = bigint::exact_bigint(fl);
    let ord = match i {
        BigIntOrI64::I(i) => BigInt::from(*i).cmp(&fb),
        BigIntOrI64::B(b) => (*b).cmp(&fb),
    };
    Some(match ord {
        Ordering::Equal if f > fl => Ordering::Less,
        o => o,
    })
}

/// Rich comparison of numbers; `None` if not both numbers or if the
/// operator does not apply (ordering of complex numbers, `is`, `in`).
pub fn compare(a: &Value, op: CompareOp, b: &Value) -> Option<bool> {
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        return match op {
            CompareOp::Eq => Some(x == y),
            CompareOp::NotEq => Some(x != y),
            CompareOp::Lt => Some(x < y),
            CompareOp::LtE => Some(x <= y),
            CompareOp::Gt => Some(x > y),
            CompareOp::GtE => Some(x >= y),
            _ => None,
        };
    }
    match op {
        CompareOp::Eq => eq(a, b),
        CompareOp::NotEq => eq(a, b).map(|e| !e),
        CompareOp::Lt | CompareOp::LtE | CompareOp::Gt | CompareOp::GtE => {
            let (x, y) = (num(a)?, num(b)?);
            if matches!(x, Num::Complex(..)) || matches!(y, Num::Complex(..)) {
                return None;
            }
            let o = num_cmp(x, y);
            Some(match op {
                CompareOp::Lt => o == Some(Ordering::Less),
                CompareOp::LtE => matches!(o, Some(Ordering::Less | Ordering::Equal)),
                CompareOp::Gt => o == Some(Ordering::Greater),
                _ => matches!(o, Some(Ordering::Greater | Ordering::Equal)),
            })
        }
        _ => None,
    }
}

/// `a == b` for numbers; `None` if not both numbers.
pub fn eq(a: &Value, b: &Value) -> Option<bool> {
    let (x, y) = (num(a)?, num(b)?);
    Some(match (x, y) {
        (Num::Complex(r1, i1), Num::Complex(r2, i2)) => r1 == r2 && i1 == i2,
        (Num::Complex(r, i), o) | (o, Num::Complex(r, i)) => {
            i == 0.0 && num_cmp(Num::Float(r), o) == Some(Ordering::Equal)
        }
        _ => num_cmp(x, y) == Some(Ordering::Equal),
    })
}

/// Python's hash of a float (`_Py_HashDouble`): equal to the int's hash for
/// integral floats.
pub fn hash_f64(v: f64) -> u64 {
    const BITS: u32 = 61;
    const MODULUS: u64 = (1 << BITS) - 1;
    if !v.is_finite() {
        return if v.is_infinite() {
            (if v > 0.0 { 314159i64 } else { -314159 }) as u64
        } else {
            0
        };
    }
    if v.fract() == 0.0 && v.abs() < 9.0e18 {
        return hash_i64(v as i64);
    }
    let (mut m, mut e) = frexp(v);
    let mut sign = 1i64;
    if m < 0.0 {
        sign = -1;
        m = -m;
    }
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & MODULUS) | x >> (BITS - 28);
        m *= 268435456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    let e = if e >= 0 {
        e % BITS as i32
    } else {
        BITS as i32 - 1 - ((-1 - e) % BITS as i32)
    } as u32;
    x = ((x << e) & MODULUS) | x >> (BITS - e);
    let h = x as i64 * sign;
    (if h == -1 { -2 } else { h }) as u64
}

/// `frexp`: v = m * 2**e with 0.5 <= |m| < 1.
fn frexp(v: f64) -> (f64, i32) {
    if v == 0.0 {
        return (v, 0);
    }
    let bits = v.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale into the normal range first.
        let (m, e) = frexp(v * 2f64.powi(64));
        return (m, e - 64);
    }
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exp - 1022)
}

/// Python's numeric hash (as the u64 bits of Python's i64 hash).
pub fn hash(v: &Value) -> Option<u64> {
    Some(match v {
        Value::Int(i) => hash_i64(*i),
        Value::Bool(b) => *b as u64,
        Value::Float(f) => hash_f64(*f),
        Value::Obj(o) => match &**o {
            Object::BigInt(b) => hash_bigint(b),
            Object::Complex { re, im } => {
                let h = hash_f64(*re).wrapping_add(1000003u64.wrapping_mul(hash_f64(*im)));
                if h as i64 == -1 {
                    -2i64 as u64
                } else {
                    h
                }
            }
            _ => return None,
        },
        Value::None => return None,
    })
}

/// Unary `-`, `+`, `~`, `not` on numbers; `None` if not a number.
pub fn unary(v: &Value, kind: UnaryOp) -> Option<PyResult<Value>> {
    let n = num(v)?;
    if kind == UnaryOp::Not {
        return Some(Ok(Value::Bool(!truthy(v)?)));
    }
    Some(match (n, kind) {
        (Num::Int(i), UnaryOp::Neg) => Ok(i
            .checked_neg()
            .map(Value::Int)
            .unwrap_or_else(|| int_value(-BigInt::from(i)))),
        (Num::Int(i), UnaryOp::Pos) => Ok(Value::Int(i)),
        (Num::Int(i), _) => Ok(Value::Int(!i)),
        (Num::Big(b), UnaryOp::Neg) => Ok(int_value(-b)),
        (Num::Big(b), UnaryOp::Pos) => Ok(int_value(b.clone())),
        (Num::Big(b), _) => Ok(int_value(!b)),
        (Num::Float(f), UnaryOp::Neg) => Ok(Value::Float(-f)),
        (Num::Float(f), UnaryOp::Pos) => Ok(Value::Float(f)),
        (Num::Complex(re, im), UnaryOp::Neg) => Ok(complex::new(-re, -im)),
        (Num::Complex(re, im), UnaryOp::Pos) => Ok(complex::new(re, im)),
        _ => Err(Error::type_error(format!(
            "bad operand type for unary ~: '{}'",
            type_name(v)
        ))),
    })
}

/// Truth of a number; `None` if not a number.
#[inline]
pub fn truthy(v: &Value) -> Option<bool> {
    Some(match num(v)? {
        Num::Int(i) => i != 0,
        Num::Big(_) => true,
        Num::Float(f) => f != 0.0,
        Num::Complex(re, im) => re != 0.0 || im != 0.0,
    })
}

/// A real number as f64 (huge ints become ±inf; see `to_f64_checked`).
pub fn to_f64(v: &Value) -> Option<f64> {
    match num_or_base(v)? {
        Num::Int(i) => Some(i as f64),
        Num::Big(b) => b.to_f64(),
        Num::Float(f) => Some(f),
        Num::Complex(..) => None,
    }
}

/// A real number as f64, OverflowError for ints out of float range.
pub fn to_f64_checked(v: &Value) -> Option<PyResult<f64>> {
    match num_or_base(v)? {
        Num::Complex(..) => None,
        n => Some(n.to_float()),
    }
}

/// An int (or bool) that fits in i64.
#[inline]
pub fn to_i64(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i64),
        _ => None,
    }
}

/// True for Int/Bool/BigInt.
pub fn is_int(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Bool(_)) || as_bigint(v).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn i(v: PyResult<Value>) -> i64 {
        match v {
            Ok(Value::Int(i)) => i,
            other => panic!("not an int: {other:?}"),
        }
    }
    fn f(v: PyResult<Value>) -> f64 {
        match v {
            Ok(Value::Float(f)) => f,
            other => panic!("not a float: {other:?}"),
        }
    }
    fn err(v: Option<PyResult<Value>>) -> String {
        format!("{:?}", v.unwrap().err().unwrap())
    }

    #[test]
    fn floor_division_and_modulo_signs() {
        // python3: 7//-2, 7%-2, -7//2, -7%2 == -4, -1, -4, 1
        assert_eq!(i(int_op(7, BinaryOp::FloorDiv, -2)), -4);
        assert_eq!(i(int_op(7, BinaryOp::Mod, -2)), -1);
        assert_eq!(i(int_op(-7, BinaryOp::FloorDiv, 2)), -4);
        assert_eq!(i(int_op(-7, BinaryOp::Mod, 2)), 1);
        // python3: -7.5 // 2, -7.5 % 2, 7.5 % -2 == -4.0, 0.5, -0.5
        assert_eq!(f(float_op(-7.5, BinaryOp::FloorDiv, 2.0)), -4.0);
        assert_eq!(f(float_op(-7.5, BinaryOp::Mod, 2.0)), 0.5);
        assert_eq!(f(float_op(7.5, BinaryOp::Mod, -2.0)), -0.5);
        assert!(f(float_op(-0.0, BinaryOp::Mod, 2.0)).is_sign_positive());
    }

    #[test]
    fn errors_match_cpython() {
        let (one, zero) = (Value::Int(1), Value::Int(0));
        assert_eq!(
            err(binary_op(&one, BinaryOp::Div, &zero)),
            "ZeroDivisionError: division by zero"
        );
        assert_eq!(
            err(binary_op(&one, BinaryOp::FloorDiv, &zero)),
            "ZeroDivisionError: integer division or modulo by zero"
        );
        assert_eq!(
            err(binary_op(&one, BinaryOp::Mod, &zero)),
            "ZeroDivisionError: integer modulo by zero"
        );
        let fz = Value::Float(0.0);
        assert_eq!(
            err(binary_op(&one, BinaryOp::Div, &fz)),
            "ZeroDivisionError: float division by zero"
        );
        assert_eq!(
            err(binary_op(&one, BinaryOp::Mod, &fz)),
            "ZeroDivisionError: float modulo"
        );
        assert_eq!(
            err(binary_op(&zero, BinaryOp::Pow, &Value::Int(-1))),
            "ZeroDivisionError: 0.0 cannot be raised to a negative power"
        );
        assert_eq!(
            err(binary_op(
                &Value::Float(10.0),
                BinaryOp::Pow,
                &Value::Int(400)
            )),
            "OverflowError: (34, 'Numerical result out of range')"
        );
        assert_eq!(
            err(binary_op(&one, BinaryOp::LShift, &Value::Int(-1))),
            "ValueError: negative shift count"
        );
        assert_eq!(
            err(binary_op(&Value::Float(1.5), BinaryOp::BitAnd, &one)),
            "TypeError: unsupported operand type(s) for &: 'float' and 'int'"
        );
        assert!(binary_op(&one, BinaryOp::Add, &Value::None).is_none());
    }

    #[test]
    fn ints_grow_and_shrink() {
        let big = binary_op(&Value::Int(i64::MAX), BinaryOp::Add, &Value::Int(1))
            .unwrap()
            .unwrap();
        assert!(as_bigint(&big).is_some());
        let back = binary_op(&big, BinaryOp::Sub, &Value::Int(1)).unwrap();
        assert_eq!(i(back), i64::MAX);
        let p = binary_op(&Value::Int(2), BinaryOp::Pow, &Value::Int(100))
            .unwrap()
            .unwrap();
        // python3: 2**100 % 1000007 == 698635
        assert_eq!(
            i(binary_op(&p, BinaryOp::Mod, &Value::Int(1000007)).unwrap()),
            698635
        );
        assert_eq!(
            f(binary_op(&Value::Int(2), BinaryOp::Pow, &Value::Int(-1)).unwrap()),
            0.5
        );
        assert_eq!(
            i(unary(&Value::Int(i64::MIN), UnaryOp::Neg)
                .unwrap()
                .map(|v| {
                    binary_op(&v, BinaryOp::Sub, &Value::Int(1))
                        .unwrap()
                        .unwrap()
                })
                .map(|v| binary_op(&v, BinaryOp::FloorDiv, &Value::Int(2))
                    .unwrap()
                    .unwrap())),
            4611686018427387903
        );
        assert_eq!(i(int_op(1, BinaryOp::LShift, 62)), 1 << 62);
        assert!(as_bigint(&int_op(1, BinaryOp::LShift, 63).unwrap()).is_some());
        assert_eq!(i(int_op(-1, BinaryOp::RShift, 100)), -1);
        assert!(matches!(
            binary_op(&Value::Bool(true), BinaryOp::BitAnd, &Value::Bool(true)),
            Some(Ok(Value::Bool(true)))
        ));
    }

    #[test]
    fn comparisons_are_exact() {
        let big = binary_op(&Value::Int(2), BinaryOp::Pow, &Value::Int(63))
            .unwrap()
            .unwrap();
        // python3: 2**63 == 9.223372036854775808e18 -> True; 2**63-1 < 2.0**63 -> True
        assert_eq!(eq(&big, &Value::Float(2f64.powi(63))), Some(true));
        assert_eq!(
            compare(
                &Value::Int(i64::MAX),
                CompareOp::Lt,
                &Value::Float(2f64.powi(63))
            ),
            Some(true)
        );
        assert_eq!(
            compare(&Value::Int(1), CompareOp::Lt, &Value::Float(f64::NAN)),
            Some(false)
        );
        assert_eq!(
            compare(&Value::Int(1), CompareOp::NotEq, &Value::Float(f64::NAN)),
            Some(true)
        );
        assert_eq!(eq(&Value::Bool(true), &Value::Float(1.0)), Some(true));
        assert_eq!(eq(&complex::new(1.0, 0.0), &Value::Int(1)), Some(true));
        assert_eq!(
            compare(&complex::new(1.0, 0.0), CompareOp::Lt, &Value::Int(1)),
            None
        );
    }

    #[test]
    fn hashes_are_pythons() {
        // python3: hash(1.5), hash(-1.5), hash(1e300), hash(0.1), hash(1+2j)
        assert_eq!(hash(&Value::Float(1.5)), Some(1152921504606846977));
        assert_eq!(
            hash(&Value::Float(-1.5)).map(|h| h as i64),
            Some(-1152921504606846977)
        );
        assert_eq!(hash(&Value::Float(1e300)), Some(1224995262755759164));
        assert_eq!(hash(&Value::Float(0.1)), Some(230584300921369408));
        assert_eq!(hash(&complex::new(1.0, 2.0)), Some(2000007));
        assert_eq!(hash(&Value::Int(1)), hash(&Value::Float(1.0)));
        assert_eq!(hash(&Value::Int(1)), hash(&Value::Bool(true)));
        assert_eq!(hash(&Value::Int(-1)).map(|h| h as i64), Some(-2));
        let p = binary_op(&Value::Int(2), BinaryOp::Pow, &Value::Int(61))
            .unwrap()
            .unwrap();
        assert_eq!(hash(&p), Some(1));
        assert_eq!(hash(&Value::Float(2f64.powi(61))), Some(1));
        assert_eq!(hash(&Value::Float(f64::INFINITY)), Some(314159));
    }
}
