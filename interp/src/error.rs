//! Errors as they travel through Rust code: a raised conc exception.
//!
//! Native code usually raises a builtin exception by kind and message
//! (`Error::new(ExcKind::TypeError, "...")`) without allocating the exception
//! object; the VM turns it into a real instance of the class when it starts
//! unwinding through a frame (to attach the traceback) or when a handler
//! needs to see it.

use crate::value::Value;

pub type PyResult<T> = Result<T, Error>;

pub enum Error {
    /// A builtin exception not yet materialized as an object.
    Lazy(Box<(ExcKind, String)>),
    /// An exception instance (an `Object::Instance` of a BaseException subclass).
    Obj(Value),
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

    /// The builtin kind, if this is a lazy builtin exception.
    pub fn lazy_kind(&self) -> Option<ExcKind> {
        match self {
            Error::Lazy(b) => Some(b.0),
            Error::Obj(_) => None,
        }
    }
}

impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Lazy(b) => write!(f, "{}: {}", b.0.name(), b.1),
            Error::Obj(v) => write!(f, "exception {v:?}"),
        }
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
}
