package dev.spacedev.spacefile;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A validated Spacefile: exactly one primary micro, unique names and paths. */
public record Spacefile(
        Path file,
        int version,
        Optional<String> icon,
        Optional<String> appName,
        boolean autoPwa,
        List<Micro> micros) {

    public static final String FILE_NAME = "Spacefile";
    public static final int MAX_MICROS = 5;

    public Spacefile {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(icon, "icon");
        Objects.requireNonNull(appName, "appName");
        micros = List.copyOf(micros);
        if (micros.stream().filter(Micro::primary).count() != 1) {
            throw new IllegalArgumentException("a Spacefile has exactly one primary micro");
        }
    }

    /** The directory holding the Spacefile; micro sources are relative to it. */
    public Path projectDir() {
        return file.toAbsolutePath().getParent();
    }

    public Micro primary() {
        return micros.stream().filter(Micro::primary).findFirst().orElseThrow();
    }

    public Optional<Micro> micro(String name) {
        return micros.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
