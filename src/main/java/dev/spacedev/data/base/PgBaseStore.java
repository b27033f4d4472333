package dev.spacedev.data.base;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spacedev.database.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Base's items in PostgreSQL ({@code base_items}, the item as JSONB): queries and updates run in
 * the database ({@link PgBaseQuery}; {@code space_dev_base_update} in {@code V1.sql}), so several
 * instances of an app can share one Base. Safe for many threads: each call takes a pooled
 * connection, and what must be atomic is one transaction.
 */
public final class PgBaseStore implements BaseStore {
    /** The SQLSTATE {@code space_dev_base_update} raises for an update Base refuses (its message is the API's). */
    private static final String REFUSED = "SD400";
    private static final String UPSERT = "INSERT INTO base_items (base, key, value, expires) VALUES (?, ?, ?::jsonb, ?)"
            + " ON CONFLICT (base, key) DO UPDATE SET value = EXCLUDED.value, expires = EXCLUDED.expires";
    private static final String LIVE = "(expires IS NULL OR expires > ?)";

    private final Database db;
    private final Clock clock;

    public PgBaseStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public List<ObjectNode> put(String base, List<ObjectNode> items) throws SQLException {
        List<ObjectNode> stored = new ArrayList<>();
        db.transaction(c -> {
            for (ObjectNode item : items) {
                if (!item.hasNonNull("key")) {
                    item.put("key", BaseStore.randomKey());
                }
                write(c, base, item);
                stored.add(item);
            }
            return null;
        });
        return stored;
    }

    @Override
    public boolean insert(String base, ObjectNode item) throws SQLException {
        if (!item.hasNonNull("key")) {
            item.put("key", BaseStore.randomKey());
        }
        String key = item.get("key").asText();
        return db.transaction(c -> {
            // an expired item does not count: its key is free
            try (PreparedStatement q = c.prepareStatement(UPSERT + " WHERE base_items.expires IS NOT NULL AND base_items.expires <= ?")) {
                bindItem(q, base, key, item);
                q.setLong(5, now());
                if (q.executeUpdate() == 0) {
                    return false;
                }
            }
            Long expires = BaseStore.expiresOf(item);
            if (expires != null && expires <= now()) {
                delete(c, base, key); // already expired: gone at once
            }
            return true;
        });
    }

    @Override
    public Optional<ObjectNode> get(String base, String key) throws SQLException {
        return db.withConnection(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT value FROM base_items WHERE base = ? AND key = ? AND " + LIVE)) {
                q.setString(1, base);
                q.setString(2, key);
                q.setLong(3, now());
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? Optional.of(BaseStore.parseItem(rs.getString(1))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void delete(String base, String key) throws SQLException {
        db.withConnection(c -> {
            delete(c, base, key);
            return null;
        });
    }

    @Override
    public Optional<ObjectNode> update(String base, String key, BaseUpdate update) throws SQLException, BaseRequestException {
        try {
            return db.transaction(c -> {
                ObjectNode next;
                // the item and its expiry (which the update may change) in one write, as bigint when it is one
                try (PreparedStatement q = c.prepareStatement("UPDATE base_items SET (value, expires) = (SELECT v, CASE WHEN"
                        + " jsonb_typeof(v -> '" + EXPIRES + "') = 'number' AND abs((v ->> '" + EXPIRES + "')::numeric) < 9e18"
                        + " THEN trunc((v ->> '" + EXPIRES + "')::numeric)::bigint END"
                        + " FROM (SELECT space_dev_base_update(value, ?::json) AS v) updated)"
                        + " WHERE base = ? AND key = ? AND " + LIVE + " RETURNING value, expires")) {
                    q.setString(1, update.operations().toString());
                    q.setString(2, base);
                    q.setString(3, key);
                    q.setLong(4, now());
                    try (ResultSet rs = q.executeQuery()) {
                        if (!rs.next()) {
                            return Optional.<ObjectNode>empty();
                        }
                        next = BaseStore.parseItem(rs.getString(1));
                        long expires = rs.getLong(2);
                        if (!rs.wasNull() && expires <= now()) {
                            delete(c, base, key); // expired by this update: gone at once, as a put of it would be
                        }
                    }
                }
                return Optional.of(next);
            });
        } catch (SQLException e) {
            if (REFUSED.equals(e.getSQLState()) && e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null) {
                throw new BaseRequestException(400, p.getServerErrorMessage().getMessage());
            }
            throw e;
        }
    }

    @Override
    public Page query(String base, BaseQuery query, int limit, Optional<String> last, boolean descending) throws SQLException {
        PgBaseQuery.Sql where = PgBaseQuery.where(query);
        String sql = "SELECT key, value FROM base_items WHERE base = ? AND " + LIVE
                + (last.isPresent() ? (descending ? " AND key < ?" : " AND key > ?") : "") + " AND " + where.text()
                + " ORDER BY key " + (descending ? "DESC" : "ASC") + " LIMIT ?";
        return db.transaction(c -> {
            if (where.byKeyOrder()) {
                try (java.sql.Statement hint = c.createStatement()) {
                    hint.execute("SET LOCAL enable_sort = off"); // for this transaction only: see PgBaseQuery.where
                }
            }
            List<ObjectNode> items = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(sql)) {
                int i = 1;
                q.setString(i++, base);
                q.setLong(i++, now());
                if (last.isPresent()) {
                    q.setString(i++, last.get());
                }
                for (Object p : where.parameters()) {
                    if (p instanceof String[] path) {
                        q.setArray(i++, c.createArrayOf("text", path));
                    } else {
                        q.setString(i++, (String) p);
                    }
                }
                q.setLong(i, limit == Integer.MAX_VALUE ? Long.MAX_VALUE : limit + 1L);
                q.setFetchSize(500); // an export asks for everything: read in batches, in this transaction
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        if (items.size() == limit) {
                            return new Page(items, Optional.of(items.get(items.size() - 1).get("key").asText()));
                        }
                        items.add(BaseStore.parseItem(rs.getString(2)));
                    }
                }
            }
            return new Page(items, Optional.empty());
        });
    }

    @Override
    public List<String> bases() throws SQLException {
        return db.withConnection(c -> {
            List<String> names = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT DISTINCT base FROM base_items ORDER BY base");
                 ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });
    }

    private void write(Connection c, String base, ObjectNode item) throws SQLException {
        String key = item.get("key").asText();
        Long expires = BaseStore.expiresOf(item);
        if (expires != null && expires <= now()) {
            delete(c, base, key); // already expired: gone at once
            return;
        }
        try (PreparedStatement q = c.prepareStatement(UPSERT)) {
            bindItem(q, base, key, item);
            q.executeUpdate();
        }
    }

    private static void bindItem(PreparedStatement q, String base, String key, ObjectNode item) throws SQLException {
        q.setString(1, base);
        q.setString(2, key);
        q.setString(3, item.toString());
        Long expires = BaseStore.expiresOf(item);
        if (expires == null) {
            q.setNull(4, java.sql.Types.BIGINT);
        } else {
            q.setLong(4, expires);
        }
    }

    private static void delete(Connection c, String base, String key) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("DELETE FROM base_items WHERE base = ? AND key = ?")) {
            q.setString(1, base);
            q.setString(2, key);
            q.executeUpdate();
        }
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }


    @Override
    public void close() {
        // the database is the caller's, shared with Drive and the runtime's state
    }
}
