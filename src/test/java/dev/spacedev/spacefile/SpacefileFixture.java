package dev.spacedev.spacefile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A temp project with micro directories {@code web}, {@code api} and {@code svc}, to write Spacefiles into. */
final class SpacefileFixture {
    final Path project;

    SpacefileFixture(Path project) {
        this.project = project;
        try {
            for (String dir : List.of("web", "api", "svc")) {
                Files.createDirectories(project.resolve(dir));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    LoadResult load(String yaml) {
        try {
            Path file = project.resolve("Spacefile");
            Files.writeString(file, yaml);
            return SpacefileLoader.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every problem as the CLI prints it. */
    List<String> problems(String yaml) {
        return load(yaml).problems().stream().map(p -> p.format("Spacefile")).toList();
    }

    Spacefile valid(String yaml) {
        LoadResult result = load(yaml);
        return result.spacefile().orElseThrow(() -> new AssertionError("expected valid, got " + result.problems()));
    }
}
