"""The api micro: a small JSON API on Python's standard library only.

It listens on $PORT, greets people with the GREETING preset, and asks the clock micro for the
time the way Space's docs show a micro calling a sibling: https://$DETA_SPACE_APP_HOSTNAME with
X-API-Key (space-dev's proxy speaks HTTPS too, with a certificate the micro is set up to trust).
"""
import json
import os
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

GREETING = os.environ.get("GREETING", "Hello")
greeted = []  # (timestamp, name)


def clock_time():
    host = os.environ.get("DETA_SPACE_APP_HOSTNAME", "")
    request = urllib.request.Request(
        f"https://{host}/clock/now", headers={"X-API-Key": os.environ.get("DETA_API_KEY", "")}
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.load(response)["time"]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def send_json(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urlparse(self.path)
        if url.path == "/":
            self.send_json(200, {"routes": ["/health", "/greet?name=", "/time"]})
        elif url.path == "/health":
            self.send_json(200, {"ok": True, "micro": os.environ.get("DETA_SPACE_APP_MICRO_NAME")})
        elif url.path == "/greet":
            name = parse_qs(url.query).get("name", ["world"])[0]
            greeted.append((time.time(), name))
            self.send_json(200, {"greeting": f"{GREETING}, {name}!"})
        elif url.path == "/time":
            try:
                self.send_json(200, {"time": clock_time(), "source": "clock micro"})
            except OSError as error:
                self.send_json(502, {"error": f"clock micro unreachable: {error}"})
        else:
            self.send_json(404, {"error": f"no route {url.path}"})

    def do_POST(self):
        # Space delivers scheduled actions here, with the micro's path prefix already stripped.
        if urlparse(self.path).path == "/__space/v0/actions":
            length = int(self.headers.get("Content-Length", 0))
            event = json.loads(self.rfile.read(length) or b"{}").get("event", {})
            cutoff = time.time() - 86400
            greeted[:] = [g for g in greeted if g[0] >= cutoff]
            self.send_json(200, {"ran": event.get("id"), "kept": len(greeted)})
        else:
            self.send_json(404, {"error": "not found"})

    def log_message(self, fmt, *args):
        print(f"{self.command} {self.path} -> {args[1] if len(args) > 1 else ''}", flush=True)


if __name__ == "__main__":
    port = int(os.environ.get("PORT", "8080"))
    print(f"api listening on {port}", flush=True)
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
