package dev.spacedev.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.runtime.AccessPolicy;
import dev.spacedev.runtime.AllowedHosts;
import dev.spacedev.runtime.AppKeys;
import dev.spacedev.runtime.Gatekeeper;
import dev.spacedev.runtime.OwnerSessions;
import dev.spacedev.runtime.RoutePattern;
import dev.spacedev.files.SpaceDir;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one place a request's fate is decided, from its head alone: each decision and its order. */
class DispatcherTest {
    @TempDir
    Path dir;

    final FakeUpstream api = new FakeUpstream("api", Upstream.Status.READY, 1);

    private Dispatcher dispatcher(boolean auth) throws Exception {
        Router<Target> router = new Router<>(List.of(
                new Router.Mount<>("/", new Target.StaticSite("web", new StaticFiles(dir), new AccessPolicy("web", List.of(), false))),
                new Router.Mount<>("/api", new Target.Service(api, new AccessPolicy("api", List.of(RoutePattern.of("/open/*")), false)))));
        Gatekeeper gate = auth ? Gatekeeper.of(OwnerSessions.inMemory(0, Clock.systemUTC()), "key", new AppKeys(new SpaceDir(dir).ensure()))
                : Gatekeeper.off();
        return new Dispatcher(AllowedHosts.loopback(), new Routes(router), gate, new DataRoute(new InetSocketAddress(2), "pid_secret"), null);
    }

    private static HttpRequest get(String uri, String host) {
        HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        if (host != null) {
            r.headers().add("host", host);
        }
        return r;
    }

    /** The status a decision answers with: at once, or (sign-in, which writes the sessions) from its own thread. */
    private static int status(Dispatcher.Decision d) throws Exception {
        io.netty.handler.codec.http.FullHttpResponse response;
        if (d instanceof Dispatcher.Later later) {
            response = later.response().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } else {
            assertThat(d).isInstanceOf(Dispatcher.Answer.class);
            response = ((Dispatcher.Answer) d).response();
        }
        int code = response.status().code();
        ReferenceCountUtil.release(response);
        return code;
    }

    @Test
    void theHostIsCheckedBeforeAnythingElse() throws Exception {
        Dispatcher d = dispatcher(true);
        assertThat(status(d.decide(get("/%2F..", "evil.example")))).as("before the path").isEqualTo(403);
        assertThat(status(d.decide(get("/__space/login", "evil.example")))).as("before sign-in").isEqualTo(403);
        assertThat(status(d.decide(get("/__space/v0/base/v1/x/b/items", "evil.example")))).as("before data").isEqualTo(403);
        assertThat(status(d.decide(get("/api/open/x", null)))).as("HTTP/1.1 without Host").isEqualTo(400);
        HttpRequest two = get("/api/open/x", "localhost");
        two.headers().add("host", "localhost");
        Dispatcher.Decision decision = d.decide(two);
        assertThat(((Dispatcher.Answer) decision).close()).as("a request that cannot be trusted closes the connection").isTrue();
        assertThat(status(decision)).isEqualTo(400);
    }

    @Test
    void thenThePathThenTheRuntimeThenTheMicrosRules() throws Exception {
        Dispatcher d = dispatcher(true);
        assertThat(status(d.decide(get("/api/a%2Fb", "localhost")))).isEqualTo(400);
        assertThat(status(d.decide(get("/__space/login", "localhost")))).isEqualTo(200);
        assertThat(status(d.decide(get("/__space/v0/actions", "localhost")))).isEqualTo(403);
        assertThat(status(d.decide(get("/api/private", "localhost")))).isEqualTo(401);
        assertThat(status(d.decide(get("/__space/v0/drive/v1/x/d/files", "localhost")))).as("data: owner only").isEqualTo(401);
        Dispatcher.Decision open = d.decide(get("/api/open/%7Ex?q=1", "localhost"));
        assertThat(open).isEqualTo(new Dispatcher.Forward(api, "/open/~x?q=1", "/api", false));
        assertThat(d.decide(get("/index.html", "localhost"))).as("the static primary's own rules").isInstanceOf(Dispatcher.Answer.class);
    }

    @Test
    void withoutAuthTheHostAndPathChecksStay() throws Exception {
        Dispatcher d = dispatcher(false);
        assertThat(status(d.decide(get("/api/private", "evil.example")))).isEqualTo(403);
        assertThat(status(d.decide(get("/api/..%2fx", "localhost")))).isEqualTo(400);
        assertThat(d.decide(get("/api/private", "localhost"))).isEqualTo(new Dispatcher.Forward(api, "/private", "/api", true));
        Dispatcher.Decision data = d.decide(get("/__space/v0/base/v1/anything/notes/items/k", "localhost"));
        assertThat(data).isInstanceOf(Dispatcher.Forward.class);
        assertThat(((Dispatcher.Forward) data).uri()).isEqualTo("/v1/pid/notes/items/k");
        assertThat(d.decide(get("/", "localhost"))).isInstanceOf(Dispatcher.ServeFiles.class);
    }
}
