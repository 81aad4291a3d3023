# A layered configuration loader: built-in defaults, then a key=value file,
# then a JSON override file, then APP_* environment variables. Values are
# coerced to the default's type. Environment changes reach child processes.
import json
import os
import subprocess
import tempfile

DEFAULTS = {
    "host": "localhost",
    "port": 8000,
    "debug": False,
    "workers": 2,
    "log_dir": "logs",
    "ratio": 0.5,
}


def coerce(key, raw, default):
    if isinstance(default, bool):
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off"):
            return False
        raise ValueError("%s: not a boolean: %r" % (key, raw))
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    return raw


def read_kv(path):
    values = {}
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            if "=" not in line:
                raise SyntaxError("%s:%d: expected key = value" % (os.path.basename(path), lineno))
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def load(config_dir, env_prefix="APP_"):
    config = dict(DEFAULTS)
    sources = {key: "default" for key in config}
    kv_path = os.path.join(config_dir, "app.conf")
    if os.path.isfile(kv_path):
        for key, raw in read_kv(kv_path).items():
            if key in DEFAULTS:
                config[key] = coerce(key, raw, DEFAULTS[key])
                sources[key] = "app.conf"
    json_path = os.path.join(config_dir, "override.json")
    try:
        with open(json_path) as f:
            for key, value in json.load(f).items():
                config[key] = value
                sources[key] = "override.json"
    except FileNotFoundError as e:
        print("no override file (%s)" % e.strerror)
    for key in DEFAULTS:
        raw = os.environ.get(env_prefix + key.upper())
        if raw is not None:
            config[key] = coerce(key, raw, DEFAULTS[key])
            sources[key] = "env"
    return config, sources


def show(config, sources):
    for key in sorted(config):
        print("  %-8s = %-12r (%s)" % (key, config[key], sources[key]))


old_cwd = os.getcwd()
with tempfile.TemporaryDirectory() as tmp:
    os.chdir(tmp)
    os.mkdir("conf")
    with open(os.path.join("conf", "app.conf"), "w") as f:
        f.write("# demo settings\nhost = example.org\nport = 9000\n\ndebug = yes  # for now\nunknown = 1\n")
    for name in [k for k in os.environ if k.startswith("APP_")]:
        del os.environ[name]
    print("file only:")
    show(*load("conf"))

    os.environ["APP_PORT"] = "9100"
    os.environ.setdefault("APP_WORKERS", "8")
    os.environ.setdefault("APP_WORKERS", "99")
    with open(os.path.join("conf", "override.json"), "w") as f:
        json.dump({"ratio": 0.75, "log_dir": "/var/log/app"}, f)
    print("with env and override:")
    show(*load("conf"))

    # The environment is inherited by child processes.
    child = subprocess.run(["sh", "-c", "echo $APP_PORT-$APP_WORKERS"], capture_output=True, text=True)
    print("child sees:", child.stdout.strip())
    del os.environ["APP_PORT"]
    print("after del:", os.getenv("APP_PORT"), os.getenv("APP_PORT", "unset"), "APP_PORT" in os.environ)
    child = subprocess.run(["sh", "-c", "echo [$APP_PORT]"], capture_output=True, text=True)
    print("child sees:", child.stdout.strip())
    print("pop:", os.environ.pop("APP_WORKERS"), os.environ.pop("APP_WORKERS", "gone"))
    try:
        os.environ["APP_BAD"] = 5
    except TypeError as e:
        print("TypeError:", e)
    try:
        os.environ["APP_MISSING"]
    except KeyError as e:
        print("KeyError:", e)

    with open(os.path.join("conf", "broken.conf"), "w") as f:
        f.write("host = a\nthis line is wrong\n")
    try:
        read_kv(os.path.join("conf", "broken.conf"))
    except SyntaxError as e:
        print("SyntaxError:", e)
    try:
        read_kv("conf/absent.conf")
    except OSError as e:
        print(type(e).__name__, e.errno, e)
    os.chdir(old_cwd)
