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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deta Base and Drive through the real JavaScript SDK (deta 2.0.0 from npm) in a micro started by
 * up, with no change to the app: over TLS from the local CA, a 12 MB file through the chunked
 * upload, and data still there after space-dev is SIGKILLed.
 */
class BaseSdkIT {
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    private String get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void theJavaScriptSdkWorksUnchangedAndWritesSurviveSigkill() throws Exception {
        Path api = Files.createDirectories(dir.resolve("api"));
        try (InputStream in = BaseSdkIT.class.getResourceAsStream("/sdk-js/index.js")) {
            Files.write(api.resolve("index.js"), in.readAllBytes());
        }
        Files.writeString(api.resolve("package.json"), "{\"name\":\"api\",\"private\":true}");
        Process npm = new ProcessBuilder("npm", "install", "--silent", "--no-audit", "--no-fund", "deta@2.0.0")
                .directory(api.toFile()).redirectErrorStream(true).start();
        String npmOut = new String(npm.getInputStream().readAllBytes());
        assertThat(npm.waitFor(180, TimeUnit.SECONDS) && npm.exitValue() == 0).as("npm install deta@2.0.0: %s", npmOut).isTrue();
        AppFixture.write(dir, "v: 0\nmicros:\n  - name: api\n    src: api\n    engine: nodejs16\n    run: node index.js\n");
        Map<String, String> env = Map.of("SPACE_DEV_HOME", dir.resolve("home").toString());

        try (UpProcess up = UpProcess.start(env, List.of(), "up", "--no-auth", "--dir", dir.toString(), "--port",
                Integer.toString(AppFixture.freePort()))) {
            String url = up.awaitUrl(Duration.ofSeconds(90));
            String out = get(url + "/");
            assertThat(out).contains("\"put\":{\"age\":36,\"key\":\"ada\",\"name\":\"Ada\"}", "\"missing\":null",
                    "\"insert\":\"Item with key ada already exists\"", "\"updated\":{\"age\":37,\"key\":\"ada\",\"name\":\"Ada\",\"tags\":[\"math\"]}",
                    "\"fetch\":[{\"age\":37,\"key\":\"ada\",\"name\":\"Ada\",\"tags\":[\"math\"]},{\"age\":50,\"key\":\"c\"}]",
                    "\"paged\":\"ada\"", "\"afterDelete\":null", "\"expiring\":{\"__expires\":", "\"key\":\"tmp\"}");
            String drive = get(url + "/drive");
            assertThat(drive).contains("\"putSmall\":\"notes/hello.txt\"", "\"putBig\":\"big.bin\"", "\"getSmall\":\"hello drive\"",
                    "\"bigMatches\":true", "\"missing\":null", "\"list\":{\"names\":[\"big.bin\",\"notes/hello.txt\"]}",
                    "\"listPrefix\":{\"names\":[\"notes/hello.txt\"]}",
                    "\"deleted\":{\"deleted\":[\"notes/hello.txt\",\"never.txt\"],\"failed\":{}}", "\"after\":{\"names\":[\"big.bin\"]}");
            up.signal("KILL");
            up.awaitExit(Duration.ofSeconds(10));
        }
        try (UpProcess again = UpProcess.start(env, List.of(), "up", "--no-auth", "--dir", dir.toString(), "--port",
                Integer.toString(AppFixture.freePort()))) {
            String url = again.awaitUrl(Duration.ofSeconds(90));
            assertThat(get(url + "/get/ada")).as("written before the SIGKILL").isEqualTo("{\"age\":37,\"key\":\"ada\",\"name\":\"Ada\",\"tags\":[\"math\"]}");
            assertThat(get(url + "/get/c")).isEqualTo("{\"age\":50,\"key\":\"c\"}");
            try (var blobs = Files.list(dir.resolve(".space/data/blobs"))) {
                assertThat(blobs.mapToLong(p -> p.toFile().length()).max().orElse(0)).isEqualTo(12L * 1024 * 1024);
            }
        }
        assertThat(Files.getPosixFilePermissions(dir.resolve("home/ca/server.key"))).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }
}
