# Timeouts and notifications with signals: signal.alarm turns a slow step
# into a TimeoutError, SIGUSR1 counts "reload" requests, SIG_IGN ignores a
# signal, and Ctrl-C (SIGINT) stays KeyboardInterrupt by default.
import os
import signal
import time


class Timeout(Exception):
    pass


def on_alarm(signum, frame):
    raise Timeout(f"step took too long (signal {signum})")


reloads = []


def on_reload(signum, frame):
    reloads.append(signal.Signals(signum).name)


def slow_step(seconds):
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        n += 1
    return n


def with_timeout(seconds, fn, *args):
    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        fn(*args)
        return "finished"
    except Timeout as e:
        return f"timed out: {e}"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def main():
    print("names:", signal.SIGINT.name, signal.SIGTERM.name, signal.Signals(10).name, int(signal.SIGALRM))
    print("defaults:", signal.getsignal(signal.SIGUSR1) is signal.SIG_DFL,
          signal.getsignal(signal.SIGINT) is signal.default_int_handler, int(signal.SIG_IGN))
    print("busy loop:", with_timeout(1, slow_step, 30))
    print("sleep:", with_timeout(1, time.sleep, 30))
    print("quick step:", with_timeout(5, slow_step, 0.01))
    print("alarm cleared:", signal.alarm(0))

    previous = signal.signal(signal.SIGUSR1, on_reload)
    print("previous handler is SIG_DFL:", previous is signal.SIG_DFL, signal.getsignal(signal.SIGUSR1) is on_reload)
    for _ in range(3):
        os.kill(os.getpid(), signal.SIGUSR1)
        time.sleep(0.2)
    signal.raise_signal(signal.SIGUSR1)
    time.sleep(0.2)
    print("reloads:", reloads)

    signal.signal(signal.SIGUSR2, signal.SIG_IGN)
    os.kill(os.getpid(), signal.SIGUSR2)
    time.sleep(0.2)
    print("SIGUSR2 ignored, still running; handler:", signal.getsignal(signal.SIGUSR2))

    # a handler that returns lets an interrupted sleep go on to its end
    signal.signal(signal.SIGALRM, lambda s, f: reloads.append("alarm"))
    signal.alarm(1)
    start = time.monotonic()
    time.sleep(1.5)
    print("sleep resumed after handler:", time.monotonic() - start >= 1.4, reloads[-1])

    try:
        signal.raise_signal(signal.SIGINT)
        time.sleep(1)
        print("not interrupted")
    except KeyboardInterrupt:
        print("KeyboardInterrupt from SIGINT")
    for call in [lambda: signal.signal(signal.SIGKILL, on_reload), lambda: signal.signal(signal.SIGUSR1, 42),
                 lambda: signal.signal(0, signal.SIG_DFL), lambda: signal.getsignal(99)]:
        try:
            call()
        except (OSError, TypeError, ValueError) as e:
            print(f"  {type(e).__name__}: {e}")


main()
