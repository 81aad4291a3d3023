# The process module's costs, measured from inside one program that runs
# unchanged under conc and CPython (bench/processes/run puts them side by
# side). Argument: the start method ("spawn", or "fork" for CPython).
import sys
import time
import multiprocessing as mp


def nothing():
    pass


def trivial(x):
    return x


def echo(conn, n):
    for _ in range(n):
        conn.send(conn.recv())


def produce(q, n):
    for i in range(n):
        q.put(i)
    q.put(None)


def heavy(n):
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def start_join(ctx):
    times = []
    for _ in range(15):
        t = time.perf_counter()
        p = ctx.Process(target=nothing)
        p.start()
        p.join()
        times.append(time.perf_counter() - t)
    return median(times) * 1000


def pool_map(ctx):
    times = []
    for _ in range(5):
        t = time.perf_counter()
        with ctx.Pool(2) as pool:
            pool.map(trivial, range(1000))
        times.append(time.perf_counter() - t)
    return median(times) * 1000


def pipe_round_trips(ctx):
    n = 20000
    a, b = ctx.Pipe()
    p = ctx.Process(target=echo, args=(b, n))
    p.start()
    a.send(0)
    a.recv()
    t = time.perf_counter()
    for i in range(n - 1):
        a.send(i)
        a.recv()
    dt = time.perf_counter() - t
    p.join()
    return (n - 1) / dt


def queue_throughput(ctx):
    n = 50000
    q = ctx.Queue()
    p = ctx.Process(target=produce, args=(q, n))
    t = time.perf_counter()
    p.start()
    while q.get() is not None:
        pass
    dt = time.perf_counter() - t
    p.join()
    return n / dt


def cpu_speedup(ctx):
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 3_000_000
    t = time.perf_counter()
    heavy(n)
    heavy(n)
    seq = time.perf_counter() - t
    t = time.perf_counter()
    ps = [ctx.Process(target=heavy, args=(n,)) for _ in range(2)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    par = time.perf_counter() - t
    return seq / par


if __name__ == "__main__":
    ctx = mp.get_context(sys.argv[1] if len(sys.argv) > 1 else "spawn")
    print("start_join_ms %.2f" % start_join(ctx))
    print("pool2_map1000_ms %.1f" % pool_map(ctx))
    print("pipe_round_trips_per_s %.0f" % pipe_round_trips(ctx))
    print("queue_items_per_s %.0f" % queue_throughput(ctx))
    print("cpu_2proc_speedup %.2f" % cpu_speedup(ctx))
