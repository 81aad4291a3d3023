mod common;
use common::m;
use conc_grammar::ast::{Pos, StmtKind};
use conc_grammar::parse_module;

#[test]
fn simple_statements() {
    assert_eq!(m(""), "");
    assert_eq!(m("\n\n# only a comment\n   \n"), "");
    assert_eq!(m("pass"), "pass");
    assert_eq!(m("x = 1; y = 2;\n"), "(= x 1) (= y 2)");
    assert_eq!(m("a = b = 1"), "(= a b 1)");
    assert_eq!(m("a, *b = xs"), "(= (tuple a *b) xs)");
    assert_eq!(m("[a, (b, c)] = d"), "(= [a (tuple b c)] d)");
    assert_eq!(
        m("a.b, c[0], d[1:2] = t"),
        "(= (tuple (. a b) ([] c 0) ([] d (slice 1 2 _))) t)"
    );
    assert_eq!(m("x = 1, 2"), "(= x (tuple 1 2))");
    assert_eq!(m("x = *a, b"), "(= x (tuple *a b))");
    assert_eq!(m("x: int = 1"), "(ann x int 1)");
    assert_eq!(m("x: int"), "(ann x int _)");
    assert_eq!(
        m("self.x: list[int] = []"),
        "(ann (. self x) ([] list int) [])"
    );
    assert_eq!(m("del a, b[1]"), "(del a ([] b 1))");
    assert_eq!(m("del (a, b), c.d,"), "(del (tuple a b) (. c d))");
    assert_eq!(m("assert x"), "(assert x _)");
    assert_eq!(m("assert x, 'msg'"), r#"(assert x "msg")"#);
    assert_eq!(m("raise"), "(raise _ _)");
    assert_eq!(m("raise X"), "(raise X _)");
    assert_eq!(m("raise X from Y"), "(raise X Y)");
    assert_eq!(m("global a, b"), "(global a b)");
    assert_eq!(m("def f():\n    nonlocal c\n"), "(def f() [(nonlocal c)])");
    assert_eq!(m("return"), "(return _)");
    assert_eq!(m("return 1, *a"), "(return (tuple 1 *a))");
    assert_eq!(m("break; continue"), "break continue");
    assert_eq!(m("x = yield y"), "(= x (yield y))");
    assert_eq!(m("x = yield"), "(= x (yield _))");
    assert_eq!(m("yield"), "(yield _)");
    assert_eq!(m("yield a, b"), "(yield (tuple a b))");
    assert_eq!(m("yield from g()"), "(yieldfrom (call g))");
    assert_eq!(m("x += yield"), "(+= x (yield _))");
    assert_eq!(m("f(x)\n"), "(call f x)");
    assert_eq!(m("'doc'"), r#""doc""#);
    assert_eq!(m("x = \\\n  1"), "(= x 1)");
}

#[test]
fn augmented_assignment() {
    for op in [
        "+", "-", "*", "@", "/", "//", "%", "**", "<<", ">>", "|", "^", "&",
    ] {
        assert_eq!(m(&format!("x {op}= 2")), format!("({op}= x 2)"));
    }
    assert_eq!(m("a.b[0] += 1, 2"), "(+= ([] (. a b) 0) (tuple 1 2))");
}

#[test]
fn imports() {
    assert_eq!(m("import a"), "(import a)");
    assert_eq!(m("import a.b.c as d, e"), "(import a.b.c as d, e)");
    assert_eq!(m("from . import x"), "(from . x)");
    assert_eq!(m("from .. import x"), "(from .. x)");
    assert_eq!(m("from ...a.b import x"), "(from ...a.b x)");
    assert_eq!(m("from .... import x"), "(from .... x)");
    assert_eq!(m("from m import (a, b as c,)"), "(from m a, b as c)");
    assert_eq!(m("from m import (a)"), "(from m a)");
    assert_eq!(m("from m import a, b"), "(from m a, b)");
    assert_eq!(m("from m import *"), "(from m *)");
}

#[test]
fn compound_statements() {
    assert_eq!(m("if x: y = 1"), "(if x [(= y 1)] [])");
    assert_eq!(m("if x: a; b"), "(if x [a b] [])");
    assert_eq!(
        m("if a:\n    x\nelif b:\n    y\nelif c: z\nelse:\n    w\n"),
        "(if a [x] [(if b [y] [(if c [z] [w])])])"
    );
    assert_eq!(
        m("while x:\n  x -= 1\nelse:\n  pass"),
        "(while x [(-= x 1)] [pass])"
    );
    assert_eq!(
        m("for k, v in d.items():\n    pass"),
        "(for (tuple k v) (call (. d items)) [pass] [])"
    );
    assert_eq!(
        m("for x in 1, 2:\n    pass\nelse: pass"),
        "(for x (tuple 1 2) [pass] [pass])"
    );
    assert_eq!(
        m("for (a, b), *c in z: pass"),
        "(for (tuple (tuple a b) *c) z [pass] [])"
    );
    assert_eq!(m("for x, in z: pass"), "(for (tuple x) z [pass] [])");
    assert_eq!(
        m("try:\n  a\nexcept E as e:\n  b\nexcept (A, B):\n  c\nexcept:\n  d\nelse:\n  e\nfinally:\n  f\n"),
        "(try [a] (except E e [b]) (except (tuple A B) _ [c]) (except _ _ [d]) [e] [f])"
    );
    assert_eq!(m("try:\n  a\nfinally:\n  f"), "(try [a]  [] [f])");
    assert_eq!(
        m("with a as b, c as (d, e):\n  pass"),
        "(with a as b, c as (tuple d e) [pass])"
    );
    assert_eq!(
        m("with open(p) as f, lock: pass"),
        "(with (call open p) as f, lock [pass])"
    );
    assert_eq!(
        m("with a as b.c, d as e[0]: pass"),
        "(with a as (. b c), d as ([] e 0) [pass])"
    );
}

#[test]
fn nested_blocks() {
    let src = "
def outer(a):
    x = 1
    if a:
        for i in range(3):
            while True:
                break
        else:
            pass
    # comment at another indent
            # and another

    return x
y = 2
";
    assert_eq!(
        m(src),
        "(def outer(a) [(= x 1) (if a [(for i (call range 3) [(while True [break] [])] [pass])] []) (return x)]) (= y 2)"
    );
    // Tabs used consistently are fine.
    assert_eq!(
        m("if x:\n\ty\n\tif z:\n\t\tw\n"),
        "(if x [y (if z [w] [])] [])"
    );
    // Brackets suppress newlines and indentation.
    assert_eq!(
        m("x = [1,\n  2,\n      3]\ny = (\n4)"),
        "(= x [1 2 3]) (= y 4)"
    );
    assert_eq!(
        m("if x:\n    y = {\n'a': 1}\n    z"),
        "(if x [(= y {\"a\":1}) z] [])"
    );
    // CRLF line endings.
    assert_eq!(m("if x:\r\n    y\r\nz\r\n"), "(if x [y] []) z");
    // No trailing newline, ends inside a block.
    assert_eq!(m("def f():\n  return 1"), "(def f() [(return 1)])");
}

#[test]
fn functions() {
    assert_eq!(m("def f(): pass"), "(def f() [pass])");
    assert_eq!(
        m("def f(a, b=1, *args, c, d=2, **kw): pass"),
        "(def f(a b=1 *args c d=2 **kw) [pass])"
    );
    assert_eq!(m("def f(a, /, b, *, c): pass"), "(def f(a / b * c) [pass])");
    assert_eq!(
        m("def f(a=1, /, b=2, *, c): pass"),
        "(def f(a=1 / b=2 * c) [pass])"
    );
    assert_eq!(
        m("def f(x: int, *a: str, **k: T) -> str: pass"),
        "(def f(x:int *a:str **k:T) -> str [pass])"
    );
    assert_eq!(m("def f(x: int = 3,): pass"), "(def f(x:int=3) [pass])");
    assert_eq!(m("def f(*, a=1, b): pass"), "(def f(* a=1 b) [pass])");
    assert_eq!(
        m("@dec\n@dec2(1)\ndef f(self):\n    return self\n"),
        "(@dec @(call dec2 1) def f(self) [(return self)])"
    );
    assert_eq!(m("@a.b\nclass C: pass"), "(@(. a b) class C() [pass])");
}

#[test]
fn classes() {
    assert_eq!(m("class C: pass"), "(class C() [pass])");
    assert_eq!(m("class C(): pass"), "(class C() [pass])");
    assert_eq!(
        m("class C(Base, metaclass=M):\n    x = 1\n    def m(self): pass"),
        "(class C(Base metaclass=M) [(= x 1) (def m(self) [pass])])"
    );
    assert_eq!(
        m("class C(*bases, **kw): pass"),
        "(class C(*bases **kw) [pass])"
    );
}

#[test]
fn statement_positions() {
    let body = parse_module("x = 1\nif x:\n    y = 2\n\n@d\ndef f(): pass\n").unwrap();
    assert_eq!(body[0].pos, Pos { line: 1, col: 1 });
    assert_eq!(body[1].pos, Pos { line: 2, col: 1 });
    let StmtKind::If { body: inner, .. } = &body[1].kind else {
        panic!()
    };
    assert_eq!(inner[0].pos, Pos { line: 3, col: 5 });
    assert_eq!(body[2].pos, Pos { line: 5, col: 1 });
    let body = parse_module("a = 1; b = 2").unwrap();
    assert_eq!(body[1].pos, Pos { line: 1, col: 8 });
    let body = parse_module("if a:\n  pass\nelif b:\n  pass\n").unwrap();
    let StmtKind::If { orelse, .. } = &body[0].kind else {
        panic!()
    };
    assert_eq!(orelse[0].pos, Pos { line: 3, col: 1 });
}

#[test]
fn full_program() {
    let src = r#"
import threading
from queue import Queue

counter = 0
lock = threading.Lock()

class Worker(threading.Thread):
    """A worker."""

    def __init__(self, n, *, name=None):
        super().__init__(name=name)
        self.n = n

    def run(self):
        global counter
        for i in range(self.n):
            with lock:
                counter += 1
        results = [x ** 2 for x in range(10) if x % 2 == 0]
        print(f"{self.name}: {len(results):>4d} {counter!r}")

def gen(n):
    total = 0
    while True:
        value = yield total
        if value is None:
            break
        total += value

def main():
    workers = [Worker(1000) for _ in range(4)]
    for w in workers:
        w.start()
    try:
        q = Queue()
        d = {'a': 1, **{'b': 2}}
        a, *rest = sorted(d, key=lambda k: -d[k])
    except (KeyError, ValueError) as e:
        raise RuntimeError("bad") from e
    finally:
        del workers[:]
    assert counter >= 0, "negative"
    return a if rest else None

if __name__ == "__main__":
    main()
"#;
    let body = parse_module(src).unwrap();
    assert_eq!(body.len(), 8);
}

#[test]
fn odd_whitespace() {
    assert_eq!(m("\u{feff}x = 1"), "(= x 1)");
    assert_eq!(m("x = 1\n\x0c\ny = 2"), "(= x 1) (= y 2)");
    assert_eq!(m("x = 1 \\\n  + 2"), "(= x (+ 1 2))");
    assert_eq!(
        m("if x:  # comment\n    pass  # more\n# end"),
        "(if x [pass] [])"
    );
    assert_eq!(m("x = (\n# c\n1)"), "(= x 1)");
    assert_eq!(m("if x:\r    y\rz"), "(if x [y] []) z");
}
