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
    void testTakesAPortAndRefusesATakenOne() throws Exception {
        Files.writeString(dir.resolve("Spacefile"), "v: 0\nmicros:\n  - name: web\n    src: .\n    engine: static\n    serve: ./\n");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.of("test", "--dir", dir.toString(), "--port", Integer.toString(taken.getLocalPort()));
            assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).contains("--port " + taken.getLocalPort() + " is not a free port");
        }
    }
}
