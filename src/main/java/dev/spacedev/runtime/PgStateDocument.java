package dev.spacedev.runtime;

import dev.spacedev.database.Database;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * A {@link StateDocument} in PostgreSQL ({@code runtime_documents}), shared by every instance of
 * the app: an update locks the row, so changes from two instances apply one after the other.
 *
 * <p>The proxy asks for the stamp on its event loops, with every request that carries a session or
 * an app key, so the document is held in memory (version and text together) and re-read in the
 * background about once a second: {@link #stamp} and {@link #read} never wait for the database.
 * Only {@link #freshStamp} does — a cookie or key not known here, perhaps made a moment ago on
 * another instance (the sign-in a load balancer sent elsewhere) — and only while the database
 * answers, at once while such look-ups are rare and at most {@link #FRESH_PER_SECOND} a second
 * after a burst of {@link #FRESH_BURST}, whatever clients send.
 */
final class PgStateDocument implements StateDocument {
    private static final long RECHECK_NANOS = 1_000_000_000L;
    private static final int FRESH_BURST = 20;
    private static final int FRESH_PER_SECOND = 10;
    private static final ExecutorService REFRESH = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "state-refresh");
        t.setDaemon(true);
        return t;
    });

    private record Snapshot(long version, String body) {}

    private final Database db;
    private final String name;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Snapshot snapshot; // null until first read
    private volatile long checkedAt;
    private volatile boolean answering = true;
    private double freshLeft = FRESH_BURST; // guarded by this
    private long freshAt = System.nanoTime(); // guarded by this

    PgStateDocument(Database db, String name) {
        this.db = db;
        this.name = name;
    }

    @Override
    public String read() throws IOException {
        return current().body();
    }

    @Override
    public Object stamp() {
        Snapshot s = snapshot;
        if (s == null) {
            try {
                return current().version();
            } catch (IOException e) {
                return null;
            }
        }
        if (System.nanoTime() - checkedAt > RECHECK_NANOS && refreshing.compareAndSet(false, true)) {
            REFRESH.execute(() -> {
                try {
                    load();
                } finally {
                    refreshing.set(false);
                }
            });
        }
        return s.version();
    }

    @Override
    public Object freshStamp() {
        if (snapshot != null && answering && mayLookUp()) {
            load();
        }
        return stamp();
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

    /** The document as last read; read now if it never was (at start-up, not on an event loop). */
    private Snapshot current() throws IOException {
        if (snapshot == null) {
            load();
            if (snapshot == null) {
                throw new IOException("cannot read " + name + " from the database");
            }
        }
        return snapshot;
    }

    private void load() {
        try {
            snapshot = db.withConnection(c -> {
                try (PreparedStatement q = c.prepareStatement("SELECT version, body FROM runtime_documents WHERE name = ?")) {
                    q.setString(1, name);
                    try (ResultSet rs = q.executeQuery()) {
                        return rs.next() ? new Snapshot(rs.getLong(1), rs.getString(2)) : new Snapshot(0, "");
                    }
                }
            });
            answering = true;
        } catch (SQLException e) {
            answering = false; // what was read last stays in force; the background re-read tries again
        }
        checkedAt = System.nanoTime();
    }

    @Override
    public String update(UnaryOperator<String> change) throws IOException {
        try {
            Snapshot next = db.transaction(c -> {
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
                String body = change.apply(current);
                try (PreparedStatement q = c.prepareStatement("UPDATE runtime_documents SET body = ?, version = version + 1 WHERE name = ?"
                        + " RETURNING version")) {
                    q.setString(1, body);
                    q.setString(2, name);
                    try (ResultSet rs = q.executeQuery()) {
                        rs.next();
                        return new Snapshot(rs.getLong(1), body);
                    }
                }
            });
            snapshot = next;
            checkedAt = System.nanoTime();
            return next.body();
        } catch (SQLException e) {
            throw new IOException("cannot write " + name + " to the database: " + e.getMessage(), e);
        }
    }
}
