//! The interactive loop (rustyline): `>>> ` / `... ` prompts, python's rule
//! for when an entry is complete, results echoed and bound to `_` (the
//! compiler's interactive mode does that), history in `~/.conc_history`,
//! and tab completion of names in scope and of `obj.attr`.

use std::borrow::Cow;
use std::path::PathBuf;

use rustyline::completion::Completer;
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::Validator;
use rustyline::{Context, Editor, Helper};

use crate::host::{Host, Outcome};

/// The first line of a REPL session: the version and whether the GIL is on.
pub fn banner_line(gil: bool) -> String {
    format!(
        "conc {} (Python-like, {}) — type Ctrl-D to exit",
        env!("CARGO_PKG_VERSION"),
        if gil { "GIL on" } else { "no GIL" }
    )
}

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
    "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

/// Is `buf` (the lines typed so far) a complete entry? Python's rule: a
/// compound statement (a line ending with `:` opened a block) ends with a
/// blank line; otherwise the entry is complete when it parses, or fails to
/// parse for a reason other than running out of input.
pub fn entry_complete(buf: &str, in_block: bool, last_line: &str) -> bool {
    if in_block {
        return last_line.trim().is_empty();
    }
    match conc_grammar::parse_module(buf) {
        Ok(_) => true,
        Err(e) => !e.incomplete,
    }
}

/// Whether the line opens an indented block (so a blank line must end it).
fn opens_block(line: &str) -> bool {
    let code = strip_comment(line);
    code.trim_end().ends_with(':')
}

/// The line without a trailing `#` comment (quotes respected roughly).
fn strip_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut prev = '\0';
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q && prev != '\\' => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == '#' => return &line[..i],
            None => {}
        }
        prev = c;
    }
    line
}

struct ReplHelper {
    host: Host,
}

impl ReplHelper {
    fn candidates(&self, word: &str) -> Vec<String> {
        if let Some((base, prefix)) = word.rsplit_once('.') {
            let plain = !base.is_empty()
                && base.split('.').all(|p| {
                    p.chars()
                        .next()
                        .is_some_and(|c| c.is_alphabetic() || c == '_')
                        && p.chars().all(|c| c.is_alphanumeric() || c == '_')
                });
            if !plain {
                return Vec::new();
            }
            let mut names: Vec<String> = self
                .host
                .attributes_of(base)
                .into_iter()
                .filter(|n| {
                    n.starts_with(prefix) && (prefix.starts_with('_') || !n.starts_with('_'))
                })
                .map(|n| format!("{base}.{n}"))
                .collect();
            names.sort();
            names.dedup();
            return names;
        }
        let mut names: Vec<String> = self
            .host
            .names_in_scope()
            .into_iter()
            .chain(KEYWORDS.iter().map(|k| k.to_string()))
            .filter(|n| n.starts_with(word) && (word.starts_with('_') || !n.starts_with("__")))
            .collect();
        names.sort();
        names.dedup();
        names
    }
}

impl Completer for ReplHelper {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        let before = &line[..pos];
        let start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric() || *c == '_' || *c == '.')
            .last()
            .map_or(pos, |(i, _)| i);
        let word = &before[start..];
        if word.is_empty() {
            // Python inserts a tab on an empty word (indentation).
            return Ok((pos, vec!["    ".into()]));
        }
        Ok((start, self.candidates(word)))
    }
}

impl Hinter for ReplHelper {
    type Hint = String;
}

impl Highlighter for ReplHelper {
    fn highlight_prompt<'b, 's: 'b, 'p: 'b>(
        &'s self,
        prompt: &'p str,
        _default: bool,
    ) -> Cow<'b, str> {
        Cow::Borrowed(prompt)
    }
}

impl Validator for ReplHelper {}

impl Helper for ReplHelper {}

fn history_path() -> Option<PathBuf> {
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".conc_history"))
}

/// Runs the REPL until Ctrl-D or `sys.exit`; returns the exit status.
pub fn run(host: &mut Host, banner: bool) -> u8 {
    let mut rl: Editor<ReplHelper, DefaultHistory> = match Editor::new() {
        Ok(rl) => rl,
        Err(e) => {
            eprintln!("conc: cannot start the REPL: {e}");
            return 1;
        }
    };
    rl.set_helper(Some(ReplHelper { host: host.clone() }));
    let history = history_path();
    if let Some(p) = &history {
        let _ = rl.load_history(p);
    }
    if banner {
        eprintln!("{}", banner_line(host.gil().enabled()));
    }
    let status = 'session: loop {
        let mut buf = String::new();
        let mut in_block = false;
        loop {
            let prompt = if buf.is_empty() { ">>> " } else { "... " };
            let line = match rl.readline(prompt) {
                Ok(line) => line,
                Err(ReadlineError::Interrupted) => {
                    println!("KeyboardInterrupt");
                    continue 'session;
                }
                Err(ReadlineError::Eof) => {
                    println!();
                    break 'session 0;
                }
                Err(e) => {
                    eprintln!("conc: {e}");
                    break 'session 1;
                }
            };
            if buf.is_empty() && line.trim().is_empty() {
                continue;
            }
            if !line.trim().is_empty() {
                let _ = rl.add_history_entry(line.as_str());
            }
            if !buf.is_empty() {
                buf.push('\n');
            }
            buf.push_str(&line);
            if !in_block && opens_block(&line) {
                in_block = true;
                continue;
            }
            if entry_complete(&buf, in_block, &line) {
                break;
            }
        }
        buf.push('\n');
        if let Outcome::Exit(code) = host.eval_interactive(&buf) {
            break 'session code;
        }
    };
    if let Some(p) = &history {
        let _ = rl.save_history(p);
    }
    status
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completeness_rules() {
        assert!(entry_complete("1+1", false, "1+1"));
        assert!(!entry_complete("(1,", false, "(1,"));
        assert!(entry_complete("1 +* 2", false, "1 +* 2"));
        assert!(!entry_complete(
            "def f():\n    return 1",
            true,
            "    return 1"
        ));
        assert!(entry_complete("def f():\n    return 1\n", true, ""));
        assert!(opens_block("if x:  # comment"));
        assert!(!opens_block("d = {'a:': 1}"));
    }
}
