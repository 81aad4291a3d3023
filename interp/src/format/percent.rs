//! printf-style `%` formatting of str (`'%5.2f' % x`, as CPython's
//! `PyUnicode_Format`) and of bytes (`b'%5d' % x`, as `_PyBytes_FormatEx`).
//!
//! One parser serves both: the format is a slice of units (chars or bytes)
//! written to an output of the same kind ([`Target`]). Flags, widths, `*`,
//! `%(key)` and the numeric conversions are shared; only what a unit is and
//! how `%s`/`%r`/`%a`/`%c` turn an argument into units differ.

use num_bigint::BigInt;
use num_traits::Signed;

use super::glue;
use super::spec::{format_float, Spec};
use crate::error::{Error, PyResult};
use crate::object::bigint::as_bigint;
use crate::object::Object;
use crate::value::Value;
use crate::vm::Vm;

/// What a format string is made of and formats into.
trait Target: Sized {
    type Unit: Copy + PartialEq;
    /// "string" or "bytes", for "not all arguments converted during ...".
    const WHAT: &'static str;
    fn new(capacity: usize) -> Self;
    /// The unit as a char if it is ASCII (the syntax of a conversion is).
    fn ascii(u: Self::Unit) -> Option<char>;
    fn push_unit(&mut self, u: Self::Unit);
    /// The unit's code point (for error messages).
    fn code(u: Self::Unit) -> u32;
    /// Appends an ASCII (numeric) piece.
    fn push_text(&mut self, s: &str) -> PyResult<()>;
    /// The key of `%(key)s`.
    fn key(units: &[Self::Unit]) -> Value;
    /// `%s`, `%b`, `%r`, `%a` of `arg`: the units before padding.
    fn text_of(vm: &mut Vm, conv: char, arg: &Value) -> PyResult<Self>;
    /// `%c` of `arg`.
    fn char_of(vm: &mut Vm, arg: &Value) -> PyResult<Self>;
    /// The first `n` units.
    fn truncate(&mut self, n: usize);
    fn unit_len(&self) -> usize;
    /// Appends `piece`, padded with spaces to `width` units.
    fn push_padded(&mut self, piece: Self, width: usize, left: bool) -> PyResult<()>;
}

impl Target for String {
    type Unit = char;
    const WHAT: &'static str = "string";
    fn new(capacity: usize) -> Self {
        String::with_capacity(capacity)
    }
    fn ascii(u: char) -> Option<char> {
        u.is_ascii().then_some(u)
    }
    fn push_unit(&mut self, u: char) {
        self.push(u);
    }
    fn code(u: char) -> u32 {
        u as u32
    }
    fn push_text(&mut self, s: &str) -> PyResult<()> {
        crate::alloc::reserve_str(self, s.len())?;
        self.push_str(s);
        Ok(())
    }
    fn key(units: &[char]) -> Value {
        Value::string(units.iter().collect())
    }
    fn text_of(vm: &mut Vm, conv: char, arg: &Value) -> PyResult<Self> {
        match conv {
            's' => glue::str_of(vm, arg),
            'r' => glue::repr(vm, arg),
            _ => Ok(super::repr::ascii_escape(&glue::repr(vm, arg)?)),
        }
    }
    fn char_of(_vm: &mut Vm, arg: &Value) -> PyResult<Self> {
        match (arg, arg.as_str()) {
            (_, Some(s)) if s.chars().count() == 1 => Ok(s.to_string()),
            (Value::Int(_) | Value::Bool(_), _) => {
                let i = crate::object::number::to_i64(arg).unwrap_or(0);
                match u32::try_from(i).ok().and_then(char::from_u32) {
                    Some(c) => Ok(c.to_string()),
                    None => Err(Error::overflow_error("%c arg not in range(0x110000)")),
                }
            }
            _ if as_bigint(arg).is_some() => {
                Err(Error::overflow_error("%c arg not in range(0x110000)"))
            }
            _ => Err(Error::type_error("%c requires int or char")),
        }
    }
    fn truncate(&mut self, n: usize) {
        if let Some((k, _)) = self.char_indices().nth(n) {
            String::truncate(self, k);
        }
    }
    fn unit_len(&self) -> usize {
        self.chars().count()
    }
    fn push_padded(&mut self, piece: Self, width: usize, left: bool) -> PyResult<()> {
        let n = width.saturating_sub(piece.unit_len());
        let s = if left {
            crate::alloc::padded(' ', 0, &[&piece], n)?
        } else {
            crate::alloc::padded(' ', n, &[&piece], 0)?
        };
        self.push_text(&s)
    }
}

impl Target for Vec<u8> {
    type Unit = u8;
    const WHAT: &'static str = "bytes";
    fn new(capacity: usize) -> Self {
        Vec::with_capacity(capacity)
    }
    fn ascii(u: u8) -> Option<char> {
        u.is_ascii().then_some(u as char)
    }
    fn push_unit(&mut self, u: u8) {
        self.push(u);
    }
    fn code(u: u8) -> u32 {
        u as u32
    }
    fn push_text(&mut self, s: &str) -> PyResult<()> {
        crate::alloc::reserve(self, s.len())?;
        self.extend_from_slice(s.as_bytes());
        Ok(())
    }
    fn key(units: &[u8]) -> Value {
        crate::object::bytes::new_bytes(units.to_vec())
    }
    fn text_of(vm: &mut Vm, conv: char, arg: &Value) -> PyResult<Self> {
        match conv {
            's' | 'b' => crate::object::bytes::bytes_like(vm, arg)?.ok_or_else(|| {
                Error::type_error(format!(
                    "%b requires a bytes-like object, or an object that implements __bytes__, not '{}'",
                    glue::type_name(vm, arg)
                ))
            }),
            // `%r` is `%a` for bytes: the result must be ASCII.
            _ => Ok(super::repr::ascii_escape(&glue::repr(vm, arg)?).into_bytes()),
        }
    }
    fn char_of(_vm: &mut Vm, arg: &Value) -> PyResult<Self> {
        if let Some(b) = crate::object::bytes::bytes_of(arg) {
            if b.len() == 1 {
                return Ok(b.to_vec());
            }
        } else if let Some(i) = crate::object::number::to_i64(arg) {
            return u8::try_from(i)
                .map(|b| vec![b])
                .map_err(|_| Error::overflow_error("%c arg not in range(256)"));
        } else if as_bigint(arg).is_some() {
            return Err(Error::overflow_error("%c arg not in range(256)"));
        }
        Err(Error::type_error(
            "%c requires an integer in range(256) or a single byte",
        ))
    }
    fn truncate(&mut self, n: usize) {
        Vec::truncate(self, n);
    }
    fn unit_len(&self) -> usize {
        self.len()
    }
    fn push_padded(&mut self, piece: Self, width: usize, left: bool) -> PyResult<()> {
        let n = width.saturating_sub(piece.len());
        crate::alloc::reserve(self, crate::alloc::add(n, piece.len())?)?;
        if !left {
            self.resize(self.len() + n, b' ');
        }
        self.extend_from_slice(&piece);
        if left {
            self.resize(self.len() + n, b' ');
        }
        Ok(())
    }
}

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

/// Whether `fmt % v` takes `v` as the mapping of `%(key)s`. CPython asks
/// only for a `__getitem__` (so a list or range qualifies too, and then
/// unused arguments are no error: `'x' % [1]` is `'x'`).
fn is_mapping(v: &Value) -> bool {
    matches!(v, Value::Obj(o) if matches!(
        &**o,
        Object::Dict(_) | Object::Instance(_) | Object::List(_) | Object::Range { .. } | Object::BigRange(_)
    ))
}

/// `fmt % args` for str.
pub fn percent_format(vm: &mut Vm, fmt: &str, args: &Value) -> PyResult<String> {
    let units: Vec<char> = fmt.chars().collect();
    format_units::<String>(vm, &units, args)
}

/// `fmt % args` for bytes.
pub fn percent_format_bytes(vm: &mut Vm, fmt: &[u8], args: &Value) -> PyResult<Vec<u8>> {
    format_units::<Vec<u8>>(vm, fmt, args)
}

fn format_units<T: Target>(vm: &mut Vm, cs: &[T::Unit], args: &Value) -> PyResult<T> {
    // A tuple (or a tuple subclass's instance: a namedtuple) holds the
    // arguments; anything else is the one argument.
    let tuple = match args.as_obj().map(|o| &**o) {
        Some(Object::Tuple(t)) => Some(t),
        Some(Object::Instance(_)) => match crate::object::base_value(args).and_then(|b| b.as_obj())
        {
            Some(b) => match &**b {
                Object::Tuple(t) => Some(t),
                _ => None,
            },
            None => None,
        },
        _ => None,
    };
    let is_tuple = tuple.is_some();
    let items = match tuple {
        Some(t) => t.to_vec(),
        None => vec![args.clone()],
    };
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
    let mut out = T::new(cs.len() + 16);
    let at = |i: usize| cs.get(i).and_then(|&u| T::ascii(u));
    let mut i = 0;
    let mut used_mapping = false;
    while i < cs.len() {
        let u = cs[i];
        if T::ascii(u) != Some('%') {
            out.push_unit(u);
            i += 1;
            continue;
        }
        i += 1;
        let incomplete = || Error::value_error("incomplete format");
        // %(name)
        let mut keyed: Option<Value> = None;
        if at(i) == Some('(') {
            let Some(m) = src.mapping else {
                return Err(Error::type_error("format requires a mapping"));
            };
            let mut depth = 1;
            let start = i + 1;
            i += 1;
            while i < cs.len() && depth > 0 {
                match at(i) {
                    Some('(') => depth += 1,
                    Some(')') => depth -= 1,
                    _ => {}
                }
                i += 1;
            }
            if depth > 0 {
                return Err(Error::value_error("incomplete format key"));
            }
            let key = T::key(&cs[start..i - 1]);
            keyed = Some(glue::getitem(vm, m, &key)?);
            used_mapping = true;
        }
        let (mut minus, mut plus, mut space, mut alt, mut zero) =
            (false, false, false, false, false);
        while let Some(f) = at(i) {
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
        if at(i) == Some('*') {
            let w = star_arg(&mut src)?;
            if w < 0 {
                minus = true;
            }
            width = w.unsigned_abs() as usize;
            i += 1;
        } else {
            while let Some(d) = at(i).and_then(|c| c.to_digit(10)) {
                width = width
                    .checked_mul(10)
                    .and_then(|w| w.checked_add(d as usize))
                    .filter(|&w| w <= isize::MAX as usize)
                    .ok_or_else(|| Error::value_error("width too big"))?;
                i += 1;
            }
        }
        let mut precision: Option<usize> = None;
        if at(i) == Some('.') {
            i += 1;
            if at(i) == Some('*') {
                let p = star_arg(&mut src)?;
                if i32::try_from(p).is_err() {
                    return Err(Error::overflow_error(
                        "Python int too large to convert to C int",
                    ));
                }
                precision = Some(p.max(0) as usize);
                i += 1;
            } else {
                let mut p = 0usize;
                while let Some(d) = at(i).and_then(|c| c.to_digit(10)) {
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
        while matches!(at(i), Some('h' | 'l' | 'L')) {
            i += 1;
        }
        if i >= cs.len() {
            return Err(incomplete());
        }
        // A unit that is not ASCII is no conversion; '\0' stands for it.
        let conv = at(i).unwrap_or('\0');
        i += 1;
        if conv == '%' {
            out.push_unit(cs[i - 1]);
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
        let text_convs: &[char] = if T::WHAT == "bytes" {
            &['s', 'b', 'r', 'a']
        } else {
            &['s', 'r', 'a']
        };
        match conv {
            c if text_convs.contains(&c) => {
                let mut s = T::text_of(vm, conv, &arg)?;
                if let Some(p) = precision {
                    s.truncate(p);
                }
                out.push_padded(s, width, minus)?;
            }
            'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                let n = int_arg(vm, &arg, conv)?;
                let piece =
                    format_int_piece(&n, conv, sign_flag, alt, zero, minus, width, precision)?;
                out.push_text(&piece)?;
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let x = match crate::object::number::to_f64_checked(&arg) {
                    Some(r) => r?,
                    None => {
                        let what = if T::WHAT == "bytes" {
                            "float argument required"
                        } else {
                            "must be real number"
                        };
                        return Err(Error::type_error(format!(
                            "{what}, not {}",
                            glue::type_name(vm, &arg)
                        )));
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
                out.push_text(&format_float(x, &spec, "float")?)?;
            }
            'c' => {
                let c = T::char_of(vm, &arg)?;
                out.push_padded(c, width, minus)?;
            }
            _ => {
                let code = T::code(cs[i - 1]);
                if T::WHAT == "bytes" && code > 0x7f {
                    // CPython formats the byte as a (signed) C char, which
                    // its message formatter rejects.
                    return Err(Error::overflow_error(
                        "character argument not in range(0x110000)",
                    ));
                }
                let shown = if (31..=126).contains(&code) {
                    code as u8 as char
                } else {
                    '?'
                };
                return Err(Error::value_error(format!(
                    "unsupported format character '{shown}' (0x{code:x}) at index {}",
                    i - 1
                )));
            }
        }
    }
    if src.mapping.is_none() && src.next < src.items.len() && !used_mapping {
        return Err(Error::type_error(format!(
            "not all arguments converted during {} formatting",
            T::WHAT
        )));
    }
    Ok(out)
}

fn star_arg(src: &mut ArgSource<'_>) -> PyResult<i64> {
    let v = src.next()?;
    match v {
        Value::Int(i) => Ok(i),
        Value::Bool(b) => Ok(b as i64),
        _ if as_bigint(&v).is_some() => Err(Error::overflow_error(
            "Python int too large to convert to C ssize_t",
        )),
        _ => Err(Error::type_error("* wants int")),
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
    if let Some(b) = crate::object::base_value(v) {
        return int_arg(vm, b, conv);
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
