//! A compact S-expression dump of the AST, so tests can assert shapes in one line.
#![allow(dead_code)]

use conc_grammar::ast::*;
use conc_grammar::{parse_expression, parse_module, ErrorKind, ParseError};

pub fn e(src: &str) -> String {
    match parse_expression(src) {
        Ok(x) => sx(&x),
        Err(err) => panic!("parse_expression({src:?}) failed: {err}"),
    }
}

pub fn m(src: &str) -> String {
    match parse_module(src) {
        Ok(body) => body.iter().map(stmt).collect::<Vec<_>>().join(" "),
        Err(err) => panic!("parse_module({src:?}) failed: {err}"),
    }
}

pub fn err(src: &str) -> ParseError {
    match parse_module(src) {
        Ok(body) => panic!("parse_module({src:?}) should fail, got {body:?}"),
        Err(e) => e,
    }
}

pub fn syntax_err(src: &str, msg: &str) {
    let e = err(src);
    assert_eq!(e.kind, ErrorKind::SyntaxError, "{src:?}: {e}");
    assert!(e.msg.contains(msg), "{src:?}: expected {msg:?}, got {e}");
}

fn list(items: &[Expr]) -> String {
    items.iter().map(sx).collect::<Vec<_>>().join(" ")
}

fn body(b: &[Stmt]) -> String {
    format!("[{}]", b.iter().map(stmt).collect::<Vec<_>>().join(" "))
}

fn opt(x: &Option<Expr>) -> String {
    x.as_ref().map_or("_".to_string(), sx)
}

fn optb(x: &Option<Box<Expr>>) -> String {
    x.as_ref().map_or("_".to_string(), |b| sx(b))
}

fn gens(g: &[Comprehension]) -> String {
    g.iter()
        .map(|c| {
            let ifs: String = c.ifs.iter().map(|i| format!(" if {}", sx(i))).collect();
            format!("for {} in {}{}", sx(&c.target), sx(&c.iter), ifs)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn kw(k: &Keyword) -> String {
    match &k.name {
        Some(n) => format!("{n}={}", sx(&k.value)),
        None => format!("**{}", sx(&k.value)),
    }
}

fn arg(a: &Arg) -> String {
    match &a.annotation {
        Some(t) => format!("{}:{}", a.name, sx(t)),
        None => a.name.clone(),
    }
}

pub fn args(a: &Arguments) -> String {
    let mut parts = Vec::new();
    let positional: Vec<&Arg> = a.posonly.iter().chain(a.args.iter()).collect();
    let first_default = positional.len() - a.defaults.len();
    for (i, p) in positional.iter().enumerate() {
        let mut s = arg(p);
        if i >= first_default {
            s = format!("{s}={}", sx(&a.defaults[i - first_default]));
        }
        parts.push(s);
        if i + 1 == a.posonly.len() {
            parts.push("/".into());
        }
    }
    if let Some(v) = &a.vararg {
        parts.push(format!("*{}", arg(v)));
    } else if !a.kwonly.is_empty() {
        parts.push("*".into());
    }
    for (k, d) in a.kwonly.iter().zip(&a.kw_defaults) {
        parts.push(match d {
            Some(d) => format!("{}={}", arg(k), sx(d)),
            None => arg(k),
        });
    }
    if let Some(k) = &a.kwarg {
        parts.push(format!("**{}", arg(k)));
    }
    format!("({})", parts.join(" "))
}

pub fn sx(x: &Expr) -> String {
    use ExprKind::*;
    match &x.kind {
        Name(n) => n.clone(),
        Constant(c) => constant(c),
        BoolOp { op, values } => {
            let o = if *op == conc_grammar::ast::BoolOp::And {
                "and"
            } else {
                "or"
            };
            format!("({o} {})", list(values))
        }
        BinOp { left, op, right } => format!("({} {} {})", op.symbol(), sx(left), sx(right)),
        UnaryOp { op, operand } => {
            let o = match op {
                conc_grammar::ast::UnaryOp::Not => "not",
                conc_grammar::ast::UnaryOp::Neg => "-",
                conc_grammar::ast::UnaryOp::Pos => "+",
                conc_grammar::ast::UnaryOp::Invert => "~",
            };
            format!("({o} {})", sx(operand))
        }
        Compare {
            left,
            ops,
            comparators,
        } => {
            let mut s = format!("(cmp {}", sx(left));
            for (o, c) in ops.iter().zip(comparators) {
                s += &format!(" {} {}", o.symbol(), sx(c));
            }
            s + ")"
        }
        Call {
            func,
            args,
            keywords,
        } => {
            let mut parts: Vec<String> = args.iter().map(sx).collect();
            parts.extend(keywords.iter().map(kw));
            format!(
                "(call {}{}{})",
                sx(func),
                if parts.is_empty() { "" } else { " " },
                parts.join(" ")
            )
        }
        Attribute { value, attr } => format!("(. {} {attr})", sx(value)),
        Subscript { value, index } => format!("([] {} {})", sx(value), sx(index)),
        Slice { lower, upper, step } => {
            format!("(slice {} {} {})", optb(lower), optb(upper), optb(step))
        }
        List(v) => format!("[{}]", list(v)),
        Tuple(v) => format!("(tuple {})", list(v)),
        Set(v) => format!("{{set {}}}", list(v)),
        Dict { keys, values } => {
            let items: Vec<String> = keys
                .iter()
                .zip(values)
                .map(|(k, v)| match k {
                    Some(k) => format!("{}:{}", sx(k), sx(v)),
                    None => format!("**{}", sx(v)),
                })
                .collect();
            format!("{{{}}}", items.join(" "))
        }
        ListComp { elt, generators } => format!("(listcomp {} {})", sx(elt), gens(generators)),
        SetComp { elt, generators } => format!("(setcomp {} {})", sx(elt), gens(generators)),
        GeneratorExp { elt, generators } => format!("(genexp {} {})", sx(elt), gens(generators)),
        DictComp {
            key,
            value,
            generators,
        } => {
            format!("(dictcomp {}:{} {})", sx(key), sx(value), gens(generators))
        }
        Lambda { args: a, body } => format!("(lambda {} {})", args(a), sx(body)),
        IfExp { test, body, orelse } => format!("(if {} {} {})", sx(test), sx(body), sx(orelse)),
        Starred(v) => format!("*{}", sx(v)),
        Yield(v) => format!("(yield {})", optb(v)),
        YieldFrom(v) => format!("(yieldfrom {})", sx(v)),
        NamedExpr { target, value } => format!("(:= {} {})", sx(target), sx(value)),
        JoinedStr(parts) => format!("(f {})", list(parts)),
        FormattedValue {
            value,
            conversion,
            format_spec,
        } => {
            let c = match conversion {
                Some(Conversion::Str) => "!s",
                Some(Conversion::Repr) => "!r",
                Some(Conversion::Ascii) => "!a",
                None => "",
            };
            format!(
                "{{{}{c}{}}}",
                sx(value),
                format_spec
                    .as_ref()
                    .map_or(String::new(), |s| format!(":{}", sx(s)))
            )
        }
    }
}

fn constant(c: &Constant) -> String {
    match c {
        Constant::None => "None".into(),
        Constant::True => "True".into(),
        Constant::False => "False".into(),
        Constant::Ellipsis => "...".into(),
        Constant::Int(i) => i.to_string(),
        Constant::BigInt(b) => format!("big:{b}"),
        Constant::Float(f) => format!("{f:?}"),
        Constant::Imaginary(f) => format!("{f:?}j"),
        Constant::Str(s) => format!("{s:?}"),
        Constant::Bytes(b) => format!("b{:?}", String::from_utf8_lossy(b)),
    }
}

pub fn stmt(s: &Stmt) -> String {
    use StmtKind::*;
    match &s.kind {
        Expr(x) => sx(x),
        Assign { targets, value } => format!("(= {} {})", list(targets), sx(value)),
        AugAssign { target, op, value } => {
            format!("({}= {} {})", op.symbol(), sx(target), sx(value))
        }
        AnnAssign {
            target,
            annotation,
            value,
        } => {
            format!("(ann {} {} {})", sx(target), sx(annotation), opt(value))
        }
        If {
            test,
            body: b,
            orelse,
        } => format!("(if {} {} {})", sx(test), body(b), body(orelse)),
        While {
            test,
            body: b,
            orelse,
        } => format!("(while {} {} {})", sx(test), body(b), body(orelse)),
        For {
            target,
            iter,
            body: b,
            orelse,
        } => {
            format!(
                "(for {} {} {} {})",
                sx(target),
                sx(iter),
                body(b),
                body(orelse)
            )
        }
        FunctionDef(f) => {
            let decos: String = f
                .decorators
                .iter()
                .map(|d| format!("@{} ", sx(d)))
                .collect();
            let ret = f
                .returns
                .as_ref()
                .map_or(String::new(), |r| format!(" -> {}", sx(r)));
            format!(
                "({decos}def {}{}{ret} {})",
                f.name,
                args(&f.args),
                body(&f.body)
            )
        }
        ClassDef(c) => {
            let decos: String = c
                .decorators
                .iter()
                .map(|d| format!("@{} ", sx(d)))
                .collect();
            let mut parts: Vec<String> = c.bases.iter().map(sx).collect();
            parts.extend(c.keywords.iter().map(kw));
            format!(
                "({decos}class {}({}) {})",
                c.name,
                parts.join(" "),
                body(&c.body)
            )
        }
        Return(v) => format!("(return {})", opt(v)),
        Pass => "pass".into(),
        Break => "break".into(),
        Continue => "continue".into(),
        Raise { exc, cause } => format!("(raise {} {})", opt(exc), opt(cause)),
        Try {
            body: b,
            handlers,
            orelse,
            finalbody,
        } => {
            let hs: Vec<String> = handlers
                .iter()
                .map(|h| {
                    format!(
                        "(except {} {} {})",
                        opt(&h.typ),
                        h.name.clone().unwrap_or("_".into()),
                        body(&h.body)
                    )
                })
                .collect();
            format!(
                "(try {} {} {} {})",
                body(b),
                hs.join(" "),
                body(orelse),
                body(finalbody)
            )
        }
        With { items, body: b } => {
            let is: Vec<String> = items
                .iter()
                .map(|i| match &i.vars {
                    Some(v) => format!("{} as {}", sx(&i.context), sx(v)),
                    None => sx(&i.context),
                })
                .collect();
            format!("(with {} {})", is.join(", "), body(b))
        }
        Global(n) => format!("(global {})", n.join(" ")),
        Nonlocal(n) => format!("(nonlocal {})", n.join(" ")),
        Import(a) => format!("(import {})", aliases(a)),
        ImportFrom {
            module,
            names,
            level,
        } => format!(
            "(from {}{module} {})",
            ".".repeat(*level as usize),
            aliases(names)
        ),
        Assert { test, msg } => format!("(assert {} {})", sx(test), opt(msg)),
        Delete(t) => format!("(del {})", list(t)),
        Match { subject, cases } => {
            let cs: Vec<String> = cases
                .iter()
                .map(|c| {
                    let guard = c
                        .guard
                        .as_ref()
                        .map_or(String::new(), |g| format!(" if {}", sx(g)));
                    format!("(case {}{guard} {})", pattern(&c.pattern), body(&c.body))
                })
                .collect();
            format!("(match {} {})", sx(subject), cs.join(" "))
        }
    }
}

/// A pattern as an s-expression: captures bare, `_` for the wildcard.
pub fn pattern(p: &Pattern) -> String {
    let pats = |ps: &[Pattern]| ps.iter().map(pattern).collect::<Vec<_>>().join(" ");
    match &p.kind {
        PatternKind::Value(e) => format!("(== {})", sx(e)),
        PatternKind::Singleton(c) => format!("(is {})", constant(c)),
        PatternKind::Sequence(ps) => format!("[{}]", pats(ps)),
        PatternKind::Star(n) => format!("*{}", n.as_deref().unwrap_or("_")),
        PatternKind::Mapping {
            keys,
            patterns,
            rest,
        } => {
            let mut items: Vec<String> = keys
                .iter()
                .zip(patterns)
                .map(|(k, p)| format!("{}: {}", sx(k), pattern(p)))
                .collect();
            if let Some(r) = rest {
                items.push(format!("**{r}"));
            }
            format!("{{{}}}", items.join(", "))
        }
        PatternKind::Class {
            cls,
            patterns,
            kwd_attrs,
            kwd_patterns,
        } => {
            let mut items: Vec<String> = patterns.iter().map(pattern).collect();
            items.extend(
                kwd_attrs
                    .iter()
                    .zip(kwd_patterns)
                    .map(|(a, p)| format!("{a}={}", pattern(p))),
            );
            format!("({} {})", sx(cls), items.join(" "))
        }
        PatternKind::As {
            pattern: None,
            name,
        } => name.clone().unwrap_or("_".into()),
        PatternKind::As {
            pattern: Some(q),
            name,
        } => format!("(as {} {})", pattern(q), name.as_deref().unwrap_or("_")),
        PatternKind::Or(ps) => format!("(| {})", pats(ps)),
    }
}

fn aliases(a: &[Alias]) -> String {
    a.iter()
        .map(|a| match &a.asname {
            Some(n) => format!("{} as {n}", a.name),
            None => a.name.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}
