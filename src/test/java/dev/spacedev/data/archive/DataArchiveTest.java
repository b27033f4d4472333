package dev.spacedev.data.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spacedev.cli.SpaceDevTestAccess;
import dev.spacedev.data.base.BaseQuery;
import dev.spacedev.data.base.BaseStore;
import dev.spacedev.data.base.SqliteBaseStore;
import dev.spacedev.data.drive.DriveStore;
import dev.spacedev.data.drive.FileDriveStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Space's export layout, both ways. */
class DataArchiveTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void exportThenImportRoundTrips() throws Exception {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (BaseStore base = new SqliteBaseStore(dir.resolve("a/base.db"), Clock.systemUTC()); DriveStore drive = new FileDriveStore(dir.resolve("a"))) {
            List<ObjectNode> people = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                people.add((ObjectNode) JSON.readTree("{\"key\":\"p" + i + "\",\"n\":" + i + "}"));
            }
            base.put("people", people.subList(0, 25));
            base.put("people", people.subList(25, 30));
            base.put("notes", List.of((ObjectNode) JSON.readTree("{\"key\":\"x\",\"text\":\"hi\"}")));
            drive.put("photos", "2024/cat.txt", "meow".getBytes(StandardCharsets.UTF_8), "text/plain");
            assertThat(DataArchive.export(base, drive, zip)).isEqualTo(new DataArchive.Counts(2, 31, 1, 1));
        }
        List<String> entries = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.toByteArray()))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.add(e.getName());
            }
        }
        assertThat(entries).containsExactly("bases/notes.json", "bases/people.json", "drives/photos/2024/cat.txt");

        Path zipFile = Files.write(dir.resolve("export.zip"), zip.toByteArray());
        assertThat(DataImport.run(zipFile, dir.resolve("b")).counts()).isEqualTo(new DataArchive.Counts(2, 31, 1, 1));
        try (BaseStore base = new SqliteBaseStore(dir.resolve("b/base.db"), Clock.systemUTC()); DriveStore drive = new FileDriveStore(dir.resolve("b"))) {
            assertThat(base.query("people", BaseQuery.ALL, 1000, Optional.empty(), false).items()).hasSize(30);
            assertThat(base.get("notes", "x").orElseThrow().toString()).isEqualTo("{\"key\":\"x\",\"text\":\"hi\"}");
            assertThat(Files.readString(drive.get("photos", "2024/cat.txt").orElseThrow().content().file().orElseThrow())).isEqualTo("meow");
        }
    }

    @Test
    void theCommandsNeverOverwriteAndRefuseWhatIsNotAZip() throws Exception {
        Path project = Files.createDirectories(dir.resolve("app"));
        Path zip = dir.resolve("out.zip");
        assertThat(SpaceDevTestAccess.run("data", "export", "--dir", project.toString(), "--output", zip.toString())).isZero();
        assertThat(SpaceDevTestAccess.run("data", "export", "--dir", project.toString(), "--output", zip.toString())).isEqualTo(1);
        Path garbage = Files.writeString(dir.resolve("notes.txt"), "not a zip");
        assertThat(SpaceDevTestAccess.run("data", "import", garbage.toString(), "--dir", project.toString())).isEqualTo(1);
        assertThat(SpaceDevTestAccess.run("data", "import", zip.toString(), "--dir", project.toString())).isZero();
    }
}
