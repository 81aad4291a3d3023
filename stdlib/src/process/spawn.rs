//! Starting a child ("spawn", as Python's multiprocessing does it): the
//! child is the `conc` executable itself, run as `conc --mp-worker`, with
//! a control socket as its standard input. Over it the parent sends one
//! [`Boot`] message: the main script to load as `__mp_main__`, `sys.path`,
//! `sys.argv`, and the serialized `Process` object to run, with the
//! descriptors of the pipes and queues it holds.
//!
//! The control socket is also the child's lifeline and the parent's
//! sentinel. The child keeps its end open until it exits, so the parent
//! learns of the exit the moment it happens (the socket hangs up) without
//! polling, and then reaps it. The parent keeps its end until it has
//! reaped the child; if the parent dies first, however it dies (even
//! SIGKILL), the kernel closes its end, and a thread of the child that
//! waits on the socket kills the child: children never outlive their
//! parent, whichever of the parent's threads started them.

use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use rustix::event::PollFlags;
use serde::{Deserialize, Serialize};

use super::channel::{self, ChanError};

/// The first and only message of the control socket.
#[derive(Serialize, Deserialize)]
pub struct Boot {
    /// The parent's main script, run in the child as `__mp_main__`.
    pub main_path: Option<String>,
    pub sys_path: Vec<String>,
    pub argv: Vec<String>,
    pub parent_pid: u32,
    /// The serialized `Process` object (its handles are the descriptors
    /// sent with the message).
    pub payload: Vec<u8>,
}

/// A started child, as the parent holds it (the payload of `Popen`).
pub struct ChildProc {
    pub pid: u32,
    child: Mutex<Child>,
    /// The parent's end of the control socket: readable (hung up) once
    /// the child has exited. Dropped when the child is reaped.
    control: Mutex<Option<Arc<OwnedFd>>>,
    /// The exit code once reaped: negative for a signal, as Python's.
    status: Mutex<Option<i32>>,
}

/// Where to find the `conc` executable: `CONC_EXECUTABLE`, else this very
/// program (which is `conc` when run from the command line) through
/// `/proc/self/exe`, which still works after the file was replaced by a
/// rebuild. The second item is the child's `argv[0]`.
pub fn executable() -> std::io::Result<(std::path::PathBuf, std::ffi::OsString)> {
    if let Some(p) = std::env::var_os("CONC_EXECUTABLE") {
        return Ok((p.clone().into(), p));
    }
    let me = std::env::current_exe()?;
    let proc_exe = std::path::Path::new("/proc/self/exe");
    let path = if proc_exe.exists() {
        proc_exe.to_path_buf()
    } else {
        me.clone()
    };
    Ok((path, me.into_os_string()))
}

/// Starts a child and sends it `boot` with `fds`.
pub fn spawn(
    exe: &(std::path::PathBuf, std::ffi::OsString),
    worker_args: &[String],
    boot: &Boot,
    fds: &[Arc<OwnedFd>],
) -> std::io::Result<ChildProc> {
    let (ours, theirs) = channel::pair()?;
    let child = Command::new(&exe.0)
        .arg0(&exe.1)
        .arg("--mp-worker")
        .args(worker_args)
        .stdin(Stdio::from(theirs))
        .spawn()?;
    let bytes = postcard::to_stdvec(boot).map_err(std::io::Error::other)?;
    let borrowed: Vec<_> = fds.iter().map(|f| f.as_fd()).collect();
    let proc = ChildProc {
        pid: child.id(),
        child: Mutex::new(child),
        control: Mutex::new(Some(Arc::new(ours))),
        status: Mutex::new(None),
    };
    let control = proc.control();
    if let Some(control) = control {
        if let Err(e) = channel::send(control.as_fd(), &bytes, &borrowed, &|| false) {
            // The child died before reading its orders: reap it, report.
            let _ = proc.kill_and_reap();
            return Err(match e {
                ChanError::Os(e) => e,
                other => std::io::Error::other(format!("the child did not start: {other:?}")),
            });
        }
    }
    Ok(proc)
}

/// A child's exit status as Python reports it: the exit code, or minus
/// the signal that killed it.
pub(crate) fn exit_code(status: std::process::ExitStatus) -> i32 {
    status
        .code()
        .unwrap_or_else(|| -status.signal().unwrap_or(0))
}

/// Sends signal `sig` to the (not yet reaped) child `pid`; a child that
/// has just exited is not an error.
pub(crate) fn signal_pid(pid: u32, sig: i32) -> std::io::Result<()> {
    let sig = rustix::process::Signal::from_named_raw(sig)
        .ok_or_else(|| std::io::Error::from_raw_os_error(22))?;
    let pid = rustix::process::Pid::from_raw(pid as i32)
        .ok_or_else(|| std::io::Error::from_raw_os_error(3))?;
    match rustix::process::kill_process(pid, sig) {
        Ok(()) | Err(rustix::io::Errno::SRCH) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl ChildProc {
    /// The parent's end of the control socket while the child is not
    /// reaped: it turns readable (hangs up) when the child exits.
    pub fn sentinel(&self) -> Option<Arc<OwnedFd>> {
        self.control()
    }

    fn control(&self) -> Option<Arc<OwnedFd>> {
        lock(&self.control).clone()
    }

    /// The exit code if the child has been reaped.
    pub fn exitcode(&self) -> Option<i32> {
        *lock(&self.status)
    }

    /// Reaps the child if it has exited, without waiting.
    pub fn poll(&self) -> Option<i32> {
        if let Some(c) = self.exitcode() {
            return Some(c);
        }
        let status = lock(&self.child).try_wait().ok().flatten()?;
        Some(self.record(status))
    }

    fn record(&self, status: std::process::ExitStatus) -> i32 {
        let code = exit_code(status);
        *lock(&self.status) = Some(code);
        lock(&self.control).take();
        code
    }

    /// Waits for the child to exit (until `deadline`), then reaps it.
    /// Runs without the GIL.
    pub fn wait(
        &self,
        deadline: Option<Instant>,
        interrupted: &dyn Fn() -> bool,
    ) -> Result<Option<i32>, ChanError> {
        if let Some(c) = self.exitcode() {
            return Ok(Some(c));
        }
        if let Some(control) = self.control() {
            if !channel::wait_ready(control.as_fd(), PollFlags::IN, deadline, interrupted)? {
                return Ok(self.poll());
            }
        }
        // Hung up: the child has exited (or is exiting); reap it.
        let status = lock(&self.child).wait()?;
        Ok(Some(self.record(status)))
    }

    /// Sends `sig` unless the child has already been reaped (its pid may
    /// belong to another process by now).
    pub fn signal(&self, sig: i32) -> std::io::Result<()> {
        if self.poll().is_some() {
            return Ok(());
        }
        signal_pid(self.pid, sig)
    }

    fn kill_and_reap(&self) -> std::io::Result<i32> {
        let mut child = lock(&self.child);
        let _ = child.kill();
        let status = child.wait()?;
        drop(child);
        Ok(self.record(status))
    }
}

impl Drop for ChildProc {
    /// A child forgotten by the script is still reaped (no zombie) if it
    /// has already exited; one still running is left to its lifeline.
    fn drop(&mut self) {
        let _ = self.poll();
    }
}
