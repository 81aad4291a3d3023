//! Slice objects: index normalization (CPython's `PySlice_GetIndicesEx`),
//! the `slice(...)` constructor and `slice.indices`.

use super::{Args, NativeFnPtr, Object};
use crate::error::{Error, PyResult};
use crate::ops;
use crate::value::Value;
use crate::vm::Vm;

/// Normalized slice bounds for a sequence of length `len`: iterate
/// `start, start+step, ...` `count` times.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SliceIndices {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
    pub count: usize,
}

impl SliceIndices {
    /// The sequence indices this slice selects, in order.
    pub fn iter(self) -> impl Iterator<Item = usize> {
        (0..self.count).map(move |i| (self.start + i as i64 * self.step) as usize)
    }
}

/// Clamps optional bounds the way CPython does (`None` = open end).
pub fn adjust(start: Option<i64>, stop: Option<i64>, step: i64, len: usize) -> SliceIndices {
    let len = len as i64;
    let (lo, hi) = if step < 0 { (-1, len - 1) } else { (0, len) };
    let clamp = |v: Option<i64>, default: i64| match v {
        None => default,
        Some(v) if v < 0 => (v + len).max(lo),
        Some(v) => v.min(hi),
    };
    let start = clamp(start, if step < 0 { hi } else { lo });
    let stop = clamp(stop, if step < 0 { lo } else { hi });
    let count = if step < 0 {
        if stop < start {
            ((start - stop - 1) / (-step) + 1) as usize
        } else {
            0
        }
    } else if start < stop {
        ((stop - start - 1) / step + 1) as usize
    } else {
        0
    };
    SliceIndices {
        start,
        stop,
        step,
        count,
    }
}

/// A slice bound: None, or an integer (via `__index__`); huge ints clamp.
fn bound(vm: &mut Vm, v: &Value) -> PyResult<Option<i64>> {
    match v {
        Value::None => Ok(None),
        Value::Int(i) => Ok(Some(*i)),
        Value::Bool(b) => Ok(Some(*b as i64)),
        Value::Obj(o) => match &**o {
            Object::BigInt(b) => Ok(Some(if b.sign() == num_bigint::Sign::Minus {
                i64::MIN / 2
            } else {
                i64::MAX / 2
            })),
            _ => match ops::to_index(vm, v) {
                Ok(i) => Ok(Some(i)),
                Err(_) => Err(Error::type_error(
                    "slice indices must be integers or None or have an __index__ method",
                )),
            },
        },
        _ => Err(Error::type_error(
            "slice indices must be integers or None or have an __index__ method",
        )),
    }
}

/// Normalizes the slice object `s` against a length.
pub fn indices(vm: &mut Vm, s: &Value, len: usize) -> PyResult<SliceIndices> {
    let Value::Obj(o) = s else {
        return Err(Error::type_error("expected a slice"));
    };
    let Object::Slice { start, stop, step } = &**o else {
        return Err(Error::type_error("expected a slice"));
    };
    let step = match bound(vm, step)? {
        None => 1,
        Some(0) => return Err(Error::value_error("slice step cannot be zero")),
        Some(s) => s.max(-i64::MAX),
    };
    let start = bound(vm, start)?;
    let stop = bound(vm, stop)?;
    Ok(adjust(start, stop, step, len))
}

/// True if `v` is a slice object.
pub fn is_slice(v: &Value) -> bool {
    matches!(v, Value::Obj(o) if matches!(**o, Object::Slice { .. }))
}

/// A new slice object.
pub fn new_slice(start: Value, stop: Value, step: Value) -> Value {
    Value::new_obj(Object::Slice { start, stop, step })
}

/// `slice(stop)`, `slice(start, stop[, step])`; args[0] is the type.
fn slice_new(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    if args.has_kwargs() {
        return Err(Error::type_error("slice() takes no keyword arguments"));
    }
    let a = args.pos();
    match a.len() {
        2 => Ok(new_slice(Value::None, a[1].clone(), Value::None)),
        3 => Ok(new_slice(a[1].clone(), a[2].clone(), Value::None)),
        4 => Ok(new_slice(a[1].clone(), a[2].clone(), a[3].clone())),
        1 => Err(Error::type_error(
            "slice expected at least 1 argument, got 0",
        )),
        n => Err(Error::type_error(format!(
            "slice expected at most 3 arguments, got {}",
            n - 1
        ))),
    }
}

/// `slice.indices(length)` -> `(start, stop, step)`.
fn slice_indices(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let a = args.pos();
    if a.len() != 2 {
        return Err(Error::type_error("indices() takes exactly one argument"));
    }
    let n = ops::to_index(vm, &a[1])?;
    if n < 0 {
        return Err(Error::value_error("length should not be negative"));
    }
    let ix = indices(vm, &a[0], n as usize)?;
    // CPython reports the clamped stop, not the count.
    Ok(Value::tuple(vec![
        Value::Int(ix.start),
        Value::Int(ix.stop),
        Value::Int(ix.step),
    ]))
}

fn part(args: Args<'_>, which: usize) -> PyResult<Value> {
    match args.pos().first() {
        Some(Value::Obj(o)) => match &**o {
            Object::Slice { start, stop, step } => Ok([start, stop, step][which].clone()),
            _ => Err(Error::type_error("expected a slice")),
        },
        _ => Err(Error::type_error("expected a slice")),
    }
}

fn slice_start(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    part(args, 0)
}
fn slice_stop(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    part(args, 1)
}
fn slice_step(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    part(args, 2)
}

pub const METHODS: &[(&str, NativeFnPtr)] = &[("__new__", slice_new), ("indices", slice_indices)];

/// Attributes (getters taking self) to install as properties.
pub const PROPERTIES: &[(&str, NativeFnPtr)] = &[
    ("start", slice_start),
    ("stop", slice_stop),
    ("step", slice_step),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn sel(start: Option<i64>, stop: Option<i64>, step: i64, len: usize) -> Vec<usize> {
        adjust(start, stop, step, len).iter().collect()
    }

    #[test]
    fn normalizes_like_python() {
        assert_eq!(sel(None, None, 1, 5), vec![0, 1, 2, 3, 4]);
        assert_eq!(sel(None, None, -1, 5), vec![4, 3, 2, 1, 0]);
        assert_eq!(sel(Some(1), Some(-1), 1, 5), vec![1, 2, 3]);
        assert_eq!(sel(Some(-100), Some(100), 2, 5), vec![0, 2, 4]);
        assert_eq!(sel(Some(10), None, -2, 5), vec![4, 2, 0]);
        assert_eq!(sel(Some(3), Some(1), 1, 5), Vec::<usize>::new());
        assert_eq!(sel(None, Some(-10), -1, 5), vec![4, 3, 2, 1, 0]);
        assert_eq!(sel(Some(0), Some(0), -1, 0), Vec::<usize>::new());
        assert_eq!(
            adjust(Some(-1), None, 1, 3),
            SliceIndices {
                start: 2,
                stop: 3,
                step: 1,
                count: 1
            }
        );
        assert_eq!(
            adjust(None, None, -1, 3),
            SliceIndices {
                start: 2,
                stop: -1,
                step: -1,
                count: 3
            }
        );
    }
}
