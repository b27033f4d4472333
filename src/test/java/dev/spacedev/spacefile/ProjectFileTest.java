package dev.spacedev.spacefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files a cloned repository brings, laid out by its author: a link out of the project, to a device or to a pipe is
 * refused with a message that never shows the file's content, and nothing is read past the bound.
 */
class ProjectFileTest {
    @TempDir
    Path dir;

    @TempDir
    Path elsewhere;

    private Path project() throws Exception {
        return Files.createDirectories(dir.resolve("app"));
    }

    @Test
    void aRegularFileInsideIsRead() throws Exception {
        Path app = project();
        Files.writeString(app.resolve("package.json"), "{\"name\":\"a\"}");
        Files.createDirectories(app.resolve("web"));
        Files.createSymbolicLink(app.resolve("web/package.json"), app.resolve("package.json")); // a link that stays inside

        assertThat(ProjectFile.readString(app, app.resolve("package.json"))).isEqualTo("{\"name\":\"a\"}");
        assertThat(ProjectFile.readString(app, app.resolve("web/package.json"))).isEqualTo("{\"name\":\"a\"}");
    }

    @Test
    void aLinkOutOfTheProjectIsRefusedWithoutItsContent() throws Exception {
        Path app = project();
        Path secret = Files.writeString(elsewhere.resolve(".netrc"), "machine github.com password s3cr3t");
        Files.createSymbolicLink(app.resolve("Spacefile"), secret);

        assertThatThrownBy(() -> ProjectFile.read(app, app.resolve("Spacefile"), 1 << 20))
                .isInstanceOf(ProjectFile.Refused.class)
                .hasMessage("Spacefile is a link to a file outside the project: not read (a cloned repository could point"
                        + " it at a file of yours)");
    }

    @Test
    void aDeviceIsRefusedBeforeAByteIsRead() throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/zero")), "no /dev/zero here");
        Path app = project();
        Files.createSymbolicLink(app.resolve("Spacefile"), Path.of("/dev/zero"));

        assertThatThrownBy(() -> ProjectFile.read(app, app.resolve("Spacefile"), 1 << 20)).isInstanceOf(ProjectFile.Refused.class)
                .hasMessage("Spacefile is not a regular file (a folder, a device or a pipe): not read");
        assertThatThrownBy(() -> ProjectFile.readValues(app.resolve("Spacefile"))).isInstanceOf(ProjectFile.Refused.class);
    }

    @Test
    void aPipeIsRefusedWithoutWaitingOnIt() throws Exception {
        Path app = project();
        Path pipe = app.resolve(".env");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).start();
        } catch (java.io.IOException e) {
            mkfifo = null;
        }
        assumeTrue(mkfifo != null && mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "no mkfifo here");

        assertThatThrownBy(() -> ProjectFile.readValues(pipe)).isInstanceOf(ProjectFile.Refused.class);
        assertThatThrownBy(() -> ProjectFile.readString(app, pipe)).isInstanceOf(ProjectFile.Refused.class);
    }

    @Test
    void nothingIsReadPastTheBound() throws Exception {
        Path app = project();
        Files.write(app.resolve("big"), new byte[101]);

        assertThat(ProjectFile.read(app, app.resolve("big"), 101)).hasSize(101);
        assertThatThrownBy(() -> ProjectFile.read(app, app.resolve("big"), 100)).isInstanceOf(ProjectFile.Refused.class)
                .hasMessage("big is larger than 100 bytes: not read");
    }

    @Test
    void aMissingFileOrADanglingLinkIsMissing() throws Exception {
        Path app = project();
        Files.createSymbolicLink(app.resolve("dangling"), app.resolve("gone"));

        assertThatThrownBy(() -> ProjectFile.readString(app, app.resolve("absent"))).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> ProjectFile.readString(app, app.resolve("dangling"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void theEnvFileMayLiveOutsideTheProjectItsValuesGoOnlyToTheMicros() throws Exception {
        Path app = project();
        Path shared = Files.writeString(elsewhere.resolve("app.env"), "TOKEN=t\n", StandardCharsets.UTF_8);
        Files.createSymbolicLink(app.resolve(".env"), shared);

        assertThat(ProjectFile.readValues(app.resolve(".env"))).isEqualTo("TOKEN=t\n");
    }

    @Test
    void validateOnASpacefileLinkedOutTellsWhyAndShowsNothingOfTheFile() throws Exception {
        Path app = project();
        Path secret = Files.writeString(elsewhere.resolve("credentials"), "https://user:ghp_token@github.com\n");
        Files.createSymbolicLink(app.resolve("Spacefile"), secret);

        LoadResult result = SpacefileLoader.load(app.resolve("Spacefile"));

        assertThat(result.isValid()).isFalse();
        assertThat(result.problems()).singleElement().satisfies(p -> assertThat(p.format("Spacefile"))
                .contains("is a link to a file outside the project").doesNotContain("ghp_token"));
    }
}
