package dev.spacedev.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.cli.ValidateCliIT.Result;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Actions delivered by {@code trigger}, and app keys made and revoked while {@code up} runs. */
class RuntimeIT {
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    private void app() throws Exception {
        AppFixture.pythonMicro(dir.resolve("api"));
        Files.createDirectories(dir.resolve("web"));
        Files.writeString(dir.resolve("web/index.html"), "web");
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
                    dev: exec python3 server.py
                    presets:
                      api_keys: true
                    actions:
                      - id: tidy
                        name: Tidy
                        trigger: schedule
                        default_interval: 1 hour
                      - id: fail
                        name: Fail
                        trigger: schedule
                        default_interval: 1 day
                """);
    }

    private Result cli(String... args) throws Exception {
        return ValidateCliIT.run(ValidateCliIT.jar(args));
    }

    private int status(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void triggerDeliversWhatSpaceSentAndReportsTheStatus() throws Exception {
        app();
        try (UpProcess up = UpProcess.start("up", "--no-actions", "--dir", dir.toString(), "--port", Integer.toString(AppFixture.freePort()))) {
            up.awaitUrl(Duration.ofSeconds(60));
            Result ok = cli("trigger", "tidy", "--dir", dir.toString());
            assertThat(ok.code()).isEqualTo(ExitCodes.OK);
            assertThat(ok.out()).isEqualTo("200\n");
            String apiKey = Files.readAllLines(dir.resolve(".space/keys")).stream().filter(l -> l.startsWith("DETA_API_KEY="))
                    .findFirst().orElseThrow().substring("DETA_API_KEY=".length());
            assertThat(Files.readString(dir.resolve("api/actions.log"))).isEqualTo(
                    "{\"body\": \"{\\\"event\\\":{\\\"id\\\":\\\"tidy\\\",\\\"trigger\\\":\\\"schedule\\\"}}\", \"key\": \"" + apiKey
                            + "\", \"type\": \"application/json\"}\n");

            // recorded as the dashboard's Run now is: in up's log, and among the action's runs
            UpCommandIT.poll(up::err, e -> e.contains("action tidy (api): run now, as asked") && e.contains("action tidy (api) ran: 200"),
                    Duration.ofSeconds(10));

            Result failed = cli("trigger", "fail", "--dir", dir.toString());
            assertThat(failed.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(failed.out()).isEqualTo("500\n");

            Result unknown = cli("trigger", "nope", "--dir", dir.toString());
            assertThat(unknown.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(unknown.err()).contains("no action \"nope\"", "its actions are: tidy (micro api), fail (micro api)");
        }
    }

    @Test
    void aScheduleTheOwnerChangedOutlivesUp() throws Exception {
        app();
        try (UpProcess up = UpProcess.start("up", "--dir", dir.toString(), "--port", Integer.toString(AppFixture.freePort()))) {
            up.awaitUrl(Duration.ofSeconds(60));
            Result changed = cli("action", "schedule", "tidy", "--every", "2 hours", "--dir", dir.toString());
            assertThat(changed.code()).as(changed.err()).isZero();
            assertThat(changed.out()).startsWith("tidy: 2 hours (default 1 hour); next run at ");
            Result bad = cli("action", "schedule", "tidy", "--cron", "61 * * * *", "--dir", dir.toString());
            assertThat(bad.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(bad.err()).contains("61");
            assertThat(cli("action", "schedule", "fail", "--off", "--dir", dir.toString()).out()).isEqualTo("fail: off (default 1 day)\n");
            assertThat(cli("action", "schedule", "tidy", "--dir", dir.toString()).code()).as("one of the choices is required")
                    .isEqualTo(ExitCodes.USAGE);
        }
        try (UpProcess again = UpProcess.start("up", "--dir", dir.toString(), "--port", Integer.toString(AppFixture.freePort()))) {
            again.awaitUrl(Duration.ofSeconds(60));
            UpCommandIT.poll(again::err, e -> e.contains("action tidy (api, \"2 hours\" (the owner's; default \"1 hour\")) first runs at")
                    && e.contains("action fail (api, off (default \"1 day\")) does not run: the owner turned it off"), Duration.ofSeconds(10));
            assertThat(cli("action", "schedule", "tidy", "--default", "--dir", dir.toString()).out()).startsWith("tidy: 1 hour (the Spacefile's)");
        }
    }

    @Test
    void triggerWithoutARunningMicroSaysSo() throws Exception {
        app();
        Result r = cli("trigger", "tidy", "--dir", dir.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("no space-dev up is running", "start one with: space-dev up");
    }

    @Test
    void keysMadeAndRevokedWhileUpRuns() throws Exception {
        app();
        try (UpProcess up = UpProcess.start("up", "--dir", dir.toString(), "--port", Integer.toString(AppFixture.freePort()))) {
            String url = up.awaitUrl(Duration.ofSeconds(60));
            assertThat(status(url + "/api/x")).isEqualTo(401);

            Result created = cli("keys", "create", "ci", "--dir", dir.toString());
            assertThat(created.code()).isZero();
            List<String> lines = created.out().lines().toList();
            String key = lines.get(lines.size() - 1);
            assertThat(key).startsWith("sdk_");
            assertThat(created.err()).contains("shown this once");
            assertThat(status(url + "/api/x", "X-Space-App-Key", key)).isEqualTo(200);
            assertThat(status(url + "/", "X-Space-App-Key", key)).as("web takes no app keys").isEqualTo(401);

            assertThat(cli("keys", "list", "--dir", dir.toString()).out()).startsWith("ci\t");
            assertThat(cli("keys", "create", "ci", "--dir", dir.toString()).code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(cli("keys", "revoke", "ci", "--dir", dir.toString()).code()).isZero();
            assertThat(status(url + "/api/x", "X-Space-App-Key", key)).isEqualTo(401);
            assertThat(cli("keys", "revoke", "ci", "--dir", dir.toString()).code()).isEqualTo(ExitCodes.FAILURE);
        }
    }

    @Test
    void theBrowserSdkReachesBaseAndDriveAsTheSignedInOwner() throws Exception {
        app();
        try (UpProcess up = UpProcess.start("up", "--dir", dir.toString(), "--port", Integer.toString(AppFixture.freePort()))) {
            String url = up.awaitUrl(Duration.ofSeconds(60));
            String owner = AppFixture.signIn(url, up);
            HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(url + "/__space/v0/base/v1/dummy/people/items"))
                    .header("Content-Type", "application/json").header("Origin", url)
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"items\":[{\"key\":\"k\",\"n\":1}]}"));
            assertThat(http.send(put.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).as("not signed in").isEqualTo(401);
            HttpResponse<String> stored = http.send(put.header("Cookie", owner).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(stored.statusCode()).isEqualTo(207);
            HttpResponse<String> got = http.send(HttpRequest.newBuilder(URI.create(url + "/__space/v0/base/v1/anything/people/items/k"))
                    .header("Cookie", owner).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(got.body()).isEqualTo("{\"key\":\"k\",\"n\":1}");
            HttpResponse<String> file = http.send(HttpRequest.newBuilder(URI.create(url + "/__space/v0/drive/v1/x/photos/files?name=a.txt"))
                    .header("Cookie", owner).header("Origin", url).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("hello")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(file.statusCode()).isEqualTo(201);
            HttpResponse<String> download = http.send(HttpRequest.newBuilder(URI.create(url + "/__space/v0/drive/v1/x/photos/files/download?name=a.txt"))
                    .header("Cookie", owner).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(download.body()).isEqualTo("hello");
            assertThat(download.headers().firstValue("content-type")).contains("text/plain");
            assertThat(download.headers().firstValue("x-content-type-options")).contains("nosniff");

            // an uploaded page must not run as the app's own: a download in a sandbox
            http.send(HttpRequest.newBuilder(URI.create(url + "/__space/v0/drive/v1/x/photos/files?name=evil.html")).header("Cookie", owner)
                    .header("Origin", url).header("Content-Type", "text/html")
                    .POST(HttpRequest.BodyPublishers.ofString("<script>fetch('/__space/v0/base')</script>")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url
                    + "/__space/v0/drive/v1/x/photos/files/download?name=evil.html")).header("Cookie", owner).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.headers().firstValue("content-disposition")).contains("attachment");
            assertThat(page.headers().firstValue("content-security-policy")).contains("sandbox");

            // an upload id of ".." names no folder: aborting it deletes nothing
            HttpResponse<String> abort = http.send(HttpRequest.newBuilder(URI.create(url + "/__space/v0/drive/v1/x/photos/uploads/..?name=a"))
                    .header("Cookie", owner).header("Origin", url).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(abort.statusCode()).isIn(400, 404);
            assertThat(abort.body()).doesNotContain(dir.toString(), ".space");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(url + "/__space/v0/drive/v1/x/photos/files/download?name=a.txt"))
                    .header("Cookie", owner).build(), HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("hello");
        }
    }

    @Test
    void beyondLoopbackSigningInTakesThePrintedTokenAndOnlyListedNamesAreServed() throws Exception {
        app();
        int port = AppFixture.freePort();
        try (UpProcess up = UpProcess.start("up", "--host", "0.0.0.0", "--allowed-host", "myapp.test", "--dir", dir.toString(),
                "--port", Integer.toString(port))) {
            String url = up.awaitUrl(Duration.ofSeconds(60));
            assertThat(dev.spacedev.testing.Poll.until(() -> up.err().contains("sign in: "), Duration.ofSeconds(10))).as(up.err()).isTrue();
            HttpResponse<Void> button = http.send(HttpRequest.newBuilder(URI.create(url + "/__space/login")).header("Origin", url)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(button.statusCode()).as("no button: a token is needed").isEqualTo(403);
            assertThat(button.headers().firstValue("set-cookie")).isEmpty();
            String cookie = "set-cookie: " + AppFixture.signIn(url, up) + ";";
            cookie = cookie.substring("set-cookie: ".length());
            assertThat(cookie).startsWith("space_dev_session_" + port + "=");
            assertThat(status(url + "/api/x", "Cookie", cookie.substring(0, cookie.indexOf(';')))).isEqualTo(200);

            // the Host a browser sends decides, before anything else
            assertThat(rawStatus(port, "myapp.test:" + port)).isEqualTo(401);
            assertThat(rawStatus(port, "rebound.evil.example")).isEqualTo(403);
        }
    }

    /** The status of GET /api/x sent with this Host header (HttpClient does not let a test set Host). */
    private static int rawStatus(int port, String host) throws Exception {
        try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            s.getOutputStream().write(("GET /api/x HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            String head = new String(s.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.ISO_8859_1);
            return Integer.parseInt(head.substring(9, 12));
        }
    }

    @Test
    void noAuthSaysSo() throws Exception {
        app();
        try (UpProcess up = UpProcess.start("up", "--no-auth", "--dir", dir.toString(), "--port", Integer.toString(AppFixture.freePort()))) {
            String url = up.awaitUrl(Duration.ofSeconds(60));
            assertThat(status(url + "/api/x")).isEqualTo(200);
            assertThat(up.err()).contains("auth is off (--no-auth)");
            assertThat(up.err()).contains("action tidy (api, \"1 hour\") first runs at");
        }
    }
}
