//! Stable sorting where comparisons may run script code (`__lt__`, key
//! functions) and may raise. Rust's `sort_by` may panic on an inconsistent
//! order (a buggy `__lt__` must not crash the interpreter), so the general
//! case is our own merge sort over indices, propagating the first error.
//! Homogeneous ints, floats and strs take Rust's sort (a total order).

use std::cmp::Ordering;

use crate::error::PyResult;
use crate::ops;
use crate::value::Value;
use crate::vm::Vm;

/// Stable merge sort of `0..n` by `less` (insertion-sorted runs of 16,
/// then bottom-up merges). Stops at the first error.
pub fn merge_sort_indices(
    n: usize,
    less: &mut dyn FnMut(usize, usize) -> PyResult<bool>,
) -> PyResult<Vec<usize>> {
    const RUN: usize = 16;
    let mut v: Vec<usize> = (0..n).collect();
    for start in (0..n).step_by(RUN) {
        let end = (start + RUN).min(n);
        for i in start + 1..end {
            let mut j = i;
            while j > start && less(v[j], v[j - 1])? {
                v.swap(j, j - 1);
                j -= 1;
            }
        }
    }
    let mut buf: Vec<usize> = Vec::with_capacity(n);
    let mut width = RUN;
    while width < n {
        buf.clear();
        for start in (0..n).step_by(2 * width) {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j) = (start, mid);
            while i < mid && j < end {
                // Take from the right run only if strictly less: stability.
                if less(v[j], v[i])? {
                    buf.push(v[j]);
                    j += 1;
                } else {
                    buf.push(v[i]);
                    i += 1;
                }
            }
            buf.extend_from_slice(&v[i..mid]);
            buf.extend_from_slice(&v[j..end]);
        }
        std::mem::swap(&mut v, &mut buf);
        width *= 2;
    }
    Ok(v)
}

enum Homogeneous {
    Ints,
    Floats,
    Strs,
    Mixed,
}

fn classify(keys: &[Value]) -> Homogeneous {
    if keys.iter().all(|k| matches!(k, Value::Int(_))) {
        Homogeneous::Ints
    } else if keys
        .iter()
        .all(|k| matches!(k, Value::Float(f) if !f.is_nan()))
    {
        Homogeneous::Floats
    } else if keys.iter().all(|k| k.as_str().is_some()) {
        Homogeneous::Strs
    } else {
        Homogeneous::Mixed
    }
}

fn native_order(kind: &Homogeneous, a: &Value, b: &Value) -> Ordering {
    match (kind, a, b) {
        (Homogeneous::Ints, Value::Int(x), Value::Int(y)) => x.cmp(y),
        (Homogeneous::Floats, Value::Float(x), Value::Float(y)) => {
            x.partial_cmp(y).unwrap_or(Ordering::Equal)
        }
        (Homogeneous::Strs, _, _) => a.as_str().cmp(&b.as_str()),
        _ => Ordering::Equal,
    }
}

/// Sorts `items` in place like `list.sort(key=key, reverse=reverse)`.
/// `items` is the caller's private copy (the list is not borrowed while
/// script code runs).
pub fn sort_values(
    vm: &mut Vm,
    items: &mut Vec<Value>,
    key: Option<&Value>,
    reverse: bool,
) -> PyResult<()> {
    let n = items.len();
    if n < 2 {
        return Ok(());
    }
    // Reverse, sort stably, reverse back: equal items keep their order.
    if reverse {
        items.reverse();
    }
    let keys: Vec<Value> = match key {
        Some(f) if !f.is_none() => {
            let mut ks = Vec::with_capacity(n);
            for it in items.iter() {
                ks.push(vm.call(f, std::slice::from_ref(it))?);
            }
            ks
        }
        _ => Vec::new(),
    };
    let ks: &[Value] = if keys.is_empty() { items } else { &keys };
    let kind = classify(ks);
    let order: Vec<usize> = if let Homogeneous::Mixed = kind {
        merge_sort_indices(n, &mut |a, b| ops::lt(vm, &ks[a], &ks[b]))?
    } else {
        let mut idx: Vec<usize> = (0..n).collect();
        idx.sort_by(|&a, &b| native_order(&kind, &ks[a], &ks[b]));
        idx
    };
    let mut taken: Vec<Option<Value>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(
        order
            .into_iter()
            .map(|i| taken[i].take().unwrap_or_default()),
    );
    if reverse {
        items.reverse();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_sort_is_stable() {
        // Sort pairs by the first component only; seconds record input order.
        let data: Vec<(i32, usize)> = (0..100).map(|i| ((i * 37 % 7) as i32, i)).collect();
        let order = merge_sort_indices(data.len(), &mut |a, b| Ok(data[a].0 < data[b].0)).unwrap();
        let sorted: Vec<(i32, usize)> = order.iter().map(|&i| data[i]).collect();
        for w in sorted.windows(2) {
            assert!(w[0].0 < w[1].0 || (w[0].0 == w[1].0 && w[0].1 < w[1].1));
        }
    }

    #[test]
    fn merge_sort_survives_inconsistent_order_and_errors() {
        let order = merge_sort_indices(50, &mut |a, b| Ok((a * 31 + b) % 3 == 0)).unwrap();
        let mut seen = order.clone();
        seen.sort();
        assert_eq!(seen, (0..50).collect::<Vec<_>>());
        let r = merge_sort_indices(50, &mut |_, _| Err(crate::error::Error::type_error("boom")));
        assert!(r.is_err());
    }
}
