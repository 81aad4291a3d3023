//! `str.format` / `str.format_map`: replacement fields `{name.attr[key]!r:spec}`,
//! automatic and manual numbering, nested fields inside specs, `{{` `}}`.

use super::glue;
use crate::error::{Error, ExcKind, PyResult};
use crate::value::Value;
use crate::vm::Vm;

/// Where named fields come from.
pub enum Named<'a> {
    Kwargs(&'a [(&'a str, Value)]),
    Mapping(&'a Value),
}

struct Ctx<'a> {
    args: &'a [Value],
    named: Named<'a>,
    /// None = not decided; Some(true) = automatic numbering.
    auto: Option<bool>,
    next: usize,
}

/// `fmt.format(*args, **kwargs)`.
pub fn str_format(
    vm: &mut Vm,
    fmt: &str,
    args: &[Value],
    kwargs: &[(&str, Value)],
) -> PyResult<String> {
    let mut ctx = Ctx {
        args,
        named: Named::Kwargs(kwargs),
        auto: None,
        next: 0,
    };
    render(vm, fmt, &mut ctx, 2)
}

/// `fmt.format_map(mapping)`.
pub fn str_format_map(vm: &mut Vm, fmt: &str, mapping: &Value) -> PyResult<String> {
    let mut ctx = Ctx {
        args: &[],
        named: Named::Mapping(mapping),
        auto: None,
        next: 0,
    };
    render(vm, fmt, &mut ctx, 2)
}

fn render(vm: &mut Vm, fmt: &str, ctx: &mut Ctx<'_>, depth: u32) -> PyResult<String> {
    if depth == 0 {
        return Err(Error::value_error("Max string recursion exceeded"));
    }
    let mut out = String::with_capacity(fmt.len() + 16);
    let b = fmt.as_bytes();
    let mut i = 0;
    let mut lit_start = 0;
    while i < b.len() {
        match b[i] {
            b'{' => {
                out.push_str(&fmt[lit_start..i]);
                if b.get(i + 1) == Some(&b'{') {
                    out.push('{');
                    i += 2;
                    lit_start = i;
                    continue;
                }
                // Find the matching '}' (specs may nest one level of fields).
                let start = i + 1;
                let mut level = 1;
                let mut j = start;
                let mut in_bracket = false;
                while j < b.len() {
                    match b[j] {
                        b'[' if level == 1 => in_bracket = true,
                        b']' => in_bracket = false,
                        b'{' if !in_bracket => level += 1,
                        b'}' if !in_bracket => {
                            level -= 1;
                            if level == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                if j >= b.len() {
                    return Err(Error::value_error(
                        if level > 1 || fmt[start..].contains(':') || start < b.len() {
                            "expected '}' before end of string"
                        } else {
                            "Single '{' encountered in format string"
                        },
                    ));
                }
                let field = &fmt[start..j];
                out.push_str(&render_field(vm, field, ctx, depth)?);
                i = j + 1;
                lit_start = i;
            }
            b'}' => {
                out.push_str(&fmt[lit_start..i]);
                if b.get(i + 1) == Some(&b'}') {
                    out.push('}');
                    i += 2;
                    lit_start = i;
                    continue;
                }
                return Err(Error::value_error(
                    "Single '}' encountered in format string",
                ));
            }
            _ => i += 1,
        }
    }
    out.push_str(&fmt[lit_start..]);
    Ok(out)
}

fn render_field(vm: &mut Vm, field: &str, ctx: &mut Ctx<'_>, depth: u32) -> PyResult<String> {
    // Split name / conversion / spec; brackets may contain ':' or '!'.
    let mut name_end = field.len();
    let mut in_bracket = false;
    for (k, c) in field.char_indices() {
        match c {
            '[' => in_bracket = true,
            ']' => in_bracket = false,
            '!' | ':' if !in_bracket => {
                name_end = k;
                break;
            }
            _ => {}
        }
    }
    let name = &field[..name_end];
    let mut rest = &field[name_end..];
    let mut conv = None;
    if let Some(r) = rest.strip_prefix('!') {
        let mut it = r.chars();
        let c = it.next().ok_or_else(|| {
            Error::value_error("end of string while looking for conversion specifier")
        })?;
        conv = Some(c);
        rest = it.as_str();
        if !rest.is_empty() && !rest.starts_with(':') {
            return Err(Error::value_error(
                "expected ':' after conversion specifier",
            ));
        }
    }
    let spec_src = rest.strip_prefix(':').unwrap_or("");
    let value = resolve(vm, name, ctx)?;
    let value = match conv {
        None => value,
        Some('r') => Value::string(glue::repr(vm, &value)?),
        Some('s') => Value::string(glue::str_of(vm, &value)?),
        Some('a') => Value::string(super::repr::ascii_escape(&glue::repr(vm, &value)?)),
        Some(c) => {
            return Err(Error::value_error(format!(
                "Unknown conversion specifier {c}"
            )))
        }
    };
    let spec = if spec_src.contains('{') {
        render(vm, spec_src, ctx, depth - 1)?
    } else {
        spec_src.to_string()
    };
    super::format_spec(vm, &value, &spec)
}

fn resolve(vm: &mut Vm, name: &str, ctx: &mut Ctx<'_>) -> PyResult<Value> {
    let first_end = name.find(['.', '[']).unwrap_or(name.len());
    let first = &name[..first_end];
    let mut v = if first.is_empty() {
        if ctx.auto == Some(false) {
            return Err(Error::value_error(
                "cannot switch from manual field specification to automatic field numbering",
            ));
        }
        ctx.auto = Some(true);
        let k = ctx.next;
        ctx.next += 1;
        positional(ctx, k)?
    } else if let Ok(k) = first.parse::<usize>() {
        if ctx.auto == Some(true) {
            return Err(Error::value_error(
                "cannot switch from automatic field numbering to manual field specification",
            ));
        }
        ctx.auto = Some(false);
        positional(ctx, k)?
    } else {
        match &ctx.named {
            Named::Kwargs(kw) => match kw.iter().find(|(n, _)| *n == first) {
                Some((_, v)) => v.clone(),
                None => return Err(Error::new(ExcKind::KeyError, super::str_repr(first))),
            },
            Named::Mapping(m) => glue::mapping_get(vm, m, first)?,
        }
    };
    // Then `.attr` and `[key]` parts.
    let mut rest = &name[first_end..];
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            if end == 0 {
                return Err(Error::value_error("Empty attribute in format string"));
            }
            v = glue::get_attr(vm, &v, &r[..end])?;
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let end = r
                .find(']')
                .ok_or_else(|| Error::value_error("Missing ']' in format string"))?;
            let key = &r[..end];
            if key.is_empty() {
                return Err(Error::value_error("Empty attribute in format string"));
            }
            let k = match key.parse::<i64>() {
                Ok(i) if key.bytes().all(|c| c.is_ascii_digit()) => Value::Int(i),
                _ => Value::str(key),
            };
            v = glue::getitem(vm, &v, &k)?;
            rest = &r[end + 1..];
        } else {
            return Err(Error::value_error(
                "Only '.' or '[' may follow ']' in format field specifier",
            ));
        }
    }
    Ok(v)
}

fn positional(ctx: &Ctx<'_>, k: usize) -> PyResult<Value> {
    ctx.args.get(k).cloned().ok_or_else(|| {
        Error::index_error(format!(
            "Replacement index {k} out of range for positional args tuple"
        ))
    })
}
