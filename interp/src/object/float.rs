//! The `float` type: constructor, methods and properties.

use num_bigint::BigInt;
use num_integer::Integer;

use crate::error::{Error, PyResult};
use crate::format::glue;
use crate::object::bigint::{exact_bigint, f64_to_bigint, int_value};
use crate::object::{number, Args, NativeFnPtr, Object};
use crate::value::Value;
use crate::vm::Vm;

fn self_f(args: &Args<'_>) -> PyResult<f64> {
    args.pos()
        .first()
        .and_then(number::to_f64)
        .ok_or_else(|| Error::type_error("descriptor requires a 'float' object"))
}

/// `float(v)`.
pub fn to_float(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    if let Some(r) = number::to_f64_checked(v) {
        return r;
    }
    if let Some(s) = v.as_str() {
        return crate::format::parse_float(s);
    }
    if let Value::Obj(o) = v {
        if let Object::Bytes(b) = &**o {
            return crate::format::parse::parse_float_opt(&String::from_utf8_lossy(b)).ok_or_else(
                || {
                    Error::value_error(format!(
                        "could not convert string to float: {}",
                        crate::format::bytes_repr(b)
                    ))
                },
            );
        }
    }
    if let Some(cell) = crate::object::bytearray::bytearray_of(v) {
        let text = String::from_utf8_lossy(&cell.borrow()).into_owned();
        return match crate::format::parse::parse_float_opt(&text) {
            Some(x) => Ok(x),
            None => Err(Error::value_error(format!(
                "could not convert string to float: {}",
                glue::repr(vm, v)?
            ))),
        };
    }
    for name in ["__float__", "__index__"] {
        if let Some(f) = glue::lookup_special(vm, v, name) {
            let r = glue::call(vm, &f, std::slice::from_ref(v))?;
            return match number::to_f64_checked(&r) {
                Some(x) if !matches!(r, Value::Obj(_)) || number::is_int(&r) => x,
                _ => Err(Error::type_error(format!(
                    "{}.{name} returned non-float (type {})",
                    glue::type_name(vm, v),
                    glue::type_name(vm, &r)
                ))),
            };
        }
    }
    // A subclass of a builtin type without a conversion of its own
    // converts as its value (`float(F(1.5))`, `float(S("2.5"))`).
    if let Some(b) = crate::object::base_value(v) {
        return to_float(vm, b);
    }
    Err(Error::type_error(format!(
        "float() argument must be a string or a real number, not '{}'",
        glue::type_name(vm, v)
    )))
}

fn float_new(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    args.check_iterable_ctor("float", "float")?;
    match args.pos().get(1) {
        None => Ok(Value::Float(0.0)),
        Some(v) => Ok(Value::Float(to_float(vm, v)?)),
    }
}

fn is_integer(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let f = self_f(&args)?;
    Ok(Value::Bool(f.is_finite() && f.fract() == 0.0))
}

/// The exact (numerator, denominator) of a finite float.
pub fn integer_ratio(f: f64) -> PyResult<(BigInt, BigInt)> {
    if f.is_nan() {
        return Err(Error::value_error("cannot convert NaN to integer ratio"));
    }
    if f.is_infinite() {
        return Err(Error::overflow_error(
            "cannot convert Infinity to integer ratio",
        ));
    }
    let mut m = f;
    let mut e = 0i64;
    while m.fract() != 0.0 {
        m *= 2.0;
        e += 1;
    }
    let num = exact_bigint(m);
    let den = BigInt::from(1) << e as usize;
    let g = num.gcd(&den);
    Ok((num / &g, den / g))
}

fn as_integer_ratio(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (n, d) = integer_ratio(self_f(&args)?)?;
    Ok(Value::tuple(vec![int_value(n), int_value(d)]))
}

/// `float.hex()`: `0x1.8000000000000p+0`.
pub fn float_hex_str(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let sign = if f.is_sign_negative() { "-" } else { "" };
    if f == 0.0 {
        return format!("{sign}0x0.0p+0");
    }
    let bits = f.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mant = bits & ((1 << 52) - 1);
    let (lead, e) = if exp == 0 {
        (0, -1022)
    } else {
        (1, exp - 1023)
    };
    format!(
        "{sign}0x{lead}.{mant:013x}p{}{}",
        if e < 0 { "-" } else { "+" },
        e.abs()
    )
}

fn float_hex(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::string(float_hex_str(self_f(&args)?)))
}

/// `float.fromhex(s)` (args[0] is the type).
fn float_fromhex(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = args
        .pos()
        .get(1)
        .and_then(|v| v.as_str())
        .ok_or_else(|| Error::type_error("fromhex() argument must be str"))?;
    let bad = || Error::value_error("invalid hexadecimal floating-point string");
    let t = s.trim();
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if let Some(x) = crate::format::parse::parse_float_opt(t).filter(|x| !x.is_finite()) {
        return Ok(Value::Float(if neg { -x } else { x }));
    }
    let t = t
        .strip_prefix("0x")
        .or_else(|| t.strip_prefix("0X"))
        .unwrap_or(t);
    let (mant, exp) = match t.find(['p', 'P']) {
        Some(k) => (&t[..k], t[k + 1..].parse::<i64>().map_err(|_| bad())?),
        None => (t, 0),
    };
    let (ip, fp) = mant.split_once('.').unwrap_or((mant, ""));
    if ip.is_empty() && fp.is_empty() {
        return Err(bad());
    }
    let mut value = 0f64;
    let mut e = exp;
    for c in ip.chars().chain(fp.chars()) {
        let d = c.to_digit(16).ok_or_else(bad)?;
        value = value * 16.0 + d as f64;
    }
    e -= 4 * fp.len() as i64;
    let r = crate::object::bigint::ldexp(value, e);
    if r.is_infinite() {
        return Err(Error::overflow_error(
            "hexadecimal value too large to represent as a float",
        ));
    }
    Ok(Value::Float(if neg { -r } else { r }))
}

fn float_self(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Float(self_f(&args)?))
}

fn float_zero(_vm: &mut Vm, _args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Float(0.0))
}

fn float_int(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    f64_to_bigint(self_f(&args)?)
}

fn float_floor(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    f64_to_bigint(self_f(&args)?.floor())
}

fn float_ceil(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    f64_to_bigint(self_f(&args)?.ceil())
}

fn float_abs(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Float(self_f(&args)?.abs()))
}

/// `round(x)` → int (half to even); `round(x, n)` → float, correctly rounded
/// via exact decimal formatting (as CPython's dtoa-based rounding).
pub fn round_float(x: f64, ndigits: Option<i64>) -> PyResult<Value> {
    match ndigits {
        None => {
            let r = x.round();
            let r = if (x - x.trunc()).abs() == 0.5 {
                2.0 * (x / 2.0).round()
            } else {
                r
            };
            f64_to_bigint(r)
        }
        Some(_) if !x.is_finite() || x == 0.0 => Ok(Value::Float(x)),
        Some(n) if n > 323 => Ok(Value::Float(x)),
        Some(n) if n >= 0 => {
            let s = format!("{:.*}", n as usize, x);
            Ok(Value::Float(s.parse().unwrap_or(x)))
        }
        Some(n) if n < -308 => Ok(Value::Float(0.0f64.copysign(x))),
        Some(n) => {
            let p = 10f64.powi((-n) as i32);
            let y = x / p;
            let r = y.round();
            let r = if (y - y.trunc()).abs() == 0.5 {
                2.0 * (y / 2.0).round()
            } else {
                r
            };
            let z = r * p;
            if z.is_infinite() {
                return Err(Error::overflow_error(
                    "rounded value too large to represent",
                ));
            }
            Ok(Value::Float(z.copysign(x)))
        }
    }
}

fn float_round(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let x = self_f(&args)?;
    let nd = match args.pos().get(1).or_else(|| args.kwarg("ndigits")) {
        None | Some(Value::None) => None,
        Some(v) => Some(crate::ops::to_clamped_index(vm, v)?),
    };
    round_float(x, nd)
}

fn float_format(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = args.pos();
    let spec = pos.get(1).and_then(|s| s.as_str()).unwrap_or("");
    Ok(Value::string(crate::format::format_spec(
        vm, &pos[0], spec,
    )?))
}

/// Methods of `float` (self is args[0]; `__new__`/`fromhex` get the type).
pub const METHODS: &[(&str, NativeFnPtr)] = &[
    ("__new__", float_new),
    ("is_integer", is_integer),
    ("as_integer_ratio", as_integer_ratio),
    ("hex", float_hex),
    ("fromhex", float_fromhex),
    ("conjugate", float_self),
    ("__int__", float_int),
    ("__float__", float_self),
    ("__trunc__", float_int),
    ("__floor__", float_floor),
    ("__ceil__", float_ceil),
    ("__abs__", float_abs),
    ("__round__", float_round),
    ("__format__", float_format),
];

/// Read-only attributes of `float` (getters taking self).
pub const PROPERTIES: &[(&str, NativeFnPtr)] = &[("real", float_self), ("imag", float_zero)];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_and_ratio_and_round() {
        // python3: (1.5).hex(), (0.1).hex(), (5e-324).hex()
        assert_eq!(float_hex_str(1.5), "0x1.8000000000000p+0");
        assert_eq!(float_hex_str(0.1), "0x1.999999999999ap-4");
        assert_eq!(float_hex_str(5e-324), "0x0.0000000000001p-1022");
        let (n, d) = integer_ratio(0.75).unwrap();
        assert_eq!((n, d), (BigInt::from(3), BigInt::from(4)));
        // python3: round(2.675, 2) == 2.67; round(0.5) == 0; round(1.5) == 2; round(-2.5) == -2
        assert!(matches!(round_float(2.675, Some(2)), Ok(Value::Float(x)) if x == 2.67));
        assert!(matches!(round_float(0.5, None), Ok(Value::Int(0))));
        assert!(matches!(round_float(1.5, None), Ok(Value::Int(2))));
        assert!(matches!(round_float(-2.5, None), Ok(Value::Int(-2))));
        assert!(matches!(round_float(1234.0, Some(-2)), Ok(Value::Float(x)) if x == 1200.0));
    }
}
