mod common;
use common::{err, syntax_err};
use conc_grammar::{parse_expression, parse_module, ErrorKind};

fn check(src: &str, kind: ErrorKind, msg: &str, line: u32, incomplete: bool) {
    let e = err(src);
    assert_eq!(e.kind, kind, "{src:?}: {e}");
    assert_eq!(e.msg, msg, "{src:?}");
    assert_eq!(e.line, line, "{src:?}: {e}");
    assert_eq!(e.incomplete, incomplete, "{src:?}: {e}");
}

#[test]
fn incomplete_input() {
    use ErrorKind::*;
    check(
        "def f():",
        IndentationError,
        "expected an indented block after function definition on line 1",
        1,
        true,
    );
    check(
        "def f():\n",
        IndentationError,
        "expected an indented block after function definition on line 1",
        2,
        true,
    );
    check(
        "if x:\n    y = 1\nelse:\n",
        IndentationError,
        "expected an indented block after 'else' statement on line 3",
        4,
        true,
    );
    check("(1,", SyntaxError, "unexpected EOF while parsing", 1, true);
    check(
        "x = [1,\n 2",
        SyntaxError,
        "unexpected EOF while parsing",
        2,
        true,
    );
    check(
        "f(a,\n",
        SyntaxError,
        "unexpected EOF while parsing",
        1,
        true,
    );
    check(
        "x = \"\"\"abc\n\ndef",
        SyntaxError,
        "unterminated triple-quoted string literal (detected at line 3)",
        1,
        true,
    );
    check(
        "'''",
        SyntaxError,
        "unterminated triple-quoted string literal (detected at line 1)",
        1,
        true,
    );
    check(
        "x = 1 + \\",
        SyntaxError,
        "unexpected EOF while parsing",
        1,
        true,
    );
    // Complete input is not incomplete.
    assert!(!err("x = = 1").incomplete);
    assert!(!err("x = 'abc").incomplete);
}

#[test]
fn indentation_errors() {
    use ErrorKind::*;
    check(
        "if x:\npass",
        IndentationError,
        "expected an indented block after 'if' statement on line 1",
        2,
        false,
    );
    check(
        "for x in y:\n\nz",
        IndentationError,
        "expected an indented block after 'for' statement on line 1",
        3,
        false,
    );
    check(
        "while x:\n# c\nz",
        IndentationError,
        "expected an indented block after 'while' statement on line 1",
        3,
        false,
    );
    check(
        "class C:\nx = 1",
        IndentationError,
        "expected an indented block after class definition on line 1",
        2,
        false,
    );
    check(
        "try:\nx",
        IndentationError,
        "expected an indented block after 'try' statement on line 1",
        2,
        false,
    );
    check(
        "with a:\nx",
        IndentationError,
        "expected an indented block after 'with' statement on line 1",
        2,
        false,
    );
    check(
        "try:\n  x\nexcept E:\ny",
        IndentationError,
        "expected an indented block after 'except' statement on line 3",
        4,
        false,
    );
    check(
        "if x:\n    a\n  b",
        IndentationError,
        "unindent does not match any outer indentation level",
        3,
        false,
    );
    check("  x = 1", IndentationError, "unexpected indent", 1, false);
    check(
        "x = 1\n    y = 2",
        IndentationError,
        "unexpected indent",
        2,
        false,
    );
    check(
        "if x:\n        a\n\tb",
        TabError,
        "inconsistent use of tabs and spaces in indentation",
        3,
        false,
    );
    check(
        "if x:\n\ta\n        b",
        TabError,
        "inconsistent use of tabs and spaces in indentation",
        3,
        false,
    );
    // Nesting too deep.
    let mut src = String::new();
    for i in 0..120 {
        src += &" ".repeat(i);
        src += "if x:\n";
    }
    assert_eq!(err(&src).kind, IndentationError);
}

#[test]
fn string_errors() {
    check(
        "x = \"abc\ny = 1",
        ErrorKind::SyntaxError,
        "unterminated string literal (detected at line 1)",
        1,
        false,
    );
    check(
        "y = 1\nx = 'abc",
        ErrorKind::SyntaxError,
        "unterminated string literal (detected at line 2)",
        2,
        false,
    );
    syntax_err("\"a\" b\"b\"", "cannot mix bytes and nonbytes literals");
    syntax_err("b'é'", "bytes can only contain ASCII literal characters");
    syntax_err(r#""\x4""#, "truncated \\xXX escape");
    syntax_err(r#""\u12""#, "truncated \\uXXXX escape");
    syntax_err(r#""\N{DASH}""#, "\\N{...} escapes are not supported");
    syntax_err("f'{}'", "f-string: valid expression required before '}'");
    syntax_err("f'{x'", "f-string: expecting '}'");
    syntax_err("f'}'", "f-string: single '}' is not allowed");
    syntax_err("f'{x!z}'", "f-string: invalid conversion character");
    syntax_err("f'{x:{y:{z}}}'", "f-string: expressions nested too deeply");
    syntax_err("f'{a b}'", "f-string: invalid syntax");
    syntax_err("f'{x#}'", "f-string expression part cannot include '#'");
    syntax_err(
        r"f'{\n}'",
        "f-string expression part cannot include a backslash",
    );
    syntax_err("f'{)}'", "f-string: unmatched ')'");
}

#[test]
fn target_errors() {
    syntax_err("1 = x", "cannot assign to literal");
    syntax_err("'a' = x", "cannot assign to literal");
    syntax_err("f() = 1", "cannot assign to function call");
    syntax_err("x = f() = 1", "cannot assign to function call");
    syntax_err("a, f() = 1, 2", "cannot assign to function call");
    syntax_err("a + 1 = 2", "cannot assign to expression");
    syntax_err("None = 1", "cannot assign to None");
    syntax_err("True = 1", "cannot assign to True");
    syntax_err("a < b = 1", "cannot assign to comparison");
    syntax_err("lambda: 1 = 1", "cannot assign to lambda");
    syntax_err("[x for x in y] = 1", "cannot assign to list comprehension");
    syntax_err(
        "*a = b",
        "starred assignment target must be in a list or tuple",
    );
    syntax_err("*a, *b = c", "multiple starred expressions in assignment");
    syntax_err("for f() in x: pass", "cannot assign to function call");
    syntax_err("for 1 in x: pass", "cannot assign to literal");
    syntax_err("[1 for 2 in x]", "cannot assign to literal");
    syntax_err("with a as f(): pass", "cannot assign to function call");
    syntax_err("del f()", "cannot delete function call");
    syntax_err("del 1", "cannot delete literal");
    syntax_err(
        "(a, b) += 1",
        "'tuple' is an illegal expression for augmented assignment",
    );
    syntax_err(
        "f() += 1",
        "'function call' is an illegal expression for augmented assignment",
    );
    syntax_err(
        "a, b: int",
        "only single target (not tuple) can be annotated",
    );
    syntax_err("f(): int = 1", "illegal target for annotation");
    syntax_err("*a", "can't use starred expression here");
    syntax_err("(*a)", "cannot use starred expression here");
}

#[test]
fn parameter_errors() {
    syntax_err(
        "def f(a=1, b): pass",
        "non-default argument follows default argument",
    );
    syntax_err(
        "lambda a=1, b: 0",
        "non-default argument follows default argument",
    );
    syntax_err(
        "def f(a, a): pass",
        "duplicate argument 'a' in function definition",
    );
    syntax_err("def f(*, **k): pass", "named arguments must follow bare *");
    syntax_err("def f(*): pass", "named arguments must follow bare *");
    syntax_err("def f(*a, *b): pass", "* argument may appear only once");
    syntax_err(
        "def f(**k, a): pass",
        "arguments cannot follow var-keyword argument",
    );
    syntax_err("def f(/, a): pass", "at least one argument must precede /");
    syntax_err("def f(a, /, b, /): pass", "/ may appear only once");
    syntax_err("def f(*a, /): pass", "/ must be ahead of *");
    syntax_err("f(a=1, b)", "positional argument follows keyword argument");
    syntax_err(
        "f(**a, b)",
        "positional argument follows keyword argument unpacking",
    );
    syntax_err(
        "f(**a, *b)",
        "iterable argument unpacking follows keyword argument unpacking",
    );
    syntax_err("f(a=1, a=2)", "keyword argument repeated: a");
    syntax_err("f(a.b=1)", "expression cannot contain assignment");
    syntax_err("f(x for x in y, 1)", "invalid syntax");
}

#[test]
fn other_syntax_errors() {
    syntax_err("x = = 1", "invalid syntax");
    syntax_err("x = 1 +", "invalid syntax");
    syntax_err("else: pass", "invalid syntax");
    syntax_err("x = $", "invalid syntax");
    syntax_err(
        "x = 1 \\ y",
        "unexpected character after line continuation character",
    );
    syntax_err(
        "x = 0777",
        "leading zeros in decimal integer literals are not permitted",
    );
    syntax_err("x = 1__0", "invalid decimal literal");
    syntax_err("x = 0b102", "invalid binary literal");
    syntax_err("x = 0o8", "invalid octal literal");
    syntax_err("x = €", "invalid character '€' (U+20AC)");
    syntax_err("async def f(): pass", "'async' is not supported");
    syntax_err("x = await y", "'await' is not supported");
    syntax_err(
        "try:\n  pass\nx = 1",
        "expected 'except' or 'finally' block",
    );
    syntax_err("a = 1 if b", "invalid syntax");
    syntax_err("from m import a,", "invalid syntax");
    syntax_err("import", "invalid syntax");
    syntax_err("x = )", "invalid syntax");
    let e = err("x = 1\ny = (2 +\n3 +)\n");
    assert_eq!((e.line, e.col), (3, 4));
    assert!(parse_expression("x = 1").is_err());
}

#[test]
fn nesting_limits() {
    for open in ["(", "[", "{"] {
        let src = open.repeat(10_000);
        let e = err(&src);
        assert_eq!(e.msg, "too many nested parentheses");
        assert!(!e.incomplete);
    }
    // 200 levels are fine.
    let src = format!("{}1{}", "(".repeat(200), ")".repeat(200));
    parse_module(&src).unwrap();
    let src = format!("x = {}1", "-".repeat(10_000));
    assert_eq!(err(&src).msg, "too many nested unary operators");
    let src = format!("x = {}y", "not ".repeat(10_000));
    assert_eq!(err(&src).msg, "too many nested unary operators");
    // Long operator and attribute chains are cut off too (no stack overflow
    // later when the tree is walked or dropped).
    let src = format!("x = 1{}", " + 1".repeat(50_000));
    assert_eq!(err(&src).msg, "expression too deeply nested");
    let src = format!("x = a{}", ".b".repeat(50_000));
    assert_eq!(err(&src).msg, "expression too deeply nested");
    let src = format!("x = f{}", "()".repeat(50_000));
    assert_eq!(err(&src).msg, "expression too deeply nested");
    let src = format!("x = {}1", "2 ** ".repeat(50_000));
    assert_eq!(err(&src).msg, "expression too deeply nested");
    let src = format!("x = {}1", "a if b else ".repeat(50_000));
    assert_eq!(err(&src).msg, "expression too deeply nested");
    let src = format!("x = {}1", "lambda: ".repeat(50_000));
    assert_eq!(err(&src).msg, "too many nested lambdas");
    let src = format!("x = {}1", "lambda: ".repeat(900));
    parse_module(&src).unwrap();
    let src = format!("x = {}1", "lambda a=".repeat(50_000));
    assert_eq!(err(&src).msg, "too many nested lambdas");
    // Ordinary long but flat input is fine.
    let src = format!("x = [{}]", "1, ".repeat(100_000));
    parse_module(&src).unwrap();
    let src = format!("x = 1{}", " + 1".repeat(500));
    parse_module(&src).unwrap();
    let src = "x = 1\n".repeat(20_000);
    assert_eq!(parse_module(&src).unwrap().len(), 20_000);
}
