//! A child process started by `subprocess`: spawning it with its standard
//! streams wired as asked, waiting for it with a deadline, signalling it,
//! and reaping it whatever happens to the handle.
//!
//! Waits run without the GIL. Where the kernel has pidfds, a wait sleeps
//! in `poll` on the child's pidfd, which turns readable when it exits;
//! elsewhere it polls `try_wait` with a growing pause. Either way it wakes
//! every [`SLICE`] to check for Ctrl-C.
//!
//! A handle dropped while its child still runs hands the child to a small
//! reaper thread that waits for it: no child of `subprocess` stays a zombie.

use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rustix::event::{poll, PollFd, PollFlags, Timespec};

/// How long one wait lasts before checking for Ctrl-C.
pub const SLICE: Duration = Duration::from_millis(50);

/// Ctrl-C arrived while waiting.
#[derive(Debug)]
pub struct Interrupted;

/// Where one standard stream of the child goes.
pub enum Redirect {
    /// The parent's own stream.
    Inherit,
    /// A new pipe whose other end the parent keeps.
    Pipe,
    /// `/dev/null`.
    Devnull,
    /// Wherever the child's stdout goes (stderr only).
    Stdout,
    /// A copy of one of the parent's descriptors.
    Fd(OwnedFd),
}

/// What to start.
pub struct Spec {
    pub argv: Vec<String>,
    /// The program to run, when it is not `argv[0]`.
    pub executable: Option<String>,
    pub cwd: Option<String>,
    /// The whole environment, when it is not the parent's.
    pub env: Option<Vec<(String, String)>>,
    pub stdin: Redirect,
    pub stdout: Redirect,
    pub stderr: Redirect,
}

/// The parent's ends of the pipes asked for (close-on-exec). They stay in
/// blocking mode, which they share with any copy handed to another child.
#[derive(Default)]
pub struct ParentEnds {
    pub stdin: Option<OwnedFd>,
    pub stdout: Option<OwnedFd>,
    pub stderr: Option<OwnedFd>,
}

/// Why spawning failed: the OS error and the file it concerns (the
/// program, or the working directory).
pub struct SpawnError {
    pub error: std::io::Error,
    pub filename: String,
}

fn pipe() -> std::io::Result<(OwnedFd, OwnedFd)> {
    let (r, w) = std::io::pipe()?;
    Ok((OwnedFd::from(r), OwnedFd::from(w)))
}

fn devnull(write: bool) -> std::io::Result<Stdio> {
    let f = std::fs::OpenOptions::new()
        .read(!write)
        .write(write)
        .open("/dev/null")?;
    Ok(Stdio::from(f))
}

/// Starts the child. Blocking (fork and exec): runs without the GIL.
pub fn spawn(spec: Spec) -> Result<(ChildProc, ParentEnds), SpawnError> {
    let program = spec
        .executable
        .clone()
        .unwrap_or_else(|| spec.argv[0].clone());
    let fail_on = |filename: &str| {
        let filename = filename.to_string();
        move |error| SpawnError {
            error,
            filename: filename.clone(),
        }
    };
    if let Some(cwd) = &spec.cwd {
        let meta = std::fs::metadata(cwd).map_err(fail_on(cwd))?;
        if !meta.is_dir() {
            return Err(SpawnError {
                error: std::io::Error::from_raw_os_error(20),
                filename: cwd.clone(),
            });
        }
    }
    let io = fail_on(&program);
    let mut ends = ParentEnds::default();
    let mut cmd = Command::new(&program);
    cmd.arg0(&spec.argv[0]).args(&spec.argv[1..]);
    if let Some(cwd) = &spec.cwd {
        cmd.current_dir(cwd);
    }
    if let Some(env) = &spec.env {
        cmd.env_clear();
        cmd.envs(env.iter().map(|(k, v)| (k, v)));
    }
    // The child's stdout, kept to give stderr=STDOUT the same target.
    let mut stdout_target: Option<OwnedFd> = None;
    let stdin = match spec.stdin {
        Redirect::Inherit | Redirect::Stdout => Stdio::inherit(),
        Redirect::Devnull => devnull(false).map_err(&io)?,
        Redirect::Fd(fd) => Stdio::from(fd),
        Redirect::Pipe => {
            let (r, w) = pipe().map_err(&io)?;
            ends.stdin = Some(w);
            Stdio::from(r)
        }
    };
    let stdout = match spec.stdout {
        Redirect::Inherit | Redirect::Stdout => Stdio::inherit(),
        Redirect::Devnull => {
            let f = std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/null")
                .map_err(&io)?;
            let fd = OwnedFd::from(f);
            stdout_target = Some(fd.try_clone().map_err(&io)?);
            Stdio::from(fd)
        }
        Redirect::Fd(fd) => {
            stdout_target = Some(fd.try_clone().map_err(&io)?);
            Stdio::from(fd)
        }
        Redirect::Pipe => {
            let (r, w) = pipe().map_err(&io)?;
            ends.stdout = Some(r);
            stdout_target = Some(w.try_clone().map_err(&io)?);
            Stdio::from(w)
        }
    };
    let stderr = match spec.stderr {
        Redirect::Inherit => Stdio::inherit(),
        Redirect::Stdout => match stdout_target.take() {
            Some(fd) => Stdio::from(fd),
            None => Stdio::from(
                std::io::stdout()
                    .as_fd()
                    .try_clone_to_owned()
                    .map_err(&io)?,
            ),
        },
        Redirect::Devnull => devnull(true).map_err(&io)?,
        Redirect::Fd(fd) => Stdio::from(fd),
        Redirect::Pipe => {
            let (r, w) = pipe().map_err(&io)?;
            ends.stderr = Some(r);
            Stdio::from(w)
        }
    };
    drop(stdout_target);
    cmd.stdin(stdin).stdout(stdout).stderr(stderr);
    let child = cmd.spawn().map_err(&io)?;
    // The child's ends of the pipes close here with the command, so the
    // parent sees end-of-file once the child (and its children) close theirs.
    drop(cmd);
    let pid = child.id();
    let pidfd = rustix::process::Pid::from_raw(pid as i32)
        .and_then(|p| rustix::process::pidfd_open(p, rustix::process::PidfdFlags::empty()).ok())
        .map(Arc::new);
    let proc = ChildProc {
        pid,
        inner: Mutex::new(Inner {
            child: Some(child),
            pidfd,
            status: None,
        }),
    };
    Ok((proc, ends))
}

struct Inner {
    /// `None` once reaped (or handed to the reaper thread).
    child: Option<Child>,
    /// Readable once the child has exited; dropped when it is reaped.
    pidfd: Option<Arc<OwnedFd>>,
    /// The return code once reaped: negative for a signal, as Python's.
    status: Option<i32>,
}

/// A started child, as the parent holds it.
pub struct ChildProc {
    pub pid: u32,
    inner: Mutex<Inner>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

use crate::process::spawn::exit_code as return_code;

impl ChildProc {
    /// Reaps the child if it has exited, without waiting.
    pub fn poll(&self) -> Option<i32> {
        let mut inner = lock(&self.inner);
        if inner.status.is_some() {
            return inner.status;
        }
        let status = inner.child.as_mut()?.try_wait().ok().flatten()?;
        let code = return_code(status);
        inner.status = Some(code);
        inner.child = None;
        inner.pidfd = None;
        Some(code)
    }

    /// Waits for the child to exit until `deadline`, then reaps it; `None`
    /// at the deadline. Runs without the GIL; no lock is held while it sleeps.
    pub fn wait(
        &self,
        deadline: Option<Instant>,
        interrupted: &dyn Fn() -> bool,
    ) -> Result<Option<i32>, Interrupted> {
        let mut pause = Duration::from_millis(1);
        loop {
            if let Some(code) = self.poll() {
                return Ok(Some(code));
            }
            if interrupted() {
                return Err(Interrupted);
            }
            let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            if left == Some(Duration::ZERO) {
                return Ok(None);
            }
            let pidfd = lock(&self.inner).pidfd.clone();
            match pidfd {
                Some(fd) => {
                    let slice = left.map_or(SLICE, |l| l.min(SLICE));
                    let ts = Timespec {
                        tv_sec: slice.as_secs() as _,
                        tv_nsec: slice.subsec_nanos() as _,
                    };
                    let mut fds = [PollFd::new(&*fd, PollFlags::IN)];
                    let _ = poll(&mut fds, Some(&ts));
                }
                None => {
                    let slice = left.map_or(pause, |l| l.min(pause));
                    std::thread::sleep(slice);
                    pause = (pause * 2).min(SLICE);
                }
            }
        }
    }

    /// Sends `sig` unless the child has already been reaped (its pid may
    /// belong to another process by now).
    pub fn signal(&self, sig: i32) -> std::io::Result<()> {
        if self.poll().is_some() {
            return Ok(());
        }
        crate::process::spawn::signal_pid(self.pid, sig)
    }
}

impl Drop for ChildProc {
    /// A child still running when its handle goes is waited for by a
    /// thread of its own, so that it never stays a zombie.
    fn drop(&mut self) {
        if self.poll().is_some() {
            return;
        }
        let inner = self.inner.get_mut().unwrap_or_else(|e| e.into_inner());
        if let Some(mut child) = inner.child.take() {
            let spawned = std::thread::Builder::new()
                .name("subprocess-reaper".into())
                .spawn(move || {
                    let _ = child.wait();
                });
            // Without a thread the child is left to be reparented at exit.
            drop(spawned);
        }
    }
}
