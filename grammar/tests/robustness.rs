//! Feeds a few thousand generated inputs through the parser: it must never
//! panic, and must finish quickly.

use conc_grammar::{parse_expression, parse_module};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const TOKENS: &[&str] = &[
    "x",
    "y",
    "foo",
    "match",
    "case",
    "_",
    "0",
    "1",
    "42",
    "0x1f",
    "1.5",
    "1e9",
    "2j",
    "'s'",
    "\"d\"",
    "b'b'",
    "f'{x}'",
    "f\"{a!r:>{w}}\"",
    "'''t'''",
    "r'\\d'",
    "False",
    "None",
    "True",
    "and",
    "as",
    "assert",
    "async",
    "await",
    "break",
    "class",
    "continue",
    "def",
    "del",
    "elif",
    "else",
    "except",
    "finally",
    "for",
    "from",
    "global",
    "if",
    "import",
    "in",
    "is",
    "lambda",
    "nonlocal",
    "not",
    "or",
    "pass",
    "raise",
    "return",
    "try",
    "while",
    "with",
    "yield",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    ";",
    "+",
    "-",
    "*",
    "/",
    "|",
    "&",
    "<",
    ">",
    "=",
    ".",
    "%",
    "==",
    "!=",
    "<=",
    ">=",
    "~",
    "^",
    "<<",
    ">>",
    "**",
    "+=",
    "-=",
    "*=",
    "/=",
    "//",
    "//=",
    "@",
    "->",
    "...",
    ":=",
    "\n",
    "\n",
    "\n    ",
    "\n        ",
    "\n\t",
    "\\\n",
    " ",
    " ",
    "#c",
    "\"\"\"",
    "'",
];

const PROGRAMS: &[&str] = &[
    "def f(a, b=1, *args, c, d=2, **kw):\n    return a + b * c ** -d\n",
    "class C(Base, metaclass=M):\n    x: int = 1\n    def m(self):\n        yield from self.x\n",
    "for k, v in d.items():\n    if k in s and not v:\n        continue\n    elif k is not None:\n        break\nelse:\n    pass\n",
    "try:\n    x = [i for i in range(10) if i % 2]\nexcept (A, B) as e:\n    raise X from e\nfinally:\n    del x[0], y.z\n",
    "with open(p) as f, g() as (a, b):\n    data = {**a, 'k': f\"{v!r:>{w}}\", 1: {1, 2}}\n",
    "@dec(1)\ndef g(x, /, y, *, z):\n    global q\n    q = lambda *a, **k: (a, k)\n    return q if x else y[1:2, ::3]\n",
    "import a.b.c as d\nfrom . import x\nfrom ..m import (a, b as c,)\nassert x, 'msg'\nx, *y = z = 1, 2, 3\n",
    "while (n := f()) > 0:\n    s += n; t -= 1\n    print(sum(x for x in y), *a, k=1, **kw)\n",
];

fn run(input: &str) {
    let r = catch_unwind(AssertUnwindSafe(|| {
        let _ = parse_module(input);
        let _ = parse_expression(input);
    }));
    if r.is_err() {
        panic!("parser panicked on input {input:?}");
    }
}

#[test]
fn programs_are_valid() {
    for p in PROGRAMS {
        parse_module(p).unwrap_or_else(|e| panic!("{p:?}: {e}"));
    }
}

/// `CONC_FUZZ_ROUNDS=N` repeats the generated inputs N times with other seeds.
#[test]
fn never_panics() {
    let rounds: u64 = std::env::var("CONC_FUZZ_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let start = Instant::now();
    let mut count = 0;
    for round in 0..rounds {
        count += fuzz_round(0x9E37_79B9_7F4A_7C15 ^ round.wrapping_mul(0x2545_F491_4F6C_DD1D));
    }
    assert!(count >= 3000, "only {count} inputs");
    let elapsed = start.elapsed();
    assert!(
        elapsed < Duration::from_secs(20) * rounds as u32,
        "took {elapsed:?} for {count} inputs"
    );
}

fn fuzz_round(seed: u64) -> usize {
    let mut rng = XorShift(seed);
    let mut count = 0;

    // Random bytes, decoded lossily.
    for _ in 0..500 {
        let len = rng.below(64);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        run(&String::from_utf8_lossy(&bytes));
        count += 1;
    }

    // Random characters from a Python-ish alphabet.
    let alphabet: Vec<char> =
        "abcxyz_019 \t\n\r()[]{}:;,.+-*/%<>=!~^&|@'\"\\#fbrjeE\u{e9}\u{20ac}\u{1F600}\x0c"
            .chars()
            .collect();
    for _ in 0..700 {
        let len = rng.below(80);
        let s: String = (0..len)
            .map(|_| alphabet[rng.below(alphabet.len())])
            .collect();
        run(&s);
        count += 1;
    }

    // Token soups.
    for _ in 0..1000 {
        let len = rng.below(40);
        let mut s = String::new();
        for _ in 0..len {
            s += rng.pick(TOKENS);
            if rng.below(3) == 0 {
                s.push(' ');
            }
        }
        run(&s);
        count += 1;
    }

    // Every truncation of the valid programs.
    for p in PROGRAMS {
        for (i, _) in p.char_indices() {
            run(&p[..i]);
            count += 1;
        }
    }

    // Character mutations of the valid programs.
    for _ in 0..600 {
        let p = PROGRAMS[rng.below(PROGRAMS.len())];
        let mut chars: Vec<char> = p.chars().collect();
        for _ in 0..1 + rng.below(3) {
            let i = rng.below(chars.len());
            match rng.below(3) {
                0 => {
                    chars.remove(i);
                }
                1 => chars.insert(i, alphabet[rng.below(alphabet.len())]),
                _ => chars[i] = alphabet[rng.below(alphabet.len())],
            }
        }
        run(&chars.into_iter().collect::<String>());
        count += 1;
    }

    count
}

#[test]
fn deep_nesting_does_not_overflow() {
    // Run on a small stack to make sure nothing recurses per nesting level
    // beyond the limits.
    let handle = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(|| {
            for unit in [
                "(",
                "[",
                "{",
                "-",
                "not ",
                "~",
                "lambda: ",
                "x if y else ",
                "2 ** ",
                "a.",
                "f(",
                "[1, ",
            ] {
                for n in [100, 1000, 10_000] {
                    let src = unit.repeat(n);
                    let _ = parse_module(&src);
                    let _ = parse_module(&format!("{src}1"));
                    let _ = parse_expression(&src);
                }
            }
            let _ = parse_module(&format!("f'{}'", "{f'".repeat(50)));
            let _ = parse_module(&"    ".repeat(5000));
            let _ = parse_module(&"if x:\n".repeat(5000));
        })
        .unwrap();
    handle.join().expect("deep nesting overflowed or panicked");
}
