//! The reprs of the builtin scalar types, character for character as CPython:
//! str (quote choice and escapes), bytes, ints, complex numbers.

use num_bigint::BigInt;

use super::float_repr::float_repr_opts;

/// True for the characters Python's `str.isprintable()` accepts (an
/// approximation of the Unicode categories Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs
/// other than the space).
pub fn is_printable(c: char) -> bool {
    let u = c as u32;
    if u < 0x7f {
        return u >= 0x20;
    }
    if u < 0xa1 || c == '\u{ad}' {
        return false;
    }
    if c.is_whitespace() || c.is_control() {
        return false;
    }
    !matches!(u,
        0x200b..=0x200f | 0x2028..=0x202e | 0x2060..=0x206f | 0xfeff | 0xfff9..=0xfffb
        | 0xe000..=0xf8ff | 0xf0000..=0x10ffff | 0xd800..=0xdfff | 0x180e | 0x061c)
}

/// `repr(s)` for a str.
pub fn str_repr(s: &str) -> String {
    repr_impl(s, false)
}

/// `ascii(s)` for a str: as repr, with every non-ASCII character escaped.
pub fn str_ascii(s: &str) -> String {
    repr_impl(s, true)
}

fn repr_impl(s: &str, ascii_only: bool) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x7f && c >= ' ' => out.push(c),
            c if !ascii_only && is_printable(c) => out.push(c),
            c => push_escape(&mut out, c as u32),
        }
    }
    out.push(quote);
    out
}

fn push_escape(out: &mut String, u: u32) {
    use std::fmt::Write;
    let _ = if u < 0x100 {
        write!(out, "\\x{u:02x}")
    } else if u < 0x10000 {
        write!(out, "\\u{u:04x}")
    } else {
        write!(out, "\\U{u:08x}")
    };
}

/// `repr(b)` for bytes: `b'...'`.
pub fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::with_capacity(b.len() + 3);
    out.push('b');
    out.push(quote as char);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => push_escape(&mut out, c as u32),
        }
    }
    out.push(quote as char);
    out
}

/// `repr(i)` for an int.
#[inline]
pub fn int_repr(i: i64) -> String {
    i.to_string()
}

/// `repr(n)` for a big int.
pub fn bigint_repr(b: &BigInt) -> String {
    b.to_str_radix(10)
}

/// `repr(z)` for a complex: `(1+2j)`, `2j`, `-0j`, `(-0-1j)`, `(1.5+nanj)`.
pub fn complex_repr(re: f64, im: f64) -> String {
    let ims = float_repr_opts(im, false);
    if re == 0.0 && re.is_sign_positive() {
        return format!("{ims}j");
    }
    let res = float_repr_opts(re, false);
    let sign = if ims.starts_with('-') { "" } else { "+" };
    format!("({res}{sign}{ims}j)")
}

/// Escapes every non-ASCII character of an (already repr'd) string, for
/// `ascii()`, `%a` and `!a`.
pub fn ascii_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let u = c as u32;
        if u < 0x80 {
            out.push(c);
        } else if u < 0x100 {
            out.push_str(&format!("\\x{u:02x}"));
        } else if u < 0x10000 {
            out.push_str(&format!("\\u{u:04x}"));
        } else {
            out.push_str(&format!("\\U{u:08x}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn str_reprs() {
        // python3 reprs
        assert_eq!(str_repr("abc"), "'abc'");
        assert_eq!(str_repr("it's"), "\"it's\"");
        assert_eq!(str_repr("'\""), "'\\'\"'");
        assert_eq!(str_repr("a\nb\t\\"), "'a\\nb\\t\\\\'");
        assert_eq!(str_repr("\x00\x7f\u{80}\u{a0}é"), "'\\x00\\x7f\\x80\\xa0é'");
        assert_eq!(str_repr("\u{2028}€😀"), "'\\u2028€😀'");
        assert_eq!(str_ascii("é€😀"), "'\\xe9\\u20ac\\U0001f600'");
    }

    #[test]
    fn bytes_and_complex_reprs() {
        assert_eq!(bytes_repr(b"a'\x00\xff\n"), "b\"a'\\x00\\xff\\n\"");
        assert_eq!(bytes_repr(b""), "b''");
        assert_eq!(complex_repr(0.0, -0.0), "-0j");
        assert_eq!(complex_repr(-0.0, -1.0), "(-0-1j)");
        assert_eq!(complex_repr(1.0, 2.0), "(1+2j)");
        assert_eq!(complex_repr(1.5, f64::NAN), "(1.5+nanj)");
        assert_eq!(complex_repr(0.0, 2.0), "2j");
        assert_eq!(complex_repr(1e16, 1e-5), "(1e+16+1e-05j)");
        assert_eq!(complex_repr(-1.0, f64::INFINITY), "(-1+infj)");
        assert_eq!(complex_repr(0.0, 0.0), "0j");
        assert_eq!(complex_repr(-0.0, 0.0), "(-0+0j)");
    }
}
