package dev.spacedev.spacefile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a folder a Spacefile names ({@code src}, {@code serve}) stays inside the project: as
 * written ({@code ../../etc} does not) and, once it exists, where its symbolic links lead (a
 * committed link to {@code /etc} does not either). Checked by {@code validate} and again when a
 * micro is started, since a build or a checkout may have made the folder meanwhile.
 */
public final class ProjectPaths {
    private ProjectPaths() {}

    public static boolean inside(Path projectDir, Path dir) {
        Path project = projectDir.toAbsolutePath().normalize();
        Path candidate = dir.toAbsolutePath().normalize();
        if (!candidate.startsWith(project)) {
            return false;
        }
        if (!Files.exists(candidate)) {
            return true;
        }
        try {
            return candidate.toRealPath().startsWith(project.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    /** The folder a static micro serves ({@code serve}, relative to its {@code src}), refused outside the project. */
    public static Path served(Micro m, Path projectDir, String serve) {
        Path dir = m.srcDir().resolve(serve).normalize();
        if (Path.of(serve).isAbsolute() || !inside(projectDir, dir)) {
            throw new IllegalArgumentException("micro " + m.name() + ": serve \"" + serve + "\" points outside the project directory;"
                    + " space-dev serves only folders inside it");
        }
        return dir;
    }
}
