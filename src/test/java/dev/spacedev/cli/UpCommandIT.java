package dev.spacedev.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.process.ProcessTree;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** {@code space-dev up} as users run it: real micros, real ports, real signals. */
class UpCommandIT {
    static final Duration READY = Duration.ofSeconds(60);
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    private HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Path threeMicroApp() throws Exception {
        Files.createDirectories(dir.resolve("web"));
        Files.writeString(dir.resolve("web/index.html"), "<h1>web</h1>");
        AppFixture.pythonMicro(dir.resolve("api"));
        AppFixture.pythonMicro(dir.resolve("other"));
        Files.writeString(dir.resolve(".env"), "TOKEN=from-dotenv\nNOT_DECLARED=1\n");
        return AppFixture.write(dir, """
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
                    presets:
                      env:
                        - name: TOKEN
                        - name: MODE
                          default: fast
                  - name: other
                    src: other
                    engine: custom
                    path: tools/v2
                    run: exec python3 server.py
                """);
    }

    @Test
    void routesInjectsEnvironmentAndWritesPortFiles() throws Exception {
        threeMicroApp();
        int port = AppFixture.freePort();
        try (UpProcess up = UpProcess.start("up", "--no-auth", "--dir", dir.toString(), "--port", Integer.toString(port))) {
            String url = up.awaitUrl(READY);
            assertThat(url).isEqualTo("http://localhost:" + port);
            assertThat(get(url + "/").body()).isEqualTo("<h1>web</h1>");
            assertThat(get(url + "/tools/v2/x?y=1").body()).isEqualTo("{\"path\": \"/x?y=1\"}");

            @SuppressWarnings("unchecked")
            Map<String, String> env = (Map<String, String>) new Load(LoadSettings.builder().build()).loadFromString(get(url + "/api/env").body());
            int apiPort = Integer.parseInt(Files.readString(dir.resolve(".space/micros/api.port")).strip());
            assertThat(env).containsEntry("PORT", Integer.toString(apiPort)).containsEntry("UVICORN_PORT", Integer.toString(apiPort))
                    .containsEntry("DETA_SPACE_APP", "true").containsEntry("DETA_SPACE_APP_HOSTNAME", "127.0.0.1:" + port)
                    .containsEntry("DETA_SPACE_APP_MICRO_NAME", "api").containsEntry("DETA_SPACE_APP_MICRO_TYPE", "normal")
                    .containsEntry("TOKEN", "from-dotenv").containsEntry("MODE", "fast").containsEntry("PYTHONUNBUFFERED", "1")
                    .doesNotContainKey("NOT_DECLARED");
            assertThat(Files.readString(dir.resolve(".space/keys"))).contains("DETA_API_KEY=" + env.get("DETA_API_KEY"));
            assertThat(env.get("DETA_PROJECT_KEY")).matches("[0-9a-f]{8}_[0-9a-f]+");
            assertThat(apiPort).isBetween(20000, 32767).isNotEqualTo(port); // drawn at random, free on every local address
            assertThat(Files.readString(dir.resolve(".space/.gitignore"))).isEqualTo("*\n");
            assertThat(up.err()).contains(".env sets NOT_DECLARED, which no micro declares");
        }
        assertThat(dir.resolve(".space/micros/api.port")).doesNotExist();
    }

    @Test
    void crashedMicroIs502WithItsOutputThenComesBack() throws Exception {
        threeMicroApp();
        try (UpProcess up = UpProcess.start("up", "--no-auth", "--dir", dir.toString(), "--port", Integer.toString(AppFixture.freePort()))) {
            String url = up.awaitUrl(READY);
            try {
                get(url + "/api/crash");
            } catch (java.io.IOException e) {
                // the micro died mid-request: the proxy closes or answers 502
            }
            HttpResponse<String> r = poll(() -> get(url + "/api/"), res -> res.statusCode() == 502, Duration.ofSeconds(10));
            assertThat(r.body()).contains("Micro \"api\"").contains("about to crash on purpose");
            HttpResponse<String> back = poll(() -> get(url + "/api/"), res -> res.statusCode() == 200, Duration.ofSeconds(15));
            assertThat(back.body()).isEqualTo("{\"path\": \"/\"}");
            assertThat(up.err()).contains("api exited with code 3; restarting in 1 s");
        }
    }

    @Test
    void aFrontendNotBuiltYetIsNotReadyAndTheSummarySaysWhy() throws Exception {
        Files.createDirectories(dir.resolve("web"));
        AppFixture.pythonMicro(dir.resolve("api"));
        AppFixture.write(dir, """
                v: 0
                micros:
                  - name: web
                    src: web
                    engine: static
                    serve: dist
                    primary: true
                  - name: api
                    src: api
                    engine: python3.9
                    dev: python3 server.py
                """);
        try (UpProcess up = UpProcess.start("up", "--no-auth", "--dir", dir.toString(), "--port", Integer.toString(AppFixture.freePort()))) {
            String url = up.awaitUrl(READY);
            assertThat(up.err()).contains("app started, but not every micro is ready")
                    .contains("not ready: web: web/dist/ does not exist yet").doesNotContain("app is up");
            assertThat(get(url + "/").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void restartFromAnotherTerminalRestartsARunningMicro() throws Exception {
        threeMicroApp();
        ValidateCliIT.Result none = ValidateCliIT.run(ValidateCliIT.jar("restart", "api", "--dir", dir.toString()));
        assertThat(none.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(none.err()).contains("no space-dev up is running in");
        try (UpProcess up = UpProcess.start("up", "--no-auth", "--dir", dir.toString(), "--port", Integer.toString(AppFixture.freePort()))) {
            String url = up.awaitUrl(READY);
            List<ProcessHandle> before = up.descendants().stream().filter(p -> p.info().commandLine().orElse("").contains("server.py"))
                    .toList();
            ValidateCliIT.Result asked = ValidateCliIT.run(ValidateCliIT.jar("restart", "api", "--dir", dir.toString()));
            assertThat(asked.code()).as(asked.err()).isZero();
            assertThat(poll(up::err, e -> e.contains("api is ready on port") && e.indexOf("api: restarting, as asked")
                    < e.lastIndexOf("api is ready on port"), Duration.ofSeconds(30))).isNotNull();
            assertThat(get(url + "/api/env").statusCode()).isEqualTo(200);
            assertThat(before).anySatisfy(p -> assertThat(ProcessTree.running(p)).isFalse());
            ValidateCliIT.Result unknown = ValidateCliIT.run(ValidateCliIT.jar("restart", "nope", "--dir", dir.toString()));
            assertThat(unknown.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(unknown.err()).contains("no micro named nope in the running app");
        }
    }

    @Test
    void aSecondUpInTheSameDirectoryRefusesAndLeavesTheFirstAlone() throws Exception {
        threeMicroApp();
        try (UpProcess first = UpProcess.start("up", "--no-auth", "--dir", dir.toString(), "--port", Integer.toString(AppFixture.freePort()))) {
            String url = first.awaitUrl(READY);
            List<ProcessHandle> micros = first.descendants();
            try (UpProcess second = UpProcess.start("up", "--dir", dir.toString(), "--port", Integer.toString(AppFixture.freePort()))) {
                assertThat(second.awaitExit(Duration.ofSeconds(30))).isEqualTo(ExitCodes.FAILURE);
                assertThat(second.err()).contains("this app is already running: space-dev up (pid " + first.pid() + ")")
                        .doesNotContain("Exception");
            }
            assertThat(micros).isNotEmpty().allSatisfy(p -> assertThat(ProcessTree.running(p)).as("pid %d", p.pid()).isTrue());
            assertThat(get(url + "/tools/v2/x").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aTakenPortIsReportedWithItsHolder() throws Exception {
        threeMicroApp();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            try (UpProcess up = UpProcess.start("up", "--dir", dir.toString(), "--port", Integer.toString(port))) {
                assertThat(up.awaitExit(Duration.ofSeconds(30))).isEqualTo(ExitCodes.FAILURE);
                assertThat(up.err()).contains("port " + port + " is already in use by pid " + ProcessHandle.current().pid() + ": ");
            }
        }
    }

    @Test
    void fiftyMegabytesStreamThroughAProxyWithASmallHeap() throws Exception {
        AppFixture.pythonMicro(dir.resolve("api"));
        AppFixture.write(dir, "v: 0\nmicros:\n  - name: api\n    src: api\n    engine: python3.9\n    dev: python3 server.py\n");
        long size = 50L * 1024 * 1024;
        try (UpProcess up = UpProcess.start(List.of("-Xmx48m", "-XX:MaxDirectMemorySize=32m"), "up", "--no-auth", "--dir", dir.toString(),
                "--port", Integer.toString(AppFixture.freePort()))) {
            String url = up.awaitUrl(READY);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/upload"))
                    .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                            () -> new dev.spacedev.proxy.ZeroBytes(size)), size)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo(Long.toString(size));
            HttpResponse<java.io.InputStream> down = http.send(HttpRequest.newBuilder(URI.create(url + "/bytes?n=" + size)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            long got;
            try (java.io.InputStream in = down.body()) {
                got = in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            assertThat(got).isEqualTo(size);
            assertThat(up.process.isAlive()).isTrue();
        }
    }

    @Test
    void theExampleAppComesUpAndItsMicrosTalkThroughTheProxy() throws Exception {
        Path example = dir.resolve("hello-space");
        copyTree(Path.of("examples", "hello-space"), example);
        try (UpProcess up = UpProcess.start("up", "--dir", example.toString(), "--port", Integer.toString(AppFixture.freePort()))) {
            String url = up.awaitUrl(READY);
            String owner = AppFixture.signIn(url, up);
            assertThat(get(url + "/").statusCode()).as("private: a script gets 401").isEqualTo(401);
            assertThat(get(url + "/api/health").statusCode()).as("a public route").isEqualTo(200);
            assertThat(get(url + "/", "Cookie", owner).body()).contains("Hello Space");
            assertThat(get(url + "/api/greet?name=Ada", "Cookie", owner).body()).isEqualTo("{\"greeting\": \"Hello, Ada!\"}");
            assertThat(get(url + "/api/time", "Cookie", owner).body()).contains("\"source\": \"clock micro\"");
            assertThat(get(url + "/clock/now", "Cookie", owner).body()).contains("\"micro\":\"clock\"");
            assertThat(up.err()).contains("app is up ").contains(" s after space-dev started");
        }
    }

    @Test
    void newThenUpOnTheExample() throws Exception {
        Path example = dir.resolve("fresh");
        copyTree(Path.of("examples", "hello-space"), example);
        Files.delete(example.resolve("Spacefile"));
        ValidateCliIT.Result created = ValidateCliIT.run(ValidateCliIT.jar("new", "--dir", example.toString()));
        assertThat(created.code()).as(created.err()).isZero();
        try (UpProcess up = UpProcess.start("up", "--no-auth", "--dir", example.toString(), "--port", Integer.toString(AppFixture.freePort()))) {
            String url = up.awaitUrl(READY);
            assertThat(get(url + "/").body()).contains("Hello Space");
            assertThat(get(url + "/api/health").body()).contains("\"ok\": true");
            assertThat(get(url + "/clock/now").body()).contains("\"micro\":\"clock\"");
        }
    }

    @Test
    void upWithNamedMicrosStartsOnlyThose() throws Exception {
        threeMicroApp();
        try (UpProcess up = UpProcess.start("up", "other", "--no-auth", "--dir", dir.toString(), "--port", Integer.toString(AppFixture.freePort()))) {
            String url = up.awaitUrl(READY);
            assertThat(get(url + "/tools/v2/").statusCode()).isEqualTo(200);
            HttpResponse<String> api = get(url + "/api/");
            assertThat(api.statusCode()).isEqualTo(502);
            assertThat(api.body()).contains("not started: space-dev up was asked for other only");
            assertThat(get(url + "/").body()).isEqualTo("<h1>web</h1>");
        }
    }

    @Test
    void anUnknownMicroNameIsAUsageError() throws Exception {
        threeMicroApp();
        try (UpProcess up = UpProcess.start("up", "nope", "--dir", dir.toString())) {
            assertThat(up.awaitExit(Duration.ofSeconds(30))).isEqualTo(ExitCodes.USAGE);
            assertThat(up.err()).contains("no micro named nope", "its micros are web, api, other");
        }
    }

    @Test
    void proxyAloneServesMicrosStartedWithNoProxy() throws Exception {
        threeMicroApp();
        int port = AppFixture.freePort();
        try (UpProcess micros = UpProcess.start("up", "--no-proxy", "--dir", dir.toString(), "--port", Integer.toString(port))) {
            poll(() -> micros.err(), e -> e.contains("app is up"), Duration.ofSeconds(60));
            try (UpProcess proxy = UpProcess.start("proxy", "--no-auth", "--dir", dir.toString(), "--port", Integer.toString(port))) {
                String url = proxy.awaitUrl(READY);
                assertThat(get(url + "/tools/v2/z").body()).isEqualTo("{\"path\": \"/z\"}");
                assertThat(get(url + "/").body()).isEqualTo("<h1>web</h1>");
                assertThat(get(url + "/api/env").body()).contains("\"DETA_SPACE_APP_HOSTNAME\": \"127.0.0.1:" + port + "\"");
            }
        }
    }

    @Test
    void anInvalidSpacefileStopsUpWithItsProblems() throws Exception {
        AppFixture.write(dir, "v: 0\nmicros:\n  - name: web\n    src: nowhere\n    engine: static\n");
        try (UpProcess up = UpProcess.start("up", "--dir", dir.toString())) {
            assertThat(up.awaitExit(Duration.ofSeconds(30))).isEqualTo(ExitCodes.FAILURE);
            assertThat(up.err()).contains(":4:10: error: src \"nowhere\" does not exist").doesNotContain("Exception");
        }
    }

    static void copyTree(Path from, Path to) throws java.io.IOException {
        try (var files = Files.walk(from)) {
            for (Path p : files.filter(p -> !p.toString().contains(".space")).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    interface Call<T> {
        T call() throws Exception;
    }

    static <T> T poll(Call<T> call, java.util.function.Predicate<T> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = call.call();
                if (done.test(last)) {
                    return last;
                }
            } catch (java.io.IOException e) {
                // connection reset while the micro restarts: try again
            }
            dev.spacedev.testing.Poll.pause(Duration.ofMillis(20));
        }
        throw new AssertionError("condition not met within " + timeout + "; last: " + last);
    }
}
