package dev.spacedev.build;

import dev.spacedev.spacefile.Micro;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The package Space made of a micro with {@code include}: only those paths (plus installed
 * dependencies, which Space kept too), in a fresh directory the micro then runs from.
 */
final class Staging {
    private Staging() {}

    /** @return the first include path that does not exist, if any */
    static Optional<String> stage(Micro micro, Path stage) throws IOException {
        deleteTree(stage);
        Files.createDirectories(stage);
        Path src = micro.srcDir();
        for (String include : micro.include()) {
            Path from = src.resolve(include).normalize();
            if (!from.startsWith(src) || !Files.exists(from)) {
                return Optional.of(include);
            }
            copyTree(from, stage.resolve(src.relativize(from).toString()));
        }
        Path modules = src.resolve("node_modules");
        if (Files.isDirectory(modules) && !Files.exists(stage.resolve("node_modules"))) {
            Files.createSymbolicLink(stage.resolve("node_modules"), modules);
        }
        return Optional.empty();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            return;
        }
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
