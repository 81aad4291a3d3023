//! The `queue` module: `Queue(maxsize=0)`, `LifoQueue`, `PriorityQueue`,
//! `SimpleQueue`, and the exceptions `Empty`, `Full` and `ShutDown`
//! (Python 3.13's API, `shutdown(immediate=False)` included). `import Queue`
//! (the Python 2 name) gives the same module.
//!
//! The queues are the Rust cores of [`crate::blocking`] holding script
//! values: a `Value` is an owned handle (`Send`), so items cross threads as
//! they are. Items are only ever dropped here, where the GIL is held: the
//! core gives back the item of a failed `put` and the drained items of an
//! immediate `shutdown`, and the queue's own items go with the queue object.
//! A `PriorityQueue` compares items with the interpreter's `<` (so
//! `(priority, data)` tuples work); a failing comparison raises in the
//! caller and leaves the queue unchanged.

use std::cell::RefCell;
use std::sync::OnceLock;
use std::time::Duration;

use conc_interp::object::{Args, NativeFnPtr};
use conc_interp::prelude::*;

use crate::blocking::{self, BlockError, PutError, ScriptError};
use crate::lock::{block_err, describe, located_class, CellBlocker};
use crate::thread::{registry, VmBlocker};
use crate::util::{arg, check_kwargs, float_arg, index_i64, payload, pos_arity};

const SOURCE: &str = r#"
class Empty(Exception):
    """Raised by get(block=False) / get_nowait() on an empty queue, or when
    a get's timeout runs out."""


class Full(Exception):
    """Raised by put(block=False) / put_nowait() on a full queue, or when a
    put's timeout runs out."""


class ShutDown(Exception):
    """Raised by put() on a queue that was shut down, and by get() on one
    that was shut down and is empty (or shut down immediately)."""


Queue.maxsize = property(Queue._maxsize)

from types import GenericAlias as _GenericAlias

# `Queue[int]` is an alias as in CPython (the subclasses inherit it),
# shown with its module (`queue.Queue[int]`).
for _cls in (Queue, SimpleQueue):
    _cls.__class_getitem__ = classmethod(_GenericAlias)
for _cls in (Queue, LifoQueue, PriorityQueue, SimpleQueue):
    _cls.__module__ = 'queue'
del _cls
"#;

enum Q {
    Plain(blocking::Queue<Value>),
    Prio(blocking::PriorityQueue<Value>),
}

impl std::ops::Deref for Q {
    type Target = blocking::QueueCore<Value>;
    fn deref(&self) -> &blocking::QueueCore<Value> {
        match self {
            Q::Plain(q) => q,
            Q::Prio(q) => q,
        }
    }
}

type QSlot = OnceLock<Q>;

fn new_q_slot() -> Box<dyn std::any::Any + Send + Sync> {
    Box::new(QSlot::new())
}

fn q_of<'a>(args: &Args<'a>, what: &str) -> PyResult<&'a Q> {
    let me = args
        .pos()
        .first()
        .ok_or_else(|| Error::type_error(format!("descriptor '{what}' needs an argument")))?;
    let slot: &QSlot = payload(me, "Queue")?;
    slot.get()
        .ok_or_else(|| Error::runtime_error("Queue.__init__() not called"))
}

#[derive(Clone, Copy)]
enum Kind {
    Fifo,
    Lifo,
    Prio,
}

fn q_new(vm: &mut Vm, args: &Args<'_>, kind: Kind) -> PyResult<Value> {
    let name = match kind {
        Kind::Fifo => "Queue",
        Kind::Lifo => "LifoQueue",
        Kind::Prio => "PriorityQueue",
    };
    pos_arity(name, args, 1, 2)?;
    check_kwargs(name, args, &["maxsize"])?;
    let maxsize = match arg(args, 1, "maxsize") {
        None => 0,
        Some(v) => index_i64(vm, v)?,
    };
    let slot: &QSlot = payload(&args.pos()[0], name)?;
    let desc = describe(vm, name);
    let reg = registry(vm);
    let q = match kind {
        Kind::Fifo => Q::Plain(blocking::Queue::new(&reg, maxsize, desc)),
        Kind::Lifo => Q::Plain(blocking::Queue::new_lifo(&reg, maxsize, desc)),
        Kind::Prio => Q::Prio(blocking::PriorityQueue::new(&reg, maxsize, desc)),
    };
    let _ = slot.set(q);
    Ok(Value::None)
}

fn queue_init(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    q_new(vm, &args, Kind::Fifo)
}

fn lifo_init(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    q_new(vm, &args, Kind::Lifo)
}

fn prio_init(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    q_new(vm, &args, Kind::Prio)
}

/// `block=True, timeout=None` at positions `i`, `i+1`.
fn block_timeout(vm: &mut Vm, args: &Args<'_>, i: usize) -> PyResult<Option<Duration>> {
    let block = match arg(args, i, "block") {
        None => true,
        Some(v) => conc_interp::ops::truthy(vm, v)?,
    };
    let timeout = match arg(args, i + 1, "timeout") {
        None | Some(Value::None) => None,
        Some(v) => Some(float_arg(vm, v)?),
    };
    blocking::queue_timeout(block, timeout).map_err(|e| block_err(vm, e))
}

fn put_item(vm: &mut Vm, q: &Q, item: Value, timeout: Option<Duration>) -> PyResult<Value> {
    let r = match q {
        Q::Plain(q) => q
            .put(&VmBlocker::because(vm, "queue"), item, timeout)
            .map_err(|e| PutError {
                item: e.item,
                error: ScriptError::Block(e.error),
            }),
        Q::Prio(q) => {
            let cell = RefCell::new(&mut *vm);
            let b = CellBlocker::because(&cell, "queue");
            q.put(&b, item, timeout, |a, b| {
                conc_interp::ops::lt(&mut cell.borrow_mut(), a, b)
            })
        }
    };
    match r {
        Ok(()) => Ok(Value::None),
        Err(PutError { item, error }) => {
            drop(item); // here, with the GIL held
            Err(script_err(vm, error))
        }
    }
}

fn get_item(vm: &mut Vm, q: &Q, timeout: Option<Duration>) -> PyResult<Value> {
    let r = match q {
        Q::Plain(q) => q
            .get(&VmBlocker::because(vm, "queue"), timeout)
            .map_err(ScriptError::Block),
        Q::Prio(q) => {
            let cell = RefCell::new(&mut *vm);
            let b = CellBlocker::because(&cell, "queue");
            q.get(&b, timeout, |a, b| {
                conc_interp::ops::lt(&mut cell.borrow_mut(), a, b)
            })
        }
    };
    r.map_err(|e| script_err(vm, e))
}

fn script_err(vm: &mut Vm, e: ScriptError<Error>) -> Error {
    match e {
        ScriptError::Block(e) => block_err(vm, e),
        ScriptError::Script(e) => e,
    }
}

fn q_put(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let q = q_of(&args, "put")?;
    if args.pos().len() == 2 && !args.has_kwargs() {
        return put_item(vm, q, args.pos()[1].clone(), None);
    }
    pos_arity("put", &args, 1, 4)?;
    check_kwargs("put", &args, &["item", "block", "timeout"])?;
    let item = arg(&args, 1, "item")
        .ok_or_else(|| Error::type_error("put() missing required argument 'item'"))?
        .clone();
    let timeout = block_timeout(vm, &args, 2)?;
    put_item(vm, q, item, timeout)
}

fn q_put_nowait(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("put_nowait", &args, 2, 2)?;
    let q = q_of(&args, "put_nowait")?;
    put_item(vm, q, args.pos()[1].clone(), Some(Duration::ZERO))
}

fn q_get(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let q = q_of(&args, "get")?;
    if args.pos().len() == 1 && !args.has_kwargs() {
        return get_item(vm, q, None);
    }
    pos_arity("get", &args, 1, 3)?;
    check_kwargs("get", &args, &["block", "timeout"])?;
    let timeout = block_timeout(vm, &args, 1)?;
    get_item(vm, q, timeout)
}

fn q_get_nowait(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("get_nowait", &args, 1, 1)?;
    let q = q_of(&args, "get_nowait")?;
    get_item(vm, q, Some(Duration::ZERO))
}

fn q_qsize(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Int(q_of(&args, "qsize")?.qsize() as i64))
}

fn q_empty(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Bool(q_of(&args, "empty")?.empty()))
}

fn q_full(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Bool(q_of(&args, "full")?.full()))
}

fn q_maxsize(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Int(q_of(&args, "maxsize")?.maxsize() as i64))
}

fn q_task_done(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("task_done", &args, 1, 1)?;
    let r = q_of(&args, "task_done")?.task_done();
    r.map(|()| Value::None).map_err(|e| block_err(vm, e))
}

fn q_join(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("join", &args, 1, 1)?;
    let q = q_of(&args, "join")?;
    let r = q.join(&VmBlocker::because(vm, "queue"), None);
    r.map(|_| Value::None).map_err(|e| block_err(vm, e))
}

fn q_shutdown(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("shutdown", &args, 1, 2)?;
    check_kwargs("shutdown", &args, &["immediate"])?;
    let immediate = match arg(&args, 1, "immediate") {
        None => false,
        Some(v) => conc_interp::ops::truthy(vm, v)?,
    };
    let q = q_of(&args, "shutdown")?;
    let r = q.shutdown(&VmBlocker::because(vm, "queue"), immediate);
    match r {
        Ok(drained) => {
            drop(drained); // here, with the GIL held
            Ok(Value::None)
        }
        Err(e) => Err(block_err(vm, e)),
    }
}

fn q_repr(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let q = q_of(&args, "__repr__")?;
    Ok(Value::string(format!(
        "<{}: {} items, maxsize={}>",
        q.desc(),
        q.qsize(),
        q.maxsize()
    )))
}

const QUEUE_METHODS: &[(&str, NativeFnPtr)] = &[
    ("__init__", queue_init),
    ("put", q_put),
    ("put_nowait", q_put_nowait),
    ("get", q_get),
    ("get_nowait", q_get_nowait),
    ("qsize", q_qsize),
    ("empty", q_empty),
    ("full", q_full),
    ("task_done", q_task_done),
    ("join", q_join),
    ("shutdown", q_shutdown),
    ("_maxsize", q_maxsize),
    ("__repr__", q_repr),
];

// ----- SimpleQueue ----------------------------------------------------------------

type SSlot = OnceLock<blocking::SimpleQueue<Value>>;

fn new_s_slot() -> Box<dyn std::any::Any + Send + Sync> {
    Box::new(SSlot::new())
}

fn s_of<'a>(args: &Args<'a>, what: &str) -> PyResult<&'a blocking::SimpleQueue<Value>> {
    let me = args
        .pos()
        .first()
        .ok_or_else(|| Error::type_error(format!("descriptor '{what}' needs an argument")))?;
    let slot: &SSlot = payload(me, "SimpleQueue")?;
    slot.get()
        .ok_or_else(|| Error::runtime_error("SimpleQueue.__init__() not called"))
}

fn s_init(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("SimpleQueue", &args, 1, 1)?;
    let slot: &SSlot = payload(&args.pos()[0], "SimpleQueue")?;
    let desc = describe(vm, "SimpleQueue");
    let _ = slot.set(blocking::SimpleQueue::new(&registry(vm), desc));
    Ok(Value::None)
}

fn s_put(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("put", &args, 2, 4)?;
    check_kwargs("put", &args, &["block", "timeout"])?;
    s_of(&args, "put")?.put(args.pos()[1].clone());
    Ok(Value::None)
}

fn s_get(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let q = s_of(&args, "get")?;
    let timeout = if args.pos().len() == 1 && !args.has_kwargs() {
        None
    } else {
        pos_arity("get", &args, 1, 3)?;
        check_kwargs("get", &args, &["block", "timeout"])?;
        block_timeout(vm, &args, 1)?
    };
    let r = q.get(&VmBlocker::because(vm, "queue"), timeout);
    r.map_err(|e: BlockError| block_err(vm, e))
}

fn s_get_nowait(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("get_nowait", &args, 1, 1)?;
    let r = s_of(&args, "get_nowait")?.get_nowait(&VmBlocker::because(vm, "queue"));
    r.map_err(|e| block_err(vm, e))
}

fn s_qsize(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Int(s_of(&args, "qsize")?.qsize() as i64))
}

fn s_empty(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    Ok(Value::Bool(s_of(&args, "empty")?.empty()))
}

fn s_repr(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let q = s_of(&args, "__repr__")?;
    Ok(Value::string(format!(
        "<{}: {} items>",
        q.desc(),
        q.qsize()
    )))
}

const SIMPLE_METHODS: &[(&str, NativeFnPtr)] = &[
    ("__init__", s_init),
    ("put", s_put),
    ("put_nowait", s_put),
    ("get", s_get),
    ("get_nowait", s_get_nowait),
    ("qsize", s_qsize),
    ("empty", s_empty),
    ("__repr__", s_repr),
];

/// The `queue` module.
pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("queue");
    let q = located_class(vm, "Queue", &[], QUEUE_METHODS, Some(new_q_slot));
    let base = std::slice::from_ref(&q);
    let lifo = located_class(vm, "LifoQueue", base, &[("__init__", lifo_init)], None);
    let prio = located_class(vm, "PriorityQueue", base, &[("__init__", prio_init)], None);
    let simple = located_class(vm, "SimpleQueue", &[], SIMPLE_METHODS, Some(new_s_slot));
    vm.module_set(&m, "Queue", Value::Obj(q));
    vm.module_set(&m, "LifoQueue", Value::Obj(lifo));
    vm.module_set(&m, "PriorityQueue", Value::Obj(prio));
    vm.module_set(&m, "SimpleQueue", Value::Obj(simple));
    crate::util::exec_in_module(vm, &m, SOURCE)?;
    registry(vm);
    Ok(m)
}

/// `import Queue` (Python 2's name): the `queue` module.
pub fn init_alias(vm: &mut Vm) -> PyResult<Value> {
    vm.import_module("queue")
}
