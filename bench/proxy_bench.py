#!/usr/bin/env python3
"""Measures space-dev's proxy against the micro itself and against nginx (see bench/proxy.sh).

Each round runs wrk -t1 -c<C> for <S> seconds against (a) the Node micro directly, (b) the
micro through `space-dev up`'s proxy, (c) the micro through nginx with `keepalive 64`, in an
order that rotates each round. Reports each run, then medians of requests/s, p50 and p99, the
space-dev/nginx ratios, space-dev's peak RSS under load, and the time from `up` to ready.
"""
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# BENCH_BEFORE_JAR=path/to/space-dev.jar adds a fourth target: that build of space-dev, run the
# same way, in the same alternating rounds, to compare two builds against the same nginx.
BEFORE_JAR = os.environ.get("BENCH_BEFORE_JAR")
ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
SECONDS = int(sys.argv[2]) if len(sys.argv) > 2 else 10
CONNECTIONS = int(sys.argv[3]) if len(sys.argv) > 3 else 32

NGINX_CONF = """
worker_processes auto;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    upstream micro {{ server 127.0.0.1:{micro}; keepalive 64; }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://micro;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }}
    }}
}}
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_200(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200:
                    return time.monotonic()
        except OSError:
            time.sleep(0.005)
    raise TimeoutError(url)


def to_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url):
    out = subprocess.run(["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"^\s+50%\s+([\d.]+)(us|ms|s)", out, re.M)
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)", out, re.M)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "p50": to_ms(*p50.groups()), "p99": to_ms(*p99.groups()),
            "errors": (int(errors.group(1)) if errors else 0), "socket_errors": socket_errors.group(1) if socket_errors else ""}


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))


def java_pid_of(launcher_pid):
    # bin/space-dev execs java, so the launcher's pid is the JVM's
    return launcher_pid


def main():
    tmp = tempfile.mkdtemp(prefix="proxy-bench-")
    app = os.path.join(tmp, "app")
    shutil.copytree(os.path.join(ROOT, "bench", "hello-node"), app)
    proxy_port, nginx_port = free_port(), free_port()
    t0 = time.monotonic()
    up = subprocess.Popen([os.path.join(ROOT, "bin", "space-dev"), "up", "--no-auth", "--dir", app, "--port", str(proxy_port)],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    nginx = None
    before = None
    try:
        up.stdout.readline()
        ready = wait_200(f"http://127.0.0.1:{proxy_port}/") - t0
        micro_port = int(open(os.path.join(app, ".space", "micros", "hello.port")).read())
        os.makedirs(os.path.join(tmp, "nginx"))
        conf = os.path.join(tmp, "nginx", "nginx.conf")
        with open(conf, "w") as f:
            f.write(NGINX_CONF.format(dir=os.path.join(tmp, "nginx"), micro=micro_port, port=nginx_port))
        nginx = subprocess.Popen(["nginx", "-c", conf, "-g", "daemon off;"], stderr=subprocess.DEVNULL)
        wait_200(f"http://127.0.0.1:{nginx_port}/")
        targets = {"direct": f"http://127.0.0.1:{micro_port}/", "space-dev": f"http://127.0.0.1:{proxy_port}/",
                   "nginx": f"http://127.0.0.1:{nginx_port}/"}
        if BEFORE_JAR:
            app2 = os.path.join(tmp, "app-before")
            shutil.copytree(os.path.join(ROOT, "bench", "hello-node"), app2)
            before_port = free_port()
            before = subprocess.Popen(["java", "-XX:+UseSerialGC", "-Xmx256m", "-jar", BEFORE_JAR, "up", "--no-auth", "--dir", app2,
                                       "--port", str(before_port)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            before.stdout.readline()
            wait_200(f"http://127.0.0.1:{before_port}/")
            targets["before"] = f"http://127.0.0.1:{before_port}/"
        print(f"warming up ({SECONDS} s each) ...", file=sys.stderr)
        for url in targets.values():
            wrk(url)
        results = {name: [] for name in targets}
        peak_rss = 0
        order = list(targets)
        for r in range(ROUNDS):
            for name in order[r % len(order):] + order[:r % len(order)]:
                sampling = name == "space-dev"
                samples = []
                stop = threading.Event()

                def sample():
                    while not stop.is_set():
                        samples.append(rss_kb(up.pid))
                        time.sleep(0.5)

                sampler = threading.Thread(target=sample) if sampling else None
                if sampler:
                    sampler.start()
                res = wrk(targets[name])
                if sampler:
                    stop.set()
                    sampler.join()
                    peak_rss = max([peak_rss] + samples)
                results[name].append(res)
                print(f"round {r + 1} {name:9s} {res['rps']:9.0f} req/s  p50 {res['p50']:6.2f} ms  p99 {res['p99']:6.2f} ms"
                      f"  non-2xx {res['errors']} {res['socket_errors']}")
        med = {n: {k: statistics.median(x[k] for x in rs) for k in ("rps", "p50", "p99")} for n, rs in results.items()}
        print()
        print(f"wrk -t1 -c{CONNECTIONS} -d{SECONDS}s, {ROUNDS} rounds, medians:")
        print("| target | req/s | p50 ms | p99 ms |")
        print("|---|---|---|---|")
        for n in targets:
            print(f"| {n} | {med[n]['rps']:.0f} | {med[n]['p50']:.2f} | {med[n]['p99']:.2f} |")
        print()
        print(f"space-dev / nginx: throughput {med['space-dev']['rps'] / med['nginx']['rps']:.2f}x,"
              f" p99 {med['space-dev']['p99'] / med['nginx']['p99']:.2f}x;"
              f" space-dev / direct: throughput {med['space-dev']['rps'] / med['direct']['rps']:.2f}x")
        if BEFORE_JAR:
            print(f"before / nginx: throughput {med['before']['rps'] / med['nginx']['rps']:.2f}x,"
                  f" p99 {med['before']['p99'] / med['nginx']['p99']:.2f}x")
        print(f"space-dev peak RSS under load: {peak_rss / 1024:.0f} MB; up to first 200 through the proxy: {ready * 1000:.0f} ms")
    finally:
        if before:
            before.send_signal(signal.SIGTERM)
            before.wait(timeout=30)
        if nginx:
            nginx.send_signal(signal.SIGQUIT)
            nginx.wait(timeout=10)
        up.send_signal(signal.SIGTERM)
        up.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
