//! `match` statements: the soft keywords, the pattern shapes, and the
//! syntax errors CPython reports for patterns.

mod common;
use common::{err, m, syntax_err};
use conc_grammar::ErrorKind;

#[test]
fn patterns_parse_to_their_kinds() {
    assert_eq!(
        m("match x:\n    case 1:\n        pass\n    case _:\n        pass"),
        "(match x (case (== 1) [pass]) (case _ [pass]))"
    );
    assert_eq!(
        m("match x:\n    case -1 | 2.5 | 1+2j | -1-2j | 'a' 'b':\n        pass"),
        "(match x (case (| (== (- 1)) (== 2.5) (== (+ 1 2.0j)) (== (- (- 1) 2.0j)) (== \"ab\")) [pass]))"
    );
    assert_eq!(
        m("match x:\n    case None | True | False:\n        pass"),
        "(match x (case (| (is None) (is True) (is False)) [pass]))"
    );
    assert_eq!(
        m("match x:\n    case [a, *rest] | (a, *rest):\n        pass"),
        "(match x (case (| [a *rest] [a *rest]) [pass]))"
    );
    assert_eq!(
        m("match x:\n    case a, *_,:\n        pass"),
        "(match x (case [a *_] [pass]))"
    );
    assert_eq!(
        m("match x:\n    case (1) | [] | () | (2,):\n        pass"),
        "(match x (case (| (== 1) [] [] [(== 2)]) [pass]))"
    );
    assert_eq!(
        m("match x:\n    case {'k': v, Color.RED: 1, **rest}:\n        pass"),
        "(match x (case {\"k\": v, (. Color RED): (== 1), **rest} [pass]))"
    );
    assert_eq!(
        m("match x:\n    case Point(1, y=_) as p if p:\n        pass"),
        "(match x (case (as (Point (== 1) y=_) p) if p [pass]))"
    );
    assert_eq!(
        m("match x:\n    case a.b.C():\n        pass\n    case a.b:\n        pass"),
        "(match x (case ((. (. a b) C) ) [pass]) (case (== (. a b)) [pass]))"
    );
    assert_eq!(
        m("match a, *b:\n    case c: pass"),
        "(match (tuple a *b) (case c [pass]))"
    );
    assert_eq!(
        m("match (n := f()):\n    case c: pass"),
        "(match (:= n (call f)) (case c [pass]))"
    );
}

#[test]
fn soft_keywords_stay_names_elsewhere() {
    assert_eq!(m("match = 1"), "(= match 1)");
    assert_eq!(m("case = 1"), "(= case 1)");
    assert_eq!(m("match.group(1)"), "(call (. match group) 1)");
    assert_eq!(m("match(x)"), "(call match x)");
    assert_eq!(m("match[0]: int = 1"), "(ann ([] match 0) int 1)");
    assert_eq!(m("match: int"), "(ann match int _)");
    assert_eq!(
        m("match, case = 1, 2"),
        "(= (tuple match case) (tuple 1 2))"
    );
    assert_eq!(m("print(match, case)"), "(call print match case)");
    assert_eq!(m("match = lambda: 0"), "(= match (lambda () 0))");
    assert_eq!(
        m("match x:\n    case case:\n        match = case"),
        "(match x (case case [(= match case)]))"
    );
    // `case` outside a match block is a name, even at the start of a line.
    assert_eq!(
        m("if x:\n    case = 2\nmatch y:\n    case 1:\n        case = 3\ncase = 4"),
        "(if x [(= case 2)] []) (match y (case (== 1) [(= case 3)])) (= case 4)"
    );
    // The line after a match block is not a case.
    assert_eq!(
        m("def f():\n    match y:\n        case 1:\n            pass\n    case = 1"),
        "(def f() [(match y (case (== 1) [pass])) (= case 1)])"
    );
    // A match nested in a case body.
    assert_eq!(
        m("match a:\n    case 1:\n        match b:\n            case 2:\n                pass\n    case 3:\n        pass"),
        "(match a (case (== 1) [(match b (case (== 2) [pass]))]) (case (== 3) [pass]))"
    );
}

#[test]
fn unreachable_patterns() {
    syntax_err(
        "match x:\n    case _:\n        pass\n    case 1:\n        pass",
        "wildcard makes remaining patterns unreachable",
    );
    syntax_err(
        "match x:\n    case y:\n        pass\n    case 1:\n        pass",
        "name capture 'y' makes remaining patterns unreachable",
    );
    syntax_err(
        "match x:\n    case (y) as z:\n        pass\n    case 1:\n        pass",
        "name capture 'y' makes remaining patterns unreachable",
    );
    syntax_err(
        "match x:\n    case y | 1:\n        pass",
        "name capture 'y' makes remaining patterns unreachable",
    );
    syntax_err(
        "match x:\n    case _ | 1:\n        pass",
        "wildcard makes remaining patterns unreachable",
    );
    // A guard or the last position makes an irrefutable case fine.
    assert!(conc_grammar::parse_module(
        "match x:\n    case y if y:\n        pass\n    case [_, *_]:\n        pass\n    case _:\n        pass"
    )
    .is_ok());
}

#[test]
fn binding_errors() {
    syntax_err(
        "match x:\n    case [a] | (b,):\n        pass",
        "alternative patterns bind different names",
    );
    syntax_err(
        "match x:\n    case 1 | y:\n        pass",
        "alternative patterns bind different names",
    );
    syntax_err(
        "match x:\n    case [a, a]:\n        pass",
        "multiple assignments to name 'a' in pattern",
    );
    syntax_err(
        "match x:\n    case {'k': a, **a}:\n        pass",
        "multiple assignments to name 'a' in pattern",
    );
    syntax_err(
        "match x:\n    case [*a, *b]:\n        pass",
        "multiple starred names in sequence pattern",
    );
    syntax_err(
        "match x:\n    case a as _:\n        pass",
        "cannot use '_' as a target",
    );
}

#[test]
fn pattern_shape_errors() {
    syntax_err(
        "match x:\n    case {'a': 1, 'a': 2}:\n        pass",
        "mapping pattern checks duplicate key ('a')",
    );
    syntax_err(
        "match x:\n    case C(x=1, x=2):\n        pass",
        "attribute name repeated in class pattern: x",
    );
    syntax_err(
        "match x:\n    case C(x=1, 2):\n        pass",
        "positional patterns follow keyword patterns",
    );
    syntax_err(
        "match x:\n    case f'x':\n        pass",
        "patterns may only match literals and attribute lookups",
    );
    syntax_err(
        "match x:\n    case 1 + 2:\n        pass",
        "imaginary number required in complex literal",
    );
    syntax_err(
        "match x:\n    case 1j + 2j:\n        pass",
        "real number required in complex literal",
    );
    for src in [
        "match x:\n    case {a: 1}:\n        pass",
        "match x:\n    case {**_}:\n        pass",
        "match x:\n    case {**a, 'b': 1}:\n        pass",
        "match x:\n    case *a:\n        pass",
        "match x:\n    case a.b as a.c:\n        pass",
        "match x:\n    case 1 as y | 2:\n        pass",
        "match x:\n    pass",
        "match x: pass",
        "match *x:\n    case 1: pass",
    ] {
        syntax_err(src, "invalid syntax");
    }
}

#[test]
fn missing_blocks() {
    let e = err("match x:\n");
    assert_eq!(e.kind, ErrorKind::IndentationError);
    assert_eq!(
        e.msg,
        "expected an indented block after 'match' statement on line 1"
    );
    assert!(e.incomplete);
    let e = err("match x:\n    case 1:\n    pass");
    assert_eq!(e.kind, ErrorKind::IndentationError);
    assert_eq!(
        e.msg,
        "expected an indented block after 'case' statement on line 2"
    );
}
