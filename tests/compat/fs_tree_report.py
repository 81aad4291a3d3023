# A directory-tree report: build a small project in a temporary directory,
# walk it with os.walk, and print an indented tree with sizes, totals by
# file extension and the largest files.
import os
import tempfile
from collections import defaultdict

FILES = {
    "README.md": "# demo\n\nA tiny project.\n",
    "setup.cfg": "[metadata]\nname = demo\n",
    "src/demo/__init__.py": "",
    "src/demo/core.py": "def add(a, b):\n    return a + b\n" * 5,
    "src/demo/util.py": "import os\n\nPATH = os.sep\n",
    "src/demo/data/table.csv": "a,b,c\n1,2,3\n4,5,6\n",
    "tests/test_core.py": "from demo.core import add\n\nassert add(1, 2) == 3\n",
    "docs/index.md": "Welcome\n" * 10,
    "docs/img/logo.svg": "<svg></svg>\n",
    ".gitignore": "__pycache__/\n*.pyc\n",
}


def build(root):
    for rel, text in FILES.items():
        path = os.path.join(root, *rel.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)


def human(n):
    for unit in ("B", "KB", "MB"):
        if n < 1024:
            return "%d %s" % (n, unit)
        n //= 1024
    return "%d GB" % n


def tree(root):
    total_files = 0
    total_bytes = 0
    by_ext = defaultdict(lambda: [0, 0])
    sizes = []
    for dirpath, dirnames, filenames in os.walk(root):
        # Prune hidden directories and walk in sorted order.
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        rel = os.path.relpath(dirpath, root)
        depth = 0 if rel == os.curdir else rel.count(os.sep) + 1
        name = "." if rel == os.curdir else os.path.basename(dirpath)
        print("    " * depth + name + "/")
        for fname in sorted(filenames):
            full = os.path.join(dirpath, fname)
            size = os.path.getsize(full)
            total_files += 1
            total_bytes += size
            ext = os.path.splitext(fname)[1] or "(none)"
            by_ext[ext][0] += 1
            by_ext[ext][1] += size
            sizes.append((size, os.path.join(rel, fname) if rel != "." else fname))
            print("    " * (depth + 1) + "%-14s %8s" % (fname, human(size)))
    print()
    print("%d files, %s" % (total_files, human(total_bytes)))
    print("by extension:")
    for ext, (count, size) in sorted(by_ext.items(), key=lambda kv: (-kv[1][1], kv[0])):
        print("  %-8s %3d file(s) %6d bytes" % (ext, count, size))
    print("largest:")
    for size, rel in sorted(sizes, reverse=True)[:3]:
        print("  %5d  %s" % (size, rel))


def bottom_up_counts(root):
    counts = {}
    for dirpath, dirnames, filenames in os.walk(root, topdown=False):
        n = len(filenames) + sum(counts[os.path.join(dirpath, d)] for d in dirnames)
        counts[dirpath] = n
    for path in sorted(counts):
        print("%-22s %d" % (os.path.relpath(path, root), counts[path]))


with tempfile.TemporaryDirectory(prefix="tree-") as root:
    build(root)
    tree(root)
    print()
    print("files under each directory (bottom-up walk):")
    bottom_up_counts(root)
    errors = []
    list(os.walk(os.path.join(root, "missing"), onerror=errors.append))
    print("walk of a missing directory:", [type(e).__name__ for e in errors])
