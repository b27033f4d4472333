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
        "opensslErrorStack: [ 'error:03000086:digital envelope routines::initialization error' ], error:0308010C | NODE_OPTIONS=--openssl-legacy-provider",
        "npm WARN EBADENGINE Unsupported engine {                             | asks for another Node version",
        "ImportError: cannot import name 'Base' from 'deta' (/x/deta/__init__.py) | SPACE_DEV_DETA_PYTHON",
        "ERROR: No matching distribution found for deta~=1.1                  | SPACE_DEV_DETA_PYTHON",
        "sh: 1: python: not found                                            | only python3 here",
        "sh: 1: yarn: not found                                              | corepack enable",
        "/bin/sh: uvicorn: command not found                                 | uvicorn is not installed for this micro",
        "Error: Cannot find module './dist/server.js'                        | a file it imports (./dist/server.js) does not exist",
    })
    void fromOutput(String line, String hint) {
        assertThat(Hints.forOutput(line, dir)).get().asString().contains(hint);
    }

    @Test
    void aToolOfANodeMicroWithoutNodeModulesNamesTheInstall() throws Exception {
        Files.writeString(dir.resolve("package.json"), "{\"devDependencies\":{\"vite\":\"^5\"}}");
        assertThat(Hints.forOutput("sh: 1: vite: not found", dir)).get().asString().contains("vite is not installed: run npm install in",
                "space-dev up --install");
        Files.writeString(dir.resolve("yarn.lock"), "");
        assertThat(Hints.forOutput("sh: 1: vite: not found", dir)).get().asString().contains("run yarn install in");
        Files.createDirectories(dir.resolve("node_modules"));
        assertThat(Hints.forOutput("sh: 1: next: not found", dir)).get().asString().contains("npm install --save-dev next");
        assertThat(Hints.forOutput("Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'express' imported from /app/index.js", dir))
                .get().asString().contains("the Node package express is not installed", "it is not in package.json either: npm install express");
        assertThat(Hints.forOutput("Error: Cannot find module '@nestjs/core/x'", dir)).get().asString().contains("package @nestjs/core");
    }

    @Test
    void aToolOfAPythonMicroNamesItsVirtualenv() throws Exception {
        Files.writeString(dir.resolve("requirements.txt"), "flask\n");
        assertThat(Hints.forOutput("sh: 1: flask: not found", dir)).get().asString().contains("flask is not installed for this micro",
                "python3 -m venv", ".venv/bin/pip install -r requirements.txt");
        assertThat(Hints.forOutput("all good: not found anywhere in this sentence", dir)).isEmpty();
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

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "uvicorn main:app --host 0.0.0.0        | make it --host $HOST",
        "gunicorn -b 0.0.0.0:8000 main:app      | make it --bind $HOST:$PORT",
        "python -m http.server $PORT            | http.server --bind $HOST $PORT",
        "python3 main.py                        | app.run(host=os.environ[\"HOST\"]",
        "./deno run --allow-net server.ts       | Deno.serve({ hostname: Deno.env.get(\"HOST\")",
        "./server                               | in Go: http.ListenAndServe(os.Getenv(\"HOST\")",
        "go run .                               | in Go: http.ListenAndServe(os.Getenv(\"HOST\")",
        "node ./dist/index.js                   | app.listen(process.env.PORT, process.env.HOST)",
        "npm run start                          | app.listen(process.env.PORT, process.env.HOST)",
    })
    void aWildcardListenerIsToldHowToBindLoopbackInItsOwnTerms(String command, String expected) {
        assertThat(Hints.loopbackBind(Optional.of(command.strip()))).contains(expected.strip());
    }

    @Test
    void aCommandThatSaysNothingGetsTheNodeExample() {
        assertThat(Hints.loopbackBind(Optional.empty())).contains("app.listen(process.env.PORT, process.env.HOST)");
    }
}
