# Path arithmetic without touching the disk: os.path and pathlib's pure
# operations over a table of tricky inputs, as a path-handling library's
# tests would check them.
import os.path
import posixpath
from os import path as osp
from pathlib import PurePath, PurePosixPath, Path

print(osp is os.path is posixpath)

CASES = ["", ".", "..", "/", "//", "///", "a", "a/", "/a/b/", "a//b", "a/./b",
         "a/../b", "../a/..", "/../x", "//x/../y", ".hidden", "a.tar.gz",
         "dir.d/file", "a/b/.", "~/notes.txt", "x."]

print("%-12s %-10s %-12s %-20s %-12s" % ("path", "normpath", "split", "splitext", "base|dir"))
for p in CASES:
    print("%-12r %-10r %-12r %-20r %r|%r" % (
        p, os.path.normpath(p), os.path.split(p), os.path.splitext(p),
        os.path.basename(p), os.path.dirname(p)))

print(os.path.join("a", "b", "c"), os.path.join("a/", "b"), os.path.join("a", "/b", "c"),
      os.path.join("", "x"), os.path.join("a", ""))
for target, start in [("/a/b/c", "/a"), ("/a", "/a/b/c"), ("/x/y", "/a/b"), ("/a", "/a"),
                      ("a/b", "a/c/d")]:
    print("relpath(%r, %r) = %r" % (target, start, os.path.relpath(target, start)))
print(os.path.commonpath(["/usr/lib", "/usr/local/lib"]), os.path.commonpath(["a/b/c", "a/b", "a/b/./d"]),
      os.path.commonprefix(["/usr/lib", "/usr/local"]))
for bad in [["/a", "b"], []]:
    try:
        os.path.commonpath(bad)
    except ValueError as e:
        print("ValueError:", e)
print(os.path.isabs("/x"), os.path.isabs("x/"), os.path.expanduser("no/tilde"), os.path.expandvars("$NO_SUCH_VAR_X/y"))
try:
    os.path.join("a", 3)
except TypeError as e:
    print("TypeError:", e)

print()
for p in ["a/b/c.txt", "/etc/passwd", "archive.tar.gz", ".bashrc", "/", "", "dir/", "a/b/..", "//net/share"]:
    pp = PurePosixPath(p)
    print("%-16r parts=%-28r name=%-12r stem=%-10r suffix=%-5r suffixes=%r parent=%r" % (
        str(pp), pp.parts, pp.name, pp.stem, pp.suffix, pp.suffixes, str(pp.parent)))

p = PurePath("/srv/app/static/css/site.min.css")
print([str(x) for x in p.parents], p.parents[0] == p.parent, len(p.parents))
print(p.relative_to("/srv/app"), p.with_name("print.css"), p.with_suffix(".map"), p.with_stem("site"))
print(p.match("*.css"), p.match("static/*/*.css"), p.match("/srv/*"), p.match("app/**.css"))
print(p.is_relative_to("/srv"), p.is_relative_to("/var"), p.anchor, p.root, p.drive == "")
for a, b in [("a", "b"), ("a/b", "a"), ("/z", "a"), ("a/b", "a/b/")]:
    x, y = PurePosixPath(a), PurePosixPath(b)
    print(repr(x), repr(y), x == y, x < y, x > y)
print(sorted({PurePosixPath("b"), PurePosixPath("a/c"), PurePosixPath("a"), PurePosixPath("a/")}))
print(repr(Path("x") / "y" / ".." / "z"), "/" / PurePosixPath("etc") / "hosts", PurePosixPath("a").joinpath("b", "/c", "d"))
for bad in [lambda: PurePosixPath("/").with_name("x"), lambda: PurePosixPath("a").with_suffix("txt"),
            lambda: PurePosixPath("a").with_name(""), lambda: PurePosixPath("a/b").relative_to("c"),
            lambda: PurePosixPath("a").match("")]:
    try:
        bad()
    except ValueError as e:
        print("ValueError:", e)
try:
    PurePosixPath("a") < "b"
except TypeError as e:
    print("TypeError:", e)
print(os.fspath(PurePosixPath("a/b")), str(PurePosixPath("a", "b", "c")), PurePosixPath(PurePosixPath("a"), "b"))
class Custom:
    def __fspath__(self):
        return "custom/path"
print(os.fspath(Custom()), os.path.join(Custom(), "x"), PurePosixPath(Custom()) / "y", os.path.basename(Custom()))
