//! An exception as the host sees it once it has left the interpreter: its
//! type name, message and traceback captured as plain text.
//!
//! Inside the VM an exception is an interpreter object, which may only be
//! touched by a thread holding the GIL. An error that the embedding API
//! hands back to the host is therefore captured first (type name, message,
//! the Python-style traceback, which builtin classes it derives from, the
//! status of a `SystemExit`), so the host can display, match and log it on
//! any thread, after the interpreter is gone, without the GIL.

use crate::error::{Error, ExcKind};
use crate::object::Object;
use crate::value::Value;
use crate::vm::Vm;

/// A conc exception captured when it left the interpreter through the
/// embedding API (see [`Error::Script`]).
///
/// ```
/// use conc_interp::{Config, ExcKind, Interpreter};
///
/// let mut interp = Interpreter::new(Config::default());
/// let err = interp
///     .run_source("class Oops(ValueError):\n    pass\nraise Oops('bad input')\n", "job.conc")
///     .unwrap_err();
/// let script = err.script().expect("errors from the API are captured");
/// assert_eq!(script.type_name(), "Oops");
/// assert_eq!(script.message(), "bad input");
/// assert!(script.is(ExcKind::ValueError));
/// assert!(script.traceback().starts_with("Traceback (most recent call last):"));
/// assert!(script.traceback().ends_with("Oops: bad input\n"));
/// assert_eq!(err.to_string(), "Oops: bad input");
/// ```
#[derive(Clone, Debug)]
pub struct ScriptError {
    type_name: String,
    message: String,
    traceback: String,
    kinds: Vec<ExcKind>,
    exit: Option<ExitRequest>,
}

/// What a `SystemExit` asks of the process, as python reports it at exit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExitRequest {
    /// The exit status: the code when it is an int (`sys.exit(3)`), 0 for
    /// `None`, 1 for anything else.
    pub status: i32,
    /// The text python prints on stderr before exiting, when the code is
    /// not an int or `None` (`sys.exit("bye")` prints `bye`).
    pub message: Option<String>,
}

impl ScriptError {
    /// Captures an error raised in `vm`: materializes it and records its
    /// class name, `str()`, traceback text and builtin base classes. Runs
    /// script code (a `__str__` of the exception class), so it needs the VM.
    pub fn capture(vm: &mut Vm, err: Error) -> ScriptError {
        if let Error::Script(captured) = err {
            return *captured;
        }
        let exc = vm.materialize(err);
        let traceback = vm.format_exception(&exc);
        let type_name = exception_type_name(vm, &exc);
        let message = vm
            .exception_str(&exc)
            .unwrap_or_else(|_| "<exception str() failed>".into());
        let kinds: Vec<ExcKind> = ExcKind::ALL
            .iter()
            .copied()
            .filter(|k| vm.isinstance(&exc, &vm.exc_type(*k)))
            .collect();
        let exit = kinds
            .contains(&ExcKind::SystemExit)
            .then(|| exit_request(vm, &exc));
        ScriptError {
            type_name,
            message,
            traceback,
            kinds,
            exit,
        }
    }

    /// The exception's class as the last traceback line names it:
    /// `ValueError`, `MyError` (defined in `__main__`), `json.JSONDecodeError`.
    pub fn type_name(&self) -> &str {
        &self.type_name
    }

    /// `str(exception)`: the message (empty when raised without one).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The whole report python prints for the uncaught exception: chained
    /// exceptions, `Traceback (most recent call last):`, one entry per
    /// frame with its source line, and `Type: message`; ends in a newline.
    pub fn traceback(&self) -> &str {
        &self.traceback
    }

    /// Whether the exception is an instance of the builtin class `kind`
    /// (directly or through a subclass defined in the script).
    pub fn is(&self, kind: ExcKind) -> bool {
        self.kinds.contains(&kind)
    }

    /// The most derived builtin class the exception is an instance of
    /// (`ValueError` for `class Oops(ValueError)`).
    pub fn builtin_kind(&self) -> ExcKind {
        self.kinds.last().copied().unwrap_or(ExcKind::BaseException)
    }

    /// For a `SystemExit`: the status and message python would exit with.
    pub fn exit_request(&self) -> Option<&ExitRequest> {
        self.exit.as_ref()
    }
}

impl std::fmt::Display for ScriptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.message.is_empty() {
            f.write_str(&self.type_name)
        } else {
            write!(f, "{}: {}", self.type_name, self.message)
        }
    }
}

impl std::error::Error for ScriptError {}

/// The class name as `Vm::exception_only` prints it (module-qualified
/// unless the class is a builtin or defined in `__main__`).
fn exception_type_name(vm: &Vm, exc: &Value) -> String {
    match &*vm.type_of(exc) {
        Object::Type(t) if t.module == "builtins" || t.module == "__main__" => t.qualname.clone(),
        Object::Type(t) => format!("{}.{}", t.module, t.qualname),
        _ => "?".into(),
    }
}

/// The exit status of a `SystemExit` instance, as python computes it.
fn exit_request(vm: &mut Vm, exc: &Value) -> ExitRequest {
    let args = crate::vm::exceptions::exc_data(exc)
        .map(|d| d.state.borrow().args.clone())
        .unwrap_or_default();
    let code = match args.as_obj().map(|o| &**o) {
        Some(Object::Tuple(t)) if t.len() == 1 => t[0].clone(),
        Some(Object::Tuple(t)) if t.is_empty() => Value::None,
        _ => args,
    };
    match code {
        Value::None => ExitRequest {
            status: 0,
            message: None,
        },
        Value::Int(n) => ExitRequest {
            status: n as i32,
            message: None,
        },
        Value::Bool(b) => ExitRequest {
            status: b as i32,
            message: None,
        },
        other => ExitRequest {
            status: 1,
            message: Some(crate::vm::sys::str_or_repr(vm, &other)),
        },
    }
}
