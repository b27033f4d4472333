package dev.spacedev.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.runtime.AccessPolicy;
import dev.spacedev.runtime.AppKeys;
import dev.spacedev.runtime.Gatekeeper;
import dev.spacedev.runtime.OwnerSessions;
import dev.spacedev.runtime.RoutePattern;
import dev.spacedev.files.SpaceDir;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Space's access rules, through the real proxy to a real micro. */
@ExtendWith(LeakDetection.class)
class AuthTest {
    static final String API_KEY = "the-api-key";

    @TempDir
    Path dir;

    NettyBackend backend;
    ProxyServer proxy;
    AppKeys appKeys;
    OwnerSessions session;

    @BeforeEach
    void setUp() throws Exception {
        backend = new NettyBackend();
        FakeUpstream upstream = new FakeUpstream("api", Upstream.Status.READY, backend.port());
        FakeUpstream keyed = new FakeUpstream("keyed", Upstream.Status.READY, backend.port());
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("index.html"), "home");
        appKeys = new AppKeys(new SpaceDir(dir).ensure());
        session = OwnerSessions.inMemory(0, java.time.Clock.systemUTC());
        Router<Target> router = new Router<>(List.of(
                new Router.Mount<>("/", new Target.StaticSite("web", new StaticFiles(site),
                        new AccessPolicy("web", List.of(), false))),
                new Router.Mount<>("/api", new Target.Service(upstream, new AccessPolicy("api",
                        List.of(RoutePattern.of("/public/*"), RoutePattern.of("/(?!(admin))*x")), false))),
                new Router.Mount<>("/keyed", new Target.Service(keyed, new AccessPolicy("keyed", List.of(), true))),
                new Router.Mount<>("/open", new Target.Service(upstream, new AccessPolicy("open", List.of(RoutePattern.EVERYTHING), false)))));
        proxy = ProxyServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), router, ProxyOptions.dev(),
                Gatekeeper.of(session, API_KEY, appKeys));
    }

    @AfterEach
    void tearDown() {
        proxy.close();
        backend.close();
    }

    private String send(String method, String path, String... headers) throws Exception {
        return RawHttp.send(proxy.address().getPort(), method, path, headers);
    }

    private String origin() {
        return RawHttp.origin(proxy.address().getPort());
    }

    /** Signs in as the owner's browser would, and returns the Cookie header that session sends. */
    private String signIn() throws Exception {
        return RawHttp.signIn(proxy.address().getPort(), session.runToken());
    }

    @Test
    void privateByDefault_scriptsGet401NamingTheMicroAndTheFix() throws Exception {
        assertThat(send("GET", "/api/admin")).startsWith("HTTP/1.1 401").contains("401 Micro \"api\" is private. Route /admin needs"
                + " the owner's session (sign in at /__space/login), X-API-Key; to make it public, add \"/admin\" to the micro's"
                + " public_routes in the Spacefile.");
        assertThat(send("GET", "/")).startsWith("HTTP/1.1 401").contains("Micro \"web\"");
        assertThat(backend.requests.get()).isZero();
    }

    @Test
    void browsersAreSentToSignInAndComeBackSignedIn() throws Exception {
        String nav = send("GET", "/api/admin?tab=1", "Accept: text/html,application/xhtml+xml");
        assertThat(nav).startsWith("HTTP/1.1 303").contains("location: /__space/login?next=%2Fapi%2Fadmin%3Ftab%3D1");
        String page = send("GET", "/__space/login?next=%2Fapi%2Fadmin%3Ftab%3D1", "Accept: text/html");
        assertThat(page).startsWith("HTTP/1.1 200").contains("<form method=\"post\" action=\"/__space/login\">",
                "name=\"next\" value=\"/api/admin?tab=1\"", "Sign in as the owner", "space-dev login");
        String signIn = RawHttp.postForm(proxy.address().getPort(), "/__space/login",
                "token=" + session.runToken() + "&next=%2Fapi%2Fadmin%3Ftab%3D1", origin());
        assertThat(signIn).startsWith("HTTP/1.1 303").contains("location: /api/admin?tab=1")
                .containsPattern("set-cookie: space_dev_session_0=[0-9a-f]{48}; Max-Age=2592000;")
                .containsIgnoringCase("Path=/; HttpOnly; SameSite=Lax");
        String cookie = signIn.replaceAll("(?s).*set-cookie: (space_dev_session_0=[0-9a-f]+);.*", "$1");
        assertThat(send("GET", "/api/admin", "Cookie: other=1; " + cookie)).startsWith("HTTP/1.1 200")
                .contains("GET /admin 0 bytes").contains("cookie: other=1\n").doesNotContain(cookie);
    }

    @Test
    void noTokenNoSessionEvenOnLoopback() throws Exception {
        assertThat(send("POST", "/__space/login", origin())).startsWith("HTTP/1.1 403").doesNotContain("set-cookie");
        assertThat(RawHttp.postForm(proxy.address().getPort(), "/__space/login", "token=" + "0".repeat(48), origin()))
                .startsWith("HTTP/1.1 403").contains("not this app").doesNotContain("set-cookie");
    }

    @Test
    void signInNeverRedirectsOffTheOrigin() throws Exception {
        assertThat(RawHttp.postForm(proxy.address().getPort(), "/__space/login?next=//evil.example/x", "token=" + session.runToken(),
                origin())).contains("location: /\r\n");
    }

    @Test
    void aTokenInALinkIsPostedByItsPageNeverRedeemedByGet() throws Exception {
        String token = session.oneTimeToken();
        String page = send("GET", "/__space/login?token=" + token + "&next=/");
        assertThat(page).startsWith("HTTP/1.1 200").doesNotContain("set-cookie").contains("referrer-policy: no-referrer")
                .contains("<form method=\"post\"").contains("value=\"" + token + "\"").contains("script-src 'sha256-");
        int port = proxy.address().getPort();
        assertThat(RawHttp.postForm(port, "/__space/login", "token=" + token)).startsWith("HTTP/1.1 303")
                .containsPattern("space_dev_session_0=[0-9a-f]{48}");
        assertThat(RawHttp.postForm(port, "/__space/login", "token=" + token)).as("one-time").startsWith("HTTP/1.1 403")
                .doesNotContain("set-cookie");
    }

    @Test
    void signOutIsAPostFromTheAppsOwnPages() throws Exception {
        String cookie = signIn();
        assertThat(send("GET", "/__space/logout", cookie)).as("an <img> on another page").startsWith("HTTP/1.1 200")
                .doesNotContain("Max-Age=0").contains("<form method=\"post\" action=\"/__space/logout\">");
        assertThat(send("POST", "/__space/logout", cookie, "Origin: http://localhost:5173")).startsWith("HTTP/1.1 403");
        assertThat(send("GET", "/api/admin", cookie)).startsWith("HTTP/1.1 200");
        assertThat(send("POST", "/__space/logout", cookie, origin())).startsWith("HTTP/1.1 303").contains("space_dev_session_0=; Max-Age=0;");
        assertThat(send("GET", "/api/admin", cookie)).startsWith("HTTP/1.1 401");
    }

    @Test
    void publicRoutesAreRelativeToTheMicroAndWinOverBadKeys() throws Exception {
        assertThat(send("GET", "/api/public/feed", "X-Space-App-Key: wrong")).startsWith("HTTP/1.1 200").contains("GET /public/feed");
        assertThat(send("GET", "/api/postx")).as("regex-style entry").startsWith("HTTP/1.1 200");
        assertThat(send("GET", "/api/adminx")).startsWith("HTTP/1.1 401");
        assertThat(send("GET", "/open/anything?x=1")).as("public: true").startsWith("HTTP/1.1 200");
    }

    @Test
    void serverSideCallsWithTheApiKeyPass() throws Exception {
        assertThat(send("GET", "/api/admin", "X-API-Key: " + API_KEY)).startsWith("HTTP/1.1 200");
        assertThat(send("GET", "/api/admin", "X-API-Key: nope")).startsWith("HTTP/1.1 401");
    }

    @Test
    void appKeysOnlyOnMicrosThatTakeThemAndOnlyWhileLive() throws Exception {
        String key = appKeys.create("phone");
        assertThat(send("GET", "/keyed/data", "X-Space-App-Key: " + key)).startsWith("HTTP/1.1 200");
        assertThat(send("GET", "/api/admin", "X-Space-App-Key: " + key)).as("api has no api_keys preset").startsWith("HTTP/1.1 401");
        assertThat(send("GET", "/keyed/data")).contains("X-API-Key or X-Space-App-Key");
        new AppKeys(new SpaceDir(dir)).revoke("phone"); // as `space-dev keys revoke` would, from another process
        assertThat(send("GET", "/keyed/data", "X-Space-App-Key: " + key)).startsWith("HTTP/1.1 401");
    }

    @Test
    void onlyTheRuntimeDeliversActions() throws Exception {
        assertThat(send("POST", "/open/__space/v0/actions", signIn())).startsWith("HTTP/1.1 403")
                .contains("receives actions from the runtime only");
        assertThat(send("POST", "/api/__space/v0/actions", "X-API-Key: " + API_KEY)).startsWith("HTTP/1.1 200")
                .contains("POST /__space/v0/actions");
    }

    @Test
    void spoofedForwardingHeadersAreReplaced() throws Exception {
        String r = send("GET", "/open/h", "X-Forwarded-For: 6.6.6.6", "X-Forwarded-Host: evil", "X-Forwarded-Prefix: /evil");
        assertThat(r).startsWith("HTTP/1.1 200")
                .contains("forwarded: 127.0.0.1 127.0.0.1:" + proxy.address().getPort() + " /open").doesNotContain("6.6.6.6", "evil");
    }

    @Test
    void unknownRuntimePathsAre404() throws Exception {
        assertThat(send("GET", "/__space/nothing")).startsWith("HTTP/1.1 404");
    }
}
