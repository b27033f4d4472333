package dev.spacedev.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.spacefile.Engine;
import dev.spacedev.spacefile.Micro;
import dev.spacedev.spacefile.Presets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which micros Space built with their framework's build when they had no commands. */
class FrameworkBuildTest {
    @TempDir
    Path dir;

    private Micro micro(Engine engine, List<String> commands, Optional<String> serve) {
        return new Micro("web", ".", dir, engine, true, "/", serve, commands, List.of(), Optional.empty(), Optional.empty(), Presets.NONE,
                false, List.of(), false, List.of());
    }

    @Test
    void frameworksWithABuildScriptAreBuiltWithIt() throws Exception {
        Files.writeString(dir.resolve("package.json"), "{\"scripts\":{\"build\":\"vite build\"}}");
        for (Engine e : List.of(Engine.NEXT, Engine.SVELTE_KIT, Engine.NUXT, Engine.REACT, Engine.VUE, Engine.SVELTE)) {
            assertThat(Builder.frameworkBuild(micro(e, List.of(), Optional.empty()))).as(e.wireName()).contains("npm run build");
        }
        assertThat(Builder.frameworkBuild(micro(Engine.NEXT, List.of("npm run export"), Optional.empty()))).as("their own commands")
                .isEmpty();
        assertThat(Builder.frameworkBuild(micro(Engine.STATIC, List.of(), Optional.of("dist")))).as("static, built").contains("npm run build");
        assertThat(Builder.frameworkBuild(micro(Engine.STATIC, List.of(), Optional.of("./")))).as("static, served as is").isEmpty();
        assertThat(Builder.frameworkBuild(micro(Engine.NODEJS16, List.of(), Optional.empty()))).isEmpty();
    }

    @Test
    void noBuildScriptNoBuild() throws Exception {
        Files.writeString(dir.resolve("package.json"), "{\"scripts\":{\"dev\":\"vite\"}}");
        assertThat(Builder.frameworkBuild(micro(Engine.REACT, List.of(), Optional.empty()))).isEmpty();
    }
}
