//! Standard streams and files.
//!
//! One process-wide stdout buffer: line-buffered when stdout is a terminal,
//! block-buffered otherwise (benchmarks print a lot), flushed at exit (the
//! CLI calls [`flush_stdout`]), before anything goes to stderr, and before
//! stdin is read — so interleaving looks the same as with CPython.
//!
//! A failed write of stdout (a closed pipe, a full disk) is an error of the
//! `print` or `write` that flushed, as in CPython: `conc -c 'while True:
//! print(1)' | head -1` ends with BrokenPipeError instead of looping on. A
//! flush that cannot raise (between host calls, before stderr output) keeps
//! its failure for the host, which reports it at exit ([`take_stdout_failure`]).
//! `file.rs` holds the file objects (`open()`, `sys.stdout`, ...).
//!
//! Lock order: the GIL, then the stdout buffer's mutex, which is never
//! waited for with the GIL held. A write that flushes may block in the OS
//! for as long as a pipe's reader pleases, and it holds the buffer
//! meanwhile, so the writes that flush run with the GIL released, and a
//! thread holding the GIL only ever `try_lock`s the buffer
//! ([`append_stdout_without_waiting`], [`write_stderr`]).

mod file;

use std::io::{IsTerminal, Read, Write};

use parking_lot::Mutex;

pub(crate) use file::is_stdout;
pub use file::{file_object, open, std_streams, text_io_class, FileObject, FileState, METHODS};

/// Flush threshold of the block-buffered mode.
const BLOCK: usize = 8192;

struct StdoutBuf {
    buf: Vec<u8>,
    /// None until the first write decides (terminal or not).
    line_buffered: Option<bool>,
    /// A failure of a flush that could not raise it, for the host.
    failed: Option<std::io::Error>,
}

static STDOUT: Mutex<StdoutBuf> = Mutex::new(StdoutBuf {
    buf: Vec::new(),
    line_buffered: None,
    failed: None,
});

fn flush_locked(out: &mut StdoutBuf) -> std::io::Result<()> {
    if out.buf.is_empty() {
        return Ok(());
    }
    let mut h = std::io::stdout().lock();
    let r = h.write_all(&out.buf).and_then(|()| h.flush());
    // Failed bytes are dropped: a closed pipe stays closed, and keeping them
    // would grow the buffer without bound.
    out.buf.clear();
    r
}

/// Appends to the process stdout buffer; an error if the flush this
/// triggers fails.
pub fn write_stdout(s: &str) -> std::io::Result<()> {
    write_stdout_bytes(s.as_bytes())
}

/// Appends raw bytes to the process stdout buffer; an error if the flush
/// this triggers fails.
pub fn write_stdout_bytes(b: &[u8]) -> std::io::Result<()> {
    let mut out = STDOUT.lock();
    let line = *out
        .line_buffered
        .get_or_insert_with(|| std::io::stdout().is_terminal());
    out.buf.extend_from_slice(b);
    if out.buf.len() >= BLOCK || (line && b.contains(&b'\n')) {
        return flush_locked(&mut out);
    }
    Ok(())
}

/// Appends to the stdout buffer when that needs no write to the OS and
/// nobody holds the buffer; false if it did nothing. For a thread holding
/// the GIL, which must not wait for the buffer: a thread writing it out
/// holds it without the GIL for as long as the write blocks (a full pipe),
/// so the caller does the write with the GIL released instead
/// ([`write_stdout`] inside `allow_threads`).
pub fn append_stdout_without_waiting(b: &[u8]) -> bool {
    let Some(mut out) = STDOUT.try_lock() else {
        return false;
    };
    let line = *out
        .line_buffered
        .get_or_insert_with(|| std::io::stdout().is_terminal());
    if out.buf.len() + b.len() >= BLOCK || (line && b.contains(&b'\n')) {
        return false;
    }
    out.buf.extend_from_slice(b);
    true
}

/// Writes any pending stdout bytes to the OS, for callers that cannot
/// raise: a failure is kept for [`take_stdout_failure`].
pub fn flush_stdout() {
    let mut out = STDOUT.lock();
    if let Err(e) = flush_locked(&mut out) {
        out.failed.get_or_insert(e);
    }
}

/// [`flush_stdout`] for callers that raise its failure.
pub fn try_flush_stdout() -> std::io::Result<()> {
    flush_locked(&mut STDOUT.lock())
}

/// The failure of a stdout flush nobody could raise (see [`flush_stdout`]),
/// once.
pub fn take_stdout_failure() -> Option<std::io::Error> {
    STDOUT.lock().failed.take()
}

/// The conc exception of a failed read or write: `[Errno N] text` of the
/// `OSError` subclass CPython picks (BrokenPipeError for EPIPE).
pub fn io_error(e: &std::io::Error) -> crate::error::Error {
    let (kind, msg) = describe(e);
    crate::error::Error::new(kind, msg)
}

/// The `OSError` subclass CPython raises for the error of a file
/// operation (`FileNotFoundError` for ENOENT, ...).
pub(crate) fn errno_kind(code: i32) -> crate::error::ExcKind {
    use crate::error::ExcKind;
    use std::io::ErrorKind as K;
    match std::io::Error::from_raw_os_error(code).kind() {
        K::NotFound => ExcKind::FileNotFoundError,
        K::AlreadyExists => ExcKind::FileExistsError,
        K::PermissionDenied => ExcKind::PermissionError,
        K::IsADirectory => ExcKind::IsADirectoryError,
        K::NotADirectory => ExcKind::NotADirectoryError,
        K::BrokenPipe => ExcKind::BrokenPipeError,
        _ => ExcKind::OSError,
    }
}

fn describe(e: &std::io::Error) -> (crate::error::ExcKind, String) {
    use crate::error::ExcKind;
    let Some(code) = e.raw_os_error() else {
        return (ExcKind::OSError, e.to_string());
    };
    let kind = if e.kind() == std::io::ErrorKind::BrokenPipe {
        ExcKind::BrokenPipeError
    } else {
        ExcKind::OSError
    };
    let text = e.to_string();
    // std's text ends in " (os error N)"; CPython's is the bare strerror.
    let text = text
        .strip_suffix(&format!(" (os error {code})"))
        .unwrap_or(&text);
    (kind, format!("[Errno {code}] {text}"))
}

/// At exit: reports on stderr, as CPython does, a stdout flush failure
/// nobody could raise; true if there was one (the exit status becomes 120).
pub fn report_stdout_failure() -> bool {
    let Some(e) = take_stdout_failure() else {
        return false;
    };
    let (kind, msg) = describe(&e);
    let mut h = std::io::stderr().lock();
    let _ = writeln!(
        h,
        "Exception ignored in: <_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'>\n{}: {msg}",
        kind.name()
    );
    true
}

/// Writes to stderr (unbuffered), after flushing stdout so the order of
/// the two streams is kept on a shared terminal. Callers may hold the GIL,
/// so the stdout buffer is flushed only if it is free: when another thread
/// holds it, that thread is writing it out (without the GIL, perhaps
/// blocked on a full pipe) and waiting for it would stall every thread.
pub fn write_stderr(s: &str) {
    if let Some(mut out) = STDOUT.try_lock() {
        if let Err(e) = flush_locked(&mut out) {
            out.failed.get_or_insert(e);
        }
    }
    let mut h = std::io::stderr().lock();
    let _ = h.write_all(s.as_bytes());
    let _ = h.flush();
}

/// Reads one line from stdin (with its newline; empty at EOF), flushing
/// stdout first so a prompt is visible. Blocking: call inside
/// `vm.allow_threads`.
pub fn read_stdin_line() -> std::io::Result<Vec<u8>> {
    flush_stdout();
    let mut line = Vec::new();
    let stdin = std::io::stdin();
    let mut h = stdin.lock();
    let mut byte = [0u8; 1];
    // Byte-wise through the locked (buffered) handle: stops at '\n'
    // without consuming what follows.
    loop {
        match h.read(&mut byte) {
            Ok(0) => break,
            Ok(_) => {
                line.push(byte[0]);
                if byte[0] == b'\n' {
                    break;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(line)
}

/// Reads all of stdin. Blocking: call inside `vm.allow_threads`.
pub fn read_stdin_all() -> std::io::Result<Vec<u8>> {
    flush_stdout();
    let mut all = Vec::new();
    std::io::stdin().lock().read_to_end(&mut all)?;
    Ok(all)
}
