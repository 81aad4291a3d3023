//! Per-thread caches of the VM: the type attribute cache (method cache) and
//! the pool of frame buffers reused by calls.
//!
//! The attribute cache maps `(type, name)` to the result of looking `name`
//! up along the type's MRO (found or not, and whether the defining class is
//! builtin). Entries are tagged with the interpreter-wide `type_version`,
//! which every write to a class dict and every class creation bumps, so a
//! stale entry is never used. Each thread (`Vm`) has its own cache: no
//! locking, and under `--no-gil` no shared cache lines written on look-ups.

use std::sync::atomic::{AtomicU32, Ordering};

use crate::object::dict::DictEntry;
use crate::object::Dict;

use crate::sync::Ref;
use crate::value::{ObjRef, Value};

use super::Vm;

const CACHE_SIZE: usize = 1024;

#[derive(Default)]
pub(crate) struct AttrCacheEntry {
    version: u64,
    ty: Option<ObjRef>,
    /// The name (a str value); compared by identity, then by text.
    name: Value,
    /// The MRO look-up's result and whether its owner is a builtin type.
    found: Option<(Value, bool)>,
}

/// How many finished frames a thread keeps for reuse.
pub(crate) const FRAME_POOL_MAX: usize = 64;

pub(crate) struct VmCaches {
    attr: Vec<AttrCacheEntry>,
    /// Finished frames, emptied, for the next calls. Boxed on purpose: a
    /// call takes and returns a pointer instead of moving a whole frame.
    #[allow(clippy::vec_box)]
    pub(crate) frame_pool: Vec<Box<super::frame::Frame>>,
    /// The code a pooled frame holds (an empty one).
    pub(crate) idle_code: crate::bytecode::CodeRef,
}

impl VmCaches {
    pub(crate) fn new() -> Self {
        let mut attr = Vec::with_capacity(CACHE_SIZE);
        attr.resize_with(CACHE_SIZE, AttrCacheEntry::default);
        VmCaches {
            attr,
            frame_pool: Vec::new(),
            idle_code: crate::bytecode::CodeRef::new(crate::bytecode::Code::default()),
        }
    }
}

/// Whether two names (str values) are the same: by identity, then by text.
#[inline(always)]
fn same_name(a: &Value, b: &Value) -> bool {
    if a.is(b) {
        return true;
    }
    match (a.as_str_obj(), b.as_str_obj()) {
        (Some(x), Some(y)) => x.hash() == y.hash() && x.as_str() == y.as_str(),
        _ => false,
    }
}

impl Vm {
    /// `lookup_type` with the owner flag, through the per-thread cache.
    #[inline]
    pub(crate) fn lookup_type_cached(
        &mut self,
        cls: &ObjRef,
        name: &Value,
    ) -> Option<(Value, bool)> {
        let Some(s) = name.as_str_obj() else {
            return super::attr::lookup_type_owner(cls, name);
        };
        let version = self.state.type_version.load(Ordering::Relaxed);
        let idx =
            (((Ref::as_ptr(cls) as usize >> 4) as u64 ^ s.hash()) as usize) & (CACHE_SIZE - 1);
        let e = &self.caches.attr[idx];
        if e.version == version {
            if let Some(t) = &e.ty {
                if Ref::ptr_eq(t, cls) && same_name(&e.name, name) {
                    return e.found.clone();
                }
            }
        }
        let found = super::attr::lookup_type_owner(cls, name);
        // Tagged with the version read before the look-up: if another
        // thread changed a class meanwhile, the entry is already stale.
        let e = &mut self.caches.attr[idx];
        e.version = version;
        e.ty = Some(cls.clone());
        e.name = name.clone();
        e.found = found.clone();
        found
    }

    /// `lookup_type` through the cache.
    #[inline]
    pub(crate) fn lookup_type_c(&mut self, cls: &ObjRef, name: &Value) -> Option<Value> {
        self.lookup_type_cached(cls, name).map(|(v, _)| v)
    }
}

/// Looks `name` up along `cls`'s MRO through the attribute cache and shows
/// the result to `f` by reference (no refcount traffic): for callers that
/// only need to know what kind of thing is there. Takes the caches and the
/// interpreter state separately so `name` may borrow from the state.
#[inline]
pub(crate) fn type_peek<R>(
    caches: &mut VmCaches,
    state: &super::InterpState,
    cls: &ObjRef,
    name: &Value,
    f: impl FnOnce(Option<&(Value, bool)>) -> R,
) -> R {
    let Some(s) = name.as_str_obj() else {
        return f(super::attr::lookup_type_owner(cls, name).as_ref());
    };
    let version = state.type_version.load(Ordering::Relaxed);
    let idx = (((Ref::as_ptr(cls) as usize >> 4) as u64 ^ s.hash()) as usize) & (CACHE_SIZE - 1);
    let Some(e) = caches.attr.get_mut(idx) else {
        return f(super::attr::lookup_type_owner(cls, name).as_ref());
    };
    let hit = e.version == version
        && e.ty.as_ref().is_some_and(|t| Ref::ptr_eq(t, cls))
        && same_name(&e.name, name);
    if !hit {
        let found = super::attr::lookup_type_owner(cls, name);
        e.version = version;
        e.ty = Some(cls.clone());
        e.name = name.clone();
        e.found = found;
    }
    f(e.found.as_ref())
}

/// Names the VM looks up itself, made once (str values with cached hashes).
pub(crate) struct Names {
    pub setattr: Value,
    pub delattr: Value,
    pub getattr: Value,
    pub new: Value,
    pub init: Value,
    pub call: Value,
}

impl Names {
    pub(crate) fn new() -> Self {
        Names {
            setattr: Value::str("__setattr__"),
            delattr: Value::str("__delattr__"),
            getattr: Value::str("__getattr__"),
            new: Value::str("__new__"),
            init: Value::str("__init__"),
            call: Value::str("__call__"),
        }
    }
}

/// `d[name]` for a str `name`, trying the entry at `hint` first and
/// remembering where the name was found.
#[inline]
pub(crate) fn dict_get_hinted<'d>(
    d: &'d Dict,
    name: &Value,
    hint: &AtomicU32,
) -> Option<&'d Value> {
    if let Some(v) = dict_get_at_hint(d, name, hint) {
        return Some(v);
    }
    let i = dict_find_name(d, name)?;
    hint.store(i as u32, Ordering::Relaxed);
    d.entry_at(i).map(|e| &e.value)
}

/// `d[name]` if the str key `name` is at the entry `hint` points to.
#[inline(always)]
pub(crate) fn dict_get_at_hint<'d>(
    d: &'d Dict,
    name: &Value,
    hint: &AtomicU32,
) -> Option<&'d Value> {
    let e = d.entry_at(hint.load(Ordering::Relaxed) as usize)?;
    entry_is_name(e, name).then_some(&e.value)
}

/// Whether a dict entry's key is the str `name`: by identity, then by the
/// entry's stored hash and the text.
#[inline(always)]
pub(crate) fn entry_is_name(e: &DictEntry, name: &Value) -> bool {
    e.key.is(name)
        || name
            .as_str_obj()
            .is_some_and(|s| e.hash == s.hash() && e.key.as_str() == Some(s.as_str()))
}

/// The entry index of the str key `name` in `d` (a full look-up).
#[inline]
pub(crate) fn dict_find_name(d: &Dict, name: &Value) -> Option<usize> {
    let s = name.as_str_obj()?;
    d.find(s.hash(), |k| k.is(name) || k.as_str() == Some(s.as_str()))
}

/// Replaces the value of an existing str key `name` through the hint;
/// gives `v` back when the key is not at the hinted entry.
#[inline]
pub(crate) fn dict_set_hinted(
    d: &mut Dict,
    name: &Value,
    hint: &AtomicU32,
    v: Value,
) -> Option<Value> {
    let Some(s) = name.as_str_obj() else {
        return Some(v);
    };
    let h = hint.load(Ordering::Relaxed) as usize;
    let hit = match d.entry_at(h) {
        Some(e) => e.key.is(name) || (e.hash == s.hash() && e.key.as_str() == Some(s.as_str())),
        None => false,
    };
    if hit {
        if let Some(slot) = d.value_at_mut(h) {
            *slot = v;
            return None;
        }
    }
    Some(v)
}

/// `d[name] = v` for a str `name` that `dict_set_hinted` did not find at
/// its hint: a full look-up (or an insert), after which `hint` points at
/// the entry, so the next store of the same name (a module-level loop
/// variable, say) hits.
pub(crate) fn dict_set_refresh_hint(d: &mut Dict, name: &Value, hint: &AtomicU32, v: Value) {
    let Some(s) = name.as_str_obj() else {
        d.set_by_str_value(name.clone(), v);
        return;
    };
    let i = match dict_find_name(d, name) {
        Some(i) => {
            if let Some(slot) = d.value_at_mut(i) {
                *slot = v;
            }
            i
        }
        None => {
            let i = d.capacity_index();
            d.push_new(s.hash(), name.clone(), v);
            i
        }
    };
    hint.store(i as u32, Ordering::Relaxed);
}
