package dev.spacedev.cli;

import static dev.spacedev.cli.UpCommandIT.poll;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spacedev.process.ProcessTree;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running {@code up} controlled from a second process, as {@code docker compose ps/logs/stop/start/down}
 * control a project: every command here is the built jar, run as a user runs it.
 */
class ComposeControlIT {
    static final Duration READY = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    private void app() throws Exception {
        Files.createDirectories(dir.resolve("web"));
        Files.writeString(dir.resolve("web/index.html"), "<h1>web</h1>");
        AppFixture.pythonMicro(dir.resolve("api"));
        AppFixture.pythonMicro(dir.resolve("other"));
        AppFixture.write(dir, """
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
                    dev: python3 server.py
                  - name: other
                    src: other
                    engine: python3.9
                    path: other
                    dev: python3 server.py
                """);
    }

    private ValidateCliIT.Result cli(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--dir", dir.toString()));
        return ValidateCliIT.run(ValidateCliIT.jar(all.toArray(String[]::new)));
    }

    private JsonNode ps() throws Exception {
        ValidateCliIT.Result r = cli("ps", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    private static JsonNode micro(JsonNode ps, String name) {
        for (JsonNode m : ps.path("micros")) {
            if (m.path("name").asText().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no micro " + name + " in " + ps);
    }

    /** Exited (a zombie no one reaped counts as exited). */
    static boolean gone(long pid) {
        return ProcessHandle.of(pid).map(p -> !ProcessTree.running(p)).orElse(true);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withNoUpRunningEachCommandSaysSoInOneLine() throws Exception {
        app();
        for (String[] command : List.of(new String[] {"ps"}, new String[] {"logs"}, new String[] {"stop", "api"},
                new String[] {"start", "api"}, new String[] {"restart", "api"}, new String[] {"down"})) {
            ValidateCliIT.Result r = cli(command);
            assertThat(r.code()).as(String.join(" ", command)).isEqualTo(ExitCodes.FAILURE);
            assertThat(r.err().lines().toList()).as(String.join(" ", command)).hasSize(1).first().asString()
                    .startsWith("space-dev: no space-dev up is running in");
        }
    }

    @Test
    void psLogsStopStartAndDownFromAnotherProcess() throws Exception {
        app();
        int dataPort = AppFixture.freePort();
        try (UpProcess up = UpProcess.start("up", "--no-auth", "--dir", dir.toString(), "--port", Integer.toString(AppFixture.freePort()),
                "--data-port", Integer.toString(dataPort))) {
            String url = up.awaitUrl(READY);
            JsonNode ps = ps();
            assertThat(ps.path("url").asText()).isEqualTo(url);
            assertThat(ps.path("dataPort").asInt()).isEqualTo(dataPort);
            assertThat(up.err()).contains("Deta Base and Drive for the micros at https://127.0.0.1:" + dataPort);
            assertThat(cli("ps").err()).contains("Deta Base and Drive for the micros: https://127.0.0.1:" + dataPort);
            assertThat(ps.path("ready").asBoolean()).isTrue();
            assertThat(micro(ps, "web").path("state").asText()).isEqualTo("static");
            long otherPid = micro(ps, "other").path("pid").asLong();
            assertThat(up.descendants()).anySatisfy(p -> assertThat(p.pid()).isEqualTo(otherPid));
            assertThat(micro(ps, "api").path("port").asInt()).isEqualTo(Integer.parseInt(Files.readString(dir.resolve(".space/micros/api.port")).strip()));

            ValidateCliIT.Result table = cli("ps");
            assertThat(table.out().lines().findFirst().orElseThrow()).startsWith("NAME").contains("STATE", "PID", "PORT", "UPTIME", "RESTARTS");
            assertThat(table.out()).containsPattern("(?m)^api +ready +" + micro(ps, "api").path("pid").asLong());

            ValidateCliIT.Result logs = cli("logs", "api", "--tail", "1");
            assertThat(logs.code()).isZero();
            assertThat(logs.out()).isEqualTo("api       | listening on " + micro(ps, "api").path("port").asInt() + "\n");
            assertThat(cli("logs", "--since", "10m").out()).contains("space-dev | api is ready on port", "other     | listening on");
            assertThat(cli("logs", "--since", "ten").code()).isEqualTo(ExitCodes.USAGE);

            ValidateCliIT.Result stopped = cli("stop", "other");
            assertThat(stopped.code()).as(stopped.err()).isZero();
            assertThat(gone(otherPid)).isTrue();
            assertThat(micro(ps(), "other").path("state").asText()).isEqualTo("stopped");
            HttpResponse<String> unavailable = get(url + "/other/x");
            assertThat(unavailable.statusCode()).isEqualTo(503);
            assertThat(unavailable.body()).contains("other", "space-dev start");
            assertThat(get(url + "/api/x").statusCode()).as("the others run on").isEqualTo(200);
            assertThat(cli("stop", "other").code()).as("stopped already").isEqualTo(ExitCodes.FAILURE);
            assertThat(cli("stop", "web").err()).contains("static files");

            assertThat(cli("start", "other").code()).isZero();
            assertThat(poll(() -> get(url + "/other/x"), r -> r.statusCode() == 200, READY).body()).isEqualTo("{\"path\": \"/x\"}");

            List<ProcessHandle> micros = up.descendants();
            ValidateCliIT.Result down = cli("down");
            assertThat(down.code()).as(down.err()).isZero();
            assertThat(up.awaitExit(Duration.ofSeconds(20))).isZero();
            assertThat(micros).allSatisfy(p -> assertThat(ProcessTree.running(p)).as(p.info().commandLine().orElse("?")).isFalse());
            assertThat(cli("ps").code()).isEqualTo(ExitCodes.FAILURE);
        }
    }

    @Test
    void logsFollowShowsNewLinesAsTheyCome() throws Exception {
        app();
        try (UpProcess up = UpProcess.start("up", "--no-auth", "--dir", dir.toString(), "--port", Integer.toString(AppFixture.freePort()))) {
            up.awaitUrl(READY);
            List<String> args = new ArrayList<>(ValidateCliIT.jar("logs", "-f", "api", "--tail", "0", "--dir", dir.toString()));
            Process follow = new ProcessBuilder(args).redirectErrorStream(true).start();
            List<String> seen = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(follow.getInputStream(), StandardCharsets.UTF_8))) {
                    in.lines().forEach(seen::add);
                } catch (java.io.IOException e) {
                    // ended
                }
            });
            reader.setDaemon(true);
            reader.start();
            try {
                assertThat(seen).as("tail 0: none of the kept lines").isEmpty();
                // a restart's new lines reach the follower once it is connected: restart until they do, no fixed wait
                boolean shown = false;
                for (int attempt = 0; attempt < 10 && !shown; attempt++) {
                    assertThat(cli("restart", "api").code()).isZero();
                    shown = dev.spacedev.testing.Poll.until(() -> seen.stream().anyMatch(l -> l.startsWith("api       | listening on")),
                            Duration.ofSeconds(5));
                }
                assertThat(shown).as("a restart's lines, followed").isTrue();
                assertThat(seen).noneMatch(l -> l.startsWith("other"));
            } finally {
                follow.destroy();
                follow.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void detachedUpReturnsOnceReadyAndDownLeavesNothingBehind() throws Exception {
        app();
        int port = AppFixture.freePort();
        ValidateCliIT.Result started = cli("up", "-d", "--no-auth", "--port", Integer.toString(port));
        try {
            assertThat(started.code()).as(started.err()).isZero();
            assertThat(started.out()).isEqualTo("http://localhost:" + port + "\n");
            assertThat(get("http://localhost:" + port + "/api/x").statusCode()).isEqualTo(200);
            assertThat(Files.readString(dir.resolve(".space/logs/up.log"))).contains("api is ready on port");
            ValidateCliIT.Result again = cli("up", "-d", "--no-auth");
            assertThat(again.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(again.err()).contains("already running");
        } finally {
            JsonNode ps = ps();
            List<Long> pids = new ArrayList<>();
            ps.path("micros").forEach(m -> {
                if (m.hasNonNull("pid")) {
                    pids.add(m.path("pid").asLong());
                }
            });
            assertThat(pids).hasSize(2);
            assertThat(cli("down").code()).isZero();
            assertThat(pids).allSatisfy(pid -> assertThat(gone(pid)).isTrue());
        }
    }

    @Test
    void detachedUpWithAMicroThatCannotStartExitsOne() throws Exception {
        app();
        Path spacefile = dir.resolve("Spacefile");
        Files.writeString(spacefile, Files.readString(spacefile).replace("path: other\n    dev: python3 server.py", "path: other\n    dev: no-such-tool --serve"));
        assertThat(Files.readString(spacefile)).contains("no-such-tool");
        ValidateCliIT.Result started = cli("up", "-d", "--no-auth", "--port", Integer.toString(AppFixture.freePort()));
        try {
            assertThat(started.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(started.err()).contains("other failed", "the app still runs");
            assertThat(micro(ps(), "other").path("state").asText()).as("exit 127 is not retried").isEqualTo("crashed");
            assertThat(micro(ps(), "other").path("restarts").asInt()).isEqualTo(1);
        } finally {
            assertThat(cli("down").code()).isZero();
        }
    }

    @Test
    void sigtermStopsCleanlyWithExitZero() throws Exception {
        app();
        try (UpProcess up = UpProcess.start("up", "--no-auth", "--dir", dir.toString(), "--port", Integer.toString(AppFixture.freePort()))) {
            up.awaitUrl(READY);
            List<ProcessHandle> micros = up.descendants();
            up.signal("TERM");
            assertThat(up.awaitExit(Duration.ofSeconds(20))).as("systemd counts anything else as a failure").isZero();
            assertThat(micros).allSatisfy(p -> assertThat(ProcessTree.running(p)).isFalse());
        }
    }
}
