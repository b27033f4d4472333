package dev.spacedev.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headless Chromium driven over the DevTools protocol (a WebSocket, with the JDK's own client):
 * open a page, read its console. For tests that must see what a person's browser sees.
 */
final class Chromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final WebSocket page;
    private final AtomicInteger ids = new AtomicInteger();
    private final ConcurrentHashMap<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    final List<String> console = new CopyOnWriteArrayList<>();

    static Optional<String> binary() {
        return List.of("chromium", "chromium-browser", "google-chrome").stream()
                .filter(b -> List.of("/usr/bin/", "/usr/local/bin/").stream().anyMatch(d -> Files.isExecutable(Path.of(d + b)))).findFirst();
    }

    Chromium(Path profile) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        process = new ProcessBuilder(binary().orElseThrow(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--user-data-dir=" + profile, "--remote-debugging-port=" + port, "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolveSibling("chromium.log").toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        JsonNode tabs = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (tabs == null && System.nanoTime() < deadline) {
            try {
                tabs = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
            } catch (IOException e) {
                TimeUnit.MILLISECONDS.sleep(100); // still starting
            }
        }
        String ws = null;
        for (JsonNode t : tabs) {
            if (t.path("type").asText().equals("page")) {
                ws = t.path("webSocketDebuggerUrl").asText();
            }
        }
        page = http.newWebSocketBuilder().buildAsync(URI.create(ws), new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    received(text.toString());
                    text.setLength(0);
                }
                w.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        call("Runtime.enable");
        call("Page.enable");
    }

    private void received(String message) {
        try {
            JsonNode m = JSON.readTree(message);
            if (m.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
                if (f != null) {
                    f.complete(m);
                }
            } else if (m.path("method").asText().equals("Runtime.consoleAPICalled")) {
                StringBuilder line = new StringBuilder();
                m.path("params").path("args").forEach(a -> line.append(line.length() == 0 ? "" : " ").append(a.path("value").asText()));
                console.add(line.toString());
            }
        } catch (IOException e) {
            // not JSON: not from DevTools
        }
    }

    JsonNode call(String method, Object... params) throws Exception {
        int id = ids.incrementAndGet();
        var body = JSON.createObjectNode().put("id", id).put("method", method);
        var p = body.putObject("params");
        for (int i = 0; i + 1 < params.length; i += 2) {
            p.putPOJO((String) params[i], params[i + 1]);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        page.sendText(JSON.writeValueAsString(body), true).get(10, TimeUnit.SECONDS);
        return answer.get(30, TimeUnit.SECONDS);
    }

    void open(String url) throws Exception {
        call("Page.navigate", "url", url);
    }

    @Override
    public void close() {
        page.abort();
        process.destroyForcibly();
    }
}
