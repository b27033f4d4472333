package dev.spacedev.build;

import dev.spacedev.spacefile.Micro;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * A fingerprint of what a micro's build depends on: its files (not installed dependencies, not
 * space-dev's own directory) and its build settings. Taken after a successful build, it matches
 * the next time only if nothing was touched since, outputs included.
 */
final class BuildInputs {
    private static final Set<String> SKIPPED = Set.of(".space", ".git", "node_modules", "__pycache__", ".venv", "venv");

    private BuildInputs() {}

    static String fingerprint(Micro micro) throws IOException {
        MessageDigest digest = sha256();
        digest.update((micro.engine() + "\n" + micro.commands() + "\n" + micro.include() + "\n" + micro.serve() + "\n")
                .getBytes(StandardCharsets.UTF_8));
        Path root = micro.srcDir();
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root) && SKIPPED.contains(dir.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(null);
        byte[] buf = new byte[65536];
        for (Path f : files) {
            digest.update(root.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            try (InputStream in = Files.newInputStream(f)) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    digest.update(buf, 0, n);
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
