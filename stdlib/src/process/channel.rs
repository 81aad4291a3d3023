//! Messages between processes: one message is one record on a
//! `SOCK_SEQPACKET` Unix socket pair, with the file descriptors it carries
//! beside it (`SCM_RIGHTS`).
//!
//! A record is sent and received whole, so many processes can hold the two
//! ends of one pair — every `Queue` is such a pair — and put and get on it
//! without a lock: no writer's record interleaves with another's, and each
//! reader takes whole records. Messages too large for one record travel in
//! a memfd sent beside a small header.
//!
//! Nothing here touches interpreter values: these functions run with the
//! GIL released. They wait in slices of [`SLICE`] so that Ctrl-C (the
//! `interrupted` check) ends a wait in the main thread.

use std::io::{IoSlice, IoSliceMut, Read, Seek, Write};
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::time::{Duration, Instant};

use rustix::event::{poll, PollFd, PollFlags, Timespec};
use rustix::io::Errno;
use rustix::net::{
    recvmsg, sendmsg, AddressFamily, RecvAncillaryBuffer, RecvAncillaryMessage, RecvFlags,
    SendAncillaryBuffer, SendAncillaryMessage, SendFlags, SocketFlags, SocketType,
};

/// Payloads up to this size travel inline in the record.
const INLINE_MAX: usize = 48 * 1024;
/// The most descriptors one message carries.
const MAX_FDS: usize = 32;
/// How long one wait lasts before checking for Ctrl-C.
const SLICE: Duration = Duration::from_millis(50);
/// The send buffer asked for: many small messages in flight before a
/// writer waits for a reader (the kernel caps it at `wmem_max`).
const SEND_BUFFER: usize = 4 << 20;

const TAG_INLINE: u8 = 0;
const TAG_MEMFD: u8 = 1;

/// Why a transfer did not happen.
#[derive(Debug)]
pub enum ChanError {
    /// The deadline passed first.
    Timeout,
    /// Every other holder of the peer end has closed it.
    Eof,
    /// Ctrl-C in the main thread.
    Interrupted,
    Os(std::io::Error),
}

impl From<Errno> for ChanError {
    fn from(e: Errno) -> Self {
        ChanError::Os(e.into())
    }
}

impl From<std::io::Error> for ChanError {
    fn from(e: std::io::Error) -> Self {
        ChanError::Os(e)
    }
}

/// A new connected pair of message sockets (close-on-exec).
pub fn pair() -> std::io::Result<(OwnedFd, OwnedFd)> {
    let (a, b) = rustix::net::socketpair(
        AddressFamily::UNIX,
        SocketType::SEQPACKET,
        SocketFlags::CLOEXEC,
        None,
    )?;
    for s in [&a, &b] {
        // Best effort: a smaller buffer only means earlier back-pressure.
        let _ = rustix::net::sockopt::set_socket_send_buffer_size(s, SEND_BUFFER);
    }
    Ok((a, b))
}

/// Waits until `fd` is ready for `flags`; `Ok(true)` when ready, `Ok(false)`
/// at the deadline (a `None` deadline waits for ever).
pub fn wait_ready(
    fd: BorrowedFd<'_>,
    flags: PollFlags,
    deadline: Option<Instant>,
    interrupted: &dyn Fn() -> bool,
) -> Result<bool, ChanError> {
    Ok(!wait_any(&[(fd, flags)], deadline, interrupted)?[0].is_empty())
}

/// Waits until one of `fds` is ready for its flags (a hang-up or an error
/// counts as ready); returns what poll(2) said of each (all empty at the
/// deadline).
pub fn wait_any(
    fds: &[(BorrowedFd<'_>, PollFlags)],
    deadline: Option<Instant>,
    interrupted: &dyn Fn() -> bool,
) -> Result<Vec<PollFlags>, ChanError> {
    let mut polled: Vec<PollFd<'_>> = fds
        .iter()
        .map(|(fd, flags)| PollFd::from_borrowed_fd(*fd, *flags))
        .collect();
    loop {
        if interrupted() {
            return Err(ChanError::Interrupted);
        }
        let slice = match deadline {
            Some(d) => d.saturating_duration_since(Instant::now()).min(SLICE),
            None => SLICE,
        };
        let ts = Timespec {
            tv_sec: slice.as_secs() as _,
            tv_nsec: slice.subsec_nanos() as _,
        };
        match poll(&mut polled, Some(&ts)) {
            Ok(0) if slice.is_zero() => return Ok(vec![PollFlags::empty(); fds.len()]),
            Ok(0) | Err(Errno::INTR) => {}
            Ok(_) => return Ok(polled.iter().map(|p| p.revents()).collect()),
            Err(e) => return Err(e.into()),
        }
    }
}

/// Sends one message, waiting while the socket is full.
pub fn send(
    fd: BorrowedFd<'_>,
    bytes: &[u8],
    fds: &[BorrowedFd<'_>],
    interrupted: &dyn Fn() -> bool,
) -> Result<(), ChanError> {
    send_or_not(fd, bytes, fds, Some(interrupted)).map(|_| ())
}

/// Sends one message if the socket has room now; `Ok(false)` if it is full.
pub fn try_send(
    fd: BorrowedFd<'_>,
    bytes: &[u8],
    fds: &[BorrowedFd<'_>],
) -> Result<bool, ChanError> {
    send_or_not(fd, bytes, fds, None)
}

/// Sends one message; while the socket is full, waits (checking
/// `wait`'s interrupt) or, with no `wait`, gives up with `Ok(false)`.
fn send_or_not(
    fd: BorrowedFd<'_>,
    bytes: &[u8],
    fds: &[BorrowedFd<'_>],
    wait: Option<&dyn Fn() -> bool>,
) -> Result<bool, ChanError> {
    if fds.len() > MAX_FDS {
        return Err(ChanError::Os(std::io::Error::other(format!(
            "a message carries at most {MAX_FDS} handles"
        ))));
    }
    let spill;
    let mut all_fds: Vec<BorrowedFd<'_>> = fds.to_vec();
    let header: Vec<u8>;
    let body: &[u8];
    if bytes.len() <= INLINE_MAX {
        header = vec![TAG_INLINE];
        body = bytes;
    } else {
        spill = spill_to_memfd(bytes)?;
        all_fds.push(spill.as_fd());
        header = [&[TAG_MEMFD][..], &(bytes.len() as u64).to_le_bytes()].concat();
        body = &[];
    }
    let iov = [IoSlice::new(&header), IoSlice::new(body)];
    let mut space = [MaybeUninit::<u8>::uninit(); rustix::cmsg_space!(ScmRights(MAX_FDS + 1))];
    loop {
        let mut control = SendAncillaryBuffer::new(&mut space);
        if !all_fds.is_empty() && !control.push(SendAncillaryMessage::ScmRights(&all_fds)) {
            return Err(ChanError::Os(std::io::Error::other(
                "too many handles in one message",
            )));
        }
        match sendmsg(
            fd,
            &iov,
            &mut control,
            SendFlags::DONTWAIT | SendFlags::NOSIGNAL,
        ) {
            Ok(_) => return Ok(true),
            Err(Errno::AGAIN) => match wait {
                Some(interrupted) => {
                    wait_ready(fd, PollFlags::OUT, None, interrupted)?;
                }
                None => return Ok(false),
            },
            Err(Errno::INTR) => {}
            Err(Errno::PIPE) | Err(Errno::CONNRESET) => return Err(ChanError::Eof),
            Err(e) => return Err(e.into()),
        }
    }
}

fn spill_to_memfd(bytes: &[u8]) -> std::io::Result<OwnedFd> {
    let fd = rustix::fs::memfd_create("conc-message", rustix::fs::MemfdFlags::CLOEXEC)?;
    let mut file = std::fs::File::from(fd);
    file.write_all(bytes)?;
    file.rewind()?;
    Ok(file.into())
}

/// Receives one message: its bytes and the descriptors that came with it.
/// Several readers may wait on one socket; the one that loses the race
/// for a message waits again.
pub fn recv(
    fd: BorrowedFd<'_>,
    deadline: Option<Instant>,
    interrupted: &dyn Fn() -> bool,
) -> Result<(Vec<u8>, Vec<OwnedFd>), ChanError> {
    RECV_BUFFER.with(|buf| recv_into(fd, &mut buf.borrow_mut(), deadline, interrupted))
}

thread_local! {
    /// Where records land before their bytes are copied out: one per
    /// thread, so a receive neither allocates nor zeroes 48 KiB.
    static RECV_BUFFER: std::cell::RefCell<Vec<u8>> =
        std::cell::RefCell::new(vec![0u8; INLINE_MAX + 16]);
}

fn recv_into(
    fd: BorrowedFd<'_>,
    buf: &mut [u8],
    deadline: Option<Instant>,
    interrupted: &dyn Fn() -> bool,
) -> Result<(Vec<u8>, Vec<OwnedFd>), ChanError> {
    // Try first: when a message is waiting (the busy case) one system
    // call receives it; poll only when there is none.
    let mut polled = false;
    loop {
        if polled && !wait_ready(fd, PollFlags::IN, deadline, interrupted)? {
            return Err(ChanError::Timeout);
        }
        polled = true;
        let mut space = [MaybeUninit::<u8>::uninit(); rustix::cmsg_space!(ScmRights(MAX_FDS + 1))];
        let mut control = RecvAncillaryBuffer::new(&mut space);
        let mut iov = [IoSliceMut::new(buf)];
        let got = match recvmsg(
            fd,
            &mut iov,
            &mut control,
            RecvFlags::DONTWAIT | RecvFlags::CMSG_CLOEXEC,
        ) {
            Ok(m) => m,
            Err(Errno::AGAIN) | Err(Errno::INTR) => continue,
            Err(Errno::CONNRESET) => return Err(ChanError::Eof),
            Err(e) => return Err(e.into()),
        };
        let mut fds = Vec::new();
        for msg in control.drain() {
            if let RecvAncillaryMessage::ScmRights(received) = msg {
                fds.extend(received);
            }
        }
        if got.bytes == 0 {
            return Err(ChanError::Eof);
        }
        let n = got.bytes;
        return match buf[0] {
            TAG_INLINE => Ok((buf[1..n].to_vec(), fds)),
            TAG_MEMFD if n >= 9 => {
                let len = u64::from_le_bytes(buf[1..9].try_into().unwrap_or_default()) as usize;
                let spill = fds.pop().ok_or_else(|| {
                    ChanError::Os(std::io::Error::other(
                        "a large message arrived without its data",
                    ))
                })?;
                let mut data = Vec::new();
                data.try_reserve_exact(len)
                    .map_err(|_| ChanError::Os(std::io::Error::other("message too large")))?;
                std::fs::File::from(spill).read_to_end(&mut data)?;
                Ok((data, fds))
            }
            _ => Err(ChanError::Os(std::io::Error::other(
                "a corrupt message arrived",
            ))),
        };
    }
}
