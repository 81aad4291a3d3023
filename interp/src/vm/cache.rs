//! Per-thread caches of the VM: the type attribute cache (method cache) and
//! the pool of frame buffers reused by calls.
//!
//! The attribute cache maps `(type, name)` to the result of looking `name`
//! up along the type's MRO (found or not, and whether the defining class is
//! builtin). Entries are tagged with the interpreter-wide `type_version`,
//! which every write to a class dict changes, so a stale entry is never
//! used. Entries hold their class alive, so a class's address is never
//! reused under an entry: class creation need not change the version.
//! Each thread (`Vm`) has its own cache: no locking, and under `--no-gil`
//! no shared cache lines written on look-ups.
//!
//! In front of it, for `LoadAttr`/`StoreAttr`/`LoadMethod` on instances,
//! each code object has one [`AttrSite`] per name: what the look-up of
//! that name found on the last instance's class, keyed by the class's
//! cache tag (see [`AttrSite`]), so a hit skips hashing into the table.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use crate::object::{Dict, DictEntry, Object, TypeObj};

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
    /// Where it was found: the owner's MRO position and the entry index
    /// in its dict (for site caches).
    at: (u32, u32),
    /// The `AttrSite` info made from this entry (0 until then; no info is
    /// 0), so filling a site again for the same class and name is cheap.
    site: u8,
}

impl AttrCacheEntry {
    /// Whether this is the entry for `(cls, name)` made at `version`.
    #[inline(always)]
    fn holds(&self, version: u64, cls: &ObjRef, name: &Value) -> bool {
        self.version == version
            && self.ty.as_ref().is_some_and(|t| Ref::ptr_eq(t, cls))
            && same_name(&self.name, name)
    }
}

/// How many finished frames a thread keeps for reuse.
pub(crate) const FRAME_POOL_MAX: usize = 64;

pub(crate) struct VmCaches {
    attr: Vec<AttrCacheEntry>,
    /// Finished frames, emptied, for the next calls. Boxed on purpose: a
    /// call takes and returns a pointer instead of moving a whole frame.
    #[allow(clippy::vec_box)]
    pub(crate) frame_pool: Vec<Box<super::frame::Frame>>,
}

impl VmCaches {
    pub(crate) fn new() -> Self {
        let mut attr = Vec::with_capacity(CACHE_SIZE);
        attr.resize_with(CACHE_SIZE, AttrCacheEntry::default);
        VmCaches {
            attr,
            frame_pool: Vec::new(),
        }
    }

    /// No caches, for a `Vm` that is going (allocates nothing).
    pub(crate) fn empty() -> Self {
        VmCaches {
            attr: Vec::new(),
            frame_pool: Vec::new(),
        }
    }
}

impl VmCaches {
    /// Empties the attribute cache, letting go of the classes its entries
    /// hold alive (an explicit `gc.collect()` does this, so a class the
    /// program dropped is freed and leaves `__subclasses__()` as in
    /// CPython). Other threads' caches keep theirs until overwritten.
    pub(crate) fn forget_types(&mut self) {
        for e in &mut self.attr {
            *e = AttrCacheEntry::default();
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
        cache_entry(&mut self.caches, version, cls, name, s)
            .found
            .clone()
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
    f(cache_entry(caches, version, cls, name, s).found.as_ref())
}

#[inline(always)]
fn entry_index(cls: &ObjRef, s: &crate::object::str::StrObj) -> usize {
    (((Ref::as_ptr(cls) as usize >> 4) as u64 ^ s.hash()) as usize) & (CACHE_SIZE - 1)
}

/// The cache entry for `(cls, name)` if it holds one made at `version`.
#[inline(always)]
fn cached_entry<'c>(
    caches: &'c mut VmCaches,
    version: u64,
    cls: &ObjRef,
    name: &Value,
    s: &crate::object::str::StrObj,
) -> Option<&'c mut AttrCacheEntry> {
    let e = caches.attr.get_mut(entry_index(cls, s))?;
    e.holds(version, cls, name).then_some(e)
}

/// The cache entry for `(cls, name)`, looked up and stored first if the
/// cache does not hold it (tagged with `version`, read before the look-up:
/// if a class changed meanwhile, the entry is already stale).
#[inline(always)]
fn cache_entry<'c>(
    caches: &'c mut VmCaches,
    version: u64,
    cls: &ObjRef,
    name: &Value,
    s: &crate::object::str::StrObj,
) -> &'c mut AttrCacheEntry {
    let e = &mut caches.attr[entry_index(cls, s)];
    if !e.holds(version, cls, name) {
        refill_entry(e, version, cls, name, s);
    }
    e
}

#[inline(never)]
fn refill_entry(
    e: &mut AttrCacheEntry,
    version: u64,
    cls: &ObjRef,
    name: &Value,
    s: &crate::object::str::StrObj,
) {
    let (found, at) = lookup_type_at(cls, name, s);
    e.version = version;
    e.ty = Some(cls.clone());
    e.name = name.clone();
    e.found = found;
    e.at = at;
    e.site = 0;
}

/// `attr::lookup_type_owner` for a str name, also telling where the
/// result was found (as `AttrCacheEntry::at` keeps it).
fn lookup_type_at(
    cls: &ObjRef,
    name: &Value,
    s: &crate::object::str::StrObj,
) -> (Option<(Value, bool)>, (u32, u32)) {
    let Object::Type(t) = &**cls else {
        return (None, (0, 0));
    };
    for (depth, c) in std::iter::once(cls).chain(t.mro.iter()).enumerate() {
        let Object::Type(ct) = &**c else { continue };
        let d = ct.dict.borrow();
        let Some(i) = d.find(s.hash(), |k| k.is(name) || k.as_str() == Some(s.as_str())) else {
            continue;
        };
        if let Some(e) = d.entry_at(i) {
            let found = (e.value.clone(), ct.builtin.is_some());
            return (Some(found), (depth as u32, i as u32));
        }
    }
    (None, (0, 0))
}

/// Names the VM looks up itself, made once (str values with cached hashes).
pub(crate) struct Names {
    pub setattr: Value,
    pub delattr: Value,
    pub getattr: Value,
    pub getattribute: Value,
    pub new: Value,
    pub init: Value,
    pub call: Value,
    pub enter: Value,
    pub exit: Value,
    /// The special method names, indexed by `special::Special`.
    pub special: Vec<Value>,
}

impl Names {
    pub(crate) fn new() -> Self {
        Names {
            setattr: Value::str("__setattr__"),
            delattr: Value::str("__delattr__"),
            getattr: Value::str("__getattr__"),
            getattribute: Value::str("__getattribute__"),
            new: Value::str("__new__"),
            init: Value::str("__init__"),
            call: Value::str("__call__"),
            enter: Value::str("__enter__"),
            exit: Value::str("__exit__"),
            special: super::special::special_name_values(),
        }
    }

    /// These names as the first entries of an interpreter's table of
    /// identifiers (`InterpState::identifiers`).
    pub(crate) fn identifiers(&self) -> HashMap<Box<str>, Value> {
        let fixed = [
            &self.setattr,
            &self.delattr,
            &self.getattr,
            &self.getattribute,
            &self.new,
            &self.init,
            &self.call,
            &self.enter,
            &self.exit,
        ];
        fixed
            .into_iter()
            .chain(&self.special)
            .filter_map(|v| Some((v.as_str()?.into(), v.clone())))
            .collect()
    }
}

/// `d[name]` for a str `name`, trying the entry at `hint` first and
/// remembering where the name was found.
#[inline(always)]
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
    same_obj(&e.key, name)
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

#[inline(always)]
fn same_obj(a: &Value, b: &Value) -> bool {
    matches!((a, b), (Value::Obj(x), Value::Obj(y)) if Ref::ptr_eq(x, y))
}

/// `d[name] = v` for a str `name`, trying the entry at `hint` first;
/// returns the value replaced, for the caller to drop once `d` is released.
/// `name` is a str: site caches are never filled for other names.
#[inline]
pub(crate) fn dict_store_hinted(
    d: &mut Dict,
    name: &Value,
    hint: &AtomicU32,
    v: Value,
) -> Option<Value> {
    let h = hint.load(Ordering::Relaxed) as usize;
    if matches!(d.entry_at(h), Some(e) if same_obj(&e.key, name)) {
        if let Some(slot) = d.value_at_mut(h) {
            return Some(std::mem::replace(slot, v));
        }
    }
    dict_store_slow(d, name, hint, v)
}

#[inline(never)]
fn dict_store_slow(d: &mut Dict, name: &Value, hint: &AtomicU32, v: Value) -> Option<Value> {
    let Some(s) = name.as_str_obj() else {
        debug_assert!(false, "dict_store_hinted: a name that is not a str");
        return Some(v);
    };
    if let Some(i) = dict_find_name(d, name) {
        hint.store(i as u32, Ordering::Relaxed);
        if let Some(slot) = d.value_at_mut(i) {
            return Some(std::mem::replace(slot, v));
        }
    }
    d.push_new(s.hash(), name.clone(), v);
    None
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

/// A per-name attribute cache of a code object, for `LoadAttr`,
/// `StoreAttr` and `LoadMethod` on instances of classes (CPython 3.11's
/// `LOAD_ATTR_INSTANCE_VALUE` / `LOAD_METHOD` specializations, adapted).
///
/// `key` packs `tag << 8 | info`: `info` (the `SITE_*` bits) describes the
/// name on the class whose `cache_tag` is `tag`. A class's tag is a number
/// from the interpreter's `type_clock`, never given to another class; it is
/// valid while above `type_version`, which every write to any class dict
/// raises past every tag handed out before it. So an entry whose tag
/// equals the instance's class's current, valid tag was made for that
/// class after the last class change: it cannot be stale, and a freed
/// class whose address is reused cannot match (tags are not addresses).
///
/// Code objects are shared by threads (in parallel under `--no-gil`): the
/// fields are atomics read and written with `Relaxed`. The key is one word,
/// so it cannot tear; `meth` is only a hint, checked against the name
/// before use, so a raced pair costs a miss, never a wrong answer. Tags
/// past 2^56 no longer fit the key: from there on nothing is cached.
#[derive(Default)]
pub struct AttrSite {
    key: AtomicU64,
    /// Entry index of the method in its owner's dict (when `info` names one).
    meth: AtomicU32,
    /// Entry index of the name in the last instance dict it was found in.
    slot: AtomicU32,
}

impl AttrSite {
    /// The look-up hint for instance dicts.
    #[inline(always)]
    pub(crate) fn slot(&self) -> &AtomicU32 {
        &self.slot
    }

    /// `d[name]` if the hinted entry holds the very name object (names are
    /// interned per compilation, so this is the common case).
    #[inline(always)]
    pub(crate) fn dict_get_fast<'d>(&self, d: &'d Dict, name: &Value) -> Option<&'d Value> {
        match d.entry_at(self.slot.load(Ordering::Relaxed) as usize) {
            Some(e) if same_obj(&e.key, name) => Some(&e.value),
            _ => None,
        }
    }

    /// `d[name] = v` through the hint; returns the value replaced, for the
    /// caller to drop once `d` is released.
    #[inline(always)]
    pub(crate) fn dict_store(&self, d: &mut Dict, name: &Value, v: Value) -> Option<Value> {
        dict_store_hinted(d, name, &self.slot, v)
    }
}

/// True when `d` has the str key `name`.
#[inline(always)]
pub(crate) fn dict_has(d: &Dict, name: &Value) -> bool {
    if d.is_empty() {
        return false;
    }
    let Some(s) = name.as_str_obj() else {
        return false;
    };
    let eq = |k: &Value| same_obj(k, name) || k.as_str() == Some(s.as_str());
    if d.capacity_index() > crate::object::dict::SMALL {
        return d.find(s.hash(), eq).is_some();
    }
    // A small dict (most instances): a scan comparing cached hashes.
    let h = s.hash();
    for i in 0..d.capacity_index() {
        if matches!(d.entry_at(i), Some(e) if e.hash == h && eq(&e.key)) {
            return true;
        }
    }
    false
}

/// No data descriptor (property, descriptor instance) on the class for the
/// name: loads try the instance dict first.
pub(crate) const SITE_LOAD_PLAIN: u8 = 0x80;
/// Also no `__setattr__` override: stores go straight to the instance dict.
pub(crate) const SITE_STORE_PLAIN: u8 = 0x40;
/// The low bits: the MRO position (0 = the class itself) of the class
/// defining the name as a plain method, or `SITE_NO_METHOD`.
const SITE_DEPTH: u8 = 0x3f;
const SITE_NO_METHOD: u8 = SITE_DEPTH;
const TAG_LIMIT: u64 = 1 << 56;

impl super::InterpState {
    /// Records a change to a class dict: invalidates every cache entry made
    /// before it (per-thread ones by version, site ones by tag).
    pub(crate) fn types_changed(&self) {
        let now = self.type_clock.fetch_add(1, Ordering::Relaxed) + 1;
        self.type_version.fetch_max(now, Ordering::Relaxed);
    }
}

/// `t`'s cache tag, handing it a fresh one if a class changed since it
/// got its last; `None` once tags no longer fit a site key.
fn class_tag(state: &super::InterpState, t: &TypeObj) -> Option<u64> {
    let tag = t.cache_tag.load(Ordering::Relaxed);
    let tag = if tag > state.type_version.load(Ordering::Relaxed) {
        tag
    } else {
        // Two threads may both get one: either tag is unique and valid;
        // entries made with the one that loses are just misses.
        let new = state.type_clock.fetch_add(1, Ordering::Relaxed) + 1;
        t.cache_tag.store(new, Ordering::Relaxed);
        new
    };
    (tag < TAG_LIMIT).then_some(tag)
}

/// Per-class memo of the special methods a class does not have (CPython
/// keeps empty type slots; `if obj:`, `==` and `hash()` on instances of
/// plain classes ask for `__bool__`, `__eq__`, `__hash__` every time).
/// `TypeObj::special_absent` packs `tag << SPECIAL_BITS | bits`: bit `s`
/// set means `Special` number `s` was looked up and no script-defined
/// method was found (none, or a builtin type's, such as `object.__eq__`,
/// which the protocols handle natively) while the class's cache tag was
/// `tag`. Valid, like a site entry, while that tag is
/// the class's current one and above `type_version`: any class change
/// voids every memo at once. Only absence is remembered; a present method
/// goes through the attribute cache as before.
const SPECIAL_BITS: u32 = 24;

/// Whether `t` is known to lack special method number `s`.
#[inline(always)]
pub(crate) fn special_absent(state: &super::InterpState, t: &TypeObj, s: u32) -> bool {
    let word = t.special_absent.load(Ordering::Relaxed);
    let tag = t.cache_tag.load(Ordering::Relaxed);
    word >> SPECIAL_BITS == tag
        && word & (1 << s) != 0
        && tag > state.type_version.load(Ordering::Relaxed)
}

/// The tag to note an absence under: taken before the look-up whose
/// result is noted, so a class change in between leaves it stale.
pub(crate) fn special_tag(state: &super::InterpState, t: &TypeObj) -> Option<u64> {
    class_tag(state, t).filter(|tag| *tag < 1 << (64 - SPECIAL_BITS))
}

/// Notes that `t` lacks special method number `s` (looked up under `tag`).
/// Two threads noting at once may lose a bit: a later miss, never a
/// wrong answer.
pub(crate) fn note_special_absent(t: &TypeObj, tag: u64, s: u32) {
    debug_assert!(s < SPECIAL_BITS);
    let word = t.special_absent.load(Ordering::Relaxed);
    let bits = if word >> SPECIAL_BITS == tag {
        word & ((1 << SPECIAL_BITS) - 1)
    } else {
        0
    };
    t.special_absent
        .store(tag << SPECIAL_BITS | bits | 1 << s, Ordering::Relaxed);
}

/// The site's `info` for instances of `cls`, if its entry is current.
#[inline(always)]
pub(crate) fn site_info(state: &super::InterpState, site: &AttrSite, cls: &ObjRef) -> Option<u8> {
    let Object::Type(t) = &**cls else {
        return None;
    };
    let key = site.key.load(Ordering::Relaxed);
    let tag = t.cache_tag.load(Ordering::Relaxed);
    // A zero tag (never assigned) never passes: `type_version` >= 1.
    (key >> 8 == tag && tag > state.type_version.load(Ordering::Relaxed)).then_some(key as u8)
}

/// A plain method: what `LoadMethod` pushes unbound with `self` after it.
#[inline(always)]
pub(crate) fn is_plain_method(v: &Value) -> bool {
    match v.as_obj().map(|o| &**o) {
        Some(Object::Function(_)) => true,
        Some(Object::NativeFunction(nf)) => nf.bound.is_none() && nf.name != "__new__",
        _ => false,
    }
}

#[inline(always)]
fn key_is(e: &DictEntry, name: &Value, s: &crate::object::str::StrObj) -> bool {
    same_obj(&e.key, name) || (e.hash == s.hash() && e.key.as_str() == Some(s.as_str()))
}

/// Looks `name` up on `cls` (for instances of it), records the result in
/// `site` and returns its `info`.
#[inline(never)]
pub(crate) fn site_fill(
    caches: &mut VmCaches,
    state: &super::InterpState,
    site: &AttrSite,
    cls: &ObjRef,
    name: &Value,
) -> u8 {
    let (Object::Type(t), Some(s)) = (&**cls, name.as_str_obj()) else {
        return 0;
    };
    // The tag is taken before looking: a class changed meanwhile makes it
    // (and so the entry) invalid.
    let tag = class_tag(state, t);
    let version = state.type_version.load(Ordering::Relaxed);
    let e = cache_entry(caches, version, cls, name, s);
    let (info, meth) = if e.site != 0 {
        (e.site, e.at.1)
    } else {
        let (depth, i) = e.at;
        let mut slot = false;
        let (mut info, meth) = match e.found.as_ref().map(|(v, _)| v) {
            None => (SITE_LOAD_PLAIN | SITE_NO_METHOD, 0),
            Some(v) if super::slots::is_member_named(v, s.as_str()) => {
                slot = true;
                (SITE_LOAD_PLAIN | SITE_NO_METHOD, 0)
            }
            Some(v) if is_data_descriptor_like(v) => (SITE_NO_METHOD, 0),
            Some(v) if is_plain_method(v) && depth < u32::from(SITE_NO_METHOD) => {
                (SITE_LOAD_PLAIN | depth as u8, i)
            }
            Some(_) => (SITE_LOAD_PLAIN | SITE_NO_METHOD, 0),
        };
        if info & SITE_LOAD_PLAIN != 0 {
            let hooked = type_peek(caches, state, cls, &state.names.setattr, |r| {
                matches!(r, Some((_, false)))
            });
            // A dict-less class (`__slots__`) refuses stores of other names.
            if !hooked && (slot || !t.dictless) {
                info |= SITE_STORE_PLAIN;
            }
        }
        // Kept with the entry (if the `__setattr__` look-up left it there)
        // for the next fill of any site with this class and name.
        if let Some(e) = cached_entry(caches, version, cls, name, s) {
            e.site = info;
        }
        (info, meth)
    };
    if let Some(tag) = tag {
        site.meth.store(meth, Ordering::Relaxed);
        site.key.store(tag << 8 | info as u64, Ordering::Relaxed);
    }
    info
}

/// What takes loads and stores of a name away from the instance dict when
/// the class has it: a property, or an instance (possibly a descriptor
/// with `__set__`; not looked into here).
#[inline(always)]
fn is_data_descriptor_like(v: &Value) -> bool {
    matches!(
        v.as_obj().map(|o| &**o),
        Some(Object::Property { .. }) | Some(Object::Instance(_))
    )
}

/// True when `info` says the name is a plain method of the class.
#[inline(always)]
pub(crate) fn site_names_method(info: u8) -> bool {
    info & SITE_DEPTH != SITE_NO_METHOD
}

/// The plain method that `info` (current for `cls`) says `name` is.
#[inline(always)]
pub(crate) fn site_method(site: &AttrSite, info: u8, cls: &ObjRef, name: &Value) -> Option<Value> {
    if !site_names_method(info) {
        return None;
    }
    let depth = info & SITE_DEPTH;
    let Object::Type(t) = &**cls else {
        return None;
    };
    let owner = match depth {
        0 => cls,
        d => t.mro.get(d as usize - 1)?,
    };
    let Object::Type(ot) = &**owner else {
        return None;
    };
    let d = ot.dict.borrow();
    let e = d.entry_at(site.meth.load(Ordering::Relaxed) as usize)?;
    (key_is(e, name, name.as_str_obj()?) && is_plain_method(&e.value)).then(|| e.value.clone())
}
