//! `memoryview`: a view of the bytes of a bytes or bytearray object,
//! without copying them.
//!
//! A native class (like `bytearray`) whose payload says which bytes of its
//! source it shows: a start, a step and a length, in unsigned bytes
//! (format `'B'`, one dimension). Slicing makes another view of the same
//! source, so writes through a view of a bytearray reach the bytearray.
//! While a view of a bytearray is alive (not released), the bytearray
//! counts it as an export and refuses to change size (`BufferError`),
//! which keeps every view's indices valid; a view is released by
//! `release()`, by leaving its `with` block, or when it is freed.
//! A released view raises `ValueError` on use, as in CPython. Casts to
//! other formats and multi-dimensional views are not built.

use std::sync::atomic::Ordering;

use crate::error::{Error, ExcKind, PyResult};
use crate::format::glue;
use crate::object::bytearray::{bytearray_of, bytearray_payload};
use crate::object::bytes::{bytes_of, new_bytes};
use crate::object::{number, slice, Args, NativeFnPtr, Object};
use crate::sync::ObjCell;
use crate::value::{ObjRef, Value};
use crate::vm::Vm;

/// Which bytes of which object a view shows.
#[derive(Clone)]
struct View {
    /// The bytes or bytearray the bytes belong to.
    source: Value,
    /// Index in the source of the view's first byte.
    start: usize,
    /// Distance in the source between consecutive bytes of the view.
    step: isize,
    len: usize,
    readonly: bool,
}

impl View {
    /// The source index of the view's byte `k` (`k < len`).
    fn at(&self, k: usize) -> usize {
        (self.start as isize + k as isize * self.step) as usize
    }

    /// The view's bytes, copied. Indices past the source's end (which the
    /// export count rules out) read as nothing rather than panicking.
    fn read(&self) -> Vec<u8> {
        let pick = |data: &[u8]| -> Vec<u8> {
            (0..self.len)
                .filter_map(|k| data.get(self.at(k)).copied())
                .collect()
        };
        match bytes_of(&self.source) {
            Some(b) => pick(b),
            None => bytearray_of(&self.source).map_or_else(Vec::new, |c| pick(&c.borrow())),
        }
    }

    /// Writes `data` over the view's bytes from its byte `from` on.
    fn write(&self, from: usize, data: &[u8]) {
        if let Some(cell) = bytearray_of(&self.source) {
            let mut b = cell.borrow_mut();
            for (k, byte) in data.iter().enumerate() {
                if let Some(slot) = b.get_mut(self.at(from + k)) {
                    *slot = *byte;
                }
            }
        }
    }

    /// Counts one more export on a bytearray source.
    fn export(&self) {
        if let Some(ba) = bytearray_payload(&self.source) {
            ba.1.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Gives the export back.
    fn unexport(&self) {
        if let Some(ba) = bytearray_payload(&self.source) {
            ba.1.fetch_sub(1, Ordering::Relaxed);
        }
    }
}

/// The payload of a memoryview instance: its view, `None` before
/// `__init__` and after `release()`.
#[derive(Default)]
pub struct MemoryView(ObjCell<Option<View>>);

impl Drop for MemoryView {
    fn drop(&mut self) {
        if let Some(v) = self.0.borrow_mut().take() {
            v.unexport();
        }
    }
}

fn new_payload() -> Box<dyn std::any::Any + Send + Sync> {
    Box::<MemoryView>::default()
}

fn payload(v: &Value) -> Option<&MemoryView> {
    match v.as_obj().map(|o| &**o) {
        Some(Object::Instance(i)) => i.native::<MemoryView>(),
        _ => None,
    }
}

fn released() -> Error {
    Error::value_error("operation forbidden on released memoryview object")
}

/// The view of a live memoryview `v`.
fn live_view(v: &Value) -> PyResult<View> {
    let p =
        payload(v).ok_or_else(|| Error::type_error("descriptor requires a 'memoryview' object"))?;
    let view = p.0.borrow().clone();
    view.ok_or_else(released)
}

/// The view of self (`args[0]`).
fn this(args: &Args<'_>) -> PyResult<View> {
    live_view(args.args.first().unwrap_or(&Value::None))
}

/// The bytes a memoryview shows, copied (`None` if `v` is not one; an
/// error if it is released).
pub fn view_bytes(v: &Value) -> Option<PyResult<Vec<u8>>> {
    payload(v)?;
    Some(live_view(v).map(|view| view.read()))
}

/// The length of a writable buffer (a bytearray or a writable live
/// memoryview), `None` for anything else.
pub fn writable_len(v: &Value) -> Option<usize> {
    if let Some(cell) = bytearray_of(v) {
        return Some(cell.borrow().len());
    }
    let view = payload(v)?.0.borrow().clone()?;
    (!view.readonly).then_some(view.len)
}

/// Writes `data` into the writable buffer `v` (as `writable_len` accepts
/// it) at byte `at`; the caller has checked that it fits.
pub fn write_into(v: &Value, at: usize, data: &[u8]) {
    if let Some(cell) = bytearray_of(v) {
        let mut b = cell.borrow_mut();
        if let Some(dst) = b.get_mut(at..at + data.len()) {
            dst.copy_from_slice(data);
        }
        return;
    }
    if let Some(Some(view)) = payload(v).map(|p| p.0.borrow().clone()) {
        view.write(at, data);
    }
}

/// A new memoryview instance showing `view` (whose export it counts).
fn new_view(vm: &mut Vm, view: View) -> Value {
    let cls = match vm.builtin("memoryview") {
        Some(Value::Obj(c)) if matches!(&*c, Object::Type(t) if t.name == "memoryview") => c,
        _ => make_class(vm),
    };
    let v = vm.instantiate_native(&cls);
    view.export();
    if let Some(p) = payload(&v) {
        *p.0.borrow_mut() = Some(view);
    }
    v
}

/// Makes the `memoryview` class (`vm::builtins` installs it as a builtin).
pub(crate) fn make_class(vm: &mut Vm) -> ObjRef {
    let cls = vm.new_class("memoryview", &[], METHODS, Some(new_payload));
    if let Object::Type(t) = &*cls {
        let mut d = t.dict.borrow_mut();
        d.set_str("__module__", Value::str("builtins"));
        for (name, f) in PROPERTIES {
            d.set_str(
                name,
                Value::new_obj(Object::Property {
                    fget: crate::vm::native_fn(name, *f),
                    fset: Value::None,
                    fdel: Value::None,
                    doc: Value::None,
                }),
            );
        }
    }
    cls
}

const METHODS: &[(&str, NativeFnPtr)] = &[
    ("__init__", mv_init),
    ("__repr__", mv_repr),
    ("__len__", mv_len),
    ("__iter__", mv_iter),
    ("__getitem__", mv_getitem),
    ("__setitem__", mv_setitem),
    ("__delitem__", mv_delitem),
    ("__eq__", mv_eq),
    ("__ne__", mv_ne),
    ("__hash__", mv_hash),
    ("__enter__", mv_enter),
    ("__exit__", mv_exit),
    ("tobytes", mv_tobytes),
    ("tolist", mv_tolist),
    ("hex", mv_hex),
    ("release", mv_release),
    ("cast", mv_cast),
    ("toreadonly", mv_toreadonly),
];

const PROPERTIES: &[(&str, NativeFnPtr)] = &[
    ("obj", mv_obj),
    ("nbytes", mv_nbytes),
    ("readonly", mv_readonly),
    ("format", mv_format),
    ("itemsize", mv_itemsize),
    ("ndim", mv_ndim),
    ("shape", mv_shape),
    ("strides", mv_strides),
    ("contiguous", mv_contiguous),
    ("c_contiguous", mv_contiguous),
    ("f_contiguous", mv_contiguous),
];

/// `memoryview(object)`.
fn mv_init(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let me = args.args.first().cloned().unwrap_or_default();
    let p = payload(&me)
        .ok_or_else(|| Error::type_error("descriptor '__init__' requires a 'memoryview' object"))?;
    let mut source = args.pos().get(1).cloned();
    for (k, v) in args.kwargs() {
        if k != "object" {
            return Err(Error::type_error(format!(
                "memoryview() got an unexpected keyword argument '{k}'"
            )));
        }
        source = Some(v.clone());
    }
    if args.args.len() > 2 {
        return Err(Error::type_error(format!(
            "memoryview() takes at most 1 argument ({} given)",
            args.args.len() - 1
        )));
    }
    let Some(source) = source else {
        return Err(Error::type_error(
            "memoryview() missing required argument 'object' (pos 1)",
        ));
    };
    let view = if let Some(b) = bytes_of(&source) {
        View {
            len: b.len(),
            source: source.clone(),
            start: 0,
            step: 1,
            readonly: true,
        }
    } else if let Some(cell) = bytearray_of(&source) {
        let len = cell.borrow().len();
        View {
            len,
            source: source.clone(),
            start: 0,
            step: 1,
            readonly: false,
        }
    } else if payload(&source).is_some() {
        live_view(&source)?
    } else {
        return Err(Error::type_error(format!(
            "memoryview: a bytes-like object is required, not '{}'",
            glue::type_name(vm, &source)
        )));
    };
    view.export();
    if let Some(old) = p.0.borrow_mut().replace(view) {
        old.unexport();
    }
    Ok(Value::None)
}

fn mv_repr(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let me = args.args.first().cloned().unwrap_or_default();
    let live = payload(&me).is_some_and(|p| p.0.borrow().is_some());
    let what = if live { "memory" } else { "released memory" };
    Ok(Value::string(format!("<{what} at {:#x}>", me.id())))
}

fn mv_len(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Int(this(&args)?.len as i64))
}

/// Iterates over a snapshot of the bytes, as ints.
fn mv_iter(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let items = this(&args)?
        .read()
        .into_iter()
        .map(|b| Value::Int(b as i64))
        .collect();
    crate::ops::iter(vm, &Value::list(items))
}

/// An int index into a view of `len` bytes.
fn index(vm: &mut Vm, key: &Value, len: usize) -> PyResult<usize> {
    let is_int = number::to_i64(key).is_some()
        || matches!(key.as_obj().map(|o| &**o), Some(Object::BigInt(_)))
        || glue::lookup_special(vm, key, "__index__").is_some();
    if !is_int {
        return Err(Error::type_error("memoryview: invalid slice key"));
    }
    let i = glue::to_index(vm, key)?;
    let j = if i < 0 { i + len as i64 } else { i };
    if j < 0 || j >= len as i64 {
        return Err(Error::index_error("index out of bounds on dimension 1"));
    }
    Ok(j as usize)
}

/// The sub-view a slice of `view` selects.
fn sub_view(vm: &mut Vm, view: &View, key: &Value) -> PyResult<View> {
    let ix = slice::indices(vm, key, view.len)?;
    let start = if ix.count == 0 {
        view.start
    } else {
        view.at(ix.start as usize)
    };
    Ok(View {
        source: view.source.clone(),
        start,
        step: view.step * ix.step as isize,
        len: ix.count,
        readonly: view.readonly,
    })
}

fn mv_getitem(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    crate::vm::check_args("__getitem__", &args, 2, 2)?;
    let view = this(&args)?;
    let key = &args.args[1];
    if slice::is_slice(key) {
        let sub = sub_view(vm, &view, key)?;
        return Ok(new_view(vm, sub));
    }
    let i = index(vm, key, view.len)?;
    let byte = View {
        len: 1,
        start: view.at(i),
        ..view
    }
    .read();
    byte.first()
        .map(|b| Value::Int(*b as i64))
        .ok_or_else(|| Error::index_error("index out of bounds on dimension 1"))
}

fn mv_setitem(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    crate::vm::check_args("__setitem__", &args, 3, 3)?;
    let view = this(&args)?;
    if view.readonly {
        return Err(Error::type_error("cannot modify read-only memory"));
    }
    let (key, value) = (&args.args[1], &args.args[2]);
    if slice::is_slice(key) {
        let sub = sub_view(vm, &view, key)?;
        let Some(data) = crate::object::bytearray::buffer_of(value) else {
            if payload(value).is_some() {
                return Err(released());
            }
            return Err(Error::type_error(format!(
                "a bytes-like object is required, not '{}'",
                glue::type_name(vm, value)
            )));
        };
        if data.len() != sub.len {
            return Err(Error::value_error(
                "memoryview assignment: lvalue and rvalue have different structures",
            ));
        }
        sub.write(0, &data);
        return Ok(Value::None);
    }
    let i = index(vm, key, view.len)?;
    let byte = match value {
        Value::Int(n) => u8::try_from(*n)
            .map_err(|_| Error::value_error("memoryview: invalid value for format 'B'"))?,
        Value::Obj(o) if matches!(**o, Object::BigInt(_)) => {
            return Err(Error::value_error(
                "memoryview: invalid value for format 'B'",
            ))
        }
        _ => return Err(Error::type_error("memoryview: invalid type for format 'B'")),
    };
    view.write(i, &[byte]);
    Ok(Value::None)
}

fn mv_delitem(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    this(&args)?;
    Err(Error::type_error("cannot delete memory"))
}

/// `==`: the same bytes as another bytes-like value; a released view is
/// equal only to itself.
fn mv_eq(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    crate::vm::check_args("__eq__", &args, 2, 2)?;
    let (me, other) = (&args.args[0], &args.args[1]);
    if me.is(other) {
        return Ok(Value::Bool(true));
    }
    let Ok(view) = this(&args) else {
        return Ok(Value::Bool(false));
    };
    let theirs = match view_bytes(other) {
        Some(Ok(b)) => b,
        Some(Err(_)) => return Ok(Value::Bool(false)),
        None => match crate::object::bytearray::buffer_of(other) {
            Some(b) => b,
            None => return Ok(Value::new_obj(Object::NotImplemented)),
        },
    };
    Ok(Value::Bool(view.read() == theirs))
}

fn mv_ne(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    match mv_eq(vm, args)? {
        Value::Bool(b) => Ok(Value::Bool(!b)),
        other => Ok(other),
    }
}

/// A read-only view hashes as its bytes; a writable one is unhashable.
fn mv_hash(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let view = this(&args)?;
    if !view.readonly {
        return Err(Error::value_error("cannot hash writable memoryview object"));
    }
    let h = crate::ops::hash(vm, &new_bytes(view.read()))?;
    Ok(Value::Int(h as i64))
}

fn mv_enter(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    this(&args)?;
    Ok(args.args[0].clone())
}

fn mv_exit(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let me = args.args.first().cloned().unwrap_or_default();
    mv_release(vm, Args::new(std::slice::from_ref(&me)))?;
    Ok(Value::Bool(false))
}

fn mv_release(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    crate::vm::check_args("release", &args, 1, 1)?;
    if let Some(p) = payload(&args.args[0]) {
        let old = p.0.borrow_mut().take();
        if let Some(old) = old {
            old.unexport();
        }
    }
    Ok(Value::None)
}

fn mv_tobytes(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(new_bytes(this(&args)?.read()))
}

fn mv_tolist(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    crate::vm::check_args("tolist", &args, 1, 1)?;
    let items = this(&args)?
        .read()
        .into_iter()
        .map(|b| Value::Int(b as i64))
        .collect();
    Ok(Value::list(items))
}

fn mv_hex(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let b = new_bytes(this(&args)?.read());
    let mut argv = vec![b];
    argv.extend_from_slice(&args.args[1..]);
    let hex = crate::object::bytes::METHODS
        .iter()
        .find(|(n, _)| *n == "hex")
        .map(|(_, f)| *f)
        .ok_or_else(|| Error::type_error("hex unavailable"))?;
    hex(
        vm,
        Args {
            args: &argv,
            kwnames: args.kwnames,
        },
    )
}

/// `cast(format)`: to `'B'` (the view itself, contiguous) only.
fn mv_cast(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let view = this(&args)?;
    let Some(format) = args.pos().get(1).or_else(|| args.kwarg("format")) else {
        return Err(Error::type_error(
            "cast() missing required argument 'format' (pos 1)",
        ));
    };
    let Some(f) = format.as_str() else {
        return Err(Error::type_error(format!(
            "cast() argument 'format' must be str, not {}",
            glue::type_name(vm, format)
        )));
    };
    if view.step != 1 && view.len > 1 {
        return Err(Error::type_error(
            "memoryview: casts are restricted to C-contiguous views",
        ));
    }
    let f = f.strip_prefix('@').unwrap_or(f);
    match f {
        "B" => Ok(new_view(vm, view)),
        "b" | "c" | "h" | "H" | "i" | "I" | "l" | "L" | "q" | "Q" | "n" | "N" | "f" | "d"
        | "e" | "?" | "P" => Err(Error::new(
            ExcKind::NotImplementedError,
            format!("memoryview.cast: conc casts to format 'B' only, not '{f}'"),
        )),
        _ => Err(Error::value_error(
            "memoryview: destination format must be a native single character format prefixed with an optional '@'",
        )),
    }
}

fn mv_toreadonly(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let view = this(&args)?;
    Ok(new_view(
        vm,
        View {
            readonly: true,
            ..view
        },
    ))
}

fn mv_obj(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(this(&args)?.source)
}

fn mv_nbytes(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Int(this(&args)?.len as i64))
}

fn mv_readonly(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Bool(this(&args)?.readonly))
}

fn mv_format(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    this(&args)?;
    Ok(Value::str("B"))
}

fn mv_itemsize(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    this(&args)?;
    Ok(Value::Int(1))
}

fn mv_ndim(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    this(&args)?;
    Ok(Value::Int(1))
}

fn mv_shape(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::tuple(vec![Value::Int(this(&args)?.len as i64)]))
}

fn mv_strides(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::tuple(vec![Value::Int(this(&args)?.step as i64)]))
}

fn mv_contiguous(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let view = this(&args)?;
    Ok(Value::Bool(view.step == 1 || view.len <= 1))
}
