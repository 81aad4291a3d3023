"""concurrent.futures as tutorials use it: a thread pool for checks and
downloads-like jobs, map, as_completed, wait, callbacks, errors and
cancellation. Every wait has a timeout; the output is deterministic."""
import concurrent.futures
from concurrent.futures import (ThreadPoolExecutor, Future, as_completed, wait,
                                FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED)
from concurrent.futures.thread import BrokenThreadPool
import threading
import time


def is_prime(n):
    if n < 2:
        return False
    k = 2
    while k * k <= n:
        if n % k == 0:
            return False
        k += 1
    return True


def fetch(name, delay=0.0):
    time.sleep(delay)
    if name.startswith("bad"):
        raise ConnectionError("cannot reach %s" % name)
    return "%s:%d" % (name, len(name))


def main():
    numbers = [1000000007, 17, 1000003, 999999, 2 ** 31 - 1, 4]
    with ThreadPoolExecutor(max_workers=4) as pool:
        for n, prime in zip(numbers, pool.map(is_prime, numbers, timeout=60)):
            print("%d is prime: %s" % (n, prime))

    names = ["alpha", "beta", "bad-host", "gamma", "delta"]
    results, errors = {}, {}
    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="fetcher") as pool:
        future_to_name = {pool.submit(fetch, name, 0.01): name for name in names}
        for future in as_completed(future_to_name, timeout=60):
            name = future_to_name[future]
            try:
                results[name] = future.result()
            except ConnectionError as exc:
                errors[name] = str(exc)
    print(sorted(results.items()))
    print(errors)

    # Callbacks run in the thread that completes the future, or at once.
    log = []
    lock = threading.Lock()
    def record(fut):
        with lock:
            log.append(fut.result())
    with ThreadPoolExecutor(2) as pool:
        fs = [pool.submit(pow, 3, k) for k in range(6)]
        for f in fs:
            f.add_done_callback(record)
        wait(fs, timeout=60)
    fs[0].add_done_callback(record)
    print(sorted(log), len(log))

    # wait() with each return_when.
    release = threading.Event()
    with ThreadPoolExecutor(3) as pool:
        blocked = pool.submit(release.wait, 60)
        quick = pool.submit(sum, [1, 2, 3])
        done, not_done = wait([blocked, quick], timeout=60, return_when=FIRST_COMPLETED)
        print("first completed:", [f.result() for f in done], len(not_done))
        failing = pool.submit(fetch, "bad-one")
        done, not_done = wait([blocked, failing], timeout=60, return_when=FIRST_EXCEPTION)
        print("first exception:", [type(f.exception()).__name__ for f in done], len(not_done))
        done, not_done = wait([blocked], timeout=0.01, return_when=ALL_COMPLETED)
        print("timed out:", len(done), len(not_done), blocked.running())
        release.set()
        result = wait([blocked, quick, failing], timeout=60)
        print("all completed:", len(result.done), len(result.not_done), blocked.result())

    # Timeouts surface as TimeoutError.
    gate = threading.Event()
    with ThreadPoolExecutor(1) as pool:
        slow = pool.submit(gate.wait, 60)
        try:
            slow.result(timeout=0.01)
        except concurrent.futures.TimeoutError:
            print("result timed out; builtin:", concurrent.futures.TimeoutError is TimeoutError)
        gate.set()
        print("slow returned", slow.result(timeout=60))

    # Cancelling: only futures that have not started can be cancelled.
    gate = threading.Event()
    pool = ThreadPoolExecutor(1)
    running = pool.submit(gate.wait, 60)
    queued = [pool.submit(pow, 2, k) for k in range(3)]
    deadline = time.monotonic() + 60
    while not running.running() and time.monotonic() < deadline:
        time.sleep(0.001)
    print("cancel running:", running.cancel(), "cancel queued:", queued[0].cancel())
    gate.set()
    print([f.result(timeout=60) for f in queued[1:]], queued[0].cancelled())
    try:
        queued[0].result(timeout=60)
    except concurrent.futures.CancelledError:
        print("CancelledError")
    pool.shutdown(wait=True)
    try:
        pool.submit(pow, 2, 2)
    except RuntimeError as exc:
        print("after shutdown:", exc)

    # shutdown(cancel_futures=True)
    gate = threading.Event()
    pool = ThreadPoolExecutor(1)
    first = pool.submit(gate.wait, 60)
    rest = [pool.submit(pow, 2, k) for k in range(4)]
    deadline = time.monotonic() + 60
    while not first.running() and time.monotonic() < deadline:
        time.sleep(0.001)
    pool.shutdown(wait=False, cancel_futures=True)
    gate.set()
    print("cancel_futures:", first.result(timeout=60), [f.cancelled() for f in rest])

    # A Future used by hand, between two threads.
    box = Future()
    def producer():
        time.sleep(0.01)
        if box.set_running_or_notify_cancel():
            box.set_result({"answer": 42})
    t = threading.Thread(target=producer)
    t.start()
    print(box.result(timeout=60))
    t.join(60)
    try:
        box.set_result(0)
    except concurrent.futures.InvalidStateError:
        print("InvalidStateError")

    # The initializer runs once per worker; a failing one breaks the pool.
    seen = []
    def init(tag):
        seen.append(tag)
    with ThreadPoolExecutor(1, initializer=init, initargs=("ready",)) as pool:
        print(pool.submit(str.upper, "hi").result(timeout=60), seen)
    def bad_init():
        raise OSError("no config")
    pool = ThreadPoolExecutor(1, initializer=bad_init)
    try:
        pool.submit(str.upper, "hi").result(timeout=60)
    except BrokenThreadPool as exc:
        print("BrokenThreadPool:", exc)
    pool.shutdown()
    print(issubclass(BrokenThreadPool, concurrent.futures.BrokenExecutor))

    # map raises the first failing call's exception when its turn comes.
    with ThreadPoolExecutor(2) as pool:
        out = []
        try:
            for r in pool.map(fetch, ["one", "bad-two", "three"], timeout=60):
                out.append(r)
        except ConnectionError as exc:
            print(out, exc)


main()
