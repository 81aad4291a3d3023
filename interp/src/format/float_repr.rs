//! Python's `repr(float)`: the shortest digits that round-trip (Rust's
//! formatter already finds them), laid out as CPython does — fixed notation
//! for decimal exponents in [-4, 16), exponent notation (`1e+16`, `1.5e-05`)
//! outside.

/// The shortest round-trip decimal digits of a finite, non-zero |x| and its
/// exponent: x = 0.d1d2d3... × 10**decpt.
pub fn shortest_digits(x: f64) -> (String, i32) {
    let s = format!("{:e}", x.abs());
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let exp: i32 = exp.parse().unwrap_or(0);
    (digits, exp + 1)
}

/// Lays out digits d1d2... with value 0.d1d2... × 10**decpt in fixed notation.
pub fn fixed_layout(digits: &str, decpt: i32, out: &mut String) {
    let n = digits.len() as i32;
    if decpt <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-decpt) as usize));
        out.push_str(digits);
    } else if decpt >= n {
        out.push_str(digits);
        out.extend(std::iter::repeat_n('0', (decpt - n) as usize));
    } else {
        out.push_str(&digits[..decpt as usize]);
        out.push('.');
        out.push_str(&digits[decpt as usize..]);
    }
}

/// Appends an exponent as Python writes it: sign and at least two digits.
pub fn push_exponent(out: &mut String, e: i32, marker: char) {
    out.push(marker);
    out.push(if e < 0 { '-' } else { '+' });
    let a = e.unsigned_abs();
    if a < 10 {
        out.push('0');
    }
    out.push_str(&a.to_string());
}

/// `repr(x)` (and `str(x)`) for a float.
pub fn float_repr(x: f64) -> String {
    float_repr_opts(x, true)
}

/// The repr; with `add_dot_0` false, integral values have no `.0` (as in
/// the parts of a complex repr: `(1+2j)`).
pub fn float_repr_opts(x: f64, add_dot_0: bool) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let mut out = String::with_capacity(24);
    if x.is_sign_negative() {
        out.push('-');
    }
    if x == 0.0 {
        out.push_str(if add_dot_0 { "0.0" } else { "0" });
        return out;
    }
    let (digits, decpt) = shortest_digits(x);
    if decpt > -4 && decpt <= 16 {
        fixed_layout(&digits, decpt, &mut out);
        if add_dot_0 && decpt >= digits.len() as i32 {
            out.push_str(".0");
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        push_exponent(&mut out, decpt - 1, 'e');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_python_repr() {
        // Each right-hand side is python3's repr of the left-hand side.
        let table: &[(f64, &str)] = &[
            (1.0, "1.0"),
            (-0.0, "-0.0"),
            (0.0, "0.0"),
            (1e16, "1e+16"),
            (1.5e-5, "1.5e-05"),
            (1e-4, "0.0001"),
            (123456789012345678.0, "1.2345678901234568e+17"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1e22, "1e+22"),
            (5e-324, "5e-324"),
            (1234567890123456.7, "1234567890123456.8"),
            (1e15, "1000000000000000.0"),
            (9999999999999998.0, "9999999999999998.0"),
            (0.5, "0.5"),
            (-2.5e-7, "-2.5e-07"),
            (1e100, "1e+100"),
            (f64::MAX, "1.7976931348623157e+308"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
            (100.0, "100.0"),
            (2.5e-3, "0.0025"),
        ];
        for (x, want) in table {
            assert_eq!(float_repr(*x), *want, "repr of {x:e}");
        }
        assert_eq!(float_repr_opts(1.0, false), "1");
        assert_eq!(float_repr_opts(1e16, false), "1e+16");
    }
}
