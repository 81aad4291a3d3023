mod common;
use common::{e, m};
use conc_grammar::ast::{Constant, ExprKind, Pos};
use conc_grammar::parse_expression;

#[test]
fn precedence() {
    assert_eq!(e("-2**2"), "(- (** 2 2))");
    assert_eq!(e("2**-1"), "(** 2 (- 1))");
    assert_eq!(e("2**3**2"), "(** 2 (** 3 2))");
    assert_eq!(e("a or b and not c"), "(or a (and b (not c)))");
    assert_eq!(e("a or b or c"), "(or a b c)");
    assert_eq!(e("1 + 2 * 3 - 4"), "(- (+ 1 (* 2 3)) 4)");
    assert_eq!(
        e("a | b ^ c & d << 1 + 2"),
        "(| a (^ b (& c (<< d (+ 1 2)))))"
    );
    assert_eq!(e("a // b % c @ d / e"), "(/ (@ (% (// a b) c) d) e)");
    assert_eq!(e("~-+x"), "(~ (- (+ x)))");
    assert_eq!(e("not a == b"), "(not (cmp a == b))");
    assert_eq!(e("a.b(c)[d].e"), "(. ([] (call (. a b) c) d) e)");
    assert_eq!(e("-x.y ** 2"), "(- (** (. x y) 2))");
    assert_eq!(e("(1 + 2) * 3"), "(* (+ 1 2) 3)");
}

#[test]
fn comparisons() {
    assert_eq!(e("1 < x <= 3"), "(cmp 1 < x <= 3)");
    assert_eq!(e("a not in b is not c"), "(cmp a not in b is not c)");
    assert_eq!(
        e("a in b is c == d != e >= f > g"),
        "(cmp a in b is c == d != e >= f > g)"
    );
    assert_eq!(e("a < b | c"), "(cmp a < (| b c))");
}

#[test]
fn conditional_and_lambda() {
    assert_eq!(e("x if c else y"), "(if c x y)");
    assert_eq!(e("a if b else c if d else e"), "(if b a (if d c e))");
    assert_eq!(e("lambda: 0"), "(lambda () 0)");
    assert_eq!(
        e("lambda x, y=1, *a, k, m=2, **kw: x"),
        "(lambda (x y=1 *a k m=2 **kw) x)"
    );
    assert_eq!(e("lambda *, k: k"), "(lambda (* k) k)");
    assert_eq!(e("lambda a, /, b: a"), "(lambda (a / b) a)");
    assert_eq!(e("lambda x: x if x else -x"), "(lambda (x) (if x x (- x)))");
    assert_eq!(e("lambda x,: x"), "(lambda (x) x)");
}

#[test]
fn walrus() {
    assert_eq!(e("(y := f(x))"), "(:= y (call f x))");
    assert_eq!(
        m("if (n := len(a)) > 10: pass"),
        "(if (cmp (:= n (call len a)) > 10) [pass] [])"
    );
    assert_eq!(
        m("if n := len(a): pass"),
        "(if (:= n (call len a)) [pass] [])"
    );
    assert_eq!(
        m("while chunk := f.read(): pass"),
        "(while (:= chunk (call (. f read))) [pass] [])"
    );
    assert_eq!(
        e("[y for x in z if (y := g(x))]"),
        "(listcomp y for x in z if (:= y (call g x)))"
    );
    assert_eq!(e("f(x := 1)"), "(call f (:= x 1))");
}

#[test]
fn comprehensions() {
    assert_eq!(e("[x for x in y]"), "(listcomp x for x in y)");
    assert_eq!(
        e("[x * y for x in a if x if x > 1 for y in b if y]"),
        "(listcomp (* x y) for x in a if x if (cmp x > 1) for y in b if y)"
    );
    assert_eq!(
        e("{k: v for k, v in d.items()}"),
        "(dictcomp k:v for (tuple k v) in (call (. d items)))"
    );
    assert_eq!(e("{x for x in s}"), "(setcomp x for x in s)");
    assert_eq!(e("(x for x in s)"), "(genexp x for x in s)");
    assert_eq!(e("sum(x for x in y)"), "(call sum (genexp x for x in y))");
    assert_eq!(
        e("[a if c else b for a, *r in z]"),
        "(listcomp (if c a b) for (tuple a *r) in z)"
    );
    assert_eq!(
        e("[lambda: x for x in y]"),
        "(listcomp (lambda () x) for x in y)"
    );
}

#[test]
fn displays() {
    assert_eq!(e("{}"), "{}");
    assert_eq!(e("{'a': 1, **b,}"), r#"{"a":1 **b}"#);
    assert_eq!(e("{**a, 'b': 1}"), r#"{**a "b":1}"#);
    assert_eq!(e("{1, 2, *c}"), "{set 1 2 *c}");
    assert_eq!(e("{1,}"), "{set 1}");
    assert_eq!(e("[]"), "[]");
    assert_eq!(e("[1, *a, 2,]"), "[1 *a 2]");
    assert_eq!(e("()"), "(tuple )");
    assert_eq!(e("(1,)"), "(tuple 1)");
    assert_eq!(e("(1, 2)"), "(tuple 1 2)");
    assert_eq!(e("(1)"), "1");
    assert_eq!(e("1, 2"), "(tuple 1 2)");
    assert_eq!(e("(*a, b)"), "(tuple *a b)");
    assert_eq!(e("(yield)"), "(yield _)");
    assert_eq!(e("(yield x)"), "(yield x)");
}

#[test]
fn calls_and_subscripts() {
    assert_eq!(e("f(a, *b, c=1, **d)"), "(call f a *b c=1 **d)");
    assert_eq!(e("f(a,)"), "(call f a)");
    assert_eq!(e("f()"), "(call f)");
    assert_eq!(
        e("f(*a, *b, k=1, *c, **d, **e)"),
        "(call f *a *b *c k=1 **d **e)"
    );
    assert_eq!(e("a[::2]"), "([] a (slice _ _ 2))");
    assert_eq!(e("a[1:]"), "([] a (slice 1 _ _))");
    assert_eq!(e("a[:]"), "([] a (slice _ _ _))");
    assert_eq!(e("a[1:2:3]"), "([] a (slice 1 2 3))");
    assert_eq!(e("a[:, 1]"), "([] a (tuple (slice _ _ _) 1))");
    assert_eq!(e("a[1, 2]"), "([] a (tuple 1 2))");
    assert_eq!(e("a[1,]"), "([] a (tuple 1))");
    assert_eq!(
        e("a[x:y, ::-1]"),
        "([] a (tuple (slice x y _) (slice _ _ (- 1))))"
    );
}

#[test]
fn numbers() {
    assert_eq!(e("0x1F"), "31");
    assert_eq!(e("0o17"), "15");
    assert_eq!(e("0b1010"), "10");
    assert_eq!(e("1_000_000"), "1000000");
    assert_eq!(e("0"), "0");
    assert_eq!(e("00"), "0");
    assert_eq!(e("1.5"), "1.5");
    assert_eq!(e("1e10"), "10000000000.0");
    assert_eq!(e("1E-3"), "0.001");
    assert_eq!(e(".5"), "0.5");
    assert_eq!(e("5."), "5.0");
    assert_eq!(e("2j"), "2.0j");
    assert_eq!(e("1.5J"), "1.5j");
    assert_eq!(e("9223372036854775807"), "9223372036854775807");
    assert_eq!(e("9223372036854775808"), "big:9223372036854775808");
    assert_eq!(e("0xFFFFFFFFFFFFFFFFFF"), "big:4722366482869645213695");
    assert_eq!(e("..."), "...");
    assert_eq!(e("[True, False, None]"), "[True False None]");
}

#[test]
fn strings() {
    assert_eq!(e(r#""a" 'b'"#), r#""ab""#);
    assert_eq!(e(r#""a\tb\n\\\'\"""#), r#""a\tb\n\\'\"""#);
    assert_eq!(e(r#""\x41\u00e9\U0001F600\101""#), "\"Aé😀A\"");
    assert_eq!(e(r#"r"a\nb""#), r#""a\\nb""#);
    assert_eq!(e(r#"R'\d+'"#), r#""\\d+""#);
    assert_eq!(e(r#"rb"\n""#), r#"b"\\n""#);
    assert_eq!(e(r#"BR"\n""#), r#"b"\\n""#);
    assert_eq!(e("'''a\nb'''"), r#""a\nb""#);
    assert_eq!(e("\"\"\"x \"quoted\" y\"\"\""), r#""x \"quoted\" y""#);
    assert_eq!(e("'a\\\nb'"), r#""ab""#);
    assert_eq!(e("u'x'"), r#""x""#);
    assert_eq!(e(r#""\q""#), r#""\\q""#);
    assert_eq!(e("''"), r#""""#);
    match parse_expression(r#"b"\x41\101\x00\xff" B'z'"#)
        .unwrap()
        .kind
    {
        ExprKind::Constant(Constant::Bytes(b)) => assert_eq!(b, b"AA\x00\xffz"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn fstrings() {
    assert_eq!(e(r#"f"a{x}b""#), r#"(f "a" {x} "b")"#);
    assert_eq!(e(r#"f"{x!r:>10}""#), r#"(f {x!r:(f ">10")})"#);
    assert_eq!(
        e(r#"f"{x:{width}.{prec}f}""#),
        r#"(f {x:(f {width} "." {prec} "f")})"#
    );
    assert_eq!(e(r#"f"{{literal}} {x}""#), r#"(f "{literal} " {x})"#);
    assert_eq!(e(r#"f"{x=}""#), r#"(f "x=" {x!r})"#);
    assert_eq!(e(r#"f"{x = :5}""#), r#"(f "x = " {x:(f "5")})"#);
    assert_eq!(
        e(r#"f"{a['k']} {b!s} {c!a}""#),
        r#"(f {([] a "k")} " " {b!s} " " {c!a})"#
    );
    assert_eq!(e(r#""a" f"{x}" "c""#), r#"(f "a" {x} "c")"#);
    assert_eq!(e(r#"f"{x}" f"{y}""#), r#"(f {x} {y})"#);
    assert_eq!(
        e(r#"f"""{x
+ 1}""""#),
        r#"(f {(+ x 1)})"#
    );
    assert_eq!(e(r#"f"{a if b else c}""#), r#"(f {(if b a c)})"#);
    assert_eq!(e(r#"f"{x, y}""#), r#"(f {(tuple x y)})"#);
    assert_eq!(e(r#"f"{d['a']:{w}}""#), r#"(f {([] d "a"):(f {w})})"#);
    assert_eq!(e(r#"f'{f"{x}"}'"#), r#"(f {(f {x})})"#);
    assert_eq!(e(r#"f"{a != b}""#), r#"(f {(cmp a != b)})"#);
    assert_eq!(e(r#"f"\n{x}\t""#), r#"(f "\n" {x} "\t")"#);
    assert_eq!(e(r#"rf"\n{x}""#), r#"(f "\\n" {x})"#);
    assert_eq!(e(r#"f"""#), "(f )");
}

#[test]
fn fstring_positions() {
    let x = parse_expression("f'ab{xy}'").unwrap();
    let ExprKind::JoinedStr(parts) = x.kind else {
        panic!()
    };
    let ExprKind::FormattedValue { value, .. } = &parts[1].kind else {
        panic!()
    };
    assert_eq!(value.pos, Pos { line: 1, col: 6 });
    let body = conc_grammar::parse_module("x = 1\ny = f'''\n  {a +\n b}'''\n").unwrap();
    let conc_grammar::ast::StmtKind::Assign { value, .. } = &body[1].kind else {
        panic!()
    };
    let ExprKind::JoinedStr(parts) = &value.kind else {
        panic!()
    };
    let ExprKind::FormattedValue { value, .. } = &parts[1].kind else {
        panic!()
    };
    assert_eq!(value.pos, Pos { line: 3, col: 4 });
    let ExprKind::BinOp { right, .. } = &value.kind else {
        panic!()
    };
    assert_eq!(right.pos, Pos { line: 4, col: 2 });
}

#[test]
fn positions() {
    let x = parse_expression("a + f(b)[c]").unwrap();
    assert_eq!(x.pos, Pos { line: 1, col: 1 });
    let ExprKind::BinOp { right, .. } = x.kind else {
        panic!()
    };
    assert_eq!(right.pos, Pos { line: 1, col: 5 });
    let x = parse_expression("  (\n  x,\n y)").unwrap();
    let ExprKind::Tuple(v) = x.kind else { panic!() };
    assert_eq!(v[0].pos, Pos { line: 2, col: 3 });
    assert_eq!(v[1].pos, Pos { line: 3, col: 2 });
    // Columns count characters, not bytes.
    let x = parse_expression("'é' + y").unwrap();
    let ExprKind::BinOp { right, .. } = x.kind else {
        panic!()
    };
    assert_eq!(right.pos, Pos { line: 1, col: 7 });
}

#[test]
fn eval_input() {
    assert_eq!(e("  1 + 2  "), "(+ 1 2)");
    assert_eq!(e("x\n"), "x");
    assert_eq!(e("\n  x  \n\n"), "x");
    assert!(parse_expression("x = 1").is_err());
    assert!(parse_expression("1\n+2").is_err());
    assert!(parse_expression("").is_err());
    assert_eq!(e("# c\nx # c"), "x");
}

#[test]
fn match_is_an_identifier() {
    assert_eq!(
        m("match = 1\nmatch.x(match)"),
        "(= match 1) (call (. match x) match)"
    );
    assert_eq!(e("print"), "print");
    assert_eq!(e("données + ñ"), "(+ données ñ)");
}
