//! Helpers called from the grammar's actions: building nodes, validating
//! assignment targets and parameter lists, joining adjacent string literals,
//! and bounding the depth of operator chains.

use std::collections::HashSet;

use crate::ast::*;
use crate::lexer::{syntax_error, StrLit};
use crate::ParseError;

pub(crate) type PResult<T> =
    Result<T, lalrpop_util::ParseError<Pos, crate::lexer::Tok, ParseError>>;

/// Deepest chain of nested operators / attributes / calls accepted in one
/// expression: keeps later recursive passes (and `Drop`) off the stack limit.
pub(crate) const MAX_CHAIN: usize = 1000;

pub(crate) fn user(
    msg: impl Into<String>,
    pos: Pos,
) -> lalrpop_util::ParseError<Pos, crate::lexer::Tok, ParseError> {
    lalrpop_util::ParseError::User {
        error: syntax_error(msg, pos),
    }
}

pub(crate) fn ex(pos: Pos, kind: ExprKind) -> Expr {
    Expr { pos, kind }
}

pub(crate) fn st(pos: Pos, kind: StmtKind) -> Stmt {
    Stmt { pos, kind }
}

/// The length of the chain of single-child links below `e`, up to `limit`.
fn chain_len(mut e: &Expr, limit: usize) -> usize {
    let mut n = 0;
    while n < limit {
        e = match &e.kind {
            ExprKind::BinOp {
                op: BinOp::Pow,
                right,
                ..
            } => right,
            ExprKind::BinOp { left, .. } => left,
            ExprKind::UnaryOp { operand, .. } => operand,
            ExprKind::Attribute { value, .. } | ExprKind::Subscript { value, .. } => value,
            ExprKind::Call { func, .. } => func,
            ExprKind::Compare { left, .. } => left,
            ExprKind::IfExp { orelse, .. } => orelse,
            ExprKind::Lambda { body, .. } => body,
            ExprKind::Starred(v) | ExprKind::YieldFrom(v) => v,
            ExprKind::NamedExpr { value, .. } => value,
            ExprKind::BoolOp { values, .. } => match values.first() {
                Some(v) => v,
                None => return n,
            },
            _ => return n,
        };
        n += 1;
    }
    n
}

/// Rejects expressions whose operator chains nest too deeply.
pub(crate) fn guard(e: Expr) -> PResult<Expr> {
    if chain_len(&e, MAX_CHAIN + 1) > MAX_CHAIN {
        return Err(user("expression too deeply nested", e.pos));
    }
    Ok(e)
}

pub(crate) fn bin(pos: Pos, left: Expr, op: BinOp, right: Expr) -> PResult<Expr> {
    guard(ex(
        pos,
        ExprKind::BinOp {
            left: Box::new(left),
            op,
            right: Box::new(right),
        },
    ))
}

pub(crate) fn unary(pos: Pos, op: UnaryOp, operand: Expr) -> PResult<Expr> {
    guard(ex(
        pos,
        ExprKind::UnaryOp {
            op,
            operand: Box::new(operand),
        },
    ))
}

pub(crate) fn bool_op(pos: Pos, op: BoolOp, first: Expr, rest: Vec<Expr>) -> Expr {
    if rest.is_empty() {
        return first;
    }
    let mut values = Vec::with_capacity(rest.len() + 1);
    values.push(first);
    values.extend(rest);
    ex(pos, ExprKind::BoolOp { op, values })
}

/// A comma-separated list: one element without a trailing comma is itself,
/// anything else is a tuple.
pub(crate) fn tuple_or_single(pos: Pos, mut elts: Vec<Expr>, trailing: bool) -> Expr {
    if elts.len() == 1 && !trailing {
        elts.pop().unwrap()
    } else {
        ex(pos, ExprKind::Tuple(elts))
    }
}

/// A parenthesized list `( ... )`.
pub(crate) fn paren(pos: Pos, elts: Vec<Expr>, trailing: bool) -> PResult<Expr> {
    if elts.len() == 1 && !trailing {
        if let ExprKind::Starred(_) = elts[0].kind {
            return Err(user("cannot use starred expression here", elts[0].pos));
        }
    }
    Ok(tuple_or_single(pos, elts, trailing))
}

/// Joins adjacent string literals ("a" "b", f"..." "...").
pub(crate) fn join_strings(pos: Pos, lits: Vec<(Pos, StrLit)>) -> PResult<Expr> {
    let bytes = lits
        .iter()
        .filter(|(_, l)| matches!(l, StrLit::Bytes(_)))
        .count();
    if bytes != 0 && bytes != lits.len() {
        return Err(user("cannot mix bytes and nonbytes literals", pos));
    }
    if bytes != 0 {
        let mut out = Vec::new();
        for (_, l) in lits {
            if let StrLit::Bytes(b) = l {
                out.extend(b);
            }
        }
        return Ok(ex(pos, ExprKind::Constant(Constant::Bytes(out))));
    }
    if !lits.iter().any(|(_, l)| matches!(l, StrLit::F(_))) {
        let mut s = String::new();
        for (_, l) in lits {
            if let StrLit::Str(t) = l {
                s.push_str(&t);
            }
        }
        return Ok(ex(pos, ExprKind::Constant(Constant::Str(s))));
    }
    let mut parts: Vec<Expr> = Vec::new();
    let push_str = |parts: &mut Vec<Expr>, p: Pos, t: String| {
        if t.is_empty() {
            return;
        }
        if let Some(Expr {
            kind: ExprKind::Constant(Constant::Str(prev)),
            ..
        }) = parts.last_mut()
        {
            prev.push_str(&t);
            return;
        }
        parts.push(ex(p, ExprKind::Constant(Constant::Str(t))));
    };
    for (p, l) in lits {
        match l {
            StrLit::Str(t) => push_str(&mut parts, p, t),
            StrLit::F(fparts) => {
                for part in fparts {
                    match part.kind {
                        ExprKind::Constant(Constant::Str(t)) => push_str(&mut parts, part.pos, t),
                        _ => parts.push(part),
                    }
                }
            }
            StrLit::Bytes(_) => {}
        }
    }
    Ok(ex(pos, ExprKind::JoinedStr(parts)))
}

/// What a target is called in "cannot assign to ..." messages.
fn describe(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::Constant(Constant::True) => "True",
        ExprKind::Constant(Constant::False) => "False",
        ExprKind::Constant(Constant::None) => "None",
        ExprKind::Constant(Constant::Ellipsis) => "ellipsis",
        ExprKind::Constant(_) | ExprKind::JoinedStr(_) => "literal",
        ExprKind::Call { .. } => "function call",
        ExprKind::Compare { .. } => "comparison",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::SetComp { .. } => "set comprehension",
        ExprKind::DictComp { .. } => "dict comprehension",
        ExprKind::GeneratorExp { .. } => "generator expression",
        ExprKind::Yield(_) | ExprKind::YieldFrom(_) => "yield expression",
        ExprKind::NamedExpr { .. } => "named expression",
        ExprKind::Dict { .. } => "dict literal",
        ExprKind::Set(_) => "set display",
        ExprKind::Slice { .. } => "slice",
        _ => "expression",
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum TargetKind {
    Assign,
    Delete,
}

/// Checks that `e` can be assigned to (or deleted).
pub(crate) fn check_target(e: &Expr, kind: TargetKind) -> PResult<()> {
    match &e.kind {
        ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => Ok(()),
        ExprKind::Tuple(elts) | ExprKind::List(elts) => {
            let mut starred = 0;
            for elt in elts {
                if matches!(elt.kind, ExprKind::Starred(_)) {
                    starred += 1;
                    if starred > 1 && kind == TargetKind::Assign {
                        return Err(user("multiple starred expressions in assignment", elt.pos));
                    }
                }
                check_target(elt, kind)?;
            }
            Ok(())
        }
        ExprKind::Starred(inner) if kind == TargetKind::Assign => check_target(inner, kind),
        ExprKind::Starred(_) => Err(user("cannot delete starred", e.pos)),
        _ => {
            let verb = if kind == TargetKind::Assign {
                "assign to"
            } else {
                "delete"
            };
            Err(user(format!("cannot {verb} {}", describe(e)), e.pos))
        }
    }
}

/// Checks a whole assignment target (a lone `*a` is not allowed).
pub(crate) fn check_assign_target(e: &Expr) -> PResult<()> {
    if let ExprKind::Starred(_) = e.kind {
        return Err(user(
            "starred assignment target must be in a list or tuple",
            e.pos,
        ));
    }
    check_target(e, TargetKind::Assign)
}

/// Checks the target of an augmented or annotated assignment.
pub(crate) fn check_single_target(e: &Expr, aug: bool) -> PResult<()> {
    match &e.kind {
        ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => Ok(()),
        ExprKind::Tuple(_) if !aug => Err(user(
            "only single target (not tuple) can be annotated",
            e.pos,
        )),
        ExprKind::List(_) if !aug => Err(user(
            "only single target (not list) can be annotated",
            e.pos,
        )),
        _ if aug => {
            let what = match &e.kind {
                ExprKind::Tuple(_) => "tuple",
                ExprKind::List(_) => "list",
                _ => describe(e),
            };
            Err(user(
                format!("'{what}' is an illegal expression for augmented assignment"),
                e.pos,
            ))
        }
        _ => Err(user("illegal target for annotation", e.pos)),
    }
}

/// Builds an expression statement, rejecting a lone starred expression.
pub(crate) fn expr_stmt(pos: Pos, e: Expr) -> PResult<Stmt> {
    if let ExprKind::Starred(_) = e.kind {
        return Err(user("can't use starred expression here", e.pos));
    }
    Ok(st(pos, StmtKind::Expr(e)))
}

/// `t1 = t2 = ... = value`.
pub(crate) fn assign(pos: Pos, first: Expr, mut rest: Vec<Expr>) -> PResult<Stmt> {
    let value = rest.pop().expect("at least one '='");
    let mut targets = Vec::with_capacity(rest.len() + 1);
    targets.push(first);
    targets.extend(rest);
    for t in &targets {
        check_assign_target(t)?;
    }
    Ok(st(pos, StmtKind::Assign { targets, value }))
}

/// One item of a parameter list before validation.
pub(crate) enum Param {
    Plain(Arg, Option<Expr>),
    /// `*` or `*args`.
    Star(Pos, Option<Arg>),
    DoubleStar(Arg),
    Slash(Pos),
}

/// Builds `Arguments` from a flat parameter list, enforcing Python's order rules.
pub(crate) fn build_args(items: Vec<Param>) -> PResult<Arguments> {
    let mut a = Arguments::default();
    let mut seen_star = false;
    let mut seen_slash = false;
    let mut bare_star: Option<Pos> = None;
    // A set, not a list: a generated definition may have 100k parameters.
    let mut names: HashSet<String> = HashSet::new();
    let mut dup = |arg: &Arg| -> PResult<()> {
        if !names.insert(arg.name.clone()) {
            return Err(user(
                format!("duplicate argument '{}' in function definition", arg.name),
                arg.pos,
            ));
        }
        Ok(())
    };
    for item in items {
        if a.kwarg.is_some() {
            let pos = match &item {
                Param::Plain(arg, _) | Param::DoubleStar(arg) => arg.pos,
                Param::Star(p, _) | Param::Slash(p) => *p,
            };
            return Err(user("arguments cannot follow var-keyword argument", pos));
        }
        match item {
            Param::Plain(arg, default) => {
                dup(&arg)?;
                if seen_star {
                    a.kwonly.push(arg);
                    a.kw_defaults.push(default);
                } else {
                    match default {
                        Some(d) => a.defaults.push(d),
                        None if !a.defaults.is_empty() => {
                            return Err(user(
                                "non-default argument follows default argument",
                                arg.pos,
                            ));
                        }
                        None => {}
                    }
                    a.args.push(arg);
                }
            }
            Param::Star(pos, arg) => {
                if seen_star {
                    return Err(user("* argument may appear only once", pos));
                }
                seen_star = true;
                match arg {
                    Some(arg) => {
                        dup(&arg)?;
                        a.vararg = Some(arg);
                    }
                    None => bare_star = Some(pos),
                }
            }
            Param::DoubleStar(arg) => {
                dup(&arg)?;
                a.kwarg = Some(arg);
            }
            Param::Slash(pos) => {
                if seen_slash {
                    return Err(user("/ may appear only once", pos));
                }
                if seen_star {
                    return Err(user("/ must be ahead of *", pos));
                }
                if a.args.is_empty() {
                    return Err(user("at least one argument must precede /", pos));
                }
                seen_slash = true;
                a.posonly = std::mem::take(&mut a.args);
            }
        }
    }
    if let Some(pos) = bare_star {
        if a.kwonly.is_empty() {
            return Err(user("named arguments must follow bare *", pos));
        }
    }
    Ok(a)
}

/// One call argument before validation.
pub(crate) enum CallArg {
    Pos(Expr),
    Star(Pos, Expr),
    Kw(Pos, Expr, Expr),
    DoubleStar(Pos, Expr),
}

/// Builds the positional and keyword arguments of a call or class header.
pub(crate) fn build_call_args(items: Vec<CallArg>) -> PResult<(Vec<Expr>, Vec<Keyword>)> {
    let mut args = Vec::new();
    let mut keywords: Vec<Keyword> = Vec::new();
    // The names so far, in a set: a call may pass 100k keyword arguments.
    let mut names: HashSet<String> = HashSet::new();
    let mut seen_kw = false;
    let mut seen_dstar = false;
    for item in items {
        match item {
            CallArg::Pos(e) => {
                if seen_dstar {
                    return Err(user(
                        "positional argument follows keyword argument unpacking",
                        e.pos,
                    ));
                }
                if seen_kw {
                    return Err(user("positional argument follows keyword argument", e.pos));
                }
                args.push(e);
            }
            CallArg::Star(pos, e) => {
                if seen_dstar {
                    return Err(user(
                        "iterable argument unpacking follows keyword argument unpacking",
                        pos,
                    ));
                }
                args.push(ex(pos, ExprKind::Starred(Box::new(e))));
            }
            CallArg::Kw(pos, name, value) => {
                let ExprKind::Name(name) = name.kind else {
                    return Err(user(
                        "expression cannot contain assignment, perhaps you meant \"==\"?",
                        name.pos,
                    ));
                };
                if !names.insert(name.clone()) {
                    return Err(user(format!("keyword argument repeated: {name}"), pos));
                }
                seen_kw = true;
                keywords.push(Keyword {
                    pos,
                    name: Some(name),
                    value,
                });
            }
            CallArg::DoubleStar(pos, value) => {
                seen_dstar = true;
                keywords.push(Keyword {
                    pos,
                    name: None,
                    value,
                });
            }
        }
    }
    Ok((args, keywords))
}

/// Folds `if ... elif ... else` into nested `If` statements.
pub(crate) fn if_chain(
    pos: Pos,
    test: Expr,
    body: Body,
    elifs: Vec<(Pos, Expr, Body)>,
    orelse: Option<Body>,
) -> Stmt {
    let mut tail = orelse.unwrap_or_default();
    for (p, t, b) in elifs.into_iter().rev() {
        tail = vec![st(
            p,
            StmtKind::If {
                test: t,
                body: b,
                orelse: tail,
            },
        )];
    }
    st(
        pos,
        StmtKind::If {
            test,
            body,
            orelse: tail,
        },
    )
}

/// What the single start symbol produced.
pub enum Top {
    Module(Vec<Stmt>),
    Expr(Expr),
}
