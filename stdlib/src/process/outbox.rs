//! The outbox of a process `Queue`: `put` never blocks, as in CPython,
//! whose queues hand items to a feeder thread. A put sends at once when
//! the socket has room and nothing is waiting before it; otherwise the
//! message joins this process's outbox for that queue, and a feeder
//! thread (plain Rust, no GIL) sends the waiting messages in order as
//! readers make room.
//!
//! A process flushes its outboxes before it exits ([`flush_all`]), so no
//! item put is lost; like CPython's, a process whose queue nobody reads
//! then waits at exit.

use std::collections::VecDeque;
use std::os::fd::{AsFd, OwnedFd};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, Weak};

use super::channel::{self, ChanError};

type Message = (Vec<u8>, Vec<Arc<OwnedFd>>);

/// The messages of one queue handle not yet sent by this process.
pub struct Outbox {
    fd: Arc<OwnedFd>,
    state: Mutex<State>,
    drained: Condvar,
}

#[derive(Default)]
struct State {
    waiting: VecDeque<Message>,
    /// A feeder thread is running.
    feeding: bool,
}

/// Every outbox of this process, for the flush at exit.
static ALL: Mutex<Vec<Weak<Outbox>>> = Mutex::new(Vec::new());

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Outbox {
    pub fn new(fd: Arc<OwnedFd>) -> Arc<Outbox> {
        let outbox = Arc::new(Outbox {
            fd,
            state: Mutex::new(State::default()),
            drained: Condvar::new(),
        });
        let mut all = lock(&ALL);
        all.retain(|w| w.strong_count() > 0);
        all.push(Arc::downgrade(&outbox));
        outbox
    }

    /// Sends `message` now if it can go straight out, else queues it for
    /// the feeder. Never waits for a reader.
    pub fn put(self: &Arc<Self>, message: Message) -> Result<(), ChanError> {
        let mut st = lock(&self.state);
        if st.waiting.is_empty() && !st.feeding {
            let borrowed: Vec<_> = message.1.iter().map(|f| f.as_fd()).collect();
            if channel::try_send(self.fd.as_fd(), &message.0, &borrowed)? {
                return Ok(());
            }
        }
        st.waiting.push_back(message);
        if !st.feeding {
            st.feeding = true;
            let me = self.clone();
            let started = std::thread::Builder::new()
                .name("conc-queue-feeder".into())
                .spawn(move || me.feed());
            if let Err(e) = started {
                st.feeding = false;
                st.waiting.pop_back();
                return Err(ChanError::Os(e));
            }
        }
        Ok(())
    }

    /// The feeder: sends the waiting messages in order, then stops.
    fn feed(self: Arc<Self>) {
        loop {
            let next = {
                let mut st = lock(&self.state);
                match st.waiting.pop_front() {
                    Some(m) => m,
                    None => {
                        st.feeding = false;
                        self.drained.notify_all();
                        return;
                    }
                }
            };
            let borrowed: Vec<_> = next.1.iter().map(|f| f.as_fd()).collect();
            if channel::send(self.fd.as_fd(), &next.0, &borrowed, &|| false).is_err() {
                // Nobody can read them any more: drop the rest.
                let mut st = lock(&self.state);
                st.waiting.clear();
                st.feeding = false;
                self.drained.notify_all();
                return;
            }
        }
    }

    /// Waits until every message put has been sent.
    fn flush(&self) {
        let mut st = lock(&self.state);
        while st.feeding || !st.waiting.is_empty() {
            st = self.drained.wait(st).unwrap_or_else(|e| e.into_inner());
        }
    }
}

/// Waits until every outbox of this process has been sent (run without
/// the GIL, before the process exits).
pub fn flush_all() {
    let all: Vec<Arc<Outbox>> = lock(&ALL).iter().filter_map(Weak::upgrade).collect();
    for outbox in all {
        outbox.flush();
    }
}
