//! The format-spec mini-language (`format(x, spec)`, f-string `{x:spec}`,
//! `str.format`) for int, float, complex and str:
//! `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.

use num_bigint::BigInt;
use num_traits::Signed;

use super::float_repr::{float_repr, push_exponent};
use crate::error::{Error, PyResult};

/// A parsed format spec.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    pub fill: char,
    pub align: Option<char>,
    /// '-', '+' or ' '.
    pub sign: char,
    /// `z`: negative zero formats as zero.
    pub z: bool,
    pub alt: bool,
    pub zero: bool,
    pub width: usize,
    pub grouping: Option<char>,
    pub precision: Option<usize>,
    pub ty: Option<char>,
}

fn invalid(spec: &str, tname: &str) -> Error {
    Error::value_error(format!(
        "Invalid format specifier '{spec}' for object of type '{tname}'"
    ))
}

/// Parses a spec; `tname` names the type in error messages.
pub fn parse(spec: &str, tname: &str) -> PyResult<Spec> {
    let cs: Vec<char> = spec.chars().collect();
    let mut i = 0;
    let mut s = Spec {
        fill: ' ',
        align: None,
        sign: '-',
        z: false,
        alt: false,
        zero: false,
        width: 0,
        grouping: None,
        precision: None,
        ty: None,
    };
    let is_align = |c: char| matches!(c, '<' | '>' | '^' | '=');
    if cs.len() >= 2 && is_align(cs[1]) {
        s.fill = cs[0];
        s.align = Some(cs[1]);
        i = 2;
    } else if !cs.is_empty() && is_align(cs[0]) {
        s.align = Some(cs[0]);
        i = 1;
    }
    if i < cs.len() && matches!(cs[i], '+' | '-' | ' ') {
        s.sign = cs[i];
        i += 1;
    }
    if i < cs.len() && cs[i] == 'z' {
        s.z = true;
        i += 1;
    }
    if i < cs.len() && cs[i] == '#' {
        s.alt = true;
        i += 1;
    }
    if i < cs.len() && cs[i] == '0' {
        s.zero = true;
        if s.align.is_none() {
            s.fill = '0';
        }
        i += 1;
    }
    // Width and precision are Py_ssize_t in CPython.
    let num = |i: &mut usize| -> Option<usize> {
        let start = *i;
        while *i < cs.len() && cs[*i].is_ascii_digit() {
            *i += 1;
        }
        if *i == start {
            return None;
        }
        cs[start..*i]
            .iter()
            .collect::<String>()
            .parse()
            .ok()
            .filter(|&n: &usize| n <= isize::MAX as usize)
    };
    let too_big = || Error::value_error("Too many decimal digits in format string");
    let start = i;
    if let Some(w) = num(&mut i) {
        s.width = w;
    } else if i != start {
        return Err(too_big());
    }
    if i < cs.len() && matches!(cs[i], ',' | '_') {
        s.grouping = Some(cs[i]);
        i += 1;
        if i < cs.len() && matches!(cs[i], ',' | '_') {
            return Err(Error::value_error("Cannot specify both ',' and '_'."));
        }
    }
    if i < cs.len() && cs[i] == '.' {
        i += 1;
        let start = i;
        match num(&mut i) {
            Some(p) => s.precision = Some(p),
            None if i != start => return Err(too_big()),
            None => return Err(Error::value_error("Format specifier missing precision")),
        }
    }
    if i < cs.len() {
        s.ty = Some(cs[i]);
        i += 1;
    }
    if i < cs.len() {
        return Err(invalid(spec, tname));
    }
    Ok(s)
}

fn unknown_code(c: char, tname: &str) -> Error {
    Error::value_error(format!(
        "Unknown format code '{c}' for object of type '{tname}'"
    ))
}

/// Inserts `sep` every `every` digits from the right of `digits`, padding
/// with zeros on the left until the result is at least `min_width` long.
fn group(digits: &str, sep: char, every: usize, min_width: usize) -> PyResult<String> {
    // `min_width` comes from the spec's width: size the buffer fallibly.
    let mut rev: Vec<char> =
        crate::alloc::vec_with_capacity(crate::alloc::mul(digits.len().max(min_width), 2)?)?;
    let mut it = digits.chars().rev();
    let mut count = 0;
    loop {
        let c = match it.next() {
            Some(c) => c,
            None if rev.len() < min_width => '0',
            None => break,
        };
        if count > 0 && count % every == 0 {
            rev.push(sep);
        }
        rev.push(c);
        count += 1;
    }
    let mut out = crate::alloc::string_with_capacity(rev.len())?;
    out.extend(rev.iter().rev());
    Ok(out)
}

/// Pads `sign + prefix + body` to the spec's width.
/// The width comes from the script: the result is allocated fallibly.
fn pad(sign: &str, prefix: &str, body: &str, spec: &Spec, default_align: char) -> PyResult<String> {
    use crate::alloc::padded;
    let len = sign.chars().count() + prefix.chars().count() + body.chars().count();
    let n = spec.width.saturating_sub(len);
    let f = spec.fill;
    match spec
        .align
        .unwrap_or(if spec.zero { '=' } else { default_align })
    {
        '<' => padded(f, 0, &[sign, prefix, body], n),
        '^' => padded(f, n / 2, &[sign, prefix, body], n - n / 2),
        '=' => {
            let mut s = padded(f, 0, &[sign, prefix], 0)?;
            crate::alloc::reserve_str(&mut s, body.len())?;
            crate::alloc::push_fill(&mut s, f, n)?;
            s.push_str(body);
            Ok(s)
        }
        _ => padded(f, n, &[sign, prefix, body], 0),
    }
}

fn sign_str(negative: bool, spec: &Spec) -> &'static str {
    match (negative, spec.sign) {
        (true, _) => "-",
        (false, '+') => "+",
        (false, ' ') => " ",
        _ => "",
    }
}

/// True when zero padding should be grouped (the `0` flag or `0=`).
fn zero_grouped(spec: &Spec) -> bool {
    spec.fill == '0' && spec.align.unwrap_or(if spec.zero { '=' } else { '>' }) == '='
}

/// An int to format: small or big.
pub enum IntArg<'a> {
    Small(i64),
    Big(&'a BigInt),
}

/// `format(int, spec)`.
pub fn format_int(n: IntArg<'_>, spec: &Spec, tname: &str) -> PyResult<String> {
    let ty = spec.ty.unwrap_or('d');
    if matches!(ty, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') {
        let f = match n {
            IntArg::Small(i) => i as f64,
            IntArg::Big(b) => crate::object::bigint::big_to_f64(b)?,
        };
        return format_float(f, spec, tname);
    }
    if !matches!(ty, 'd' | 'n' | 'b' | 'o' | 'x' | 'X' | 'c') {
        return Err(unknown_code(ty, tname));
    }
    if spec.precision.is_some() {
        return Err(Error::value_error(
            "Precision not allowed in integer format specifier",
        ));
    }
    if let Some(g) = spec.grouping {
        if (g == ',' && ty != 'd') || (g == '_' && !matches!(ty, 'd' | 'b' | 'o' | 'x' | 'X')) {
            return Err(Error::value_error(format!(
                "Cannot specify '{g}' with '{ty}'."
            )));
        }
    }
    let (negative, digits) = match n {
        IntArg::Small(i) => (i < 0, radix_digits_u(i.unsigned_abs(), ty)),
        IntArg::Big(b) => (b.is_negative(), radix_digits_big(b, ty)),
    };
    if ty == 'c' {
        if spec.sign != '-' {
            return Err(Error::value_error(
                "Sign not allowed with integer format specifier 'c'",
            ));
        }
        if spec.alt {
            return Err(Error::value_error(
                "Alternate form (#) not allowed with integer format specifier 'c'",
            ));
        }
        let code = match n {
            IntArg::Small(i) if (0..0x110000).contains(&i) => i as u32,
            _ => return Err(Error::overflow_error("%c arg not in range(0x110000)")),
        };
        let c = char::from_u32(code).unwrap_or('\u{fffd}');
        return pad("", "", &c.to_string(), spec, '>');
    }
    let prefix = if spec.alt {
        match ty {
            'b' => "0b",
            'o' => "0o",
            'x' => "0x",
            'X' => "0X",
            _ => "",
        }
    } else {
        ""
    };
    let sign = sign_str(negative, spec);
    let body = match spec.grouping {
        Some(g) => {
            let every = if matches!(ty, 'd' | 'n') { 3 } else { 4 };
            let min = if zero_grouped(spec) {
                spec.width.saturating_sub(sign.len() + prefix.len())
            } else {
                0
            };
            group(&digits, g, every, min)?
        }
        None => digits,
    };
    pad(sign, prefix, &body, spec, '>')
}

fn radix_digits_u(u: u64, ty: char) -> String {
    match ty {
        'b' => format!("{u:b}"),
        'o' => format!("{u:o}"),
        'x' => format!("{u:x}"),
        'X' => format!("{u:X}"),
        _ => u.to_string(),
    }
}

fn radix_digits_big(b: &BigInt, ty: char) -> String {
    let a = b.abs();
    match ty {
        'b' => a.to_str_radix(2),
        'o' => a.to_str_radix(8),
        'x' => a.to_str_radix(16),
        'X' => a.to_str_radix(16).to_uppercase(),
        _ => a.to_str_radix(10),
    }
}

/// Beyond this many decimals every finite f64 prints zeros: its exact
/// decimal value has at most 1074 digits after the point (the step of the
/// subnormals is 2**-1074) and at most 767 significant digits. Rust's
/// formatter refuses precisions above 65535, so larger ones are printed
/// with this many and padded with zeros.
const EXACT_DIGITS: usize = 1100;

/// |x| (finite) in fixed notation with `prec` decimals, exactly rounded.
fn fixed(x: f64, prec: usize) -> PyResult<String> {
    if prec <= EXACT_DIGITS {
        return Ok(format!("{:.*}", prec, x));
    }
    let mut s = format!("{:.*}", EXACT_DIGITS, x);
    crate::alloc::push_fill(&mut s, '0', prec - EXACT_DIGITS)?;
    Ok(s)
}

/// |x| (finite) as a mantissa with `prec` decimals and a decimal exponent.
fn scientific(x: f64, prec: usize) -> PyResult<(String, i32)> {
    let s = format!("{:.*e}", prec.min(EXACT_DIGITS), x);
    let (mant, e) = s.split_once('e').unwrap_or((&s, "0"));
    let mut mant = mant.to_string();
    if prec > EXACT_DIGITS {
        crate::alloc::push_fill(&mut mant, '0', prec - EXACT_DIGITS)?;
    }
    Ok((mant, e.parse().unwrap_or(0)))
}

/// Formats |x| (finite) in exponent notation with `prec` decimals.
fn exp_body(x: f64, prec: usize, alt: bool) -> PyResult<String> {
    let (mut out, e) = scientific(x, prec)?;
    if alt && prec == 0 {
        out.push('.');
    }
    push_exponent(&mut out, e, 'e');
    Ok(out)
}

/// The 'g' layout: `prec` significant digits; `always_point` is the
/// no-type variant's "at least one digit after the point".
fn general_body(x: f64, prec: usize, alt: bool, always_point: bool) -> PyResult<String> {
    let p = prec.max(1);
    if x == 0.0 {
        return Ok(if alt {
            fixed(0.0, p - 1)?
        } else if always_point {
            "0.0".into()
        } else {
            "0".into()
        });
    }
    let (mut mant, exp) = scientific(x, p - 1)?;
    if exp >= -4 && (exp as i64) < p as i64 {
        let mut out = fixed(x, (p as i64 - 1 - exp as i64).max(0) as usize)?;
        if !alt && out.contains('.') {
            while out.ends_with('0') {
                out.pop();
            }
            if out.ends_with('.') {
                out.pop();
            }
        }
        if alt && !out.contains('.') {
            out.push('.');
        }
        if always_point && !out.contains('.') {
            out.push_str(".0");
        }
        Ok(out)
    } else {
        if !alt && mant.contains('.') {
            while mant.ends_with('0') {
                mant.pop();
            }
            if mant.ends_with('.') {
                mant.pop();
            }
        }
        if alt && !mant.contains('.') {
            mant.push('.');
        }
        push_exponent(&mut mant, exp, 'e');
        Ok(mant)
    }
}

/// `format(float, spec)`.
pub fn format_float(x: f64, spec: &Spec, tname: &str) -> PyResult<String> {
    let ty = spec.ty;
    if let Some(t) = ty {
        if !matches!(t, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%') {
            return Err(unknown_code(t, tname));
        }
    }
    if spec.grouping.is_some() && ty == Some('n') {
        return Err(Error::value_error(format!(
            "Cannot specify '{}' with 'n'.",
            spec.grouping.unwrap_or(',')
        )));
    }
    let mut x = x;
    if spec.z && x == 0.0 {
        x = 0.0;
    }
    let negative = x.is_sign_negative() && !x.is_nan();
    let a = x.abs();
    let prec = spec.precision.unwrap_or(6);
    // CPython formats floats with a C int precision.
    if prec > i32::MAX as usize {
        return Err(Error::value_error("precision too big"));
    }
    let upper = matches!(ty, Some('E' | 'F' | 'G'));
    let mut body = if !a.is_finite() {
        let s = if a.is_nan() { "nan" } else { "inf" };
        if ty == Some('%') {
            format!("{s}%")
        } else {
            s.to_string()
        }
    } else {
        match ty {
            Some('f' | 'F') => {
                let mut s = fixed(a, prec)?;
                if spec.alt && prec == 0 {
                    s.push('.');
                }
                s
            }
            Some('e' | 'E') => exp_body(a, prec, spec.alt)?,
            Some('g' | 'G' | 'n') => general_body(a, prec, spec.alt, false)?,
            Some('%') => {
                let mut s = fixed(a * 100.0, prec)?;
                if spec.alt && prec == 0 {
                    s.push('.');
                }
                s.push('%');
                s
            }
            _ => match spec.precision {
                Some(p) => general_body(a, p, spec.alt, true)?,
                None => float_repr(a),
            },
        }
    };
    if upper {
        body = body.to_uppercase();
    }
    let sign = sign_str(negative, spec);
    if let Some(g) = spec.grouping {
        if a.is_finite() {
            let split = body
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(body.len());
            let (int_part, rest) = body.split_at(split);
            let min = if zero_grouped(spec) {
                spec.width.saturating_sub(sign.len() + rest.chars().count())
            } else {
                0
            };
            body = format!("{}{rest}", group(int_part, g, 3, min)?);
        }
    }
    pad(sign, "", &body, spec, '>')
}

/// `format(complex, spec)`.
pub fn format_complex(re: f64, im: f64, spec: &Spec, tname: &str) -> PyResult<String> {
    if spec.zero || spec.fill == '0' && spec.align.is_none() {
        return Err(Error::value_error(
            "Zero padding is not allowed in complex format specifier",
        ));
    }
    if spec.align == Some('=') {
        return Err(Error::value_error(
            "'=' alignment flag is not allowed in complex format specifier",
        ));
    }
    let part = Spec {
        fill: ' ',
        align: None,
        width: 0,
        zero: false,
        ..spec.clone()
    };
    let (body, parens) = match spec.ty {
        None if spec.precision.is_none() => {
            let r = super::repr::complex_repr(re, im);
            let sign = if spec.sign == '+' && !r.starts_with('(') && !r.starts_with('-') {
                "+"
            } else {
                ""
            };
            (format!("{sign}{r}"), false)
        }
        _ => {
            let ty_part = Spec {
                ty: spec.ty.or(Some('g')),
                ..part.clone()
            };
            let im_spec = Spec {
                sign: '+',
                ..ty_part.clone()
            };
            let skip_re = spec.ty.is_none() && re == 0.0 && re.is_sign_positive();
            let ims = format_float(im, &im_spec, tname)?;
            if skip_re {
                (format!("{}j", format_float(im, &ty_part, tname)?), false)
            } else {
                (
                    format!("{}{ims}j", format_float(re, &ty_part, tname)?),
                    spec.ty.is_none(),
                )
            }
        }
    };
    let body = if parens { format!("({body})") } else { body };
    pad("", "", &body, spec, '>')
}

/// `format(str, spec)`.
pub fn format_str(s: &str, spec: &Spec) -> PyResult<String> {
    if let Some(t) = spec.ty {
        if t != 's' {
            return Err(unknown_code(t, "str"));
        }
    }
    if spec.sign != '-' {
        return Err(Error::value_error(
            "Sign not allowed in string format specifier",
        ));
    }
    if spec.alt {
        return Err(Error::value_error(
            "Alternate form (#) not allowed in string format specifier",
        ));
    }
    if spec.align == Some('=') {
        return Err(Error::value_error(
            "'=' alignment not allowed in string format specifier",
        ));
    }
    if let Some(g) = spec.grouping {
        return Err(Error::value_error(format!(
            "Cannot specify '{g}' with 's'."
        )));
    }
    let body: &str = match spec.precision {
        Some(p) => match s.char_indices().nth(p) {
            Some((i, _)) => &s[..i],
            None => s,
        },
        None => s,
    };
    // '0' without an explicit alignment pads strings on the right.
    let spec = if spec.zero && spec.align.is_none() {
        Spec {
            align: Some('<'),
            ..spec.clone()
        }
    } else {
        spec.clone()
    };
    pad("", "", body, &spec, '<')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fi(i: i64, s: &str) -> String {
        let spec = parse(s, "int").unwrap();
        format_int(IntArg::Small(i), &spec, "int").unwrap_or_else(|e| format!("{e:?}"))
    }
    fn ff(x: f64, s: &str) -> String {
        let spec = parse(s, "float").unwrap();
        format_float(x, &spec, "float").unwrap_or_else(|e| format!("{e:?}"))
    }

    #[test]
    fn int_specs_match_python() {
        // Right-hand sides from python3's format(value, spec).
        assert_eq!(fi(1234, "010,"), "00,001,234");
        assert_eq!(fi(1234, "0=10,"), "00,001,234");
        assert_eq!(fi(1234, "*=10,"), "*****1,234");
        assert_eq!(fi(1234, "09,"), "0,001,234");
        assert_eq!(fi(1234, "08,"), "0,001,234");
        assert_eq!(fi(1234, "07,"), "001,234");
        assert_eq!(fi(1234567, "_x"), "12_d687");
        assert_eq!(fi(255, "#010x"), "0x000000ff");
        assert_eq!(fi(255, "#X"), "0XFF");
        assert_eq!(fi(-255, "#b"), "-0b11111111");
        assert_eq!(fi(65, "c"), "A");
        assert_eq!(fi(-12, "=+8"), "-     12");
        assert_eq!(fi(-12, " 8"), "     -12");
        assert_eq!(fi(12, " "), " 12");
        assert_eq!(fi(12, "+"), "+12");
        assert_eq!(fi(123, ">+10_"), "      +123");
        assert_eq!(fi(12, "e"), "1.200000e+01");
        assert_eq!(fi(12, ".2f"), "12.00");
        assert_eq!(fi(12, "%"), "1200.000000%");
        assert_eq!(fi(100, ".2e"), "1.00e+02");
        assert_eq!(fi(123456789, "n"), "123456789");
        assert_eq!(
            fi(1, ".2d"),
            "ValueError: Precision not allowed in integer format specifier"
        );
        assert_eq!(fi(1, ",x"), "ValueError: Cannot specify ',' with 'x'.");
        assert_eq!(
            fi(1, "s"),
            "ValueError: Unknown format code 's' for object of type 'int'"
        );
        assert_eq!(
            format!("{:?}", parse("abc", "int").unwrap_err()),
            "ValueError: Invalid format specifier 'abc' for object of type 'int'"
        );
    }

    #[test]
    fn float_specs_match_python() {
        assert_eq!(ff(f64::INFINITY, "010"), "0000000inf");
        assert_eq!(ff(f64::NAN, "+08"), "+0000nan");
        assert_eq!(ff(1.0, ".3"), "1.0");
        assert_eq!(ff(1234.5, ".2"), "1.2e+03");
        assert_eq!(ff(0.0001, ".3"), "0.0001");
        assert_eq!(ff(1e16, ""), "1e+16");
        assert_eq!(ff(1.0, "10"), "       1.0");
        assert_eq!(ff(-0.0, "z.1f"), "0.0");
        assert_eq!(ff(1234567.891, ",.2f"), "1,234,567.89");
        assert_eq!(ff(1.5, "%"), "150.000000%");
        assert_eq!(ff(0.125, ".1%"), "12.5%");
        assert_eq!(ff(1e-5, "g"), "1e-05");
        assert_eq!(ff(1e-5, ".3g"), "1e-05");
        assert_eq!(ff(123456.0, "g"), "123456");
        assert_eq!(ff(1234567.0, "g"), "1.23457e+06");
        assert_eq!(ff(1.0, "#g"), "1.00000");
        assert_eq!(ff(1.0, "#.0f"), "1.");
        assert_eq!(ff(1.0, ".0f"), "1");
        assert_eq!(ff(2.5, ".0f"), "2");
        assert_eq!(ff(1.23456789e-7, "e"), "1.234568e-07");
        assert_eq!(ff(3.0, "n"), "3");
        assert_eq!(ff(1e100, ".3"), "1e+100");
        assert_eq!(ff(0.0, "e"), "0.000000e+00");
        assert_eq!(ff(f64::INFINITY, "F"), "INF");
        assert_eq!(ff(f64::NAN, "E"), "NAN");
        assert_eq!(ff(12345.678, "_.1f"), "12_345.7");
        assert_eq!(ff(0.5, ".0%"), "50%");
        assert_eq!(ff(1e16, ".17g"), "10000000000000000");
        assert_eq!(ff(1234.5, "012,.1f"), "00,001,234.5");
        assert_eq!(
            ff(1.5, "x"),
            "ValueError: Unknown format code 'x' for object of type 'float'"
        );
    }

    #[test]
    fn str_and_complex_specs() {
        let fs = |s: &str, sp: &str| {
            format_str(s, &parse(sp, "str").unwrap()).unwrap_or_else(|e| format!("{e:?}"))
        };
        assert_eq!(fs("ab", "05"), "ab000");
        assert_eq!(fs("abc", "^9"), "   abc   ");
        assert_eq!(fs("abc", "*>7.2"), "*****ab");
        assert_eq!(fs("x", "<3s"), "x  ");
        assert_eq!(
            fs("a", "=5"),
            "ValueError: '=' alignment not allowed in string format specifier"
        );
        assert_eq!(
            fs("a", "+5"),
            "ValueError: Sign not allowed in string format specifier"
        );
        assert_eq!(
            fs("a", "d"),
            "ValueError: Unknown format code 'd' for object of type 'str'"
        );
        let fc =
            |sp: &str| format_complex(1.0, 2.0, &parse(sp, "complex").unwrap(), "complex").unwrap();
        assert_eq!(fc(""), "(1+2j)");
        assert_eq!(fc(".2f"), "1.00+2.00j");
        assert_eq!(fc(">20"), "              (1+2j)");
    }
}
