//! The `sys` module.

use std::sync::atomic::Ordering;

use crate::error::{Error, ExcKind, PyResult};
use crate::object::{Args, Object};
use crate::value::Value;

use super::{check_args, ops, Vm};

impl Vm {
    /// An attribute of the `sys` module, if set.
    pub fn sys_attr(&self, name: &str) -> Option<Value> {
        let Some(Object::Dict(mods)) = self.state.modules.as_obj().map(|o| &**o) else {
            return None;
        };
        let sys = mods.borrow().get_str("sys").cloned()?;
        match sys.as_obj().map(|o| &**o) {
            Some(Object::Module(m)) => match &*m.dict {
                Object::Dict(d) => d.borrow().get_str(name).cloned(),
                _ => None,
            },
            _ => None,
        }
    }
}

pub(crate) fn install(vm: &mut Vm) {
    let m = vm.new_module("sys");
    let cfg = vm.state.config.clone();
    let set = |vm: &mut Vm, k: &str, v: Value| vm.module_set(&m, k, v);
    set(
        vm,
        "argv",
        Value::list(cfg.argv.iter().map(|a| Value::str(a)).collect()),
    );
    set(vm, "path", vm.state.sys_path.clone());
    set(vm, "modules", vm.state.modules.clone());
    set(vm, "version", Value::str("3.11.0 (conc 0.1.0)"));
    set(
        vm,
        "version_info",
        Value::tuple(vec![
            Value::Int(3),
            Value::Int(11),
            Value::Int(0),
            Value::str("final"),
            Value::Int(0),
        ]),
    );
    set(
        vm,
        "platform",
        Value::str(if cfg!(target_os = "macos") {
            "darwin"
        } else {
            std::env::consts::OS
        }),
    );
    set(vm, "maxsize", Value::Int(i64::MAX));
    set(
        vm,
        "byteorder",
        Value::str(if cfg!(target_endian = "little") {
            "little"
        } else {
            "big"
        }),
    );
    set(vm, "executable", Value::str(&cfg.executable));
    let imp = vm.new_module("implementation");
    vm.module_set(&imp, "name", Value::str("conc"));
    vm.module_set(
        &imp,
        "version",
        Value::tuple(vec![Value::Int(0), Value::Int(1), Value::Int(0)]),
    );
    set(vm, "implementation", imp);
    let fns: &[(&str, crate::object::NativeFnPtr)] = &[
        ("exit", sys_exit),
        ("getrecursionlimit", sys_getrecursionlimit),
        ("setrecursionlimit", sys_setrecursionlimit),
        ("exc_info", sys_exc_info),
        ("exception", sys_exception),
        ("intern", sys_intern),
        ("getrefcount", sys_getrefcount),
        ("setswitchinterval", sys_setswitchinterval),
        ("getswitchinterval", sys_getswitchinterval),
        ("gil_enabled", sys_gil_enabled),
        ("_is_gil_enabled", sys_gil_enabled),
        ("gil_stats", sys_gil_stats),
    ];
    for (n, f) in fns {
        let v = vm.new_native_fn(n, *f);
        set(vm, n, v);
    }
    // The buffered stream objects of crate::io: print's fast path writes
    // to the same buffer, flushed at exit and before anything on stderr.
    let [stdout, stderr, stdin] = crate::io::std_streams(vm);
    for (name, stream) in [("stdout", stdout), ("stderr", stderr), ("stdin", stdin)] {
        set(vm, name, stream.clone());
        set(vm, &format!("__{name}__"), stream);
    }
    if let Some(Object::Dict(d)) = vm.state.modules.as_obj().map(|o| &**o) {
        d.borrow_mut().set_str("sys", m.clone());
        d.borrow_mut()
            .set_str("builtins", vm.state.builtins_module.clone());
    }
}

fn sys_exit(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("exit", &args, 0, 1)?;
    let a: Vec<Value> = args.pos().to_vec();
    Err(Error::Obj(vm.new_exception(ExcKind::SystemExit, a)))
}

fn sys_getrecursionlimit(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("getrecursionlimit", &args, 0, 0)?;
    Ok(Value::Int(
        vm.state.recursion_limit.load(Ordering::Relaxed) as i64
    ))
}

fn sys_setrecursionlimit(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("setrecursionlimit", &args, 1, 1)?;
    // A C int in CPython: anything wider is an OverflowError.
    let n = crate::ops::to_index(vm, &args.args[0]).map_err(|e| {
        if vm.error_matches(&e, ExcKind::IndexError) {
            Error::overflow_error("Python int too large to convert to C int")
        } else {
            e
        }
    })?;
    if i32::try_from(n).is_err() {
        return Err(Error::overflow_error(
            "Python int too large to convert to C int",
        ));
    }
    if n < 1 {
        return Err(Error::value_error(
            "recursion limit must be greater or equal than 1",
        ));
    }
    let ceiling = vm.state.config.limits.max_recursion();
    if ceiling > 0 && n > ceiling as i64 {
        return Err(Error::value_error(format!(
            "recursion limit may not exceed {ceiling} (set by the host)"
        )));
    }
    vm.state
        .recursion_limit
        .store(n.min(u32::MAX as i64) as u32, Ordering::Relaxed);
    Ok(Value::None)
}

fn sys_exc_info(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("exc_info", &args, 0, 0)?;
    Ok(match vm.cur_exc.clone() {
        Some(e) => {
            let t = Value::Obj(vm.type_of(&e));
            let tb = vm.get_attr(&e, "__traceback__").unwrap_or_default();
            Value::tuple(vec![t, e, tb])
        }
        None => Value::tuple(vec![Value::None, Value::None, Value::None]),
    })
}

fn sys_exception(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("exception", &args, 0, 0)?;
    Ok(vm.cur_exc.clone().unwrap_or_default())
}

fn sys_intern(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("intern", &args, 1, 1)?;
    if args.args[0].as_str().is_none() {
        return Err(Error::type_error(format!(
            "intern() argument must be str, not {}",
            vm.type_name(&args.args[0])
        )));
    }
    Ok(args.args[0].clone())
}

fn sys_getrefcount(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("getrefcount", &args, 1, 1)?;
    Ok(Value::Int(match &args.args[0] {
        Value::Obj(o) => crate::sync::Ref::strong_count(o) as i64,
        _ => 1 << 30,
    }))
}

fn sys_setswitchinterval(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("setswitchinterval", &args, 1, 1)?;
    let secs = match &args.args[0] {
        Value::Float(f) => *f,
        Value::Int(i) => *i as f64,
        Value::Bool(b) => *b as i64 as f64,
        Value::Obj(o) if matches!(&**o, Object::BigInt(_)) => {
            crate::object::number::to_f64_checked(&args.args[0]).unwrap_or(Ok(f64::INFINITY))?
        }
        v => {
            return Err(Error::type_error(format!(
                "must be real number, not {}",
                vm.type_name(v)
            )))
        }
    };
    if secs.is_nan() || secs <= 0.0 {
        return Err(Error::value_error(
            "switch interval must be strictly positive",
        ));
    }
    // The GIL keeps the interval in whole microseconds (a u64).
    if secs * 1e6 >= u64::MAX as f64 {
        return Err(Error::overflow_error("switch interval is too large"));
    }
    let d = std::time::Duration::from_secs_f64(secs);
    vm.gil.set_switch_interval(d);
    Ok(Value::None)
}

fn sys_getswitchinterval(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("getswitchinterval", &args, 0, 0)?;
    Ok(Value::Float(vm.gil.switch_interval().as_secs_f64()))
}

fn sys_gil_enabled(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("gil_enabled", &args, 0, 0)?;
    Ok(Value::Bool(vm.gil.enabled()))
}

/// `sys.gil_stats()`: `{thread name: {holding, waiting, blocked (seconds),
/// acquisitions, forced_switches, voluntary_switches, drop_requests,
/// priority_requests, id, alive}}`, one entry per thread ever registered
/// (a name used twice gets ` #id` appended), and a `"total"` entry whose
/// `"switches"` counts the hand-overs of the lock between threads.
fn sys_gil_stats(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    check_args("gil_stats", &args, 0, 0)?;
    use crate::object::Dict;
    use crate::sync::ObjCell;
    let new_dict = |d: Dict| Value::new_obj(Object::Dict(ObjCell::new(d)));
    let mut out = Dict::new();
    let stats = vm.gil.stats();
    let mut seen = std::collections::HashSet::new();
    let (mut forced, mut voluntary) = (0u64, 0u64);
    for s in &stats {
        let mut d = Dict::new();
        d.set_str("id", Value::Int(s.id as i64));
        d.set_str("alive", Value::Bool(s.alive));
        d.set_str("holding", Value::Float(s.holding.as_secs_f64()));
        d.set_str("waiting", Value::Float(s.waiting.as_secs_f64()));
        d.set_str("blocked", Value::Float(s.blocked.as_secs_f64()));
        d.set_str("acquisitions", Value::Int(s.acquisitions as i64));
        d.set_str("forced_switches", Value::Int(s.forced_switches as i64));
        d.set_str(
            "voluntary_switches",
            Value::Int(s.voluntary_switches as i64),
        );
        d.set_str("drop_requests", Value::Int(s.drop_requests as i64));
        d.set_str("priority_requests", Value::Int(s.priority_requests as i64));
        forced += s.forced_switches;
        voluntary += s.voluntary_switches;
        let name = if seen.insert(s.name.clone()) {
            s.name.clone()
        } else {
            format!("{} #{}", s.name, s.id)
        };
        out.set_str(&name, new_dict(d));
    }
    let mut total = Dict::new();
    total.set_str("switches", Value::Int(vm.gil.switch_count() as i64));
    total.set_str("forced_switches", Value::Int(forced as i64));
    total.set_str("voluntary_switches", Value::Int(voluntary as i64));
    total.set_str("gil_enabled", Value::Bool(vm.gil.enabled()));
    out.set_str("total", new_dict(total));
    Ok(new_dict(out))
}

/// `str(v)` for `print`-like natives that must not fail on odd objects.
pub fn str_or_repr(vm: &mut Vm, v: &Value) -> String {
    ops::str_of(vm, v).unwrap_or_else(|_| "<unprintable object>".into())
}
