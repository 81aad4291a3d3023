//! The `binascii` module: base64 and hex conversions and `crc32`, native
//! because they are byte loops that must follow CPython's decoder exactly
//! (which characters are skipped, when padding ends the data, the error
//! messages). `base64` is conc source on top of these (`pylib/base64.conc`).

use conc_interp::object::bytes::{bytes_of, new_bytes};
use conc_interp::object::{Args, NativeFnPtr};
use conc_interp::ops;
use conc_interp::prelude::*;

use crate::util::{arg, check_kwargs, exec_in_module, index_i64, new_module, pos_arity};

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// `binascii.Error` with `msg`.
fn binascii_error(vm: &mut Vm, msg: impl Into<String>) -> Error {
    let msg = msg.into();
    let class = vm
        .import_module("binascii")
        .and_then(|m| vm.get_attr(&m, "Error"));
    match class.and_then(|c| vm.call(&c, &[Value::string(msg.clone())])) {
        Ok(exc) => Error::Obj(exc),
        Err(_) => Error::value_error(msg),
    }
}

/// Bytes, or for the decoders an ASCII str, as CPython's converters accept.
fn data(vm: &mut Vm, v: &Value, str_ok: bool) -> PyResult<Vec<u8>> {
    if let Some(b) = bytes_of(v) {
        return Ok(b.to_vec());
    }
    if let Some(s) = v.as_str() {
        if str_ok {
            if !s.is_ascii() {
                return Err(Error::value_error(
                    "string argument should contain only ASCII characters",
                ));
            }
            return Ok(s.as_bytes().to_vec());
        }
    }
    Err(Error::type_error(format!(
        "a bytes-like object is required, not '{}'",
        vm.type_name(v)
    )))
}

fn required<'a>(fname: &str, args: &Args<'a>, name: &str) -> PyResult<&'a Value> {
    arg(args, 0, name).ok_or_else(|| {
        Error::type_error(format!(
            "{fname}() missing required argument '{name}' (pos 1)"
        ))
    })
}

fn flag(vm: &mut Vm, args: &Args<'_>, name: &str, default: bool) -> PyResult<bool> {
    match args.kwarg(name) {
        Some(v) => ops::truthy(vm, v),
        None => Ok(default),
    }
}

/// `b2a_base64(data, *, newline=True)`.
fn b2a_base64(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("b2a_base64", &args, 0, 1)?;
    check_kwargs("b2a_base64", &args, &["data", "newline"])?;
    let input = required("b2a_base64", &args, "data")?;
    let input = data(vm, input, false)?;
    let newline = flag(vm, &args, "newline", true)?;
    let mut out = Vec::with_capacity(input.len().div_ceil(3) * 4 + 1);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        out.push(B64[(n >> 18) as usize & 63]);
        out.push(B64[(n >> 12) as usize & 63]);
        out.push(if chunk.len() > 1 {
            B64[(n >> 6) as usize & 63]
        } else {
            b'='
        });
        out.push(if chunk.len() > 2 {
            B64[n as usize & 63]
        } else {
            b'='
        });
    }
    if newline {
        out.push(b'\n');
    }
    Ok(new_bytes(out))
}

fn b64_value(c: u8) -> Option<u8> {
    B64.iter().position(|&x| x == c).map(|p| p as u8)
}

/// `a2b_base64(data, *, strict_mode=False)`: CPython's decoder, which skips
/// characters outside the alphabet and stops at complete padding unless
/// strict.
fn a2b_base64(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("a2b_base64", &args, 0, 1)?;
    check_kwargs("a2b_base64", &args, &["data", "strict_mode"])?;
    let input = required("a2b_base64", &args, "data")?;
    let input = data(vm, input, true)?;
    let strict = flag(vm, &args, "strict_mode", false)?;
    if strict && input.first() == Some(&b'=') {
        return Err(binascii_error(vm, "Leading padding not allowed"));
    }
    let mut out = Vec::with_capacity(input.len() / 4 * 3);
    let mut quad_pos = 0;
    let mut left: u32 = 0;
    let mut pads = 0;
    let mut padding_started = false;
    let mut data_chars = 0usize;
    let mut i = 0;
    while i < input.len() {
        let c = input[i];
        i += 1;
        if c == b'=' {
            padding_started = true;
            // Padding counts only after two data characters of a quad.
            if quad_pos >= 2 {
                pads += 1;
            }
            if quad_pos >= 2 && quad_pos + pads >= 4 {
                if strict && i < input.len() {
                    return Err(binascii_error(vm, "Excess data after padding"));
                }
                quad_pos = 0;
                break;
            }
            continue;
        }
        let Some(v) = b64_value(c) else {
            if strict {
                return Err(binascii_error(vm, "Only base64 data is allowed"));
            }
            continue;
        };
        if strict && padding_started {
            return Err(binascii_error(vm, "Discontinuous padding not allowed"));
        }
        pads = 0;
        data_chars += 1;
        let v = v as u32;
        match quad_pos {
            0 => {
                left = v;
                quad_pos = 1;
            }
            1 => {
                out.push(((left << 2) | (v >> 4)) as u8);
                left = v & 0x0f;
                quad_pos = 2;
            }
            2 => {
                out.push(((left << 4) | (v >> 2)) as u8);
                left = v & 0x03;
                quad_pos = 3;
            }
            _ => {
                out.push(((left << 6) | v) as u8);
                left = 0;
                quad_pos = 0;
            }
        }
    }
    if quad_pos == 1 {
        return Err(binascii_error(
            vm,
            format!(
                "Invalid base64-encoded string: number of data characters ({data_chars}) cannot be 1 more than a multiple of 4"
            ),
        ));
    }
    if quad_pos != 0 {
        return Err(binascii_error(vm, "Incorrect padding"));
    }
    Ok(new_bytes(out))
}

/// `hexlify(data, sep=None, bytes_per_sep=1)` and `b2a_hex`.
fn hexlify(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("hexlify", &args, 0, 3)?;
    check_kwargs("hexlify", &args, &["data", "sep", "bytes_per_sep"])?;
    let input = required("hexlify", &args, "data")?;
    let input = data(vm, input, false)?;
    let sep = match arg(&args, 1, "sep").filter(|v| !v.is_none()) {
        None => None,
        Some(v) => {
            let s = data(vm, v, true)?;
            if s.len() != 1 {
                return Err(Error::value_error("sep must be length 1."));
            }
            Some(s[0])
        }
    };
    let group = match arg(&args, 2, "bytes_per_sep") {
        Some(v) => index_i64(vm, v)?,
        None => 1,
    };
    let hex: Vec<String> = input.iter().map(|b| format!("{b:02x}")).collect();
    let text = match sep {
        Some(sep) if group != 0 && !hex.is_empty() => {
            let n = group.unsigned_abs() as usize;
            // A positive group counts from the right, a negative from the left.
            let mut groups: Vec<String> = Vec::new();
            if group > 0 {
                let first = hex.len() % n;
                if first > 0 {
                    groups.push(hex[..first].concat());
                }
                groups.extend(hex[first..].chunks(n).map(|c| c.concat()));
            } else {
                groups.extend(hex.chunks(n).map(|c| c.concat()));
            }
            groups.join(&(sep as char).to_string())
        }
        _ => hex.concat(),
    };
    Ok(new_bytes(text.into_bytes()))
}

/// `unhexlify(hexstr)` and `a2b_hex`.
fn unhexlify(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("unhexlify", &args, 0, 1)?;
    check_kwargs("unhexlify", &args, &["hexstr"])?;
    let input = required("unhexlify", &args, "hexstr")?;
    let input = data(vm, input, true)?;
    if input.len() % 2 != 0 {
        return Err(binascii_error(vm, "Odd-length string"));
    }
    let mut out = Vec::with_capacity(input.len() / 2);
    for pair in input.chunks(2) {
        let hi = (pair[0] as char).to_digit(16);
        let lo = (pair[1] as char).to_digit(16);
        match (hi, lo) {
            (Some(h), Some(l)) => out.push((h * 16 + l) as u8),
            _ => return Err(binascii_error(vm, "Non-hexadecimal digit found")),
        }
    }
    Ok(new_bytes(out))
}

/// `crc32(data, value=0)`: the zlib CRC-32.
fn crc32(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("crc32", &args, 1, 2)?;
    check_kwargs("crc32", &args, &[])?;
    let input = data(vm, &args.pos()[0], false)?;
    let start = match args.pos().get(1) {
        Some(v) => crate::util::index_big(vm, v)?,
        None => 0.into(),
    };
    let mask = num_bigint::BigInt::from(u32::MAX);
    let start: u32 = num_traits::ToPrimitive::to_u32(&(start & mask)).unwrap_or(0);
    let mut crc = !start;
    for &b in &input {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    Ok(Value::Int(!crc as i64))
}

/// Creates the `binascii` module.
pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let fns: &[(&str, NativeFnPtr)] = &[
        ("b2a_base64", b2a_base64),
        ("a2b_base64", a2b_base64),
        ("hexlify", hexlify),
        ("b2a_hex", hexlify),
        ("unhexlify", unhexlify),
        ("a2b_hex", unhexlify),
        ("crc32", crc32),
    ];
    let m = new_module(vm, "binascii", fns);
    exec_in_module(
        vm,
        &m,
        "class Error(ValueError):\n    pass\n\n\nclass Incomplete(Exception):\n    pass\n",
    )?;
    Ok(m)
}
