package dev.spacedev.cli;

import static dev.spacedev.cli.UpCommandIT.poll;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fresh clone's Node micro: dependencies not installed, said before it starts; up --install installs them first. */
class InstallIT {
    @TempDir
    Path dir;

    private void app() throws Exception {
        Path api = Files.createDirectories(dir.resolve("api"));
        Files.createDirectories(api.resolve("greet"));
        // a dependency npm installs without a registry
        Files.writeString(api.resolve("greet/package.json"), "{\"name\":\"greet\",\"version\":\"1.0.0\",\"main\":\"index.js\"}");
        Files.writeString(api.resolve("greet/index.js"), "module.exports = (who) => 'hello ' + who;");
        Files.writeString(api.resolve("package.json"), "{\"name\":\"api\",\"version\":\"1.0.0\",\"dependencies\":{\"greet\":\"file:./greet\"}}");
        Files.writeString(api.resolve("index.js"), """
                const greet = require('greet');
                require('http').createServer((q, r) => r.end(greet('space'))).listen(process.env.PORT, process.env.HOST);
                """);
        AppFixture.write(dir, "v: 0\nmicros:\n  - name: api\n    src: api\n    engine: nodejs16\n    primary: true\n    dev: node index.js\n");
    }

    @Test
    void missingDependenciesAreSaidUpFrontAndInstallInstallsThem() throws Exception {
        app();
        try (UpProcess up = UpProcess.start("up", "--no-auth", "--dir", dir.toString(), "--port", Integer.toString(AppFixture.freePort()))) {
            poll(up::err, e -> e.contains("api       | before it starts: its package.json lists dependencies that are not installed: run npm install in")
                    && e.contains("hint: the Node package greet is not installed"), Duration.ofSeconds(60));
        }
        int port = AppFixture.freePort();
        try (UpProcess up = UpProcess.start("up", "--install", "--no-auth", "--dir", dir.toString(), "--port", Integer.toString(port))) {
            String url = up.awaitUrl(Duration.ofSeconds(120));
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("hello space");
            assertThat(up.err()).contains("installing: npm install", "installed in").doesNotContain("before it starts");
            assertThat(dir.resolve("api/node_modules/greet")).exists();
            assertThat(dir.resolve(".space/build/api/install.log")).exists();
        }
    }
}
