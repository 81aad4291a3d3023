//! The eval breaker: one atomic word in the shared state, polled on
//! backward jumps and calls (not on every instruction). Non-zero bits ask the
//! running thread to do something between instructions: drop the GIL for a
//! waiting thread, raise a pending signal, serve a tracer request.

use std::sync::atomic::Ordering;

use crate::error::{Error, ExcKind, PyResult};

use super::Vm;

/// Another thread asks for the GIL.
pub const DROP_REQUEST: u32 = 1;
/// Ctrl-C arrived: raise KeyboardInterrupt in the main thread.
pub const SIGNAL_PENDING: u32 = 2;

/// Called when the breaker word is non-zero. The GIL work comes with the
/// threads issue; for now a pending signal is raised and the rest cleared.
#[cold]
pub(crate) fn handle(vm: &mut Vm) -> PyResult<()> {
    let bits = vm.state.breaker.swap(0, Ordering::AcqRel);
    if bits & SIGNAL_PENDING != 0 {
        return Err(Error::new(ExcKind::KeyboardInterrupt, ""));
    }
    Ok(())
}

impl Vm {
    /// Sets bits of the eval breaker (from any thread, e.g. a signal handler).
    pub fn request_break(&self, bits: u32) {
        self.state.breaker.fetch_or(bits, Ordering::AcqRel);
    }
}
