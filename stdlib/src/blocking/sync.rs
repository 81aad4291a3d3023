//! The mutex and condition variable under every primitive: `std::sync`'s
//! (futex-based on Linux), behind the small parking_lot-like surface the
//! primitives use. Poisoning is ignored: no code of ours panics while
//! holding one of these locks, and script code never runs under them.

use std::sync::PoisonError;
use std::time::Instant;

pub(crate) type MutexGuard<'a, T> = std::sync::MutexGuard<'a, T>;

#[derive(Debug, Default)]
pub(crate) struct Mutex<T>(std::sync::Mutex<T>);

impl<T> Mutex<T> {
    pub(crate) const fn new(value: T) -> Mutex<T> {
        Mutex(std::sync::Mutex::new(value))
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, T> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[derive(Debug, Default)]
pub(crate) struct Condvar(std::sync::Condvar);

impl Condvar {
    pub(crate) const fn new() -> Condvar {
        Condvar(std::sync::Condvar::new())
    }

    /// Waits until notified, spuriously woken, or `deadline`; returns the
    /// guard retaken. Callers re-check their condition in a loop.
    pub(crate) fn wait_until<'a, T>(
        &self,
        guard: MutexGuard<'a, T>,
        deadline: Instant,
    ) -> MutexGuard<'a, T> {
        let now = Instant::now();
        if deadline <= now {
            return guard;
        }
        match self.0.wait_timeout(guard, deadline - now) {
            Ok((guard, _)) => guard,
            Err(poisoned) => poisoned.into_inner().0,
        }
    }

    pub(crate) fn notify_one(&self) {
        self.0.notify_one();
    }

    pub(crate) fn notify_all(&self) {
        self.0.notify_all();
    }
}
