package dev.spacedev.data.base;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spacedev.data.sqlite.SqliteFiles;
import dev.spacedev.files.OwnerOnly;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Base's items embedded in SQLite ({@code .space/data/base.db}), one row per item: the base, the key,
 * the item as JSON, and its {@code __expires}. WAL with synchronous=NORMAL: a committed write
 * survives the process being killed. One connection, used by one thread at a time.
 */
public final class SqliteBaseStore implements BaseStore {

    private final Connection db;
    private final Clock clock;

    public SqliteBaseStore(Path file, Clock clock) throws IOException {
        this.clock = clock;
        try {
            OwnerOnly.directory(file.getParent());
            SqliteFiles.ownerOnly(file);
            db = SqliteFiles.connect(file);
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("CREATE TABLE IF NOT EXISTS items (base TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,"
                        + " expires INTEGER, PRIMARY KEY (base, key)) WITHOUT ROWID");
                s.execute("CREATE INDEX IF NOT EXISTS items_expires ON items (expires) WHERE expires IS NOT NULL");
            }
        } catch (SQLException e) {
            throw new IOException("cannot open Base's database (" + e.getMessage() + ")", e);
        }
    }

    /** Stores all items or none; items without a key get a random one. Returns the items as stored. */
    @Override
    public synchronized List<ObjectNode> put(String base, List<ObjectNode> items) throws SQLException {
        List<ObjectNode> stored = new ArrayList<>();
        transaction(() -> {
            try (PreparedStatement upsert = db.prepareStatement("INSERT OR REPLACE INTO items VALUES (?, ?, ?, ?)");
                 PreparedStatement delete = db.prepareStatement("DELETE FROM items WHERE base = ? AND key = ?")) {
                for (ObjectNode item : items) {
                    if (!item.hasNonNull("key")) {
                        item.put("key", BaseStore.randomKey());
                    }
                    write(base, item, upsert, delete);
                    stored.add(item);
                }
            }
        });
        return stored;
    }

    /** @return false when the key exists already (and has not expired) */
    @Override
    public synchronized boolean insert(String base, ObjectNode item) throws SQLException {
        if (!item.hasNonNull("key")) {
            item.put("key", BaseStore.randomKey());
        }
        boolean[] inserted = new boolean[1];
        transaction(() -> {
            if (get(base, item.get("key").asText()).isPresent()) {
                return;
            }
            try (PreparedStatement upsert = db.prepareStatement("INSERT OR REPLACE INTO items VALUES (?, ?, ?, ?)");
                 PreparedStatement delete = db.prepareStatement("DELETE FROM items WHERE base = ? AND key = ?")) {
                write(base, item, upsert, delete);
                inserted[0] = true;
            }
        });
        return inserted[0];
    }

    @Override
    public synchronized Optional<ObjectNode> get(String base, String key) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT value FROM items WHERE base = ? AND key = ? AND (expires IS NULL OR expires > ?)")) {
            q.setString(1, base);
            q.setString(2, key);
            q.setLong(3, now());
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(BaseStore.parseItem(rs.getString(1))) : Optional.empty();
            }
        }
    }

    @Override
    public synchronized void delete(String base, String key) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("DELETE FROM items WHERE base = ? AND key = ?")) {
            q.setString(1, base);
            q.setString(2, key);
            q.executeUpdate();
        }
    }

    /** The item after {@code update}, or empty when there is no such item. */
    @Override
    public synchronized Optional<ObjectNode> update(String base, String key, BaseUpdate update) throws SQLException, BaseRequestException {
        Optional<ObjectNode> current = get(base, key);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode next = update.applyTo(current.get());
        transaction(() -> {
            try (PreparedStatement upsert = db.prepareStatement("INSERT OR REPLACE INTO items VALUES (?, ?, ?, ?)");
                 PreparedStatement delete = db.prepareStatement("DELETE FROM items WHERE base = ? AND key = ?")) {
                write(base, next, upsert, delete);
            }
        });
        return Optional.of(next);
    }

    /** Items in key order (descending if asked) after {@code last}, those matching {@code query}, up to {@code limit}. */
    @Override
    public synchronized Page query(String base, BaseQuery query, int limit, Optional<String> last, boolean descending) throws SQLException {
        String sql = "SELECT key, value FROM items WHERE base = ? AND (expires IS NULL OR expires > ?)"
                + (last.isPresent() ? (descending ? " AND key < ?" : " AND key > ?") : "")
                + " ORDER BY key " + (descending ? "DESC" : "ASC");
        List<ObjectNode> items = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement(sql)) {
            q.setString(1, base);
            q.setLong(2, now());
            if (last.isPresent()) {
                q.setString(3, last.get());
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    ObjectNode item = BaseStore.parseItem(rs.getString(2));
                    if (!query.test(item)) {
                        continue;
                    }
                    if (items.size() == limit) {
                        return new Page(items, Optional.of(items.get(items.size() - 1).get("key").asText()));
                    }
                    items.add(item);
                }
            }
        }
        return new Page(items, Optional.empty());
    }

    /** The names of the bases that hold items. */
    @Override
    public synchronized List<String> bases() throws SQLException {
        return names("SELECT DISTINCT base FROM items ORDER BY base");
    }

    private List<String> names(String sql) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private void write(String base, ObjectNode item, PreparedStatement upsert, PreparedStatement delete) throws SQLException {
        String key = item.get("key").asText();
        Long expires = BaseStore.expiresOf(item);
        if (expires != null && expires <= now()) {
            delete.setString(1, base);
            delete.setString(2, key);
            delete.executeUpdate(); // already expired: gone at once
            return;
        }
        upsert.setString(1, base);
        upsert.setString(2, key);
        upsert.setString(3, item.toString());
        if (expires == null) {
            upsert.setNull(4, java.sql.Types.INTEGER);
        } else {
            upsert.setLong(4, expires);
        }
        upsert.executeUpdate();
    }

    private interface Work {
        void run() throws SQLException;
    }

    private void transaction(Work work) throws SQLException {
        db.setAutoCommit(false);
        try {
            work.run();
            db.commit();
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }


    @Override
    public synchronized void close() throws SQLException {
        db.close();
    }
}
