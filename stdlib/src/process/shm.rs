//! Shared memory for `Value` and `Array`: a memfd (a file that lives only
//! in memory) that every process holding the handle maps to the same
//! pages. Elements are read and written with `pread`/`pwrite` at their
//! offsets — one system call each, no `unsafe` mapping — so a single read
//! or write of one element is atomic, and a read-modify-write such as
//! `v.value += 1` is not: without `get_lock()` concurrent increments from
//! several processes are lost, exactly as with CPython's `Value`.
//!
//! `shm_add` is the one read-modify-write that is atomic across
//! processes: an atomic add on the file mapped into memory
//! (`conc_interp::sync::SharedWords`). Process queues count their items
//! with it.
//!
//! Layout: element `i` of typecode `t` sits at `i * size(t)`, in the
//! machine's byte order, with C's sizes (`'i'` is 4 bytes, `'d'` 8), and
//! stores wrap like ctypes' do.

use std::os::fd::AsFd;

use conc_interp::object::{Args, Object};
use conc_interp::{Error, PyResult, Value, Vm};

use super::handle;
use crate::util::{float_arg, index_big, index_i64, pos_arity};

/// The byte size of one element of `typecode`.
fn size_of(typecode: &str) -> PyResult<usize> {
    Ok(match typecode {
        "b" | "B" | "c" => 1,
        "h" | "H" => 2,
        "i" | "I" | "f" => 4,
        "l" | "L" | "q" | "Q" | "d" => 8,
        _ => {
            return Err(Error::value_error(format!(
                "bad typecode '{typecode}' (must be b, B, h, H, i, I, l, L, q, Q, f, d or c)"
            )))
        }
    })
}

fn typecode_arg(v: &Value) -> PyResult<&str> {
    v.as_str()
        .ok_or_else(|| Error::type_error("typecode must be a str"))
}

fn io_error(e: impl Into<std::io::Error>) -> Error {
    Error::new(conc_interp::ExcKind::OSError, e.into().to_string())
}

/// `shm_new(nbytes)` → a handle on `nbytes` of zeroed shared memory.
pub fn shm_new(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("shm_new", &args, 1, 1)?;
    let n = index_i64(vm, &args.pos()[0])?;
    if n < 0 {
        return Err(Error::value_error("size must not be negative"));
    }
    let fd = rustix::fs::memfd_create("conc-shared", rustix::fs::MemfdFlags::CLOEXEC)
        .map_err(io_error)?;
    rustix::fs::ftruncate(&fd, n as u64).map_err(io_error)?;
    handle::new_handle(vm, fd)
}

/// `shm_get(h, typecode, index)` → the element.
pub fn shm_get(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("shm_get", &args, 3, 3)?;
    let fd = handle::fd_of(&args.pos()[0])?;
    let t = typecode_arg(&args.pos()[1])?;
    let size = size_of(t)?;
    let Value::Int(i) = args.pos()[2] else {
        return Err(Error::type_error("index must be an int"));
    };
    let mut buf = [0u8; 8];
    let got = rustix::io::pread(fd.as_fd(), &mut buf[..size], i as u64 * size as u64)
        .map_err(io_error)?;
    if got != size {
        return Err(Error::new(
            conc_interp::ExcKind::IndexError,
            "index out of range",
        ));
    }
    let b = &buf[..size];
    Ok(match t {
        "b" => Value::Int(b[0] as i8 as i64),
        "B" => Value::Int(b[0] as i64),
        "c" => Value::new_obj(Object::Bytes(Box::new([b[0]]))),
        "h" => Value::Int(i16::from_ne_bytes([b[0], b[1]]) as i64),
        "H" => Value::Int(u16::from_ne_bytes([b[0], b[1]]) as i64),
        "i" => Value::Int(i32::from_ne_bytes(b.try_into().unwrap_or_default()) as i64),
        "I" => Value::Int(u32::from_ne_bytes(b.try_into().unwrap_or_default()) as i64),
        "f" => Value::Float(f32::from_ne_bytes(b.try_into().unwrap_or_default()) as f64),
        "d" => Value::Float(f64::from_ne_bytes(buf)),
        "L" | "Q" => crate::util::int_value(u64::from_ne_bytes(buf).into()),
        _ => Value::Int(i64::from_ne_bytes(buf)),
    })
}

/// `shm_set(h, typecode, index, value)`.
pub fn shm_set(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("shm_set", &args, 4, 4)?;
    let fd = handle::fd_of(&args.pos()[0])?;
    let t = typecode_arg(&args.pos()[1])?.to_string();
    let size = size_of(&t)?;
    let Value::Int(i) = args.pos()[2] else {
        return Err(Error::type_error("index must be an int"));
    };
    let v = &args.pos()[3];
    let bytes: [u8; 8] = match t.as_str() {
        "f" => {
            let mut b = [0u8; 8];
            b[..4].copy_from_slice(&(float_arg(vm, v)? as f32).to_ne_bytes());
            b
        }
        "d" => float_arg(vm, v)?.to_ne_bytes(),
        "c" => match v.as_obj().map(|o| &**o) {
            Some(Object::Bytes(b)) if b.len() == 1 => [b[0], 0, 0, 0, 0, 0, 0, 0],
            _ => return Err(Error::type_error("one character bytes expected")),
        },
        _ => {
            // Wrap to the element's width, as ctypes does.
            let big = index_big(vm, v)?;
            let (_, mut le) = big.to_bytes_le();
            if big.sign() == num_bigint::Sign::Minus {
                le = big.to_signed_bytes_le();
            }
            let fill = if big.sign() == num_bigint::Sign::Minus {
                0xff
            } else {
                0
            };
            let mut w = [fill; 8];
            for (d, s) in w.iter_mut().zip(le.iter()) {
                *d = *s;
            }
            let x = u64::from_le_bytes(w);
            x.to_ne_bytes()
        }
    };
    let wrote =
        rustix::io::pwrite(fd.as_fd(), &bytes[..size], i as u64 * size as u64).map_err(io_error)?;
    if wrote != size {
        return Err(Error::new(
            conc_interp::ExcKind::IndexError,
            "index out of range",
        ));
    }
    Ok(Value::None)
}

/// `shm_add(h, index, delta)` → the new value of the 8-byte signed element
/// `index` after adding `delta`: one atomic add on the mapped memory,
/// atomic for every process.
pub fn shm_add(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("shm_add", &args, 3, 3)?;
    let h = handle::handle_of(&args.pos()[0])?;
    let index = index_i64(vm, &args.pos()[1])?;
    let delta = index_i64(vm, &args.pos()[2])?;
    let word = usize::try_from(index)
        .ok()
        .and_then(|i| h.words().ok()?.word(i))
        .ok_or_else(|| Error::new(conc_interp::ExcKind::IndexError, "index out of range"))?;
    let old = word.fetch_add(delta, std::sync::atomic::Ordering::SeqCst);
    Ok(Value::Int(old.wrapping_add(delta)))
}
