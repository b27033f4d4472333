package dev.spacedev.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.spacedev.testing.Poll;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 7 in a real browser: the owner is signed in; a page on another localhost port (same-site, so
 * its WebSocket carries the owner's cookie) opens a WebSocket to a private micro and is refused, while
 * the app's own page opens the same socket and talks.
 */
class CrossSiteWebSocketIT {
    /** A micro that answers a WebSocket handshake by hand (stdlib only) and says hello. */
    static final String WS_MICRO = """
            import base64, hashlib, os, socket, threading, time
            GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
            def handle(c):
                data = b""
                while b"\\r\\n\\r\\n" not in data:
                    chunk = c.recv(4096)
                    if not chunk:
                        return
                    data += chunk
                keys = [l.split(":", 1)[1].strip() for l in data.decode("latin-1").split("\\r\\n") if l.lower().startswith("sec-websocket-key:")]
                if not keys:
                    c.sendall(b"HTTP/1.1 200 OK\\r\\nContent-Length: 5\\r\\nConnection: close\\r\\n\\r\\nplain")
                    c.close()
                    return
                accept = base64.b64encode(hashlib.sha1((keys[0] + GUID).encode()).digest()).decode()
                c.sendall(("HTTP/1.1 101 Switching Protocols\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\n"
                           "Sec-WebSocket-Accept: " + accept + "\\r\\n\\r\\n").encode() + b"\\x81\\x05hello")
                time.sleep(10)
                c.close()
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", int(os.environ["PORT"])))
            s.listen()
            print("listening", flush=True)
            while True:
                c, _ = s.accept()
                threading.Thread(target=handle, args=(c,), daemon=True).start()
            """;

    static String page(String socketUrl, String who) {
        return "<!doctype html><html><body><script>const ws = new WebSocket(" + socketUrl + ");"
                + "ws.onmessage = e => console.log('" + who + " ws got ' + e.data);"
                + "ws.onerror = () => console.log('" + who + " ws refused');</script></body></html>";
    }

    @TempDir
    Path dir;

    @Test
    void anotherLocalhostPagesWebSocketIsRefusedAndTheAppsOwnWorks() throws Exception {
        Assumptions.assumeTrue(Chromium.binary().isPresent(), "needs chromium");
        Files.createDirectories(dir.resolve("web"));
        Files.writeString(dir.resolve("web/own.html"), page("location.origin.replace('http', 'ws') + '/api/ws'", "own"));
        Files.createDirectories(dir.resolve("api"));
        Files.writeString(dir.resolve("api/ws.py"), WS_MICRO);
        AppFixture.write(dir, "v: 0\nmicros:\n  - name: web\n    src: web\n    engine: static\n    serve: .\n    primary: true\n"
                + "  - name: api\n    src: api\n    engine: python3.9\n    dev: python3 ws.py\n");
        int port = AppFixture.freePort();
        HttpServer evil = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] evilPage = page("'ws://localhost:" + port + "/api/ws'", "evil").getBytes(StandardCharsets.UTF_8);
        evil.createContext("/", x -> {
            x.getResponseHeaders().set("Content-Type", "text/html");
            x.sendResponseHeaders(200, evilPage.length);
            x.getResponseBody().write(evilPage);
            x.close();
        });
        evil.start();
        try (UpProcess up = UpProcess.start(Map.of("SPACE_DEV_HOME", dir.resolve("home").toString()), List.of(), "up",
                "--dir", dir.toString(), "--port", Integer.toString(port));
             Chromium browser = new Chromium(Files.createDirectories(dir.resolve("chromium-profile")))) {
            String url = up.awaitUrl(Duration.ofSeconds(60));
            assertThat(Poll.until(() -> up.err().contains("api is ready"), Duration.ofSeconds(30))).as(up.err()).isTrue();
            // the owner signs in as a person does: the printed link
            browser.open(url + "/__space/login?next=%2Fown.html#token=" + AppFixture.printedToken(up.err()));
            assertThat(Poll.until(() -> browser.console.stream().anyMatch(l -> l.contains("own ws got hello")), Duration.ofSeconds(30)))
                    .as("the app's own page: %s\n%s", browser.console, up.err()).isTrue();

            browser.open("http://localhost:" + evil.getAddress().getPort() + "/evil.html");
            assertThat(Poll.until(() -> browser.console.stream().anyMatch(l -> l.contains("evil ws")), Duration.ofSeconds(30)))
                    .as("console: %s", browser.console).isTrue();
            assertThat(browser.console).anyMatch(l -> l.contains("evil ws refused")).noneMatch(l -> l.contains("evil ws got"));
        } finally {
            evil.stop(0);
        }
    }
}
