package dev.spacedev.app;

import dev.spacedev.process.Hints;
import dev.spacedev.process.LaunchPlan;
import dev.spacedev.spacefile.Micro;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code up} checks before a micro starts in dev mode, each in one line with the command that fixes it: the
 * tool its command runs is on PATH (or in its virtualenv), a package.json's dependencies are installed, and a
 * requirements.txt's packages are importable by the Python that will run it. A problem does not stop the start:
 * the micro's own output then says the rest.
 */
public final class Preflight {
    /** One problem of one micro. */
    public record Problem(String micro, String text) {}

    private static final Set<String> SHELL_WORDS = Set.of("exec", "env", "cd", "export", "source", ".", "[", "test", "if", "true", "sh",
            "bash", "nohup", "time");
    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*");
    private static final Pattern REQUIREMENT = Pattern.compile("^\\s*([A-Za-z0-9][A-Za-z0-9._-]*)");
    /** Prints the names it is given that no installed distribution has. */
    private static final String MISSING_DISTRIBUTIONS = "import sys, importlib.metadata as m\n"
            + "for n in sys.argv[1:]:\n"
            + "    try: m.distribution(n)\n"
            + "    except Exception: print(n)\n";

    private Preflight() {}

    /** The quick checks (files and PATH only), for a micro about to run {@code plan}. */
    public static List<Problem> quick(Micro m, LaunchPlan plan, Map<String, String> env) {
        List<Problem> found = new ArrayList<>();
        Path src = m.srcDir();
        plan.command().flatMap(Preflight::tool).ifPresent(tool -> {
            if (tool.contains("/")) {
                if (!Files.isRegularFile(src.resolve(tool))) {
                    found.add(new Problem(m.name(), tool + " does not exist in " + src.getFileName() + (plan.origin().equals("run")
                            ? ": it is what a build makes (Space built it first): use --prod, or add a dev command" : "")));
                }
            } else if (!onPath(tool, env, plan.binDir())) {
                found.add(new Problem(m.name(), dev.spacedev.process.Hints.forCommand(tool, src)
                        .orElse(tool + " is not on PATH: install it, or change the micro's dev command")));
            }
        });
        // node_modules first: the common case costs a stat, not a JSON parser on the start's path
        if (!nodeModulesFor(src) && Files.isRegularFile(src.resolve("package.json"))
                && dev.spacedev.build.Builder.hasDependencies(src.resolve("package.json"))) {
            found.add(new Problem(m.name(), "its package.json lists dependencies that are not installed: " + Hints.nodeInstall(src)));
        }
        return found;
    }

    /**
     * The packages a requirements.txt names that the micro's Python (its virtualenv's, else python3) does not have;
     * runs that Python once (some tens of milliseconds), so it is called off the start's path.
     */
    public static Optional<Problem> python(Micro m, Map<String, String> env) {
        Path requirements = m.srcDir().resolve("requirements.txt");
        if (!Files.isRegularFile(requirements)) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(requirements)) {
                Matcher r = REQUIREMENT.matcher(line);
                if (!line.strip().startsWith("-") && !line.contains("://") && r.find() && !r.group(1).equalsIgnoreCase("deta")) {
                    names.add(r.group(1));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        if (names.isEmpty()) {
            return Optional.empty();
        }
        Optional<Path> venv = Hints.virtualenv(m.srcDir());
        String python = venv.map(v -> v.resolve("bin/python3").toString()).orElse("python3");
        List<String> command = new ArrayList<>(List.of(python, "-c", MISSING_DISTRIBUTIONS));
        command.addAll(names);
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().clear();
            pb.environment().putAll(env);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0 || out.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Problem(m.name(), "requirements.txt names " + String.join(", ", out.lines().toList()) + ", which "
                    + (venv.isPresent() ? "its virtualenv (" + m.srcDir().relativize(venv.get()) + ")" : "python3 (no virtualenv in its folder)")
                    + " does not have: " + dev.spacedev.process.Hints.pythonInstall(m.srcDir())));
        } catch (IOException e) {
            return Optional.empty(); // no python3 at all: the quick check said so
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The program a shell command runs first: past variable assignments and exec/env; empty for a shell construct. */
    static Optional<String> tool(String command) {
        String first = command.strip().split("&&|\\|\\||;|\\|")[0];
        for (String word : first.strip().split("\\s+")) {
            if (ASSIGNMENT.matcher(word).matches() || word.equals("exec") || word.equals("env") || word.equals("nohup")) {
                continue;
            }
            return word.isEmpty() || SHELL_WORDS.contains(word) || word.contains("$") || word.startsWith("(") ? Optional.empty()
                    : Optional.of(word);
        }
        return Optional.empty();
    }

    private static boolean onPath(String tool, Map<String, String> env, Optional<Path> first) {
        List<String> dirs = new ArrayList<>();
        first.ifPresent(b -> dirs.add(b.toString()));
        dirs.addAll(List.of(env.getOrDefault("PATH", "").split(File.pathSeparator)));
        return dirs.stream().filter(d -> !d.isEmpty()).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    /** Node looks for node_modules in the folder and each one above it (workspaces install at the root). */
    private static boolean nodeModulesFor(Path src) {
        for (Path dir = src.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("node_modules"))) {
                return true;
            }
        }
        return false;
    }
}
