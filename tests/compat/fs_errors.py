# How file operations fail: each OSError subclass with its errno, strerror
# and filename, the messages CPython prints, and recovery the way real code
# does it (EAFP with the specific exception classes).
import os
import shutil
import tempfile
from pathlib import Path


def attempt(label, func, *args, **kwargs):
    try:
        result = func(*args, **kwargs)
    except OSError as e:
        name = e.filename if e.filename is None else os.path.basename(e.filename)
        print("%-22s %s errno=%s strerror=%r file=%r" % (label, type(e).__name__, e.errno, e.strerror, name))
        print("%-22s str: %s" % ("", str(e).replace(tmp, "<tmp>")))
        return None
    print("%-22s ok -> %r" % (label, result))
    return result


old = os.getcwd()
with tempfile.TemporaryDirectory() as tmp:
    os.chdir(tmp)
    os.mkdir("dir")
    with open("dir/file.txt", "w") as f:
        f.write("content")

    attempt("open missing", open, "nope.txt")
    attempt("open a directory", open, "dir")
    attempt("open under a file", open, "dir/file.txt/x")
    attempt("mkdir existing", os.mkdir, "dir")
    attempt("rmdir non-empty", os.rmdir, "dir")
    attempt("rmdir a file", os.rmdir, "dir/file.txt")
    attempt("unlink a directory", os.unlink, "dir")
    attempt("listdir a file", os.listdir, "dir/file.txt")
    attempt("stat missing", os.stat, "ghost")
    attempt("rename missing", os.rename, "ghost", "other")
    attempt("chdir missing", os.chdir, "ghost")
    attempt("Path.read_text", Path("ghost.txt").read_text)
    attempt("Path.mkdir no parent", Path("a/b/c").mkdir)
    attempt("Path.mkdir exists", Path("dir").mkdir)
    attempt("copyfile to a dir", shutil.copyfile, "dir/file.txt", "dir")
    attempt("rmtree missing", shutil.rmtree, "ghost")
    attempt("Path.rmdir non-empty", Path("dir").rmdir)

    # The class hierarchy: every one of these is an OSError.
    for cls in (FileNotFoundError, FileExistsError, IsADirectoryError,
                NotADirectoryError, PermissionError):
        print(cls.__name__, issubclass(cls, OSError), cls.__mro__[1].__name__)

    # Constructing them by hand gives the same fields.
    e = FileNotFoundError(2, "No such file or directory", "cfg.ini")
    print(e, "|", e.args, e.errno, e.filename)
    e = OSError(18, "Invalid cross-device link", "a", None, "b")
    print(e)
    print(OSError("just a message"), OSError("a", "b", "c", "d", "e", "f").args)
    print(repr(IsADirectoryError(21, "Is a directory")))

    # EAFP: read a settings file, falling back to defaults.
    def load_settings(path):
        try:
            with open(path) as f:
                return f.read().strip()
        except FileNotFoundError:
            return "defaults"
        except IsADirectoryError:
            return "defaults (path was a directory)"
    print(load_settings("settings.ini"), "|", load_settings("dir"), "|", load_settings("dir/file.txt"))

    # Create-once semantics with exclusive open.
    for attempt_no in range(2):
        try:
            with open("lockfile", "x") as f:
                f.write(str(attempt_no))
            print("lock taken on attempt", attempt_no)
        except FileExistsError as e:
            print("lock busy:", e.strerror)
    os.chdir(old)
