package dev.spacedev.detect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the micros of a project as Space's CLI did: the directory itself first, and only if
 * nothing there matches, each immediate subdirectory (not node_modules, .git, virtualenvs or
 * dot-directories). Per directory the first stack that matches wins.
 */
public final class Detector {
    /** A micro found: its name, its directory relative to the project ("./" or "./api"), and what it is. */
    public record Found(String name, String src, Detection detection) {}

    /** What was found, and, for a report when nothing was, what was looked for where. */
    public record Scan(List<Found> micros, Map<String, String> lookedFor) {}

    private static final Set<String> SKIPPED = Set.of("node_modules", "venv", "env", "__pycache__", "target", "dist", "build");

    private Detector() {}

    public static Scan scan(Path root) throws IOException {
        Map<String, String> lookedFor = new LinkedHashMap<>();
        String everything = String.join("; ", Stacks.ALL.stream().map(s -> s.name() + ": " + s.lookedFor()).toList());
        Optional<Detection> atRoot = detect(root);
        lookedFor.put("./", everything);
        Set<String> names = new HashSet<>();
        if (atRoot.isPresent()) {
            return new Scan(List.of(new Found(unique(nameOf(root), names), "./", atRoot.get())), lookedFor);
        }
        List<Found> found = new ArrayList<>();
        for (Path dir : subdirectories(root)) {
            String src = "./" + dir.getFileName();
            lookedFor.put(src, everything);
            Optional<Detection> d = detect(dir);
            if (d.isPresent()) {
                found.add(new Found(unique(nameOf(dir), names), src, d.get()));
            }
        }
        return new Scan(found, lookedFor);
    }

    static Optional<Detection> detect(Path dir) {
        for (Stacks.Stack stack : Stacks.ALL) {
            Optional<Detection> d = stack.detector().apply(dir);
            if (d.isPresent()) {
                return d;
            }
        }
        return Optional.empty();
    }

    private static List<Path> subdirectories(Path root) throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory)
                    .filter(d -> !d.getFileName().toString().startsWith("."))
                    .filter(d -> !SKIPPED.contains(d.getFileName().toString()))
                    .filter(d -> !Files.isRegularFile(d.resolve("pyvenv.cfg"))) // a virtualenv by any name
                    .sorted()
                    .toList();
        }
    }

    /** A Spacefile micro name: non-alphanumerics become "-", and it starts with a letter or digit. */
    static String nameOf(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        String base = abs.getFileName() == null ? "app" : abs.getFileName().toString();
        String name = base.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return name.isEmpty() ? "app" : name;
    }

    private static String unique(String name, Set<String> taken) {
        String candidate = name;
        for (int i = 2; !taken.add(candidate); i++) {
            candidate = name + "-" + i;
        }
        return candidate;
    }
}
