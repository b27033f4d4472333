package dev.spacedev.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 17: {@code trigger} sends the app's API key only to a socket of a process {@code up} started
 * for the micro, never to whatever listens on the port a stale {@code .space/micros/*.port} names.
 */
class StaleTriggerTest {
    @TempDir
    Path dir;

    @Test
    void aStalePortFileGetsNoApiKey() throws Exception {
        Files.createDirectories(dir.resolve("api"));
        AppFixture.write(dir, "v: 0\nmicros:\n  - name: api\n    src: api\n    engine: python3.9\n    dev: python3 server.py\n"
                + "    actions:\n      - id: tidy\n        name: Tidy\n        trigger: schedule\n        default_interval: 1 hour\n");
        AtomicBoolean reached = new AtomicBoolean();
        try (ServerSocket stranger = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = stranger.accept()) {
                    reached.set(true);
                } catch (java.io.IOException e) {
                    // closed at the end
                }
            });
            t.setDaemon(true);
            t.start();
            Files.createDirectories(dir.resolve(".space/micros"));
            Files.writeString(dir.resolve(".space/micros/api.port"), stranger.getLocalPort() + "\n"); // left by a run long gone
            CliRun r = CliRun.of("trigger", "--dir", dir.toString(), "tidy");
            assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(r.err()).contains("no space-dev up is running");
        }
        assertThat(reached).as("nothing connected to the stranger's port").isFalse();
    }
}
