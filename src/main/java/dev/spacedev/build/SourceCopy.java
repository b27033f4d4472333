package dev.spacedev.build;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * The project as {@code space push} sent it (what {@link SpaceIgnore} lets through), kept in step under
 * {@code .space/build/upload}: builds install and write there, never in the user's folders. Files are copied
 * when their size or time differ; what the project no longer has is deleted, but for installed dependencies
 * ({@code node_modules} at any depth), which the next install reuses.
 */
final class SourceCopy {
    static final Set<String> KEPT = Set.of("node_modules");

    private SourceCopy() {}

    static void sync(Path src, Path copy, SpaceIgnore ignore) throws IOException {
        Files.createDirectories(copy);
        Set<Path> present = new HashSet<>();
        Files.walkFileTree(src, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(src) && ignore.ignores(src.relativize(dir), true)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Path relative = src.relativize(dir);
                present.add(relative);
                Files.createDirectories(copy.resolve(relative.toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (ignore.ignores(src.relativize(file), false)) {
                    return FileVisitResult.CONTINUE;
                }
                Path relative = src.relativize(file);
                present.add(relative);
                Path target = copy.resolve(relative.toString());
                if (attrs.isSymbolicLink() || !sameFile(attrs, target)) {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES,
                            LinkOption.NOFOLLOW_LINKS);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // gone meanwhile, or unreadable: Space would not have had it either
            }
        });
        Files.walkFileTree(copy, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                Path relative = copy.relativize(dir);
                return dir.equals(copy) || present.contains(relative) ? FileVisitResult.CONTINUE
                        : KEPT.contains(dir.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!present.contains(copy.relativize(file))) {
                    Files.delete(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (!dir.equals(copy) && !present.contains(copy.relativize(dir))) {
                    Files.delete(dir);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static boolean sameFile(BasicFileAttributes source, Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        BasicFileAttributes copied = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return copied.isRegularFile() && copied.size() == source.size() && copied.lastModifiedTime().equals(source.lastModifiedTime());
    }
}
