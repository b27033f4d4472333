package dev.spacedev.process;

import dev.spacedev.testing.ManualTime;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.files.SpaceDir;
import dev.spacedev.spacefile.Engine;
import dev.spacedev.spacefile.Micro;
import dev.spacedev.spacefile.Presets;
import dev.spacedev.testing.Poll;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A micro's life as one state: real commands, time moved by the test (restart delays are never waited for). */
class MicroProcessTest {
    static final Duration SOON = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    final ManualTime time = new ManualTime(java.time.Instant.parse("2026-01-01T00:00:00Z"));
    final StringWriter output = new StringWriter();

    final int port = freePort();

    private static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The log is written by its own thread: what was logged shows up there a moment later. */
    private boolean logged(String text) {
        return Poll.until(() -> output.toString().contains(text), SOON);
    }

    private MicroProcess micro(String command) throws Exception {
        Micro m = new Micro("m", "m", dir, Engine.CUSTOM, true, "/", Optional.empty(), List.of(), List.of(), Optional.of(command),
                Optional.empty(), Presets.NONE, false, List.of(), false, List.of());
        LogPrinter log = new LogPrinter(new PrintWriter(output, true), false, List.of("m"));
        SpaceDir space = new SpaceDir(dir).ensure();
        return new MicroProcess(m, new LaunchPlan(Optional.of(command), "run"), port, Map.of("PATH", System.getenv("PATH")), log,
                new PidRegistry(space), time, time);
    }

    @Test
    void aCrashingMicroIsRestartedAfterTheBackoffAndWaitersLearnAtOnce() throws Exception {
        MicroProcess p = micro("exit 3");
        CompletableFuture<?> waiting = p.whenReady();
        assertThat(p.phase()).isEqualTo(MicroProcess.Phase.STARTING);
        p.start();
        assertThat(Poll.until(() -> p.phase() == MicroProcess.Phase.RESTARTING, SOON)).isTrue();
        assertThat(waiting).isCompletedExceptionally();
        assertThat(p.state()).isEqualTo(new MicroProcess.Restarting(3, Duration.ofSeconds(1), ((MicroProcess.Restarting) p.state()).ready()));
        assertThat(p.exits()).isEqualTo(1);

        time.advance(Duration.ofMillis(999));
        assertThat(p.exits()).as("not before its delay").isEqualTo(1);
        time.advance(Duration.ofMillis(1));
        assertThat(Poll.until(() -> p.exits() == 2 && p.phase() == MicroProcess.Phase.RESTARTING, SOON)).isTrue();
        assertThat(((MicroProcess.Restarting) p.state()).delay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.recentExitCodes()).extracting(MicroProcess.Exit::code).containsExactly(3, 3);
        p.stop(Duration.ofSeconds(1));
        assertThat(p.phase()).isEqualTo(MicroProcess.Phase.STOPPED);
        time.advance(Duration.ofMinutes(1));
        assertThat(p.exits()).as("no restart once stopped").isEqualTo(2);
    }

    @Test
    void readyOnceItsPortAcceptsThenStoppedForGood() throws Exception {
        MicroProcess p = micro("exec python3 -m http.server " + port + " --bind 127.0.0.1");
        p.start();
        assertThat(Poll.until(() -> {
            time.advance(Duration.ofMillis(50)); // the probe's next check
            return p.phase() == MicroProcess.Phase.READY;
        }, SOON)).isTrue();
        assertThat(p.whenReady()).isCompletedWithValue(p.address());
        assertThat(p.pid()).isPositive();
        long pid = p.pid();
        p.stop(Duration.ofSeconds(5));
        assertThat(p.phase()).isEqualTo(MicroProcess.Phase.STOPPED);
        assertThat(p.pid()).isEqualTo(-1);
        assertThat(Poll.until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true), SOON)).isTrue();
        assertThat(p.whenReady()).isCompletedExceptionally();
    }

    @Test
    void nothingToRunIsStoppedAndSaysWhy() throws Exception {
        Micro m = new Micro("m", "m", dir, Engine.CUSTOM, true, "/", Optional.empty(), List.of(), List.of(), Optional.empty(),
                Optional.empty(), Presets.NONE, false, List.of(), false, List.of());
        MicroProcess p = new MicroProcess(m, new LaunchPlan(Optional.empty(), "none: a custom micro needs \"dev\" or \"run\""), 4299,
                Map.of(), new LogPrinter(new PrintWriter(output, true), false, List.of("m")), new PidRegistry(new SpaceDir(dir).ensure()),
                time, time);
        p.start();
        assertThat(p.phase()).isEqualTo(MicroProcess.Phase.STOPPED);
        assertThat(p.state()).isEqualTo(new MicroProcess.Stopped("nothing to run: none: a custom micro needs \"dev\" or \"run\"", null));
    }

    /** Exits, restarts after each delay, until the fifth exit within a minute; returns when crashed. */
    private void crashLoop(MicroProcess p) {
        p.start();
        for (int exit = 1; exit <= 5; exit++) {
            int wanted = exit;
            assertThat(Poll.until(() -> p.exits() == wanted, SOON)).isTrue();
            if (exit < 5) {
                assertThat(Poll.until(() -> p.phase() == MicroProcess.Phase.RESTARTING, SOON)).isTrue();
                time.advance(((MicroProcess.Restarting) p.state()).delay()); // 1, 2, 4, 8 s: 15 s in all
            }
        }
        assertThat(Poll.until(() -> p.phase() == MicroProcess.Phase.CRASHED, SOON)).isTrue();
    }

    @Test
    void aCrashLoopStopsAndWaitsToBeAskedOrForItsFilesToChange() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("app.py"), "raise SystemExit(1)\n");
        MicroProcess p = micro("exit 1");
        p.watch();
        crashLoop(p);
        assertThat(logged("m crashed: it exited 5 times within 60 s (last with code 1)")).isTrue();
        assertThat(output.toString()).contains("space-dev restart m");
        time.advance(java.time.Duration.ofMinutes(10));
        assertThat(p.exits()).as("no restart on its own").isEqualTo(5);
        assertThat(p.phase()).isEqualTo(MicroProcess.Phase.CRASHED);

        assertThat(p.restart()).as("space-dev restart m").isTrue();
        time.advance(Duration.ZERO);
        assertThat(Poll.until(() -> p.exits() == 6, SOON)).as("started again, and exited again").isTrue();
        assertThat(logged("m: restarting, as asked")).isTrue();

        // loop again; then an edit brings it back
        for (int exit = 6; exit < 10; exit++) {
            assertThat(Poll.until(() -> p.phase() == MicroProcess.Phase.RESTARTING, SOON)).isTrue();
            time.advance(((MicroProcess.Restarting) p.state()).delay());
            int next = exit + 1;
            assertThat(Poll.until(() -> p.exits() == next, SOON)).isTrue();
        }
        assertThat(Poll.until(() -> p.phase() == MicroProcess.Phase.CRASHED, SOON)).isTrue();
        java.nio.file.Files.writeString(dir.resolve("app.py"), "print('fixed')\n");
        time.advance(MicroProcess.WATCH_EVERY);
        assertThat(Poll.until(() -> p.exits() == 11, SOON)).isTrue();
        assertThat(logged("m: its files changed; starting it again")).isTrue();
        p.stop(java.time.Duration.ofSeconds(1));
    }

    @Test
    void aRestartAskedInProcessStartsARunningMicroAgainAndSaysWhen() throws Exception {
        MicroProcess p = micro("exec python3 -m http.server " + port + " --bind 127.0.0.1");
        assertThat(p.restart()).as("not started yet: nothing to restart").isFalse();
        p.start();
        assertThat(Poll.until(() -> {
            time.advance(Duration.ofMillis(50));
            return p.phase() == MicroProcess.Phase.READY;
        }, SOON)).isTrue();
        java.time.Instant firstRun = p.since().orElseThrow();
        long firstPid = p.pid();
        time.advance(Duration.ofSeconds(30));

        assertThat(p.restart()).isTrue();
        assertThat(Poll.until(() -> {
            time.advance(Duration.ofMillis(50));
            return p.phase() == MicroProcess.Phase.READY && p.pid() != firstPid;
        }, SOON)).isTrue();
        assertThat(p.since().orElseThrow()).isAfter(firstRun);
        assertThat(p.exits()).isEqualTo(1);
        assertThat(p.recentExitCodes()).extracting(MicroProcess.Exit::code).containsExactly(143); // SIGTERM
        assertThat(p.recentExitCodes()).extracting(MicroProcess.Exit::asked).as("asked for, not a crash").containsExactly(true);
        assertThat(logged("m: restarting, as asked")).isTrue();
        p.stop(Duration.ofSeconds(5));
        assertThat(p.restart()).as("stopped for good").isFalse();
        assertThat(p.since()).isEmpty();
    }

    @Test
    void aMicroOnAFixedPortIsToldToReadPort() throws Exception {
        int fixed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            fixed = s.getLocalPort();
        }
        MicroProcess p = micro("exec python3 -m http.server " + fixed + " --bind 127.0.0.1");
        p.start();
        long pid = p.pid();
        assertThat(Poll.until(() -> ListeningSockets.portsOf(ProcessHandle.of(pid).orElseThrow()).contains(fixed), SOON)).isTrue();
        time.advance(MicroProcess.PORT_CHECK_AFTER);
        assertThat(logged("hint: it listens on port " + fixed + ", not on $PORT (" + port + ")")).isTrue();
        assertThat(p.recentOutput()).anyMatch(l -> l.startsWith("hint: it listens on port " + fixed));
        p.stop(java.time.Duration.ofSeconds(2));
    }

    @Test
    void aCommandNotFoundSaysWhy() throws Exception {
        MicroProcess p = micro("./main");
        p.start();
        assertThat(Poll.until(() -> p.exits() == 1, SOON)).isTrue();
        assertThat(logged("hint: its command was not found")).isTrue();
        p.stop(java.time.Duration.ofSeconds(1));
    }

    @Test
    void aCommandTheShellCannotFindIsNotRetried() throws Exception {
        MicroProcess p = micro("no-such-tool-anywhere --serve");
        p.start();
        assertThat(Poll.until(() -> p.phase() == MicroProcess.Phase.CRASHED, SOON)).isTrue();
        assertThat(p.lastExitCode()).isEqualTo(127);
        time.advance(Duration.ofMinutes(5));
        assertThat(p.exits()).as("never started again on its own").isEqualTo(1);
        assertThat(logged("exited with code 127 (the shell found no such command): restarting would not help")).isTrue();
        p.stop(Duration.ofSeconds(1));
    }

    @Test
    void stoppedByTheOwnerItStaysDownUntilStartedAgain() throws Exception {
        MicroProcess p = micro("exec python3 -m http.server " + port + " --bind 127.0.0.1");
        p.start();
        assertThat(Poll.until(() -> {
            time.advance(Duration.ofMillis(50));
            return p.phase() == MicroProcess.Phase.READY;
        }, SOON)).isTrue();
        long pid = p.pid();
        assertThat(p.pause(Duration.ofSeconds(5))).isTrue();
        assertThat(p.paused()).isTrue();
        assertThat(p.phase()).isEqualTo(MicroProcess.Phase.STOPPED);
        assertThat(ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)).isTrue();
        assertThat(p.pause(Duration.ofSeconds(5))).as("stopped already").isFalse();
        time.advance(Duration.ofMinutes(1));
        assertThat(p.phase()).as("no restart while stopped").isEqualTo(MicroProcess.Phase.STOPPED);
        assertThat(p.exits()).as("a stop asked for is not an exit").isZero();

        assertThat(p.resume()).isTrue();
        assertThat(Poll.until(() -> {
            time.advance(Duration.ofMillis(50));
            return p.phase() == MicroProcess.Phase.READY;
        }, SOON)).isTrue();
        assertThat(p.pid()).isNotEqualTo(pid);
        assertThat(p.resume()).as("running already").isFalse();

        p.stop(Duration.ofSeconds(5));
        assertThat(p.paused()).as("stopped for good is not paused").isFalse();
        assertThat(p.resume()).isFalse();
    }

    @Test
    void withWatchAChangedFileRestartsItOnceTheFilesAreStill() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("app.py"), "v1");
        MicroProcess p = micro("exec python3 -m http.server " + port + " --bind 127.0.0.1");
        p.restartOnChange(true);
        p.start();
        p.watch();
        assertThat(Poll.until(() -> {
            time.advance(Duration.ofMillis(50));
            return p.phase() == MicroProcess.Phase.READY;
        }, SOON)).isTrue();
        long first = p.pid();
        time.advance(Duration.ofSeconds(2)); // the watch has looked at the files as they were
        java.nio.file.Files.writeString(dir.resolve("app.py"), "v2, longer");
        java.nio.file.Files.createDirectories(dir.resolve("node_modules"));
        time.advance(Duration.ofSeconds(1));
        assertThat(p.pid()).as("not while the files may still be changing").isEqualTo(first);
        time.advance(Duration.ofSeconds(1));
        assertThat(logged("m: its files changed; restarting (--watch)")).isTrue();
        assertThat(Poll.until(() -> {
            time.advance(Duration.ofMillis(50));
            return p.phase() == MicroProcess.Phase.READY && p.pid() != first;
        }, SOON)).isTrue();
        long second = p.pid();
        java.nio.file.Files.writeString(dir.resolve("node_modules/dep.js"), "installed");
        time.advance(Duration.ofSeconds(3));
        assertThat(p.pid()).as("dependency folders are not the micro's own files").isEqualTo(second);
        p.stop(Duration.ofSeconds(5));
    }
}
