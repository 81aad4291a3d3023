//! Errors as they travel through Rust code: a raised conc exception.
//!
//! Native code usually raises a builtin exception by kind and message
//! (`Error::new(ExcKind::TypeError, "...")`) without allocating the exception
//! object; the VM turns it into a real instance of the class when it starts
//! unwinding through a frame (to attach the traceback) or when a handler
//! needs to see it.
//!
//! An error handed back to the host by the embedding API is captured
//! ([`Error::Script`]): its description is plain text the host can show and
//! match on any thread, with no interpreter object inside.

pub use crate::script_error::{ExitRequest, ScriptError};
use crate::value::Value;

pub type PyResult<T> = Result<T, Error>;

pub enum Error {
    /// A builtin exception not yet materialized as an object.
    Lazy(Box<(ExcKind, String)>),
    /// An exception instance (an `Object::Instance` of a BaseException subclass).
    Obj(Value),
    /// An exception that left the interpreter through the embedding API,
    /// captured as text (see [`ScriptError`]). Raised again inside the VM
    /// (a host function returning it), it becomes an instance of its most
    /// derived builtin class with the same message.
    Script(Box<ScriptError>),
    /// An exception instance that left a GIL scope of the embedding API
    /// (a [`Bound`](crate::Bound) method's error): kept as an
    /// [`Owned`](crate::Owned) handle, so the error may be dropped on any
    /// thread. Raised again inside the VM (a host function returning it),
    /// it is the same object.
    Held(crate::embed::Owned),
}

impl Error {
    pub fn new(kind: ExcKind, msg: impl Into<String>) -> Error {
        Error::Lazy(Box::new((kind, msg.into())))
    }
    pub fn type_error(msg: impl Into<String>) -> Error {
        Error::new(ExcKind::TypeError, msg)
    }
    pub fn value_error(msg: impl Into<String>) -> Error {
        Error::new(ExcKind::ValueError, msg)
    }
    pub fn index_error(msg: impl Into<String>) -> Error {
        Error::new(ExcKind::IndexError, msg)
    }
    pub fn attribute_error(msg: impl Into<String>) -> Error {
        Error::new(ExcKind::AttributeError, msg)
    }
    pub fn runtime_error(msg: impl Into<String>) -> Error {
        Error::new(ExcKind::RuntimeError, msg)
    }
    pub fn overflow_error(msg: impl Into<String>) -> Error {
        Error::new(ExcKind::OverflowError, msg)
    }
    pub fn zero_division(msg: impl Into<String>) -> Error {
        Error::new(ExcKind::ZeroDivisionError, msg)
    }
    pub fn not_implemented(msg: impl Into<String>) -> Error {
        Error::new(ExcKind::NotImplementedError, msg)
    }

    pub fn key_error(msg: impl Into<String>) -> Error {
        Error::new(ExcKind::KeyError, msg)
    }
    pub fn os_error(msg: impl Into<String>) -> Error {
        Error::new(ExcKind::OSError, msg)
    }

    /// The builtin kind, if this is a lazy builtin exception.
    pub fn lazy_kind(&self) -> Option<ExcKind> {
        match self {
            Error::Lazy(b) => Some(b.0),
            Error::Obj(_) | Error::Script(_) | Error::Held(_) => None,
        }
    }

    /// The captured description, for an error returned by the embedding API.
    ///
    /// ```
    /// let mut interp = conc_interp::Interpreter::new(Default::default());
    /// let err = interp.run_source("1 / 0", "calc.conc").unwrap_err();
    /// let script = err.script().unwrap();
    /// assert_eq!(script.type_name(), "ZeroDivisionError");
    /// assert_eq!(script.message(), "division by zero");
    /// ```
    pub fn script(&self) -> Option<&ScriptError> {
        match self {
            Error::Script(s) => Some(s),
            _ => None,
        }
    }

    /// Why the host's limits stopped the script, if they did: the error of
    /// a run ended by [`InterruptHandle::terminate`](crate::api::InterruptHandle::terminate),
    /// the operation budget or the memory cap.
    ///
    /// ```
    /// use conc_interp::{limits::Termination, Config, Interpreter};
    ///
    /// let mut interp = Interpreter::new(Config::default().max_operations(10_000));
    /// let err = interp.run_source("while True:\n    pass\n", "spin.conc").unwrap_err();
    /// assert_eq!(err.termination(), Some(Termination::OperationLimit));
    /// assert!(err.is_terminated());
    /// assert_eq!(interp.eval::<i64>("6 * 7").unwrap(), 42);
    /// ```
    pub fn termination(&self) -> Option<crate::limits::Termination> {
        use crate::limits::Termination;
        match self {
            Error::Lazy(b) => Termination::from_kind(b.0),
            Error::Script(s) => Termination::from_kind(s.builtin_kind()),
            Error::Obj(_) | Error::Held(_) => None,
        }
    }

    /// True when the host's limits stopped the script (see
    /// [`Error::termination`]).
    pub fn is_terminated(&self) -> bool {
        self.termination().is_some()
    }

    /// The exception's class name, when known without the interpreter: a
    /// lazy builtin's (`TypeError`) or a captured one's (`MyError`).
    pub fn type_name(&self) -> Option<&str> {
        match self {
            Error::Lazy(b) => Some(b.0.name()),
            Error::Script(s) => Some(s.type_name()),
            Error::Obj(_) | Error::Held(_) => None,
        }
    }

    /// The exception's message, when known without the interpreter.
    pub fn message(&self) -> Option<&str> {
        match self {
            Error::Lazy(b) => Some(&b.1),
            Error::Script(s) => Some(s.message()),
            Error::Obj(_) | Error::Held(_) => None,
        }
    }

    /// The Python-style traceback of a captured error (what python prints
    /// for it uncaught).
    pub fn traceback(&self) -> Option<&str> {
        self.script().map(ScriptError::traceback)
    }

    /// Whether the error is an instance of the builtin class `kind`, for a
    /// lazy or captured error (inside the VM, `Vm::error_matches` also
    /// sees exception objects).
    ///
    /// ```
    /// use conc_interp::{Error, ExcKind};
    /// assert!(Error::key_error("'x'").is(ExcKind::LookupError));
    /// assert!(!Error::key_error("'x'").is(ExcKind::TypeError));
    /// ```
    pub fn is(&self, kind: ExcKind) -> bool {
        match self {
            Error::Lazy(b) => b.0.is_subclass_of(kind),
            Error::Script(s) => s.is(kind),
            Error::Obj(_) | Error::Held(_) => false,
        }
    }
}

impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Lazy(b) => write!(f, "{}: {}", b.0.name(), b.1),
            Error::Obj(v) => write!(f, "exception {v:?}"),
            Error::Held(_) => f.write_str("exception (held)"),
            Error::Script(s) => write!(f, "{s}"),
        }
    }
}

/// `Type: message` (just `Type` without a message), as the last line of a
/// traceback. An exception object not yet captured shows its class name
/// only: its message may be read only with the GIL held.
impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Lazy(b) if b.1.is_empty() => f.write_str(b.0.name()),
            Error::Lazy(b) => write!(f, "{}: {}", b.0.name(), b.1),
            Error::Script(s) => write!(f, "{s}"),
            Error::Obj(v) => f.write_str(&object_class_name(v)),
            Error::Held(h) => f.write_str(&h.class_name()),
        }
    }
}

impl std::error::Error for Error {}

impl From<ScriptError> for Error {
    fn from(e: ScriptError) -> Error {
        Error::Script(Box::new(e))
    }
}

/// The class name of an exception object, read from the fields a class
/// never changes after creation (safe without the GIL).
pub(crate) fn object_class_name(v: &Value) -> String {
    use crate::object::Object;
    match v.as_obj().map(|o| &**o) {
        Some(Object::Instance(i)) => match &*i.class {
            Object::Type(t) => t.qualname.clone(),
            _ => "exception".into(),
        },
        _ => "exception".into(),
    }
}

macro_rules! exc_kinds {
    ($($kind:ident : $parent:ident),* $(,)?) => {
        /// The builtin exception classes. `BaseException` is the root (its
        /// own parent here, by convention).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum ExcKind { $($kind),* }

        impl ExcKind {
            /// Every kind, parents before children.
            pub const ALL: &'static [ExcKind] = &[$(ExcKind::$kind),*];

            pub fn name(self) -> &'static str {
                match self { $(ExcKind::$kind => stringify!($kind)),* }
            }

            pub fn parent(self) -> ExcKind {
                match self { $(ExcKind::$kind => ExcKind::$parent),* }
            }

            /// Whether `self` is `ancestor` or derives from it.
            pub fn is_subclass_of(self, ancestor: ExcKind) -> bool {
                let mut k = self;
                loop {
                    if k == ancestor {
                        return true;
                    }
                    if k == ExcKind::BaseException {
                        return false;
                    }
                    k = k.parent();
                }
            }
        }
    };
}

exc_kinds! {
    BaseException: BaseException,
    SystemExit: BaseException,
    KeyboardInterrupt: BaseException,
    GeneratorExit: BaseException,
    Exception: BaseException,
    StopIteration: Exception,
    ArithmeticError: Exception,
    FloatingPointError: ArithmeticError,
    OverflowError: ArithmeticError,
    ZeroDivisionError: ArithmeticError,
    AssertionError: Exception,
    AttributeError: Exception,
    BufferError: Exception,
    EOFError: Exception,
    ImportError: Exception,
    ModuleNotFoundError: ImportError,
    LookupError: Exception,
    IndexError: LookupError,
    KeyError: LookupError,
    MemoryError: Exception,
    NameError: Exception,
    UnboundLocalError: NameError,
    OSError: Exception,
    BlockingIOError: OSError,
    ChildProcessError: OSError,
    ConnectionError: OSError,
    BrokenPipeError: ConnectionError,
    ConnectionRefusedError: ConnectionError,
    ConnectionResetError: ConnectionError,
    FileExistsError: OSError,
    FileNotFoundError: OSError,
    InterruptedError: OSError,
    IsADirectoryError: OSError,
    NotADirectoryError: OSError,
    PermissionError: OSError,
    ProcessLookupError: OSError,
    TimeoutError: OSError,
    ReferenceError: Exception,
    RuntimeError: Exception,
    NotImplementedError: RuntimeError,
    RecursionError: RuntimeError,
    SyntaxError: Exception,
    IndentationError: SyntaxError,
    TabError: IndentationError,
    SystemError: Exception,
    TypeError: Exception,
    ValueError: Exception,
    UnicodeError: ValueError,
    UnicodeDecodeError: UnicodeError,
    UnicodeEncodeError: UnicodeError,
    Warning: Exception,
    DeprecationWarning: Warning,
    RuntimeWarning: Warning,
    UserWarning: Warning,
    // A host's limits stopping a script (`crate::limits`): not in
    // `builtins`, and no `except` clause catches them.
    ScriptTerminated: BaseException,
    OperationLimitExceeded: ScriptTerminated,
    MemoryLimitExceeded: ScriptTerminated,
}

impl ExcKind {
    /// The kinds only a host's limits raise (`crate::limits`): no builtin
    /// name, and no `except` clause catches them.
    pub fn is_termination(self) -> bool {
        self.is_subclass_of(ExcKind::ScriptTerminated)
    }
}
