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

    /** The Spacefile path as the user would write it: {@code Spacefile}, or {@code examples/app/Spacefile}. */
    public Path spacefile() {
        return dir.resolve(Spacefile.FILE_NAME).normalize();
    }
}
