package dev.spacedev.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spacedev.data.base.BaseQuery;
import dev.spacedev.data.base.SqliteBaseStore;
import dev.spacedev.data.drive.FileDriveStore;
import dev.spacedev.database.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands that take a data URL, as a user runs them: migrate both ways, export and import, keys. */
class DataUrlCommandsTest {
    @TempDir
    Path dir;

    private Path project(String name) throws Exception {
        Path p = Files.createDirectories(dir.resolve(name));
        Files.writeString(p.resolve("Spacefile"), "v: 0\nmicros:\n  - name: web\n    src: .\n    engine: static\n    serve: .\n");
        return p;
    }

    @Test
    void migrateThereAndBackExportImportAndKeys() throws Exception {
        Path source = project("source");
        Path data = source.resolve(".space/data");
        Files.createDirectories(data);
        try (SqliteBaseStore base = new SqliteBaseStore(data.resolve("base.db"), Clock.systemUTC()); FileDriveStore drive = new FileDriveStore(data)) {
            base.put("people", List.of((ObjectNode) new ObjectMapper().readTree("{\"key\":\"ada\",\"age\":36}")));
            drive.put("docs", "a/readme.md", "# hi".getBytes(), "text/markdown");
        }
        String url = TestPostgres.text(TestPostgres.newDatabase());

        CliRun there = CliRun.of("data", "migrate", "--from", source.toString(), "--to", url);
        assertThat(there.exitCode()).as(there.err()).isZero();
        assertThat(there.out()).contains("base\tpeople\t1\t").contains("drive\tdocs\t1\t").doesNotContain("DIFFERS");
        assertThat(there.err()).contains("Verified: 1 items copied, 1 files copied").doesNotContain(url.split(":")[2].split("@")[0]);

        Path back = project("back");
        CliRun home = CliRun.of("data", "migrate", "--from", url, "--to", back.toString());
        assertThat(home.exitCode()).as(home.err()).isZero();
        assertThat(home.out()).isEqualTo(there.out());
        try (SqliteBaseStore base = new SqliteBaseStore(back.resolve(".space/data/base.db"), Clock.systemUTC())) {
            assertThat(base.query("people", BaseQuery.ALL, 10, Optional.empty(), false).items()).hasSize(1);
        }

        Path zip = dir.resolve("export.zip");
        assertThat(CliRun.of("data", "export", "--data-url", url, "--output", zip.toString()).exitCode()).isZero();
        String other = TestPostgres.text(TestPostgres.newDatabase());
        CliRun imported = CliRun.of("data", "import", zip.toString(), "--data-url", other);
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.err()).contains("Imported 1 items into 1 bases and 1 files into 1 drives");
        // Space's export layout carries no content types (an import takes them from the names), so only the items match exactly
        String third = CliRun.of("data", "migrate", "--from", other, "--to", project("third").toString()).out();
        assertThat(third.lines().findFirst()).isEqualTo(there.out().lines().findFirst());
        assertThat(third).contains("drive\tdocs\t1\t");

        CliRun made = CliRun.of("keys", "create", "phone", "--data-url", url);
        assertThat(made.exitCode()).as(made.err()).isZero();
        assertThat(CliRun.of("keys", "list", "--data-url", url).out()).startsWith("phone\t");
        assertThat(CliRun.of("keys", "list", "--dir", source.toString()).out()).isEmpty(); // the project's own files: not there
        assertThat(CliRun.of("keys", "revoke", "phone", "--data-url", url).exitCode()).isZero();
    }

    @Test
    void badInputSaysWhatIsWrong() throws Exception {
        Path p = project("p");
        CliRun same = CliRun.of("data", "migrate", "--from", p.toString(), "--to", p + "/.");
        assertThat(same.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(same.err()).contains("the same place");
        CliRun missing = CliRun.of("data", "migrate", "--from", dir.resolve("nope").toString(), "--to", p.toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("neither a directory nor a postgresql:// URL");
        CliRun badUrl = CliRun.of("data", "migrate", "--from", p.toString(), "--to", "postgresql://secretuser:hunter2@/x");
        assertThat(badUrl.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badUrl.err()).contains("names no host").doesNotContain("hunter2");
        CliRun down = CliRun.of("keys", "list", "--data-url", "postgresql://u:hunter2@127.0.0.1:1/x");
        assertThat(down.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(down.err()).contains("cannot connect to postgresql://u:***@127.0.0.1:1/x").doesNotContain("hunter2", "Exception");
    }
}
