//! The dict table: insertion-ordered, like CPython's compact dict. Entries
//! live in a vector in insertion order (removed ones leave a hole until the
//! next compaction); a hash table maps hashes to entry indices. Small dicts
//! (at most [`SMALL`] raw entries: most instances' attribute dicts) have no
//! hash table at all: look-ups scan the entries comparing the cached hash
//! first, which beats allocating and probing a table.
//!
//! The table never calls script code: callers compute the key's hash first
//! and pass an equality test that only compares natively. For keys whose
//! equality needs a script `__eq__`, callers use [`Dict::candidates`] to get
//! the entries with an equal hash, compare them with the object borrow
//! released, and then act by index.
//!
//! Each dict also has a *keys version* ([`Dict::keys_version`]) that names
//! its current set of keys, so caches can remember "this name is not in
//! that dict" (the VM's cache of builtins looked up from a function's
//! globals) and trust it while the version stays the same.

use std::sync::atomic::{AtomicU32, Ordering};

use hashbrown::HashTable;

use crate::value::Value;

#[derive(Clone)]
pub struct DictEntry {
    pub hash: u64,
    pub key: Value,
    pub value: Value,
}

/// Up to this many raw entries (holes included) a dict has no hash table.
pub const SMALL: usize = 8;

#[derive(Clone, Default)]
pub struct Dict {
    entries: Vec<Option<DictEntry>>,
    /// Maps hashes to entry indices; empty (unused) while
    /// `entries.len() <= SMALL`, complete otherwise.
    table: HashTable<u32>,
    /// Counts and indices are u32, as the table's entries are (two words
    /// would grow every heap object: `Object::Dict` holds a `Dict`).
    len: u32,
    /// `entries[..lead]` are all holes: walks start at `lead`, so a dict
    /// used as a queue (insert at the end, remove the first: an LRU
    /// cache, `popitem(last=False)`) finds its first entry at once.
    lead: u32,
    keys_version: KeysVersion,
}

/// The source of keys versions, shared by all dicts (of all interpreters)
/// so that a version is never handed out twice: equal versions then mean
/// "same keys", whatever dict they were read from. 0 is never handed out.
static NEXT_KEYS_VERSION: AtomicU32 = AtomicU32::new(1);

/// A dict's keys version: 0 until someone asks ([`Dict::keys_version`]),
/// and back to 0 whenever the set of keys changes, so most dicts never
/// touch the shared counter. Atomic because it is drawn lazily through a
/// shared borrow. A clone has other keys' future, so it starts at 0.
#[derive(Default)]
struct KeysVersion(AtomicU32);

impl Clone for KeysVersion {
    fn clone(&self) -> Self {
        KeysVersion::default()
    }
}

impl Dict {
    pub fn new() -> Self {
        Dict::default()
    }

    pub fn with_capacity(n: usize) -> Self {
        Dict {
            entries: Vec::with_capacity(n),
            table: if n > SMALL {
                HashTable::with_capacity(n)
            } else {
                HashTable::new()
            },
            len: 0,
            lead: 0,
            keys_version: KeysVersion::default(),
        }
    }

    /// A number that stays the same exactly as long as the set of keys
    /// does (inserting a new key, removing one, clearing and compacting
    /// change it; replacing an existing key's value does not). Never
    /// equal for two different key sets, even of two dicts. 0 means "no
    /// version": the counter ran out after 2^32 draws, and caches must
    /// then not trust anything (they never match on 0).
    #[inline]
    pub fn keys_version(&self) -> u32 {
        let v = self.keys_version.0.load(Ordering::Relaxed);
        if v != 0 {
            return v;
        }
        self.new_keys_version()
    }

    #[cold]
    fn new_keys_version(&self) -> u32 {
        // Saturates instead of wrapping: a reused number could make a
        // stale cache entry look valid.
        let fresh = NEXT_KEYS_VERSION
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_add(1))
            .unwrap_or(0);
        // Under a shared borrow two readers may race here (GIL mode allows
        // several shared borrows on one thread); the first one wins and
        // both return the same number.
        match self
            .keys_version
            .0
            .compare_exchange(0, fresh, Ordering::Relaxed, Ordering::Relaxed)
        {
            Ok(_) => fresh,
            Err(current) => current,
        }
    }

    /// Called by every change to the set of keys (or their positions):
    /// the next `keys_version` call draws a fresh number.
    #[inline]
    fn keys_changed(&mut self) {
        *self.keys_version.0.get_mut() = 0;
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.len as usize
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The index of the entry whose key has `hash` and satisfies `eq`.
    #[inline]
    pub fn find(&self, hash: u64, mut eq: impl FnMut(&Value) -> bool) -> Option<usize> {
        let entries = &self.entries;
        if entries.len() <= SMALL {
            return entries
                .iter()
                .position(|e| matches!(e, Some(e) if e.hash == hash && eq(&e.key)));
        }
        self.table
            .find(hash, |&i| match &entries[i as usize] {
                Some(e) => e.hash == hash && eq(&e.key),
                None => false,
            })
            .map(|&i| i as usize)
    }

    #[inline]
    pub fn get(&self, hash: u64, eq: impl FnMut(&Value) -> bool) -> Option<&Value> {
        self.find(hash, eq)
            .and_then(|i| self.entries[i].as_ref())
            .map(|e| &e.value)
    }

    /// Look-up by a Rust string (keys that are str values).
    #[inline]
    pub fn get_str(&self, key: &str) -> Option<&Value> {
        let hash = crate::object::str::str_hash(key);
        self.get(hash, |k| k.as_str() == Some(key))
    }

    /// Look-up by a str value: pointer equality first, then text.
    #[inline]
    pub fn get_by_str_value(&self, key: &Value) -> Option<&Value> {
        let s = key.as_str_obj()?;
        let hash = s.hash();
        self.get(hash, |k| k.is(key) || k.as_str() == Some(s.as_str()))
    }

    /// Indices of live entries whose hash equals `hash`, in table order.
    pub fn candidates(&self, hash: u64) -> Vec<usize> {
        let mut out = Vec::new();
        if self.entries.len() <= SMALL {
            for (i, e) in self.entries.iter().enumerate() {
                if matches!(e, Some(e) if e.hash == hash) {
                    out.push(i);
                }
            }
            return out;
        }
        for &i in self.table.iter_hash(hash) {
            if let Some(e) = &self.entries[i as usize] {
                if e.hash == hash {
                    out.push(i as usize);
                }
            }
        }
        out
    }

    /// Sets `key` to `value`; returns the old value if the key was present
    /// (the original key object is kept, as in Python).
    pub fn insert(
        &mut self,
        hash: u64,
        key: Value,
        value: Value,
        eq: impl FnMut(&Value) -> bool,
    ) -> Option<Value> {
        if let Some(i) = self.find(hash, eq) {
            let e = self.entries[i].as_mut().expect("live entry");
            return Some(std::mem::replace(&mut e.value, value));
        }
        self.push_new(hash, key, value);
        None
    }

    /// Inserts a key known to be absent.
    pub fn push_new(&mut self, hash: u64, key: Value, value: Value) {
        self.keys_changed();
        let idx = self.entries.len() as u32;
        self.entries.push(Some(DictEntry { hash, key, value }));
        self.len += 1;
        if self.entries.len() == SMALL + 1 {
            self.build_table();
        } else if self.entries.len() > SMALL {
            let entries = &self.entries;
            self.table.insert_unique(hash, idx, |&i| {
                entries[i as usize].as_ref().map_or(0, |e| e.hash)
            });
        }
    }

    /// (Re)builds the hash table from the entries (holes map nowhere), or
    /// drops it when the dict is small again.
    fn build_table(&mut self) {
        self.table.clear();
        if self.entries.len() <= SMALL {
            self.table.shrink_to_fit(|_| 0);
            return;
        }
        self.table.reserve(self.entries.len(), |_| 0);
        for (i, e) in self.entries.iter().enumerate() {
            let Some(e) = e else { continue };
            let entries = &self.entries;
            self.table.insert_unique(e.hash, i as u32, |&j| {
                entries[j as usize].as_ref().map_or(0, |e| e.hash)
            });
        }
    }

    /// Sets a str key (for namespaces).
    pub fn set_str(&mut self, key: &str, value: Value) -> Option<Value> {
        let hash = crate::object::str::str_hash(key);
        if let Some(i) = self.find(hash, |k| k.as_str() == Some(key)) {
            let e = self.entries[i].as_mut().expect("live entry");
            return Some(std::mem::replace(&mut e.value, value));
        }
        self.push_new(hash, Value::str(key), value);
        None
    }

    /// Sets a key that is a str value (hash cached in the object).
    pub fn set_by_str_value(&mut self, key: Value, value: Value) -> Option<Value> {
        let s = key.as_str_obj().expect("str key");
        let hash = s.hash();
        let k2 = key.clone();
        self.insert(hash, key, value, |k| k.is(&k2) || k.as_str() == k2.as_str())
    }

    /// Removes the entry at `index`, returning its key and value.
    pub fn remove_at(&mut self, index: usize) -> Option<(Value, Value)> {
        let e = self.entries.get_mut(index)?.take()?;
        self.keys_changed();
        let idx = index as u32;
        if self.entries.len() > SMALL {
            if let Ok(slot) = self.table.find_entry(e.hash, |&i| i == idx) {
                slot.remove();
            }
        }
        self.len -= 1;
        if index == self.lead as usize {
            while matches!(self.entries.get(self.lead as usize), Some(None)) {
                self.lead += 1;
            }
        }
        if self.entries.len() > 16 && self.len() * 2 < self.entries.len() {
            self.compact();
        }
        Some((e.key, e.value))
    }

    pub fn remove(&mut self, hash: u64, eq: impl FnMut(&Value) -> bool) -> Option<(Value, Value)> {
        let i = self.find(hash, eq)?;
        self.remove_at(i)
    }

    pub fn remove_str(&mut self, key: &str) -> Option<Value> {
        let hash = crate::object::str::str_hash(key);
        self.remove(hash, |k| k.as_str() == Some(key))
            .map(|(_, v)| v)
    }

    /// Rebuilds the entry vector without holes (indices change).
    fn compact(&mut self) {
        self.keys_changed();
        let entries: Vec<Option<DictEntry>> =
            self.entries.drain(..).filter(|e| e.is_some()).collect();
        self.entries = entries;
        self.lead = 0;
        self.build_table();
    }

    pub fn clear(&mut self) {
        self.keys_changed();
        self.entries.clear();
        self.table.clear();
        self.len = 0;
        self.lead = 0;
    }

    /// The entry at a raw index (holes are `None`). Iterators walk raw
    /// indices `0..capacity_index()` so they survive other threads' inserts.
    #[inline]
    pub fn entry_at(&self, index: usize) -> Option<&DictEntry> {
        self.entries.get(index).and_then(|e| e.as_ref())
    }

    /// The first raw index that may hold an entry (all before it are holes).
    #[inline]
    pub fn first_index(&self) -> usize {
        self.lead as usize
    }

    /// One past the last raw index in use.
    #[inline]
    pub fn capacity_index(&self) -> usize {
        self.entries.len()
    }

    /// Live entries in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &DictEntry> {
        self.entries[self.lead as usize..]
            .iter()
            .filter_map(|e| e.as_ref())
    }

    pub fn keys(&self) -> Vec<Value> {
        self.iter().map(|e| e.key.clone()).collect()
    }

    pub fn values(&self) -> Vec<Value> {
        self.iter().map(|e| e.value.clone()).collect()
    }

    pub fn items(&self) -> Vec<(Value, Value)> {
        self.iter()
            .map(|e| (e.key.clone(), e.value.clone()))
            .collect()
    }

    /// Removes and returns the last inserted entry (`dict.popitem`).
    pub fn pop_last(&mut self) -> Option<(Value, Value)> {
        let i = self.entries.iter().rposition(|e| e.is_some())?;
        self.remove_at(i)
    }

    /// Mutable access to the value at a raw index.
    pub fn value_at_mut(&mut self, index: usize) -> Option<&mut Value> {
        self.entries
            .get_mut(index)
            .and_then(|e| e.as_mut())
            .map(|e| &mut e.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_get_remove_keep_order() {
        let mut d = Dict::new();
        for i in 0..100 {
            d.set_str(&format!("k{i}"), Value::Int(i));
        }
        for i in (0..100).step_by(2) {
            assert!(d.remove_str(&format!("k{i}")).is_some());
        }
        assert_eq!(d.len(), 50);
        let keys: Vec<String> = d
            .iter()
            .map(|e| e.key.as_str().unwrap().to_string())
            .collect();
        assert_eq!(keys[0], "k1");
        assert_eq!(keys[49], "k99");
        assert!(matches!(d.get_str("k51"), Some(Value::Int(51))));
        assert!(d.get_str("k50").is_none());
        d.set_str("k1", Value::Int(-1));
        assert!(matches!(d.get_str("k1"), Some(Value::Int(-1))));
        assert_eq!(d.len(), 50);
    }

    #[test]
    fn small_and_table_modes_agree() {
        // Grow through the small limit, remove back below it (with holes
        // and compaction), and check every key at every step.
        let mut d = Dict::new();
        for n in 0..40i64 {
            d.set_str(&format!("k{n}"), Value::Int(n));
            for i in 0..=n {
                assert!(matches!(d.get_str(&format!("k{i}")), Some(Value::Int(v)) if *v == i));
            }
            assert!(d.get_str("missing").is_none());
        }
        for n in 0..38i64 {
            assert!(d.remove_str(&format!("k{n}")).is_some());
            assert!(d.get_str(&format!("k{n}")).is_none());
            for i in n + 1..40 {
                assert!(matches!(d.get_str(&format!("k{i}")), Some(Value::Int(v)) if *v == i));
            }
            assert_eq!(d.len(), (39 - n) as usize);
        }
        for n in 0..20i64 {
            d.set_str(&format!("n{n}"), Value::Int(n));
        }
        assert_eq!(d.len(), 22);
        assert!(matches!(d.get_str("k39"), Some(Value::Int(39))));
        assert!(matches!(d.get_str("n19"), Some(Value::Int(19))));
        let h = crate::object::str::str_hash("n3");
        assert_eq!(d.candidates(h).len(), 1);
    }

    #[test]
    fn keys_version_follows_the_key_set() {
        let mut d = Dict::new();
        d.set_str("a", Value::Int(1));
        let v1 = d.keys_version();
        assert_ne!(v1, 0);
        assert_eq!(d.keys_version(), v1, "asking again keeps it");
        // A value update of an existing key keeps the version...
        d.set_str("a", Value::Int(2));
        assert_eq!(d.keys_version(), v1);
        if let Some(slot) = d.value_at_mut(0) {
            *slot = Value::Int(3);
        }
        assert_eq!(d.keys_version(), v1);
        // ...a new key changes it, and never back to an old number.
        d.set_str("b", Value::Int(1));
        let v2 = d.keys_version();
        assert!(v2 != 0 && v2 != v1);
        // Deleting changes it, even back to the same keys as before.
        assert!(d.remove_str("b").is_some());
        let v3 = d.keys_version();
        assert!(v3 != 0 && v3 != v2 && v3 != v1);
        // A missed delete changes nothing.
        assert!(d.remove_str("zzz").is_none());
        assert_eq!(d.keys_version(), v3);
        assert!(d.pop_last().is_some());
        let v4 = d.keys_version();
        assert_ne!(v4, v3);
        d.set_str("c", Value::Int(1));
        let v5 = d.keys_version();
        d.clear();
        assert_ne!(d.keys_version(), v5);
        // A clone (same keys, separate future) gets its own version, and
        // a dict with the same keys built separately does too.
        let mut e = Dict::new();
        e.set_str("x", Value::Int(1));
        let ve = e.keys_version();
        let f = e.clone();
        let vf = f.keys_version();
        assert!(vf != 0 && vf != ve);
        let mut g = Dict::new();
        g.set_str("x", Value::Int(1));
        assert!(g.keys_version() != ve && g.keys_version() != vf);
    }

    #[test]
    fn keys_version_changes_across_table_mode_and_compaction() {
        let mut d = Dict::new();
        let mut seen = std::collections::HashSet::new();
        for n in 0..40i64 {
            d.set_str(&format!("k{n}"), Value::Int(n));
            assert!(seen.insert(d.keys_version()));
        }
        // Removing most keys compacts the entries (indices move).
        for n in 0..35i64 {
            d.remove_str(&format!("k{n}"));
            assert!(seen.insert(d.keys_version()));
        }
        let v = d.keys_version();
        d.set_str("k39", Value::Int(0));
        assert_eq!(d.keys_version(), v);
    }
}
