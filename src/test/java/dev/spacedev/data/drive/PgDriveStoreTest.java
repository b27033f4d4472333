package dev.spacedev.data.drive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.database.Database;
import dev.spacedev.database.TestPostgres;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drive's bytes in PostgreSQL: chunked both ways, read from any byte, parts joined in order, replaced whole. */
class PgDriveStoreTest {
    private Database db;
    private PgDriveStore drive;
    private final Random random = new Random(3);

    @BeforeEach
    void open() throws Exception {
        db = Database.open(TestPostgres.newDatabase(), 4);
        drive = new PgDriveStore(db, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private byte[] read(String name, long from) throws Exception {
        try (InputStream in = drive.get("d", name).orElseThrow().content().open(from)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aFileIsReadFromAnyByteAcrossItsChunks() throws Exception {
        byte[] file = bytes(2 * PgDriveStore.CHUNK + 1234);
        drive.put("d", "f.bin", new ByteArrayInputStream(file), "application/octet-stream");
        assertThat(drive.get("d", "f.bin").orElseThrow().content().size()).isEqualTo(file.length);
        assertThat(read("f.bin", 0)).isEqualTo(file);
        for (long from : new long[] {1, PgDriveStore.CHUNK - 1, PgDriveStore.CHUNK, PgDriveStore.CHUNK + 7, file.length - 1, file.length}) {
            assertThat(read("f.bin", from)).as("from " + from).isEqualTo(Arrays.copyOfRange(file, (int) from, file.length));
        }
    }

    @Test
    void partsAreJoinedInTheirOrderWhateverTheOrderTheyCameIn() throws Exception {
        byte[] one = bytes(PgDriveStore.CHUNK + 10); // parts that do not end on a chunk's edge
        byte[] two = bytes(300);
        byte[] three = bytes(PgDriveStore.CHUNK * 2);
        String id = drive.startUpload("d", "joined.bin", "application/octet-stream");
        assertThat(drive.putPart(id, 3, three)).isTrue();
        assertThat(drive.putPart(id, 1, bytes(5))).isTrue();
        assertThat(drive.putPart(id, 1, one)).isTrue(); // sent again: replaces the first
        assertThat(drive.putPart(id, 2, two)).isTrue();
        assertThat(drive.completeUpload(id)).isTrue();
        byte[] all = new byte[one.length + two.length + three.length];
        System.arraycopy(one, 0, all, 0, one.length);
        System.arraycopy(two, 0, all, one.length, two.length);
        System.arraycopy(three, 0, all, one.length + two.length, three.length);
        assertThat(read("joined.bin", 0)).isEqualTo(all);
        assertThat(read("joined.bin", one.length + 100)).isEqualTo(Arrays.copyOfRange(all, one.length + 100, all.length));
        assertThat(drive.completeUpload(id)).as("done: the upload is gone").isFalse();
        assertThat(drive.putPart(id, 4, two)).isFalse();
    }

    @Test
    void aNewVersionReplacesTheOldWholeAndLeavesNoChunksBehind() throws Exception {
        drive.put("d", "v", bytes(PgDriveStore.CHUNK * 3), "a/b");
        byte[] second = bytes(10);
        drive.put("d", "v", second, "text/plain");
        assertThat(read("v", 0)).isEqualTo(second);
        assertThat(drive.get("d", "v").orElseThrow().contentType()).isEqualTo("text/plain");
        drive.delete("d", "v");
        assertThat(drive.get("d", "v")).isEmpty();
        try (var c = db.connection(); var s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM drive_chunks")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    @Test
    void anAbortedUploadLeavesNothing() throws Exception {
        String id = drive.startUpload("d", "gone", "text/plain");
        drive.putPart(id, 1, bytes(1000));
        drive.abortUpload(id);
        assertThat(drive.completeUpload(id)).isFalse();
        try (var c = db.connection(); var s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM drive_upload_chunks")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }
}
