//! Complex numbers: arithmetic as CPython's complexobject.c (Smith's
//! division, integer powers by repeated squaring), the constructor, and the
//! methods and properties of the `complex` type.

use crate::ops::BinaryOp;

use crate::error::{Error, PyResult};
use crate::object::{number, Args, NativeFnPtr, Object};
use crate::value::Value;
use crate::vm::Vm;

/// A new complex value.
#[inline]
pub fn new(re: f64, im: f64) -> Value {
    Value::new_obj(Object::Complex { re, im })
}

type C = (f64, f64);

fn mul(a: C, b: C) -> C {
    (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
}

/// Smith's algorithm; `None` on division by zero.
fn quot(a: C, b: C) -> Option<C> {
    let (abs_br, abs_bi) = (b.0.abs(), b.1.abs());
    if abs_br >= abs_bi {
        if abs_br == 0.0 {
            return None;
        }
        let ratio = b.1 / b.0;
        let denom = b.0 + b.1 * ratio;
        Some(((a.0 + a.1 * ratio) / denom, (a.1 - a.0 * ratio) / denom))
    } else if abs_bi >= abs_br {
        let ratio = b.0 / b.1;
        let denom = b.0 * ratio + b.1;
        Some(((a.0 * ratio + a.1) / denom, (a.1 * ratio - a.0) / denom))
    } else {
        Some((f64::NAN, f64::NAN))
    }
}

fn powu(x: C, mut n: u64) -> C {
    let mut r = (1.0, 0.0);
    let mut p = x;
    while n > 0 {
        if n & 1 == 1 {
            r = mul(r, p);
        }
        n >>= 1;
        p = mul(p, p);
    }
    r
}

/// `a ** b` (`_Py_c_pow`); Err(()) for zero to a negative/complex power.
fn pow(a: C, b: C) -> Result<C, ()> {
    if b.0 == 0.0 && b.1 == 0.0 {
        return Ok((1.0, 0.0));
    }
    if a.0 == 0.0 && a.1 == 0.0 {
        if b.1 != 0.0 || b.0 < 0.0 {
            return Err(());
        }
        return Ok((0.0, 0.0));
    }
    if b.1 == 0.0 && b.0 == b.0.floor() && b.0.abs() <= 100.0 {
        let n = b.0 as i64;
        return Ok(if n >= 0 {
            powu(a, n as u64)
        } else {
            quot((1.0, 0.0), powu(a, (-n) as u64)).unwrap_or((0.0, 0.0))
        });
    }
    let vabs = a.0.hypot(a.1);
    let mut len = vabs.powf(b.0);
    let at = a.1.atan2(a.0);
    let mut phase = at * b.0;
    if b.1 != 0.0 {
        len /= (at * b.1).exp();
        phase += b.1 * vabs.ln();
    }
    Ok((len * phase.cos(), len * phase.sin()))
}

/// Complex arithmetic; `None` for operators complex does not support.
pub fn complex_op(a: C, op: BinaryOp, b: C) -> Option<PyResult<Value>> {
    let r = match op {
        BinaryOp::Add => (a.0 + b.0, a.1 + b.1),
        BinaryOp::Sub => (a.0 - b.0, a.1 - b.1),
        BinaryOp::Mul => mul(a, b),
        BinaryOp::Div => match quot(a, b) {
            Some(r) => r,
            None => return Some(Err(Error::zero_division("complex division by zero"))),
        },
        BinaryOp::Pow => match pow(a, b) {
            Ok(r) => {
                if r.0.is_infinite() || r.1.is_infinite() {
                    return Some(Err(Error::overflow_error("complex exponentiation")));
                }
                r
            }
            Err(()) => {
                return Some(Err(Error::zero_division(
                    "0.0 to a negative or complex power",
                )))
            }
        },
        _ => return None,
    };
    Some(Ok(new(r.0, r.1)))
}

fn parts(v: &Value) -> Option<C> {
    match number::num(v)? {
        number::Num::Complex(re, im) => Some((re, im)),
        _ => Some((number::to_f64(v)?, 0.0)),
    }
}

fn self_parts(args: &Args<'_>) -> PyResult<C> {
    args.pos()
        .first()
        .and_then(parts)
        .ok_or_else(|| Error::type_error("descriptor requires a 'complex' object"))
}

/// Parses `complex('1+2j')`.
pub fn parse_complex(s: &str) -> Option<C> {
    let t = s.trim();
    let t = t
        .strip_prefix('(')
        .and_then(|x| x.strip_suffix(')'))
        .unwrap_or(t)
        .trim();
    if t.is_empty() {
        return None;
    }
    let Some(body) = t.strip_suffix(['j', 'J']) else {
        return Some((crate::format::parse::parse_float_opt(t)?, 0.0));
    };
    // Split at the last sign that is not an exponent's sign.
    let bytes = body.as_bytes();
    let mut split = 0;
    for k in (1..bytes.len()).rev() {
        if (bytes[k] == b'+' || bytes[k] == b'-') && !matches!(bytes[k - 1], b'e' | b'E') {
            split = k;
            break;
        }
    }
    let (re_s, im_s) = body.split_at(split);
    let im = match im_s {
        "" | "+" => 1.0,
        "-" => -1.0,
        s => crate::format::parse::parse_float_opt(s)?,
    };
    let re = if re_s.is_empty() {
        0.0
    } else {
        crate::format::parse::parse_float_opt(re_s)?
    };
    if re_s.contains(char::is_whitespace) || im_s.contains(char::is_whitespace) {
        return None;
    }
    Some((re, im))
}

fn complex_new(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let [real, imag] = args.bind_optional("complex", ["real", "imag"])?;
    let to_c = |vm: &mut Vm, v: &Value, which: &str| -> PyResult<C> {
        if let Some(c) = parts(v) {
            return Ok(c);
        }
        if let Some(f) = crate::format::glue::lookup_special(vm, v, "__complex__") {
            let r = crate::format::glue::call(vm, &f, std::slice::from_ref(v))?;
            return parts(&r).ok_or_else(|| Error::type_error("__complex__ returned non-complex"));
        }
        if let Some(f) = crate::format::glue::lookup_special(vm, v, "__float__") {
            let r = crate::format::glue::call(vm, &f, std::slice::from_ref(v))?;
            return parts(&r).ok_or_else(|| Error::type_error("__float__ returned non-float"));
        }
        Err(Error::type_error(format!(
            "complex() {which}, not '{}'",
            crate::format::glue::type_name(vm, v)
        )))
    };
    let (re, im) = match (real, imag) {
        (None, None) => (0.0, 0.0),
        (Some(r), i) if r.as_str().is_some() => {
            if i.is_some() {
                return Err(Error::type_error(
                    "complex() can't take second arg if first is a string",
                ));
            }
            parse_complex(r.as_str().unwrap_or(""))
                .ok_or_else(|| Error::value_error("complex() arg is a malformed string"))?
        }
        (r, i) => {
            let a = match r {
                Some(r) => to_c(vm, r, "first argument must be a string or a number")?,
                None => (0.0, 0.0),
            };
            let b = match i {
                Some(i) if i.as_str().is_some() => {
                    return Err(Error::type_error("complex() second arg can't be a string"));
                }
                Some(i) => to_c(vm, i, "second argument must be a number")?,
                None => (0.0, 0.0),
            };
            // a + b*1j
            (a.0 - b.1, a.1 + b.0)
        }
    };
    Ok(new(re, im))
}

fn complex_conjugate(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (re, im) = self_parts(&args)?;
    Ok(new(re, -im))
}

fn complex_abs(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (re, im) = self_parts(&args)?;
    let r = re.hypot(im);
    if r.is_infinite() && re.is_finite() && im.is_finite() {
        return Err(Error::overflow_error("absolute value too large"));
    }
    Ok(Value::Float(r))
}

fn complex_real(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Float(self_parts(&args)?.0))
}

fn complex_imag(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Float(self_parts(&args)?.1))
}

fn complex_format(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = args.pos();
    let spec = pos.get(1).and_then(|s| s.as_str()).unwrap_or("");
    Ok(Value::string(crate::format::format_spec(
        vm, &pos[0], spec,
    )?))
}

/// Methods of `complex` (self is args[0]; `__new__` gets the type).
pub const METHODS: &[(&str, NativeFnPtr)] = &[
    ("__new__", complex_new),
    ("conjugate", complex_conjugate),
    ("__abs__", complex_abs),
    ("__format__", complex_format),
];

/// Read-only attributes of `complex` (getters taking self).
pub const PROPERTIES: &[(&str, NativeFnPtr)] = &[("real", complex_real), ("imag", complex_imag)];

#[cfg(test)]
mod tests {
    use super::*;

    fn c(v: PyResult<Value>) -> C {
        parts(&v.unwrap()).unwrap()
    }

    #[test]
    fn arithmetic_matches_python() {
        // python3: (1+2j)/(3-4j) == (-0.2+0.4j); (1+2j)**2 == (-3+4j)
        assert_eq!(
            c(complex_op((1.0, 2.0), BinaryOp::Div, (3.0, -4.0)).unwrap()),
            (-0.2, 0.4)
        );
        assert_eq!(
            c(complex_op((1.0, 2.0), BinaryOp::Pow, (2.0, 0.0)).unwrap()),
            (-3.0, 4.0)
        );
        // python3: (-1)**0.5 == (6.123233995736766e-17+1j)
        assert_eq!(
            c(complex_op((-1.0, 0.0), BinaryOp::Pow, (0.5, 0.0)).unwrap()),
            (6.123233995736766e-17, 1.0)
        );
        // python3: 2**0.5j == (0.9405421046832438+0.3396771251026685j)
        assert_eq!(
            c(complex_op((2.0, 0.0), BinaryOp::Pow, (0.0, 0.5)).unwrap()),
            (0.9405421046832438, 0.3396771251026685)
        );
        let e = complex_op((1.0, 0.0), BinaryOp::Div, (0.0, 0.0))
            .unwrap()
            .err()
            .unwrap();
        assert_eq!(
            format!("{e:?}"),
            "ZeroDivisionError: complex division by zero"
        );
        assert!(complex_op((1.0, 0.0), BinaryOp::FloorDiv, (1.0, 0.0)).is_none());
    }

    #[test]
    fn parsing() {
        assert_eq!(parse_complex("1+2j"), Some((1.0, 2.0)));
        assert_eq!(parse_complex(" (1-2.5j) "), Some((1.0, -2.5)));
        assert_eq!(parse_complex("j"), Some((0.0, 1.0)));
        assert_eq!(parse_complex("-j"), Some((0.0, -1.0)));
        assert_eq!(parse_complex("3"), Some((3.0, 0.0)));
        assert_eq!(parse_complex("1e3j"), Some((0.0, 1000.0)));
        assert_eq!(parse_complex("1e-3+1e+3j"), Some((0.001, 1000.0)));
        assert_eq!(parse_complex("x"), None);
    }
}
