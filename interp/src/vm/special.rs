//! Special-method look-ups (`__bool__`, `__eq__`, `__hash__`, ...) on the
//! class of an instance (or the metaclass of a class, `vm::metaclass`), the way CPython's type slots answer them: without
//! making the name or walking the MRO each time.
//!
//! The protocols ask one question over and over: "does the class of this
//! instance define `__len__` (outside the builtin types), and what is it?"
//! Each special method the protocols use has a `Special` number and a str
//! made once per interpreter (`Names::special`); the look-up goes through
//! the per-thread attribute cache (`vm::cache`), keyed by class and that str,
//! whose entries every class-dict write invalidates. So a class without
//! `__eq__` anywhere in its MRO costs one cache probe to learn it (and `==`
//! falls back to identity), and a class with `__len__` one probe to find it.

use crate::object::Object;
use crate::value::Value;

use super::Vm;

/// The special methods the protocols look up by number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Special {
    Bool,
    Len,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Hash,
    Index,
    Iter,
    Next,
    GetItem,
    SetItem,
    DelItem,
    Contains,
    Get,
    Set,
    Call,
    Str,
    Repr,
    Format,
    InstanceCheck,
    SubclassCheck,
}

/// Each `Special`'s name, in the order of its numbers.
pub(crate) const SPECIAL_NAMES: [&str; 24] = [
    "__bool__",
    "__len__",
    "__eq__",
    "__ne__",
    "__lt__",
    "__le__",
    "__gt__",
    "__ge__",
    "__hash__",
    "__index__",
    "__iter__",
    "__next__",
    "__getitem__",
    "__setitem__",
    "__delitem__",
    "__contains__",
    "__get__",
    "__set__",
    "__call__",
    "__str__",
    "__repr__",
    "__format__",
    "__instancecheck__",
    "__subclasscheck__",
];

const ALL: [Special; 24] = [
    Special::Bool,
    Special::Len,
    Special::Eq,
    Special::Ne,
    Special::Lt,
    Special::Le,
    Special::Gt,
    Special::Ge,
    Special::Hash,
    Special::Index,
    Special::Iter,
    Special::Next,
    Special::GetItem,
    Special::SetItem,
    Special::DelItem,
    Special::Contains,
    Special::Get,
    Special::Set,
    Special::Call,
    Special::Str,
    Special::Repr,
    Special::Format,
    Special::InstanceCheck,
    Special::SubclassCheck,
];

impl Special {
    /// The number of a special method name, if it has one.
    pub fn from_name(name: &str) -> Option<Special> {
        // Most names asked for are not special at all: reject those by
        // their underscores before comparing any text.
        if !(name.len() > 4 && name.starts_with("__") && name.ends_with("__")) {
            return None;
        }
        let i = SPECIAL_NAMES.iter().position(|n| *n == name)?;
        Some(ALL[i])
    }

    /// The name it numbers (the tests check the two tables agree).
    #[cfg(test)]
    pub fn name(self) -> &'static str {
        SPECIAL_NAMES[self as usize]
    }
}

/// The interned name strs, indexed by `Special`.
pub(crate) fn special_name_values() -> Vec<Value> {
    SPECIAL_NAMES.iter().map(|n| Value::str(n)).collect()
}

impl Vm {
    /// The special method `s` of `v`'s class, unbound, if a class other
    /// than a builtin type defines it (`None` for builtin behaviour; a
    /// `None` value, as `__hash__ = None` sets, is returned as is).
    #[inline(always)]
    pub(crate) fn special(&mut self, v: &Value, s: Special) -> Option<Value> {
        let Value::Obj(o) = v else { return None };
        let class = match &**o {
            Object::Instance(inst) => &inst.class,
            // A class's dunders come from its metaclass.
            Object::Type(t) => t.metaclass.as_ref()?,
            // Only instances of classes have script-defined dunders: every
            // other value's type is a builtin type.
            _ => return None,
        };
        let Object::Type(t) = &**class else {
            return None;
        };
        if super::cache::special_absent(&self.state, t, s as u32) {
            return None;
        }
        let tag = super::cache::special_tag(&self.state, t);
        let name = &self.state.names.special[s as usize];
        match super::cache::type_peek(&mut self.caches, &self.state, class, name, |r| r.cloned()) {
            Some((f, false)) => Some(f),
            // None, or a builtin type's (`object.__eq__`): no script-defined
            // special method.
            _ => {
                if let Some(tag) = tag {
                    super::cache::note_special_absent(t, tag, s as u32);
                }
                None
            }
        }
    }

    /// Whether `v`'s class defines the special method `s` (as `special`
    /// finds it, a `None` value counting as absent), without cloning it.
    #[inline(always)]
    pub(crate) fn has_special(&mut self, v: &Value, s: Special) -> bool {
        let Value::Obj(o) = v else { return false };
        let class = match &**o {
            Object::Instance(inst) => &inst.class,
            Object::Type(t) => match &t.metaclass {
                Some(m) => m,
                None => return false,
            },
            _ => return false,
        };
        let Object::Type(t) = &**class else {
            return false;
        };
        if super::cache::special_absent(&self.state, t, s as u32) {
            return false;
        }
        let tag = super::cache::special_tag(&self.state, t);
        let name = &self.state.names.special[s as usize];
        let (found, absent) =
            super::cache::type_peek(&mut self.caches, &self.state, class, name, |r| {
                let script_defined = matches!(r, Some((_, false)));
                (
                    matches!(r, Some((f, false)) if !f.is_none()),
                    !script_defined,
                )
            });
        if let (true, Some(tag)) = (absent, tag) {
            super::cache::note_special_absent(t, tag, s as u32);
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_names_agree() {
        for (i, s) in ALL.iter().enumerate() {
            assert_eq!(*s as usize, i);
            assert_eq!(Special::from_name(s.name()), Some(*s));
        }
        assert_eq!(Special::from_name("__add__"), None);
    }
}
