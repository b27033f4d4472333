package dev.spacedev.data.drive;

import dev.spacedev.database.Database;
import dev.spacedev.net.Content;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Drive's files in PostgreSQL: a file's row points at its content, chunks of at most
 * {@link #CHUNK} bytes under a random id ({@code drive_chunks}), each with its position, so a
 * download starts at any byte. Bytes are written and read a chunk at a time, never a whole file
 * in memory; a chunked upload's parts are joined by the database, not here. A new version of a
 * name is written whole before the name moves to it, in one transaction.
 */
public final class PgDriveStore implements DriveStore {
    static final int CHUNK = 256 * 1024;

    private final Database db;
    private final Clock clock;

    public PgDriveStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public void put(String drive, String name, byte[] content, String contentType) throws IOException, SQLException {
        put(drive, name, new java.io.ByteArrayInputStream(content), contentType);
    }

    @Override
    public void put(String drive, String name, InputStream content, String contentType) throws IOException, SQLException {
        String id = DriveStore.newId();
        db.<Void, IOException>transaction(c -> {
            long size = writeChunks(c, "INSERT INTO drive_chunks (content, position, data) VALUES (?, ?, ?)", List.of(id), true, content);
            point(c, drive, name, contentType, size, id);
            return null;
        });
    }

    /**
     * Writes {@code in} as rows of at most {@link #CHUNK} bytes; {@code sql} takes the {@code fixed} values, then each
     * chunk's position in bytes ({@code byPosition}) or its number, then its bytes. Returns the size.
     */
    private static long writeChunks(Connection c, String sql, List<Object> fixed, boolean byPosition, InputStream in)
            throws IOException, SQLException {
        long position = 0;
        int seq = 0;
        try (PreparedStatement q = c.prepareStatement(sql)) {
            byte[] buffer = new byte[CHUNK];
            int n;
            while ((n = in.readNBytes(buffer, 0, CHUNK)) > 0) {
                int i = 1;
                for (Object value : fixed) {
                    q.setObject(i++, value);
                }
                q.setLong(i++, byPosition ? position : seq);
                q.setBytes(i, n == CHUNK ? buffer : java.util.Arrays.copyOf(buffer, n));
                q.executeUpdate();
                position += n;
                seq++;
            }
        }
        return position;
    }

    /** Points {@code drive/name} at content {@code id}; the content it pointed at before is deleted. */
    private void point(Connection c, String drive, String name, String contentType, long size, String id) throws SQLException {
        String old = null;
        try (PreparedStatement q = c.prepareStatement("SELECT content FROM drive_files WHERE drive = ? AND name = ? FOR UPDATE")) {
            q.setString(1, drive);
            q.setString(2, name);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    old = rs.getString(1);
                }
            }
        }
        try (PreparedStatement q = c.prepareStatement("INSERT INTO drive_files (drive, name, content_type, size, content, modified)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (drive, name) DO UPDATE SET content_type = EXCLUDED.content_type,"
                + " size = EXCLUDED.size, content = EXCLUDED.content, modified = EXCLUDED.modified")) {
            q.setString(1, drive);
            q.setString(2, name);
            q.setString(3, contentType);
            q.setLong(4, size);
            q.setString(5, id);
            q.setLong(6, clock.instant().getEpochSecond());
            q.executeUpdate();
        }
        if (old != null) {
            dropContent(c, old);
        }
    }

    private static void dropContent(Connection c, String content) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("DELETE FROM drive_chunks WHERE content = ?")) {
            q.setString(1, content);
            q.executeUpdate();
        }
    }

    @Override
    public String startUpload(String drive, String name, String contentType) throws SQLException {
        String id = DriveStore.newId();
        db.withConnection(c -> {
            try (PreparedStatement q = c.prepareStatement("INSERT INTO drive_uploads (id, drive, name, content_type, started)"
                    + " VALUES (?, ?, ?, ?, ?)")) {
                q.setString(1, id);
                q.setString(2, drive);
                q.setString(3, name);
                q.setString(4, contentType);
                q.setLong(5, clock.instant().getEpochSecond());
                q.executeUpdate();
            }
            return null;
        });
        return id;
    }

    @Override
    public boolean putPart(String uploadId, int part, byte[] content) throws IOException, SQLException {
        if (!DriveStore.isUploadId(uploadId)) {
            return false;
        }
        return db.<Boolean, IOException>transaction(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM drive_uploads WHERE id = ? FOR UPDATE")) {
                q.setString(1, uploadId);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement q = c.prepareStatement("DELETE FROM drive_upload_chunks WHERE upload = ? AND part = ?")) {
                q.setString(1, uploadId); // a part sent again replaces the first
                q.setInt(2, part);
                q.executeUpdate();
            }
            writeChunks(c, "INSERT INTO drive_upload_chunks (upload, part, seq, data) VALUES (?, ?, ?, ?)", List.of(uploadId, part),
                    false, new java.io.ByteArrayInputStream(content));
            return true;
        });
    }

    @Override
    public boolean completeUpload(String uploadId) throws SQLException {
        if (!DriveStore.isUploadId(uploadId)) {
            return false;
        }
        return db.transaction(c -> {
            String drive;
            String name;
            String type;
            try (PreparedStatement q = c.prepareStatement("SELECT drive, name, content_type FROM drive_uploads WHERE id = ? FOR UPDATE")) {
                q.setString(1, uploadId);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    drive = rs.getString(1);
                    name = rs.getString(2);
                    type = rs.getString(3);
                }
            }
            String id = DriveStore.newId();
            long size;
            // the parts' chunks in order become the file's, renumbered, without passing through this process
            try (PreparedStatement q = c.prepareStatement("INSERT INTO drive_chunks (content, position, data)"
                    + " SELECT ?, sum(length(data)) OVER w - length(data), data"
                    + " FROM drive_upload_chunks WHERE upload = ?"
                    + " WINDOW w AS (ORDER BY part, seq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)")) {
                q.setString(1, id);
                q.setString(2, uploadId);
                q.executeUpdate();
            }
            try (PreparedStatement q = c.prepareStatement("SELECT coalesce(sum(length(data)), 0) FROM drive_chunks WHERE content = ?")) {
                q.setString(1, id);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    size = rs.getLong(1);
                }
            }
            point(c, drive, name, type, size, id);
            deleteUpload(c, uploadId);
            return true;
        });
    }

    @Override
    public void abortUpload(String uploadId) throws SQLException {
        if (!DriveStore.isUploadId(uploadId)) {
            return;
        }
        db.withConnection(c -> {
            deleteUpload(c, uploadId);
            return null;
        });
    }

    private static void deleteUpload(Connection c, String uploadId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("DELETE FROM drive_uploads WHERE id = ?")) {
            q.setString(1, uploadId); // its chunks go with it (ON DELETE CASCADE)
            q.executeUpdate();
        }
    }

    @Override
    public Optional<StoredFile> get(String drive, String name) throws SQLException {
        return db.withConnection(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT content_type, size, content, modified FROM drive_files"
                    + " WHERE drive = ? AND name = ?")) {
                q.setString(1, drive);
                q.setString(2, name);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new StoredFile(new Chunks(db, rs.getString(3), rs.getLong(2), rs.getLong(4)), rs.getString(1)));
                }
            }
        });
    }

    @Override
    public Listing list(String drive, String prefix, int limit, Optional<String> last, boolean recursive) throws SQLException {
        Optional<String> after = DriveStore.resumeAfter(last, recursive);
        String sql = "SELECT name FROM drive_files WHERE drive = ? AND starts_with(name, ?)"
                + (after.isPresent() ? (last.get().equals(after.get()) ? " AND name > ?" : " AND name >= ?") : "") + " ORDER BY name"
                + (recursive ? " LIMIT " + ((long) limit + 1) : "");
        return db.transaction(c -> {
            try (PreparedStatement q = c.prepareStatement(sql)) {
                q.setString(1, drive);
                q.setString(2, prefix);
                if (after.isPresent()) {
                    q.setString(3, after.get());
                }
                q.setFetchSize(1000); // a folder view reads on past the page's entries: in batches, not all at once
                try (ResultSet rs = q.executeQuery()) {
                    return DriveStore.page(rs, prefix, limit, recursive);
                }
            }
        });
    }

    @Override
    public List<String> drives() throws SQLException {
        return db.withConnection(c -> {
            List<String> names = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT DISTINCT drive FROM drive_files ORDER BY drive");
                 ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });
    }

    @Override
    public void delete(String drive, String name) throws SQLException {
        db.transaction(c -> {
            try (PreparedStatement q = c.prepareStatement("DELETE FROM drive_files WHERE drive = ? AND name = ? RETURNING content")) {
                q.setString(1, drive);
                q.setString(2, name);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        dropContent(c, rs.getString(1));
                    }
                }
            }
            return null;
        });
    }

    @Override
    public void close() {
        // the database is the caller's, shared with Base and the runtime's state
    }

    /** A file's bytes in the database, read a chunk at a time as the client takes them. */
    private record Chunks(Database db, String content, long size, long modifiedSeconds) implements Content {
        @Override
        public InputStream open(long start) throws IOException {
            return new ChunkStream(db, content, start);
        }
    }
}
