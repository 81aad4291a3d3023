//! The builtin functions that are not class machinery (those are the VM's):
//! `print`, `len`, `sorted`, `min`, ... The VM registers
//! [`functions()`] in the builtins module at start-up.

pub(crate) mod core;
mod iterfuncs;
mod numfuncs;
pub(crate) mod site;

use crate::error::{Error, PyResult};
use crate::object::{Args, NativeFnPtr};
use crate::value::Value;

/// Every builtin function of this module, by name.
pub fn functions() -> &'static [(&'static str, NativeFnPtr)] {
    FUNCTIONS
}

const FUNCTIONS: &[(&str, NativeFnPtr)] = &[
    ("print", core::print),
    ("input", core::input),
    ("open", crate::io::open),
    ("len", core::len),
    ("repr", core::repr),
    ("ascii", core::ascii),
    ("hash", core::hash),
    ("format", core::format),
    ("iter", iterfuncs::iter),
    ("next", iterfuncs::next),
    ("enumerate", iterfuncs::enumerate),
    ("zip", iterfuncs::zip),
    ("map", iterfuncs::map),
    ("filter", iterfuncs::filter),
    ("reversed", iterfuncs::reversed),
    ("sorted", iterfuncs::sorted),
    ("min", iterfuncs::min),
    ("max", iterfuncs::max),
    ("sum", iterfuncs::sum),
    ("all", iterfuncs::all),
    ("any", iterfuncs::any),
    ("abs", numfuncs::abs),
    ("round", numfuncs::round),
    ("divmod", numfuncs::divmod),
    ("pow", numfuncs::pow),
    ("chr", numfuncs::chr),
    ("ord", numfuncs::ord),
    ("hex", numfuncs::hex),
    ("oct", numfuncs::oct),
    ("bin", numfuncs::bin),
];

/// Checks the positional argument count: `name() takes ...` TypeErrors.
/// Inline (every native call runs it); the message is built out of line.
#[inline]
pub(crate) fn arity<'a>(
    name: &str,
    args: &Args<'a>,
    min: usize,
    max: usize,
) -> PyResult<&'a [Value]> {
    let pos = args.pos();
    let n = pos.len();
    if n >= min && n <= max {
        return Ok(pos);
    }
    Err(arity_error(name, n, min, max))
}

#[cold]
#[inline(never)]
fn arity_error(name: &str, n: usize, min: usize, max: usize) -> Error {
    Error::type_error(if min == max {
        if min == 1 {
            format!("{name}() takes exactly one argument ({n} given)")
        } else {
            format!("{name} expected {min} arguments, got {n}")
        }
    } else if n < min {
        format!(
            "{name} expected at least {min} argument{}, got {n}",
            if min == 1 { "" } else { "s" }
        )
    } else {
        format!(
            "{name} expected at most {max} argument{}, got {n}",
            if max == 1 { "" } else { "s" }
        )
    })
}

/// Rejects keyword arguments other than `allowed`.
#[inline]
pub(crate) fn check_kwargs(name: &str, args: &Args<'_>, allowed: &[&str]) -> PyResult<()> {
    if args.kwnames.is_empty() {
        return Ok(());
    }
    check_kwargs_given(name, args, allowed)
}

#[inline(never)]
fn check_kwargs_given(name: &str, args: &Args<'_>, allowed: &[&str]) -> PyResult<()> {
    for (k, _) in args.kwargs() {
        if !allowed.contains(&k) {
            return Err(Error::type_error(format!(
                "{name}() got an unexpected keyword argument '{k}'"
            )));
        }
    }
    Ok(())
}
