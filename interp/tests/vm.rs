//! End-to-end VM tests: parse → compile → run, checking values and errors.

use conc_interp::{Config, Interpreter};

fn interp() -> Interpreter {
    Interpreter::new(Config::default())
}

/// Runs `src` then returns `repr(expr)`, or the last traceback line.
fn run(src: &str, expr: &str) -> String {
    let mut i = interp();
    if let Err(e) = i.run_source(src, "<test>") {
        let t = i.format_error(e);
        return t.trim_end().lines().last().unwrap_or("").to_string();
    }
    match i.eval::<conc_interp::Owned>(expr) {
        Ok(v) => i.with_gil(|gil| {
            v.bind(gil)
                .repr()
                .unwrap_or_else(|_| "<repr failed>".into())
        }),
        Err(e) => {
            let t = i.format_error(e);
            t.trim_end().lines().last().unwrap_or("").to_string()
        }
    }
}

#[test]
fn arithmetic_and_functions() {
    assert_eq!(
        run(
            "def f(a, b=2):\n    return a * b + 1\nx = f(3) + f(1, b=5)\n",
            "x"
        ),
        "13"
    );
    assert_eq!(run("x = 0\nfor i in range(10):\n    x += i\n", "x"), "45");
    assert_eq!(run("x = 0\nwhile x < 100:\n    x = x + 7\n", "x"), "105");
}

#[test]
fn closures_and_defaults() {
    let src = "def outer():\n    n = 0\n    def inc():\n        nonlocal n\n        n += 1\n        return n\n    return inc\nf = outer()\nf()\nf()\nx = f()\n";
    assert_eq!(run(src, "x"), "3");
}

#[test]
fn argument_errors() {
    assert_eq!(
        run("def f(x): pass\nf()\n", "0"),
        "TypeError: f() missing 1 required positional argument: 'x'"
    );
    assert_eq!(
        run("def f(a, b): pass\nf(1, 2, 3)\n", "0"),
        "TypeError: f() takes 2 positional arguments but 3 were given"
    );
    assert_eq!(
        run("def f(a): pass\nf(1, z=2)\n", "0"),
        "TypeError: f() got an unexpected keyword argument 'z'"
    );
    assert_eq!(
        run("def f(x): pass\nf(1, x=2)\n", "0"),
        "TypeError: f() got multiple values for argument 'x'"
    );
    assert_eq!(
        run(
            "def f(*a, k, **kw):\n    return (a, k, kw)\nx = f(1, 2, k=3, z=4)\n",
            "x"
        ),
        "((1, 2), 3, {'z': 4})"
    );
}

#[test]
fn classes_and_inheritance() {
    let src = "class A:\n    def __init__(self, v):\n        self.v = v\n    def get(self):\n        return self.v\nclass B(A):\n    def get(self):\n        return super().get() * 2\nx = B(21).get()\n";
    assert_eq!(run(src, "x"), "42");
    let src = "class P:\n    def __init__(self):\n        self._x = 1\n    @property\n    def x(self):\n        return self._x\n    @x.setter\n    def x(self, v):\n        self._x = v * 10\np = P()\np.x = 5\ny = p.x\n";
    assert_eq!(run(src, "y"), "50");
    let src = "class C:\n    n = 0\n    @classmethod\n    def make(cls):\n        cls.n += 1\n        return cls.n\n    @staticmethod\n    def s(a):\n        return a + 1\nC.make()\nx = (C.make(), C.s(1), C().s(2))\n";
    assert_eq!(run(src, "x"), "(2, 2, 3)");
    assert_eq!(run("class A: pass\nclass B(A): pass\nx = (isinstance(B(), A), issubclass(A, B), type(B()) is B)\n", "x"), "(True, False, True)");
}

#[test]
fn mro() {
    let src = "class O: pass\nclass A(O): pass\nclass B(O): pass\nclass C(A, B): pass\nx = [k.__name__ for k in C.__mro__]\n";
    assert_eq!(run(src, "x"), "['C', 'A', 'B', 'O', 'object']");
    let src = "class A: pass\nclass B(A): pass\nclass C(A, B): pass\n";
    assert_eq!(
        run(src, "0"),
        "TypeError: Cannot create a consistent method resolution order (MRO) for bases A, B"
    );
}

#[test]
fn attribute_errors() {
    assert_eq!(
        run("class Foo: pass\nFoo().x\n", "0"),
        "AttributeError: 'Foo' object has no attribute 'x'"
    );
    assert_eq!(
        run("class Foo: pass\nFoo.x\n", "0"),
        "AttributeError: type object 'Foo' has no attribute 'x'"
    );
    assert_eq!(
        run("import sys\nsys.nope\n", "0"),
        "AttributeError: module 'sys' has no attribute 'nope'"
    );
}

#[test]
fn exceptions() {
    let src =
        "try:\n    raise ValueError('bad')\nexcept ValueError as e:\n    x = (repr(e), e.args)\n";
    assert_eq!(run(src, "x"), "(\"ValueError('bad')\", ('bad',))");
    let src = "class E(Exception): pass\ntry:\n    try:\n        1 // 0\n    except ZeroDivisionError as z:\n        raise E('x') from z\nexcept E as e:\n    x = type(e.__cause__).__name__\n";
    assert_eq!(run(src, "x"), "'ZeroDivisionError'");
    let src = "try:\n    try:\n        {}['k']\n    except KeyError:\n        raise ValueError('v')\nexcept ValueError as e:\n    x = repr(e.__context__)\n";
    assert_eq!(run(src, "x"), "\"KeyError('k')\"");
    assert_eq!(
        run("def f():\n    raise ValueError('m')\nf()\n", "0"),
        "ValueError: m"
    );
}

#[test]
fn traceback_format() {
    let mut i = interp();
    let src = "def f():\n    raise ValueError('bad')\nf()\n";
    let e = i.run_source(src, "t.conc").expect_err("raises");
    let text = i.format_error(e);
    assert_eq!(
        text,
        "Traceback (most recent call last):\n  File \"t.conc\", line 3, in <module>\n    f()\n  File \"t.conc\", line 2, in f\n    raise ValueError('bad')\nValueError: bad\n"
    );
}

#[test]
fn generators() {
    let src = "def g():\n    x = yield 1\n    yield x * 2\n    return 7\nit = g()\na = next(it)\nb = it.send(5)\ntry:\n    it.send(None)\nexcept StopIteration as e:\n    c = e.value\nx = (a, b, c)\n";
    assert_eq!(run(src, "x"), "(1, 10, 7)");
    let src = "def inner():\n    yield 1\n    yield 2\n    return 3\ndef outer():\n    r = yield from inner()\n    yield r\nx = list(outer())\n";
    assert_eq!(run(src, "x"), "[1, 2, 3]");
    let src = "def g():\n    yield 1\nit = g()\nit.send(3)\n";
    assert_eq!(
        run(src, "0"),
        "TypeError: can't send non-None value to a just-started generator"
    );
    let src = "def g():\n    try:\n        yield 1\n    except ValueError:\n        yield 'caught'\nit = g()\nnext(it)\nx = it.throw(ValueError)\n";
    assert_eq!(run(src, "x"), "'caught'");
}

#[test]
fn recursion_limit() {
    assert_eq!(
        run("def f(n):\n    return f(n + 1)\nf(0)\n", "0"),
        "RecursionError: maximum recursion depth exceeded"
    );
    let src = "import sys\nsys.setrecursionlimit(100000)\ndef f(n):\n    return f(n + 1)\nf(0)\n";
    assert_eq!(
        run(src, "0"),
        "RecursionError: maximum recursion depth exceeded"
    );
}

#[test]
fn with_statement() {
    let src = "log = []\nclass CM:\n    def __enter__(self):\n        log.append('in')\n        return self\n    def __exit__(self, t, v, tb):\n        log.append(t.__name__ if t else None)\n        return True\nwith CM():\n    raise KeyError('x')\nwith CM():\n    pass\n";
    assert_eq!(run(src, "log"), "['in', 'KeyError', 'in', None]");
}
