package dev.spacedev.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NewCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesAValidSpacefileWithoutATerminal() throws Exception {
        Files.createDirectories(dir.resolve("web"));
        Files.writeString(dir.resolve("web/index.html"), "hi");
        Files.createDirectories(dir.resolve("api"));
        Files.writeString(dir.resolve("api/main.py"), "");
        CliRun run = CliRun.of("new", "--dir", dir.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(dir.resolve("Spacefile") + "\n");
        assertThat(run.err()).contains("Found 2 micros:", "api  python3.9  ./api  (main.py)", "Wrote ");
        assertThat(CliRun.of("validate", "--dir", dir.toString()).exitCode()).isZero();
    }

    @Test
    void neverOverwrites() throws Exception {
        Files.writeString(dir.resolve("index.html"), "hi");
        Files.writeString(dir.resolve("Spacefile"), "mine");
        CliRun run = CliRun.of("new", "--dir", dir.toString(), "--yes");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("exists already; new never overwrites it");
        assertThat(Files.readString(dir.resolve("Spacefile"))).isEqualTo("mine");
    }

    @Test
    void nothingFoundWritesNothing() throws Exception {
        CliRun run = CliRun.of("new", "--dir", dir.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("found no micro", "Looked for:", "./: python:");
        assertThat(dir.resolve("Spacefile")).doesNotExist();
    }

    @Test
    void moreThanFiveNeedsAPick() throws Exception {
        for (int i = 0; i < 6; i++) {
            Files.createDirectories(dir.resolve("s" + i));
            Files.writeString(dir.resolve("s" + i + "/index.html"), "x");
        }
        CliRun many = CliRun.of("new", "--dir", dir.toString());
        assertThat(many.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(many.err()).contains("found 6 micros", "s0 (./s0)", "Pick up to five with --micro NAME");
        CliRun picked = CliRun.of("new", "--dir", dir.toString(), "--micro", "s1", "--micro", "s4");
        assertThat(picked.exitCode()).isZero();
        assertThat(Files.readString(dir.resolve("Spacefile"))).contains("name: s1", "name: s4").doesNotContain("name: s0")
                .startsWith("# yaml-language-server: $schema=https://raw.githubusercontent.com/deta/space-cli/main/internal/spacefile/"
                        + "schemas/spacefile.schema.json\n");
    }
}
