//! The system calls behind `os`, `os.path`, `pathlib`, `shutil` and
//! `tempfile`, in the native module `posix` (as in CPython, where `os`
//! re-exports `posix`). Everything that asks the kernel lives here; the
//! conc side (`posix.conc`, `os.conc`, ...) builds the results into
//! `os.stat_result`, `os.DirEntry` and friends and does the path logic.
//!
//! Every call that may block on the disk releases the GIL. A failure raises
//! the `OSError` subclass CPython picks for the errno, with `errno`,
//! `strerror`, `filename` (and `filename2` for two-path calls) set, so its
//! text is CPython's `[Errno 2] No such file or directory: 'x'`.
//!
//! File descriptors: `open` returns a real descriptor number, kept in a
//! process-wide table of owned descriptors so that `read`, `write`, `close`
//! and `fdopen` stay safe code. A descriptor the table does not own (a file
//! object's `fileno()`) is reachable through `/proc/self/fd` for `fsync`.

use std::collections::HashMap;
use std::io::Read;
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::sync::{Arc, Mutex};

use conc_interp::object::{Args, NativeFnPtr, Object};
use conc_interp::prelude::*;
use nix::errno::Errno;
use rustix::fs::{Mode, OFlags};

use crate::util::{arity, index_i64, new_module};

/// The `OSError` of a failed call on `path` (and `path2`).
fn fs_error(vm: &mut Vm, e: &std::io::Error, path: &Value, path2: Option<&Value>) -> Error {
    let Some(code) = e.raw_os_error() else {
        return Error::new(ExcKind::OSError, e.to_string());
    };
    let text = crate::os::strerror_text(code);
    let mut args = vec![Value::Int(code as i64), Value::string(text), path.clone()];
    if let Some(p2) = path2 {
        args.extend([Value::None, p2.clone()]);
    }
    let kind = crate::os::errno_kind(Errno::from_raw(code));
    Error::Obj(vm.new_exception(kind, args))
}

/// A path argument as text: a str, bytes (decoded as UTF-8), or an
/// `os.PathLike` object's `__fspath__()`.
pub fn path_arg(vm: &mut Vm, v: &Value, fname: &str) -> PyResult<String> {
    if let Some(s) = v.as_str() {
        return Ok(s.to_owned());
    }
    if let Some(Object::Bytes(b)) = v.as_obj().map(|o| &**o) {
        return Ok(String::from_utf8_lossy(b).into_owned());
    }
    if let Some(f) = vm.lookup_special(v, "__fspath__") {
        let r = vm.call(&f, std::slice::from_ref(v))?;
        if r.as_str().is_some() || matches!(r.as_obj().map(|o| &**o), Some(Object::Bytes(_))) {
            return path_arg(vm, &r, fname);
        }
        let (t, rt) = (vm.type_name(v), vm.type_name(&r));
        return Err(Error::type_error(format!(
            "expected {t}.__fspath__() to return str or bytes, not {rt}"
        )));
    }
    let t = vm.type_name(v);
    Err(Error::type_error(format!(
        "{fname}: path should be string, bytes or os.PathLike, not {t}"
    )))
}

/// The path an error names: a str or bytes argument as it is, a PathLike
/// one as its `__fspath__()` text (as CPython reports it).
fn error_name(v: &Value, text: &str) -> Value {
    match v.as_obj().map(|o| &**o) {
        Some(Object::Bytes(_)) => v.clone(),
        _ if v.as_str().is_some() => v.clone(),
        _ => Value::str(text),
    }
}

/// Runs a filesystem call on one path with the GIL released.
fn on_path<R: Send>(
    vm: &mut Vm,
    args: &Args<'_>,
    fname: &str,
    op: impl FnOnce(&str) -> std::io::Result<R> + Send,
) -> PyResult<R> {
    let pv = args.pos()[0].clone();
    let path = path_arg(vm, &pv, fname)?;
    let r = vm.allow_threads_because("io", || op(&path));
    r.map_err(|e| fs_error(vm, &e, &error_name(&pv, &path), None))
}

/// Runs a filesystem call on two paths with the GIL released.
fn on_two_paths<R: Send>(
    vm: &mut Vm,
    args: &Args<'_>,
    fname: &str,
    op: impl FnOnce(&str, &str) -> std::io::Result<R> + Send,
) -> PyResult<R> {
    let (av, bv) = (args.pos()[0].clone(), args.pos()[1].clone());
    let a = path_arg(vm, &av, fname)?;
    let b = path_arg(vm, &bv, fname)?;
    let r = vm.allow_threads_because("io", || op(&a, &b));
    r.map_err(|e| fs_error(vm, &e, &error_name(&av, &a), Some(&error_name(&bv, &b))))
}

fn mode_arg(vm: &mut Vm, args: &Args<'_>, i: usize, default: u32) -> PyResult<u32> {
    match args.pos().get(i) {
        Some(v) => Ok(index_i64(vm, v)? as u32),
        None => Ok(default),
    }
}

/// `listdir(path='.')`: the names in a directory, in the kernel's order.
fn listdir(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("listdir", &args, 0, 1)?;
    let dot = [Value::str(".")];
    let args = if args.pos().is_empty() {
        Args::new(&dot)
    } else {
        args
    };
    let names = on_path(vm, &args, "listdir", |p| {
        std::fs::read_dir(p)?
            .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect::<std::io::Result<Vec<String>>>()
    })?;
    Ok(Value::list(names.into_iter().map(Value::string).collect()))
}

/// `_mkdir(path, mode)`: one directory (`os.mkdir` adds the keyword).
fn mkdir(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("mkdir", &args, 1, 2)?;
    let mode = mode_arg(vm, &args, 1, 0o777)?;
    on_path(vm, &args, "mkdir", |p| {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new().mode(mode).create(p)
    })?;
    Ok(Value::None)
}

fn rmdir(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("rmdir", &args, 1, 1)?;
    on_path(vm, &args, "rmdir", |p| std::fs::remove_dir(p))?;
    Ok(Value::None)
}

/// `unlink(path)` (also `remove`): a file, never a directory.
fn unlink(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("unlink", &args, 1, 1)?;
    on_path(vm, &args, "unlink", |p| std::fs::remove_file(p))?;
    Ok(Value::None)
}

/// `rename(src, dst)` (also `replace`): POSIX rename replaces a file at
/// `dst`, so both names are one call.
fn rename(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("rename", &args, 2, 2)?;
    on_two_paths(vm, &args, "rename", |a, b| std::fs::rename(a, b))?;
    Ok(Value::None)
}

fn symlink(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("symlink", &args, 2, 2)?;
    on_two_paths(vm, &args, "symlink", |a, b| {
        std::os::unix::fs::symlink(a, b)
    })?;
    Ok(Value::None)
}

fn link(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("link", &args, 2, 2)?;
    on_two_paths(vm, &args, "link", |a, b| std::fs::hard_link(a, b))?;
    Ok(Value::None)
}

fn readlink(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("readlink", &args, 1, 1)?;
    let target = on_path(vm, &args, "readlink", |p| std::fs::read_link(p))?;
    Ok(Value::string(target.to_string_lossy().into_owned()))
}

fn chdir(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("chdir", &args, 1, 1)?;
    on_path(vm, &args, "chdir", |p| std::env::set_current_dir(p))?;
    Ok(Value::None)
}

fn chmod(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("chmod", &args, 2, 2)?;
    let mode = mode_arg(vm, &args, 1, 0)?;
    on_path(vm, &args, "chmod", |p| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode))
    })?;
    Ok(Value::None)
}

/// `access(path, mode)`: False (never an error) when the check fails.
fn access(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("access", &args, 2, 2)?;
    let bits = mode_arg(vm, &args, 1, 0)?;
    let path = path_arg(vm, &args.pos()[0], "access")?;
    let access = rustix::fs::Access::from_bits_truncate(bits);
    let ok = vm.allow_threads_because("io", || rustix::fs::access(path.as_str(), access));
    Ok(Value::Bool(ok.is_ok()))
}

/// `_stat(path, follow_symlinks)`: `(mode, ino, dev, nlink, uid, gid,
/// size, atime, mtime, ctime, atime_ns, mtime_ns, ctime_ns, blocks,
/// blksize)`, for `os.stat_result`.
fn stat(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("_stat", &args, 2, 2)?;
    let follow = conc_interp::ops::truthy(vm, &args.pos()[1])?;
    let m = on_path(vm, &args, "stat", |p| {
        if follow {
            std::fs::metadata(p)
        } else {
            std::fs::symlink_metadata(p)
        }
    })?;
    let seconds = |s: i64, ns: i64| Value::Float(s as f64 + ns as f64 * 1e-9);
    let nanos =
        |s: i64, ns: i64| crate::util::int_value(num_bigint::BigInt::from(s) * 1_000_000_000 + ns);
    let int = |i: u64| crate::util::int_value(num_bigint::BigInt::from(i));
    Ok(Value::tuple(vec![
        Value::Int(m.mode() as i64),
        int(m.ino()),
        int(m.dev()),
        int(m.nlink()),
        Value::Int(m.uid() as i64),
        Value::Int(m.gid() as i64),
        int(m.size()),
        seconds(m.atime(), m.atime_nsec()),
        seconds(m.mtime(), m.mtime_nsec()),
        seconds(m.ctime(), m.ctime_nsec()),
        nanos(m.atime(), m.atime_nsec()),
        nanos(m.mtime(), m.mtime_nsec()),
        nanos(m.ctime(), m.ctime_nsec()),
        int(m.blocks()),
        int(m.blksize()),
    ]))
}

/// `_utime(path, atime_ns, mtime_ns)`; None for both sets the current time.
fn utime(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("_utime", &args, 3, 3)?;
    let stamp = |vm: &mut Vm, v: &Value| -> PyResult<rustix::fs::Timespec> {
        let ns = match v {
            Value::None => {
                return Ok(rustix::fs::Timespec {
                    tv_sec: 0,
                    tv_nsec: rustix::fs::UTIME_NOW,
                })
            }
            v => index_i64(vm, v)?,
        };
        Ok(rustix::fs::Timespec {
            tv_sec: ns.div_euclid(1_000_000_000),
            tv_nsec: ns.rem_euclid(1_000_000_000),
        })
    };
    let times = rustix::fs::Timestamps {
        last_access: stamp(vm, &args.pos()[1])?,
        last_modification: stamp(vm, &args.pos()[2])?,
    };
    on_path(vm, &args, "utime", |p| {
        rustix::fs::utimensat(rustix::fs::CWD, p, &times, rustix::fs::AtFlags::empty())
            .map_err(std::io::Error::from)
    })?;
    Ok(Value::None)
}

/// `_statvfs(path)`: `(f_frsize, f_blocks, f_bfree, f_bavail)`.
fn statvfs(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("_statvfs", &args, 1, 1)?;
    let s = on_path(vm, &args, "statvfs", |p| {
        rustix::fs::statvfs(p).map_err(std::io::Error::from)
    })?;
    let int = |i: u64| crate::util::int_value(num_bigint::BigInt::from(i));
    Ok(Value::tuple(vec![
        int(s.f_frsize),
        int(s.f_blocks),
        int(s.f_bfree),
        int(s.f_bavail),
    ]))
}

/// `_copyfile(src, dst)`: the bytes of `src` into `dst` (created or
/// truncated), without the permission bits (`shutil.copymode` does those).
fn copyfile(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("_copyfile", &args, 2, 2)?;
    let (sv, dv) = (args.pos()[0].clone(), args.pos()[1].clone());
    let src = path_arg(vm, &sv, "copyfile")?;
    let dst = path_arg(vm, &dv, "copyfile")?;
    let r = vm.allow_threads_because("io", || {
        let mut from = std::fs::File::open(&src).map_err(|e| (e, true))?;
        let mut to = std::fs::File::create(&dst).map_err(|e| (e, false))?;
        std::io::copy(&mut from, &mut to).map_err(|e| (e, false))
    });
    match r {
        Ok(_) => Ok(Value::None),
        Err((e, true)) => Err(fs_error(vm, &e, &error_name(&sv, &src), None)),
        Err((e, false)) => Err(fs_error(vm, &e, &error_name(&dv, &dst), None)),
    }
}

/// `putenv(key, value)`: the process environment, which child processes
/// inherit (`os.environ` writes through here).
fn putenv(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("putenv", &args, 2, 2)?;
    let key = env_key(vm, &args.pos()[0])?;
    let value = path_arg(vm, &args.pos()[1], "putenv")?;
    if value.contains('\0') {
        return Err(Error::value_error("embedded null byte"));
    }
    std::env::set_var(key, value);
    Ok(Value::None)
}

fn unsetenv(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("unsetenv", &args, 1, 1)?;
    let key = env_key(vm, &args.pos()[0])?;
    std::env::remove_var(key);
    Ok(Value::None)
}

/// A variable name `setenv` accepts (CPython's checks and messages).
fn env_key(vm: &mut Vm, v: &Value) -> PyResult<String> {
    let key = path_arg(vm, v, "putenv")?;
    if key.contains('\0') {
        return Err(Error::value_error("embedded null byte"));
    }
    if key.is_empty() || key.contains('=') {
        return Err(Error::value_error("illegal environment variable name"));
    }
    Ok(key)
}

/// `urandom(n)`: `n` bytes from the kernel's random source.
fn urandom(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("urandom", &args, 1, 1)?;
    let n = index_i64(vm, &args.pos()[0])?;
    if n < 0 {
        return Err(Error::value_error("negative argument not allowed"));
    }
    let n = usize::try_from(n).map_err(|_| Error::overflow_error("size too large"))?;
    // A size from the script: allocate fallibly so a huge one is a MemoryError.
    let mut buf = conc_interp::alloc::zeroed(n)?;
    let r = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut buf));
    if let Err(e) = r {
        return Err(crate::os::io_error(vm, &e));
    }
    Ok(Value::new_obj(Object::Bytes(buf.into_boxed_slice())))
}

fn getuid(_vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("getuid", &args, 0, 0)?;
    Ok(Value::Int(rustix::process::getuid().as_raw() as i64))
}

fn umask(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("umask", &args, 1, 1)?;
    let mask = mode_arg(vm, &args, 0, 0)?;
    let old = rustix::process::umask(Mode::from_bits_truncate(mask));
    Ok(Value::Int(old.bits() as i64))
}

/// The descriptors `open` handed out, by number.
type FdTable = Mutex<HashMap<i32, Arc<OwnedFd>>>;

fn fd_table() -> &'static FdTable {
    static TABLE: std::sync::OnceLock<FdTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(Default::default)
}

fn fd_arg(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    let fd = index_i64(vm, v)?;
    i32::try_from(fd).map_err(|_| Error::overflow_error("fd is greater than maximum"))
}

/// The owned descriptor `fd`, or EBADF.
fn owned_fd(vm: &mut Vm, fd: i32) -> PyResult<Arc<OwnedFd>> {
    let found = fd_table().lock().map(|t| t.get(&fd).cloned());
    match found {
        Ok(Some(owned)) => Ok(owned),
        _ => Err(crate::os::os_error(vm, Errno::EBADF)),
    }
}

/// `_open(path, flags, mode)`: a new descriptor (close-on-exec, as CPython
/// makes them non-inheritable).
fn open_fd(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("_open", &args, 3, 3)?;
    let flags = index_i64(vm, &args.pos()[1])? as u32;
    let mode = mode_arg(vm, &args, 2, 0o777)?;
    let flags = OFlags::from_bits_retain(flags) | OFlags::CLOEXEC;
    let owned = on_path(vm, &args, "open", |p| {
        rustix::fs::open(p, flags, Mode::from_bits_truncate(mode)).map_err(std::io::Error::from)
    })?;
    let fd = owned.as_raw_fd();
    if let Ok(mut t) = fd_table().lock() {
        t.insert(fd, Arc::new(owned));
    }
    Ok(Value::Int(fd as i64))
}

fn close_fd(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("close", &args, 1, 1)?;
    let fd = fd_arg(vm, &args.pos()[0])?;
    let removed = fd_table().lock().map(|mut t| t.remove(&fd));
    match removed {
        Ok(Some(_)) => Ok(Value::None),
        _ => Err(crate::os::os_error(vm, Errno::EBADF)),
    }
}

fn write_fd(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("write", &args, 2, 2)?;
    let fd = fd_arg(vm, &args.pos()[0])?;
    let data = match args.pos()[1].as_obj().map(|o| &**o) {
        Some(Object::Bytes(b)) => b.to_vec(),
        _ => {
            let t = vm.type_name(&args.pos()[1]);
            return Err(Error::type_error(format!(
                "a bytes-like object is required, not '{t}'"
            )));
        }
    };
    let owned = owned_fd(vm, fd)?;
    let r = vm.allow_threads_because("io", || rustix::io::write(&*owned, &data));
    match r {
        Ok(n) => Ok(Value::Int(n as i64)),
        Err(e) => Err(crate::os::io_error(vm, &e.into())),
    }
}

fn read_fd(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("read", &args, 2, 2)?;
    let fd = fd_arg(vm, &args.pos()[0])?;
    let n = index_i64(vm, &args.pos()[1])?;
    if n < 0 {
        return Err(Error::value_error("negative length"));
    }
    let owned = owned_fd(vm, fd)?;
    let mut buf = vec![0u8; n as usize];
    let r = vm.allow_threads_because("io", || rustix::io::read(&*owned, &mut buf));
    match r {
        Ok(got) => {
            buf.truncate(got);
            Ok(Value::new_obj(Object::Bytes(buf.into_boxed_slice())))
        }
        Err(e) => Err(crate::os::io_error(vm, &e.into())),
    }
}

/// `fsync(fd)`: the file's data on disk. A descriptor the table does not
/// own (a file object's) is synced through `/proc/self/fd`, which names the
/// same open file.
fn fsync(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("fsync", &args, 1, 1)?;
    let fd = match vm.lookup_special(&args.pos()[0], "fileno") {
        Some(f) => {
            let v = vm.call(&f, std::slice::from_ref(&args.pos()[0]))?;
            fd_arg(vm, &v)?
        }
        None => fd_arg(vm, &args.pos()[0])?,
    };
    let owned = fd_table().lock().ok().and_then(|t| t.get(&fd).cloned());
    let r = vm.allow_threads_because("io", || match owned {
        Some(owned) => rustix::fs::fsync(&*owned).map_err(std::io::Error::from),
        None => std::fs::File::open(format!("/proc/self/fd/{fd}"))
            .map_err(|_| std::io::Error::from_raw_os_error(Errno::EBADF as i32))
            .and_then(|f| f.sync_all()),
    });
    r.map_err(|e| crate::os::io_error(vm, &e))?;
    Ok(Value::None)
}

/// `_fdopen(fd, mode)`: a file object that takes over descriptor `fd`.
fn fdopen(vm: &mut Vm, args: Args<'_>) -> PyResult<Value> {
    arity("fdopen", &args, 2, 2)?;
    let fd = fd_arg(vm, &args.pos()[0])?;
    let mode = args.pos()[1].as_str().unwrap_or("r").to_owned();
    let taken = fd_table().lock().map(|mut t| t.remove(&fd));
    let Ok(Some(shared)) = taken else {
        return Err(crate::os::os_error(vm, Errno::EBADF));
    };
    match Arc::try_unwrap(shared) {
        Ok(owned) => {
            let file = std::fs::File::from(owned);
            Ok(conc_interp::io::file_object(
                vm,
                file,
                Value::Int(fd as i64),
                &mode,
            ))
        }
        Err(shared) => {
            // A read or write on another thread still holds it.
            if let Ok(mut t) = fd_table().lock() {
                t.insert(fd, shared);
            }
            Err(crate::os::os_error(vm, Errno::EBUSY))
        }
    }
}

/// Flag bits `os.open` takes, from the C library's values.
const OPEN_FLAGS: &[(&str, OFlags)] = &[
    ("O_RDONLY", OFlags::RDONLY),
    ("O_WRONLY", OFlags::WRONLY),
    ("O_RDWR", OFlags::RDWR),
    ("O_CREAT", OFlags::CREATE),
    ("O_EXCL", OFlags::EXCL),
    ("O_TRUNC", OFlags::TRUNC),
    ("O_APPEND", OFlags::APPEND),
    ("O_NONBLOCK", OFlags::NONBLOCK),
    ("O_CLOEXEC", OFlags::CLOEXEC),
    ("O_NOFOLLOW", OFlags::NOFOLLOW),
    ("O_DIRECTORY", OFlags::DIRECTORY),
];

/// The native `posix` module; `posix.conc` adds the conc part.
pub fn init_posix(vm: &mut Vm) -> PyResult<Value> {
    let fns: &[(&str, NativeFnPtr)] = &[
        ("getcwd", crate::os::getcwd),
        ("listdir", listdir),
        ("_mkdir", mkdir),
        ("rmdir", rmdir),
        ("unlink", unlink),
        ("remove", unlink),
        ("rename", rename),
        ("replace", rename),
        ("symlink", symlink),
        ("link", link),
        ("readlink", readlink),
        ("chdir", chdir),
        ("chmod", chmod),
        ("access", access),
        ("_stat", stat),
        ("_utime", utime),
        ("_statvfs", statvfs),
        ("_copyfile", copyfile),
        ("putenv", putenv),
        ("unsetenv", unsetenv),
        ("urandom", urandom),
        ("getuid", getuid),
        ("umask", umask),
        ("_open", open_fd),
        ("close", close_fd),
        ("write", write_fd),
        ("read", read_fd),
        ("fsync", fsync),
        ("_fdopen", fdopen),
    ];
    let m = new_module(vm, "posix", fns);
    for (name, flag) in OPEN_FLAGS {
        vm.module_set(&m, name, Value::Int(flag.bits() as i64));
    }
    for (name, bit) in [("F_OK", 0), ("X_OK", 1), ("W_OK", 2), ("R_OK", 4)] {
        vm.module_set(&m, name, Value::Int(bit));
    }
    crate::util::exec_in_module(vm, &m, include_str!("posix.conc"))?;
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_flags_are_the_c_values() {
        let get = |n: &str| OPEN_FLAGS.iter().find(|(k, _)| *k == n).unwrap().1.bits();
        assert_eq!(get("O_RDONLY"), 0);
        assert_eq!(get("O_WRONLY"), 1);
        assert_eq!(get("O_RDWR"), 2);
        assert_ne!(get("O_CREAT") & get("O_EXCL"), get("O_CREAT"));
    }
}
