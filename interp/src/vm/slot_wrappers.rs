//! CPython's argument checks for the dunders of builtin types called as
//! methods (`(1).__add__(other=2)`, `int.__add__()`, `{}.__len__(1)`),
//! made before the native runs: the natives are shared between types
//! and names (one `__len__` for every container), so they cannot word
//! CPython's messages, which name the method and its type.
//!
//! Most such dunders are slot wrappers in CPython ("wrapper __add__()
//! takes no keyword arguments", "expected 1 argument, got 0"); a few are
//! ordinary methods defined beside the slot (`list.__getitem__`,
//! `dict.__contains__`, `__format__`), worded as methods
//! ("list.__getitem__() takes exactly one argument (0 given)").

use super::Vm;
use crate::error::{Error, PyResult};
use crate::object::NativeFunction;
use crate::value::Value;

/// How CPython takes the arguments after self of one dunder.
#[derive(Clone, Copy)]
enum Shape {
    /// A slot wrapper checking an exact count (`check_num_args`).
    Exact(usize),
    /// A slot wrapper unpacking `min..=max` values with an empty function
    /// name (`PyArg_UnpackTuple(args, "", ...)`): " expected 2 arguments".
    Unpack(usize, usize),
    /// An ordinary method taking one argument (METH_O).
    MethodOne,
    /// An ordinary method taking none (METH_NOARGS).
    MethodNone,
}

fn shape(owner: &str, name: &str) -> Option<Shape> {
    use Shape::*;
    Some(match (owner, name) {
        ("list" | "dict", "__getitem__")
        | ("dict" | "set" | "frozenset", "__contains__")
        | (_, "__format__") => MethodOne,
        ("list", "__reversed__") => MethodNone,
        (
            _,
            "__repr__" | "__str__" | "__hash__" | "__len__" | "__iter__" | "__next__" | "__neg__"
            | "__pos__" | "__abs__" | "__invert__" | "__bool__" | "__int__" | "__float__"
            | "__index__",
        ) => Exact(0),
        (
            _,
            "__add__" | "__radd__" | "__sub__" | "__rsub__" | "__mul__" | "__rmul__"
            | "__truediv__" | "__rtruediv__" | "__floordiv__" | "__rfloordiv__" | "__mod__"
            | "__rmod__" | "__divmod__" | "__rdivmod__" | "__and__" | "__rand__" | "__or__"
            | "__ror__" | "__xor__" | "__rxor__" | "__lshift__" | "__rlshift__" | "__rshift__"
            | "__rrshift__" | "__iadd__" | "__imul__" | "__eq__" | "__ne__" | "__lt__" | "__le__"
            | "__gt__" | "__ge__" | "__getitem__" | "__delitem__" | "__contains__"
            | "__getattribute__" | "__delattr__",
        ) => Exact(1),
        (_, "__pow__" | "__rpow__") => Unpack(1, 2),
        (_, "__setitem__" | "__setattr__") => Unpack(2, 2),
        _ => return None,
    })
}

impl Vm {
    /// Checks a call of the dunder `nf` of a builtin type as CPython's
    /// slot wrapper or method would: no keywords, a self, the count of
    /// arguments. Dunders with other shapes (`__init__`, `__new__`) pass.
    #[inline(never)]
    pub(super) fn check_dunder_call(
        &self,
        nf: &NativeFunction,
        args: &[Value],
        kwnames: &[Value],
    ) -> PyResult<()> {
        let (Some(owner), name) = (nf.owner.as_deref(), nf.name.as_str()) else {
            return Ok(());
        };
        let Some(shape) = shape(owner, name) else {
            return Ok(());
        };
        let method = matches!(shape, Shape::MethodOne | Shape::MethodNone);
        let npos = args.len() - kwnames.len().min(args.len());
        let given = match &nf.bound {
            Some(_) => npos,
            None if npos == 0 => {
                return Err(Error::type_error(if method {
                    format!("unbound method {owner}.{name}() needs an argument")
                } else {
                    format!("descriptor '{name}' of '{owner}' object needs an argument")
                }))
            }
            None => npos - 1,
        };
        if !kwnames.is_empty() {
            return Err(Error::type_error(if method {
                format!("{owner}.{name}() takes no keyword arguments")
            } else {
                format!("wrapper {name}() takes no keyword arguments")
            }));
        }
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let msg = match shape {
            Shape::Exact(n) if given != n => {
                format!("expected {n} argument{}, got {given}", plural(n))
            }
            Shape::Unpack(min, max) if given < min && min == max => {
                format!(" expected {min} argument{}, got {given}", plural(min))
            }
            Shape::Unpack(min, _) if given < min => {
                format!(
                    " expected at least {min} argument{}, got {given}",
                    plural(min)
                )
            }
            Shape::Unpack(min, max) if given > max && min == max => {
                format!(" expected {max} argument{}, got {given}", plural(max))
            }
            Shape::Unpack(_, max) if given > max => {
                format!(
                    " expected at most {max} argument{}, got {given}",
                    plural(max)
                )
            }
            Shape::MethodOne if given != 1 => {
                format!("{owner}.{name}() takes exactly one argument ({given} given)")
            }
            Shape::MethodNone if given != 0 => {
                format!("{owner}.{name}() takes no arguments ({given} given)")
            }
            _ => return Ok(()),
        };
        Err(Error::type_error(msg))
    }
}
