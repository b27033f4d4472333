package dev.spacedev.runtime;

import dev.spacedev.database.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Scheduled actions across several instances of one app: the instance that holds a PostgreSQL
 * advisory lock is the leader and runs the ticks; the lock lives as long as the leader's own
 * connection, so when the leader dies (even by SIGKILL) PostgreSQL releases it and the next tick
 * goes to whichever instance asks first. Each tick is also claimed as a row
 * ({@code action_ticks}), so it runs once even in the moment two instances both think they lead;
 * what each run came to is kept there too, so every instance's dashboard lists the runs of all.
 * The database is asked on a thread of its own, never on the scheduler's timer or an event loop.
 */
public final class PgActionTicks implements ActionScheduler.Ticks {
    private static final long LEADER_LOCK = 0x5350414345414354L; // "SPACEACT"
    private static final int REFRESH_SECONDS = 5;
    private final Database db;
    private final String instance;
    private final Consumer<String> log;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "action-leader");
        t.setDaemon(true);
        return t;
    });
    private volatile Map<String, List<ActionScheduler.Run>> recent = Map.of();
    // only touched on that thread
    private Connection lock;
    private Boolean leading;

    public PgActionTicks(Database db, String instance, Consumer<String> log) {
        this.db = db;
        this.instance = instance;
        this.log = log;
        // other instances' runs reach this one's dashboard within a few seconds
        thread.scheduleWithFixedDelay(this::refresh, 0, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public CompletableFuture<Boolean> claim(String actionId, Instant due) {
        return CompletableFuture.supplyAsync(() -> leads() && claimed(actionId, due), thread);
    }

    @Override
    public void ran(String actionId, Instant due, ActionScheduler.Run run) {
        thread.execute(() -> {
            try {
                db.transaction(c -> {
                    try (PreparedStatement q = c.prepareStatement(due != null
                            ? "UPDATE action_ticks SET outcome = ?, status = ?, millis = ?, started = ? WHERE action = ? AND due = ?"
                            : "INSERT INTO action_ticks (outcome, status, millis, started, action, due, instance, manual)"
                                    + " VALUES (?, ?, ?, ?, ?, ?, ?, true) ON CONFLICT DO NOTHING")) {
                        q.setString(1, run.outcome());
                        q.setObject(2, run.status().orElse(null), java.sql.Types.INTEGER);
                        q.setLong(3, run.millis());
                        q.setTimestamp(4, Timestamp.from(run.at()));
                        q.setString(5, actionId);
                        q.setTimestamp(6, Timestamp.from(due != null ? due : run.at()));
                        if (due == null) {
                            q.setString(7, instance);
                        }
                        q.executeUpdate();
                    }
                    try (PreparedStatement q = c.prepareStatement("DELETE FROM action_ticks WHERE action = ? AND due < now() - interval '30 days'")) {
                        q.setString(1, actionId);
                        q.executeUpdate();
                    }
                    return null;
                });
                refresh();
            } catch (SQLException e) {
                log.accept("action " + actionId + ": its run could not be recorded: " + e.getMessage());
            }
        });
    }

    @Override
    public Optional<List<ActionScheduler.Run>> recent(String actionId) {
        return Optional.of(recent.getOrDefault(actionId, List.of()));
    }

    /** Reads every action's last runs, of all instances, for the dashboard (which must not wait for the database). */
    private void refresh() {
        try {
            recent = db.withConnection(c -> {
                Map<String, List<ActionScheduler.Run>> all = new HashMap<>();
                try (PreparedStatement q = c.prepareStatement("SELECT action, started, status, outcome, millis, manual FROM ("
                        + " SELECT *, row_number() OVER (PARTITION BY action ORDER BY due DESC) AS n FROM action_ticks"
                        + " WHERE outcome IS NOT NULL) t WHERE n <= ? ORDER BY action, due DESC")) {
                    q.setInt(1, ActionScheduler.RUNS_KEPT);
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            int status = rs.getInt(3);
                            Optional<Integer> code = rs.wasNull() ? Optional.empty() : Optional.of(status);
                            all.computeIfAbsent(rs.getString(1), a -> new ArrayList<>()).add(new ActionScheduler.Run(
                                    rs.getTimestamp(2).toInstant(), code, rs.getString(4), rs.getLong(5), rs.getBoolean(6)));
                        }
                    }
                }
                return Map.copyOf(all);
            });
        } catch (SQLException e) {
            // the database is away: the dashboard shows what was read last
        }
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
            try {
                thread.awaitTermination(5, TimeUnit.SECONDS); // the lock released before this instance is gone
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
