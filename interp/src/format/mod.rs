//! Numbers and text as text: reprs, parsing, the format-spec mini-language,
//! `%`-formatting and `str.format`.

pub(crate) mod float_repr;
pub(crate) mod glue;
pub(crate) mod parse;
pub(crate) mod percent;
pub(crate) mod repr;
pub(crate) mod spec;
pub(crate) mod strformat;

use crate::error::{Error, PyResult};
use crate::object::Object;
use crate::value::Value;
use crate::vm::Vm;

pub use float_repr::float_repr;
pub use parse::{parse_float, parse_int};
pub use percent::{percent_format, percent_format_bytes};
pub use repr::{bigint_repr, bytes_repr, complex_repr, int_repr, str_ascii, str_repr};
pub use strformat::str_format;

/// The repr of a builtin scalar (None, bool, int, float, complex, str,
/// bytes); `None` for anything else.
pub fn scalar_repr(v: &Value) -> Option<String> {
    Some(match v {
        Value::None => "None".into(),
        Value::Bool(b) => (if *b { "True" } else { "False" }).into(),
        Value::Int(i) => int_repr(*i),
        Value::Float(f) => float_repr(*f),
        Value::Obj(o) => match &**o {
            Object::Str(s) => str_repr(s.as_str()),
            Object::BigInt(b) => bigint_repr(b),
            Object::Complex { re, im } => complex_repr(*re, *im),
            Object::Bytes(b) => bytes_repr(b),
            _ => return None,
        },
    })
}

/// `format(v, spec)`: the mini-language for the builtin scalars; user
/// classes' `__format__`; `str(v)` for other objects with an empty spec.
pub fn format_spec(vm: &mut Vm, v: &Value, spec: &str) -> PyResult<String> {
    match v {
        Value::Int(i) => {
            if spec.is_empty() {
                return Ok(int_repr(*i));
            }
            let s = spec::parse(spec, "int")?;
            spec::format_int(spec::IntArg::Small(*i), &s, "int")
        }
        Value::Bool(b) => {
            if spec.is_empty() {
                return Ok((if *b { "True" } else { "False" }).into());
            }
            let s = spec::parse(spec, "bool")?;
            spec::format_int(spec::IntArg::Small(*b as i64), &s, "bool")
        }
        Value::Float(f) => {
            if spec.is_empty() {
                return Ok(float_repr(*f));
            }
            let s = spec::parse(spec, "float")?;
            spec::format_float(*f, &s, "float")
        }
        Value::Obj(o) => match &**o {
            Object::Str(st) => {
                if spec.is_empty() {
                    return Ok(st.as_str().to_string());
                }
                spec::format_str(st.as_str(), &spec::parse(spec, "str")?)
            }
            Object::BigInt(b) => {
                if spec.is_empty() {
                    return Ok(bigint_repr(b));
                }
                spec::format_int(spec::IntArg::Big(b), &spec::parse(spec, "int")?, "int")
            }
            Object::Complex { re, im } => {
                if spec.is_empty() {
                    return Ok(complex_repr(*re, *im));
                }
                spec::format_complex(*re, *im, &spec::parse(spec, "complex")?, "complex")
            }
            _ => format_object(vm, v, spec),
        },
        Value::None => format_object(vm, v, spec),
    }
}

fn format_object(vm: &mut Vm, v: &Value, spec: &str) -> PyResult<String> {
    if let Some(f) = glue::lookup_special(vm, v, "__format__") {
        let r = glue::call(vm, &f, &[v.clone(), Value::str(spec)])?;
        return match r.as_str() {
            Some(s) => Ok(s.to_string()),
            None => Err(Error::type_error(format!(
                "__format__ must return a str, not {}",
                glue::type_name(vm, &r)
            ))),
        };
    }
    // A builtin type's subclass formats as its value (`f"{flag:03d}"`);
    // with an empty spec, as its own `str()`.
    if let Some(b) = crate::object::base_value(v) {
        if !spec.is_empty() {
            return format_spec(vm, b, spec);
        }
    }
    if !spec.is_empty() {
        return Err(Error::type_error(format!(
            "unsupported format string passed to {}.__format__",
            glue::type_name(vm, v)
        )));
    }
    glue::str_of(vm, v)
}
