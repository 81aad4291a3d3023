//! The methods of `str`. Indices are code points; ASCII strings (the common
//! case, flagged by `StrObj`) index bytes directly.

use crate::error::{Error, PyResult};
use crate::format::glue;
use crate::object::{number, Args, NativeFnPtr, Object, StrObj};
use crate::value::Value;
use crate::vm::Vm;

fn this<'a>(args: &Args<'a>) -> PyResult<&'a StrObj> {
    args.pos()
        .first()
        .and_then(|v| v.as_str_obj())
        .ok_or_else(|| Error::type_error("descriptor requires a 'str' object"))
}

fn arg<'a>(args: &Args<'a>, i: usize, name: &str) -> Option<&'a Value> {
    args.pos()
        .get(i)
        .or_else(|| args.kwarg(name))
        .filter(|v| !v.is_none())
}

fn str_arg<'a>(vm: &mut Vm, v: &'a Value, what: &str) -> PyResult<&'a str> {
    v.as_str().ok_or_else(|| {
        Error::type_error(format!(
            "{what} must be str, not {}",
            glue::type_name(vm, v)
        ))
    })
}

fn must_str<'a>(vm: &mut Vm, v: &'a Value) -> PyResult<&'a str> {
    v.as_str()
        .ok_or_else(|| Error::type_error(format!("must be str, not {}", glue::type_name(vm, v))))
}

/// Byte offset of code point `n` (clamped to the end).
fn byte_at(s: &StrObj, n: usize) -> usize {
    if s.is_ascii() {
        return n.min(s.as_str().len());
    }
    s.as_str()
        .char_indices()
        .nth(n)
        .map(|(i, _)| i)
        .unwrap_or(s.as_str().len())
}

fn char_index_of_byte(s: &str, b: usize) -> usize {
    s[..b].chars().count()
}

/// Python slice-index normalization to [0, len].
fn norm(i: i64, len: usize) -> usize {
    let len = len as i64;
    (if i < 0 { (i + len).max(0) } else { i.min(len) }) as usize
}

/// The `[start:end]` window of `find`/`count`/`startswith`..., as byte offsets.
fn window(vm: &mut Vm, s: &StrObj, args: &Args<'_>, first: usize) -> PyResult<(usize, usize)> {
    let n = s.char_len();
    let start = match args.pos().get(first) {
        Some(v) if !v.is_none() => norm(crate::ops::to_clamped_index(vm, v)?, n),
        _ => 0,
    };
    let end = match args.pos().get(first + 1) {
        Some(v) if !v.is_none() => norm(crate::ops::to_clamped_index(vm, v)?, n),
        _ => n,
    };
    Ok((byte_at(s, start), byte_at(s, end.max(start))))
}

fn new_str(s: String) -> Value {
    Value::string(s)
}

fn s_find_impl(vm: &mut Vm, args: &Args<'_>, rev: bool) -> PyResult<i64> {
    let s = this(args)?;
    let sub = must_str(
        vm,
        args.pos()
            .get(1)
            .ok_or_else(|| Error::type_error("find() takes at least 1 argument (0 given)"))?,
    )?;
    let (a, b) = window(vm, s, args, 2)?;
    let hay = &s.as_str()[a..b];
    let found = if rev { hay.rfind(sub) } else { hay.find(sub) };
    Ok(match found {
        Some(k) => char_index_of_byte(s.as_str(), a + k) as i64,
        None => -1,
    })
}

fn find(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    s_find_impl(vm, &args, false).map(Value::Int)
}
fn rfind(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    s_find_impl(vm, &args, true).map(Value::Int)
}
fn index(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    match s_find_impl(vm, &args, false)? {
        -1 => Err(Error::value_error("substring not found")),
        i => Ok(Value::Int(i)),
    }
}
fn rindex(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    match s_find_impl(vm, &args, true)? {
        -1 => Err(Error::value_error("substring not found")),
        i => Ok(Value::Int(i)),
    }
}

fn count(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?;
    let sub = must_str(
        vm,
        args.pos()
            .get(1)
            .ok_or_else(|| Error::type_error("count() takes at least 1 argument (0 given)"))?,
    )?;
    let (a, b) = window(vm, s, &args, 2)?;
    let hay = &s.as_str()[a..b];
    let n = if sub.is_empty() {
        hay.chars().count() + 1
    } else {
        hay.matches(sub).count()
    };
    Ok(Value::Int(n as i64))
}

fn starts_ends(vm: &mut Vm, args: Args<'_>, ends: bool) -> PyResult<Value> {
    let s = this(&args)?;
    let (a, b) = window(vm, s, &args, 2)?;
    let hay = &s.as_str()[a..b];
    let p = args
        .pos()
        .get(1)
        .ok_or_else(|| Error::type_error("startswith() takes at least 1 argument (0 given)"))?;
    let test = |x: &str| {
        if ends {
            hay.ends_with(x)
        } else {
            hay.starts_with(x)
        }
    };
    if let Some(x) = p.as_str() {
        return Ok(Value::Bool(test(x)));
    }
    if let Value::Obj(o) = p {
        if let Object::Tuple(items) = &**o {
            for it in items.iter() {
                if test(must_str(vm, it)?) {
                    return Ok(Value::Bool(true));
                }
            }
            return Ok(Value::Bool(false));
        }
    }
    let name = if ends { "endswith" } else { "startswith" };
    Err(Error::type_error(format!(
        "{name} first arg must be str or a tuple of str, not {}",
        glue::type_name(vm, p)
    )))
}
fn startswith(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    starts_ends(vm, args, false)
}
fn endswith(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    starts_ends(vm, args, true)
}

fn join(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let sep = this(&args)?.as_str();
    let it = args
        .pos()
        .get(1)
        .ok_or_else(|| Error::type_error("join() takes exactly one argument (0 given)"))?;
    let items = glue::collect(vm, it)?;
    let mut out = String::new();
    for (k, v) in items.iter().enumerate() {
        if k > 0 {
            out.push_str(sep);
        }
        match v.as_str() {
            Some(x) => out.push_str(x),
            None => {
                return Err(Error::type_error(format!(
                    "sequence item {k}: expected str instance, {} found",
                    glue::type_name(vm, v)
                )))
            }
        }
    }
    Ok(new_str(out))
}

fn split_impl(vm: &mut Vm, args: Args<'_>, rev: bool) -> PyResult<Value> {
    let s = this(&args)?.as_str();
    let sep = match arg(&args, 1, "sep") {
        Some(v) => Some(str_arg(vm, v, "sep")?),
        None => None,
    };
    let maxsplit = match arg(&args, 2, "maxsplit") {
        Some(v) => glue::to_ssize(vm, v)?,
        None => -1,
    };
    let limit = if maxsplit < 0 {
        usize::MAX
    } else {
        maxsplit as usize
    };
    let parts: Vec<&str> = match sep {
        Some("") => return Err(Error::value_error("empty separator")),
        Some(sep) => {
            if rev {
                let mut v: Vec<&str> = s.rsplitn(limit.saturating_add(1), sep).collect();
                v.reverse();
                v
            } else {
                s.splitn(limit.saturating_add(1), sep).collect()
            }
        }
        None => split_whitespace(s, limit, rev),
    };
    Ok(Value::list(parts.into_iter().map(Value::str).collect()))
}

/// `split()` with no separator: runs of whitespace, no empty strings, and
/// the remainder (after maxsplit) keeps its inner whitespace.
fn split_whitespace(s: &str, limit: usize, rev: bool) -> Vec<&str> {
    let mut out = Vec::new();
    if rev {
        let mut rest = s.trim_end();
        while !rest.is_empty() {
            if out.len() == limit {
                out.push(rest);
                break;
            }
            match rest.rfind(char::is_whitespace) {
                Some(k) => {
                    let w = rest[k..].chars().next().map_or(1, char::len_utf8);
                    out.push(&rest[k + w..]);
                    rest = rest[..k].trim_end();
                }
                None => {
                    out.push(rest);
                    break;
                }
            }
        }
        out.reverse();
    } else {
        let mut rest = s.trim_start();
        while !rest.is_empty() {
            if out.len() == limit {
                out.push(rest);
                break;
            }
            match rest.find(char::is_whitespace) {
                Some(k) => {
                    out.push(&rest[..k]);
                    rest = rest[k..].trim_start();
                }
                None => {
                    out.push(rest);
                    break;
                }
            }
        }
    }
    out
}

fn split(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    split_impl(vm, args, false)
}
fn rsplit(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    split_impl(vm, args, true)
}

fn splitlines(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?.as_str();
    let keep = match arg(&args, 1, "keepends") {
        Some(v) => glue::truthy(vm, v)?,
        None => false,
    };
    let is_break = |c: char| {
        matches!(
            c,
            '\n' | '\r'
                | '\x0b'
                | '\x0c'
                | '\x1c'
                | '\x1d'
                | '\x1e'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        )
    };
    let mut out = Vec::new();
    let mut start = 0;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if is_break(c) {
            let mut end = i + c.len_utf8();
            if c == '\r' && it.peek().map(|&(_, n)| n) == Some('\n') {
                it.next();
                end += 1;
            }
            out.push(Value::str(if keep { &s[start..end] } else { &s[start..i] }));
            start = end;
        }
    }
    if start < s.len() {
        out.push(Value::str(&s[start..]));
    }
    Ok(Value::list(out))
}

fn strip_chars<'a>(vm: &mut Vm, args: &Args<'a>) -> PyResult<Option<&'a str>> {
    match arg(args, 1, "chars") {
        Some(v) => Ok(Some(str_arg(vm, v, "strip arg")?)),
        None => Ok(None),
    }
}

fn strip_impl(vm: &mut Vm, args: Args<'_>, left: bool, right: bool) -> PyResult<Value> {
    let s = this(&args)?.as_str();
    let chars = strip_chars(vm, &args)?;
    let pred = |c: char| match chars {
        Some(cs) => cs.contains(c),
        None => c.is_whitespace(),
    };
    let mut r = s;
    if left {
        r = r.trim_start_matches(pred);
    }
    if right {
        r = r.trim_end_matches(pred);
    }
    if r.len() == s.len() {
        return Ok(args.pos()[0].clone());
    }
    Ok(Value::str(r))
}
fn strip(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    strip_impl(vm, args, true, true)
}
fn lstrip(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    strip_impl(vm, args, true, false)
}
fn rstrip(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    strip_impl(vm, args, false, true)
}

fn replace(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?.as_str();
    let pos = args.pos();
    if pos.len() < 3 {
        return Err(Error::type_error(format!(
            "replace expected at least 2 arguments, got {}",
            pos.len().saturating_sub(1)
        )));
    }
    let old = must_str(vm, &pos[1])?;
    let new = must_str(vm, &pos[2])?;
    let count = match arg(&args, 3, "count") {
        Some(v) => glue::to_ssize(vm, v)?,
        None => -1,
    };
    if count < 0 {
        if old.is_empty() {
            let mut out = String::from(new);
            for c in s.chars() {
                out.push(c);
                out.push_str(new);
            }
            return Ok(new_str(out));
        }
        return Ok(new_str(s.replace(old, new)));
    }
    if old.is_empty() {
        let mut out = String::new();
        let mut n = 0;
        for c in s.chars() {
            if (n as i64) < count {
                out.push_str(new);
                n += 1;
            }
            out.push(c);
        }
        if (n as i64) < count {
            out.push_str(new);
        }
        return Ok(new_str(out));
    }
    Ok(new_str(s.replacen(old, new, count as usize)))
}

fn map_str(args: &Args<'_>, f: impl Fn(&str) -> String) -> PyResult<Value> {
    Ok(new_str(f(this(args)?.as_str())))
}
fn upper(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    map_str(&args, str::to_uppercase)
}
fn lower(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    map_str(&args, str::to_lowercase)
}
fn casefold(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    map_str(&args, |s| s.to_lowercase().replace('ß', "ss"))
}
fn swapcase(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    map_str(&args, |s| {
        s.chars()
            .flat_map(|c| -> Box<dyn Iterator<Item = char>> {
                if c.is_uppercase() {
                    Box::new(c.to_lowercase())
                } else if c.is_lowercase() {
                    Box::new(c.to_uppercase())
                } else {
                    Box::new(std::iter::once(c))
                }
            })
            .collect()
    })
}
fn capitalize(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    map_str(&args, |s| {
        let mut cs = s.chars();
        match cs.next() {
            Some(f) => f
                .to_uppercase()
                .chain(cs.as_str().to_lowercase().chars())
                .collect(),
            None => String::new(),
        }
    })
}
fn title(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    map_str(&args, |s| {
        let mut out = String::with_capacity(s.len());
        let mut prev_cased = false;
        for c in s.chars() {
            if prev_cased {
                out.extend(c.to_lowercase());
            } else {
                out.extend(c.to_uppercase());
            }
            prev_cased = c.is_alphabetic() && (c.is_uppercase() || c.is_lowercase());
        }
        out
    })
}

fn fill_char(vm: &mut Vm, args: &Args<'_>) -> PyResult<char> {
    match args.pos().get(2) {
        None => Ok(' '),
        Some(v) => {
            let s = v.as_str().ok_or_else(|| {
                Error::type_error(format!(
                    "The fill character must be a unicode character, not {}",
                    glue::type_name(vm, v)
                ))
            })?;
            let mut cs = s.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => Ok(c),
                _ => Err(Error::type_error(
                    "The fill character must be exactly one character long",
                )),
            }
        }
    }
}

/// Where `n` fill units go when `center`/`ljust`/`rjust` (`how` is `'^'`,
/// `'<'`, `'>'`) widen a str or bytes to `width`: (left, right).
pub fn justify_sides(n: usize, width: usize, how: char) -> (usize, usize) {
    match how {
        '<' => (0, n),
        '>' => (n, 0),
        _ => {
            // CPython's centering puts the odd unit on the left exactly
            // when both the fill count and the width are odd.
            let left = n / 2 + (n & width & 1);
            (left, n - left)
        }
    }
}

fn justify(vm: &mut Vm, args: Args<'_>, how: char) -> PyResult<Value> {
    let s = this(&args)?;
    let width = match args.pos().get(1) {
        Some(v) => glue::to_ssize(vm, v)?,
        None => return Err(Error::type_error("expected at least 1 argument, got 0")),
    };
    let fill = fill_char(vm, &args)?;
    let n = (width.max(0) as usize).saturating_sub(s.char_len());
    if n == 0 {
        return Ok(args.pos()[0].clone());
    }
    let body = s.as_str();
    let (left, right) = justify_sides(n, width as usize, how);
    Ok(new_str(crate::alloc::padded(fill, left, &[body], right)?))
}
fn center(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    justify(vm, args, '^')
}
fn ljust(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    justify(vm, args, '<')
}
fn rjust(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    justify(vm, args, '>')
}

fn zfill(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?;
    let width = glue::to_ssize(vm, args.pos().get(1).unwrap_or(&Value::Int(0)))?;
    let n = (width.max(0) as usize).saturating_sub(s.char_len());
    let body = s.as_str();
    let (sign, rest) = match body.as_bytes().first() {
        Some(b'+' | b'-') => body.split_at(1),
        _ => ("", body),
    };
    let mut out = crate::alloc::string_with_capacity(crate::alloc::add(n, body.len())?)?;
    out.push_str(sign);
    crate::alloc::push_fill(&mut out, '0', n)?;
    out.push_str(rest);
    Ok(new_str(out))
}

fn pred_all(args: &Args<'_>, f: impl Fn(char) -> bool) -> PyResult<Value> {
    let s = this(args)?.as_str();
    Ok(Value::Bool(!s.is_empty() && s.chars().all(f)))
}
fn isdigit(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pred_all(&args, |c| {
        c.is_ascii_digit()
            || ('\u{b2}'..='\u{b3}').contains(&c)
            || c == '\u{b9}'
            || ('\u{660}'..='\u{669}').contains(&c)
    })
}
fn isdecimal(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pred_all(&args, |c| {
        c.is_ascii_digit()
            || ('\u{660}'..='\u{669}').contains(&c)
            || ('\u{ff10}'..='\u{ff19}').contains(&c)
    })
}
fn isnumeric(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pred_all(&args, char::is_numeric)
}
fn isalpha(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pred_all(&args, char::is_alphabetic)
}
fn isalnum(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pred_all(&args, char::is_alphanumeric)
}
fn isspace(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pred_all(&args, char::is_whitespace)
}
fn isascii(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Bool(this(&args)?.is_ascii()))
}
fn isprintable(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Bool(
        this(&args)?
            .as_str()
            .chars()
            .all(crate::format::repr::is_printable),
    ))
}
fn cased_test(args: &Args<'_>, upper: bool) -> PyResult<Value> {
    let s = this(args)?.as_str();
    let mut any = false;
    for c in s.chars() {
        if (upper && c.is_lowercase()) || (!upper && c.is_uppercase()) {
            return Ok(Value::Bool(false));
        }
        any |= c.is_uppercase() || c.is_lowercase();
    }
    Ok(Value::Bool(any))
}
fn isupper(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    cased_test(&args, true)
}
fn islower(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    cased_test(&args, false)
}
fn istitle(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?.as_str();
    let (mut prev_cased, mut any) = (false, false);
    for c in s.chars() {
        if c.is_uppercase() {
            if prev_cased {
                return Ok(Value::Bool(false));
            }
            prev_cased = true;
            any = true;
        } else if c.is_lowercase() {
            if !prev_cased {
                return Ok(Value::Bool(false));
            }
            prev_cased = true;
        } else {
            prev_cased = false;
        }
    }
    Ok(Value::Bool(any))
}
fn isidentifier(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?.as_str();
    let mut cs = s.chars();
    Ok(Value::Bool(match cs.next() {
        Some(c) if c == '_' || c.is_alphabetic() => cs.all(|c| c == '_' || c.is_alphanumeric()),
        _ => false,
    }))
}

fn partition_impl(vm: &mut Vm, args: Args<'_>, rev: bool) -> PyResult<Value> {
    let s = this(&args)?.as_str();
    let sep = must_str(
        vm,
        args.pos()
            .get(1)
            .ok_or_else(|| Error::type_error("partition() takes exactly one argument (0 given)"))?,
    )?;
    if sep.is_empty() {
        return Err(Error::value_error("empty separator"));
    }
    let found = if rev { s.rfind(sep) } else { s.find(sep) };
    Ok(Value::tuple(match found {
        Some(k) => vec![
            Value::str(&s[..k]),
            Value::str(sep),
            Value::str(&s[k + sep.len()..]),
        ],
        None if rev => vec![Value::str(""), Value::str(""), Value::str(s)],
        None => vec![Value::str(s), Value::str(""), Value::str("")],
    }))
}
fn partition(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    partition_impl(vm, args, false)
}
fn rpartition(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    partition_impl(vm, args, true)
}

fn format(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?.as_str();
    let npos = args.pos().len();
    let kwargs: Vec<(&str, Value)> = args.kwargs().map(|(k, v)| (k, v.clone())).collect();
    Ok(new_str(crate::format::str_format(
        vm,
        s,
        &args.pos()[1..npos],
        &kwargs,
    )?))
}
fn format_map(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?.as_str();
    let m = args
        .pos()
        .get(1)
        .ok_or_else(|| Error::type_error("format_map() takes exactly one argument (0 given)"))?;
    Ok(new_str(crate::format::strformat::str_format_map(vm, s, m)?))
}

fn encode(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?.as_str();
    let enc = match arg(&args, 1, "encoding") {
        Some(v) => str_arg(vm, v, "encode() argument 'encoding'")?
            .to_ascii_lowercase()
            .replace('_', "-"),
        None => "utf-8".into(),
    };
    let bytes: Vec<u8> = match enc.as_str() {
        "utf-8" | "utf8" => s.as_bytes().to_vec(),
        "ascii" | "latin-1" | "latin1" | "iso-8859-1" => {
            let max = if enc == "ascii" { 0x80 } else { 0x100 };
            let mut out = Vec::with_capacity(s.len());
            for (i, c) in s.chars().enumerate() {
                if (c as u32) >= max {
                    // Escaped as CPython's repr escapes it: \xe9, \u20ac.
                    let n = c as u32;
                    let esc = match n {
                        0..=0xff => format!("\\x{n:02x}"),
                        0x100..=0xffff => format!("\\u{n:04x}"),
                        _ => format!("\\U{n:08x}"),
                    };
                    return Err(Error::new(
                        crate::error::ExcKind::UnicodeEncodeError,
                        format!(
                            "'{enc}' codec can't encode character '{esc}' in position {i}: ordinal not in range({max})"
                        ),
                    ));
                }
                out.push(c as u8);
            }
            out
        }
        other => {
            return Err(Error::new(
                crate::error::ExcKind::LookupError,
                format!("unknown encoding: {other}"),
            ))
        }
    };
    Ok(Value::new_obj(Object::Bytes(bytes.into_boxed_slice())))
}

/// `expandtabs`'s tab size (default 8), shared by str and bytes: CPython
/// reads it as a C int, so a larger one is an OverflowError.
pub fn tabsize_arg(vm: &mut Vm, args: &Args<'_>) -> PyResult<i64> {
    let tab = match arg(args, 1, "tabsize") {
        Some(v) => glue::to_ssize(vm, v)?,
        None => 8,
    };
    if i32::try_from(tab).is_err() {
        return Err(Error::overflow_error(
            "Python int too large to convert to C int",
        ));
    }
    Ok(tab)
}

fn expandtabs(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?.as_str();
    let tab = tabsize_arg(vm, &args)?;
    let mut out = String::new();
    let mut col = 0i64;
    for c in s.chars() {
        match c {
            '\t' => {
                if tab > 0 {
                    let n = tab - col % tab;
                    crate::alloc::push_fill(&mut out, ' ', n as usize)?;
                    col = col
                        .checked_add(n)
                        .ok_or_else(|| Error::overflow_error("new string is too long"))?;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                col = 0;
            }
            c => {
                out.push(c);
                col += 1;
            }
        }
    }
    Ok(new_str(out))
}

fn removeprefix(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?.as_str();
    let p = must_str(vm, args.pos().get(1).unwrap_or(&Value::None))?;
    Ok(match s.strip_prefix(p) {
        Some(r) if !p.is_empty() => Value::str(r),
        _ => args.pos()[0].clone(),
    })
}
fn removesuffix(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?.as_str();
    let p = must_str(vm, args.pos().get(1).unwrap_or(&Value::None))?;
    Ok(match s.strip_suffix(p) {
        Some(r) if !p.is_empty() => Value::str(r),
        _ => args.pos()[0].clone(),
    })
}

/// `str.maketrans(x[, y[, z]])` → a dict of code points (static: args[0] may
/// be the type or a str).
fn maketrans(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = args.pos();
    let mut d = crate::object::Dict::new();
    let mut put = |k: i64, v: Value| {
        let h = number::hash(&Value::Int(k)).unwrap_or(0);
        d.insert(
            h,
            Value::Int(k),
            v,
            |x| matches!(x, Value::Int(i) if *i == k),
        );
    };
    match (pos.get(1), pos.get(2)) {
        (Some(x), Some(y)) => {
            let (x, y) = (must_str(vm, x)?, must_str(vm, y)?);
            if x.chars().count() != y.chars().count() {
                return Err(Error::value_error(
                    "the first two maketrans arguments must have equal length",
                ));
            }
            for (a, b) in x.chars().zip(y.chars()) {
                put(a as i64, Value::Int(b as i64));
            }
            if let Some(z) = pos.get(3) {
                for c in must_str(vm, z)?.chars() {
                    put(c as i64, Value::None);
                }
            }
        }
        (Some(m), None) => {
            let Value::Obj(o) = m else {
                return Err(Error::type_error(
                    "if you give only one argument to maketrans it must be a dict",
                ));
            };
            let Object::Dict(src) = &**o else {
                return Err(Error::type_error(
                    "if you give only one argument to maketrans it must be a dict",
                ));
            };
            for (k, v) in src.borrow().items() {
                let key = match (k.as_str(), number::to_i64(&k)) {
                    (Some(s), _) if s.chars().count() == 1 => {
                        s.chars().next().map_or(0, |c| c as i64)
                    }
                    (_, Some(i)) => i,
                    _ => {
                        return Err(Error::value_error(
                            "string keys in translate table must be of length 1",
                        ))
                    }
                };
                put(key, v);
            }
        }
        _ => return Err(Error::type_error("maketrans() takes at least 1 argument")),
    }
    Ok(Value::new_obj(Object::Dict(crate::sync::ObjCell::new(d))))
}

fn translate(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?.as_str();
    let table = args
        .pos()
        .get(1)
        .ok_or_else(|| Error::type_error("translate() takes exactly one argument (0 given)"))?;
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match glue::getitem(vm, table, &Value::Int(c as i64)) {
            Ok(Value::None) => {}
            Ok(v) => {
                match (v.as_str(), number::to_i64(&v)) {
                    (Some(r), _) => out.push_str(r),
                    (_, Some(i)) => {
                        out.push(u32::try_from(i).ok().and_then(char::from_u32).ok_or_else(
                            || Error::value_error("character mapping must be in range(0x110000)"),
                        )?)
                    }
                    _ => {
                        return Err(Error::type_error(
                            "character mapping must return integer, None or str",
                        ))
                    }
                }
            }
            Err(_) => out.push(c),
        }
    }
    Ok(new_str(out))
}

fn len(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Int(this(&args)?.char_len() as i64))
}

fn contains(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?.as_str();
    let x = args.pos().get(1).unwrap_or(&Value::None);
    let sub = x.as_str().ok_or_else(|| {
        Error::type_error(format!(
            "'in <string>' requires string as left operand, not {}",
            glue::type_name(vm, x)
        ))
    })?;
    Ok(Value::Bool(s.contains(sub)))
}

/// `s[i]` / `s[a:b:c]`.
pub fn getitem(vm: &mut Vm, s: &StrObj, key: &Value) -> PyResult<Value> {
    let n = s.char_len() as i64;
    if let Value::Obj(o) = key {
        if let Object::Slice { start, stop, step } = &**o {
            let step = if step.is_none() {
                1
            } else {
                crate::ops::to_clamped_index(vm, step)?
            };
            if step == 0 {
                return Err(Error::value_error("slice step cannot be zero"));
            }
            let bound = |vm: &mut Vm, v: &Value, default: i64| -> PyResult<i64> {
                if v.is_none() {
                    return Ok(default);
                }
                let i = crate::ops::to_clamped_index(vm, v)?;
                Ok(if i < 0 {
                    (i + n).max(if step < 0 { -1 } else { 0 })
                } else {
                    i.min(if step < 0 { n - 1 } else { n })
                })
            };
            let (a, b) = if step > 0 {
                (bound(vm, start, 0)?, bound(vm, stop, n)?)
            } else {
                (bound(vm, start, n - 1)?, bound(vm, stop, -1)?)
            };
            if step == 1 {
                if a >= b {
                    return Ok(Value::str(""));
                }
                let (x, y) = (byte_at(s, a as usize), byte_at(s, b as usize));
                return Ok(Value::str(&s.as_str()[x..y]));
            }
            let chars: Vec<char> = s.as_str().chars().collect();
            let mut out = String::new();
            let mut i = a;
            while (step > 0 && i < b) || (step < 0 && i > b) {
                if let Some(c) = chars.get(i as usize) {
                    out.push(*c);
                }
                // A step near i64::MAX (a clamped huge one) ends the walk.
                let Some(next) = i.checked_add(step) else {
                    break;
                };
                i = next;
            }
            return Ok(new_str(out));
        }
    }
    let i = match key {
        Value::Int(i) => *i,
        Value::Bool(b) => *b as i64,
        _ if number::is_int(key) => {
            return Err(Error::index_error(
                "cannot fit 'int' into an index-sized integer",
            ))
        }
        _ => {
            return Err(Error::type_error(format!(
                "string indices must be integers, not '{}'",
                glue::type_name(vm, key)
            )))
        }
    };
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(Error::index_error("string index out of range"));
    }
    let c = s.char_at(j as usize).unwrap_or(' ');
    Ok(new_str(c.to_string()))
}

fn getitem_m(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?;
    getitem(vm, s, args.pos().get(1).unwrap_or(&Value::None))
}

fn add(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?.as_str();
    let o = args.pos().get(1).unwrap_or(&Value::None);
    match o.as_str() {
        Some(t) => {
            let mut r = String::with_capacity(s.len() + t.len());
            r.push_str(s);
            r.push_str(t);
            Ok(new_str(r))
        }
        None => Err(Error::type_error(format!(
            "can only concatenate str (not \"{}\") to str",
            glue::type_name(vm, o)
        ))),
    }
}

/// `s * n`.
pub fn repeat(s: &str, n: i64) -> PyResult<Value> {
    if n <= 0 || s.is_empty() {
        return Ok(Value::str(""));
    }
    if (s.len() as u128) * (n as u128) > isize::MAX as u128 {
        return Err(Error::new(
            crate::error::ExcKind::OverflowError,
            "repeated string is too long",
        ));
    }
    let mut out = crate::alloc::string_with_capacity(s.len() * n as usize)?;
    for _ in 0..n {
        out.push_str(s);
    }
    Ok(new_str(out))
}

fn mul(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?.as_str();
    let o = args.pos().get(1).unwrap_or(&Value::None);
    if !number::is_int(o) {
        return Err(Error::type_error(format!(
            "can't multiply sequence by non-int of type '{}'",
            glue::type_name(vm, o)
        )));
    }
    let n = number::to_i64(o)
        .ok_or_else(|| Error::overflow_error("cannot fit 'int' into an index-sized integer"))?;
    repeat(s, n)
}

fn mod_(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s = this(&args)?.as_str();
    Ok(new_str(crate::format::percent_format(
        vm,
        s,
        args.pos().get(1).unwrap_or(&Value::None),
    )?))
}

fn str_new(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let [x, encoding, errors] = args.bind_optional("str", ["object", "encoding", "errors"])?;
    for (name, v) in [("encoding", encoding), ("errors", errors)] {
        if let Some(v) = v.filter(|v| v.as_str().is_none()) {
            return Err(Error::type_error(format!(
                "str() argument '{name}' must be str, not {}",
                glue::type_name(vm, v)
            )));
        }
    }
    let Some(x) = x else {
        return Ok(Value::str(""));
    };
    // Either of `encoding` and `errors` makes it a decoding (of UTF-8 by
    // default) of a bytes-like object.
    if encoding.is_some() || errors.is_some() {
        let enc = encoding.and_then(|e| e.as_str()).unwrap_or("utf-8");
        if x.as_str_obj().is_some() {
            return Err(Error::type_error("decoding str is not supported"));
        }
        if let Some(Object::Bytes(b)) = x.as_obj().map(|o| &**o) {
            return crate::object::bytes::decode(b, enc);
        }
        if let Some(cell) = crate::object::bytearray::bytearray_of(x) {
            let b = cell.borrow().clone();
            return crate::object::bytes::decode(&b, enc);
        }
        if let Some(b) = crate::object::memoryview::view_bytes(x) {
            return crate::object::bytes::decode(&b?, enc);
        }
        return Err(Error::type_error(format!(
            "decoding to str: need a bytes-like object, {} found",
            glue::type_name(vm, x)
        )));
    }
    if x.as_str_obj().is_some() {
        return Ok(x.clone());
    }
    Ok(new_str(glue::str_of(vm, x)?))
}

fn str_format_dunder(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = args.pos();
    let spec = pos.get(1).and_then(|s| s.as_str()).unwrap_or("");
    Ok(new_str(crate::format::format_spec(vm, &pos[0], spec)?))
}

/// Methods of `str` (self is args[0]; `__new__` and `maketrans` get the type).
pub const METHODS: &[(&str, NativeFnPtr)] = &[
    ("__new__", str_new),
    ("join", join),
    ("split", split),
    ("rsplit", rsplit),
    ("splitlines", splitlines),
    ("strip", strip),
    ("lstrip", lstrip),
    ("rstrip", rstrip),
    ("startswith", startswith),
    ("endswith", endswith),
    ("find", find),
    ("rfind", rfind),
    ("index", index),
    ("rindex", rindex),
    ("count", count),
    ("replace", replace),
    ("upper", upper),
    ("lower", lower),
    ("title", title),
    ("capitalize", capitalize),
    ("swapcase", swapcase),
    ("casefold", casefold),
    ("center", center),
    ("ljust", ljust),
    ("rjust", rjust),
    ("zfill", zfill),
    ("isdigit", isdigit),
    ("isalpha", isalpha),
    ("isalnum", isalnum),
    ("isspace", isspace),
    ("isupper", isupper),
    ("islower", islower),
    ("isidentifier", isidentifier),
    ("isnumeric", isnumeric),
    ("isdecimal", isdecimal),
    ("istitle", istitle),
    ("isascii", isascii),
    ("isprintable", isprintable),
    ("partition", partition),
    ("rpartition", rpartition),
    ("format", format),
    ("format_map", format_map),
    ("encode", encode),
    ("expandtabs", expandtabs),
    ("maketrans", maketrans),
    ("translate", translate),
    ("removeprefix", removeprefix),
    ("removesuffix", removesuffix),
    ("__len__", len),
    ("__contains__", contains),
    ("__getitem__", getitem_m),
    ("__add__", add),
    ("__mul__", mul),
    ("__rmul__", mul),
    ("__mod__", mod_),
    ("__format__", str_format_dunder),
];
