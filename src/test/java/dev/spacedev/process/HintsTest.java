package dev.spacedev.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.spacefile.Engine;
import dev.spacedev.spacefile.Micro;
import dev.spacedev.spacefile.Presets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The known causes, one line each. */
class HintsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "Error: error:0308010C:digital envelope routines::unsupported  code: 'ERR_OSSL_EVP_UNSUPPORTED' | NODE_OPTIONS=--openssl-legacy-provider",
        "Error: listen EADDRINUSE: address already in use :::8080            | its port is taken",
        "OSError: [Errno 98] Address already in use                          | its port is taken",
        "ModuleNotFoundError: No module named 'fastapi'                      | pip install -r requirements.txt",
    })
    void fromOutput(String line, String hint) {
        assertThat(Hints.forOutput(line, dir)).get().asString().contains(hint);
    }

    @Test
    void aMissingModuleWithAVirtualenvBesideIt() throws Exception {
        Files.createDirectories(dir.resolve(".venv/bin"));
        Files.writeString(dir.resolve(".venv/bin/python"), "");
        assertThat(Hints.forOutput("ModuleNotFoundError: No module named 'fastapi'", dir)).get().asString()
                .contains("has a virtualenv (.venv)", "bin/ first on PATH");
        Micro m = new Micro("api", "api", dir, Engine.PYTHON39, true, "/", Optional.empty(), List.of(), List.of(),
                Optional.empty(), Optional.of("uvicorn main:app"), Presets.NONE, false, List.of(), false, List.of());
        assertThat(LaunchPlan.forDev(m, dir.resolve("legacy.py")).binDir()).contains(dir.resolve(".venv/bin"));
    }

    @Test
    void nothingForOrdinaryOutput() {
        assertThat(Hints.forOutput("GET / 200", dir)).isEmpty();
    }

    @Test
    void commandNotFound() {
        assertThat(Hints.forExit(127, new LaunchPlan(Optional.of("./main"), "run"))).get().asString()
                .contains("runs what a build makes", "add `dev:`", "--prod");
        assertThat(Hints.forExit(1, new LaunchPlan(Optional.of("./main"), "run"))).isEmpty();
    }

    @Test
    void listeningOnAnotherPort() {
        assertThat(Hints.forPorts(4201, Set.of(8080))).get().asString().isEqualTo("it listens on port 8080, not on $PORT (4201):"
                + " make it read the PORT variable, as Space required");
        assertThat(Hints.forPorts(4201, Set.of(4201, 9229))).isEmpty();
        assertThat(Hints.forPorts(4201, Set.of())).isEmpty();
    }
}
