package dev.spacedev.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.runtime.AccessPolicy;
import dev.spacedev.runtime.AllowedHosts;
import dev.spacedev.runtime.AppKeys;
import dev.spacedev.runtime.Gatekeeper;
import dev.spacedev.runtime.OwnerSessions;
import dev.spacedev.runtime.RoutePattern;
import dev.spacedev.files.SpaceDir;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An attacker's view of the runtime, through the real proxy: spellings of a path that must not
 * reach a private route, foreign Host names (DNS rebinding), cross-site writes, sessions, and the
 * project's own files on a static micro that serves the whole project.
 */
@ExtendWith(LeakDetection.class)
class SecurityTest {
    static final String API_KEY = "the-api-key";
    static final String PROJECT_KEY = "abcd_secret";

    @TempDir
    Path dir;

    NettyBackend backend;
    NettyBackend dataService;
    ProxyServer proxy;
    OwnerSessions sessions;

    @BeforeEach
    void setUp() throws Exception {
        start(false);
    }

    void start(boolean tokenRequired) throws Exception {
        backend = new NettyBackend();
        dataService = new NettyBackend();
        FakeUpstream api = new FakeUpstream("api", Upstream.Status.READY, backend.port());
        // a public Space app's shape: the static primary serves the project folder itself
        Path project = dir;
        Files.writeString(project.resolve("index.html"), "home");
        Files.createDirectories(project.resolve("admin"));
        Files.writeString(project.resolve("admin/index.html"), "the admin page");
        Files.writeString(project.resolve(".env"), "SECRET=1");
        Files.createDirectories(project.resolve(".git"));
        Files.writeString(project.resolve(".git/config"), "[remote]");
        Files.createDirectories(project.resolve(".well-known"));
        Files.writeString(project.resolve(".well-known/security.txt"), "Contact: me");
        SpaceDir space = new SpaceDir(project).ensure();
        Files.writeString(space.keysFile(), "DETA_API_KEY=" + API_KEY);
        Files.deleteIfExists(project.resolve("innocent.txt"));
        Files.createSymbolicLink(project.resolve("innocent.txt"), project.resolve(".git/config"));
        sessions = tokenRequired ? OwnerSessions.inMemory(0, Clock.systemUTC()) : OwnerSessions.forProject(space, 0);
        Router<Target> router = new Router<>(List.of(
                new Router.Mount<>("/", new Target.StaticSite("web", new StaticFiles(project),
                        new AccessPolicy("web", List.of(RoutePattern.of("/(?!(admin))*")), false))),
                new Router.Mount<>("/api", new Target.Service(api, new AccessPolicy("api", List.of(RoutePattern.of("/public/*")), false)))));
        proxy = ProxyServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), router,
                ProxyOptions.dev().withAllowedHosts(AllowedHosts.of("127.0.0.1", List.of("myapp.test"))),
                Gatekeeper.of(sessions, API_KEY, new AppKeys(space)),
                new DataRoute(new InetSocketAddress(InetAddress.getLoopbackAddress(), dataService.port()), PROJECT_KEY), null);
    }

    @AfterEach
    void tearDown() {
        proxy.close();
        backend.close();
        dataService.close();
    }

    private String host() {
        return "127.0.0.1:" + proxy.address().getPort();
    }

    private String send(String method, String path, String... headers) throws Exception {
        StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        boolean hostGiven = false;
        for (String h : headers) {
            req.append(h).append("\r\n");
            hostGiven |= h.regionMatches(true, 0, "Host:", 0, 5);
        }
        if (!hostGiven) {
            req.append("Host: ").append(host()).append("\r\n");
        }
        req.append("Connection: close\r\n");
        if (!method.equals("GET") && !method.equals("HEAD")) {
            req.append("Content-Length: 0\r\n");
        }
        return RawHttp.exchange(proxy.address().getPort(), req.append("\r\n").toString());
    }

    private String signIn() throws Exception {
        String r = RawHttp.postForm(proxy.address().getPort(), "/__space/login", "token=" + sessions.runToken(), "Origin: http://" + host());
        Matcher m = Pattern.compile("set-cookie: (space_dev_session_0=[0-9a-f]+);").matcher(r);
        assertThat(m.find()).as(r).isTrue();
        return "Cookie: " + m.group(1);
    }

    // 0: the project's own files

    @ParameterizedTest
    @ValueSource(strings = {"/.space/keys", "/.space/sessions", "/.space/lock", "/.env", "/.git/config", "/%2Espace/keys",
            "/innocent.txt", "/.space/", "/.git/"})
    void spaceDevsFilesAndDotfilesAreNeverServed(String path) throws Exception {
        String r = send("GET", path);
        assertThat(r).startsWith("HTTP/1.1 404").doesNotContain(API_KEY, "[remote]", "SECRET");
    }

    @Test
    void wellKnownIsServedAndTheSessionIsNoFileAnyMore() throws Exception {
        assertThat(send("GET", "/.well-known/security.txt")).startsWith("HTTP/1.1 200").contains("Contact: me");
        signIn();
        assertThat(dir.resolve(".space/session")).doesNotExist();
        String stored = Files.readString(dir.resolve(".space/sessions"));
        assertThat(stored).containsPattern("[0-9a-f]{64}\t\\d+"); // a hash and an expiry, never the cookie's value
    }

    // 1: a path is judged as the micro will see it

    @ParameterizedTest
    @ValueSource(strings = {"/api/public/%2e%2e/admin", "/api/public/%2E%2E/admin", "/api/public/..%2fadmin", "/api/%61dmin",
            "/api/public/..\\admin", "/api/public/%5c..%5cadmin", "/api/public/%00/../admin", "/%61pi/admin"})
    void encodedPathsDoNotWalkPastPublicRoutes(String path) throws Exception {
        String r = send("GET", path);
        assertThat(r).matches("(?s)HTTP/1.1 (400|401) .*");
        assertThat(backend.requests.get()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/%61dmin/", "/admin%2Findex.html", "/x/%2e%2e/admin/", "/%61dmin/index.html"})
    void aStaticMicrosPrivateFolderStaysPrivate(String path) throws Exception {
        assertThat(send("GET", path)).matches("(?s)HTTP/1.1 (400|401) .*").doesNotContain("the admin page");
        assertThat(send("GET", "/admin/", signIn())).contains("the admin page");
    }

    @Test
    void theActionsPathIsRuntimeOnlyHoweverSpelt() throws Exception {
        assertThat(send("POST", "/%5f_space/v0/actions")).startsWith("HTTP/1.1 403").contains("runtime only");
        assertThat(send("POST", "/__space/v0/actions", signIn())).startsWith("HTTP/1.1 403");
        assertThat(send("POST", "/api/%5F%5Fspace/v0/actions")).startsWith("HTTP/1.1 403");
    }

    @Test
    void theMicroReceivesTheCanonicalPath() throws Exception {
        assertThat(send("GET", "/api/public/%7e%61/./b/../c%20d?q=%2F", "X-API-Key: " + API_KEY))
                .contains("GET /public/~a/c%20d?q=%2F 0 bytes");
    }

    // 2: the Host

    @ParameterizedTest
    @ValueSource(strings = {"evil.example", "evil.example:4200", "localhost.evil.example", "127.0.0.1.nip.io"})
    void foreignHostsGet403NamingTheFlag(String hostHeader) throws Exception {
        String r = send("GET", "/api/public/x", "Host: " + hostHeader);
        assertThat(r).startsWith("HTTP/1.1 403").contains("--allowed-host");
        assertThat(send("POST", "/__space/login", "Host: " + hostHeader, "Origin: http://" + hostHeader)).startsWith("HTTP/1.1 403")
                .doesNotContain("set-cookie");
        assertThat(send("GET", "/__space/v0/base/v1/x/b/items/k", "Host: " + hostHeader)).startsWith("HTTP/1.1 403");
        assertThat(backend.requests.get() + dataService.requests.get()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:1", "LOCALHOST", "app.localhost", "127.0.0.1", "[::1]:80", "192.168.1.20:4200", "myapp.test:8080"})
    void theAppsOwnNamesPass(String hostHeader) throws Exception {
        assertThat(send("GET", "/api/public/x", "Host: " + hostHeader)).startsWith("HTTP/1.1 200");
    }

    @Test
    void twoHostHeadersAre400() throws Exception {
        assertThat(send("GET", "/api/public/x", "Host: localhost", "Host: evil.example")).startsWith("HTTP/1.1 400");
    }

    @Test
    void anAbsoluteTargetIsCheckedAsTheHost() throws Exception {
        assertThat(send("GET", "http://evil.example/api/public/x", "Host: localhost")).startsWith("HTTP/1.1 403");
    }

    // 3: sessions

    @Test
    void signOutRevokesTheSessionAndTheCookieNeverReachesAMicro() throws Exception {
        String cookie = signIn();
        String other = signIn();
        assertThat(cookie).isNotEqualTo(other);
        assertThat(send("GET", "/api/private", cookie, "Accept: text/html")).startsWith("HTTP/1.1 200").contains("cookie: null");
        assertThat(send("POST", "/__space/logout", cookie, "Origin: http://" + host())).startsWith("HTTP/1.1 303");
        assertThat(send("GET", "/api/private", cookie)).startsWith("HTTP/1.1 401");
        assertThat(send("GET", "/api/private", cookie, "Accept: text/html")).startsWith("HTTP/1.1 303").contains("/__space/login");
        assertThat(send("GET", "/api/private", other)).as("another session lives on").startsWith("HTTP/1.1 200");
    }

    @Test
    void theProjectsOldSecretIsNoSession() throws Exception {
        assertThat(send("GET", "/api/private", "Cookie: space_dev_session_0=" + "0".repeat(48))).startsWith("HTTP/1.1 401");
        assertThat(OwnerSessions.cookieName(4200)).isEqualTo("space_dev_session_4200");
    }

    // 4: cross-site requests

    @Test
    void signInNeedsTheTokenWhateverTheOrigin() throws Exception {
        int port = proxy.address().getPort();
        assertThat(send("POST", "/__space/login")).as("no Origin, no token").startsWith("HTTP/1.1 403");
        assertThat(send("POST", "/__space/login", "Sec-Fetch-Site: same-origin")).as("the old button").startsWith("HTTP/1.1 403");
        assertThat(send("POST", "/__space/login", "Origin: https://" + host())).startsWith("HTTP/1.1 403");
        assertThat(RawHttp.postForm(port, "/__space/login", "token=" + sessions.runToken(), "Origin: null")).startsWith("HTTP/1.1 303");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/%09/evil.example", "/\t/evil.example", "/%5C/evil.example", "\\\\evil.example", "/%2F/evil.example",
            "https://evil.example", "//evil.example", "/%0a/evil.example", "/./%2f/evil.example"})
    void nextNeverLeavesTheOrigin(String next) throws Exception {
        String encoded = java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8);
        String r = RawHttp.postForm(proxy.address().getPort(), "/__space/login?next=" + encoded, "token=" + sessions.runToken(),
                "Origin: http://" + host());
        Matcher m = Pattern.compile("location: (.*)\r\n").matcher(r);
        assertThat(m.find()).as(r).isTrue();
        String location = m.group(1).replaceAll("[\\t\\n\\r]", "").replace('\\', '/');
        assertThat(location).startsWith("/").doesNotStartWith("//").doesNotContain("evil.example/");
    }

    @Test
    void theBrowsersDataPathRefusesCrossSiteWrites() throws Exception {
        String cookie = signIn();
        String items = "/__space/v0/base/v1/dummy/notes/items";
        assertThat(send("PUT", items, cookie, "Content-Type: application/json", "Origin: http://evil.example")).startsWith("HTTP/1.1 403");
        assertThat(send("PUT", items, cookie, "Content-Type: application/json")).as("no Origin").startsWith("HTTP/1.1 403");
        assertThat(send("PUT", items, cookie, "Content-Type: text/plain", "Origin: http://" + host())).startsWith("HTTP/1.1 415");
        assertThat(send("POST", "/__space/v0/base/v1/dummy/notes/query", cookie, "Content-Type: application/x-www-form-urlencoded",
                "Origin: http://" + host())).startsWith("HTTP/1.1 415");
        assertThat(dataService.requests.get()).isZero();
        String ok = send("PUT", items, cookie, "Content-Type: application/json", "Origin: http://" + host());
        assertThat(ok).startsWith("HTTP/1.1 200").contains("PUT /v1/abcd/notes/items").contains("api-key: " + PROJECT_KEY)
                .contains("cookie: null");
        assertThat(send("GET", "/__space/v0/drive/v1/dummy/d/files?limit=1", cookie)).startsWith("HTTP/1.1 200");
        assertThat(send("GET", "/__space/v0/drive/v1/dummy/d/files")).as("not signed in").startsWith("HTTP/1.1 401");
    }

    // 5: beyond loopback

    @Test
    void aWrongTokenIsRefusedAndTheRightOneOnlyByPost() throws Exception {
        tearDown();
        start(true);
        String page = send("GET", "/__space/login", "Accept: text/html");
        assertThat(page).startsWith("HTTP/1.1 200").contains("name=\"token\"", "space-dev login");
        int port = proxy.address().getPort();
        assertThat(RawHttp.postForm(port, "/__space/login", "token=wrong", "Origin: http://" + host())).startsWith("HTTP/1.1 403")
                .contains("not this app's").doesNotContain("set-cookie");
        assertThat(send("GET", "/__space/login?token=" + sessions.runToken() + "&next=/api/x")).startsWith("HTTP/1.1 200")
                .doesNotContain("set-cookie");
        assertThat(RawHttp.postForm(port, "/__space/login", "token=" + sessions.runToken() + "&next=/api/x")).startsWith("HTTP/1.1 303")
                .contains("location: /api/x").contains("set-cookie: space_dev_session_0=");
    }

    // 8: forwarding headers

    @Test
    void forwardingHeadersAClientSendsAreReplaced() throws Exception {
        String r = send("GET", "/api/public/h", "X-Forwarded-For: 6.6.6.6", "X-Real-IP: 6.6.6.6", "Forwarded: for=6.6.6.6;proto=https",
                "X-Forwarded-Proto: https");
        assertThat(r).startsWith("HTTP/1.1 200").contains("real-ip: 127.0.0.1", "proto: http\n",
                "rfc7239: for=127.0.0.1;proto=http;host=\"" + host() + "\"").doesNotContain("6.6.6.6");
    }
}
