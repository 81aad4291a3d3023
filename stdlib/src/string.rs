//! The `string` module: character-class constants and `capwords` (native),
//! and `Template` (conc source in `string_template.conc`: speed does not
//! matter there, CPython's own code does).

use conc_interp::object::Args;
use conc_interp::prelude::*;

use crate::util::{arity, exec_in_module, new_module};

const LOWER: &str = "abcdefghijklmnopqrstuvwxyz";
const UPPER: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS: &str = "0123456789";
const PUNCTUATION: &str = r##"!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"##;
const WHITESPACE: &str = " \t\n\r\x0b\x0c";

/// `capwords(s, sep=None)`: split, capitalize each word, join.
fn capwords(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("capwords", &args, 1, 2)?;
    let s = args.pos()[0]
        .as_str()
        .ok_or_else(|| Error::type_error("capwords() argument must be str"))?;
    let cap = |w: &str| {
        let mut c = w.chars();
        match c.next() {
            Some(f) => f
                .to_uppercase()
                .chain(c.flat_map(|ch| ch.to_lowercase()))
                .collect::<String>(),
            None => String::new(),
        }
    };
    let out = match args.pos().get(1).and_then(|v| v.as_str()) {
        Some(sep) => s.split(sep).map(cap).collect::<Vec<_>>().join(sep),
        None => s.split_whitespace().map(cap).collect::<Vec<_>>().join(" "),
    };
    Ok(Value::string(out))
}

/// Creates the `string` module.
pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = new_module(vm, "string", &[("capwords", capwords)]);
    let letters = format!("{LOWER}{UPPER}");
    let printable = format!("{DIGITS}{letters}{PUNCTUATION}{WHITESPACE}");
    for (name, v) in [
        ("ascii_lowercase", LOWER.to_string()),
        ("ascii_uppercase", UPPER.to_string()),
        ("ascii_letters", letters),
        ("digits", DIGITS.to_string()),
        ("hexdigits", "0123456789abcdefABCDEF".to_string()),
        ("octdigits", "01234567".to_string()),
        ("punctuation", PUNCTUATION.to_string()),
        ("whitespace", WHITESPACE.to_string()),
        ("printable", printable),
    ] {
        vm.module_set(&m, name, Value::string(v));
    }
    exec_in_module(vm, &m, include_str!("string_template.conc"))?;
    Ok(m)
}
