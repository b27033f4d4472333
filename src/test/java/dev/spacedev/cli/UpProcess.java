package dev.spacedev.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code space-dev up} from the built jar, as a real process. It is started through a tiny
 * python exec that restores SIGINT's default action, since a JVM started from a background job
 * inherits SIGINT ignored and Ctrl-C could not be tested.
 */
final class UpProcess implements AutoCloseable {
    static final Path JAR = Path.of(System.getProperty("spacedev.jar", "target/space-dev.jar")).toAbsolutePath();

    final Process process;
    final Path stderr;
    private final CompletableFuture<String> url = new CompletableFuture<>();

    private UpProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("http://")) {
                        url.complete(line.strip());
                    }
                }
            } catch (IOException e) {
                // process gone
            }
            url.completeExceptionally(new IllegalStateException("up exited before it was ready:\n" + err()));
        });
        reader.setDaemon(true);
        reader.start();
    }

    static UpProcess start(List<String> jvmOptions, String... args) throws IOException {
        return start(java.util.Map.of(), jvmOptions, args);
    }

    static UpProcess start(java.util.Map<String, String> env, List<String> jvmOptions, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("python3", "-c",
                "import os,signal,sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile("up-stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
        pb.environment().put("NO_COLOR", "1");
        pb.environment().putAll(env);
        return new UpProcess(pb.start(), err);
    }

    static UpProcess start(String... args) throws IOException {
        return start(List.of(), args);
    }

    /** The app's URL, printed on stdout once every micro is ready. */
    String awaitUrl(Duration timeout) throws Exception {
        return url.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    String err() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "";
        }
    }

    long pid() {
        return process.pid();
    }

    /** Everything the JVM started, read while it runs. */
    List<ProcessHandle> descendants() {
        return process.toHandle().descendants().toList();
    }

    void signal(String name) throws Exception {
        new ProcessBuilder("kill", "-s", name, Long.toString(pid())).start().waitFor();
    }

    int awaitExit(Duration timeout) throws Exception {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("up did not exit within " + timeout + ":\n" + err());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            List<ProcessHandle> tree = descendants();
            signal("TERM");
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            tree.forEach(ProcessHandle::destroyForcibly);
        }
        Files.deleteIfExists(stderr);
    }
}
