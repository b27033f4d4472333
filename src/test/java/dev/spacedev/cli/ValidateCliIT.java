package dev.spacedev.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built jar and the launcher script, run as a user runs them. */
class ValidateCliIT {
    static final Path JAR = Path.of(System.getProperty("spacedev.jar", "target/space-dev.jar"));
    static final Path LAUNCHER = Path.of("bin", "space-dev");

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    static Result run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("out", ".txt");
        Path err = Files.createTempFile("err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("finished").isTrue();
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    static List<String> jar(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void exitCodesFromTheJar() throws Exception {
        Files.createDirectories(dir.resolve("web"));
        Files.writeString(dir.resolve("Spacefile"), "v: 0\nmicros:\n  - name: web\n    src: web\n    engine: nodejs16\n");
        assertThat(run(jar("validate", "--dir", dir.toString())).code()).isEqualTo(ExitCodes.OK);

        Files.writeString(dir.resolve("Spacefile"), "v: 0\nmicros:\n  - name: web\n\tsrc: web\n");
        Result invalid = run(jar("validate", "--dir", dir.toString()));
        assertThat(invalid.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(invalid.err()).contains(":4:1: error: a tab character").doesNotContain("Exception", "\tat ");

        assertThat(run(jar("validate", "--no-such-option")).code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void binaryGarbageIsOneLineNotAStackTrace() throws Exception {
        Files.write(dir.resolve("Spacefile"), new byte[] {0, 1, 2, 3, (byte) 0xff});
        Result r = run(jar("validate", "--dir", dir.toString()));
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err().lines()).hasSize(2).first().asString().endsWith("error: the file holds binary data, not YAML text");
    }

    @Test
    void launcherExecsTheJar() throws Exception {
        Files.createDirectories(dir.resolve("web"));
        Files.writeString(dir.resolve("Spacefile"), "v: 0\nmicros:\n  - name: web\n    src: web\n    engine: nodejs16\n");
        Result r = run(List.of("sh", LAUNCHER.toString(), "validate", "--dir", dir.toString(), "--format", "json"));
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("{\"file\":").contains("\"valid\":true");
    }
}
