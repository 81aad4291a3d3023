//! Helpers called from the grammar's `match` rules: building patterns and
//! the checks CPython makes on them before any code runs (an irrefutable
//! case before the last, names bound twice or differently by the
//! alternatives of an or-pattern, repeated mapping keys and class
//! attributes). All of them are `SyntaxError`s with CPython's wording.

use crate::actions::{ex, join_strings, st, user, PResult};
use crate::ast::*;
use crate::lexer::StrLit;

pub(crate) fn pattern(pos: Pos, kind: PatternKind) -> Pattern {
    Pattern { pos, kind }
}

/// One argument of a class pattern before validation.
pub(crate) enum ClassArg {
    Positional(Pattern),
    Keyword(Pos, String, Pattern),
}

/// One item of a mapping pattern before validation.
pub(crate) enum MappingItem {
    Key(Pos, Expr, Pattern),
    Rest(Pos, String),
}

/// The subject of `match`: one expression or an unparenthesized tuple.
pub(crate) fn match_subject(pos: Pos, mut items: Vec<Expr>, trailing: bool) -> PResult<Expr> {
    if items.len() == 1 && !trailing {
        let e = items.pop().expect("one item");
        if let ExprKind::Starred(_) = e.kind {
            return Err(user("invalid syntax", e.pos));
        }
        return Ok(e);
    }
    Ok(ex(pos, ExprKind::Tuple(items)))
}

/// The patterns of a `case`: `a, b` without brackets is a sequence.
pub(crate) fn open_sequence(pos: Pos, mut items: Vec<Pattern>, trailing: bool) -> PResult<Pattern> {
    if items.len() == 1 && !trailing {
        let p = items.pop().expect("one item");
        if let PatternKind::Star(_) = p.kind {
            return Err(user("invalid syntax", p.pos));
        }
        return Ok(p);
    }
    Ok(pattern(pos, PatternKind::Sequence(items)))
}

/// `( ... )`: one pattern in parentheses is itself, more are a sequence.
pub(crate) fn group_pattern(pos: Pos, items: Vec<Pattern>) -> PResult<Pattern> {
    open_sequence(pos, items, false)
}

pub(crate) fn star_pattern(pos: Pos, name: String) -> Pattern {
    let name = (name != "_").then_some(name);
    pattern(pos, PatternKind::Star(name))
}

pub(crate) fn as_pattern(pos: Pos, p: Pattern, name: String) -> PResult<Pattern> {
    if name == "_" {
        return Err(user("cannot use '_' as a target", pos));
    }
    Ok(pattern(
        pos,
        PatternKind::As {
            pattern: Some(Box::new(p)),
            name: Some(name),
        },
    ))
}

pub(crate) fn or_pattern(pos: Pos, mut alternatives: Vec<Pattern>) -> Pattern {
    if alternatives.len() == 1 {
        return alternatives.pop().expect("one alternative");
    }
    pattern(pos, PatternKind::Or(alternatives))
}

/// A literal: the singletons match by identity, the rest by equality.
pub(crate) fn literal_pattern(pos: Pos, e: Expr) -> Pattern {
    let kind = match &e.kind {
        ExprKind::Constant(c @ (Constant::None | Constant::True | Constant::False)) => {
            PatternKind::Singleton(c.clone())
        }
        _ => PatternKind::Value(e),
    };
    pattern(pos, kind)
}

/// `name` (a capture, `_` the wildcard) or `a.b.c` (a value pattern).
pub(crate) fn name_pattern(pos: Pos, names: Vec<(Pos, String)>) -> Pattern {
    if names.len() == 1 {
        let name = names.into_iter().next().expect("one name").1;
        let name = (name != "_").then_some(name);
        return pattern(
            pos,
            PatternKind::As {
                pattern: None,
                name,
            },
        );
    }
    pattern(pos, PatternKind::Value(attr_expr(names)))
}

/// `a.b.c` as an expression.
pub(crate) fn attr_expr(names: Vec<(Pos, String)>) -> Expr {
    let mut it = names.into_iter();
    let (pos, first) = it.next().expect("at least one name");
    let mut e = ex(pos, ExprKind::Name(first));
    for (_, attr) in it {
        e = ex(
            pos,
            ExprKind::Attribute {
                value: Box::new(e),
                attr,
            },
        );
    }
    e
}

pub(crate) fn class_pattern(
    pos: Pos,
    cls: Vec<(Pos, String)>,
    args: Vec<ClassArg>,
) -> PResult<Pattern> {
    let mut patterns = Vec::new();
    let mut kwd_attrs: Vec<String> = Vec::new();
    let mut kwd_patterns = Vec::new();
    for arg in args {
        match arg {
            ClassArg::Positional(p) => {
                if !kwd_attrs.is_empty() {
                    return Err(user("positional patterns follow keyword patterns", p.pos));
                }
                patterns.push(p);
            }
            ClassArg::Keyword(at, name, p) => {
                if kwd_attrs.contains(&name) {
                    return Err(user(
                        format!("attribute name repeated in class pattern: {name}"),
                        at,
                    ));
                }
                kwd_attrs.push(name);
                kwd_patterns.push(p);
            }
        }
    }
    Ok(pattern(
        pos,
        PatternKind::Class {
            cls: attr_expr(cls),
            patterns,
            kwd_attrs,
            kwd_patterns,
        },
    ))
}

pub(crate) fn mapping_pattern(pos: Pos, items: Vec<MappingItem>) -> PResult<Pattern> {
    let mut keys = Vec::new();
    let mut patterns = Vec::new();
    let mut rest = None;
    let count = items.len();
    for (i, item) in items.into_iter().enumerate() {
        match item {
            MappingItem::Key(at, key, p) => {
                // A bare name would be a capture, not a key.
                if matches!(key.kind, ExprKind::Name(_)) {
                    return Err(user("invalid syntax", at));
                }
                keys.push(key);
                patterns.push(p);
            }
            MappingItem::Rest(at, name) => {
                if i + 1 != count || name == "_" {
                    return Err(user("invalid syntax", at));
                }
                rest = Some(name);
            }
        }
    }
    Ok(pattern(
        pos,
        PatternKind::Mapping {
            keys,
            patterns,
            rest,
        },
    ))
}

fn is_imaginary(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Constant(Constant::Imaginary(_)))
}

/// `real + imaginary` / `real - imaginary`.
pub(crate) fn complex_literal(
    pos: Pos,
    real: Expr,
    op: BinOp,
    imag_pos: Pos,
    imag: Constant,
) -> PResult<Expr> {
    let real_is_imaginary = match &real.kind {
        ExprKind::UnaryOp { operand, .. } => is_imaginary(operand),
        _ => is_imaginary(&real),
    };
    if real_is_imaginary {
        return Err(user("real number required in complex literal", real.pos));
    }
    if !matches!(imag, Constant::Imaginary(_)) {
        return Err(user(
            "imaginary number required in complex literal",
            imag_pos,
        ));
    }
    Ok(ex(
        pos,
        ExprKind::BinOp {
            left: Box::new(real),
            op,
            right: Box::new(ex(imag_pos, ExprKind::Constant(imag))),
        },
    ))
}

/// String literals in a pattern: f-strings are not literals.
pub(crate) fn pattern_string(pos: Pos, lits: Vec<(Pos, StrLit)>) -> PResult<Expr> {
    if lits.iter().any(|(_, l)| matches!(l, StrLit::F(_))) {
        return Err(user(
            "patterns may only match literals and attribute lookups",
            pos,
        ));
    }
    join_strings(pos, lits)
}

/// Builds the statement after checking every case's pattern.
pub(crate) fn match_stmt(pos: Pos, subject: Expr, cases: Vec<MatchCase>) -> PResult<Stmt> {
    let last = cases.len() - 1;
    for (i, case) in cases.iter().enumerate() {
        // Only the last case, or one with a guard, may match everything.
        let allow_irrefutable = case.guard.is_some() || i == last;
        check(&case.pattern, allow_irrefutable, &mut Vec::new())?;
    }
    Ok(st(pos, StmtKind::Match { subject, cases }))
}

fn bind(name: &str, pos: Pos, names: &mut Vec<String>) -> PResult<()> {
    if names.iter().any(|n| n == name) {
        return Err(user(
            format!("multiple assignments to name '{name}' in pattern"),
            pos,
        ));
    }
    names.push(name.to_string());
    Ok(())
}

/// Checks a pattern in the order CPython compiles it (so the first error
/// it would report is the one reported), collecting the names it binds.
fn check(p: &Pattern, allow_irrefutable: bool, names: &mut Vec<String>) -> PResult<()> {
    match &p.kind {
        PatternKind::Value(_) | PatternKind::Singleton(_) => {}
        PatternKind::Sequence(items) => {
            let stars = items
                .iter()
                .filter(|q| matches!(q.kind, PatternKind::Star(_)))
                .count();
            if stars > 1 {
                return Err(user("multiple starred names in sequence pattern", p.pos));
            }
            for q in items {
                check(q, true, names)?;
            }
        }
        PatternKind::Star(name) => {
            if let Some(n) = name {
                bind(n, p.pos, names)?;
            }
        }
        PatternKind::Mapping {
            keys,
            patterns,
            rest,
        } => {
            let mut seen: Vec<String> = Vec::new();
            for k in keys {
                if let Some(r) = literal_repr(k) {
                    if seen.contains(&r) {
                        return Err(user(
                            format!("mapping pattern checks duplicate key ({r})"),
                            p.pos,
                        ));
                    }
                    seen.push(r);
                }
            }
            for q in patterns {
                check(q, true, names)?;
            }
            if let Some(n) = rest {
                bind(n, p.pos, names)?;
            }
        }
        PatternKind::Class {
            patterns,
            kwd_patterns,
            ..
        } => {
            for q in patterns.iter().chain(kwd_patterns) {
                check(q, true, names)?;
            }
        }
        PatternKind::As {
            pattern: None,
            name,
        } => {
            if !allow_irrefutable {
                let msg = match name {
                    Some(n) => format!("name capture '{n}' makes remaining patterns unreachable"),
                    None => "wildcard makes remaining patterns unreachable".to_string(),
                };
                return Err(user(msg, p.pos));
            }
            if let Some(n) = name {
                bind(n, p.pos, names)?;
            }
        }
        PatternKind::As {
            pattern: Some(q),
            name,
        } => {
            check(q, allow_irrefutable, names)?;
            if let Some(n) = name {
                bind(n, p.pos, names)?;
            }
        }
        PatternKind::Or(alternatives) => {
            let last = alternatives.len() - 1;
            let mut first: Vec<String> = Vec::new();
            for (i, q) in alternatives.iter().enumerate() {
                let mut bound = Vec::new();
                check(q, allow_irrefutable && i == last, &mut bound)?;
                if i == 0 {
                    first = bound;
                } else {
                    let mut a = first.clone();
                    a.sort();
                    bound.sort();
                    if a != bound {
                        return Err(user("alternative patterns bind different names", q.pos));
                    }
                }
            }
            for n in &first {
                bind(n, p.pos, names)?;
            }
        }
    }
    Ok(())
}

/// Python's repr of a literal mapping key (`'a'`, `1`, `-2`, `None`); `None`
/// for a value pattern, whose value is only known when the code runs.
fn literal_repr(e: &Expr) -> Option<String> {
    Some(match &e.kind {
        ExprKind::Constant(c) => match c {
            Constant::None => "None".into(),
            Constant::True => "True".into(),
            Constant::False => "False".into(),
            Constant::Ellipsis => "Ellipsis".into(),
            Constant::Int(i) => i.to_string(),
            Constant::BigInt(b) => b.to_string(),
            Constant::Float(f) => format!("{f:?}"),
            Constant::Imaginary(f) => format!("{f:?}j"),
            Constant::Str(s) => str_repr(s),
            Constant::Bytes(b) => format!("b{}", str_repr(&String::from_utf8_lossy(b))),
        },
        ExprKind::UnaryOp {
            op: UnaryOp::Neg,
            operand,
        } => format!("-{}", literal_repr(operand)?),
        ExprKind::BinOp { left, op, right } => format!(
            "{}{}{}",
            literal_repr(left)?,
            op.symbol(),
            literal_repr(right)?
        ),
        _ => return None,
    })
}

fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}
