//! The `bytes` type: constructor and the common methods.

use crate::error::{Error, ExcKind, PyResult};
use crate::format::glue;
use crate::object::{number, Args, NativeFnPtr, Object};
use crate::value::Value;
use crate::vm::Vm;

fn this<'a>(args: &Args<'a>) -> PyResult<&'a [u8]> {
    bytes_of(args.pos().first().unwrap_or(&Value::None))
        .ok_or_else(|| Error::type_error("descriptor requires a 'bytes' object"))
}

/// The bytes inside a bytes value.
pub fn bytes_of(v: &Value) -> Option<&[u8]> {
    match v {
        Value::Obj(o) => match &**o {
            Object::Bytes(b) => Some(b),
            _ => None,
        },
        _ => None,
    }
}

/// A new bytes value.
pub fn new_bytes(b: Vec<u8>) -> Value {
    Value::new_obj(Object::Bytes(b.into_boxed_slice()))
}

fn other<'a>(vm: &mut Vm, v: &'a Value) -> PyResult<&'a [u8]> {
    bytes_of(v).ok_or_else(|| {
        Error::type_error(format!(
            "a bytes-like object is required, not '{}'",
            glue::type_name(vm, v)
        ))
    })
}

/// `b.decode(encoding)` / `str(b, encoding)`.
pub fn decode(b: &[u8], encoding: &str) -> PyResult<Value> {
    let enc = encoding.to_ascii_lowercase().replace('_', "-");
    match enc.as_str() {
        "utf-8" | "utf8" => match std::str::from_utf8(b) {
            Ok(s) => Ok(Value::str(s)),
            Err(e) => {
                let pos = e.valid_up_to();
                Err(Error::new(
                    ExcKind::UnicodeDecodeError,
                    format!("'utf-8' codec can't decode byte 0x{:02x} in position {pos}: invalid start byte", b[pos]),
                ))
            }
        },
        "ascii" => match b.iter().position(|&c| c >= 0x80) {
            Some(pos) => Err(Error::new(
                ExcKind::UnicodeDecodeError,
                format!("'ascii' codec can't decode byte 0x{:02x} in position {pos}: ordinal not in range(128)", b[pos]),
            )),
            None => Ok(Value::string(b.iter().map(|&c| c as char).collect())),
        },
        "latin-1" | "latin1" | "iso-8859-1" => Ok(Value::string(b.iter().map(|&c| c as char).collect())),
        other => Err(Error::new(ExcKind::LookupError, format!("unknown encoding: {other}"))),
    }
}

fn bytes_new(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let [x, encoding, errors] = args.bind_optional("bytes", ["source", "encoding", "errors"])?;
    for (name, v) in [("encoding", encoding), ("errors", errors)] {
        if let Some(v) = v.filter(|v| v.as_str().is_none()) {
            return Err(Error::type_error(format!(
                "bytes() argument '{name}' must be str, not {}",
                glue::type_name(vm, v)
            )));
        }
    }
    if let Some(s) = x.and_then(|x| x.as_str()) {
        let enc = encoding
            .and_then(|e| e.as_str())
            .ok_or_else(|| Error::type_error("string argument without an encoding"))?;
        let r = crate::object::strmethods::METHODS
            .iter()
            .find(|(n, _)| *n == "encode")
            .map(|(_, f)| *f)
            .ok_or_else(|| Error::type_error("encode unavailable"))?;
        let mut argv = vec![Value::str(s), Value::str(enc)];
        argv.extend(errors.cloned());
        return r(vm, Args::new(&argv));
    }
    if encoding.is_some() {
        return Err(Error::type_error("encoding without a string argument"));
    }
    if errors.is_some() {
        return Err(Error::type_error("errors without a string argument"));
    }
    let Some(x) = x else {
        return Ok(new_bytes(Vec::new()));
    };
    if let Some(b) = bytes_of(x) {
        return Ok(new_bytes(b.to_vec()));
    }
    if let Some(b) = crate::object::memoryview::view_bytes(x) {
        return Ok(new_bytes(b?));
    }
    if let Some(cell) = crate::object::bytearray::bytearray_of(x) {
        return Ok(new_bytes(cell.borrow().clone()));
    }
    if let Some(n) = number::to_i64(x) {
        if n < 0 {
            return Err(Error::value_error("negative count"));
        }
        return Ok(new_bytes(crate::alloc::zeroed(n as usize)?));
    }
    if matches!(x.as_obj().map(|o| &**o), Some(Object::BigInt(_))) {
        return Err(Error::overflow_error(
            "cannot fit 'int' into an index-sized integer",
        ));
    }
    // What cannot be iterated cannot be converted, in CPython's words.
    let it = match crate::ops::iter(vm, x) {
        Err(e) if vm.error_matches(&e, ExcKind::TypeError) => {
            return Err(Error::type_error(format!(
                "cannot convert '{}' object to bytes",
                glue::type_name(vm, x)
            )))
        }
        r => r?,
    };
    let items = glue::collect(vm, &it)?;
    let mut out = Vec::with_capacity(items.len());
    for v in &items {
        match number::to_i64(v) {
            Some(i) if (0..256).contains(&i) => out.push(i as u8),
            Some(_) => return Err(Error::value_error("bytes must be in range(0, 256)")),
            None => {
                return Err(Error::type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    glue::type_name(vm, v)
                )))
            }
        }
    }
    Ok(new_bytes(out))
}

fn b_decode(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let b = this(&args)?;
    let enc = match args.pos().get(1).or_else(|| args.kwarg("encoding")) {
        Some(v) => v.as_str().ok_or_else(|| {
            Error::type_error(format!(
                "decode() argument 'encoding' must be str, not {}",
                glue::type_name(vm, v)
            ))
        })?,
        None => "utf-8",
    };
    decode(b, enc)
}

fn b_hex(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::string(
        this(&args)?.iter().map(|b| format!("{b:02x}")).collect(),
    ))
}

fn b_fromhex(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let v = args.pos().get(1).unwrap_or(&Value::None);
    let s = v.as_str().ok_or_else(|| {
        Error::type_error(format!(
            "fromhex() argument must be str, not {}",
            glue::type_name(vm, v)
        ))
    })?;
    let digits: Vec<(usize, char)> = s
        .char_indices()
        .filter(|(_, c)| !c.is_ascii_whitespace())
        .collect();
    let mut out = Vec::new();
    for pair in digits.chunks(2) {
        let hi = pair[0].1.to_digit(16);
        let lo = pair.get(1).and_then(|p| p.1.to_digit(16));
        match (hi, lo) {
            (Some(h), Some(l)) => out.push((h * 16 + l) as u8),
            _ => {
                let at = if hi.is_none() {
                    pair[0].0
                } else {
                    pair.get(1).map_or(s.len(), |p| p.0)
                };
                return Err(Error::value_error(format!(
                    "non-hexadecimal number found in fromhex() arg at position {at}"
                )));
            }
        }
    }
    Ok(new_bytes(out))
}

fn b_join(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let sep = this(&args)?;
    let items = glue::collect(vm, args.pos().get(1).unwrap_or(&Value::None))?;
    let mut out = Vec::new();
    for (k, v) in items.iter().enumerate() {
        if k > 0 {
            out.extend_from_slice(sep);
        }
        match bytes_of(v) {
            Some(b) => out.extend_from_slice(b),
            None => {
                return Err(Error::type_error(format!(
                    "sequence item {k}: expected a bytes-like object, {} found",
                    glue::type_name(vm, v)
                )))
            }
        }
    }
    Ok(new_bytes(out))
}

/// `bytes(x)`-like conversion for `%b`/`%s`: bytes as they are, an object
/// with `__bytes__` through it, `None` for anything else.
pub fn bytes_like(vm: &mut Vm, v: &Value) -> PyResult<Option<Vec<u8>>> {
    if let Some(b) = bytes_of(v) {
        return Ok(Some(b.to_vec()));
    }
    if v.as_str().is_some() {
        return Ok(None);
    }
    let Some(f) = glue::lookup_special(vm, v, "__bytes__") else {
        return Ok(None);
    };
    let r = glue::call(vm, &f, std::slice::from_ref(v))?;
    match bytes_of(&r) {
        Some(b) => Ok(Some(b.to_vec())),
        None => Err(Error::type_error(format!(
            "__bytes__ returned non-bytes (type {})",
            glue::type_name(vm, &r)
        ))),
    }
}

fn arg<'a>(args: &Args<'a>, i: usize, name: &str) -> Option<&'a Value> {
    args.pos()
        .get(i)
        .or_else(|| args.kwarg(name))
        .filter(|v| !v.is_none())
}

/// CPython's `Py_ISSPACE`: unlike `u8::is_ascii_whitespace` it includes
/// the vertical tab.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t'..=b'\r')
}

fn find_sub(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind_sub(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(hay.len());
    }
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// The `[start:end]` window of `find`/`count`/`index`...: `start` is not
/// clamped to the length, so a start past the end finds nothing, even an
/// empty needle.
fn window(vm: &mut Vm, b: &[u8], args: &Args<'_>, first: usize) -> PyResult<(usize, usize)> {
    let n = b.len() as i64;
    let bound = |vm: &mut Vm, v: Option<&Value>, default: i64| -> PyResult<i64> {
        match v.filter(|v| !v.is_none()) {
            Some(v) => {
                let i = crate::ops::to_clamped_index(vm, v)?;
                Ok(if i < 0 { (i + n).max(0) } else { i })
            }
            None => Ok(default),
        }
    };
    let start = bound(vm, args.pos().get(first), 0)?;
    let end = bound(vm, args.pos().get(first + 1), n)?.min(n);
    Ok((start as usize, end as usize))
}

fn needle(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Some(i) = number::to_i64(v) {
        return u8::try_from(i)
            .map(|b| vec![b])
            .map_err(|_| Error::value_error("byte must be in range(0, 256)"));
    }
    bytes_of(v).map(<[u8]>::to_vec).ok_or_else(|| {
        Error::type_error(format!(
            "argument should be integer or bytes-like object, not '{}'",
            glue::type_name(vm, v)
        ))
    })
}

/// `find`, `rfind`, `index`, `rindex`: the position or `None`.
fn find_impl(vm: &mut Vm, args: &Args<'_>, rev: bool) -> PyResult<Option<usize>> {
    let b = this(args)?;
    let n = needle(vm, args.pos().get(1).unwrap_or(&Value::None))?;
    let (start, end) = window(vm, b, args, 2)?;
    if end < start || end - start < n.len() {
        return Ok(None);
    }
    let hay = &b[start..end];
    let found = if rev {
        rfind_sub(hay, &n)
    } else {
        find_sub(hay, &n)
    };
    Ok(found.map(|k| k + start))
}
fn b_find(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Int(
        find_impl(vm, &args, false)?.map_or(-1, |k| k as i64),
    ))
}
fn b_rfind(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Int(
        find_impl(vm, &args, true)?.map_or(-1, |k| k as i64),
    ))
}
fn b_index(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    find_impl(vm, &args, false)?
        .map(|k| Value::Int(k as i64))
        .ok_or_else(|| Error::value_error("subsection not found"))
}
fn b_rindex(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    find_impl(vm, &args, true)?
        .map(|k| Value::Int(k as i64))
        .ok_or_else(|| Error::value_error("subsection not found"))
}

fn b_count(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let b = this(&args)?;
    let n = needle(vm, args.pos().get(1).unwrap_or(&Value::None))?;
    let (start, end) = window(vm, b, &args, 2)?;
    if end < start || end - start < n.len() {
        return Ok(Value::Int(0));
    }
    let hay = &b[start..end];
    if n.is_empty() {
        return Ok(Value::Int(hay.len() as i64 + 1));
    }
    let (mut c, mut rest) = (0, hay);
    while let Some(k) = find_sub(rest, &n) {
        c += 1;
        rest = &rest[k + n.len()..];
    }
    Ok(Value::Int(c))
}

/// `split`/`rsplit` of `b`: on `sep`, or on runs of whitespace (no empty
/// pieces; what is left after `limit` splits keeps its inner whitespace).
fn split_bytes<'a>(b: &'a [u8], sep: Option<&[u8]>, limit: usize, rev: bool) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    match sep {
        Some(sep) => {
            let mut rest = b;
            while out.len() < limit {
                let found = if rev {
                    rfind_sub(rest, sep)
                } else {
                    find_sub(rest, sep)
                };
                let Some(k) = found else { break };
                if rev {
                    out.push(&rest[k + sep.len()..]);
                    rest = &rest[..k];
                } else {
                    out.push(&rest[..k]);
                    rest = &rest[k + sep.len()..];
                }
            }
            out.push(rest);
        }
        None => {
            let mut rest = b;
            loop {
                rest = if rev {
                    strip_by(rest, false, true, is_space)
                } else {
                    strip_by(rest, true, false, is_space)
                };
                if rest.is_empty() {
                    break;
                }
                if out.len() == limit {
                    out.push(rest);
                    break;
                }
                let found = if rev {
                    rest.iter().rposition(|&c| is_space(c))
                } else {
                    rest.iter().position(|&c| is_space(c))
                };
                match found {
                    Some(k) if rev => {
                        out.push(&rest[k + 1..]);
                        rest = &rest[..k];
                    }
                    Some(k) => {
                        out.push(&rest[..k]);
                        rest = &rest[k..];
                    }
                    None => {
                        out.push(rest);
                        break;
                    }
                }
            }
        }
    }
    if rev {
        out.reverse();
    }
    out
}

fn split_impl(vm: &mut Vm, args: Args<'_>, rev: bool) -> PyResult<Value> {
    let b = this(&args)?;
    let sep = match arg(&args, 1, "sep") {
        Some(v) => Some(other(vm, v)?),
        None => None,
    };
    if sep == Some(&[][..]) {
        return Err(Error::value_error("empty separator"));
    }
    let maxsplit = match arg(&args, 2, "maxsplit") {
        Some(v) => glue::to_ssize(vm, v)?,
        None => -1,
    };
    let limit = usize::try_from(maxsplit).unwrap_or(usize::MAX);
    let parts = split_bytes(b, sep, limit, rev);
    Ok(Value::list(
        parts.into_iter().map(|p| new_bytes(p.to_vec())).collect(),
    ))
}
fn b_split(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    split_impl(vm, args, false)
}
fn b_rsplit(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    split_impl(vm, args, true)
}

fn b_splitlines(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let b = this(&args)?;
    let keep = match arg(&args, 1, "keepends") {
        Some(v) => glue::truthy(vm, v)?,
        None => false,
    };
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        if matches!(b[i], b'\n' | b'\r') {
            let end = if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                i + 2
            } else {
                i + 1
            };
            out.push(new_bytes(b[start..if keep { end } else { i }].to_vec()));
            start = end;
            i = end;
        } else {
            i += 1;
        }
    }
    if start < b.len() {
        out.push(new_bytes(b[start..].to_vec()));
    }
    Ok(Value::list(out))
}

/// `b` without the leading and/or trailing bytes that match `strip`.
fn strip_by(b: &[u8], left: bool, right: bool, strip: impl Fn(u8) -> bool) -> &[u8] {
    let start = if left {
        b.iter().position(|&c| !strip(c)).unwrap_or(b.len())
    } else {
        0
    };
    let end = if right {
        b.iter().rposition(|&c| !strip(c)).map_or(start, |k| k + 1)
    } else {
        b.len()
    };
    &b[start..end.max(start)]
}

fn strip_impl(vm: &mut Vm, args: Args<'_>, left: bool, right: bool) -> PyResult<Value> {
    let b = this(&args)?;
    let r = match arg(&args, 1, "bytes") {
        Some(v) => {
            let cs = other(vm, v)?;
            strip_by(b, left, right, |c| cs.contains(&c))
        }
        None => strip_by(b, left, right, is_space),
    };
    Ok(new_bytes(r.to_vec()))
}
fn b_strip(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    strip_impl(vm, args, true, true)
}
fn b_lstrip(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    strip_impl(vm, args, true, false)
}
fn b_rstrip(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    strip_impl(vm, args, false, true)
}

fn partition_impl(vm: &mut Vm, args: Args<'_>, rev: bool) -> PyResult<Value> {
    let b = this(&args)?;
    let sep = other(vm, args.pos().get(1).unwrap_or(&Value::None))?;
    if sep.is_empty() {
        return Err(Error::value_error("empty separator"));
    }
    let found = if rev {
        rfind_sub(b, sep)
    } else {
        find_sub(b, sep)
    };
    let parts: [&[u8]; 3] = match found {
        Some(k) => [&b[..k], sep, &b[k + sep.len()..]],
        None if rev => [b"", b"", b],
        None => [b, b"", b""],
    };
    Ok(Value::tuple(
        parts.iter().map(|p| new_bytes(p.to_vec())).collect(),
    ))
}
fn b_partition(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    partition_impl(vm, args, false)
}
fn b_rpartition(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    partition_impl(vm, args, true)
}

fn b_removeprefix(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let b = this(&args)?;
    let p = other(vm, args.pos().get(1).unwrap_or(&Value::None))?;
    Ok(new_bytes(b.strip_prefix(p).unwrap_or(b).to_vec()))
}
fn b_removesuffix(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let b = this(&args)?;
    let p = other(vm, args.pos().get(1).unwrap_or(&Value::None))?;
    Ok(new_bytes(b.strip_suffix(p).unwrap_or(b).to_vec()))
}

fn justify(vm: &mut Vm, args: Args<'_>, how: char, name: &str) -> PyResult<Value> {
    let b = this(&args)?;
    let width = match args.pos().get(1) {
        Some(v) => glue::to_ssize(vm, v)?,
        None => {
            return Err(Error::type_error(format!(
                "{name} expected at least 1 argument, got 0"
            )))
        }
    };
    let fill = match args.pos().get(2) {
        None => b' ',
        Some(v) => match bytes_of(v) {
            Some(&[c]) => c,
            _ => {
                return Err(Error::type_error(format!(
                    "{name}() argument 2 must be a byte string of length 1, not {}",
                    glue::type_name(vm, v)
                )))
            }
        },
    };
    let width = width.max(0) as usize;
    let n = width.saturating_sub(b.len());
    let (left, right) = crate::object::strmethods::justify_sides(n, width, how);
    Ok(new_bytes(crate::alloc::padded_bytes(
        fill,
        left,
        &[b],
        right,
    )?))
}
fn b_center(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    justify(vm, args, '^', "center")
}
fn b_ljust(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    justify(vm, args, '<', "ljust")
}
fn b_rjust(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    justify(vm, args, '>', "rjust")
}

fn b_zfill(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let b = this(&args)?;
    let width = glue::to_ssize(vm, args.pos().get(1).unwrap_or(&Value::Int(0)))?;
    let n = (width.max(0) as usize).saturating_sub(b.len());
    let (sign, rest) = match b.first() {
        Some(b'+' | b'-') => b.split_at(1),
        _ => (&b[..0], b),
    };
    let mut out = crate::alloc::vec_with_capacity(crate::alloc::add(n, b.len())?)?;
    out.extend_from_slice(sign);
    out.resize(sign.len() + n, b'0');
    out.extend_from_slice(rest);
    Ok(new_bytes(out))
}

fn b_expandtabs(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let b = this(&args)?;
    let tab = crate::object::strmethods::tabsize_arg(vm, &args)?;
    let mut out = Vec::new();
    let mut col = 0usize;
    for &c in b {
        match c {
            b'\t' => {
                if tab > 0 {
                    let n = tab as usize - col % tab as usize;
                    crate::alloc::reserve(&mut out, n)?;
                    out.resize(out.len() + n, b' ');
                    col = crate::alloc::add(col, n)?;
                }
            }
            b'\n' | b'\r' => {
                out.push(c);
                col = 0;
            }
            c => {
                out.push(c);
                col += 1;
            }
        }
    }
    Ok(new_bytes(out))
}

fn pred_all(args: &Args<'_>, f: impl Fn(&u8) -> bool) -> PyResult<Value> {
    let b = this(args)?;
    Ok(Value::Bool(!b.is_empty() && b.iter().all(f)))
}
fn b_isalnum(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pred_all(&args, u8::is_ascii_alphanumeric)
}
fn b_isalpha(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pred_all(&args, u8::is_ascii_alphabetic)
}
fn b_isdigit(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pred_all(&args, u8::is_ascii_digit)
}
fn b_isspace(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pred_all(&args, |&c| is_space(c))
}
fn b_isascii(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Bool(this(&args)?.is_ascii()))
}
fn cased_test(args: &Args<'_>, upper: bool) -> PyResult<Value> {
    let b = this(args)?;
    let wrong = |c: &u8| {
        if upper {
            c.is_ascii_lowercase()
        } else {
            c.is_ascii_uppercase()
        }
    };
    Ok(Value::Bool(
        !b.iter().any(wrong) && b.iter().any(u8::is_ascii_alphabetic),
    ))
}
fn b_isupper(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    cased_test(&args, true)
}
fn b_islower(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    cased_test(&args, false)
}
fn b_istitle(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (mut prev_cased, mut any) = (false, false);
    for c in this(&args)? {
        if c.is_ascii_uppercase() {
            if prev_cased {
                return Ok(Value::Bool(false));
            }
            prev_cased = true;
            any = true;
        } else if c.is_ascii_lowercase() {
            if !prev_cased {
                return Ok(Value::Bool(false));
            }
        } else {
            prev_cased = false;
        }
    }
    Ok(Value::Bool(any))
}

fn b_capitalize(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let mut out = this(&args)?.to_ascii_lowercase();
    if let Some(c) = out.first_mut() {
        c.make_ascii_uppercase();
    }
    Ok(new_bytes(out))
}
fn b_swapcase(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(new_bytes(
        this(&args)?
            .iter()
            .map(|&c| if c.is_ascii_alphabetic() { c ^ 0x20 } else { c })
            .collect(),
    ))
}
fn b_title(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let mut prev_cased = false;
    let mut out = this(&args)?.to_vec();
    for c in out.iter_mut() {
        if prev_cased {
            c.make_ascii_lowercase();
        } else {
            c.make_ascii_uppercase();
        }
        prev_cased = c.is_ascii_alphabetic();
    }
    Ok(new_bytes(out))
}

/// `bytes.maketrans(frm, to)`: the 256-byte table mapping each byte of
/// `frm` to the byte of `to` at the same place (static: args[0] may be the
/// type or a bytes).
fn b_maketrans(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = args.pos();
    let (Some(frm), Some(to)) = (pos.get(1), pos.get(2)) else {
        return Err(Error::type_error(format!(
            "maketrans expected 2 arguments, got {}",
            pos.len().saturating_sub(1)
        )));
    };
    let (frm, to) = (other(vm, frm)?, other(vm, to)?);
    if frm.len() != to.len() {
        return Err(Error::value_error(
            "maketrans arguments must have same length",
        ));
    }
    let mut table: Vec<u8> = (0..=255).collect();
    for (&a, &b) in frm.iter().zip(to) {
        table[a as usize] = b;
    }
    Ok(new_bytes(table))
}

fn b_translate(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let b = this(&args)?;
    let table = match args.pos().get(1).or_else(|| args.kwarg("table")) {
        Some(v) if !v.is_none() => {
            let t = other(vm, v)?;
            if t.len() != 256 {
                return Err(Error::value_error(
                    "translation table must be 256 characters long",
                ));
            }
            Some(t)
        }
        Some(_) => None,
        None => {
            return Err(Error::type_error(
                "translate() takes at least 1 argument (0 given)",
            ))
        }
    };
    let delete = match args.pos().get(2).or_else(|| args.kwarg("delete")) {
        Some(v) => other(vm, v)?,
        None => b"",
    };
    Ok(new_bytes(
        b.iter()
            .filter(|c| !delete.contains(c))
            .map(|&c| table.map_or(c, |t| t[c as usize]))
            .collect(),
    ))
}

fn starts_ends(vm: &mut Vm, args: Args<'_>, ends: bool) -> PyResult<Value> {
    let b = this(&args)?;
    let p = args.pos().get(1).unwrap_or(&Value::None);
    let test = |x: &[u8]| {
        if ends {
            b.ends_with(x)
        } else {
            b.starts_with(x)
        }
    };
    if let Value::Obj(o) = p {
        if let Object::Tuple(items) = &**o {
            for it in items.iter() {
                if test(other(vm, it)?) {
                    return Ok(Value::Bool(true));
                }
            }
            return Ok(Value::Bool(false));
        }
    }
    match bytes_of(p) {
        Some(x) => Ok(Value::Bool(test(x))),
        None => Err(Error::type_error(format!(
            "{}swith first arg must be bytes or a tuple of bytes, not {}",
            if ends { "end" } else { "start" },
            glue::type_name(vm, p)
        ))),
    }
}
fn b_startswith(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    starts_ends(vm, args, false)
}
fn b_endswith(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    starts_ends(vm, args, true)
}

fn b_replace(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let b = this(&args)?;
    let old = other(vm, args.pos().get(1).unwrap_or(&Value::None))?;
    let new = other(vm, args.pos().get(2).unwrap_or(&Value::None))?;
    if old.is_empty() {
        let mut out = new.to_vec();
        for &c in b {
            out.push(c);
            out.extend_from_slice(new);
        }
        return Ok(new_bytes(out));
    }
    let mut out = Vec::with_capacity(b.len());
    let mut rest = b;
    while let Some(k) = find_sub(rest, old) {
        out.extend_from_slice(&rest[..k]);
        out.extend_from_slice(new);
        rest = &rest[k + old.len()..];
    }
    out.extend_from_slice(rest);
    Ok(new_bytes(out))
}

fn b_upper(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(new_bytes(this(&args)?.to_ascii_uppercase()))
}
fn b_lower(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(new_bytes(this(&args)?.to_ascii_lowercase()))
}
fn b_len(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Int(this(&args)?.len() as i64))
}

fn b_getitem(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let b = this(&args)?;
    let key = args.pos().get(1).unwrap_or(&Value::None);
    if let Value::Obj(o) = key {
        if let Object::Slice { start, stop, step } = &**o {
            let n = b.len() as i64;
            let step = if step.is_none() {
                1
            } else {
                crate::ops::to_clamped_index(vm, step)?
            };
            if step == 0 {
                return Err(Error::value_error("slice step cannot be zero"));
            }
            let mut bound = |v: &Value, default: i64| -> PyResult<i64> {
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
            let (a, z) = if step > 0 {
                (bound(start, 0)?, bound(stop, n)?)
            } else {
                (bound(start, n - 1)?, bound(stop, -1)?)
            };
            let mut out = Vec::new();
            let mut i = a;
            while (step > 0 && i < z) || (step < 0 && i > z) {
                out.push(b[i as usize]);
                // A step near i64::MAX (a clamped huge one) ends the walk.
                let Some(next) = i.checked_add(step) else {
                    break;
                };
                i = next;
            }
            return Ok(new_bytes(out));
        }
    }
    let i = glue::to_index(vm, key)?;
    let j = if i < 0 { i + b.len() as i64 } else { i };
    b.get(j as usize)
        .filter(|_| j >= 0)
        .map(|&c| Value::Int(c as i64))
        .ok_or_else(|| Error::index_error("index out of range"))
}

fn b_contains(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let b = this(&args)?;
    let n = needle(vm, args.pos().get(1).unwrap_or(&Value::None))?;
    Ok(Value::Bool(find_sub(b, &n).is_some()))
}

fn b_add(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let b = this(&args)?;
    let o = args.pos().get(1).unwrap_or(&Value::None);
    let t = bytes_of(o).ok_or_else(|| {
        Error::type_error(format!("can't concat {} to bytes", glue::type_name(vm, o)))
    })?;
    let mut out = b.to_vec();
    out.extend_from_slice(t);
    Ok(new_bytes(out))
}

/// Methods of `bytes` (self is args[0]; `__new__`/`fromhex` get the type).
pub const METHODS: &[(&str, NativeFnPtr)] = &[
    ("__new__", bytes_new),
    ("decode", b_decode),
    ("hex", b_hex),
    ("fromhex", b_fromhex),
    ("join", b_join),
    ("split", b_split),
    ("startswith", b_startswith),
    ("endswith", b_endswith),
    ("find", b_find),
    ("count", b_count),
    ("replace", b_replace),
    ("strip", b_strip),
    ("lstrip", b_lstrip),
    ("rstrip", b_rstrip),
    ("rsplit", b_rsplit),
    ("splitlines", b_splitlines),
    ("rfind", b_rfind),
    ("index", b_index),
    ("rindex", b_rindex),
    ("partition", b_partition),
    ("rpartition", b_rpartition),
    ("removeprefix", b_removeprefix),
    ("removesuffix", b_removesuffix),
    ("center", b_center),
    ("ljust", b_ljust),
    ("rjust", b_rjust),
    ("zfill", b_zfill),
    ("expandtabs", b_expandtabs),
    ("isalnum", b_isalnum),
    ("isalpha", b_isalpha),
    ("isascii", b_isascii),
    ("isdigit", b_isdigit),
    ("islower", b_islower),
    ("isspace", b_isspace),
    ("istitle", b_istitle),
    ("isupper", b_isupper),
    ("capitalize", b_capitalize),
    ("swapcase", b_swapcase),
    ("title", b_title),
    ("maketrans", b_maketrans),
    ("translate", b_translate),
    ("upper", b_upper),
    ("lower", b_lower),
    ("__len__", b_len),
    ("__getitem__", b_getitem),
    ("__contains__", b_contains),
    ("__add__", b_add),
];
