package dev.spacedev.data;

import dev.spacedev.data.drive.DriveLayout;
import dev.spacedev.data.sqlite.SqliteFiles;
import dev.spacedev.files.OwnerOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * An app's data folder ({@code .space/data}) replaced as a whole: a staged copy is made beside it
 * (the databases copied by SQLite itself, Drive's blobs hard-linked: they are never written in
 * place, only replaced by a new blob), changed, then moved in by two renames. A crash between the
 * two leaves {@code data.old}, which {@link #recover} puts back on the next open.
 */
public final class DataDir {
    private DataDir() {}

    public static Path stage(Path data) throws IOException, SQLException {
        recover(data);
        Path staging = data.resolveSibling(data.getFileName() + ".import");
        discard(staging);
        OwnerOnly.directory(staging);
        for (String db : new String[] {"base.db", "drive.db"}) {
            if (Files.isRegularFile(data.resolve(db))) {
                copyDatabase(data.resolve(db), staging.resolve(db));
            }
        }
        for (String tree : new String[] {"drives", DriveLayout.BLOBS, "uploads"}) {
            if (Files.isDirectory(data.resolve(tree))) {
                linkTree(data.resolve(tree), staging.resolve(tree));
            }
        }
        return staging;
    }

    public static void swapIn(Path staging, Path data) throws IOException {
        Path old = data.resolveSibling(data.getFileName() + ".old");
        discard(old);
        if (Files.exists(data)) {
            Files.move(data, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(staging, data, StandardCopyOption.ATOMIC_MOVE);
        discard(old);
    }

    /** An interrupted swap: the old data goes back where it was. */
    public static void recover(Path data) throws IOException {
        Path old = data.resolveSibling(data.getFileName() + ".old");
        if (!Files.exists(data) && Files.isDirectory(old)) {
            Files.move(old, data, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    public static void discard(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** SQLite's own copy: consistent whatever its WAL holds. */
    private static void copyDatabase(Path from, Path to) throws SQLException, IOException {
        try (Connection db = SqliteFiles.connect(from);
             PreparedStatement q = db.prepareStatement("VACUUM INTO ?")) {
            q.setString(1, to.toString());
            q.executeUpdate();
        }
        OwnerOnly.file(to);
    }

    private static void linkTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    OwnerOnly.directory(target);
                } else {
                    try {
                        Files.createLink(target, p);
                    } catch (UnsupportedOperationException | IOException e) {
                        Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        }
    }
}
