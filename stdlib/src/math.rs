//! The `math` module: libm functions with CPython's error checks, integer
//! functions on big ints, and the constants.

use conc_interp::object::{Args, NativeFnPtr};
use conc_interp::ops::{self, BinaryOp};
use conc_interp::prelude::*;
use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use crate::mathcore::{self as core, MathError};
use crate::util::{
    arity, as_bigint, check_kwargs, float_arg, index_big, int_value, new_module, pos_arity,
};

/// The functions Rust's std lacks or computes differently from the C
/// library CPython uses: pure Rust in `mathcore`, bit-for-bit equal to
/// python3 (`tests/cases/mod_math_special.conc`). `remainder` (exact by
/// definition) comes from the `libm` crate.
mod c {
    pub use crate::mathcore::erf::{erf, erfc};
    pub use crate::mathcore::{acosh, asinh, atanh};
}

fn err(e: MathError) -> Error {
    match e {
        MathError::Domain(m) => Error::value_error(m),
        MathError::Range(m) => Error::overflow_error(m),
    }
}

/// One float in, one float out, checked like CPython's `math_1`.
fn unary(
    vm: &mut Vm,
    args: Args<'_>,
    name: &str,
    f: fn(f64) -> f64,
    can_overflow: bool,
) -> PyResult<Value> {
    arity(name, &args, 1, 1)?;
    let x = float_arg(vm, &args.pos()[0])?;
    core::checked(x, f(x), can_overflow)
        .map(Value::Float)
        .map_err(err)
}

macro_rules! unary_fns {
    ($($name:ident => $f:expr, $ovf:expr;)*) => {
        $(fn $name(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
            unary(vm, args, stringify!($name), $f, $ovf)
        })*
    };
}

unary_fns! {
    exp => f64::exp, true;
    expm1 => f64::exp_m1, true;
    sin => f64::sin, false;
    cos => f64::cos, false;
    tan => f64::tan, false;
    asin => f64::asin, false;
    acos => f64::acos, false;
    atan => f64::atan, false;
    sinh => f64::sinh, true;
    cosh => f64::cosh, true;
    tanh => f64::tanh, false;
    asinh => c::asinh, false;
    acosh => c::acosh, false;
    atanh => c::atanh, false;
    fabs => f64::abs, false;
    degrees => f64::to_degrees, true;
    radians => f64::to_radians, false;
    erf => c::erf, false;
    erfc => c::erfc, false;
}

fn sqrt(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("sqrt", &args, 1, 1)?;
    let x = float_arg(vm, &args.pos()[0])?;
    if x < 0.0 {
        return Err(err(core::domain()));
    }
    Ok(Value::Float(x.sqrt()))
}

/// log of an int or float argument; big ints beyond float range work.
fn ln_of(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    if let Some(b) = as_bigint(v) {
        return core::log_int(&b).map_err(err);
    }
    let x = float_arg(vm, v)?;
    if x <= 0.0 {
        return Err(err(core::domain()));
    }
    Ok(x.ln())
}

fn log(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("log", &args, 1, 2)?;
    let num = ln_of(vm, &args.pos()[0])?;
    match args.pos().get(1) {
        None => Ok(Value::Float(num)),
        Some(b) => {
            let den = ln_of(vm, b)?;
            if den == 0.0 {
                return Err(Error::zero_division("float division by zero"));
            }
            Ok(Value::Float(num / den))
        }
    }
}

/// log2/log10 with CPython's `loghelper`: floats and ints that fit a float
/// use the function directly (so `log10(1000)` is exactly 3.0); huge ints
/// are split into mantissa and exponent.
fn log_base(vm: &mut Vm, args: Args<'_>, name: &str, f: fn(f64) -> f64) -> PyResult<Value> {
    arity(name, &args, 1, 1)?;
    let v = &args.pos()[0];
    if let Some(b) = as_bigint(v) {
        return core::log_big(&b, f).map(Value::Float).map_err(err);
    }
    let x = float_arg(vm, v)?;
    if x.is_nan() {
        return Ok(Value::Float(x));
    }
    if x <= 0.0 {
        return Err(err(core::domain()));
    }
    Ok(Value::Float(f(x)))
}

fn log2(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    log_base(vm, args, "log2", f64::log2)
}

fn log10(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    log_base(vm, args, "log10", f64::log10)
}

fn log1p(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("log1p", &args, 1, 1)?;
    let x = float_arg(vm, &args.pos()[0])?;
    if x <= -1.0 {
        return Err(err(core::domain()));
    }
    Ok(Value::Float(x.ln_1p()))
}

fn two_floats(vm: &mut Vm, args: &Args<'_>, name: &str) -> PyResult<(f64, f64)> {
    arity(name, args, 2, 2)?;
    Ok((
        float_arg(vm, &args.pos()[0])?,
        float_arg(vm, &args.pos()[1])?,
    ))
}

fn pow(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (x, y) = two_floats(vm, &args, "pow")?;
    core::pow(x, y).map(Value::Float).map_err(err)
}

fn atan2(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (y, x) = two_floats(vm, &args, "atan2")?;
    Ok(Value::Float(y.atan2(x)))
}

fn fmod(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (x, y) = two_floats(vm, &args, "fmod")?;
    core::fmod(x, y).map(Value::Float).map_err(err)
}

fn copysign(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (x, y) = two_floats(vm, &args, "copysign")?;
    Ok(Value::Float(x.copysign(y)))
}

fn remainder(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (x, y) = two_floats(vm, &args, "remainder")?;
    if x.is_nan() || y.is_nan() {
        return Ok(Value::Float(f64::NAN));
    }
    if x.is_infinite() || y == 0.0 {
        return Err(err(core::domain()));
    }
    Ok(Value::Float(libm::remainder(x, y)))
}

/// floor/ceil/trunc: ints pass through, floats become ints, other objects
/// use their `__floor__`/`__ceil__`/`__trunc__`.
fn rounding(
    vm: &mut Vm,
    args: Args<'_>,
    name: &str,
    dunder: &str,
    f: fn(f64) -> f64,
) -> PyResult<Value> {
    arity(name, &args, 1, 1)?;
    let v = &args.pos()[0];
    if let Some(b) = as_bigint(v) {
        return Ok(int_value(b));
    }
    if !matches!(v, Value::Float(_)) {
        if let Some(m) = vm.lookup_special(v, dunder) {
            return vm.call(&m, std::slice::from_ref(v));
        }
    }
    let x = float_arg(vm, v)?;
    float_to_int(f(x))
}

fn float_to_int(x: f64) -> PyResult<Value> {
    if x.is_nan() {
        return Err(Error::value_error("cannot convert float NaN to integer"));
    }
    if x.is_infinite() {
        return Err(Error::overflow_error(
            "cannot convert float infinity to integer",
        ));
    }
    if x.abs() < 9.0e18 {
        return Ok(Value::Int(x as i64));
    }
    let (m, e) = core::frexp(x);
    let mant = BigInt::from((m * (1u64 << 53) as f64) as i64);
    Ok(int_value(mant << (e - 53) as usize))
}

fn floor(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    rounding(vm, args, "floor", "__floor__", f64::floor)
}
fn ceil(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    rounding(vm, args, "ceil", "__ceil__", f64::ceil)
}
fn trunc(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    rounding(vm, args, "trunc", "__trunc__", f64::trunc)
}

fn factorial(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("factorial", &args, 1, 1)?;
    factorial_of(index_big(vm, &args.pos()[0])?)
}

fn factorial_of(n: BigInt) -> PyResult<Value> {
    if n.is_negative() {
        return Err(Error::value_error(
            "factorial() not defined for negative values",
        ));
    }
    let n = n.to_u64().filter(|&n| n <= 100_000_000).ok_or_else(|| {
        Error::overflow_error("factorial() argument should not exceed 9223372036854775807")
    })?;
    Ok(int_value(core::factorial(n)))
}

fn gcd(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("gcd", &args, 0, usize::MAX)?;
    let mut g = BigInt::zero();
    for v in args.pos() {
        g = g.gcd(&index_big(vm, v)?);
    }
    Ok(int_value(g))
}

fn lcm(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("lcm", &args, 0, usize::MAX)?;
    let mut l = BigInt::from(1);
    for v in args.pos() {
        let n = index_big(vm, v)?;
        l = if n.is_zero() || l.is_zero() {
            BigInt::zero()
        } else {
            l.lcm(&n)
        };
    }
    Ok(int_value(l))
}

fn isqrt(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("isqrt", &args, 1, 1)?;
    let n = index_big(vm, &args.pos()[0])?;
    if n.is_negative() {
        return Err(Error::value_error("isqrt() argument must be nonnegative"));
    }
    Ok(int_value(core::isqrt(&n)))
}

fn comb_perm_args(
    vm: &mut Vm,
    args: &Args<'_>,
    name: &str,
    min: usize,
) -> PyResult<(BigInt, Option<BigInt>)> {
    arity(name, args, min, 2)?;
    let n = index_big(vm, &args.pos()[0])?;
    let k = match args.pos().get(1) {
        Some(Value::None) | None => None,
        Some(k) => Some(index_big(vm, k)?),
    };
    if n.sign() == Sign::Minus {
        return Err(Error::value_error("n must be a non-negative integer"));
    }
    if k.as_ref().is_some_and(|k| k.sign() == Sign::Minus) {
        return Err(Error::value_error("k must be a non-negative integer"));
    }
    Ok((n, k))
}

fn comb(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (n, k) = comb_perm_args(vm, &args, "comb", 2)?;
    let k = k.unwrap_or_default();
    // As in CPython: a result with more factors than a C long long counts
    // would never finish, so it is refused up front.
    if k <= n && (&n - &k).min(k.clone()) > BigInt::from(i64::MAX) {
        return Err(Error::overflow_error(
            "min(n - k, k) must not exceed 9223372036854775807",
        ));
    }
    Ok(int_value(core::comb(&n, &k)))
}

fn perm(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("perm", &args, 1, 2)?;
    if matches!(args.pos().get(1), None | Some(Value::None)) {
        // perm(n) is n!, with factorial's checks and limit.
        return factorial_of(index_big(vm, &args.pos()[0])?);
    }
    let (n, k) = comb_perm_args(vm, &args, "perm", 1)?;
    let k = k.unwrap_or_default();
    if k <= n && k > BigInt::from(i64::MAX) {
        return Err(Error::overflow_error(
            "k must not exceed 9223372036854775807",
        ));
    }
    Ok(int_value(core::perm(&n, &k)))
}

fn floats_of(vm: &mut Vm, v: &Value) -> PyResult<Vec<f64>> {
    let items = ops::collect(vm, v)?;
    items.iter().map(|x| float_arg(vm, x)).collect()
}

fn fsum(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("fsum", &args, 1, 1)?;
    let xs = floats_of(vm, &args.pos()[0])?;
    core::fsum(xs).map(Value::Float).map_err(err)
}

fn hypot(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("hypot", &args, 0, usize::MAX)?;
    let xs: Vec<f64> = args
        .pos()
        .iter()
        .map(|x| float_arg(vm, x))
        .collect::<PyResult<_>>()?;
    Ok(Value::Float(core::hypot(&xs)))
}

fn dist(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("dist", &args, 2, 2)?;
    let p = floats_of(vm, &args.pos()[0])?;
    let q = floats_of(vm, &args.pos()[1])?;
    if p.len() != q.len() {
        return Err(Error::value_error(
            "both points must have the same number of dimensions",
        ));
    }
    let d: Vec<f64> = p.iter().zip(&q).map(|(a, b)| a - b).collect();
    Ok(Value::Float(core::hypot(&d)))
}

fn prod(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("prod", &args, 1, 1)?;
    check_kwargs("prod", &args, &["start"])?;
    let mut acc = args.kwarg("start").cloned().unwrap_or(Value::Int(1));
    let items = ops::collect(vm, &args.pos()[0])?;
    for x in &items {
        acc = ops::binary_op(vm, &acc, BinaryOp::Mul, x)?;
    }
    Ok(acc)
}

fn isclose(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("isclose", &args, 2, 2)?;
    check_kwargs("isclose", &args, &["rel_tol", "abs_tol"])?;
    let a = float_arg(vm, &args.pos()[0])?;
    let b = float_arg(vm, &args.pos()[1])?;
    let rel = match args.kwarg("rel_tol") {
        Some(v) => float_arg(vm, v)?,
        None => 1e-9,
    };
    let abs = match args.kwarg("abs_tol") {
        Some(v) => float_arg(vm, v)?,
        None => 0.0,
    };
    core::isclose(a, b, rel, abs).map(Value::Bool).map_err(err)
}

fn float_pred(vm: &mut Vm, args: Args<'_>, name: &str, f: fn(f64) -> bool) -> PyResult<Value> {
    arity(name, &args, 1, 1)?;
    let x = float_arg(vm, &args.pos()[0])?;
    Ok(Value::Bool(f(x)))
}
fn isfinite(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    float_pred(vm, args, "isfinite", f64::is_finite)
}
fn isinf(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    float_pred(vm, args, "isinf", f64::is_infinite)
}
fn isnan(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    float_pred(vm, args, "isnan", f64::is_nan)
}

fn modf(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("modf", &args, 1, 1)?;
    let x = float_arg(vm, &args.pos()[0])?;
    if x.is_infinite() {
        return Ok(Value::tuple(vec![
            Value::Float(0.0f64.copysign(x)),
            Value::Float(x),
        ]));
    }
    let i = x.trunc();
    Ok(Value::tuple(vec![
        Value::Float((x - i).copysign(x)),
        Value::Float(i),
    ]))
}

fn frexp(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("frexp", &args, 1, 1)?;
    let (m, e) = core::frexp(float_arg(vm, &args.pos()[0])?);
    Ok(Value::tuple(vec![Value::Float(m), Value::Int(e)]))
}

fn ldexp(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("ldexp", &args, 2, 2)?;
    let x = float_arg(vm, &args.pos()[0])?;
    let e = index_big(vm, &args.pos()[1])?;
    let e = e
        .to_i64()
        .unwrap_or(if e.is_negative() { i64::MIN } else { i64::MAX });
    core::ldexp(x, e).map(Value::Float).map_err(err)
}

fn gamma(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("gamma", &args, 1, 1)?;
    let x = float_arg(vm, &args.pos()[0])?;
    if x.is_nan() || x == f64::INFINITY {
        return Ok(Value::Float(x));
    }
    if x == f64::NEG_INFINITY || (x <= 0.0 && x == x.floor()) {
        return Err(err(core::domain()));
    }
    let r = core::tgamma(x);
    if r.is_infinite() {
        return Err(err(core::range()));
    }
    Ok(Value::Float(r))
}

fn lgamma(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("lgamma", &args, 1, 1)?;
    let x = float_arg(vm, &args.pos()[0])?;
    if x.is_nan() {
        return Ok(Value::Float(x));
    }
    if x.is_infinite() {
        return Ok(Value::Float(f64::INFINITY));
    }
    if x <= 0.0 && x == x.floor() {
        return Err(err(core::domain()));
    }
    if x == 1.0 || x == 2.0 {
        return Ok(Value::Float(0.0));
    }
    let r = core::lgamma(x);
    if r.is_infinite() {
        return Err(err(core::range()));
    }
    Ok(Value::Float(r))
}

const FUNCTIONS: &[(&str, NativeFnPtr)] = &[
    ("sqrt", sqrt),
    ("exp", exp),
    ("expm1", expm1),
    ("log", log),
    ("log2", log2),
    ("log10", log10),
    ("log1p", log1p),
    ("pow", pow),
    ("sin", sin),
    ("cos", cos),
    ("tan", tan),
    ("asin", asin),
    ("acos", acos),
    ("atan", atan),
    ("atan2", atan2),
    ("sinh", sinh),
    ("cosh", cosh),
    ("tanh", tanh),
    ("asinh", asinh),
    ("acosh", acosh),
    ("atanh", atanh),
    ("floor", floor),
    ("ceil", ceil),
    ("trunc", trunc),
    ("fabs", fabs),
    ("fmod", fmod),
    ("remainder", remainder),
    ("factorial", factorial),
    ("gcd", gcd),
    ("lcm", lcm),
    ("isqrt", isqrt),
    ("comb", comb),
    ("perm", perm),
    ("hypot", hypot),
    ("dist", dist),
    ("degrees", degrees),
    ("radians", radians),
    ("isclose", isclose),
    ("isfinite", isfinite),
    ("isinf", isinf),
    ("isnan", isnan),
    ("copysign", copysign),
    ("prod", prod),
    ("fsum", fsum),
    ("modf", modf),
    ("frexp", frexp),
    ("ldexp", ldexp),
    ("erf", erf),
    ("erfc", erfc),
    ("gamma", gamma),
    ("lgamma", lgamma),
];

/// Creates the `math` module.
pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = new_module(vm, "math", FUNCTIONS);
    vm.module_set(&m, "pi", Value::Float(std::f64::consts::PI));
    vm.module_set(&m, "e", Value::Float(std::f64::consts::E));
    vm.module_set(&m, "tau", Value::Float(std::f64::consts::TAU));
    vm.module_set(&m, "inf", Value::Float(f64::INFINITY));
    vm.module_set(&m, "nan", Value::Float(f64::NAN));
    Ok(m)
}
