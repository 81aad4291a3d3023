//! The child's side of "spawn": `conc --mp-worker` reads its [`Boot`]
//! message from the control socket on its standard input, starts the
//! lifeline, loads the parent's main script as `__mp_main__` (so an
//! `if __name__ == "__main__":` guard keeps the parent's own work from
//! running again), rebuilds the `Process` object and runs its
//! `_bootstrap()`, whose answer is the exit status.

use std::os::fd::{AsFd, OwnedFd};
use std::sync::atomic::Ordering;

use conc_interp::compile::Mode;
use conc_interp::object::Object;
use conc_interp::prelude::*;

use super::channel;
use super::spawn::Boot;
use super::wire::Decoder;
use super::ProcessState;

/// Runs this process as a worker; returns its exit status.
pub fn run_worker(vm: &mut Vm) -> PyResult<i32> {
    let control = std::io::stdin()
        .as_fd()
        .try_clone_to_owned()
        .map_err(|e| os_error("the control socket", e))?;
    // Python's children read an empty stdin: the socket is not theirs.
    if let Ok(null) = std::fs::File::open("/dev/null") {
        let _ = rustix::stdio::dup2_stdin(&null);
    }
    let ctl = control
        .try_clone()
        .map_err(|e| os_error("the control socket", e))?;
    let (bytes, fds) = vm
        .allow_threads(move || channel::recv(ctl.as_fd(), None, &|| false).map(|r| (r, ctl)))
        .map(|(r, _)| r)
        .map_err(|e| {
            Error::new(
                ExcKind::OSError,
                format!("no orders from the parent: {e:?}"),
            )
        })?;
    let boot: Boot = postcard::from_bytes(&bytes)
        .map_err(|e| Error::new(ExcKind::SystemError, format!("corrupt orders: {e}")))?;
    start_lifeline(control);

    let state = vm.extension::<ProcessState>();
    state.parent_pid.store(boot.parent_pid, Ordering::Relaxed);
    state.bootstrapping.store(true, Ordering::Relaxed);
    set_sys_list(vm, "path", &boot.sys_path);
    set_sys_list(vm, "argv", &boot.argv);
    if let Some(path) = &boot.main_path {
        load_main(vm, path)?;
    }
    let obj = Decoder::new(vm, fds).decode(&boot.payload);
    state.bootstrapping.store(false, Ordering::Relaxed);
    let obj = obj?;
    let bootstrap = vm.get_attr(&obj, "_bootstrap")?;
    let code = match vm.call(&bootstrap, &[])? {
        Value::Int(code) => code as i32,
        _ => 0,
    };
    // What this process put on queues reaches them before it exits.
    vm.allow_threads_because("process", super::outbox::flush_all);
    Ok(code)
}

fn os_error(what: &str, e: std::io::Error) -> Error {
    Error::new(ExcKind::OSError, format!("{what}: {e}"))
}

/// A thread that waits on the control socket: the parent never writes
/// to it again, so the wait ends only when the parent's end closes, i.e.
/// when the parent has died. Then this process ends at once.
fn start_lifeline(control: OwnedFd) {
    let _ = std::thread::Builder::new()
        .name("conc-lifeline".into())
        .spawn(move || loop {
            match channel::recv(control.as_fd(), None, &|| false) {
                Err(channel::ChanError::Eof) | Err(channel::ChanError::Os(_)) => {
                    let _ = rustix::process::kill_process(
                        rustix::process::getpid(),
                        rustix::process::Signal::KILL,
                    );
                    std::process::exit(1);
                }
                _ => continue,
            }
        });
}

fn set_sys_list(vm: &mut Vm, name: &str, items: &[String]) {
    if let Some(Value::Obj(l)) = vm.sys_attr(name) {
        if let Object::List(l) = &*l {
            *l.borrow_mut() = items.iter().map(|s| Value::str(s)).collect();
        }
    }
}

/// Runs the parent's main script as the module `__mp_main__`, which is
/// also this process's `__main__` (so names pickled as `__main__.f` are
/// found here).
fn load_main(vm: &mut Vm, path: &str) -> PyResult<()> {
    let src = std::fs::read_to_string(path).map_err(|e| {
        Error::new(
            ExcKind::FileNotFoundError,
            format!("cannot load the main script '{path}' in the child: {e}"),
        )
    })?;
    let m = vm.new_module("__mp_main__");
    vm.module_set(&m, "__file__", Value::str(path));
    let modules = vm
        .sys_attr("modules")
        .ok_or_else(|| Error::new(ExcKind::SystemError, "sys.modules missing"))?;
    for name in ["__mp_main__", "__main__"] {
        conc_interp::ops::dict_set(vm, &modules, Value::str(name), m.clone())?;
    }
    let code = vm.compile_source(&src, path, Mode::Exec)?;
    vm.exec_in_module(&code, &m)?;
    Ok(())
}
