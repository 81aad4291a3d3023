//! range objects: O(1) length, indexing, slicing and membership; iteration
//! walks an i64 counter without allocating per item.

use super::{Args, NativeFnPtr, Object};
use crate::error::{Error, PyResult};
use crate::ops;
use crate::value::{ObjRef, Value};
use crate::vm::Vm;

/// `(start, stop, step)` of a range object (zeros for anything else).
pub fn parts(o: &ObjRef) -> (i64, i64, i64) {
    match &**o {
        Object::Range { start, stop, step } => (*start, *stop, *step),
        _ => (0, 0, 1),
    }
}

/// Exact number of items, computed in i128 so extreme bounds cannot overflow.
fn range_len_exact(start: i64, stop: i64, step: i64) -> i128 {
    let (start, stop, step) = (start as i128, stop as i128, step as i128);
    if step > 0 && start < stop {
        (stop - start - 1) / step + 1
    } else if step < 0 && start > stop {
        (start - stop - 1) / (-step) + 1
    } else {
        0
    }
}

/// Number of items, saturated at i64::MAX.
pub fn range_len(start: i64, stop: i64, step: i64) -> i64 {
    range_len_exact(start, stop, step).min(i64::MAX as i128) as i64
}

/// `len(range)`: like CPython, a length beyond ssize_t is an OverflowError
/// (only `range(-2**63, 2**63 - 1)`-like bounds reach it with i64 bounds).
pub fn range_len_checked(start: i64, stop: i64, step: i64) -> PyResult<i64> {
    i64::try_from(range_len_exact(start, stop, step))
        .map_err(|_| Error::overflow_error("Python int too large to convert to C ssize_t"))
}

/// The i-th item (0 <= i < len).
pub fn range_item(start: i64, step: i64, i: i64) -> i64 {
    range_item_at(start, step, i as i128)
}

/// The i-th item (0 <= i < len), for an index past i64 (a range of i64
/// bounds can have up to 2**64 - 1 items).
pub fn range_item_at(start: i64, step: i64, i: i128) -> i64 {
    (start as i128 + i * step as i128) as i64
}

/// Number of items, exact: it always fits in a u64.
pub fn range_len_u64(start: i64, stop: i64, step: i64) -> u64 {
    range_len_exact(start, stop, step) as u64
}

/// `r[i]` for an int index (negative from the end): None when out of range.
/// Exact for every length, also those past i64::MAX (whose far items need
/// an index past i64 too: `range(-2**63, 2**63 - 1)[2**63]`).
pub fn range_item_checked(start: i64, stop: i64, step: i64, i: i128) -> Option<i64> {
    let n = range_len_exact(start, stop, step);
    let j = if i < 0 { i + n } else { i };
    (0..n).contains(&j).then(|| range_item_at(start, step, j))
}

/// Python's range equality: same sequence of items.
pub fn range_eq(a: &ObjRef, b: &ObjRef) -> bool {
    let (s1, e1, t1) = parts(a);
    let (s2, e2, t2) = parts(b);
    let (n1, n2) = (range_len(s1, e1, t1), range_len(s2, e2, t2));
    n1 == n2 && (n1 == 0 || (s1 == s2 && (n1 == 1 || t1 == t2)))
}

/// O(1) `x in range` for an integer x.
pub fn range_contains_int(start: i64, stop: i64, step: i64, x: i64) -> bool {
    let in_bounds = if step > 0 {
        start <= x && x < stop
    } else {
        stop < x && x <= start
    };
    in_bounds && (x as i128 - start as i128) % step as i128 == 0
}

/// Index of an integer in the range, if present (an int past i64 for the
/// far end of ranges longer than i64::MAX).
pub fn range_index_of(start: i64, stop: i64, step: i64, x: i64) -> Option<Value> {
    if range_contains_int(start, stop, step, x) {
        let i = (x as i128 - start as i128) / step as i128;
        Some(match i64::try_from(i) {
            Ok(i) => Value::Int(i),
            Err(_) => super::bigint::int_value(num_bigint::BigInt::from(i)),
        })
    } else {
        None
    }
}

/// `r[slice]`: another range, computed in i128 so that a range longer than
/// i64::MAX (`range(-2**63, 2**63 - 1)[::2]`) slices exactly as in CPython.
pub fn range_slice(vm: &mut Vm, o: &ObjRef, s: &Value) -> PyResult<Value> {
    let (start, stop, step) = parts(o);
    let n = range_len_exact(start, stop, step);
    let Some(Object::Slice {
        start: s_start,
        stop: s_stop,
        step: s_step,
    }) = s.as_obj().map(|o| &**o)
    else {
        return Err(Error::type_error("expected a slice"));
    };
    let s_step = match slice_bound(vm, s_step)? {
        None => 1,
        Some(0) => return Err(Error::value_error("slice step cannot be zero")),
        Some(k) => k,
    };
    let (lo, hi) = if s_step < 0 { (-1, n - 1) } else { (0, n) };
    let clamp = |v: Option<i128>, default: i128| match v {
        None => default,
        Some(v) if v < 0 => (v + n).max(lo),
        Some(v) => v.min(hi),
    };
    let first = clamp(slice_bound(vm, s_start)?, if s_step < 0 { hi } else { lo });
    let last = clamp(slice_bound(vm, s_stop)?, if s_step < 0 { lo } else { hi });
    // Ranges hold i64 bounds (CPython's hold big ints): a bound past them
    // (`range(-2**63, 0)[::-1]` stops at -2**63 - 1) is an OverflowError,
    // never a wrapped-around range.
    let too_large = || Error::overflow_error("range() arguments must fit in a 64-bit integer");
    let new_step = (step as i128).checked_mul(s_step).ok_or_else(too_large)?;
    let new_start = start as i128 + first * step as i128;
    // CPython's stop: the slice's clamped stop mapped into the range, so
    // `range(10)[::3]` is `range(0, 10, 3)`.
    let new_stop = start as i128 + last * step as i128;
    let fit = |v: i128| i64::try_from(v).map_err(|_| too_large());
    Ok(Value::new_obj(Object::Range {
        start: fit(new_start)?,
        stop: fit(new_stop)?,
        step: fit(new_step)?,
    }))
}

/// A slice bound for [`range_slice`]: None, or an int (via `__index__`).
/// Big ints saturate at ±2**100, far past any range's length (< 2**64),
/// so they clamp exactly like CPython's unbounded ones.
fn slice_bound(vm: &mut Vm, v: &Value) -> PyResult<Option<i128>> {
    const FAR: i128 = 1 << 100;
    if v.is_none() {
        return Ok(None);
    }
    if let Some(Object::BigInt(b)) = v.as_obj().map(|o| &**o) {
        return Ok(Some(match i128::try_from(b) {
            Ok(i) => i.clamp(-FAR, FAR),
            Err(_) if b.sign() == num_bigint::Sign::Minus => -FAR,
            Err(_) => FAR,
        }));
    }
    match ops::to_index(vm, v) {
        Ok(i) => Ok(Some(i as i128)),
        Err(e) if vm.error_matches(&e, crate::error::ExcKind::TypeError) => Err(Error::type_error(
            "slice indices must be integers or None or have an __index__ method",
        )),
        Err(e) => Err(e),
    }
}

/// A range bound. Ranges store i64 bounds (not big ints like CPython), so
/// `range(10**20)` is a clear OverflowError instead of a wrong range.
fn arg_int(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Obj(o) if matches!(**o, Object::BigInt(_)) => Err(Error::overflow_error(
            "range() arguments must fit in a 64-bit integer",
        )),
        Value::Bool(b) => Ok(*b as i64),
        Value::Float(_) => Err(Error::type_error(
            "'float' object cannot be interpreted as an integer",
        )),
        _ => ops::to_index(vm, v),
    }
}

/// `range(stop)`, `range(start, stop[, step])`; args[0] is the type.
fn range_new(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    if args.has_kwargs() {
        return Err(Error::type_error("range() takes no keyword arguments"));
    }
    let a = args.pos();
    let (start, stop, step) = match a.len() {
        2 => (0, arg_int(vm, &a[1])?, 1),
        3 => (arg_int(vm, &a[1])?, arg_int(vm, &a[2])?, 1),
        4 => (
            arg_int(vm, &a[1])?,
            arg_int(vm, &a[2])?,
            arg_int(vm, &a[3])?,
        ),
        1 => {
            return Err(Error::type_error(
                "range expected at least 1 argument, got 0",
            ))
        }
        n => {
            return Err(Error::type_error(format!(
                "range expected at most 3 arguments, got {}",
                n - 1
            )))
        }
    };
    if step == 0 {
        return Err(Error::value_error("range() arg 3 must not be zero"));
    }
    Ok(Value::new_obj(Object::Range { start, stop, step }))
}

fn this(args: &Args<'_>) -> PyResult<ObjRef> {
    match args.pos().first() {
        Some(Value::Obj(o)) if matches!(**o, Object::Range { .. }) => Ok(o.clone()),
        _ => Err(Error::type_error("descriptor requires a 'range' object")),
    }
}

fn as_int(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i64),
        _ => None,
    }
}

/// An int past i64 (a range's bounds are i64): never an item, and known
/// without scanning the range.
fn is_big_int(v: &Value) -> bool {
    super::bigint::as_bigint(v).is_some()
}

fn range_index(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let o = this(&args)?;
    let (start, stop, step) = parts(&o);
    let x = args.pos().get(1).cloned().unwrap_or_default();
    if let Some(i) = as_int(&x).and_then(|x| range_index_of(start, stop, step, x)) {
        return Ok(i);
    }
    if as_int(&x).is_none() && !is_big_int(&x) {
        let n = range_len(start, stop, step);
        for i in 0..n {
            if ops::eq(vm, &Value::Int(range_item(start, step, i)), &x)? {
                return Ok(Value::Int(i));
            }
        }
    }
    let r = ops::repr(vm, &x)?;
    Err(Error::value_error(format!("{r} is not in range")))
}

fn range_count(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let o = this(&args)?;
    let (start, stop, step) = parts(&o);
    let x = args.pos().get(1).cloned().unwrap_or_default();
    if let Some(x) = as_int(&x) {
        return Ok(Value::Int(range_contains_int(start, stop, step, x) as i64));
    }
    if is_big_int(&x) {
        return Ok(Value::Int(0));
    }
    let mut n = 0;
    for i in 0..range_len(start, stop, step) {
        if ops::eq(vm, &Value::Int(range_item(start, step, i)), &x)? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

fn range_length(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (start, stop, step) = parts(&this(&args)?);
    Ok(Value::Int(range_len_checked(start, stop, step)?))
}

fn range_getitem(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let o = Value::Obj(this(&args)?);
    ops::getitem(vm, &o, args.pos().get(1).unwrap_or(&Value::None))
}

fn range_contains(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let o = Value::Obj(this(&args)?);
    Ok(Value::Bool(ops::contains(
        vm,
        &o,
        args.pos().get(1).unwrap_or(&Value::None),
    )?))
}

fn range_iter(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    ops::iter(vm, &Value::Obj(this(&args)?))
}

fn range_reversed(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (start, stop, step) = parts(&this(&args)?);
    let n = range_len_u64(start, stop, step);
    let last = range_item_at(start, step, n as i128 - 1);
    Ok(super::iter::new_iter(super::iter::IterState::Range {
        cur: last,
        left: n,
        step: step.checked_neg().unwrap_or(i64::MAX),
    }))
}

fn range_start(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Int(parts(&this(&args)?).0))
}
fn range_stop(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Int(parts(&this(&args)?).1))
}
fn range_step(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Int(parts(&this(&args)?).2))
}

pub const METHODS: &[(&str, NativeFnPtr)] = &[
    ("__new__", range_new),
    ("index", range_index),
    ("count", range_count),
    ("__len__", range_length),
    ("__getitem__", range_getitem),
    ("__contains__", range_contains),
    ("__iter__", range_iter),
    ("__reversed__", range_reversed),
];

/// Attributes (getters taking self) to install as properties.
pub const PROPERTIES: &[(&str, NativeFnPtr)] = &[
    ("start", range_start),
    ("stop", range_stop),
    ("step", range_step),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_and_membership() {
        assert_eq!(range_len(0, 10, 1), 10);
        assert_eq!(range_len(0, 10, 3), 4);
        assert_eq!(range_len(10, 0, -3), 4);
        assert_eq!(range_len(5, 5, 1), 0);
        assert_eq!(range_len(0, 10, -1), 0);
        assert_eq!(range_len(i64::MIN, i64::MAX, 1), i64::MAX);
        assert!(range_contains_int(0, 10, 3, 9));
        assert!(!range_contains_int(0, 10, 3, 10));
        assert!(range_contains_int(10, 0, -3, 1));
        assert!(!range_contains_int(10, 0, -3, 0));
        assert!(matches!(range_index_of(10, 0, -3, 4), Some(Value::Int(2))));
        assert_eq!(range_item(10, -3, 3), 1);
        // Lengths and items past i64::MAX are exact.
        assert_eq!(range_len_u64(i64::MIN, i64::MAX, 1), u64::MAX);
        assert_eq!(
            range_item_checked(i64::MIN, i64::MAX, 1, -1),
            Some(i64::MAX - 1)
        );
        assert_eq!(
            range_item_checked(i64::MIN, i64::MAX, 1, i64::MAX as i128),
            Some(-1)
        );
        assert!(matches!(
            range_index_of(i64::MIN, i64::MAX, 1, i64::MAX - 1),
            Some(Value::Obj(_))
        ));
    }
}
