//! The abstract syntax tree of conc: Python 3's shape, trimmed to the subset
//! of docs/ARCHITECTURE.md section 1. Every statement and expression carries
//! its source position so the compiler can build line tables and errors can
//! point at code.

use num_bigint::BigInt;

/// A 1-based line and column in the source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// A whole file (or one REPL entry): a list of statements.
pub type Module = Vec<Stmt>;
pub type Body = Vec<Stmt>;

#[derive(Clone, Debug, PartialEq)]
pub struct Stmt {
    pub pos: Pos,
    pub kind: StmtKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind {
    /// An expression evaluated for its effect (a call, a docstring, ...).
    Expr(Expr),
    /// `a = b = value`: `targets` are assigned left to right.
    Assign {
        targets: Vec<Expr>,
        value: Expr,
    },
    /// `target op= value`.
    AugAssign {
        target: Expr,
        op: BinOp,
        value: Expr,
    },
    /// `target: annotation [= value]`; the annotation is parsed and ignored.
    AnnAssign {
        target: Expr,
        annotation: Expr,
        value: Option<Expr>,
    },
    If {
        test: Expr,
        body: Body,
        orelse: Body,
    },
    While {
        test: Expr,
        body: Body,
        orelse: Body,
    },
    For {
        target: Expr,
        iter: Expr,
        body: Body,
        orelse: Body,
    },
    FunctionDef(Box<FunctionDef>),
    ClassDef(Box<ClassDef>),
    Return(Option<Expr>),
    Pass,
    Break,
    Continue,
    /// `raise`, `raise exc`, `raise exc from cause`.
    Raise {
        exc: Option<Expr>,
        cause: Option<Expr>,
    },
    Try {
        body: Body,
        handlers: Vec<ExceptHandler>,
        orelse: Body,
        finalbody: Body,
    },
    With {
        items: Vec<WithItem>,
        body: Body,
    },
    Global(Vec<String>),
    Nonlocal(Vec<String>),
    /// `import a.b as c, d`.
    Import(Vec<Alias>),
    /// `from module import names` (`level` counts leading dots; `*` is one alias named "*").
    ImportFrom {
        module: String,
        names: Vec<Alias>,
        level: u32,
    },
    Assert {
        test: Expr,
        msg: Option<Expr>,
    },
    /// `del a, b[0], c.d`.
    Delete(Vec<Expr>),
    /// `match subject:` with its `case` blocks, tried in order.
    Match {
        subject: Expr,
        cases: Vec<MatchCase>,
    },
}

/// `case pattern [if guard]: body`.
#[derive(Clone, Debug, PartialEq)]
pub struct MatchCase {
    pub pos: Pos,
    pub pattern: Pattern,
    pub guard: Option<Expr>,
    pub body: Body,
}

/// A `case` pattern (Python's `ast.pattern` kinds).
#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    pub pos: Pos,
    pub kind: PatternKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PatternKind {
    /// A literal (`1`, `-2.5`, `1+2j`, `"s"`) or a dotted name (`Color.RED`):
    /// matches a subject equal (`==`) to it.
    Value(Expr),
    /// `None`, `True` or `False`: matches the very object (`is`).
    Singleton(Constant),
    /// `[p, q]`, `(p, q)`, `p, q`; at most one element is a `Star`.
    Sequence(Vec<Pattern>),
    /// `*name` inside a sequence pattern; `None` for `*_`.
    Star(Option<String>),
    /// `{key: p, ..., **rest}`; keys are literals or dotted names.
    Mapping {
        keys: Vec<Expr>,
        patterns: Vec<Pattern>,
        rest: Option<String>,
    },
    /// `Cls(p, ..., attr=p, ...)`.
    Class {
        cls: Expr,
        patterns: Vec<Pattern>,
        kwd_attrs: Vec<String>,
        kwd_patterns: Vec<Pattern>,
    },
    /// `p as name`; a bare capture has no `pattern`; the wildcard `_` has
    /// neither.
    As {
        pattern: Option<Box<Pattern>>,
        name: Option<String>,
    },
    /// `p | q | ...`: at least two alternatives.
    Or(Vec<Pattern>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct FunctionDef {
    pub name: String,
    pub args: Arguments,
    pub body: Body,
    /// Applied bottom-up: the last decorator is called first.
    pub decorators: Vec<Expr>,
    pub returns: Option<Expr>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ClassDef {
    pub name: String,
    /// Positional bases; `*args` among them appear as `ExprKind::Starred`.
    pub bases: Vec<Expr>,
    /// `metaclass=...` and other class keywords.
    pub keywords: Vec<Keyword>,
    pub body: Body,
    pub decorators: Vec<Expr>,
}

/// A parameter list: `def f(a, b=1, /, c=2, *args, d, e=3, **kw)`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Arguments {
    /// Positional-only parameters (before `/`).
    pub posonly: Vec<Arg>,
    /// Ordinary positional-or-keyword parameters.
    pub args: Vec<Arg>,
    /// Defaults of the LAST `defaults.len()` parameters of `posonly ++ args`.
    pub defaults: Vec<Expr>,
    pub vararg: Option<Arg>,
    pub kwonly: Vec<Arg>,
    /// One entry per `kwonly` parameter; `None` means required.
    pub kw_defaults: Vec<Option<Expr>>,
    pub kwarg: Option<Arg>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Arg {
    pub pos: Pos,
    pub name: String,
    pub annotation: Option<Expr>,
}

/// `name=value` at a call site or in a class header; `name == None` is `**value`.
#[derive(Clone, Debug, PartialEq)]
pub struct Keyword {
    pub pos: Pos,
    pub name: Option<String>,
    pub value: Expr,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExceptHandler {
    pub pos: Pos,
    /// `None` for a bare `except:`.
    pub typ: Option<Expr>,
    pub name: Option<String>,
    pub body: Body,
}

#[derive(Clone, Debug, PartialEq)]
pub struct WithItem {
    pub context: Expr,
    pub vars: Option<Expr>,
}

/// `name` (possibly dotted) with an optional `as` name.
#[derive(Clone, Debug, PartialEq)]
pub struct Alias {
    pub pos: Pos,
    pub name: String,
    pub asname: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub pos: Pos,
    pub kind: ExprKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Name(String),
    Constant(Constant),
    /// `a and b and c` / `a or b`: at least two values.
    BoolOp {
        op: BoolOp,
        values: Vec<Expr>,
    },
    BinOp {
        left: Box<Expr>,
        op: BinOp,
        right: Box<Expr>,
    },
    UnaryOp {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    /// `a < b <= c`: `ops.len() == comparators.len() >= 1`.
    Compare {
        left: Box<Expr>,
        ops: Vec<CmpOp>,
        comparators: Vec<Expr>,
    },
    /// Positional arguments may contain `Starred`; keywords with `name == None` are `**`.
    Call {
        func: Box<Expr>,
        args: Vec<Expr>,
        keywords: Vec<Keyword>,
    },
    Attribute {
        value: Box<Expr>,
        attr: String,
    },
    /// `value[index]`; `a[1:2]` has a `Slice` index, `a[1, 2:3]` a `Tuple` of them.
    Subscript {
        value: Box<Expr>,
        index: Box<Expr>,
    },
    /// Only valid as (part of) a subscript index.
    Slice {
        lower: Option<Box<Expr>>,
        upper: Option<Box<Expr>>,
        step: Option<Box<Expr>>,
    },
    List(Vec<Expr>),
    Tuple(Vec<Expr>),
    Set(Vec<Expr>),
    /// `keys[i] == None` means `**values[i]` unpacking.
    Dict {
        keys: Vec<Option<Expr>>,
        values: Vec<Expr>,
    },
    ListComp {
        elt: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    SetComp {
        elt: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    DictComp {
        key: Box<Expr>,
        value: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    GeneratorExp {
        elt: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    Lambda {
        args: Box<Arguments>,
        body: Box<Expr>,
    },
    /// `body if test else orelse`.
    IfExp {
        test: Box<Expr>,
        body: Box<Expr>,
        orelse: Box<Expr>,
    },
    /// `*value` in a call, a display, or an assignment target.
    Starred(Box<Expr>),
    Yield(Option<Box<Expr>>),
    YieldFrom(Box<Expr>),
    /// `target := value`.
    NamedExpr {
        target: Box<Expr>,
        value: Box<Expr>,
    },
    /// An f-string: the concatenation of its parts, each a `Constant(Str)` or a
    /// `FormattedValue`. Adjacent plain and f-string literals merge into one.
    JoinedStr(Vec<Expr>),
    /// `{value!conversion:format_spec}` inside an f-string; `format_spec` is a
    /// `JoinedStr` (it may itself contain replacement fields).
    FormattedValue {
        value: Box<Expr>,
        conversion: Option<Conversion>,
        format_spec: Option<Box<Expr>>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    None,
    True,
    False,
    Ellipsis,
    Int(i64),
    /// An integer literal too large for i64.
    BigInt(BigInt),
    Float(f64),
    /// An imaginary literal such as `2j`: the imaginary part.
    Imaginary(f64),
    Str(String),
    Bytes(Vec<u8>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conversion {
    Str,
    Repr,
    Ascii,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Comprehension {
    pub target: Expr,
    pub iter: Expr,
    pub ifs: Vec<Expr>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoolOp {
    And,
    Or,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    MatMul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    BitOr,
    BitXor,
    BitAnd,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Neg,
    Pos,
    Invert,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CmpOp {
    Eq,
    NotEq,
    Lt,
    LtE,
    Gt,
    GtE,
    Is,
    IsNot,
    In,
    NotIn,
}

impl BinOp {
    /// The operator as written in source, for error messages
    /// (`unsupported operand type(s) for +: 'int' and 'str'`).
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::MatMul => "@",
            BinOp::Div => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
            BinOp::BitOr => "|",
            BinOp::BitXor => "^",
            BinOp::BitAnd => "&",
        }
    }
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::NotEq => "!=",
            CmpOp::Lt => "<",
            CmpOp::LtE => "<=",
            CmpOp::Gt => ">",
            CmpOp::GtE => ">=",
            CmpOp::Is => "is",
            CmpOp::IsNot => "is not",
            CmpOp::In => "in",
            CmpOp::NotIn => "not in",
        }
    }
}
