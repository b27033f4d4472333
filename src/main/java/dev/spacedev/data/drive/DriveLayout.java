package dev.spacedev.data.drive;

import dev.spacedev.files.OwnerOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves a Drive store from the layout before blobs, where a file lived at
 * {@code drives/<drive>/<name>} (so {@code a} and {@code a/b} could not both exist), to one blob
 * per file. Runs when a store is opened; a store already moved is left as it is.
 */
public final class DriveLayout {
    public static final String BLOBS = "blobs";
    private static final String OLD = "drives";

    private DriveLayout() {}

    public static void migrate(Connection db, Path root) throws SQLException, IOException {
        if (!hasBlobColumn(db)) {
            try (Statement s = db.createStatement()) {
                s.execute("ALTER TABLE files ADD COLUMN blob TEXT");
            }
        }
        List<String[]> unmoved = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT drive, name FROM files WHERE blob IS NULL")) {
            while (rs.next()) {
                unmoved.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        OwnerOnly.directory(root.resolve(BLOBS));
        for (String[] f : unmoved) {
            Path old = root.resolve(OLD).resolve(f[0]).resolve(f[1]);
            String id = DriveStore.newId();
            boolean there = Files.isRegularFile(old);
            if (there) {
                Files.move(old, root.resolve(BLOBS).resolve(id), StandardCopyOption.ATOMIC_MOVE);
            }
            try (PreparedStatement q = db.prepareStatement(there ? "UPDATE files SET blob = ? WHERE drive = ? AND name = ?"
                    : "DELETE FROM files WHERE ? IS NOT NULL AND drive = ? AND name = ?")) {
                q.setString(1, id);
                q.setString(2, f[0]);
                q.setString(3, f[1]);
                q.executeUpdate();
            }
        }
        FileDriveStore.deleteTree(root.resolve(OLD)); // only emptied folders (and files no row named) were left
    }

    private static boolean hasBlobColumn(Connection db) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("PRAGMA table_info(files)")) {
            while (rs.next()) {
                if (rs.getString("name").equals("blob")) {
                    return true;
                }
            }
        }
        return false;
    }
}
