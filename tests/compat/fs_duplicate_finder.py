# A duplicate-file finder: group files by size first (cheap, from stat),
# then compare the candidates' contents in chunks, and report the groups
# and the space the extra copies waste. Hard links count once.
import os
import tempfile
from collections import defaultdict

CHUNK = 16


def make_tree(root):
    payloads = {
        "photos/a.jpg": b"\xff\xd8JPEGDATA" * 8,
        "photos/a copy.jpg": b"\xff\xd8JPEGDATA" * 8,
        "backup/2023/a.jpg": b"\xff\xd8JPEGDATA" * 8,
        "photos/b.jpg": b"\xff\xd8JPEGDAT!" * 8,      # same size, differs at the end
        "docs/report.txt": b"quarterly numbers\n" * 3,
        "docs/report-final.txt": b"quarterly numbers\n" * 3,
        "docs/empty1.txt": b"",
        "docs/empty2.txt": b"",
        "music/song.mp3": b"ID3" + bytes(range(200)),
        "notes.md": b"unique",
    }
    for rel, data in payloads.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
    # A hard link is the same file, not a duplicate.
    os.link(os.path.join(root, "music/song.mp3"), os.path.join(root, "music/song-link.mp3"))


def files_by_size(root):
    groups = defaultdict(list)
    seen_inodes = set()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            st = os.stat(path)
            key = (st.st_dev, st.st_ino)
            if key in seen_inodes:
                continue
            seen_inodes.add(key)
            groups[st.st_size].append(path)
    return groups


def same_content(a, b):
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while True:
            ca = fa.read(CHUNK)
            cb = fb.read(CHUNK)
            if ca != cb:
                return False
            if not ca:
                return True


def duplicates(root, skip_empty=True):
    result = []
    for size, paths in sorted(files_by_size(root).items()):
        if len(paths) < 2 or (skip_empty and size == 0):
            continue
        remaining = list(paths)
        while remaining:
            first = remaining.pop(0)
            group = [first] + [p for p in remaining if same_content(first, p)]
            remaining = [p for p in remaining if p not in group]
            if len(group) > 1:
                result.append((size, group))
    return result


with tempfile.TemporaryDirectory() as root:
    make_tree(root)
    by_size = files_by_size(root)
    print("distinct files:", sum(len(v) for v in by_size.values()))
    print("sizes with several files:", sorted(s for s, v in by_size.items() if len(v) > 1))
    wasted = 0
    for size, group in duplicates(root):
        rels = sorted(os.path.relpath(p, root) for p in group)
        print("%d bytes x %d: %s" % (size, len(group), ", ".join(rels)))
        wasted += size * (len(group) - 1)
    print("wasted bytes:", wasted)
    print("with empty files:", len(duplicates(root, skip_empty=False)), "groups")
    link = os.path.join(root, "music", "song-link.mp3")
    print("link count:", os.stat(link).st_nlink, os.path.samefile(link, os.path.join(root, "music", "song.mp3")))
