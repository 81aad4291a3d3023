//! The eval breaker: the GIL's atomic word ([`crate::gil::EvalBreaker`]),
//! polled on backward jumps and calls (not on every instruction) by
//! `Vm::poll_breaker` with one relaxed load. Non-zero bits ask the running
//! thread to do something between instructions: drop the GIL for a waiting
//! thread ([`GIL_DROP_REQUEST`], handled by `Gil::poll`), raise a pending
//! signal ([`SIGNALS_PENDING`]: `KeyboardInterrupt`, in the main thread
//! only), serve a tracer request.

use crate::error::{Error, ExcKind, PyResult};
pub use crate::gil::{GIL_DROP_REQUEST, SIGNALS_PENDING, TRACER_REQUEST};

use super::Vm;

/// Another thread asks for the GIL (the GIL's bit).
pub const DROP_REQUEST: u32 = GIL_DROP_REQUEST;
/// Ctrl-C arrived: raise KeyboardInterrupt in the main thread.
pub const SIGNAL_PENDING: u32 = SIGNALS_PENDING;

/// Called when the breaker word is non-zero.
#[cold]
#[inline(never)]
pub(crate) fn handle(vm: &mut Vm) -> PyResult<()> {
    let bits = match &vm.gil_thread {
        Some(t) => vm.gil.poll(t),
        None => vm.gil.eval_breaker().load(),
    };
    if bits & SIGNALS_PENDING != 0 {
        vm.check_signals()?;
    }
    if bits & TRACER_REQUEST != 0 {
        // No tracer yet: nothing to serve.
        vm.gil.eval_breaker().clear(TRACER_REQUEST);
    }
    Ok(())
}

impl Vm {
    /// Sets bits of the eval breaker (from any thread holding a `Vm`; a
    /// host or signal handler uses `Interpreter::interrupt_handle`).
    pub fn request_break(&self, bits: u32) {
        self.gil.eval_breaker().set(bits);
    }

    /// In the main thread, consumes a pending signal and raises it
    /// (`KeyboardInterrupt`); elsewhere, and with nothing pending, `Ok`.
    /// Blocking natives call it after a wait that the interrupt ended.
    pub fn check_signals(&mut self) -> PyResult<()> {
        if self.is_main && self.gil.eval_breaker().take(SIGNALS_PENDING) != 0 {
            return Err(Error::new(ExcKind::KeyboardInterrupt, ""));
        }
        Ok(())
    }
}
