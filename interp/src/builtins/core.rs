//! print, input, len, repr, ascii, hash, format.

use super::{arity, check_kwargs};
use crate::error::{Error, ExcKind, PyResult};
use crate::object::Args;
use crate::ops;
use crate::value::Value;
use crate::vm::Vm;

/// `print(*args, sep=' ', end='\n', file=None, flush=False)`.
pub fn print(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let mut sep = None;
    let mut end = None;
    let mut file = None;
    let mut flush = false;
    for (k, v) in args.kwargs() {
        let text = |what: &str| -> PyResult<Option<String>> {
            match v {
                Value::None => Ok(None),
                _ => match v.as_str() {
                    Some(s) => Ok(Some(s.to_owned())),
                    None => Err(Error::type_error(format!(
                        "{what} must be None or a string, not {}",
                        v_type(v)
                    ))),
                },
            }
        };
        match k {
            "sep" => sep = text("sep")?,
            "end" => end = text("end")?,
            "file" => file = if v.is_none() { None } else { Some(v.clone()) },
            "flush" => flush = ops::truthy(vm, v)?,
            _ => {
                return Err(Error::type_error(format!(
                    "'{k}' is an invalid keyword argument for print()"
                )))
            }
        }
    }
    let mut out = String::new();
    for (i, a) in args.pos().iter().enumerate() {
        if i > 0 {
            out.push_str(sep.as_deref().unwrap_or(" "));
        }
        // A plain str prints as itself; a str subclass's instance goes
        // through `str()` (its `__str__`, an enum member's name).
        match a.as_str_obj() {
            Some(s) => out.push_str(s.as_str()),
            None => out.push_str(&ops::str_of(vm, a)?),
        }
    }
    out.push_str(end.as_deref().unwrap_or("\n"));
    let file = match file {
        Some(f) => Some(f),
        None => vm.sys_attr("stdout"),
    };
    match file {
        Some(f) if !crate::io::is_stdout(&f) => {
            if f.is_none() {
                return Ok(Value::None);
            }
            vm.call_method(&f, "write", &[Value::string(out)])?;
            if flush {
                vm.call_method(&f, "flush", &[])?;
            }
        }
        _ => {
            // The buffer is only waited for, and written out, without the GIL.
            if !crate::io::append_stdout_without_waiting(out.as_bytes()) {
                vm.allow_threads_because("io", || crate::io::write_stdout(&out))
                    .map_err(|e| crate::io::io_error(&e))?;
            }
            if flush {
                vm.allow_threads_because("io", crate::io::try_flush_stdout)
                    .map_err(|e| crate::io::io_error(&e))?;
            }
        }
    }
    Ok(Value::None)
}

fn v_type(v: &Value) -> &'static str {
    match v {
        Value::Obj(o) => o.kind_name(),
        Value::Int(_) => "int",
        Value::Float(_) => "float",
        Value::Bool(_) => "bool",
        Value::None => "NoneType",
    }
}

/// `input(prompt='')`: a line from stdin without its newline; EOFError at end.
pub fn input(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = arity("input", &args, 0, 1)?;
    let prompt = match pos.first() {
        Some(p) => ops::str_of(vm, p)?,
        None => String::new(),
    };
    vm.allow_threads_because("input", || {
        crate::io::write_stdout(&prompt).and_then(|()| crate::io::try_flush_stdout())
    })
    .map_err(|e| crate::io::io_error(&e))?;
    let line = vm.allow_threads_because("input", crate::io::read_stdin_line);
    let line = line.map_err(|e| Error::new(ExcKind::OSError, e.to_string()))?;
    if line.is_empty() {
        return Err(Error::new(ExcKind::EOFError, "EOF when reading a line"));
    }
    let mut s = String::from_utf8_lossy(&line).into_owned();
    if s.ends_with('\n') {
        s.pop();
        if s.ends_with('\r') {
            s.pop();
        }
    }
    Ok(Value::string(s))
}

pub fn len(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_kwargs("len", &args, &[])?;
    let pos = arity("len", &args, 1, 1)?;
    Ok(Value::Int(ops::len(vm, &pos[0])? as i64))
}

pub fn repr(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = arity("repr", &args, 1, 1)?;
    Ok(Value::string(ops::repr(vm, &pos[0])?))
}

pub fn ascii(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = arity("ascii", &args, 1, 1)?;
    Ok(Value::string(ops::ascii(vm, &pos[0])?))
}

pub fn hash(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = arity("hash", &args, 1, 1)?;
    Ok(Value::Int(ops::hash(vm, &pos[0])? as i64))
}

/// `format(value, format_spec='')`.
pub fn format(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = arity("format", &args, 1, 2)?;
    let spec = match pos.get(1) {
        None => "",
        Some(s) => match s.as_str() {
            Some(s) => s,
            None => {
                let t = vm.type_name(s);
                return Err(Error::type_error(format!(
                    "format() argument 2 must be str, not {t}"
                )));
            }
        },
    };
    Ok(Value::string(ops::format(vm, &pos[0], spec)?))
}
