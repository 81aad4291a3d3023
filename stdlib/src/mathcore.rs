//! The numeric cores of the `math` module that are more than one libm call:
//! exact float summation, frexp/ldexp, big-integer factorial/comb/perm/isqrt
//! and logarithms of integers too big for a float. Pure Rust; `math.rs`
//! converts interpreter values and maps the errors to exceptions.

use num_bigint::{BigInt, BigUint, Sign};
use num_traits::{One, ToPrimitive, Zero};

/// A math failure, mapped to `ValueError`/`OverflowError` by the glue.
#[derive(Debug, PartialEq)]
pub enum MathError {
    Domain(String),
    Range(String),
}

pub fn domain() -> MathError {
    MathError::Domain("math domain error".into())
}

pub fn range() -> MathError {
    MathError::Range("math range error".into())
}

/// Checks a libm result the way CPython's `math_1` does: a NaN out of a
/// non-NaN input is a domain error, an infinity out of a finite input an
/// overflow.
pub fn checked(x: f64, r: f64, can_overflow: bool) -> Result<f64, MathError> {
    if r.is_nan() && !x.is_nan() {
        return Err(domain());
    }
    if r.is_infinite() && x.is_finite() {
        return Err(if can_overflow { range() } else { domain() });
    }
    Ok(r)
}

/// `math.fsum`: Shewchuk's exactly rounded sum (CPython's algorithm).
pub fn fsum(items: impl IntoIterator<Item = f64>) -> Result<f64, MathError> {
    let mut partials: Vec<f64> = Vec::new();
    let mut special_sum = 0.0f64;
    let mut inf_sum = 0.0f64;
    for xsave in items {
        let mut x = xsave;
        let mut i = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[i] = lo;
                i += 1;
            }
            x = hi;
        }
        partials.truncate(i);
        if x != 0.0 {
            if !x.is_finite() {
                if xsave.is_finite() {
                    return Err(MathError::Range("intermediate overflow in fsum".into()));
                }
                if xsave.is_infinite() {
                    inf_sum += xsave;
                }
                special_sum += xsave;
                partials.clear();
            } else {
                partials.push(x);
            }
        }
    }
    if special_sum != 0.0 {
        if inf_sum.is_nan() {
            return Err(MathError::Domain("-inf + inf in fsum".into()));
        }
        return Ok(special_sum);
    }
    let mut n = partials.len();
    let mut hi = 0.0;
    if n > 0 {
        n -= 1;
        hi = partials[n];
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = partials[n];
            hi = x + y;
            lo = y - (hi - x);
            if lo != 0.0 {
                break;
            }
        }
        // Round half-even correctly when the rest of the partials push the
        // exact sum past the halfway point.
        if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            if y == x - hi {
                hi = x;
            }
        }
    }
    Ok(hi)
}

/// `math.frexp`: (m, e) with x == m * 2**e and 0.5 <= |m| < 1.
pub fn frexp(x: f64) -> (f64, i64) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let (x, adj) = if x.abs() < f64::MIN_POSITIVE {
        (x * 2f64.powi(64), -64)
    } else {
        (x, 0)
    };
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exp - 1022 + adj)
}

/// `math.ldexp`: x * 2**e without intermediate overflow.
pub fn ldexp(x: f64, e: i64) -> Result<f64, MathError> {
    if x == 0.0 || !x.is_finite() {
        return Ok(x);
    }
    let e = e.clamp(-10_000, 10_000) as i32;
    let mut r = x;
    let mut left = e;
    while left != 0 {
        let step = left.clamp(-1000, 1000);
        r *= 2f64.powi(step);
        left -= step;
    }
    if r.is_infinite() {
        return Err(range());
    }
    Ok(r)
}

/// `func(n)` for a positive integer too big for a float, as CPython's
/// `loghelper`: n = x * 2**e with 0.5 <= x < 1, result func(x) + func(2) * e.
pub fn log_big(n: &BigInt, func: fn(f64) -> f64) -> Result<f64, MathError> {
    if n.sign() != Sign::Plus {
        return Err(domain());
    }
    if let Some(f) = n.to_f64().filter(|f| f.is_finite()) {
        return Ok(func(f));
    }
    let e = n.bits();
    let top = (n >> (e - 64)).to_u64().unwrap_or(u64::MAX);
    let x = top as f64 / 18_446_744_073_709_551_616.0;
    Ok(func(x) + func(2.0) * e as f64)
}

/// The natural log of a positive integer, exact in range for huge ones.
pub fn log_int(n: &BigInt) -> Result<f64, MathError> {
    log_big(n, f64::ln)
}

/// `math.factorial(n)`, n >= 0.
pub fn factorial(n: u64) -> BigInt {
    let mut acc = BigUint::one();
    let mut chunk: u64 = 1;
    for i in 2..=n {
        match chunk.checked_mul(i) {
            Some(c) => chunk = c,
            None => {
                acc *= chunk;
                chunk = i;
            }
        }
    }
    acc *= chunk;
    BigInt::from_biguint(Sign::Plus, acc)
}

/// `math.perm(n, k)`: n! / (n-k)!, 0 when k > n.
pub fn perm(n: &BigInt, k: &BigInt) -> BigInt {
    if k > n {
        return BigInt::zero();
    }
    let mut acc = BigInt::one();
    let mut i = n - k + 1u32;
    while &i <= n {
        acc *= &i;
        i += 1u32;
    }
    acc
}

/// `math.comb(n, k)`: n! / (k! (n-k)!), 0 when k > n.
pub fn comb(n: &BigInt, k: &BigInt) -> BigInt {
    if k > n {
        return BigInt::zero();
    }
    let nk = n - k;
    let k = if &nk < k { nk } else { k.clone() };
    let mut acc = BigInt::one();
    let mut i = BigInt::one();
    let base = n - &k;
    while i <= k {
        acc = acc * (&base + &i) / &i;
        i += 1u32;
    }
    acc
}

/// `math.isqrt(n)`, n >= 0.
pub fn isqrt(n: &BigInt) -> BigInt {
    n.sqrt()
}

/// `math.hypot(*coords)` scaled to avoid overflow and underflow.
pub fn hypot(coords: &[f64]) -> f64 {
    if coords.iter().any(|c| c.is_infinite()) {
        return f64::INFINITY;
    }
    if coords.iter().any(|c| c.is_nan()) {
        return f64::NAN;
    }
    match coords {
        [] => 0.0,
        [x] => x.abs(),
        [x, y] => x.hypot(*y),
        _ => {
            let max = coords.iter().fold(0.0f64, |m, c| m.max(c.abs()));
            if max == 0.0 {
                return 0.0;
            }
            let parts = coords.iter().map(|c| (c / max) * (c / max));
            max * fsum(parts).unwrap_or(f64::NAN).sqrt()
        }
    }
}

/// `math.isclose`.
pub fn isclose(a: f64, b: f64, rel_tol: f64, abs_tol: f64) -> Result<bool, MathError> {
    if rel_tol < 0.0 || abs_tol < 0.0 {
        return Err(MathError::Domain("tolerances must be non-negative".into()));
    }
    if a == b {
        return Ok(true);
    }
    if a.is_infinite() || b.is_infinite() {
        return Ok(false);
    }
    let diff = (b - a).abs();
    Ok(diff <= (rel_tol * b).abs() || diff <= (rel_tol * a).abs() || diff <= abs_tol)
}

/// `math.fmod` (C fmod, with CPython's domain check).
pub fn fmod(x: f64, y: f64) -> Result<f64, MathError> {
    if y.is_infinite() && x.is_finite() {
        return Ok(x);
    }
    let r = x % y;
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain());
    }
    Ok(r)
}

/// `math.pow` with C99 Annex F special cases and CPython's errors.
pub fn pow(x: f64, y: f64) -> Result<f64, MathError> {
    if x == 0.0 && y < 0.0 && y.is_finite() {
        return Err(domain());
    }
    let r = x.powf(y);
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain());
    }
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(range());
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fsum_is_exact() {
        assert_eq!(fsum([0.1; 10]).unwrap(), 1.0);
        assert_eq!(
            fsum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]).unwrap(),
            1e-100
        );
        assert_eq!(fsum([f64::INFINITY, 1.0]).unwrap(), f64::INFINITY);
        assert!(fsum([f64::INFINITY, f64::NEG_INFINITY]).is_err());
        assert_eq!(
            fsum([1.7976931348623157e308, 1.7976931348623157e308]),
            Err(MathError::Range("intermediate overflow in fsum".into()))
        );
    }

    #[test]
    fn frexp_ldexp_roundtrip() {
        assert_eq!(frexp(8.0), (0.5, 4));
        assert_eq!(frexp(-3.0), (-0.75, 2));
        assert_eq!(frexp(5e-324), (0.5, -1073));
        assert_eq!(ldexp(0.5, 4).unwrap(), 8.0);
        assert_eq!(ldexp(1.0, -1074).unwrap(), 5e-324);
        assert!(ldexp(1.0, 2000).is_err());
    }

    #[test]
    fn integer_functions() {
        assert_eq!(factorial(0), BigInt::one());
        assert_eq!(factorial(25).to_string(), "15511210043330985984000000");
        let b = |n: i64| BigInt::from(n);
        assert_eq!(comb(&b(10), &b(3)), b(120));
        assert_eq!(comb(&b(3), &b(10)), b(0));
        assert_eq!(perm(&b(10), &b(3)), b(720));
        assert_eq!(isqrt(&b(99)), b(9));
        let big: BigInt = "1".parse::<BigInt>().unwrap() << 2000u32;
        assert!((log_int(&big).unwrap() - 2000.0 * std::f64::consts::LN_2).abs() < 1e-9);
    }

    #[test]
    fn misc() {
        assert_eq!(hypot(&[3.0, 4.0, 12.0]), 13.0);
        assert!(isclose(1.0, 1.0 + 1e-10, 1e-9, 0.0).unwrap());
        assert_eq!(pow(0.0, -1.0), Err(domain()));
        assert_eq!(pow(10.0, 400.0), Err(range()));
        assert_eq!(fmod(5.5, 2.0).unwrap(), 1.5);
    }
}
