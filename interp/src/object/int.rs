//! The `int` type: constructor, methods and properties (bool shares them).

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{Signed, Zero};

use crate::error::{Error, PyResult};
use crate::format::glue;
use crate::object::bigint::{f64_to_bigint, int_value, to_bigint};
use crate::object::{number, Args, NativeFnPtr, Object};
use crate::value::Value;
use crate::vm::Vm;

fn self_int(args: &Args<'_>) -> PyResult<BigInt> {
    args.pos()
        .first()
        .and_then(to_bigint)
        .ok_or_else(|| Error::type_error("descriptor requires an 'int' object"))
}

/// `int(v)` for any value (numbers, strings, `__int__`, `__index__`, `__trunc__`).
pub fn to_int(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    match v {
        Value::Int(_) => return Ok(v.clone()),
        Value::Bool(b) => return Ok(Value::Int(*b as i64)),
        Value::Float(f) => return f64_to_bigint(*f),
        _ => {}
    }
    if let Some(b) = crate::object::bigint::as_bigint(v) {
        return Ok(int_value(b.clone()));
    }
    if let Some(s) = v.as_str() {
        return crate::format::parse_int(s, 10);
    }
    if let Value::Obj(o) = v {
        if let Object::Bytes(b) = &**o {
            let s = String::from_utf8_lossy(b);
            return crate::format::parse_int(&s, 10).map_err(|_| {
                Error::value_error(format!(
                    "invalid literal for int() with base 10: {}",
                    crate::format::bytes_repr(b)
                ))
            });
        }
    }
    for name in ["__int__", "__index__", "__trunc__"] {
        if let Some(f) = glue::lookup_special(vm, v, name) {
            let r = glue::call(vm, &f, std::slice::from_ref(v))?;
            if !number::is_int(&r) {
                return Err(Error::type_error(format!(
                    "{name} returned non-int (type {})",
                    glue::type_name(vm, &r)
                )));
            }
            return Ok(match r {
                Value::Bool(b) => Value::Int(b as i64),
                r => r,
            });
        }
    }
    // A subclass of a builtin type without a conversion of its own
    // converts as its value (`int(flag)`, `int(S("12"))`).
    if let Some(b) = crate::object::base_value(v) {
        return to_int(vm, b);
    }
    Err(Error::type_error(format!(
        "int() argument must be a string, a bytes-like object or a real number, not '{}'",
        glue::type_name(vm, v)
    )))
}

fn int_new(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = args.pos();
    // `int(x, /, base=10)`: only the base may be named.
    let given = args.args.len().saturating_sub(1);
    if given > 2 {
        return Err(Error::type_error(format!(
            "int() takes at most 2 arguments ({given} given)"
        )));
    }
    if let Some((name, _)) = args.kwargs().find(|(n, _)| *n != "base") {
        return Err(Error::type_error(format!(
            "'{name}' is an invalid keyword argument for int()"
        )));
    }
    let x = pos.get(1);
    let base = pos.get(2).or_else(|| args.kwarg("base"));
    let Some(x) = x else {
        if base.is_some() {
            return Err(Error::type_error("int() missing string argument"));
        }
        return Ok(Value::Int(0));
    };
    match base {
        None => to_int(vm, x),
        Some(b) => {
            // A base past i64 is just out of range, as in CPython.
            let b = match glue::to_index(vm, b) {
                Err(e) if vm.error_matches(&e, crate::error::ExcKind::IndexError) => -1,
                r => r?,
            };
            let base = u32::try_from(b).unwrap_or(1);
            if b != 0 && !(2..=36).contains(&b) {
                return Err(Error::value_error(
                    "int() base must be >= 2 and <= 36, or 0",
                ));
            }
            if let Some(s) = x.as_str() {
                return crate::format::parse_int(s, base);
            }
            if let Value::Obj(o) = x {
                if let Object::Bytes(bs) = &**o {
                    return crate::format::parse_int(&String::from_utf8_lossy(bs), base);
                }
            }
            if let Some(cell) = crate::object::bytearray::bytearray_of(x) {
                let text = String::from_utf8_lossy(&cell.borrow()).into_owned();
                return crate::format::parse_int(&text, base);
            }
            Err(Error::type_error(
                "int() can't convert non-string with explicit base",
            ))
        }
    }
}

fn bit_length(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    if let Some(i) = args.pos().first().and_then(number::to_i64) {
        return Ok(Value::Int(64 - i.unsigned_abs().leading_zeros() as i64));
    }
    Ok(Value::Int(self_int(&args)?.bits() as i64))
}

fn bit_count(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    if let Some(i) = args.pos().first().and_then(number::to_i64) {
        return Ok(Value::Int(i.unsigned_abs().count_ones() as i64));
    }
    let (_, digits) = self_int(&args)?.to_u64_digits();
    Ok(Value::Int(
        digits.iter().map(|d| d.count_ones() as i64).sum(),
    ))
}

fn byteorder_and_signed(vm: &mut Vm, args: &Args<'_>, pos_index: usize) -> PyResult<(bool, bool)> {
    let order = args
        .pos()
        .get(pos_index)
        .or_else(|| args.kwarg("byteorder"));
    let little = match order.map(|o| o.as_str()) {
        None | Some(Some("big")) => false,
        Some(Some("little")) => true,
        Some(Some(_)) => {
            return Err(Error::value_error(
                "byteorder must be either 'little' or 'big'",
            ))
        }
        Some(None) => {
            return Err(Error::type_error(
                "to_bytes() argument 'byteorder' must be str",
            ))
        }
    };
    let signed = match args.kwarg("signed") {
        Some(v) => glue::truthy(vm, v)?,
        None => false,
    };
    Ok((little, signed))
}

fn to_bytes(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let n = self_int(&args)?;
    let length = match args.pos().get(1).or_else(|| args.kwarg("length")) {
        Some(l) => glue::to_ssize(vm, l)?,
        None => 1,
    };
    if length < 0 {
        return Err(Error::value_error("length argument must be non-negative"));
    }
    // CPython's bytes object cannot hold this many (its header included).
    if length > isize::MAX as i64 - 64 {
        return Err(Error::overflow_error("byte string is too large"));
    }
    let (little, signed) = byteorder_and_signed(vm, &args, 2)?;
    if n.is_negative() && !signed {
        return Err(Error::overflow_error(
            "can't convert negative int to unsigned",
        ));
    }
    let mut bytes = if signed {
        n.to_signed_bytes_le()
    } else {
        n.to_bytes_le().1
    };
    if n.is_zero() {
        bytes.clear();
    }
    let length = length as usize;
    if bytes.len() > length {
        return Err(Error::overflow_error("int too big to convert"));
    }
    let fill = if n.is_negative() { 0xff } else { 0 };
    let more = length - bytes.len();
    crate::alloc::reserve(&mut bytes, more)?;
    bytes.resize(length, fill);
    if !little {
        bytes.reverse();
    }
    Ok(Value::new_obj(Object::Bytes(bytes.into_boxed_slice())))
}

fn from_bytes(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    // args[0] is the type (classmethod-like).
    let data = args
        .pos()
        .get(1)
        .or_else(|| args.kwarg("bytes"))
        .ok_or_else(|| {
            Error::type_error("from_bytes() missing required argument 'bytes' (pos 1)")
        })?;
    let raw: Vec<u8> = match data {
        Value::Obj(o) if matches!(&**o, Object::Bytes(_)) => match &**o {
            Object::Bytes(b) => b.to_vec(),
            _ => Vec::new(),
        },
        other => glue::collect(vm, other)?
            .iter()
            .map(|v| {
                number::to_i64(v)
                    .filter(|i| (0..256).contains(i))
                    .map(|i| i as u8)
            })
            .collect::<Option<Vec<u8>>>()
            .ok_or_else(|| Error::value_error("bytes must be in range(0, 256)"))?,
    };
    let (little, signed) = byteorder_and_signed(vm, &args, 2)?;
    let n = match (little, signed) {
        (true, true) => BigInt::from_signed_bytes_le(&raw),
        (false, true) => BigInt::from_signed_bytes_be(&raw),
        (true, false) => BigInt::from_bytes_le(Sign::Plus, &raw),
        (false, false) => BigInt::from_bytes_be(Sign::Plus, &raw),
    };
    Ok(int_value(n))
}

fn int_self(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(int_value(self_int(&args)?))
}

fn int_zero(_vm: &mut Vm, _args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Int(0))
}

fn int_one(_vm: &mut Vm, _args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Int(1))
}

fn as_integer_ratio(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::tuple(vec![
        int_value(self_int(&args)?),
        Value::Int(1),
    ]))
}

fn int_float(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Float(crate::object::bigint::big_to_f64(&self_int(
        &args,
    )?)?))
}

fn int_abs(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    if let Some(i) = args.pos().first().and_then(number::to_i64) {
        if let Some(a) = i.checked_abs() {
            return Ok(Value::Int(a));
        }
    }
    Ok(int_value(self_int(&args)?.abs()))
}

/// `round(n, ndigits)`: for negative ndigits, round half to even at 10**-ndigits.
fn int_round(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let n = self_int(&args)?;
    let nd = match args.pos().get(1).or_else(|| args.kwarg("ndigits")) {
        None | Some(Value::None) => return Ok(int_value(n)),
        Some(v) => crate::ops::to_clamped_index(vm, v)?,
    };
    if nd >= 0 {
        return Ok(int_value(n));
    }
    if nd < -4000 {
        return Ok(Value::Int(0));
    }
    let p = num_traits::pow::Pow::pow(&BigInt::from(10), (-nd) as u32);
    let (q, r) = n.div_mod_floor(&p);
    let twice = &r * 2;
    let q = if twice > p || (twice == p && q.is_odd()) {
        q + 1
    } else {
        q
    };
    Ok(int_value(q * p))
}

fn int_format(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = args.pos();
    let spec = pos.get(1).and_then(|s| s.as_str()).unwrap_or("");
    let v = match &pos[0] {
        Value::Bool(b) if !spec.is_empty() => Value::Int(*b as i64),
        v => v.clone(),
    };
    Ok(Value::string(crate::format::format_spec(vm, &v, spec)?))
}

fn int_bool(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Bool(
        args.pos().first().and_then(number::truthy).unwrap_or(false),
    ))
}

/// `bool(x)`.
fn bool_new(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    args.check_iterable_ctor("bool", "bool")?;
    match args.pos().get(1) {
        None => Ok(Value::Bool(false)),
        Some(v) => Ok(Value::Bool(glue::truthy(vm, v)?)),
    }
}

/// Methods of `int` (self is args[0]; `__new__` and `from_bytes` get the type).
pub const METHODS: &[(&str, NativeFnPtr)] = &[
    ("__new__", int_new),
    ("bit_length", bit_length),
    ("bit_count", bit_count),
    ("to_bytes", to_bytes),
    ("from_bytes", from_bytes),
    ("conjugate", int_self),
    ("as_integer_ratio", as_integer_ratio),
    ("__index__", int_self),
    ("__int__", int_self),
    ("__float__", int_float),
    ("__abs__", int_abs),
    ("__round__", int_round),
    ("__trunc__", int_self),
    ("__floor__", int_self),
    ("__ceil__", int_self),
    ("__format__", int_format),
    ("__bool__", int_bool),
];

/// `bool`'s own constructor (its other methods are int's).
pub const BOOL_METHODS: &[(&str, NativeFnPtr)] = &[("__new__", bool_new)];

/// Read-only attributes of `int` (getters taking self).
pub const PROPERTIES: &[(&str, NativeFnPtr)] = &[
    ("real", int_self),
    ("imag", int_zero),
    ("numerator", int_self),
    ("denominator", int_one),
];
