//! Arbitrary-precision int helpers: normalization back to the i64 fast path,
//! exact conversions to float, correctly rounded true division, and the
//! guards that keep huge results from exhausting memory.

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::error::{Error, ExcKind, PyResult};
use crate::object::Object;
use crate::value::Value;

/// Results bigger than this many bits raise MemoryError instead of trying
/// (CPython would try and then fail much later).
const MAX_RESULT_BITS: u64 = 1 << 32;

/// Normalizes an int result: `Value::Int` when it fits in i64.
#[inline]
pub fn int_value(b: BigInt) -> Value {
    match b.to_i64() {
        Some(i) => Value::Int(i),
        None => Value::new_obj(Object::BigInt(b)),
    }
}

/// The value as a big int, for Int/Bool/BigInt.
pub fn to_bigint(v: &Value) -> Option<BigInt> {
    match v {
        Value::Int(i) => Some(BigInt::from(*i)),
        Value::Bool(b) => Some(BigInt::from(*b as i64)),
        Value::Obj(o) => match &**o {
            Object::BigInt(b) => Some(b.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// The big int inside a value, if it is one.
#[inline]
pub fn as_bigint(v: &Value) -> Option<&BigInt> {
    match v {
        Value::Obj(o) => match &**o {
            Object::BigInt(b) => Some(b),
            _ => None,
        },
        _ => None,
    }
}

/// `float(n)`: correctly rounded; OverflowError when out of range.
pub fn big_to_f64(b: &BigInt) -> PyResult<f64> {
    match b.to_f64() {
        Some(f) if f.is_finite() => Ok(f),
        _ => Err(Error::overflow_error("int too large to convert to float")),
    }
}

/// `x * 2**e` without intermediate overflow (exact unless the result is
/// subnormal or out of range).
pub fn ldexp(mut x: f64, mut e: i64) -> f64 {
    while e > 1000 {
        x *= 2f64.powi(1000);
        e -= 1000;
        if x.is_infinite() {
            return x;
        }
    }
    while e < -1000 {
        x *= 2f64.powi(-1000);
        e += 1000;
        if x == 0.0 {
            return x;
        }
    }
    x * 2f64.powi(e as i32)
}

/// `a / b` for ints, correctly rounded as CPython's `long_true_divide`:
/// the quotient is computed with 55+ significant bits plus a sticky bit, so
/// the one rounding to 53 bits is the right one.
pub fn true_div(a: &BigInt, b: &BigInt) -> PyResult<f64> {
    if b.is_zero() {
        return Err(Error::zero_division("division by zero"));
    }
    if a.is_zero() {
        let neg = b.is_negative();
        return Ok(if neg { -0.0 } else { 0.0 });
    }
    // Small enough to be exact as floats: one IEEE division is correctly rounded.
    if a.bits() <= 53 && b.bits() <= 53 {
        return Ok(a.to_f64().unwrap_or(0.0) / b.to_f64().unwrap_or(1.0));
    }
    let negative = a.is_negative() != b.is_negative();
    let (na, nb) = (a.abs(), b.abs());
    let diff = na.bits() as i64 - nb.bits() as i64;
    if diff > 1025 {
        return Err(Error::overflow_error(
            "integer division result too large for a float",
        ));
    }
    if diff < -1080 {
        return Ok(if negative { -0.0 } else { 0.0 });
    }
    // Keep 55..56 quotient bits; for subnormal results keep fewer so the
    // final scaling is exact and the rounding happens once, here.
    let mut keep: i64 = 55;
    let result_exp = diff; // the quotient lies in [2**(diff-1), 2**(diff+1))
    if result_exp < -1021 {
        keep = (55 - (-1021 - result_exp)).max(1);
    }
    let shift = keep - diff; // quotient = (na << shift) / nb, scaled by 2**-shift
    let (num, den) = if shift >= 0 {
        (na << shift as usize, nb)
    } else {
        (na, nb << (-shift) as usize)
    };
    let (mut q, r) = num.div_rem(&den);
    if !r.is_zero() {
        // Sticky bit: the quotient is not exact; make sure it rounds up on a tie.
        q = (q << 1usize) | BigInt::one();
        let f = q.to_f64().unwrap_or(f64::INFINITY);
        let res = ldexp(f, -shift - 1);
        return finish_div(res, negative);
    }
    let f = q.to_f64().unwrap_or(f64::INFINITY);
    finish_div(ldexp(f, -shift), negative)
}

fn finish_div(res: f64, negative: bool) -> PyResult<f64> {
    if res.is_infinite() {
        return Err(Error::overflow_error(
            "integer division result too large for a float",
        ));
    }
    Ok(if negative { -res } else { res })
}

/// `base ** exp` for a non-negative exponent.
pub fn pow(base: &BigInt, exp: &BigInt) -> PyResult<Value> {
    if base.is_zero() {
        return Ok(Value::Int(if exp.is_zero() { 1 } else { 0 }));
    }
    if base.is_one() {
        return Ok(Value::Int(1));
    }
    if *base == BigInt::from(-1) {
        return Ok(Value::Int(if exp.is_even() { 1 } else { -1 }));
    }
    let e = match exp.to_u64() {
        Some(e) if e.saturating_mul(base.bits().saturating_sub(1).max(1)) <= MAX_RESULT_BITS => e,
        _ => return Err(Error::new(ExcKind::MemoryError, "")),
    };
    Ok(int_value(num_traits::Pow::pow(base, e)))
}

/// `(base ** exp) % m` (three-argument pow). A negative exponent needs the
/// modular inverse, as CPython 3.8+.
pub fn pow_mod(base: &BigInt, exp: &BigInt, m: &BigInt) -> PyResult<Value> {
    if m.is_zero() {
        return Err(Error::value_error("pow() 3rd argument cannot be 0"));
    }
    let mut base = base.clone();
    let mut exp = exp.clone();
    if exp.is_negative() {
        base = mod_inverse(&base, m)
            .ok_or_else(|| Error::value_error("base is not invertible for the given modulus"))?;
        exp = -exp;
    }
    let am = m.abs();
    let r = base.mod_floor(&am).modpow(&exp, &am);
    // The sign of the result follows the modulus.
    let r = if m.is_negative() && !r.is_zero() {
        r + m
    } else {
        r
    };
    Ok(int_value(r))
}

fn mod_inverse(a: &BigInt, m: &BigInt) -> Option<BigInt> {
    let m = m.abs();
    let g = a.mod_floor(&m).extended_gcd(&m);
    if !g.gcd.is_one() {
        return None;
    }
    Some(g.x.mod_floor(&m))
}

/// `a << n` for big ints (n >= 0 already checked).
pub fn shl(a: &BigInt, n: &BigInt) -> PyResult<Value> {
    if a.is_zero() {
        return Ok(Value::Int(0));
    }
    match n.to_u64() {
        Some(n) if n.saturating_add(a.bits()) <= MAX_RESULT_BITS => Ok(int_value(a << n as usize)),
        Some(_) if n.bits() < 63 => Err(Error::new(ExcKind::MemoryError, "")),
        _ => Err(Error::overflow_error("too many digits in integer")),
    }
}

/// `a >> n` for big ints (n >= 0): floor semantics.
pub fn shr(a: &BigInt, n: &BigInt) -> Value {
    match n.to_u64() {
        Some(n) if n < a.bits() + 1 => int_value(a >> n as usize),
        _ => Value::Int(if a.is_negative() { -1 } else { 0 }),
    }
}

/// Python's hash of an int: n mod (2**61 - 1), keeping the sign; -1 → -2.
pub fn hash_bigint(b: &BigInt) -> u64 {
    const MODULUS: u64 = (1 << 61) - 1;
    let (sign, digits) = b.to_u64_digits();
    // Horner over the 64-bit digits, most significant first, mod 2**61-1.
    let mut acc: u128 = 0;
    for d in digits.iter().rev() {
        acc = ((acc << 64) | *d as u128) % MODULUS as u128;
    }
    let h = acc as i64;
    let h = if sign == Sign::Minus { -h } else { h };
    (if h == -1 { -2 } else { h }) as u64
}

/// Python's hash of an i64.
#[inline]
pub fn hash_i64(i: i64) -> u64 {
    const MODULUS: i64 = (1 << 61) - 1;
    // Almost every int is its own hash: no division for those.
    if i > -MODULUS && i < MODULUS {
        return (if i == -1 { -2 } else { i }) as u64;
    }
    let h = if i >= 0 {
        i % MODULUS
    } else {
        -((i.unsigned_abs() % MODULUS as u64) as i64)
    };
    (if h == -1 { -2 } else { h }) as u64
}

/// Exact conversion of a finite float's integer part (`int(3.9)` → 3).
pub fn f64_to_bigint(f: f64) -> PyResult<Value> {
    if f.is_nan() {
        return Err(Error::value_error("cannot convert float NaN to integer"));
    }
    if f.is_infinite() {
        return Err(Error::overflow_error(
            "cannot convert float infinity to integer",
        ));
    }
    let t = f.trunc();
    if t.abs() < 9.2e18 {
        return Ok(Value::Int(t as i64));
    }
    Ok(int_value(exact_bigint(t)))
}

/// The exact integer value of an integral finite float.
pub fn exact_bigint(t: f64) -> BigInt {
    let bits = t.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mant = if exp == 0 {
        (bits & ((1 << 52) - 1)) << 1
    } else {
        (bits & ((1 << 52) - 1)) | (1 << 52)
    };
    let e = exp - 1075;
    let mut b = BigInt::from(mant);
    if e >= 0 {
        b <<= e as usize;
    } else {
        b >>= (-e) as usize;
    }
    if t < 0.0 {
        -b
    } else {
        b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big(s: &str) -> BigInt {
        s.parse().unwrap()
    }

    #[test]
    fn true_division_is_correctly_rounded() {
        let ten = BigInt::from(10);
        let a = num_traits::Pow::pow(&ten, 400u32);
        let b = num_traits::Pow::pow(&ten, 399u32);
        assert_eq!(true_div(&a, &b).unwrap(), 10.0);
        assert_eq!(true_div(&BigInt::from(1), &a).unwrap(), 0.0);
        assert!(true_div(&a, &BigInt::from(1)).is_err());
        // python3: (2**64+1)/3 == 6.148914691236517e+18
        let n = big("18446744073709551617");
        assert_eq!(
            true_div(&n, &BigInt::from(3)).unwrap(),
            6.148914691236517e18
        );
        // python3: 10**30 / 7 == 1.4285714285714285e+29
        let n = num_traits::Pow::pow(&ten, 30u32);
        assert_eq!(
            true_div(&n, &BigInt::from(7)).unwrap(),
            1.4285714285714285e29
        );
        assert_eq!(
            true_div(&-n, &BigInt::from(7)).unwrap(),
            -1.4285714285714285e29
        );
    }

    #[test]
    fn hashes_match_python() {
        // hash(2**61) == 1, hash(2**61 - 1) == 0, hash(-2**61) == -1 -> -2
        let p = BigInt::from(1u64 << 61);
        assert_eq!(hash_bigint(&p), 1);
        assert_eq!(hash_bigint(&(p.clone() - 1)), 0);
        assert_eq!(hash_bigint(&-p) as i64, -2);
        assert_eq!(hash_i64(-1) as i64, -2);
        assert_eq!(hash_i64(i64::MIN) as i64, -4);
        // python3 -c 'print(hash(10**30))'
        assert_eq!(
            hash_bigint(&big("1000000000000000000000000000000")),
            465258685558744706
        );
    }

    #[test]
    fn float_to_int() {
        assert_eq!(exact_bigint(1e20), big("100000000000000000000"));
        assert!(matches!(f64_to_bigint(-3.9).unwrap(), Value::Int(-3)));
    }
}
