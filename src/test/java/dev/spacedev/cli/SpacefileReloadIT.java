package dev.spacedev.cli;

import static dev.spacedev.cli.ComposeControlIT.gone;
import static dev.spacedev.cli.UpCommandIT.poll;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spacefile edited on disk while {@code up} runs: added, changed, removed, broken and fixed micros. */
class SpacefileReloadIT {
    static final Duration READY = Duration.ofSeconds(60);
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    private static final String BASE = """
            v: 0
            micros:
              - name: web
                src: web
                engine: static
                serve: .
                primary: true
              - name: api
                src: api
                engine: python3.9
                path: api
                dev: python3 server.py
                presets:
                  env:
                    - name: MODE
                      default: first
              - name: steady
                src: steady
                engine: python3.9
                path: steady
                dev: python3 server.py
            """;

    private static final String EXTRA = """
              - name: extra
                src: extra
                engine: python3.9
                path: extra
                dev: python3 server.py
            """;

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ps() throws Exception {
        ValidateCliIT.Result r = ValidateCliIT.run(ValidateCliIT.jar("ps", "--format", "json", "--dir", dir.toString()));
        assertThat(r.code()).as(r.err()).isZero();
        return ComposeControlIT.JSON.readTree(r.out());
    }

    private long pidOf(String micro) throws Exception {
        for (JsonNode m : ps().path("micros")) {
            if (m.path("name").asText().equals(micro)) {
                return m.path("pid").asLong(-1);
            }
        }
        return -1;
    }

    private void save(String spacefile) throws Exception {
        // as editors save: a new file renamed over the old one
        Path tmp = dir.resolve(".Spacefile.swp");
        Files.writeString(tmp, spacefile);
        Files.move(tmp, dir.resolve("Spacefile"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void changesAreAppliedAsADifferenceWhileRequestsToUntouchedMicrosGoOn() throws Exception {
        Files.createDirectories(dir.resolve("web"));
        Files.writeString(dir.resolve("web/index.html"), "<h1>web</h1>");
        for (String m : List.of("api", "steady", "extra")) {
            AppFixture.pythonMicro(dir.resolve(m));
        }
        AppFixture.write(dir, BASE);
        try (UpProcess up = UpProcess.start("up", "--no-auth", "--dir", dir.toString(), "--port", Integer.toString(AppFixture.freePort()))) {
            String url = up.awaitUrl(READY);
            long steadyPid = pidOf("steady");
            // a client of the untouched micro all along: not one request may fail
            AtomicBoolean going = new AtomicBoolean(true);
            AtomicInteger served = new AtomicInteger();
            List<String> failures = new CopyOnWriteArrayList<>();
            Thread client = new Thread(() -> {
                while (going.get()) {
                    try {
                        HttpResponse<String> r = get(url + "/steady/ping");
                        if (r.statusCode() == 200) {
                            served.incrementAndGet();
                        } else {
                            failures.add(r.statusCode() + " " + r.body());
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            });
            client.start();
            try {
                // added
                save(BASE + EXTRA);
                assertThat(poll(() -> get(url + "/extra/x"), r -> r.statusCode() == 200, READY).body()).isEqualTo("{\"path\": \"/x\"}");
                long extraPid = pidOf("extra");

                // changed: a new process with the new setting; the old one is gone
                long apiPid = pidOf("api");
                save((BASE + EXTRA).replace("default: first", "default: second"));
                poll(() -> get(url + "/api/env"), r -> r.statusCode() == 200 && r.body().contains("\"MODE\": \"second\""), READY);
                assertThat(gone(apiPid)).isTrue();

                // removed: its route falls to the primary, its process is gone
                save(BASE.replace("default: first", "default: second"));
                poll(() -> get(url + "/extra/x"), r -> r.statusCode() == 404, READY);
                // the route switches first; the process is stopped right after (its grace lasts up to 5 s)
                poll(() -> gone(extraPid) && !Files.exists(dir.resolve(".space/micros/extra.port")), ended -> ended, READY);

                // broken: nothing changes, the problem is printed with its line and column, and ps shows it
                save(BASE.replace("engine: python3.9\n    path: api", "engine: python9\n    path: api"));
                poll(up::err, e -> e.contains("Spacefile:10:13: error: unknown engine \"python9\""), READY);
                assertThat(ps().path("problems").toString()).contains("Spacefile:10:13");
                assertThat(get(url + "/api/env").body()).contains("\"MODE\": \"second\"");

                // fixed
                save(BASE);
                poll(() -> get(url + "/api/env"), r -> r.statusCode() == 200 && r.body().contains("\"MODE\": \"first\""), READY);
                assertThat(ps().path("problems")).isEmpty();
            } finally {
                going.set(false);
                client.join();
            }
            assertThat(failures).isEmpty();
            assertThat(served.get()).isPositive();
            assertThat(pidOf("steady")).as("the untouched micro was never restarted").isEqualTo(steadyPid);
            List<ProcessHandle> micros = up.descendants();
            up.signal("TERM");
            assertThat(up.awaitExit(Duration.ofSeconds(20))).isZero();
            assertThat(micros).allSatisfy(p -> assertThat(gone(p.pid())).isTrue());
        }
    }

    @Test
    void restartUsesTheSpacefileAsItIsOnDisk() throws Exception {
        Files.createDirectories(dir.resolve("web"));
        Files.writeString(dir.resolve("web/index.html"), "<h1>web</h1>");
        AppFixture.pythonMicro(dir.resolve("api"));
        AppFixture.pythonMicro(dir.resolve("steady"));
        AppFixture.write(dir, BASE);
        try (UpProcess up = UpProcess.start("up", "--no-auth", "--dir", dir.toString(), "--port", Integer.toString(AppFixture.freePort()))) {
            String url = up.awaitUrl(READY);
            // saved and restarted at once, before the once-a-second look
            Files.writeString(dir.resolve("Spacefile"), BASE.replace("default: first", "default: now"));
            assertThat(ValidateCliIT.run(ValidateCliIT.jar("restart", "api", "--dir", dir.toString())).code()).isZero();
            poll(() -> get(url + "/api/env"), r -> r.statusCode() == 200 && r.body().contains("\"MODE\": \"now\""), READY);
        }
    }
}
