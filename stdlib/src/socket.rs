//! The `socket` module: TCP and UDP over IPv4 and IPv6, and Unix sockets.
//!
//! The native `_socket` module works on handles (the process module's
//! `Handle`: an owned descriptor that can also cross to a child process).
//! Every descriptor is non-blocking; a blocking call is a loop of "try,
//! then wait until the descriptor is ready" run with the GIL released, so
//! other threads run while one waits on the network, the wait honours the
//! socket's timeout (`TimeoutError: timed out`), and Ctrl-C ends it in the
//! main thread. The `socket` class and the helpers around it
//! (`create_connection`, `makefile`, ...) are conc source in
//! `socket/socket.conc`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};
use std::os::fd::{AsFd, OwnedFd};
use std::sync::Arc;
use std::time::{Duration, Instant};

use conc_interp::object::{Args, NativeFnPtr, Object};
use conc_interp::prelude::*;
use rustix::event::PollFlags;
use rustix::io::Errno;
use rustix::net::{AddressFamily, RecvFlags, SendFlags, SocketAddrAny, SocketFlags, SocketType};

use crate::process::channel::{self, ChanError};
use crate::process::handle;
use crate::util::{arg, float_arg, index_i64, new_module, pos_arity};

const SOURCE: &str = include_str!("socket/socket.conc");

const AF_UNIX: i64 = 1;
const AF_INET: i64 = 2;
const AF_INET6: i64 = 10;
const SOCK_STREAM: i64 = 1;
const SOCK_DGRAM: i64 = 2;

/// An OS error as the conc exception Python raises for its errno.
fn os_err(vm: &mut Vm, e: impl Into<std::io::Error>) -> Error {
    crate::os::io_error(vm, &e.into())
}

fn timed_out() -> Error {
    Error::new(ExcKind::TimeoutError, "timed out")
}

/// How long a call may wait: `None` for ever, `Some(None)` not at all
/// (non-blocking), `Some(Some(d))` until `d`.
type Wait = Option<Option<Instant>>;

fn wait_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<Wait> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => {
            let t = float_arg(vm, v)?;
            if t.is_nan() || t < 0.0 {
                return Err(Error::value_error("Timeout value out of range"));
            }
            if t == 0.0 {
                return Ok(Some(None));
            }
            Ok(Some(Some(
                Instant::now() + Duration::from_secs_f64(t.min(1e9)),
            )))
        }
    }
}

/// Why an operation on a socket stopped.
enum Stop {
    Os(Errno),
    WouldBlock,
    TimedOut,
    Interrupted,
}

/// Runs `op` until it does not say EAGAIN, waiting (without the GIL) for
/// `ready` between tries, as `wait` allows.
fn blocking<T: Send>(
    vm: &mut Vm,
    fd: Arc<OwnedFd>,
    ready: PollFlags,
    wait: Wait,
    op: impl FnMut(&OwnedFd) -> Result<T, Errno> + Send,
) -> PyResult<T> {
    let check = vm.interrupt_check();
    let mut op = op;
    let r = vm.allow_threads_because("socket", move || loop {
        match op(&fd) {
            Ok(v) => return Ok(v),
            Err(Errno::AGAIN) => {}
            Err(Errno::INTR) => continue,
            Err(e) => return Err(Stop::Os(e)),
        }
        let deadline = match wait {
            Some(None) => return Err(Stop::WouldBlock),
            Some(Some(d)) => Some(d),
            None => None,
        };
        match channel::wait_ready(fd.as_fd(), ready, deadline, &|| check.pending()) {
            Ok(true) => {}
            Ok(false) => return Err(Stop::TimedOut),
            Err(ChanError::Interrupted) => return Err(Stop::Interrupted),
            Err(ChanError::Os(e)) => {
                return Err(Stop::Os(Errno::from_raw_os_error(
                    e.raw_os_error().unwrap_or(5),
                )))
            }
            Err(_) => return Err(Stop::Os(Errno::IO)),
        }
    });
    r.map_err(|s| match s {
        Stop::Os(e) => os_err(vm, e),
        Stop::WouldBlock => os_err(vm, Errno::AGAIN),
        Stop::TimedOut => timed_out(),
        Stop::Interrupted => vm.interrupted_error(),
    })
}

fn family_of(vm: &mut Vm, v: &Value) -> PyResult<AddressFamily> {
    match index_i64(vm, v)? {
        AF_INET => Ok(AddressFamily::INET),
        AF_INET6 => Ok(AddressFamily::INET6),
        AF_UNIX => Ok(AddressFamily::UNIX),
        _ => Err(os_err(vm, Errno::AFNOSUPPORT)),
    }
}

/// `socket(family, type, proto)` → a handle on a new non-blocking socket.
fn socket(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("socket", &args, 3, 3)?;
    let family = family_of(vm, &args.pos()[0])?;
    let ty = match index_i64(vm, &args.pos()[1])? {
        SOCK_STREAM => SocketType::STREAM,
        SOCK_DGRAM => SocketType::DGRAM,
        _ => return Err(os_err(vm, Errno::PROTOTYPE)),
    };
    let fd = rustix::net::socket_with(
        family,
        ty,
        SocketFlags::CLOEXEC | SocketFlags::NONBLOCK,
        None,
    )
    .map_err(|e| os_err(vm, e))?;
    handle::new_handle(vm, fd)
}

/// `socketpair(family, type)` → two connected handles.
fn socketpair(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("socketpair", &args, 2, 2)?;
    let ty = match index_i64(vm, &args.pos()[1])? {
        SOCK_DGRAM => SocketType::DGRAM,
        _ => SocketType::STREAM,
    };
    let (a, b) = rustix::net::socketpair(
        AddressFamily::UNIX,
        ty,
        SocketFlags::CLOEXEC | SocketFlags::NONBLOCK,
        None,
    )
    .map_err(|e| os_err(vm, e))?;
    let (a, b) = (handle::new_handle(vm, a)?, handle::new_handle(vm, b)?);
    Ok(Value::tuple(vec![a, b]))
}

/// A socket address from Python's form: `(host, port)` for IPv4,
/// `(host, port[, flowinfo, scope_id])` for IPv6, a path for Unix. Host
/// names are resolved (without the GIL).
enum Addr {
    Ip(SocketAddr),
    Unix(rustix::net::SocketAddrUnix),
}

fn addr_arg(vm: &mut Vm, family: i64, v: &Value) -> PyResult<Addr> {
    if family == AF_UNIX {
        let path = v
            .as_str()
            .ok_or_else(|| Error::type_error("a Unix socket address must be a str"))?;
        return rustix::net::SocketAddrUnix::new(path)
            .map(Addr::Unix)
            .map_err(|e| os_err(vm, e));
    }
    let items = match v.as_obj().map(|o| &**o) {
        Some(Object::Tuple(t)) if t.len() >= 2 => t.to_vec(),
        _ => {
            let what = if family == AF_INET6 {
                "AF_INET6"
            } else {
                "AF_INET"
            };
            return Err(Error::type_error(format!(
                "{what} address must be tuple, not {}",
                vm.type_name(v)
            )));
        }
    };
    let host = items[0]
        .as_str()
        .ok_or_else(|| Error::type_error("str, bytes or bytearray expected, not int"))?
        .to_string();
    let port = index_i64(vm, &items[1])?;
    let port = u16::try_from(port).map_err(|_| Error::overflow_error("port must be 0-65535."))?;
    let want_v6 = family == AF_INET6;
    let ip: Option<IpAddr> = match host.as_str() {
        "" => Some(if want_v6 {
            IpAddr::V6(Ipv6Addr::UNSPECIFIED)
        } else {
            IpAddr::V4(Ipv4Addr::UNSPECIFIED)
        }),
        "<broadcast>" => Some(IpAddr::V4(Ipv4Addr::BROADCAST)),
        h => h.parse().ok(),
    };
    let ip = match ip {
        Some(ip) => ip,
        None => resolve(vm, &host, port, want_v6)?,
    };
    let mut sa = SocketAddr::new(ip, port);
    if let (SocketAddr::V6(v6), Some(scope)) = (&mut sa, items.get(3)) {
        v6.set_scope_id(index_i64(vm, scope)? as u32);
    }
    Ok(Addr::Ip(sa))
}

/// The first address of `host` in the family wanted (a name lookup,
/// without the GIL).
fn resolve(vm: &mut Vm, host: &str, port: u16, want_v6: bool) -> PyResult<IpAddr> {
    let query = (host.to_string(), port);
    let found = vm.allow_threads_because("socket", move || {
        query.to_socket_addrs().map(|a| a.collect::<Vec<_>>())
    });
    let found = found.map_err(|_| gaierror(vm, host))?;
    found
        .iter()
        .map(|a| a.ip())
        .find(|ip| ip.is_ipv6() == want_v6)
        .ok_or_else(|| gaierror(vm, host))
}

fn gaierror(vm: &mut Vm, _host: &str) -> Error {
    match vm
        .import_module("socket")
        .and_then(|m| vm.get_attr(&m, "_gaierror"))
        .and_then(|f| vm.call(&f, &[]))
    {
        Ok(exc) => Error::Obj(exc),
        Err(e) => e,
    }
}

/// Python's form of a socket address.
fn addr_value(a: Option<SocketAddrAny>) -> Value {
    let Some(a) = a else {
        return Value::None;
    };
    if let Ok(sa) = SocketAddr::try_from(a.clone()) {
        return match sa {
            SocketAddr::V4(v4) => Value::tuple(vec![
                Value::string(v4.ip().to_string()),
                Value::Int(v4.port() as i64),
            ]),
            SocketAddr::V6(v6) => Value::tuple(vec![
                Value::string(v6.ip().to_string()),
                Value::Int(v6.port() as i64),
                Value::Int(v6.flowinfo() as i64),
                Value::Int(v6.scope_id() as i64),
            ]),
        };
    }
    match rustix::net::SocketAddrUnix::try_from(a) {
        Ok(u) => Value::string(
            u.path()
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_default(),
        ),
        Err(_) => Value::None,
    }
}

fn family_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<i64> {
    match v {
        Some(v) => index_i64(vm, v),
        None => Ok(AF_INET),
    }
}

/// `bind(h, family, addr)`.
fn bind(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("bind", &args, 3, 3)?;
    let fd = handle::fd_of(&args.pos()[0])?;
    let family = family_arg(vm, args.pos().get(1))?;
    let r = match addr_arg(vm, family, &args.pos()[2])? {
        Addr::Ip(sa) => rustix::net::bind(&*fd, &sa),
        Addr::Unix(u) => rustix::net::bind(&*fd, &u),
    };
    r.map_err(|e| os_err(vm, e))?;
    Ok(Value::None)
}

/// `listen(h, backlog)`.
fn listen(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("listen", &args, 2, 2)?;
    let fd = handle::fd_of(&args.pos()[0])?;
    let backlog = index_i64(vm, &args.pos()[1])?.clamp(0, 4096) as i32;
    rustix::net::listen(&*fd, backlog).map_err(|e| os_err(vm, e))?;
    Ok(Value::None)
}

/// `accept(h, timeout)` → `(handle, address)`.
fn accept(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("accept", &args, 2, 2)?;
    let fd = handle::fd_of(&args.pos()[0])?;
    let wait = wait_arg(vm, args.pos().get(1))?;
    let (conn, addr) = blocking(vm, fd, PollFlags::IN, wait, |fd| {
        rustix::net::acceptfrom_with(fd, SocketFlags::CLOEXEC | SocketFlags::NONBLOCK)
    })?;
    let h = handle::new_handle(vm, conn)?;
    Ok(Value::tuple(vec![h, addr_value(addr)]))
}

/// `connect(h, family, addr, timeout)` → 0, or the errno with `ex=True`
/// (`connect_ex`).
fn connect(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("connect", &args, 5, 5)?;
    let fd = handle::fd_of(&args.pos()[0])?;
    let family = family_arg(vm, args.pos().get(1))?;
    let addr = addr_arg(vm, family, &args.pos()[2])?;
    let wait = wait_arg(vm, args.pos().get(3))?;
    let ex = matches!(args.pos()[4], Value::Bool(true));
    let started = match &addr {
        Addr::Ip(sa) => rustix::net::connect(&*fd, sa),
        Addr::Unix(u) => rustix::net::connect(&*fd, u),
    };
    let r = match started {
        Ok(()) => Ok(()),
        Err(Errno::INPROGRESS) | Err(Errno::AGAIN) => {
            // Non-blocking connect: wait until writable, then ask how it went.
            blocking(vm, fd.clone(), PollFlags::OUT, wait, |fd| {
                let mut p = [rustix::event::PollFd::new(fd, PollFlags::OUT)];
                let zero = rustix::event::Timespec {
                    tv_sec: 0,
                    tv_nsec: 0,
                };
                match rustix::event::poll(&mut p, Some(&zero)) {
                    Ok(0) => Err(Errno::AGAIN),
                    Ok(_) => Ok(()),
                    Err(e) => Err(e),
                }
            })?;
            match rustix::net::sockopt::socket_error(&*fd) {
                Ok(Ok(())) => Ok(()),
                Ok(Err(e)) => Err(e),
                Err(e) => Err(e),
            }
        }
        Err(e) => Err(e),
    };
    match r {
        Ok(()) => Ok(Value::Int(0)),
        Err(e) if ex => Ok(Value::Int(e.raw_os_error() as i64)),
        Err(e) => Err(os_err(vm, e)),
    }
}

fn data_arg(v: &Value) -> PyResult<Vec<u8>> {
    match v.as_obj().map(|o| &**o) {
        Some(Object::Bytes(b)) => Ok(b.to_vec()),
        _ => Err(Error::type_error(
            "a bytes-like object is required, not 'str'",
        )),
    }
}

/// `send(h, data, timeout)` → bytes sent.
fn send(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("send", &args, 3, 3)?;
    let fd = handle::fd_of(&args.pos()[0])?;
    let data = data_arg(&args.pos()[1])?;
    let wait = wait_arg(vm, args.pos().get(2))?;
    let n = blocking(vm, fd, PollFlags::OUT, wait, move |fd| {
        rustix::net::send(fd, &data, SendFlags::NOSIGNAL)
    })?;
    Ok(Value::Int(n as i64))
}

/// `sendall(h, data, timeout)`: sends everything (the timeout applies to
/// the whole call).
fn sendall(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("sendall", &args, 3, 3)?;
    let fd = handle::fd_of(&args.pos()[0])?;
    let data = data_arg(&args.pos()[1])?;
    let wait = wait_arg(vm, args.pos().get(2))?;
    let mut sent = 0;
    blocking(vm, fd, PollFlags::OUT, wait, move |fd| {
        while sent < data.len() {
            sent += rustix::net::send(fd, &data[sent..], SendFlags::NOSIGNAL)?;
        }
        Ok(())
    })?;
    Ok(Value::None)
}

/// `sendto(h, data, family, addr, timeout)` → bytes sent.
fn sendto(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("sendto", &args, 5, 5)?;
    let fd = handle::fd_of(&args.pos()[0])?;
    let data = data_arg(&args.pos()[1])?;
    let family = family_arg(vm, args.pos().get(2))?;
    let addr = addr_arg(vm, family, &args.pos()[3])?;
    let wait = wait_arg(vm, args.pos().get(4))?;
    let n = blocking(vm, fd, PollFlags::OUT, wait, move |fd| match &addr {
        Addr::Ip(sa) => rustix::net::sendto(fd, &data, SendFlags::NOSIGNAL, sa),
        Addr::Unix(u) => rustix::net::sendto(fd, &data, SendFlags::NOSIGNAL, u),
    })?;
    Ok(Value::Int(n as i64))
}

fn size_arg(vm: &mut Vm, v: &Value) -> PyResult<usize> {
    let n = index_i64(vm, v)?;
    if n < 0 {
        return Err(Error::value_error("negative buffersize in recv"));
    }
    // A huge request reads what arrives: cap the buffer, not the caller.
    Ok((n as usize).min(16 << 20))
}

fn bytes_value(b: Vec<u8>) -> Value {
    Value::new_obj(Object::Bytes(b.into_boxed_slice()))
}

/// `recv(h, n, flags, timeout)` → bytes (empty at the end of the stream).
fn recv(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("recv", &args, 4, 4)?;
    let fd = handle::fd_of(&args.pos()[0])?;
    let n = size_arg(vm, &args.pos()[1])?;
    let peek = index_i64(vm, &args.pos()[2])? & 2 != 0;
    let wait = wait_arg(vm, args.pos().get(3))?;
    let flags = if peek {
        RecvFlags::PEEK
    } else {
        RecvFlags::empty()
    };
    let data = blocking(vm, fd, PollFlags::IN, wait, move |fd| {
        let mut buf = vec![0u8; n];
        let (got, _) = rustix::net::recv(fd, &mut buf[..], flags)?;
        buf.truncate(got);
        Ok(buf)
    })?;
    Ok(bytes_value(data))
}

/// `recvfrom(h, n, timeout)` → `(bytes, address)`.
fn recvfrom(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("recvfrom", &args, 3, 3)?;
    let fd = handle::fd_of(&args.pos()[0])?;
    let n = size_arg(vm, &args.pos()[1])?;
    let wait = wait_arg(vm, args.pos().get(2))?;
    let (data, addr) = blocking(vm, fd, PollFlags::IN, wait, move |fd| {
        let mut buf = vec![0u8; n];
        let (got, _, addr) = rustix::net::recvfrom(fd, &mut buf[..], RecvFlags::empty())?;
        buf.truncate(got);
        Ok((buf, addr))
    })?;
    Ok(Value::tuple(vec![bytes_value(data), addr_value(addr)]))
}

/// `shutdown(h, how)`.
fn shutdown(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("shutdown", &args, 2, 2)?;
    let fd = handle::fd_of(&args.pos()[0])?;
    let how = match index_i64(vm, &args.pos()[1])? {
        0 => rustix::net::Shutdown::Read,
        1 => rustix::net::Shutdown::Write,
        _ => rustix::net::Shutdown::Both,
    };
    rustix::net::shutdown(&*fd, how).map_err(|e| os_err(vm, e))?;
    Ok(Value::None)
}

fn getsockname(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("getsockname", &args, 1, 1)?;
    let fd = handle::fd_of(&args.pos()[0])?;
    let a = rustix::net::getsockname(&*fd).map_err(|e| os_err(vm, e))?;
    Ok(addr_value(Some(a)))
}

fn getpeername(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("getpeername", &args, 1, 1)?;
    let fd = handle::fd_of(&args.pos()[0])?;
    let a = rustix::net::getpeername(&*fd).map_err(|e| os_err(vm, e))?;
    if a.is_none() {
        return Err(os_err(vm, Errno::NOTCONN));
    }
    Ok(addr_value(a))
}

const SOL_SOCKET: i64 = 1;
const SO_REUSEADDR: i64 = 2;
const SO_BROADCAST: i64 = 6;
const SO_KEEPALIVE: i64 = 9;
const SO_REUSEPORT: i64 = 15;
const SO_ERROR: i64 = 4;
const IPPROTO_TCP: i64 = 6;
const TCP_NODELAY: i64 = 1;

/// `setsockopt(h, level, option, value)` for the options scripts use.
fn setsockopt(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("setsockopt", &args, 4, 4)?;
    let fd = handle::fd_of(&args.pos()[0])?;
    let level = index_i64(vm, &args.pos()[1])?;
    let opt = index_i64(vm, &args.pos()[2])?;
    let on = index_i64(vm, &args.pos()[3])? != 0;
    use rustix::net::sockopt as so;
    let r = match (level, opt) {
        (SOL_SOCKET, SO_REUSEADDR) => so::set_socket_reuseaddr(&*fd, on),
        (SOL_SOCKET, SO_REUSEPORT) => so::set_socket_reuseport(&*fd, on),
        (SOL_SOCKET, SO_BROADCAST) => so::set_socket_broadcast(&*fd, on),
        (SOL_SOCKET, SO_KEEPALIVE) => so::set_socket_keepalive(&*fd, on),
        (IPPROTO_TCP, TCP_NODELAY) => so::set_tcp_nodelay(&*fd, on),
        _ => Err(Errno::NOPROTOOPT),
    };
    r.map_err(|e| os_err(vm, e))?;
    Ok(Value::None)
}

/// `getsockopt(h, level, option)` → int.
fn getsockopt(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("getsockopt", &args, 3, 3)?;
    let fd = handle::fd_of(&args.pos()[0])?;
    let level = index_i64(vm, &args.pos()[1])?;
    let opt = index_i64(vm, &args.pos()[2])?;
    use rustix::net::sockopt as so;
    let r = match (level, opt) {
        (SOL_SOCKET, SO_REUSEADDR) => so::socket_reuseaddr(&*fd).map(|b| b as i64),
        (SOL_SOCKET, SO_ERROR) => {
            so::socket_error(&*fd).map(|r| r.err().map_or(0, |e| e.raw_os_error() as i64))
        }
        (IPPROTO_TCP, TCP_NODELAY) => so::tcp_nodelay(&*fd).map(|b| b as i64),
        _ => Err(Errno::NOPROTOOPT),
    };
    Ok(Value::Int(r.map_err(|e| os_err(vm, e))?))
}

fn gethostname(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("gethostname", &args, 0, 0)?;
    let name = rustix::system::uname();
    let _ = vm;
    Ok(Value::string(
        name.nodename().to_string_lossy().into_owned(),
    ))
}

/// `getaddrinfo(host, port, family)` → `[(family, address)]` (the conc
/// side builds Python's 5-tuples).
fn getaddrinfo(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    pos_arity("getaddrinfo", &args, 2, 3)?;
    let host = match &args.pos()[0] {
        Value::None => "localhost".to_string(),
        v => v
            .as_str()
            .ok_or_else(|| Error::type_error("getaddrinfo() argument 1 must be string or None"))?
            .to_string(),
    };
    let port = match &args.pos()[1] {
        Value::None => 0,
        v => u16::try_from(index_i64(vm, v)?)
            .map_err(|_| Error::overflow_error("getaddrinfo(): port must be 0-65535."))?,
    };
    let family = match arg(&args, 2, "family") {
        Some(v) => index_i64(vm, v)?,
        None => 0,
    };
    let query = (host.clone(), port);
    let found = vm.allow_threads_because("socket", move || {
        query.to_socket_addrs().map(|a| a.collect::<Vec<_>>())
    });
    let found = found.map_err(|_| gaierror(vm, &host))?;
    let mut out = Vec::new();
    for sa in found {
        let fam = if sa.is_ipv6() { AF_INET6 } else { AF_INET };
        if family != 0 && family != fam {
            continue;
        }
        let addr = addr_value(Some(SocketAddrAny::from(sa)));
        out.push(Value::tuple(vec![Value::Int(fam), addr]));
    }
    if out.is_empty() {
        return Err(gaierror(vm, &host));
    }
    Ok(Value::list(out))
}

/// The `_socket` module.
pub fn init_native(vm: &mut Vm) -> PyResult<Value> {
    let fns: &[(&str, NativeFnPtr)] = &[
        ("socket", socket),
        ("socketpair", socketpair),
        ("bind", bind),
        ("listen", listen),
        ("accept", accept),
        ("connect", connect),
        ("send", send),
        ("sendall", sendall),
        ("sendto", sendto),
        ("recv", recv),
        ("recvfrom", recvfrom),
        ("shutdown", shutdown),
        ("getsockname", getsockname),
        ("getpeername", getpeername),
        ("setsockopt", setsockopt),
        ("getsockopt", getsockopt),
        ("gethostname", gethostname),
        ("getaddrinfo", getaddrinfo),
    ];
    Ok(new_module(vm, "_socket", fns))
}

/// The `socket` module.
pub fn init(vm: &mut Vm) -> PyResult<Value> {
    let m = vm.new_module("socket");
    crate::util::exec_in_module(vm, &m, SOURCE)?;
    Ok(m)
}
