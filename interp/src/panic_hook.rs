//! Quiet panics where they become exceptions. `Vm::catch_panic` turns a
//! Rust panic (an interpreter bug) into a `SystemError` whose message is
//! the panic's, and the script sees a conc traceback. Rust's default hook
//! would still print `thread '...' panicked at ...` above it, so a program
//! that installs [`install`] gets a hook that stays silent for a panic
//! raised inside `catch_panic` on the panicking thread, and defers to the
//! previous hook for every other panic (one that will end a thread or the
//! process, whose report is all there is). `CONC_RUST_BACKTRACE` or
//! `RUST_BACKTRACE` set (and not `0`) prints every panic, for debugging.

use std::cell::Cell;

thread_local! {
    /// How many `catch_panic` calls are running on this thread.
    static CATCHING: Cell<u32> = const { Cell::new(0) };
}

/// Marks the current thread as inside `catch_panic` while alive.
pub(crate) struct CatchingGuard(());

impl CatchingGuard {
    pub(crate) fn enter() -> CatchingGuard {
        CATCHING.with(|c| c.set(c.get() + 1));
        CatchingGuard(())
    }
}

impl Drop for CatchingGuard {
    fn drop(&mut self) {
        CATCHING.with(|c| c.set(c.get().saturating_sub(1)));
    }
}

/// True when a panic on this thread now would be caught by `catch_panic`.
pub fn is_caught_here() -> bool {
    CATCHING.with(|c| c.get() > 0)
}

/// True when the environment asks to see every Rust panic.
fn wants_rust_reports() -> bool {
    ["CONC_RUST_BACKTRACE", "RUST_BACKTRACE"]
        .iter()
        .any(|name| std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0"))
}

/// Installs the quiet hook in front of the current one (for the `conc`
/// binary and embedders who want conc's tracebacks without Rust's lines).
pub fn install() {
    if wants_rust_reports() {
        return;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !is_caught_here() {
            previous(info);
        }
    }));
}
