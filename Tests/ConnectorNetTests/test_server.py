"""A small HTTP server for ConnectorNetTests, standard library only (the certificate for https
is made with the `cryptography` package, else the `openssl` command).

    python3 test_server.py MODE FOLDER

MODE is `http` (127.0.0.1), `https` (127.0.0.1, a self-signed certificate for IP 127.0.0.1
written to FOLDER/cert.pem) or `v6` (::1). It prints the port it listens on, or `unavailable:
REASON` when it cannot listen (no IPv6), and stops by itself after LIFETIME seconds.
"""
import http.server
import os
import socket
import ssl
import subprocess
import sys
import threading
import time

LIFETIME = 120

# Whole answers written as they are, then the connection closes: what http.server would not send.
RAW = {
    "/chunk-minus": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\nx\r\n0\r\n\r\n",
    "/chunk-plus": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n+5\r\nhello\r\n0\r\n\r\n",
    "/folded": b"HTTP/1.1 200 OK\r\nX-Folded: first\r\n   second\r\n\tthird \r\nX-Empty:\r\n alone\r\n"
               b"X-After: yes\r\nContent-Length: 2\r\n\r\nok",
    "/space-before-colon": b"HTTP/1.1 200 OK\r\nContent-Length : 5\r\n\r\nhello",
    "/tab-before-colon": b"HTTP/1.1 200 OK\r\nX-Tab\t: 1\r\nContent-Length: 5\r\n\r\nhello",
}

# Bodies over 16 MiB that are really sent: bytes 0, 1, … 250, 0, 1, … (ConnectorNetTests knows
# the pattern); by Content-Length, and in 17 chunks of 1,000,000 bytes.
BIG = 16 * 1024 * 1024 + 1
CHUNK, CHUNKS = 1_000_000, 17


def pattern(size):
    return (bytes(range(251)) * (size // 251 + 1))[:size]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.route()

    def do_POST(self):
        self.route()

    def do_PUT(self):
        self.route()

    def do_HEAD(self):
        self.route()

    def reply(self, status, body, headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def route(self):
        path = self.path.split("?")[0]
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if path == "/echo":
            seen = [("X-Method", self.command), ("X-Target", self.path)]
            for name in ("Host", "User-Agent", "Connection", "Content-Length", "Authorization", "Transfer-Encoding"):
                seen.append(("X-Seen-" + name, self.headers.get(name, "(none)")))
            self.reply(200, body, seen)
        elif path == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part in (b"hello, ", b"chunked ", b"world"):
                self.wfile.write(b"%x;ext=1\r\n%s\r\n" % (len(part), part))
                self.wfile.flush()
                time.sleep(0.01)
            self.wfile.write(b"0\r\nX-Trailer: yes\r\n\r\n")
        elif path == "/close":
            # HTTP/1.0 style: no length, the end of the body is the end of the connection.
            self.close_connection = True
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n")
            self.wfile.write(b"until ")
            self.wfile.flush()
            time.sleep(0.01)
            self.wfile.write(b"the end")
        elif path == "/unauthorized":
            self.reply(401, b'{"error":"invalid_token"}',
                       [("WWW-Authenticate", 'Bearer error="invalid_token"'), ("Content-Type", "application/json")])
        elif path == "/continue":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n")
            self.reply(200, b"after the interim answers")
        elif path == "/redirect":
            self.reply(302, b"", [("Location", "/echo")])
        elif path == "/cut":
            self.close_connection = True
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b")
        elif path == "/big":
            self.close_connection = True
            size = 16 * 1024 * 1024 + 1
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % size)
        elif path == "/bigclose":
            self.close_connection = True
            self.wfile.write(b"HTTP/1.1 200 OK\r\n\r\n")
            block = b"x" * 65536
            try:
                for _ in range(16 * 16 + 1):
                    self.wfile.write(block)
            except OSError:
                pass
        elif path in RAW:
            self.close_connection = True
            self.wfile.write(RAW[path])
        elif path in ("/bigbody", "/bigchunked"):
            self.close_connection = True
            try:
                if path == "/bigbody":
                    self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % BIG)
                    self.wfile.write(pattern(BIG))
                else:
                    self.wfile.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
                    body = pattern(CHUNK * CHUNKS)
                    for i in range(CHUNKS):
                        self.wfile.write(b"%x\r\n%s\r\n" % (CHUNK, body[i * CHUNK:(i + 1) * CHUNK]))
                    self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass  # the client took what it wanted and hung up
        elif path == "/silent":
            # Never answers; the client gives up first. Bounded all the same.
            time.sleep(20)
            self.close_connection = True
        else:
            self.reply(404, b"not found")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that gave up, or a refused certificate: expected here


def make_certificate(folder):
    cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    try:
        import datetime
        import ipaddress
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
    except ImportError:
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=connector-wizard test",
                        "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
        return cert, key
    private = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "connector-wizard test")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                   .public_key(private.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(minutes=5))
                   .not_valid_after(now + datetime.timedelta(days=1))
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                                  critical=False)
                   .sign(private, hashes.SHA256()))
    with open(key, "wb") as f:
        f.write(private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption()))
    with open(cert, "wb") as f:
        f.write(certificate.public_bytes(serialization.Encoding.PEM))
    return cert, key


def main():
    mode, folder = sys.argv[1], sys.argv[2]
    threading.Timer(LIFETIME, lambda: os._exit(0)).start()
    if mode == "v6":
        Server.address_family = socket.AF_INET6
    try:
        server = Server(("::1" if mode == "v6" else "127.0.0.1", 0), Handler)
    except OSError as e:
        print("unavailable:", e, flush=True)
        os._exit(0)
    if mode == "https":
        cert, key = make_certificate(folder)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    server.serve_forever()


main()
