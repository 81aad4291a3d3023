//! The str object: immutable UTF-8 text with a cached hash and a flag that
//! makes indexing O(1) for ASCII text.

use std::sync::atomic::{AtomicU64, Ordering};

pub struct StrObj {
    s: Box<str>,
    /// 0 = not computed yet (a computed hash of 0 is stored as 1).
    hash: AtomicU64,
    /// Number of code points (== bytes.len() for ASCII).
    chars: usize,
}

impl StrObj {
    pub fn new(s: Box<str>) -> Self {
        let chars = if s.is_ascii() {
            s.len()
        } else {
            s.chars().count()
        };
        StrObj {
            s,
            hash: AtomicU64::new(0),
            chars,
        }
    }

    #[inline(always)]
    pub fn as_str(&self) -> &str {
        &self.s
    }

    /// Length in code points (Python's `len`).
    #[inline(always)]
    pub fn char_len(&self) -> usize {
        self.chars
    }

    #[inline(always)]
    pub fn is_ascii(&self) -> bool {
        self.chars == self.s.len()
    }

    /// The hash, computed once. A benign race: two threads may both compute
    /// it and store the same number.
    #[inline]
    pub fn hash(&self) -> u64 {
        let h = self.hash.load(Ordering::Relaxed);
        if h != 0 {
            return h;
        }
        let h = str_hash(&self.s);
        self.hash.store(h, Ordering::Relaxed);
        h
    }

    /// The n-th code point (n < char_len).
    pub fn char_at(&self, n: usize) -> Option<char> {
        if self.is_ascii() {
            self.s.as_bytes().get(n).map(|&b| b as char)
        } else {
            self.s.chars().nth(n)
        }
    }
}

/// The hash of a str (see [`super::text_hash`]: seeded per process).
pub fn str_hash(s: &str) -> u64 {
    super::text_hash::text_hash(s.as_bytes())
}
