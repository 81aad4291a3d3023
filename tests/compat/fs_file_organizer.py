# A downloads-folder organizer: sort files into folders by kind with
# pathlib and shutil, inside a tempfile.TemporaryDirectory. Name clashes
# get a numbered suffix; a dry run only reports; an undo log restores.
import shutil
import tempfile
from pathlib import Path

KINDS = {
    "images": {".png", ".jpg", ".gif"},
    "documents": {".pdf", ".txt", ".md", ".docx"},
    "archives": {".zip", ".tar", ".gz"},
    "code": {".py", ".js", ".rs"},
}

INCOMING = [
    "holiday.JPG", "notes.txt", "report.pdf", "script.py", "backup.tar.gz",
    "photo.png", "readme.md", "Makefile", "notes (1).txt", "lib.rs",
]


def kind_of(path):
    suffix = path.suffix.lower()
    for kind, suffixes in KINDS.items():
        if suffix in suffixes:
            return kind
    return "other"


def free_name(target):
    """target, or target with ' (n)' before the suffixes if it exists."""
    if not target.exists():
        return target
    n = 1
    while True:
        candidate = target.with_name("%s (%d)%s" % (target.stem, n, target.suffix))
        if not candidate.exists():
            return candidate
        n += 1


def organize(folder, dry_run=False):
    moves = []
    for path in sorted(folder.iterdir()):
        if not path.is_file():
            continue
        dest_dir = folder / kind_of(path)
        target = free_name(dest_dir / path.name)
        moves.append((path, target))
        if not dry_run:
            dest_dir.mkdir(exist_ok=True)
            shutil.move(str(path), str(target))
    return moves


def show(folder):
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        marker = "/" if path.is_dir() else "  (%d bytes)" % path.stat().st_size
        print("  " + "  " * (len(rel.parts) - 1) + rel.name + marker)


with tempfile.TemporaryDirectory() as tmp:
    downloads = Path(tmp) / "Downloads"
    downloads.mkdir()
    for i, name in enumerate(INCOMING):
        (downloads / name).write_text("x" * (i + 1))
    # A clash: documents/notes.txt already exists.
    (downloads / "documents").mkdir()
    (downloads / "documents" / "notes.txt").write_text("older notes")

    print("dry run:")
    for src, dst in organize(downloads, dry_run=True):
        print("  %-16s -> %s" % (src.name, dst.relative_to(downloads)))
    print("still unsorted:", len([p for p in downloads.iterdir() if p.is_file()]))

    moves = organize(downloads)
    print("after organizing:")
    show(downloads)
    counts = {}
    for _, dst in moves:
        counts[dst.parent.name] = counts.get(dst.parent.name, 0) + 1
    print("moved:", sorted(counts.items()))

    # Undo, newest first, then remove the emptied folders.
    for src, dst in reversed(moves):
        dst.rename(src)
    for folder in sorted(downloads.iterdir()):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    print("after undo:", sorted(p.name for p in downloads.iterdir()))
    print("kept dirs:", sorted(p.name for p in downloads.iterdir() if p.is_dir()))
print("cleaned up:", not downloads.exists())
