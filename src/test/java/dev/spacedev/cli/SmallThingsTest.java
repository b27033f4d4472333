package dev.spacedev.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.proxy.StaticFiles;
import dev.spacedev.proxy.Target;
import dev.spacedev.runtime.AccessPolicy;
import dev.spacedev.spacefile.Spacefile;
import dev.spacedev.spacefile.SpacefileLoader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small things users saw: how the summary names a static micro's folder, and test's --port. */
class SmallThingsTest {
    @TempDir
    Path dir;

    @Test
    void theSummaryNamesTheFolderAStaticMicroServes() throws Exception {
        Files.writeString(dir.resolve("Spacefile"), "v: 0\nmicros:\n  - name: web\n    src: .\n    engine: static\n    serve: ./\n");
        Spacefile app = SpacefileLoader.load(dir.resolve("Spacefile")).spacefile().orElseThrow();
        AccessPolicy open = new AccessPolicy("web", List.of(), false);
        assertThat(Summary.filesOf(app, new Target.StaticSite("web", new StaticFiles(dir), open))).isEqualTo("files of the app's folder");
        assertThat(Summary.filesOf(app, new Target.StaticSite("web", new StaticFiles(dir.resolve("web/dist")), open)))
                .isEqualTo("files of web/dist/");
    }

    @Test
    void aTakenDataPortIsRefusedAsATakenPortIs() throws Exception {
        Files.writeString(dir.resolve("Spacefile"), "v: 0\nmicros:\n  - name: web\n    src: .\n    engine: static\n    serve: ./\n");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            CliRun up = CliRun.of("up", "--dir", dir.toString(), "--port", "0", "--data-port", Integer.toString(port));
            assertThat(up.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(up.err()).contains("space-dev: port " + port + " is already in use", "; choose another with --data-port");
            CliRun test = CliRun.of("test", "--dir", dir.toString(), "--data-port", Integer.toString(port));
            assertThat(test.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(test.err()).contains("choose another with --data-port");
        }
    }

    @Test
    void theDataPortFollowsTheProxysPort() throws Exception {
        int proxy = dev.spacedev.app.Ports.anyFree(InetAddress.getLoopbackAddress());
        int data = dev.spacedev.app.Ports.dataPortFor(proxy);
        assertThat(data).isGreaterThan(proxy);
        if (dev.spacedev.app.Ports.isFree(InetAddress.getLoopbackAddress(), proxy + 1)) {
            assertThat(data).isEqualTo(proxy + 1);
        }
        try (ServerSocket next = new ServerSocket(data, 1, InetAddress.getLoopbackAddress())) {
            assertThat(dev.spacedev.app.Ports.dataPortFor(proxy)).isGreaterThan(data); // taken: the next free one after it
        }
    }

    @Test
    void testTakesAPortAndRefusesATakenOne() throws Exception {
        Files.writeString(dir.resolve("Spacefile"), "v: 0\nmicros:\n  - name: web\n    src: .\n    engine: static\n    serve: ./\n");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.of("test", "--dir", dir.toString(), "--port", Integer.toString(taken.getLocalPort()));
            assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).contains("--port " + taken.getLocalPort() + " is not a free port");
        }
    }
}
