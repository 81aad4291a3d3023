# Measurement 1: two CPU-bound pieces of work, one after the other ("seq")
# or in two threads at once ("threads").
#
#   python3 bench/gil/cpu.py seq|threads [N]
#
# Prints "elapsed <seconds>" (wall time of the work only, perf_counter) and a
# checksum line that must be the same in both modes and both interpreters.
import sys, time, threading

K = 2

def heavy(n, out, k):
    total = 0
    for i in range(n):
        total += i * i % 7
    out[k] = total

def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "seq"
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1500000
    heavy(n // 20, [0], 0)  # warm up
    out = [0] * K
    start = time.perf_counter()
    if mode == "seq":
        for k in range(K):
            heavy(n, out, k)
    elif mode == "threads":
        ts = [threading.Thread(target=heavy, args=(n, out, k)) for k in range(K)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
    else:
        raise SystemExit("mode must be seq or threads")
    elapsed = time.perf_counter() - start
    print("checksum", sum(out))
    print("elapsed", elapsed)

main()
