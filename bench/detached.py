#!/usr/bin/env python3
"""Time `space-dev up -d` until it returns (every micro ready), and `space-dev down` until it returns.

For the example app (examples/hello-space, copied to a temp dir), ROUNDS times:
  detach: `bin/space-dev up -d --no-auth` launched (two JVM starts: the command and the app it
          starts in the background) until it exits 0 with the URL; the URL is then probed once
          through the proxy (it must answer 200 at once)
  down:   `bin/space-dev down` until it exits 0 (every micro's tree ended, the lock released)
Prints each round and the medians. Usage: bench/detached.py [ROUNDS]
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(ROOT, "examples", "hello-space")
LAUNCHER = os.environ.get("SPACE_DEV_LAUNCHER", os.path.join(ROOT, "bin", "space-dev"))


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    work = tempfile.mkdtemp(prefix="space-dev-detached-")
    app = os.path.join(work, "app")
    shutil.copytree(EXAMPLE, app, ignore=shutil.ignore_patterns(".space"))
    ups, downs = [], []
    try:
        for i in range(rounds):
            t0 = time.monotonic()
            up = subprocess.run([LAUNCHER, "up", "-d", "--no-auth", "--dir", app], capture_output=True, text=True, timeout=120)
            ready = time.monotonic() - t0
            if up.returncode != 0:
                raise SystemExit("up -d failed:\n" + up.stderr)
            url = up.stdout.strip()
            with urllib.request.urlopen(url + "/api/health", timeout=5) as r:
                assert r.status == 200, r.status
            t1 = time.monotonic()
            down = subprocess.run([LAUNCHER, "down", "--dir", app], capture_output=True, text=True, timeout=60)
            stopped = time.monotonic() - t1
            if down.returncode != 0:
                raise SystemExit("down failed:\n" + down.stderr)
            ups.append(ready)
            downs.append(stopped)
            print(f"round {i + 1}: up -d returned ready in {ready * 1000:.0f} ms, down in {stopped * 1000:.0f} ms", flush=True)
        print(f"median: up -d {statistics.median(ups) * 1000:.0f} ms (min {min(ups) * 1000:.0f}, max {max(ups) * 1000:.0f}),"
              f" down {statistics.median(downs) * 1000:.0f} ms (min {min(downs) * 1000:.0f}, max {max(downs) * 1000:.0f})")
    finally:
        subprocess.run([LAUNCHER, "down", "--dir", app], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
