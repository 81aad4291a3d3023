# Measurement 3: wake-up latency. The main thread sleeps 1 ms, ITER times,
# and records how late each sleep returns (perf_counter after minus before,
# minus the 1 ms asked). With "spin", another thread spins on CPU work
# meanwhile, so the sleeper must get the GIL back from it after each sleep;
# "alone" is the baseline (the OS timer's own overshoot).
#
#   python3 bench/gil/wakeup.py alone|spin [ITER]
#
# Prints "late_us <v1> <v2> ..." (microseconds, one per sleep) and
# "spins <n>" (how far the spinner got: it must make progress). Under conc
# it also prints "gil_wait_s <s>": the time the sleeper spent waiting for
# the GIL over the whole loop (sys.gil_stats(); CPython has no such thing),
# which separates the GIL's share of the delay from the OS scheduler's.
import sys, time, threading

SLEEP = 0.001

def spinner(stop, progress):
    n = 0
    while not stop:
        n += 1
    progress.append(n)

def gil_wait():
    if hasattr(sys, "gil_stats"):
        return sys.gil_stats()["MainThread"]["waiting"]
    return None

def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "spin"
    iters = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    stop = []
    progress = []
    t = None
    if mode == "spin":
        t = threading.Thread(target=spinner, args=(stop, progress))
        t.start()
        time.sleep(0.02)  # let the spinner get going and hold the GIL
    elif mode != "alone":
        raise SystemExit("mode must be alone or spin")
    late = []
    wait0 = gil_wait()
    pc = time.perf_counter
    sl = time.sleep
    for _ in range(iters):
        t0 = pc()
        sl(SLEEP)
        late.append(pc() - t0 - SLEEP)
    wait1 = gil_wait()
    stop.append(True)
    if t is not None:
        t.join()
    print("late_us " + " ".join(str(int(x * 1e6)) for x in late))
    print("spins", progress[0] if progress else 0)
    if wait0 is not None:
        print("gil_wait_s", wait1 - wait0)

main()
