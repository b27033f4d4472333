package dev.spacedev.data.drive;

import dev.spacedev.database.Database;
import java.io.IOException;
import java.io.InputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A file's bytes in {@code drive_chunks}, from a given byte on, fetched one chunk per query as
 * they are read: one chunk in memory at a time, and no connection held between reads (a client
 * that reads slowly holds none of the pool).
 */
final class ChunkStream extends InputStream {
    private final Database db;
    private final String content;
    private long position;
    private byte[] chunk = new byte[0];
    private int offset;
    private boolean ended;

    ChunkStream(Database db, String content, long start) {
        this.db = db;
        this.content = content;
        this.position = start;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int from, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (offset == chunk.length && !fetch()) {
            return -1;
        }
        int n = Math.min(length, chunk.length - offset);
        System.arraycopy(chunk, offset, buffer, from, n);
        offset += n;
        position += n;
        return n;
    }

    @Override
    public int available() {
        return chunk.length - offset;
    }

    /** The chunk that holds byte {@code position}; false at the end. */
    private boolean fetch() throws IOException {
        if (ended) {
            return false;
        }
        try {
            return db.withConnection(c -> {
                try (PreparedStatement q = c.prepareStatement("SELECT position, data FROM drive_chunks WHERE content = ? AND position <= ?"
                        + " ORDER BY position DESC LIMIT 1")) {
                    q.setString(1, content);
                    q.setLong(2, position);
                    try (ResultSet rs = q.executeQuery()) {
                        if (!rs.next()) {
                            ended = true;
                            return false;
                        }
                        byte[] data = rs.getBytes(2);
                        int skip = (int) (position - rs.getLong(1));
                        if (skip >= data.length) {
                            ended = true; // position is at (or past) the end of the last chunk
                            return false;
                        }
                        chunk = data;
                        offset = skip;
                        return true;
                    }
                }
            });
        } catch (SQLException e) {
            throw new IOException("reading a file's content failed: " + e.getMessage(), e);
        }
    }
}
