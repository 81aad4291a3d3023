//! Code objects: what the compiler makes of one function, class body,
//! comprehension or module.

use super::opcode::Op;
use crate::value::Value;

/// Code flags.
pub mod flags {
    /// The function takes `*args` (an extra local slot after the parameters).
    pub const VARARGS: u32 = 1;
    /// The function takes `**kwargs` (a slot after `*args`, if any).
    pub const VARKEYWORDS: u32 = 2;
    /// Calling it returns a generator instead of running the body.
    pub const GENERATOR: u32 = 4;
    /// A class body: names go through a locals dict (`LoadName`/`StoreName`).
    pub const CLASS_BODY: u32 = 8;
    /// A module body: names go through the globals dict.
    pub const MODULE: u32 = 16;
}

pub struct Code {
    /// `f`, `<lambda>`, `<listcomp>`, `<module>`, the class name for a class body.
    pub name: String,
    /// `Outer.method.<locals>.inner`, as Python's `__qualname__`.
    pub qualname: String,
    /// `name` and `qualname` as str values, made once: every function
    /// made from this code (a lambda or a comprehension in a loop) shares
    /// them instead of allocating and hashing its own.
    pub name_value: Value,
    pub qualname_value: Value,
    pub filename: std::sync::Arc<str>,
    pub first_line: u32,
    pub flags: u32,
    /// Positional parameters, positional-only ones included.
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    /// Local slot names: parameters first (positional, keyword-only, then
    /// `*args`, then `**kwargs`), then the other locals.
    pub varnames: Vec<String>,
    /// Locals captured by inner functions (they live in cells, not slots).
    pub cellvars: Vec<String>,
    /// For each cellvar that is also a parameter: its slot index, so the VM
    /// moves the argument into the cell on entry.
    pub cell2arg: Vec<Option<u32>>,
    /// Variables of enclosing functions used here (cells passed in the closure).
    pub freevars: Vec<String>,
    /// Names used by global/attribute/import/name instructions. Each is a str
    /// value with its hash cached, so look-ups never re-hash.
    pub names: Vec<Value>,
    /// One look-up hint per name: the entry index where the name was last
    /// found in a dict (globals, builtins, an instance's attributes). Only
    /// a hint: the VM checks the entry's key before trusting it.
    pub hints: Box<[std::sync::atomic::AtomicU32]>,
    /// One builtins cache per name, for `LoadGlobal` of a name that is
    /// not in the globals but in the builtins (`len`, `range`, ...): the
    /// globals' keys version when the name was found missing there, in
    /// the high 32 bits, and the name's entry index in the builtins dict
    /// in the low ones. 0 (version 0 never matches) when empty. See
    /// `Vm::load_global`.
    pub builtin_cache: Box<[std::sync::atomic::AtomicU64]>,
    /// One attribute cache per name, for `LoadAttr`/`StoreAttr`/`LoadMethod`
    /// on instances (`vm::cache::AttrSite`).
    pub attr_sites: Box<[crate::vm::cache::AttrSite]>,
    /// Constants: None, bools, ints, floats, strs, bytes, tuples of constants,
    /// and nested code objects.
    pub consts: Vec<Value>,
    pub ops: Vec<Op>,
    /// Source line of each instruction (same length as `ops`).
    pub lines: Vec<u32>,
    /// Upper bound of the value stack depth (a capacity hint).
    pub stacksize: u32,
    /// The docstring (also `consts[0]`) when the body starts with a string
    /// literal: the VM sets the function's/class's `__doc__` from it.
    pub docstring: Option<String>,
    /// Calls bind positional arguments (and the defaults of the missing
    /// last ones) to the first slots and run the body (no `*args`/
    /// `**kwargs` or keyword-only parameters; not a generator): the VM's
    /// one-step call path when the caller passes only positionals (see
    /// `FunctionObj::binds_directly`).
    pub fast_call: bool,
}

impl Code {
    pub fn nlocals(&self) -> usize {
        self.varnames.len()
    }
    pub fn ncells(&self) -> usize {
        self.cellvars.len() + self.freevars.len()
    }
    pub fn is_generator(&self) -> bool {
        self.flags & flags::GENERATOR != 0
    }
    pub fn line_at(&self, pc: usize) -> u32 {
        self.lines.get(pc).copied().unwrap_or(self.first_line)
    }
}

impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<code object {} at line {}>", self.name, self.first_line)
    }
}
