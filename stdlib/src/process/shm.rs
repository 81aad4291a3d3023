//! Shared memory for `Value`, `Array` and the queues' counters: a memfd (a
//! file that lives only in memory) that every process holding the handle
//! maps into its address space (`conc_interp::sync::SharedWords`), so all
//! of them load and store the same words.
//!
//! Each element is one 8-byte word, whatever its typecode, read and
//! written as an atomic: a single read or write of one element is atomic,
//! and a read-modify-write such as `v.value += 1` (a load, then a store)
//! is not — without `get_lock()`, concurrent increments from several
//! processes are lost, exactly as with CPython's `Value`. A store wraps to
//! the typecode's width as ctypes does (`'i'` keeps 32 bits, `'B'` 8), and
//! `'f'` rounds through a 32-bit float. `shm_add` is the one
//! read-modify-write that is atomic (the queues count their items with it).

use std::sync::atomic::{AtomicI64, Ordering};

use conc_interp::object::{Args, Object};
use conc_interp::prelude::*;

use super::handle;
use crate::util::{float_arg, index_big, index_i64, pos_arity};

/// The typecodes: C's integer and float types, and `'c'` (one byte).
const TYPECODES: &str = "bBhHiIlLqQfdc";

fn typecode_arg(v: &Value) -> PyResult<char> {
    match v.as_str().map(|s| {
        let mut cs = s.chars();
        (cs.next(), cs.next())
    }) {
        Some((Some(c), None)) if TYPECODES.contains(c) => Ok(c),
        _ => Err(Error::value_error(
            "bad typecode (must be b, B, h, H, i, I, l, L, q, Q, f, d or c)",
        )),
    }
}

fn io_error(vm: &mut Vm, e: impl Into<std::io::Error>) -> Error {
    crate::os::io_error(vm, &e.into())
}

/// The word of element `index` of a handle's shared memory.
fn word<'a>(vm: &mut Vm, h: &'a Value, index: &Value) -> PyResult<&'a AtomicI64> {
    let h = handle::handle_of(h)?;
    let i = index_i64(vm, index)?;
    let words = h.words().map_err(|e| io_error(vm, e))?;
    usize::try_from(i)
        .ok()
        .and_then(|i| words.word(i))
        .ok_or_else(|| Error::new(ExcKind::IndexError, "index out of range"))
}

/// `shm_new(nwords)` → a handle on `nwords` zeroed words of shared memory.
pub fn shm_new(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("shm_new", &args, 1, 1)?;
    let n = index_i64(vm, &args.pos()[0])?;
    let bytes = u64::try_from(n)
        .ok()
        .and_then(|n| n.max(1).checked_mul(8))
        .ok_or_else(|| Error::value_error("size must be a non-negative number of elements"))?;
    let fd = rustix::fs::memfd_create("conc-shared", rustix::fs::MemfdFlags::CLOEXEC)
        .map_err(|e| io_error(vm, e))?;
    rustix::fs::ftruncate(&fd, bytes).map_err(|e| io_error(vm, e))?;
    handle::new_handle(vm, fd)
}

/// `shm_get(h, typecode, index)` → the element.
pub fn shm_get(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("shm_get", &args, 3, 3)?;
    let t = typecode_arg(&args.pos()[1])?;
    let bits = word(vm, &args.pos()[0], &args.pos()[2])?.load(Ordering::Relaxed);
    Ok(match t {
        'f' | 'd' => Value::Float(f64::from_bits(bits as u64)),
        'c' => Value::new_obj(Object::Bytes(Box::new([bits as u8]))),
        'L' | 'Q' => crate::util::int_value((bits as u64).into()),
        _ => Value::Int(bits),
    })
}

/// `shm_set(h, typecode, index, value)`.
pub fn shm_set(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("shm_set", &args, 4, 4)?;
    let t = typecode_arg(&args.pos()[1])?;
    let v = &args.pos()[3];
    let bits: i64 = match t {
        'f' => (float_arg(vm, v)? as f32 as f64).to_bits() as i64,
        'd' => float_arg(vm, v)?.to_bits() as i64,
        'c' => match v.as_obj().map(|o| &**o) {
            Some(Object::Bytes(b)) if b.len() == 1 => b[0] as i64,
            _ => return Err(Error::type_error("one character bytes expected")),
        },
        _ => wrap(t, &index_big(vm, v)?),
    };
    word(vm, &args.pos()[0], &args.pos()[2])?.store(bits, Ordering::Relaxed);
    Ok(Value::None)
}

/// An integer cut to the width of typecode `t` (two's complement), as a
/// ctypes store does; unsigned types keep their bits in the low part.
fn wrap(t: char, big: &num_bigint::BigInt) -> i64 {
    let mut le = big.to_signed_bytes_le();
    let fill = if big.sign() == num_bigint::Sign::Minus {
        0xff
    } else {
        0
    };
    le.resize(8, fill);
    let x = i64::from_le_bytes(le[..8].try_into().unwrap_or_default());
    match t {
        'b' => x as i8 as i64,
        'B' => x as u8 as i64,
        'h' => x as i16 as i64,
        'H' => x as u16 as i64,
        'i' => x as i32 as i64,
        'I' => x as u32 as i64,
        _ => x,
    }
}

/// `shm_add(h, index, delta)` → the new value of the signed word `index`
/// after adding `delta`: one atomic add, atomic for every process.
pub fn shm_add(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("shm_add", &args, 3, 3)?;
    let delta = index_i64(vm, &args.pos()[2])?;
    let old = word(vm, &args.pos()[0], &args.pos()[1])?.fetch_add(delta, Ordering::SeqCst);
    Ok(Value::Int(old.wrapping_add(delta)))
}
