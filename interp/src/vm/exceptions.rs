//! Exceptions: the native payload of BaseException instances, turning lazy
//! errors into objects, chaining, and CPython-style traceback text.

use std::collections::HashSet;
use std::sync::Arc;

use crate::bytecode::CodeRef;
use crate::error::{Error, ExcKind, PyResult};
use crate::object::{Args, InstanceObj, Object};
use crate::sync::ObjCell;
use crate::value::{ObjRef, Value};

use super::{ops, Vm};

/// One traceback line: a frame the exception passed through.
#[derive(Clone)]
pub struct TbEntry {
    pub code: CodeRef,
    pub line: u32,
}

#[derive(Default)]
pub struct ExcState {
    /// The `args` tuple.
    pub args: Value,
    /// Innermost frame first (the order in which unwinding adds them).
    pub tb: Vec<TbEntry>,
    pub cause: Value,
    pub context: Value,
    pub suppress_context: bool,
}

/// The native payload of every BaseException instance.
#[derive(Default)]
pub struct ExcData {
    pub state: ObjCell<ExcState>,
}

pub(crate) fn new_exc_data() -> Box<dyn std::any::Any + Send + Sync> {
    Box::new(ExcData {
        state: ObjCell::new(ExcState {
            args: Value::tuple(vec![]),
            ..Default::default()
        }),
    })
}

/// The exception payload of a value, if it is an exception instance.
pub fn exc_data(v: &Value) -> Option<&ExcData> {
    match v.as_obj().map(|o| &**o) {
        Some(Object::Instance(i)) => i.native::<ExcData>(),
        _ => None,
    }
}

impl Vm {
    /// A new instance of a builtin exception class with these args.
    pub fn new_exception(&mut self, kind: ExcKind, args: Vec<Value>) -> Value {
        let cls = self.exc_type(kind);
        let exc = make_exception(cls, vec![]);
        self.set_exception_args(&exc, args);
        exc
    }

    /// Sets the `args` of a new exception. An `OSError` also gets CPython's
    /// `errno`, `strerror`, `filename` and `filename2` attributes: from
    /// `OSError(errno, strerror[, filename[, winerror[, filename2]]])`,
    /// whose `args` keep only the first two, and None otherwise.
    pub(super) fn set_exception_args(&mut self, exc: &Value, mut args: Vec<Value>) {
        if self.isinstance(exc, &self.exc_type(ExcKind::OSError)) {
            let has_fields = (2..=5).contains(&args.len());
            let field = |i: usize| match args.get(i) {
                Some(v) if has_fields => v.clone(),
                _ => Value::None,
            };
            let fields = [
                ("errno", field(0)),
                ("strerror", field(1)),
                ("filename", field(2)),
                ("filename2", field(4)),
            ];
            if let Some(Object::Instance(i)) = exc.as_obj().map(|o| &**o) {
                let mut d = i.dict.borrow_mut();
                for (name, value) in fields {
                    d.set_str(name, value);
                }
            }
            if has_fields {
                args.truncate(2);
            }
        }
        if let Some(d) = exc_data(exc) {
            d.state.borrow_mut().args = Value::tuple(args);
        }
    }

    /// `str()` of an `OSError` with its fields set, as CPython writes it:
    /// `[Errno 2] No such file or directory: 'x'` (and `-> 'y'` for
    /// `filename2`); `None` when the plain `BaseException.__str__` applies.
    fn os_error_str(&mut self, exc: &Value) -> PyResult<Option<String>> {
        if !self.isinstance(exc, &self.exc_type(ExcKind::OSError)) {
            return Ok(None);
        }
        let field = |name: &str| {
            match exc.as_obj().map(|o| &**o) {
                Some(Object::Instance(i)) => i.dict.borrow().get_str(name).cloned(),
                _ => None,
            }
            .unwrap_or_default()
        };
        let (errno, strerror) = (field("errno"), field("strerror"));
        let (filename, filename2) = (field("filename"), field("filename2"));
        if !filename.is_none() {
            let mut text = format!(
                "[Errno {}] {}: {}",
                ops::str_of(self, &errno)?,
                ops::str_of(self, &strerror)?,
                ops::repr(self, &filename)?
            );
            if !filename2.is_none() {
                text.push_str(&format!(" -> {}", ops::repr(self, &filename2)?));
            }
            return Ok(Some(text));
        }
        if !errno.is_none() && !strerror.is_none() {
            return Ok(Some(format!(
                "[Errno {}] {}",
                ops::str_of(self, &errno)?,
                ops::str_of(self, &strerror)?
            )));
        }
        Ok(None)
    }

    /// The exception instance of an error (creating it for a lazy one).
    pub fn materialize(&mut self, err: Error) -> Value {
        match err {
            Error::Obj(v) => v,
            Error::Held(h) => {
                let from = h.interpreter_id();
                h.into_value(self).unwrap_or_else(|| {
                    let msg = format!(
                        "an exception of another interpreter (interpreter {from}) \
                         was raised in interpreter {}",
                        self.interpreter_id()
                    );
                    self.new_exception(ExcKind::RuntimeError, vec![Value::string(msg)])
                })
            }
            Error::Script(s) => {
                let msg = s.message();
                let args = if msg.is_empty() {
                    vec![]
                } else {
                    vec![Value::str(msg)]
                };
                self.new_exception(s.builtin_kind(), args)
            }
            Error::Lazy(b) => {
                let (kind, msg) = *b;
                let args = if msg.is_empty() {
                    vec![]
                } else {
                    vec![Value::string(msg)]
                };
                self.new_exception(kind, args)
            }
        }
    }

    /// Whether an error is an instance of a builtin exception kind.
    pub fn error_matches(&self, err: &Error, kind: ExcKind) -> bool {
        match err {
            Error::Lazy(_) | Error::Script(_) => err.is(kind),
            Error::Obj(v) => {
                let cls = self.exc_type(kind);
                self.isinstance(v, &cls)
            }
            Error::Held(h) => {
                let cls = self.exc_type(kind);
                h.value_in(self).is_some_and(|v| self.isinstance(v, &cls))
            }
        }
    }

    /// `StopIteration.value` of an error (None if no args).
    pub fn stop_iteration_value(&mut self, err: Error) -> Value {
        let v = self.materialize(err);
        exc_arg0(&v)
    }

    /// `str(exc)` following BaseException.__str__ (KeyError: repr of the key).
    pub fn exception_str(&mut self, exc: &Value) -> PyResult<String> {
        let Some(data) = exc_data(exc) else {
            return ops::str_of(self, exc);
        };
        if let Some(text) = self.os_error_str(exc)? {
            return Ok(text);
        }
        let args = data.state.borrow().args.clone();
        let items: Vec<Value> = match args.as_obj().map(|o| &**o) {
            Some(Object::Tuple(t)) => t.to_vec(),
            _ => vec![],
        };
        let key_error = self.isinstance(exc, &self.exc_type(ExcKind::KeyError));
        match items.len() {
            0 => Ok(String::new()),
            1 if key_error => ops::repr(self, &items[0]),
            1 => ops::str_of(self, &items[0]),
            _ => ops::repr(self, &args),
        }
    }

    /// Adds a traceback entry for `code` at `line`.
    pub(crate) fn add_traceback(&mut self, exc: &Value, code: &CodeRef, line: u32) {
        if let Some(d) = exc_data(exc) {
            d.state.borrow_mut().tb.push(TbEntry {
                code: code.clone(),
                line,
            });
        }
    }

    /// Sets `__context__` to the exception being handled (implicit chaining),
    /// unless already set or it would point at itself.
    pub(crate) fn chain_context(&mut self, exc: &Value) {
        let Some(cur) = self.cur_exc.clone() else {
            return;
        };
        if cur.is(exc) {
            return;
        }
        if let Some(d) = exc_data(exc) {
            let mut s = d.state.borrow_mut();
            if s.context.is_none() {
                s.context = cur;
            }
        }
    }

    /// The full traceback text of an exception, chained ones first.
    ///
    /// The chain is walked in a loop with a set of the exceptions seen, not
    /// by recursion with a list: a script can build a chain of 200k
    /// `__cause__` links, and that must print in linear time without
    /// deepening the Rust stack.
    pub fn format_exception(&mut self, exc: &Value) -> String {
        // The chain from `exc` back to its oldest link, each with the
        // sentence that introduces the link after it.
        let mut chain: Vec<(Value, &str)> = Vec::new();
        let mut seen: HashSet<i64> = HashSet::new();
        let mut cur = exc.clone();
        let mut joint = "";
        loop {
            seen.insert(cur.id());
            let next = exc_data(&cur).and_then(|d| {
                let s = d.state.borrow();
                if !s.cause.is_none() {
                    Some((s.cause.clone(), CAUSE_JOINT))
                } else if !s.context.is_none() && !s.suppress_context {
                    Some((s.context.clone(), CONTEXT_JOINT))
                } else {
                    None
                }
            });
            chain.push((cur, joint));
            match next {
                Some((n, j)) if !seen.contains(&n.id()) => {
                    cur = n;
                    joint = j;
                }
                _ => break,
            }
        }
        let mut out = String::new();
        for (exc, joint) in chain.iter().rev() {
            self.format_one(exc, &mut out);
            out.push_str(joint);
        }
        out
    }

    fn format_one(&mut self, exc: &Value, out: &mut String) {
        if let Some(d) = exc_data(exc) {
            let tb = d.state.borrow().tb.clone();
            if !tb.is_empty() {
                out.push_str("Traceback (most recent call last):\n");
                for e in tb.iter().rev() {
                    out.push_str(&format!(
                        "  File \"{}\", line {}, in {}\n",
                        e.code.filename, e.line, e.code.name
                    ));
                    if let Some(src) = self.source_line(&e.code.filename, e.line) {
                        out.push_str(&format!("    {src}\n"));
                    }
                }
            }
        }
        if self.isinstance(exc, &self.exc_type(ExcKind::SyntaxError)) {
            self.format_syntax_error(exc, out);
        }
        out.push_str(&self.exception_only(exc));
        out.push('\n');
    }

    /// `ValueError: message` (or just `ValueError`).
    pub fn exception_only(&mut self, exc: &Value) -> String {
        let cls = self.type_of(exc);
        let name = match &*cls {
            Object::Type(t) if t.module == "builtins" || t.module == "__main__" => {
                t.qualname.clone()
            }
            Object::Type(t) => format!("{}.{}", t.module, t.qualname),
            _ => "?".into(),
        };
        let msg = if self.isinstance(exc, &self.exc_type(ExcKind::SyntaxError)) {
            self.get_attr(exc, "msg")
                .ok()
                .and_then(|m| m.as_str().map(String::from))
        } else {
            None
        };
        let msg = match msg {
            Some(m) => m,
            None => match self.exception_str(exc) {
                Ok(s) => s,
                Err(_) => "<exception str() failed>".into(),
            },
        };
        if msg.is_empty() {
            name
        } else {
            format!("{name}: {msg}")
        }
    }

    /// SyntaxError: `  File "x", line 2`, the line, a caret.
    fn format_syntax_error(&mut self, exc: &Value, out: &mut String) {
        let get = |vm: &mut Vm, n: &str| vm.get_attr(exc, n).unwrap_or(Value::None);
        let filename = get(self, "filename");
        let lineno = get(self, "lineno");
        let offset = get(self, "offset");
        let text = get(self, "text");
        if let (Some(f), Value::Int(line)) = (filename.as_str(), &lineno) {
            out.push_str(&format!("  File \"{f}\", line {line}\n"));
            let text = match text.as_str() {
                Some(t) => Some(t.to_string()),
                None => self.source_line(f, *line as u32).map(|s| s.to_string()),
            };
            if let Some(t) = text {
                let raw = t.trim_end_matches(['\n', '\r']);
                let stripped = raw.trim_start();
                let indent = raw.chars().count() - stripped.chars().count();
                out.push_str(&format!("    {stripped}\n"));
                if let Value::Int(col) = offset {
                    let caret = (col as usize).saturating_sub(1).saturating_sub(indent);
                    out.push_str(&format!("    {}^\n", " ".repeat(caret)));
                }
            }
        }
    }

    /// A source line (stripped), from the registered sources or the file.
    pub fn source_line(&self, filename: &str, line: u32) -> Option<String> {
        let text: Option<Arc<str>> = self.state.sources.lock().get(filename).cloned();
        let text = match text {
            Some(t) => t,
            None => Arc::from(std::fs::read_to_string(filename).ok()?),
        };
        let l = text.lines().nth(line.checked_sub(1)? as usize)?;
        let t = l.trim();
        (!t.is_empty()).then(|| t.to_string())
    }

    /// Prints an exception's traceback to stderr.
    pub fn print_exception(&mut self, exc: &Value) {
        let text = self.format_exception(exc);
        crate::io::write_stderr(&text);
    }
}

/// What introduces an exception's `__cause__` in a traceback.
const CAUSE_JOINT: &str =
    "\nThe above exception was the direct cause of the following exception:\n\n";

/// What introduces an exception's `__context__` in a traceback.
const CONTEXT_JOINT: &str =
    "\nDuring handling of the above exception, another exception occurred:\n\n";

/// A new exception instance of `cls` (any BaseException subclass).
pub(crate) fn make_exception(cls: ObjRef, args: Vec<Value>) -> Value {
    let data = new_exc_data();
    if let Some(d) = data.downcast_ref::<ExcData>() {
        d.state.borrow_mut().args = Value::tuple(args);
    }
    Value::new_obj(Object::Instance(InstanceObj::new(
        cls,
        Default::default(),
        Some(data),
        None,
    )))
}

/// `args[0]` of an exception, or None.
pub(crate) fn exc_arg0(v: &Value) -> Value {
    let Some(d) = exc_data(v) else {
        return Value::None;
    };
    let args = d.state.borrow().args.clone();
    match args.as_obj().map(|o| &**o) {
        Some(Object::Tuple(t)) if !t.is_empty() => t[0].clone(),
        _ => Value::None,
    }
}

// ----- natives installed in BaseException's dict -----

fn this_data<'a>(args: &Args<'a>) -> PyResult<&'a ExcData> {
    args.args
        .first()
        .and_then(exc_data)
        .ok_or_else(|| Error::type_error("descriptor requires a 'BaseException' object"))
}

pub(crate) fn exc_new(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let cls = vm.new_class_arg("BaseException", args.args.first())?;
    vm.check_new_target("BaseException", &cls)?;
    let pos = args.pos()[1..].to_vec();
    let exc = vm.instantiate_native(&cls);
    if exc_data(&exc).is_some() {
        vm.set_exception_args(&exc, pos);
    }
    Ok(exc)
}

pub(crate) fn exc_init(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    this_data(&args)?;
    vm.set_exception_args(&args.args[0], args.pos()[1..].to_vec());
    Ok(Value::None)
}

pub(crate) fn exc_str(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    this_data(&args)?;
    Ok(Value::string(vm.exception_str(&args.args[0])?))
}

pub(crate) fn exc_repr(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let d = this_data(&args)?;
    let name = vm.type_name(&args.args[0]);
    let a = d.state.borrow().args.clone();
    let inner = match a.as_obj().map(|o| &**o) {
        Some(Object::Tuple(t)) if t.len() == 1 => ops::repr(vm, &t[0])?,
        Some(Object::Tuple(t)) if t.is_empty() => String::new(),
        _ => {
            let r = ops::repr(vm, &a)?;
            r[1..r.len() - 1].to_string()
        }
    };
    Ok(Value::string(format!("{name}({inner})")))
}

pub(crate) fn exc_get_args(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(this_data(&args)?.state.borrow().args.clone())
}

pub(crate) fn exc_set_args(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let d = this_data(&args)?;
    let items = ops::collect(vm, args.args.get(1).unwrap_or(&Value::None))?;
    d.state.borrow_mut().args = Value::tuple(items);
    Ok(Value::None)
}

pub(crate) fn exc_get_cause(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(this_data(&args)?.state.borrow().cause.clone())
}

pub(crate) fn exc_set_cause(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let d = this_data(&args)?;
    let mut s = d.state.borrow_mut();
    s.cause = args.args.get(1).cloned().unwrap_or_default();
    s.suppress_context = true;
    Ok(Value::None)
}

pub(crate) fn exc_get_context(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(this_data(&args)?.state.borrow().context.clone())
}

pub(crate) fn exc_set_context(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    this_data(&args)?.state.borrow_mut().context = args.args.get(1).cloned().unwrap_or_default();
    Ok(Value::None)
}

pub(crate) fn exc_get_suppress(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Bool(
        this_data(&args)?.state.borrow().suppress_context,
    ))
}

pub(crate) fn exc_set_suppress(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let b = ops::truthy(vm, args.args.get(1).unwrap_or(&Value::None))?;
    this_data(&args)?.state.borrow_mut().suppress_context = b;
    Ok(Value::None)
}

/// `__traceback__`: a list of `(filename, line, name)` tuples (conc has no
/// traceback objects), or None.
pub(crate) fn exc_get_traceback(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let d = this_data(&args)?;
    let s = d.state.borrow();
    if s.tb.is_empty() {
        return Ok(Value::None);
    }
    let items =
        s.tb.iter()
            .rev()
            .map(|e| {
                Value::tuple(vec![
                    Value::str(&e.code.filename),
                    Value::Int(e.line as i64),
                    Value::str(&e.code.name),
                ])
            })
            .collect();
    Ok(Value::list(items))
}

pub(crate) fn exc_with_traceback(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    this_data(&args)?;
    Ok(args.args[0].clone())
}

/// `StopIteration.value`, `SystemExit.code`: the first argument.
pub(crate) fn exc_get_arg0(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    this_data(&args)?;
    Ok(exc_arg0(&args.args[0]))
}
