//! The tokenizer: a logos-generated scanner for the simple tokens, plus a
//! wrapper that tracks 1-based line/column positions and scans string literals
//! by hand (prefixes, quotes, triple quotes, escapes). Its output is a flat list
//! of physical tokens; `indent.rs` turns physical newlines into NEWLINE /
//! INDENT / DEDENT.

use crate::ast::{Constant, Expr, Pos};
use crate::{fstring, ErrorKind, ParseError};
use logos::Logos;
use num_bigint::BigInt;
use num_traits::Num;

/// The contents of one string literal token.
#[derive(Clone, Debug, PartialEq)]
pub enum StrLit {
    Str(String),
    Bytes(Vec<u8>),
    /// An f-string: `Constant(Str)` and `FormattedValue` parts.
    F(Vec<Expr>),
}

/// Why logos could not produce a token.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum LexErr {
    #[default]
    BadChar,
    BadNumber(&'static str),
}

/// A token. The variants without a logos attribute are produced by the
/// wrapper (`Name`, `Str`, the layout tokens, the start markers).
#[derive(Logos, Clone, Debug, PartialEq)]
#[logos(error = LexErr)]
#[logos(skip r"[ \t\x0C]+")]
#[logos(skip(r"#[^\r\n]*", allow_greedy = true))]
pub enum Tok {
    // ---- produced by the wrapper / the indentation pass ----
    Name(String),
    Number(Constant),
    Str(StrLit),
    Newline,
    Indent,
    Dedent,
    StartModule,
    StartExpr,
    /// The soft keywords `match` and `case` where they start a statement
    /// (`indent.rs` decides; everywhere else they are `Name`s).
    Match,
    Case,

    // ---- physical tokens only seen by the wrapper ----
    #[regex(r"\r\n|\n|\r")]
    Nl,
    #[regex(r"\\(\r\n|\n|\r)")]
    Continuation,
    #[token("\\")]
    Backslash,
    #[regex(r#"([rRbBfFuU]|[rR][bBfF]|[bBfF][rR])?["']"#)]
    StrStart,
    #[regex(r"[A-Za-z_\u{80}-\u{10FFFF}][A-Za-z0-9_\u{80}-\u{10FFFF}]*")]
    Ident,
    #[regex(
        r"([0-9][0-9_]*(\.[0-9_]*)?|\.[0-9][0-9_]*)([eE][+-]?[0-9][0-9_]*)?[jJ]?",
        number
    )]
    #[regex(r"0[xXoObB][0-9a-fA-F_]+", number)]
    Num(Constant),

    // ---- keywords ----
    #[token("False")]
    False,
    #[token("None")]
    None,
    #[token("True")]
    True,
    #[token("and")]
    And,
    #[token("as")]
    As,
    #[token("assert")]
    Assert,
    #[token("async")]
    Async,
    #[token("await")]
    Await,
    #[token("break")]
    Break,
    #[token("class")]
    Class,
    #[token("continue")]
    Continue,
    #[token("def")]
    Def,
    #[token("del")]
    Del,
    #[token("elif")]
    Elif,
    #[token("else")]
    Else,
    #[token("except")]
    Except,
    #[token("finally")]
    Finally,
    #[token("for")]
    For,
    #[token("from")]
    From,
    #[token("global")]
    Global,
    #[token("if")]
    If,
    #[token("import")]
    Import,
    #[token("in")]
    In,
    #[token("is")]
    Is,
    #[token("lambda")]
    Lambda,
    #[token("nonlocal")]
    Nonlocal,
    #[token("not")]
    Not,
    #[token("or")]
    Or,
    #[token("pass")]
    Pass,
    #[token("raise")]
    Raise,
    #[token("return")]
    Return,
    #[token("try")]
    Try,
    #[token("while")]
    While,
    #[token("with")]
    With,
    #[token("yield")]
    Yield,

    // ---- operators and delimiters ----
    #[token("(")]
    LPar,
    #[token(")")]
    RPar,
    #[token("[")]
    LSqb,
    #[token("]")]
    RSqb,
    #[token("{")]
    LBrace,
    #[token("}")]
    RBrace,
    #[token(":")]
    Colon,
    #[token(",")]
    Comma,
    #[token(";")]
    Semi,
    #[token("+")]
    Plus,
    #[token("-")]
    Minus,
    #[token("*")]
    Star,
    #[token("/")]
    Slash,
    #[token("|")]
    VBar,
    #[token("&")]
    Amper,
    #[token("<")]
    Less,
    #[token(">")]
    Greater,
    #[token("=")]
    Equal,
    #[token(".")]
    Dot,
    #[token("%")]
    Percent,
    #[token("==")]
    EqEqual,
    #[token("!=")]
    NotEqual,
    #[token("<=")]
    LessEqual,
    #[token(">=")]
    GreaterEqual,
    #[token("~")]
    Tilde,
    #[token("^")]
    Circumflex,
    #[token("<<")]
    LeftShift,
    #[token(">>")]
    RightShift,
    #[token("**")]
    DoubleStar,
    #[token("+=")]
    PlusEqual,
    #[token("-=")]
    MinusEqual,
    #[token("*=")]
    StarEqual,
    #[token("/=")]
    SlashEqual,
    #[token("%=")]
    PercentEqual,
    #[token("&=")]
    AmperEqual,
    #[token("|=")]
    VBarEqual,
    #[token("^=")]
    CircumflexEqual,
    #[token("<<=")]
    LeftShiftEqual,
    #[token(">>=")]
    RightShiftEqual,
    #[token("**=")]
    DoubleStarEqual,
    #[token("//")]
    DoubleSlash,
    #[token("//=")]
    DoubleSlashEqual,
    #[token("@")]
    At,
    #[token("@=")]
    AtEqual,
    #[token("->")]
    Rarrow,
    #[token("...")]
    Ellipsis,
    #[token(":=")]
    ColonEqual,
}

/// Parses a numeric literal (the logos callback).
fn number(lex: &mut logos::Lexer<Tok>) -> Result<Constant, LexErr> {
    parse_number(lex.slice())
}

fn check_underscores(digits: &str) -> Result<(), LexErr> {
    if digits.starts_with('_') || digits.ends_with('_') || digits.contains("__") {
        return Err(LexErr::BadNumber("invalid decimal literal"));
    }
    Ok(())
}

pub(crate) fn parse_number(text: &str) -> Result<Constant, LexErr> {
    let b = text.as_bytes();
    if b.len() > 2 && b[0] == b'0' && b[1].is_ascii_alphabetic() {
        let (radix, name) = match b[1] {
            b'x' | b'X' => (16, "invalid hexadecimal literal"),
            b'o' | b'O' => (8, "invalid octal literal"),
            _ => (2, "invalid binary literal"),
        };
        let mut digits = &text[2..];
        if let Some(d) = digits.strip_prefix('_') {
            digits = d;
        }
        if check_underscores(digits).is_err() || digits.is_empty() {
            return Err(LexErr::BadNumber(name));
        }
        let clean: String = digits.chars().filter(|&c| c != '_').collect();
        if !clean.chars().all(|c| c.is_digit(radix)) {
            return Err(LexErr::BadNumber(name));
        }
        return Ok(int_const(&clean, radix));
    }
    let (body, imag) = match text.strip_suffix(['j', 'J']) {
        Some(body) => (body, true),
        None => (text, false),
    };
    // Underscores may only separate digits.
    for part in body.split(['.', 'e', 'E', '+', '-']) {
        if !part.is_empty() {
            check_underscores(part)?;
        }
    }
    let clean: String = body.chars().filter(|&c| c != '_').collect();
    let is_float = clean.contains(['.', 'e', 'E']);
    if imag || is_float {
        let v: f64 = clean
            .parse()
            .map_err(|_| LexErr::BadNumber("invalid decimal literal"))?;
        return Ok(if imag {
            Constant::Imaginary(v)
        } else {
            Constant::Float(v)
        });
    }
    if clean.len() > 1 && clean.starts_with('0') && clean.bytes().any(|c| c != b'0') {
        return Err(LexErr::BadNumber(
            "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
        ));
    }
    Ok(int_const(&clean, 10))
}

fn int_const(digits: &str, radix: u32) -> Constant {
    match i64::from_str_radix(digits, radix) {
        Ok(v) => Constant::Int(v),
        Err(_) => match BigInt::from_str_radix(digits, radix) {
            Ok(v) => Constant::BigInt(v),
            Err(_) => Constant::Int(0),
        },
    }
}

/// A token with its start and end positions and its byte offset in the source.
#[derive(Clone, Debug)]
pub(crate) struct Spanned {
    pub start: Pos,
    pub tok: Tok,
    pub end: Pos,
    pub offset: usize,
}

/// Converts byte offsets to line/column positions; offsets must not decrease.
pub(crate) struct Cursor<'a> {
    src: &'a str,
    off: usize,
    line: u32,
    col: u32,
}

impl<'a> Cursor<'a> {
    pub fn new(src: &'a str, base: Pos) -> Self {
        Cursor {
            src,
            off: 0,
            line: base.line,
            col: base.col,
        }
    }

    pub fn pos(&mut self, to: usize) -> Pos {
        let to = to.min(self.src.len());
        if to > self.off {
            let bytes = self.src.as_bytes();
            for (i, ch) in self.src[self.off..to].char_indices() {
                match ch {
                    '\n' => {
                        self.line += 1;
                        self.col = 1;
                    }
                    '\r' => {
                        if bytes.get(self.off + i + 1) != Some(&b'\n') {
                            self.line += 1;
                            self.col = 1;
                        }
                    }
                    _ => self.col += 1,
                }
            }
            self.off = to;
        }
        Pos {
            line: self.line,
            col: self.col,
        }
    }
}

pub(crate) fn syntax_error(msg: impl Into<String>, pos: Pos) -> ParseError {
    ParseError {
        kind: ErrorKind::SyntaxError,
        msg: msg.into(),
        line: pos.line,
        col: pos.col,
        incomplete: false,
    }
}

/// Maximum nesting of f-strings inside f-string replacement fields.
const MAX_FSTRING_DEPTH: u32 = 8;

/// Tokenizes `src`, whose first character sits at `base`. Returns the tokens
/// up to the first error, and that error if any. `depth` counts enclosing
/// f-strings.
pub(crate) fn tokenize(src: &str, base: Pos, depth: u32) -> (Vec<Spanned>, Option<ParseError>) {
    let mut out = Vec::new();
    let mut cur = Cursor::new(src, base);
    let mut lex = Tok::lexer(src);
    while let Some(res) = lex.next() {
        let span = lex.span();
        let start = cur.pos(span.start);
        let tok = match res {
            Ok(Tok::Ident) => {
                let s = lex.slice();
                if let Some(bad) = s.chars().find(|c| !(c.is_alphanumeric() || *c == '_')) {
                    let p = cur.pos(span.start + s.find(bad).unwrap_or(0));
                    return (out, Some(invalid_char(bad, p)));
                }
                Tok::Name(s.to_string())
            }
            Ok(Tok::Num(c)) => Tok::Number(c),
            Ok(Tok::Continuation) => continue,
            Ok(Tok::Backslash) => {
                let err = if lex.remainder().is_empty() {
                    ParseError {
                        incomplete: true,
                        ..syntax_error("unexpected EOF while parsing", start)
                    }
                } else {
                    syntax_error(
                        "unexpected character after line continuation character",
                        start,
                    )
                };
                return (out, Some(err));
            }
            Ok(Tok::StrStart) => match scan_string(&mut lex, &mut cur, start, depth) {
                Ok(lit) => Tok::Str(lit),
                Err(e) => return (out, Some(e)),
            },
            Ok(t) => t,
            Err(LexErr::BadNumber(msg)) => return (out, Some(syntax_error(msg, start))),
            Err(LexErr::BadChar) => {
                let ch = lex.slice().chars().next().unwrap_or('?');
                let msg_pos = start;
                if ch == '!' {
                    return (out, Some(syntax_error("invalid syntax", msg_pos)));
                }
                return (out, Some(invalid_char(ch, msg_pos)));
            }
        };
        let end_off = lex.span().end;
        let end = cur.pos(end_off);
        out.push(Spanned {
            start,
            tok,
            end,
            offset: span.start,
        });
    }
    (out, None)
}

fn invalid_char(ch: char, pos: Pos) -> ParseError {
    if ch == '$' || ch == '?' || ch == '`' {
        syntax_error("invalid syntax", pos)
    } else {
        syntax_error(
            format!("invalid character '{}' (U+{:04X})", ch, ch as u32),
            pos,
        )
    }
}

/// Scans the rest of a string literal whose prefix and opening quote were just
/// matched, bumps the lexer past it and decodes it.
fn scan_string(
    lex: &mut logos::Lexer<Tok>,
    cur: &mut Cursor,
    start: Pos,
    depth: u32,
) -> Result<StrLit, ParseError> {
    let opener = lex.slice();
    let quote = opener.as_bytes()[opener.len() - 1];
    let prefix = opener[..opener.len() - 1].to_ascii_lowercase();
    let raw = prefix.contains('r');
    let bytes_lit = prefix.contains('b');
    let fmt = prefix.contains('f');
    let rest = lex.remainder();
    let rb = rest.as_bytes();
    let triple = rb.len() >= 2 && rb[0] == quote && rb[1] == quote;
    let body_start = if triple { 2 } else { 0 };
    let mut i = body_start;
    let content_end;
    loop {
        if i >= rb.len() {
            let end = cur.pos(lex.span().end + rb.len());
            let err = if triple {
                ParseError {
                    incomplete: true,
                    ..syntax_error(
                        format!(
                            "unterminated triple-quoted string literal (detected at line {})",
                            end.line
                        ),
                        start,
                    )
                }
            } else {
                syntax_error(
                    format!(
                        "unterminated string literal (detected at line {})",
                        start.line
                    ),
                    start,
                )
            };
            return Err(err);
        }
        let b = rb[i];
        if b == b'\\' {
            i += 2;
            if i > rb.len() {
                i = rb.len();
            }
            continue;
        }
        if !triple && (b == b'\n' || b == b'\r') {
            let line = cur.pos(lex.span().end + i).line;
            return Err(syntax_error(
                format!("unterminated string literal (detected at line {})", line),
                start,
            ));
        }
        if b == quote && (!triple || (i + 2 < rb.len() && rb[i + 1] == quote && rb[i + 2] == quote))
        {
            content_end = i;
            break;
        }
        i += 1;
    }
    let content_off = lex.span().end + body_start;
    let content = &rest[body_start..content_end];
    lex.bump(content_end + if triple { 3 } else { 1 });
    if bytes_lit {
        if let Some(c) = content.chars().find(|c| !c.is_ascii()) {
            let _ = c;
            return Err(syntax_error(
                "bytes can only contain ASCII literal characters",
                start,
            ));
        }
        return if raw {
            Ok(StrLit::Bytes(content.as_bytes().to_vec()))
        } else {
            decode_bytes(content)
                .map(StrLit::Bytes)
                .map_err(|m| syntax_error(m, start))
        };
    }
    if fmt {
        if depth >= MAX_FSTRING_DEPTH {
            return Err(syntax_error(
                "f-string: expressions nested too deeply",
                start,
            ));
        }
        let content_pos = cur.pos(content_off);
        return fstring::parse_fstring(content, content_pos, raw, depth + 1).map(StrLit::F);
    }
    if raw {
        Ok(StrLit::Str(content.to_string()))
    } else {
        decode_str(content)
            .map(StrLit::Str)
            .map_err(|m| syntax_error(m, start))
    }
}

fn hex_value(digits: &str, n: usize, what: &str) -> Result<u32, String> {
    if digits.len() < n || !digits.is_char_boundary(n) {
        return Err(format!("(unicode error) truncated {} escape", what));
    }
    let d = &digits[..n];
    if !d.bytes().all(|c| c.is_ascii_hexdigit()) {
        return Err(format!("(unicode error) truncated {} escape", what));
    }
    u32::from_str_radix(d, 16).map_err(|_| format!("(unicode error) truncated {} escape", what))
}

/// Decodes the escape sequences of a (non-raw) str literal body.
pub(crate) fn decode_str(s: &str) -> Result<String, String> {
    if !s.contains('\\') {
        return Ok(s.to_string());
    }
    let mut out = String::with_capacity(s.len());
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((j, e)) = it.next() else {
            out.push('\\');
            break;
        };
        match e {
            '\n' => {}
            '\r' => {
                if let Some((_, '\n')) = it.peek() {
                    it.next();
                }
            }
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\x0b'),
            '0'..='7' => {
                let mut v = e as u32 - '0' as u32;
                for _ in 0..2 {
                    match it.peek() {
                        Some(&(_, d @ '0'..='7')) => {
                            v = v * 8 + (d as u32 - '0' as u32);
                            it.next();
                        }
                        _ => break,
                    }
                }
                out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
            }
            'x' | 'u' | 'U' => {
                let (n, what) = match e {
                    'x' => (2, "\\xXX"),
                    'u' => (4, "\\uXXXX"),
                    _ => (8, "\\UXXXXXXXX"),
                };
                let v = hex_value(&s[j + 1..], n, what)?;
                for _ in 0..n {
                    it.next();
                }
                match char::from_u32(v) {
                    Some(ch) => out.push(ch),
                    None => return Err("(unicode error) illegal Unicode character".to_string()),
                }
            }
            'N' => return Err("(unicode error) \\N{...} escapes are not supported".to_string()),
            other => {
                let _ = i;
                out.push('\\');
                out.push(other);
            }
        }
    }
    Ok(out)
}

/// Decodes the escape sequences of a (non-raw) bytes literal body.
fn decode_bytes(s: &str) -> Result<Vec<u8>, String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        i += 1;
        if c != b'\\' {
            out.push(c);
            continue;
        }
        let Some(&e) = b.get(i) else {
            out.push(b'\\');
            break;
        };
        i += 1;
        match e {
            b'\n' => {}
            b'\r' => {
                if b.get(i) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'\\' => out.push(b'\\'),
            b'\'' => out.push(b'\''),
            b'"' => out.push(b'"'),
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(11),
            b'0'..=b'7' => {
                let mut v = (e - b'0') as u32;
                for _ in 0..2 {
                    match b.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            v = v * 8 + (d - b'0') as u32;
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push((v & 0xff) as u8);
            }
            b'x' => {
                let v = hex_value(&s[i..], 2, "\\xXX")
                    .map_err(|_| "(value error) invalid \\x escape".to_string())?;
                i += 2;
                out.push(v as u8);
            }
            other => {
                out.push(b'\\');
                out.push(other);
            }
        }
    }
    Ok(out)
}
