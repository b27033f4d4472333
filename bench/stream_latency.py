#!/usr/bin/env python3
"""Streaming through the proxy: how long until the first SSE event arrives, and a WebSocket
handshake plus one echo, each directly against the micro and through `space-dev up`.
Medians over N tries. Usage: bench/stream_latency.py [TRIES]"""
import base64
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRIES = int(sys.argv[1]) if len(sys.argv) > 1 else 20


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def first_sse_event(port):
    t0 = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(b"GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
        data = b""
        while b"data: first" not in data:
            chunk = s.recv(4096)
            if not chunk:
                raise RuntimeError("closed before the first event")
            data += chunk
    return time.monotonic() - t0


def websocket_echo(port):
    t0 = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        key = base64.b64encode(os.urandom(16)).decode()
        s.sendall(f"GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += s.recv(4096)
        assert head.startswith(b"HTTP/1.1 101"), head
        mask = os.urandom(4)
        payload = b"ping"
        s.sendall(bytes([0x81, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
        reply = head.split(b"\r\n\r\n", 1)[1]
        while len(reply) < 2 + len(payload):
            reply += s.recv(4096)
        assert reply[2:6] == b"ping", reply
    return time.monotonic() - t0


def main():
    tmp = tempfile.mkdtemp(prefix="stream-bench-")
    app = os.path.join(tmp, "app")
    shutil.copytree(os.path.join(ROOT, "bench", "stream-node"), app)
    port = free_port()
    up = subprocess.Popen([os.path.join(ROOT, "bin", "space-dev"), "up", "--no-auth", "--dir", app, "--port", str(port)],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        up.stdout.readline()
        micro = int(open(os.path.join(app, ".space", "micros", "streams.port")).read())
        for _ in range(5):  # warm-up
            first_sse_event(port), websocket_echo(port)
        rows = []
        for name, target in (("micro directly", micro), ("through space-dev", port)):
            sse = statistics.median(first_sse_event(target) for _ in range(TRIES))
            ws = statistics.median(websocket_echo(target) for _ in range(TRIES))
            rows.append((name, sse, ws))
        print(f"medians of {TRIES}:")
        print("| | first SSE event | WebSocket handshake + echo |")
        print("|---|---|---|")
        for name, sse, ws in rows:
            print(f"| {name} | {sse * 1000:.2f} ms | {ws * 1000:.2f} ms |")
    finally:
        up.send_signal(signal.SIGTERM)
        up.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
