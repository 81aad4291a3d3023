# http.server, http.client and urllib against each other on loopback: a
# ThreadingHTTPServer on port 0 in a thread, then GET, POST with a body,
# errors through send_error (HTTPError), headers both ways, keep-alive
# under HTTP/1.1, chunked bodies, HEAD, redirects, bad requests and bad
# servers, and urllib.parse.
import http.client
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer

LOG = []


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format, *args):
        LOG.append(format % args)

    def reply(self, code, body, ctype="text/plain", extra=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        path, _, query = self.path.partition("?")
        if path == "/hello":
            self.reply(200, b"Hello, world!")
        elif path == "/headers":
            names = sorted(k.lower() for k in self.headers.keys())
            text = "\n".join("%s=%s" % (n, self.headers[n]) for n in names)
            self.reply(200, text.encode(), extra=[("X-Reply", "yes"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")])
        elif path == "/query":
            q = urllib.parse.parse_qs(query)
            self.reply(200, repr(sorted(q.items())).encode())
        elif path == "/redirect":
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", "/hello")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part in [b"one ", b"two ", b"three"]:
                self.wfile.write(("%x\r\n" % len(part)).encode() + part + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        elif path == "/boom":
            self.send_error(HTTPStatus.INTERNAL_SERVER_ERROR, "it broke")
        else:
            self.send_error(404)

    do_HEAD = do_GET

    def do_POST(self):
        n = int(self.headers.get("Content-Length", 0))
        data = self.rfile.read(n)
        ctype = self.headers.get("content-type")
        self.reply(201, ("got %d bytes of %s: " % (len(data), ctype)).encode() + data.upper())


class KeepAlive(Handler):
    protocol_version = "HTTP/1.1"


def serve(server_class, handler):
    server = server_class(("127.0.0.1", 0), handler)
    t = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    t.start()
    return server, t


def stop(server, t):
    server.shutdown()
    server.server_close()
    t.join(5)
    print("server stopped:", not t.is_alive())


server, t = serve(ThreadingHTTPServer, Handler)
port = server.server_port
print("port matches:", port == server.server_address[1] and port > 0)
base = "http://127.0.0.1:%d" % port

print("-- urlopen GET")
with urllib.request.urlopen(base + "/hello", timeout=5) as r:
    print(r.status, r.reason, r.getcode(), r.read())
    print(r.getheader("Content-Type"), r.headers["content-length"], r.url == base + "/hello")
    print(r.getheader("X-Missing"), r.getheader("X-Missing", "dflt"))

print("-- urlopen POST")
data = urllib.parse.urlencode({"name": "conc", "lang": "py like"}).encode()
with urllib.request.urlopen(base + "/submit", data=data, timeout=5) as r:
    print(r.status, r.read())
req = urllib.request.Request(base + "/json", data=b'{"a": 1}',
                             headers={"Content-Type": "application/json"}, method="POST")
print(req.get_method(), req.host == "127.0.0.1:%d" % port, req.selector, req.type, req.full_url == base + "/json")
with urllib.request.urlopen(req, timeout=5) as r:
    print(r.status, r.read())

print("-- headers round trip")
req = urllib.request.Request(base + "/headers", headers={"X-Custom": "value 1", "accept": "text/plain"})
with urllib.request.urlopen(req, timeout=5) as r:
    body = r.read().decode()
    for line in body.splitlines():
        if not line.startswith("host="):
            print(line)
    print(r.getheader("x-reply"), r.getheader("set-cookie"), r.headers.get_all("Set-Cookie"))
    print(sorted(k for k, v in r.getheaders() if k not in ("Date", "Server")))

print("-- query")
q = urllib.parse.urlencode([("k", "v 1"), ("k", "v&2"), ("x", "é")])
print(urllib.request.urlopen(base + "/query?" + q, timeout=5).read().decode())

print("-- errors")
for path in ["/nope", "/boom"]:
    try:
        urllib.request.urlopen(base + path, timeout=5)
    except urllib.error.HTTPError as e:
        body = e.read()
        print(e, "|", e.code, e.reason, e.headers.get_content_type(), ("Error code: %d" % e.code).encode() in body)
        print(isinstance(e, urllib.error.URLError), isinstance(e, OSError))
try:
    urllib.request.urlopen("no-scheme-here")
except ValueError as e:
    print("ValueError:", e)
try:
    urllib.request.urlopen("gopher://127.0.0.1/")
except urllib.error.URLError as e:
    print("URLError:", e)
free = socket.socket()
free.bind(("127.0.0.1", 0))
closed_port = free.getsockname()[1]
free.close()
try:
    urllib.request.urlopen("http://127.0.0.1:%d/" % closed_port, timeout=5)
except urllib.error.URLError as e:
    print("URLError:", type(e.reason).__name__, e.reason.errno)

print("-- redirect")
with urllib.request.urlopen(base + "/redirect", timeout=5) as r:
    print(r.status, r.read(), r.url == base + "/hello")

print("-- http.client over one connection (HTTP/1.0 server)")
c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
c.request("GET", "/hello")
r = c.getresponse()
print(r.status, r.version, r.will_close, r.read(), r.isclosed())
c.request("HEAD", "/hello")
r = c.getresponse()
print(r.status, r.read(), r.getheader("content-length"))
c.request("GET", "/chunked")
r = c.getresponse()
print(r.chunked, r.read(4), r.read())
c.request("POST", "/p", body="text body", headers={"Content-Type": "text/plain"})
r = c.getresponse()
print(r.status, r.read())
c.close()
stop(server, t)

print("-- keep-alive (HTTP/1.1 server)")
server, t = serve(ThreadingHTTPServer, KeepAlive)
c = http.client.HTTPConnection("127.0.0.1:%d" % server.server_port, timeout=5)
socks = set()
for i in range(4):
    c.request("GET", "/hello" if i % 2 == 0 else "/query?i=%d" % i)
    r = c.getresponse()
    socks.add(id(c.sock))
    print(r.status, r.version, r.will_close, r.read())
print("one socket for all:", len(socks) == 1 and c.sock is not None)
c.request("GET", "/chunked")
r = c.getresponse()
print(r.read(), r.will_close)
c.request("GET", "/missing")
r = c.getresponse()
print(r.status, r.will_close, len(r.read()) > 0)
c.request("GET", "/hello")
r = c.getresponse()
print("after reconnect:", r.status, r.read())
c.close()
stop(server, t)

print("-- raw requests")
server, t = serve(HTTPServer, Handler)


def raw(data):
    s = socket.create_connection(("127.0.0.1", server.server_port), timeout=5)
    s.sendall(data)
    out = b""
    while True:
        chunk = s.recv(4096)
        if not chunk:
            break
        out += chunk
    s.close()
    return out


out = raw(b"GET /hello HTTP/1.0\r\nHost: x\r\n\r\n")
i = out.find(b"\r\n\r\n")
head, body = out[:i], out[i + 4:]
lines = head.split(b"\r\n")
print(lines[0], sorted(l.split(b":")[0] for l in lines[1:]), body)
print(raw(b"BREW /pot HTTP/1.0\r\n\r\n").split(b"\r\n")[0])
print(raw(b"GET / HTTP/1.0 extra\r\n\r\n").split(b"\r\n")[0])
print(raw(b"GET / HTTP/2.0\r\n\r\n").split(b"\r\n")[0][:40])
print(raw(b"\r\n"))
stop(server, t)

print("-- bad servers")
ls = socket.socket()
ls.bind(("127.0.0.1", 0))
ls.listen()


def bad_server():
    for reply in [b"hello there\r\n", b"", b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"]:
        cs, _ = ls.accept()
        cs.recv(4096)
        cs.sendall(reply)
        cs.close()


bt = threading.Thread(target=bad_server, daemon=True)
bt.start()
for i in range(3):
    c = http.client.HTTPConnection("127.0.0.1", ls.getsockname()[1], timeout=5)
    try:
        c.request("GET", "/")
        r = c.getresponse()
        r.read()
    except http.client.HTTPException as e:
        print(type(e).__name__, repr(e), isinstance(e, ConnectionError))
    c.close()
bt.join(5)
ls.close()

print("-- urllib.parse")
u = urllib.parse.urlparse("http://user:pw@Example.COM:8080/a/b;p?q=1&r=2#frag")
print(u)
print(u.hostname, u.port, u.username, u.password, u.geturl())
s = urllib.parse.urlsplit("https://[::1]:443/x?y#z")
print(s, s.hostname, s.port)
print(urllib.parse.urlunsplit(("http", "h:1", "/p", "q=1", "")))
print(urllib.parse.quote("a b/c?d=é"), urllib.parse.quote("/x y", safe=""), urllib.parse.quote_plus("a b&c"))
print(urllib.parse.unquote("a%20b%C3%A9%zz%4"), urllib.parse.unquote_plus("x+y%2Bz"))
print(urllib.parse.urlencode({"a": 1, "b": "x y", "c": "&="}), urllib.parse.urlencode([("k", [1, 2])], doseq=True))
print(urllib.parse.parse_qs("a=1&a=2&b=x+y&c="), urllib.parse.parse_qsl("a=1&b=", keep_blank_values=True))
for rel in ["../d?x", "/z", "g", "./", "http://o/p", "#f", "?q"]:
    print(rel, "->", urllib.parse.urljoin("http://h/a/b/c", rel))
print(urllib.parse.urldefrag("http://h/p#sec"))

print("-- HTTPStatus")
print(HTTPStatus.NOT_FOUND, repr(HTTPStatus(404)), HTTPStatus.OK.phrase, HTTPStatus.OK == 200)
print(HTTPStatus.NOT_FOUND.description, http.client.responses[418], int(HTTPStatus.CREATED))
print(HTTPStatus.OK.value, HTTPStatus.OK.name, HTTPStatus.OK in (200, 204), HTTPStatus.BAD_GATEWAY >= 500)

print("-- the server's log")
for line in LOG:
    print(line)
