# A small command-line tool over pathlib: ls, tree, find, du, cat, mkdir,
# touch, mv, cp and rm commands run against a sandbox directory, each
# given as a command line, the way a script gets them from sys.argv.
import shutil
import sys
import tempfile
from pathlib import Path, PurePosixPath


class Shell:
    def __init__(self, root):
        self.root = Path(root)
        self.cwd = self.root

    def resolve(self, arg):
        path = self.cwd / arg
        return Path(*[p for p in path.parts])

    def show(self, path):
        try:
            return str(path.relative_to(self.root)) if path != self.root else "/"
        except ValueError:
            return str(path)

    def run(self, line):
        argv = line.split()
        cmd, args = argv[0], argv[1:]
        handler = getattr(self, "do_" + cmd, None)
        print("$ " + line)
        if handler is None:
            print("%s: command not found" % cmd)
            return 127
        try:
            handler(*args)
        except FileNotFoundError as e:
            print("%s: %s: No such file or directory" % (cmd, self.show(Path(e.filename))))
            return 1
        except FileExistsError as e:
            print("%s: %s: File exists" % (cmd, self.show(Path(e.filename))))
            return 1
        except (IsADirectoryError, NotADirectoryError) as e:
            print("%s: %s" % (cmd, e.strerror))
            return 1
        except OSError as e:
            print("%s: [Errno %d] %s" % (cmd, e.errno, e.strerror))
            return 1
        return 0

    def do_cd(self, where="."):
        target = self.resolve(where)
        if not target.is_dir():
            raise NotADirectoryError(20, "Not a directory", str(target))
        self.cwd = Path(*target.resolve().parts)

    def do_pwd(self):
        print(self.show(self.cwd.resolve()) if self.cwd.resolve() != self.root.resolve() else "/")

    def do_ls(self, where="."):
        target = self.resolve(where)
        entries = sorted(target.iterdir(), key=lambda p: (not p.is_dir(), p.name))
        for p in entries:
            print("  " + p.name + ("/" if p.is_dir() else ""))

    def do_tree(self, where="."):
        base = self.resolve(where)
        for p in sorted(base.rglob("*")):
            rel = p.relative_to(base)
            print("  " + "|   " * (len(rel.parts) - 1) + "+-- " + p.name)

    def do_find(self, where, pattern):
        base = self.resolve(where)
        for p in sorted(base.rglob(pattern)):
            print("  " + str(PurePosixPath(where) / p.relative_to(base)))

    def do_du(self, where="."):
        base = self.resolve(where)
        total = sum(p.stat().st_size for p in base.rglob("*") if p.is_file())
        print("  %d\t%s" % (total, where))

    def do_cat(self, *names):
        for name in names:
            sys.stdout.write(self.resolve(name).read_text())

    def do_mkdir(self, *args):
        parents = "-p" in args
        for name in args:
            if name != "-p":
                self.resolve(name).mkdir(parents=parents, exist_ok=parents)

    def do_touch(self, *names):
        for name in names:
            self.resolve(name).touch()

    def do_write(self, name, *words):
        self.resolve(name).write_text(" ".join(words) + "\n")

    def do_mv(self, src, dst):
        target = self.resolve(dst)
        if target.is_dir():
            target = target / self.resolve(src).name
        self.resolve(src).rename(target)

    def do_cp(self, src, dst):
        s = self.resolve(src)
        if s.is_dir():
            shutil.copytree(s, self.resolve(dst))
        else:
            shutil.copy(s, self.resolve(dst))

    def do_rm(self, *args):
        recursive = "-r" in args
        for name in args:
            if name == "-r":
                continue
            p = self.resolve(name)
            if p.is_dir() and not p.is_symlink():
                if not recursive:
                    raise IsADirectoryError(21, "Is a directory", str(p))
                shutil.rmtree(p)
            else:
                p.unlink()

    def do_stat(self, name):
        p = self.resolve(name)
        st = p.stat()
        kind = "directory" if p.is_dir() else "regular file"
        print("  %s: %s, %d bytes, suffix=%r stem=%r" % (p.name, kind, st.st_size if p.is_file() else 0, p.suffix, p.stem))


SCRIPT = """
mkdir -p project/src/app project/docs
write project/README.md Demo project
write project/src/app/main.py print('hello')
write project/src/app/util.py X = 1
touch project/docs/guide.txt project/src/app/__init__.py
ls project
tree project
find project *.py
du project
cat project/README.md project/src/app/main.py
cd project
pwd
mkdir docs
mv README.md docs
ls docs
cp src copy_of_src
find . *.py
rm src
rm -r copy_of_src
stat docs/README.md
cat missing.txt
cd docs/README.md
frobnicate now
cd ..
pwd
"""

with tempfile.TemporaryDirectory() as tmp:
    shell = Shell(tmp)
    failures = 0
    for line in SCRIPT.strip().splitlines():
        if shell.run(line) != 0:
            failures += 1
    print("commands failed:", failures)
