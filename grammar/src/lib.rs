//! conc-grammar: source text to AST. A logos lexer, an indentation pass that
//! produces NEWLINE/INDENT/DEDENT, and a lalrpop grammar. No runtime here.
//!
//! Pipeline: `lexer::tokenize` (physical tokens, string literals decoded,
//! f-strings split by `fstring.rs`) -> `indent::layout` (logical lines,
//! INDENT/DEDENT, bracket and unary-run limits) -> the lalrpop parser generated
//! from `python.lalrpop` (actions in `actions.rs`) -> `convert_error` maps
//! lalrpop's errors to Python's messages.
//!
//! Limits (each a `SyntaxError`, never a crash): 200 nested brackets, 200
//! consecutive prefix operators, 100 indentation levels, chains of 1000
//! operators/attributes/calls in one expression.

mod actions;
pub mod ast;
mod fstring;
mod indent;
mod lexer;
mod patterns;

lalrpop_util::lalrpop_mod!(
    #[allow(
        clippy::all,
        clippy::pedantic,
        unused_parens,
        unused_imports,
        dead_code
    )]
    python
);

use actions::Top;
use ast::Pos;
use indent::Mode;

/// Which Python exception a parse failure becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    SyntaxError,
    IndentationError,
    TabError,
}

impl ErrorKind {
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::SyntaxError => "SyntaxError",
            ErrorKind::IndentationError => "IndentationError",
            ErrorKind::TabError => "TabError",
        }
    }
}

/// A parse failure with its position (1-based line and column).
#[derive(Clone, Debug, PartialEq)]
pub struct ParseError {
    pub kind: ErrorKind,
    pub msg: String,
    pub line: u32,
    pub col: u32,
    /// True when the input ended before the construct was complete (an open
    /// bracket, a block header with no body, an unterminated triple-quoted
    /// string): the REPL then asks for more lines with `... `.
    pub incomplete: bool,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} (line {}, column {})",
            self.kind.name(),
            self.msg,
            self.line,
            self.col
        )
    }
}

impl std::error::Error for ParseError {}

/// Parses a whole file (or one REPL entry) into statements.
pub fn parse_module(source: &str) -> Result<ast::Module, ParseError> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    match run(source, Mode::Module, Pos { line: 1, col: 1 }, 0)? {
        Top::Module(m) => Ok(m),
        Top::Expr(_) => unreachable!("module marker yields a module"),
    }
}

/// Parses a single expression (for `eval()`), surrounding whitespace allowed.
pub fn parse_expression(source: &str) -> Result<ast::Expr, ParseError> {
    match run(source, Mode::Expr, Pos { line: 1, col: 1 }, 0)? {
        Top::Expr(e) => Ok(e),
        Top::Module(_) => unreachable!("expression marker yields an expression"),
    }
}

/// Parses the expression of an f-string replacement field found at `base`.
pub(crate) fn parse_embedded(text: &str, base: Pos, depth: u32) -> Result<ast::Expr, ParseError> {
    match run(text, Mode::Embedded, base, depth) {
        Ok(Top::Expr(e)) => Ok(e),
        Ok(Top::Module(_)) => unreachable!("expression marker yields an expression"),
        Err(mut e) => {
            if !e.msg.starts_with("f-string") {
                e.msg = format!("f-string: {}", e.msg);
            }
            e.incomplete = false;
            Err(e)
        }
    }
}

fn run(source: &str, mode: Mode, base: Pos, depth: u32) -> Result<Top, ParseError> {
    let (toks, lex_err) = lexer::tokenize(source, base, depth);
    let (toks, err) = indent::layout(source, toks, lex_err, mode, base);
    let input = toks.into_iter().map(Ok).chain(err.map(Err));
    python::TopParser::new().parse(input).map_err(convert_error)
}

type LalrpopError = lalrpop_util::ParseError<Pos, lexer::Tok, ParseError>;

fn convert_error(e: LalrpopError) -> ParseError {
    use lalrpop_util::ParseError as E;
    match e {
        E::User { error } => error,
        E::UnrecognizedEof { location, expected } => {
            let msg = if expects_handler(&expected) {
                "expected 'except' or 'finally' block"
            } else {
                "unexpected EOF while parsing"
            };
            ParseError {
                incomplete: true,
                ..lexer::syntax_error(msg, location)
            }
        }
        E::UnrecognizedToken {
            token: (pos, tok, _),
            expected,
        } => unexpected(pos, tok, &expected),
        E::ExtraToken {
            token: (pos, tok, _),
        } => unexpected(pos, tok, &[]),
        E::InvalidToken { location } => lexer::syntax_error("invalid syntax", location),
    }
}

/// True right after a `try` body, where only a handler may follow.
fn expects_handler(expected: &[String]) -> bool {
    expected.iter().any(|s| s == "\"except\"") && expected.iter().any(|s| s == "\"finally\"")
}

fn unexpected(pos: Pos, tok: lexer::Tok, expected: &[String]) -> ParseError {
    use lexer::Tok;
    let msg = match tok {
        Tok::Indent => {
            return ParseError {
                kind: ErrorKind::IndentationError,
                ..lexer::syntax_error("unexpected indent", pos)
            }
        }
        Tok::Dedent if expected.iter().any(|s| s == "INDENT") => {
            return ParseError {
                kind: ErrorKind::IndentationError,
                ..lexer::syntax_error("expected an indented block", pos)
            }
        }
        Tok::Async => "'async' is not supported".to_string(),
        Tok::Await => "'await' is not supported".to_string(),
        _ if expects_handler(expected) => "expected 'except' or 'finally' block".to_string(),
        Tok::Newline if expected.iter().any(|s| s == "INDENT") => {
            "expected an indented block".to_string()
        }
        _ => "invalid syntax".to_string(),
    };
    lexer::syntax_error(msg, pos)
}
