//! The value type: immediate None/bool/int/float, everything else a
//! refcounted heap object. 16 bytes; cloning an immediate touches no count.

use crate::object::{Object, StrObj};
use crate::sync::Ref;

/// A reference to a heap object.
pub type ObjRef = Ref<Object>;

/// `repr(u64)`: a whole-word tag puts every payload at offset 8, so a
/// value moves as two plain words (no padding bytes to preserve).
#[derive(Clone, Default)]
#[repr(u64)]
pub enum Value {
    #[default]
    None,
    Bool(bool),
    /// An int that fits in i64. Larger ints are `Object::BigInt`, and every
    /// operation normalizes its result back to `Int` when it fits.
    Int(i64),
    Float(f64),
    Obj(ObjRef),
}

impl Value {
    /// Wraps a new heap object.
    #[inline]
    pub fn new_obj(obj: Object) -> Value {
        Value::Obj(crate::gc::new_ref(obj))
    }

    /// A new str value.
    pub fn str(s: &str) -> Value {
        Value::new_obj(Object::Str(StrObj::new(s.into())))
    }

    /// A new str value from an owned string (no copy).
    pub fn string(s: String) -> Value {
        Value::new_obj(Object::Str(StrObj::new(s.into_boxed_str())))
    }

    /// A new tuple.
    pub fn tuple(items: Vec<Value>) -> Value {
        Value::new_obj(Object::Tuple(items.into_boxed_slice()))
    }

    /// A new list.
    pub fn list(items: Vec<Value>) -> Value {
        Value::new_obj(Object::List(crate::sync::ObjCell::new(items)))
    }

    /// The heap object, if this is one.
    #[inline(always)]
    pub fn as_obj(&self) -> Option<&ObjRef> {
        match self {
            Value::Obj(o) => Some(o),
            _ => None,
        }
    }

    /// The string slice, if this is a str (or an instance of a subclass
    /// of str: its str value).
    #[inline]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Obj(o) => match &**o {
                Object::Str(s) => Some(s.as_str()),
                Object::Instance(i) => i.base_value()?.as_str_obj().map(|s| s.as_str()),
                _ => None,
            },
            _ => None,
        }
    }

    /// The str object (with its cached hash), if this is a str.
    #[inline]
    pub fn as_str_obj(&self) -> Option<&StrObj> {
        match self {
            Value::Obj(o) => match &**o {
                Object::Str(s) => Some(s),
                _ => None,
            },
            _ => None,
        }
    }

    #[inline(always)]
    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }

    /// Python's `is`: identity for heap objects, equality of immediates of the
    /// same kind (small ints and floats are not separate objects here).
    #[inline]
    pub fn is(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::None, Value::None) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
            (Value::Obj(a), Value::Obj(b)) => Ref::ptr_eq(a, b),
            _ => false,
        }
    }

    /// An identity number for `id()`.
    pub fn id(&self) -> i64 {
        match self {
            Value::None => 0x1000,
            Value::Bool(b) => 0x1010 + *b as i64,
            Value::Int(i) => i.wrapping_mul(2).wrapping_add(1),
            Value::Float(f) => f.to_bits() as i64 | 1,
            Value::Obj(o) => Ref::as_ptr(o) as i64,
        }
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}
impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::Float(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::str(v)
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::string(v)
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::None => write!(f, "None"),
            Value::Bool(b) => write!(f, "{}", if *b { "True" } else { "False" }),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x:?}"),
            Value::Obj(o) => write!(f, "<{}>", o.kind_name()),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn value_is_16_bytes() {
        assert_eq!(std::mem::size_of::<super::Value>(), 16);
    }
}
