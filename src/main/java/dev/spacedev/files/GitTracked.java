package dev.spacedev.files;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Whether git tracks a path (a file of the project's runtime state committed to its repository). */
public final class GitTracked {
    private GitTracked() {}

    /** True if {@code path} is in git's index; false when it is not, or there is no git or no repository. */
    public static boolean isTracked(Path path) {
        Path dir = path.toAbsolutePath().getParent();
        try {
            Process git = new ProcessBuilder("git", "-C", dir.toString(), "ls-files", "--error-unmatch", "--",
                    path.getFileName().toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!git.waitFor(5, TimeUnit.SECONDS)) {
                git.destroyForcibly();
                return false;
            }
            return git.exitValue() == 0;
        } catch (IOException e) {
            return false; // no git here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
