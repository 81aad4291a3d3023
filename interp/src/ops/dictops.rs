//! The dict (and set) protocol on top of the `Dict` table: hash the key
//! with `ops::hash`, then find it with a native equality for built-in key
//! kinds, or — for keys whose equality needs a script `__eq__` — walk the
//! candidates with equal hash and compare with the table's borrow released.

use super::{compare, hash};
use crate::error::{Error, PyResult};
use crate::object::{Dict, Object};
use crate::sync::ObjCell;
use crate::value::Value;
use crate::vm::Vm;

/// True if comparing `key` may need script code (an instance with a user
/// `__eq__`, possibly inside a tuple).
pub(crate) fn needs_script_eq(vm: &mut Vm, key: &Value) -> bool {
    match key {
        Value::Obj(o) => match &**o {
            // A builtin type's subclass (`S("k")`, an `IntEnum` member)
            // equals its value, which only the general `==` sees.
            Object::Instance(i) => {
                i.base_value().is_some()
                    || vm
                        .lookup_special(key, "__eq__")
                        .is_some_and(|f| !f.is_none())
            }
            Object::Tuple(items) => items.iter().any(|k| needs_script_eq(vm, k)),
            _ => false,
        },
        _ => false,
    }
}

/// Index of `key` (with hash `h`) in a plain table that no script can reach.
pub(crate) fn find_in(vm: &mut Vm, d: &Dict, h: u64, key: &Value) -> PyResult<Option<usize>> {
    if !needs_script_eq(vm, key) {
        return Ok(d.find(h, |k| compare::native_eq(k, key).unwrap_or(false)));
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
    if let Some(s) = key.as_str_obj() {
        let text = s.as_str();
        return Ok(cell
            .borrow()
            .find(h, |k| k.is(key) || k.as_str() == Some(text)));
    }
    if let Value::Int(n) = *key {
        // Ints key most sets and many dicts: an int key compares equal to
        // an int without the general comparison.
        return Ok(cell.borrow().find(h, |k| match k {
            Value::Int(m) => *m == n,
            _ => compare::native_eq(k, key).unwrap_or(false),
        }));
    }
    if !needs_script_eq(vm, key) {
        return Ok(cell
            .borrow()
            .find(h, |k| compare::native_eq(k, key).unwrap_or(false)));
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
    if key.as_str_obj().is_some() {
        return Ok(cell.borrow().get_by_str_value(key).cloned());
    }
    let h = hash(vm, key)?;
    if !needs_script_eq(vm, key) {
        // One borrow for find and read: indices may move between borrows.
        let table = cell.borrow();
        return Ok(table
            .get(h, |k| {
                k.is(key) || compare::native_eq(k, key).unwrap_or(false)
            })
            .cloned());
    }
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
    if key.as_str_obj().is_some() {
        cell.borrow_mut().set_by_str_value(key, value);
        return Ok(());
    }
    let h = hash(vm, &key)?;
    if needs_script_eq(vm, &key) {
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
    let probe = key.clone();
    cell.borrow_mut().insert(h, key, value, |k| {
        compare::native_eq(k, &probe).unwrap_or(false)
    });
    Ok(())
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
        let removed = cell.borrow_mut().remove(h, |k| {
            k.is(key) || compare::native_eq(k, key).unwrap_or(false)
        });
        return Ok(removed.map(|(_, v)| v));
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
