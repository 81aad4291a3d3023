//! Python regular-expression syntax to fancy-regex syntax.
//!
//! One pass over the pattern that checks it the way Python's `re._parser`
//! does (same messages and positions for the common mistakes: unbalanced
//! parentheses, nothing to repeat, bad escapes, unknown group names, ...)
//! and writes the equivalent pattern for fancy-regex, where the two differ:
//!
//! - `^`, `$`, `.` carry their mode explicitly: without MULTILINE `$`
//!   matches at the end *or before a final newline* (`(?=\n?\z)`), `\Z` is
//!   the very end (`\z`), DOTALL is per-group;
//! - VERBOSE whitespace and comments are removed here (fancy-regex's `x`
//!   flag would also drop spaces inside character classes);
//! - ASCII turns `\w \d \s \b` into their ASCII classes; `\s` also matches
//!   `\x1c`-`\x1f` as `str.isspace` does;
//! - octal escapes, `\x`/`\u`/`\U`, `{,n}`, a `{` that is no repeat,
//!   `(?#...)` comments and literal `[`, `&`, `~`, `-` in classes are
//!   rewritten for the regex crate's syntax;
//! - bytes patterns (matched in fancy-regex's ASCII bytes mode) write every
//!   byte above 0x7f as `\xHH`.
//!
//! The group structure (count, names, each group's parent) is returned for
//! `Pattern.groups`, `groupindex` and `Match.lastindex`.

pub const I: u32 = 2;
pub const L: u32 = 4;
pub const M: u32 = 8;
pub const S: u32 = 16;
pub const U: u32 = 32;
pub const X: u32 = 64;
pub const A: u32 = 256;

/// The result of a translation.
pub struct Translated {
    pub pattern: String,
    pub flags: u32,
    pub groups: usize,
    pub names: Vec<(String, usize)>,
    /// `parents[g - 1]`: the group enclosing group g (0 for none).
    pub parents: Vec<usize>,
}

/// A compile error: Python's message and the position it points at.
pub struct Bad(pub String, pub usize);

type R<T> = Result<T, Bad>;

#[derive(Clone, Copy)]
struct Mode {
    i: bool,
    m: bool,
    s: bool,
    x: bool,
    a: bool,
}

/// What the last item written can take: a repeat or not.
#[derive(Clone, Copy, PartialEq)]
enum Last {
    /// Start of the pattern, of a group or of an alternative.
    Nothing,
    /// An anchor (`^`, `\b`, ...): repeating it is "nothing to repeat".
    Anchor,
    Atom,
    /// A repeat, which may take a `?` (lazy) or `+` (possessive) once.
    Repeat,
    /// A repeat with its modifier: nothing more may follow.
    Done,
}

struct Group {
    open: usize,
    mode: Mode,
    /// The capturing group number, if it captures.
    number: Option<usize>,
}

struct Tr<'a> {
    p: &'a [char],
    i: usize,
    out: String,
    bytes: bool,
    mode: Mode,
    groups: usize,
    names: Vec<(String, usize)>,
    parents: Vec<usize>,
    /// Groups whose `)` has been seen (back references may use them).
    closed: Vec<bool>,
    stack: Vec<Group>,
    last: Last,
}

/// Translates `pattern` (a str pattern, or a bytes pattern decoded as
/// Latin-1 when `bytes`) compiled with `flags`.
pub fn translate(pattern: &[char], flags: u32, bytes: bool) -> R<Translated> {
    let mut t = Tr {
        p: pattern,
        i: 0,
        out: String::new(),
        bytes,
        mode: Mode {
            i: flags & I != 0,
            m: flags & M != 0,
            s: flags & S != 0,
            x: flags & X != 0,
            a: flags & A != 0 || bytes,
        },
        groups: 0,
        names: Vec::new(),
        parents: Vec::new(),
        closed: Vec::new(),
        stack: Vec::new(),
        last: Last::Nothing,
    };
    let mut flags = flags;
    t.global_flags(&mut flags)?;
    t.body()?;
    if let Some(g) = t.stack.last() {
        return Err(Bad("missing ), unterminated subpattern".into(), g.open));
    }
    if !bytes && flags & A == 0 {
        flags |= U;
    }
    let mut pattern = String::new();
    if flags & I != 0 {
        pattern.push_str("(?i)");
    }
    pattern.push_str(&t.out);
    Ok(Translated {
        pattern,
        flags,
        groups: t.groups,
        names: t.names,
        parents: t.parents,
    })
}

fn is_ident(name: &str) -> bool {
    let mut cs = name.chars();
    match cs.next() {
        Some(c) if c.is_alphabetic() || c == '_' => {}
        _ => return false,
    }
    cs.all(|c| c.is_alphanumeric() || c == '_')
}

impl Tr<'_> {
    fn peek(&self) -> Option<char> {
        self.p.get(self.i).copied()
    }

    fn peek_at(&self, k: usize) -> Option<char> {
        self.p.get(self.i + k).copied()
    }

    /// Leading `(?aiLmsux)` groups: they set the flags of the whole pattern.
    fn global_flags(&mut self, flags: &mut u32) -> R<()> {
        while self.peek() == Some('(') && self.peek_at(1) == Some('?') {
            let mut k = self.i + 2;
            let mut add = 0;
            while let Some(&c) = self.p.get(k) {
                match flag_bit(c) {
                    Some(b) => add |= b,
                    None => break,
                }
                k += 1;
            }
            if add == 0 || self.p.get(k) != Some(&')') {
                return Ok(());
            }
            self.check_flags(add, k)?;
            *flags |= add;
            self.mode.i |= add & I != 0;
            self.mode.m |= add & M != 0;
            self.mode.s |= add & S != 0;
            self.mode.x |= add & X != 0;
            self.mode.a |= add & A != 0;
            self.i = k + 1;
        }
        Ok(())
    }

    fn check_flags(&self, add: u32, at: usize) -> R<()> {
        if add & L != 0 && !self.bytes {
            return Err(Bad(
                "bad inline flag: cannot use 'L' flag with a str pattern".into(),
                at,
            ));
        }
        if add & U != 0 && self.bytes {
            return Err(Bad(
                "bad inline flag: cannot use 'u' flag with a bytes pattern".into(),
                at,
            ));
        }
        if add & A != 0 && self.bytes {
            return Ok(());
        }
        Ok(())
    }

    fn body(&mut self) -> R<()> {
        while let Some(c) = self.peek() {
            let at = self.i;
            if self.mode.x {
                if c.is_whitespace() {
                    self.i += 1;
                    continue;
                }
                if c == '#' {
                    while let Some(c) = self.peek() {
                        self.i += 1;
                        if c == '\n' {
                            break;
                        }
                    }
                    continue;
                }
            }
            self.i += 1;
            match c {
                '\\' => self.escape(at)?,
                '[' => {
                    self.class(at)?;
                    self.last = Last::Atom;
                }
                '(' => self.open(at)?,
                ')' => self.close(at)?,
                '|' => {
                    self.out.push('|');
                    self.last = Last::Nothing;
                }
                '*' | '+' | '?' => self.repeat(c, at)?,
                '{' => {
                    if let Some((lo, hi, end)) = self.braces() {
                        self.check_repeatable(at)?;
                        if let (Some(l), Some(h)) = (lo, hi) {
                            if l > h {
                                return Err(Bad(
                                    "min repeat greater than max repeat".into(),
                                    at + 1,
                                ));
                            }
                        }
                        self.out.push('{');
                        self.out.push_str(&lo.unwrap_or(0).to_string());
                        if end.1 {
                            self.out.push(',');
                            if let Some(h) = hi {
                                self.out.push_str(&h.to_string());
                            }
                        }
                        self.out.push('}');
                        self.i = end.0;
                        self.last = Last::Repeat;
                    } else {
                        self.out.push_str("\\{");
                        self.last = Last::Atom;
                    }
                }
                '^' => {
                    self.out
                        .push_str(if self.mode.m { "(?m:^)" } else { "\\A" });
                    self.last = Last::Anchor;
                }
                '$' => {
                    self.out
                        .push_str(if self.mode.m { "(?m:$)" } else { "(?=\\n?\\z)" });
                    self.last = Last::Anchor;
                }
                '.' => {
                    self.out.push_str(if self.mode.s { "(?s:.)" } else { "." });
                    self.last = Last::Atom;
                }
                c => {
                    self.literal(c);
                    self.last = Last::Atom;
                }
            }
        }
        Ok(())
    }

    fn check_repeatable(&self, at: usize) -> R<()> {
        match self.last {
            Last::Nothing | Last::Anchor => Err(Bad("nothing to repeat".into(), at)),
            Last::Repeat | Last::Done => Err(Bad("multiple repeat".into(), at)),
            Last::Atom => Ok(()),
        }
    }

    fn repeat(&mut self, c: char, at: usize) -> R<()> {
        if self.last == Last::Repeat && (c == '?' || c == '+') {
            self.out.push(c);
            self.last = Last::Done;
            return Ok(());
        }
        self.check_repeatable(at)?;
        self.out.push(c);
        self.last = Last::Repeat;
        Ok(())
    }

    /// `{m}`, `{m,}`, `{,n}`, `{m,n}` after the `{`: (min, max, (index
    /// after `}`, has comma)); `None` if this `{` is a literal.
    #[allow(clippy::type_complexity)]
    fn braces(&self) -> Option<(Option<u64>, Option<u64>, (usize, bool))> {
        let mut k = self.i;
        let num = |k: &mut usize| {
            let s = *k;
            while self.p.get(*k).is_some_and(|c| c.is_ascii_digit()) {
                *k += 1;
            }
            (*k > s).then(|| {
                self.p[s..*k]
                    .iter()
                    .collect::<String>()
                    .parse::<u64>()
                    .unwrap_or(u64::MAX)
            })
        };
        let lo = num(&mut k);
        let comma = self.p.get(k) == Some(&',');
        let hi = if comma {
            k += 1;
            num(&mut k)
        } else {
            lo
        };
        if self.p.get(k) != Some(&'}') || (lo.is_none() && !comma) {
            return None;
        }
        Some((lo, hi, (k + 1, comma)))
    }

    fn literal(&mut self, c: char) {
        if self.bytes && (c as u32) > 0x7f {
            self.out.push_str(&format!("\\x{:02X}", c as u32));
        } else if "\\.+*?()|[]{}^$#&-~".contains(c) {
            self.out.push('\\');
            self.out.push(c);
        } else if c.is_control() || c.is_whitespace() {
            self.out.push_str(&format!("\\x{{{:X}}}", c as u32));
        } else {
            self.out.push(c);
        }
    }

    /// A class item char, escaped for the regex crate.
    fn class_char(&self, out: &mut String, c: char) {
        if self.bytes && (c as u32) > 0x7f {
            out.push_str(&format!("\\x{:02X}", c as u32));
        } else if matches!(c, '[' | ']' | '\\' | '^' | '-' | '&' | '~') {
            out.push('\\');
            out.push(c);
        } else if c.is_control() || c.is_whitespace() {
            out.push_str(&format!("\\x{{{:X}}}", c as u32));
        } else {
            out.push(c);
        }
    }

    /// The class for `\d \D \w \W \s \S` in the current mode, as a class
    /// item (`inside`) or as a whole atom.
    fn class_escape(&self, c: char, inside: bool) -> String {
        let ascii = self.mode.a;
        let (body, neg) = match (c.to_ascii_lowercase(), ascii) {
            ('d', true) => ("0-9", c == 'D'),
            ('w', true) => ("a-zA-Z0-9_", c == 'W'),
            ('s', true) => (" \\t\\n\\r\\x0B\\x0C", c == 'S'),
            ('s', false) => ("\\s\\x1C-\\x1F", c == 'S'),
            _ => return format!("\\{c}"),
        };
        if !neg && inside {
            return body.to_string();
        }
        format!("[{}{body}]", if neg { "^" } else { "" })
    }

    /// A hex escape's value (`\x` 2 digits, `\u` 4, `\U` 8).
    fn hex(&mut self, at: usize, kind: char, n: usize) -> R<u32> {
        let digits: String = self.p[self.i..]
            .iter()
            .take(n)
            .take_while(|c| c.is_ascii_hexdigit())
            .collect();
        if digits.chars().count() < n {
            return Err(Bad(format!("incomplete escape \\{kind}{digits}"), at));
        }
        self.i += n;
        let v = u32::from_str_radix(&digits, 16).unwrap_or(u32::MAX);
        if v > 0x10ffff {
            return Err(Bad(format!("bad escape \\{kind}{digits}"), at));
        }
        Ok(v)
    }

    /// Up to `max` octal digits at the cursor.
    fn octal(&mut self, max: usize) -> u32 {
        let mut v = 0;
        for _ in 0..max {
            match self.peek().and_then(|c| c.to_digit(8)) {
                Some(d) => {
                    v = v * 8 + d;
                    self.i += 1;
                }
                None => break,
            }
        }
        v
    }

    /// The character of an escape that stands for one character, if it is
    /// one (`\n`, `\x41`, `\0`, ...); the cursor is after the letter `c`.
    fn char_escape(&mut self, c: char, at: usize) -> R<Option<char>> {
        let v = match c {
            'a' => 7,
            'f' => 0xc,
            'n' => 0xa,
            'r' => 0xd,
            't' => 9,
            'v' => 0xb,
            'x' => self.hex(at, 'x', 2)?,
            'u' if !self.bytes => self.hex(at, 'u', 4)?,
            'U' if !self.bytes => self.hex(at, 'U', 8)?,
            '0' => self.octal(2),
            _ => return Ok(None),
        };
        Ok(Some(char::from_u32(v).unwrap_or('\u{fffd}')))
    }

    fn escape(&mut self, at: usize) -> R<()> {
        let Some(c) = self.peek() else {
            return Err(Bad("bad escape (end of pattern)".into(), at));
        };
        self.i += 1;
        if let Some(ch) = self.char_escape(c, at)? {
            self.literal(ch);
            self.last = Last::Atom;
            return Ok(());
        }
        match c {
            '1'..='9' => {
                // Three octal digits are a character; otherwise a group.
                let (d1, d2) = (self.peek(), self.peek_at(1));
                if c <= '7'
                    && d1.is_some_and(|d| ('0'..='7').contains(&d))
                    && d2.is_some_and(|d| ('0'..='7').contains(&d))
                {
                    self.i -= 1;
                    let v = self.octal(3);
                    if v > 0o377 {
                        let s: String = self.p[at + 1..self.i].iter().collect();
                        return Err(Bad(
                            format!("octal escape value \\{s} outside of range 0-0o377"),
                            at,
                        ));
                    }
                    self.literal(char::from_u32(v).unwrap_or('\0'));
                    self.last = Last::Atom;
                    return Ok(());
                }
                let mut n = c.to_digit(10).unwrap_or(0) as usize;
                if let Some(d) = d1.and_then(|d| d.to_digit(10)) {
                    n = n * 10 + d as usize;
                    self.i += 1;
                }
                self.backref(n, at + 1)?;
            }
            'A' => {
                self.out.push_str("\\A");
                self.last = Last::Anchor;
            }
            'Z' => {
                self.out.push_str("\\z");
                self.last = Last::Anchor;
            }
            'b' | 'B' => {
                self.out.push_str(match (c, self.mode.a && !self.bytes) {
                    ('b', true) => "(?-u:\\b)",
                    ('B', true) => "(?-u:\\B)",
                    ('b', false) => "\\b",
                    _ => "\\B",
                });
                self.last = Last::Anchor;
            }
            'd' | 'D' | 'w' | 'W' | 's' | 'S' => {
                let s = self.class_escape(c, false);
                self.out.push_str(&s);
                self.last = Last::Atom;
            }
            'N' if !self.bytes => {
                return Err(Bad(
                    "named Unicode escapes (\\N{...}) are not supported".into(),
                    at,
                ))
            }
            c if c.is_ascii_alphanumeric() => {
                return Err(Bad(format!("bad escape \\{c}"), at));
            }
            c => {
                self.literal(c);
                self.last = Last::Atom;
            }
        }
        Ok(())
    }

    fn backref(&mut self, n: usize, at: usize) -> R<()> {
        if n > self.groups {
            return Err(Bad(format!("invalid group reference {n}"), at));
        }
        if !self.closed[n - 1] {
            return Err(Bad("cannot refer to an open group".into(), at - 1));
        }
        self.out.push_str(&format!("\\{n}"));
        if self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.out.push_str("(?:)");
        }
        self.last = Last::Atom;
        Ok(())
    }

    /// A character class from `[` at `at`.
    fn class(&mut self, at: usize) -> R<()> {
        let mut out = String::from("[");
        if self.peek() == Some('^') {
            out.push('^');
            self.i += 1;
        }
        let first = self.i;
        loop {
            let Some(c) = self.peek() else {
                return Err(Bad("unterminated character set".into(), at));
            };
            let item_at = self.i;
            self.i += 1;
            if c == ']' && item_at > first {
                break;
            }
            // One item: a character (maybe a range start) or a class escape.
            let lo = match c {
                '\\' => match self.class_item_escape(item_at)? {
                    Ok(ch) => ch,
                    Err(class) => {
                        out.push_str(&class);
                        continue;
                    }
                },
                c => c,
            };
            if self.peek() == Some('-') && self.peek_at(1).is_some_and(|c| c != ']') {
                self.i += 1;
                let hi_at = self.i;
                let hi = match self.peek() {
                    Some('\\') => {
                        self.i += 1;
                        match self.class_item_escape(hi_at)? {
                            Ok(ch) => ch,
                            Err(_) => {
                                let s: String = self.p[item_at..self.i].iter().collect();
                                return Err(Bad(format!("bad character range {s}"), item_at));
                            }
                        }
                    }
                    Some(c) => {
                        self.i += 1;
                        c
                    }
                    None => return Err(Bad("unterminated character set".into(), at)),
                };
                if hi < lo {
                    let s: String = self.p[item_at..self.i].iter().collect();
                    return Err(Bad(format!("bad character range {s}"), item_at));
                }
                self.class_char(&mut out, lo);
                out.push('-');
                self.class_char(&mut out, hi);
            } else {
                self.class_char(&mut out, lo);
            }
        }
        out.push(']');
        self.out.push_str(&out);
        Ok(())
    }

    /// An escape inside a class (the cursor is after the `\`): a character,
    /// or a class to add (`\d` ...).
    fn class_item_escape(&mut self, at: usize) -> R<Result<char, String>> {
        let Some(c) = self.peek() else {
            return Err(Bad("unterminated character set".into(), at));
        };
        self.i += 1;
        if c == 'b' {
            return Ok(Ok('\u{8}'));
        }
        if let Some(ch) = self.char_escape(c, at)? {
            return Ok(Ok(ch));
        }
        match c {
            'd' | 'D' | 'w' | 'W' | 's' | 'S' => Ok(Err(self.class_escape(c, true))),
            '1'..='7' => {
                self.i -= 1;
                let v = self.octal(3);
                Ok(Ok(char::from_u32(v).unwrap_or('\0')))
            }
            c if c.is_ascii_alphanumeric() => Err(Bad(format!("bad escape \\{c}"), at)),
            c => Ok(Ok(c)),
        }
    }

    fn push_group(&mut self, open: usize, number: Option<usize>) {
        self.stack.push(Group {
            open,
            mode: self.mode,
            number,
        });
        self.last = Last::Nothing;
    }

    fn new_group(&mut self) -> usize {
        self.groups += 1;
        let parent = self.stack.iter().rev().find_map(|g| g.number).unwrap_or(0);
        self.parents.push(parent);
        self.closed.push(false);
        self.groups
    }

    /// A group name up to `end` (`>` or `)`), starting at the cursor.
    fn name(&mut self, end: char, unterminated: &str) -> R<(String, usize)> {
        let start = self.i;
        let Some(len) = self.p[start..].iter().position(|&c| c == end) else {
            return Err(Bad(unterminated.into(), start));
        };
        let name: String = self.p[start..start + len].iter().collect();
        if name.is_empty() {
            return Err(Bad("missing group name".into(), start));
        }
        if !is_ident(&name) {
            return Err(Bad(format!("bad character in group name '{name}'"), start));
        }
        self.i = start + len + 1;
        Ok((name, start))
    }

    fn group_number(&self, name: &str) -> Option<usize> {
        self.names.iter().find(|(n, _)| n == name).map(|&(_, g)| g)
    }

    fn open(&mut self, at: usize) -> R<()> {
        if self.peek() != Some('?') {
            let n = self.new_group();
            self.out.push('(');
            self.push_group(at, Some(n));
            return Ok(());
        }
        self.i += 1;
        let Some(c) = self.peek() else {
            return Err(Bad("unexpected end of pattern".into(), self.i));
        };
        self.i += 1;
        match c {
            'P' => match self.peek() {
                Some('<') => {
                    self.i += 1;
                    let (name, name_at) = self.name('>', "missing >, unterminated name")?;
                    if let Some(old) = self.group_number(&name) {
                        return Err(Bad(
                            format!(
                                "redefinition of group name '{name}' as group {}; was group {old}",
                                self.groups + 1
                            ),
                            name_at,
                        ));
                    }
                    let n = self.new_group();
                    self.names.push((name.clone(), n));
                    self.out.push_str(&format!("(?P<{name}>"));
                    self.push_group(at, Some(n));
                }
                Some('=') => {
                    self.i += 1;
                    let (name, name_at) = self.name(')', "missing ), unterminated name")?;
                    let Some(n) = self.group_number(&name) else {
                        return Err(Bad(format!("unknown group name '{name}'"), name_at));
                    };
                    if !self.closed[n - 1] {
                        return Err(Bad("cannot refer to an open group".into(), name_at));
                    }
                    self.out.push_str(&format!("\\{n}"));
                    self.last = Last::Atom;
                }
                Some(c) => {
                    return Err(Bad(format!("unknown extension ?P{c}"), at + 1));
                }
                None => return Err(Bad("unexpected end of pattern".into(), self.i)),
            },
            ':' | '>' => {
                self.out.push_str(if c == ':' { "(?:" } else { "(?>" });
                self.push_group(at, None);
            }
            '=' | '!' => {
                self.out.push_str(&format!("(?{c}"));
                self.push_group(at, None);
            }
            '<' => match self.peek() {
                Some(d @ ('=' | '!')) => {
                    self.i += 1;
                    self.out.push_str(&format!("(?<{d}"));
                    self.push_group(at, None);
                }
                Some(d) => return Err(Bad(format!("unknown extension ?<{d}"), at + 1)),
                None => return Err(Bad("unexpected end of pattern".into(), self.i)),
            },
            '#' => {
                let Some(len) = self.p[self.i..].iter().position(|&c| c == ')') else {
                    return Err(Bad("missing ), unterminated comment".into(), at));
                };
                self.i += len + 1;
            }
            '(' => {
                let name_at = self.i;
                let Some(len) = self.p[name_at..].iter().position(|&c| c == ')') else {
                    return Err(Bad("missing ), unterminated name".into(), name_at));
                };
                let name: String = self.p[name_at..name_at + len].iter().collect();
                self.i = name_at + len + 1;
                if name.is_empty() {
                    return Err(Bad("missing group name".into(), name_at));
                }
                if !is_ident(&name) && !name.chars().all(|c| c.is_ascii_digit()) {
                    return Err(Bad(
                        format!("bad character in group name '{name}'"),
                        name_at,
                    ));
                }
                let n = match name.parse::<usize>() {
                    Ok(n) if n >= 1 && n <= self.groups => n,
                    Ok(n) => return Err(Bad(format!("invalid group reference {n}"), name_at)),
                    Err(_) => match self.group_number(&name) {
                        Some(n) => n,
                        None => return Err(Bad(format!("unknown group name '{name}'"), name_at)),
                    },
                };
                self.out.push_str(&format!("(?({n})"));
                self.push_group(at, None);
            }
            c if flag_bit(c).is_some() || c == '-' => self.scoped_flags(at)?,
            c => return Err(Bad(format!("unknown extension ?{c}"), at + 1)),
        }
        Ok(())
    }

    /// `(?flags-flags:...)` (the cursor is after the first flag letter).
    fn scoped_flags(&mut self, at: usize) -> R<()> {
        self.i -= 1;
        let mut on = 0;
        let mut off = 0;
        let mut minus = false;
        loop {
            let Some(c) = self.peek() else {
                return Err(Bad("missing -, : or )".into(), self.i));
            };
            self.i += 1;
            match c {
                '-' if !minus => minus = true,
                ':' => break,
                ')' => {
                    return Err(Bad(
                        "global flags not at the start of the expression".into(),
                        at,
                    ))
                }
                c => match flag_bit(c) {
                    Some(b) if minus => off |= b,
                    Some(b) => on |= b,
                    None => {
                        let msg = if c.is_alphabetic() {
                            "unknown flag"
                        } else {
                            "missing -, : or )"
                        };
                        return Err(Bad(msg.into(), self.i - 1));
                    }
                },
            }
        }
        self.check_flags(on, at)?;
        let saved = self.mode;
        let set = |b: u32, cur: bool| {
            if on & b != 0 {
                true
            } else if off & b != 0 {
                false
            } else {
                cur
            }
        };
        self.mode.i = set(I, self.mode.i);
        self.mode.m = set(M, self.mode.m);
        self.mode.s = set(S, self.mode.s);
        self.mode.x = set(X, self.mode.x);
        self.mode.a = set(A, self.mode.a) || self.bytes;
        self.out
            .push_str(if self.mode.i { "(?i:" } else { "(?-i:" });
        self.stack.push(Group {
            open: at,
            mode: saved,
            number: None,
        });
        self.last = Last::Nothing;
        Ok(())
    }

    fn close(&mut self, at: usize) -> R<()> {
        let Some(g) = self.stack.pop() else {
            return Err(Bad("unbalanced parenthesis".into(), at));
        };
        self.mode = g.mode;
        if let Some(n) = g.number {
            self.closed[n - 1] = true;
        }
        self.out.push(')');
        self.last = Last::Atom;
        Ok(())
    }
}

fn flag_bit(c: char) -> Option<u32> {
    Some(match c {
        'a' => A,
        'i' => I,
        'L' => L,
        'm' => M,
        's' => S,
        'u' => U,
        'x' => X,
        _ => return None,
    })
}
