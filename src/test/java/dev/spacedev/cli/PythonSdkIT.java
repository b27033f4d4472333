package dev.spacedev.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deta Base and Drive through Deta's real Python SDK (deta 1.2.0, vendored in ../shared/vendor:
 * the name deta on PyPI now belongs to another project) in a Python micro started by up, each
 * answer checked: what an app written for Space gets from space-dev.
 */
class PythonSdkIT {
    static final Path WHEEL = Path.of("..", "shared", "vendor", "deta-1.2.0-py3-none-any.whl");
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    private String get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    /** The same SDK calls and the same answers from the embedded store and from PostgreSQL ({@code --data-url}). */
    @ParameterizedTest
    @ValueSource(strings = {"embedded", "postgres"})
    void thePythonSdkGetsTheCloudsAnswers(String backend) throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(WHEEL), () -> WHEEL.toAbsolutePath().normalize() + " is missing, so the Python SDK"
                + " test is skipped: put the shared/ folder (vendor/deta-1.2.0-py3-none-any.whl, Deta's SDK 1.2.0) beside this clone");
        Path api = Files.createDirectories(dir.resolve("api"));
        try (InputStream in = PythonSdkIT.class.getResourceAsStream("/sdk-python/main.py")) {
            Files.write(api.resolve("main.py"), in.readAllBytes());
        }
        Process pip = new ProcessBuilder("python3", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
                "--target", api.resolve("vendor").toString(), WHEEL.toAbsolutePath().toString())
                .redirectErrorStream(true).start();
        String pipOut = new String(pip.getInputStream().readAllBytes());
        assertThat(pip.waitFor(120, TimeUnit.SECONDS) && pip.exitValue() == 0).as("pip install the vendored SDK: %s", pipOut).isTrue();
        AppFixture.write(dir, "v: 0\nmicros:\n  - name: api\n    src: api\n    engine: python3.9\n    run: python3 main.py\n");
        Map<String, String> env = new java.util.HashMap<>(Map.of("SPACE_DEV_HOME", dir.resolve("home").toString()));
        if (backend.equals("postgres")) {
            env.put(dev.spacedev.database.DataUrl.ENVIRONMENT, dev.spacedev.database.TestPostgres.text(dev.spacedev.database.TestPostgres.newDatabase()));
        }
        try (UpProcess up = UpProcess.start(env, List.of(), "up", "--no-auth", "--dir", dir.toString(), "--port",
                Integer.toString(AppFixture.freePort()))) {
            String url = up.awaitUrl(Duration.ofSeconds(90));
            String base = get(url + "/");
            assertThat(base).contains(
                    "\"put\": {\"age\": 36, \"key\": \"ada\", \"name\": \"Ada\", \"tags\": [\"math\"]}", // fields in name order
                    "\"get\": {\"age\": 36, \"key\": \"ada\", \"name\": \"Ada\", \"tags\": [\"math\"]}",
                    "\"missing\": null",
                    "\"insert\": {\"age\": 41, \"key\": \"alan\", \"name\": \"Alan\"}",
                    "\"insertAgain\": 409",
                    "\"updated\": {\"age\": 37, \"city\": \"London\", \"first\": [\"x\"], \"key\": \"ada\", \"name\": \"Ada\","
                            + " \"tags\": [\"math\", \"poetry\"]}",
                    "\"trimmed\": {\"age\": 12, \"key\": \"linus\"}",
                    "\"updateMissing\": \"Key 'nobody' not found\"",
                    "\"updateNothing\": 400",
                    "\"eq\": [\"alan\"]", "\"ne\": [\"ada\", \"grace\", \"linus\"]", "\"lt\": [\"ada\", \"linus\"]",
                    "\"gt\": [\"alan\", \"grace\"]", "\"lte\": [\"ada\", \"linus\"]", "\"gte\": [\"alan\", \"grace\"]",
                    "\"pfx\": [\"grace\"]", "\"r\": [\"ada\", \"alan\"]", "\"contains\": [\"ada\"]",
                    "\"not_contains\": [\"ada\"]", "\"symbols\": [\"alan\", \"grace\"]", "\"or\": [\"grace\", \"linus\"]",
                    "\"key\": [\"ada\", \"alan\"]",
                    "\"badQuery\": 400",
                    "\"paging\": {\"first\": [\"ada\", \"alan\"], \"last\": \"alan\", \"count\": 2, \"second\": [\"grace\", \"linus\"],"
                            + " \"secondLast\": null}",
                    "\"expiring\": {\"__expires\": ", "\"key\": \"tmp\", \"v\": 1}",
                    "\"expired\": null",
                    "\"deleted\": null");
            String drive = get(url + "/drive");
            assertThat(drive).contains(
                    "\"putSmall\": \"notes/hello.txt\"", "\"putSibling\": \"notes\"", "\"putBig\": \"big.bin\"",
                    "\"getSmall\": \"hello drive\"", "\"getSibling\": \"a file named like the folder\"", "\"bigMatches\": true",
                    "\"missing\": null",
                    "\"list\": {\"names\": [\"big.bin\", \"notes\", \"notes/hello.txt\"]}",
                    "\"listPrefix\": {\"names\": [\"notes/hello.txt\"]}",
                    "\"listPage\": {\"paging\": {\"size\": 1, \"last\": \"big.bin\"}, \"names\": [\"big.bin\"]}",
                    "\"deleted\": {\"deleted\": [\"notes/hello.txt\", \"never.txt\"], \"failed\": {}}",
                    "\"deleteOne\": \"notes\"",
                    "\"after\": {\"names\": [\"big.bin\"]}");
        }
    }

    /** An app written for Space: requirements.txt says just "deta", main.py imports it. */
    private void spaceApp() throws Exception {
        Path api = Files.createDirectories(dir.resolve("api"));
        Files.writeString(api.resolve("requirements.txt"), "deta\n");
        Files.writeString(api.resolve("main.py"), """
                import json, os
                from http.server import BaseHTTPRequestHandler, HTTPServer
                from deta import Deta
                db = Deta().Base("notes")
                class H(BaseHTTPRequestHandler):
                    def do_GET(self):
                        db.put({"text": "hi"}, "n1")
                        body = json.dumps(db.get("n1")).encode()
                        self.send_response(200)
                        self.send_header("Content-Length", str(len(body)))
                        self.end_headers()
                        self.wfile.write(body)
                HTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
                """);
        AppFixture.write(dir, "v: 0\nmicros:\n  - name: api\n    src: api\n    engine: python3.9\n    run: python3 main.py\n");
    }

    @Test
    void aSpaceAppThatListsDetaGetsDetasSdkInProd() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(WHEEL), () -> WHEEL + " is missing: the test is skipped");
        spaceApp();
        List<String> cmd = new java.util.ArrayList<>(List.of("env", "SPACE_DEV_HOME=" + dir.resolve("home"),
                "SPACE_DEV_DETA_PYTHON=" + WHEEL.toAbsolutePath()));
        cmd.addAll(ValidateCliIT.jar("test", "--prod", "--dir", dir.toString(), "--expect", "GET / 200"));
        ValidateCliIT.Result r = runLong(cmd);
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.err()).contains("requirements.txt names deta: installing Deta's SDK 1.2.0 from " + WHEEL.toAbsolutePath());
        assertThat(r.out()).contains("2 passed: 1 micros, 1 --expect; 0 reachable only; 0 failed");

        List<String> missing = new java.util.ArrayList<>(List.of("env", "SPACE_DEV_HOME=" + dir.resolve("home"),
                "SPACE_DEV_DETA_PYTHON=" + dir.resolve("no-such.whl")));
        missing.addAll(ValidateCliIT.jar("build", "--force", "--dir", dir.toString()));
        ValidateCliIT.Result failed = runLong(missing);
        assertThat(failed.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(failed.err()).contains("Deta's Python SDK 1.2.0 could not be installed from", "set SPACE_DEV_DETA_PYTHON");
    }

    private static ValidateCliIT.Result runLong(List<String> command) throws Exception {
        Path out = Files.createTempFile("out", ".txt");
        Path err = Files.createTempFile("err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(240, TimeUnit.SECONDS)).as("finished").isTrue();
        return new ValidateCliIT.Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
