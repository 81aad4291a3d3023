//! `hash(v)`: Python's numeric hash for numbers (via `object::number`, so
//! `1`, `1.0` and `True` collide), the cached hash of str, CPython's
//! algorithms for tuples and frozensets, identity for functions, types and
//! plain instances, and `__hash__` for user classes.

use super::{has_user_dunders, number};
use crate::error::{Error, PyResult};
use crate::object::{Dict, Object};
use crate::sync::Ref;
use crate::value::Value;
use crate::vm::Vm;

/// The hash of `v` (an i64's bits, never that of -1).
pub fn hash(vm: &mut Vm, v: &Value) -> PyResult<u64> {
    match v {
        Value::Int(i) => Ok(crate::object::bigint::hash_i64(*i)),
        Value::None => Ok(0xFC_B2E1_u64),
        Value::Obj(o) => match &**o {
            Object::Str(s) => Ok(s.hash()),
            Object::Bytes(b) => Ok(bytes_hash(b)),
            Object::Tuple(items) => tuple_hash(vm, items),
            Object::FrozenSet(d) => Ok(frozenset_hash(d)),
            Object::Range { .. } | Object::BigRange(_) => {
                tuple_hash(vm, &crate::object::range::hash_key(o))
            }
            Object::List(_) | Object::Dict(_) | Object::Set(_) | Object::Slice { .. } => {
                let t = vm.type_name(v);
                Err(Error::type_error(format!("unhashable type: '{t}'")))
            }
            Object::Instance(_) => instance_hash(vm, v),
            Object::Type(t) if t.metaclass.is_some() => instance_hash(vm, v),
            _ => match number::hash(v) {
                Some(h) => Ok(h),
                None => Ok(identity_hash(o)),
            },
        },
        _ => number::hash(v).ok_or_else(|| Error::type_error("unhashable value")),
    }
}

/// CPython's pointer hash: the address rotated so alignment bits matter.
fn identity_hash(o: &crate::value::ObjRef) -> u64 {
    let p = Ref::as_ptr(o) as usize as u64;
    p.rotate_right(4)
}

fn instance_hash(vm: &mut Vm, v: &Value) -> PyResult<u64> {
    debug_assert!(has_user_dunders(v));
    match vm.special(v, crate::vm::special::Special::Hash) {
        Some(Value::None) => {
            let t = vm.type_name(v);
            Err(Error::type_error(format!("unhashable type: '{t}'")))
        }
        Some(f) => {
            let r = vm.call(&f, std::slice::from_ref(v))?;
            match &r {
                // Like CPython: an int that fits a machine word is the hash
                // itself (-1 is reserved for errors); bigger ones are
                // reduced with the int hash.
                Value::Int(-1) => Ok(-2i64 as u64),
                Value::Int(i) => Ok(*i as u64),
                Value::Bool(_) => Ok(number::hash(&r).unwrap_or(0)),
                Value::Obj(o) if matches!(**o, Object::BigInt(_)) => {
                    Ok(number::hash(&r).unwrap_or(0))
                }
                // An int subclass's instance counts as its int value.
                _ => match crate::object::base_value(&r) {
                    Some(b @ (Value::Int(_) | Value::Bool(_))) => Ok(number::hash(b).unwrap_or(0)),
                    Some(b @ Value::Obj(o)) if matches!(**o, Object::BigInt(_)) => {
                        Ok(number::hash(b).unwrap_or(0))
                    }
                    _ => Err(Error::type_error(
                        "__hash__ method should return an integer",
                    )),
                },
            }
        }
        None => match v {
            Value::Obj(o) => match crate::object::base_value(v) {
                // A builtin type's subclass hashes as its value (a str
                // subclass equal to the str is found under its hash), and
                // the mutable ones are unhashable under their own name.
                Some(b) => match b.as_obj().map(|b| &**b) {
                    Some(Object::List(_) | Object::Dict(_) | Object::Set(_)) => {
                        let t = vm.type_name(v);
                        Err(Error::type_error(format!("unhashable type: '{t}'")))
                    }
                    _ => hash(vm, b),
                },
                None => Ok(identity_hash(o)),
            },
            _ => Ok(0),
        },
    }
}

/// The hash of bytes (the same function as str's, over raw bytes).
pub fn bytes_hash(b: &[u8]) -> u64 {
    crate::object::text_hash::text_hash(b)
}

const XXPRIME_1: u64 = 11400714785074694791;
const XXPRIME_2: u64 = 14029467366897019727;
const XXPRIME_5: u64 = 2870177450012600261;

/// CPython 3.8+'s tuple hash (an xxHash variant). Nesting is bounded by
/// the stack, not the recursion limit, as in CPython.
fn tuple_hash(vm: &mut Vm, items: &[Value]) -> PyResult<u64> {
    vm.nested_on_stack(|vm| tuple_hash_items(vm, items))
}

fn tuple_hash_items(vm: &mut Vm, items: &[Value]) -> PyResult<u64> {
    let mut acc = XXPRIME_5;
    for item in items {
        let lane = hash(vm, item)?;
        acc = acc.wrapping_add(lane.wrapping_mul(XXPRIME_2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(XXPRIME_1);
    }
    acc = acc.wrapping_add((items.len() as u64) ^ (XXPRIME_5 ^ 3527539));
    Ok(if acc == u64::MAX { 1546275796 } else { acc })
}

fn shuffle_bits(h: u64) -> u64 {
    ((h ^ 89869747) ^ (h << 16)).wrapping_mul(3644798167)
}

/// CPython's frozenset hash: order-independent xor of shuffled entry hashes.
pub(crate) fn frozenset_hash(d: &Dict) -> u64 {
    let mut h: u64 = 0;
    for e in d.iter() {
        h ^= shuffle_bits(e.hash);
    }
    h ^= (d.len() as u64 + 1).wrapping_mul(1927868237);
    h ^= (h >> 11) ^ (h >> 25);
    h = h.wrapping_mul(69069).wrapping_add(907133923);
    if h == u64::MAX {
        590923713
    } else {
        h
    }
}

#[cfg(test)]
mod tests {
    use super::{bytes_hash, frozenset_hash};
    use crate::object::Dict;
    use crate::value::Value;

    #[test]
    fn frozenset_hash_ignores_order() {
        let mut a = Dict::new();
        let mut b = Dict::new();
        for i in 0..10u64 {
            a.push_new(i * 7919, Value::Int(i as i64), Value::None);
        }
        for i in (0..10u64).rev() {
            b.push_new(i * 7919, Value::Int(i as i64), Value::None);
        }
        assert_eq!(frozenset_hash(&a), frozenset_hash(&b));
        assert_ne!(bytes_hash(b"ab"), bytes_hash(b"ba"));
    }
}
