package dev.spacedev.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spacedev.cli.SpaceDevTestAccess;
import dev.spacedev.data.base.BaseStore;
import dev.spacedev.data.base.SqliteBaseStore;
import dev.spacedev.data.ca.LocalCa;
import dev.spacedev.data.drive.DriveStore;
import dev.spacedev.data.drive.FileDriveStore;
import dev.spacedev.files.SpaceDir;
import dev.spacedev.runtime.OwnerSessions;
import dev.spacedev.runtime.ProjectKeys;
import dev.spacedev.runtime.ProjectLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything that holds the owner's data or secrets is theirs alone: folders 0700, files 0600. */
class OwnerOnlyFilesTest {
    @TempDir
    Path dir;

    @Test
    void theAppsDataKeysSessionsAndExportsAreOwnerOnly() throws Exception {
        Path project = Files.createDirectories(dir.resolve("app"));
        SpaceDir space = new SpaceDir(project).ensure();
        ProjectKeys.loadOrCreate(space);
        OwnerSessions.forProject(space, 4200).create();
        ProjectLock.acquire(space, "test").close();
        Path data = space.root().resolve("data");
        try (BaseStore base = new SqliteBaseStore(data.resolve("base.db"), Clock.systemUTC()); DriveStore drive = new FileDriveStore(data)) {
            base.put("notes", List.of((ObjectNode) new ObjectMapper().readTree("{\"key\":\"a\"}")));
            drive.put("photos", "2024/cat.txt", "meow".getBytes(StandardCharsets.UTF_8), "text/plain");
            assertThat(data.resolve("base.db-wal")).exists(); // the WAL is open: it must be 0600 too
            assertOwnerOnly(project.resolve(".space"));
        }
        Path export = dir.resolve("out.zip");
        assertThat(SpaceDevTestAccess.run("data", "export", "--dir", project.toString(), "--output", export.toString())).isZero();
        assertThat(mode(export)).isEqualTo("rw-------");
    }

    @Test
    void theLocalCaIsOwnerOnly() throws Exception {
        LocalCa.loadOrCreate(dir.resolve("home")).withServerCertificate();
        assertThat(mode(dir.resolve("home"))).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("home/ca"))).isEqualTo("rwx------");
        for (String secret : new String[] {"ca.key", "server.key"}) {
            assertThat(mode(dir.resolve("home/ca").resolve(secret))).as(secret).isEqualTo("rw-------");
        }
    }

    private static void assertOwnerOnly(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                if (p.getFileName().toString().equals(".gitignore")) {
                    continue; // "*": no secret
                }
                assertThat(mode(p)).as(root.relativize(p).toString()).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
            }
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
