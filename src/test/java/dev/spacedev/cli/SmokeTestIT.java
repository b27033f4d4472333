package dev.spacedev.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.cli.ValidateCliIT.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code space-dev test} and {@code build}, as CI runs them: real micros, real builds. */
class SmokeTestIT {
    @TempDir
    Path dir;

    private Result cli(String... args) throws Exception {
        return ValidateCliIT.run(ValidateCliIT.jar(args));
    }

    /** Nothing of the app is left running once test has exited: no process mentions its directory. */
    private void nothingLeftRunning() {
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(dir.toString())).toList())
                .isEmpty();
    }

    @Test
    void theExamplePassesInDevAndProd() throws Exception {
        Path app = dir.resolve("hello");
        UpCommandIT.copyTree(Path.of("examples", "hello-space"), app);
        for (String mode : new String[] {"--no-prod", "--prod"}) {
            Path junit = dir.resolve("junit" + mode + ".xml");
            Result r = mode.equals("--prod")
                    ? cli("test", "--prod", "--dir", app.toString(), "--expect", "GET /api/health 200", "--junit", junit.toString())
                    : cli("test", "--dir", app.toString(), "--expect", "GET /api/health 200", "--junit", junit.toString());
            assertThat(r.code()).as(mode + "\n" + r.out() + r.err()).isZero();
            assertThat(r.out()).contains("PASS  micros       web", "PASS  expectations GET /api/health 200").endsWith("4 passed: 3 micros, 1 --expect; 0 reachable only; 0 failed\n");
            assertThat(Files.readString(junit)).contains("<testsuite name=\"space-dev test\" tests=\"4\" failures=\"0\"",
                    "<testcase classname=\"space-dev.micros\" name=\"api\"");
        }
        nothingLeftRunning();
    }

    @Test
    void aMicroThatCrashesAtStartFailsWithItsOutput() throws Exception {
        Files.createDirectories(dir.resolve("bad"));
        AppFixture.pythonMicro(dir.resolve("ok"));
        AppFixture.write(dir, """
                v: 0
                micros:
                  - name: ok
                    src: ok
                    engine: python3.9
                    dev: exec python3 server.py
                    primary: true
                  - name: bad
                    src: bad
                    engine: custom
                    dev: echo "cannot find config.yml"; exit 3
                """);
        Path junit = dir.resolve("junit.xml");
        Result r = cli("test", "--dir", dir.toString(), "--junit", junit.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.out()).contains("PASS  micros       ok", "FAIL  micros       bad  exited while starting (code 3)",
                "| cannot find config.yml").endsWith("1 passed: 1 micros, 0 --expect; 0 reachable only; 1 failed\n");
        assertThat(Files.readString(junit)).contains("<failure message=\"exited while starting (code 3)\">", "cannot find config.yml");
        nothingLeftRunning();
    }

    @Test
    void aMicroOnAFixedPortFailsAtOnceRatherThanAtTheTimeout() throws Exception {
        Files.createDirectories(dir.resolve("api"));
        int fixed = AppFixture.freePort();
        AppFixture.write(dir, "v: 0\nmicros:\n  - name: api\n    src: api\n    engine: python3.9\n    dev: exec python3 -m http.server "
                + fixed + " --bind 127.0.0.1\n");
        long start = System.nanoTime();
        Result r = cli("test", "--dir", dir.toString(), "--timeout", "300");
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.out()).contains("FAIL  micros       api  will not be ready: it listens on port " + fixed + ", not on $PORT");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).as("not the whole --timeout").isLessThan(java.time.Duration.ofSeconds(120));
        nothingLeftRunning();
    }

    @Test
    void aMicroAnswering500Fails() throws Exception {
        Files.createDirectories(dir.resolve("api"));
        Files.writeString(dir.resolve("api/server.py"), """
                import os
                from http.server import BaseHTTPRequestHandler, HTTPServer
                class H(BaseHTTPRequestHandler):
                    def do_GET(self):
                        self.send_response(500)
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                HTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
                """);
        AppFixture.write(dir, "v: 0\nmicros:\n  - name: api\n    src: api\n    engine: python3.9\n    dev: exec python3 server.py\n");
        Result r = cli("test", "--dir", dir.toString(), "--expect", "GET /nope 404");
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.out()).contains("FAIL  micros       api", "GET / -> 500", "GET /nope -> 500, expected 404").endsWith("0 passed: 0 micros, 0 --expect; 0 reachable only; 2 failed\n");
    }

    @Test
    void aMicroAnswering404AtItsRootIsReachableNotPassed() throws Exception {
        Files.createDirectories(dir.resolve("api"));
        Files.writeString(dir.resolve("api/server.py"), """
                import os
                from http.server import BaseHTTPRequestHandler, HTTPServer
                class H(BaseHTTPRequestHandler):
                    def do_GET(self):
                        self.send_response(200 if self.path == "/health" else 404)
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                HTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
                """);
        AppFixture.write(dir, "v: 0\nmicros:\n  - name: api\n    src: api\n    engine: python3.9\n    dev: exec python3 server.py\n");
        Result r = cli("test", "--dir", dir.toString(), "--expect", "GET /health 200");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("UP    micros       api", "GET / -> 404 (it runs and answers, but not with a page at its root",
                "PASS  expectations GET /health 200").endsWith("1 passed: 0 micros, 1 --expect; 1 reachable only; 0 failed\n");
    }

    @Test
    void aFailingBuildStepFailsProdWithTheCommandAndItsOutput() throws Exception {
        AppFixture.pythonMicro(dir.resolve("api"));
        AppFixture.write(dir, """
                v: 0
                micros:
                  - name: api
                    src: api
                    engine: custom
                    commands:
                      - echo compiling
                      - echo "missing semicolon" && exit 7
                    include:
                      - server.py
                    run: exec python3 server.py
                """);
        Result r = cli("test", "--prod", "--dir", dir.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.out()).contains("FAIL  micros       api  build failed: \"echo \"missing semicolon\" && exit 7\" exited with code 7",
                "| missing semicolon").endsWith("0 passed: 0 micros, 0 --expect; 0 reachable only; 1 failed\n");
        assertThat(Files.readString(dir.resolve(".space/build/api/build.log"))).contains("$ echo compiling", "compiling", "missing semicolon");
        nothingLeftRunning();
    }

    @Test
    void prodRunsFromOnlyWhatIsIncluded() throws Exception {
        AppFixture.pythonMicro(dir.resolve("api"));
        Files.writeString(dir.resolve("api/extra.txt"), "not shipped");
        AppFixture.write(dir, """
                v: 0
                micros:
                  - name: api
                    src: api
                    engine: custom
                    commands:
                      - echo built > version.txt
                    include:
                      - server.py
                      - version.txt
                      - missing.cfg
                    run: exec python3 server.py
                """);
        Result missing = cli("build", "--dir", dir.toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(missing.err()).contains("include \"missing.cfg\" does not exist after the build");

        Files.writeString(dir.resolve("Spacefile"), Files.readString(dir.resolve("Spacefile")).replace("      - missing.cfg\n", ""));
        Result built = cli("build", "--dir", dir.toString());
        assertThat(built.code()).as(built.err()).isZero();
        assertThat(built.out()).startsWith("api\tbuilt\t");
        Path stage = dir.resolve(".space/build/api/stage");
        assertThat(stage.resolve("version.txt")).hasContent("built");
        assertThat(stage.resolve("extra.txt")).doesNotExist();
        assertThat(cli("build", "--dir", dir.toString()).out()).as("unchanged inputs are skipped").startsWith("api\tunchanged\t");
        Files.writeString(dir.resolve("api/server.py"), Files.readString(dir.resolve("api/server.py")) + "\n# edited\n");
        assertThat(cli("build", "--dir", dir.toString()).out()).startsWith("api\tbuilt\t");
        assertThat(cli("build", "--dir", dir.toString()).out()).startsWith("api\tunchanged\t");
        assertThat(cli("build", "--force", "--dir", dir.toString()).out()).as("--force").startsWith("api\tbuilt\t");
        java.util.List<String> withEnv = new java.util.ArrayList<>(java.util.List.of("env", "NODE_ENV=production"));
        withEnv.addAll(ValidateCliIT.jar("build", "--dir", dir.toString()));
        assertThat(ValidateCliIT.run(withEnv).out()).as("a variable the build reads changed").startsWith("api\tbuilt\t");
        assertThat(ValidateCliIT.run(withEnv).out()).startsWith("api\tunchanged\t");
    }

    @Test
    void aBadExpectationIsAUsageError() throws Exception {
        AppFixture.write(dir, "v: 0\nmicros:\n  - name: api\n    src: .\n    engine: python3.9\n");
        Result r = cli("test", "--dir", dir.toString(), "--expect", "fetch the page");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("is not \"METHOD PATH STATUS\"");
    }
}
