//! Allocations whose size comes from a script's numbers: `bytes(n)`,
//! `s * n`, `"{:>N}".format(x)`, `int.to_bytes(n)`, `getrandbits(k)`, ...
//!
//! Rust's infallible allocation aborts the process on failure (and panics on
//! a capacity overflow), so every such buffer goes through this module and a
//! request that cannot be served raises `MemoryError` instead.
//!
//! `try_reserve` alone is not enough on Linux: with overcommit a request of a
//! terabyte may *succeed* (only address space is reserved) and the OOM killer
//! ends the process later, when the pages are touched. So a request is first
//! compared with [`limit`], the most memory this process could ever get:
//! the smallest of physical memory + swap (`/proc/meminfo`), the
//! address-space and data-size limits (`/proc/self/limits`, i.e. `ulimit -v`
//! / `-d`) and the cgroup's `memory.max`, read once. A request above it can
//! never succeed and is refused up front; one below it is really attempted,
//! fallibly, as CPython does (so it may still fail with `MemoryError` when
//! the memory is in use by others). A host's memory cap
//! (`Config::memory_limit`, [`cap_requests`]) lowers that limit.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use crate::error::{Error, ExcKind, PyResult};

/// `MemoryError()`.
pub fn memory_error() -> Error {
    Error::new(ExcKind::MemoryError, "")
}

/// The largest number of bytes one allocation may ask for (see the module
/// documentation); at most `isize::MAX`.
pub fn limit() -> usize {
    static LIMIT: OnceLock<usize> = OnceLock::new();
    *LIMIT.get_or_init(machine_limit)
}

fn machine_limit() -> usize {
    let mut limit = isize::MAX as u64;
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let kib = |key: &str| -> Option<u64> {
        let line = meminfo.lines().find(|l| l.starts_with(key))?;
        line[key.len()..]
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse::<u64>()
            .ok()
            .map(|k| k.saturating_mul(1024))
    };
    if let Some(total) = kib("MemTotal:") {
        limit = limit.min(total.saturating_add(kib("SwapTotal:").unwrap_or(0)));
    }
    // The soft limits (first number), "unlimited" otherwise.
    let limits = std::fs::read_to_string("/proc/self/limits").unwrap_or_default();
    for key in ["Max address space", "Max data size"] {
        let soft = limits
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l[key.len()..].split_whitespace().next())
            .and_then(|v| v.parse::<u64>().ok());
        if let Some(bytes) = soft {
            limit = limit.min(bytes);
        }
    }
    // cgroup v2, then v1 (whose "no limit" is a huge number, harmless here).
    for path in [
        "/sys/fs/cgroup/memory.max",
        "/sys/fs/cgroup/memory/memory.limit_in_bytes",
    ] {
        if let Some(bytes) = std::fs::read_to_string(path)
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
        {
            limit = limit.min(bytes);
        }
    }
    usize::try_from(limit).unwrap_or(isize::MAX as usize)
}

/// The smallest memory cap a host set (`Config::memory_limit`), or
/// `usize::MAX`.
static HOST_CAP: AtomicUsize = AtomicUsize::new(usize::MAX);

/// Refuses, from now on, every request above `bytes` (for the whole
/// process: the smallest cap set so far stays).
pub fn cap_requests(bytes: usize) {
    HOST_CAP.fetch_min(bytes, Ordering::Relaxed);
}

/// `Ok(count)` if `count` elements of `elem_size` bytes may be asked for,
/// else `MemoryError`.
pub fn check(count: usize, elem_size: usize) -> PyResult<usize> {
    match count.checked_mul(elem_size) {
        Some(bytes) if bytes <= limit() && bytes <= HOST_CAP.load(Ordering::Relaxed) => Ok(count),
        _ => Err(memory_error()),
    }
}

/// `a + b` bytes (or elements), `MemoryError` on overflow.
pub fn add(a: usize, b: usize) -> PyResult<usize> {
    a.checked_add(b).ok_or_else(memory_error)
}

/// `a * b` bytes (or elements), `MemoryError` on overflow.
pub fn mul(a: usize, b: usize) -> PyResult<usize> {
    a.checked_mul(b).ok_or_else(memory_error)
}

/// Makes room for `additional` more elements in `v`, fallibly.
pub fn reserve<T>(v: &mut Vec<T>, additional: usize) -> PyResult<()> {
    let total = add(v.len(), additional)?;
    check(total, std::mem::size_of::<T>().max(1))?;
    v.try_reserve(additional).map_err(|_| memory_error())
}

/// Makes room for `additional` more bytes in `s`, fallibly.
pub fn reserve_str(s: &mut String, additional: usize) -> PyResult<()> {
    check(add(s.len(), additional)?, 1)?;
    s.try_reserve(additional).map_err(|_| memory_error())
}

/// An empty vector with room for `n` elements.
pub fn vec_with_capacity<T>(n: usize) -> PyResult<Vec<T>> {
    let mut v = Vec::new();
    reserve(&mut v, n)?;
    Ok(v)
}

/// An empty string with room for `bytes` bytes.
pub fn string_with_capacity(bytes: usize) -> PyResult<String> {
    let mut s = String::new();
    reserve_str(&mut s, bytes)?;
    Ok(s)
}

/// `n` zero bytes (`bytes(n)`, `to_bytes` padding, receive buffers).
pub fn zeroed(n: usize) -> PyResult<Vec<u8>> {
    let mut v = vec_with_capacity(n)?;
    v.resize(n, 0);
    Ok(v)
}

/// Appends `n` copies of `c` to `s`, fallibly.
pub fn push_fill(s: &mut String, c: char, n: usize) -> PyResult<()> {
    reserve_str(s, mul(n, c.len_utf8())?)?;
    s.extend(std::iter::repeat_n(c, n));
    Ok(())
}

/// `left` copies of `fill`, then `parts`, then `right` copies of `fill`:
/// the padding of `str.center`, format specs and `%` formatting, sized and
/// allocated once, fallibly.
pub fn padded(fill: char, left: usize, parts: &[&str], right: usize) -> PyResult<String> {
    let fill_bytes = mul(add(left, right)?, fill.len_utf8())?;
    let body = parts
        .iter()
        .try_fold(0usize, |acc, p| acc.checked_add(p.len()))
        .ok_or_else(memory_error)?;
    let mut s = string_with_capacity(add(fill_bytes, body)?)?;
    s.extend(std::iter::repeat_n(fill, left));
    for p in parts {
        s.push_str(p);
    }
    s.extend(std::iter::repeat_n(fill, right));
    Ok(s)
}

/// [`padded`] for bytes (`bytes.center`, `bytes.zfill`, ...).
pub fn padded_bytes(fill: u8, left: usize, parts: &[&[u8]], right: usize) -> PyResult<Vec<u8>> {
    let body = parts
        .iter()
        .try_fold(0usize, |acc, p| acc.checked_add(p.len()))
        .ok_or_else(memory_error)?;
    let mut v = vec_with_capacity(add(add(left, right)?, body)?)?;
    v.resize(left, fill);
    for p in parts {
        v.extend_from_slice(p);
    }
    v.resize(v.len() + right, fill);
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_requests_are_memory_errors() {
        assert!(limit() > 0);
        assert!(check(usize::MAX, 1).is_err());
        assert!(check(limit() / 8 + 1, 8).is_err());
        assert!(vec_with_capacity::<u64>(usize::MAX / 4).is_err());
        assert!(string_with_capacity(isize::MAX as usize).is_err());
        assert!(zeroed(1 << 62).is_err());
        assert!(padded('x', usize::MAX, &["a"], 1).is_err());
        assert_eq!(padded('*', 2, &["a", "b"], 1).unwrap(), "**ab*");
        assert_eq!(zeroed(3).unwrap(), vec![0, 0, 0]);
    }
}
