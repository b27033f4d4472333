package dev.spacedev.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.files.SpaceDir;
import dev.spacedev.runtime.AccessPolicy;
import dev.spacedev.runtime.AllowedHosts;
import dev.spacedev.runtime.AppKeys;
import dev.spacedev.runtime.Gatekeeper;
import dev.spacedev.runtime.OwnerSessions;
import dev.spacedev.runtime.RoutePattern;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The second red-team pass (issue 23), through the real proxy on real sockets: a micro that sends a
 * body after a HEAD answer, letter case past exclusions, a crashed micro's output, cross-site
 * WebSockets, spoofable headers, other apps' cookies, absolute-form targets, and what the codecs reject.
 */
@ExtendWith(LeakDetection.class)
class SecondPassSecurityTest {
    static final String API_KEY = "the-api-key";

    @TempDir
    Path dir;

    NettyBackend backend;
    HeadBodyMicro sloppy;
    FakeUpstream crashed;
    ProxyServer proxy;
    OwnerSessions sessions;

    @BeforeEach
    void setUp() throws Exception {
        backend = new NettyBackend();
        sloppy = new HeadBodyMicro();
        FakeUpstream api = new FakeUpstream("api", Upstream.Status.READY, backend.port());
        FakeUpstream legacy = new FakeUpstream("legacy", Upstream.Status.READY, sloppy.port());
        crashed = new FakeUpstream("crashy", Upstream.Status.CRASHED, 1);
        crashed.output = List.of("DETA_API_KEY=sekrit-from-the-log");
        sessions = OwnerSessions.inMemory(0, Clock.systemUTC());
        SpaceDir space = new SpaceDir(dir).ensure();
        Router<Target> router = new Router<>(List.of(
                // both public_routes with an exclusion in ../shared/spacefiles (LebCit/blog-doc-space, NYT92/redir)
                new Router.Mount<>("/", new Target.Service(api, new AccessPolicy("web", List.of(RoutePattern.of("/(?!(admin))*")), false))),
                new Router.Mount<>("/redir", new Target.Service(api, new AccessPolicy("redir",
                        List.of(RoutePattern.of("/(?!(dashboard|list|api))*")), false))),
                new Router.Mount<>("/private", new Target.Service(api, new AccessPolicy("private", List.of(), false))),
                new Router.Mount<>("/legacy", new Target.Service(legacy, new AccessPolicy("legacy", List.of(RoutePattern.of("/public*")), false))),
                new Router.Mount<>("/crashy", new Target.Service(crashed, new AccessPolicy("crashy", List.of(RoutePattern.EVERYTHING), false)))));
        proxy = ProxyServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), router,
                ProxyOptions.dev().withAllowedHosts(AllowedHosts.of("127.0.0.1", List.of())),
                Gatekeeper.of(sessions, API_KEY, new AppKeys(space)), null, null);
    }

    @AfterEach
    void tearDown() throws IOException {
        proxy.close();
        backend.close();
        sloppy.close();
    }

    private int port() {
        return proxy.address().getPort();
    }

    private String send(String method, String path, String... headers) throws Exception {
        return RawHttp.send(port(), method, path, headers);
    }

    // 1: a body after a HEAD answer

    @Test
    void bytesAMicroSendsAfterAHeadAnswerNeverBecomeTheNextAnswer() throws Exception {
        // one client connection, so one event loop and one pool: the HEAD, then at once the owner's private GET
        String both = "HEAD /legacy/public/page HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\n\r\n"
                + "GET /legacy/private HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\nX-API-Key: " + API_KEY + "\r\nConnection: close\r\n\r\n";
        for (int i = 0; i < 5; i++) {
            String r = RawHttp.exchange(port(), both);
            assertThat(r).as(r).contains("the private page").doesNotContain("PWNED").doesNotContain("999");
        }
    }

    @Test
    void anAnswerTheCodecRejectsIs502() throws Exception {
        String r = send("GET", "/legacy/garbage", "X-API-Key: " + API_KEY);
        assertThat(r).startsWith("HTTP/1.1 502").contains("not valid HTTP").doesNotContain("999");
    }

    @Test
    void aBadChunkSizeIs400NeverAnEmptyBody() throws Exception {
        String r = RawHttp.exchange(port(), "POST /echo HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\nX-API-Key: " + API_KEY
                + "\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 400");
    }

    // 2: letter case and escapes

    @ParameterizedTest
    @ValueSource(strings = {"/Admin", "/ADMIN/x", "/%41dmin", "/aDmIn/", "/redir/Dashboard", "/redir/LIST", "/redir/Api/x", "/redir/%44ashboard"})
    void exclusionsHoldForEveryLetterCase(String path) throws Exception {
        assertThat(send("GET", path)).startsWith("HTTP/1.1 401");
        assertThat(backend.requests.get()).isZero();
    }

    @Test
    void whatAnExclusionLeavesPublicStaysPublic() throws Exception {
        assertThat(send("GET", "/about")).startsWith("HTTP/1.1 200");
        assertThat(send("GET", "/redir/go/x")).startsWith("HTTP/1.1 200");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/__SPACE/v0/actions", "/__Space/V0/Actions", "/%5F_SPACE/v0/actions", "/redir/__SPACE/v0/actions",
            "/__SPACE/login", "/redir/__space/anything"})
    void runtimePathsInAnyCaseNeverReachAMicroWithoutTheKey(String path) throws Exception {
        assertThat(send("POST", path)).startsWith("HTTP/1.1 403");
        assertThat(backend.requests.get()).isZero();
        assertThat(send("POST", path, "X-API-Key: " + API_KEY)).doesNotStartWith("HTTP/1.1 403");
    }

    // 6: a crashed micro's output

    @Test
    void aMicrosOutputIsShownToTheOwnerOnly() throws Exception {
        assertThat(send("GET", "/crashy/")).startsWith("HTTP/1.1 502").doesNotContain("sekrit");
        String owner = RawHttp.signIn(port(), sessions.runToken());
        assertThat(send("GET", "/crashy/", owner)).startsWith("HTTP/1.1 502").contains("sekrit-from-the-log");
    }

    // 7: WebSockets from other localhost pages

    @Test
    void aWebSocketWithTheOwnersCookieFromAnotherOriginIsRefused() throws Exception {
        String owner = RawHttp.signIn(port(), sessions.runToken());
        String[] upgrade = {"Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="};
        String foreign = send("GET", "/private/ws", concat(upgrade, owner, "Origin: http://localhost:5173"));
        assertThat(foreign).startsWith("HTTP/1.1 403").contains("own pages");
        String own = send("GET", "/private/ws", concat(upgrade, owner, RawHttp.origin(port())));
        assertThat(own).startsWith("HTTP/1.1 101");
    }

    // 11, 12, 13: what a micro receives

    @Test
    void spoofableHeadersAndOtherAppsSessionsNeverReachAMicro() throws Exception {
        String r = send("GET", "/about", "X_Forwarded_For: 6.6.6.6", "X-Forwarded-Port: 1", "X-Forwarded-Ssl: on", "X-Client-IP: 6.6.6.6",
                "True-Client-IP: 6.6.6.6", "CF-Connecting-IP: 6.6.6.6", "X-Original-URL: /admin", "X-Rewrite-URL: /admin",
                "Cookie: space_dev_session_4300=theirs; keep=1; space_dev_session_abcd=db");
        assertThat(r).startsWith("HTTP/1.1 200").doesNotContain("6.6.6.6", "x_forwarded_for", "x-forwarded-port", "x-forwarded-ssl",
                "x-client-ip", "true-client-ip", "cf-connecting-ip", "x-original-url", "x-rewrite-url", "theirs", "=db");
        assertThat(r).contains("cookie: keep=1");
    }

    @Test
    void anAbsoluteTargetSetsTheHostTheMicroSees() throws Exception {
        String r = RawHttp.exchange(port(), "GET http://127.0.0.1:" + port() + "/about HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 200").contains("forwarded: 127.0.0.1 127.0.0.1:" + port() + " ");
    }

    @Test
    void bracketsAroundANameAreNoIpLiteral() throws Exception {
        assertThat(RawHttp.exchange(port(), "GET /about HTTP/1.1\r\nHost: [abc.def]\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 403");
        assertThat(RawHttp.exchange(port(), "GET /about HTTP/1.1\r\nHost: [::1]\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /**
     * A micro as a hand-written {@code do_HEAD = do_GET} is: its HEAD answer is followed, a moment later, by a
     * body that reads as a whole HTTP response. {@code /garbage} answers something that is not HTTP.
     */
    static final class HeadBodyMicro implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

        HeadBodyMicro() throws IOException {
            Thread t = new Thread(this::accept, "head-body-micro");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread t = new Thread(() -> serve(s), "head-body-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                while (true) {
                    String head = readHead(in);
                    if (head == null) {
                        return;
                    }
                    String line = head.substring(0, head.indexOf('\r'));
                    if (line.contains("/garbage")) {
                        out.write("HTTP/1.1 abc what\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        return;
                    }
                    String body = line.startsWith("HEAD") ? "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nPWNED"
                            : "the private page";
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    if (line.startsWith("HEAD")) {
                        Thread.sleep(30); // the body comes a moment after the head, as from two writes
                    }
                    out.write(body.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the proxy closed it
            }
        }

        private static String readHead(InputStream in) throws IOException {
            StringBuilder b = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                b.append((char) c);
                if (b.length() >= 4 && b.substring(b.length() - 4).equals("\r\n\r\n")) {
                    return b.toString();
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
