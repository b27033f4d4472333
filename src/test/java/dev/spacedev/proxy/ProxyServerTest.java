package dev.spacedev.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import dev.spacedev.runtime.AccessPolicy;
import dev.spacedev.runtime.Gatekeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The proxy in-process against real sockets: routing, headers, streaming, static files, errors. */
@ExtendWith(LeakDetection.class)
class ProxyServerTest {
    @TempDir
    Path dir;

    TestBackend backend;
    FakeUpstream api;
    FakeUpstream starting;
    FakeUpstream down;
    FakeUpstream refused;
    ProxyServer proxy;
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void setUp() throws Exception {
        backend = new TestBackend();
        api = new FakeUpstream("api", Upstream.Status.READY, backend.port());
        starting = new FakeUpstream("slow", Upstream.Status.STARTING, backend.port());
        down = new FakeUpstream("crashy", Upstream.Status.DOWN, backend.port());
        down.output = List.of("Traceback (most recent call last):", "ZeroDivisionError: <boom>");
        refused = new FakeUpstream("gone", Upstream.Status.READY, closedPort());
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<h1>home</h1>");
        Files.writeString(site.resolve("app.js"), "console.log(1)");
        Files.createDirectories(site.resolve("docs"));
        Files.writeString(site.resolve("docs/index.html"), "docs");
        Files.writeString(dir.resolve("secret.txt"), "secret");
        Router<Target> router = new Router<>(List.of(
                new Router.Mount<>("/", new Target.StaticSite("web", new StaticFiles(site), open("web"))),
                new Router.Mount<>("/api", new Target.Service(api, open("api"))),
                new Router.Mount<>("/slow", new Target.Service(starting, open("starting"))),
                new Router.Mount<>("/crashy", new Target.Service(down, open("down"))),
                new Router.Mount<>("/gone", new Target.Service(refused, open("refused")))));
        proxy = ProxyServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), router, ProxyOptions.dev().withReadyWait(Duration.ofMillis(500)), Gatekeeper.off());
    }

    static AccessPolicy open(String micro) {
        return new AccessPolicy(micro, List.of(), false);
    }

    @AfterEach
    void tearDown() {
        proxy.close();
        backend.close();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + proxy.address().getPort() + path);
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void stripsThePrefixAndAddsForwardedHeaders() throws Exception {
        HttpResponse<String> r = get("/api/users/7?q=1", "X-Forwarded-Proto", "https");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("GET /users/7?q=1\n")
                .contains("host=127.0.0.1:" + proxy.address().getPort())
                .contains("x-forwarded-for=127.0.0.1", "x-forwarded-proto=http", "x-forwarded-prefix=/api",
                        "x-forwarded-host=127.0.0.1:" + proxy.address().getPort());
        assertThat(get("/api").body()).startsWith("GET /\n");
    }

    @Test
    void removesHopByHopHeaders() throws Exception {
        String response = RawHttp.exchange(proxy.address().getPort(), "GET /api/h HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close, X-Secret-Hop\r\nX-Secret-Hop: 1\r\nKeep-Alive: 5\r\nTE: trailers\r\nProxy-Authorization: p\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200").contains("[closed]").doesNotContain("x-secret-hop", "keep-alive=",
                "te=", "proxy-authorization");
    }

    @Test
    void streamsLargeBodiesBothWays() throws Exception {
        long size = 50L * 1024 * 1024;
        HttpResponse<String> up = http.send(HttpRequest.newBuilder(uri("/api/count"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ZeroBytes(size))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(up.body()).isEqualTo(Long.toString(size));

        HttpResponse<InputStream> down = http.send(HttpRequest.newBuilder(uri("/api/bytes?n=" + size)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long got = 0;
        try (InputStream in = down.body()) {
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                got += n;
            }
        }
        assertThat(got).isEqualTo(size);
    }

    @Test
    void keepsTheClientConnectionAliveAcrossMicros() throws Exception {
        String two = RawHttp.exchange(proxy.address().getPort(), "GET /api/a HTTP/1.1\r\nHost: localhost\r\n\r\n"
                + "GET /app.js HTTP/1.1\r\nHost: localhost\r\n\r\nGET /api/b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(two).contains("GET /a\n", "console.log(1)", "GET /b\n").endsWith("[closed]");
        assertThat(two.split("HTTP/1.1 200", -1)).hasSize(4);
    }

    @Test
    void http10ClientsGetTheBodyAndAClose() throws Exception {
        String r = RawHttp.exchange(proxy.address().getPort(), "GET /api/bytes?n=10 HTTP/1.0\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("transfer-encoding").endsWith("[closed]");
    }

    @Test
    void staticFilesWithValidators() throws Exception {
        HttpResponse<String> r = get("/app.js");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains("text/javascript; charset=utf-8");
        String etag = r.headers().firstValue("etag").orElseThrow();
        assertThat(get("/app.js", "If-None-Match", etag).statusCode()).isEqualTo(304);
        String lastModified = r.headers().firstValue("last-modified").orElseThrow();
        assertThat(get("/app.js", "If-Modified-Since", lastModified).statusCode()).isEqualTo(304);
        HttpResponse<String> part = get("/app.js", "Range", "bytes=0-6");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo("console");
        assertThat(part.headers().firstValue("content-range")).contains("bytes 0-6/14");
        assertThat(get("/app.js", "Range", "bytes=99-").statusCode()).isEqualTo(416);
        assertThat(get("/").body()).isEqualTo("<h1>home</h1>");
        assertThat(get("/missing").statusCode()).isEqualTo(404);
        HttpResponse<Void> head = http.send(HttpRequest.newBuilder(uri("/app.js")).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.discarding());
        assertThat(head.headers().firstValue("content-length")).contains("14");
    }

    @Test
    void directoryWithoutSlashIsRedirected() throws Exception {
        HttpResponse<String> r = get("/docs");
        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(r.headers().firstValue("location")).contains("/docs/");
    }

    @Test
    void traversalAttemptsThroughTheProxy() throws Exception {
        for (String attack : List.of("/../secret.txt", "/%2e%2e/secret.txt")) {
            String r = RawHttp.exchange(proxy.address().getPort(), "GET " + attack + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(r).as(attack).doesNotContain("secret").startsWith("HTTP/1.1 404");
        }
        for (String attack : List.of("/%2e%2e%2fsecret.txt", "/..%5csecret.txt", "/docs/..%2f..%2fsecret.txt")) {
            String r = RawHttp.exchange(proxy.address().getPort(), "GET " + attack + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(r).as(attack).doesNotContain("secret").startsWith("HTTP/1.1 400");
        }
    }

    @Test
    void refusedConnectionIs502NamingTheMicro() throws Exception {
        HttpResponse<String> r = get("/gone/x");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).startsWith("502 Micro \"gone\" did not answer. Its port " + refused.port + " refused the connection.");
        assertThat(r.headers().firstValue("X-Space-Dev-Request-Sent")).contains("no"); // never reached it: safe to send again
    }

    @Test
    void downMicroIs502WithItsLastOutputAsHtmlForBrowsers() throws Exception {
        HttpResponse<String> r = get("/crashy/", "Accept", "text/html,application/xhtml+xml");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
        assertThat(r.body()).contains("Micro &quot;crashy&quot; is not running.", "ZeroDivisionError: &lt;boom&gt;");
        HttpResponse<String> plain = get("/crashy/");
        assertThat(plain.body()).startsWith("502 Micro \"crashy\" is not running.\n").contains("  ZeroDivisionError: <boom>");
    }

    @Test
    void requestsWaitForAStartingMicro() throws Exception {
        var pending = http.sendAsync(HttpRequest.newBuilder(uri("/slow/ping")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(dev.spacedev.testing.Poll.until(() -> starting.waiting.get() == 1, java.time.Duration.ofSeconds(10))).isTrue();
        assertThat(pending).as("held").isNotDone();
        starting.becomeReady();
        assertThat(pending.get().statusCode()).isEqualTo(200);
        assertThat(pending.get().body()).startsWith("GET /ping\n");
    }

    @Test
    void aMicroThatNeverGetsReadyIs503() throws Exception {
        HttpResponse<String> r = get("/slow/ping");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).startsWith("503 Micro \"slow\" is still starting. It did not accept connections within 500 ms.");
    }

    @Test
    void aMicroThatDiesWhileStartingIs502AtOnce() throws Exception {
        var pending = http.sendAsync(HttpRequest.newBuilder(uri("/slow/ping")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(dev.spacedev.testing.Poll.until(() -> starting.waiting.get() == 1, java.time.Duration.ofSeconds(10))).isTrue();
        starting.status = Upstream.Status.DOWN;
        starting.ready.completeExceptionally(new IllegalStateException("exited"));
        assertThat(pending.get().statusCode()).isEqualTo(502);
    }

    @Test
    void malformedRequestIs400() throws Exception {
        String r = RawHttp.exchange(proxy.address().getPort(), "GARBAGE\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 400").endsWith("[closed]");
    }
}
