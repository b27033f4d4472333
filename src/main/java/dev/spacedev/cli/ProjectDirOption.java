package dev.spacedev.cli;

import dev.spacedev.spacefile.Spacefile;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --dir}: the app's directory, shared by every command that reads a Spacefile. */
public final class ProjectDirOption {
    @Option(names = {"-d", "--dir"}, paramLabel = "DIR", defaultValue = ".",
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

    /** The Spacefile path as the user would write it: {@code Spacefile}, or {@code examples/app/Spacefile}. */
    public Path spacefile() {
        return dir.resolve(Spacefile.FILE_NAME).normalize();
    }
}
