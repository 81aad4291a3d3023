//! Generated inputs for the robustness and fuzz tests: a fixed-seed
//! xorshift generator, random bytes, soups of Python tokens, and truncated
//! or mutated versions of the valid programs in `tests/cases` and
//! `tests/compat`.

/// xorshift64* — small, deterministic, good enough to pick mutations.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// Tokens (and small fragments) that token soups and mutations are made of.
pub const TOKENS: &[&str] = &[
    "def",
    "class",
    "return",
    "yield",
    "yield from",
    "lambda",
    "if",
    "elif",
    "else",
    "while",
    "for",
    "in",
    "not",
    "and",
    "or",
    "is",
    "try",
    "except",
    "finally",
    "raise",
    "from",
    "with",
    "as",
    "import",
    "global",
    "nonlocal",
    "del",
    "pass",
    "break",
    "continue",
    "assert",
    "None",
    "True",
    "False",
    "async",
    "await",
    "x",
    "y",
    "f",
    "self",
    "__init__",
    "__repr__",
    "print",
    "len",
    "range",
    "list",
    "dict",
    "super",
    "0",
    "1",
    "-1",
    "10**20",
    "1.5",
    "1e308",
    "0x10",
    "'s'",
    "\"t\"",
    "b'b'",
    "f'{x}'",
    "f'{",
    "'''",
    "\"\"\"",
    "'",
    "\\",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ";",
    ",",
    ".",
    "...",
    "=",
    "==",
    "!=",
    "<",
    ">",
    "<=",
    ">=",
    "+",
    "-",
    "*",
    "**",
    "/",
    "//",
    "%",
    "@",
    "&",
    "|",
    "^",
    "~",
    "<<",
    ">>",
    "+=",
    "-=",
    "*=",
    "->",
    ":=",
    "*args",
    "**kw",
    "\n",
    "\n",
    "\n    ",
    "\n        ",
    "\t",
    " ",
    "#",
    "0b",
    "0o",
    "1_000",
    "1j",
    "'\\x'",
    "'\\N{'",
    "%s",
    "{}",
    "[::-1]",
    "[1:2:0]",
];

/// The valid programs that truncations and mutations start from.
pub fn seeds() -> Vec<Vec<u8>> {
    let root = super::repo_root();
    let mut out = Vec::new();
    for (dir, ext) in [("tests/cases", "conc"), ("tests/compat", "py")] {
        for path in super::test_files(&root.join(dir), ext, &[], "CONC_ROBUST_NONE_FILTER") {
            out.push(std::fs::read(&path).expect("readable test program"));
        }
    }
    assert!(!out.is_empty(), "no seed programs found");
    out
}

pub fn random_bytes(rng: &mut Rng) -> Vec<u8> {
    let n = rng.below(200);
    (0..n)
        .map(|_| {
            // Mostly printable ASCII, so the lexer gets past the first byte.
            if rng.below(4) == 0 {
                rng.next() as u8
            } else {
                32 + rng.below(95) as u8
            }
        })
        .collect()
}

pub fn token_soup(rng: &mut Rng) -> Vec<u8> {
    let n = 1 + rng.below(60);
    let mut s = String::new();
    for _ in 0..n {
        s.push_str(rng.pick(TOKENS));
        if rng.below(3) != 0 {
            s.push(' ');
        }
    }
    s.into_bytes()
}

pub fn truncated(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    seed[..rng.below(seed.len() + 1)].to_vec()
}

pub fn mutated(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut s = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(s.len() + 1);
        match rng.below(6) {
            0 if at < s.len() => {
                s.remove(at);
            }
            1 => {
                let tok = rng.pick(TOKENS).as_bytes();
                s.splice(at..at, tok.iter().copied());
            }
            2 if at < s.len() => {
                s[at] = rng.pick(b"()[]{}:,.=+-*/%'\"\\#\n \t0123456789xyz_");
            }
            3 => {
                // Duplicate a random line somewhere else.
                let text = String::from_utf8_lossy(&s).into_owned();
                let lines: Vec<&str> = text.lines().collect();
                if !lines.is_empty() {
                    let line = format!("{}\n", rng.pick(&lines));
                    let at = s
                        .iter()
                        .take(at)
                        .rposition(|&b| b == b'\n')
                        .map_or(0, |p| p + 1);
                    s.splice(at..at, line.bytes());
                }
            }
            4 if at < s.len() => {
                // Delete a run of bytes.
                let end = (at + 1 + rng.below(40)).min(s.len());
                s.drain(at..end);
            }
            _ => {
                let tok = rng.pick(TOKENS).as_bytes();
                let end = (at + tok.len()).min(s.len());
                s.splice(at..end, tok.iter().copied());
            }
        }
    }
    s
}

pub fn inputs(n: usize, seed: u64) -> Vec<Vec<u8>> {
    let seeds = seeds();
    let mut rng = Rng(seed | 1);
    (0..n)
        .map(|i| match i % 8 {
            0 => random_bytes(&mut rng),
            1 | 2 => token_soup(&mut rng),
            3 | 4 => {
                let s = rng.below(seeds.len());
                truncated(&mut rng, &seeds[s])
            }
            _ => {
                let s = rng.below(seeds.len());
                mutated(&mut rng, &seeds[s])
            }
        })
        .collect()
}
