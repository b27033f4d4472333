package dev.spacedev.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import dev.spacedev.testing.Poll;
import dev.spacedev.runtime.AccessPolicy;
import dev.spacedev.runtime.Gatekeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What dev servers need through the proxy: upgrades, streaming, keep-alive, HTTP/1.1 corners. */
@ExtendWith(LeakDetection.class)
class ProxyFidelityTest {
    NettyBackend backend;
    ProxyServer proxy;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void setUp() throws Exception {
        backend = new NettyBackend();
        proxy = start(ProxyOptions.dev());
    }

    ProxyServer start(ProxyOptions options) throws InterruptedException {
        FakeUpstream api = new FakeUpstream("api", Upstream.Status.READY, backend.port());
        Router<Target> router = new Router<>(List.of(new Router.Mount<>("/", new Target.Service(api, open("api")))));
        // one event loop, so one connection pool: which connection is reused is then certain
        return ProxyServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), router, options.withEventLoops(1), Gatekeeper.off());
    }

    static AccessPolicy open(String micro) {
        return new AccessPolicy(micro, List.of(), false);
    }

    @AfterEach
    void tearDown() {
        backend.releaseEvents();
        proxy.close();
        backend.close();
    }

    int port() {
        return proxy.address().getPort();
    }

    @Test
    void webSocketEchoesWithItsSubprotocol() throws Exception {
        CompletableFuture<String> reply = new CompletableFuture<>();
        WebSocket ws = http.newWebSocketBuilder().subprotocols("vite-hmr")
                .buildAsync(URI.create("ws://127.0.0.1:" + port() + "/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        reply.complete(data.toString());
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        assertThat(ws.getSubprotocol()).isEqualTo("vite-hmr");
        ws.sendText("hello", true);
        assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo("echo: hello");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
    }

    @Test
    void serverSentEventsArriveAsTheyAreSent() throws Exception {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.headers().firstValue("content-type")).contains("text/event-stream");
        BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
        // the micro has not finished the stream: this line can only come from a flushed chunk
        assertThat(lines.readLine()).isEqualTo("data: one");
        backend.releaseEvents();
        assertThat(lines.readLine()).isEmpty();
        assertThat(lines.readLine()).isEqualTo("data: two");
        lines.close();
    }

    @Test
    void connectionsToTheMicroAreReusedAcrossClients() throws Exception {
        for (int i = 0; i < 20; i++) {
            String r = RawHttp.exchange(port(), "GET /echo/" + i + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(r).startsWith("HTTP/1.1 200").contains("GET /echo/" + i + " ");
        }
        assertThat(backend.connections.get()).isEqualTo(1);
    }

    @Test
    void idleConnectionsAreClosedBeforeNodeWouldCloseThem() throws Exception {
        assertThat(RawHttp.exchange(port(), "GET /echo HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
        assertThat(backend.closed.get()).as("pooled, still open").isZero();
        assertThat(Poll.until(() -> backend.closed.get() == 1, java.time.Duration.ofSeconds(10)))
                .as("closed by the proxy's idle sweep").isTrue();
        assertThat(ProxyOptions.dev().backendIdleTimeout()).isLessThan(java.time.Duration.ofSeconds(5));
    }

    @Test
    void anIdempotentRequestOnAStaleConnectionIsRetriedOnce() throws Exception {
        assertThat(RawHttp.exchange(port(), "GET /flaky HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
        // the pooled connection now drops its next request unanswered, as a micro whose keep-alive just expired
        String again = RawHttp.exchange(port(), "GET /flaky HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(again).startsWith("HTTP/1.1 200");
        assertThat(backend.connections.get()).isEqualTo(2);
    }

    @Test
    void aNonIdempotentRequestOnAStaleConnectionIsNotRetried() throws Exception {
        RawHttp.exchange(port(), "POST /flaky HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi");
        String again = RawHttp.exchange(port(), "POST /flaky HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi");
        assertThat(again).startsWith("HTTP/1.1 502").contains("closed the connection before answering, after the request had reached it:"
                + " it may have been applied.").containsIgnoringCase("X-Space-Dev-Request-Sent: yes");
    }

    @Test
    void expectContinue() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 100 Continue");
            assertThat(in.readLine()).isEmpty();
            out.write("hello".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
            StringBuilder rest = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                rest.append(line).append('\n');
            }
            assertThat(rest).contains("POST /echo 5 bytes");
        }
    }

    @Test
    void headResponsesHaveNoBodyAndTheConnectionStaysInFrame() throws Exception {
        String r = RawHttp.exchange(port(), "HEAD /chunked HTTP/1.1\r\nHost: localhost\r\n\r\nGET /echo/next HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        String[] responses = r.split("HTTP/1.1 200 OK");
        assertThat(responses).hasSize(3);
        assertThat(responses[1]).doesNotContain("bytes");
        assertThat(responses[2]).contains("GET /echo/next 0 bytes");
    }

    @Test
    void chunkedRequestBodiesAndResponseTrailersPassThrough() throws Exception {
        String r = RawHttp.exchange(port(), "POST /echo HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\nGET /trailer HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(r).contains("POST /echo 11 bytes").containsIgnoringCase("x-checksum: abc123").endsWith("[closed]");
    }

    @Test
    void http10GetsAKeepAliveOnlyWhenItAsks() throws Exception {
        assertThat(RawHttp.exchange(port(), "GET /echo HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.1 200").endsWith("[closed]");
        String kept = RawHttp.exchange(port(), "GET /echo HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        assertThat(kept).containsIgnoringCase("connection: keep-alive").doesNotEndWith("[closed]");
    }

    @Test
    void aMicroDyingMidResponseClosesTheClient() throws Exception {
        String r = RawHttp.exchange(port(), "GET /partial HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 200").contains("only ten b").endsWith("[closed]");
    }

    @Test
    void strictModeTimesOutSlowMicrosWith504() throws Exception {
        proxy.close();
        proxy = start(ProxyOptions.dev().withLimits(Optional.of(Duration.ofMillis(300)), OptionalLong.empty()));
        String r = RawHttp.exchange(port(), "GET /slow HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 504").contains("Micro \"api\" did not start its response in time.");
    }

    @Test
    void strictModeRefusesBodiesOverTheLimitWith413() throws Exception {
        proxy.close();
        proxy = start(ProxyOptions.dev().withLimits(Optional.empty(), OptionalLong.of(10)));
        assertThat(RawHttp.exchange(port(), "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 11\r\n\r\n"))
                .startsWith("HTTP/1.1 413").endsWith("[closed]");
        assertThat(RawHttp.exchange(port(), "POST /echo HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "6\r\nhello \r\n6\r\nworld!\r\n0\r\n\r\n")).startsWith("HTTP/1.1 413").endsWith("[closed]");
        assertThat(RawHttp.exchange(port(), "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\nConnection: close\r\n\r\n0123456789"))
                .startsWith("HTTP/1.1 200");
    }

    @Test
    void hostileHeadsAreAnsweredWhileOthersAreServed() throws Exception {
        int before = backend.requests.get();
        String huge = "GET /echo HTTP/1.1\r\nHost: localhost\r\n" + "X-Filler: " + "a".repeat(17 * 1024) + "\r\n\r\n";
        assertThat(RawHttp.exchange(port(), huge)).startsWith("HTTP/1.1 431").endsWith("[closed]");
        assertThat(RawHttp.exchange(port(), "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n")).startsWith("HTTP/1.1 414");
        assertThat(RawHttp.exchange(port(), "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n0\r\n\r\n")).startsWith("HTTP/1.1 400").endsWith("[closed]");
        assertThat(RawHttp.exchange(port(), "GET  HTTP/1.1 extra\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(RawHttp.exchange(port(), "\u0001\u0002garbage\r\n\r\n")).startsWith("HTTP/1.1 400");
        assertThat(backend.requests.get()).as("none of them reached the micro").isEqualTo(before);
        assertThat(RawHttp.exchange(port(), "GET /echo/ok HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
    }

    @Test
    void aSlowlorisIsCutOffAndDoesNotHoldUpOthers() throws Exception {
        proxy.close();
        proxy = start(ProxyOptions.dev().withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300)));
        try (Socket slow = new Socket(InetAddress.getLoopbackAddress(), port())) {
            slow.getOutputStream().write("GET /echo HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
            slow.getOutputStream().flush();
            assertThat(RawHttp.exchange(port(), "GET /echo/other HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
            slow.setSoTimeout(5000);
            assertThat(slow.getInputStream().read()).as("closed by the proxy").isEqualTo(-1);
        }
    }

    @Test
    void aThousandConcurrentConnections() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), port());
                s.setSoTimeout(30_000);
                sockets.add(s);
            }
            for (int i = 0; i < sockets.size(); i++) {
                sockets.get(i).getOutputStream().write(("GET /echo/" + i + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
            }
            int ok = 0;
            for (int i = 0; i < sockets.size(); i++) {
                String response = new String(sockets.get(i).getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                if (response.startsWith("HTTP/1.1 200") && response.contains("GET /echo/" + i + " ")) {
                    ok++;
                }
            }
            assertThat(ok).isEqualTo(1000);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
