//! The combinatoric iterators of `itertools` as native classes:
//! `permutations`, `combinations`, `combinations_with_replacement` and
//! `product`. Each copies its input into a pool at construction (as
//! CPython's C code does, so a bad argument fails at the call) and walks
//! an index vector, one tuple per `__next__`: the conc-generator versions
//! spent a generator resume and a generator expression per tuple.
//! The index algorithms are those of CPython's `itertoolsmodule.c`.

use conc_interp::object::{Args, BuiltinKind, NativeFnPtr};
use conc_interp::ops;
use conc_interp::prelude::*;
use conc_interp::sync::ObjCell;

use crate::itertools_native::{iter_self, stop};
use crate::util::{add_native_classes, arg, cell_payload, index_i64, payload, pos_arity};

/// Where a combinatoric iterator is in its walk.
#[derive(Default, Clone, Copy, PartialEq)]
enum Phase {
    /// Not started: the first `__next__` yields the first tuple.
    #[default]
    First,
    Running,
    Done,
}

/// A non-negative `r` argument; `None` (or no argument) means `default`
/// where there is one.
fn r_arg(vm: &mut Vm, v: Option<&Value>, default: Option<usize>) -> PyResult<usize> {
    let v = match (v, default) {
        (None | Some(Value::None), Some(d)) => return Ok(d),
        // `permutations` takes only a real int (no `__index__`).
        (Some(v), Some(_)) if !vm.isinstance(v, &vm.builtin_type(BuiltinKind::Int)) => {
            return Err(Error::type_error("Expected int as r"))
        }
        (Some(v), _) => v,
        (None, None) => return Err(Error::type_error("an integer is required")),
    };
    let r = index_i64(vm, v)?;
    if r < 0 {
        return Err(Error::value_error("r must be non-negative"));
    }
    Ok(r as usize)
}

/// Refuses keyword arguments other than `allowed`, in the words of
/// CPython's argument parser for these types.
fn check_keywords(fname: &str, args: &Args<'_>, allowed: &[&str]) -> PyResult<()> {
    match args.kwargs().find(|(k, _)| !allowed.contains(k)) {
        Some((k, _)) => Err(Error::type_error(format!(
            "'{k}' is an invalid keyword argument for {fname}()"
        ))),
        None => Ok(()),
    }
}

/// An empty vector with room for `n` items, or MemoryError when that is
/// more than the interpreter's allocation check allows or the allocator
/// gives (a lazily committed reservation of terabytes would pass the
/// latter and fail only when filled).
fn reserve<T>(n: usize) -> PyResult<Vec<T>> {
    ops::check_alloc(n, std::mem::size_of::<T>())?;
    let mut v = Vec::new();
    v.try_reserve_exact(n)
        .map_err(|_| Error::new(ExcKind::MemoryError, ""))?;
    Ok(v)
}

fn tuple_of(pool: &[Value], indices: &[usize]) -> Value {
    Value::tuple(indices.iter().map(|&i| pool[i].clone()).collect())
}

#[derive(Default)]
struct Permutations {
    pool: Vec<Value>,
    r: usize,
    indices: Vec<usize>,
    cycles: Vec<usize>,
    phase: Phase,
}

fn permutations_init(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("permutations", &args, 1, 3)?;
    check_keywords("permutations", &args, &["iterable", "r"])?;
    let Some(iterable) = arg(&args, 1, "iterable") else {
        return Err(Error::type_error(
            "permutations() missing required argument 'iterable' (pos 1)",
        ));
    };
    let pool = ops::collect(vm, iterable)?;
    let n = pool.len();
    let r = r_arg(vm, arg(&args, 2, "r"), Some(n))?;
    // CPython allocates r cycle counters even when r > n makes the
    // iterator empty: a size no machine holds is a MemoryError at the
    // call, a merely large one is an empty iterator.
    let mut cycles = reserve::<usize>(r)?;
    cycles.extend((0..r.min(n)).map(|i| n - i));
    let s: &ObjCell<Permutations> = payload(&args.pos()[0], "permutations")?;
    *s.borrow_mut() = Permutations {
        pool,
        r,
        indices: (0..n).collect(),
        cycles,
        phase: Phase::First,
    };
    Ok(Value::None)
}

fn permutations_next(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s: &ObjCell<Permutations> = payload(&args.pos()[0], "permutations")?;
    let mut st = s.borrow_mut();
    let st = &mut *st;
    let (n, r) = (st.pool.len(), st.r);
    match st.phase {
        Phase::Done => return Err(stop()),
        Phase::First => {
            if r > n {
                st.phase = Phase::Done;
                return Err(stop());
            }
            st.phase = Phase::Running;
            return Ok(tuple_of(&st.pool, &st.indices[..r]));
        }
        Phase::Running => {}
    }
    if n == 0 {
        st.phase = Phase::Done;
        return Err(stop());
    }
    for i in (0..r).rev() {
        st.cycles[i] -= 1;
        if st.cycles[i] == 0 {
            // Move indices[i] to the end, shifting the rest left.
            st.indices[i..].rotate_left(1);
            st.cycles[i] = n - i;
        } else {
            let j = st.cycles[i];
            st.indices.swap(i, n - j);
            return Ok(tuple_of(&st.pool, &st.indices[..r]));
        }
    }
    st.phase = Phase::Done;
    Err(stop())
}

#[derive(Default)]
struct Combinations {
    pool: Vec<Value>,
    indices: Vec<usize>,
    /// Indices may repeat (`combinations_with_replacement`).
    replace: bool,
    phase: Phase,
}

fn combinations_init_with(name: &str, replace: bool, vm: &mut Vm, args: Args<'_>) -> PyResult<()> {
    pos_arity(name, &args, 1, 3)?;
    check_keywords(name, &args, &["iterable", "r"])?;
    let (Some(iterable), Some(r)) = (arg(&args, 1, "iterable"), arg(&args, 2, "r")) else {
        let missing = if arg(&args, 1, "iterable").is_none() {
            "'iterable' (pos 1)"
        } else {
            "'r' (pos 2)"
        };
        return Err(Error::type_error(format!(
            "{name}() missing required argument {missing}"
        )));
    };
    let pool = ops::collect(vm, iterable)?;
    let r = r_arg(vm, Some(r), None)?;
    // r indices: a size no machine holds is a MemoryError at the call,
    // as in CPython.
    let mut indices = reserve::<usize>(r)?;
    if replace {
        indices.resize(r, 0);
    } else {
        indices.extend(0..r);
    }
    let s: &ObjCell<Combinations> = payload(&args.pos()[0], name)?;
    *s.borrow_mut() = Combinations {
        pool,
        indices,
        replace,
        phase: Phase::First,
    };
    Ok(())
}

fn combinations_init(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    combinations_init_with("combinations", false, vm, args)?;
    Ok(Value::None)
}

fn cwr_init(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    combinations_init_with("combinations_with_replacement", true, vm, args)?;
    Ok(Value::None)
}

fn combinations_next(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s: &ObjCell<Combinations> = payload(&args.pos()[0], "combinations")?;
    let mut st = s.borrow_mut();
    let st = &mut *st;
    let (n, r) = (st.pool.len(), st.indices.len());
    match st.phase {
        Phase::Done => return Err(stop()),
        Phase::First => {
            // Nothing to choose from: no combination, except the empty one.
            let none = if st.replace { n == 0 && r > 0 } else { r > n };
            if none {
                st.phase = Phase::Done;
                return Err(stop());
            }
            st.phase = Phase::Running;
            return Ok(tuple_of(&st.pool, &st.indices));
        }
        Phase::Running => {}
    }
    // The rightmost index that can still grow.
    let grows = |i: usize, v: usize| {
        if st.replace {
            v != n - 1
        } else {
            v != i + n - r
        }
    };
    let Some(i) = (0..r).rev().find(|&i| grows(i, st.indices[i])) else {
        st.phase = Phase::Done;
        return Err(stop());
    };
    st.indices[i] += 1;
    for j in i + 1..r {
        st.indices[j] = if st.replace {
            st.indices[i]
        } else {
            st.indices[j - 1] + 1
        };
    }
    Ok(tuple_of(&st.pool, &st.indices))
}

#[derive(Default)]
struct Product {
    pools: Vec<Vec<Value>>,
    indices: Vec<usize>,
    phase: Phase,
}

fn product_init(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_keywords("product", &args, &["repeat"])?;
    let repeat = match args.kwarg("repeat") {
        Some(v) => index_i64(vm, v)?,
        None => 1,
    };
    if repeat < 0 {
        return Err(Error::value_error("repeat argument cannot be negative"));
    }
    // CPython's bound, checked before the iterables are read: the index
    // array of `nargs * repeat` machine words must have a size that fits.
    let nargs = args.pos().len().saturating_sub(1);
    if repeat > 0 && nargs as u64 > (isize::MAX as u64 / 8) / repeat as u64 {
        return Err(Error::new(
            ExcKind::OverflowError,
            "repeat argument too large",
        ));
    }
    // `repeat` copies of the pools (sharing their items): a size no
    // machine holds is a MemoryError, as CPython's tuple of them is,
    // before any iterable is read.
    let total = nargs * repeat as usize;
    let mut pools = reserve::<Vec<Value>>(total)?;
    let mut given = Vec::with_capacity(nargs);
    for it in &args.pos()[1..] {
        given.push(ops::collect(vm, it)?);
    }
    let indices = vec![0; total];
    // `total` copies in all: no empty rounds when there are no pools.
    while pools.len() < total {
        pools.extend(given.iter().cloned());
    }
    let s: &ObjCell<Product> = payload(&args.pos()[0], "product")?;
    *s.borrow_mut() = Product {
        indices,
        pools,
        phase: Phase::First,
    };
    Ok(Value::None)
}

fn product_tuple(st: &Product) -> Value {
    Value::tuple(
        st.pools
            .iter()
            .zip(&st.indices)
            .map(|(p, &i)| p[i].clone())
            .collect(),
    )
}

fn product_next(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let s: &ObjCell<Product> = payload(&args.pos()[0], "product")?;
    let mut st = s.borrow_mut();
    let st = &mut *st;
    match st.phase {
        Phase::Done => return Err(stop()),
        Phase::First => {
            if st.pools.iter().any(|p| p.is_empty()) {
                st.phase = Phase::Done;
                return Err(stop());
            }
            st.phase = Phase::Running;
            return Ok(product_tuple(st));
        }
        Phase::Running => {}
    }
    // An odometer: the rightmost wheel turns, carrying to the left.
    for i in (0..st.pools.len()).rev() {
        st.indices[i] += 1;
        if st.indices[i] < st.pools[i].len() {
            return Ok(product_tuple(st));
        }
        st.indices[i] = 0;
    }
    st.phase = Phase::Done;
    Err(stop())
}

const PERMUTATIONS: &[(&str, NativeFnPtr)] = &[
    ("__init__", permutations_init),
    ("__iter__", iter_self),
    ("__next__", permutations_next),
];
const COMBINATIONS: &[(&str, NativeFnPtr)] = &[
    ("__init__", combinations_init),
    ("__iter__", iter_self),
    ("__next__", combinations_next),
];
const CWR: &[(&str, NativeFnPtr)] = &[
    ("__init__", cwr_init),
    ("__iter__", iter_self),
    ("__next__", combinations_next),
];
const PRODUCT: &[(&str, NativeFnPtr)] = &[
    ("__init__", product_init),
    ("__iter__", iter_self),
    ("__next__", product_next),
];

/// Adds the combinatoric iterator classes to the `itertools` module.
pub fn install(vm: &mut Vm, module: &Value) {
    add_native_classes(
        vm,
        module,
        &[
            ("permutations", PERMUTATIONS, cell_payload::<Permutations>),
            ("combinations", COMBINATIONS, cell_payload::<Combinations>),
            (
                "combinations_with_replacement",
                CWR,
                cell_payload::<Combinations>,
            ),
            ("product", PRODUCT, cell_payload::<Product>),
        ],
    );
}
