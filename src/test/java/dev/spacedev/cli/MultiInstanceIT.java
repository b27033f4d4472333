package dev.spacedev.cli;

import static dev.spacedev.cli.UpCommandIT.poll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.database.DataUrl;
import dev.spacedev.database.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code space-dev up --prod} sharing one PostgreSQL behave as one app (issue 17): a write
 * through one is read through the other, the owner's session from one is good on the other, a
 * scheduled action runs once per tick across both, and when the leader is killed with SIGKILL
 * the other runs the very next tick. Actions run on whole minutes, so this takes two to three, most of
 * them waiting: it runs beside the other integration tests (the failsafe configuration in the pom).
 */
@Execution(ExecutionMode.CONCURRENT)
class MultiInstanceIT {
    private static final String MICRO = """
            import os, time
            from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

            class H(BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"
                def reply(self, code, body):
                    data = body.encode()
                    self.send_response(code)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                def do_GET(self):
                    self.reply(200, "private page of " + os.environ["INSTANCE"])
                def do_POST(self):
                    self.rfile.read(int(self.headers.get("Content-Length", 0)))
                    if self.path == "/__space/v0/actions":
                        with open("actions.log", "a") as log:
                            log.write("%d\\n" % int(time.time()))
                    self.reply(200, "{}")
                def log_message(self, *args):
                    pass

            ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
            """;

    private static final Pattern DELIVERED_RUN = Pattern.compile("\\{\"at\":(\\d+),\"outcome\":\"200\"");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    private Path instance(String name) throws Exception {
        Path app = Files.createDirectories(dir.resolve(name));
        Files.createDirectories(app.resolve("api"));
        Files.writeString(app.resolve("api/server.py"), MICRO);
        Files.writeString(app.resolve(".env"), "INSTANCE=" + name + "\n");
        return AppFixture.write(app, """
                v: 0
                micros:
                  - name: api
                    src: api
                    engine: custom
                    primary: true
                    include:
                      - server.py
                    run: python3 server.py
                    presets:
                      env:
                        - name: INSTANCE
                    actions:
                      - id: tick
                        name: Tick
                        trigger: schedule
                        default_interval: 1 minute
                """);
    }

    @Test
    void twoInstancesAreOneApp() throws Exception {
        DataUrl db = TestPostgres.newDatabase();
        Path a = instance("a");
        Path b = instance("b");
        int portA = AppFixture.freePort();
        int portB = AppFixture.freePort();
        String url = TestPostgres.text(db);
        try (UpProcess upA = UpProcess.start("up", "--prod", "--dir", a.toString(), "--port", Integer.toString(portA), "--data-url", url);
             UpProcess upB = UpProcess.start(Map.of(DataUrl.ENVIRONMENT, url), List.of(), "up", "--prod", "--dir", b.toString(), "--port",
                     Integer.toString(portB))) {
            String appA = upA.awaitUrl(Duration.ofSeconds(120));
            String appB = upB.awaitUrl(Duration.ofSeconds(120));
            Instant bothUp = Instant.now();

            // the owner signs in through A; the same cookie is the owner on B
            String cookie = AppFixture.signIn(appA, upA);
            assertThat(get(appB + "/", null).statusCode()).isIn(302, 303, 401);
            HttpResponse<String> onB = get(appB + "/", cookie);
            assertThat(onB.statusCode()).isEqualTo(200);
            assertThat(onB.body()).isEqualTo("private page of b");

            // a write through A is read through B (the browser SDK's data path, each on its own origin)
            HttpResponse<String> put = send(appA, "PUT", "/__space/v0/base/v1/x/people/items", cookie,
                    "{\"items\":[{\"key\":\"ada\",\"age\":36}]}");
            assertThat(put.statusCode()).as(put.body()).isEqualTo(207);
            HttpResponse<String> read = send(appB, "GET", "/__space/v0/base/v1/x/people/items/ada", cookie, null);
            assertThat(read.body()).isEqualTo("{\"age\":36,\"key\":\"ada\"}");

            // one run per tick across both instances
            Instant firstTick = nextMinute(bothUp);
            awaitRun(db, firstTick, a, b);
            Map<Long, List<String>> runs = runs(a, b);
            assertThat(runs.get(firstTick.getEpochSecond() / 60)).as("runs per minute: " + runs + "\nA:\n" + upA.err() + "\nB:\n" + upB.err())
                    .hasSize(1);
            String leader = runs.get(firstTick.getEpochSecond() / 60).get(0);
            UpProcess dying = leader.equals("a") ? upA : upB;
            UpProcess surviving = leader.equals("a") ? upB : upA;
            assertThat(dying.err()).contains("this instance runs the scheduled actions");
            assertThat(surviving.err()).contains("another instance runs the scheduled actions");

            // the leader dies without a word; the next tick runs on the other, once
            List<ProcessHandle> micros = dying.descendants();
            dying.process.destroyForcibly().waitFor();
            micros.forEach(ProcessHandle::destroyForcibly);
            Instant secondTick = nextMinute(Instant.now());
            awaitRun(db, secondTick, a, b);
            runs = runs(a, b);
            String survivor = leader.equals("a") ? "b" : "a";
            assertThat(runs.get(secondTick.getEpochSecond() / 60)).as("runs per minute: " + runs + "\n" + surviving.err())
                    .containsExactly(survivor);
            assertThat(surviving.err()).contains("this instance runs the scheduled actions");

            // the survivor's dashboard lists both ticks' runs, the dead leader's included (kept in the database);
            // on a slow machine a tick before the first one watched may have run too, so this looks for these two
            String survivorUrl = leader.equals("a") ? appB : appA;
            List<Long> watched = List.of(firstTick.getEpochSecond() / 60, secondTick.getEpochSecond() / 60);
            // each instance reads the runs back every few seconds
            String state = poll(() -> get(survivorUrl + "/__space/api/state", cookie).body(),
                    s -> runMinutes(s).containsAll(watched), Duration.ofSeconds(10));
            assertThat(runMinutes(state)).as(state).containsAll(watched);
        }
    }

    /** The minutes (epoch seconds / 60) of the delivered runs (status 200) the dashboard's state lists. */
    private static Set<Long> runMinutes(String state) {
        Set<Long> minutes = new TreeSet<>();
        Matcher run = DELIVERED_RUN.matcher(state);
        while (run.find()) {
            minutes.add(Long.parseLong(run.group(1)) / 60_000);
        }
        return minutes;
    }

    private static Instant nextMinute(Instant t) {
        return Instant.ofEpochSecond((t.getEpochSecond() / 60 + 1) * 60);
    }

    /**
     * Until the tick due at {@code due} has run to the end: its outcome recorded in {@code action_ticks} and its
     * delivery in a micro's log. A second run of it could only follow a second claim, which the table refuses.
     */
    private static void awaitRun(DataUrl db, Instant due, Path a, Path b) throws Exception {
        long deadline = System.nanoTime() + Duration.between(Instant.now(), due.plusSeconds(90)).toNanos();
        String recorded = "SELECT count(*) FROM action_ticks WHERE due = to_timestamp(" + due.getEpochSecond() + ") AND outcome IS NOT NULL";
        while (System.nanoTime() < deadline) {
            if (TestPostgres.queryLong(db, recorded) > 0 && runs(a, b).containsKey(due.getEpochSecond() / 60)) {
                return;
            }
            Thread.sleep(200); // the next look
        }
        throw new AssertionError("the tick due at " + due + " did not run: " + runs(a, b));
    }

    /** Minute (epoch seconds / 60) -> the instances whose micro got the action in it. */
    private static Map<Long, List<String>> runs(Path a, Path b) throws Exception {
        Map<Long, List<String>> byMinute = new TreeMap<>();
        for (Path app : List.of(a, b)) {
            for (Path candidate : findLogs(app)) {
                for (String line : Files.readAllLines(candidate)) {
                    byMinute.computeIfAbsent(Long.parseLong(line.strip()) / 60, m -> new ArrayList<>()).add(app.getFileName().toString());
                }
            }
        }
        return byMinute;
    }

    /** Where the built micro ran (its working directory), wherever the build put it. */
    private static List<Path> findLogs(Path app) throws Exception {
        try (var walk = Files.walk(app)) {
            return walk.filter(p -> p.getFileName().toString().equals("actions.log")).toList();
        }
    }

    private HttpResponse<String> get(String url, String cookie) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html");
        if (cookie != null) {
            r.header("Cookie", cookie);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String app, String method, String path, String cookie, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(app + path)).header("Cookie", cookie).header("Origin", app)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            r.header("Content-Type", "application/json");
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }
}
