//! `_process.Handle`: a conc object that owns an OS descriptor (one end of
//! a message socket, a shared-memory file). Handles are what the conc
//! classes `Connection`, `Queue`, `Lock`, `Value`, ... are built from; they
//! cross to other processes as descriptors (see `wire`).

use std::os::fd::{AsFd, OwnedFd};
use std::sync::{Arc, Mutex, OnceLock};

use conc_interp::object::{InstanceObj, Object};
use conc_interp::prelude::*;

use conc_interp::sync::SharedWords;

use super::outbox::Outbox;

/// An OS handle (a socket, a shared-memory file) owned by a conc object;
/// the payload of `_process.Handle`. It crosses to another process as a
/// file descriptor, so every process holds its own descriptor of the same
/// kernel object.
pub struct FdHandle {
    fd: Mutex<Option<Arc<OwnedFd>>>,
    /// For a queue's sending end: the messages this process has put and
    /// not yet sent (made on the first buffered put).
    outbox: OnceLock<Arc<Outbox>>,
    /// For shared memory: this process's mapping of it (made on first use).
    words: OnceLock<SharedWords>,
}

/// The `Handle` class of this interpreter, made on first use.
#[derive(Default)]
struct HandleClass(OnceLock<ObjRef>);

fn handle_class(vm: &mut Vm) -> ObjRef {
    let slot = vm.extension::<HandleClass>();
    if let Some(c) = slot.0.get() {
        return c.clone();
    }
    let cls = vm.new_class("Handle", &[], &[], None);
    slot.0.get_or_init(|| cls).clone()
}

/// Every live handle's descriptor by number, so that `select` can wait on
/// a descriptor a script names by its `fileno()`.
static BY_NUMBER: Mutex<Vec<(i32, std::sync::Weak<OwnedFd>)>> = Mutex::new(Vec::new());

/// The live handle descriptor numbered `n`, if any.
pub fn by_number(n: i32) -> Option<Arc<OwnedFd>> {
    let table = BY_NUMBER.lock().unwrap_or_else(|e| e.into_inner());
    table
        .iter()
        .rev()
        .find(|(k, _)| *k == n)
        .and_then(|(_, w)| w.upgrade())
}

/// A new `Handle` owning `fd`.
pub fn new_handle(vm: &mut Vm, fd: OwnedFd) -> PyResult<Value> {
    let class = handle_class(vm);
    let fd = Arc::new(fd);
    {
        use std::os::fd::AsRawFd;
        let mut table = BY_NUMBER.lock().unwrap_or_else(|e| e.into_inner());
        table.retain(|(_, w)| w.strong_count() > 0);
        table.push((fd.as_raw_fd(), Arc::downgrade(&fd)));
    }
    Ok(Value::new_obj(Object::Instance(InstanceObj::new(
        class,
        Default::default(),
        Some(Box::new(FdHandle {
            fd: Mutex::new(Some(fd)),
            outbox: OnceLock::new(),
            words: OnceLock::new(),
        })),
        None,
    ))))
}

/// The native payload of a handle argument.
pub fn handle_of(v: &Value) -> PyResult<&FdHandle> {
    match v.as_obj().map(|o| &**o) {
        Some(Object::Instance(i)) => i.native::<FdHandle>(),
        _ => None,
    }
    .ok_or_else(|| Error::type_error("expected a process handle"))
}

/// The descriptor of a handle argument (shared: it stays open while the
/// returned `Arc` lives, even if the handle is closed meanwhile).
pub fn fd_of(v: &Value) -> PyResult<Arc<OwnedFd>> {
    let h = match v.as_obj().map(|o| &**o) {
        Some(Object::Instance(i)) => i.native::<FdHandle>(),
        _ => None,
    };
    let Some(h) = h else {
        return Err(Error::type_error("expected a process handle"));
    };
    h.get()
        .ok_or_else(|| Error::new(ExcKind::OSError, "handle is closed"))
}

/// Closes a handle's descriptor (others that share it keep theirs).
pub fn close(v: &Value) -> PyResult<()> {
    if let Some(Object::Instance(i)) = v.as_obj().map(|o| &**o) {
        if let Some(h) = i.native::<FdHandle>() {
            h.fd.lock().unwrap_or_else(|e| e.into_inner()).take();
            return Ok(());
        }
    }
    Err(Error::type_error("expected a process handle"))
}

impl FdHandle {
    /// The descriptor, unless closed.
    pub fn get(&self) -> Option<Arc<OwnedFd>> {
        self.fd.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The handle's shared memory, mapped into this process.
    pub fn words(&self) -> std::io::Result<&SharedWords> {
        if let Some(w) = self.words.get() {
            return Ok(w);
        }
        let fd = self
            .get()
            .ok_or_else(|| std::io::Error::other("handle is closed"))?;
        let file = std::fs::File::from(fd.try_clone()?);
        let words = SharedWords::map(&file)?;
        Ok(self.words.get_or_init(|| words))
    }

    /// This process's outbox for the handle (see `outbox`).
    pub fn outbox(&self) -> Option<Arc<Outbox>> {
        let fd = self.get()?;
        Some(self.outbox.get_or_init(|| Outbox::new(fd)).clone())
    }
}

/// The raw number of a handle's descriptor (for `fileno()`).
pub fn fileno(v: &Value) -> PyResult<i64> {
    use std::os::fd::AsRawFd;
    Ok(fd_of(v)?.as_fd().as_raw_fd() as i64)
}
