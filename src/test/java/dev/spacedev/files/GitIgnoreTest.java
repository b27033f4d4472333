package dev.spacedev.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code .space/} added to the project's .gitignore, and never written through a committed link out of the project. */
class GitIgnoreTest {
    @TempDir
    Path app;

    @TempDir
    Path elsewhere;

    @Test
    void aMissingIgnoreFileIsMadeAndAnExistingOneKeptWithOneLineMore() throws Exception {
        assertThat(SpaceDir.ignoreInGit(app)).isTrue();
        assertThat(Files.readString(app.resolve(".gitignore"))).endsWith("\n.space/\n");
        assertThat(SpaceDir.ignoreInGit(app)).isFalse(); // already named
    }

    @Test
    void aLinkToAFileOutsideTheProjectIsNotWrittenThrough() throws Exception {
        Path theirs = Files.writeString(elsewhere.resolve(".bashrc"), "export PATH\n");
        Files.createSymbolicLink(app.resolve(".gitignore"), theirs);

        assertThat(SpaceDir.ignoreInGit(app)).isFalse();
        assertThat(Files.readString(theirs)).isEqualTo("export PATH\n");
    }

    @Test
    void aLinkInsideTheProjectIsWrittenThrough() throws Exception {
        Path shared = Files.writeString(Files.createDirectories(app.resolve("config")).resolve("gitignore"), "node_modules/\n");
        Files.createSymbolicLink(app.resolve(".gitignore"), shared);

        assertThat(SpaceDir.ignoreInGit(app)).isTrue();
        assertThat(Files.readString(shared)).startsWith("node_modules/\n").endsWith(".space/\n");
    }
}
