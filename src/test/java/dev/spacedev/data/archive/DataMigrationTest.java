package dev.spacedev.data.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spacedev.data.base.BaseQuery;
import dev.spacedev.data.base.BaseStore;
import dev.spacedev.data.base.PgBaseStore;
import dev.spacedev.data.base.SqliteBaseStore;
import dev.spacedev.data.drive.DriveStore;
import dev.spacedev.data.drive.FileDriveStore;
import dev.spacedev.data.drive.PgDriveStore;
import dev.spacedev.database.Database;
import dev.spacedev.database.TestPostgres;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app's data moved SQLite -> PostgreSQL -> SQLite comes back exactly: every base's items (as
 * the API answers them) and every drive's files (names, types, bytes), checked by the migration's
 * own summaries and, independently, item by item and byte by byte here.
 */
class DataMigrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void sqliteToPostgresToSqliteRoundTripsExactly() throws Exception {
        Path first = Files.createDirectories(dir.resolve("first"));
        Path back = Files.createDirectories(dir.resolve("back"));
        try (Database db = Database.open(TestPostgres.newDatabase(), 4);
             SqliteBaseStore base1 = new SqliteBaseStore(first.resolve("base.db"), Clock.systemUTC());
             FileDriveStore drive1 = new FileDriveStore(first);
             SqliteBaseStore base3 = new SqliteBaseStore(back.resolve("base.db"), Clock.systemUTC());
             FileDriveStore drive3 = new FileDriveStore(back)) {
            fill(base1, drive1);
            DataMigration.Stores sqlite = new DataMigration.Stores(base1, drive1);
            DataMigration.Stores postgres = new DataMigration.Stores(new PgBaseStore(db, Clock.systemUTC()),
                    new PgDriveStore(db, Clock.systemUTC()));
            DataMigration.Stores again = new DataMigration.Stores(base3, drive3);

            DataMigration.Result there = DataMigration.run(sqlite, postgres, line -> { });
            assertThat(there.verified()).isTrue();
            assertThat(there.items()).isEqualTo(2 * 1200 + 3);
            assertThat(there.files()).isEqualTo(4);
            DataMigration.Result home = DataMigration.run(postgres, again, line -> { });
            assertThat(home.verified()).isTrue();
            assertThat(home.target()).isEqualTo(there.source());

            for (String b : base1.bases()) {
                assertThat(base3.query(b, BaseQuery.ALL, Integer.MAX_VALUE, Optional.empty(), false).items())
                        .isEqualTo(base1.query(b, BaseQuery.ALL, Integer.MAX_VALUE, Optional.empty(), false).items());
            }
            for (String d : drive1.drives()) {
                for (String name : drive1.list(d, "", 1000, Optional.empty(), true).names()) {
                    DriveStore.StoredFile was = drive1.get(d, name).orElseThrow();
                    DriveStore.StoredFile is = drive3.get(d, name).orElseThrow();
                    assertThat(is.contentType()).isEqualTo(was.contentType());
                    try (InputStream a = was.content().open(0); InputStream b = is.content().open(0)) {
                        assertThat(b.readAllBytes()).isEqualTo(a.readAllBytes());
                    }
                }
            }

            // run again (as after an interruption): the files are there already and are not copied twice
            DataMigration.Result rerun = DataMigration.run(sqlite, postgres, line -> { });
            assertThat(rerun.verified()).isTrue();
            assertThat(rerun.files()).isZero();
            assertThat(rerun.skippedFiles()).isEqualTo(4);
        }
    }

    @Test
    void aDifferenceIsReported() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        try (SqliteBaseStore base1 = new SqliteBaseStore(a.resolve("base.db"), Clock.systemUTC()); FileDriveStore drive1 = new FileDriveStore(a);
             SqliteBaseStore base2 = new SqliteBaseStore(b.resolve("base.db"), Clock.systemUTC()); FileDriveStore drive2 = new FileDriveStore(b)) {
            base1.put("people", List.of(item("{\"key\":\"ada\",\"age\":36}")));
            base2.put("people", List.of(item("{\"key\":\"zed\",\"age\":1}"))); // the target holds more than the source sent
            DataMigration.Result r = DataMigration.run(new DataMigration.Stores(base1, drive1), new DataMigration.Stores(base2, drive2),
                    line -> { });
            assertThat(r.verified()).isFalse();
        }
    }

    private static void fill(BaseStore base, DriveStore drive) throws Exception {
        for (String name : List.of("people", "events")) {
            List<ObjectNode> batch = new ArrayList<>();
            for (int i = 0; i < 1200; i++) {
                batch.add(item("{\"key\":\"k" + String.format("%05d", i) + "\",\"n\":" + i + ",\"f\":" + (i / 7.0)
                        + ",\"s\":\"héllo ✓ " + i + "\",\"l\":[1,\"two\",{\"three\":3}],\"o\":{\"deep\":{\"er\":true}},\"nil\":null}"));
                if (batch.size() == BaseStore.MAX_ITEMS_PER_PUT) {
                    base.put(name, batch);
                    batch = new ArrayList<>();
                }
            }
        }
        base.put("odd keys", List.of(item("{\"key\":\"a b/c?d\",\"v\":1}"), item("{\"key\":\"ü\",\"v\":2}"),
                item("{\"key\":\"later\",\"__expires\":99999999999}")));
        byte[] big = new byte[3 * 1024 * 1024 + 17]; // more than a chunk, not a whole number of them
        new Random(1).nextBytes(big);
        drive.put("photos", "big.bin", new ByteArrayInputStream(big), "application/octet-stream");
        drive.put("photos", "a/b/c.txt", "nested".getBytes(), "text/plain");
        drive.put("photos", "empty", new byte[0], "text/plain");
        drive.put("docs", "ünï code.md", "# hi".getBytes(), "text/markdown");
    }

    private static ObjectNode item(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }
}
