//! `collections._tuplegetter(index, doc)`: the descriptor behind a
//! namedtuple's field names, as in CPython. Reading `p.x` on the class's
//! instance (a tuple subclass carrying its tuple) is `p[index]`; the field
//! cannot be assigned or deleted; on the class, `P.x` is the descriptor.

use std::sync::atomic::{AtomicUsize, Ordering};

use conc_interp::object::{base_value, Args, NativeFnPtr, Object};
use conc_interp::prelude::*;

use crate::util::{index_i64, pos_arity, self_payload};

/// The field's position in the tuple; set once by `__init__`.
#[derive(Default)]
struct TupleGetter {
    index: AtomicUsize,
}

pub(crate) fn new_payload() -> Box<dyn std::any::Any + Send + Sync> {
    Box::new(TupleGetter::default())
}

fn getter<'a>(args: &Args<'a>) -> PyResult<&'a TupleGetter> {
    self_payload(args, "_tuplegetter")
}

fn init(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("_tuplegetter", &args, 3, 3)?;
    let g = getter(&args)?;
    let index = index_i64(vm, &args.pos()[1])?;
    let index = usize::try_from(index)
        .map_err(|_| Error::value_error("_tuplegetter index must be non-negative"))?;
    g.index.store(index, Ordering::Relaxed);
    let doc = args.pos()[2].clone();
    vm.set_attr(&args.pos()[0], "__doc__", doc)?;
    Ok(Value::None)
}

/// `descr.__get__(obj, owner)`: the item, or the descriptor itself when read
/// on the class.
fn get(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("__get__", &args, 2, 3)?;
    let g = getter(&args)?;
    let obj = &args.pos()[1];
    if obj.is_none() {
        return Ok(args.pos()[0].clone());
    }
    let index = g.index.load(Ordering::Relaxed);
    let tuple = match obj.as_obj().map(|o| &**o) {
        Some(Object::Tuple(_)) => obj,
        _ => base_value(obj).unwrap_or(obj),
    };
    match tuple.as_obj().map(|o| &**o) {
        Some(Object::Tuple(items)) => items
            .get(index)
            .cloned()
            .ok_or_else(|| Error::index_error("tuple index out of range")),
        _ => Err(Error::type_error(format!(
            "descriptor for index '{index}' for tuple subclasses doesn't apply to '{}' object",
            vm.type_name(obj)
        ))),
    }
}

fn set(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("__set__", &args, 3, 3)?;
    Err(Error::attribute_error("can't set attribute"))
}

fn delete(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("__delete__", &args, 2, 2)?;
    Err(Error::attribute_error("can't delete attribute"))
}

pub(crate) const METHODS: &[(&str, NativeFnPtr)] = &[
    ("__init__", init),
    ("__get__", get),
    ("__set__", set),
    ("__delete__", delete),
];
