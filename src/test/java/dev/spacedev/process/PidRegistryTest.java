package dev.spacedev.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spacedev.files.SpaceDir;
import dev.spacedev.testing.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The next run's sweep of what a killed {@code up} left behind, with real processes. */
class PidRegistryTest {
    static final Duration SOON = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    Process parent;

    @AfterEach
    void end() {
        if (parent != null) {
            parent.destroyForcibly();
        }
    }

    @Test
    void aProcessLeftRunningIsEndedAndNamed() throws Exception {
        parent = new ProcessBuilder("sleep", "30").start();
        SpaceDir space = new SpaceDir(dir).ensure();
        new PidRegistry(space).add(parent.toHandle(), "store");

        assertThat(new PidRegistry(space).sweep(Duration.ofSeconds(2))).containsExactly("store (pid " + parent.pid() + ")");
        assertThat(Poll.until(() -> !parent.isAlive(), SOON)).isTrue();
        assertThat(space.pidFile()).doesNotExist();
    }

    @Test
    void aZombieIsNotReportedAsLeftBehind() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "zombies are read from /proc");
        // sh forks a short sleep, then becomes `sleep 30`, which never reaps it: a zombie until the parent ends,
        // as a micro the guard ended stays one until a slow container init reaps it
        parent = new ProcessBuilder("sh", "-c", "sleep 0.1 & exec sleep 30").start();
        assertThat(Poll.until(() -> parent.toHandle().children().findAny().filter(c -> !ProcessTree.running(c)).isPresent(), SOON))
                .as("the child exited and was not reaped").isTrue();
        ProcessHandle zombie = parent.toHandle().children().findFirst().orElseThrow();
        SpaceDir space = new SpaceDir(dir).ensure();
        new PidRegistry(space).add(zombie, "node");

        assertThat(new PidRegistry(space).sweep(Duration.ofSeconds(2))).isEmpty();
        assertThat(space.pidFile()).doesNotExist();
    }
}
