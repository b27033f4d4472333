package dev.spacedev.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.data.base.BaseApi;
import dev.spacedev.data.base.BaseStore;
import dev.spacedev.data.base.PgBaseStore;
import dev.spacedev.data.base.SqliteBaseStore;
import dev.spacedev.data.drive.DriveApi;
import dev.spacedev.data.drive.DriveStore;
import dev.spacedev.data.drive.FileDriveStore;
import dev.spacedev.data.drive.PgDriveStore;
import dev.spacedev.database.Database;
import dev.spacedev.database.TestPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data API's conformance suite: every rule of Deta Base and Drive that the SDKs rely on, error
 * cases included, as a table of requests and the exact answers Deta's cloud gave
 * ({@code conformance/data-api.txt}; its first lines say how to read it). Each scenario runs on an
 * empty data service over real sockets; a backend is anything that serves {@code /v1/<project>/...}
 * ({@link Backend}), so the same table holds every storage space-dev offers.
 */
class DataApiConformanceTest {
    static final String PROJECT = "abc123";
    static final String KEY = PROJECT + "_secret";
    private static final Pattern REQUEST = Pattern.compile("> (\\S+) (\\S+)(?: \\[([^]]*)])?(?: (.*))?");
    private static final Pattern RESPONSE = Pattern.compile("< (\\d{3})(?: \\[([^]]*)])?(?: (.*))?");
    /**
     * What an answer may hold that no table can know: a random Base key (12 lowercase letters or digits) and a
     * Drive upload id (32 hex digits). The value an answer gave is remembered and put into later requests.
     */
    private static final Map<String, String> PLACEHOLDERS = Map.of("$KEY", "[a-z0-9]{12}", "$UPLOAD", "[0-9a-f]{32}");

    @TempDir
    Path dir;

    /** A running data service, empty at the start of each scenario. */
    interface Backend extends AutoCloseable {
        int port();
    }

    /** The embedded backend: SQLite under a fresh directory. */
    static Backend embedded(Path dir) throws Exception {
        BaseStore base = new SqliteBaseStore(dir.resolve("base.db"), Clock.systemUTC());
        DriveStore drive = new FileDriveStore(dir);
        return serve(base, drive);
    }

    /** The PostgreSQL backend: one database for the suite, emptied before each scenario. */
    static Backend postgres(Database db) throws Exception {
        try (java.sql.Connection c = db.connection(); java.sql.Statement s = c.createStatement()) {
            s.execute("TRUNCATE base_items, drive_files, drive_chunks, drive_uploads, drive_upload_chunks");
        }
        return serve(new PgBaseStore(db, Clock.systemUTC()), new PgDriveStore(db, Clock.systemUTC()));
    }

    /** The data API over these stores on a free port; closing it closes the stores too. */
    private static Backend serve(BaseStore base, DriveStore drive) throws Exception {
        DataServer server = DataServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new BaseApi(base),
                new DriveApi(drive, PROJECT), KEY, null);
        return new Backend() {
            @Override
            public int port() {
                return server.address().getPort();
            }

            @Override
            public void close() throws Exception {
                server.close();
                base.close();
                drive.close();
            }
        };
    }

    record Step(int line, String method, String path, Map<String, String> headers, String body, int status,
            Map<String, String> wantHeaders, String want) {}

    record Scenario(String name, List<Step> steps) {}

    @TestFactory
    Stream<DynamicTest> embeddedBackend() throws IOException {
        return scenarios().stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> {
            Path own = java.nio.file.Files.createTempDirectory(dir, "scenario");
            try (Backend backend = embedded(own)) {
                run(backend, s);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> postgresBackend() throws Exception {
        Database db = Database.open(TestPostgres.newDatabase(), 4);
        return scenarios().stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> {
            try (Backend backend = postgres(db)) {
                run(backend, s);
            }
        })).onClose(db::close);
    }

    static void run(Backend backend, Scenario scenario) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Map<String, String> seen = new LinkedHashMap<>();
        for (Step step : scenario.steps()) {
            String path = substitute(step.path(), seen);
            String body = step.body() == null ? null : substitute(step.body(), seen);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + backend.port() + "/v1/" + PROJECT + "/"
                    + path)).method(step.method(), body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
            Map<String, String> headers = new LinkedHashMap<>(Map.of("X-API-Key", KEY));
            headers.putAll(step.headers());
            headers.forEach((k, v) -> {
                if (!v.isEmpty()) {
                    b.header(k, v);
                }
            });
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String where = "line " + step.line() + ": " + step.method() + " " + step.path() + " answered " + r.statusCode() + " " + r.body();
            assertThat(r.statusCode()).as(where).isEqualTo(step.status());
            step.wantHeaders().forEach((k, v) -> assertThat(r.headers().firstValue(k)).as(where + " header " + k).contains(v));
            List<String> names = new ArrayList<>();
            Matcher m = Pattern.compile(pattern(step.want(), names), Pattern.DOTALL).matcher(r.body());
            assertThat(m.matches()).as(where + "\n  expected " + step.want()).isTrue();
            for (int g = 0; g < names.size(); g++) {
                seen.put(names.get(g), m.group(g + 1));
            }
        }
    }

    /** The expected body as a pattern: exact, except for each placeholder, which is captured (its name added to {@code names}). */
    static String pattern(String want, List<String> names) {
        StringBuilder p = new StringBuilder();
        int at = 0;
        while (true) {
            int next = -1;
            String found = null;
            for (String name : PLACEHOLDERS.keySet()) {
                int i = want.indexOf(name, at);
                if (i >= 0 && (next < 0 || i < next)) {
                    next = i;
                    found = name;
                }
            }
            if (found == null) {
                return p.append(Pattern.quote(want.substring(at))).toString();
            }
            p.append(Pattern.quote(want.substring(at, next))).append('(').append(PLACEHOLDERS.get(found)).append(')');
            names.add(found);
            at = next + found.length();
        }
    }

    private static String substitute(String text, Map<String, String> seen) {
        String out = text;
        for (Map.Entry<String, String> e : seen.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }

    static List<Scenario> scenarios() throws IOException {
        List<Scenario> all = new ArrayList<>();
        String name = null;
        List<Step> steps = new ArrayList<>();
        Matcher pending = null;
        int pendingLine = 0;
        String[] lines;
        try (InputStream in = DataApiConformanceTest.class.getResourceAsStream("/conformance/data-api.txt")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1);
        }
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].stripTrailing();
            if (line.startsWith("## ") && pending != null) {
                throw new IllegalStateException("data-api.txt line " + pendingLine + ": a request without its answer");
            }
            if (line.startsWith("## ")) {
                if (name != null) {
                    all.add(new Scenario(name, List.copyOf(steps)));
                }
                name = line.substring(3);
                steps.clear();
            } else if (line.startsWith("> ")) {
                pending = REQUEST.matcher(line);
                pendingLine = n + 1;
                if (!pending.matches()) {
                    throw new IllegalStateException("data-api.txt line " + (n + 1) + ": not a request: " + line);
                }
            } else if (line.startsWith("< ")) {
                Matcher response = RESPONSE.matcher(line);
                if (pending == null || !response.matches() || name == null) {
                    throw new IllegalStateException("data-api.txt line " + (n + 1) + ": a response without its request: " + line);
                }
                steps.add(new Step(pendingLine, pending.group(1), pending.group(2), headers(pending.group(3)), pending.group(4),
                        Integer.parseInt(response.group(1)), headers(response.group(2)), response.group(3) == null ? "" : response.group(3)));
                pending = null;
            }
        }
        if (pending != null) {
            throw new IllegalStateException("data-api.txt line " + pendingLine + ": a request without its answer");
        }
        if (name != null) {
            all.add(new Scenario(name, List.copyOf(steps)));
        }
        return all;
    }

    private static Map<String, String> headers(String spec) {
        Map<String, String> h = new LinkedHashMap<>();
        if (spec != null) {
            for (String pair : spec.split(";")) {
                int colon = pair.indexOf(':');
                h.put(pair.substring(0, colon).strip(), pair.substring(colon + 1).strip());
            }
        }
        return h;
    }
}
