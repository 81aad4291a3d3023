//! The JSON decoder: CPython's scanner (`json/scanner.py`, `decoder.py`
//! and `_json.c`) in Rust, building conc values directly.
//!
//! It is hand-written rather than built on serde_json because Python's
//! behaviour is the contract and serde_json's model cannot give it: Python
//! accepts `NaN`, `Infinity` and `-Infinity` by default, reports where an
//! unterminated string *starts*, says "Expecting ',' delimiter" or
//! "Expecting property name enclosed in double quotes" at the offending
//! character, and keeps integers of any size exactly (serde_json needs its
//! `arbitrary_precision` feature for that, which would change the number
//! type for every other user of serde_json in the build). Following the
//! reference scanner gives the same messages and character offsets.
//!
//! The parser keeps its open containers on an explicit stack, so deep input
//! cannot overflow the Rust stack; past the interpreter's recursion limit it
//! raises `RecursionError` as CPython's C scanner does.

use conc_interp::object::{Dict, Object};
use conc_interp::prelude::*;
use conc_interp::sync::ObjCell;
use num_bigint::BigInt;

use crate::util::int_value;

/// The callables and switches of one `JSONDecoder`.
pub struct Hooks {
    pub strict: bool,
    pub object_hook: Option<Value>,
    pub object_pairs_hook: Option<Value>,
    pub parse_float: Option<Value>,
    pub parse_int: Option<Value>,
    pub parse_constant: Option<Value>,
    /// The recursion limit (`sys.getrecursionlimit()`).
    pub max_depth: usize,
}

/// A decoding failure: Python's message and the byte offset it points at
/// (the caller turns it into a `JSONDecodeError` with a character offset).
pub enum Fail {
    At(&'static str, usize),
    Py(Error),
}

impl From<Error> for Fail {
    fn from(e: Error) -> Self {
        Fail::Py(e)
    }
}

type R<T> = Result<T, Fail>;

/// An open container.
enum Frame {
    Array(Vec<Value>),
    /// The pairs so far and the key whose value is being parsed.
    Object(Vec<(Value, Value)>, Value),
}

pub struct Parser<'a> {
    s: &'a str,
    b: &'a [u8],
    hooks: &'a Hooks,
}

fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

impl<'a> Parser<'a> {
    pub fn new(s: &'a str, hooks: &'a Hooks) -> Self {
        Parser {
            s,
            b: s.as_bytes(),
            hooks,
        }
    }

    pub fn skip_ws(&self, mut i: usize) -> usize {
        while i < self.b.len() && is_ws(self.b[i]) {
            i += 1;
        }
        i
    }

    fn at(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    /// Parses one value starting exactly at `i` (`scan_once`); returns it
    /// and the offset after it.
    pub fn scan(&self, vm: &mut Vm, start: usize) -> R<(Value, usize)> {
        let mut stack: Vec<Frame> = Vec::new();
        let mut i = start;
        loop {
            // A value starts at `i`.
            let (mut value, next) = match self.at(i) {
                Some(b'[') => {
                    let j = self.skip_ws(i + 1);
                    if self.at(j) == Some(b']') {
                        (Value::list(vec![]), j + 1)
                    } else {
                        self.push(&mut stack, Frame::Array(Vec::new()), "array")?;
                        i = j;
                        continue;
                    }
                }
                Some(b'{') => {
                    let j = self.skip_ws(i + 1);
                    match self.at(j) {
                        Some(b'}') => (self.make_object(vm, Vec::new())?, j + 1),
                        Some(b'"') => {
                            let (key, j) = self.key_and_colon(j)?;
                            self.push(&mut stack, Frame::Object(Vec::new(), key), "object")?;
                            i = j;
                            continue;
                        }
                        _ => {
                            return Err(Fail::At(
                                "Expecting property name enclosed in double quotes",
                                j,
                            ))
                        }
                    }
                }
                _ => self.scalar(vm, i)?,
            };
            i = next;
            // Close every container this value completes.
            loop {
                let Some(top) = stack.last_mut() else {
                    return Ok((value, i));
                };
                let j = self.skip_ws(i);
                match top {
                    Frame::Array(items) => {
                        items.push(value);
                        match self.at(j) {
                            Some(b']') => {
                                let Some(Frame::Array(items)) = stack.pop() else {
                                    unreachable!()
                                };
                                value = Value::list(items);
                                i = j + 1;
                            }
                            Some(b',') => {
                                i = self.skip_ws(j + 1);
                                break;
                            }
                            _ => return Err(Fail::At("Expecting ',' delimiter", j)),
                        }
                    }
                    Frame::Object(pairs, key) => {
                        pairs.push((std::mem::take(key), value));
                        match self.at(j) {
                            Some(b'}') => {
                                let Some(Frame::Object(pairs, _)) = stack.pop() else {
                                    unreachable!()
                                };
                                value = self.make_object(vm, pairs)?;
                                i = j + 1;
                            }
                            Some(b',') => {
                                let k = self.skip_ws(j + 1);
                                if self.at(k) != Some(b'"') {
                                    return Err(Fail::At(
                                        "Expecting property name enclosed in double quotes",
                                        k,
                                    ));
                                }
                                let (new_key, k) = self.key_and_colon(k)?;
                                *key = new_key;
                                i = k;
                                break;
                            }
                            _ => return Err(Fail::At("Expecting ',' delimiter", j)),
                        }
                    }
                }
            }
        }
    }

    fn push(&self, stack: &mut Vec<Frame>, f: Frame, what: &str) -> R<()> {
        if stack.len() >= self.hooks.max_depth {
            return Err(Fail::Py(Error::new(
                ExcKind::RecursionError,
                format!("maximum recursion depth exceeded while decoding a JSON {what} from a unicode string"),
            )));
        }
        stack.push(f);
        Ok(())
    }

    /// A key string at `i` (a `"`), the `:` after it, and the whitespace
    /// before the value; returns the key and where the value starts.
    fn key_and_colon(&self, i: usize) -> R<(Value, usize)> {
        let (key, j) = self.string(i + 1)?;
        let j = self.skip_ws(j);
        if self.at(j) != Some(b':') {
            return Err(Fail::At("Expecting ':' delimiter", j));
        }
        Ok((Value::string(key), self.skip_ws(j + 1)))
    }

    fn make_object(&self, vm: &mut Vm, pairs: Vec<(Value, Value)>) -> R<Value> {
        if let Some(hook) = &self.hooks.object_pairs_hook {
            let list = Value::list(
                pairs
                    .into_iter()
                    .map(|(k, v)| Value::tuple(vec![k, v]))
                    .collect(),
            );
            return Ok(vm.call(hook, &[list])?);
        }
        let mut d = Dict::with_capacity(pairs.len());
        for (k, v) in pairs {
            d.set_by_str_value(k, v);
        }
        let d = Value::new_obj(Object::Dict(ObjCell::new(d)));
        match &self.hooks.object_hook {
            Some(hook) => Ok(vm.call(hook, &[d])?),
            None => Ok(d),
        }
    }

    /// A value that is not a container: string, number, constant.
    fn scalar(&self, vm: &mut Vm, i: usize) -> R<(Value, usize)> {
        let rest = &self.b[i.min(self.b.len())..];
        let word = |w: &[u8]| rest.starts_with(w);
        match self.at(i) {
            Some(b'"') => {
                let (s, j) = self.string(i + 1)?;
                Ok((Value::string(s), j))
            }
            Some(b'n') if word(b"null") => Ok((Value::None, i + 4)),
            Some(b't') if word(b"true") => Ok((Value::Bool(true), i + 4)),
            Some(b'f') if word(b"false") => Ok((Value::Bool(false), i + 5)),
            Some(b'N') if word(b"NaN") => Ok((self.constant(vm, "NaN", f64::NAN)?, i + 3)),
            Some(b'I') if word(b"Infinity") => {
                Ok((self.constant(vm, "Infinity", f64::INFINITY)?, i + 8))
            }
            Some(b'-') if word(b"-Infinity") => {
                Ok((self.constant(vm, "-Infinity", f64::NEG_INFINITY)?, i + 9))
            }
            Some(b'-' | b'0'..=b'9') => self.number(vm, i),
            _ => Err(Fail::At("Expecting value", i)),
        }
    }

    fn constant(&self, vm: &mut Vm, name: &str, f: f64) -> R<Value> {
        match &self.hooks.parse_constant {
            Some(hook) => Ok(vm.call(hook, &[Value::str(name)])?),
            None => Ok(Value::Float(f)),
        }
    }

    /// `-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?` at `i`.
    fn number(&self, vm: &mut Vm, i: usize) -> R<(Value, usize)> {
        let digits = |mut j: usize| {
            while matches!(self.at(j), Some(b'0'..=b'9')) {
                j += 1;
            }
            j
        };
        let mut j = i;
        if self.at(j) == Some(b'-') {
            j += 1;
        }
        match self.at(j) {
            Some(b'0') => j += 1,
            Some(b'1'..=b'9') => j = digits(j),
            _ => return Err(Fail::At("Expecting value", i)),
        }
        let mut is_float = false;
        if self.at(j) == Some(b'.') && matches!(self.at(j + 1), Some(b'0'..=b'9')) {
            j = digits(j + 1);
            is_float = true;
        }
        if matches!(self.at(j), Some(b'e' | b'E')) {
            let mut k = j + 1;
            if matches!(self.at(k), Some(b'-' | b'+')) {
                k += 1;
            }
            if matches!(self.at(k), Some(b'0'..=b'9')) {
                j = digits(k);
                is_float = true;
            }
        }
        let text = &self.s[i..j];
        let v = if is_float {
            match &self.hooks.parse_float {
                Some(hook) => vm.call(hook, &[Value::str(text)])?,
                None => Value::Float(text.parse::<f64>().unwrap_or(f64::NAN)),
            }
        } else {
            match &self.hooks.parse_int {
                Some(hook) => vm.call(hook, &[Value::str(text)])?,
                None => match text.parse::<i64>() {
                    Ok(n) => Value::Int(n),
                    Err(_) => int_value(text.parse::<BigInt>().unwrap_or_default()),
                },
            }
        };
        Ok((v, j))
    }

    /// The body of a string whose opening quote is just before `i`;
    /// returns the text and the offset after the closing quote.
    fn string(&self, i: usize) -> R<(String, usize)> {
        let begin = i - 1;
        let mut out = String::new();
        let mut j = i;
        loop {
            // The plain run up to a quote, a backslash or a control char.
            let run_start = j;
            while j < self.b.len() {
                let c = self.b[j];
                if c == b'"' || c == b'\\' || (c < 0x20 && self.hooks.strict) {
                    break;
                }
                j += 1;
            }
            out.push_str(&self.s[run_start..j]);
            let Some(c) = self.at(j) else {
                return Err(Fail::At("Unterminated string starting at", begin));
            };
            match c {
                b'"' => return Ok((out, j + 1)),
                b'\\' => {}
                _ => return Err(Fail::At("Invalid control character at", j)),
            }
            let Some(esc) = self.at(j + 1) else {
                return Err(Fail::At("Unterminated string starting at", begin));
            };
            let simple = match esc {
                b'"' => Some('"'),
                b'\\' => Some('\\'),
                b'/' => Some('/'),
                b'b' => Some('\u{8}'),
                b'f' => Some('\u{c}'),
                b'n' => Some('\n'),
                b'r' => Some('\r'),
                b't' => Some('\t'),
                b'u' => None,
                _ => return Err(Fail::At("Invalid \\escape", j)),
            };
            if let Some(ch) = simple {
                out.push(ch);
                j += 2;
                continue;
            }
            if j + 6 >= self.b.len() {
                return Err(Fail::At("Invalid \\uXXXX escape", j + 1));
            }
            let mut u = self
                .hex4(j + 2)
                .ok_or(Fail::At("Invalid \\uXXXX escape", j + 1))?;
            j += 6;
            if (0xd800..0xdc00).contains(&u) && self.b[j..].starts_with(b"\\u") {
                let u2 = self
                    .hex4(j + 2)
                    .ok_or(Fail::At("Invalid \\uXXXX escape", j + 1))?;
                if (0xdc00..0xe000).contains(&u2) {
                    u = 0x10000 + (((u - 0xd800) << 10) | (u2 - 0xdc00));
                    j += 6;
                }
            }
            // conc strings are UTF-8: a lone surrogate becomes U+FFFD.
            out.push(char::from_u32(u).unwrap_or('\u{fffd}'));
        }
    }

    fn hex4(&self, i: usize) -> Option<u32> {
        let h = self.b.get(i..i + 4)?;
        let mut v = 0u32;
        for &c in h {
            v = v * 16 + (c as char).to_digit(16)?;
        }
        Some(v)
    }
}
