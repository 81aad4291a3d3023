//! f-strings: splits the body of an f-string literal into constant parts and
//! `{expr!conv:spec}` replacement fields. Each embedded expression is parsed
//! by calling the expression parser recursively, with positions pointing at
//! the real source.

use crate::ast::{Constant, Conversion, Expr, ExprKind, Pos};
use crate::lexer::{decode_str, syntax_error};
use crate::ParseError;

/// Replacement fields inside a format spec may not have specs of their own.
const MAX_SPEC_DEPTH: u32 = 1;

struct FParser<'a> {
    src: &'a str,
    base: Pos,
    raw: bool,
    depth: u32,
}

/// Parses the body (between the quotes) of an f-string that starts at `base`.
pub(crate) fn parse_fstring(
    content: &str,
    base: Pos,
    raw: bool,
    depth: u32,
) -> Result<Vec<Expr>, ParseError> {
    let p = FParser {
        src: content,
        base,
        raw,
        depth,
    };
    let (parts, end) = p.parts(0, false, 0)?;
    debug_assert_eq!(end, content.len());
    Ok(parts)
}

impl FParser<'_> {
    /// The source position of byte `off` of the body.
    fn pos(&self, off: usize) -> Pos {
        let mut pos = self.base;
        let bytes = self.src.as_bytes();
        for (i, ch) in self.src[..off].char_indices() {
            match ch {
                '\n' => {
                    pos.line += 1;
                    pos.col = 1;
                }
                '\r' if bytes.get(i + 1) != Some(&b'\n') => {
                    pos.line += 1;
                    pos.col = 1;
                }
                '\r' => {}
                _ => pos.col += 1,
            }
        }
        pos
    }

    fn err(&self, msg: &str, off: usize) -> ParseError {
        let sep = if msg.starts_with("expression part") {
            " "
        } else {
            ": "
        };
        syntax_error(format!("f-string{sep}{msg}"), self.pos(off))
    }

    fn flush(
        &self,
        lit: &mut String,
        lit_off: usize,
        parts: &mut Vec<Expr>,
    ) -> Result<(), ParseError> {
        if lit.is_empty() {
            return Ok(());
        }
        let text = if self.raw {
            std::mem::take(lit)
        } else {
            let t = decode_str(lit).map_err(|m| syntax_error(m, self.pos(lit_off)))?;
            lit.clear();
            t
        };
        parts.push(Expr {
            pos: self.pos(lit_off),
            kind: ExprKind::Constant(Constant::Str(text)),
        });
        Ok(())
    }

    /// Parses literal text and fields from `i`. In a format spec
    /// (`in_spec`), stops at the unmatched `}` and returns its offset;
    /// otherwise runs to the end of the body.
    fn parts(
        &self,
        mut i: usize,
        in_spec: bool,
        spec_depth: u32,
    ) -> Result<(Vec<Expr>, usize), ParseError> {
        let b = self.src.as_bytes();
        let mut parts = Vec::new();
        let mut lit = String::new();
        let mut lit_off = i;
        while i < b.len() {
            match b[i] {
                b'{' if b.get(i + 1) == Some(&b'{') && !in_spec => {
                    if lit.is_empty() {
                        lit_off = i;
                    }
                    lit.push('{');
                    i += 2;
                }
                b'{' => {
                    self.flush(&mut lit, lit_off, &mut parts)?;
                    let (mut field, next) = self.field(i, spec_depth)?;
                    parts.append(&mut field);
                    i = next;
                    lit_off = i;
                }
                b'}' if in_spec => {
                    self.flush(&mut lit, lit_off, &mut parts)?;
                    return Ok((parts, i));
                }
                b'}' if b.get(i + 1) == Some(&b'}') => {
                    if lit.is_empty() {
                        lit_off = i;
                    }
                    lit.push('}');
                    i += 2;
                }
                b'}' => return Err(self.err("single '}' is not allowed", i)),
                b'\\' if !self.raw => {
                    // Keep the escape whole so `\{` style text is not split.
                    if lit.is_empty() {
                        lit_off = i;
                    }
                    let len = self.src[i + 1..].chars().next().map_or(0, char::len_utf8);
                    lit.push_str(&self.src[i..i + 1 + len]);
                    i += 1 + len;
                }
                _ => {
                    if lit.is_empty() {
                        lit_off = i;
                    }
                    let ch = self.src[i..].chars().next().unwrap_or('\0');
                    lit.push(ch);
                    i += ch.len_utf8().max(1);
                }
            }
        }
        if in_spec {
            return Err(self.err("expecting '}'", i));
        }
        self.flush(&mut lit, lit_off, &mut parts)?;
        Ok((parts, i))
    }

    /// Parses one replacement field starting at the `{` at `open`. Returns its
    /// parts (a debug text constant for `{x=}`, then the FormattedValue) and
    /// the offset after the closing `}`.
    fn field(&self, open: usize, spec_depth: u32) -> Result<(Vec<Expr>, usize), ParseError> {
        let b = self.src.as_bytes();
        let start = open + 1;
        let mut j = start;
        let mut nest = 0u32;
        let mut quote: Option<(u8, bool)> = None;
        loop {
            let Some(&c) = b.get(j) else {
                return Err(self.err("expecting '}'", open));
            };
            if let Some((q, triple)) = quote {
                if c == q && (!triple || (b.get(j + 1) == Some(&q) && b.get(j + 2) == Some(&q))) {
                    quote = None;
                    j += if triple { 3 } else { 1 };
                } else {
                    j += 1;
                }
                continue;
            }
            match c {
                b'\'' | b'"' => {
                    let triple = b.get(j + 1) == Some(&c) && b.get(j + 2) == Some(&c);
                    quote = Some((c, triple));
                    j += if triple { 3 } else { 1 };
                    continue;
                }
                b'(' | b'[' | b'{' => nest += 1,
                b')' | b']' | b'}' if nest > 0 => nest -= 1,
                b'}' => break,
                b')' | b']' => return Err(self.err(&format!("unmatched '{}'", c as char), j)),
                b'#' => return Err(self.err("expression part cannot include '#'", j)),
                b'\\' => return Err(self.err("expression part cannot include a backslash", j)),
                b'!' | b'<' | b'>' | b'=' if b.get(j + 1) == Some(&b'=') => {
                    j += 2;
                    continue;
                }
                b'!' | b':' | b'=' if nest == 0 => break,
                _ => {}
            }
            j += 1;
        }
        let text = &self.src[start..j];
        if text.trim().is_empty() {
            return Err(self.err("valid expression required before '}'", j));
        }
        let expr_pos = self.pos(start);
        let value = crate::parse_embedded(text, expr_pos, self.depth)?;
        let mut out = Vec::new();
        let mut conversion = None;
        let mut debug = false;
        if b[j] == b'=' {
            // `{x=}`: the text (with the `=` and following spaces) then repr.
            j += 1;
            while matches!(b.get(j), Some(b' ' | b'\t')) {
                j += 1;
            }
            out.push(Expr {
                pos: self.pos(open),
                kind: ExprKind::Constant(Constant::Str(self.src[start..j].to_string())),
            });
            debug = true;
        }
        if b.get(j) == Some(&b'!') {
            conversion = Some(match b.get(j + 1) {
                Some(b's') => Conversion::Str,
                Some(b'r') => Conversion::Repr,
                Some(b'a') => Conversion::Ascii,
                _ => {
                    return Err(
                        self.err("invalid conversion character: expected 's', 'r', or 'a'", j)
                    )
                }
            });
            j += 2;
        }
        let mut format_spec = None;
        if b.get(j) == Some(&b':') {
            if spec_depth >= MAX_SPEC_DEPTH {
                return Err(self.err("expressions nested too deeply", j));
            }
            let spec_pos = self.pos(j + 1);
            let (spec, end) = self.parts(j + 1, true, spec_depth + 1)?;
            format_spec = Some(Box::new(Expr {
                pos: spec_pos,
                kind: ExprKind::JoinedStr(spec),
            }));
            j = end;
        }
        if b.get(j) != Some(&b'}') {
            return Err(self.err("expecting '}'", j));
        }
        if debug && conversion.is_none() && format_spec.is_none() {
            conversion = Some(Conversion::Repr);
        }
        out.push(Expr {
            pos: self.pos(open),
            kind: ExprKind::FormattedValue {
                value: Box::new(value),
                conversion,
                format_spec,
            },
        });
        Ok((out, j + 1))
    }
}
