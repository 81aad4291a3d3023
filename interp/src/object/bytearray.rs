//! `bytearray`: mutable bytes.
//!
//! A native class (like `deque`): its instances carry a `ByteArray` payload,
//! a byte vector in an `ObjCell`, and the special methods give it the
//! sequence protocol. The methods it shares with `bytes` (find, split,
//! strip, upper, hex, ...) are the bytes implementations run on a snapshot
//! of the bytes, with bytes results turned into bytearrays, as CPython's
//! bytearray methods return bytearrays.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crate::error::{Error, PyResult};
use crate::format::glue;
use crate::object::bytes::{bytes_of, new_bytes};
use crate::object::{number, slice, Args, NativeFnPtr, NativeFunction, NativeImpl, Object};
use crate::sync::ObjCell;
use crate::value::{ObjRef, Value};
use crate::vm::Vm;

/// The payload of a bytearray instance: the bytes, and how many live
/// memoryviews export them (while any does, the size may not change, as
/// a view's indices would dangle; CPython's `ob_exports`).
#[derive(Default)]
pub struct ByteArray(pub ObjCell<Vec<u8>>, pub AtomicUsize);

/// The payload of a bytearray (or subclass) instance.
pub fn bytearray_payload(v: &Value) -> Option<&ByteArray> {
    match v.as_obj().map(|o| &**o) {
        Some(Object::Instance(i)) => i.native::<ByteArray>(),
        _ => None,
    }
}

/// A `BufferError` if a bytearray with live exports would change size
/// from `old` to `new` bytes (the same size is allowed, as in CPython).
fn check_resize(args: &Args<'_>, old: usize, new: usize) -> PyResult<()> {
    let exported = args
        .args
        .first()
        .and_then(bytearray_payload)
        .is_some_and(|b| b.1.load(Ordering::Relaxed) > 0);
    if exported && old != new {
        return Err(Error::new(
            crate::error::ExcKind::BufferError,
            "Existing exports of data: object cannot be re-sized",
        ));
    }
    Ok(())
}

fn new_payload() -> Box<dyn std::any::Any + Send + Sync> {
    Box::<ByteArray>::default()
}

/// The byte vector of a bytearray (or subclass) instance.
pub fn bytearray_of(v: &Value) -> Option<&ObjCell<Vec<u8>>> {
    match v.as_obj().map(|o| &**o) {
        Some(Object::Instance(i)) => i.native::<ByteArray>().map(|b| &b.0),
        _ => None,
    }
}

/// The bytes of a bytes, bytearray or (unreleased) memoryview value,
/// copied.
pub fn buffer_of(v: &Value) -> Option<Vec<u8>> {
    bytes_of(v)
        .map(<[u8]>::to_vec)
        .or_else(|| bytearray_of(v).map(|b| b.borrow().clone()))
        .or_else(|| crate::object::memoryview::view_bytes(v).and_then(Result::ok))
}

fn this<'a>(args: &Args<'a>) -> PyResult<&'a ObjCell<Vec<u8>>> {
    args.pos()
        .first()
        .and_then(bytearray_of)
        .ok_or_else(|| Error::type_error("descriptor requires a 'bytearray' object"))
}

/// Makes the `bytearray` class (`vm::builtins` installs it as a builtin).
pub(crate) fn make_class(vm: &mut Vm) -> ObjRef {
    let cls = vm.new_class("bytearray", &[], METHODS, Some(new_payload));
    if let Object::Type(t) = &*cls {
        let mut d = t.dict.borrow_mut();
        d.set_str("__module__", Value::str("builtins"));
        // Mutable: unhashable, as in CPython.
        d.set_str("__hash__", Value::None);
        for (name, f) in crate::object::bytes::METHODS {
            if SHARED.contains(name) {
                let f: NativeFnPtr = *f;
                let join = *name == "join";
                let imp = NativeImpl::Closure(Arc::new(move |vm: &mut Vm, args: Args<'_>| {
                    shared(vm, args, f, join)
                }));
                d.set_str(
                    name,
                    Value::new_obj(Object::NativeFunction(Box::new(NativeFunction {
                        on_base: false,
                        name: (*name).to_string(),
                        imp,
                        owner: Some("bytearray".into()),
                        bound: None,
                    }))),
                );
            }
        }
        let fromhex = crate::vm::native_fn("fromhex", ba_fromhex);
        d.set_str("fromhex", Value::new_obj(Object::ClassMethod(fromhex)));
    }
    cls
}

/// The bytes methods bytearray runs as they are (on a snapshot).
const SHARED: &[&str] = &[
    "decode",
    "hex",
    "join",
    "split",
    "rsplit",
    "splitlines",
    "startswith",
    "endswith",
    "find",
    "rfind",
    "index",
    "rindex",
    "count",
    "replace",
    "strip",
    "lstrip",
    "rstrip",
    "partition",
    "rpartition",
    "removeprefix",
    "removesuffix",
    "center",
    "ljust",
    "rjust",
    "zfill",
    "expandtabs",
    "isalnum",
    "isalpha",
    "isascii",
    "isdigit",
    "islower",
    "isspace",
    "istitle",
    "isupper",
    "capitalize",
    "swapcase",
    "title",
    "translate",
    "upper",
    "lower",
];

/// Runs the bytes method `f` with self (and bytearray arguments) as bytes;
/// bytes in the result become bytearrays.
fn shared(vm: &mut Vm, args: Args<'_>, f: NativeFnPtr, join: bool) -> PyResult<Value> {
    this(&args)?;
    let converted: Vec<Value> = args
        .args
        .iter()
        .map(|a| match bytearray_of(a) {
            Some(b) => new_bytes(b.borrow().clone()),
            None => a.clone(),
        })
        .collect();
    // `join`'s items may be bytearrays too.
    let converted = if join && args.pos().len() == 2 {
        let items = glue::collect(vm, &converted[1])?;
        let items = items
            .into_iter()
            .map(|a| match bytearray_of(&a) {
                Some(b) => new_bytes(b.borrow().clone()),
                None => a,
            })
            .collect();
        vec![converted[0].clone(), Value::list(items)]
    } else {
        converted
    };
    let r = f(
        vm,
        Args {
            args: &converted,
            kwnames: args.kwnames,
        },
    )?;
    Ok(to_bytearrays(vm, r))
}

/// Bytes become bytearrays, also inside a list or tuple result.
fn to_bytearrays(vm: &mut Vm, v: Value) -> Value {
    if let Some(b) = bytes_of(&v) {
        return new_bytearray(vm, b.to_vec());
    }
    match v.as_obj().map(|o| &**o) {
        Some(Object::List(l)) => {
            let items: Vec<Value> = l.borrow().clone();
            Value::list(items.into_iter().map(|i| to_bytearrays(vm, i)).collect())
        }
        Some(Object::Tuple(t)) => {
            let items: Vec<Value> = t.to_vec();
            Value::tuple(items.into_iter().map(|i| to_bytearrays(vm, i)).collect())
        }
        _ => v,
    }
}

/// A new bytearray holding `b`.
pub fn new_bytearray(vm: &mut Vm, b: Vec<u8>) -> Value {
    let cls = match vm.builtin("bytearray") {
        Some(Value::Obj(c)) if matches!(&*c, Object::Type(t) if t.name == "bytearray") => c,
        _ => make_class(vm),
    };
    let v = vm.instantiate_native(&cls);
    if let Some(cell) = bytearray_of(&v) {
        *cell.borrow_mut() = b;
    }
    v
}

pub(crate) const METHODS: &[(&str, NativeFnPtr)] = &[
    ("__init__", ba_init),
    ("__repr__", ba_repr),
    ("__str__", ba_repr),
    ("__len__", ba_len),
    ("__iter__", ba_iter),
    ("__contains__", ba_contains),
    ("__getitem__", ba_getitem),
    ("__setitem__", ba_setitem),
    ("__delitem__", ba_delitem),
    ("__eq__", ba_eq),
    ("__ne__", ba_ne),
    ("__lt__", ba_lt),
    ("__le__", ba_le),
    ("__gt__", ba_gt),
    ("__ge__", ba_ge),
    ("__add__", ba_add),
    ("__radd__", ba_radd),
    ("__iadd__", ba_iadd),
    ("__mul__", ba_mul),
    ("__rmul__", ba_mul),
    ("__imul__", ba_imul),
    ("append", ba_append),
    ("extend", ba_extend),
    ("pop", ba_pop),
    ("insert", ba_insert),
    ("remove", ba_remove),
    ("reverse", ba_reverse),
    ("clear", ba_clear),
    ("copy", ba_copy),
];

/// A byte from an int value: `ValueError` outside 0..256.
fn byte(vm: &mut Vm, v: &Value) -> PyResult<u8> {
    if number::to_i64(v).is_none() && !matches!(v.as_obj().map(|o| &**o), Some(Object::BigInt(_))) {
        let i = glue::to_index(vm, v)?;
        return u8::try_from(i).map_err(|_| Error::value_error("byte must be in range(0, 256)"));
    }
    match number::to_i64(v) {
        Some(i) if (0..256).contains(&i) => Ok(i as u8),
        _ => Err(Error::value_error("byte must be in range(0, 256)")),
    }
}

/// The bytes of an iterable of ints (or of a bytes-like value).
fn bytes_from(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Some(b) = buffer_of(v) {
        return Ok(b);
    }
    if v.as_str().is_some() {
        return Err(Error::type_error(
            "can assign only bytes, buffers, or iterables of ints in range(0, 256)",
        ));
    }
    let items = glue::collect(vm, v)?;
    let mut out = Vec::with_capacity(items.len());
    for item in &items {
        if number::to_i64(item).is_none()
            && !matches!(item.as_obj().map(|o| &**o), Some(Object::BigInt(_)))
            && glue::lookup_special(vm, item, "__index__").is_none()
        {
            return Err(Error::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                glue::type_name(vm, item)
            )));
        }
        out.push(byte(vm, item)?);
    }
    Ok(out)
}

/// `bytearray(source=b'', encoding=None, errors=None)`.
fn ba_init(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let cell = this(&args)?;
    let mut source = args.pos().get(1).cloned();
    let mut encoding = args.pos().get(2).cloned();
    let mut errors = args.pos().get(3).cloned();
    for (k, v) in args.kwargs() {
        match k {
            "source" => source = Some(v.clone()),
            "encoding" => encoding = Some(v.clone()),
            "errors" => errors = Some(v.clone()),
            _ => {
                return Err(Error::type_error(format!(
                    "'{k}' is an invalid keyword argument for bytearray()"
                )))
            }
        }
    }
    if args.pos().len() > 4 {
        return Err(Error::type_error(format!(
            "bytearray() takes at most 3 arguments ({} given)",
            args.pos().len() - 1
        )));
    }
    let data = match source {
        None => {
            if encoding.is_some() {
                return Err(Error::type_error("encoding without a string argument"));
            }
            if errors.is_some() {
                return Err(Error::type_error("errors without a string argument"));
            }
            Vec::new()
        }
        Some(s) if s.as_str().is_some() => {
            let Some(enc) = encoding else {
                return Err(Error::type_error("string argument without an encoding"));
            };
            let r = vm.call_method(&s, "encode", &[enc])?;
            buffer_of(&r).unwrap_or_default()
        }
        Some(s) => {
            if encoding.is_some() {
                return Err(Error::type_error("encoding without a string argument"));
            }
            if errors.is_some() {
                return Err(Error::type_error("errors without a string argument"));
            }
            if let Some(n) = number::to_i64(&s) {
                if n < 0 {
                    return Err(Error::value_error("negative count"));
                }
                crate::alloc::zeroed(n as usize)?
            } else if matches!(s.as_obj().map(|o| &**o), Some(Object::BigInt(_))) {
                return Err(Error::overflow_error(
                    "cannot fit 'int' into an index-sized integer",
                ));
            } else if buffer_of(&s).is_none() && crate::ops::iter(vm, &s).is_err() {
                return Err(Error::type_error(format!(
                    "cannot convert '{}' object to bytearray",
                    glue::type_name(vm, &s)
                )));
            } else {
                bytes_from(vm, &s)?
            }
        }
    };
    check_resize(&args, cell.borrow().len(), data.len())?;
    *cell.borrow_mut() = data;
    Ok(Value::None)
}

fn ba_repr(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let b = this(&args)?.borrow().clone();
    let name = glue::type_name(vm, &args.args[0]);
    let mut text = crate::format::repr::bytes_repr(&b);
    if text.starts_with("b\"") {
        // CPython's bytearray repr escapes `'` even inside double quotes.
        text = format!("b\"{}\"", text[2..text.len() - 1].replace('\'', "\\'"));
    }
    Ok(Value::string(format!("{name}({text})")))
}

fn ba_len(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Int(this(&args)?.borrow().len() as i64))
}

/// Iterates over a snapshot of the bytes.
fn ba_iter(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let items: Vec<Value> = this(&args)?
        .borrow()
        .iter()
        .map(|&b| Value::Int(b as i64))
        .collect();
    crate::ops::iter(vm, &Value::list(items))
}

fn bytes_method(name: &str) -> NativeFnPtr {
    crate::object::bytes::METHODS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| *f)
        .expect("a bytes method")
}

fn ba_contains(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    shared(vm, args, bytes_method("__contains__"), false)
}

fn ba_getitem(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    if let Some(key) = args.pos().get(1).filter(|k| !is_slice(k)) {
        check_index_type(vm, key)?;
    }
    let r = shared(vm, args, bytes_method("__getitem__"), false);
    match r {
        Err(e) if vm.error_matches(&e, crate::error::ExcKind::IndexError) => {
            Err(Error::index_error("bytearray index out of range"))
        }
        r => r,
    }
}

fn is_slice(v: &Value) -> bool {
    matches!(v.as_obj().map(|o| &**o), Some(Object::Slice { .. }))
}

/// An index must be an int (or have `__index__`).
fn check_index_type(vm: &mut Vm, key: &Value) -> PyResult<()> {
    if number::to_i64(key).is_none()
        && !matches!(key.as_obj().map(|o| &**o), Some(Object::BigInt(_)))
        && glue::lookup_special(vm, key, "__index__").is_none()
    {
        return Err(Error::type_error(format!(
            "bytearray indices must be integers or slices, not {}",
            glue::type_name(vm, key)
        )));
    }
    Ok(())
}

/// A normalized index for item assignment and deletion.
fn item_index(vm: &mut Vm, key: &Value, len: usize) -> PyResult<usize> {
    check_index_type(vm, key)?;
    let i = glue::to_index(vm, key)?;
    let j = if i < 0 { i + len as i64 } else { i };
    if j < 0 || j >= len as i64 {
        return Err(Error::index_error("bytearray index out of range"));
    }
    Ok(j as usize)
}

fn ba_setitem(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    crate::vm::check_args("__setitem__", &args, 3, 3)?;
    let cell = this(&args)?;
    let (key, value) = (&args.args[1], &args.args[2]);
    let len = cell.borrow().len();
    if is_slice(key) {
        if number::to_i64(value).is_some() {
            return Err(Error::type_error(
                "can assign only bytes, buffers, or iterables of ints in range(0, 256)",
            ));
        }
        let new = bytes_from(vm, value)?;
        let ix = slice::indices(vm, key, len)?;
        if ix.step == 1 {
            check_resize(&args, ix.count, new.len())?;
        }
        let mut b = cell.borrow_mut();
        if ix.step == 1 {
            let start = (ix.start.max(0) as usize).min(b.len());
            let end = (start + ix.count).min(b.len());
            b.splice(start..end, new);
            return Ok(Value::None);
        }
        if new.len() != ix.count {
            return Err(Error::value_error(format!(
                "attempt to assign bytes of size {} to extended slice of size {}",
                new.len(),
                ix.count
            )));
        }
        for (k, v) in ix.iter().zip(new) {
            b[k] = v;
        }
        return Ok(Value::None);
    }
    let i = item_index(vm, key, len)?;
    let v = byte(vm, value)?;
    if let Some(slot) = cell.borrow_mut().get_mut(i) {
        *slot = v;
    }
    Ok(Value::None)
}

fn ba_delitem(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    crate::vm::check_args("__delitem__", &args, 2, 2)?;
    let cell = this(&args)?;
    let key = &args.args[1];
    let len = cell.borrow().len();
    if is_slice(key) {
        let ix = slice::indices(vm, key, len)?;
        check_resize(&args, len, len - ix.count)?;
        let mut drop_mask = vec![false; len];
        for k in ix.iter() {
            drop_mask[k] = true;
        }
        let mut b = cell.borrow_mut();
        let mut k = 0;
        b.retain(|_| {
            k += 1;
            !drop_mask[k - 1]
        });
        return Ok(Value::None);
    }
    let i = item_index(vm, key, len)?;
    check_resize(&args, len, len - 1)?;
    cell.borrow_mut().remove(i);
    Ok(Value::None)
}

/// Both sides as bytes for a comparison, or `None` (NotImplemented).
fn compare_pair(args: &Args<'_>) -> PyResult<Option<(Vec<u8>, Vec<u8>)>> {
    let a = this(args)?.borrow().clone();
    Ok(args.pos().get(1).and_then(buffer_of).map(|b| (a, b)))
}

fn compare(args: Args<'_>, test: fn(std::cmp::Ordering) -> bool) -> PyResult<Value> {
    Ok(match compare_pair(&args)? {
        Some((a, b)) => Value::Bool(test(a.cmp(&b))),
        None => Value::new_obj(Object::NotImplemented),
    })
}

fn ba_eq(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    compare(args, |o| o.is_eq())
}
fn ba_ne(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    compare(args, |o| o.is_ne())
}
fn ba_lt(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    compare(args, |o| o.is_lt())
}
fn ba_le(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    compare(args, |o| o.is_le())
}
fn ba_gt(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    compare(args, |o| o.is_gt())
}
fn ba_ge(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    compare(args, |o| o.is_ge())
}

fn concat_operand(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    buffer_of(v).ok_or_else(|| {
        Error::type_error(format!(
            "can't concat {} to bytearray",
            glue::type_name(vm, v)
        ))
    })
}

fn ba_add(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    crate::vm::check_args("__add__", &args, 2, 2)?;
    let mut out = this(&args)?.borrow().clone();
    out.extend(concat_operand(vm, &args.args[1])?);
    Ok(new_bytearray(vm, out))
}

/// `bytes + bytearray` is bytes, as in CPython (bytes accepts any buffer).
fn ba_radd(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    crate::vm::check_args("__radd__", &args, 2, 2)?;
    let right = this(&args)?.borrow().clone();
    let Some(mut left) = bytes_of(&args.args[1]).map(<[u8]>::to_vec) else {
        return Ok(Value::new_obj(Object::NotImplemented));
    };
    left.extend(right);
    Ok(new_bytes(left))
}

fn ba_iadd(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    crate::vm::check_args("__iadd__", &args, 2, 2)?;
    let more = concat_operand(vm, &args.args[1])?;
    let cell = this(&args)?;
    check_resize(&args, 0, more.len())?;
    cell.borrow_mut().extend(more);
    Ok(args.args[0].clone())
}

fn repeat_count(vm: &mut Vm, v: &Value) -> PyResult<Option<usize>> {
    if number::to_i64(v).is_none()
        && !matches!(v.as_obj().map(|o| &**o), Some(Object::BigInt(_)))
        && glue::lookup_special(vm, v, "__index__").is_none()
    {
        return Ok(None);
    }
    let n = glue::to_index(vm, v)?;
    Ok(Some(n.max(0) as usize))
}

fn repeated(b: &[u8], n: usize) -> PyResult<Vec<u8>> {
    let total = b
        .len()
        .checked_mul(n)
        .ok_or_else(|| Error::new(crate::error::ExcKind::MemoryError, ""))?;
    let mut out = crate::alloc::zeroed(total)?;
    for (i, chunk) in out.chunks_mut(b.len().max(1)).enumerate() {
        if i < n && !b.is_empty() {
            chunk.copy_from_slice(b);
        }
    }
    Ok(out)
}

fn ba_mul(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    crate::vm::check_args("__mul__", &args, 2, 2)?;
    let b = this(&args)?.borrow().clone();
    let Some(n) = repeat_count(vm, &args.args[1])? else {
        return Ok(Value::new_obj(Object::NotImplemented));
    };
    let out = repeated(&b, n)?;
    Ok(new_bytearray(vm, out))
}

fn ba_imul(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    crate::vm::check_args("__imul__", &args, 2, 2)?;
    let cell = this(&args)?;
    let Some(n) = repeat_count(vm, &args.args[1])? else {
        return Ok(Value::new_obj(Object::NotImplemented));
    };
    let out = repeated(&cell.borrow(), n)?;
    check_resize(&args, cell.borrow().len(), out.len())?;
    *cell.borrow_mut() = out;
    Ok(args.args[0].clone())
}

fn ba_append(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    crate::vm::check_args("append", &args, 2, 2)?;
    let cell = this(&args)?;
    let v = byte(vm, &args.args[1])?;
    check_resize(&args, 0, 1)?;
    cell.borrow_mut().push(v);
    Ok(Value::None)
}

fn ba_extend(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    crate::vm::check_args("extend", &args, 2, 2)?;
    let cell = this(&args)?;
    let src = &args.args[1];
    if src.as_str().is_some() {
        return Err(Error::type_error(
            "'str' object cannot be interpreted as an integer",
        ));
    }
    let more = bytes_from(vm, src)?;
    check_resize(&args, 0, more.len())?;
    cell.borrow_mut().extend(more);
    Ok(Value::None)
}

fn ba_pop(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    crate::vm::check_args("pop", &args, 1, 2)?;
    let cell = this(&args)?;
    let len = cell.borrow().len();
    if len == 0 {
        return Err(Error::index_error("pop from empty bytearray"));
    }
    let i = match args.pos().get(1) {
        None => len - 1,
        Some(k) => {
            let i = glue::to_index(vm, k)?;
            let j = if i < 0 { i + len as i64 } else { i };
            if j < 0 || j >= len as i64 {
                return Err(Error::index_error("pop index out of range"));
            }
            j as usize
        }
    };
    check_resize(&args, 1, 0)?;
    Ok(Value::Int(cell.borrow_mut().remove(i) as i64))
}

fn ba_insert(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    crate::vm::check_args("insert", &args, 3, 3)?;
    let cell = this(&args)?;
    let len = cell.borrow().len() as i64;
    let i = glue::to_index(vm, &args.args[1])?;
    let at = if i < 0 { (i + len).max(0) } else { i.min(len) };
    let v = byte(vm, &args.args[2])?;
    check_resize(&args, 0, 1)?;
    cell.borrow_mut().insert(at as usize, v);
    Ok(Value::None)
}

fn ba_remove(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    crate::vm::check_args("remove", &args, 2, 2)?;
    let cell = this(&args)?;
    let v = byte(vm, &args.args[1])?;
    let pos = cell.borrow().iter().position(|&b| b == v);
    match pos {
        Some(p) => {
            check_resize(&args, 1, 0)?;
            cell.borrow_mut().remove(p);
            Ok(Value::None)
        }
        None => Err(Error::value_error("value not found in bytearray")),
    }
}

fn ba_reverse(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    crate::vm::check_args("reverse", &args, 1, 1)?;
    this(&args)?.borrow_mut().reverse();
    Ok(Value::None)
}

fn ba_clear(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    crate::vm::check_args("clear", &args, 1, 1)?;
    let cell = this(&args)?;
    check_resize(&args, cell.borrow().len(), 0)?;
    cell.borrow_mut().clear();
    Ok(Value::None)
}

fn ba_copy(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    crate::vm::check_args("copy", &args, 1, 1)?;
    let b = this(&args)?.borrow().clone();
    Ok(new_bytearray(vm, b))
}

/// `bytearray.fromhex(s)`: the bytes parser, the result as a bytearray of
/// the class it was called on.
fn ba_fromhex(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let r = bytes_method("fromhex")(vm, args)?;
    let data = buffer_of(&r).unwrap_or_default();
    let cls = args.pos().first().cloned().unwrap_or_default();
    let v = vm.call(&cls, &[])?;
    if let Some(cell) = bytearray_of(&v) {
        *cell.borrow_mut() = data;
    }
    Ok(v)
}
