//! The dict (and set) protocol on top of the `Dict` table: hash the key
//! with `ops::hash`, then find it with a native equality for built-in key
//! kinds, or — for keys whose equality needs a script `__eq__` — walk the
//! candidates with equal hash and compare with the table's borrow released.

use super::{compare, hash};
use crate::error::{Error, PyResult};
use crate::object::{Dict, Object};
use crate::sync::ObjCell;
use crate::value::Value;
use crate::vm::special::Special;
use crate::vm::Vm;

/// True if comparing `key` may need script code (an instance with a user
/// `__eq__`, possibly inside a tuple).
pub(crate) fn needs_script_eq(vm: &mut Vm, key: &Value) -> bool {
    match key {
        Value::Obj(o) => match &**o {
            // A builtin type's subclass (`S("k")`, an `IntEnum` member)
            // equals its value, which only the general `==` sees.
            Object::Instance(i) => i.base_value().is_some() || vm.has_special(key, Special::Eq),
            Object::Type(t) if t.metaclass.is_some() => vm.has_special(key, Special::Eq),
            Object::Tuple(items) => items.iter().any(|k| needs_script_eq(vm, k)),
            _ => false,
        },
        _ => false,
    }
}

/// Native key equality for a table scan. A stored key that only script
/// code can compare with `key` (an instance whose class defines `__eq__`,
/// a builtin subclass's with its own) counts as different here and sets
/// `undecided`, so the caller looks again with the general `==`, as
/// CPython compares every candidate of equal hash.
#[inline]
fn native_key_eq(k: &Value, key: &Value, undecided: &mut bool) -> bool {
    if k.is(key) {
        return true;
    }
    match compare::native_eq(k, key) {
        Some(eq) => eq,
        None => {
            *undecided = true;
            false
        }
    }
}

/// [`native_key_eq`] for a str `key` whose text is `text`: plain str keys
/// compare by text at once.
#[inline]
fn str_key_eq(k: &Value, key: &Value, text: &str, undecided: &mut bool) -> bool {
    if k.is(key) {
        return true;
    }
    match k.as_str_obj() {
        Some(s) => s.as_str() == text,
        None => native_key_eq(k, key, undecided),
    }
}

/// Index of `key` (with hash `h`) in a plain table that no script can reach.
pub(crate) fn find_in(vm: &mut Vm, d: &Dict, h: u64, key: &Value) -> PyResult<Option<usize>> {
    if !needs_script_eq(vm, key) {
        let mut undecided = false;
        let found = d.find(h, |k| native_key_eq(k, key, &mut undecided));
        if found.is_some() || !undecided {
            return Ok(found);
        }
    }
    for i in d.candidates(h) {
        let k = match d.entry_at(i) {
            Some(e) => e.key.clone(),
            None => continue,
        };
        if k.is(key) || compare::eq(vm, &k, key)? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

/// Index of `key` in a table behind a cell; the borrow is released around
/// every script `__eq__` call.
pub(crate) fn find_in_cell(
    vm: &mut Vm,
    cell: &ObjCell<Dict>,
    h: u64,
    key: &Value,
) -> PyResult<Option<usize>> {
    if let Value::Int(n) = *key {
        // Ints key most sets and many dicts: an int key compares equal to
        // an int entry without the general comparison.
        let mut undecided = false;
        let found = cell.borrow().find(h, |k| match k {
            Value::Int(m) => *m == n,
            _ => native_key_eq(k, key, &mut undecided),
        });
        if found.is_some() || !undecided {
            return Ok(found);
        }
    }
    if !needs_script_eq(vm, key) {
        let mut undecided = false;
        let found = cell
            .borrow()
            .find(h, |k| native_key_eq(k, key, &mut undecided));
        if found.is_some() || !undecided {
            return Ok(found);
        }
    }
    let cands = cell.borrow().candidates(h);
    for i in cands {
        let k = match cell.borrow().entry_at(i) {
            Some(e) => e.key.clone(),
            None => continue,
        };
        if k.is(key) || compare::eq(vm, &k, key)? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

/// The table of a dict value (or a set's, for the set helpers).
fn dict_cell(v: &Value) -> PyResult<&ObjCell<Dict>> {
    match v {
        Value::Obj(o) => match &**o {
            Object::Dict(c) | Object::Set(c) => Ok(c),
            _ => Err(Error::type_error(format!(
                "expected dict, got {}",
                o.kind_name()
            ))),
        },
        _ => Err(Error::type_error("expected dict")),
    }
}

/// Looks `key` up in the table of `cell`.
pub(crate) fn cell_get(vm: &mut Vm, cell: &ObjCell<Dict>, key: &Value) -> PyResult<Option<Value>> {
    let mut undecided = false;
    let h = match key.as_str_obj() {
        Some(s) => {
            // The common case: a str looked up among str keys.
            let (h, text) = (s.hash(), s.as_str());
            let table = cell.borrow();
            let found = table.get(h, |k| str_key_eq(k, key, text, &mut undecided));
            if found.is_some() || !undecided {
                return Ok(found.cloned());
            }
            h
        }
        None => {
            let h = hash(vm, key)?;
            if !needs_script_eq(vm, key) {
                // One borrow for find and read: indices may move between borrows.
                let table = cell.borrow();
                let found = table.get(h, |k| native_key_eq(k, key, &mut undecided));
                if found.is_some() || !undecided {
                    return Ok(found.cloned());
                }
            }
            h
        }
    };
    loop {
        let Some((i, found)) = find_key_in_cell(vm, cell, h, key)? else {
            return Ok(None);
        };
        let table = cell.borrow();
        match table.entry_at(i) {
            Some(e) if e.key.is(&found) => return Ok(Some(e.value.clone())),
            _ => continue,
        }
    }
}

/// Sets `key` to `value` in the table of `cell`.
pub(crate) fn cell_set(
    vm: &mut Vm,
    cell: &ObjCell<Dict>,
    key: Value,
    value: Value,
) -> PyResult<()> {
    let h = match key.as_str_obj() {
        Some(s) => s.hash(),
        None => hash(vm, &key)?,
    };
    if !needs_script_eq(vm, &key) {
        // Find and store under one borrow, unless a stored key needs a
        // script `__eq__` to compare.
        let mut undecided = false;
        let mut table = cell.borrow_mut();
        let found = match key.as_str_obj() {
            Some(s) => table.find(h, |k| str_key_eq(k, &key, s.as_str(), &mut undecided)),
            None => table.find(h, |k| native_key_eq(k, &key, &mut undecided)),
        };
        match found {
            Some(i) => {
                if let Some(slot) = table.value_at_mut(i) {
                    *slot = value;
                }
                return Ok(());
            }
            None if !undecided => {
                table.push_new(h, key, value);
                return Ok(());
            }
            None => {}
        }
    }
    // The script `__eq__` runs with the borrow released, so another
    // thread (no GIL) may change the table meanwhile: act only if the
    // entry found still holds the same key object, else look again.
    loop {
        match find_key_in_cell(vm, cell, h, &key)? {
            Some((i, found)) => {
                let mut table = cell.borrow_mut();
                if table.entry_at(i).is_some_and(|e| e.key.is(&found)) {
                    if let Some(slot) = table.value_at_mut(i) {
                        *slot = value;
                    }
                    return Ok(());
                }
            }
            None => {
                cell.borrow_mut().push_new(h, key, value);
                return Ok(());
            }
        }
    }
}

/// Removes `key` from the table of `cell`; returns its value if present.
pub(crate) fn cell_remove(
    vm: &mut Vm,
    cell: &ObjCell<Dict>,
    key: &Value,
) -> PyResult<Option<Value>> {
    let h = hash(vm, key)?;
    if !needs_script_eq(vm, key) {
        // Find and remove under one borrow: without the GIL another thread
        // may compact the table between two borrows, moving indices.
        let mut undecided = false;
        let removed = cell
            .borrow_mut()
            .remove(h, |k| native_key_eq(k, key, &mut undecided));
        if removed.is_some() || !undecided {
            return Ok(removed.map(|(_, v)| v));
        }
    }
    // Script `__eq__`: found with the borrow released, removed only if the
    // entry still holds the key object that compared equal.
    loop {
        let Some((i, found)) = find_key_in_cell(vm, cell, h, key)? else {
            return Ok(None);
        };
        let mut table = cell.borrow_mut();
        if table.entry_at(i).is_some_and(|e| e.key.is(&found)) {
            return Ok(table.remove_at(i).map(|(_, v)| v));
        }
    }
}

/// As [`find_in_cell`], also returning the key object found (to re-check
/// the entry after the borrow was released).
fn find_key_in_cell(
    vm: &mut Vm,
    cell: &ObjCell<Dict>,
    h: u64,
    key: &Value,
) -> PyResult<Option<(usize, Value)>> {
    let Some(i) = find_in_cell(vm, cell, h, key)? else {
        return Ok(None);
    };
    Ok(cell.borrow().entry_at(i).map(|e| (i, e.key.clone())))
}

/// `d[key]` without the KeyError: `None` when absent.
pub fn dict_get(vm: &mut Vm, d: &Value, key: &Value) -> PyResult<Option<Value>> {
    cell_get(vm, dict_cell(d)?, key)
}

/// `d[key] = value`.
pub fn dict_set(vm: &mut Vm, d: &Value, key: Value, value: Value) -> PyResult<()> {
    cell_set(vm, dict_cell(d)?, key, value)
}

/// Removes `key`; returns the removed value, `None` if it was absent (the
/// caller decides whether that is a KeyError).
pub fn dict_del(vm: &mut Vm, d: &Value, key: &Value) -> PyResult<Option<Value>> {
    cell_remove(vm, dict_cell(d)?, key)
}

/// `s.add(key)` on a set value.
pub fn set_add(vm: &mut Vm, s: &Value, key: Value) -> PyResult<()> {
    cell_set(vm, dict_cell(s)?, key, Value::None)
}

/// `key in s` for a set or frozenset value.
pub fn set_contains(vm: &mut Vm, s: &Value, key: &Value) -> PyResult<bool> {
    match s {
        Value::Obj(o) => match &**o {
            Object::FrozenSet(d) => {
                let h = hash(vm, key)?;
                Ok(find_in(vm, d, h, key)?.is_some())
            }
            Object::Set(c) => {
                let h = hash(vm, key)?;
                Ok(find_in_cell(vm, c, h, key)?.is_some())
            }
            _ => Err(Error::type_error("expected a set")),
        },
        _ => Err(Error::type_error("expected a set")),
    }
}

/// Removes `key` from a set; true if it was there.
pub fn set_discard(vm: &mut Vm, s: &Value, key: &Value) -> PyResult<bool> {
    Ok(cell_remove(vm, dict_cell(s)?, key)?.is_some())
}

/// Adds `key` (hash known) to a plain table being built.
pub(crate) fn table_add(vm: &mut Vm, d: &mut Dict, key: Value, value: Value) -> PyResult<()> {
    let h = hash(vm, &key)?;
    table_add_hashed(vm, d, h, key, value)
}

/// As [`table_add`] with the hash already known (copying between tables).
pub(crate) fn table_add_hashed(
    vm: &mut Vm,
    d: &mut Dict,
    h: u64,
    key: Value,
    value: Value,
) -> PyResult<()> {
    match find_in(vm, d, h, &key)? {
        Some(i) => {
            if let Some(slot) = d.value_at_mut(i) {
                *slot = value;
            }
        }
        None => d.push_new(h, key, value),
    }
    Ok(())
}
