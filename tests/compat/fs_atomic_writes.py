# Safe saving: write a new version to a temporary file in the same
# directory, flush and fsync it, then os.replace it over the old one, so a
# reader never sees a half-written file. Also mkstemp, TemporaryFile and
# os-level descriptors.
import json
import os
import tempfile


def atomic_write(path, text):
    directory = os.path.dirname(os.path.abspath(path))
    with tempfile.NamedTemporaryFile("w", dir=directory, prefix=".tmp-", suffix=".json",
                                     delete=False) as tmpf:
        tmpf.write(text)
        tmpf.flush()
        os.fsync(tmpf.fileno())
        tmp_name = tmpf.name
    os.replace(tmp_name, path)
    return tmp_name


def save_state(path, state):
    return atomic_write(path, json.dumps(state, sort_keys=True, indent=1))


with tempfile.TemporaryDirectory() as tmp:
    state_file = os.path.join(tmp, "state.json")
    for version in range(1, 4):
        used = save_state(state_file, {"version": version, "items": list(range(version))})
        print("saved v%d via hidden temp:" % version, os.path.basename(used).startswith(".tmp-"),
              "temp gone:", not os.path.exists(used))
    with open(state_file) as f:
        print("final:", json.load(f))
    print("directory:", sorted(os.listdir(tmp)))

    # mkstemp: the caller owns the descriptor and the file.
    fd, path = tempfile.mkstemp(prefix="job-", suffix=".txt", dir=tmp)
    os.write(fd, b"line one\n")
    os.write(fd, b"line two\n")
    os.close(fd)
    print("mkstemp:", os.path.basename(path).startswith("job-"), path.endswith(".txt"),
          oct(os.stat(path).st_mode & 0o777))
    with open(path) as f:
        print(f.read().splitlines())
    fd = os.open(path, os.O_RDONLY)
    print("os.read:", os.read(fd, 4), os.read(fd, 100)[:4])
    os.close(fd)
    try:
        os.close(fd)
    except OSError as e:
        print("double close:", e)
    os.remove(path)

    # A scratch file that never had a name in the directory listing.
    with tempfile.TemporaryFile("w+") as scratch:
        for i in range(5):
            scratch.write("row %d\n" % i)
        scratch.seek(0)
        rows = scratch.readlines()
        print("scratch rows:", len(rows), rows[-1].strip(), "pos", scratch.tell())
    print("after scratch:", sorted(os.listdir(tmp)))

    # NamedTemporaryFile removes itself by default.
    with tempfile.NamedTemporaryFile(suffix=".bin", dir=tmp) as f:
        f.write(b"\x00\x01\x02")
        f.flush()
        print("named exists:", os.path.exists(f.name), os.path.getsize(f.name), f.name.endswith(".bin"))
        name = f.name
    print("named removed:", not os.path.exists(name))

    nested = tempfile.mkdtemp(dir=tmp)
    with tempfile.TemporaryDirectory(dir=nested) as inner:
        open(os.path.join(inner, "x"), "w").close()
        print("inner is under nested:", os.path.dirname(inner) == nested)
    print("nested empty again:", os.listdir(nested))
print("gettempdir is a directory:", os.path.isdir(tempfile.gettempdir()))
