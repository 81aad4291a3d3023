//! The indentation pass: turns the physical token list into the logical one the
//! grammar expects. Physical newlines inside brackets disappear, blank and
//! comment-only lines disappear (the lexer already skipped comments), the
//! remaining newlines become NEWLINE, and changes of indentation at the start
//! of a logical line become INDENT / DEDENT. Also enforces the bracket depth
//! limit and detects the indentation errors of CPython's tokenizer.

use crate::ast::Pos;
use crate::lexer::{syntax_error, Spanned, Tok};
use crate::{ErrorKind, ParseError};

/// A token as the parser sees it.
pub(crate) type Triple = (Pos, Tok, Pos);

/// Deepest bracket nesting accepted (CPython's limit too).
pub(crate) const MAX_BRACKET_DEPTH: u32 = 200;
/// Deepest block nesting accepted.
const MAX_INDENT_LEVELS: usize = 100;
/// Longest run of prefix operators (`- - - x`, `not not x`).
const MAX_UNARY_RUN: u32 = 200;
/// Most `lambda`s in one logical line (`lambda a=lambda a=...` nests without
/// brackets, so the bracket limit does not bound it).
const MAX_LAMBDAS: u32 = 1000;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// A file: statements, INDENT/DEDENT.
    Module,
    /// `eval()` input: one expression, no indentation tracking.
    Expr,
    /// An f-string replacement field: as if inside parentheses.
    Embedded,
}

fn indentation_error(msg: impl Into<String>, pos: Pos) -> ParseError {
    ParseError {
        kind: ErrorKind::IndentationError,
        ..syntax_error(msg, pos)
    }
}

fn tab_error(pos: Pos) -> ParseError {
    ParseError {
        kind: ErrorKind::TabError,
        ..syntax_error("inconsistent use of tabs and spaces in indentation", pos)
    }
}

/// What a block header starting with `tok` is called in "expected an
/// indented block after ..." messages.
fn header_name(tok: &Tok) -> Option<&'static str> {
    Some(match tok {
        Tok::If => "'if' statement",
        Tok::Elif => "'elif' statement",
        Tok::Else => "'else' statement",
        Tok::While => "'while' statement",
        Tok::For => "'for' statement",
        Tok::Try => "'try' statement",
        Tok::Except => "'except' statement",
        Tok::Finally => "'finally' statement",
        Tok::With => "'with' statement",
        Tok::Def => "function definition",
        Tok::Class => "class definition",
        Tok::Match => "'match' statement",
        Tok::Case => "'case' statement",
        _ => return None,
    })
}

fn is_name(tok: &Tok, word: &str) -> bool {
    matches!(tok, Tok::Name(n) if n == word)
}

/// Turns the soft keyword `match` into `Tok::Match` where it starts a
/// `match` statement: first on its logical line, which ends with a `:` at
/// bracket depth 0 with something between the two. No other statement ends
/// that way when it starts with the name `match` (an annotation `match: T`
/// or `match[i]: T` ends with its type, a `lambda:` needs a body), and a
/// `match` header needs its block on the following lines, so this is
/// exactly where CPython's parser takes the `match` alternative.
fn mark_match_heads(toks: &mut [Spanned]) {
    let mut depth = 0u32;
    // Index of the line's first token, and the last significant token.
    let mut head: Option<usize> = None;
    let mut last: Option<usize> = None;
    for i in 0..toks.len() {
        match toks[i].tok {
            Tok::Nl if depth == 0 => {
                if let (Some(h), Some(l)) = (head, last) {
                    if is_name(&toks[h].tok, "match") && toks[l].tok == Tok::Colon && l > h + 1 {
                        toks[h].tok = Tok::Match;
                    }
                }
                head = None;
                last = None;
                continue;
            }
            Tok::Nl => continue,
            Tok::LPar | Tok::LSqb | Tok::LBrace => depth += 1,
            Tok::RPar | Tok::RSqb | Tok::RBrace => depth = depth.saturating_sub(1),
            _ => {}
        }
        if head.is_none() {
            head = Some(i);
        }
        last = Some(i);
    }
    if let (Some(h), Some(l)) = (head, last) {
        if depth == 0 && is_name(&toks[h].tok, "match") && toks[l].tok == Tok::Colon && l > h + 1 {
            toks[h].tok = Tok::Match;
        }
    }
}

/// The indentation of the line holding the token at byte `offset`, as
/// (column with tabs to multiples of 8, column with tabs counting 1).
fn measure(src: &str, offset: usize) -> (u32, u32) {
    let line_start = src[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let (mut c8, mut c1) = (0u32, 0u32);
    for ch in src[line_start..offset].chars() {
        match ch {
            ' ' => {
                c8 += 1;
                c1 += 1;
            }
            '\t' => {
                c8 = (c8 / 8 + 1) * 8;
                c1 += 1;
            }
            '\x0C' => {
                c8 = 0;
                c1 = 0;
            }
            // A line continued with a backslash: not indentation.
            _ => return (c8, c1),
        }
    }
    (c8, c1)
}

/// Runs the pass. `lex_err` is the tokenizer's error (if any), which is
/// reported after the tokens that precede it so that an earlier syntax error
/// wins, as in CPython's incremental tokenizer.
pub(crate) fn layout(
    src: &str,
    toks: Vec<Spanned>,
    lex_err: Option<ParseError>,
    mode: Mode,
    start: Pos,
) -> (Vec<Triple>, Option<ParseError>) {
    let mut toks = toks;
    if mode == Mode::Module {
        mark_match_heads(&mut toks);
    }
    let mut out: Vec<Triple> = Vec::with_capacity(toks.len() + 8);
    let marker = if mode == Mode::Module {
        Tok::StartModule
    } else {
        Tok::StartExpr
    };
    out.push((start, marker, start));
    let mut depth: u32 = if mode == Mode::Embedded { 1 } else { 0 };
    let mut at_bol = true;
    let mut stack: Vec<(u32, u32)> = vec![(0, 0)];
    // The first token of the current logical line, and its line.
    let mut line_head: Option<(&'static str, u32)> = None;
    let mut last_was_colon = false;
    // A block header just ended: its description and line.
    let mut pending: Option<(&'static str, u32)> = None;
    let mut unary_run = 0u32;
    let mut lambdas = 0u32;
    let mut end = start;
    // Indentation levels (lengths of `stack`) of the blocks of `match`
    // statements: a line at one of them starts with the keyword `case`.
    let mut case_levels: Vec<usize> = Vec::new();
    // The previous logical line was a `match` header.
    let mut after_match = false;

    for mut t in toks {
        end = t.end;
        if t.tok == Tok::Nl {
            if depth > 0 || at_bol {
                continue;
            }
            out.push((t.start, Tok::Newline, t.end));
            at_bol = true;
            lambdas = 0;
            pending = if last_was_colon { line_head } else { None };
            after_match = matches!(pending, Some((h, _)) if h == "'match' statement");
            continue;
        }
        if at_bol {
            at_bol = false;
            if mode == Mode::Module {
                let (c8, c1) = measure(src, t.offset);
                let (top8, top1) = *stack.last().unwrap();
                if c8 > top8 {
                    if c1 <= top1 {
                        return (out, Some(tab_error(t.start)));
                    }
                    stack.push((c8, c1));
                    if stack.len() > MAX_INDENT_LEVELS {
                        return (
                            out,
                            Some(indentation_error("too many levels of indentation", t.start)),
                        );
                    }
                    out.push((t.start, Tok::Indent, t.start));
                } else {
                    if let Some((what, line)) = pending {
                        let msg = format!("expected an indented block after {what} on line {line}");
                        return (out, Some(indentation_error(msg, t.start)));
                    }
                    if c8 == top8 {
                        if c1 != top1 {
                            return (out, Some(tab_error(t.start)));
                        }
                    } else {
                        while c8 < stack.last().unwrap().0 {
                            stack.pop();
                            out.push((t.start, Tok::Dedent, t.start));
                        }
                        let (top8, top1) = *stack.last().unwrap();
                        if c8 != top8 {
                            let msg = "unindent does not match any outer indentation level";
                            return (out, Some(indentation_error(msg, t.start)));
                        }
                        if c1 != top1 {
                            return (out, Some(tab_error(t.start)));
                        }
                    }
                }
            }
            pending = None;
            if mode == Mode::Module {
                if after_match && stack.len() > case_levels.last().copied().unwrap_or(0) {
                    case_levels.push(stack.len());
                }
                after_match = false;
                case_levels.retain(|&level| level <= stack.len());
                if case_levels.last() == Some(&stack.len()) && is_name(&t.tok, "case") {
                    t.tok = Tok::Case;
                }
            }
            line_head = header_name(&t.tok).map(|h| (h, t.start.line));
        }
        match t.tok {
            Tok::LPar | Tok::LSqb | Tok::LBrace => {
                depth += 1;
                if depth > MAX_BRACKET_DEPTH {
                    return (
                        out,
                        Some(syntax_error("too many nested parentheses", t.start)),
                    );
                }
            }
            Tok::RPar | Tok::RSqb | Tok::RBrace => depth = depth.saturating_sub(1),
            _ => {}
        }
        if matches!(t.tok, Tok::Minus | Tok::Plus | Tok::Tilde | Tok::Not) {
            unary_run += 1;
            if unary_run > MAX_UNARY_RUN {
                return (
                    out,
                    Some(syntax_error("too many nested unary operators", t.start)),
                );
            }
        } else {
            unary_run = 0;
        }
        if t.tok == Tok::Lambda {
            lambdas += 1;
            if lambdas > MAX_LAMBDAS {
                return (out, Some(syntax_error("too many nested lambdas", t.start)));
            }
        }
        last_was_colon = t.tok == Tok::Colon;
        out.push((t.start, t.tok, t.end));
    }

    if lex_err.is_some() {
        return (out, lex_err);
    }
    let base_depth = if mode == Mode::Embedded { 1 } else { 0 };
    if depth > base_depth {
        // An open bracket: the parser reports an unexpected EOF.
        return (out, None);
    }
    if !at_bol {
        out.push((end, Tok::Newline, end));
        if last_was_colon {
            pending = line_head;
        }
    }
    if mode == Mode::Module {
        if let Some((what, line)) = pending {
            let msg = format!("expected an indented block after {what} on line {line}");
            let err = ParseError {
                incomplete: true,
                ..indentation_error(msg, end)
            };
            return (out, Some(err));
        }
        for _ in 1..stack.len() {
            out.push((end, Tok::Dedent, end));
        }
    }
    (out, None)
}
