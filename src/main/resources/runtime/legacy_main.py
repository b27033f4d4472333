"""Space's legacy Python mode, as space-dev runs it.

A python micro with neither `dev` nor `run` was served by Space from the module-level `app` of
its `main.py`: an ASGI app (FastAPI, Starlette) or a WSGI app (Flask). This script serves that
app on $PORT: through uvicorn when it is installed, otherwise through the standard library
(wsgiref for WSGI, a small asyncio HTTP/1.1 server for ASGI).
"""
import asyncio
import importlib
import inspect
import os
import sys
from urllib.parse import unquote

HOST = "127.0.0.1"
PORT = int(os.environ.get("PORT", "8080"))


def load_app():
    sys.path.insert(0, os.getcwd())
    try:
        module = importlib.import_module("main")
    except ModuleNotFoundError as error:
        if error.name == "main":
            sys.exit("space-dev: no main.py here, and the micro has no dev or run command to start it otherwise")
        raise
    app = getattr(module, "app", None)
    if app is None:
        sys.exit("space-dev: main.py defines no module-level `app` for Space's legacy mode to serve")
    return app


def is_asgi(app):
    if inspect.iscoroutinefunction(app) or inspect.iscoroutinefunction(getattr(app, "__call__", None)):
        return True
    try:
        names = list(inspect.signature(app).parameters)
    except (TypeError, ValueError):
        return False
    return len(names) == 3  # (scope, receive, send); WSGI takes (environ, start_response)


def serve_with_uvicorn(app, asgi):
    import uvicorn

    uvicorn.run(app, host=HOST, port=PORT, interface="asgi3" if asgi else "wsgi", log_level="info")


def serve_wsgi(app):
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    class Handler(WSGIRequestHandler):
        def log_message(self, fmt, *args):
            print("%s %s" % (self.command, self.path), flush=True)

    with make_server(HOST, PORT, without_head_body(app), server_class=ThreadingWSGIServer, handler_class=Handler) as server:
        print(f"serving main:app (WSGI) on {HOST}:{PORT}", flush=True)
        server.serve_forever()


def without_head_body(app):
    """A HEAD answer has a head only: whatever body the app makes for it is read and dropped, never sent."""

    def wrapped(environ, start_response):
        result = app(environ, start_response)
        if environ.get("REQUEST_METHOD") != "HEAD":
            return result
        try:
            for _ in result:  # a generator may call start_response only when iterated
                pass
        finally:
            if hasattr(result, "close"):
                result.close()
        return []

    return wrapped


class AsgiConnection:
    """One keep-alive HTTP/1.1 connection speaking to an ASGI app."""

    def __init__(self, app, reader, writer):
        self.app, self.reader, self.writer = app, reader, writer

    async def run(self):
        try:
            while await self.one_request():
                pass
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            self.writer.close()

    async def one_request(self):
        line = await self.reader.readline()
        if not line:
            return False
        method, target, version = line.decode("latin-1").rstrip("\r\n").split(" ", 2)
        headers = []
        while True:
            h = await self.reader.readline()
            if h in (b"\r\n", b"\n", b""):
                break
            name, _, value = h.decode("latin-1").partition(":")
            headers.append((name.strip().lower().encode("latin-1"), value.strip().encode("latin-1")))
        fields = dict(headers)
        body = await self.read_body(fields)
        path, _, query = target.partition("?")
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": version.split("/")[-1],
            "method": method, "scheme": "http", "path": unquote(path), "raw_path": path.encode("latin-1"),
            "query_string": query.encode("latin-1"), "root_path": "", "headers": headers,
            "client": self.writer.get_extra_info("peername")[:2], "server": (HOST, PORT),
        }
        keep_alive = fields.get(b"connection", b"").lower() != b"close" and version == "HTTP/1.1"
        state = {"sent_body": False, "chunked": False, "started": False, "bodiless": method == "HEAD"}
        delivered = False

        async def receive():
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            await asyncio.Future()  # the client stays connected until we are done

        async def send(message):
            if message["type"] == "http.response.start":
                out = [b"HTTP/1.1 %d \r\n" % message["status"]]
                names = set()
                for name, value in message.get("headers", []):
                    names.add(name.lower())
                    out.append(name + b": " + value + b"\r\n")
                status = message["status"]
                if status < 200 or status in (204, 304):
                    state["bodiless"] = True
                if b"content-length" not in names and not state["bodiless"]:
                    state["chunked"] = True
                    out.append(b"transfer-encoding: chunked\r\n")
                if not keep_alive:
                    out.append(b"connection: close\r\n")
                self.writer.write(b"".join(out) + b"\r\n")
                state["started"] = True
            elif message["type"] == "http.response.body":
                data = message.get("body", b"")
                more = message.get("more_body", False)
                if state["bodiless"]:
                    return  # HEAD, 1xx, 204, 304: no body on the wire, whatever the app sends
                if state["chunked"]:
                    if data:
                        self.writer.write(b"%x\r\n%s\r\n" % (len(data), data))
                    if not more:
                        self.writer.write(b"0\r\n\r\n")
                else:
                    self.writer.write(data)
                await self.writer.drain()

        try:
            await self.app(scope, receive, send)
        except Exception as error:  # the app's own bug: answer 500 as a server would
            print(f"error in app: {error!r}", file=sys.stderr, flush=True)
            if not state["started"]:
                self.writer.write(b"HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
            return False
        print(f"{method} {target}", flush=True)
        return keep_alive

    async def read_body(self, fields):
        if fields.get(b"transfer-encoding", b"").lower() == b"chunked":
            parts = []
            while True:
                size = int((await self.reader.readline()).split(b";")[0], 16)
                if size == 0:
                    await self.reader.readline()
                    return b"".join(parts)
                parts.append(await self.reader.readexactly(size))
                await self.reader.readline()
        length = int(fields.get(b"content-length", b"0") or 0)
        return await self.reader.readexactly(length) if length else b""


async def lifespan(app):
    """Runs the app's startup events (FastAPI's on_event("startup")); apps without lifespan are fine."""
    queue = asyncio.Queue()
    started = asyncio.Event()
    await queue.put({"type": "lifespan.startup"})

    async def receive():
        return await queue.get()

    async def send(message):
        if message["type"].startswith("lifespan.startup"):
            started.set()

    task = asyncio.ensure_future(app({"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send))
    waiter = asyncio.ensure_future(started.wait())
    done, _ = await asyncio.wait([task, waiter], return_when=asyncio.FIRST_COMPLETED)
    if not waiter.done():
        waiter.cancel()  # the app has no lifespan: nobody will set it (a pending task left behind warns at exit)
    if task in done and task.exception() is not None:
        pass  # no lifespan support: that is allowed
    return task  # an app with lifespan waits in it for shutdown: kept referenced while serving


async def serve_asgi(app):
    lifespan_task = await lifespan(app)  # noqa: F841 (held so it is not destroyed while pending)
    server = await asyncio.start_server(lambda r, w: AsgiConnection(app, r, w).run(), HOST, PORT)
    print(f"serving main:app (ASGI) on {HOST}:{PORT}", flush=True)
    async with server:
        await server.serve_forever()


def main():
    app = load_app()
    asgi = is_asgi(app)
    try:
        import uvicorn  # noqa: F401
    except ImportError:
        if asgi:
            asyncio.run(serve_asgi(app))
        else:
            serve_wsgi(app)
        return
    serve_with_uvicorn(app, asgi)


if __name__ == "__main__":
    main()
