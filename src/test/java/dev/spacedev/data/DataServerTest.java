package dev.spacedev.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.data.base.BaseApi;
import dev.spacedev.data.base.BaseStore;
import dev.spacedev.data.base.SqliteBaseStore;
import dev.spacedev.data.drive.DriveApi;
import dev.spacedev.data.drive.DriveStore;
import dev.spacedev.data.drive.FileDriveStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data API over real sockets: keys checked, paths checked, concurrent writers safe, Drive ranges. */
@org.junit.jupiter.api.extension.ExtendWith(dev.spacedev.proxy.LeakDetection.class)
class DataServerTest {
    static final String KEY = "abc123_secret";

    @TempDir
    Path dir;

    BaseStore base;
    DriveStore drive;
    DataServer server;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void setUp() throws Exception {
        base = new SqliteBaseStore(dir.resolve("base.db"), Clock.systemUTC());
        drive = new FileDriveStore(dir);
        server = DataServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new BaseApi(base), new DriveApi(drive, "abc123"),
                KEY, null);
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
        base.close();
        drive.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theDataKeyAndItsProjectAreRequired() throws Exception {
        assertThat(send("GET", "/v1/abc123/people/items/k", null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/v1/abc123/people/items/k", null, "X-API-Key", "abc123_wrong").statusCode()).isEqualTo(401);
        assertThat(send("GET", "/v1/other/people/items/k", null, "X-API-Key", KEY).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/v1/abc123/people/items/k", null, "x-api-key", KEY).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/v1/abc123/../items/k", null, "X-API-Key", KEY).statusCode()).isIn(400, 404);
    }

    @Test
    void anUploadIdIsNeverAPath() throws Exception {
        drive.put("photos", "cat.txt", "meow".getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/plain");
        for (String id : List.of("..", "%2e%2e", "..%2f..", "x/../..")) {
            String r = raw("DELETE /v1/abc123/photos/uploads/" + id + "?name=a HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + KEY
                    + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            assertThat(r).as(id).matches("(?s)HTTP/1.1 (400|404) .*").doesNotContain(dir.toString());
        }
        String part = raw("POST /v1/abc123/photos/uploads/../parts?name=a&part=1 HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + KEY
                + "\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx");
        assertThat(part).matches("(?s)HTTP/1.1 (400|404) .*");
        assertThat(drive.get("photos", "cat.txt").orElseThrow().content().file().orElseThrow()).hasContent("meow");
    }

    @Test
    void storageErrorsNeverShowServerPaths() throws Exception {
        drive.put("photos", "cat.txt", "meow".getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/plain");
        java.nio.file.Files.delete(dir.resolve("tmp")); // the next upload cannot stage its bytes
        HttpResponse<String> r = send("POST", "/v1/abc123/photos/files?name=b.txt", "hi", "X-API-Key", KEY);
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("{\"errors\":[\"storage failed\"]}").doesNotContain(dir.toString());
    }

    private String raw(String request) throws Exception {
        try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
            s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int writer = t;
            results.add(pool.submit(() -> {
                int ok = 0;
                for (int i = 0; i < 100; i++) {
                    String body = "{\"items\":[{\"key\":\"w" + writer + "-" + i + "\",\"n\":" + i + "}]}";
                    ok += send("PUT", "/v1/abc123/people/items", body, "X-API-Key", KEY).statusCode() == 207 ? 1 : 0;
                }
                return ok;
            }));
        }
        int ok = 0;
        for (Future<Integer> f : results) {
            ok += f.get();
        }
        pool.shutdown();
        assertThat(ok).isEqualTo(800);
        String all = send("POST", "/v1/abc123/people/query", "{\"limit\":1000}", "X-API-Key", KEY).body();
        assertThat(all).contains("\"paging\":{\"size\":800}");
    }

    @Test
    void concurrentIncrementsAllCount() throws Exception {
        send("PUT", "/v1/abc123/people/items", "{\"items\":[{\"key\":\"counter\",\"n\":0}]}", "X-API-Key", KEY);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    send("PATCH", "/v1/abc123/people/items/counter", "{\"increment\":{\"n\":1}}", "X-API-Key", KEY);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertThat(send("GET", "/v1/abc123/people/items/counter", null, "X-API-Key", KEY).body()).isEqualTo("{\"key\":\"counter\",\"n\":400}");
    }

    @Test
    void driveDownloadsWithRangesAndTypes() throws Exception {
        assertThat(send("POST", "/v1/abc123/photos/files?name=a/b.txt", "0123456789", "X-API-Key", KEY, "Content-Type", "text/plain")
                .statusCode()).isEqualTo(201);
        HttpResponse<String> whole = send("GET", "/v1/abc123/photos/files/download?name=a/b.txt", null, "X-API-Key", KEY);
        assertThat(whole.body()).isEqualTo("0123456789");
        assertThat(whole.headers().firstValue("content-type")).contains("text/plain");
        assertThat(whole.headers().firstValue("accept-ranges")).contains("bytes");
        HttpResponse<String> part = send("GET", "/v1/abc123/photos/files/download?name=a/b.txt", null, "X-API-Key", KEY, "Range", "bytes=2-4");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo("234");
        assertThat(send("GET", "/v1/abc123/photos/files/download?name=nope", null, "X-API-Key", KEY).statusCode()).isEqualTo(404);
        assertThat(send("POST", "/v1/abc123/photos/files?name=../escape", "x", "X-API-Key", KEY).statusCode()).isEqualTo(400);
        assertThat(send("POST", "/v1/abc123/photos/files?name=dir/", "x", "X-API-Key", KEY).statusCode()).isEqualTo(400);
    }

    @Test
    void anAbortedUploadLeavesNothing() throws Exception {
        String started = send("POST", "/v1/abc123/photos/uploads?name=x.bin", null, "X-API-Key", KEY).body();
        String id = started.replaceAll(".*\"upload_id\":\"([0-9a-f]+)\".*", "$1");
        assertThat(send("POST", "/v1/abc123/photos/uploads/" + id + "/parts?name=x.bin&part=1", "abc", "X-API-Key", KEY).statusCode()).isEqualTo(200);
        assertThat(send("DELETE", "/v1/abc123/photos/uploads/" + id + "?name=x.bin", null, "X-API-Key", KEY).statusCode()).isEqualTo(200);
        assertThat(send("PATCH", "/v1/abc123/photos/uploads/" + id + "?name=x.bin", null, "X-API-Key", KEY).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/v1/abc123/photos/files", null, "X-API-Key", KEY).body()).isEqualTo("{\"names\":[]}");
    }
}
