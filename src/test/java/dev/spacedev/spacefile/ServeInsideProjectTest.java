package dev.spacedev.spacefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Finding 8: a static micro's serve folder stays inside the project, as written and through links. */
class ServeInsideProjectTest {
    @TempDir
    Path dir;

    private LoadResult load(String serve) throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.createDirectories(project.resolve("web/public"));
        Path spacefile = project.resolve("Spacefile");
        Files.writeString(spacefile, "v: 0\nmicros:\n  - name: web\n    src: web\n    engine: static\n    serve: " + serve + "\n    primary: true\n");
        return SpacefileLoader.load(spacefile);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../../../etc", "/etc", "../.."})
    void aServeFolderOutsideTheProjectIsAnError(String serve) throws Exception {
        LoadResult r = load(serve);
        assertThat(r.isValid()).isFalse();
        assertThat(r.problems().stream().map(p -> p.format("Spacefile")).toList().toString()).contains("points outside the project directory");
    }

    @Test
    void aCommittedLinkOutOfTheProjectIsAnErrorToo() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project/web"));
        Files.createSymbolicLink(project.resolve("etc"), Path.of("/etc"));
        LoadResult r = load("etc");
        assertThat(r.isValid()).isFalse();
        assertThat(r.problems().stream().map(p -> p.format("Spacefile")).toList().toString()).contains("serve \"etc\" points outside");
    }

    @Test
    void foldersInsideAndNotYetBuiltPass() throws Exception {
        assertThat(load("public").isValid()).isTrue();
        assertThat(load("dist").isValid()).as("made by a build later").isTrue();
        assertThat(load("..").isValid()).as("the project itself").isTrue();
    }

    @Test
    void theCheckIsMadeAgainAtStart() throws Exception {
        Micro web = load("public").spacefile().orElseThrow().micros().get(0);
        Path project = dir.resolve("project");
        assertThat(ProjectPaths.served(web, project, "public")).isEqualTo(project.resolve("web/public"));
        Files.delete(project.resolve("web/public"));
        Files.createSymbolicLink(project.resolve("web/public"), Path.of("/etc")); // swapped after validate
        assertThatThrownBy(() -> ProjectPaths.served(web, project, "public")).hasMessageContaining("outside the project");
    }
}
