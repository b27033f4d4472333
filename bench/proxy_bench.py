#!/usr/bin/env python3
"""Measures space-dev's proxy against the micro itself and against nginx (see bench/proxy.sh).

Each round runs wrk -t1 -c<C> for <S> seconds against (a) the Node micro directly, (b) the
micro through `space-dev up`'s proxy with auth on (the default; wrk sends the owner's session
cookie, so every request goes through the access check), (c) the same through `up --no-auth`,
(d) the micro through nginx with `keepalive 64` and `worker_processes 1`, (e) the same with
`worker_processes auto`, in an order that rotates each round. Reports each run, then medians of
requests/s, p50 and p99, the space-dev/nginx ratios against whichever nginx was faster, the
RSS of the auth-on space-dev idle and under load, and the time from `up` to ready.
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
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# BENCH_BEFORE_JAR=path/to/space-dev.jar adds a fourth target: that build of space-dev, run the
# same way, in the same alternating rounds, to compare two builds against the same nginx.
BEFORE_JAR = os.environ.get("BENCH_BEFORE_JAR")
# BENCH_BEFORE_LAUNCHER=path/to/other/checkout/bin/space-dev: the same, run through that checkout's own
# launcher (its JVM options), which is the fair comparison between two builds of the same launcher.
BEFORE_LAUNCHER = os.environ.get("BENCH_BEFORE_LAUNCHER")
# BENCH_ONLY=space-dev,before: measure only these targets (more rounds of an A/B in the same time)
ONLY = [n for n in os.environ.get("BENCH_ONLY", "").split(",") if n]
# BENCH_DASHBOARD_OPEN=1: the auth-on space-dev has its dashboard's live event stream open during the run
DASHBOARD_OPEN = os.environ.get("BENCH_DASHBOARD_OPEN") == "1"
ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
SECONDS = int(sys.argv[2]) if len(sys.argv) > 2 else 10
CONNECTIONS = int(sys.argv[3]) if len(sys.argv) > 3 else 32

NGINX_CONF = """
worker_processes {workers};
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


def wait_200(url, timeout=60, headers=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=1) as r:
                if r.status == 200:
                    return time.monotonic()
        except OSError:
            time.sleep(0.005)
    raise TimeoutError(url)


def to_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url, headers=()):
    extra = [a for h in headers for a in ("-H", h)]
    out = subprocess.run(["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", *extra, url],
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


def sign_in(base, app):
    """The owner's session, as the printed link gets it: its page POSTs the run's token (kept for
    `space-dev login` in .space/sign-in); builds before tokens on loopback took an empty POST (the button)."""
    link_file = os.path.join(app, ".space", "sign-in")
    body = b""
    if os.path.exists(link_file):
        with open(link_file) as f:
            body = ("token=" + f.read().strip().split("#token=", 1)[1]).encode()
    request = urllib.request.Request(base + "/__space/login", method="POST", data=body,
                                     headers={"Origin": base, "Content-Type": "application/x-www-form-urlencoded"})

    class Keep(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        response = urllib.request.build_opener(Keep).open(request)
    except urllib.error.HTTPError as e:  # the 303 to the app
        response = e
    cookie = response.headers["Set-Cookie"]
    if not cookie:
        raise RuntimeError("no session cookie from sign-in")
    return cookie.split(";", 1)[0]


def start_up(tmp, name, launcher_args, auth):
    app = os.path.join(tmp, name)
    shutil.copytree(os.path.join(ROOT, "bench", "hello-node"), app)
    port = free_port()
    t0 = time.monotonic()
    args = launcher_args + ["up", "--dir", app, "--port", str(port)] + ([] if auth else ["--no-auth"])
    up = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    up.stdout.readline()
    base = f"http://127.0.0.1:{port}"
    headers = ()
    if auth:
        headers = (f"Cookie: {sign_in(base, app)}",)
    ready = wait_200(base + "/", headers=dict(h.split(": ", 1) for h in headers)) - t0
    return up, app, base + "/", headers, ready


def start_nginx(tmp, micro_port, workers):
    port = free_port()
    conf_dir = os.path.join(tmp, f"nginx-{workers}")
    os.makedirs(conf_dir)
    conf = os.path.join(conf_dir, "nginx.conf")
    with open(conf, "w") as f:
        f.write(NGINX_CONF.format(dir=conf_dir, micro=micro_port, port=port, workers=workers))
    nginx = subprocess.Popen(["nginx", "-c", conf, "-g", "daemon off;"], stderr=subprocess.DEVNULL)
    wait_200(f"http://127.0.0.1:{port}/")
    return nginx, f"http://127.0.0.1:{port}/"


def main():
    tmp = tempfile.mkdtemp(prefix="proxy-bench-")
    launcher = [os.path.join(ROOT, "bin", "space-dev")]
    processes = []
    try:
        up, app, url, cookie, ready = start_up(tmp, "app", launcher, auth=True)
        processes.append(up)
        if DASHBOARD_OPEN:
            # as a browser's EventSource: one long GET of /__space/api/events with the owner's cookie
            processes.append(subprocess.Popen(["curl", "-sN", "-o", "/dev/null", "-H", cookie[0], url.rstrip("/") + "/__space/api/events"]))
        micro_port = int(open(os.path.join(app, ".space", "micros", "hello.port")).read())
        time.sleep(2)
        idle_rss = rss_kb(up.pid)
        open_up, _, open_url, _, _ = start_up(tmp, "app-open", launcher, auth=False)
        processes.append(open_up)
        targets = {"direct": (f"http://127.0.0.1:{micro_port}/", ()), "space-dev": (url, cookie),
                   "space-dev --no-auth": (open_url, ())}
        for workers in ("1", "auto"):
            nginx, nginx_url = start_nginx(tmp, micro_port, workers)
            processes.append(nginx)
            targets[f"nginx {workers}"] = (nginx_url, ())
        if BEFORE_JAR or BEFORE_LAUNCHER:
            before_cmd = [BEFORE_LAUNCHER] if BEFORE_LAUNCHER else ["java", "-XX:+UseSerialGC", "-Xmx256m", "-jar", BEFORE_JAR]
            before, _, before_url, before_cookie, _ = start_up(tmp, "app-before", before_cmd, auth=True)
            processes.append(before)
            targets["before"] = (before_url, before_cookie)
        print(f"warming up ({SECONDS} s each) ...", file=sys.stderr)
        for target, headers in targets.values():
            wrk(target, headers)
        order = [n for n in targets if not ONLY or n in ONLY]
        results = {name: [] for name in order}
        peak_rss = 0
        for r in range(ROUNDS):
            for name in order[r % len(order):] + order[:r % len(order)]:
                samples = []
                stop = threading.Event()

                def sample():
                    while not stop.is_set():
                        samples.append(rss_kb(up.pid))
                        time.sleep(0.5)

                sampler = threading.Thread(target=sample) if name == "space-dev" else None
                if sampler:
                    sampler.start()
                res = wrk(*targets[name])
                if sampler:
                    stop.set()
                    sampler.join()
                    peak_rss = max([peak_rss] + samples)
                results[name].append(res)
                print(f"round {r + 1} {name:20s} {res['rps']:9.0f} req/s  p50 {res['p50']:6.2f} ms  p99 {res['p99']:6.2f} ms"
                      f"  non-2xx {res['errors']} {res['socket_errors']}")
        med = {n: {k: statistics.median(x[k] for x in rs) for k in ("rps", "p50", "p99")} for n, rs in results.items()}
        print()
        print(f"wrk -t1 -c{CONNECTIONS} -d{SECONDS}s, {ROUNDS} rounds, medians:")
        print("| target | req/s | p50 ms | p99 ms |")
        print("|---|---|---|---|")
        for n in order:
            print(f"| {n} | {med[n]['rps']:.0f} | {med[n]['p50']:.2f} | {med[n]['p99']:.2f} |")
        print()
        if "nginx 1" in med and "nginx auto" in med:
            nginx = max(("nginx 1", "nginx auto"), key=lambda n: med[n]["rps"])
            print(f"the faster nginx here: {nginx} (worker_processes {nginx.split()[1]})")
            for n in [n for n in ("space-dev", "space-dev --no-auth", "before") if n in med]:
                print(f"{n} / {nginx}: throughput {med[n]['rps'] / med[nginx]['rps']:.2f}x, p99 {med[n]['p99'] / med[nginx]['p99']:.2f}x")
        if "space-dev" in med and "before" in med:
            print(f"space-dev / before: throughput {med['space-dev']['rps'] / med['before']['rps']:.2f}x,"
                  f" p99 {med['space-dev']['p99'] / med['before']['p99']:.2f}x")
        print(f"space-dev (auth on) RSS: idle {idle_rss / 1024:.0f} MB, peak under load {peak_rss / 1024:.0f} MB;"
              f" up to first 200 through the proxy: {ready * 1000:.0f} ms")
    finally:
        for p in reversed(processes):
            p.send_signal(signal.SIGQUIT if p.args[0] == "nginx" else signal.SIGTERM)  # curl ends on SIGTERM too
        for p in processes:
            p.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
