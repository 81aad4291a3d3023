//! Standard streams and files.
//!
//! One process-wide stdout buffer: line-buffered when stdout is a terminal,
//! block-buffered otherwise (benchmarks print a lot), flushed at exit (the
//! CLI calls [`flush_stdout`]), before anything goes to stderr, and before
//! stdin is read — so interleaving looks the same as with CPython.
//! `file.rs` holds the file objects (`open()`, `sys.stdout`, ...).

mod file;

use std::io::{IsTerminal, Read, Write};

use parking_lot::Mutex;

pub(crate) use file::is_stdout;
pub use file::{open, std_streams, text_io_class, FileState, METHODS};

/// Flush threshold of the block-buffered mode.
const BLOCK: usize = 8192;

struct StdoutBuf {
    buf: Vec<u8>,
    /// None until the first write decides (terminal or not).
    line_buffered: Option<bool>,
}

static STDOUT: Mutex<StdoutBuf> = Mutex::new(StdoutBuf {
    buf: Vec::new(),
    line_buffered: None,
});

fn flush_locked(out: &mut StdoutBuf) {
    if out.buf.is_empty() {
        return;
    }
    let mut h = std::io::stdout().lock();
    // A closed pipe (`conc x | head`) is not the script's fault: drop output.
    let _ = h.write_all(&out.buf);
    let _ = h.flush();
    out.buf.clear();
}

/// Appends to the process stdout buffer.
pub fn write_stdout(s: &str) {
    write_stdout_bytes(s.as_bytes());
}

/// Appends raw bytes to the process stdout buffer.
pub fn write_stdout_bytes(b: &[u8]) {
    let mut out = STDOUT.lock();
    let line = *out
        .line_buffered
        .get_or_insert_with(|| std::io::stdout().is_terminal());
    out.buf.extend_from_slice(b);
    if out.buf.len() >= BLOCK || (line && b.contains(&b'\n')) {
        flush_locked(&mut out);
    }
}

/// Writes any pending stdout bytes to the OS.
pub fn flush_stdout() {
    flush_locked(&mut STDOUT.lock());
}

/// Writes to stderr (unbuffered), after flushing stdout so the order of
/// the two streams is kept on a shared terminal.
pub fn write_stderr(s: &str) {
    flush_stdout();
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
