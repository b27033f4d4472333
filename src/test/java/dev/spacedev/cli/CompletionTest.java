package dev.spacedev.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Completion knows the app's names: the script asks {@code __names}, which reads the Spacefile. */
class CompletionTest {
    @TempDir
    Path dir;

    @Test
    void theScriptAsksForMicroAndActionNamesWhereCommandsTakeThem() {
        CliRun run = CliRun.of("generate-completion");
        assertThat(run.exitCode()).isZero();
        assertThat(function(run.out(), "stop")).contains("local positionals=$(space-dev __names micros 2>/dev/null)");
        assertThat(function(run.out(), "logs")).contains("__names micros");
        assertThat(function(run.out(), "trigger")).contains("__names actions");
        assertThat(function(run.out(), "action_run")).contains("__names app-actions");
        assertThat(function(run.out(), "down")).doesNotContain("__names");
        assertThat(run.out()).doesNotContain("'__names'"); // hidden: not offered as a command
    }

    @Test
    void namesComeFromTheSpacefileAndNothingIsPrintedWithoutOne() throws Exception {
        Files.writeString(dir.resolve("Spacefile"), "v: 0\nmicros:\n  - name: web\n    src: .\n    engine: static\n    serve: ./\n    primary: true\n"
                + "  - name: api\n    src: api\n    engine: python3.9\n    actions:\n      - id: nightly\n        name: Nightly\n        trigger: schedule\n"
                + "        default_interval: 1 hour\n");
        Files.createDirectories(dir.resolve("api"));
        assertThat(CliRun.of("__names", "micros", "-C", dir.toString()).out().lines()).containsExactly("web", "api");
        assertThat(CliRun.of("__names", "actions", "-C", dir.toString()).out().lines()).containsExactly("nightly");
        CliRun noApp = CliRun.of("__names", "app-actions", "-C", dir.toString());
        assertThat(noApp.exitCode()).isZero();
        assertThat(noApp.out() + noApp.err()).isEmpty();

        Files.delete(dir.resolve("Spacefile"));
        CliRun none = CliRun.of("__names", "micros", "-C", dir.resolve("api").toString());
        assertThat(none.out() + none.err()).isEmpty();
    }

    @Test
    void aNameTheShellWouldExpandIsNeverOffered() throws Exception {
        // bash runs $(…) in compgen -W's word list: a cloned repository's Spacefile must not get a command run by TAB
        Files.writeString(dir.resolve("Spacefile"), "v: 0\nmicros:\n  - name: web\n    src: .\n    engine: nodejs16\n"
                + "    actions:\n      - id: \"$(touch pwned)\"\n        name: Evil\n        trigger: schedule\n"
                + "        default_interval: 1 hour\n      - id: nightly\n        name: Nightly\n        trigger: schedule\n"
                + "        default_interval: 1 hour\n");
        assertThat(CliRun.of("__names", "actions", "-C", dir.toString()).out().lines()).containsExactly("nightly");
    }

    private static String function(String script, String suffix) {
        int at = script.indexOf("function _picocli_space-dev_" + suffix + "() {");
        assertThat(at).isNotNegative();
        int end = script.indexOf("\n}", at);
        return script.substring(at, end);
    }
}
