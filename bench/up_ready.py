#!/usr/bin/env python3
"""Time from `space-dev up` to a ready app, against the micros' own start.

For the example app (examples/hello-space), in alternating rounds:
  own:  each micro's command started directly (as `sh -c` with PORT set), until its first 200;
        the slowest of them is the app's floor
  warm: `bin/space-dev up` launched (JVM start included), until every micro answers 200 through
        the proxy; also when the ready URL appeared on stdout
  first: the same with a fresh SPACE_DEV_HOME, as on a new machine or CI runner (no local CA yet)
Prints each round and the medians. Usage: bench/up_ready.py [ROUNDS]
SPACE_DEV_LAUNCHER=/other/checkout/bin/space-dev measures another build the same way.
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
LAUNCHER = os.environ.get("SPACE_DEV_LAUNCHER", os.path.join(ROOT, "bin", "space-dev"))
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


def up_start(app, home=None):
    port = free_port()
    env = dict(os.environ, SPACE_DEV_HOME=home) if home else None
    t0 = time.monotonic()
    p = subprocess.Popen([LAUNCHER, "up", "--no-auth", "--dir", app, "--port", str(port)],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
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
        own, url, served, first = [], [], [], []
        for i in range(rounds):
            own.append(own_start(app))
            u, s = up_start(app)
            url.append(u)
            served.append(s)
            home = tempfile.mkdtemp(dir=tmp, prefix="home-")
            first.append(up_start(app, home)[1])
            print(f"round {i + 1}: micros' own start {own[-1] * 1000:.0f} ms; up: URL printed {u * 1000:.0f} ms,"
                  f" every micro answering through the proxy {s * 1000:.0f} ms; first run {first[-1] * 1000:.0f} ms")
        m = {k: statistics.median(v) * 1000 for k, v in (("own", own), ("url", url), ("served", served), ("first", first))}
        print(f"median: micros' own start {m['own']:.0f} ms; up URL {m['url']:.0f} ms; up serving {m['served']:.0f} ms"
              f" (+{m['served'] - m['own']:.0f} ms over the micros); first run serving {m['first']:.0f} ms"
              f" (+{m['first'] - m['own']:.0f} ms)")


if __name__ == "__main__":
    main()
