package dev.spacedev.build;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code space push} left out of an upload, hence out of what Space built: its default list (version
 * control, dependencies, build output, virtualenvs, local env files, editor files), then the project's own
 * {@code .spaceignore}, in gitignore's syntax (a name matches at any depth, a path with a slash from the
 * project's root, a trailing slash only folders, {@code !} takes a path back; the last rule that matches wins).
 */
final class SpaceIgnore {
    /** The list Deta's CLI applied to every push. */
    static final List<String> DEFAULTS = List.of(".space", ".spaceignore", ".hg", ".git", ".gitmodules", ".gitignore", ".svn", "build",
            "dist", ".next", ".nuxt", ".svelte-kit", ".astro", "node_modules", ".npmignore", ".cache", ".yarn", "npm-debug.log*",
            "yarn-debug.log*", "yarn-error.log*", "lerna-debug.log*", ".pnpm-debug.log*", ".venv", "venv", "virtualenv", "__pycache__",
            "target", "*.lcov", ".nyc_output", ".coverage", ".coverage.*", ".dockerignore", ".env.local", ".env.*.local", ".env", ".envrc",
            ".*.swp", ".vscode", ".history", ".DS_Store", ".lock-wscript", "config.gypi", "CVS");

    private record Rule(PathMatcher matcher, boolean negated, boolean dirOnly, boolean anchored) {}

    private final List<Rule> rules;

    private SpaceIgnore(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The defaults, then {@code projectDir/.spaceignore} if there is one. */
    static SpaceIgnore of(Path projectDir) throws IOException {
        List<String> lines = new ArrayList<>(DEFAULTS);
        Path own = projectDir.resolve(".spaceignore");
        if (Files.isRegularFile(own)) {
            lines.addAll(Files.readAllLines(own));
        }
        return parse(lines);
    }

    static SpaceIgnore parse(List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean negated = line.startsWith("!");
            if (negated) {
                line = line.substring(1);
            }
            boolean dirOnly = line.endsWith("/");
            line = line.replaceAll("/+$", "");
            boolean anchored = line.contains("/");
            line = line.replaceAll("^/+", "");
            if (line.isEmpty()) {
                continue;
            }
            try {
                rules.add(new Rule(FileSystems.getDefault().getPathMatcher("glob:" + line), negated, dirOnly, anchored));
            } catch (IllegalArgumentException e) {
                // a line of a cloned repository's .spaceignore that is no glob ("[", "a{b"): it leaves nothing out
            }
        }
        return new SpaceIgnore(rules);
    }

    /** @param relative a path from the project's root */
    boolean ignores(Path relative, boolean directory) {
        boolean ignored = false;
        Path name = relative.getFileName();
        for (Rule r : rules) {
            if (r.dirOnly() && !directory) {
                continue;
            }
            if (r.matcher().matches(r.anchored() ? relative : name)) {
                ignored = !r.negated();
            }
        }
        return ignored;
    }
}
