//! End-to-end checks of the containers, protocols and builtins (ops,
//! object/{list,tuple,dictmethods,set,range,slice,iter}, builtins, io).

use conc_interp::{Config, Interpreter};

/// Runs `src` then returns `repr(expr)`, or the last traceback line.
fn run(src: &str, expr: &str) -> String {
    let mut i = Interpreter::new(Config::default());
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

fn ev(expr: &str) -> String {
    run("", expr)
}

#[test]
fn list_basics() {
    assert_eq!(ev("[1, 2, 3][::-1]"), "[3, 2, 1]");
    assert_eq!(ev("[1, 2, 3] + [4]"), "[1, 2, 3, 4]");
    assert_eq!(ev("[0] * 3"), "[0, 0, 0]");
    assert_eq!(ev("[1, 2, 3, 4, 5][1:4:2]"), "[2, 4]");
    assert_eq!(
        run(
            "a = [1, 2, 3]\na.append(4)\na.insert(0, 0)\na.remove(2)\nb = a.pop()\n",
            "(a, b)"
        ),
        "([0, 1, 3], 4)"
    );
    assert_eq!(run("a = [5, 3, 1]\na.sort()\n", "a"), "[1, 3, 5]");
    assert_eq!(
        run(
            "a = ['bb', 'a', 'ccc']\na.sort(key=len, reverse=True)\n",
            "a"
        ),
        "['ccc', 'bb', 'a']"
    );
    assert_eq!(
        run("a = [1, 2, 3, 4, 5]\na[1:3] = ['x']\n", "a"),
        "[1, 'x', 4, 5]"
    );
    assert_eq!(run("a = [1, 2, 3, 4, 5]\ndel a[::2]\n", "a"), "[2, 4]");
    assert_eq!(run("a = [1]\na += (2, 3)\n", "a"), "[1, 2, 3]");
    assert_eq!(run("a = [1]\na.append(a)\n", "a"), "[1, [...]]");
    assert_eq!(ev("[1, 2] < [1, 3]"), "True");
    assert_eq!(ev("[1, 2].index(2)"), "1");
    assert_eq!(ev("[].pop()"), "IndexError: pop from empty list");
    assert_eq!(ev("[1][5]"), "IndexError: list index out of range");
    assert_eq!(ev("[1, 2].index(7)"), "ValueError: 7 is not in list");
    assert_eq!(
        ev("[1] + (2,)"),
        "TypeError: can only concatenate list (not \"tuple\") to list"
    );
}

#[test]
fn tuple_and_str_indexing() {
    assert_eq!(ev("(1,)"), "(1,)");
    assert_eq!(ev("(1, 2, 3)[1:]"), "(2, 3)");
    assert_eq!(ev("(1, 2) + (3,)"), "(1, 2, 3)");
    assert_eq!(ev("hash((1, 2)) == hash((1.0, 2))"), "True");
    assert_eq!(ev("'héllo'[1]"), "'é'");
    assert_eq!(ev("'hello'[::-1]"), "'olleh'");
    assert_eq!(ev("'abc'[5]"), "IndexError: string index out of range");
    assert_eq!(ev("(1, 2).count(2)"), "1");
    assert_eq!(
        run("t = (1, 2)\nt[0] = 3\n", "t"),
        "TypeError: 'tuple' object does not support item assignment"
    );
}

#[test]
fn dict_protocol() {
    assert_eq!(ev("{'a': 1, 'b': 2}"), "{'a': 1, 'b': 2}");
    assert_eq!(
        run("d = {}\nd[1] = 'x'\nd[1.0] = 'y'\nd[True] = 'z'\n", "d"),
        "{1: 'z'}"
    );
    assert_eq!(run("d = {'a': 1}\nx = d.get('b', 5)\n", "x"), "5");
    assert_eq!(ev("{'a': 1}['b']"), "KeyError: 'b'");
    assert_eq!(
        run("d = {'a': 1}\nd.update({'b': 2}, c=3)\n", "d"),
        "{'a': 1, 'b': 2, 'c': 3}"
    );
    assert_eq!(
        run("d = {'a': 1, 'b': 2}\nx = d.pop('a')\n", "(x, d)"),
        "(1, {'b': 2})"
    );
    assert_eq!(ev("dict([(1, 2), (3, 4)])"), "{1: 2, 3: 4}");
    assert_eq!(ev("{1: 2} | {3: 4}"), "{1: 2, 3: 4}");
    assert_eq!(ev("list({'x': 1, 'y': 2}.items())"), "[('x', 1), ('y', 2)]");
    assert_eq!(ev("{(1, 2): 'a'}[(1, 2)]"), "'a'");
    assert_eq!(ev("{[1]: 2}"), "TypeError: unhashable type: 'list'");
    assert_eq!(
        run("d = {1: 1, 2: 2}\nfor k in d:\n    d[k + 10] = 0\n", "d"),
        "RuntimeError: dictionary changed size during iteration"
    );
    assert_eq!(
        run("d = {}\nd.setdefault('k', []).append(1)\n", "d"),
        "{'k': [1]}"
    );
    assert_eq!(ev("dict.fromkeys('ab', 0)"), "{'a': 0, 'b': 0}");
}

#[test]
fn dict_views() {
    assert_eq!(ev("{'a': 1}.keys()"), "dict_keys(['a'])");
    assert_eq!(ev("{'a': 1}.items()"), "dict_items([('a', 1)])");
    assert_eq!(ev("{'a': 1}.values()"), "dict_values([1])");
    assert_eq!(
        run(
            "d = {'a': 1}
k = d.keys()
d['b'] = 2
",
            "(len(k), 'b' in k, list(k))"
        ),
        "(2, True, ['a', 'b'])"
    );
    assert_eq!(ev("{'a': 1, 'b': 2}.keys() & {'b', 'c'}"), "{'b'}");
    assert_eq!(ev("{'a': 1}.keys() == {'a'}"), "True");
    assert_eq!(ev("('a', 1) in {'a': 1}.items()"), "True");
    assert_eq!(
        run(
            "d = {1: 2, 3: 4}
t = 0
for k, v in d.items():
    t += k * v
",
            "t"
        ),
        "14"
    );
}

#[test]
fn user_keys_with_eq_and_hash() {
    let src = "class K:\n    def __init__(self, v):\n        self.v = v\n    def __eq__(self, o):\n        return isinstance(o, K) and self.v == o.v\n    def __hash__(self):\n        return hash(self.v)\nd = {K(1): 'one'}\n";
    assert_eq!(run(src, "d[K(1)]"), "'one'");
    assert_eq!(run(src, "K(2) in d"), "False");
    assert_eq!(
        run(
            "class A:\n    def __eq__(self, o):\n        return True\n",
            "hash(A())"
        ),
        "TypeError: unhashable type: 'A'"
    );
}

#[test]
fn sets() {
    assert_eq!(ev("set()"), "set()");
    assert_eq!(ev("{1, 2} | {3}"), "{1, 2, 3}");
    assert_eq!(ev("{1, 2, 3} & {2, 3, 4}"), "{2, 3}");
    assert_eq!(ev("{1, 2, 3} - {2}"), "{1, 3}");
    assert_eq!(ev("{1, 2} ^ {2, 3}"), "{1, 3}");
    assert_eq!(ev("{1, 2} <= {1, 2, 3}"), "True");
    assert_eq!(ev("frozenset({1})"), "frozenset({1})");
    assert_eq!(run("s = {1}\ns.remove(2)\n", "s"), "KeyError: 2");
    assert_eq!(run("s = {1}\ns |= {2}\n", "s"), "{1, 2}");
    assert_eq!(ev("{1, 2}.issubset([1, 2, 3])"), "True");
    assert_eq!(ev("{frozenset({1}): 2}[frozenset([1])]"), "2");
}

#[test]
fn ranges_and_slices() {
    assert_eq!(ev("range(10)"), "range(0, 10)");
    assert_eq!(ev("range(0, 10, 2)[1:3]"), "range(2, 6, 2)");
    assert_eq!(ev("len(range(0, 10, 3))"), "4");
    assert_eq!(ev("10**12 in range(0, 10**13, 2)"), "True");
    assert_eq!(ev("list(range(5, 0, -2))"), "[5, 3, 1]");
    assert_eq!(ev("list(reversed(range(3)))"), "[2, 1, 0]");
    assert_eq!(
        ev("range(3)[5]"),
        "IndexError: range object index out of range"
    );
    assert_eq!(ev("slice(1, None).indices(10)"), "(1, 10, 1)");
    assert_eq!(
        run(
            "def f(x: list[int]) -> dict[str, int]:\n    return {}\n",
            "f([])"
        ),
        "{}"
    );
}

#[test]
fn builtins_over_iterables() {
    assert_eq!(ev("list(enumerate('ab', 1))"), "[(1, 'a'), (2, 'b')]");
    assert_eq!(ev("list(zip([1, 2, 3], 'ab'))"), "[(1, 'a'), (2, 'b')]");
    assert_eq!(ev("list(map(lambda x: x * 2, [1, 2]))"), "[2, 4]");
    assert_eq!(ev("list(filter(None, [0, 1, '', 'a']))"), "[1, 'a']");
    assert_eq!(ev("sorted([3, 1, 2], reverse=True)"), "[3, 2, 1]");
    assert_eq!(
        ev("sorted(['b', 'A', 'a'], key=str.lower)"),
        "['A', 'a', 'b']"
    );
    assert_eq!(
        ev("(min([3, 1, 2]), max(3, 1, 2), max([], default=7))"),
        "(1, 3, 7)"
    );
    assert_eq!(ev("max([])"), "ValueError: max() arg is an empty sequence");
    assert_eq!(ev("min(['aaa', 'b'], key=len)"), "'b'");
    assert_eq!(
        ev("(sum([1, 2, 3]), sum([0.5, 0.25]), sum([[1], [2]], []))"),
        "(6, 0.75, [1, 2])"
    );
    assert_eq!(
        ev("(all([]), any([]), all([1, 0]), any([0, 1]))"),
        "(True, False, False, True)"
    );
    assert_eq!(ev("next(iter([]), 'd')"), "'d'");
    assert_eq!(ev("next(iter([]))"), "StopIteration");
    let gen = "def g():\n    yield 1\n    return 'done'\nit = g()\nnext(it)\ntry:\n    next(it)\nexcept StopIteration as e:\n    r = e.value\n";
    assert_eq!(run(gen, "r"), "'done'");
    assert_eq!(
        ev("list(zip([1], [2, 3], strict=True))"),
        "ValueError: zip() argument 2 is longer than argument 1"
    );
    assert_eq!(
        ev("sorted([1, 'a'])"),
        "TypeError: '<' not supported between instances of 'str' and 'int'"
    );
}

#[test]
fn numeric_builtins() {
    assert_eq!(
        ev("(abs(-3), abs(-2.5), divmod(7, -2), pow(3, 4, 5))"),
        "(3, 2.5, (-4, -1), 1)"
    );
    assert_eq!(
        ev("(round(2.5), round(3.5), round(2.675, 2), round(1234, -2))"),
        "(2, 4, 2.67, 1200)"
    );
    assert_eq!(
        ev("(chr(97), ord('a'), hex(255), oct(8), bin(-5))"),
        "('a', 97, '0xff', '0o10', '-0b101')"
    );
    assert_eq!(
        ev("chr(-1)"),
        "ValueError: chr() arg not in range(0x110000)"
    );
    assert_eq!(
        ev("ord('ab')"),
        "TypeError: ord() expected a character, but string of length 2 found"
    );
}

#[test]
fn user_protocols() {
    let src = "class V:\n    def __init__(self, x):\n        self.x = x\n    def __add__(self, o):\n        return V(self.x + (o.x if isinstance(o, V) else o))\n    def __radd__(self, o):\n        return V(o + self.x)\n    def __repr__(self):\n        return f'V({self.x})'\n    def __len__(self):\n        return self.x\n    def __lt__(self, o):\n        return self.x < o.x\n    def __iter__(self):\n        return iter(range(self.x))\n";
    assert_eq!(run(src, "V(1) + V(2)"), "V(3)");
    assert_eq!(run(src, "1 + V(2)"), "V(3)");
    assert_eq!(run(src, "sum([V(1), V(2)])"), "V(3)");
    assert_eq!(run(src, "sorted([V(3), V(1)])"), "[V(1), V(3)]");
    assert_eq!(run(src, "V(1) > V(0)"), "True");
    assert_eq!(
        run(src, "(len(V(4)), bool(V(0)), list(V(3)), 2 in V(3))"),
        "(4, False, [0, 1, 2], True)"
    );
    assert_eq!(
        run(src, "V(1) - 1"),
        "TypeError: unsupported operand type(s) for -: 'V' and 'int'"
    );
    assert_eq!(
        ev("1 + 'a'"),
        "TypeError: unsupported operand type(s) for +: 'int' and 'str'"
    );
}

#[test]
fn files_roundtrip() {
    let dir = std::env::temp_dir().join(format!("conc_containers_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("f.txt");
    let p = p.to_str().unwrap().replace('\\', "/");
    let src = format!(
        "with open('{p}', 'w') as f:\n    f.write('a\\nb\\n')\nwith open('{p}') as f:\n    lines = f.readlines()\nwith open('{p}') as f:\n    it = [l.strip() for l in f]\nwith open('{p}', 'rb') as f:\n    raw = f.read()\n"
    );
    assert_eq!(
        run(&src, "(lines, it, raw)"),
        "(['a\\n', 'b\\n'], ['a', 'b'], b'a\\nb\\n')"
    );
    assert_eq!(
        ev("open('/nonexistent/x')"),
        "FileNotFoundError: [Errno 2] No such file or directory: '/nonexistent/x'"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
