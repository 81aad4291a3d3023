//! Builtin iterators: the state behind `Object::Iter`. Stepping lives in
//! `ops::next` (some kinds call back into script code: map, filter, ...);
//! the VM may step `Range` and `Seq` itself on its `ForIter` fast path.

use super::Object;
use crate::sync::ObjCell;
use crate::value::{ObjRef, Value};

/// Which part of a dict's entries an iterator yields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DictIterKind {
    Keys,
    Values,
    Items,
}

pub enum IterState {
    /// Exhausted (references released).
    Done,
    /// Over a list or tuple by index; a list's current length is re-read at
    /// every step, as in CPython.
    Seq {
        seq: Value,
        idx: usize,
    },
    /// Over a str's code points (`pos` is a byte offset).
    Str {
        s: Value,
        pos: usize,
    },
    /// Over a bytes object's ints.
    Bytes {
        b: Value,
        idx: usize,
    },
    /// `left` items remain, the next being `cur` (no overflow at the ends).
    Range {
        cur: i64,
        left: u64,
        step: i64,
    },
    /// Over a range with bounds past i64.
    BigRange(Box<super::range::BigRangeIter>),
    /// Over a dict's (or set's) entries by raw index. `len` is the size at
    /// the start: a change is "dictionary changed size during iteration".
    Dict {
        dict: ObjRef,
        pos: usize,
        len: usize,
        kind: DictIterKind,
    },
    /// Over a set or frozenset: a snapshot of its elements in CPython's
    /// order; `len` detects "Set changed size during iteration".
    SetSnapshot {
        set: ObjRef,
        items: Vec<Value>,
        idx: usize,
        len: usize,
    },
    /// `reversed(seq)` over a list or tuple: `idx` items remain.
    Reversed {
        seq: Value,
        idx: usize,
    },
    Enumerate {
        it: Value,
        /// The next count: an int, big past i64::MAX.
        count: Value,
    },
    Zip {
        its: Vec<Value>,
        strict: bool,
    },
    Map {
        func: Value,
        its: Vec<Value>,
    },
    /// `func` None means "keep the truthy items".
    Filter {
        func: Value,
        it: Value,
    },
    /// `iter(callable, sentinel)`.
    Callable {
        func: Value,
        sentinel: Value,
    },
    /// Old-style iteration over `__getitem__` with 0, 1, 2, ... until IndexError.
    GetItem {
        obj: Value,
        idx: i64,
    },
}

impl IterState {
    /// A range, list or tuple iterator: `step_fast` gives its next item,
    /// and its `None` means the end.
    #[inline(always)]
    pub(crate) fn steps_plainly(&self) -> bool {
        match self {
            IterState::Range { .. } => true,
            IterState::Seq {
                seq: Value::Obj(s), ..
            } => matches!(&**s, Object::List(_) | Object::Tuple(_)),
            _ => false,
        }
    }

    /// The next item of a range, list or tuple iterator that has one (the
    /// VM's `ForIter` fast path). `None` means "ask `ops::next`": another
    /// kind, or the end (which `ops::next` handles, releasing references).
    #[inline(always)]
    pub(crate) fn step_fast(&mut self) -> Option<Value> {
        match self {
            IterState::Range { cur, left, step } if *left > 0 => {
                let v = *cur;
                *left -= 1;
                *cur = cur.wrapping_add(*step);
                Some(Value::Int(v))
            }
            IterState::Seq {
                seq: Value::Obj(s),
                idx,
            } => {
                let item = match &**s {
                    Object::List(l) => l.borrow().get(*idx).cloned(),
                    Object::Tuple(t) => t.get(*idx).cloned(),
                    _ => None,
                };
                if item.is_some() {
                    *idx += 1;
                }
                item
            }
            IterState::Dict { kind, .. } => {
                let kind = *kind;
                let (k, v) = self.step_dict_entry()?;
                Some(match kind {
                    DictIterKind::Keys => k,
                    DictIterKind::Values => v,
                    DictIterKind::Items => Value::tuple(vec![k, v]),
                })
            }
            _ => None,
        }
    }

    /// The next `(key, value)` of a dict items iterator, without the tuple:
    /// `for k, v in d.items()` unpacks it at once (the VM's `ForIter`
    /// followed by `UnpackSequence(2)`). `None` as for `step_fast`.
    #[inline(always)]
    pub(crate) fn step_items_pair(&mut self) -> Option<(Value, Value)> {
        match self {
            IterState::Dict {
                kind: DictIterKind::Items,
                ..
            } => self.step_dict_entry(),
            _ => None,
        }
    }

    /// The next entry of a dict (not set) iterator whose dict kept its
    /// size; `None` at the end or on a change, which `ops::next` reports.
    #[inline(always)]
    fn step_dict_entry(&mut self) -> Option<(Value, Value)> {
        let IterState::Dict { dict, pos, len, .. } = self else {
            return None;
        };
        let Object::Dict(d) = &**dict else {
            return None;
        };
        let d = d.borrow();
        if d.len() != *len {
            return None;
        }
        *pos = (*pos).max(d.first_index());
        while *pos < d.capacity_index() {
            let i = *pos;
            *pos += 1;
            if let Some(e) = d.entry_at(i) {
                return Some((e.key.clone(), e.value.clone()));
            }
        }
        None
    }

    /// The Python type name shown in reprs.
    pub fn type_name(&self) -> &'static str {
        match self {
            IterState::Done => "iterator",
            IterState::Seq { seq, .. } => match seq {
                Value::Obj(o) if matches!(**o, Object::Tuple(_)) => "tuple_iterator",
                _ => "list_iterator",
            },
            IterState::Str { .. } => "str_iterator",
            IterState::Bytes { .. } => "bytes_iterator",
            IterState::Range { .. } => "range_iterator",
            IterState::BigRange(_) => "longrange_iterator",
            IterState::Dict { dict, kind, .. } => match (&**dict, kind) {
                (Object::Set(_), _) => "set_iterator",
                (_, DictIterKind::Keys) => "dict_keyiterator",
                (_, DictIterKind::Values) => "dict_valueiterator",
                (_, DictIterKind::Items) => "dict_itemiterator",
            },
            IterState::SetSnapshot { .. } => "set_iterator",
            IterState::Reversed { .. } => "list_reverseiterator",
            IterState::Enumerate { .. } => "enumerate",
            IterState::Zip { .. } => "zip",
            IterState::Map { .. } => "map",
            IterState::Filter { .. } => "filter",
            IterState::Callable { .. } => "callable_iterator",
            IterState::GetItem { .. } => "iterator",
        }
    }

    /// How many items remain, when known without stepping (`len(range)` style
    /// hints for preallocation).
    pub fn length_hint(&self) -> Option<usize> {
        match self {
            IterState::Done => Some(0),
            IterState::Range { left, .. } => Some(*left as usize),
            IterState::BigRange(it) => it.length_hint(),
            IterState::Seq {
                seq: Value::Obj(o),
                idx,
            } => match &**o {
                Object::List(l) => Some(l.borrow().len().saturating_sub(*idx)),
                Object::Tuple(t) => Some(t.len().saturating_sub(*idx)),
                _ => None,
            },
            IterState::Reversed { idx, .. } => Some(*idx),
            IterState::SetSnapshot { items, idx, .. } => Some(items.len().saturating_sub(*idx)),
            _ => None,
        }
    }
}

/// Wraps a state as an iterator value.
pub fn new_iter(state: IterState) -> Value {
    Value::new_obj(Object::Iter(ObjCell::new(state)))
}
