//! The methods of dict (the table itself is `object/dict.rs`; lookups with
//! script-level key equality are `ops::dictops`).
//!
//! `keys()`, `values()` and `items()` return live views: instances of the
//! native classes `dict_keys`, `dict_values`, `dict_items` (created once per
//! interpreter and thread) whose payload is a [`DictView`].

use crate::ops::BinaryOp;

use super::iter::{new_iter, DictIterKind, IterState};
use super::{Args, Dict, InstanceObj, NativeFnPtr, Object};
use crate::error::{Error, ExcKind, PyResult};
use crate::ops::{self, dictops};
use crate::sync::ObjCell;
use crate::value::{ObjRef, Value};
use crate::vm::Vm;

/// A new dict value owning `d`.
pub fn new_dict(d: Dict) -> Value {
    Value::new_obj(Object::Dict(ObjCell::new(d)))
}

fn cell(v: &Value) -> PyResult<&ObjCell<Dict>> {
    match v {
        Value::Obj(o) => match &**o {
            Object::Dict(c) => Ok(c),
            _ => Err(Error::type_error("descriptor requires a 'dict' object")),
        },
        _ => Err(Error::type_error("descriptor requires a 'dict' object")),
    }
}

fn this<'a>(args: &Args<'a>) -> PyResult<&'a Value> {
    let v = args
        .pos()
        .first()
        .ok_or_else(|| Error::type_error("descriptor requires a 'dict' object"))?;
    cell(v)?;
    Ok(v)
}

/// `d.update(other)`: from a dict, a mapping with `keys()`, or an iterable
/// of key/value pairs.
pub fn update_from(vm: &mut Vm, d: &Value, other: &Value) -> PyResult<()> {
    let target = cell(d)?;
    if let Value::Obj(o) = other {
        if let Object::Dict(src) = &**o {
            let items = src.borrow().items();
            for (k, v) in items {
                dictops::cell_set(vm, target, k, v)?;
            }
            return Ok(());
        }
        if let Object::Instance(_) = &**o {
            if let Some(keys) = vm.get_attr_opt(other, "keys")? {
                let keys = vm.call(&keys, &[])?;
                for k in ops::collect(vm, &keys)? {
                    let v = ops::getitem(vm, other, &k)?;
                    dictops::cell_set(vm, target, k, v)?;
                }
                return Ok(());
            }
        }
    }
    let it = ops::iter(vm, other)?;
    let mut n = 0;
    while let Some(item) = ops::next(vm, &it)? {
        let pair = match ops::collect(vm, &item) {
            Ok(p) => p,
            Err(e) if vm.error_matches(&e, ExcKind::TypeError) => {
                return Err(Error::type_error(format!(
                    "cannot convert dictionary update sequence element #{n} to a sequence"
                )))
            }
            Err(e) => return Err(e),
        };
        if pair.len() != 2 {
            return Err(Error::value_error(format!(
                "dictionary update sequence element #{n} has length {}; 2 is required",
                pair.len()
            )));
        }
        let mut pair = pair.into_iter();
        let (k, v) = (
            pair.next().unwrap_or_default(),
            pair.next().unwrap_or_default(),
        );
        dictops::cell_set(vm, target, k, v)?;
        n += 1;
    }
    Ok(())
}

/// `a | b` for two dicts (None if either is not a dict).
pub fn dict_or(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<Option<Value>> {
    let (Ok(x), Ok(_)) = (cell(a), cell(b)) else {
        return Ok(None);
    };
    let out = new_dict(x.borrow().clone());
    update_from(vm, &out, b)?;
    Ok(Some(out))
}

fn apply_kwargs(vm: &mut Vm, d: &Value, args: &Args<'_>) -> PyResult<()> {
    let target = cell(d)?;
    for (k, v) in args.kwargs() {
        dictops::cell_set(vm, target, Value::str(k), v.clone())?;
    }
    Ok(())
}

fn dict_new(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let d = new_dict(Dict::new());
    let pos = args.pos();
    if pos.len() > 2 {
        return Err(Error::type_error(format!(
            "dict expected at most 1 argument, got {}",
            pos.len() - 1
        )));
    }
    if let Some(src) = pos.get(1) {
        update_from(vm, &d, src)?;
    }
    apply_kwargs(vm, &d, &args)?;
    Ok(d)
}

/// `dict.__init__(self, src=(), **kw)`: only a subclass's instances reach
/// it (`dict(...)` itself is built whole by `__new__`); it adds to the
/// instance's dict as `update` does.
fn dict_init(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    update_with_args(vm, &args, "dict")
}

fn dict_get(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let d = this(&args)?;
    let pos = args.pos();
    let k = pos
        .get(1)
        .ok_or_else(|| Error::type_error("get expected at least 1 argument, got 0"))?;
    Ok(ops::dict_get(vm, d, k)?.unwrap_or_else(|| pos.get(2).cloned().unwrap_or_default()))
}

fn view_of(vm: &mut Vm, args: &Args<'_>, kind: DictIterKind) -> PyResult<Value> {
    let d = this(args)?;
    let Value::Obj(o) = d else {
        return Err(Error::type_error("expected a dict"));
    };
    Ok(new_view(vm, o.clone(), kind))
}

fn dict_keys(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    view_of(vm, &args, DictIterKind::Keys)
}

fn dict_values(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    view_of(vm, &args, DictIterKind::Values)
}

fn dict_items(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    view_of(vm, &args, DictIterKind::Items)
}

fn dict_pop(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let d = this(&args)?;
    let pos = args.pos();
    let k = pos
        .get(1)
        .ok_or_else(|| Error::type_error("pop expected at least 1 argument, got 0"))?;
    match ops::dict_del(vm, d, k)? {
        Some(v) => Ok(v),
        None => match pos.get(2) {
            Some(default) => Ok(default.clone()),
            None => Err(ops::key_error(vm, k)),
        },
    }
}

fn dict_popitem(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let popped = cell(this(&args)?)?.borrow_mut().pop_last();
    match popped {
        Some((k, v)) => Ok(Value::tuple(vec![k, v])),
        None => Err(Error::new(
            ExcKind::KeyError,
            "popitem(): dictionary is empty",
        )),
    }
}

fn dict_setdefault(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let d = this(&args)?;
    let pos = args.pos();
    let k = pos
        .get(1)
        .ok_or_else(|| Error::type_error("setdefault expected at least 1 argument, got 0"))?;
    if let Some(v) = ops::dict_get(vm, d, k)? {
        return Ok(v);
    }
    let default = pos.get(2).cloned().unwrap_or_default();
    ops::dict_set(vm, d, k.clone(), default.clone())?;
    Ok(default)
}

fn dict_update(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    update_with_args(vm, &args, "update")
}

/// `d.update(src=(), **kw)` and `dict.__init__`: `name` is the one in the
/// arity error, as CPython words it.
fn update_with_args(vm: &mut Vm, args: &Args<'_>, name: &str) -> PyResult<Value> {
    let d = this(args)?;
    let pos = args.pos();
    if pos.len() > 2 {
        return Err(Error::type_error(format!(
            "{name} expected at most 1 argument, got {}",
            pos.len() - 1
        )));
    }
    if let Some(src) = pos.get(1) {
        update_from(vm, d, src)?;
    }
    apply_kwargs(vm, d, args)?;
    Ok(Value::None)
}

fn dict_copy(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(new_dict(cell(this(&args)?)?.borrow().clone()))
}

fn dict_clear(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let old = std::mem::take(&mut *cell(this(&args)?)?.borrow_mut());
    drop(old);
    Ok(Value::None)
}

/// `dict.fromkeys(iterable, value=None)`; a leading type argument (when
/// called through the class) is skipped.
fn dict_fromkeys(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let mut pos = args.pos();
    let mut subclass = None;
    if let Some(Value::Obj(o)) = pos.first() {
        if matches!(**o, Object::Type(_)) {
            if !vm.is_builtin_type(o) {
                subclass = Some(pos[0].clone());
            }
            pos = &pos[1..];
        }
    }
    let keys = pos
        .first()
        .ok_or_else(|| Error::type_error("fromkeys expected at least 1 argument, got 0"))?;
    let value = pos.get(1).cloned().unwrap_or_default();
    // A subclass's `fromkeys` makes an instance of it and stores through
    // its `__setitem__`, as CPython's does.
    if let Some(cls) = subclass {
        let d = vm.call(&cls, &[])?;
        for k in ops::collect(vm, keys)? {
            ops::setitem(vm, &d, &k, value.clone())?;
        }
        return Ok(d);
    }
    let d = new_dict(Dict::new());
    for k in ops::collect(vm, keys)? {
        ops::dict_set(vm, &d, k, value.clone())?;
    }
    Ok(d)
}

fn key_arg<'a>(args: &Args<'a>) -> PyResult<&'a Value> {
    args.pos()
        .get(1)
        .ok_or_else(|| Error::type_error("expected 1 argument, got 0"))
}

fn dict_getitem(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    ops::getitem(vm, this(&args)?, key_arg(&args)?)
}

fn dict_setitem(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let v = args
        .pos()
        .get(2)
        .cloned()
        .ok_or_else(|| Error::type_error("expected 2 arguments"))?;
    ops::setitem(vm, this(&args)?, key_arg(&args)?, v)?;
    Ok(Value::None)
}

fn dict_delitem(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    ops::delitem(vm, this(&args)?, key_arg(&args)?)?;
    Ok(Value::None)
}

fn dict_contains(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Bool(ops::contains(
        vm,
        this(&args)?,
        key_arg(&args)?,
    )?))
}

fn dict_iter(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    ops::iter(vm, this(&args)?)
}

fn dict_len(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Int(cell(this(&args)?)?.borrow().len() as i64))
}

fn dict_or_method(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let d = this(&args)?;
    match dict_or(vm, d, key_arg(&args)?)? {
        Some(v) => Ok(v),
        None => Ok(Value::new_obj(Object::NotImplemented)),
    }
}

pub const METHODS: &[(&str, NativeFnPtr)] = &[
    ("__new__", dict_new),
    ("__init__", dict_init),
    ("get", dict_get),
    ("keys", dict_keys),
    ("values", dict_values),
    ("items", dict_items),
    ("pop", dict_pop),
    ("popitem", dict_popitem),
    ("setdefault", dict_setdefault),
    ("update", dict_update),
    ("copy", dict_copy),
    ("clear", dict_clear),
    ("fromkeys", dict_fromkeys),
    ("__getitem__", dict_getitem),
    ("__setitem__", dict_setitem),
    ("__delitem__", dict_delitem),
    ("__contains__", dict_contains),
    ("__iter__", dict_iter),
    ("__len__", dict_len),
    ("__or__", dict_or_method),
];

/// The payload of a dict view: which dict, and which part of its entries.
pub struct DictView {
    pub dict: ObjRef,
    pub kind: DictIterKind,
}

/// dict_keys, dict_values, dict_items of `vm`'s interpreter, made on first
/// use (two threads racing here make them twice; one set is kept).
fn view_classes(vm: &mut Vm) -> [ObjRef; 3] {
    if let Some(c) = vm.state.dict_view_classes.get() {
        return c.clone();
    }
    let made = [
        vm.new_class("dict_keys", &[], KEYS_METHODS, None),
        vm.new_class("dict_values", &[], VIEW_METHODS, None),
        vm.new_class("dict_items", &[], KEYS_METHODS, None),
    ];
    vm.state.dict_view_classes.get_or_init(|| made).clone()
}

/// A new live view of `dict`.
pub fn new_view(vm: &mut Vm, dict: ObjRef, kind: DictIterKind) -> Value {
    let [keys, values, items] = view_classes(vm);
    let class = match kind {
        DictIterKind::Keys => keys,
        DictIterKind::Values => values,
        DictIterKind::Items => items,
    };
    Value::new_obj(Object::Instance(InstanceObj::new(
        class,
        ObjCell::new(Dict::new()),
        Some(Box::new(DictView { dict, kind })),
        None,
    )))
}

fn view<'a>(args: &Args<'a>) -> PyResult<&'a DictView> {
    match args.pos().first() {
        Some(Value::Obj(o)) => match &**o {
            Object::Instance(i) => i
                .native::<DictView>()
                .ok_or_else(|| Error::type_error("expected a dict view")),
            _ => Err(Error::type_error("expected a dict view")),
        },
        _ => Err(Error::type_error("expected a dict view")),
    }
}

/// The view's current items as a list of values (keys, values or pairs),
/// taken under one borrow of the dict: a snapshot, consistent also while
/// other threads write the dict without a GIL (`list(d.values())`).
pub fn view_items(v: &DictView) -> Vec<Value> {
    let Object::Dict(d) = &*v.dict else {
        return Vec::new();
    };
    let d = d.borrow();
    match v.kind {
        DictIterKind::Keys => d.keys(),
        DictIterKind::Values => d.values(),
        DictIterKind::Items => d
            .iter()
            .map(|e| Value::tuple(vec![e.key.clone(), e.value.clone()]))
            .collect(),
    }
}

fn view_new(_vm: &mut Vm, _args: Args<'_>) -> PyResult<Value> {
    Err(Error::type_error("cannot create 'dict_keys' instances"))
}

fn view_iter(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let v = view(&args)?;
    let len = match &*v.dict {
        Object::Dict(d) => d.borrow().len(),
        _ => 0,
    };
    Ok(new_iter(IterState::Dict {
        dict: v.dict.clone(),
        pos: 0,
        len,
        kind: v.kind,
    }))
}

fn view_len(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let v = view(&args)?;
    Ok(Value::Int(match &*v.dict {
        Object::Dict(d) => d.borrow().len() as i64,
        _ => 0,
    }))
}

fn view_reversed(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let items = view_items(view(&args)?);
    let n = items.len();
    Ok(new_iter(IterState::Reversed {
        seq: Value::list(items),
        idx: n,
    }))
}

fn view_contains(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let v = view(&args)?;
    let x = args.pos().get(1).cloned().unwrap_or_default();
    let d = Value::Obj(v.dict.clone());
    let found = match v.kind {
        DictIterKind::Keys => ops::contains(vm, &d, &x)?,
        DictIterKind::Items => match &x {
            Value::Obj(o) => match &**o {
                Object::Tuple(t) if t.len() == 2 => match ops::dict_get(vm, &d, &t[0])? {
                    Some(val) => ops::eq(vm, &val, &t[1])?,
                    None => false,
                },
                _ => false,
            },
            _ => false,
        },
        DictIterKind::Values => {
            let mut hit = false;
            for item in view_items(v) {
                if ops::eq(vm, &item, &x)? {
                    hit = true;
                    break;
                }
            }
            hit
        }
    };
    Ok(Value::Bool(found))
}

fn view_repr(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let v = view(&args)?;
    let name = match v.kind {
        DictIterKind::Keys => "dict_keys",
        DictIterKind::Values => "dict_values",
        DictIterKind::Items => "dict_items",
    };
    let inner = ops::repr(vm, &Value::list(view_items(v)))?;
    Ok(Value::string(format!("{name}({inner})")))
}

/// The view (keys or items) as a set, for set operators and `==`.
fn as_set(vm: &mut Vm, v: &Value) -> PyResult<Value> {
    let items = match v {
        Value::Obj(o) => match &**o {
            Object::Instance(i) => match i.native::<DictView>() {
                Some(dv) => Value::list(view_items(dv)),
                None => v.clone(),
            },
            _ => v.clone(),
        },
        _ => v.clone(),
    };
    Ok(super::set::new_set(super::set::table_from(vm, &items)?))
}

fn view_setop(vm: &mut Vm, args: Args<'_>, op: BinaryOp, reflected: bool) -> PyResult<Value> {
    let pos = args.pos();
    let (Some(a), Some(b)) = (pos.first(), pos.get(1)) else {
        return Err(Error::type_error("expected 1 argument"));
    };
    if ops::iter(vm, b).is_err() {
        return Ok(Value::new_obj(Object::NotImplemented));
    }
    let (x, y) = (as_set(vm, a)?, as_set(vm, b)?);
    let (x, y) = if reflected { (y, x) } else { (x, y) };
    match super::set::set_operator(vm, &x, op, &y)? {
        Some(r) => Ok(r),
        None => Ok(Value::new_obj(Object::NotImplemented)),
    }
}

fn view_and(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    view_setop(vm, args, BinaryOp::BitAnd, false)
}
fn view_or(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    view_setop(vm, args, BinaryOp::BitOr, false)
}
fn view_sub(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    view_setop(vm, args, BinaryOp::Sub, false)
}
fn view_xor(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    view_setop(vm, args, BinaryOp::BitXor, false)
}
fn view_rsub(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    view_setop(vm, args, BinaryOp::Sub, true)
}

fn view_eq(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let pos = args.pos();
    let (Some(a), Some(b)) = (pos.first(), pos.get(1)) else {
        return Err(Error::type_error("expected 1 argument"));
    };
    let comparable = match b {
        Value::Obj(o) => match &**o {
            Object::Set(_) | Object::FrozenSet(_) => true,
            Object::Instance(i) => i
                .native::<DictView>()
                .is_some_and(|v| v.kind != DictIterKind::Values),
            _ => false,
        },
        _ => false,
    };
    if !comparable {
        return Ok(Value::new_obj(Object::NotImplemented));
    }
    let (x, y) = (as_set(vm, a)?, as_set(vm, b)?);
    Ok(Value::Bool(ops::eq(vm, &x, &y)?))
}

fn view_isdisjoint(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let r = view_setop(vm, args, BinaryOp::BitAnd, false)?;
    Ok(Value::Bool(!ops::truthy(vm, &r)?))
}

/// dict_values: no set behaviour.
const VIEW_METHODS: &[(&str, NativeFnPtr)] = &[
    ("__new__", view_new),
    ("__iter__", view_iter),
    ("__len__", view_len),
    ("__contains__", view_contains),
    ("__reversed__", view_reversed),
    ("__repr__", view_repr),
];

/// dict_keys and dict_items: set-like.
const KEYS_METHODS: &[(&str, NativeFnPtr)] = &[
    ("__new__", view_new),
    ("__iter__", view_iter),
    ("__len__", view_len),
    ("__contains__", view_contains),
    ("__reversed__", view_reversed),
    ("__repr__", view_repr),
    ("__eq__", view_eq),
    ("__and__", view_and),
    ("__rand__", view_and),
    ("__or__", view_or),
    ("__ror__", view_or),
    ("__sub__", view_sub),
    ("__rsub__", view_rsub),
    ("__xor__", view_xor),
    ("__rxor__", view_xor),
    ("isdisjoint", view_isdisjoint),
];
