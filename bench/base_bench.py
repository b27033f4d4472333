#!/usr/bin/env python3
"""Deta Base served by space-dev: single-item puts/s, gets/s and queries/s over keep-alive HTTPS
on loopback, with wrk (bench/proxy.sh installs it). Starts `up` on a one-micro app to get the
data service, reads its address from the log and the data key from .space/keys.
Usage: bench/base_bench.py [SECONDS] [CONNECTIONS]
SPACE_DEV_LAUNCHER=/other/checkout/bin/space-dev measures another build the same way."""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECONDS = int(sys.argv[1]) if len(sys.argv) > 1 else 10
CONNECTIONS = int(sys.argv[2]) if len(sys.argv) > 2 else 8
LAUNCHER = os.environ.get("SPACE_DEV_LAUNCHER", os.path.join(ROOT, "bin", "space-dev"))

LUA = {
    "put": """counter = 0
request = function()
  counter = counter + 1
  local body = '{"items":[{"key":"k' .. counter .. '","n":' .. counter .. ',"name":"item ' .. counter .. '"}]}'
  return wrk.format("PUT", "%(root)s/items", {["X-API-Key"]="%(key)s", ["Content-Type"]="application/json"}, body)
end""",
    "get": """counter = 0
request = function()
  counter = (counter %% 5000) + 2  -- wrk spends the first request() on a trial: k1 is never put
  return wrk.format("GET", "%(root)s/items/k" .. counter, {["X-API-Key"]="%(key)s"})
end
response = function(status, headers, body)
  if status ~= 200 then io.write("status " .. status .. " " .. body .. "\\n") end
end""",
    "query": """request = function()
  local body = '{"query":[{"n?gt":100,"name?pfx":"item 1"}],"limit":10}'
  return wrk.format("POST", "%(root)s/query", {["X-API-Key"]="%(key)s", ["Content-Type"]="application/json"}, body)
end""",
}


def main():
    tmp = tempfile.mkdtemp(prefix="base-bench-")
    os.makedirs(os.path.join(tmp, "app", "web"))
    open(os.path.join(tmp, "app", "web", "index.html"), "w").write("hi")
    open(os.path.join(tmp, "app", "Spacefile"), "w").write("v: 0\nmicros:\n  - name: web\n    src: web\n    engine: static\n    serve: .\n")
    log = open(os.path.join(tmp, "up.log"), "w")
    up = subprocess.Popen([LAUNCHER, "up", "--dir", os.path.join(tmp, "app"), "--port", "0"],
                          stdout=subprocess.PIPE, stderr=log, text=True, env=dict(os.environ, SPACE_DEV_HOME=os.path.join(tmp, "home")))
    try:
        up.stdout.readline()
        host = re.search(r"Deta Base and Drive for the micros at https://([\d.:]+)", open(os.path.join(tmp, "up.log")).read()).group(1)
        keys = open(os.path.join(tmp, "app", ".space", "keys")).read()
        key = re.search(r"DETA_PROJECT_KEY=(\S+)", keys).group(1)
        root = "/v1/" + key.split("_")[0] + "/bench"
        for op in ("put", "get", "query"):
            script = os.path.join(tmp, op + ".lua")
            open(script, "w").write(LUA[op] % {"root": root, "key": key})
            out = subprocess.run(["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", "-s", script, f"https://{host}"],
                                 capture_output=True, text=True, check=True).stdout
            rps = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
            p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)
            bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            for line in out.splitlines():
                if line.startswith("status "):
                    print("  " + line)
            print(f"{op:6s} {float(rps):9.0f}/s  p99 {p99}  non-2xx {bad.group(1) if bad else 0}")
    finally:
        up.send_signal(signal.SIGTERM)
        up.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
