package dev.spacedev.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.process.LaunchPlan;
import dev.spacedev.spacefile.Engine;
import dev.spacedev.spacefile.Micro;
import dev.spacedev.spacefile.Presets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What up says before a micro starts: one line per problem, with its fix. */
class PreflightTest {
    @TempDir
    Path dir;

    final Map<String, String> env = Map.of("PATH", System.getenv("PATH"));

    private Micro micro(Engine engine) {
        return new Micro("web", "web", dir, engine, true, "/", Optional.empty(), List.of(), List.of(), Optional.empty(), Optional.empty(),
                Presets.NONE, false, List.of(), false, List.of());
    }

    private static LaunchPlan dev(String command) {
        return new LaunchPlan(Optional.of(command), "dev");
    }

    @Test
    void theToolACommandRunsFirst() {
        assertThat(Preflight.tool("PORT=1 DEBUG=x exec uvicorn main:app")).contains("uvicorn");
        assertThat(Preflight.tool("npm run dev -- --port $PORT")).contains("npm");
        assertThat(Preflight.tool("cd web && npm start")).isEmpty();
        assertThat(Preflight.tool("$HOME/bin/server")).isEmpty();
        assertThat(Preflight.tool("./server --port 1")).contains("./server");
    }

    @Test
    void aToolNotOnPathAndDependenciesNotInstalledAreSaidWithTheirFix() throws Exception {
        assertThat(Preflight.quick(micro(Engine.CUSTOM), dev("python3 main.py"), env)).isEmpty();
        assertThat(Preflight.quick(micro(Engine.CUSTOM), dev("no-such-tool-here --serve"), env)).singleElement()
                .extracting(Preflight.Problem::text).asString().contains("no-such-tool-here is not on PATH");
        assertThat(Preflight.quick(micro(Engine.CUSTOM), new LaunchPlan(Optional.of("./server"), "run"), env)).singleElement()
                .extracting(Preflight.Problem::text).asString().contains("./server does not exist", "use --prod");

        Files.writeString(dir.resolve("package.json"), "{\"dependencies\":{\"express\":\"^4\"}}");
        assertThat(Preflight.quick(micro(Engine.NODEJS16), dev("node index.js"), env)).singleElement()
                .extracting(Preflight.Problem::text).asString().contains("not installed: run npm install in", "space-dev up --install");
        Files.createDirectories(dir.resolve("node_modules"));
        assertThat(Preflight.quick(micro(Engine.NODEJS16), dev("node index.js"), env)).isEmpty();
    }

    @Test
    void requirementsPythonDoesNotHaveAreNamed() throws Exception {
        Files.writeString(dir.resolve("requirements.txt"), "# the API\nno-such-package-zz==1.0\npip\n-r other.txt\ndeta~=1.1\n");
        assertThat(Preflight.python(micro(Engine.PYTHON39), env)).get().extracting(Preflight.Problem::text).asString()
                .contains("requirements.txt names no-such-package-zz, which python3 (no virtualenv in its folder) does not have",
                        "python3 -m venv");
        Files.writeString(dir.resolve("requirements.txt"), "pip\n");
        assertThat(Preflight.python(micro(Engine.PYTHON39), env)).isEmpty();
    }
}
