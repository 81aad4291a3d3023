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
    len: usize,
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
        }
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.len
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
        let idx = index as u32;
        if self.entries.len() > SMALL {
            if let Ok(slot) = self.table.find_entry(e.hash, |&i| i == idx) {
                slot.remove();
            }
        }
        self.len -= 1;
        if self.entries.len() > 16 && self.len * 2 < self.entries.len() {
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
        let entries: Vec<Option<DictEntry>> =
            self.entries.drain(..).filter(|e| e.is_some()).collect();
        self.entries = entries;
        self.build_table();
    }

    pub fn clear(&mut self) {
        self.entries.clear();
        self.table.clear();
        self.len = 0;
    }

    /// The entry at a raw index (holes are `None`). Iterators walk raw
    /// indices `0..capacity_index()` so they survive other threads' inserts.
    #[inline]
    pub fn entry_at(&self, index: usize) -> Option<&DictEntry> {
        self.entries.get(index).and_then(|e| e.as_ref())
    }

    /// One past the last raw index in use.
    #[inline]
    pub fn capacity_index(&self) -> usize {
        self.entries.len()
    }

    /// Live entries in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &DictEntry> {
        self.entries.iter().filter_map(|e| e.as_ref())
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
}
