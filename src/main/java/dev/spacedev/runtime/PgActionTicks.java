package dev.spacedev.runtime;

import dev.spacedev.database.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Scheduled actions across several instances of one app: the instance that holds a PostgreSQL
 * advisory lock is the leader and runs the ticks; the lock lives as long as the leader's own
 * connection, so when the leader dies (even by SIGKILL) PostgreSQL releases it and the next tick
 * goes to whichever instance asks first. Each tick is also claimed as a row
 * ({@code action_ticks}), so it runs once even in the moment two instances both think they lead.
 * The database is asked on a thread of its own, never on the scheduler's timer.
 */
public final class PgActionTicks implements ActionScheduler.Ticks {
    private static final long LEADER_LOCK = 0x5350414345414354L; // "SPACEACT"
    private final Database db;
    private final String instance;
    private final Consumer<String> log;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "action-leader");
        t.setDaemon(true);
        return t;
    });
    // only touched on that thread
    private Connection lock;
    private Boolean leading;

    public PgActionTicks(Database db, String instance, Consumer<String> log) {
        this.db = db;
        this.instance = instance;
        this.log = log;
    }

    @Override
    public CompletableFuture<Boolean> claim(String actionId, Instant due) {
        return CompletableFuture.supplyAsync(() -> leads() && claimed(actionId, due), thread);
    }

    @Override
    public void ran(String actionId, Instant due, String outcome) {
        thread.execute(() -> {
            try {
                db.withConnection(c -> {
                    try (PreparedStatement q = c.prepareStatement("UPDATE action_ticks SET outcome = ? WHERE action = ? AND due = ?")) {
                        q.setString(1, outcome);
                        q.setString(2, actionId);
                        q.setTimestamp(3, Timestamp.from(due));
                        return q.executeUpdate();
                    }
                });
            } catch (SQLException e) {
                log.accept("action " + actionId + ": its outcome could not be recorded: " + e.getMessage());
            }
        });
    }

    /** Whether this instance holds the leader's lock: kept if its connection is alive, taken if free. */
    private boolean leads() {
        try {
            if (lock != null && !lock.isValid(2)) {
                dropLock();
            }
            if (lock == null) {
                lock = db.dedicated();
                try (java.sql.Statement s = lock.createStatement()) {
                    // the server notices a leader's machine gone silent (no FIN: a crash, a cable) within ~25 s, not
                    // the system's two hours, and releases its lock before the next tick; these are the session's own
                    s.execute("SET tcp_keepalives_idle = 10");
                    s.execute("SET tcp_keepalives_interval = 5");
                    s.execute("SET tcp_keepalives_count = 3");
                }
            }
            if (!Boolean.TRUE.equals(leading)) {
                try (PreparedStatement q = lock.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                    q.setLong(1, LEADER_LOCK);
                    try (ResultSet rs = q.executeQuery()) {
                        rs.next();
                        setLeading(rs.getBoolean(1));
                    }
                }
            }
            return leading;
        } catch (SQLException e) {
            dropLock();
            setLeading(false);
            throw new IllegalStateException("the database cannot be asked who runs the actions: " + e.getMessage(), e);
        }
    }

    private void setLeading(boolean now) {
        if (leading == null || leading != now) {
            log.accept(now ? "actions: this instance runs the scheduled actions (it holds the leader's lock in the database)"
                    : "actions: another instance runs the scheduled actions; this one takes over if that one stops");
        }
        leading = now;
    }

    private boolean claimed(String actionId, Instant due) {
        try {
            return db.withConnection(c -> {
                try (PreparedStatement q = c.prepareStatement("INSERT INTO action_ticks (action, due, instance) VALUES (?, ?, ?)"
                        + " ON CONFLICT DO NOTHING")) {
                    q.setString(1, actionId);
                    q.setTimestamp(2, Timestamp.from(due));
                    q.setString(3, instance);
                    return q.executeUpdate() == 1;
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("the tick could not be claimed: " + e.getMessage(), e);
        }
    }

    private void dropLock() {
        if (lock != null) {
            try {
                lock.close(); // closing the session releases the lock, if it still held it
            } catch (SQLException e) {
                // it was broken already
            }
            lock = null;
        }
        leading = leading == null ? null : false;
    }

    @Override
    public synchronized void close() {
        if (!thread.isShutdown()) {
            thread.execute(this::dropLock);
            thread.shutdown();
        }
    }
}
