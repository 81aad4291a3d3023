//! The `struct` module: values packed into and unpacked from bytes by a
//! format string. Native, because the work is byte-exact conversion
//! (integer ranges, IEEE half/single/double floats, native sizes and
//! alignment) that must match CPython bit for bit. The `Struct` class and
//! `struct.error` are a few lines of conc source over the native functions.
//!
//! Formats follow CPython on x86-64 Linux: a byte-order prefix (`@` native
//! sizes and alignment, the default; `=` native order with standard sizes;
//! `<`, `>`, `!` little/big endian with standard sizes), then codes with
//! optional counts: `x c b B ? h H i I l L q Q n N e f d s p P`. Messages
//! are CPython's. Unpacking reads any bytes-like value (bytes, bytearray,
//! memoryview); `pack_into` writes into a bytearray or a writable
//! memoryview and refuses bytes with CPython's TypeError.

use conc_interp::object::bytes::{bytes_of, new_bytes};
use conc_interp::object::{bytearray, memoryview};
use conc_interp::object::{Args, NativeFnPtr};
use conc_interp::ops;
use conc_interp::prelude::*;
use num_bigint::BigInt;
use num_traits::ToPrimitive;

use crate::util::{as_bigint, check_kwargs, exec_in_module, index_big, int_value, new_module};

/// Byte order and size/alignment rules chosen by a format's first character.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// `@`: native sizes, native alignment, native (little-endian) order.
    Native,
    /// `=`, `<`: standard sizes, little-endian, no alignment.
    Little,
    /// `>`, `!`: standard sizes, big-endian, no alignment.
    Big,
}

/// One code of a format with its repeat count (for `s` and `p`, the length).
#[derive(Clone, Copy)]
struct Item {
    code: u8,
    count: usize,
}

/// A parsed format: its items and total size in bytes.
struct Layout {
    mode: Mode,
    items: Vec<Item>,
    size: usize,
}

/// `struct.error` with `msg`, looked up in the `_struct` module that defines it.
fn struct_error(vm: &mut Vm, msg: impl Into<String>) -> Error {
    let msg = msg.into();
    let class = vm
        .import_module("_struct")
        .and_then(|m| vm.get_attr(&m, "error"));
    match class.and_then(|c| vm.call(&c, &[Value::string(msg.clone())])) {
        Ok(exc) => Error::Obj(exc),
        Err(_) => Error::value_error(msg),
    }
}

/// The size of one `code` in `mode`, or `None` for a code the mode lacks.
fn code_size(mode: Mode, code: u8) -> Option<usize> {
    let standard = mode != Mode::Native;
    Some(match code {
        b'x' | b'c' | b'b' | b'B' | b'?' | b's' | b'p' => 1,
        b'h' | b'H' | b'e' => 2,
        b'i' | b'I' | b'f' => 4,
        b'l' | b'L' if standard => 4,
        b'l' | b'L' | b'q' | b'Q' | b'd' => 8,
        b'n' | b'N' | b'P' if !standard => 8,
        _ => return None,
    })
}

fn parse(vm: &mut Vm, format: &[u8]) -> PyResult<Layout> {
    let (mode, rest) = match format.first() {
        Some(b'@') => (Mode::Native, &format[1..]),
        Some(b'=') | Some(b'<') => (Mode::Little, &format[1..]),
        Some(b'>') | Some(b'!') => (Mode::Big, &format[1..]),
        _ => (Mode::Native, format),
    };
    let mut items = Vec::new();
    let mut size: usize = 0;
    let mut i = 0;
    while i < rest.len() {
        let c = rest[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let mut count: Option<usize> = None;
        while i < rest.len() && rest[i].is_ascii_digit() {
            let digit = (rest[i] - b'0') as usize;
            count = Some(
                count
                    .unwrap_or(0)
                    .checked_mul(10)
                    .and_then(|n| n.checked_add(digit))
                    .ok_or_else(|| struct_error(vm, "total struct size too long"))?,
            );
            i += 1;
        }
        let Some(&code) = rest.get(i) else {
            return Err(struct_error(
                vm,
                "repeat count given without format specifier",
            ));
        };
        i += 1;
        let Some(unit) = code_size(mode, code) else {
            return Err(struct_error(vm, "bad char in struct format"));
        };
        let count = count.unwrap_or(1);
        if mode == Mode::Native && unit > 1 {
            size = size.div_ceil(unit) * unit;
        }
        let bytes = unit
            .checked_mul(count)
            .and_then(|n| size.checked_add(n))
            .filter(|&n| n <= isize::MAX as usize)
            .ok_or_else(|| struct_error(vm, "total struct size too long"))?;
        size = bytes;
        items.push(Item { code, count });
    }
    Ok(Layout { mode, items, size })
}

/// The number of values an item packs or unpacks.
fn value_count(item: &Item) -> usize {
    match item.code {
        b'x' => 0,
        b's' | b'p' => 1,
        _ => item.count,
    }
}

fn layout_of(vm: &mut Vm, format: &Value) -> PyResult<Layout> {
    if let Some(s) = format.as_str() {
        return parse(vm, s.as_bytes());
    }
    if let Some(b) = bytes_of(format) {
        let b = b.to_vec();
        return parse(vm, &b);
    }
    Err(Error::type_error(format!(
        "Struct() argument 1 must be a str or bytes object, not {}",
        vm.type_name(format)
    )))
}

fn put(out: &mut Vec<u8>, mode: Mode, le_bytes: &[u8]) {
    match mode {
        Mode::Big => out.extend(le_bytes.iter().rev()),
        _ => out.extend_from_slice(le_bytes),
    }
}

/// The integer of `v` for an integer code; CPython's messages for non-ints.
fn int_arg(vm: &mut Vm, v: &Value) -> PyResult<BigInt> {
    if let Some(b) = as_bigint(v) {
        return Ok(b);
    }
    if vm.lookup_special(v, "__index__").is_some() {
        return index_big(vm, v);
    }
    Err(struct_error(vm, "required argument is not an integer"))
}

/// The message for `n` that does not fit `code`. As in CPython, the codes
/// under 8 bytes read the value as a C long (unsigned long for `I` and
/// standard `L`) first, and a value past that is only "out of range".
fn range_error(vm: &mut Vm, code: u8, size: usize, n: &BigInt) -> Error {
    let as_long = n.to_i64().is_some();
    let as_ulong = n.to_u64().is_some();
    let msg = match code {
        b'b' if as_long => "byte format requires -128 <= number <= 127".to_string(),
        b'B' if as_long => "ubyte format requires 0 <= number <= 255".to_string(),
        b'h' if as_long => "short format requires -32768 <= number <= 32767".to_string(),
        b'H' if as_long => "ushort format requires 0 <= number <= 65535".to_string(),
        b'i' | b'l' if size == 4 && as_long => format!(
            "'{}' format requires -2147483648 <= number <= 2147483647",
            code as char
        ),
        b'I' | b'L' if size == 4 && as_ulong => format!(
            "'{}' format requires 0 <= number <= 4294967295",
            code as char
        ),
        _ => "argument out of range".to_string(),
    };
    struct_error(vm, msg)
}

fn pack_int(vm: &mut Vm, out: &mut Vec<u8>, mode: Mode, code: u8, v: &Value) -> PyResult<()> {
    let n = int_arg(vm, v)?;
    let size = code_size(mode, code).unwrap_or(8);
    let signed = matches!(code, b'b' | b'h' | b'i' | b'l' | b'q' | b'n');
    let bits = (size * 8) as u32;
    let fits = if code == b'P' {
        // A pointer takes any value of a signed or unsigned machine word.
        n.to_i64().is_some() || n.to_u64().is_some()
    } else if signed {
        let min = -(BigInt::from(1) << (bits - 1));
        let max = (BigInt::from(1) << (bits - 1)) - 1;
        n >= min && n <= max
    } else {
        n >= BigInt::from(0) && n < (BigInt::from(1) << bits)
    };
    if !fits {
        return Err(range_error(vm, code, size, &n));
    }
    let word: u64 = match n.to_i64() {
        Some(i) => i as u64,
        None => n.to_u64().unwrap_or(0),
    };
    put(out, mode, &word.to_le_bytes()[..size]);
    Ok(())
}

fn float_value(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    match v {
        Value::Float(f) => Ok(*f),
        Value::Int(i) => Ok(*i as f64),
        Value::Bool(b) => Ok(*b as i64 as f64),
        _ if as_bigint(v).is_some() => crate::util::float_arg(vm, v),
        _ if vm.lookup_special(v, "__float__").is_some()
            || vm.lookup_special(v, "__index__").is_some() =>
        {
            crate::util::float_arg(vm, v)
        }
        _ => Err(struct_error(vm, "required argument is not a float")),
    }
}

fn pack_float(vm: &mut Vm, out: &mut Vec<u8>, mode: Mode, code: u8, v: &Value) -> PyResult<()> {
    let x = float_value(vm, v)?;
    match code {
        b'e' => {
            let h = half::f16::from_f64(x);
            if h.is_infinite() && x.is_finite() {
                return Err(Error::overflow_error(
                    "float too large to pack with e format",
                ));
            }
            put(out, mode, &h.to_le_bytes());
        }
        b'f' => {
            let f = x as f32;
            // CPython checks the range for the standard sizes only; the native
            // code is a C cast, which gives an infinity.
            if mode != Mode::Native && f.is_infinite() && x.is_finite() {
                return Err(Error::overflow_error(
                    "float too large to pack with f format",
                ));
            }
            put(out, mode, &f.to_le_bytes());
        }
        _ => put(out, mode, &x.to_le_bytes()),
    }
    Ok(())
}

/// Packs `values` by `layout`, appending to a fresh buffer.
fn pack_values(vm: &mut Vm, layout: &Layout, values: &[Value]) -> PyResult<Vec<u8>> {
    check_value_count(vm, "pack", layout, values)?;
    let mode = layout.mode;
    // The size comes from the format string: a huge one is a MemoryError.
    let mut out = conc_interp::alloc::vec_with_capacity(layout.size)?;
    let mut next = values.iter();
    for item in &layout.items {
        let unit = code_size(mode, item.code).unwrap_or(1);
        if mode == Mode::Native && unit > 1 {
            out.resize(out.len().div_ceil(unit) * unit, 0);
        }
        match item.code {
            b'x' => out.resize(out.len() + item.count, 0),
            b's' | b'p' => {
                let v = next.next().cloned().unwrap_or(Value::None);
                let Some(data) = bytes_of(&v) else {
                    let code = item.code as char;
                    return Err(struct_error(
                        vm,
                        format!("argument for '{code}' must be a bytes object"),
                    ));
                };
                let n = item.count;
                if item.code == b's' {
                    let take = data.len().min(n);
                    out.extend_from_slice(&data[..take]);
                    out.resize(out.len() + (n - take), 0);
                } else if n > 0 {
                    let take = data.len().min(n - 1).min(255);
                    out.push(take as u8);
                    out.extend_from_slice(&data[..take]);
                    out.resize(out.len() + (n - 1 - take), 0);
                }
            }
            code => {
                for _ in 0..item.count {
                    let v = next.next().cloned().unwrap_or(Value::None);
                    match code {
                        b'c' => match bytes_of(&v) {
                            Some(b) if b.len() == 1 => out.push(b[0]),
                            _ => {
                                return Err(struct_error(
                                    vm,
                                    "char format requires a bytes object of length 1",
                                ))
                            }
                        },
                        b'?' => out.push(ops::truthy(vm, &v)? as u8),
                        b'e' | b'f' | b'd' => pack_float(vm, &mut out, mode, code, &v)?,
                        _ => pack_int(vm, &mut out, mode, code, &v)?,
                    }
                }
            }
        }
    }
    Ok(out)
}

fn take(data: &[u8], mode: Mode, at: usize, size: usize) -> [u8; 8] {
    let mut word = [0u8; 8];
    word[..size].copy_from_slice(&data[at..at + size]);
    if mode == Mode::Big {
        word[..size].reverse();
    }
    word
}

/// Unpacks one record of `layout` from `data` (exactly `layout.size` long).
fn unpack_values(layout: &Layout, data: &[u8]) -> Value {
    let mode = layout.mode;
    let mut out = Vec::new();
    let mut at: usize = 0;
    for item in &layout.items {
        let unit = code_size(mode, item.code).unwrap_or(1);
        if mode == Mode::Native && unit > 1 {
            at = at.div_ceil(unit) * unit;
        }
        match item.code {
            b'x' => at += item.count,
            b's' => {
                out.push(new_bytes(data[at..at + item.count].to_vec()));
                at += item.count;
            }
            b'p' => {
                let n = item.count;
                let bytes = if n == 0 {
                    Vec::new()
                } else {
                    let len = (data[at] as usize).min(n - 1);
                    data[at + 1..at + 1 + len].to_vec()
                };
                out.push(new_bytes(bytes));
                at += n;
            }
            code => {
                for _ in 0..item.count {
                    let w = take(data, mode, at, unit);
                    let v = match code {
                        b'c' => new_bytes(vec![w[0]]),
                        b'?' => Value::Bool(w[0] != 0),
                        b'e' => Value::Float(half::f16::from_le_bytes([w[0], w[1]]).to_f64()),
                        b'f' => Value::Float(f32::from_le_bytes([w[0], w[1], w[2], w[3]]) as f64),
                        b'd' => Value::Float(f64::from_le_bytes(w)),
                        b'b' | b'h' | b'i' | b'l' | b'q' | b'n' => {
                            let shift = 64 - unit as u32 * 8;
                            Value::Int(((u64::from_le_bytes(w) << shift) as i64) >> shift)
                        }
                        _ => int_value(BigInt::from(u64::from_le_bytes(w))),
                    };
                    out.push(v);
                    at += unit;
                }
            }
        }
    }
    Value::tuple(out)
}

/// A struct error unless `values` has one value per item of `layout`.
fn check_value_count(vm: &mut Vm, fname: &str, layout: &Layout, values: &[Value]) -> PyResult<()> {
    let expected: usize = layout.items.iter().map(value_count).sum();
    if values.len() != expected {
        return Err(struct_error(
            vm,
            format!(
                "{fname} expected {expected} items for packing (got {})",
                values.len()
            ),
        ));
    }
    Ok(())
}

/// The bytes of a bytes-like argument (bytes, bytearray, memoryview),
/// copied.
fn buffer_arg(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Some(b) = bytes_of(v) {
        return Ok(b.to_vec());
    }
    if let Some(view) = memoryview::view_bytes(v) {
        return view;
    }
    match bytearray::buffer_of(v) {
        Some(b) => Ok(b),
        None => Err(Error::type_error(format!(
            "a bytes-like object is required, not '{}'",
            vm.type_name(v)
        ))),
    }
}

fn first_arg<'a>(fname: &str, args: &Args<'a>, min: usize) -> PyResult<&'a [Value]> {
    if args.has_kwargs() {
        return Err(Error::type_error(format!(
            "{fname}() takes no keyword arguments"
        )));
    }
    let pos = args.pos();
    if pos.len() < min {
        return Err(Error::type_error(format!(
            "{fname} expected at least {min} arguments, got {}",
            pos.len()
        )));
    }
    Ok(pos)
}

/// `calcsize(format)`.
fn calcsize(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = first_arg("calcsize", &args, 1)?;
    let layout = layout_of(vm, &pos[0])?;
    Ok(Value::Int(layout.size as i64))
}

/// `pack(format, *values)`.
fn pack(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = first_arg("pack", &args, 1)?;
    let layout = layout_of(vm, &pos[0])?;
    Ok(new_bytes(pack_values(vm, &layout, &pos[1..])?))
}

/// `unpack(format, buffer)`.
fn unpack(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = first_arg("unpack", &args, 2)?;
    let layout = layout_of(vm, &pos[0])?;
    let data = buffer_arg(vm, &pos[1])?;
    if data.len() != layout.size {
        return Err(struct_error(
            vm,
            format!("unpack requires a buffer of {} bytes", layout.size),
        ));
    }
    Ok(unpack_values(&layout, &data))
}

/// `unpack_from(format, buffer, offset=0)`.
fn unpack_from(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_kwargs("unpack_from", &args, &["buffer", "offset"])?;
    let pos = args.pos();
    let Some(format) = pos.first() else {
        return Err(Error::type_error(
            "unpack_from() missing required argument 'format' (pos 1)",
        ));
    };
    let layout = layout_of(vm, format)?;
    let Some(buffer) = pos.get(1).or_else(|| args.kwarg("buffer")) else {
        return Err(Error::type_error(
            "unpack_from() missing required argument 'buffer' (pos 2)",
        ));
    };
    let data = buffer_arg(vm, buffer)?;
    let offset = match pos.get(2).or_else(|| args.kwarg("offset")) {
        Some(v) => crate::util::index_i64(vm, v)?,
        None => 0,
    };
    let len = data.len() as i64;
    let start = if offset < 0 {
        if offset + len < 0 {
            return Err(struct_error(
                vm,
                format!("offset {offset} out of range for {len}-byte buffer"),
            ));
        }
        offset + len
    } else {
        offset
    };
    let need = layout.size as i64;
    if len - start < need {
        return Err(struct_error(
            vm,
            format!(
                "unpack_from requires a buffer of at least {} bytes for unpacking {need} bytes at offset {start} (actual buffer size is {len})",
                need + start
            ),
        ));
    }
    let start = start as usize;
    Ok(unpack_values(&layout, &data[start..start + layout.size]))
}

/// `iter_unpack(format, buffer)`: an iterator over the records.
fn iter_unpack(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = first_arg("iter_unpack", &args, 2)?;
    let layout = layout_of(vm, &pos[0])?;
    let data = buffer_arg(vm, &pos[1])?;
    if layout.size == 0 {
        return Err(struct_error(
            vm,
            "cannot iteratively unpack with a struct of length 0",
        ));
    }
    if data.len() % layout.size != 0 {
        return Err(struct_error(
            vm,
            format!(
                "iterative unpacking requires a buffer of a multiple of {} bytes",
                layout.size
            ),
        ));
    }
    let records: Vec<Value> = data
        .chunks(layout.size)
        .map(|chunk| unpack_values(&layout, chunk))
        .collect();
    let iter = vm
        .builtin("iter")
        .ok_or_else(|| Error::runtime_error("builtin iter missing"))?;
    vm.call(&iter, &[Value::list(records)])
}

/// `pack_into(format, buffer, offset, *values)`: packs into a bytearray or
/// a writable memoryview at `offset` (negative counts from the end), with
/// CPython's checks in CPython's order.
fn pack_into(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = first_arg("pack_into", &args, 1)?;
    let layout = layout_of(vm, &pos[0])?;
    let Some(buffer) = pos.get(1) else {
        return Err(struct_error(vm, "pack_into expected buffer argument"));
    };
    let Some(offset) = pos.get(2) else {
        return Err(struct_error(vm, "pack_into expected offset argument"));
    };
    check_value_count(vm, "pack_into", &layout, &pos[3..])?;
    if let Some(Err(e)) = memoryview::view_bytes(buffer) {
        return Err(e);
    }
    let Some(len) = memoryview::writable_len(buffer) else {
        return Err(Error::type_error(format!(
            "argument must be read-write bytes-like object, not {}",
            vm.type_name(buffer)
        )));
    };
    let offset = crate::util::index_i64(vm, offset)?;
    let (size, len) = (layout.size as i64, len as i64);
    let mut start = offset;
    if offset < 0 {
        if offset + size > 0 {
            return Err(struct_error(
                vm,
                format!("no space to pack {size} bytes at offset {offset}"),
            ));
        }
        if offset + len < 0 {
            return Err(struct_error(
                vm,
                format!("offset {offset} out of range for {len}-byte buffer"),
            ));
        }
        start += len;
    }
    if len - start < size {
        return Err(struct_error(
            vm,
            format!(
                "pack_into requires a buffer of at least {} bytes for packing {size} bytes at offset {start} (actual buffer size is {len})",
                size + start
            ),
        ));
    }
    match pack_values(vm, &layout, &pos[3..]) {
        Ok(data) => {
            memoryview::write_into(buffer, start as usize, &data);
            Ok(Value::None)
        }
        Err(e) => {
            // CPython zeroes the record's bytes before packing into them,
            // so a value that does not fit leaves zeros behind.
            memoryview::write_into(buffer, start as usize, &vec![0; layout.size]);
            Err(e)
        }
    }
}

/// The conc half: `struct.error` and the `Struct` class.
const STRUCT_SRC: &str = r#"
class error(Exception):
    pass


class Struct:
    def __init__(self, format):
        if isinstance(format, bytes):
            format = format.decode('ascii')
        self.size = calcsize(format)
        self.format = format

    def pack(self, *values):
        return pack(self.format, *values)

    def pack_into(self, buffer, offset, *values):
        return pack_into(self.format, buffer, offset, *values)

    def unpack(self, buffer):
        return unpack(self.format, buffer)

    def unpack_from(self, buffer, offset=0):
        return unpack_from(self.format, buffer, offset)

    def iter_unpack(self, buffer):
        return iter_unpack(self.format, buffer)
"#;

/// The native `_struct` module (the functions, `error` and `Struct`).
pub fn init_native(vm: &mut Vm) -> PyResult<Value> {
    let fns: &[(&str, NativeFnPtr)] = &[
        ("calcsize", calcsize),
        ("pack", pack),
        ("unpack", unpack),
        ("unpack_from", unpack_from),
        ("iter_unpack", iter_unpack),
        ("pack_into", pack_into),
    ];
    let m = new_module(vm, "_struct", fns);
    exec_in_module(vm, &m, STRUCT_SRC)?;
    Ok(m)
}

/// The `struct` module: `_struct`'s names.
pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("struct");
    exec_in_module(
        vm,
        &m,
        "from _struct import (calcsize, pack, unpack, unpack_from, iter_unpack,\n    pack_into, error, Struct)\n",
    )?;
    Ok(m)
}
