#!/usr/bin/env python3
"""Time from `space-dev up` to a ready app, against the micros' own start.

For the example app (examples/hello-space), in alternating rounds:
  own:  each micro's command started directly (as `sh -c` with PORT set), until its first 200;
        the slowest of them is the app's floor
  up:   `bin/space-dev up` launched (JVM start included), until every micro answers 200 through
        the proxy; also when the ready URL appeared on stdout
Prints each round and the medians. Usage: bench/up_ready.py [ROUNDS]
"""
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(ROOT, "examples", "hello-space")
MICROS = [("api", "python3 main.py", "/health"), ("clock", "node index.js", "/now")]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_200(url, deadline):
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200:
                    return time.monotonic()
        except OSError:
            time.sleep(0.005)
    raise TimeoutError(url)


def own_start(app):
    times = []
    for name, command, probe in MICROS:
        port = free_port()
        env = dict(os.environ, PORT=str(port), DETA_SPACE_APP_HOSTNAME="127.0.0.1:1")
        t0 = time.monotonic()
        p = subprocess.Popen(["sh", "-c", command], cwd=os.path.join(app, name), env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            times.append(wait_200(f"http://127.0.0.1:{port}{probe}", t0 + 30) - t0)
        finally:
            os.killpg(p.pid, signal.SIGTERM)
            p.wait()
    return max(times)


def up_start(app):
    port = free_port()
    t0 = time.monotonic()
    p = subprocess.Popen([os.path.join(ROOT, "bin", "space-dev"), "up", "--no-auth", "--dir", app, "--port", str(port)],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        p.stdout.readline()
        url_at = time.monotonic() - t0
        for _, _, probe in MICROS:
            wait_200(f"http://127.0.0.1:{port}/{'api' if probe == '/health' else 'clock'}{probe}", t0 + 60)
        served_at = time.monotonic() - t0
        return url_at, served_at
    finally:
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=30)


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    with tempfile.TemporaryDirectory() as tmp:
        app = os.path.join(tmp, "hello-space")
        shutil.copytree(EXAMPLE, app, ignore=shutil.ignore_patterns(".space"))
        up_start(app)  # warm-up: writes the CDS archive after a fresh build
        own, url, served = [], [], []
        for i in range(rounds):
            own.append(own_start(app))
            u, s = up_start(app)
            url.append(u)
            served.append(s)
            print(f"round {i + 1}: micros' own start {own[-1] * 1000:.0f} ms; up: URL printed {u * 1000:.0f} ms,"
                  f" every micro answering through the proxy {s * 1000:.0f} ms")
        print(f"median: micros' own start {statistics.median(own) * 1000:.0f} ms;"
              f" up URL {statistics.median(url) * 1000:.0f} ms; up serving {statistics.median(served) * 1000:.0f} ms;"
              f" overhead over the micros {(statistics.median(served) - statistics.median(own)) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
