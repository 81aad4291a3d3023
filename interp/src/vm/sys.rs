//! The `sys` module.

use std::io::Write;
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
    let n = match &args.args[0] {
        Value::Int(n) => *n,
        v => {
            return Err(Error::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(v)
            )))
        }
    };
    if n < 1 {
        return Err(Error::value_error(
            "recursion limit must be greater or equal than 1",
        ));
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

/// `str(v)` for `print`-like natives that must not fail on odd objects.
pub fn str_or_repr(vm: &mut Vm, v: &Value) -> String {
    ops::str_of(vm, v).unwrap_or_else(|_| "<unprintable object>".into())
}
