package dev.spacedev.runtime;

import dev.spacedev.database.Database;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.UnaryOperator;

/**
 * A {@link StateDocument} in PostgreSQL ({@code runtime_documents}), shared by every instance of
 * the app: an update locks the row, so changes from two instances apply one after the other. Its
 * version is looked up at most once per {@link #RECHECK_NANOS}, and when asked fresh within a budget.
 */
final class PgStateDocument implements StateDocument {
    private static final long RECHECK_NANOS = 1_000_000_000L;
    /**
     * Asked fresh after a miss (a cookie or key not known here, perhaps just made on another instance): at once
     * while lookups are rare, at most {@link #FRESH_PER_SECOND} a second after a burst of {@link #FRESH_BURST},
     * whatever clients send; beyond that, the once-a-second look-up still finds a new session.
     */
    private static final int FRESH_BURST = 20;
    private static final int FRESH_PER_SECOND = 10;
    private final Database db;
    private final String name;
    private volatile long version = -1;
    private volatile long checkedAt;
    private double freshLeft = FRESH_BURST; // guarded by this
    private long freshAt = System.nanoTime(); // guarded by this

    PgStateDocument(Database db, String name) {
        this.db = db;
        this.name = name;
    }

    @Override
    public String read() throws IOException {
        try {
            return db.withConnection(c -> {
                try (PreparedStatement q = c.prepareStatement("SELECT body, version FROM runtime_documents WHERE name = ?")) {
                    q.setString(1, name);
                    try (ResultSet rs = q.executeQuery()) {
                        return rs.next() ? rs.getString(1) : "";
                    }
                }
            });
        } catch (SQLException e) {
            throw new IOException("cannot read " + name + " from the database: " + e.getMessage(), e);
        }
    }

    @Override
    public Object stamp() {
        long now = System.nanoTime();
        if (version < 0 || now - checkedAt > RECHECK_NANOS) {
            return lookUp();
        }
        return version;
    }

    @Override
    public Object freshStamp() {
        if (version >= 0 && !mayLookUp()) {
            return version;
        }
        return lookUp();
    }

    private synchronized boolean mayLookUp() {
        long now = System.nanoTime();
        freshLeft = Math.min(FRESH_BURST, freshLeft + (now - freshAt) / 1e9 * FRESH_PER_SECOND);
        freshAt = now;
        if (freshLeft < 1) {
            return false;
        }
        freshLeft--;
        return true;
    }

    private Object lookUp() {
        try {
            version = db.withConnection(c -> {
                try (PreparedStatement q = c.prepareStatement("SELECT version FROM runtime_documents WHERE name = ?")) {
                    q.setString(1, name);
                    try (ResultSet rs = q.executeQuery()) {
                        return rs.next() ? rs.getLong(1) : 0L;
                    }
                }
            });
            checkedAt = System.nanoTime();
        } catch (SQLException e) {
            // the database is away for a moment: what was read last stays in force
        }
        return version;
    }

    @Override
    public String update(UnaryOperator<String> change) throws IOException {
        try {
            return db.transaction(c -> {
                try (PreparedStatement q = c.prepareStatement("INSERT INTO runtime_documents (name, body, version) VALUES (?, '', 0)"
                        + " ON CONFLICT (name) DO NOTHING")) {
                    q.setString(1, name);
                    q.executeUpdate();
                }
                String current;
                try (PreparedStatement q = c.prepareStatement("SELECT body FROM runtime_documents WHERE name = ? FOR UPDATE")) {
                    q.setString(1, name);
                    try (ResultSet rs = q.executeQuery()) {
                        rs.next();
                        current = rs.getString(1);
                    }
                }
                String next = change.apply(current);
                try (PreparedStatement q = c.prepareStatement("UPDATE runtime_documents SET body = ?, version = version + 1 WHERE name = ?")) {
                    q.setString(1, next);
                    q.setString(2, name);
                    q.executeUpdate();
                }
                return next;
            });
        } catch (SQLException e) {
            throw new IOException("cannot write " + name + " to the database: " + e.getMessage(), e);
        }
    }
}
