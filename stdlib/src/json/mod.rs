//! The `json` module: Python's `json` (dumps/loads/dump/load, JSONEncoder,
//! JSONDecoder, JSONDecodeError).
//!
//! The scanner and the encoder are native (`decode.rs`, `encode.rs`); the
//! public API, its argument handling and the classes are conc source in
//! `json.conc`, which calls the two native entry points `_encode` and
//! `_decode`.

mod decode;
mod encode;

use conc_interp::object::Args;
use conc_interp::prelude::*;

use crate::util::{exec_in_module, new_module, pos_arity};

const SOURCE: &str = include_str!("json.conc");

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = new_module(
        vm,
        "json",
        &[
            ("_encode", py_encode),
            ("_decode", py_decode),
            ("_encode_basestring", py_encode_basestring),
            ("_encode_basestring_ascii", py_encode_basestring_ascii),
        ],
    );
    exec_in_module(vm, &m, SOURCE)?;
    Ok(m)
}

/// `sys.getrecursionlimit()`: how deep JSON may nest.
fn recursion_limit(vm: &mut Vm) -> usize {
    let limit = vm
        .sys_attr("getrecursionlimit")
        .and_then(|f| vm.call(&f, &[]).ok());
    match limit {
        Some(Value::Int(n)) if n > 0 => n as usize,
        _ => 1000,
    }
}

fn truthy(vm: &mut Vm, v: &Value) -> PyResult<bool> {
    conc_interp::ops::truthy(vm, v)
}

fn opt(v: &Value) -> Option<Value> {
    (!v.is_none()).then(|| v.clone())
}

fn str_arg<'a>(v: &'a Value, what: &str) -> PyResult<&'a str> {
    v.as_str()
        .ok_or_else(|| Error::type_error(format!("{what} must be str")))
}

/// `_encode(obj, skipkeys, ensure_ascii, check_circular, allow_nan,
/// sort_keys, indent, item_separator, key_separator, default)`; `indent` is
/// `None` or the indent string.
fn py_encode(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("_encode", &args, 10, 10)?;
    let a = args.pos();
    let o = encode::Opts {
        skipkeys: truthy(vm, &a[1])?,
        ensure_ascii: truthy(vm, &a[2])?,
        check_circular: truthy(vm, &a[3])?,
        allow_nan: truthy(vm, &a[4])?,
        sort_keys: truthy(vm, &a[5])?,
        indent: match &a[6] {
            Value::None => None,
            v => Some(str_arg(v, "indent")?.to_string()),
        },
        item_sep: str_arg(&a[7], "item_separator")?.to_string(),
        key_sep: str_arg(&a[8], "key_separator")?.to_string(),
        default: opt(&a[9]),
        max_depth: recursion_limit(vm),
    };
    encode::encode(vm, a[0].clone(), &o).map(Value::string)
}

fn py_encode_basestring(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("encode_basestring", &args, 1, 1)?;
    let mut out = String::new();
    encode::write_str(&mut out, str_arg(&args.pos()[0], "argument")?, false);
    Ok(Value::string(out))
}

fn py_encode_basestring_ascii(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("encode_basestring_ascii", &args, 1, 1)?;
    let mut out = String::new();
    encode::write_str(&mut out, str_arg(&args.pos()[0], "argument")?, true);
    Ok(Value::string(out))
}

/// The byte offset of character `n` of `s` (its length past the end).
fn byte_offset(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(b, _)| b)
}

fn char_offset(s: &str, b: usize) -> usize {
    s[..b].chars().count()
}

/// `_decode(s, idx, whole, strict, object_hook, object_pairs_hook,
/// parse_float, parse_int, parse_constant, JSONDecodeError)`: with `whole`,
/// `JSONDecoder.decode` (whitespace around one value, "Extra data" after
/// it) returning the value; otherwise `raw_decode` from character `idx`,
/// returning `(value, end)`.
fn py_decode(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("_decode", &args, 10, 10)?;
    let a = args.pos();
    let s = str_arg(&a[0], "the JSON document")?;
    let idx = match &a[1] {
        Value::Int(i) if *i >= 0 => *i as usize,
        _ => return Err(Error::value_error("idx cannot be negative")),
    };
    let whole = truthy(vm, &a[2])?;
    let hooks = decode::Hooks {
        strict: truthy(vm, &a[3])?,
        object_hook: opt(&a[4]),
        object_pairs_hook: opt(&a[5]),
        parse_float: opt(&a[6]),
        parse_int: opt(&a[7]),
        parse_constant: opt(&a[8]),
        max_depth: recursion_limit(vm),
    };
    let errcls = a[9].clone();
    let p = decode::Parser::new(s, &hooks);
    let start = byte_offset(s, idx);
    let start = if whole { p.skip_ws(start) } else { start };
    let r = p.scan(vm, start).and_then(|(v, end)| {
        if !whole {
            return Ok(Value::tuple(vec![
                v,
                Value::Int(char_offset(s, end) as i64),
            ]));
        }
        let end = p.skip_ws(end);
        if end != s.len() {
            return Err(decode::Fail::At("Extra data", end));
        }
        Ok(v)
    });
    match r {
        Ok(v) => Ok(v),
        Err(decode::Fail::Py(e)) => Err(e),
        Err(decode::Fail::At(msg, at)) => {
            let pos = Value::Int(char_offset(s, at) as i64);
            let exc = vm.call(&errcls, &[Value::str(msg), a[0].clone(), pos])?;
            Err(Error::Obj(exc))
        }
    }
}
