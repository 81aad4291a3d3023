# The convoy effect over real sockets: the main thread does ROUNDS round
# trips to an echo server in another process (each answered after about
# 0.5 ms), first alone, then beside a thread spinning on CPU work. Under
# CPython's GIL every reply waits for the spinner to give the GIL back (up
# to a switch interval), so the loop slows by 10-100x; conc gives a thread
# returning from a blocking call the GIL at once.
#
#   python3 bench/gil/socket_convoy.py [ROUNDS]      (also: conc ...)
#
# Prints the seconds alone and beside the spinner, and the ratio.
import multiprocessing as mp
import socket
import sys
import threading
import time


def echo_server(port_queue):
    srv = socket.create_server(("127.0.0.1", 0))
    port_queue.put(srv.getsockname()[1])
    conn, _ = srv.accept()
    while True:
        data = conn.recv(64)
        if not data:
            break
        time.sleep(0.0005)
        conn.sendall(data)


def round_trips(sock, rounds):
    start = time.perf_counter()
    for i in range(rounds):
        sock.sendall(b"ping")
        sock.recv(64)
    return time.perf_counter() - start


def spin(stop, progress):
    n = 0
    while not stop:
        n += 1
    progress.append(n)


if __name__ == "__main__":
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    q = mp.Queue()
    server = mp.Process(target=echo_server, args=(q,), daemon=True)
    server.start()
    port = q.get(timeout=30)
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    round_trips(sock, 20)
    alone = round_trips(sock, rounds)
    stop = []
    progress = []
    t = threading.Thread(target=spin, args=(stop, progress))
    t.start()
    time.sleep(0.05)
    beside = round_trips(sock, rounds)
    stop.append(True)
    t.join()
    sock.close()
    server.join(10)
    print("alone %.3f s, beside a CPU thread %.3f s, slowdown x%.1f, spinner %d loops"
          % (alone, beside, beside / alone, progress[0]))
