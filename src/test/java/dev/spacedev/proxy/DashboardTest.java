package dev.spacedev.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.files.SpaceDir;
import dev.spacedev.runtime.AccessPolicy;
import dev.spacedev.runtime.ActionScheduler;
import dev.spacedev.runtime.AppKeys;
import dev.spacedev.runtime.Gatekeeper;
import dev.spacedev.runtime.OwnerSessions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard through the real proxy: who may see it, who may change things, and what it answers. */
@ExtendWith(LeakDetection.class)
class DashboardTest {
    @TempDir
    Path dir;

    ProxyServer proxy;
    FakeConsole console;

    /** An app console that records what it was asked to do. */
    static final class FakeConsole implements AppConsole {
        final List<LogLine> logs = new CopyOnWriteArrayList<>();

        void log(String source, String text) {
            logs.add(new LogLine(logs.size() + 1, System.currentTimeMillis(), source, text));
        }
        final List<String> restarted = new CopyOnWriteArrayList<>();
        volatile String state = "ready";
        volatile boolean broken;
        AppKeys keys;

        @Override
        public String appName() {
            return "<b>demo</b>";
        }

        @Override
        public List<MicroView> micros() {
            if (broken) {
                throw new IllegalStateException("a console that fails");
            }
            return List.of(new MicroView("api", "/api", "python3.9", false, state, Optional.of(42L), Optional.of(4001), Optional.of(1000L), 0,
                    state.equals("crashed") ? List.of(new Exit(3, 2000L, false)) : List.of(), Optional.empty(),
                    Optional.of("Python 3.11.7")));
        }

        @Override
        public boolean restart(String micro) {
            restarted.add(micro);
            return micro.equals("api");
        }

        final List<String> stopped = new CopyOnWriteArrayList<>();
        final List<String> started = new CopyOnWriteArrayList<>();
        volatile List<String> problems = List.of();

        @Override
        public boolean stop(String micro) {
            stopped.add(micro);
            return micro.equals("api");
        }

        @Override
        public boolean start(String micro) {
            started.add(micro);
            return micro.equals("api");
        }

        @Override
        public List<String> spacefileProblems() {
            return problems;
        }

        @Override
        public List<LogLine> logsAfter(long after, int max) {
            return logs.stream().filter(l -> l.seq() > after).limit(max).toList();
        }

        @Override
        public long lastLog() {
            return logs.size();
        }

        @Override
        public List<ActionScheduler.State> actions() {
            return List.of(new ActionScheduler.State("tidy", "Tidy", "api", "1 hour", Optional.empty(), List.of()));
        }

        @Override
        public Optional<CompletableFuture<ActionScheduler.Run>> runAction(String id) {
            return id.equals("tidy") ? Optional.of(CompletableFuture.completedFuture(
                    new ActionScheduler.Run(Instant.EPOCH, Optional.of(200), "200", 5, true))) : Optional.empty();
        }

        final List<String> ranAppActions = new CopyOnWriteArrayList<>();
        final List<String> rescheduled = new CopyOnWriteArrayList<>();

        @Override
        public Optional<ActionScheduler.State> reschedule(String id, dev.spacedev.runtime.ActionSchedules.Choice choice) {
            if (choice.interval().orElse("").equals("bad")) {
                throw new IllegalArgumentException("\"bad\" is not an interval");
            }
            rescheduled.add(id + " " + choice);
            return id.equals("tidy") ? Optional.of(actions().get(0)) : Optional.empty();
        }

        @Override
        public List<dev.spacedev.runtime.AppActions.Action> appActions() {
            return List.of(new dev.spacedev.runtime.AppActions.Action("api", "greet", "Greet", "/greet",
                    List.of(new dev.spacedev.runtime.AppActions.Input("who", "string", false, Optional.empty())), "@deta/detail"));
        }

        volatile int reloads;

        @Override
        public void reloadAppActions() {
            reloads++;
        }

        @Override
        public List<dev.spacedev.runtime.AppActions.Run> appActionRuns() {
            return List.of(new dev.spacedev.runtime.AppActions.Run("greet", 5000L, 200, 7));
        }

        @Override
        public CompletableFuture<dev.spacedev.runtime.AppActions.Result> runAppAction(String name,
                com.fasterxml.jackson.databind.JsonNode inputs) {
            ranAppActions.add(name + " " + inputs);
            return CompletableFuture.completedFuture(new dev.spacedev.runtime.AppActions.Result(200,
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("type", "@deta/detail")));
        }

        @Override
        public List<AppKeys.Entry> keys() {
            return keys.list();
        }

        @Override
        public String createKey(String name) throws java.io.IOException {
            return keys.create(name);
        }

        @Override
        public boolean revokeKey(String name) throws java.io.IOException {
            return keys.revoke(name);
        }

        @Override
        public DataNames dataNames() {
            return new DataNames(List.of("people"), List.of("files"));
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        console = new FakeConsole();
        console.keys = new AppKeys(new SpaceDir(dir).ensure());
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("index.html"), "home");
        Router<Target> router = new Router<>(List.of(new Router.Mount<>("/", new Target.StaticSite("web", new StaticFiles(site),
                new AccessPolicy("web", List.of(), false)))));
        sessions = OwnerSessions.inMemory(0, Clock.systemUTC());
        Gatekeeper gate = Gatekeeper.of(sessions, "api-key", console.keys);
        proxy = ProxyServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), router, ProxyOptions.dev(), gate, null, null,
                console);
    }

    @AfterEach
    void tearDown() {
        proxy.close();
    }

    private OwnerSessions sessions;

    private String send(String method, String path, String... headers) throws Exception {
        return RawHttp.send(proxy.address().getPort(), method, path, headers);
    }

    private String origin() {
        return RawHttp.origin(proxy.address().getPort());
    }

    /** Signs in as the owner's browser would, and returns the Cookie header that session sends. */
    private String signIn() throws Exception {
        return RawHttp.signIn(proxy.address().getPort(), sessions.runToken());
    }

    @Test
    void strangersAreSentToSignInAndScriptsGet401() throws Exception {
        assertThat(send("GET", "/__space/")).startsWith("HTTP/1.1 303").contains("location: /__space/login?next=%2F__space%2F");
        for (String path : List.of("/__space/api/state", "/__space/api/events", "/__space/api/keys", "/__space/api/data")) {
            assertThat(send("GET", path)).as(path).startsWith("HTTP/1.1 401").contains("the dashboard is for the signed-in owner");
        }
        assertThat(send("POST", "/__space/api/micros/api/restart", origin())).startsWith("HTTP/1.1 401");
        assertThat(send("POST", "/__space/api/keys?name=x", origin())).startsWith("HTTP/1.1 401");
        assertThat(console.restarted).isEmpty();
        assertThat(console.keys.list()).isEmpty();
    }

    @Test
    void theOwnersPageIsServedWithAStrictPolicyAndItsDataAsJson() throws Exception {
        String cookie = signIn();
        String page = send("GET", "/__space/", cookie);
        assertThat(page).startsWith("HTTP/1.1 200").contains("content-type: text/html", "x-frame-options: DENY",
                "content-security-policy: default-src 'self'", "frame-ancestors 'none'", "/__space/assets/dashboard.js");
        assertThat(send("GET", "/__space/assets/dashboard.js", cookie)).startsWith("HTTP/1.1 200").contains("text/javascript");
        assertThat(send("GET", "/__space/assets/../../etc/passwd", cookie)).doesNotStartWith("HTTP/1.1 200");
        assertThat(send("GET", "/__space/assets/index.htm", cookie)).startsWith("HTTP/1.1 404");
        assertThat(send("GET", "/__space", cookie)).startsWith("HTTP/1.1 301").contains("location: /__space/");
        String state = send("GET", "/__space/api/state", cookie);
        assertThat(state).startsWith("HTTP/1.1 200").contains("content-type: application/json", "x-content-type-options: nosniff",
                "\"app\":\"<b>demo</b>\"", "\"name\":\"api\"", "\"state\":\"ready\"", "\"id\":\"tidy\"");
        assertThat(send("GET", "/__space/api/data", cookie)).contains("{\"bases\":[\"people\"],\"drives\":[\"files\"]}");
        assertThat(send("GET", "/__space/api/nothing", cookie)).startsWith("HTTP/1.1 404");
    }

    @Test
    void changesComeOnlyFromTheDashboardsOwnPage() throws Exception {
        String cookie = signIn();
        // a page on another site, with the owner's cookie (SameSite=Lax lets top-level POSTs through in some browsers)
        assertThat(send("POST", "/__space/api/micros/api/restart", cookie, "Origin: http://evil.example")).startsWith("HTTP/1.1 403");
        assertThat(send("POST", "/__space/api/micros/api/restart", cookie)).startsWith("HTTP/1.1 403");
        assertThat(send("POST", "/__space/api/keys?name=x", cookie, "Sec-Fetch-Site: cross-site")).startsWith("HTTP/1.1 403");
        assertThat(console.restarted).isEmpty();
        assertThat(console.keys.list()).isEmpty();

        assertThat(send("POST", "/__space/api/micros/api/restart", cookie, origin())).startsWith("HTTP/1.1 202");
        assertThat(send("POST", "/__space/api/micros/nope/restart", cookie, origin())).startsWith("HTTP/1.1 409");
        assertThat(console.restarted).containsExactly("api", "nope");
        assertThat(send("POST", "/__space/api/actions/tidy/run", cookie, origin())).startsWith("HTTP/1.1 200").contains("\"status\":200");
        assertThat(send("POST", "/__space/api/actions/nope/run", cookie, origin())).startsWith("HTTP/1.1 404");
    }

    @Test
    void aMicroIsStoppedAndStartedAsSpaceDevStopAndStartDo() throws Exception {
        String cookie = signIn();
        assertThat(send("POST", "/__space/api/micros/api/stop", cookie, "Origin: http://evil.example")).startsWith("HTTP/1.1 403");
        assertThat(console.stopped).isEmpty();
        assertThat(send("POST", "/__space/api/micros/api/stop", cookie, origin())).startsWith("HTTP/1.1 200").contains("\"stopped\":\"api\"");
        assertThat(send("POST", "/__space/api/micros/nope/stop", cookie, origin())).startsWith("HTTP/1.1 409");
        assertThat(send("POST", "/__space/api/micros/api/start", cookie, origin())).startsWith("HTTP/1.1 202").contains("\"starting\":\"api\"");
        assertThat(send("GET", "/__space/api/micros/api/start", cookie)).startsWith("HTTP/1.1 404");
        assertThat(console.stopped).containsExactly("api", "nope");
        assertThat(console.started).containsExactly("api");
    }

    @Test
    void theProblemsOfAnInvalidSpacefileOnDiskAreShown() throws Exception {
        String cookie = signIn();
        assertThat(send("GET", "/__space/api/state", cookie)).contains("\"problems\":[]");
        console.problems = List.of("Spacefile:3:5: error: <bad> engine");
        assertThat(send("GET", "/__space/api/state", cookie)).contains("\"problems\":[\"Spacefile:3:5: error: <bad> engine\"]");
        assertThat(send("GET", "/__space/api/state", cookie)).contains("\"pid\":42");
    }

    @Test
    void appActionsAreTheOwnersAndRunFromTheAppsOwnPages() throws Exception {
        assertThat(send("GET", "/__space/actions")).startsWith("HTTP/1.1 401");
        assertThat(send("POST", "/__space/actions/greet", origin())).startsWith("HTTP/1.1 401");
        String cookie = signIn();
        assertThat(send("GET", "/__space/actions", cookie)).startsWith("HTTP/1.1 200").contains("\"name\":\"greet\"",
                "\"app_name\":\"<b>demo</b>\"", "\"output\":\"@deta/detail\"");
        assertThat(send("GET", "/__space/actions/greet", cookie)).startsWith("HTTP/1.1 200").contains("\"input\":[{\"name\":\"who\"");
        assertThat(send("GET", "/__space/actions/nope", cookie)).startsWith("HTTP/1.1 404");
        assertThat(send("POST", "/__space/actions/greet", cookie, "Origin: http://evil.example")).startsWith("HTTP/1.1 403");
        assertThat(console.ranAppActions).isEmpty();
        assertThat(send("POST", "/__space/actions/greet", cookie, origin())).startsWith("HTTP/1.1 200").contains("@deta/detail");
        assertThat(send("POST", "/__space/actions/greet", "X-API-Key: api-key")).startsWith("HTTP/1.1 200");
        assertThat(console.ranAppActions).containsExactly("greet null", "greet null");
        assertThat(send("DELETE", "/__space/actions/greet", cookie, origin())).startsWith("HTTP/1.1 405");
        assertThat(send("GET", "/__space/api/app-actions/runs", cookie)).contains("{\"action\":\"greet\",\"at\":5000,\"status\":200,\"millis\":7}");
        assertThat(send("POST", "/__space/api/app-actions/reload", cookie, origin())).startsWith("HTTP/1.1 200").contains("\"actions\":1");
        assertThat(console.reloads).isEqualTo(1);
    }

    @Test
    void theOwnerChangesASchedule() throws Exception {
        String cookie = signIn();
        assertThat(send("POST", "/__space/api/actions/tidy/schedule?every=2%20hours", cookie, "Origin: http://evil.example"))
                .startsWith("HTTP/1.1 403");
        assertThat(send("POST", "/__space/api/actions/tidy/schedule?every=2%20hours", cookie, origin())).startsWith("HTTP/1.1 200")
                .contains("\"id\":\"tidy\"", "\"schedule\":\"default\"");
        assertThat(send("POST", "/__space/api/actions/tidy/schedule?off=1", cookie, origin())).startsWith("HTTP/1.1 200");
        assertThat(send("POST", "/__space/api/actions/tidy/schedule?every=bad", cookie, origin())).startsWith("HTTP/1.1 400")
                .contains("not an interval");
        assertThat(send("POST", "/__space/api/actions/nope/schedule", cookie, origin())).startsWith("HTTP/1.1 404");
        assertThat(console.rescheduled).containsExactly("tidy Choice[interval=Optional[2 hours], off=false]",
                "tidy Choice[interval=Optional.empty, off=true]", "nope Choice[interval=Optional.empty, off=false]");
    }

    @Test
    void keysAreMadeOnceShownAndRevoked() throws Exception {
        String cookie = signIn();
        String made = send("POST", "/__space/api/keys?name=ci", cookie, origin());
        assertThat(made).startsWith("HTTP/1.1 201").containsPattern("\"key\":\"sdk_[A-Za-z0-9_-]+\"");
        assertThat(send("GET", "/__space/api/keys", cookie)).contains("\"name\":\"ci\"").doesNotContain("sdk_");
        assertThat(send("POST", "/__space/api/keys?name=ci", cookie, origin())).startsWith("HTTP/1.1 400").contains("exists already");
        assertThat(send("POST", "/__space/api/keys?name=..%2Fx", cookie, origin())).startsWith("HTTP/1.1 400").contains("must be letters");
        assertThat(send("DELETE", "/__space/api/keys/ci", cookie, origin())).startsWith("HTTP/1.1 200");
        assertThat(send("DELETE", "/__space/api/keys/ci", cookie, origin())).startsWith("HTTP/1.1 404");
        assertThat(console.keys.list()).isEmpty();
    }

    @Test
    void theEventStreamSendsWhatChanges() throws Exception {
        String cookie = signIn();
        console.log("api", "before");
        long seen = console.lastLog();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.address().getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            String host = "Host: 127.0.0.1:" + proxy.address().getPort() + "\r\n";
            // a request pipelined behind the stream's is never answered into the stream
            out.write(("GET /__space/api/events?after=" + seen + " HTTP/1.1\r\n" + host + cookie + "\r\n\r\n"
                    + "GET /__space/api/keys HTTP/1.1\r\n" + host + cookie + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
            readUntil(in, lines, "event: actions");
            assertThat(String.join("\n", lines)).contains("text/event-stream", "event: micros", "\"state\":\"ready\"")
                    .doesNotContain("before");
            assertThat(lines).noneMatch(l -> l.startsWith("HTTP/1.1"));
            console.state = "crashed";
            console.log("api", "after \u001b[31mred\u001b[0m");
            lines.clear();
            readUntil(in, lines, "\"text\":\"after \\u001B[31mred\\u001B[0m\"");
            assertThat(String.join("\n", lines)).contains("\"state\":\"crashed\"", "\"exits\":[{\"code\":3,\"at\":2000,\"asked\":false}]",
                    "event: logs").doesNotContain("before");
            lines.clear();

            // signing out (from another tab) ends the stream: a revoked session sees nothing more
            assertThat(send("POST", "/__space/logout", cookie, origin())).startsWith("HTTP/1.1 303");
            console.log("api", "secret after sign-out");
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
            assertThat(lines).noneMatch(l -> l.contains("secret after sign-out") || l.startsWith("HTTP/1.1"));
        }
    }

    @Test
    void aStreamWhoseTickFailsIsClosedSoThePageReconnects() throws Exception {
        String cookie = signIn();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.address().getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /__space/api/events HTTP/1.1\r\nHost: 127.0.0.1:" + proxy.address().getPort() + "\r\n"
                    + cookie + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            readUntil(in, new ArrayList<>(), "event: micros");
            console.broken = true;
            while (in.readLine() != null) {
                // until the proxy closes it (a read time-out fails the test)
            }
        }
    }

    private static void readUntil(BufferedReader in, List<String> lines, String wanted) throws Exception {
        String line;
        while ((line = in.readLine()) != null) {
            lines.add(line);
            if (line.contains(wanted)) {
                return;
            }
        }
        throw new AssertionError("the stream ended without " + wanted + ": " + lines);
    }
}
