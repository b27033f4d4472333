package dev.spacedev.cli;

import dev.spacedev.spacefile.Spacefile;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --dir}: the app's directory, shared by every command that reads a Spacefile. */
public final class ProjectDirOption {
    @Option(names = {"-C", "--dir"}, paramLabel = "DIR", defaultValue = ".",
            description = "The app's directory, holding its Spacefile (default: the current directory).")
    Path dir;

    /** The directory as given (default: the current one), for {@code new}, which writes a Spacefile there. */
    public Path given() {
        return dir;
    }

    /**
     * The app's directory: the one given, or, when none was and this folder has no Spacefile, the nearest folder
     * above that has one (as docker compose looks for its file), so space-dev works from inside an app's subfolder.
     */
    public Path dir() {
        if (dir.equals(Path.of(".")) && !java.nio.file.Files.exists(dir.resolve(Spacefile.FILE_NAME))) {
            for (Path up = dir.toAbsolutePath().normalize().getParent(); up != null; up = up.getParent()) {
                if (java.nio.file.Files.isRegularFile(up.resolve(Spacefile.FILE_NAME))) {
                    return up;
                }
            }
        }
        return dir;
    }

    /**
     * Loads and validates the Spacefile, printing its problems (warnings too) to {@code err}; empty
     * when it is invalid.
     */
    public java.util.Optional<Spacefile> load(java.io.PrintWriter err) {
        Path file = spacefile();
        if (!java.nio.file.Files.exists(file)) {
            err.println("space-dev: no Spacefile in " + dir().toAbsolutePath().normalize() + (dir.equals(Path.of(".")) ? " or any folder above it"
                    : "") + "; space-dev new writes one for the micros it finds there");
            err.flush();
            return java.util.Optional.empty();
        }
        dev.spacedev.spacefile.LoadResult result = dev.spacedev.spacefile.SpacefileLoader.load(file);
        result.problems().forEach(p -> err.println(p.format(file.toString())));
        if (!result.isValid()) {
            err.println(file + " is not valid; fix it and try again (space-dev validate checks it alone)");
        }
        err.flush();
        return result.spacefile();
    }

    /**
     * Whether every name given on the command line is a micro of the app; if not, says which are
     * not and what the micros are.
     */
    public boolean knowsMicros(Spacefile app, java.util.Collection<String> names, java.io.PrintWriter err) {
        java.util.Set<String> unknown = new java.util.TreeSet<>(names);
        app.micros().forEach(m -> unknown.remove(m.name()));
        if (unknown.isEmpty()) {
            return true;
        }
        err.println("space-dev: no micro named " + String.join(", ", unknown) + " in " + spacefile() + "; its micros are "
                + String.join(", ", app.micros().stream().map(dev.spacedev.spacefile.Micro::name).toList()));
        return false;
    }

    /** The Spacefile path as the user would write it: {@code Spacefile}, or {@code examples/app/Spacefile}. */
    public Path spacefile() {
        return dir().resolve(Spacefile.FILE_NAME).normalize();
    }
}
