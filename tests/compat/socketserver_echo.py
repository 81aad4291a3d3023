# socketserver: a TCPServer handling one connection at a time, a
# ThreadingTCPServer serving several clients at once, handlers built on
# BaseRequestHandler and StreamRequestHandler, handle_request() with a
# timeout, serve_forever() stopped by shutdown(), and the servers as
# context managers.
import socket
import socketserver
import threading


class Upper(socketserver.StreamRequestHandler):
    def handle(self):
        for line in self.rfile:
            line = line.strip()
            if line == b"quit":
                self.wfile.write(b"bye\n")
                return
            self.wfile.write(line.upper() + b"\n")


class Sum(socketserver.BaseRequestHandler):
    def handle(self):
        data = b""
        while not data.endswith(b"\n"):
            chunk = self.request.recv(100)
            if not chunk:
                break
            data += chunk
        total = sum(int(x) for x in data.split())
        self.request.sendall(str(total).encode() + b"\n")
        self.server.seen.append(total)


def talk(port, lines):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        f = s.makefile("rb")
        out = []
        for line in lines:
            s.sendall(line + b"\n")
            out.append(f.readline().strip())
        return out


with socketserver.ThreadingTCPServer(("127.0.0.1", 0), Upper) as server:
    server.daemon_threads = True
    port = server.server_address[1]
    t = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    t.start()
    results = {}

    def client(i):
        results[i] = talk(port, [("hello %d" % i).encode(), b"abc", b"quit"])

    clients = [threading.Thread(target=client, args=(i,)) for i in range(10)]
    for c in clients:
        c.start()
    for c in clients:
        c.join(10)
    print(len(results), results[3])
    print(all(results[i] == [("HELLO %d" % i).encode(), b"ABC", b"bye"] for i in range(10)))
    server.shutdown()
    t.join(5)
    print("serve_forever returned:", not t.is_alive())

server = socketserver.TCPServer(("127.0.0.1", 0), Sum)
server.seen = []
server.timeout = 0.2
timeouts = []
server.handle_timeout = lambda: timeouts.append(True)
server.handle_request()
print("timed out:", timeouts)


def send_numbers():
    with socket.create_connection(server.server_address, timeout=5) as s:
        s.sendall(b"1 2 3 4\n")
        print("sum:", s.recv(100))


c = threading.Thread(target=send_numbers)
c.start()
server.handle_request()
c.join(5)
print("seen:", server.seen)
server.server_close()
print(issubclass(socketserver.ThreadingTCPServer, socketserver.TCPServer),
      issubclass(socketserver.ThreadingTCPServer, socketserver.ThreadingMixIn))
