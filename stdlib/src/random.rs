//! The `random` module: a native `Random` class over the MT19937 core of
//! `mt.rs`, and module-level functions that are bound methods of one hidden
//! instance (`random._inst`), exactly as in CPython — so seeded sequences
//! match python3's.

use std::sync::Mutex;

use conc_interp::object::{Args, NativeFnPtr, Object};
use conc_interp::ops;
use conc_interp::prelude::*;
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

use crate::mt::PyRandom;
use crate::util::{
    arg, arity, as_bigint, check_kwargs, float_arg, index_big, index_i64, int_value, payload,
    pos_arity,
};

type Rng = Mutex<PyRandom>;

fn new_payload() -> Box<dyn std::any::Any + Send + Sync> {
    Box::new(Mutex::new(PyRandom::default()))
}

/// Runs `f` on the generator of `self` (args[0]). The lock is held only for
/// pure Rust work, never across a call into script code.
fn with<R>(this: &Value, f: impl FnOnce(&mut PyRandom) -> R) -> PyResult<R> {
    let rng: &Rng = payload(this, "Random")?;
    let mut g = rng.lock().unwrap_or_else(|p| p.into_inner());
    Ok(f(&mut g))
}

fn this<'a>(args: &Args<'a>, name: &str) -> PyResult<&'a Value> {
    args.pos()
        .first()
        .ok_or_else(|| Error::type_error(format!("descriptor '{name}' needs an argument")))
}

fn random_init(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("Random", &args, 1, 2)?;
    seed(vm, args)
}

fn seed(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("seed", &args, 1, 2)?;
    check_kwargs("seed", &args, &["a", "version"])?;
    let me = this(&args, "seed")?;
    let key: Option<BigInt> = match arg(&args, 1, "a") {
        None | Some(Value::None) => None,
        Some(v) => Some(match as_bigint(v) {
            Some(b) => b,
            None => match text_seed(v) {
                Some(b) => b,
                // Floats and other hashables seed by their hash, as CPython
                // does.
                None => BigInt::from(ops::hash(vm, v)?),
            },
        }),
    };
    with(me, |g| match key {
        Some(k) => g.seed_int(&k),
        None => g.seed_from_entropy(),
    })?;
    Ok(Value::None)
}

/// The integer CPython's `seed` (version 2) makes of a str, bytes or
/// bytearray: its bytes followed by their SHA-512, read big-endian. Not
/// the str's hash, which is randomized per process.
fn text_seed(v: &Value) -> Option<BigInt> {
    use sha2::Digest;
    let mut bytes = match v.as_str() {
        Some(s) => s.as_bytes().to_vec(),
        None => conc_interp::object::bytearray::buffer_of(v)?,
    };
    let digest = sha2::Sha512::digest(&bytes);
    bytes.extend_from_slice(&digest);
    Some(BigInt::from_bytes_be(num_bigint::Sign::Plus, &bytes))
}

fn random(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("random", &args, 1, 1)?;
    with(&args.pos()[0], |g| Value::Float(g.random()))
}

fn getrandbits(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("getrandbits", &args, 2, 2)?;
    let k = index_i64(vm, &args.pos()[1])?;
    // CPython 3.11 takes k as a C int.
    if k > i32::MAX as i64 || k < i32::MIN as i64 {
        return Err(Error::overflow_error(
            "Python int too large to convert to C int",
        ));
    }
    if k < 0 {
        return Err(Error::value_error("number of bits must be non-negative"));
    }
    with(&args.pos()[0], |g| int_value(g.getrandbits_big(k as u64)))
}

fn uniform(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("uniform", &args, 3, 3)?;
    let a = float_arg(vm, &args.pos()[1])?;
    let b = float_arg(vm, &args.pos()[2])?;
    with(&args.pos()[0], |g| Value::Float(a + (b - a) * g.random()))
}

/// randrange on big ints (only the step-1 forms need it in practice).
fn randrange_big(me: &Value, start: BigInt, stop: Option<BigInt>, step: BigInt) -> PyResult<Value> {
    let (lo, width) = match stop {
        None => (BigInt::zero(), start),
        Some(stop) => {
            let w = &stop - &start;
            (start, w)
        }
    };
    if !step.is_positive() || step != BigInt::from(1) {
        return Err(Error::value_error(
            "randrange() with a step needs bounds that fit in 64 bits",
        ));
    }
    if !width.is_positive() {
        return Err(Error::value_error("empty range for randrange()"));
    }
    let r = with(me, |g| g.randbelow_big(&width))?;
    Ok(int_value(lo + r))
}

fn randrange(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("randrange", &args, 2, 4)?;
    check_kwargs("randrange", &args, &["start", "stop", "step"])?;
    let me = &args.pos()[0];
    let start = index_big(vm, arg(&args, 1, "start").unwrap_or(&Value::None))?;
    let stop = match arg(&args, 2, "stop") {
        None | Some(Value::None) => None,
        Some(v) => Some(index_big(vm, v)?),
    };
    let step = match arg(&args, 3, "step") {
        None => BigInt::from(1),
        Some(v) => index_big(vm, v)?,
    };
    let small = (
        start.to_i64(),
        stop.as_ref().map(|s| s.to_i64()),
        step.to_i64(),
    );
    match small {
        (Some(a), None, Some(s)) => with(me, |g| g.randrange(a, None, s))?
            .map(Value::Int)
            .map_err(Error::value_error),
        (Some(a), Some(Some(b)), Some(s)) => with(me, |g| g.randrange(a, Some(b), s))?
            .map(Value::Int)
            .map_err(Error::value_error),
        _ => randrange_big(me, start, stop, step),
    }
}

fn randint(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("randint", &args, 3, 3)?;
    let a = index_big(vm, &args.pos()[1])?;
    let b = index_big(vm, &args.pos()[2])? + BigInt::from(1);
    let me = &args.pos()[0];
    match (a.to_i64(), b.to_i64()) {
        (Some(a), Some(b)) => with(me, |g| g.randrange(a, Some(b), 1))?
            .map(Value::Int)
            .map_err(Error::value_error),
        _ => randrange_big(me, a, Some(b), BigInt::from(1)),
    }
}

fn choice(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("choice", &args, 2, 2)?;
    let seq = &args.pos()[1];
    let n = ops::len(vm, seq)?;
    if n == 0 {
        return Err(Error::index_error("Cannot choose from an empty sequence"));
    }
    let i = with(&args.pos()[0], |g| g.randbelow(n as u64))?;
    ops::getitem(vm, seq, &Value::Int(i as i64))
}

fn choices(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("choices", &args, 2, 3)?;
    check_kwargs("choices", &args, &["weights", "cum_weights", "k"])?;
    let me = &args.pos()[0];
    let population = ops::collect(vm, &args.pos()[1])?;
    let k = match args.kwarg("k") {
        Some(v) => index_i64(vm, v)?.max(0) as usize,
        None => 1,
    };
    let n = population.len();
    let weights = arg(&args, 2, "weights").filter(|v| !v.is_none());
    let cum = match (weights, args.kwarg("cum_weights").filter(|v| !v.is_none())) {
        (Some(_), Some(_)) => {
            return Err(Error::type_error(
                "Cannot specify both weights and cumulative weights",
            ))
        }
        (None, None) => {
            if n == 0 {
                return Err(Error::index_error("Cannot choose from an empty sequence"));
            }
            let picks = with(me, |g| {
                (0..k)
                    .map(|_| (g.random() * n as f64).floor() as usize)
                    .collect::<Vec<_>>()
            })?;
            return Ok(Value::list(
                picks
                    .into_iter()
                    .map(|i| population[i.min(n - 1)].clone())
                    .collect(),
            ));
        }
        (Some(w), None) => {
            let mut acc = 0.0;
            let mut cum = Vec::new();
            for x in ops::collect(vm, w)? {
                acc += float_arg(vm, &x)?;
                cum.push(acc);
            }
            cum
        }
        (None, Some(c)) => {
            let items = ops::collect(vm, c)?;
            items
                .iter()
                .map(|x| float_arg(vm, x))
                .collect::<PyResult<Vec<f64>>>()?
        }
    };
    if cum.len() != n {
        return Err(Error::value_error(
            "The number of weights does not match the population",
        ));
    }
    let total = cum.last().copied().unwrap_or(0.0);
    if total <= 0.0 {
        return Err(Error::value_error(
            "Total of weights must be greater than zero",
        ));
    }
    if !total.is_finite() {
        return Err(Error::value_error("Total of weights must be finite"));
    }
    let picks = with(me, |g| {
        (0..k).map(|_| g.weighted_index(&cum)).collect::<Vec<_>>()
    })?;
    Ok(Value::list(
        picks.into_iter().map(|i| population[i].clone()).collect(),
    ))
}

fn shuffle(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("shuffle", &args, 2, 2)?;
    let x = &args.pos()[1];
    let me = &args.pos()[0];
    if let Some(Object::List(items)) = x.as_obj().map(|o| &**o) {
        // A plain list: swap in place with no script calls.
        let rng: &Rng = payload(me, "Random")?;
        let mut g = rng.lock().unwrap_or_else(|p| p.into_inner());
        let mut v = items.borrow_mut();
        let len = v.len();
        g.shuffle_indices(len, |i, j| v.swap(i, j));
        return Ok(Value::None);
    }
    let n = ops::len(vm, x)?;
    let mut swaps = Vec::with_capacity(n);
    with(me, |g| g.shuffle_indices(n, |i, j| swaps.push((i, j))))?;
    for (i, j) in swaps {
        let (vi, vj) = (Value::Int(i as i64), Value::Int(j as i64));
        let a = ops::getitem(vm, x, &vi)?;
        let b = ops::getitem(vm, x, &vj)?;
        ops::setitem(vm, x, &vi, b)?;
        ops::setitem(vm, x, &vj, a)?;
    }
    Ok(Value::None)
}

fn sample(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("sample", &args, 2, 3)?;
    check_kwargs("sample", &args, &["k", "counts"])?;
    let pop = &args.pos()[1];
    if matches!(
        pop.as_obj().map(|o| &**o),
        Some(Object::Set(_) | Object::FrozenSet(_) | Object::Dict(_))
    ) {
        return Err(Error::type_error(
            "Population must be a sequence.  For dicts or sets, use sorted(d).",
        ));
    }
    let k = match arg(&args, 2, "k") {
        Some(v) => index_i64(vm, v)?,
        None => {
            return Err(Error::type_error(
                "sample() missing 1 required keyword-only argument: 'k'",
            ))
        }
    };
    let n = ops::len(vm, pop)?;
    if k < 0 {
        return Err(Error::value_error(
            "Sample larger than population or is negative",
        ));
    }
    let idx =
        with(&args.pos()[0], |g| g.sample_indices(n, k as usize))?.map_err(Error::value_error)?;
    let mut out = Vec::with_capacity(idx.len());
    for i in idx {
        out.push(ops::getitem(vm, pop, &Value::Int(i as i64))?);
    }
    Ok(Value::list(out))
}

fn mu_sigma(vm: &mut Vm, args: &Args<'_>, name: &str) -> PyResult<(f64, f64)> {
    pos_arity(name, args, 1, 3)?;
    check_kwargs(name, args, &["mu", "sigma"])?;
    let mu = match arg(args, 1, "mu") {
        Some(v) => float_arg(vm, v)?,
        None => 0.0,
    };
    let sigma = match arg(args, 2, "sigma") {
        Some(v) => float_arg(vm, v)?,
        None => 1.0,
    };
    Ok((mu, sigma))
}

fn gauss(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (mu, sigma) = mu_sigma(vm, &args, "gauss")?;
    with(&args.pos()[0], |g| Value::Float(g.gauss(mu, sigma)))
}

fn normalvariate(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (mu, sigma) = mu_sigma(vm, &args, "normalvariate")?;
    // Kinderman and Monahan's ratio method, as CPython.
    let magic = 4.0 * (-0.5f64).exp() / 2.0f64.sqrt();
    with(&args.pos()[0], |g| loop {
        let u1 = g.random();
        let u2 = 1.0 - g.random();
        let z = magic * (u1 - 0.5) / u2;
        if z * z / 4.0 <= -u2.ln() {
            return Value::Float(mu + z * sigma);
        }
    })
}

fn expovariate(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("expovariate", &args, 2, 2)?;
    let lambd = float_arg(vm, &args.pos()[1])?;
    if lambd == 0.0 {
        return Err(Error::zero_division("float division by zero"));
    }
    with(&args.pos()[0], |g| {
        Value::Float(-(1.0 - g.random()).ln() / lambd)
    })
}

fn triangular(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("triangular", &args, 1, 4)?;
    let mut low = match args.pos().get(1) {
        Some(v) => float_arg(vm, v)?,
        None => 0.0,
    };
    let mut high = match args.pos().get(2) {
        Some(v) => float_arg(vm, v)?,
        None => 1.0,
    };
    let mode = match args.pos().get(3) {
        Some(Value::None) | None => None,
        Some(v) => Some(float_arg(vm, v)?),
    };
    let mut u = with(&args.pos()[0], |g| g.random())?;
    if high == low {
        return Ok(Value::Float(low));
    }
    let mut c = mode.map_or(0.5, |m| (m - low) / (high - low));
    if u > c {
        u = 1.0 - u;
        c = 1.0 - c;
        std::mem::swap(&mut low, &mut high);
    }
    Ok(Value::Float(low + (high - low) * (u * c).sqrt()))
}

const METHODS: &[(&str, NativeFnPtr)] = &[
    ("__init__", random_init),
    ("seed", seed),
    ("random", random),
    ("getrandbits", getrandbits),
    ("uniform", uniform),
    ("randrange", randrange),
    ("randint", randint),
    ("choice", choice),
    ("choices", choices),
    ("shuffle", shuffle),
    ("sample", sample),
    ("gauss", gauss),
    ("normalvariate", normalvariate),
    ("expovariate", expovariate),
    ("triangular", triangular),
];

/// Creates the `random` module.
pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("random");
    let object = vm.builtin_type(conc_interp::object::BuiltinKind::Object);
    let cls = vm.new_class("Random", &[object], METHODS, Some(new_payload));
    let cls = Value::Obj(cls);
    vm.module_set(&m, "Random", cls.clone());
    let inst = vm.call(&cls, &[])?;
    for (name, _) in &METHODS[1..] {
        let bound = vm.get_attr(&inst, name)?;
        vm.module_set(&m, name, bound);
    }
    vm.module_set(&m, "_inst", inst);
    Ok(m)
}
