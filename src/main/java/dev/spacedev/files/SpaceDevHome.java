package dev.spacedev.files;

import java.nio.file.Path;

/** space-dev's folder for this user: {@code ~/.space-dev}, or {@code $SPACE_DEV_HOME}. */
public final class SpaceDevHome {
    private SpaceDevHome() {}

    public static Path path() {
        String override = System.getenv("SPACE_DEV_HOME");
        return override != null && !override.isBlank() ? Path.of(override) : Path.of(System.getProperty("user.home"), ".space-dev");
    }
}
