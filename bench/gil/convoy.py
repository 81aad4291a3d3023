# Measurement 4: the convoy effect (CPython bpo-7946). An I/O-bound thread
# (the main thread) does ROUNDS short blocking round trips -- sleep 0.5 ms,
# then a little work on the "reply" -- first alone, then beside a thread
# spinning on CPU work (or in the other order). Under CPython's GIL each
# return from the blocking call waits for the spinner to give up the GIL,
# up to a whole switch interval (5 ms), so the I/O loop slows down ~10x.
#
#   python3 bench/gil/convoy.py alone,spin|spin,alone [ROUNDS]
#
# Prints "alone <seconds>", "spin <seconds>" and "spins <n>" (the spinner's
# progress: it must not be starved either). Under conc it also prints
# "alone_gil_wait_s" / "spin_gil_wait_s": the time the I/O thread spent
# waiting for the GIL during each loop (sys.gil_stats()).
import sys, time, threading

SLEEP = 0.0005

def gil_wait():
    if hasattr(sys, "gil_stats"):
        return sys.gil_stats()["MainThread"]["waiting"]
    return None

def io_loop(rounds):
    total = 0
    wait0 = gil_wait()
    start = time.perf_counter()
    for r in range(rounds):
        time.sleep(SLEEP)          # the blocking round trip
        reply = [r, r + 1, r + 2]  # a little work on the reply
        for x in reply:
            total += x
    elapsed = time.perf_counter() - start
    wait1 = gil_wait()
    io_loop.gil_wait = None if wait0 is None else wait1 - wait0
    return elapsed, total

def spinner(stop, started, progress):
    started.append(True)
    n = 0
    while not stop:
        n += 1
    progress.append(n)

def beside_spinner(rounds):
    stop = []
    started = []
    progress = []
    t = threading.Thread(target=spinner, args=(stop, started, progress))
    t.start()
    while not started:
        time.sleep(0.001)
    time.sleep(0.02)  # let the spinner hold the GIL
    elapsed, total = io_loop(rounds)
    stop.append(True)
    t.join()
    return elapsed, total, progress[0]

def main():
    order = (sys.argv[1] if len(sys.argv) > 1 else "alone,spin").split(",")
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    io_loop(10)  # warm up
    for what in order:
        if what == "alone":
            elapsed, total = io_loop(rounds)
            print("alone", elapsed)
            if io_loop.gil_wait is not None:
                print("alone_gil_wait_s", io_loop.gil_wait)
        elif what == "spin":
            elapsed, total, spins = beside_spinner(rounds)
            print("spin", elapsed)
            print("spins", spins)
            if io_loop.gil_wait is not None:
                print("spin_gil_wait_s", io_loop.gil_wait)
        else:
            raise SystemExit("order items must be alone or spin")
    print("checksum", total)

main()
