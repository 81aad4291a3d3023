//! The hash of str and bytes: SipHash-1-3 (CPython's choice) under a key
//! chosen once per process, so a script's input cannot be built to make
//! every key of a dict collide (hash flooding).
//!
//! The key comes from `CONC_HASHSEED`, read once, as CPython reads
//! `PYTHONHASHSEED`: unset, empty or `random`, a random key; an integer in
//! `0..=4294967295`, a key derived from it, so runs with the same value
//! hash (and order sets of strings) alike. Any other value is an error the
//! `conc` binary reports before it starts ([`seed_from_env`]), as CPython
//! refuses a bad `PYTHONHASHSEED`; an embedding host that does not check
//! gets a random key. The key is the process's: every interpreter in it
//! shares it.

use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;

use siphasher::sip::SipHasher13;

/// The SipHash key of this process.
fn key() -> (u64, u64) {
    static KEY: OnceLock<(u64, u64)> = OnceLock::new();
    *KEY.get_or_init(|| match seed_from_env() {
        Ok(Some(seed)) => (splitmix64(seed), splitmix64(seed ^ 0x5eed)),
        Ok(None) | Err(_) => (random_u64(), random_u64()),
    })
}

/// Why a `CONC_HASHSEED` value was refused (CPython's words for
/// `PYTHONHASHSEED`).
pub const INVALID_SEED: &str =
    "CONC_HASHSEED must be \"random\" or an integer in range [0; 4294967295]";

/// What `CONC_HASHSEED` asks for: `Ok(None)` a random key, `Ok(Some(n))`
/// the key of seed `n`, `Err(value)` a value that is neither.
pub fn seed_from_env() -> Result<Option<u64>, String> {
    match std::env::var("CONC_HASHSEED") {
        Ok(text) => parse_seed(&text).ok_or(text),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(raw)) => Err(raw.to_string_lossy().into_owned()),
    }
}

/// Reads a seed as CPython does (`strtoul` in base 10, the whole text):
/// empty or `random` is `Some(None)`; leading blanks and a sign are
/// allowed, trailing characters are not; `None` for anything else or a
/// value past 2^32 - 1 (`-0` is 0, any other negative number wraps past it).
pub fn parse_seed(text: &str) -> Option<Option<u64>> {
    if text.is_empty() || text == "random" {
        return Some(None);
    }
    let body = text.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    let (negative, digits) = match body.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, body.strip_prefix('+').unwrap_or(body)),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: u64 = digits.parse().ok()?;
    if value > u64::from(u32::MAX) || (negative && value != 0) {
        return None;
    }
    Some(Some(value))
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
        assert_eq!(parse_seed("0"), Some(Some(0)));
        assert_eq!(parse_seed("4294967295"), Some(Some(4_294_967_295)));
        assert_eq!(parse_seed(" +5"), Some(Some(5)));
        assert_eq!(parse_seed("-0"), Some(Some(0)));
        assert_eq!(parse_seed("random"), Some(None));
        assert_eq!(parse_seed(""), Some(None));
    }

    #[test]
    fn other_seeds_are_refused() {
        for bad in [
            "-1",
            "4294967296",
            "99999999999999999999999",
            "abc",
            "5 ",
            "0x10",
            " ",
            "+",
            "Random",
        ] {
            assert_eq!(parse_seed(bad), None, "{bad:?}");
        }
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
