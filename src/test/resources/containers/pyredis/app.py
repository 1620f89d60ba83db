# Counts its visits in the app's redis resource (CACHE_URL), speaking RESP over a socket: the
# standard library only, as a test needs no package index.
import os, signal, socket, sys
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlparse

signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))

def command(*args):
    url = urlparse(os.environ["CACHE_URL"])
    with socket.create_connection((url.hostname, url.port), timeout=5) as s:
        f = s.makefile("rb")
        def send(*words):
            s.sendall(b"*%d\r\n" % len(words) + b"".join(b"$%d\r\n%s\r\n" % (len(w), w) for w in (x.encode() for x in words)))
            line = f.readline()
            if line.startswith(b"-"):
                raise RuntimeError(line.decode().strip())
            return line.decode().strip()
        if url.password:
            send("AUTH", url.username or "default", url.password)
        return send(*args)

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        try:
            body = "visit %s, python %s, redis at %s\n" % (command("INCR", "visits")[1:], sys.version.split()[0], urlparse(os.environ["CACHE_URL"]).hostname)
            status = 200
        except Exception as e:
            body, status = "redis failed: %s\n" % e, 502
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body.encode())

print("web listening on", os.environ["PORT"], flush=True)
HTTPServer(("0.0.0.0", int(os.environ["PORT"])), Handler).serve_forever()
