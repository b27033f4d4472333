package dev.spacedev.cli;

import static dev.spacedev.cli.UpCommandIT.poll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.process.ProcessTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code space-dev up} ends — Ctrl-C, SIGTERM, a stalled stderr, a SIGKILL — and that no micro outlives it. */
class UpShutdownIT {
    static final Duration READY = UpCommandIT.READY;

    @TempDir
    Path dir;

    @Test
    void ctrlCEndsEveryProcessOfEveryMicro() throws Exception {
        stopLeavesNothing("INT", 130);
    }

    @Test
    void sigtermEndsEveryProcessOfEveryMicro() throws Exception {
        stopLeavesNothing("TERM", 0); // a clean stop: systemd counts 143 as a failure
    }

    private void stopLeavesNothing(String signal, int expectedExit) throws Exception {
        Files.createDirectories(dir.resolve("sleepy"));
        AppFixture.pythonMicro(dir.resolve("api"));
        AppFixture.write(dir, """
                v: 0
                micros:
                  - name: api
                    src: api
                    engine: python3.9
                    dev: python3 server.py
                    primary: true
                  - name: sleepy
                    src: sleepy
                    engine: custom
                    dev: sh -c 'sleep 300 & sleep 300 & python3 -m http.server $PORT --bind 127.0.0.1 & wait'
                """);
        try (UpProcess up = UpProcess.start("up", "--dir", dir.toString(), "--port", Integer.toString(AppFixture.freePort()))) {
            up.awaitUrl(READY);
            List<ProcessHandle> tree = up.descendants();
            assertThat(tree.stream().filter(p -> p.info().commandLine().orElse("").contains("sleep 300"))).hasSizeGreaterThanOrEqualTo(2);
            up.signal(signal);
            assertThat(up.awaitExit(Duration.ofSeconds(20))).isEqualTo(expectedExit);
            assertAllEnd(tree);
            assertThat(up.err()).contains("stopping", "stopped");
        }
    }

    @Test
    void aSecondCtrlCKillsWhatIgnoresTheFirst() throws Exception {
        Files.createDirectories(dir.resolve("stubborn"));
        AppFixture.write(dir, """
                v: 0
                micros:
                  - name: stubborn
                    src: stubborn
                    engine: custom
                    dev: trap '' TERM; exec python3 -m http.server $PORT --bind 127.0.0.1
                """);
        try (UpProcess up = UpProcess.start("up", "--no-auth", "--dir", dir.toString(), "--port", Integer.toString(AppFixture.freePort()))) {
            up.awaitUrl(READY);
            List<ProcessHandle> tree = up.descendants();
            up.signal("INT");
            assertThat(poll(up::err, e -> e.contains("stopping (Ctrl-C again to force)"), Duration.ofSeconds(10))).isNotNull();
            up.signal("INT");
            assertThat(up.awaitExit(Duration.ofSeconds(20))).isEqualTo(130);
            assertThat(up.err()).contains("forcing: killing every micro now");
            assertAllEnd(tree);
        }
    }

    @Test
    void aStderrNobodyReadsNeverBlocksTheShutdown() throws Exception {
        Files.createDirectories(dir.resolve("loud"));
        // a micro that writes far more than a pipe holds (64 KiB), before and while it serves
        Files.writeString(dir.resolve("loud/server.py"), """
                import os, sys, threading
                from http.server import HTTPServer, BaseHTTPRequestHandler
                def shout():
                    while True:
                        print("x" * 200, flush=True)
                threading.Thread(target=shout, daemon=True).start()
                HTTPServer(("127.0.0.1", int(os.environ["PORT"])), BaseHTTPRequestHandler).serve_forever()
                """);
        AppFixture.write(dir, """
                v: 0
                micros:
                  - name: loud
                    src: loud
                    engine: custom
                    dev: exec python3 server.py
                """);
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", UpProcess.JAR.toString(),
                "up", "--no-auth", "--dir", dir.toString(), "--port", Integer.toString(AppFixture.freePort()));
        Process up = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start(); // stderr: a pipe never read
        try {
            java.io.InputStream stalled = up.getErrorStream();
            assertThat(dev.spacedev.testing.Poll.until(() -> {
                try {
                    return stalled.available() >= 60_000; // the pipe is full: every write to it now blocks
                } catch (java.io.IOException e) {
                    return false;
                }
            }, READY)).isTrue();
            List<ProcessHandle> tree = up.toHandle().descendants().toList();
            new ProcessBuilder("kill", "-TERM", Long.toString(up.pid())).start().waitFor();
            assertThat(up.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("up exits with its stderr stalled").isTrue();
            assertThat(tree).isNotEmpty();
            assertAllEnd(tree);
        } finally {
            up.destroyForcibly();
        }
    }

    @Test
    void theNextUpEndsWhatAKilledRunLeftBehind() throws Exception {
        sleepyApp();
        List<ProcessHandle> orphans;
        try (UpProcess first = UpProcess.start("up", "--dir", dir.toString(), "--port", Integer.toString(AppFixture.freePort()))) {
            first.awaitUrl(READY);
            // the guard killed first stands for a machine where none runs (no sh): the sweep is what is left
            guard(first).destroyForcibly();
            orphans = first.descendants().stream().filter(p -> !isGuard(p)).toList();
            first.signal("KILL");
            first.awaitExit(Duration.ofSeconds(10));
        }
        assertThat(orphans).isNotEmpty().anySatisfy(p -> assertThat(ProcessTree.running(p)).isTrue());
        try (UpProcess second = UpProcess.start("up", "--dir", dir.toString(), "--port", Integer.toString(AppFixture.freePort()))) {
            second.awaitUrl(READY);
            assertThat(orphans).allSatisfy(p -> assertThat(ProcessTree.running(p)).as("pid %d", p.pid()).isFalse());
            assertThat(second.err()).contains("ended what an earlier run left behind: sleepy (pid ");
        }
    }

    @Test
    void noMicroOutlivesAKilledUp() throws Exception {
        sleepyApp();
        try (UpProcess up = UpProcess.start("up", "--dir", dir.toString(), "--port", Integer.toString(AppFixture.freePort()))) {
            up.awaitUrl(READY);
            List<ProcessHandle> micros = up.descendants().stream().filter(p -> !isGuard(p)).toList();
            assertThat(micros).hasSizeGreaterThanOrEqualTo(2); // the server and the sleep beside it, in the micro's group
            up.signal("KILL"); // no shutdown hook runs
            up.awaitExit(Duration.ofSeconds(10));
            assertThat(dev.spacedev.testing.Poll.until(() -> micros.stream().noneMatch(ProcessTree::running), Duration.ofSeconds(15)))
                    .as("every process of the micro ends with space-dev").isTrue();
        }
    }

    /** A micro whose group holds a second process (a sleep) beside its server: what a killed run could leave behind. */
    private void sleepyApp() throws java.io.IOException {
        Files.createDirectories(dir.resolve("sleepy"));
        AppFixture.write(dir, """
                v: 0
                micros:
                  - name: sleepy
                    src: sleepy
                    engine: custom
                    dev: sleep 300 & exec python3 -m http.server $PORT --bind 127.0.0.1
                """);
    }

    private static boolean isGuard(ProcessHandle p) {
        return p.info().arguments().map(args -> java.util.Arrays.asList(args).contains(dev.spacedev.process.OrphanGuard.NAME))
                .orElse(false);
    }

    /**
     * Every process up started has ended, the guard included: up may exit before it has told the guard that a micro it
     * stopped is gone (the reaper's word racing the exit), and the guard then ends what is listed, and itself, within
     * its two seconds (OrphanGuard).
     */
    private static void assertAllEnd(List<ProcessHandle> tree) {
        dev.spacedev.testing.Poll.until(() -> tree.stream().noneMatch(ProcessTree::running), Duration.ofSeconds(10));
        assertThat(tree).allSatisfy(p -> assertThat(ProcessTree.running(p)).as("pid %d %s", p.pid(), p.info().commandLine()).isFalse());
    }

    private static ProcessHandle guard(UpProcess up) {
        return up.descendants().stream().filter(UpShutdownIT::isGuard).findFirst().orElseThrow(() -> new AssertionError("no guard"));
    }
}
