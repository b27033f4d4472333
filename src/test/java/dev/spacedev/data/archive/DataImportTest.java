package dev.spacedev.data.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spacedev.cli.SpaceDevTestAccess;
import dev.spacedev.data.DataDir;
import dev.spacedev.data.base.BaseQuery;
import dev.spacedev.data.base.BaseStore;
import dev.spacedev.data.base.SqliteBaseStore;
import dev.spacedev.data.drive.DriveStore;
import dev.spacedev.data.drive.FileDriveStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A hostile export zip never damages the app's data: names, links, bombs, and failures half way. */
class DataImportTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    Path data;

    @BeforeEach
    void existingData() throws Exception {
        data = dir.resolve("app/.space/data");
        try (BaseStore base = new SqliteBaseStore(data.resolve("base.db"), Clock.systemUTC()); DriveStore drive = new FileDriveStore(data)) {
            base.put("notes", List.of((ObjectNode) JSON.readTree("{\"key\":\"keep\",\"text\":\"mine\"}")));
            drive.put("photos", "cat.txt", "meow".getBytes(StandardCharsets.UTF_8), "text/plain");
        }
    }

    private Path zip(Map<String, String> entries) throws IOException {
        Path zip = Files.createTempFile(dir, "export", ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return zip;
    }

    /** The data as the app would read it: every item and every file with its bytes. */
    private String snapshot() throws Exception {
        StringBuilder b = new StringBuilder();
        try (BaseStore base = new SqliteBaseStore(data.resolve("base.db"), Clock.systemUTC()); DriveStore drive = new FileDriveStore(data)) {
            for (String name : base.bases()) {
                b.append(name).append(base.query(name, BaseQuery.ALL, 1000, Optional.empty(), false).items()).append('\n');
            }
            for (String d : drive.drives()) {
                for (String f : drive.list(d, "", 1000, Optional.empty(), true).names()) {
                    b.append(d).append('/').append(f).append('=').append(Files.readString(drive.get(d, f).orElseThrow().content().file().orElseThrow())).append('\n');
                }
            }
        }
        return b.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../evil.json", "/etc/cron.d/x", "bases/../../x.json", "drives/photos/../../../x", "drives/../x/y",
            "drives/a b/x", "bases/a/b.json", "bases/notes.txt", "drives/photos/a\\..\\..\\x", "C:/x", "drives/photos/"})
    void namesOutsideTheLayoutAreRefusedAndNothingChanges(String name) throws Exception {
        String before = snapshot();
        Path zip = zip(Map.of("bases/notes.json", "[{\"key\":\"keep\",\"text\":\"overwritten\"}]", name, "x"));
        if (name.equals("drives/photos/")) {
            assertThat(DataImport.run(zip, data).counts().files()).isZero(); // a folder entry: nothing to write
            return;
        }
        assertThatThrownBy(() -> DataImport.run(zip, data)).isInstanceOf(DataImport.Refused.class);
        assertThat(snapshot()).isEqualTo(before);
        assertThat(dir.resolve("evil.json")).doesNotExist();
        assertThat(data.resolveSibling("data.import")).doesNotExist();
    }

    @Test
    void linksAreRefused() throws Exception {
        Path zip = dir.resolve("link.zip");
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(Files.newOutputStream(zip))) {
            ZipArchiveEntry link = new ZipArchiveEntry("drives/photos/passwd");
            link.setUnixMode(0120777); // a symbolic link, its target the entry's content
            out.putArchiveEntry(link);
            out.write("/etc/passwd".getBytes(StandardCharsets.UTF_8));
            out.closeArchiveEntry();
        }
        String before = snapshot();
        assertThatThrownBy(() -> DataImport.run(zip, data)).isInstanceOf(DataImport.Refused.class).hasMessageContaining("is a link");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aZipBombIsRefusedInBoundedMemoryWithoutTouchingTheData() throws Exception {
        // 2.5 GB of zeros, deflated to ~2.5 MB, with honest headers; and the same with headers that lie
        Path bomb = dir.resolve("bomb.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bomb))) {
            out.putNextEntry(new ZipEntry("drives/photos/zeros.bin"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 2500; i++) {
                out.write(zeros);
            }
            out.closeEntry();
        }
        assertThat(Files.size(bomb)).isLessThan(3_000_000);
        String before = snapshot();
        long heapBefore = usedHeap();
        assertThatThrownBy(() -> DataImport.run(bomb, data)).isInstanceOf(DataImport.Refused.class).hasMessageContaining("zip bomb");
        assertThat(usedHeap() - heapBefore).as("bounded memory").isLessThan(256L << 20);
        assertThat(snapshot()).isEqualTo(before);
        assertThat(data.resolveSibling("data.import")).doesNotExist();

        lieAboutTheSize(bomb); // the central directory now claims 1000 bytes: the count of real bytes stops it
        assertThatThrownBy(() -> DataImport.run(bomb, data)).isInstanceOf(DataImport.Refused.class).hasMessageContaining("zip bomb");
        assertThat(usedHeap() - heapBefore).as("bounded memory").isLessThan(256L << 20);
        assertThat(snapshot()).isEqualTo(before);
        assertThat(data.resolveSibling("data.import")).doesNotExist();
    }

    /** Sets every central directory entry's uncompressed size to 1000. */
    private static void lieAboutTheSize(Path zip) throws IOException {
        byte[] bytes = Files.readAllBytes(zip);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 46 < bytes.length; i++) {
            if (b.getInt(i) == 0x02014b50) {
                b.putInt(i + 24, 1000);
            }
        }
        Files.write(zip, bytes);
    }

    @Test
    void aBaseFileThatIsNotJsonFailsHalfWayAndLeavesTheDataExactlyAsItWas() throws Exception {
        String before = snapshot();
        Path zip = zip(new java.util.LinkedHashMap<>(Map.of(
                "bases/notes.json", "[{\"key\":\"keep\",\"text\":\"overwritten\"},{\"key\":\"new\"}]",
                "drives/photos/cat.txt", "woof")));
        // entries are applied in order, so a broken third entry fails after two have gone in (on the staged copy)
        Path broken = dir.resolve("broken.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(broken))) {
            for (String[] e : new String[][] {{"bases/notes.json", "[{\"key\":\"keep\",\"text\":\"overwritten\"}]"},
                    {"drives/photos/cat.txt", "woof"}, {"bases/zzz.json", "[{\"key\": oops"}}) {
                out.putNextEntry(new ZipEntry(e[0]));
                out.write(e[1].getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        assertThatThrownBy(() -> DataImport.run(broken, data)).isInstanceOf(DataImport.Refused.class).hasMessageContaining("bases/zzz.json");
        assertThat(snapshot()).isEqualTo(before);
        DataImport.run(zip, data);
        assertThat(snapshot()).contains("\"text\":\"overwritten\"", "\"key\":\"new\"", "photos/cat.txt=woof");
    }

    @Test
    void theCommandSaysWhyAndExitsOne() throws Exception {
        Path zip = zip(Map.of("../../evil.json", "[]"));
        SpaceDevTestAccess.Result r = SpaceDevTestAccess.capture("data", "import", zip.toString(), "--dir", dir.resolve("app").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("is not imported", "points outside the export", "unchanged")
                .doesNotContain("Exception", "\tat ");
    }

    @Test
    void anImportCutShortBetweenItsTwoRenamesIsRecovered() throws Exception {
        String before = snapshot();
        Files.move(data, data.resolveSibling("data.old")); // as if the process died right after the first rename
        DataDir.recover(data);
        assertThat(snapshot()).isEqualTo(before);
    }

    private static long usedHeap() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
