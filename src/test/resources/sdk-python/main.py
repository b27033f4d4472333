# Exercises Deta Base and Drive through Deta's real Python SDK (deta 1.2.0), unchanged, as a
# Space micro would; the test reads the answers as JSON and checks each one.
import hashlib, json, os, sys, time, urllib.error
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "vendor"))
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from deta import Deta

deta = Deta()


def error_of(call):
    try:
        call()
        return None
    except urllib.error.HTTPError as e:
        return e.code
    except Exception as e:  # the SDK's own errors
        return str(e)


def base_run():
    db = deta.Base("people")
    out = {}
    out["put"] = db.put({"name": "Ada", "age": 36, "tags": ["math"]}, "ada")
    out["get"] = db.get("ada")
    out["missing"] = db.get("nobody")
    out["insert"] = db.insert({"name": "Alan", "age": 41}, "alan")
    out["insertAgain"] = error_of(lambda: db.insert({"name": "Alan"}, "alan"))
    db.put_many([{"key": "grace", "name": "Grace", "age": 85, "tags": ["navy"]}, {"key": "linus", "name": "Linus", "age": 12}])
    db.update({"age": db.util.increment(1), "tags": db.util.append("poetry"), "city": "London",
               "first": db.util.prepend("x")}, "ada")
    db.update({"name": db.util.trim()}, "linus")
    out["updated"] = db.get("ada")
    out["trimmed"] = db.get("linus")
    out["updateMissing"] = error_of(lambda: db.update({"a": 1}, "nobody"))
    out["updateNothing"] = error_of(lambda: db.update({}, "ada"))
    ops = {}
    for name, query in [("eq", {"age": 41}), ("ne", {"age?ne": 41}), ("lt", {"age?lt": 40}), ("gt", {"age?gt": 40}),
                        ("lte", {"age?lte": 37}), ("gte", {"age?gte": 41}), ("pfx", {"name?pfx": "Gr"}),
                        ("r", {"age?r": [30, 50]}), ("contains", {"tags?contains": "poetry"}),
                        ("not_contains", {"tags?not_contains": "navy"}), ("symbols", {"age?>": 40, "age?<=": 85}),
                        ("or", [{"age": 12}, {"age": 85}]), ("key", {"key?pfx": "a"})]:
        ops[name] = sorted(i["key"] for i in db.fetch(query).items)
    out["ops"] = ops
    out["badQuery"] = error_of(lambda: db.fetch({"age?random": 1}))
    first = db.fetch(limit=2)
    second = db.fetch(limit=2, last=first.last)
    out["paging"] = {"first": [i["key"] for i in first.items], "last": first.last, "count": first.count,
                     "second": [i["key"] for i in second.items], "secondLast": second.last}
    out["expiring"] = db.put({"v": 1}, "tmp", expire_in=300)
    db.put({"v": 2}, "gone", expire_at=int(time.time()) - 10)
    out["expired"] = db.get("gone")
    db.delete("grace")
    out["deleted"] = db.get("grace")
    return out


def drive_run():
    drive = deta.Drive("files")
    out = {}
    out["putSmall"] = drive.put("notes/hello.txt", data="hello drive", content_type="text/plain")
    out["putSibling"] = drive.put("notes", data="a file named like the folder")
    big = os.urandom(12 * 1024 * 1024)
    out["putBig"] = drive.put("big.bin", data=big)
    out["getSmall"] = drive.get("notes/hello.txt").read().decode()
    out["getSibling"] = drive.get("notes").read().decode()
    back = drive.get("big.bin").read()
    out["bigMatches"] = hashlib.sha256(back).hexdigest() == hashlib.sha256(big).hexdigest()
    out["missing"] = drive.get("nope.txt")
    out["list"] = drive.list()
    out["listPrefix"] = drive.list(prefix="notes/")
    out["listPage"] = drive.list(limit=1)
    out["deleted"] = drive.delete_many(["notes/hello.txt", "never.txt"])
    out["deleteOne"] = drive.delete("notes")
    out["after"] = drive.list()
    return out


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        try:
            body = json.dumps(drive_run() if self.path == "/drive" else base_run()).encode()
            self.send_response(200)
        except Exception as e:
            import traceback
            body = traceback.format_exc().encode()
            self.send_response(500)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
