package dev.spacedev.app;

import dev.spacedev.process.Hints;
import dev.spacedev.spacefile.Micro;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * What really runs a micro (the engine says Space's {@code python3.9}; this machine's python3 may be 3.11): each
 * tool asked for its version once, on a thread of its own, and shown once known.
 */
final class ToolVersions {
    private final Map<String, CompletableFuture<Optional<String>>> asked = new ConcurrentHashMap<>();
    private final Executor background = task -> {
        Thread t = new Thread(task, "tool-versions");
        t.setDaemon(true);
        t.start();
    };

    /** "Python 3.11.7", "Node v20.11.0"; empty for static and custom micros, and until the answer is in. */
    Optional<String> of(Micro m) {
        String engine = m.engine().wireName();
        if (engine.equals("static") || engine.equals("custom")) {
            return Optional.empty();
        }
        String tool = engine.startsWith("python") ? Hints.virtualenv(m.srcDir()).map(v -> v.resolve("bin/python3").toString()).orElse("python3")
                : "node";
        return asked.computeIfAbsent(tool, t -> CompletableFuture.supplyAsync(() -> ask(t), background)).getNow(Optional.empty());
    }

    private static Optional<String> ask(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(tool.endsWith("node") ? "Node " + out : out);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
