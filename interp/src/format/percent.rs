//! printf-style `%` formatting of str (`'%5.2f' % x`), as CPython's
//! `PyUnicode_Format`.

use num_bigint::BigInt;
use num_traits::Signed;

use super::glue;
use super::spec::{format_float, Spec};
use crate::error::{Error, PyResult};
use crate::object::bigint::as_bigint;
use crate::object::Object;
use crate::value::Value;
use crate::vm::Vm;

/// The argument source: positional items or a mapping for `%(name)s`.
struct ArgSource<'a> {
    items: Vec<Value>,
    next: usize,
    mapping: Option<&'a Value>,
}

impl ArgSource<'_> {
    fn next(&mut self) -> PyResult<Value> {
        let v = self.items.get(self.next).cloned();
        self.next += 1;
        v.ok_or_else(|| Error::type_error("not enough arguments for format string"))
    }
}

fn is_mapping(v: &Value) -> bool {
    matches!(v, Value::Obj(o) if matches!(&**o, Object::Dict(_)))
        || matches!(v, Value::Obj(o) if matches!(&**o, Object::Instance(_)))
}

/// `fmt % args`.
pub fn percent_format(vm: &mut Vm, fmt: &str, args: &Value) -> PyResult<String> {
    let items = match args {
        Value::Obj(o) => match &**o {
            Object::Tuple(t) => t.to_vec(),
            _ => vec![args.clone()],
        },
        _ => vec![args.clone()],
    };
    let is_tuple = matches!(args, Value::Obj(o) if matches!(&**o, Object::Tuple(_)));
    let mapping = if !is_tuple && is_mapping(args) {
        Some(args)
    } else {
        None
    };
    let mut src = ArgSource {
        items,
        next: 0,
        mapping,
    };
    let mut out = String::with_capacity(fmt.len() + 16);
    let cs: Vec<char> = fmt.chars().collect();
    let mut i = 0;
    let mut used_mapping = false;
    while i < cs.len() {
        let c = cs[i];
        if c != '%' {
            out.push(c);
            i += 1;
            continue;
        }
        i += 1;
        let incomplete = || Error::value_error("incomplete format");
        // %(name)
        let mut keyed: Option<Value> = None;
        if cs.get(i) == Some(&'(') {
            let Some(m) = src.mapping else {
                return Err(Error::type_error("format requires a mapping"));
            };
            let mut depth = 1;
            let start = i + 1;
            i += 1;
            while i < cs.len() && depth > 0 {
                match cs[i] {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                i += 1;
            }
            if depth > 0 {
                return Err(Error::value_error("incomplete format key"));
            }
            let key: String = cs[start..i - 1].iter().collect();
            keyed = Some(glue::mapping_get(vm, m, &key)?);
            used_mapping = true;
        }
        let (mut minus, mut plus, mut space, mut alt, mut zero) =
            (false, false, false, false, false);
        while let Some(&f) = cs.get(i) {
            match f {
                '-' => minus = true,
                '+' => plus = true,
                ' ' => space = true,
                '#' => alt = true,
                '0' => zero = true,
                _ => break,
            }
            i += 1;
        }
        // CPython's width is a Py_ssize_t, its precision a C int.
        let mut width = 0usize;
        if cs.get(i) == Some(&'*') {
            let w = star_arg(vm, &mut src)?;
            if w < 0 {
                minus = true;
            }
            width = w.unsigned_abs() as usize;
            i += 1;
        } else {
            while let Some(d) = cs.get(i).and_then(|c| c.to_digit(10)) {
                width = width
                    .checked_mul(10)
                    .and_then(|w| w.checked_add(d as usize))
                    .filter(|&w| w <= isize::MAX as usize)
                    .ok_or_else(|| Error::value_error("width too big"))?;
                i += 1;
            }
        }
        let mut precision: Option<usize> = None;
        if cs.get(i) == Some(&'.') {
            i += 1;
            if cs.get(i) == Some(&'*') {
                let p = star_arg(vm, &mut src)?;
                if i32::try_from(p).is_err() {
                    return Err(Error::overflow_error(
                        "Python int too large to convert to C int",
                    ));
                }
                precision = Some(p.max(0) as usize);
                i += 1;
            } else {
                let mut p = 0usize;
                while let Some(d) = cs.get(i).and_then(|c| c.to_digit(10)) {
                    p = p
                        .checked_mul(10)
                        .and_then(|p| p.checked_add(d as usize))
                        .filter(|&p| p <= i32::MAX as usize)
                        .ok_or_else(|| Error::value_error("precision too big"))?;
                    i += 1;
                }
                precision = Some(p);
            }
        }
        while matches!(cs.get(i), Some('h' | 'l' | 'L')) {
            i += 1;
        }
        let conv = *cs.get(i).ok_or_else(incomplete)?;
        i += 1;
        if conv == '%' {
            out.push('%');
            continue;
        }
        let arg = match keyed.take() {
            Some(v) => v,
            None => src.next()?,
        };
        let sign_flag = if plus {
            '+'
        } else if space {
            ' '
        } else {
            '-'
        };
        let piece = match conv {
            's' | 'r' | 'a' => {
                let s = match conv {
                    's' => glue::str_of(vm, &arg)?,
                    'r' => glue::repr(vm, &arg)?,
                    _ => super::repr::ascii_escape(&glue::repr(vm, &arg)?),
                };
                let s = match precision {
                    Some(p) => s.chars().take(p).collect(),
                    None => s,
                };
                pad_text(&s, width, minus)?
            }
            'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                let n = int_arg(vm, &arg, conv)?;
                format_int_piece(&n, conv, sign_flag, alt, zero, minus, width, precision)?
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let x = match crate::object::number::to_f64_checked(&arg) {
                    Some(r) => r?,
                    None => {
                        return Err(Error::type_error(format!(
                            "must be real number, not {}",
                            glue::type_name(vm, &arg)
                        )))
                    }
                };
                let spec = Spec {
                    fill: if zero && !minus { '0' } else { ' ' },
                    align: Some(if minus {
                        '<'
                    } else if zero {
                        '='
                    } else {
                        '>'
                    }),
                    sign: sign_flag,
                    z: false,
                    alt,
                    zero: false,
                    width,
                    grouping: None,
                    precision: Some(precision.unwrap_or(6)),
                    ty: Some(conv),
                };
                format_float(x, &spec, "float")?
            }
            'c' => {
                let ch = match (&arg, arg.as_str()) {
                    (_, Some(s)) if s.chars().count() == 1 => s.to_string(),
                    (Value::Int(_) | Value::Bool(_), _) => {
                        let i = crate::object::number::to_i64(&arg).unwrap_or(0);
                        match u32::try_from(i).ok().and_then(char::from_u32) {
                            Some(c) => c.to_string(),
                            None => {
                                return Err(Error::overflow_error("%c arg not in range(0x110000)"))
                            }
                        }
                    }
                    _ if as_bigint(&arg).is_some() => {
                        return Err(Error::overflow_error("%c arg not in range(0x110000)"))
                    }
                    _ => return Err(Error::type_error("%c requires int or char")),
                };
                pad_text(&ch, width, minus)?
            }
            other => {
                let idx = fmt.char_indices().count().min(i) - 1;
                return Err(Error::value_error(format!(
                    "unsupported format character '{other}' (0x{:x}) at index {idx}",
                    other as u32
                )));
            }
        };
        out.push_str(&piece);
    }
    if src.mapping.is_none() && src.next < src.items.len() && !used_mapping {
        return Err(Error::type_error(
            "not all arguments converted during string formatting",
        ));
    }
    Ok(out)
}

fn star_arg(vm: &mut Vm, src: &mut ArgSource<'_>) -> PyResult<i64> {
    let v = src.next()?;
    match v {
        Value::Int(i) => Ok(i),
        Value::Bool(b) => Ok(b as i64),
        _ if as_bigint(&v).is_some() => Err(Error::overflow_error(
            "Python int too large to convert to C ssize_t",
        )),
        _ => Err(Error::type_error(format!(
            "* wants int, not {}",
            glue::type_name(vm, &v)
        ))),
    }
}

fn pad_text(s: &str, width: usize, left: bool) -> PyResult<String> {
    let n = width.saturating_sub(s.chars().count());
    if left {
        crate::alloc::padded(' ', 0, &[s], n)
    } else {
        crate::alloc::padded(' ', n, &[s], 0)
    }
}

/// The int to format for `%d`/`%x`/...: floats are truncated for `%d`
/// only; `%x`/`%o` want a real int.
fn int_arg(vm: &mut Vm, v: &Value, conv: char) -> PyResult<BigInt> {
    if let Some(b) = crate::object::bigint::to_bigint(v) {
        return Ok(b);
    }
    if let (Value::Float(f), 'd' | 'i' | 'u') = (v, conv) {
        let iv = crate::object::bigint::f64_to_bigint(*f)?;
        return Ok(crate::object::bigint::to_bigint(&iv).unwrap_or_default());
    }
    let what = if matches!(conv, 'd' | 'i' | 'u') {
        "a real number"
    } else {
        "an integer"
    };
    Err(Error::type_error(format!(
        "%{conv} format: {what} is required, not {}",
        glue::type_name(vm, v)
    )))
}

#[allow(clippy::too_many_arguments)]
fn format_int_piece(
    n: &BigInt,
    conv: char,
    sign_flag: char,
    alt: bool,
    zero: bool,
    minus: bool,
    width: usize,
    precision: Option<usize>,
) -> PyResult<String> {
    let a = n.abs();
    let mut digits = match conv {
        'x' => a.to_str_radix(16),
        'X' => a.to_str_radix(16).to_uppercase(),
        'o' => a.to_str_radix(8),
        _ => a.to_str_radix(10),
    };
    if let Some(p) = precision {
        if digits.len() < p {
            digits = crate::alloc::padded('0', p - digits.len(), &[&digits], 0)?;
        }
    }
    let sign = if n.is_negative() {
        "-"
    } else {
        match sign_flag {
            '+' => "+",
            ' ' => " ",
            _ => "",
        }
    };
    let prefix = match (alt, conv) {
        (true, 'x') => "0x",
        (true, 'X') => "0X",
        (true, 'o') => "0o",
        _ => "",
    };
    let len = sign.len() + prefix.len() + digits.len();
    let n = width.saturating_sub(len);
    if minus {
        crate::alloc::padded(' ', 0, &[sign, prefix, &digits], n)
    } else if zero {
        let mut s = crate::alloc::padded('0', 0, &[sign, prefix], 0)?;
        crate::alloc::reserve_str(&mut s, digits.len())?;
        crate::alloc::push_fill(&mut s, '0', n)?;
        s.push_str(&digits);
        Ok(s)
    } else {
        crate::alloc::padded(' ', n, &[sign, prefix, &digits], 0)
    }
}
