//! A binary min-heap (heapq's layout) whose comparison may fail.
//!
//! Each operation first finds where things go using comparisons only, and
//! moves items only once every comparison has succeeded: a failing
//! comparison leaves the heap exactly as it was (CPython's `heappop` loses
//! the popped item in that case).

use std::collections::VecDeque;

/// Pushes `item`; on a comparison error gives it back with the error.
pub(crate) fn push<T, E>(
    heap: &mut VecDeque<T>,
    item: T,
    lt: &mut impl FnMut(&T, &T) -> Result<bool, E>,
) -> Result<(), (T, E)> {
    let mut pos = heap.len();
    while pos > 0 {
        let parent = (pos - 1) / 2;
        match lt(&item, &heap[parent]) {
            Ok(true) => pos = parent,
            Ok(false) => break,
            Err(e) => return Err((item, e)),
        }
    }
    heap.push_back(item);
    let mut i = heap.len() - 1;
    while i > pos {
        let parent = (i - 1) / 2;
        heap.swap(i, parent);
        i = parent;
    }
    Ok(())
}

/// Pops the smallest item (`None` if empty).
pub(crate) fn pop<T, E>(
    heap: &mut VecDeque<T>,
    lt: &mut impl FnMut(&T, &T) -> Result<bool, E>,
) -> Result<Option<T>, E> {
    let n = heap.len();
    if n <= 1 {
        return Ok(heap.pop_back());
    }
    // The last item fills the root's hole; find how far down it sinks.
    let last = n - 1;
    let mut chain = vec![0];
    let mut hole = 0;
    loop {
        let l = 2 * hole + 1;
        if l >= last {
            break;
        }
        let r = l + 1;
        let child = if r < last && lt(&heap[r], &heap[l])? {
            r
        } else {
            l
        };
        if lt(&heap[child], &heap[last])? {
            chain.push(child);
            hole = child;
        } else {
            break;
        }
    }
    let Some(x) = heap.pop_back() else {
        return Ok(None);
    };
    // Shift the chain up by one and put `x` at its end; the old root comes out.
    let mut carried = x;
    for &i in chain.iter().rev() {
        carried = std::mem::replace(&mut heap[i], carried);
    }
    Ok(Some(carried))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lt(a: &i32, b: &i32) -> Result<bool, ()> {
        Ok(a < b)
    }

    #[test]
    fn sorts() {
        let mut h = VecDeque::new();
        let mut x: u32 = 12345;
        let mut want = vec![];
        for _ in 0..500 {
            x = x.wrapping_mul(1103515245).wrapping_add(12345);
            let v = (x >> 16) as i32 % 100;
            want.push(v);
            push(&mut h, v, &mut lt).unwrap();
        }
        want.sort();
        let mut got = vec![];
        while let Some(v) = pop(&mut h, &mut lt).unwrap() {
            got.push(v);
        }
        assert_eq!(got, want);
    }

    #[test]
    fn failing_comparison_leaves_heap_intact() {
        let mut h = VecDeque::new();
        for v in [5, 3, 8, 1, 9, 2] {
            push(&mut h, v, &mut lt).unwrap();
        }
        let before: Vec<i32> = h.iter().copied().collect();
        let mut fail = |_: &i32, _: &i32| Err::<bool, &str>("boom");
        assert_eq!(push(&mut h, 0, &mut fail), Err((0, "boom")));
        assert_eq!(pop(&mut h, &mut fail), Err("boom"));
        assert_eq!(h.iter().copied().collect::<Vec<_>>(), before);
        let mut calls = 0;
        let mut late = |a: &i32, b: &i32| {
            calls += 1;
            if calls > 1 {
                Err("late")
            } else {
                Ok(a < b)
            }
        };
        assert!(pop(&mut h, &mut late).is_err());
        assert_eq!(h.iter().copied().collect::<Vec<_>>(), before);
    }
}
