package dev.spacedev.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding 18: data export never writes through a link, and a bad --output is a clear message, not "internal error". */
class ExportOutputTest {
    @TempDir
    Path dir;

    @Test
    void aDanglingLinkAsOutputIsRefusedAndNothingIsWrittenWhereItPoints() throws Exception {
        Path project = Files.createDirectories(dir.resolve("app"));
        Path target = dir.resolve("elsewhere.zip");
        Path link = Files.createSymbolicLink(dir.resolve("export.zip"), target);
        CliRun r = CliRun.of("data", "export", "--dir", project.toString(), "--output", link.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("exists already (a symbolic link)").doesNotContain("internal error", "bug");
        assertThat(target).doesNotExist();
    }

    @Test
    void anOutputInAMissingFolderIsAMessage() throws Exception {
        Path project = Files.createDirectories(dir.resolve("app"));
        CliRun r = CliRun.of("data", "export", "--dir", project.toString(), "--output", dir.resolve("no/such/x.zip").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("its folder does not exist").doesNotContain("internal error");
    }
}
