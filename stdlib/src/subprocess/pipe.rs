//! The parent's end of a pipe to or from a child, and `communicate`.
//!
//! Every read or write first waits in `poll`, in slices of [`SLICE`], so
//! that it notices a deadline and Ctrl-C; then it reads what is there, or
//! writes at most [`PIPE_BUF`] bytes, which a pipe reported writable takes
//! without blocking. The descriptors themselves stay blocking: a copy of
//! one handed to another child (a pipeline) must not be non-blocking. All of this runs without the GIL; a pipe's state
//! is locked only inside those GIL-free sections (a thread waiting for a
//! pipe another thread reads never holds the GIL).
//!
//! `communicate` serves stdin, stdout and stderr from one `poll` loop, so
//! a child that fills one pipe while the parent waits on another cannot
//! deadlock. What it has read stays in the pipes' buffers until it is
//! done, so a call that timed out can be repeated without losing output.

use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use rustix::event::{poll, PollFd, PollFlags, Timespec};
use rustix::io::Errno;

use super::child::SLICE;

/// How much one read asks for.
const CHUNK: usize = 64 * 1024;
/// How much one write gives: what a writable pipe takes at once.
const PIPE_BUF: usize = 4096;

/// Why a pipe operation did not complete.
#[derive(Debug)]
pub enum PipeError {
    Closed,
    Timeout,
    Interrupted,
    Os(std::io::Error),
}

impl From<Errno> for PipeError {
    fn from(e: Errno) -> Self {
        PipeError::Os(e.into())
    }
}

#[derive(Default)]
struct State {
    fd: Option<OwnedFd>,
    /// Read, not yet consumed.
    buf: Vec<u8>,
    eof: bool,
    /// `communicate`'s input not written yet (stdin only).
    pending: Option<Vec<u8>>,
    written: usize,
}

/// One end of a pipe (the payload of a `_Pipe` handle).
pub struct Pipe {
    state: Mutex<State>,
}

fn wait_fd(
    fd: BorrowedFd<'_>,
    flags: PollFlags,
    deadline: Option<Instant>,
    interrupted: &dyn Fn() -> bool,
) -> Result<(), PipeError> {
    use crate::process::channel::{wait_ready, ChanError};
    match wait_ready(fd, flags, deadline, interrupted) {
        Ok(true) => Ok(()),
        Ok(false) => Err(PipeError::Timeout),
        Err(ChanError::Interrupted) => Err(PipeError::Interrupted),
        Err(ChanError::Os(e)) => Err(PipeError::Os(e)),
        Err(ChanError::Timeout) => Err(PipeError::Timeout),
        Err(ChanError::Eof) => Err(PipeError::Closed),
    }
}

impl State {
    /// Reads once more (waiting for data); false at end of file.
    fn fill(&mut self, interrupted: &dyn Fn() -> bool) -> Result<bool, PipeError> {
        if self.eof {
            return Ok(false);
        }
        let fd = self.fd.as_ref().ok_or(PipeError::Closed)?;
        loop {
            wait_fd(fd.as_fd(), PollFlags::IN, None, interrupted)?;
            match read_some(fd.as_fd(), &mut self.buf) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(_) => return Ok(true),
                Err(Errno::AGAIN) | Err(Errno::INTR) => {}
                Err(e) => return Err(e.into()),
            }
        }
    }

    fn take(&mut self, n: usize) -> Vec<u8> {
        let n = n.min(self.buf.len());
        let rest = self.buf.split_off(n);
        std::mem::replace(&mut self.buf, rest)
    }

    fn close(&mut self) {
        self.fd = None;
        self.pending = None;
    }
}

/// Appends what one `read` returns to `buf`.
fn read_some(fd: BorrowedFd<'_>, buf: &mut Vec<u8>) -> Result<usize, Errno> {
    let start = buf.len();
    buf.resize(start + CHUNK, 0);
    let r = rustix::io::read(fd, &mut buf[start..]);
    buf.truncate(start + *r.as_ref().unwrap_or(&0));
    r
}

/// The length of an incomplete UTF-8 sequence at the end of `b` (0 if none).
fn utf8_tail_missing(b: &[u8]) -> usize {
    for back in 1..=b.len().min(3) {
        let c = b[b.len() - back];
        if c & 0xC0 == 0x80 {
            continue;
        }
        let need: usize = match c {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF7 => 4,
            _ => return 0,
        };
        return need.saturating_sub(back);
    }
    0
}

impl Pipe {
    pub fn new(fd: OwnedFd) -> Pipe {
        Pipe {
            state: Mutex::new(State {
                fd: Some(fd),
                ..State::default()
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn fileno(&self) -> Option<i32> {
        self.lock().fd.as_ref().map(|f| f.as_raw_fd())
    }

    /// A copy of the descriptor (close-on-exec), unless closed.
    pub fn duplicate(&self) -> Option<std::io::Result<OwnedFd>> {
        self.lock().fd.as_ref().map(|f| f.try_clone())
    }

    pub fn is_closed(&self) -> bool {
        self.lock().fd.is_none()
    }

    pub fn close(&self) {
        self.lock().close();
    }

    /// Reads `n` bytes (fewer at end of file), or everything up to end of
    /// file when `n` is `None`. With `whole_chars`, reads on to the end of
    /// a UTF-8 sequence cut by `n`.
    pub fn read(
        &self,
        n: Option<usize>,
        whole_chars: bool,
        interrupted: &dyn Fn() -> bool,
    ) -> Result<Vec<u8>, PipeError> {
        let mut st = self.lock();
        if st.fd.is_none() {
            return Err(PipeError::Closed);
        }
        match n {
            None => {
                while st.fill(interrupted)? {}
                Ok(std::mem::take(&mut st.buf))
            }
            Some(n) => {
                while st.buf.len() < n && st.fill(interrupted)? {}
                let mut n = n.min(st.buf.len());
                if whole_chars {
                    loop {
                        let missing = utf8_tail_missing(&st.buf[..n]);
                        if missing == 0 {
                            break;
                        }
                        while st.buf.len() < n + missing && st.fill(interrupted)? {}
                        if st.buf.len() < n + missing {
                            n = st.buf.len();
                            break;
                        }
                        n += missing;
                    }
                }
                Ok(st.take(n))
            }
        }
    }

    /// Reads one line (with its `\n`; without one only at end of file),
    /// at most `limit` bytes.
    pub fn readline(
        &self,
        limit: Option<usize>,
        interrupted: &dyn Fn() -> bool,
    ) -> Result<Vec<u8>, PipeError> {
        let mut st = self.lock();
        if st.fd.is_none() {
            return Err(PipeError::Closed);
        }
        let mut searched = 0;
        loop {
            if let Some(i) = st.buf[searched..].iter().position(|&b| b == b'\n') {
                let end = searched + i + 1;
                return Ok(st.take(limit.map_or(end, |l| l.min(end))));
            }
            if limit.is_some_and(|l| st.buf.len() >= l) {
                return Ok(st.take(limit.unwrap_or(0)));
            }
            searched = st.buf.len();
            if !st.fill(interrupted)? {
                let n = st.buf.len();
                return Ok(st.take(n));
            }
        }
    }

    /// Writes all of `data`, waiting while the pipe is full.
    pub fn write(&self, data: &[u8], interrupted: &dyn Fn() -> bool) -> Result<(), PipeError> {
        let st = self.lock();
        let fd = st.fd.as_ref().ok_or(PipeError::Closed)?;
        let mut done = 0;
        while done < data.len() {
            wait_fd(fd.as_fd(), PollFlags::OUT, None, interrupted)?;
            let end = data.len().min(done + PIPE_BUF);
            match rustix::io::write(fd, &data[done..end]) {
                Ok(n) => done += n,
                Err(Errno::AGAIN) | Err(Errno::INTR) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }
}

/// What `communicate` has collected.
pub struct Collected {
    pub stdout: Option<Vec<u8>>,
    pub stderr: Option<Vec<u8>>,
    /// False when the deadline came first (the output is what arrived so far).
    pub done: bool,
}

/// Sends `input` (if any, on the first call) to `stdin` and closes it, and
/// reads `stdout` and `stderr` to their ends, all at once, until `deadline`.
pub fn communicate(
    stdin: Option<&Pipe>,
    input: Option<Vec<u8>>,
    stdout: Option<&Pipe>,
    stderr: Option<&Pipe>,
    deadline: Option<Instant>,
    interrupted: &dyn Fn() -> bool,
) -> Result<Collected, PipeError> {
    let mut sin = stdin.map(Pipe::lock);
    let mut sout = stdout.map(Pipe::lock);
    let mut serr = stderr.map(Pipe::lock);
    if let Some(st) = sin.as_mut() {
        if input.is_some() {
            st.pending = input;
            st.written = 0;
        }
        if st.pending.as_ref().is_none_or(|p| p.len() <= st.written) {
            st.close();
        }
    }
    let done = loop {
        if interrupted() {
            return Err(PipeError::Interrupted);
        }
        let writing = sin.as_ref().is_some_and(|s| s.fd.is_some());
        let reading = |s: &Option<MutexGuard<'_, State>>| {
            s.as_ref().is_some_and(|s| s.fd.is_some() && !s.eof)
        };
        let (out_open, err_open) = (reading(&sout), reading(&serr));
        if !writing && !out_open && !err_open {
            break true;
        }
        let slice = match deadline {
            Some(d) => d.saturating_duration_since(Instant::now()).min(SLICE),
            None => SLICE,
        };
        let mut fds = Vec::with_capacity(3);
        let mut which = Vec::with_capacity(3);
        for (i, (st, open, flags)) in [
            (&sin, writing, PollFlags::OUT),
            (&sout, out_open, PollFlags::IN),
            (&serr, err_open, PollFlags::IN),
        ]
        .into_iter()
        .enumerate()
        {
            if let (true, Some(fd)) = (open, st.as_ref().and_then(|s| s.fd.as_ref())) {
                fds.push(PollFd::new(fd, flags));
                which.push(i);
            }
        }
        let ts = Timespec {
            tv_sec: slice.as_secs() as _,
            tv_nsec: slice.subsec_nanos() as _,
        };
        let ready: Vec<usize> = match poll(&mut fds, Some(&ts)) {
            Ok(0) if slice.is_zero() => break false,
            Ok(0) | Err(Errno::INTR) => continue,
            Ok(_) => fds
                .iter()
                .zip(&which)
                .filter(|(p, _)| !p.revents().is_empty())
                .map(|(_, &i)| i)
                .collect(),
            Err(e) => return Err(e.into()),
        };
        drop(fds);
        for i in ready {
            match i {
                0 => {
                    if let Some(st) = sin.as_mut() {
                        feed(st)?;
                    }
                }
                1 => drain(sout.as_mut())?,
                _ => drain(serr.as_mut())?,
            }
        }
    };
    let collect = |s: Option<&mut MutexGuard<'_, State>>| {
        s.map(|st| {
            if done {
                st.close();
                std::mem::take(&mut st.buf)
            } else {
                st.buf.clone()
            }
        })
    };
    Ok(Collected {
        stdout: collect(sout.as_mut()),
        stderr: collect(serr.as_mut()),
        done,
    })
}

/// Writes what the pipe takes of the pending input; closes stdin when all
/// is written or the child has closed its end (as Python, ignoring that).
fn feed(st: &mut State) -> Result<(), PipeError> {
    let (Some(fd), Some(pending)) = (st.fd.as_ref(), st.pending.as_ref()) else {
        st.close();
        return Ok(());
    };
    let end = pending.len().min(st.written + PIPE_BUF);
    match rustix::io::write(fd, &pending[st.written..end]) {
        Ok(n) => st.written += n,
        Err(Errno::AGAIN) | Err(Errno::INTR) => {}
        Err(Errno::PIPE) => st.written = pending.len(),
        Err(e) => return Err(e.into()),
    }
    if st.pending.as_ref().is_none_or(|p| st.written >= p.len()) {
        st.close();
    }
    Ok(())
}

fn drain(st: Option<&mut MutexGuard<'_, State>>) -> Result<(), PipeError> {
    let Some(st) = st else { return Ok(()) };
    let State { fd, buf, eof, .. } = &mut **st;
    let Some(fd) = fd.as_ref() else {
        return Ok(());
    };
    match read_some(fd.as_fd(), buf) {
        Ok(0) => *eof = true,
        Ok(_) | Err(Errno::AGAIN) | Err(Errno::INTR) => {}
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incomplete_utf8_tails() {
        assert_eq!(utf8_tail_missing(b"abc"), 0);
        assert_eq!(utf8_tail_missing("é".as_bytes()), 0);
        assert_eq!(utf8_tail_missing(&"é".as_bytes()[..1]), 1);
        assert_eq!(utf8_tail_missing(&"€".as_bytes()[..1]), 2);
        assert_eq!(utf8_tail_missing(&"€".as_bytes()[..2]), 1);
    }

    #[test]
    fn communicate_feeds_and_drains_both_pipes() {
        let (r_in, w_in) = std::io::pipe().unwrap();
        let (r_out, w_out) = std::io::pipe().unwrap();
        let w_in = OwnedFd::from(w_in);
        let r_out = OwnedFd::from(r_out);
        // A "child": copies its input to its output.
        let echo = std::thread::spawn(move || {
            let mut r = r_in;
            let mut w = w_out;
            std::io::copy(&mut r, &mut w).unwrap();
        });
        let (sin, sout) = (Pipe::new(w_in), Pipe::new(r_out));
        let data = vec![7u8; 1 << 20];
        let got = communicate(
            Some(&sin),
            Some(data.clone()),
            Some(&sout),
            None,
            None,
            &|| false,
        )
        .unwrap();
        echo.join().unwrap();
        assert!(got.done);
        assert_eq!(got.stdout.unwrap(), data);
        assert!(got.stderr.is_none());
        assert!(sin.is_closed() && sout.is_closed());
    }
}
