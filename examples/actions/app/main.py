"""App Actions, as Space ran them: the runtime asks GET /__space/actions for the declarations, then
POSTs a run's inputs (a JSON object) to the action's path and shows the answer in the declared view."""
import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ACTIONS = [
    {"name": "greet", "title": "Greet someone", "path": "/actions/greet", "output": "@deta/detail",
     "input": [{"name": "who", "type": "string"},
               {"name": "times", "type": "number", "optional": True},
               {"name": "loud", "type": "boolean", "optional": True}]},
    {"name": "echo", "title": "Echo a text", "path": "/actions/echo",
     "input": [{"name": "text", "type": "string"}]},
    {"name": "logo", "title": "The app's logo", "path": "/actions/logo", "output": "@deta/file"},
    {"name": "notes", "title": "List the notes", "path": "/actions/notes", "output": "@deta/list"},
    {"name": "card", "title": "A card in the app's own view", "path": "/actions/card", "output": "/views/card.html",
     "input": [{"name": "title", "type": "string", "optional": True}]},
]

LOGO = """<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="28" fill="#e84393"/></svg>"""

CARD = """<!doctype html><meta charset="utf-8"><title>card</title>
<body style="font-family: sans-serif"><h1 id="t">…</h1><p id="s"></p>
<script>
window.addEventListener("message", (e) => {
  const d = e.data || {};
  document.getElementById("t").textContent = d.title || "(untitled)";
  document.getElementById("s").textContent = "drawn by the app's own view";
});
</script></body>"""


def answer(handler, code, body, ctype="application/json"):
    data = body.encode() if isinstance(body, str) else body
    handler.send_response(code)
    handler.send_header("Content-Type", ctype)
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path == "/":
            answer(self, 200, "<h1>Actions demo</h1><p>Run its actions from space-dev's dashboard (App actions).</p>", "text/html")
        elif self.path == "/__space/actions":
            answer(self, 200, json.dumps({"actions": ACTIONS}))
        elif self.path == "/logo.svg":
            answer(self, 200, LOGO, "image/svg+xml")
        elif self.path == "/views/card.html":
            answer(self, 200, CARD, "text/html")
        else:
            answer(self, 404, json.dumps({"error": "no route " + self.path}))

    def do_POST(self):
        size = int(self.headers.get("Content-Length", 0))
        inputs = json.loads(self.rfile.read(size) or b"{}")
        if self.path == "/actions/greet":
            text = ("Hello, " + inputs["who"] + "! ") * int(inputs.get("times", 1))
            text = text.upper() if inputs.get("loud") else text
            answer(self, 200, json.dumps({"title": "A greeting", "text": text.strip(), "url": "/"}))
        elif self.path == "/actions/echo":
            answer(self, 200, inputs["text"], "text/plain")
        elif self.path == "/actions/logo":
            answer(self, 200, json.dumps({"url": "/logo.svg", "type": "image/svg+xml", "name": "logo.svg"}))
        elif self.path == "/actions/notes":
            items = [{"title": "First note", "description": "written by the demo", "url": "/",
                      "view": {"type": "@deta/detail", "data": {"title": "First note", "text": "Its own detail view"}}},
                     {"title": "Second note", "description": "a plain item"}]
            answer(self, 200, json.dumps({"items": items}))
        elif self.path == "/actions/card":
            answer(self, 200, json.dumps({"title": inputs.get("title") or "A card"}))
        else:
            answer(self, 404, json.dumps({"error": "no action at " + self.path}))

    def log_message(self, *args):
        pass


print("actions demo listening on", os.environ["PORT"], flush=True)
ThreadingHTTPServer((os.environ.get("HOST", "127.0.0.1"), int(os.environ["PORT"])), Handler).serve_forever()
