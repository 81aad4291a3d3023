//! File objects: instances of a native class `TextIOWrapper` whose payload
//! is a [`FileObject`]. Used for `open()` files and for
//! `sys.stdout`/`sys.stderr`/`sys.stdin` (which write through the shared
//! stdout buffer of `io/mod.rs`).
//!
//! # Lock order: the GIL, then a file's state — never waited for with the GIL
//!
//! A file's buffers live in `FileObject::state`, a mutex that a thread
//! holds WITHOUT the GIL for as long as its read or write lasts (a read of
//! a pipe may last forever). So the state mutex is only ever waited for
//! inside `vm.allow_threads`: a thread that waited for it with the GIL held
//! would stop every other thread until the read ended (and if the data
//! the reader waits for must come from another script thread, forever).
//! What a method can answer without I/O (`fileno`, `readable`,
//! `writable`, `isatty`, the mode checks, `closed`) is fixed when the file
//! is made or kept in an atomic, and is read without the state mutex. No
//! thread waits for the GIL while it holds the state mutex either: the
//! guard never leaves the GIL-free closure.

use std::fs::OpenOptions;
use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use parking_lot::Mutex;

use crate::error::{Error, ExcKind, PyResult};
use crate::object::{Args, Dict, InstanceObj, NativeFnPtr, Object};
use crate::sync::ObjCell;
use crate::value::{ObjRef, Value};
use crate::vm::Vm;

enum Backend {
    Closed,
    Stdin,
    Stdout,
    Stderr,
    Disk(std::fs::File),
}

/// Which stream a file object is, fixed when it is made.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Made by calling `TextIOWrapper()`: closed from the start.
    Unopened,
    Stdin,
    Stdout,
    Stderr,
    Disk,
}

/// What never changes while a file object lives: read without any lock.
struct FileInfo {
    kind: Kind,
    binary: bool,
    readable: bool,
    writable: bool,
    /// The descriptor `fileno()` answers (0, 1, 2 for the standard streams).
    fd: i64,
    /// Whether the descriptor can seek: `tell` and `seek` of a pipe fail
    /// at once, without waiting for a reader that holds the state.
    seekable: bool,
}

/// The payload of a file object (see the module doc for its lock order).
pub struct FileObject {
    info: FileInfo,
    /// Set by `close()`, under the state mutex; read without it.
    closed: AtomicBool,
    state: Mutex<FileState>,
}

impl FileObject {
    fn new(backend: Backend, binary: bool, readable: bool, writable: bool) -> Self {
        use std::os::fd::AsRawFd;
        let (kind, fd, seekable) = match &backend {
            Backend::Closed => (Kind::Unopened, -1, false),
            Backend::Stdin => (Kind::Stdin, 0, false),
            Backend::Stdout => (Kind::Stdout, 1, false),
            Backend::Stderr => (Kind::Stderr, 2, false),
            Backend::Disk(f) => {
                // lseek(fd, 0, SEEK_CUR): ESPIPE for a pipe, a FIFO, a socket.
                let seekable = std::io::Seek::stream_position(&mut &*f).is_ok();
                (Kind::Disk, f.as_raw_fd() as i64, seekable)
            }
        };
        FileObject {
            info: FileInfo {
                kind,
                binary,
                readable,
                writable,
                fd,
                seekable,
            },
            closed: AtomicBool::new(kind == Kind::Unopened),
            state: Mutex::new(FileState::new(backend)),
        }
    }

    fn check_open(&self) -> PyResult<()> {
        if self.closed.load(Ordering::Acquire) {
            Err(Error::value_error("I/O operation on closed file."))
        } else {
            Ok(())
        }
    }
}

/// The buffers of a file object and its descriptor: only taken without
/// the GIL.
pub struct FileState {
    backend: Backend,
    /// Read-ahead: bytes `rpos..` of `rbuf` are not consumed yet.
    rbuf: Vec<u8>,
    rpos: usize,
    /// Pending writes (disk files only).
    wbuf: Vec<u8>,
    eof: bool,
}

impl FileState {
    fn new(backend: Backend) -> Self {
        FileState {
            backend,
            rbuf: Vec::new(),
            rpos: 0,
            wbuf: Vec::new(),
            eof: false,
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.backend {
            Backend::Disk(f) if !self.wbuf.is_empty() => {
                let r = f.write_all(&self.wbuf);
                self.wbuf.clear();
                r
            }
            Backend::Stdout => super::try_flush_stdout(),
            _ => Ok(()),
        }
    }

    fn write(&mut self, b: &[u8]) -> std::io::Result<()> {
        match &mut self.backend {
            Backend::Stdout => super::write_stdout_bytes(b)?,
            Backend::Stderr => super::write_stderr(&String::from_utf8_lossy(b)),
            Backend::Disk(_) => {
                self.wbuf.extend_from_slice(b);
                if self.wbuf.len() >= 1 << 16 {
                    self.flush()?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Reads more input into `rbuf`; false at end of file.
    fn fill(&mut self) -> std::io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.rpos > 0 {
            self.rbuf.drain(..self.rpos);
            self.rpos = 0;
        }
        let got = match &mut self.backend {
            Backend::Stdin => {
                let line = super::read_stdin_line()?;
                self.rbuf.extend_from_slice(&line);
                line.len()
            }
            Backend::Disk(f) => {
                if !self.wbuf.is_empty() {
                    let r = f.write_all(&self.wbuf);
                    self.wbuf.clear();
                    r?;
                }
                let mut chunk = vec![0u8; 1 << 16];
                let n = f.read(&mut chunk)?;
                self.rbuf.extend_from_slice(&chunk[..n]);
                n
            }
            _ => 0,
        };
        if got == 0 {
            self.eof = true;
        }
        Ok(got > 0)
    }

    /// One line including its `\n` (empty at end of file); at most `limit` bytes.
    fn read_line(&mut self, limit: Option<usize>) -> std::io::Result<Vec<u8>> {
        loop {
            let pending = &self.rbuf[self.rpos..];
            let cut = pending.iter().position(|&c| c == b'\n').map(|i| i + 1);
            let cut = match (cut, limit) {
                (Some(c), Some(l)) => Some(c.min(l)),
                (None, Some(l)) if pending.len() >= l => Some(l),
                (c, _) => c,
            };
            if let Some(n) = cut {
                let line = pending[..n].to_vec();
                self.rpos += n;
                return Ok(line);
            }
            if !self.fill()? {
                let rest = self.rbuf[self.rpos..].to_vec();
                self.rpos = self.rbuf.len();
                return Ok(rest);
            }
        }
    }

    /// Up to `limit` bytes (all that remains when None).
    fn read(&mut self, limit: Option<usize>) -> std::io::Result<Vec<u8>> {
        loop {
            let have = self.rbuf.len() - self.rpos;
            if limit.is_some_and(|l| have >= l) {
                break;
            }
            if !self.fill()? {
                break;
            }
        }
        let have = self.rbuf.len() - self.rpos;
        let n = limit.map_or(have, |l| l.min(have));
        let out = self.rbuf[self.rpos..self.rpos + n].to_vec();
        self.rpos += n;
        Ok(out)
    }
}

impl FileState {
    /// Moves the disk position (`whence` as in `lseek`): pending writes go
    /// out first and read-ahead is dropped.
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        use std::io::Seek;
        self.flush()?;
        let ahead = (self.rbuf.len() - self.rpos) as i64;
        self.rbuf.clear();
        self.rpos = 0;
        self.eof = false;
        match &mut self.backend {
            Backend::Disk(f) => {
                let pos = match pos {
                    // Relative to what the caller has read, not to the read-ahead.
                    std::io::SeekFrom::Current(d) => std::io::SeekFrom::Current(d - ahead),
                    p => p,
                };
                f.seek(pos)
            }
            _ => Err(std::io::Error::from_raw_os_error(29)),
        }
    }

    /// The position the caller sees: the disk position less the unread
    /// read-ahead, plus the writes not yet flushed.
    fn tell(&mut self) -> std::io::Result<u64> {
        use std::io::Seek;
        let ahead = (self.rbuf.len() - self.rpos) as u64;
        let pending = self.wbuf.len() as u64;
        match &mut self.backend {
            Backend::Disk(f) => Ok(f.stream_position()? - ahead + pending),
            _ => Err(std::io::Error::from_raw_os_error(29)),
        }
    }
}

impl Drop for FileState {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

fn closed_state() -> Box<dyn std::any::Any + Send + Sync> {
    Box::new(FileObject::new(Backend::Closed, false, false, false))
}

/// The native class of file objects of `vm`'s interpreter (created on
/// first use).
pub fn text_io_class(vm: &mut Vm) -> ObjRef {
    if let Some(c) = vm.state.text_io_class.get() {
        return c.clone();
    }
    let cls = vm.new_class("TextIOWrapper", &[], METHODS, Some(closed_state));
    vm.state.text_io_class.get_or_init(|| cls).clone()
}

fn make_file(vm: &mut Vm, st: FileObject, name: Value, mode: &str) -> Value {
    let class = text_io_class(vm);
    let mut d = Dict::new();
    d.set_str("name", name);
    d.set_str("mode", Value::str(mode));
    d.set_str("closed", Value::Bool(false));
    Value::new_obj(Object::Instance(InstanceObj::new(
        class,
        ObjCell::new(d),
        Some(Box::new(st)),
        None,
    )))
}

/// New `sys.stdout`, `sys.stderr` and `sys.stdin` objects.
pub fn std_streams(vm: &mut Vm) -> [Value; 3] {
    [
        make_file(
            vm,
            FileObject::new(Backend::Stdout, false, false, true),
            Value::str("<stdout>"),
            "w",
        ),
        make_file(
            vm,
            FileObject::new(Backend::Stderr, false, false, true),
            Value::str("<stderr>"),
            "w",
        ),
        make_file(
            vm,
            FileObject::new(Backend::Stdin, false, true, false),
            Value::str("<stdin>"),
            "r",
        ),
    ]
}

/// True if `v` is a file object writing to the process stdout (print's
/// fast path).
pub(crate) fn is_stdout(v: &Value) -> bool {
    state(v).is_ok_and(|f| f.info.kind == Kind::Stdout)
}

/// The error of a failed `open`: the `OSError` subclass for its errno, with
/// `errno`, `strerror` and `filename` set as in CPython.
fn open_error(vm: &mut Vm, e: std::io::Error, path: &Value) -> Error {
    match e.raw_os_error() {
        Some(code) => {
            let text = e.to_string();
            let text = text
                .rfind(" (os error ")
                .map_or(text.as_str(), |i| &text[..i])
                .to_string();
            let exc = vm.new_exception(
                super::errno_kind(code),
                vec![Value::Int(code as i64), Value::string(text), path.clone()],
            );
            Error::Obj(exc)
        }
        None => Error::new(ExcKind::OSError, e.to_string()),
    }
}

fn io_error(e: std::io::Error) -> Error {
    super::io_error(&e)
}

/// `open(file, mode='r', encoding=None, ...)`.
pub fn open(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    vm.state.config.limits.check_file_access("open()")?;
    let pos = args.pos();
    let path_v = pos
        .first()
        .or_else(|| args.kwarg("file"))
        .cloned()
        .ok_or_else(|| Error::type_error("open() missing required argument 'file' (pos 1)"))?;
    let path_v = fspath(vm, path_v)?;
    let Some(path) = path_v.as_str().map(str::to_owned) else {
        let t = vm.type_name(&path_v);
        return Err(Error::type_error(format!(
            "expected str, bytes or os.PathLike object, not {t}"
        )));
    };
    let mode_v = pos
        .get(1)
        .or_else(|| args.kwarg("mode"))
        .cloned()
        .unwrap_or_else(|| Value::str("r"));
    let mode = mode_v.as_str().unwrap_or("r").to_owned();
    let mut opts = OpenOptions::new();
    let (mut readable, mut writable, mut binary) = (false, false, false);
    let mut base = None;
    for c in mode.chars() {
        match c {
            'r' | 'w' | 'a' | 'x' if base.is_none() => base = Some(c),
            '+' => {
                readable = true;
                writable = true;
            }
            'b' => binary = true,
            't' => {}
            _ => return Err(Error::value_error(format!("invalid mode: '{mode}'"))),
        }
    }
    match base {
        Some('r') => readable = true,
        Some('w') => {
            writable = true;
            opts.create(true).truncate(true);
        }
        Some('a') => {
            writable = true;
            opts.append(true).create(true);
        }
        Some('x') => {
            writable = true;
            opts.create_new(true);
        }
        _ => {
            return Err(Error::value_error(
                "Must have exactly one of create/read/write/append mode and at most one plus",
            ))
        }
    }
    opts.read(readable).write(writable && base != Some('a'));
    let opened = vm.allow_threads_because("io", || opts.open(&path));
    let f = opened.map_err(|e| open_error(vm, e, &path_v))?;
    if f.metadata().map(|m| m.is_dir()).unwrap_or(false) {
        return Err(open_error(
            vm,
            std::io::Error::from_raw_os_error(21),
            &path_v,
        ));
    }
    let st = FileObject::new(Backend::Disk(f), binary, readable, writable);
    Ok(make_file(vm, st, path_v, &mode))
}

/// A path argument: a str as it is, or what an `os.PathLike` object's
/// `__fspath__` returns.
fn fspath(vm: &mut Vm, v: Value) -> PyResult<Value> {
    if v.as_str().is_some() {
        return Ok(v);
    }
    match vm.lookup_special(&v, "__fspath__") {
        Some(f) => vm.call(&f, std::slice::from_ref(&v)),
        None => Ok(v),
    }
}

/// A file object over an open file (`os.fdopen`): `mode` says, as in
/// `open`, whether it reads, writes and is binary.
pub fn file_object(vm: &mut Vm, file: std::fs::File, name: Value, mode: &str) -> Value {
    let readable = mode.contains('r') || mode.contains('+');
    let writable = mode.contains(['w', 'a', 'x', '+']);
    let st = FileObject::new(Backend::Disk(file), mode.contains('b'), readable, writable);
    make_file(vm, st, name, mode)
}

fn state(v: &Value) -> PyResult<&FileObject> {
    match v {
        Value::Obj(o) => match &**o {
            Object::Instance(i) => i
                .native::<FileObject>()
                .ok_or_else(|| Error::type_error("expected a file object")),
            _ => Err(Error::type_error("expected a file object")),
        },
        _ => Err(Error::type_error("expected a file object")),
    }
}

fn this<'a>(args: &Args<'a>) -> PyResult<(&'a Value, &'a FileObject)> {
    let v = args
        .pos()
        .first()
        .ok_or_else(|| Error::type_error("file method needs self"))?;
    Ok((v, state(v)?))
}

/// Decodes text read from a file: UTF-8, universal newlines.
fn decode(b: Vec<u8>) -> PyResult<Value> {
    match String::from_utf8(b) {
        Ok(mut s) => {
            if s.contains('\r') {
                s = s.replace("\r\n", "\n").replace('\r', "\n");
            }
            Ok(Value::string(s))
        }
        Err(e) => {
            let pos = e.utf8_error().valid_up_to();
            let byte = e.as_bytes()[pos];
            Err(Error::new(
                ExcKind::UnicodeDecodeError,
                format!("'utf-8' codec can't decode byte {byte:#04x} in position {pos}: invalid start byte"),
            ))
        }
    }
}

fn result(binary: bool, b: Vec<u8>) -> PyResult<Value> {
    if binary {
        Ok(Value::new_obj(Object::Bytes(b.into_boxed_slice())))
    } else {
        decode(b)
    }
}

fn size_arg(vm: &mut Vm, args: &Args<'_>) -> PyResult<Option<usize>> {
    match args.pos().get(1) {
        None | Some(Value::None) => Ok(None),
        Some(v) => {
            let n = crate::ops::to_index(vm, v)?;
            Ok(if n < 0 { None } else { Some(n as usize) })
        }
    }
}

fn f_write(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (_, m) = this(&args)?;
    let data = args.pos().get(1).cloned().unwrap_or_default();
    let binary = m.info.binary;
    let (bytes, count): (Vec<u8>, usize) = match (&data, binary) {
        (Value::Obj(o), true) => match &**o {
            Object::Bytes(b) => (b.to_vec(), b.len()),
            _ => {
                let t = vm.type_name(&data);
                return Err(Error::type_error(format!(
                    "a bytes-like object is required, not '{t}'"
                )));
            }
        },
        (_, false) => match data.as_str_obj() {
            Some(s) => (s.as_str().as_bytes().to_vec(), s.char_len()),
            None => {
                let t = vm.type_name(&data);
                return Err(Error::type_error(format!(
                    "write() argument must be str, not {t}"
                )));
            }
        },
        _ => {
            let t = vm.type_name(&data);
            return Err(Error::type_error(format!(
                "a bytes-like object is required, not '{t}'"
            )));
        }
    };
    m.check_open()?;
    if !m.info.writable {
        return Err(Error::new(ExcKind::OSError, "not writable"));
    }
    let r = vm.allow_threads_because("io", || {
        let mut st = m.state.lock();
        if matches!(st.backend, Backend::Closed) {
            return Err(None);
        }
        st.write(&bytes).map_err(Some)
    });
    match r {
        Ok(()) => Ok(Value::Int(count as i64)),
        Err(None) => Err(Error::value_error("I/O operation on closed file.")),
        Err(Some(e)) => Err(io_error(e)),
    }
}

fn f_writelines(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (f, _) = this(&args)?;
    let f = f.clone();
    let lines = crate::ops::collect(vm, args.pos().get(1).unwrap_or(&Value::None))?;
    for line in lines {
        f_write(vm, Args::new(&[f.clone(), line]))?;
    }
    Ok(Value::None)
}

/// Runs a read operation with the GIL released.
fn reading(
    vm: &mut Vm,
    m: &FileObject,
    op: impl FnOnce(&mut FileState) -> std::io::Result<Vec<u8>> + Send,
) -> PyResult<Value> {
    m.check_open()?;
    if !m.info.readable {
        return Err(Error::new(ExcKind::OSError, "not readable"));
    }
    let r = vm.allow_threads_because("io", || {
        let mut st = m.state.lock();
        if matches!(st.backend, Backend::Closed) {
            return Err(None);
        }
        op(&mut st).map_err(Some)
    });
    match r {
        Ok(b) => result(m.info.binary, b),
        Err(None) => Err(Error::value_error("I/O operation on closed file.")),
        Err(Some(e)) => Err(io_error(e)),
    }
}

fn f_read(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (_, m) = this(&args)?;
    let n = size_arg(vm, &args)?;
    reading(vm, m, move |st| st.read(n))
}

fn f_readline(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (_, m) = this(&args)?;
    let n = size_arg(vm, &args)?;
    reading(vm, m, move |st| st.read_line(n))
}

fn f_readlines(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (_, m) = this(&args)?;
    let mut lines = Vec::new();
    loop {
        let line = reading(vm, m, |st| st.read_line(None))?;
        if crate::ops::len(vm, &line)? == 0 {
            break;
        }
        lines.push(line);
    }
    Ok(Value::list(lines))
}

fn f_next(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (_, m) = this(&args)?;
    let line = reading(vm, m, |st| st.read_line(None))?;
    if crate::ops::len(vm, &line)? == 0 {
        return Err(Error::new(ExcKind::StopIteration, ""));
    }
    Ok(line)
}

fn f_self(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (f, m) = this(&args)?;
    m.check_open()?;
    Ok(f.clone())
}

fn f_close(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (f, m) = this(&args)?;
    let r = vm.allow_threads_because("io", || {
        let mut st = m.state.lock();
        let r = st.flush();
        // Standard streams stay usable by the interpreter itself.
        if !matches!(
            st.backend,
            Backend::Stdout | Backend::Stderr | Backend::Stdin
        ) {
            st.backend = Backend::Closed;
            m.closed.store(true, Ordering::Release);
        }
        r
    });
    if let Value::Obj(o) = f {
        if let Object::Instance(i) = &**o {
            i.dict.borrow_mut().set_str("closed", Value::Bool(true));
        }
    }
    r.map_err(io_error)?;
    Ok(Value::None)
}

fn f_exit(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    f_close(vm, Args::new(&args.pos()[..1.min(args.pos().len())]))?;
    Ok(Value::Bool(false))
}

fn f_flush(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (_, m) = this(&args)?;
    vm.allow_threads_because("io", || m.state.lock().flush())
        .map_err(io_error)?;
    Ok(Value::None)
}

fn f_seek(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (_, m) = this(&args)?;
    let offset = match args.pos().get(1) {
        Some(v) => crate::ops::to_index(vm, v)?,
        None => {
            return Err(Error::type_error(
                "seek expected at least 1 argument, got 0",
            ))
        }
    };
    let whence = match args.pos().get(2) {
        Some(v) => crate::ops::to_index(vm, v)?,
        None => 0,
    };
    let pos = match whence {
        0 if offset < 0 => {
            return Err(Error::value_error(format!(
                "negative seek position {offset}"
            )))
        }
        0 => std::io::SeekFrom::Start(offset as u64),
        1 => std::io::SeekFrom::Current(offset),
        2 => std::io::SeekFrom::End(offset),
        _ => {
            return Err(Error::value_error(format!(
                "invalid whence ({whence}, should be 0, 1 or 2)"
            )))
        }
    };
    m.check_open()?;
    not_seekable(m)?;
    let r = vm.allow_threads_because("io", || m.state.lock().seek(pos));
    Ok(Value::Int(r.map_err(io_error)? as i64))
}

/// `tell` and `seek` of a stream that cannot seek fail at once (ESPIPE),
/// without waiting for the state a blocked reader holds.
fn not_seekable(m: &FileObject) -> PyResult<()> {
    if m.info.seekable {
        Ok(())
    } else {
        Err(io_error(std::io::Error::from_raw_os_error(29)))
    }
}

fn f_tell(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (_, m) = this(&args)?;
    m.check_open()?;
    not_seekable(m)?;
    let r = vm.allow_threads_because("io", || m.state.lock().tell());
    Ok(Value::Int(r.map_err(io_error)? as i64))
}

fn f_fileno(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (_, m) = this(&args)?;
    m.check_open()?;
    Ok(Value::Int(m.info.fd))
}

fn f_readable(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (_, m) = this(&args)?;
    m.check_open()?;
    Ok(Value::Bool(m.info.readable))
}

fn f_writable(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    let (_, m) = this(&args)?;
    m.check_open()?;
    Ok(Value::Bool(m.info.writable))
}

fn f_isatty(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    use std::io::IsTerminal;
    let (_, m) = this(&args)?;
    Ok(Value::Bool(match m.info.kind {
        Kind::Stdout => std::io::stdout().is_terminal(),
        Kind::Stderr => std::io::stderr().is_terminal(),
        Kind::Stdin => std::io::stdin().is_terminal(),
        Kind::Disk | Kind::Unopened => false,
    }))
}

pub const METHODS: &[(&str, NativeFnPtr)] = &[
    ("write", f_write),
    ("writelines", f_writelines),
    ("read", f_read),
    ("readline", f_readline),
    ("readlines", f_readlines),
    ("__iter__", f_self),
    ("__next__", f_next),
    ("__enter__", f_self),
    ("__exit__", f_exit),
    ("close", f_close),
    ("flush", f_flush),
    ("readable", f_readable),
    ("writable", f_writable),
    ("isatty", f_isatty),
    ("seek", f_seek),
    ("tell", f_tell),
    ("fileno", f_fileno),
];
