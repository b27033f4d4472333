package dev.spacedev.cli;

import dev.spacedev.detect.Detector;
import dev.spacedev.detect.SpacefileWriter;
import dev.spacedev.spacefile.LoadResult;
import dev.spacedev.spacefile.Spacefile;
import dev.spacedev.spacefile.SpacefileLoader;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code space-dev new}: detects the micros of a project and writes its Spacefile. */
@Command(name = "new", mixinStandardHelpOptions = true,
        description = "Detect the project's micros (Python, Node frameworks, Go, Rust, Deno, static) and write a Spacefile.")
public final class NewCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProjectDirOption project;

    @Option(names = {"-y", "--yes"}, description = "Write without asking (also the case without a terminal).")
    boolean yes;

    @Option(names = "--micro", paramLabel = "NAME", description = "Keep only these of the micros found (a Spacefile holds at most 5).")
    List<String> only = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Path dir = project.given();
        if (!Files.isDirectory(dir)) {
            err.println("space-dev: " + dir + " is not a directory");
            return ExitCodes.USAGE;
        }
        Path target = dir.resolve(dev.spacedev.spacefile.Spacefile.FILE_NAME).normalize();
        if (Files.exists(target)) {
            err.println("space-dev: " + target + " exists already; new never overwrites it (edit it, or move it away to start again)");
            return ExitCodes.FAILURE;
        }
        Detector.Scan scan = Detector.scan(dir);
        if (scan.micros().isEmpty()) {
            err.println("space-dev: found no micro in " + dir + ". Looked for:");
            scan.lookedFor().forEach((where, what) -> err.println("  " + where + ": " + what));
            return ExitCodes.FAILURE;
        }
        List<Detector.Found> chosen = scan.micros();
        if (!only.isEmpty()) {
            Set<String> unknown = new TreeSet<>(only);
            chosen.forEach(f -> unknown.remove(f.name()));
            if (!unknown.isEmpty()) {
                err.println("space-dev: --micro " + String.join(", ", unknown) + " was not found; found: " + names(chosen));
                return ExitCodes.USAGE;
            }
            chosen = chosen.stream().filter(f -> only.contains(f.name())).toList();
        }
        if (chosen.size() > Spacefile.MAX_MICROS) {
            err.println("space-dev: found " + chosen.size() + " micros, and a Spacefile holds at most " + Spacefile.MAX_MICROS + ": "
                    + names(chosen) + ". Pick up to five with --micro NAME.");
            return ExitCodes.FAILURE;
        }
        err.println("Found " + chosen.size() + (chosen.size() == 1 ? " micro:" : " micros:"));
        chosen.forEach(f -> err.println("  " + f.name() + "  " + f.detection().engine() + "  " + f.src() + "  (" + f.detection().evidence() + ")"));
        String yaml = SpacefileWriter.write(chosen);
        if (!yes && !confirm(err, yaml, target)) {
            err.println("Nothing written.");
            return ExitCodes.FAILURE;
        }
        try {
            Files.writeString(target, yaml, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            err.println("space-dev: " + target + " appeared meanwhile; it was left as it is");
            return ExitCodes.FAILURE;
        }
        if (dev.spacedev.files.SpaceDir.ignoreInGit(dir)) {
            err.println("Added .space/ to " + dir.resolve(".gitignore").normalize() + " (space-dev's keys and sessions are never committed).");
        }
        LoadResult check = SpacefileLoader.load(target);
        check.problems().forEach(p -> err.println(p.format(target.toString())));
        err.println("Wrote " + target + ". Next: space-dev up" + (dir.equals(Path.of(".")) ? "" : " --dir " + dir));
        err.flush();
        PrintWriter out = spec.commandLine().getOut();
        out.println(target);
        out.flush();
        return check.isValid() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /** On a terminal, shows the file and asks; without one (CI, pipes) there is no one to ask. */
    private static boolean confirm(PrintWriter err, String yaml, Path target) {
        Console console = System.console();
        if (console == null) {
            return true;
        }
        err.println();
        err.print(yaml);
        err.flush();
        String answer = console.readLine("Write %s? [Y/n] ", target);
        return answer != null && (answer.isBlank() || answer.strip().toLowerCase(Locale.ROOT).startsWith("y"));
    }

    private static String names(List<Detector.Found> found) {
        return found.stream().map(f -> f.name() + " (" + f.src() + ")").collect(Collectors.joining(", "));
    }
}
