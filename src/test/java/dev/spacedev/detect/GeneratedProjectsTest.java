package dev.spacedev.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.process.LaunchPlan;
import dev.spacedev.spacefile.LoadResult;
import dev.spacedev.spacefile.Micro;
import dev.spacedev.spacefile.SpacefileLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code new} on what the stacks' own generators make (src/test/resources/generated, with how each was made): the
 * engine, the build Space ran, where the files land, and a dev command that takes $PORT and reloads.
 */
class GeneratedProjectsTest {
    static final Path GENERATED = Path.of("src/test/resources/generated");

    @TempDir
    Path dir;

    private void copy(String generated, String as) throws IOException {
        Path from = GENERATED.resolve(generated);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path to = dir.resolve(as).resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
    }

    private List<Micro> detect() throws IOException {
        String yaml = SpacefileWriter.write(Detector.scan(dir).micros());
        Files.writeString(dir.resolve("Spacefile"), yaml);
        LoadResult result = SpacefileLoader.load(dir.resolve("Spacefile"));
        assertThat(result.problems()).as(yaml).isEmpty();
        return result.spacefile().orElseThrow().micros();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "v-react   | react     | dist | npm run dev -- --port $PORT",
        "v-vue     | vue       | dist | npm run dev -- --port $PORT",
        "v-svelte  | svelte    | dist | npm run dev -- --port $PORT",
        "v-preact  | static    | dist | npm run dev -- --port $PORT",
        "v-solid   | static    | dist | npm run dev -- --port $PORT",
        "v-lit     | static    | dist | npm run dev -- --port $PORT",
        "v-vanilla | static    | dist | npm run dev -- --port $PORT",
        "v-react-ts | react    | dist | npm run dev -- --port $PORT",
        "v-vue-ts  | vue       | dist | npm run dev -- --port $PORT",
        "v-qwik    | static    | dist | npm run dev -- --port $PORT",
        "c-vue     | vue       | dist | npm run dev -- --port $PORT",
    })
    void aViteAppIsAFrontendBuiltToDistWithItsOwnDevServer(String generated, String engine, String serve, String dev) throws Exception {
        copy(generated, "web");
        Micro web = detect().get(0);
        assertThat(web.engine().wireName()).isEqualTo(engine);
        assertThat(web.serve()).contains(serve);
        assertThat(web.commands()).containsExactly("npm run build");
        assertThat(LaunchPlan.forDev(web, dir.resolve("legacy.py")).command()).contains(dev);
    }

    @Test
    void aViteReactAppBesideAnExpressApiIsServedAtTheRootWithTheApiUnderItsName() throws Exception {
        copy("v-react", "web");
        copy("e-express", "api");
        List<Micro> micros = detect();
        Micro web = micros.stream().filter(m -> m.name().equals("web")).findFirst().orElseThrow();
        Micro api = micros.stream().filter(m -> m.name().equals("api")).findFirst().orElseThrow();
        assertThat(web.primary()).isTrue();
        assertThat(web.path()).isEqualTo("/");
        assertThat(api.primary()).isFalse();
        assertThat(api.path()).isEqualTo("/api");
        assertThat(api.engine().wireName()).isEqualTo("nodejs16");
        assertThat(api.run()).contains("npm start");
        assertThat(api.dev()).as("express-generator's start script, reloading").contains("node --watch ./bin/www");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"n-next", "n-next-ts"})
    void aNextAppRunsItsOwnDevServer(String generated) throws Exception {
        copy(generated, "site");
        Micro site = detect().get(0);
        assertThat(site.engine().wireName()).isEqualTo("next");
        assertThat(LaunchPlan.forDev(site, dir.resolve("legacy.py")).command()).contains("npm run dev -- --port $PORT");
    }

    @Test
    void anEngineDefaultFollowsTheProjectsScripts() throws Exception {
        copy("v-react", "web");
        Files.writeString(dir.resolve("Spacefile"), "v: 0\nmicros:\n  - name: web\n    src: web\n    engine: react\n    primary: true\n");
        Micro web = SpacefileLoader.load(dir.resolve("Spacefile")).spacefile().orElseThrow().micros().get(0);
        assertThat(LaunchPlan.forDev(web, dir.resolve("legacy.py")).command()).as("Vite has dev, not start")
                .contains("npm run dev -- --port $PORT");
    }
}
