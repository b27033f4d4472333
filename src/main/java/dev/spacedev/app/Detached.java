package dev.spacedev.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spacedev.files.OwnerOnly;
import dev.spacedev.files.SpaceDir;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code up -d}: the same {@code up} in a process of its own (a new session, so neither Ctrl-C nor a closed
 * terminal reaches it), its output in {@code .space/logs/up.log}; this process waits until every micro is
 * ready or has failed, as {@code docker compose up -d --wait} does.
 */
public final class Detached {
    static final Duration LOOK_EVERY = Duration.ofMillis(25);

    /** How the wait ended: every micro ready, one failed, the time ran out, or the run itself ended. */
    public enum Outcome { READY, FAILED, TIMED_OUT, EXITED }

    /** @param url the app's URL (empty without a proxy); @param failed the micros that failed; @param exitCode the run's, once it ended */
    public record Result(Outcome outcome, Optional<String> url, List<String> failed, int exitCode) {}

    private final SpaceDir space;
    private final Process process;

    private Detached(SpaceDir space, Process process) {
        this.space = space;
        this.process = process;
    }

    /** Where a detached run writes its output. */
    public static Path log(SpaceDir space) {
        return space.root().resolve("logs").resolve("up.log");
    }

    /**
     * Starts {@code mainClass upArgs…} with this JVM's own java, class path and options, detached.
     * The previous run's log is kept as {@code up.1.log}.
     */
    public static Detached spawn(SpaceDir space, String mainClass, List<String> upArgs) throws IOException {
        Path log = log(space);
        OwnerOnly.directory(log.getParent());
        if (Files.exists(log)) {
            Files.move(log, log.resolveSibling("up.1.log"), StandardCopyOption.REPLACE_EXISTING);
        }
        OwnerOnly.createFile(log);
        List<String> command = new ArrayList<>();
        setsid().ifPresent(command::add);
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // this JVM's options (heap, collector), but not the class-data archive it may be writing: one writer per archive
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-XX:ArchiveClassesAtExit") && !a.startsWith("-agentlib:jdwp")).forEach(command::add);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.add("up");
        command.addAll(upArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).redirectErrorStream(true);
        return new Detached(space, builder.start());
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Waits until the run's micros are all ready, one failed, or {@code timeout} passed since the run began
     * serving (a {@code --prod} build before that is not counted); or until the run ends.
     */
    public Result await(Duration timeout) throws InterruptedException {
        Optional<ControlClient> up = Optional.empty();
        long deadline = Long.MAX_VALUE;
        while (true) {
            if (!process.isAlive()) {
                return new Result(Outcome.EXITED, Optional.empty(), List.of(), process.exitValue());
            }
            if (up.isEmpty()) {
                up = ControlClient.find(space);
                if (up.isPresent()) {
                    deadline = System.nanoTime() + timeout.toNanos();
                }
            }
            if (up.isPresent()) {
                try {
                    JsonNode ps = up.get().call(ControlClient.request("ps"));
                    Optional<String> url = ps.hasNonNull("url") ? Optional.of(ps.path("url").asText()) : Optional.empty();
                    List<String> failed = new ArrayList<>();
                    ps.path("failed").forEach(n -> failed.add(n.asText()));
                    if (!failed.isEmpty()) {
                        return new Result(Outcome.FAILED, url, failed, -1);
                    }
                    if (ps.path("ready").asBoolean()) {
                        return new Result(Outcome.READY, url, List.of(), -1);
                    }
                    if (System.nanoTime() > deadline) {
                        return new Result(Outcome.TIMED_OUT, url, List.of(), -1);
                    }
                } catch (IOException e) {
                    up = Optional.empty(); // stopping, or not quite listening: looked at again
                }
            }
            Thread.sleep(LOOK_EVERY.toMillis());
        }
    }

    /** The run's last {@code n} lines of output, for a run that ended or failed. */
    public List<String> lastLines(int n) {
        try {
            List<String> all = new String(Files.readAllBytes(log(space)), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
            return all.subList(Math.max(0, all.size() - n), all.size());
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Optional<String> setsid() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "setsid");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }
}
