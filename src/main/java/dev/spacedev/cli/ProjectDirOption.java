package dev.spacedev.cli;

import dev.spacedev.spacefile.Spacefile;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --dir}: the app's directory, shared by every command that reads a Spacefile. */
public final class ProjectDirOption {
    @Option(names = {"-C", "--dir"}, paramLabel = "DIR", defaultValue = ".",
            description = "The app's directory, holding its Spacefile (default: the current directory).")
    Path dir;

    public Path dir() {
        return dir;
    }

    /**
     * Loads and validates the Spacefile, printing its problems (warnings too) to {@code err}; empty
     * when it is invalid.
     */
    public java.util.Optional<Spacefile> load(java.io.PrintWriter err) {
        Path file = spacefile();
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
        return dir.resolve(Spacefile.FILE_NAME).normalize();
    }
}
