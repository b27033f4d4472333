package dev.spacedev.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cloned repository's {@code .space} that is a link or a file: nothing of space-dev's is written through it. */
class SpaceDirTest {
    @TempDir
    Path app;

    @TempDir
    Path ownersFolder;

    @Test
    void aLinkedSpaceFolderIsRefusedAndItsTargetLeftAsItWas() throws Exception {
        Files.setPosixFilePermissions(ownersFolder, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(app.resolve(".space"), ownersFolder);

        assertThatThrownBy(() -> new SpaceDir(app).ensure()).isInstanceOf(SpaceDir.NotAFolder.class)
                .hasMessageStartingWith("the project's .space is a link, not a folder");
        try (var left = Files.list(ownersFolder)) {
            assertThat(left).isEmpty();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ownersFolder))).isEqualTo("rwxr-xr-x");
    }

    @Test
    void aLinkInsideTheSpaceFolderIsRefused() throws Exception {
        Files.createDirectories(app.resolve(".space"));
        Files.createSymbolicLink(app.resolve(".space/build"), ownersFolder);

        assertThatThrownBy(() -> new SpaceDir(app).ensure()).isInstanceOf(SpaceDir.NotAFolder.class)
                .hasMessageStartingWith("the project's .space holds a link (build)");
    }

    @Test
    void aSpaceFileIsRefused() throws Exception {
        Files.writeString(app.resolve(".space"), "not a folder");

        assertThatThrownBy(() -> new SpaceDir(app).ensure()).isInstanceOf(SpaceDir.NotAFolder.class)
                .hasMessageStartingWith("the project's .space is a file, not a folder");
    }

    @Test
    void aFolderIsMadeOwnerOnlyWithItsIgnoreFile() throws Exception {
        SpaceDir space = new SpaceDir(app).ensure();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(space.root()))).isEqualTo("rwx------");
        assertThat(Files.readString(space.root().resolve(".gitignore"))).isEqualTo("*\n");
    }
}
