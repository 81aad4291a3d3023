//! Numeric builtins: abs, round, divmod, pow, chr, ord, hex, oct, bin.
//! The arithmetic itself is the numbers engineer's (`object::number`,
//! `object::bigint`, the `__round__` methods); these add the dispatch to
//! user dunders and CPython's argument errors.

use crate::ops::BinaryOp;
use num_bigint::BigInt;
use num_traits::Signed;

use super::{arity, check_kwargs};
use crate::error::{Error, PyResult};
use crate::object::bigint::{int_value, to_bigint};
use crate::object::{number, Args, Object};
use crate::ops;
use crate::value::Value;
use crate::vm::Vm;

pub fn abs(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = arity("abs", &args, 1, 1)?;
    let x = &pos[0];
    match x {
        Value::Int(i) => Ok(match i.checked_abs() {
            Some(a) => Value::Int(a),
            None => int_value(BigInt::from(*i).abs()),
        }),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Float(f) => Ok(Value::Float(f.abs())),
        Value::Obj(o) => match &**o {
            Object::BigInt(b) => Ok(int_value(b.abs())),
            Object::Complex { re, im } => Ok(Value::Float(re.hypot(*im))),
            _ => {
                if let Some(f) = vm.lookup_special(x, "__abs__") {
                    return vm.call(&f, std::slice::from_ref(x));
                }
                if let Some(b) = crate::object::base_value(x) {
                    let b = b.clone();
                    return abs(vm, Args::new(std::slice::from_ref(&b)));
                }
                let t = vm.type_name(x);
                Err(Error::type_error(format!(
                    "bad operand type for abs(): '{t}'"
                )))
            }
        },
        Value::None => Err(Error::type_error("bad operand type for abs(): 'NoneType'")),
    }
}

/// `round(number, ndigits=None)` through the type's `__round__`.
pub fn round(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_kwargs("round", &args, &["number", "ndigits"])?;
    let pos = args.pos();
    let x = pos
        .first()
        .or_else(|| args.kwarg("number"))
        .ok_or_else(|| Error::type_error("round() missing required argument 'number' (pos 1)"))?;
    let nd = pos.get(1).or_else(|| args.kwarg("ndigits")).cloned();
    let has_round = match x {
        Value::Obj(o) => matches!(**o, Object::Instance(_)).then(|| {
            vm.lookup_special(x, "__round__").is_some() || crate::object::base_value(x).is_some()
        }),
        _ => Some(true),
    };
    if has_round == Some(false)
        || matches!(x, Value::Obj(o) if matches!(**o, Object::Str(_) | Object::List(_) | Object::Tuple(_) | Object::Dict(_) | Object::Bytes(_) | Object::Complex { .. }))
    {
        let t = vm.type_name(x);
        return Err(Error::type_error(format!(
            "type {t} doesn't define __round__ method"
        )));
    }
    if let (Value::Int(_), None | Some(Value::None)) = (x, &nd) {
        return Ok(x.clone());
    }
    match nd {
        None | Some(Value::None) => vm.call_method(x, "__round__", &[]),
        Some(n) => vm.call_method(x, "__round__", &[n]),
    }
}

pub fn divmod(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = arity("divmod", &args, 2, 2)?;
    let (a, b) = (&pos[0], &pos[1]);
    if let Some(r) = number::divmod(a, b) {
        return r;
    }
    for (x, y, name) in [(a, b, "__divmod__"), (b, a, "__rdivmod__")] {
        if let Some(f) = vm.lookup_special(x, name) {
            let r = vm.call(&f, &[x.clone(), y.clone()])?;
            if !ops::is_not_implemented(&r) {
                return Ok(r);
            }
        }
    }
    if let Some((x, y)) = ops::unwrap_bases(a, b) {
        if let Some(r) = number::divmod(x, y) {
            return r;
        }
    }
    let (ta, tb) = (vm.type_name(a), vm.type_name(b));
    Err(Error::type_error(format!(
        "unsupported operand type(s) for divmod(): '{ta}' and '{tb}'"
    )))
}

/// `pow(base, exp, mod=None)`.
pub fn pow(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_kwargs("pow", &args, &["base", "exp", "mod"])?;
    let pos = args.pos();
    let get = |i: usize, name: &str| pos.get(i).or_else(|| args.kwarg(name)).cloned();
    let (Some(base), Some(exp)) = (get(0, "base"), get(1, "exp")) else {
        return Err(Error::type_error(
            "pow() missing required argument 'exp' (pos 2)",
        ));
    };
    match get(2, "mod") {
        None | Some(Value::None) => ops::binary_op(vm, &base, BinaryOp::Pow, &exp),
        Some(m) => {
            // A class's own `__pow__` first (it may take a modulus).
            if matches!(&base, Value::Obj(o) if matches!(**o, Object::Instance(_))) {
                if let Some(f) = vm.lookup_special(&base, "__pow__") {
                    let r = vm.call(&f, &[base.clone(), exp.clone(), m.clone()])?;
                    if !ops::is_not_implemented(&r) {
                        return Ok(r);
                    }
                }
            }
            // Integers, and instances of int subclasses as their int.
            let int_of = |v: &Value| to_bigint(crate::object::base_value(v).unwrap_or(v));
            match [&base, &exp, &m].map(int_of) {
                [Some(b), Some(e), Some(m)] => crate::object::bigint::pow_mod(&b, &e, &m),
                [b, _, _] => {
                    let numeric = b.is_some()
                        || matches!(base, Value::Float(_))
                        || matches!(&base, Value::Obj(o) if matches!(**o, Object::Complex { .. }));
                    if numeric {
                        return Err(Error::type_error(
                            "pow() 3rd argument not allowed unless all arguments are integers",
                        ));
                    }
                    let names = [&base, &exp, &m].map(|v| vm.type_name(v));
                    Err(Error::type_error(format!(
                        "unsupported operand type(s) for ** or pow(): '{}', '{}', '{}'",
                        names[0], names[1], names[2]
                    )))
                }
            }
        }
    }
}

pub fn chr(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = arity("chr", &args, 1, 1)?;
    let i = match &pos[0] {
        Value::Float(_) => {
            return Err(Error::type_error(
                "'float' object cannot be interpreted as an integer",
            ))
        }
        v => match ops::to_index(vm, v) {
            Ok(i) => i,
            Err(_) if matches!(v, Value::Obj(o) if matches!(**o, Object::BigInt(_))) => {
                return Err(Error::overflow_error(
                    "Python int too large to convert to C int",
                ))
            }
            Err(e) => return Err(e),
        },
    };
    match u32::try_from(i).ok().and_then(char::from_u32) {
        Some(c) => Ok(ops::char_value(vm, c)),
        None if (0..0x110000).contains(&i) => {
            // A lone surrogate: not representable in UTF-8 text.
            Err(Error::new(
                crate::error::ExcKind::UnicodeEncodeError,
                "surrogates not allowed",
            ))
        }
        None => Err(Error::value_error("chr() arg not in range(0x110000)")),
    }
}

pub fn ord(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = arity("ord", &args, 1, 1)?;
    let v = &pos[0];
    if let Some(s) = v.as_str_obj() {
        let mut it = s.as_str().chars();
        return match (it.next(), it.next()) {
            (Some(c), None) => Ok(Value::Int(c as i64)),
            _ => Err(Error::type_error(format!(
                "ord() expected a character, but string of length {} found",
                s.char_len()
            ))),
        };
    }
    if let Value::Obj(o) = v {
        if let Object::Bytes(b) = &**o {
            return match &b[..] {
                [c] => Ok(Value::Int(*c as i64)),
                _ => Err(Error::type_error(format!(
                    "ord() expected a character, but string of length {} found",
                    b.len()
                ))),
            };
        }
    }
    let t = vm.type_name(v);
    Err(Error::type_error(format!(
        "ord() expected string of length 1, but {t} found"
    )))
}

fn radix(vm: &mut Vm, args: Args<'_>, name: &str, prefix: &str, base: u32) -> PyResult<Value> {
    let pos = arity(name, &args, 1, 1)?;
    let v = &pos[0];
    let n: BigInt = match v {
        Value::Int(i) => BigInt::from(*i),
        Value::Bool(b) => BigInt::from(*b as i64),
        Value::Obj(o) if matches!(**o, Object::BigInt(_)) => to_bigint(v).unwrap_or_default(),
        _ => BigInt::from(ops::to_index(vm, v)?),
    };
    let digits = n.abs().to_str_radix(base);
    let sign = if n.is_negative() { "-" } else { "" };
    Ok(Value::string(format!("{sign}{prefix}{digits}")))
}

pub fn hex(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    radix(vm, args, "hex", "0x", 16)
}

pub fn oct(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    radix(vm, args, "oct", "0o", 8)
}

pub fn bin(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    radix(vm, args, "bin", "0b", 2)
}
