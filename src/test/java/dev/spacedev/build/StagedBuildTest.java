package dev.spacedev.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.files.SpaceDir;
import dev.spacedev.spacefile.Engine;
import dev.spacedev.spacefile.Micro;
import dev.spacedev.spacefile.Presets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A build runs in a copy of the project as Space received it: the user's folders are never written. */
class StagedBuildTest {
    @TempDir
    Path dir;

    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void tearDown() {
        timer.shutdownNow();
    }

    private Micro micro(List<String> commands) {
        return new Micro("api", "api", dir.resolve("api"), Engine.CUSTOM, true, "/", Optional.empty(), commands, List.of(),
                Optional.of("./run.sh"), Optional.empty(), Presets.NONE, false, List.of(), false, List.of());
    }

    private Builder.Result build(Micro m) throws Exception {
        Builder builder = new Builder(new SpaceDir(dir).ensure(), Map.of("PATH", System.getenv("PATH")), (micro, line) -> {}, timer);
        return builder.build(m);
    }

    @Test
    void theBuildWritesInItsCopyWithWhatSpaceReceived() throws Exception {
        Files.createDirectories(dir.resolve("api/node_modules/left"));
        Files.createDirectories(dir.resolve("shared"));
        Files.writeString(dir.resolve("shared/common.txt"), "shared");
        Files.writeString(dir.resolve("api/main.txt"), "main");
        Files.writeString(dir.resolve("api/.env"), "SECRET=1");
        Files.writeString(dir.resolve("api/notes.local"), "mine");
        Files.writeString(dir.resolve(".spaceignore"), "# mine\n*.local\n");
        Micro m = micro(List.of("mkdir -p out && cat main.txt ../shared/common.txt > out/built.txt && ls -a > out/seen.txt",
                "echo \"$DETA_SPACE\" > out/builder.txt"));

        Builder.Result r = build(m);
        assertThat(r.ok()).as(r.failure()).isTrue();
        assertThat(r.workDir()).isEqualTo(dir.resolve(".space/build/upload/api"));
        assertThat(Files.readString(r.workDir().resolve("out/built.txt"))).isEqualTo("mainshared");
        assertThat(Files.readString(r.workDir().resolve("out/seen.txt")).lines().toList()).contains("main.txt", "out")
                .doesNotContain(".env", "notes.local", "node_modules");
        assertThat(dir.resolve("api/out")).as("nothing written in the user's folder").doesNotExist();
        assertThat(Files.readString(r.workDir().resolve("out/builder.txt"))).as("as Space's builder set it").isEqualTo("true\n");
        assertThat(dir.resolve("api/node_modules/left")).exists();

        // a file gone from the project is gone from the copy; installed dependencies there stay for the next install
        Files.createDirectories(r.workDir().resolve("node_modules/cached"));
        Files.delete(dir.resolve("api/main.txt"));
        Files.writeString(dir.resolve("api/other.txt"), "other");
        Builder.Result again = build(micro(List.of("ls > listing.txt")));
        assertThat(again.ok()).as(again.failure()).isTrue();
        assertThat(Files.readString(again.workDir().resolve("listing.txt")).lines().toList()).contains("other.txt", "node_modules")
                .doesNotContain("main.txt", "out");
        assertThat(again.workDir().resolve("node_modules/cached")).exists();
    }

    @Test
    void spaceIgnoreReadsAsGitignoreDoes() {
        SpaceIgnore ignore = SpaceIgnore.parse(List.of("build", "*.log", "/top.txt", "data/", "!keep.log", "docs/*.md", "[", "a{b"));
        assertThat(ignore.ignores(Path.of("web/build"), true)).isTrue();
        assertThat(ignore.ignores(Path.of("web/x.log"), false)).isTrue();
        assertThat(ignore.ignores(Path.of("web/keep.log"), false)).as("taken back").isFalse();
        assertThat(ignore.ignores(Path.of("top.txt"), false)).isTrue();
        assertThat(ignore.ignores(Path.of("web/top.txt"), false)).as("anchored at the root").isFalse();
        assertThat(ignore.ignores(Path.of("web/data"), true)).isTrue();
        assertThat(ignore.ignores(Path.of("web/data"), false)).as("a folder rule").isFalse();
        assertThat(ignore.ignores(Path.of("docs/a.md"), false)).isTrue();
        assertThat(ignore.ignores(Path.of("web/docs/a.md"), false)).isFalse();
        assertThat(ignore.ignores(Path.of("web/main.py"), false)).isFalse();
    }
}
