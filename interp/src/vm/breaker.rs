//! The eval breaker: the GIL's atomic word ([`crate::gil::EvalBreaker`]),
//! polled on backward jumps and calls (not on every instruction) by
//! `Vm::poll_breaker` with one relaxed load. Non-zero bits ask the running
//! thread to do something between instructions: drop the GIL for a waiting
//! thread ([`GIL_DROP_REQUEST`], handled by `Gil::poll`), raise a pending
//! signal ([`SIGNALS_PENDING`]: `KeyboardInterrupt`, in the main thread
//! only), serve a tracer request, or see the host's limits
//! ([`crate::limits::LIMITS`]).

use std::sync::OnceLock;

use crate::error::{Error, ExcKind, PyResult};
pub use crate::gil::{GIL_DROP_REQUEST, SIGNALS_PENDING, TRACER_REQUEST};

use super::Vm;

/// Another thread asks for the GIL (the GIL's bit).
pub const DROP_REQUEST: u32 = GIL_DROP_REQUEST;
/// Ctrl-C arrived: raise KeyboardInterrupt in the main thread.
pub const SIGNAL_PENDING: u32 = SIGNALS_PENDING;
/// A thread dropped a suspended generator: it closes it at its next poll
/// (`vm::generator`).
pub const GENERATORS_DROPPED: u32 = 1 << 3;
/// An object with weak reference callbacks died on a thread: it runs them
/// at its next poll (`vm::weak_callbacks`).
pub const WEAKREF_CALLBACKS: u32 = 1 << 6;

/// Runs the script's handlers of the pending signals (set by the `signal`
/// module when it is imported; signals are process-wide, so one hook
/// serves every interpreter). Without it a pending signal is Ctrl-C and
/// raises `KeyboardInterrupt`.
static SIGNAL_HOOK: OnceLock<fn(&mut Vm) -> PyResult<()>> = OnceLock::new();

/// Installs the signal hook; the first one installed stays.
pub fn set_signal_hook(hook: fn(&mut Vm) -> PyResult<()>) {
    let _ = SIGNAL_HOOK.set(hook);
}

/// Called when the breaker word is non-zero.
#[cold]
#[inline(never)]
pub(crate) fn handle(vm: &mut Vm) -> PyResult<()> {
    let bits = match &vm.gil_thread {
        Some(t) => vm.gil.poll(t),
        None => vm.gil.eval_breaker().load(),
    };
    if bits & crate::limits::LIMITS != 0 {
        let breaker = vm.gil.eval_breaker();
        vm.state.config.limits.poll(&mut vm.limits, breaker)?;
    }
    if bits & SIGNALS_PENDING != 0 {
        vm.check_signals()?;
    }
    if bits & GENERATORS_DROPPED != 0 {
        vm.gil.eval_breaker().clear(GENERATORS_DROPPED);
    }
    // Any poll that gets here closes what this thread dropped (another
    // thread may have cleared the bit first).
    vm.close_dropped_generators();
    if bits & WEAKREF_CALLBACKS != 0 {
        vm.gil.eval_breaker().clear(WEAKREF_CALLBACKS);
    }
    vm.run_weakref_callbacks();
    if bits & crate::gc::GC_PENDING != 0 {
        vm.gil.eval_breaker().clear(crate::gc::GC_PENDING);
        crate::gc::collect_due(vm);
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

    /// Raises the host's termination in force (`crate::limits`), in any
    /// thread. In the main thread, consumes a pending signal and runs its
    /// handler (the signal hook), or raises `KeyboardInterrupt` when no
    /// hook is installed; elsewhere, and with nothing pending, `Ok`. Blocking
    /// natives call it after a wait that the interrupt ended.
    pub fn check_signals(&mut self) -> PyResult<()> {
        // The host's termination ends a wait in every thread.
        self.state.config.limits.check(&mut self.limits)?;
        if self.is_main && self.gil.eval_breaker().take(SIGNALS_PENDING) != 0 {
            if let Some(hook) = SIGNAL_HOOK.get() {
                return hook(self);
            }
            return Err(Error::new(ExcKind::KeyboardInterrupt, ""));
        }
        Ok(())
    }
}
