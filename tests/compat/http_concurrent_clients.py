# Many clients at once against a ThreadingHTTPServer: 24 threads calling
# urlopen, then a ThreadPoolExecutor, then 20 threads each keeping one
# HTTP/1.1 connection for several requests. The handler counts the
# requests in flight and waits (up to a timeout) until a second one has
# arrived, so a server or clients that did not work in parallel would show
# a peak of 1 instead of a slow run; no wall time is asserted. Every wait
# is bounded by a timeout.
import http.client
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DELAY = 0.1


class Slow(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        global inflight, peak
        with flight:
            inflight += 1
            peak = max(peak, inflight)
            flight.notify_all()
            # Only until the phase has seen two at once.
            flight.wait_for(lambda: peak >= 2, timeout=DELAY * 20)
        time.sleep(DELAY)
        with flight:
            inflight -= 1
        n = int(self.path.rsplit("/", 1)[1])
        body = ("%d squared is %d" % (n, n * n)).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


inflight = 0
peak = 0
flight = threading.Condition()


class Server(ThreadingHTTPServer):
    request_queue_size = 128


server = Server(("127.0.0.1", 0), Slow)
st = threading.Thread(target=server.serve_forever, daemon=True)
st.start()
base = "http://127.0.0.1:%d/item/" % server.server_port


def fetch(n):
    with urllib.request.urlopen(base + str(n), timeout=10) as r:
        return r.status, r.read().decode()


def expected(n):
    return (200, "%d squared is %d" % (n, n * n))


# 24 threads, one request each
N = 24
results = {}
lock = threading.Lock()


def worker(n):
    try:
        res = fetch(n)
    except Exception as e:
        res = ("error", repr(e))
    with lock:
        results[n] = res


threads = [threading.Thread(target=worker, args=(n,)) for n in range(N)]
for t in threads:
    t.start()
for t in threads:
    t.join(20)
print("threads finished:", sum(not t.is_alive() for t in threads), "of", N)
print("answers:", len(results))
print("all correct:", all(results.get(n) == expected(n) for n in range(N)))
print("sample:", results.get(7))
print("in parallel:", peak >= 2)
peak = 0

# a thread pool: 24 requests on 8 workers
with ThreadPoolExecutor(max_workers=8) as pool:
    pooled = list(pool.map(fetch, range(N), timeout=20))
print("pool correct:", pooled == [expected(n) for n in range(N)])
print("pool in parallel:", peak >= 2)

# 20 threads, each with one keep-alive connection for 3 requests
K = 20
kept = {}


def keep_alive(k):
    c = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=10)
    got = []
    socks = set()
    try:
        for i in range(3):
            n = k * 10 + i
            c.request("GET", "/item/%d" % n)
            r = c.getresponse()
            got.append((r.status, r.read().decode()) == expected(n))
            socks.add(id(c.sock))
    except Exception as e:
        got.append(repr(e))
    finally:
        c.close()
    with lock:
        kept[k] = (got, len(socks))


threads = [threading.Thread(target=keep_alive, args=(k,)) for k in range(K)]
for t in threads:
    t.start()
for t in threads:
    t.join(30)
print("keep-alive answers:", sum(len(v[0]) for v in kept.values()))
print("keep-alive correct:", all(v == ([True] * 3, 1) for v in kept.values()) and len(kept) == K)

server.shutdown()
server.server_close()
st.join(5)
print("server stopped:", not st.is_alive())
