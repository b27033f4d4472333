package dev.spacedev.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class ValidateCommandTest {
    @TempDir
    Path dir;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(dir.resolve("web"));
        Files.createDirectories(dir.resolve("api"));
    }

    private void spacefile(String yaml) throws Exception {
        Files.writeString(dir.resolve("Spacefile"), yaml);
    }

    @Test
    void validFileExitsZeroAndSummarises() throws Exception {
        spacefile("v: 0\nmicros:\n  - name: web\n    src: web\n    engine: static\n    serve: .\n    primary: true\n"
                + "  - name: api\n    src: api\n    engine: python3.9\n");
        CliRun run = CliRun.of("validate", "--dir", dir.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEmpty();
        String label = dir.resolve("Spacefile").toString();
        assertThat(run.err()).isEqualTo(label + " is valid: 2 micros, 0 errors, 0 warnings\n"
                + "  web  static     /  (primary)\n"
                + "  api  python3.9  /api\n");
    }

    @Test
    void invalidFileExitsOneWithEveryProblem() throws Exception {
        spacefile("v: 1\nmicros:\n  - name: web\n    src: web\n    engine: nodejs16\n    primery: true\n");
        CliRun run = CliRun.of("validate", dir.resolve("Spacefile").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        String label = dir.resolve("Spacefile").toString();
        assertThat(run.err().lines()).containsExactly(
                label + ":1:4: error: \"v\" must be 0, the only Spacefile version; found 1",
                label + ":6:5: error: unknown key \"primery\" in a micro; did you mean \"primary\"?",
                label + " is not valid: 2 errors, 0 warnings");
    }

    @Test
    void jsonReportOnStdout() throws Exception {
        spacefile("v: 0\nmicros:\n  - name: web\n    src: web\n    engine: nodejs20\n  - name: api\n    src: api\n    engine: pyton3.9\n");
        CliRun run = CliRun.of("validate", "--dir", dir.toString(), "--format", "json");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).isEmpty();
        @SuppressWarnings("unchecked")
        Map<String, Object> report = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(run.out());
        assertThat(report).containsEntry("valid", false).containsEntry("errors", 2).containsEntry("warnings", 1);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> problems = (List<Map<String, Object>>) report.get("problems");
        assertThat(problems).extracting(p -> p.get("path")).containsExactly("micros", "micros[0].engine", "micros[1].engine");
        assertThat(problems.get(2)).containsEntry("line", 8).containsEntry("column", 13).containsEntry("severity", "error");
        assertThat(problems.get(1)).containsEntry("severity", "warning");
    }

    @Test
    void jsonListsMicrosWhenValid() throws Exception {
        spacefile("v: 0\nmicros:\n  - name: web\n    src: web\n    engine: nodejs16\n");
        CliRun run = CliRun.of("validate", "--dir", dir.toString(), "--format=json");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("\"valid\":true", "\"micros\":[{\"name\":\"web\",\"engine\":\"nodejs16\",\"path\":\"/\",\"primary\":true}]");
    }

    @Test
    void missingSpacefileIsOneLine() {
        CliRun run = CliRun.of("validate", "--dir", dir.resolve("nowhere").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err().lines().toList()).hasSize(2).first().asString().contains("error: no Spacefile at");
    }

    @Test
    void badOptionIsAUsageError() {
        CliRun run = CliRun.of("validate", "--format", "xml");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Invalid value for option '--format'");
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun run = CliRun.of();
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("space-dev: a command is needed").contains("validate");
    }

    @Test
    void versionAndHelp() {
        assertThat(CliRun.of("--version").out()).startsWith("space-dev ");
        CliRun help = CliRun.of("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("validate", "generate-completion");
    }

    @Test
    void completionScript() {
        CliRun run = CliRun.of("generate-completion");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("complete -F", "space-dev", "validate");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"flow", "block", "mapping"})
    void aSpacefileNestedThousandsDeepIsACleanError(String style) throws Exception {
        String deep = switch (style) {
            case "flow" -> "v: 0\nmicros: " + "[".repeat(3000) + "]".repeat(3000) + "\n";
            case "block" -> "v: 0\nmicros:\n" + "- ".repeat(3000) + "x\n";
            default -> "v: 0\nmicros: " + "{a: ".repeat(3000) + "1" + "}".repeat(3000) + "\n";
        };
        java.nio.file.Files.writeString(dir.resolve("Spacefile"), deep);
        for (String command : new String[] {"validate", "up"}) {
            CliRun run = CliRun.of(command, "--dir", dir.toString());
            assertThat(run.exitCode()).as(command + ": " + run.err()).isEqualTo(ExitCodes.FAILURE);
            assertThat(run.err()).contains("nests more than 64 levels deep").doesNotContain("StackOverflowError", "\tat ");
        }
    }
}
