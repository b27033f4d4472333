package dev.spacedev.data.base;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.data.drive.DriveApi;
import dev.spacedev.data.drive.DriveStore;
import dev.spacedev.data.drive.FileDriveStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How Deta's cloud answered, rule by rule, as tables: each query with the keys it returns or its
 * error, updates of nothing, limits, and Drive's listing, namespace and deletes.
 */
class CloudRulesTest {
    @TempDir
    Path dir;

    BaseStore store;
    BaseApi base;
    DriveStore files;
    DriveApi drive;

    @BeforeEach
    void setUp() throws Exception {
        store = new SqliteBaseStore(dir.resolve("base.db"), Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        base = new BaseApi(store);
        base.handle("PUT", "people", "/items", BaseQueryTest.json("{'items':["
                + "{'key':'ada','age':36,'name':'Ada','tags':['math','poetry'],'home':{'city':'London'}},"
                + "{'key':'alan','age':41,'name':'Alan','tags':['math'],'home':{'city':'Wilmslow'}},"
                + "{'key':'grace','age':85,'name':'Grace','tags':['navy']},"
                + "{'key':'linus','age':12,'name':'Linus'}]}"));
        files = new FileDriveStore(dir.resolve("data"));
        drive = new DriveApi(files, "pid");
    }

    @AfterEach
    void tearDown() throws Exception {
        store.close();
        files.close();
    }

    /** The keys a query returns, in order, or its status and first error. */
    private String query(String query) throws Exception {
        BaseApi.Reply r = base.handle("POST", "people", "/query", BaseQueryTest.json("{'query':" + query + "}"));
        if (r.status() != 200) {
            return r.status() + " " + r.body().path("errors").get(0).asText();
        }
        StringBuilder keys = new StringBuilder();
        r.body().path("items").forEach(i -> keys.append(keys.length() == 0 ? "" : " ").append(i.path("key").asText()));
        return keys.toString();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        // the comparison operators in both spellings, on fields and on key
        "[{'age?gt':40}]                     | alan grace",
        "[{'age?>':40}]                      | alan grace",
        "[{'age?<':36}]                      | linus",
        "[{'age?lt':36}]                     | linus",
        "[{'age?>=':41}]                     | alan grace",
        "[{'age?<=':36}]                     | ada linus",
        "[{'key?>':'alan'}]                  | grace linus",
        "[{'key?<=':'alan'}]                 | ada alan",
        "[{'key?pfx':'a'}]                   | ada alan",
        "[{'key?r':['alan','linus']}]        | alan grace linus",
        "[{'key':'grace'}]                   | grace",
        "[{'age?r':[30,45]}]                 | ada alan",
        "[{'tags?contains':'math'}]          | ada alan",
        "[{'tags?not_contains':'math'}]      | grace",
        "[{'home.city':'London'}]            | ada",
        "[{'name?pfx':'A','age?ne':41}]      | ada",
        "[{'age':12},{'age':85}]             | grace linus",
        // the same condition on key in every object of the list, or none at all
        "[{'key?pfx':'a','age':36},{'key?pfx':'a','age':41}] | ada alan",
        // what the cloud refused, with the one message the SDKs pass on
        "[{'age?':1}]                        | 400 Bad query",
        "[{'age??':1}]                       | 400 Bad query",
        "[{'?':1}]                           | 400 Bad query",
        "[{'age?random':1}]                  | 400 Bad query",
        "[{'name?pfx':1}]                    | 400 Bad query",
        "[{'age?r':[1]}]                     | 400 Bad query",
        "[{'age?r':5}]                       | 400 Bad query",
        "[{'key':1}]                         | 400 Bad query",
        "[{'key?gt':5}]                      | 400 Bad query",
        "[{'key?contains':'a'}]              | 400 Bad query",
        "[{'key?not_contains':'a'}]          | 400 Bad query",
        "[{'key?r':['a',5]}]                 | 400 Bad query",
        "[{'key?pfx':'a','key?ne':'ada'}]    | 400 Bad query",
        "[{'key?pfx':'a'},{'age':85}]        | 400 Bad query",
        "[{'key?pfx':'a'},{'key?pfx':'g'}]   | 400 Bad query",
        "[{'key':'ada'},{'key?pfx':'ada'}]   | 400 Bad query",
        "{'age':1}                           | 400 Bad query",
        "[5]                                 | 400 Bad query",
    })
    void queries(String query, String expected) throws Exception {
        assertThat(query(query)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "limit {0} -> {1}")
    @CsvSource(delimiter = '|', value = {"0 | 400", "-1 | 400", "'\"5\"' | 400", "1.5 | 400", "1 | 200", "null | 200", "5000 | 200"})
    void limits(String limit, int status) throws Exception {
        assertThat(base.handle("POST", "people", "/query", BaseQueryTest.json("{\"limit\":" + limit + "}")).status()).isEqualTo(status);
    }

    @Test
    void anUpdateOfNothingIs400AndChangesNothing() throws Exception {
        for (String empty : List.of("{}", "{'set':{},'increment':{},'append':{},'prepend':{},'delete':[]}", "{'set':null,'delete':null}")) {
            BaseApi.Reply r = base.handle("PATCH", "people", "/items/ada", BaseQueryTest.json(empty));
            assertThat(r.status()).as(empty).isEqualTo(400);
            assertThat(r.body().path("errors").isArray()).isTrue();
        }
        assertThat(base.handle("GET", "people", "/items/ada", null).body().toString()).contains("\"age\":36");
        assertThat(base.handle("PATCH", "people", "/items/ada", BaseQueryTest.json("{'delete':['tags']}")).status()).isEqualTo(200);
    }

    private String list(String query) {
        DriveApi.Reply r = drive.handle("GET", "d", "/files", new io.netty.handler.codec.http.QueryStringDecoder("?" + query).parameters(),
                new byte[0], null);
        return ((DriveApi.Json) r).body().toString().replace('"', '\'');
    }

    private void put(String name, String content) throws Exception {
        files.put("d", name, content.getBytes(StandardCharsets.UTF_8), "text/plain");
    }

    @Test
    void driveNamesAreAFlatNamespace() throws Exception {
        put("a", "file a");
        put("a/b", "file a/b");
        put("a/child/c", "deep");
        assertThat(Files.readString(files.get("d", "a").orElseThrow().content().file().orElseThrow())).isEqualTo("file a");
        assertThat(Files.readString(files.get("d", "a/b").orElseThrow().content().file().orElseThrow())).isEqualTo("file a/b");
        put("a", "a again"); // replacing one leaves the others
        files.delete("d", "a/b");
        assertThat(Files.readString(files.get("d", "a").orElseThrow().content().file().orElseThrow())).isEqualTo("a again");
        assertThat(files.get("d", "a/b")).isEmpty();
        assertThat(Files.readString(files.get("d", "a/child/c").orElseThrow().content().file().orElseThrow())).isEqualTo("deep");
        try (var blobs = Files.list(dir.resolve("data/blobs"))) {
            assertThat(blobs.count()).as("replaced and deleted bytes are gone").isEqualTo(2);
        }
    }

    @Test
    void listingPagesOnlyWhileMoreRemainAndCollapsesFoldersWhenNotRecursive() throws Exception {
        for (String n : List.of("a", "a-b", "a/b", "a/c/d", "a/e", "b/x", "c")) {
            put(n, n);
        }
        assertThat(list("limit=10")).isEqualTo("{'names':['a','a-b','a/b','a/c/d','a/e','b/x','c']}");
        assertThat(list("limit=3")).isEqualTo("{'paging':{'size':3,'last':'a/b'},'names':['a','a-b','a/b']}");
        assertThat(list("limit=3&last=a/b")).isEqualTo("{'paging':{'size':3,'last':'b/x'},'names':['a/c/d','a/e','b/x']}");
        assertThat(list("limit=3&last=b/x")).isEqualTo("{'names':['c']}");
        assertThat(list("recursive=false")).isEqualTo("{'names':['a','a-b','a/','b/','c']}");
        assertThat(list("recursive=false&prefix=a/")).isEqualTo("{'names':['a/b','a/c/','a/e']}");
        assertThat(list("recursive=false&limit=3")).isEqualTo("{'paging':{'size':3,'last':'a/'},'names':['a','a-b','a/']}");
        assertThat(list("recursive=false&limit=3&last=a/")).isEqualTo("{'names':['b/','c']}");
        assertThat(list("recursive=true&prefix=a/c")).isEqualTo("{'names':['a/c/d']}");
    }

    @Test
    void aNameBeginningWithASlashIsANameOfItsOwnAsOnDeta() throws Exception {
        Map<String, List<String>> query = Map.of("name", List.of("/avatars/ada.png"));
        DriveApi.Reply r = drive.handle("POST", "d", "/files", query, "png".getBytes(StandardCharsets.UTF_8), "image/png");
        assertThat(((DriveApi.Json) r).status()).isEqualTo(201);
        assertThat(Files.readString(files.get("d", "/avatars/ada.png").orElseThrow().content().file().orElseThrow())).isEqualTo("png");
        assertThat(files.get("d", "avatars/ada.png")).as("not the same name").isEmpty();
        assertThat(list("prefix=/avatars/")).isEqualTo("{'names':['/avatars/ada.png']}");
        for (String bad : List.of("//x", "/", "/a/../b", "a//b", "/a/")) {
            DriveApi.Reply refused = drive.handle("POST", "d", "/files", Map.of("name", List.of(bad)), new byte[1], "text/plain");
            assertThat(((DriveApi.Json) refused).status()).as(bad).isEqualTo(400);
        }
    }

    @Test
    void deletingNoNamesIs400() throws Exception {
        for (String body : List.of("{'names':['', '  ']}", "{'names':[]}")) {
            DriveApi.Json r = (DriveApi.Json) drive.handle("DELETE", "d", "/files", Map.of(), BaseQueryTest.json(body).toString()
                    .getBytes(StandardCharsets.UTF_8), "application/json");
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.body().path("errors").isArray()).isTrue();
        }
    }

    @Test
    void aStoreFromBeforeBlobsIsMovedOverWhenOpened() throws Exception {
        Path old = dir.resolve("old");
        Files.createDirectories(old.resolve("drives/photos/2024"));
        Files.writeString(old.resolve("drives/photos/2024/cat.txt"), "meow");
        Files.writeString(old.resolve("drives/photos/dog.txt"), "woof");
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + old.resolve("drive.db")); Statement s = db.createStatement()) {
            s.execute("CREATE TABLE files (drive TEXT NOT NULL, name TEXT NOT NULL, content_type TEXT NOT NULL, size INTEGER NOT NULL,"
                    + " PRIMARY KEY (drive, name)) WITHOUT ROWID");
            s.execute("INSERT INTO files VALUES ('photos', '2024/cat.txt', 'text/plain', 4), ('photos', 'dog.txt', 'text/plain', 4)");
        }
        try (DriveStore migrated = new FileDriveStore(old)) {
            assertThat(Files.readString(migrated.get("photos", "2024/cat.txt").orElseThrow().content().file().orElseThrow())).isEqualTo("meow");
            assertThat(Files.readString(migrated.get("photos", "dog.txt").orElseThrow().content().file().orElseThrow())).isEqualTo("woof");
            migrated.put("photos", "2024", "now a file too".getBytes(StandardCharsets.UTF_8), "text/plain");
            assertThat(migrated.list("photos", "", 10, Optional.empty(), true).names()).containsExactly("2024", "2024/cat.txt", "dog.txt");
        }
        assertThat(old.resolve("drives")).doesNotExist();
        try (DriveStore again = new FileDriveStore(old)) {
            assertThat(again.get("photos", "dog.txt")).isPresent();
        }
    }
}
