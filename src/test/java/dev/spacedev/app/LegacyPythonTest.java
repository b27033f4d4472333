package dev.spacedev.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.testing.Poll;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled server for Space's legacy Python mode (main.py's app), with an ASGI app that has a lifespan, as FastAPI's do. */
class LegacyPythonTest {
    @TempDir
    Path dir;

    @Test
    void anAppWithLifespanIsServedWithoutWarningsAboutItsPendingTask() throws Exception {
        Files.writeString(dir.resolve("main.py"), """
                import gc
                async def app(scope, receive, send):
                    if scope["type"] == "lifespan":
                        while True:
                            m = await receive()
                            if m["type"] == "lifespan.startup":
                                await send({"type": "lifespan.startup.complete"})
                    gc.collect()  # a pending task nobody holds would be destroyed now, and say so
                    await send({"type": "http.response.start", "status": 200, "headers": [[b"content-type", b"text/plain"]]})
                    await send({"type": "http.response.body", "body": b"hello"})
                """);
        int port = freePort();
        Path log = dir.resolve("log.txt");
        Process p = serve(port);
        try {
            HttpClient http = HttpClient.newHttpClient();
            String url = "http://127.0.0.1:" + port + "/";
            assertThat(Poll.until(() -> {
                try {
                    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body()
                            .equals("hello");
                } catch (Exception e) {
                    return false;
                }
            }, Duration.ofSeconds(20))).as(Files.readString(log)).isTrue();
            http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        } finally {
            p.destroy();
            p.waitFor();
        }
        assertThat(Files.readString(log)).contains("serving main:app (ASGI)").doesNotContain("Task was destroyed");
    }

    /** Finding 1: the bundled server sends no body after a HEAD answer, whatever the app makes (ASGI and WSGI). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "async def app(scope, receive, send):\n"
                    + "    if scope['type'] != 'http':\n        return\n"
                    + "    await send({'type': 'http.response.start', 'status': 200, 'headers': [[b'content-type', b'text/plain']]})\n"
                    + "    await send({'type': 'http.response.body', 'body': b'hello'})\n",
            "def app(environ, start_response):\n"
                    + "    start_response('200 OK', [('Content-Type', 'text/plain'), ('Content-Length', '5')])\n"
                    + "    return [b'hello']\n"})
    void aHeadAnswerHasNoBody(String mainPy) throws Exception {
        Files.writeString(dir.resolve("main.py"), mainPy);
        int port = freePort();
        Process p = serve(port); // (where uvicorn is installed it serves instead, and it sends no HEAD body either)
        try {
            assertThat(Poll.until(() -> {
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                    return true;
                } catch (java.io.IOException e) {
                    return false;
                }
            }, Duration.ofSeconds(20))).isTrue();
            String both = exchange(port, "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(both).startsWith("HTTP/1.").doesNotContain("hello");
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    /** The bundled server, on {@code port}, serving this test's main.py; its output in log.txt. */
    private Process serve(int port) throws java.io.IOException {
        Path script = dir.resolve("legacy_main.py");
        try (var in = LegacyPythonTest.class.getResourceAsStream("/runtime/legacy_main.py")) {
            Files.write(script, in.readAllBytes());
        }
        ProcessBuilder pb = new ProcessBuilder("python3", script.toString()).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("log.txt").toFile());
        pb.environment().put("PORT", Integer.toString(port));
        return pb.start();
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Sends {@code request} and reads for a moment: whatever a body after the head would be is there by then. */
    private static String exchange(int port, String request) throws java.io.IOException {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(1000);
            s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = s.getInputStream().read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                }
            } catch (java.net.SocketTimeoutException e) {
                // the connection stays open (keep-alive): read enough
            }
            return out.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }
}
