//! Text to numbers: `int(s, base)` and `float(s)`, with Python's rules for
//! whitespace, signs, underscores and base prefixes, and its error messages.

use num_bigint::BigInt;
use num_traits::Num;

use crate::error::{Error, PyResult};
use crate::object::number::int_value;
use crate::value::Value;

/// Python's `str.strip()` whitespace test (Unicode whitespace).
fn strip_ws(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || ('\x1c'..='\x1f').contains(&c))
}

fn invalid_int(s: &str, base: u32) -> Error {
    Error::value_error(format!(
        "invalid literal for int() with base {base}: {}",
        crate::format::str_repr(s)
    ))
}

/// `int(s, base)`: base 0 means "from the prefix, as in source code".
pub fn parse_int(s: &str, base: u32) -> PyResult<Value> {
    if base == 1 || base > 36 {
        return Err(Error::value_error(
            "int() base must be >= 2 and <= 36, or 0",
        ));
    }
    let orig = s;
    let t = strip_ws(s);
    let (neg, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower_prefix = |p: &str| body.len() >= 2 && body[..2].eq_ignore_ascii_case(p);
    let (mut radix, mut digits, mut had_prefix) = (base, body, false);
    for (p, r) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if (base == 0 || base == r) && lower_prefix(p) {
            radix = r;
            digits = &body[2..];
            had_prefix = true;
        }
    }
    if radix == 0 {
        radix = 10;
        // Base 0 forbids leading zeros in a non-zero decimal ("010").
        if body.len() > 1 && body.starts_with('0') && body.bytes().any(|b| b != b'0' && b != b'_') {
            return Err(invalid_int(orig, base));
        }
    }
    // Underscores: single, between digits (or right after a base prefix).
    let bytes = digits.as_bytes();
    if bytes.is_empty()
        || bytes[bytes.len() - 1] == b'_'
        || (bytes[0] == b'_' && !had_prefix)
        || digits.contains("__")
    {
        return Err(invalid_int(orig, base));
    }
    let clean: std::borrow::Cow<str> = if digits.contains('_') {
        digits.replace('_', "").into()
    } else {
        digits.into()
    };
    let clean = clean.as_ref();
    if clean.is_empty() || !clean.chars().all(|c| c.is_digit(radix)) {
        // Non-ASCII decimal digits (e.g. Arabic-Indic) are valid in Python.
        if radix == 10
            && clean
                .chars()
                .all(|c| c.is_numeric() && c.to_digit(10).is_none())
            && !clean.is_empty()
        {
            if let Some(ascii) = unicode_decimal_to_ascii(clean) {
                return finish_int(&ascii, 10, neg, orig, base);
            }
        }
        return Err(invalid_int(orig, base));
    }
    finish_int(clean, radix, neg, orig, base)
}

fn finish_int(clean: &str, radix: u32, neg: bool, orig: &str, base: u32) -> PyResult<Value> {
    // Digits are validated: the only i64 failure is overflow.
    if let Ok(v) = i64::from_str_radix(clean, radix) {
        return Ok(Value::Int(if neg { -v } else { v }));
    }
    let b = BigInt::from_str_radix(clean, radix).map_err(|_| invalid_int(orig, base))?;
    Ok(int_value(if neg { -b } else { b }))
}

/// Maps Unicode decimal digits of the common scripts to ASCII (each script's
/// zero is followed by its nine digits).
fn unicode_decimal_to_ascii(s: &str) -> Option<String> {
    const ZEROS: &[u32] = &[0x660, 0x6F0, 0x966, 0x9E6, 0xA66, 0xE50, 0xFF10];
    s.chars()
        .map(|c| {
            let u = c as u32;
            ZEROS
                .iter()
                .find(|&&z| u >= z && u < z + 10)
                .map(|&z| char::from(b'0' + (u - z) as u8))
        })
        .collect()
}

/// `float(s)`.
pub fn parse_float(s: &str) -> PyResult<f64> {
    parse_float_opt(s).ok_or_else(|| {
        Error::value_error(format!(
            "could not convert string to float: {}",
            crate::format::str_repr(s)
        ))
    })
}

/// `float(s)` without the error.
pub fn parse_float_opt(s: &str) -> Option<f64> {
    let t = strip_ws(s);
    let (neg, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = body.to_ascii_lowercase();
    let v = match lower.as_str() {
        "inf" | "infinity" => f64::INFINITY,
        "nan" => f64::NAN,
        _ => {
            let b = lower.as_bytes();
            // Only digits, '.', 'e', signs after 'e', and underscores between digits.
            let ok_chars = b.iter().all(|c| c.is_ascii_digit() || b"._e+-".contains(c));
            if !ok_chars || b.is_empty() || !b[0].is_ascii_digit() && b[0] != b'.' {
                return None;
            }
            for (i, &c) in b.iter().enumerate() {
                if c == b'_'
                    && !(i > 0
                        && b[i - 1].is_ascii_digit()
                        && b.get(i + 1).is_some_and(u8::is_ascii_digit))
                {
                    return None;
                }
                if (c == b'+' || c == b'-') && (i == 0 || b[i - 1] != b'e') {
                    return None;
                }
            }
            let clean = if lower.contains('_') {
                lower.replace('_', "")
            } else {
                lower
            };
            clean.parse::<f64>().ok()?
        }
    };
    Some(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(s: &str, base: u32) -> Result<i64, String> {
        match parse_int(s, base) {
            Ok(Value::Int(i)) => Ok(i),
            Ok(v) => Err(format!("{v:?}")),
            Err(e) => Err(format!("{e:?}")),
        }
    }

    #[test]
    fn ints() {
        assert_eq!(int(" 42 ", 10), Ok(42));
        assert_eq!(int("-1_000", 10), Ok(-1000));
        assert_eq!(int("0x10", 0), Ok(16));
        assert_eq!(int("0x_1f", 16), Ok(31));
        assert_eq!(int("ff", 16), Ok(255));
        assert_eq!(int("0b101", 0), Ok(5));
        assert_eq!(int("0o17", 0), Ok(15));
        assert_eq!(int("000", 0), Ok(0));
        assert_eq!(int("z", 36), Ok(35));
        assert_eq!(int("\u{0661}\u{0662}", 10), Ok(12));
        assert_eq!(
            int("x", 10),
            Err("ValueError: invalid literal for int() with base 10: 'x'".into())
        );
        assert_eq!(
            int("010", 0),
            Err("ValueError: invalid literal for int() with base 0: '010'".into())
        );
        assert!(int("1__0", 10).is_err());
        assert!(int("_1", 10).is_err());
        assert!(int("1_", 10).is_err());
        assert!(int("", 10).is_err());
        assert!(int("-", 10).is_err());
        assert_eq!(
            int("12", 1),
            Err("ValueError: int() base must be >= 2 and <= 36, or 0".into())
        );
        let big = parse_int("123456789012345678901234567890", 10).unwrap();
        assert!(crate::object::bigint::as_bigint(&big).is_some());
        assert_eq!(int("9223372036854775807", 10), Ok(i64::MAX));
        assert_eq!(int("-9223372036854775808", 10), Ok(i64::MIN));
    }

    #[test]
    fn floats() {
        assert_eq!(parse_float(" 1e5 ").ok(), Some(1e5));
        assert_eq!(parse_float("-inf").ok(), Some(f64::NEG_INFINITY));
        assert_eq!(parse_float("Infinity").ok(), Some(f64::INFINITY));
        assert!(parse_float("nan").unwrap().is_nan());
        assert_eq!(parse_float("1_000.5").ok(), Some(1000.5));
        assert_eq!(parse_float(".5").ok(), Some(0.5));
        assert_eq!(parse_float("5.").ok(), Some(5.0));
        assert_eq!(parse_float("1e-3").ok(), Some(0.001));
        for bad in [
            "x", "", "1e", "1_", "_1", "0x10", "1.2.3", "--1", "e5", "in f",
        ] {
            assert!(parse_float(bad).is_err(), "{bad}");
        }
        assert_eq!(
            format!("{:?}", parse_float("x").unwrap_err()),
            "ValueError: could not convert string to float: 'x'"
        );
    }
}
