package dev.spacedev.data.drive;

import dev.spacedev.data.sqlite.SqliteFiles;
import dev.spacedev.files.OwnerOnly;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Drive's files. A drive's names are a flat namespace, as on Deta ({@code a} and {@code a/b}
 * coexist), so a file's bytes are not stored under its name: each is a blob with a random id in
 * {@code .space/data/blobs/}, written to a temporary file and moved into place atomically, so a
 * reader or a crash never sees half a file; names, content types and blob ids are in SQLite
 * ({@code drive.db}) for ordered listing. Chunked uploads keep their parts under
 * {@code .space/data/uploads/<id>/} until completed or aborted. Stores from before blobs (files
 * under {@code drives/<drive>/<name>}) are moved over when opened ({@link DriveLayout}).
 */
public final class FileDriveStore implements DriveStore {
    private final Path root;
    private final Connection db;

    public FileDriveStore(Path dataDir) throws IOException {
        this.root = dataDir;
        try {
            OwnerOnly.directory(root);
            OwnerOnly.directory(root.resolve(DriveLayout.BLOBS));
            OwnerOnly.directory(root.resolve("uploads"));
            OwnerOnly.directory(root.resolve("tmp"));
            SqliteFiles.ownerOnly(root.resolve("drive.db"));
            db = SqliteFiles.connect(root.resolve("drive.db"));
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("CREATE TABLE IF NOT EXISTS files (drive TEXT NOT NULL, name TEXT NOT NULL, content_type TEXT NOT NULL,"
                        + " size INTEGER NOT NULL, blob TEXT, PRIMARY KEY (drive, name)) WITHOUT ROWID");
                s.execute("CREATE TABLE IF NOT EXISTS uploads (id TEXT PRIMARY KEY, drive TEXT NOT NULL, name TEXT NOT NULL,"
                        + " content_type TEXT NOT NULL)");
            }
            DriveLayout.migrate(db, root);
        } catch (SQLException e) {
            throw new IOException("cannot open the drive store (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public synchronized void put(String drive, String name, byte[] content, String contentType) throws IOException, SQLException {
        Path tmp = Files.createTempFile(root.resolve("tmp"), "put", ".part");
        Files.write(tmp, content);
        commit(drive, name, tmp, contentType);
    }

    /** The same from a stream: the file is written as it comes, never held in memory. */
    @Override
    public synchronized void put(String drive, String name, java.io.InputStream content, String contentType) throws IOException, SQLException {
        Path tmp = Files.createTempFile(root.resolve("tmp"), "put", ".part");
        try {
            Files.copy(content, tmp, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        commit(drive, name, tmp, contentType);
    }

    @Override
    public synchronized String startUpload(String drive, String name, String contentType) throws IOException, SQLException {
        String id = DriveStore.newId();
        OwnerOnly.directory(root.resolve("uploads").resolve(id));
        try (PreparedStatement q = db.prepareStatement("INSERT INTO uploads VALUES (?, ?, ?, ?)")) {
            q.setString(1, id);
            q.setString(2, drive);
            q.setString(3, name);
            q.setString(4, contentType);
            q.executeUpdate();
        }
        return id;
    }

    /** @return false when there is no such upload */
    @Override
    public synchronized boolean putPart(String uploadId, int part, byte[] content) throws IOException, SQLException {
        if (!DriveStore.isUploadId(uploadId) || upload(uploadId).isEmpty()) {
            return false;
        }
        Path dir = root.resolve("uploads").resolve(uploadId);
        Path tmp = Files.createTempFile(dir, "part", ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, dir.resolve(String.format("%06d", part)), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    /** Joins the parts in order into the file; false when there is no such upload. */
    @Override
    public synchronized boolean completeUpload(String uploadId) throws IOException, SQLException {
        Optional<String[]> upload = DriveStore.isUploadId(uploadId) ? upload(uploadId) : Optional.empty();
        if (upload.isEmpty()) {
            return false;
        }
        Path dir = root.resolve("uploads").resolve(uploadId);
        Path tmp = Files.createTempFile(root.resolve("tmp"), "upload", ".part");
        try (OutputStream out = Files.newOutputStream(tmp); Stream<Path> parts = Files.list(dir)) {
            for (Path part : parts.filter(p -> !p.getFileName().toString().endsWith(".tmp")).sorted().toList()) {
                Files.copy(part, out);
            }
        }
        commit(upload.get()[0], upload.get()[1], tmp, upload.get()[2]);
        abortUpload(uploadId);
        return true;
    }

    @Override
    public synchronized void abortUpload(String uploadId) throws IOException, SQLException {
        if (!DriveStore.isUploadId(uploadId)) {
            return; // never a path: "..", "/" or anything else cannot name a folder to delete
        }
        deleteTree(root.resolve("uploads").resolve(uploadId));
        try (PreparedStatement q = db.prepareStatement("DELETE FROM uploads WHERE id = ?")) {
            q.setString(1, uploadId);
            q.executeUpdate();
        }
    }

    @Override
    public synchronized Optional<StoredFile> get(String drive, String name) throws IOException, SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT content_type, blob FROM files WHERE drive = ? AND name = ?")) {
            q.setString(1, drive);
            q.setString(2, name);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Path file = blob(rs.getString(2));
                return Files.isRegularFile(file) ? Optional.of(new StoredFile(dev.spacedev.net.Content.of(file), rs.getString(1))) : Optional.empty();
            }
        }
    }

    /**
     * A page of a drive's names under {@code prefix}, in name order, after {@code last}. Not
     * {@code recursive}: the names below the prefix's next "/" are one entry, {@code dir/}, and the
     * page is over those entries (a {@code last} of {@code dir/} goes on after all of them).
     */
    @Override
    public synchronized Listing list(String drive, String prefix, int limit, Optional<String> last, boolean recursive)
            throws SQLException {
        Optional<String> after = DriveStore.resumeAfter(last, recursive);
        String sql = "SELECT name FROM files WHERE drive = ? AND substr(name, 1, ?) = ?"
                + (after.isPresent() ? (last.get().equals(after.get()) ? " AND name > ?" : " AND name >= ?") : "") + " ORDER BY name";
        try (PreparedStatement q = db.prepareStatement(sql + (recursive ? " LIMIT " + (limit + 1) : ""))) {
            int i = 1;
            q.setString(i++, drive);
            q.setInt(i++, prefix.length());
            q.setString(i++, prefix);
            if (after.isPresent()) {
                q.setString(i, after.get());
            }
            try (ResultSet rs = q.executeQuery()) {
                return DriveStore.page(rs, prefix, limit, recursive);
            }
        }
    }

    /** The names of the drives that hold files. */
    @Override
    public synchronized List<String> drives() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT DISTINCT drive FROM files ORDER BY drive")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** Names that never existed count as deleted, as on Deta. */
    @Override
    public synchronized void delete(String drive, String name) throws IOException, SQLException {
        Optional<String> old = blobOf(drive, name);
        try (PreparedStatement q = db.prepareStatement("DELETE FROM files WHERE drive = ? AND name = ?")) {
            q.setString(1, drive);
            q.setString(2, name);
            q.executeUpdate();
        }
        if (old.isPresent()) {
            Files.deleteIfExists(blob(old.get()));
        }
    }

    private void commit(String drive, String name, Path tmp, String contentType) throws IOException, SQLException {
        String id = DriveStore.newId();
        Path file = blob(id);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true); // the bytes are on disk before the name points at them
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        Optional<String> old = blobOf(drive, name);
        try (PreparedStatement q = db.prepareStatement("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)")) {
            q.setString(1, drive);
            q.setString(2, name);
            q.setString(3, contentType);
            q.setLong(4, Files.size(file));
            q.setString(5, id);
            q.executeUpdate();
        }
        if (old.isPresent()) {
            Files.deleteIfExists(blob(old.get())); // the replaced bytes, once nothing points at them
        }
    }

    private Optional<String> blobOf(String drive, String name) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT blob FROM files WHERE drive = ? AND name = ?")) {
            q.setString(1, drive);
            q.setString(2, name);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** A blob id is ours (random hex), never a name a client gave. */
    private Path blob(String id) {
        return root.resolve(DriveLayout.BLOBS).resolve(id);
    }

    private Optional<String[]> upload(String id) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT drive, name, content_type FROM uploads WHERE id = ?")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}) : Optional.empty();
            }
        }
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        db.close();
    }
}
