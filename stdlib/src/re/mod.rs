//! The `re` module: Python's regular expressions on fancy-regex.
//!
//! fancy-regex is a backtracking engine layered on the `regex` crate: it
//! has what Python patterns use and `regex` alone lacks (backreferences,
//! look-ahead and look-behind, atomic groups, conditionals) and hands the
//! plain parts of a pattern to `regex`'s automata, so ordinary patterns run
//! at `regex`'s speed. Python's syntax is translated first
//! (`translate.rs`), which also gives Python's compile errors.
//!
//! Native here: compiling (`_compile`), one search (`_search`: search,
//! match or fullmatch from `pos` to `endpos`) and all the matches of a
//! scan (`_scan`, for findall/finditer/sub/split, with Python's rule for
//! empty matches). Positions cross as code-point indices, as Python
//! reports them, though conc strings are UTF-8. `Pattern`, `Match`,
//! templates and the module functions (with their cache of compiled
//! patterns) are conc source in `re.conc`.
//!
//! Matching holds the GIL, as CPython's `_sre` does.

mod translate;

use std::sync::OnceLock;

use conc_interp::object::{Args, InstanceObj, Object};
use conc_interp::prelude::*;
use conc_interp::sync::ObjCell;
use fancy_regex::{BytesMode, Captures, Regex, RegexBuilder, RegexInput};

use crate::util::{exec_in_module, index_i64, new_module, pos_arity};

const SOURCE: &str = include_str!("re.conc");

/// How many backtracking steps one search may take before it gives up
/// with an error (Python has no limit; this is fancy-regex's guard
/// against catastrophic patterns, set high).
const BACKTRACK_LIMIT: usize = 50_000_000;

pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = new_module(
        vm,
        "re",
        &[
            ("_compile", py_compile),
            ("_search", py_search),
            ("_scan", py_scan),
        ],
    );
    exec_in_module(vm, &m, SOURCE)?;
    Ok(m)
}

/// A compiled pattern: the payload of `re`'s internal `_Regex` handles.
struct Compiled {
    re: Regex,
    /// `(?:pattern)\z`, for fullmatch (made on first use).
    full: OnceLock<Option<Regex>>,
    /// The pattern refusing empty matches: after an empty match a scan
    /// looks for a non-empty one at the same place (made on first use).
    nonempty: OnceLock<Option<Regex>>,
    source: String,
    bytes: bool,
    groups: usize,
}

impl Compiled {
    fn build(source: &str, bytes: bool, nonempty: bool) -> Result<Regex, fancy_regex::Error> {
        let mut b = RegexBuilder::new(source);
        b.backtrack_limit(BACKTRACK_LIMIT);
        if bytes {
            b.bytes_mode(BytesMode::Ascii);
        }
        if nonempty {
            b.find_not_empty(true);
        }
        b.build()
    }

    fn full(&self) -> Option<&Regex> {
        self.full
            .get_or_init(|| Self::build(&format!("(?:{})\\z", self.source), self.bytes, false).ok())
            .as_ref()
    }

    fn nonempty(&self) -> Option<&Regex> {
        self.nonempty
            .get_or_init(|| Self::build(&self.source, self.bytes, true).ok())
            .as_ref()
    }
}

#[derive(Default)]
struct RegexClass(OnceLock<ObjRef>);

fn regex_class(vm: &mut Vm) -> ObjRef {
    let slot = vm.extension::<RegexClass>();
    if let Some(c) = slot.0.get() {
        return c.clone();
    }
    let cls = vm.new_class("_Regex", &[], &[], None);
    slot.0.get_or_init(|| cls).clone()
}

fn compiled(v: &Value) -> PyResult<&Compiled> {
    match v.as_obj().map(|o| &**o) {
        Some(Object::Instance(i)) => i.native::<Compiled>(),
        _ => None,
    }
    .ok_or_else(|| Error::type_error("expected a compiled pattern"))
}

/// `_compile(pattern, flags, error)` → `(handle, flags, groups,
/// groupindex, parents)`; bad patterns raise `error(msg, pattern, pos)`.
fn py_compile(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("_compile", &args, 3, 3)?;
    let a = args.pos();
    let (chars, bytes): (Vec<char>, bool) = match a[0].as_obj().map(|o| &**o) {
        Some(Object::Str(s)) => (s.as_str().chars().collect(), false),
        Some(Object::Bytes(b)) => (b.iter().map(|&b| b as char).collect(), true),
        _ => {
            return Err(Error::type_error(
                "first argument must be string or compiled pattern",
            ))
        }
    };
    let flags = index_i64(vm, &a[1])? as u32;
    let raise = |vm: &mut Vm, msg: String, pos: Option<usize>| -> Error {
        let pos = pos.map_or(Value::None, |p| Value::Int(p as i64));
        match vm.call(&a[2], &[Value::string(msg), a[0].clone(), pos]) {
            Ok(exc) => Error::Obj(exc),
            Err(e) => e,
        }
    };
    let t = match translate::translate(&chars, flags, bytes) {
        Ok(t) => t,
        Err(translate::Bad(msg, pos)) => return Err(raise(vm, msg, Some(pos))),
    };
    let re = match Compiled::build(&t.pattern, bytes, false) {
        Ok(re) => re,
        Err(e) => return Err(raise(vm, format!("{e}"), None)),
    };
    let payload = Compiled {
        re,
        full: OnceLock::new(),
        nonempty: OnceLock::new(),
        source: t.pattern,
        bytes,
        groups: t.groups,
    };
    let handle = Value::new_obj(Object::Instance(InstanceObj::new(
        regex_class(vm),
        Default::default(),
        Some(Box::new(payload)),
        None,
    )));
    let mut index = conc_interp::object::Dict::new();
    for (name, n) in t.names {
        index.set_str(&name, Value::Int(n as i64));
    }
    let parents = t.parents.iter().map(|&p| Value::Int(p as i64)).collect();
    Ok(Value::tuple(vec![
        handle,
        Value::Int(t.flags as i64),
        Value::Int(t.groups as i64),
        Value::new_obj(Object::Dict(ObjCell::new(index))),
        Value::tuple(parents),
    ]))
}

/// The subject of a search, as the bytes the engine sees.
enum Subject<'a> {
    Str(&'a str, bool),
    Bytes(&'a [u8]),
}

impl<'a> Subject<'a> {
    fn of(vm: &Vm, v: &'a Value, c: &Compiled) -> PyResult<Subject<'a>> {
        let s = match v.as_obj().map(|o| &**o) {
            Some(Object::Str(s)) => Subject::Str(s.as_str(), s.is_ascii()),
            Some(Object::Bytes(b)) => Subject::Bytes(b),
            _ => {
                return Err(Error::type_error(format!(
                    "expected string or bytes-like object, got '{}'",
                    vm.type_name(v)
                )))
            }
        };
        match (&s, c.bytes) {
            (Subject::Str(..), true) => Err(Error::type_error(
                "cannot use a bytes pattern on a string-like object",
            )),
            (Subject::Bytes(_), false) => Err(Error::type_error(
                "cannot use a string pattern on a bytes-like object",
            )),
            _ => Ok(s),
        }
    }

    /// Length in Python's units (code points or bytes).
    fn len(&self) -> usize {
        match self {
            Subject::Str(s, true) => s.len(),
            Subject::Str(s, false) => s.chars().count(),
            Subject::Bytes(b) => b.len(),
        }
    }

    /// The byte offset of index `n` (n <= len).
    fn byte_of(&self, n: usize) -> usize {
        match self {
            Subject::Str(s, false) => s.char_indices().nth(n).map_or(s.len(), |(b, _)| b),
            _ => n,
        }
    }

    /// The byte offset just after the character at byte `b`.
    fn next_char(&self, b: usize) -> usize {
        match self {
            Subject::Str(s, false) => b + s[b..].chars().next().map_or(1, |c| c.len_utf8()),
            _ => b + 1,
        }
    }
}

/// Byte offsets to Python indices, cheaply for offsets that move forward.
struct Conv<'a> {
    s: Option<&'a str>,
    byte: usize,
    index: usize,
}

impl<'a> Conv<'a> {
    fn new(subject: &Subject<'a>) -> Self {
        let s = match subject {
            Subject::Str(s, false) => Some(*s),
            _ => None,
        };
        Conv {
            s,
            byte: 0,
            index: 0,
        }
    }

    fn index(&mut self, b: usize) -> usize {
        let Some(s) = self.s else {
            return b;
        };
        if b >= self.byte {
            self.index += s[self.byte..b].chars().count();
        } else {
            self.index -= s[b..self.byte].chars().count();
        }
        self.byte = b;
        self.index
    }
}

/// A haystack fancy-regex searches: `str` for str subjects (so a match
/// can only start and end between code points), `[u8]` for bytes.
trait Hay: fancy_regex::Input {
    fn span(m: &Self::Match<'_>) -> (usize, usize);
    fn upto(&self, end: usize) -> &Self;
}

impl Hay for str {
    fn span(m: &fancy_regex::Match<'_>) -> (usize, usize) {
        (m.start(), m.end())
    }
    fn upto(&self, end: usize) -> &str {
        &self[..end]
    }
}

impl Hay for [u8] {
    fn span(m: &fancy_regex::MatchBytes<'_>) -> (usize, usize) {
        (m.start(), m.end())
    }
    fn upto(&self, end: usize) -> &[u8] {
        &self[..end]
    }
}

/// Python's `regs`: `((start, end), ...)` with `(-1, -1)` for groups that
/// did not take part.
fn regs<H: Hay + ?Sized>(conv: &mut Conv<'_>, caps: &Captures<'_, H>, groups: usize) -> Value {
    let mut out = Vec::with_capacity(groups + 1);
    for g in 0..=groups {
        let pair = match caps.get(g) {
            Some(m) => {
                let (s, e) = H::span(&m);
                (conv.index(s) as i64, conv.index(e) as i64)
            }
            None => (-1, -1),
        };
        out.push(Value::tuple(vec![Value::Int(pair.0), Value::Int(pair.1)]));
    }
    Value::tuple(out)
}

fn engine_error(e: fancy_regex::Error) -> Error {
    Error::runtime_error(format!("regular expression matching failed: {e}"))
}

/// `pos` and `endpos` clamped as Python does; `None` if endpos < pos.
fn bounds(
    vm: &mut Vm,
    subject: &Subject<'_>,
    pos: &Value,
    endpos: &Value,
) -> PyResult<Option<(usize, usize)>> {
    let len = subject.len() as i64;
    let pos = index_i64(vm, pos)?.clamp(0, len);
    let endpos = match endpos {
        Value::None => len,
        v => index_i64(vm, v)?.clamp(0, len),
    };
    if endpos < pos {
        return Ok(None);
    }
    Ok(Some((
        subject.byte_of(pos as usize),
        subject.byte_of(endpos as usize),
    )))
}

/// `_search(handle, string, pos, endpos, mode)`: mode 0 search, 1 match,
/// 2 fullmatch → the match's regs or None.
fn py_search(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("_search", &args, 5, 5)?;
    let a = args.pos();
    let c = compiled(&a[0])?;
    let subject = Subject::of(vm, &a[1], c)?;
    let Some((pos, end)) = bounds(vm, &subject, &a[2], &a[3])? else {
        return Ok(Value::None);
    };
    let mode = index_i64(vm, &a[4])?;
    let mut conv = Conv::new(&subject);
    match subject {
        Subject::Str(s, _) => search_in(c, s.upto(end), pos, mode, &mut conv),
        Subject::Bytes(b) => search_in(c, b.upto(end), pos, mode, &mut conv),
    }
}

fn search_in<H: Hay + ?Sized>(
    c: &Compiled,
    hay: &H,
    pos: usize,
    mode: i64,
    conv: &mut Conv<'_>,
) -> PyResult<Value> {
    let input = RegexInput::new(hay).from_pos(pos).anchored(mode != 0);
    let re = if mode == 2 {
        match c.full() {
            Some(re) => re,
            None => return Ok(Value::None),
        }
    } else {
        &c.re
    };
    match re.captures_input(input).map_err(engine_error)? {
        Some(caps) => Ok(regs(conv, &caps, c.groups)),
        None => Ok(Value::None),
    }
}

/// `_scan(handle, string, pos, endpos, limit)` → the regs of successive
/// matches (at most `limit`, all for 0), as finditer sees them: after an
/// empty match, the next match may not be empty at the same place.
fn py_scan(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("_scan", &args, 5, 5)?;
    let a = args.pos();
    let c = compiled(&a[0])?;
    let subject = Subject::of(vm, &a[1], c)?;
    let Some((pos, end)) = bounds(vm, &subject, &a[2], &a[3])? else {
        return Ok(Value::list(vec![]));
    };
    let limit = index_i64(vm, &a[4])?.max(0) as usize;
    let mut conv = Conv::new(&subject);
    let out = match &subject {
        Subject::Str(s, _) => scan_in(c, s.upto(end), &subject, pos, limit, &mut conv)?,
        Subject::Bytes(b) => scan_in(c, b.upto(end), &subject, pos, limit, &mut conv)?,
    };
    Ok(Value::list(out))
}

fn scan_in<H: Hay + ?Sized>(
    c: &Compiled,
    hay: &H,
    subject: &Subject<'_>,
    mut pos: usize,
    limit: usize,
    conv: &mut Conv<'_>,
) -> PyResult<Vec<Value>> {
    let end = hay.len();
    let mut out = Vec::new();
    // Set after an empty match at `pos`.
    let mut must_advance = false;
    while pos <= end && (limit == 0 || out.len() < limit) {
        let mut caps = None;
        if must_advance {
            if let Some(ne) = c.nonempty() {
                let input = RegexInput::new(hay).from_pos(pos).anchored(true);
                caps = ne.captures_input(input).map_err(engine_error)?;
            }
            if caps.is_none() {
                if pos >= end {
                    break;
                }
                pos = subject.next_char(pos);
            }
        }
        if caps.is_none() {
            let input = RegexInput::new(hay).from_pos(pos);
            caps = c.re.captures_input(input).map_err(engine_error)?;
        }
        let Some(caps) = caps else {
            break;
        };
        let (s, e) = caps.get(0).map_or((pos, pos), |m| H::span(&m));
        out.push(regs(conv, &caps, c.groups));
        must_advance = s == e;
        pos = e;
    }
    Ok(out)
}
