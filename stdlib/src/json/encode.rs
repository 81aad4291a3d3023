//! The JSON encoder: `json.dumps`'s output, byte for byte, written natively
//! (CPython's `c_make_encoder` and `_make_iterencode`).
//!
//! Containers are walked with an explicit stack, so a deep structure cannot
//! overflow the Rust stack; like CPython, nesting past the recursion limit
//! raises `RecursionError`, and a container met again inside itself raises
//! `ValueError: Circular reference detected` (with `check_circular`).

use std::collections::HashSet;
use std::fmt::Write;

use conc_interp::format::float_repr;
use conc_interp::object::Object;
use conc_interp::prelude::*;

/// The options of one `JSONEncoder`.
pub struct Opts {
    pub skipkeys: bool,
    pub ensure_ascii: bool,
    pub check_circular: bool,
    pub allow_nan: bool,
    pub sort_keys: bool,
    /// The indent unit; `None` for everything on one line.
    pub indent: Option<String>,
    pub item_sep: String,
    pub key_sep: String,
    /// `default(o)` for objects JSON has no form for.
    pub default: Option<Value>,
    /// The recursion limit (`sys.getrecursionlimit()`).
    pub max_depth: usize,
}

/// A container being written. Each frame keeps its object alive, so that
/// no other object can take its address (its circular-check marker) while
/// it is being written.
enum Frame {
    List {
        items: Vec<Value>,
        next: usize,
        marker: Option<i64>,
        _obj: Value,
    },
    Dict {
        items: Vec<(Value, Value)>,
        next: usize,
        first: bool,
        marker: Option<i64>,
        _obj: Value,
    },
    /// The value `default(o)` returned is being written; `o`'s marker goes
    /// when it is done.
    Default { marker: Option<i64>, _obj: Value },
}

struct Encoder<'a> {
    o: &'a Opts,
    out: String,
    stack: Vec<Frame>,
    markers: HashSet<i64>,
    /// Open lists and dicts (the indentation level).
    level: usize,
}

/// `json.dumps(value)` with these options.
pub fn encode(vm: &mut Vm, value: Value, o: &Opts) -> PyResult<String> {
    let mut e = Encoder {
        o,
        out: String::new(),
        stack: Vec::new(),
        markers: HashSet::new(),
        level: 0,
    };
    let mut pending = Some(value);
    loop {
        if let Some(v) = pending.take() {
            e.value(vm, v)?;
        }
        let Some(top) = e.stack.last_mut() else {
            return Ok(e.out);
        };
        match top {
            Frame::List { items, next, .. } => {
                if *next < items.len() {
                    let v = items[*next].clone();
                    *next += 1;
                    if *next > 1 {
                        e.out.push_str(&o.item_sep);
                    }
                    e.newline_indent();
                    pending = Some(v);
                } else {
                    let Some(Frame::List { marker, .. }) = e.stack.pop() else {
                        unreachable!()
                    };
                    e.close(']', marker);
                }
            }
            Frame::Dict { .. } => {
                if let Some(v) = e.next_dict_item(vm)? {
                    pending = Some(v);
                } else {
                    let Some(Frame::Dict { marker, .. }) = e.stack.pop() else {
                        unreachable!()
                    };
                    e.close('}', marker);
                }
            }
            Frame::Default { marker, .. } => {
                if let Some(m) = marker {
                    e.markers.remove(m);
                }
                e.stack.pop();
            }
        }
    }
}

impl Encoder<'_> {
    fn newline_indent(&mut self) {
        if let Some(unit) = &self.o.indent {
            self.out.push('\n');
            for _ in 0..self.level {
                self.out.push_str(unit);
            }
        }
    }

    fn close(&mut self, bracket: char, marker: Option<i64>) {
        self.level -= 1;
        self.newline_indent();
        self.out.push(bracket);
        if let Some(m) = marker {
            self.markers.remove(&m);
        }
    }

    /// Records `v` as being written (circular check) and opens a level.
    fn enter(&mut self, v: &Value) -> PyResult<Option<i64>> {
        if self.stack.len() >= self.o.max_depth {
            return Err(Error::new(
                ExcKind::RecursionError,
                "maximum recursion depth exceeded while encoding a JSON object",
            ));
        }
        if !self.o.check_circular {
            return Ok(None);
        }
        let id = v.id();
        if !self.markers.insert(id) {
            return Err(Error::value_error("Circular reference detected"));
        }
        Ok(Some(id))
    }

    /// Writes a scalar, or opens a container (its items follow).
    fn value(&mut self, vm: &mut Vm, v: Value) -> PyResult<()> {
        match &v {
            Value::None => self.out.push_str("null"),
            Value::Bool(true) => self.out.push_str("true"),
            Value::Bool(false) => self.out.push_str("false"),
            Value::Int(i) => {
                let _ = write!(self.out, "{i}");
            }
            Value::Float(f) => {
                let s = self.float(*f)?;
                self.out.push_str(&s);
            }
            Value::Obj(obj) => match &**obj {
                Object::Str(s) => write_str(&mut self.out, s.as_str(), self.o.ensure_ascii),
                Object::BigInt(b) => {
                    let _ = write!(self.out, "{b}");
                }
                Object::List(l) => {
                    let items = l.borrow().clone();
                    self.open_list(&v, items)?;
                }
                Object::Tuple(t) => {
                    let items = t.to_vec();
                    self.open_list(&v, items)?;
                }
                Object::Dict(d) => {
                    let items = d.borrow().items();
                    if items.is_empty() {
                        self.out.push_str("{}");
                        return Ok(());
                    }
                    let marker = self.enter(&v)?;
                    let items = if self.o.sort_keys {
                        sorted_items(vm, items)?
                    } else {
                        items
                    };
                    self.out.push('{');
                    self.level += 1;
                    self.newline_indent();
                    self.stack.push(Frame::Dict {
                        items,
                        next: 0,
                        first: true,
                        marker,
                        _obj: v.clone(),
                    });
                }
                // A subclass of a builtin type (`class Config(dict)`, an
                // `IntEnum` member) encodes as its builtin value, as
                // CPython's encoder does.
                Object::Instance(i) if i.base_value().is_some() => {
                    let b = i.base_value().cloned().unwrap_or_default();
                    return self.value(vm, b);
                }
                _ => self.default(vm, v)?,
            },
        }
        Ok(())
    }

    fn open_list(&mut self, v: &Value, items: Vec<Value>) -> PyResult<()> {
        if items.is_empty() {
            self.out.push_str("[]");
            return Ok(());
        }
        let marker = self.enter(v)?;
        self.out.push('[');
        self.level += 1;
        self.stack.push(Frame::List {
            items,
            next: 0,
            marker,
            _obj: v.clone(),
        });
        Ok(())
    }

    /// `default(o)`, whose result is written in `o`'s place.
    fn default(&mut self, vm: &mut Vm, v: Value) -> PyResult<()> {
        let Some(f) = self.o.default.clone() else {
            return Err(Error::type_error(format!(
                "Object of type {} is not JSON serializable",
                vm.type_name(&v)
            )));
        };
        let marker = self.enter(&v)?;
        let r = vm.call(&f, std::slice::from_ref(&v))?;
        self.stack.push(Frame::Default { marker, _obj: v });
        self.value(vm, r)
    }

    /// Writes the next key of the top dict and returns its value, `None`
    /// when the dict is done.
    fn next_dict_item(&mut self, vm: &mut Vm) -> PyResult<Option<Value>> {
        loop {
            let Some(Frame::Dict { items, next, .. }) = self.stack.last_mut() else {
                return Ok(None);
            };
            let Some((k, v)) = items.get(*next).cloned() else {
                return Ok(None);
            };
            *next += 1;
            let Some(key) = self.key(vm, &k)? else {
                continue;
            };
            let Some(Frame::Dict { first, .. }) = self.stack.last_mut() else {
                return Ok(None);
            };
            if !std::mem::replace(first, false) {
                self.out.push_str(&self.o.item_sep);
                self.newline_indent();
            }
            write_str(&mut self.out, &key, self.o.ensure_ascii);
            self.out.push_str(&self.o.key_sep);
            return Ok(Some(v));
        }
    }

    /// A dict key as JSON text; `None` to skip it (`skipkeys`).
    fn key(&self, vm: &Vm, k: &Value) -> PyResult<Option<String>> {
        Ok(Some(match k {
            Value::None => "null".into(),
            Value::Bool(b) => (if *b { "true" } else { "false" }).into(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => self.float(*f)?,
            Value::Obj(o) => match &**o {
                Object::Str(s) => s.as_str().to_string(),
                Object::BigInt(b) => b.to_string(),
                Object::Instance(i) if i.base_value().is_some() => {
                    let b = i.base_value().cloned().unwrap_or_default();
                    return self.key(vm, &b);
                }
                _ => return self.bad_key(vm, k),
            },
        }))
    }

    fn bad_key(&self, vm: &Vm, k: &Value) -> PyResult<Option<String>> {
        if self.o.skipkeys {
            return Ok(None);
        }
        Err(Error::type_error(format!(
            "keys must be str, int, float, bool or None, not {}",
            vm.type_name(k)
        )))
    }

    fn float(&self, f: f64) -> PyResult<String> {
        if f.is_finite() {
            return Ok(float_repr(f));
        }
        if !self.o.allow_nan {
            return Err(Error::value_error(
                "Out of range float values are not JSON compliant",
            ));
        }
        Ok(if f.is_nan() {
            "NaN"
        } else if f > 0.0 {
            "Infinity"
        } else {
            "-Infinity"
        }
        .into())
    }
}

/// `sorted(d.items())`, with Python's comparisons (and its TypeError for
/// keys that do not order).
fn sorted_items(vm: &mut Vm, items: Vec<(Value, Value)>) -> PyResult<Vec<(Value, Value)>> {
    let sorted = vm
        .builtin("sorted")
        .ok_or_else(|| Error::new(ExcKind::SystemError, "builtin sorted missing"))?;
    let list = Value::list(
        items
            .into_iter()
            .map(|(k, v)| Value::tuple(vec![k, v]))
            .collect(),
    );
    let r = vm.call(&sorted, &[list])?;
    let Some(Object::List(l)) = r.as_obj().map(|o| &**o) else {
        return Err(Error::type_error("sorted() did not return a list"));
    };
    let out = l
        .borrow()
        .iter()
        .filter_map(|t| match t.as_obj().map(|o| &**o) {
            Some(Object::Tuple(t)) if t.len() == 2 => Some((t[0].clone(), t[1].clone())),
            _ => None,
        })
        .collect();
    Ok(out)
}

/// A JSON string literal, escaped as Python's encoder does: `\"`, `\\`,
/// the short escapes, `\u00XX` for other control characters, and with
/// `ensure_ascii` every non-ASCII character as `\uXXXX` (UTF-16 surrogate
/// pairs past U+FFFF) and DEL as `\u007f`.
pub fn write_str(out: &mut String, s: &str, ensure_ascii: bool) {
    out.reserve(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (ensure_ascii && (c as u32) >= 0x7f) => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
