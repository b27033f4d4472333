#!/usr/bin/env python3
"""Deta Base served by space-dev: single-item puts/s, gets/s and queries/s over keep-alive HTTPS
on loopback, with wrk (bench/proxy.sh installs it). Starts `up` on a one-micro app to get the
data service, reads its address from the log and the data key from .space/keys.
Usage: bench/base_bench.py [SECONDS] [CONNECTIONS]
SPACE_DEV_LAUNCHER=/other/checkout/bin/space-dev measures another build the same way.
BENCH_BACKENDS=sqlite,postgres1,postgres2 (the default) measures the embedded store, one `up` on
PostgreSQL (--data-url; a server of its own from scripts/postgres.sh, PostgreSQL's defaults, fsync
on), and two `up` sharing that database with the connections split between them (rates summed);
postgres1-async is postgres1 with synchronous_commit=off on its database, SQLite's trade (a commit
is not flushed before it is answered)."""
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
  local body = '{"items":[{"key":"k' .. counter .. '","n":' .. counter .. ',"name":"item ' .. counter .. '","group":"g' .. (counter %% 100) .. '"}]}'
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
    "query-eq": """counter = 0
request = function()
  counter = counter + 1
  local body = '{"query":[{"group":"g' .. (counter %% 100) .. '"}],"limit":10}'
  return wrk.format("POST", "%(root)s/query", {["X-API-Key"]="%(key)s", ["Content-Type"]="application/json"}, body)
end""",
}


def start_up(tmp, name, data_url):
    app = os.path.join(tmp, name)
    os.makedirs(os.path.join(app, "web"))
    open(os.path.join(app, "web", "index.html"), "w").write("hi")
    open(os.path.join(app, "Spacefile"), "w").write("v: 0\nmicros:\n  - name: web\n    src: web\n    engine: static\n    serve: .\n")
    log_path = os.path.join(tmp, name + ".log")
    args = [LAUNCHER, "up", "--dir", app, "--port", "0"] + (["--data-url", data_url] if data_url else [])
    up = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=open(log_path, "w"), text=True,
                          env=dict(os.environ, SPACE_DEV_HOME=os.path.join(tmp, "home")))
    up.stdout.readline()
    host = re.search(r"Deta Base and Drive for the micros at https://([\d.:]+)", open(log_path).read()).group(1)
    key = re.search(r"DETA_PROJECT_KEY=(\S+)", open(os.path.join(app, ".space", "keys")).read()).group(1)
    return up, host, key


def wrk(tmp, op, host, key, connections):
    script = os.path.join(tmp, f"{op}-{host.replace(':', '_')}.lua")
    open(script, "w").write(LUA[op] % {"root": "/v1/" + key.split("_")[0] + "/bench", "key": key})
    return subprocess.Popen(["wrk", "-t1", f"-c{connections}", f"-d{SECONDS}s", "--latency", "-s", script, f"https://{host}"],
                            stdout=subprocess.PIPE, text=True)


def measure(tmp, backend, data_url):
    ups = [start_up(tmp, f"{backend}-{i}", data_url) for i in range(2 if backend.startswith("postgres2") else 1)]
    try:
        for op in ("put", "get", "query", "query-eq"):
            runs = [wrk(tmp, op, host, key, max(1, CONNECTIONS // len(ups))) for _, host, key in ups]
            total, p99s, bad = 0.0, [], 0
            for run in runs:
                out = run.communicate()[0]
                total += float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
                p99s.append(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
                found = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
                bad += int(found.group(1)) if found else 0
                for line in out.splitlines():
                    if line.startswith("status "):
                        print("  " + line)
            print(f"{backend:9s} {op:8s} {total:9.0f}/s  p99 {' '.join(p99s)}  non-2xx {bad}", flush=True)
    finally:
        for up, _, _ in ups:
            up.send_signal(signal.SIGTERM)
            up.wait(timeout=30)


def main():
    tmp = tempfile.mkdtemp(prefix="base-bench-")
    backends = os.environ.get("BENCH_BACKENDS", "sqlite,postgres1,postgres2").split(",")
    pg_dir = tempfile.mkdtemp(prefix="base-bench-pg-")  # its own, under /tmp: the server's user must reach it
    server = None
    try:
        if any(b.startswith("postgres") for b in backends):
            server = subprocess.run([os.path.join(ROOT, "scripts", "postgres.sh"), "start", pg_dir], capture_output=True, text=True,
                                    check=True).stdout.strip()
        for backend in backends:
            data_url = None
            if backend.startswith("postgres"):
                name = backend.replace("-", "_")
                subprocess.run(["psql", "-q", server, "-c", f"CREATE DATABASE {name}"], check=True)
                if backend.endswith("-async"):
                    subprocess.run(["psql", "-q", server, "-c", f"ALTER DATABASE {name} SET synchronous_commit = off"], check=True)
                data_url = server.rsplit("/", 1)[0] + "/" + name
            measure(tmp, backend, data_url)
    finally:
        if server:
            subprocess.run([os.path.join(ROOT, "scripts", "postgres.sh"), "stop", pg_dir])
        shutil.rmtree(pg_dir, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
