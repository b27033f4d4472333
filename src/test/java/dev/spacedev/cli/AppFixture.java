package dev.spacedev.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small apps written into temp dirs for the {@code up} integration tests. */
final class AppFixture {
    private AppFixture() {}

    /** A Python micro on the standard library: /env (its environment as JSON), /crash (exits 3), /count, /bytes?n=. */
    static final String PY_MICRO = """
            import json, os, sys
            from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

            class H(BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"
                def reply(self, code, body, ctype="application/json"):
                    data = body.encode()
                    self.send_response(code)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                def do_GET(self):
                    if self.path == "/env":
                        self.reply(200, json.dumps(dict(os.environ)))
                    elif self.path == "/crash":
                        print("about to crash on purpose", flush=True)
                        os._exit(3)
                    elif self.path.startswith("/bytes"):
                        n = int(self.path.split("=")[1])
                        self.send_response(200)
                        self.send_header("Content-Length", str(n))
                        self.end_headers()
                        block = b"x" * 65536
                        while n > 0:
                            self.wfile.write(block[:min(n, len(block))])
                            n -= len(block)
                    else:
                        self.reply(200, json.dumps({"path": self.path}))
                def do_POST(self):
                    if self.path == "/__space/v0/actions":
                        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                        with open("actions.log", "a") as log:
                            log.write(json.dumps({"body": body, "key": self.headers.get("X-API-Key"),
                                                  "type": self.headers.get("Content-Type")}) + "\\n")
                        self.reply(500 if '"fail"' in body else 200, "{}")
                        return
                    left = int(self.headers.get("Content-Length", 0))
                    total = 0
                    while left > 0:
                        chunk = self.rfile.read(min(left, 65536))
                        if not chunk:
                            break
                        total += len(chunk)
                        left -= len(chunk)
                    self.reply(200, str(total), "text/plain")
                def log_message(self, *args):
                    pass

            print("listening on", os.environ["PORT"], flush=True)
            ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
            """;

    static Path write(Path dir, String spacefile) throws IOException {
        Files.writeString(dir.resolve("Spacefile"), spacefile);
        return dir;
    }

    static void pythonMicro(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("server.py"), PY_MICRO);
    }

    /** The token of the sign-in link {@code up} printed (its stderr so far). */
    static String printedToken(String upErr) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("sign in: http://\\S+/__space/login#token=([0-9a-f]{48})").matcher(upErr);
        if (!m.find()) {
            throw new AssertionError("no sign-in link printed:\n" + upErr);
        }
        return m.group(1);
    }

    /** Signs in at {@code appUrl} as the owner's browser does with the printed link (its page posts the token); the Cookie header value. */
    static String signIn(String appUrl, UpProcess up) throws IOException, InterruptedException {
        String token = printedToken(up.err());
        java.net.http.HttpResponse<Void> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(appUrl + "/__space/login")).header("Origin", appUrl)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("token=" + token + "&next=/")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        String setCookie = r.headers().firstValue("set-cookie").orElseThrow(() -> new AssertionError("no session: " + r.statusCode()));
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
