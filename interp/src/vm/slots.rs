//! `__slots__`: which attributes instances of a class may have.
//!
//! conc's instances have one layout, a dict, so slots do not change where
//! values live: a slot's value is kept in the instance dict under its name.
//! What `__slots__` changes is what may be stored and what the class shows:
//! - each slot name becomes a `member_descriptor` on the class (`P.x`),
//!   whose `__get__`/`__set__`/`__delete__` read and write that dict entry
//!   (an unset slot raises `AttributeError`);
//! - a class whose every class in the MRO (but `object`) declares
//!   `__slots__` without `'__dict__'` is *dict-less* (`TypeObj::dictless`):
//!   storing any name that is not a slot raises `AttributeError` (checked in
//!   `generic_setattr`; the attribute-site caches never treat its stores as
//!   plain dict stores), and its instances have no `__dict__`.
//!
//! A class with both slots and a dict keeps slot values in the same dict;
//! `__dict__` (a snapshot in conc) leaves them out, as CPython shows it.

use crate::error::{Error, PyResult};
use crate::object::{Args, Dict, InstanceObj, Object};
use crate::value::{ObjRef, Value};

use super::{check_args, Vm};

/// The payload of a `member_descriptor`: the slot's name and its class's name.
pub(crate) struct MemberDescr {
    name: Value,
    class_name: String,
}

/// `member_descriptor`'s methods (the type is made with the builtin types).
pub(crate) const MEMBER_METHODS: &[(&str, crate::object::NativeFnPtr)] = &[
    ("__get__", member_get),
    ("__set__", member_set),
    ("__delete__", member_delete),
    ("__repr__", member_repr),
];

/// Reads `__slots__` from a class namespace being made into a class: puts a
/// member descriptor in `ns` for each slot and says whether the class is
/// dict-less. `bases` are the class's bases (not yet checked to be types).
pub(crate) fn prepare(vm: &mut Vm, name: &str, bases: &[ObjRef], ns: &mut Dict) -> PyResult<bool> {
    let Some(spec) = ns.get_str("__slots__").cloned() else {
        return Ok(false);
    };
    let items: Vec<Value> = if spec.as_str().is_some() {
        vec![spec]
    } else {
        crate::ops::collect(vm, &spec)?
    };
    let mut wants_dict = false;
    let mut names = Vec::new();
    for item in items {
        let Some(slot) = item.as_str() else {
            return Err(Error::type_error(format!(
                "__slots__ items must be strings, not '{}'",
                vm.type_name(&item)
            )));
        };
        if !is_identifier(slot) {
            return Err(Error::type_error("__slots__ must be identifiers"));
        }
        match slot {
            "__dict__" => {
                if wants_dict {
                    return Err(Error::type_error(
                        "__dict__ slot disallowed: we already got one",
                    ));
                }
                wants_dict = true;
            }
            // Every instance can be weakly referenced: nothing to add.
            "__weakref__" => {}
            // A private slot name is mangled with the class's, as the
            // compiler mangles `self.__x` in its methods.
            _ => names.push(crate::compile::mangle::mangle(Some(name), slot).into_owned()),
        }
    }
    for slot in &names {
        if ns.get_str(slot).is_some() {
            return Err(Error::value_error(format!(
                "'{slot}' in __slots__ conflicts with class variable"
            )));
        }
    }
    let descr_type = vm.state.member_descriptor.clone();
    for slot in names {
        let descr = Value::new_obj(Object::Instance(InstanceObj::new(
            descr_type.clone(),
            Default::default(),
            Some(Box::new(MemberDescr {
                name: Value::str(&slot),
                class_name: name.to_string(),
            })),
            None,
        )));
        ns.set_str(&slot, descr);
    }
    // Dict-less only if no base gives instances a dict: every base is
    // `object`, a builtin value type (`class P(tuple)`, as namedtuple
    // makes) or a dict-less class.
    let object = vm.builtin_type(crate::object::BuiltinKind::Object);
    let bases_dictless = bases.iter().all(|b| {
        crate::sync::Ref::ptr_eq(b, &object)
            || matches!(&**b, Object::Type(t) if t.dictless
                || t.builtin.is_some_and(|k| super::class::VALUE_KINDS.contains(&k)))
    });
    Ok(!wants_dict && bases_dictless)
}

/// True if instances of `cls` have no `__dict__`.
#[inline]
pub(crate) fn is_dictless(cls: &ObjRef) -> bool {
    matches!(&**cls, Object::Type(t) if t.dictless)
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
}

fn payload(v: &Value) -> PyResult<&MemberDescr> {
    match v.as_obj().map(|o| &**o) {
        Some(Object::Instance(i)) => i.native::<MemberDescr>(),
        _ => None,
    }
    .ok_or_else(|| Error::type_error("descriptor requires a 'member_descriptor' object"))
}

/// The instance a slot is read or written on, or the CPython TypeError.
fn target<'a>(vm: &Vm, d: &MemberDescr, obj: &'a Value) -> PyResult<&'a InstanceObj> {
    match obj.as_obj().map(|o| &**o) {
        Some(Object::Instance(i)) => Ok(i),
        _ => Err(Error::type_error(format!(
            "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
            d.name.as_str().unwrap_or(""),
            d.class_name,
            vm.type_name(obj)
        ))),
    }
}

/// Reading an unset slot.
fn unset(vm: &Vm, d: &MemberDescr, obj: &Value) -> Error {
    Error::attribute_error(format!(
        "'{}' object has no attribute '{}'",
        vm.type_name(obj),
        d.name.as_str().unwrap_or("")
    ))
}

/// `P.x` is the descriptor itself; `p.x` the slot's value.
fn member_get(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("__get__", &args, 2, 3)?;
    let (this, obj) = (&args.args[0], &args.args[1]);
    let d = payload(this)?;
    if obj.is_none() {
        return Ok(this.clone());
    }
    let inst = target(vm, d, obj)?;
    let found = inst.dict.borrow().get_by_str_value(&d.name).cloned();
    found.ok_or_else(|| unset(vm, d, obj))
}

fn member_set(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("__set__", &args, 3, 3)?;
    let d = payload(&args.args[0])?;
    let inst = target(vm, d, &args.args[1])?;
    let old = inst
        .dict
        .borrow_mut()
        .set_by_str_value(d.name.clone(), args.args[2].clone());
    // Dropped with the dict released: the old value's drop may run code.
    drop(old);
    Ok(Value::None)
}

fn member_delete(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("__delete__", &args, 2, 2)?;
    let d = payload(&args.args[0])?;
    let obj = &args.args[1];
    let inst = target(vm, d, obj)?;
    let old = inst
        .dict
        .borrow_mut()
        .remove_str(d.name.as_str().unwrap_or(""));
    match old {
        Some(v) => {
            drop(v);
            Ok(Value::None)
        }
        // CPython's message for deleting an unset slot is the bare name.
        None => Err(Error::attribute_error(d.name.as_str().unwrap_or(""))),
    }
}

fn member_repr(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("__repr__", &args, 1, 1)?;
    let d = payload(&args.args[0])?;
    Ok(Value::string(format!(
        "<member '{}' of '{}' objects>",
        d.name.as_str().unwrap_or(""),
        d.class_name
    )))
}

/// A copy of an instance dict of `cls` without the values of its slots.
pub(crate) fn without_slots(cls: &ObjRef, dict: &Dict) -> Dict {
    let mut copy = dict.clone();
    let Object::Type(t) = &**cls else {
        return copy;
    };
    for c in std::iter::once(cls).chain(t.mro.iter()) {
        let Object::Type(ct) = &**c else { continue };
        if ct.dict.borrow().get_str("__slots__").is_none() {
            continue;
        }
        let members: Vec<Value> = ct
            .dict
            .borrow()
            .iter()
            .filter(|e| is_member(&e.value))
            .map(|e| e.key.clone())
            .collect();
        for m in members {
            copy.remove_str(m.as_str().unwrap_or(""));
        }
    }
    copy
}

/// True if `v` is the member descriptor of the slot `name`: loads and
/// stores of `name` through it are plain instance-dict reads and writes
/// (an unset slot misses the dict and falls back to the descriptor, whose
/// `__get__` raises), so attribute sites may treat it as no descriptor.
pub(crate) fn is_member_named(v: &Value, name: &str) -> bool {
    matches!(v.as_obj().map(|o| &**o), Some(Object::Instance(i))
        if i.native::<MemberDescr>().is_some_and(|d| d.name.as_str() == Some(name)))
}

fn is_member(v: &Value) -> bool {
    matches!(v.as_obj().map(|o| &**o), Some(Object::Instance(i)) if i.native::<MemberDescr>().is_some())
}
