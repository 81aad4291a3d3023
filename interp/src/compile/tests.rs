//! Compiler tests: compile snippets and check the properties the VM relies on.

use super::{compile_module, CompileError, Mode};
use crate::bytecode::dis::disassemble;
use crate::bytecode::{Code, CodeRef, Op};

fn compile(src: &str) -> CodeRef {
    let m = conc_grammar::parse_module(src).unwrap_or_else(|e| panic!("parse error: {e}\n{src}"));
    let code = compile_module(&m, "<test>", Mode::Exec)
        .unwrap_or_else(|e| panic!("compile error: {e}\n{src}"));
    check(&code);
    code
}

#[test]
fn smoke() {
    let c = compile("x = 1\nprint(x + 2)\n");
    println!("{}", disassemble(&c));
}

/// Structural checks on a code object and all nested ones.
fn check(code: &Code) {
    assert_eq!(code.ops.len(), code.lines.len());
    for op in &code.ops {
        if let Some(t) = op.jump_target() {
            assert!(
                (t as usize) < code.ops.len(),
                "jump target {t} out of range in {}",
                code.name
            );
        }
    }
    let d = super::assemble::depths(&code.ops);
    for (pc, (op, depth)) in code.ops.iter().zip(&d).enumerate() {
        let Some(depth) = depth else { continue };
        assert!(*depth >= 0, "negative stack depth at {pc} in {}", code.name);
        assert!(
            *depth as u32 <= code.stacksize,
            "stacksize too small in {}",
            code.name
        );
        if matches!(op, Op::ReturnValue) {
            // Every block was unwound: only the return value is left.
            assert_eq!(
                *depth,
                1,
                "unbalanced stack at return {pc} in {}\n{}",
                code.name,
                disassemble(code)
            );
        }
    }
    for c in &code.consts {
        if let Some(crate::object::Object::Code(inner)) = c.as_obj().map(|o| &**o) {
            check(inner);
        }
    }
}

fn compile_err(src: &str) -> CompileError {
    // Some of these the parser already rejects; either way it is a SyntaxError.
    let m = match conc_grammar::parse_module(src) {
        Ok(m) => m,
        Err(e) => {
            return CompileError {
                msg: e.msg,
                line: e.line,
                col: e.col,
            }
        }
    };
    match compile_module(&m, "<test>", Mode::Exec) {
        Ok(_) => panic!("expected a compile error for:\n{src}"),
        Err(e) => e,
    }
}

fn nested<'c>(code: &'c Code, name: &str) -> &'c Code {
    find(code, name).unwrap_or_else(|| panic!("no nested code named {name}"))
}

fn find<'c>(code: &'c Code, name: &str) -> Option<&'c Code> {
    for c in &code.consts {
        if let Some(crate::object::Object::Code(inner)) = c.as_obj().map(|o| &**o) {
            if inner.name == name {
                return Some(inner);
            }
            if let Some(f) = find(inner, name) {
                return Some(f);
            }
        }
    }
    None
}

fn has(code: &Code, pred: impl Fn(&Op) -> bool) -> bool {
    code.ops.iter().any(pred)
}

#[test]
fn closures_make_cells_and_free_vars() {
    let c = compile(
        "def outer(a):\n    b = 1\n    def inner():\n        return a + b\n    return inner\n",
    );
    let outer = nested(&c, "outer");
    assert_eq!(outer.cellvars, vec!["a", "b"]);
    assert_eq!(outer.cell2arg, vec![Some(0), None]);
    assert!(has(outer, |o| matches!(o, Op::LoadClosure(_))));
    assert!(has(outer, |o| matches!(o, Op::MakeFunction(8))));
    let inner = nested(&c, "inner");
    assert_eq!(inner.freevars, vec!["a", "b"]);
    assert!(has(inner, |o| matches!(o, Op::LoadDeref(_))));
    assert_eq!(inner.qualname, "outer.<locals>.inner");
}

#[test]
fn free_variables_pass_through_intermediate_scopes() {
    let c = compile("def a():\n    x = 1\n    def b():\n        def c():\n            return x\n        return c\n    return b\n");
    assert_eq!(nested(&c, "b").freevars, vec!["x"]);
    assert_eq!(nested(&c, "c").freevars, vec!["x"]);
    assert_eq!(nested(&c, "a").cellvars, vec!["x"]);
}

#[test]
fn global_and_nonlocal() {
    let c = compile("n = 0\ndef f():\n    global n\n    n += 1\ndef g():\n    x = 1\n    def h():\n        nonlocal x\n        x = 2\n    return h\n");
    let f = nested(&c, "f");
    assert!(has(f, |o| matches!(o, Op::StoreGlobal(_))));
    assert!(!has(f, |o| matches!(o, Op::StoreFast(_))));
    let h = nested(&c, "h");
    assert!(has(h, |o| matches!(o, Op::StoreDeref(_))));
    assert!(has(&c, |o| matches!(o, Op::StoreGlobal(_))));
}

#[test]
fn locals_use_fast_slots() {
    let c = compile("def f(a, b=2, *args, c, d=4, **kw):\n    e = a\n    return e\n");
    let f = nested(&c, "f");
    assert_eq!(f.varnames, vec!["a", "b", "c", "d", "args", "kw", "e"]);
    assert_eq!(f.argcount, 2);
    assert_eq!(f.kwonlyargcount, 2);
    assert_eq!(f.flags & 3, 3);
    assert!(has(f, |o| matches!(o, Op::StoreFast(6))));
    assert!(has(&c, |o| matches!(o, Op::MakeFunction(3))));
}

#[test]
fn compile_errors() {
    let cases = [
        ("return 1\n", "'return' outside function"),
        ("break\n", "'break' outside loop"),
        ("continue\n", "'continue' not properly in loop"),
        ("yield 1\n", "'yield' outside function"),
        ("class C:\n    yield 1\n", "'yield' outside function"),
        (
            "nonlocal x\n",
            "nonlocal declaration not allowed at module level",
        ),
        (
            "def f():\n    nonlocal x\n",
            "no binding for nonlocal 'x' found",
        ),
        (
            "def f():\n    print(x)\n    global x\n",
            "name 'x' is used prior to global declaration",
        ),
        (
            "def f():\n    x = 1\n    global x\n",
            "name 'x' is assigned to before global declaration",
        ),
        (
            "def f(x):\n    global x\n",
            "name 'x' is parameter and global",
        ),
        ("from .m import x\n", "relative imports are not supported"),
        (
            "def f():\n    from m import *\n",
            "import * only allowed at module level",
        ),
        (
            "a, *b, *c = x\n",
            "multiple starred expressions in assignment",
        ),
        ("f(a=1, a=2)\n", "keyword argument repeated: a"),
        (
            "def f(a, a):\n    pass\n",
            "duplicate argument 'a' in function definition",
        ),
        (
            "[(yield x) for x in y]\n",
            "'yield' inside list comprehension",
        ),
        ("class C:\n    return 1\n", "'return' outside function"),
        (
            "def f():\n    for x in y:\n        def g():\n            break\n",
            "'break' outside loop",
        ),
    ];
    for (src, msg) in cases {
        let e = compile_err(src);
        assert_eq!(e.msg, msg, "for {src:?}");
        assert!(e.line >= 1, "no line for {src:?}");
    }
}

#[test]
fn comprehensions_are_nested_functions() {
    let c = compile("def f(xs):\n    k = 2\n    return [x * k for x in xs if x], {x for x in xs}, {x: 1 for x in xs}, (x for x in xs)\n");
    for name in ["<listcomp>", "<setcomp>", "<dictcomp>", "<genexpr>"] {
        let comp = nested(&c, name);
        assert_eq!(comp.argcount, 1);
        assert_eq!(comp.varnames[0], ".0");
        assert_eq!(comp.qualname, format!("f.<locals>.{name}"));
    }
    assert!(nested(&c, "<genexpr>").is_generator());
    assert!(!nested(&c, "<listcomp>").is_generator());
    assert_eq!(nested(&c, "<listcomp>").freevars, vec!["k"]);
    assert_eq!(nested(&c, "f").cellvars, vec!["k"]);
    assert!(has(nested(&c, "<listcomp>"), |o| matches!(
        o,
        Op::ListAppend(2)
    )));
    // Nested loops: the list sits below two iterators.
    let c = compile("r = [(a, b) for a in x for b in y]\n");
    assert!(has(nested(&c, "<listcomp>"), |o| matches!(
        o,
        Op::ListAppend(3)
    )));
}

#[test]
fn walrus_in_comprehension_binds_outside() {
    let c = compile("def f(xs):\n    [y := x for x in xs]\n    return y\n");
    assert_eq!(nested(&c, "f").cellvars, vec!["y"]);
    assert!(has(nested(&c, "<listcomp>"), |o| matches!(
        o,
        Op::StoreDeref(_)
    )));
    let e = compile_err("class C:\n    [y := x for x in xs]\n");
    assert_eq!(
        e.msg,
        "assignment expression within a comprehension cannot be used in a class body"
    );
}

#[test]
fn zero_arg_super_uses_class_cell() {
    let c = compile("class A(B, metaclass=M):\n    'doc'\n    def __init__(self, x):\n        super().__init__(x)\n    def m(self):\n        return __class__\n");
    let body = nested(&c, "A");
    assert_eq!(body.cellvars, vec!["__class__"]);
    assert_eq!(
        body.flags & crate::bytecode::code::flags::CLASS_BODY,
        crate::bytecode::code::flags::CLASS_BODY
    );
    assert_eq!(body.docstring.as_deref(), Some("doc"));
    let n = body.ops.len();
    assert!(matches!(body.ops[n - 2], Op::LoadClosure(0)));
    let init = nested(&c, "__init__");
    assert_eq!(init.freevars, vec!["__class__"]);
    assert_eq!(init.qualname, "A.__init__");
    // `super().__init__(x)`: the method straight from `super`, `__class__`
    // and `self`, without a `super` object.
    assert!(has(init, |o| matches!(o, Op::LoadSuperMethod(_))));
    assert!(!has(init, |o| matches!(o, Op::Call(2))));
    assert!(has(init, |o| matches!(o, Op::LoadDeref(0))));
    assert_eq!(nested(&c, "m").freevars, vec!["__class__"]);
    assert!(has(&c, |o| matches!(o, Op::LoadBuildClass)));
    assert!(has(&c, |o| matches!(o, Op::CallKw(4))));
    // A class without super() returns None.
    let c = compile("class P:\n    x = 1\n    def f(self):\n        return x\n");
    assert!(nested(&c, "P").cellvars.is_empty());
    assert!(has(nested(&c, "f"), |o| matches!(o, Op::LoadGlobal(_))));
    assert!(has(nested(&c, "P"), |o| matches!(o, Op::StoreName(_))));
}

#[test]
fn class_body_reads_enclosing_function_variables() {
    let c = compile("def f():\n    y = 1\n    class C:\n        z = y\n        def g(self):\n            return y\n    return C\n");
    let body = nested(&c, "C");
    assert_eq!(body.freevars, vec!["y"]);
    assert!(has(body, |o| matches!(o, Op::LoadClassDeref(0))));
    assert_eq!(nested(&c, "C").qualname, "f.<locals>.C");
    assert_eq!(nested(&c, "g").qualname, "f.<locals>.C.g");
}

#[test]
fn generators_and_yield_from() {
    let c = compile("def g(x):\n    y = yield x\n    yield from range(3)\n    return y\n");
    let g = nested(&c, "g");
    assert!(g.is_generator());
    assert!(has(g, |o| matches!(o, Op::Send(_))));
    assert!(has(g, |o| matches!(o, Op::YieldValue(1))));
    assert!(has(g, |o| matches!(o, Op::GetYieldFromIter)));
}

#[test]
fn function_docstring_is_const_zero() {
    let c = compile("def f():\n    'hello'\n    return 1\ndef g():\n    return 2\n");
    let f = nested(&c, "f");
    assert_eq!(f.docstring.as_deref(), Some("hello"));
    assert_eq!(f.consts[0].as_str(), Some("hello"));
    assert!(nested(&c, "g").docstring.is_none());
}

#[test]
fn constant_folding() {
    let c = compile("x = -5\ny = (1, 2, (3, -4.5))\nz = -9223372036854775808\n");
    assert!(!has(&c, |o| matches!(
        o,
        Op::UnaryOp(_) | Op::BuildTuple(_)
    )));
    assert!(c
        .consts
        .iter()
        .any(|v| matches!(v, crate::value::Value::Int(-5))));
    assert!(c
        .consts
        .iter()
        .any(|v| matches!(v, crate::value::Value::Int(i64::MIN))));
}

#[test]
fn while_true_does_not_test() {
    let c = compile("while True:\n    x = 1\n    if x:\n        break\n");
    assert!(!has(
        &c,
        |o| matches!(o, Op::LoadConst(i) if matches!(c.consts[*i as usize], crate::value::Value::Bool(true)))
    ));
}

#[test]
fn modes() {
    let m = conc_grammar::parse_module("1 + 2\nx = 3\n").unwrap();
    let c = compile_module(&m, "<stdin>", Mode::Interactive).unwrap();
    assert!(has(&c, |o| matches!(o, Op::PrintExpr)));
    let m = conc_grammar::parse_module("x + 1\n").unwrap();
    let c = compile_module(&m, "<string>", Mode::Eval).unwrap();
    assert!(matches!(c.ops.last(), Some(Op::ReturnValue)));
    assert!(!has(&c, |o| matches!(o, Op::Pop)));
    check(&c);
    let e = conc_grammar::parse_expression("[a for a in b]").unwrap();
    let c = super::compile_expression(&e, "<string>", None).unwrap();
    check(&c);
}

#[test]
fn calls() {
    let c = compile("f(1, *a, k=2, **kw)\no.m(1, 2)\no.m(x=1)\nf(*a)\n");
    assert!(has(&c, |o| matches!(o, Op::CallEx(1))));
    assert!(has(&c, |o| matches!(o, Op::CallEx(0))));
    assert!(has(&c, |o| matches!(o, Op::CallMethod(2))));
    assert!(has(&c, |o| matches!(o, Op::CallMethodKw(1))));
    assert!(has(&c, |o| matches!(o, Op::DictMerge(1))));
}

#[test]
fn line_numbers() {
    let c = compile("x = 1\n\ny = f(\n  x,\n  2)\n");
    let call = c.ops.iter().position(|o| matches!(o, Op::Call(_))).unwrap();
    assert_eq!(c.lines[call], 3);
    assert_eq!(c.lines[0], 1);
}

/// Every construct at once, in every block context: the structural checks
/// (jump targets, consistent stack depths, balanced returns) must hold.
#[test]
fn all_constructs_balance() {
    let src = r#"
import os.path
import a.b as c
from m import x as y, z
from q import *
@dec
@dec2(1)
def f(a, /, b, *args, c=1, **kw):
    """doc"""
    global g
    g = a
    for i in range(10):
        if i == 2:
            continue
        try:
            if i == 3:
                break
            with open(a) as fh, lock:
                return fh.read()
        except (ValueError, TypeError) as e:
            return e
        except KeyError:
            raise RuntimeError("x") from None
        except:
            raise
        else:
            pass
        finally:
            print("finally")
            if b:
                return 5
    else:
        x = 1
    while a < b <= c:
        a += 1
        if a:
            break
    else:
        pass
    try:
        pass
    finally:
        for j in k:
            try:
                continue
            finally:
                break
    a.b.c += 1
    a[1:2] = [1, *b]
    a[i] **= 2
    del a[0], a.b, x
    (p, *q), r = s
    [u, v] = w = 1, 2
    t = {1: 2, **d, 3: 4}
    s = {1, *b}
    tt = (*b, 1)
    assert a > 0, "msg"
    assert a
    lam = lambda x, y=2: x + y
    n = a if b else c
    m = not a and b or c
    z = f"{a!r:>{b}} and {c}"
    w = (yy := 10)
    sl = a[::2], a[1:], a[:, 1]
    return a < b < c

class K(Base):
    x = 1
    def m(self):
        with self:
            for i in self:
                return i
    async_ = [i for i in range(3) if i for j in range(i)]

def gen():
    try:
        x = yield 1
    finally:
        yield 2
    yield from gen()
    return [y for y in x] if False else None
"#;
    let c = compile(src);
    let text = disassemble(&c);
    assert!(text.contains("Disassembly of <code object f"));
    assert!(text.contains("LoadConst"));
}

#[test]
fn deep_nesting_does_not_overflow() {
    let depth = 180;
    let src = format!("x = {}1{}\n", "(".repeat(depth), ")".repeat(depth));
    compile(&src);
    let src = format!("x = {}1{}\n", "[".repeat(depth), "]".repeat(depth));
    compile(&src);
    let src = format!("x = {}\n", vec!["-a"; depth].join(" + "));
    compile(&src);
    let mut src = String::new();
    for i in 0..60 {
        src.push_str(&" ".repeat(i));
        src.push_str("if x:\n");
    }
    src.push_str(&" ".repeat(60));
    src.push_str("pass\n");
    compile(&src);
}

#[test]
fn match_statements_keep_stack_depths_consistent() {
    // Every kind of pattern, nested, with guards, or-patterns and a
    // failing case before the last: `check` asserts one depth per
    // instruction over all paths.
    compile(
        "def f(x, Point, Color):\n\
         \x20   match x:\n\
         \x20       case [1, [2, *r], {'k': (a, b)}] if a < b:\n\
         \x20           return r\n\
         \x20       case (1 | 2) as n, *_:\n\
         \x20           return n\n\
         \x20       case {'a': {'b': [_, _, c]}, **rest}:\n\
         \x20           return c, rest\n\
         \x20       case Point(1, y=[a, b] | (a, b)) | Point(a, b):\n\
         \x20           return a, b\n\
         \x20       case Color.RED | None | True | -1 | 1+2j | 'text':\n\
         \x20           return 0\n\
         \x20       case {}:\n\
         \x20           pass\n\
         \x20       case []:\n\
         \x20           pass\n\
         \x20       case other:\n\
         \x20           return other\n\
         match 3:\n\
         \x20   case int(q) if q:\n\
         \x20       pass\n",
    );
}
