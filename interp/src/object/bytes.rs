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
    let pos = args.pos();
    let Some(x) = pos.get(1) else {
        return Ok(new_bytes(Vec::new()));
    };
    if let Some(s) = x.as_str() {
        let enc = pos
            .get(2)
            .and_then(|e| e.as_str())
            .ok_or_else(|| Error::type_error("string argument without an encoding"))?;
        let r = crate::object::strmethods::METHODS
            .iter()
            .find(|(n, _)| *n == "encode")
            .map(|(_, f)| *f)
            .ok_or_else(|| Error::type_error("encode unavailable"))?;
        let argv = [Value::str(s), Value::str(enc)];
        return r(vm, Args::new(&argv));
    }
    if let Some(b) = bytes_of(x) {
        return Ok(new_bytes(b.to_vec()));
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
    let items = glue::collect(vm, x)?;
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

fn find_sub(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

fn b_split(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let b = this(&args)?;
    let parts: Vec<Value> = match args.pos().get(1).filter(|v| !v.is_none()) {
        None => b
            .split(|c| c.is_ascii_whitespace())
            .filter(|p| !p.is_empty())
            .map(|p| new_bytes(p.to_vec()))
            .collect(),
        Some(sep) => {
            let sep = other(vm, sep)?;
            if sep.is_empty() {
                return Err(Error::value_error("empty separator"));
            }
            let mut out = Vec::new();
            let mut rest = b;
            while let Some(k) = find_sub(rest, sep) {
                out.push(new_bytes(rest[..k].to_vec()));
                rest = &rest[k + sep.len()..];
            }
            out.push(new_bytes(rest.to_vec()));
            out
        }
    };
    Ok(Value::list(parts))
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
    Ok(Value::Bool(test(other(vm, p)?)))
}
fn b_startswith(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    starts_ends(vm, args, false)
}
fn b_endswith(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    starts_ends(vm, args, true)
}

fn needle(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Some(i) = number::to_i64(v) {
        return u8::try_from(i)
            .map(|b| vec![b])
            .map_err(|_| Error::value_error("byte must be in range(0, 256)"));
    }
    Ok(other(vm, v)?.to_vec())
}

fn b_find(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let b = this(&args)?;
    let n = needle(vm, args.pos().get(1).unwrap_or(&Value::None))?;
    Ok(Value::Int(find_sub(b, &n).map_or(-1, |k| k as i64)))
}

fn b_count(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let b = this(&args)?;
    let n = needle(vm, args.pos().get(1).unwrap_or(&Value::None))?;
    if n.is_empty() {
        return Ok(Value::Int(b.len() as i64 + 1));
    }
    let (mut c, mut rest) = (0, b);
    while let Some(k) = find_sub(rest, &n) {
        c += 1;
        rest = &rest[k + n.len()..];
    }
    Ok(Value::Int(c))
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

fn b_strip(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let b = this(&args)?;
    let chars: Option<Vec<u8>> = match args.pos().get(1).filter(|v| !v.is_none()) {
        Some(v) => Some(other(vm, v)?.to_vec()),
        None => None,
    };
    let strip = |c: &u8| match &chars {
        Some(cs) => cs.contains(c),
        None => c.is_ascii_whitespace(),
    };
    let start = b.iter().position(|c| !strip(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|c| !strip(c)).map_or(start, |k| k + 1);
    Ok(new_bytes(b[start..end.max(start)].to_vec()))
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
                glue::to_index(vm, step)?
            };
            if step == 0 {
                return Err(Error::value_error("slice step cannot be zero"));
            }
            let mut bound = |v: &Value, default: i64| -> PyResult<i64> {
                if v.is_none() {
                    return Ok(default);
                }
                let i = glue::to_index(vm, v)?;
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
                i += step;
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
    ("upper", b_upper),
    ("lower", b_lower),
    ("__len__", b_len),
    ("__getitem__", b_getitem),
    ("__contains__", b_contains),
    ("__add__", b_add),
];
