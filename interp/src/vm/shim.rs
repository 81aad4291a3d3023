//! The object engineer's builtin functions (print, len, range, ...), in one
//! place so the VM's start-up code names them once.

use crate::object::NativeFnPtr;

pub(crate) fn builtin_functions() -> &'static [(&'static str, NativeFnPtr)] {
    crate::builtins::functions()
}
