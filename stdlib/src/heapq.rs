//! The `heapq` module: binary min-heaps on plain lists. The sift loops are
//! native (CPython's algorithm, so the resulting list orders match); each
//! comparison goes through `ops::lt` with no list borrow held, since a
//! script `__lt__` may run. `nlargest`, `nsmallest` and `merge` (lazy, a heap
//! of the iterators' heads) are written in conc.

use conc_interp::object::{Args, NativeFnPtr, Object};
use conc_interp::ops;
use conc_interp::prelude::*;
use conc_interp::sync::ObjCell;

use crate::util::{arity, exec_in_module, new_module};

fn list_of<'a>(vm: &Vm, v: &'a Value, fname: &str) -> PyResult<&'a ObjCell<Vec<Value>>> {
    match v.as_obj().map(|o| &**o) {
        Some(Object::List(l)) => Ok(l),
        _ => Err(Error::type_error(format!(
            "{fname}() argument 1 must be list, not {}",
            vm.type_name(v)
        ))),
    }
}

fn get(l: &ObjCell<Vec<Value>>, i: usize) -> PyResult<Value> {
    l.borrow()
        .get(i)
        .cloned()
        .ok_or_else(|| Error::runtime_error("list changed size during iteration"))
}

fn set(l: &ObjCell<Vec<Value>>, i: usize, v: Value) -> PyResult<()> {
    match l.borrow_mut().get_mut(i) {
        Some(slot) => {
            *slot = v;
            Ok(())
        }
        None => Err(Error::runtime_error("list changed size during iteration")),
    }
}

fn sift_down(vm: &mut Vm, l: &ObjCell<Vec<Value>>, start: usize, mut pos: usize) -> PyResult<()> {
    let newitem = get(l, pos)?;
    while pos > start {
        let parentpos = (pos - 1) >> 1;
        let parent = get(l, parentpos)?;
        if ops::lt(vm, &newitem, &parent)? {
            set(l, pos, parent)?;
            pos = parentpos;
            continue;
        }
        break;
    }
    set(l, pos, newitem)
}

fn sift_up(vm: &mut Vm, l: &ObjCell<Vec<Value>>, mut pos: usize) -> PyResult<()> {
    let end = l.borrow().len();
    let start = pos;
    let newitem = get(l, pos)?;
    let mut child = 2 * pos + 1;
    while child < end {
        let right = child + 1;
        if right < end && !ops::lt(vm, &get(l, child)?, &get(l, right)?)? {
            child = right;
        }
        let c = get(l, child)?;
        set(l, pos, c)?;
        pos = child;
        child = 2 * pos + 1;
    }
    set(l, pos, newitem)?;
    sift_down(vm, l, start, pos)
}

fn heappush(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("heappush", &args, 2, 2)?;
    let l = list_of(vm, &args.pos()[0], "heappush")?;
    let n = {
        let mut v = l.borrow_mut();
        v.push(args.pos()[1].clone());
        v.len()
    };
    sift_down(vm, l, 0, n - 1)?;
    Ok(Value::None)
}

fn heappop(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("heappop", &args, 1, 1)?;
    let l = list_of(vm, &args.pos()[0], "heappop")?;
    let last = l
        .borrow_mut()
        .pop()
        .ok_or_else(|| Error::index_error("index out of range"))?;
    let top = {
        let mut v = l.borrow_mut();
        match v.first_mut() {
            Some(first) => std::mem::replace(first, last),
            None => return Ok(last),
        }
    };
    sift_up(vm, l, 0)?;
    Ok(top)
}

fn heapreplace(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("heapreplace", &args, 2, 2)?;
    let l = list_of(vm, &args.pos()[0], "heapreplace")?;
    let top = {
        let mut v = l.borrow_mut();
        match v.first_mut() {
            Some(first) => std::mem::replace(first, args.pos()[1].clone()),
            None => return Err(Error::index_error("index out of range")),
        }
    };
    sift_up(vm, l, 0)?;
    Ok(top)
}

fn heappushpop(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("heappushpop", &args, 2, 2)?;
    let l = list_of(vm, &args.pos()[0], "heappushpop")?;
    let item = args.pos()[1].clone();
    let first = l.borrow().first().cloned();
    match first {
        Some(first) if ops::lt(vm, &first, &item)? => {
            set(l, 0, item)?;
            sift_up(vm, l, 0)?;
            Ok(first)
        }
        _ => Ok(item),
    }
}

fn heapify(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("heapify", &args, 1, 1)?;
    let l = list_of(vm, &args.pos()[0], "heapify")?;
    let n = l.borrow().len();
    for i in (0..n / 2).rev() {
        sift_up(vm, l, i)?;
    }
    Ok(Value::None)
}

const FUNCTIONS: &[(&str, NativeFnPtr)] = &[
    ("heappush", heappush),
    ("heappop", heappop),
    ("heapreplace", heapreplace),
    ("heappushpop", heappushpop),
    ("heapify", heapify),
];

/// The parts of heapq written in conc (CPython's documented equivalents).
const SOURCE: &str = r#"
def nsmallest(n, iterable, key=None):
    return sorted(iterable, key=key)[:n]

def nlargest(n, iterable, key=None):
    return sorted(iterable, key=key, reverse=True)[:n]

def merge(*iterables, key=None, reverse=False):
    if reverse:
        items = []
        for it in iterables:
            items.extend(it)
        yield from sorted(items, key=key, reverse=True)
        return
    h = []
    for order, it in enumerate(map(iter, iterables)):
        for value in it:
            h.append([value if key is None else key(value), order, value, it])
            break
    heapify(h)
    while h:
        entry = h[0]
        it = entry[3]
        yield entry[2]
        for value in it:
            entry[0] = value if key is None else key(value)
            entry[2] = value
            heapreplace(h, entry)
            break
        else:
            heappop(h)
"#;

/// Creates the `heapq` module.
pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = new_module(vm, "heapq", FUNCTIONS);
    exec_in_module(vm, &m, SOURCE)?;
    Ok(m)
}
