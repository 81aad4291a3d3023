//! range objects: O(1) length, indexing, slicing and membership; iteration
//! walks an i64 counter without allocating per item.
//!
//! Two representations of one Python type: `Object::Range` holds i64
//! bounds (the fast path: every `for i in range(n)`), `Object::BigRange`
//! holds big-int bounds and exists only when a bound does not fit i64
//! (`range(2**64)`, `range(-2**63, 0)[::-1]`). Constructors go through
//! [`new_range`], which picks the i64 form whenever it can, so equal ranges
//! of either form compare and hash alike by value, never by form.

use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::bigint::{int_value, to_bigint};
use super::iter::{new_iter, IterState};
use super::{Args, NativeFnPtr, Object};
use crate::error::{Error, ExcKind, PyResult};
use crate::ops;
use crate::value::{ObjRef, Value};
use crate::vm::Vm;

/// A range with a bound outside i64: CPython's ranges hold ints of any size.
pub struct BigRange {
    pub start: BigInt,
    pub stop: BigInt,
    pub step: BigInt,
}

/// The iterator of a [`BigRange`]: `left` items remain, the next being `cur`.
pub struct BigRangeIter {
    cur: BigInt,
    left: BigInt,
    step: BigInt,
}

impl BigRangeIter {
    pub fn next_item(&mut self) -> Option<Value> {
        if !self.left.is_positive() {
            return None;
        }
        let v = int_value(self.cur.clone());
        self.left -= 1;
        self.cur += &self.step;
        Some(v)
    }

    /// Items left, when that fits a usize.
    pub fn length_hint(&self) -> Option<usize> {
        self.left.to_usize()
    }
}

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

fn ssize_overflow() -> Error {
    Error::overflow_error("Python int too large to convert to C ssize_t")
}

/// `len(range)` of i64 bounds: like CPython, a length beyond ssize_t is an
/// OverflowError (`range(-2**63, 2**63 - 1)`).
pub fn range_len_checked(start: i64, stop: i64, step: i64) -> PyResult<i64> {
    i64::try_from(range_len_exact(start, stop, step)).map_err(|_| ssize_overflow())
}

/// `len(r)` for either form of range.
pub fn len_checked(o: &ObjRef) -> PyResult<i64> {
    match &**o {
        Object::BigRange(r) => big_len(&r.start, &r.stop, &r.step)
            .to_i64()
            .ok_or_else(ssize_overflow),
        _ => {
            let (start, stop, step) = parts(o);
            range_len_checked(start, stop, step)
        }
    }
}

/// True for a range of either form.
pub fn is_range(o: &Object) -> bool {
    matches!(o, Object::Range { .. } | Object::BigRange(_))
}

/// The range `range(start, stop, step)` (step non-zero) in its i64 form
/// when every bound fits, else as a [`BigRange`].
pub fn new_range(start: BigInt, stop: BigInt, step: BigInt) -> Value {
    match (start.to_i64(), stop.to_i64(), step.to_i64()) {
        (Some(start), Some(stop), Some(step)) => {
            Value::new_obj(Object::Range { start, stop, step })
        }
        _ => Value::new_obj(Object::BigRange(Box::new(BigRange { start, stop, step }))),
    }
}

/// The bounds of either form as big ints (the paths past i64).
pub fn big_parts(o: &ObjRef) -> (BigInt, BigInt, BigInt) {
    match &**o {
        Object::BigRange(r) => (r.start.clone(), r.stop.clone(), r.step.clone()),
        _ => {
            let (start, stop, step) = parts(o);
            (start.into(), stop.into(), step.into())
        }
    }
}

/// Number of items of big bounds.
pub fn big_len(start: &BigInt, stop: &BigInt, step: &BigInt) -> BigInt {
    if step.is_positive() && start < stop {
        (stop - start - 1u8) / step + 1u8
    } else if step.is_negative() && start > stop {
        (start - stop - 1u8) / -step + 1u8
    } else {
        BigInt::zero()
    }
}

/// Number of items of either form, exact.
pub fn length(o: &ObjRef) -> BigInt {
    match &**o {
        Object::BigRange(r) => big_len(&r.start, &r.stop, &r.step),
        _ => {
            let (start, stop, step) = parts(o);
            range_len_exact(start, stop, step).into()
        }
    }
}

/// `bool(r)`: never an OverflowError, whatever the length.
pub fn is_empty(o: &ObjRef) -> bool {
    length(o).is_zero()
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

/// Python's range equality: same sequence of items (so the length, then the
/// first item, then the step when there are two or more).
pub fn range_eq(a: &ObjRef, b: &ObjRef) -> bool {
    if let (Object::Range { .. }, Object::Range { .. }) = (&**a, &**b) {
        let (s1, e1, t1) = parts(a);
        let (s2, e2, t2) = parts(b);
        let (n1, n2) = (range_len_exact(s1, e1, t1), range_len_exact(s2, e2, t2));
        return n1 == n2 && (n1 == 0 || (s1 == s2 && (n1 == 1 || t1 == t2)));
    }
    let (n1, n2) = (length(a), length(b));
    if n1 != n2 {
        return false;
    }
    let ((s1, _, t1), (s2, _, t2)) = (big_parts(a), big_parts(b));
    n1.is_zero() || (s1 == s2 && (n1.is_one() || t1 == t2))
}

/// What `hash(r)` hashes, as CPython: `(len, None, None)` when empty,
/// `(len, start, None)` for one item, else `(len, start, step)`, so equal
/// ranges hash alike.
pub fn hash_key(o: &ObjRef) -> [Value; 3] {
    let n = length(o);
    let (start, _, step) = big_parts(o);
    if n.is_zero() {
        [Value::Int(0), Value::None, Value::None]
    } else if n.is_one() {
        [Value::Int(1), int_value(start), Value::None]
    } else {
        [int_value(n), int_value(start), int_value(step)]
    }
}

/// `repr(r)`: `range(start, stop)`, with the step when it is not 1.
pub fn repr_text(o: &ObjRef) -> String {
    let (start, stop, step) = big_parts(o);
    if step.is_one() {
        format!("range({start}, {stop})")
    } else {
        format!("range({start}, {stop}, {step})")
    }
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

/// The position of the int `x` in either form of range, if it is an item.
fn big_position(o: &ObjRef, x: &BigInt) -> Option<BigInt> {
    let (start, stop, step) = big_parts(o);
    let in_bounds = if step.is_positive() {
        &start <= x && x < &stop
    } else {
        &stop < x && x <= &start
    };
    let offset = x - &start;
    (in_bounds && (&offset % &step).is_zero()).then(|| offset / step)
}

/// Index of an integer in the range, if present (an int past i64 for the
/// far end of ranges longer than i64::MAX).
pub fn range_index_of(start: i64, stop: i64, step: i64, x: i64) -> Option<Value> {
    if range_contains_int(start, stop, step, x) {
        let i = (x as i128 - start as i128) / step as i128;
        Some(match i64::try_from(i) {
            Ok(i) => Value::Int(i),
            Err(_) => int_value(BigInt::from(i)),
        })
    } else {
        None
    }
}

/// `x in r` for an int `x` of any size, in either form.
pub fn contains_int(o: &ObjRef, x: &Value) -> Option<bool> {
    if let (Object::Range { start, stop, step }, Some(x)) = (&**o, as_int(x)) {
        return Some(range_contains_int(*start, *stop, *step, x));
    }
    // An int past i64 is outside every i64 range: no big-int arithmetic.
    if matches!(**o, Object::Range { .. }) && super::bigint::as_bigint(x).is_some() {
        return Some(false);
    }
    to_bigint(x).map(|x| big_position(o, &x).is_some())
}

/// `x in r` for anything: ints by arithmetic, other values (floats,
/// instances with `__eq__`) by comparing with each item, as CPython.
pub fn contains(vm: &mut Vm, o: &ObjRef, x: &Value) -> PyResult<bool> {
    if let Some(found) = contains_int(o, x) {
        return Ok(found);
    }
    Ok(scan(vm, o, x, true)?.is_some())
}

/// Compares `x` with the items in order: the first match's position (or,
/// with `first_only` false, the count of matches).
fn scan(vm: &mut Vm, o: &ObjRef, x: &Value, first_only: bool) -> PyResult<Option<BigInt>> {
    let mut it = iter_state(o);
    let mut pos = BigInt::zero();
    let mut count = BigInt::zero();
    while let Some(item) = step_state(&mut it) {
        if ops::eq(vm, &item, x)? {
            if first_only {
                return Ok(Some(pos));
            }
            count += 1u8;
        }
        pos += 1u8;
    }
    Ok((!first_only).then_some(count))
}

/// The next item of a state made by [`iter_state`] or [`reversed_state`].
fn step_state(st: &mut IterState) -> Option<Value> {
    match st {
        IterState::Range { cur, left, step } if *left > 0 => {
            let v = *cur;
            *left -= 1;
            *cur = cur.wrapping_add(*step);
            Some(Value::Int(v))
        }
        IterState::BigRange(it) => it.next_item(),
        _ => None,
    }
}

/// The iterator state over either form of range (an i64 counter for the
/// i64 form: items of an i64 range all fit i64).
#[inline]
pub fn iter_state(o: &ObjRef) -> IterState {
    match &**o {
        Object::Range { start, stop, step } => IterState::Range {
            cur: *start,
            left: range_len_u64(*start, *stop, *step),
            step: *step,
        },
        Object::BigRange(r) => IterState::BigRange(Box::new(BigRangeIter {
            cur: r.start.clone(),
            left: big_len(&r.start, &r.stop, &r.step),
            step: r.step.clone(),
        })),
        _ => IterState::Done,
    }
}

/// The state of `reversed(r)`: from the last item back to the first.
pub fn reversed_state(o: &ObjRef) -> IterState {
    match &**o {
        Object::BigRange(r) => {
            let n = big_len(&r.start, &r.stop, &r.step);
            let last = &r.start + (&n - 1u8) * &r.step;
            IterState::BigRange(Box::new(BigRangeIter {
                cur: last,
                left: n,
                step: -&r.step,
            }))
        }
        _ => {
            let (start, stop, step) = parts(o);
            // Exact for ranges longer than i64::MAX too; the negated step
            // wraps like the counter, so i64::MIN steps back exactly.
            let n = range_len_u64(start, stop, step);
            IterState::Range {
                cur: range_item_at(start, step, n as i128 - 1),
                left: n,
                step: step.wrapping_neg(),
            }
        }
    }
}

/// `list(r)`: the items, or CPython's OverflowError for a range longer
/// than ssize_t (never an attempt to allocate it).
pub fn items(o: &ObjRef) -> PyResult<Vec<Value>> {
    let n = len_checked(o)?;
    let mut out = crate::alloc::vec_with_capacity(n as usize)?;
    let mut it = iter_state(o);
    while let Some(v) = step_state(&mut it) {
        out.push(v);
    }
    Ok(out)
}

/// `r[i]` for an index that is not a slice, in either form.
pub fn item(vm: &mut Vm, o: &ObjRef, i: &Value) -> PyResult<Value> {
    let out_of_range = || Error::index_error("range object index out of range");
    if let Object::Range { start, stop, step } = &**o {
        // A range can be longer than i64::MAX, so a big-int index may
        // still be inside it; one past i128 is outside every i64 range.
        let i = match i {
            Value::Int(i) => *i as i128,
            _ => match super::bigint::as_bigint(i) {
                Some(b) => i128::try_from(b).unwrap_or(i128::MAX),
                None => index_of_subscript(vm, i)?.to_i128().unwrap_or(i128::MAX),
            },
        };
        return range_item_checked(*start, *stop, *step, i)
            .map(Value::Int)
            .ok_or_else(out_of_range);
    }
    let i = index_of_subscript(vm, i)?;
    let (start, _, step) = big_parts(o);
    let n = length(o);
    let j = if i.is_negative() { i + &n } else { i };
    if j.is_negative() || j >= n {
        return Err(out_of_range());
    }
    Ok(int_value(start + j * step))
}

/// The int of `r[i]`, any size, with CPython's TypeError for a non-index.
fn index_of_subscript(vm: &mut Vm, i: &Value) -> PyResult<BigInt> {
    match ops::to_index_big(vm, i) {
        Err(e) if vm.error_matches(&e, ExcKind::TypeError) => {
            let t = vm.type_name(i);
            Err(Error::type_error(format!(
                "range indices must be integers or slices, not {t}"
            )))
        }
        r => r,
    }
}

/// `r[slice]`: another range, as CPython's `compute_slice`. Slices of i64
/// ranges by plain ints are computed in i128 (exact: a clamped position is
/// within ±2**64, a step within 2**63); the rest in big ints.
pub fn range_slice(vm: &mut Vm, o: &ObjRef, s: &Value) -> PyResult<Value> {
    let Some(Object::Slice {
        start: s_start,
        stop: s_stop,
        step: s_step,
    }) = s.as_obj().map(|o| &**o)
    else {
        return Err(Error::type_error("expected a slice"));
    };
    let small = |v: &Value| match v {
        Value::None => Some(None),
        Value::Int(i) => Some(Some(*i as i128)),
        _ => None,
    };
    if let (Object::Range { start, stop, step }, Some(a), Some(b), Some(k)) =
        (&**o, small(s_start), small(s_stop), small(s_step))
    {
        let k = match k {
            None => 1,
            Some(0) => return Err(Error::value_error("slice step cannot be zero")),
            Some(k) => k,
        };
        let n = range_len_exact(*start, *stop, *step);
        let (first, last) = clamp_slice(a, b, k < 0, n);
        let step = *step as i128;
        let base = *start as i128;
        return Ok(new_range(
            (base + first * step).into(),
            (base + last * step).into(),
            (step * k).into(),
        ));
    }
    let k = match slice_bound(vm, s_step)? {
        None => BigInt::one(),
        Some(k) if k.is_zero() => return Err(Error::value_error("slice step cannot be zero")),
        Some(k) => k,
    };
    let a = slice_bound(vm, s_start)?;
    let b = slice_bound(vm, s_stop)?;
    let (first, last) = clamp_slice(a, b, k.is_negative(), length(o));
    let (start, _, step) = big_parts(o);
    Ok(new_range(
        &start + first * &step,
        &start + last * &step,
        step * k,
    ))
}

/// CPython's `_PySlice_GetLongIndices`: the first and the stop position of
/// a slice with bounds `a`, `b` over `n` items, clamped into the sequence.
fn clamp_slice<T>(a: Option<T>, b: Option<T>, backwards: bool, n: T) -> (T, T)
where
    T: Clone + Ord + Signed,
{
    let (lo, hi) = if backwards {
        (-T::one(), n.clone() - T::one())
    } else {
        (T::zero(), n.clone())
    };
    let clamp = |v: Option<T>, default: &T| match v {
        None => default.clone(),
        Some(v) if v.is_negative() => (v + n.clone()).max(lo.clone()),
        Some(v) => v.min(hi.clone()),
    };
    if backwards {
        (clamp(a, &hi), clamp(b, &lo))
    } else {
        (clamp(a, &lo), clamp(b, &hi))
    }
}

/// A slice bound: None, or an int of any size (via `__index__`).
fn slice_bound(vm: &mut Vm, v: &Value) -> PyResult<Option<BigInt>> {
    if v.is_none() {
        return Ok(None);
    }
    match ops::to_index_big(vm, v) {
        Ok(i) => Ok(Some(i)),
        Err(e) if vm.error_matches(&e, ExcKind::TypeError) => Err(Error::type_error(
            "slice indices must be integers or None or have an __index__ method",
        )),
        Err(e) => Err(e),
    }
}

/// `range(stop)`, `range(start, stop[, step])`; args[0] is the type. Plain
/// ints make the i64 form directly; anything else goes through `__index__`
/// and big ints.
fn range_new(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    if args.has_kwargs() {
        return Err(Error::type_error("range() takes no keyword arguments"));
    }
    let a = args.pos();
    match a {
        [_, Value::Int(stop)] => {
            return Ok(Value::new_obj(Object::Range {
                start: 0,
                stop: *stop,
                step: 1,
            }))
        }
        [_, Value::Int(start), Value::Int(stop)] => {
            return Ok(Value::new_obj(Object::Range {
                start: *start,
                stop: *stop,
                step: 1,
            }))
        }
        _ => {}
    }
    let (start, stop, step) = match a.len() {
        2 => (BigInt::zero(), ops::to_index_big(vm, &a[1])?, BigInt::one()),
        3 => (
            ops::to_index_big(vm, &a[1])?,
            ops::to_index_big(vm, &a[2])?,
            BigInt::one(),
        ),
        4 => (
            ops::to_index_big(vm, &a[1])?,
            ops::to_index_big(vm, &a[2])?,
            ops::to_index_big(vm, &a[3])?,
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
    if step.is_zero() {
        return Err(Error::value_error("range() arg 3 must not be zero"));
    }
    Ok(new_range(start, stop, step))
}

fn this(args: &Args<'_>) -> PyResult<ObjRef> {
    match args.pos().first() {
        Some(Value::Obj(o)) if is_range(o) => Ok(o.clone()),
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

fn range_index(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let o = this(&args)?;
    let x = args.pos().get(1).cloned().unwrap_or_default();
    if let (Object::Range { start, stop, step }, Some(i)) = (&*o, as_int(&x)) {
        if let Some(i) = range_index_of(*start, *stop, *step, i) {
            return Ok(i);
        }
    } else if let Some(b) = to_bigint(&x) {
        if let Some(i) = big_position(&o, &b) {
            return Ok(int_value(i));
        }
    } else if let Some(i) = scan(vm, &o, &x, true)? {
        return Ok(int_value(i));
    }
    let r = ops::repr(vm, &x)?;
    Err(Error::value_error(format!("{r} is not in range")))
}

fn range_count(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let o = this(&args)?;
    let x = args.pos().get(1).cloned().unwrap_or_default();
    if let Some(found) = contains_int(&o, &x) {
        return Ok(Value::Int(found as i64));
    }
    Ok(int_value(scan(vm, &o, &x, false)?.unwrap_or_default()))
}

fn range_length(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Int(len_checked(&this(&args)?)?))
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
    Ok(new_iter(reversed_state(&this(&args)?)))
}

fn range_start(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(int_value(big_parts(&this(&args)?).0))
}
fn range_stop(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(int_value(big_parts(&this(&args)?).1))
}
fn range_step(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(int_value(big_parts(&this(&args)?).2))
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
        assert_eq!(range_item_at(10, -3, 3), 1);
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
