//! Binary, in-place and unary operators: numbers first, then the built-in
//! sequence/set/dict operators, then user dunders with Python's reflection
//! rules (`a + b` tries `a.__add__(b)`, then `b.__radd__(a)`, the
//! reflected one first when b's class is a subclass of a's).

use crate::ops::BinaryOp;

use super::{call_special, has_user_dunders, is_not_implemented, number, truthy};
use crate::error::{Error, PyResult};
use crate::object::Object;
use crate::ops::UnaryOp;
use crate::sync::Ref;
use crate::value::Value;
use crate::vm::Vm;

fn dunder_names(op: BinaryOp) -> (&'static str, &'static str, &'static str) {
    match op {
        BinaryOp::Add => ("__add__", "__radd__", "__iadd__"),
        BinaryOp::Sub => ("__sub__", "__rsub__", "__isub__"),
        BinaryOp::Mul => ("__mul__", "__rmul__", "__imul__"),
        BinaryOp::MatMul => ("__matmul__", "__rmatmul__", "__imatmul__"),
        BinaryOp::Div => ("__truediv__", "__rtruediv__", "__itruediv__"),
        BinaryOp::FloorDiv => ("__floordiv__", "__rfloordiv__", "__ifloordiv__"),
        BinaryOp::Mod => ("__mod__", "__rmod__", "__imod__"),
        BinaryOp::Pow => ("__pow__", "__rpow__", "__ipow__"),
        BinaryOp::LShift => ("__lshift__", "__rlshift__", "__ilshift__"),
        BinaryOp::RShift => ("__rshift__", "__rrshift__", "__irshift__"),
        BinaryOp::BitOr => ("__or__", "__ror__", "__ior__"),
        BinaryOp::BitXor => ("__xor__", "__rxor__", "__ixor__"),
        BinaryOp::BitAnd => ("__and__", "__rand__", "__iand__"),
    }
}

/// True if `b`'s class is a proper subclass of `a`'s.
pub(crate) fn is_strict_subclass(vm: &mut Vm, b: &Value, a: &Value) -> bool {
    let (tb, ta) = (vm.type_of(b), vm.type_of(a));
    !Ref::ptr_eq(&tb, &ta) && vm.is_subclass(&tb, &ta)
}

/// `a op b` (the `BinaryOp` instruction).
pub fn binary_op(vm: &mut Vm, a: &Value, op: BinaryOp, b: &Value) -> PyResult<Value> {
    match try_binary(vm, a, op, b)? {
        Some(r) => Ok(r),
        None => Err(unsupported(vm, a, op, b, false)),
    }
}

/// The numbers' own result of `a op b`; a TypeError there is always an
/// operator the operands do not support (`Ok(None)`, so the caller words
/// it for `op` or `op=`).
fn number_op(a: &Value, op: BinaryOp, b: &Value) -> Option<PyResult<Option<Value>>> {
    number::binary_op(a, op, b).map(|r| match r {
        Err(e) if e.is(crate::error::ExcKind::TypeError) => Ok(None),
        r => r.map(Some),
    })
}

/// `a op b`, or `Ok(None)` if neither operand supports it.
fn try_binary(vm: &mut Vm, a: &Value, op: BinaryOp, b: &Value) -> PyResult<Option<Value>> {
    if let Some(r) = number_op(a, op, b) {
        return r;
    }
    if has_user_dunders(a) {
        // The instance's methods first (`a.__op__`, then `b.__rop__`), then
        // a builtin right operand's own operation (`A() * [1]` with
        // `__index__`).
        if let Some(r) = user_binary(vm, a, op, b)? {
            return Ok(Some(r));
        }
        if let Some(r) = native_binary(vm, a, op, b)? {
            return Ok(Some(r));
        }
    } else {
        // A builtin left operand's operation first, whatever the right one
        // is (`"%s" % obj` formats any object, as str.__mod__ does), then
        // the right operand's reflected method (`1 + A()` -> A.__radd__).
        // A right operand whose class derives from the left's type
        // (`"%s" % S("x")` for `class S(str)`) has its reflected method
        // tried first, as in CPython.
        if has_user_dunders(b) && is_strict_subclass(vm, b, a) {
            let (_, rname, _) = dunder_names(op);
            if let Some(r) = call_special(vm, b, rname, std::slice::from_ref(a))? {
                if !is_not_implemented(&r) {
                    return Ok(Some(r));
                }
            }
        }
        if let Some(r) = native_binary(vm, a, op, b)? {
            return Ok(Some(r));
        }
        // The left builtin's operation takes a subclass's instance of a
        // type it accepts (`1.5 + I(2)`, `{0} | FS({1})`) before the right
        // operand's reflected method is asked.
        if let Some(bb) = crate::object::base_value(b).filter(|bb| accepts(a, bb)) {
            if let Some(r) = number_op(a, op, bb) {
                if let Some(r) = r? {
                    return Ok(Some(r));
                }
            } else if let Some(r) = native_binary(vm, a, op, bb)? {
                return Ok(Some(r));
            }
        }
        if has_user_dunders(b) {
            if let Some(r) = user_binary(vm, a, op, b)? {
                return Ok(Some(r));
            }
        }
    }
    // Neither side's own methods took it: a builtin type's subclass
    // (`I(3) + 1`, `[0] + L([1])`) operates as its builtin value.
    if let Some((x, y)) = super::unwrap_bases(a, b) {
        return try_binary(vm, x, op, y);
    }
    if op == BinaryOp::Mul {
        if let Some(r) = repeat_by_index(vm, a, b)? {
            return Ok(Some(r));
        }
    }
    if op == BinaryOp::BitOr && is_union_operand(a) && is_union_operand(b) {
        // `int | None`: the union (`typing.UnionType`), made by the module
        // that models unions, loaded only when a program unites classes.
        if !(a.is_none() && b.is_none()) {
            let typing = vm.import_module("typing")?;
            let f = vm.get_attr(&typing, "_type_or")?;
            return vm.call(&f, &[a.clone(), b.clone()]).map(Some);
        }
    }
    Ok(None)
}

/// A class or None: what `type.__or__` unites.
fn is_union_operand(v: &Value) -> bool {
    v.is_none() || matches!(v.as_obj().map(|o| &**o), Some(Object::Type(_)))
}

/// Whether the builtin operand `a`'s own operators take `b` (a builtin
/// value) as their other operand, as CPython's do for subclasses: ints
/// take ints, floats ints and floats, complex all numbers; sets and
/// frozensets take each other; a dict takes a dict.
fn accepts(a: &Value, b: &Value) -> bool {
    fn number_rank(v: &Value) -> Option<u8> {
        match v {
            Value::Int(_) | Value::Bool(_) => Some(0),
            Value::Float(_) => Some(1),
            Value::Obj(o) => match &**o {
                Object::BigInt(_) => Some(0),
                Object::Complex { .. } => Some(2),
                _ => None,
            },
            _ => None,
        }
    }
    if let (Some(x), Some(y)) = (number_rank(a), number_rank(b)) {
        return y <= x;
    }
    matches!(
        (a.as_obj().map(|o| &**o), b.as_obj().map(|o| &**o)),
        (
            Some(Object::Set(_) | Object::FrozenSet(_)),
            Some(Object::Set(_) | Object::FrozenSet(_))
        ) | (Some(Object::Dict(_)), Some(Object::Dict(_)))
    )
}

/// `seq * n` (or `n * seq`) where `n` is an instance with `__index__`, the
/// last resort of `*` as in CPython (after both operands' methods).
fn repeat_by_index(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<Option<Value>> {
    let (seq, n) = if is_sequence(a) { (a, b) } else { (b, a) };
    if !is_sequence(seq) || !has_user_dunders(n) || vm.lookup_special(n, "__index__").is_none() {
        return Ok(None);
    }
    let count = super::seq::to_index(vm, n)?.max(0);
    repeat(seq, usize::try_from(count).unwrap_or(usize::MAX)).map(Some)
}

/// The TypeError of an operator neither operand supports; `inplace` words
/// it for the augmented assignment (`|=`).
fn unsupported(vm: &mut Vm, a: &Value, op: BinaryOp, b: &Value, inplace: bool) -> Error {
    let (ta, tb) = (vm.type_name(a), vm.type_name(b));
    if op == BinaryOp::Add && !has_user_dunders(a) {
        if let Value::Obj(o) = a {
            match &**o {
                Object::Str(_) => {
                    return Error::type_error(format!(
                        "can only concatenate str (not \"{tb}\") to str"
                    ))
                }
                Object::List(_) => {
                    return Error::type_error(format!(
                        "can only concatenate list (not \"{tb}\") to list"
                    ))
                }
                Object::Tuple(_) => {
                    return Error::type_error(format!(
                        "can only concatenate tuple (not \"{tb}\") to tuple"
                    ))
                }
                Object::Bytes(_) => {
                    return Error::type_error(format!("can't concat {tb} to bytes"))
                }
                _ => {}
            }
        }
    }
    if op == BinaryOp::Mul && (is_sequence(a) || is_sequence(b)) {
        let other = if is_sequence(a) { tb } else { ta };
        return Error::type_error(format!(
            "can't multiply sequence by non-int of type '{other}'"
        ));
    }
    let sym = match (op, inplace) {
        (_, true) => format!("{}=", op.symbol()),
        (BinaryOp::Pow, false) => "** or pow()".to_string(),
        _ => op.symbol().to_string(),
    };
    Error::type_error(format!(
        "unsupported operand type(s) for {sym}: '{ta}' and '{tb}'"
    ))
}

fn is_sequence(v: &Value) -> bool {
    matches!(v, Value::Obj(o) if matches!(**o, Object::Str(_) | Object::Bytes(_) | Object::List(_) | Object::Tuple(_)))
}

fn user_binary(vm: &mut Vm, a: &Value, op: BinaryOp, b: &Value) -> PyResult<Option<Value>> {
    let (name, rname, _) = dunder_names(op);
    let b_first = has_user_dunders(b) && is_strict_subclass(vm, b, a);
    if b_first {
        if let Some(r) = call_special(vm, b, rname, std::slice::from_ref(a))? {
            if !is_not_implemented(&r) {
                return Ok(Some(r));
            }
        }
    }
    if let Some(r) = call_special(vm, a, name, std::slice::from_ref(b))? {
        if !is_not_implemented(&r) {
            return Ok(Some(r));
        }
    }
    if !b_first && !same_type(vm, a, b) {
        if let Some(r) = call_special(vm, b, rname, std::slice::from_ref(a))? {
            if !is_not_implemented(&r) {
                return Ok(Some(r));
            }
        }
    }
    Ok(None)
}

fn same_type(vm: &mut Vm, a: &Value, b: &Value) -> bool {
    if has_user_dunders(a) && has_user_dunders(b) {
        Ref::ptr_eq(&vm.type_of(a), &vm.type_of(b))
    } else {
        false
    }
}

/// The repeat count of `seq * n`: None if `n` is not an int.
fn repeat_count(v: &Value) -> PyResult<Option<usize>> {
    match v {
        Value::Int(n) => Ok(Some((*n).max(0) as usize)),
        Value::Bool(b) => Ok(Some(*b as usize)),
        Value::Obj(o) if matches!(**o, Object::BigInt(_)) => Err(Error::overflow_error(
            "cannot fit 'int' into an index-sized integer",
        )),
        _ => Ok(None),
    }
}

fn memory_error() -> Error {
    crate::alloc::memory_error()
}

/// `Ok(count)` if `count` elements of `elem_size` bytes may be allocated
/// (see [`crate::alloc`] for the limit), else `MemoryError`.
pub fn check_alloc(count: usize, elem_size: usize) -> PyResult<usize> {
    crate::alloc::check(count, elem_size)
}

/// Guards `len * n` so a huge repetition is a MemoryError, not an abort.
fn checked_size(len: usize, n: usize, elem_size: usize) -> PyResult<usize> {
    let total = len.checked_mul(n).ok_or_else(memory_error)?;
    check_alloc(total, elem_size)
}

/// `items` repeated `n` times; the allocation is fallible (MemoryError
/// instead of Rust's abort on out-of-memory).
pub(crate) fn repeat_items(items: &[Value], n: usize) -> PyResult<Vec<Value>> {
    let total = checked_size(items.len(), n, std::mem::size_of::<Value>())?;
    let mut v = Vec::new();
    v.try_reserve_exact(total).map_err(|_| memory_error())?;
    if !items.is_empty() {
        for _ in 0..n {
            v.extend(items.iter().cloned());
        }
    }
    Ok(v)
}

/// Bytes repeated `n` times, fallibly.
fn repeat_bytes(b: &[u8], n: usize) -> PyResult<Vec<u8>> {
    let total = checked_size(b.len(), n, 1)?;
    let mut v = Vec::new();
    v.try_reserve_exact(total).map_err(|_| memory_error())?;
    if !b.is_empty() {
        for _ in 0..n {
            v.extend_from_slice(b);
        }
    }
    Ok(v)
}

/// Sequence concatenation/repetition, set and dict operators, str `%`.
fn native_binary(vm: &mut Vm, a: &Value, op: BinaryOp, b: &Value) -> PyResult<Option<Value>> {
    let (Value::Obj(x), _) = (a, b) else {
        // `3 * [1]`: the sequence on the right.
        if op == BinaryOp::Mul {
            if let Value::Obj(_) = b {
                if is_sequence(b) {
                    if let Some(n) = repeat_count(a)? {
                        return repeat(b, n).map(Some);
                    }
                }
            }
        }
        return Ok(None);
    };
    match op {
        BinaryOp::Add => {
            let Value::Obj(y) = b else { return Ok(None) };
            Ok(match (&**x, &**y) {
                (Object::Str(p), Object::Str(q)) => {
                    let mut s = String::with_capacity(p.as_str().len() + q.as_str().len());
                    s.push_str(p.as_str());
                    s.push_str(q.as_str());
                    Some(Value::string(s))
                }
                (Object::Bytes(p), Object::Bytes(q)) => {
                    let mut v = Vec::with_capacity(p.len() + q.len());
                    v.extend_from_slice(p);
                    v.extend_from_slice(q);
                    Some(Value::new_obj(Object::Bytes(v.into_boxed_slice())))
                }
                (Object::List(p), Object::List(q)) => {
                    let mut v = p.borrow().clone();
                    v.extend(q.borrow().iter().cloned());
                    Some(Value::list(v))
                }
                (Object::Tuple(p), Object::Tuple(q)) => {
                    let mut v = Vec::with_capacity(p.len() + q.len());
                    v.extend(p.iter().cloned());
                    v.extend(q.iter().cloned());
                    Some(Value::tuple(v))
                }
                _ => None,
            })
        }
        BinaryOp::Mul => {
            if is_sequence(a) {
                if let Some(n) = repeat_count(b)? {
                    return repeat(a, n).map(Some);
                }
            } else if is_sequence(b) {
                if let Some(n) = repeat_count(a)? {
                    return repeat(b, n).map(Some);
                }
            }
            Ok(None)
        }
        BinaryOp::Mod => match &**x {
            Object::Str(s) => {
                let fmt = s.as_str().to_owned();
                Ok(Some(Value::string(crate::format::percent_format(
                    vm, &fmt, b,
                )?)))
            }
            Object::Bytes(f) => Ok(Some(crate::object::bytes::new_bytes(
                crate::format::percent_format_bytes(vm, f, b)?,
            ))),
            _ => Ok(None),
        },
        BinaryOp::BitOr | BinaryOp::BitAnd | BinaryOp::Sub | BinaryOp::BitXor => {
            if let Some(r) = crate::object::set::set_operator(vm, a, op, b)? {
                return Ok(Some(r));
            }
            if op == BinaryOp::BitOr {
                return crate::object::dictmethods::dict_or(vm, a, b);
            }
            Ok(None)
        }
        _ => Ok(None),
    }
}

/// `seq * n` for str, bytes, list and tuple.
fn repeat(seq: &Value, n: usize) -> PyResult<Value> {
    let Value::Obj(o) = seq else {
        return Err(Error::type_error("not a sequence"));
    };
    // Beyond Py_ssize_t CPython refuses str and bytes repetitions with
    // OverflowError (lists and tuples just fail to allocate).
    let too_long = |len: usize, what: &str| {
        if (len as u128) * (n as u128) > isize::MAX as u128 {
            Err(Error::overflow_error(format!("repeated {what} too long")))
        } else {
            Ok(())
        }
    };
    Ok(match &**o {
        Object::Str(s) => {
            too_long(s.as_str().len(), "string is")?;
            let b = repeat_bytes(s.as_str().as_bytes(), n)?;
            // Repeating valid UTF-8 gives valid UTF-8.
            Value::string(String::from_utf8(b).map_err(|_| memory_error())?)
        }
        Object::Bytes(b) => {
            too_long(b.len(), "bytes are")?;
            Value::new_obj(Object::Bytes(repeat_bytes(b, n)?.into_boxed_slice()))
        }
        Object::List(l) => {
            let items = l.borrow().clone();
            Value::list(repeat_items(&items, n)?)
        }
        Object::Tuple(t) => {
            if n == 1 {
                return Ok(seq.clone());
            }
            Value::tuple(repeat_items(t, n)?)
        }
        _ => return Err(Error::type_error("not a sequence")),
    })
}

/// `a op= b` (the `InplaceOp` instruction): the in-place dunder first,
/// mutating built-ins in place (list `+=` extends, set `|=` updates), then
/// the plain operator.
pub fn inplace_op(vm: &mut Vm, a: &Value, op: BinaryOp, b: &Value) -> PyResult<Value> {
    if let Some(r) = number_op(a, op, b) {
        return r?.ok_or_else(|| unsupported(vm, a, op, b, true));
    }
    if let Value::Obj(x) = a {
        match (&**x, op) {
            (Object::List(cell), BinaryOp::Add) => {
                let items = match b {
                    Value::Obj(y) if Ref::ptr_eq(x, y) => cell.borrow().clone(),
                    _ => {
                        if let Value::Obj(y) = b {
                            if let Object::Tuple(t) = &**y {
                                cell.borrow_mut().extend(t.iter().cloned());
                                return Ok(a.clone());
                            }
                        }
                        super::collect(vm, b)?
                    }
                };
                cell.borrow_mut().extend(items);
                return Ok(a.clone());
            }
            (Object::List(cell), BinaryOp::Mul) => {
                if let Some(n) = repeat_count(b)? {
                    let items = cell.borrow().clone();
                    let v = repeat_items(&items, n)?;
                    let old = std::mem::replace(&mut *cell.borrow_mut(), v);
                    drop(old);
                    return Ok(a.clone());
                }
            }
            // `|=` and `-=` with a set: in place, at the cost of the right
            // operand's size (the others build the result whole).
            (Object::Set(_), BinaryOp::BitOr | BinaryOp::Sub)
                if crate::object::set::is_set_like(b) =>
            {
                if op == BinaryOp::BitOr {
                    crate::object::set::add_all(vm, a, b)?;
                } else {
                    crate::object::set::remove_all(vm, a, b)?;
                }
                return Ok(a.clone());
            }
            (
                Object::Set(_),
                BinaryOp::BitOr | BinaryOp::BitAnd | BinaryOp::Sub | BinaryOp::BitXor,
            ) => {
                if let Some(r) = crate::object::set::set_operator(vm, a, op, b)? {
                    crate::object::set::replace_contents(a, &r);
                    return Ok(a.clone());
                }
            }
            (Object::Dict(_), BinaryOp::BitOr) => {
                crate::object::dictmethods::update_from(vm, a, b)?;
                return Ok(a.clone());
            }
            (Object::Instance(inst), _) => {
                let (_, _, iname) = dunder_names(op);
                if let Some(r) = call_special(vm, a, iname, std::slice::from_ref(b))? {
                    if !is_not_implemented(&r) {
                        return Ok(r);
                    }
                }
                // A mutable builtin value is updated in place (`stack +=
                // [x]` on a list subclass) and the instance is the result.
                if let Some(base) = inst.base_value() {
                    let mutable = matches!(
                        base.as_obj().map(|o| &**o),
                        Some(Object::List(_) | Object::Set(_) | Object::Dict(_))
                    );
                    if mutable && vm.lookup_special(a, dunder_names(op).0).is_none() {
                        let r = inplace_op(vm, base, op, b)?;
                        return Ok(if r.is(base) { a.clone() } else { r });
                    }
                }
            }
            _ => {}
        }
    }
    match try_binary(vm, a, op, b)? {
        Some(r) => Ok(r),
        None => Err(unsupported(vm, a, op, b, true)),
    }
}

/// `-v`, `+v`, `~v`, `not v`.
pub fn unary_op(vm: &mut Vm, v: &Value, kind: UnaryOp) -> PyResult<Value> {
    if kind == UnaryOp::Not {
        return Ok(Value::Bool(!truthy(vm, v)?));
    }
    if let Some(r) = number::unary(v, kind) {
        return r;
    }
    let (name, sym) = match kind {
        UnaryOp::Neg => ("__neg__", "-"),
        UnaryOp::Pos => ("__pos__", "+"),
        _ => ("__invert__", "~"),
    };
    if let Some(r) = call_special(vm, v, name, &[])? {
        return Ok(r);
    }
    if let Some(b) = crate::object::base_value(v) {
        return unary_op(vm, b, kind);
    }
    let t = vm.type_name(v);
    Err(Error::type_error(format!(
        "bad operand type for unary {sym}: '{t}'"
    )))
}
