//! Dropping deep structures without deep Rust recursion.
//!
//! Freeing the head of a million-node linked list frees the next node from
//! inside its destructor, and so on: naive destructors would recurse a
//! million frames deep and overflow the stack. Like CPython's "trashcan",
//! we count how deep destructors are nested on this thread; past a limit an
//! object's children are parked on a per-thread list instead of being freed
//! on the spot, and the outermost destructor frees the parked ones in a loop.

use std::cell::{Cell, RefCell};

use super::iter::IterState;
use super::{Dict, Object};
use crate::value::Value;

/// Nesting beyond which children are parked instead of freed recursively.
const MAX_NESTED_DROPS: usize = 200;

thread_local! {
    static DEPTH: Cell<usize> = const { Cell::new(0) };
    /// Set whenever something is parked: the outermost destructor looks at
    /// the list only then (most drops never park anything).
    static ANY_PARKED: Cell<bool> = const { Cell::new(false) };
    static PARKED: RefCell<Vec<Children>> = const { RefCell::new(Vec::new()) };
}

fn park(children: Children) {
    ANY_PARKED.with(|a| a.set(true));
    PARKED.with(|p| p.borrow_mut().push(children));
}

/// What an object owns that may own more objects. The fields are never read:
/// they are held only so that dropping a `Children` frees them.
#[allow(dead_code)]
enum Children {
    Values(Box<[Value]>),
    List(Vec<Value>),
    Dict(Dict),
    Native(Box<dyn std::any::Any + Send + Sync>),
    Iter(Box<IterState>),
    One(Value),
}

impl Object {
    /// Moves out the children of containers (the kinds that chains are made of).
    fn detach_children(&mut self) -> Option<Children> {
        match self {
            Object::Tuple(items) => Some(Children::Values(std::mem::take(items))),
            Object::List(cell) => Some(Children::List(std::mem::take(cell.get_mut()))),
            Object::Dict(cell) | Object::Set(cell) => {
                Some(Children::Dict(std::mem::take(cell.get_mut())))
            }
            Object::FrozenSet(d) => Some(Children::Dict(std::mem::take(d))),
            Object::Instance(inst) => {
                let dict = std::mem::take(inst.dict.get_mut());
                if let Some(native) = inst.take_native() {
                    park(Children::Native(native));
                }
                Some(Children::Dict(dict))
            }
            Object::Cell(cell) => cell.get_mut().take().map(Children::One),
            // map/filter/zip/enumerate over a million others.
            Object::Iter(cell) => {
                let st = cell.get_mut();
                let nests = matches!(
                    st,
                    IterState::Enumerate { .. }
                        | IterState::Zip { .. }
                        | IterState::Map { .. }
                        | IterState::Filter { .. }
                );
                nests.then(|| Children::Iter(Box::new(std::mem::replace(st, IterState::Done))))
            }
            Object::BoundMethod { this, .. } => Some(Children::One(std::mem::take(this))),
            _ => None,
        }
    }
}

impl Drop for Object {
    fn drop(&mut self) {
        crate::vm::weak_callbacks::object_died(self as *const Object as usize);
        let Some(children) = self.detach_children() else {
            return;
        };
        let depth = DEPTH.with(Cell::get);
        if depth >= MAX_NESTED_DROPS {
            park(children);
            return;
        }
        DEPTH.with(|d| d.set(depth + 1));
        drop(children);
        if depth == 0 && ANY_PARKED.with(|a| a.replace(false)) {
            // Outermost destructor: free what deeper ones parked. Depth stays
            // 1 meanwhile, so nested destructors park rather than drain
            // (setting the flag again, which the loop does not need).
            while let Some(parked) = PARKED.with(|p| p.borrow_mut().pop()) {
                drop(parked);
            }
        }
        DEPTH.with(|d| d.set(depth));
    }
}

#[cfg(test)]
mod tests {
    use crate::value::Value;

    #[test]
    fn a_million_nested_lists_drop_without_overflow() {
        let mut v = Value::list(vec![]);
        for _ in 0..1_000_000 {
            v = Value::list(vec![v]);
        }
        drop(v);
        let mut t = Value::tuple(vec![]);
        for _ in 0..1_000_000 {
            t = Value::tuple(vec![Value::Int(1), t]);
        }
        drop(t);
    }
}
