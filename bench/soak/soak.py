#!/usr/bin/env python3
"""A soak of space-dev as a user's CI or a small self-hosted app loads it, with faults.

The app: a static page, a Python micro writing Deta Base through Deta's SDK 1.2.0 (50 acknowledged puts a second),
and a Node micro under wrk -c16 with two Server-Sent-Events streams open. Faults: a random micro SIGKILLed every
15-30 s, and space-dev itself SIGKILLed once (at 40% of the run) and started again. Every 5 s: the JVM's RSS, fds and
threads (and, every 30 s, its native memory as NMT counts it); every 100 ms: one probe request's latency.

At the end every acknowledged write is read back through the SDK and straight from SQLite. It fails (exit 1) on a lost
acknowledged write, a micro still running after space-dev was killed or stopped (an orphan), or growing fds or threads
in the last run after warm-up. Writes report.json and report.md to --out (and plot.png with --plot, needing matplotlib).

Usage: bench/soak/soak.py --seconds 150 [--out DIR] [--plot]   (bench/soak/run.sh sets up wrk, the SDK, matplotlib)
"""
import argparse
import concurrent.futures
import http.client
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LAUNCHER = os.environ.get("SPACE_DEV_LAUNCHER", os.path.join(ROOT, "bin", "space-dev"))
PUTS_PER_SECOND = 50
READ_BACK_SAMPLE = 20000
PUT_WORKERS = 4
READ_BACK_WORKERS = 8  # the store micro's server is threaded: reading back 20,000 keys one at a time took minutes
FAULT_GRACE = 3.0  # errors within this many seconds of a fault are the fault's, not the steady state's


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_app(app, vendor):
    os.makedirs(os.path.join(app, "web"))
    with open(os.path.join(app, "web", "index.html"), "w") as f:
        f.write("<h1>soak</h1>\n")
    os.makedirs(os.path.join(app, "store"))
    with open(os.path.join(app, "store", "server.py"), "w") as f:
        f.write('''import json, os, threading, urllib.parse
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
from deta import Deta
local = threading.local()  # a Base holds one HTTP connection: one per thread

def base():
    if not hasattr(local, "db"):
        local.db = Deta().Base("soak")
    return local.db

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def do_POST(self):
        item = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        base().put({"value": item["value"]}, item["key"])
        self.answer(200, {"key": item["key"]})
    def do_GET(self):
        query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
        if "key" in query:
            self.answer(200, base().get(query["key"][0]) or {})
        else:
            self.answer(200, {"ok": True})
    def log_message(self, *args):
        pass

ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
''')
    venv = os.path.join(app, "store", ".venv")
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    subprocess.run([os.path.join(venv, "bin", "pip"), "install", "-q", vendor], check=True)
    os.makedirs(os.path.join(app, "node"))
    with open(os.path.join(app, "node", "server.js"), "w") as f:
        f.write('''const http = require("http");
http.createServer((req, res) => {
  if (req.url.startsWith("/sse")) {
    res.writeHead(200, {"Content-Type": "text/event-stream", "Cache-Control": "no-cache"});
    let n = 0;
    const t = setInterval(() => res.write(`data: tick ${n++}\\n\\n`), 200);
    req.on("close", () => clearInterval(t));
    return;
  }
  res.writeHead(200, {"Content-Type": "text/plain", "Content-Length": 3});
  res.end("ok\\n");
}).listen(process.env.PORT, "127.0.0.1");
''')
    with open(os.path.join(app, "Spacefile"), "w") as f:
        f.write('''v: 0
micros:
  - name: web
    src: web
    engine: static
    serve: .
    primary: true
  - name: store
    src: store
    engine: python3.9
    dev: python3 server.py
  - name: node
    src: node
    engine: nodejs16
    dev: node server.js
''')


class Space:
    """One `up` at a time, on fixed ports, relaunched after it was killed."""

    def __init__(self, app, port, data_port, log_path, nmt):
        self.app, self.port, self.data_port, self.log_path = app, port, data_port, log_path
        self.env = dict(os.environ)
        if nmt:
            self.env["SPACE_DEV_JAVA_OPTS"] = (self.env.get("SPACE_DEV_JAVA_OPTS", "") + " -XX:NativeMemoryTracking=summary").strip()
        self.proc = None
        self.runs = 0

    def start(self):
        started = time.time()
        log = open(self.log_path, "a")
        self.proc = subprocess.Popen([LAUNCHER, "up", "--no-auth", "--port", str(self.port), "--data-port", str(self.data_port),
                                      "-C", self.app], stdout=subprocess.PIPE, stderr=log, env=self.env, text=True)
        url = self.proc.stdout.readline().strip()
        if not url.startswith("http"):
            raise SystemExit("space-dev up did not print its URL; see " + self.log_path)
        self.runs += 1
        return url, time.time() - started

    def pid(self):
        return self.proc.pid

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        subprocess.run([LAUNCHER, "down", "-C", self.app], capture_output=True, timeout=60)
        self.proc.wait(timeout=60)

    def micro_pids(self):
        out = subprocess.run([LAUNCHER, "ps", "--format", "json", "-C", self.app], capture_output=True, text=True).stdout
        try:
            return {m["name"]: m["pid"] for m in json.loads(out)["micros"] if m.get("pid")}
        except (ValueError, KeyError):
            return {}


def proc_status(pid):
    values = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, rest = line.partition(":")
                values[key] = rest.strip()
        values["fds"] = len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return None
    return {"rss_mb": int(values["VmRSS"].split()[0]) / 1024, "threads": int(values["Threads"]), "fds": values["fds"]}


def nmt_committed_mb(pid):
    out = subprocess.run(["jcmd", str(pid), "VM.native_memory", "summary"], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("Total:"):
            for part in line.split(","):
                if "committed=" in part:
                    return int(part.split("committed=")[1].rstrip("KB").strip()) / 1024
    return None


def processes_in(folder):
    """Pids whose working directory is inside folder: the micros, whichever way they were started."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                cwd = os.readlink(f"/proc/{entry}/cwd")
            except OSError:
                continue
            if cwd == folder or cwd.startswith(folder + "/"):
                with open(f"/proc/{entry}/stat") as f:
                    if f.read().rsplit(")", 1)[1].split()[0] != "Z":
                        found.append(int(entry))
    return found


class Soak:
    def __init__(self, args):
        self.args = args
        self.stop = threading.Event()
        self.t0 = time.time()
        self.lock = threading.Lock()
        self.acked = []  # keys a 200 acknowledged
        self.errors = []  # (t, what)
        self.faults = []  # (t, what)
        self.latency = []  # (t, ms)
        self.samples = []  # (t, run, rss, threads, fds, nmt)
        self.sse_events = 0
        self.put_count = 0
        self.sdk_checked = 0
        self.reader = threading.local()
        self.orphans = []
        self.recovery = []

    def now(self):
        return time.time() - self.t0

    def error(self, what):
        with self.lock:
            self.errors.append((self.now(), what))

    def request(self, conn_holder, method, path, body=None):
        for attempt in range(2):
            try:
                if conn_holder[0] is None:
                    conn_holder[0] = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                headers = {"Content-Type": "application/json"} if body else {}
                conn_holder[0].request(method, path, body=body, headers=headers)
                r = conn_holder[0].getresponse()
                data = r.read()
                return r.status, data
            except (OSError, http.client.HTTPException) as e:
                conn_holder[0] = None
                if attempt == 1:
                    return None, str(e).encode()
        return None, b""

    def put_loop(self):
        """One of PUT_WORKERS writers sharing a 50-a-second schedule: a slow put delays no other."""
        conn = [None]
        while not self.stop.is_set():
            with self.lock:
                self.put_count += 1
                n = self.put_count
            due = self.t0 + n / PUTS_PER_SECOND
            if due > time.time():
                time.sleep(due - time.time())
            key = f"k{n}"
            status, body = self.request(conn, "POST", "/store/", json.dumps({"key": key, "value": n}))
            if status == 200:
                with self.lock:
                    self.acked.append(key)
            else:
                self.error(f"put {key}: {status} {body[:80]!r}")

    def probe_loop(self):
        conn = [None]
        while not self.stop.is_set():
            start = time.perf_counter()
            status, _ = self.request(conn, "GET", "/node/")
            took = (time.perf_counter() - start) * 1000
            if status == 200:
                with self.lock:
                    self.latency.append((self.now(), took))
            else:
                self.error(f"probe: {status}")
            time.sleep(0.1)

    def sse_loop(self):
        while not self.stop.is_set():
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                conn.request("GET", "/node/sse")
                r = conn.getresponse()
                while not self.stop.is_set():
                    line = r.fp.readline()
                    if not line:
                        break
                    if line.startswith(b"data:"):
                        with self.lock:
                            self.sse_events += 1
            except (OSError, http.client.HTTPException):
                time.sleep(0.5)

    def sample_loop(self):
        last_nmt = 0
        while not self.stop.is_set():
            status = proc_status(self.space.pid())
            nmt = None
            if self.args.nmt and time.time() - last_nmt > 30:
                nmt = nmt_committed_mb(self.space.pid())
                last_nmt = time.time()
            if status:
                with self.lock:
                    self.samples.append((self.now(), self.space.runs, status["rss_mb"], status["threads"], status["fds"], nmt))
            self.stop.wait(5)

    def fault_loop(self):
        kill_space_at = self.args.seconds * 0.4
        next_kill = self.now() + random.uniform(15, 30)
        while not self.stop.is_set():
            self.stop.wait(0.5)
            if self.stop.is_set():
                return
            if kill_space_at is not None and self.now() >= kill_space_at:
                kill_space_at = None
                self.kill_space()
            elif self.now() >= next_kill:
                pids = self.space.micro_pids()
                pids.pop("web", None)
                if pids:
                    name, pid = random.choice(sorted(pids.items()))
                    try:
                        os.kill(pid, signal.SIGKILL)
                        with self.lock:
                            self.faults.append((self.now(), f"SIGKILL micro {name} (pid {pid})"))
                    except OSError:
                        pass
                next_kill = self.now() + random.uniform(15, 30)

    def kill_space(self):
        before = processes_in(self.app)
        with self.lock:
            self.faults.append((self.now(), f"SIGKILL space-dev (pid {self.space.pid()})"))
        self.space.kill()
        killed = time.time()
        while time.time() < killed + 10 and processes_in(self.app):
            time.sleep(0.05)
        gone_after = time.time() - killed
        left = processes_in(self.app)
        if left:
            self.orphans.append({"after": "SIGKILL of space-dev", "pids": left})
        url, took = self.space.start()
        with self.lock:
            self.faults.append((self.now(), f"space-dev relaunched: URL in {took:.2f} s"))
        answering = time.time()
        self.await_answering("/node/", "/store/")
        self.recovery.append({"micros_before": len(before), "micros_gone_within_s": round(gone_after, 2), "url_s": round(took, 2),
                              "all_answering_s": round(took + time.time() - answering, 2)})

    def run(self):
        a = self.args
        work = tempfile.mkdtemp(prefix="space-dev-soak-")
        self.app = os.path.realpath(os.path.join(work, "app"))
        write_app(self.app, a.vendor)
        self.port, data_port = free_port(), free_port()
        self.space = Space(self.app, self.port, data_port, os.path.join(a.out, "up.log"), a.nmt)
        url, took = self.space.start()
        print(f"soak: {url} for {a.seconds} s (space-dev up printed its URL in {took:.2f} s)", file=sys.stderr)
        threads = [threading.Thread(target=t, daemon=True) for t in
                   [self.put_loop] * PUT_WORKERS + [self.probe_loop, self.sse_loop, self.sse_loop, self.sample_loop, self.fault_loop]]
        wrk = subprocess.Popen(["wrk", "-c16", "-t2", f"-d{a.seconds}s", "--latency", f"{url}/node/"], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
        for t in threads:
            t.start()
        time.sleep(a.seconds)
        self.stop.set()
        wrk_out = wrk.communicate(timeout=60)[0]
        for t in threads:
            t.join(timeout=15)
        lost_sdk, lost_sqlite = self.read_back()
        self.space.stop()
        time.sleep(1)
        left = processes_in(self.app)
        if left:
            self.orphans.append({"after": "space-dev down", "pids": left})
        report = self.report(wrk_out, lost_sdk, lost_sqlite)
        shutil.rmtree(work, ignore_errors=True)
        return report

    def await_answering(self, *paths, timeout=60):
        """Until every path answers 200, or TIMEOUT seconds: a micro that never comes back shows up as failures, not a hang."""
        conn, deadline = [None], time.time() + timeout
        while time.time() < deadline and any(self.request(conn, "GET", p)[0] != 200 for p in paths):
            time.sleep(0.05)

    def read_back(self):
        """Every acknowledged key from SQLite; through the SDK all of them, or a random READ_BACK_SAMPLE on a long run."""
        self.await_answering("/store/")  # the last fault may have left it restarting
        checked = self.acked if len(self.acked) <= READ_BACK_SAMPLE else random.sample(self.acked, READ_BACK_SAMPLE)
        self.sdk_checked = len(checked)
        with concurrent.futures.ThreadPoolExecutor(READ_BACK_WORKERS) as pool:
            found = pool.map(self.readable, checked, chunksize=64)
            lost_sdk = [k for k, ok in zip(checked, found) if not ok]
        db = sqlite3.connect(f"file:{self.app}/.space/data/base.db?mode=ro", uri=True)
        stored = {row[0] for row in db.execute("SELECT key FROM items WHERE base = 'soak'")}
        db.close()
        return lost_sdk, [k for k in self.acked if k not in stored]

    def readable(self, key):
        """Whether the store micro reads KEY back through the SDK (one keep-alive connection per reading thread)."""
        if not hasattr(self.reader, "conn"):
            self.reader.conn = [None]
        status, body = self.request(self.reader.conn, "GET", f"/store/?key={key}")
        try:
            return status == 200 and json.loads(body).get("key") == key
        except ValueError:
            return False

    def in_fault(self, t):
        return any(ft <= t <= ft + FAULT_GRACE for ft, what in self.faults) or any(
            ft <= t <= ft + 15 for ft, what in self.faults if "space-dev" in what)

    def report(self, wrk_out, lost_sdk, lost_sqlite):
        a = self.args
        steady_errors = [e for e in self.errors if not self.in_fault(e[0])]
        last_run = [s for s in self.samples if s[1] == self.space.runs]
        warm = [s for s in last_run if s[0] >= last_run[0][0] + a.warmup] if last_run else []
        growth = {}
        if len(warm) >= 2:
            growth = {"fds": warm[-1][4] - warm[0][4], "threads": warm[-1][3] - warm[0][3],
                      "rss_mb": round(warm[-1][2] - warm[0][2], 1)}
        lat = sorted(ms for t, ms in self.latency if not self.in_fault(t))
        pct = (lambda q: round(lat[min(len(lat) - 1, int(q * len(lat)))], 2)) if lat else (lambda q: None)
        failures = []
        if lost_sdk or lost_sqlite:
            failures.append(f"{len(set(lost_sdk) | set(lost_sqlite))} acknowledged writes lost")
        if self.orphans:
            failures.append(f"orphans: {self.orphans}")
        if growth and growth["fds"] > a.max_fd_growth:
            failures.append(f"fds grew by {growth['fds']} after warm-up")
        if growth and growth["threads"] > a.max_thread_growth:
            failures.append(f"threads grew by {growth['threads']} after warm-up")
        wrk_requests = next((line.split()[0] for line in wrk_out.splitlines() if "requests in" in line), "?")
        report = {
            "seconds": a.seconds, "acknowledged_writes": len(self.acked), "read_back_through_sdk": self.sdk_checked,
            "lost_through_sdk": len(lost_sdk),
            "lost_in_sqlite": len(lost_sqlite), "errors": len(self.errors), "errors_outside_faults": len(steady_errors),
            "first_errors_outside_faults": steady_errors[:5], "faults": self.faults, "recovery_after_space_dev_kill": self.recovery,
            "orphans": self.orphans, "sse_events": self.sse_events, "wrk_requests": wrk_requests,
            "probe_latency_ms": {"p50": pct(0.5), "p99": pct(0.99), "max": lat[-1] if lat else None, "count": len(lat)},
            "growth_after_warmup_last_run": growth, "samples": self.samples, "failures": failures,
        }
        with open(os.path.join(a.out, "report.json"), "w") as f:
            json.dump(report, f, indent=1)
        rss = [s[2] for s in warm]
        lines = [f"# soak: {a.seconds} s, {len(self.faults)} faults", "",
                 f"- acknowledged writes: {len(self.acked)}; lost: {len(lost_sdk)} of {self.sdk_checked} read back through the SDK,"
                 f" {len(lost_sqlite)} of all in SQLite",
                 f"- errors: {len(self.errors)} ({len(steady_errors)} outside fault windows); wrk requests: {wrk_requests};"
                 f" SSE events: {self.sse_events}",
                 f"- probe latency outside faults: p50 {pct(0.5)} ms, p99 {pct(0.99)} ms",
                 f"- after SIGKILL of space-dev: {self.recovery}",
                 f"- last run after warm-up: RSS {f'{min(rss):.1f}-{max(rss):.1f}' if rss else '-'} MB, growth {growth}",
                 f"- orphans: {self.orphans or 'none'}",
                 f"- result: {'FAIL: ' + '; '.join(failures) if failures else 'pass'}", ""] + self.periods_table()
        with open(os.path.join(a.out, "report.md"), "w") as f:
            f.write("\n".join(lines) + "\n")
        print("\n".join(lines), file=sys.stderr)
        if a.plot:
            self.plot()
        return report

    def periods_table(self):
        """The run in (at most) twelve equal periods: how memory, fds, threads, latency and errors moved over time."""
        period = max(60, self.args.seconds // 12 // 60 * 60)
        rows = ["| minutes | space-dev run | RSS MB (min-max) | NMT committed MB | fds | threads | probe p50 / p99 ms | errors |",
                "|---|---|---|---|---|---|---|---|"]
        for start in range(0, self.args.seconds, period):
            inside = [s for s in self.samples if start <= s[0] < start + period]
            if not inside:
                continue
            lat = sorted(ms for t, ms in self.latency if start <= t < start + period and not self.in_fault(t))
            p = (lambda q: f"{lat[min(len(lat) - 1, int(q * len(lat)))]:.1f}") if lat else (lambda q: "-")
            nmt = [s[5] for s in inside if s[5] is not None]
            rows.append(f"| {start // 60}-{(start + period) // 60} | {','.join(sorted({str(s[1]) for s in inside}))} "
                        f"| {min(s[2] for s in inside):.1f}-{max(s[2] for s in inside):.1f} "
                        f"| {f'{min(nmt):.1f}-{max(nmt):.1f}' if nmt else '-'} "
                        f"| {min(s[4] for s in inside)}-{max(s[4] for s in inside)} | {min(s[3] for s in inside)}-{max(s[3] for s in inside)} "
                        f"| {p(0.5)} / {p(0.99)} | {sum(1 for t, _ in self.errors if start <= t < start + period)} |")
        return rows

    def plot(self):
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, axes = plt.subplots(4, 1, figsize=(10, 11), sharex=True)
        t = [s[0] / 60 for s in self.samples]
        axes[0].plot(t, [s[2] for s in self.samples], label="RSS (MB)")
        nmt = [(s[0] / 60, s[5]) for s in self.samples if s[5] is not None]
        if nmt:
            axes[0].plot([x for x, _ in nmt], [y for _, y in nmt], label="NMT committed (MB)")
        axes[0].set_ylabel("MB")
        axes[0].legend()
        axes[1].plot(t, [s[4] for s in self.samples], label="fds")
        axes[1].plot(t, [s[3] for s in self.samples], label="threads")
        axes[1].legend()
        buckets = {}
        for ts, ms in self.latency:
            if not self.in_fault(ts):  # as the report and the periods table count them
                buckets.setdefault(int(ts // 60), []).append(ms)
        minutes = sorted(buckets)
        axes[2].plot(minutes, [statistics.quantiles(buckets[m], n=100)[98] if len(buckets[m]) > 1 else buckets[m][0] for m in minutes],
                     label="probe p99 (ms) outside fault windows, per minute")
        axes[2].plot(minutes, [statistics.median(buckets[m]) for m in minutes], label="probe p50 (ms)")
        axes[2].legend()
        errors = {}
        for ts, _ in self.errors:
            errors[int(ts // 60)] = errors.get(int(ts // 60), 0) + 1
        axes[3].bar(list(errors), list(errors.values()), label="errors per minute")
        for ft, what in self.faults:
            for ax in axes:
                ax.axvline(ft / 60, color="red" if "space-dev" in what else "grey", alpha=0.3, linewidth=0.8)
        axes[3].set_xlabel("minutes (grey: a micro SIGKILLed; red: space-dev SIGKILLed and relaunched)")
        axes[3].legend()
        fig.tight_layout()
        fig.savefig(os.path.join(self.args.out, "plot.png"), dpi=100)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seconds", type=int, default=150)
    p.add_argument("--out", default=os.path.join(ROOT, "target", "soak"))
    p.add_argument("--vendor", default=os.environ.get("SPACE_DEV_DETA_PYTHON",
                                                      os.path.join(ROOT, "..", "shared", "vendor", "deta-1.2.0-py3-none-any.whl")))
    p.add_argument("--warmup", type=int, default=20, help="seconds of the last run not counted for growth")
    p.add_argument("--max-fd-growth", type=int, default=16)
    p.add_argument("--max-thread-growth", type=int, default=6)
    p.add_argument("--nmt", action="store_true", help="run the JVM with native memory tracking and sample it")
    p.add_argument("--plot", action="store_true")
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    report = Soak(a).run()
    sys.exit(1 if report["failures"] else 0)


if __name__ == "__main__":
    main()
