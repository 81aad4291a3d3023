//! The hash of str and bytes: SipHash-1-3 (CPython's choice) under a key
//! chosen once per process, so a script's input cannot be built to make
//! every key of a dict collide (hash flooding).
//!
//! The key comes from `CONC_HASHSEED`, read once, as CPython reads
//! `PYTHONHASHSEED`: unset, empty or `random`, a random key; an integer in
//! `0..=4294967295`, a key derived from it, so runs with the same value
//! hash (and order sets of strings) alike. Any other value is ignored (a
//! random key). The key is the process's: every interpreter in it shares
//! it.

use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;

use siphasher::sip::SipHasher13;

/// The SipHash key of this process.
fn key() -> (u64, u64) {
    static KEY: OnceLock<(u64, u64)> = OnceLock::new();
    *KEY.get_or_init(
        || match fixed_seed(std::env::var("CONC_HASHSEED").ok().as_deref()) {
            Some(seed) => (splitmix64(seed), splitmix64(seed ^ 0x5eed)),
            None => (random_u64(), random_u64()),
        },
    )
}

/// The integer `CONC_HASHSEED` names, or `None` for a random key.
pub fn fixed_seed(var: Option<&str>) -> Option<u64> {
    let text = var?.trim();
    text.parse::<u32>().ok().map(u64::from)
}

/// 64 random bits from the operating system's source (std seeds each
/// `RandomState` from it), without another dependency.
fn random_u64() -> u64 {
    std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish()
}

/// Spreads a small seed over all 64 bits (SplitMix64's finalizer).
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The hash of a str's UTF-8 bytes or of a bytes object (the same for
/// ASCII text, as in CPython); never 0 (a str's "not computed yet") and
/// never `u64::MAX` (Python's -1, reserved for errors).
pub fn text_hash(bytes: &[u8]) -> u64 {
    let (k0, k1) = key();
    let mut h = SipHasher13::new_with_keys(k0, k1);
    h.write(bytes);
    match h.finish() {
        0 => 1,
        u64::MAX => u64::MAX - 1,
        h => h,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_is_an_integer_or_random() {
        assert_eq!(fixed_seed(Some("0")), Some(0));
        assert_eq!(fixed_seed(Some("4294967295")), Some(4_294_967_295));
        assert_eq!(fixed_seed(Some("random")), None);
        assert_eq!(fixed_seed(Some("")), None);
        assert_eq!(fixed_seed(Some("-1")), None);
        assert_eq!(fixed_seed(Some("4294967296")), None);
        assert_eq!(fixed_seed(None), None);
    }

    #[test]
    fn equal_text_hashes_alike_and_different_text_differs() {
        assert_eq!(text_hash(b"spam"), text_hash(b"spam"));
        assert_ne!(text_hash(b"spam"), text_hash(b"spam "));
        assert_ne!(text_hash(b""), 0);
    }

    #[test]
    fn seeds_give_different_keys() {
        assert_ne!(splitmix64(0), splitmix64(1));
        assert_ne!(splitmix64(0), 0);
    }
}
