package dev.spacedev.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A PostgreSQL database that an app's data and state live in: a pool of connections (HikariCP)
 * and the schema, brought up to date when opened ({@link Schema}). Shared by everything that
 * stores there in one process; closed once, at the end.
 */
public final class Database implements AutoCloseable {
    /** Work done on one connection; it may also fail as {@code E} (reading a client's stream, say). */
    public interface Work<T, E extends Exception> {
        T run(Connection c) throws SQLException, E;
    }

    /** The database cannot be reached or set up: the message names it (never its password) and says why. */
    public static final class Unavailable extends IOException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final DataUrl url;
    private final HikariDataSource pool;

    private Database(DataUrl url, HikariDataSource pool) {
        this.url = url;
        this.pool = pool;
    }

    /**
     * Connects and migrates the schema. Fails with a message that names the database (never its
     * password) and what went wrong.
     */
    public static Database open(DataUrl url, int poolSize) throws IOException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        config.setDataSourceProperties(credentials(url));
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        config.setPoolName("space-dev-data");
        // a caller waits at most this for a free connection (or for the database, when it is away)
        config.setConnectionTimeout(3_000);
        // a database that is down when space-dev starts is an error after one attempt (systemd or the user tries again),
        // not a pool that keeps trying; the attempt itself waits at most the driver's connect timeout for an unreachable host
        config.setInitializationFailTimeout(1);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new Unavailable("cannot connect to " + url + ": " + rootMessage(e), e);
        }
        Database db = new Database(url, pool);
        try {
            requireVersion(db);
            Schema.migrate(db);
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw new Unavailable("cannot set up space-dev's tables in " + url + ": " + rootMessage(e), e);
        }
        return db;
    }

    /** PostgreSQL 13 or newer: the schema uses {@code trim_scale} (13) and {@code starts_with} (11). */
    static final int OLDEST = 130000;

    private static void requireVersion(Database db) throws SQLException {
        int version = db.withConnection(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("SHOW server_version_num")) {
                rs.next();
                return Integer.parseInt(rs.getString(1));
            }
        });
        if (version < OLDEST) {
            throw new SQLException("space-dev needs PostgreSQL 13 or newer; this server is " + version / 10000 + "." + version % 10000);
        }
    }

    static Properties credentials(DataUrl url) {
        Properties p = new Properties();
        p.setProperty("user", url.user());
        if (!url.password().isEmpty()) {
            p.setProperty("password", url.password());
        }
        p.setProperty("ApplicationName", "space-dev");
        // a dead peer (a machine gone, a cable pulled) is noticed by TCP keepalive, so its advisory lock is released
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("connectTimeout", "10"); // seconds: a host that does not answer at all
        return p;
    }

    public DataUrl url() {
        return url;
    }

    /** A connection from the pool; the caller closes it (back to the pool). */
    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /**
     * A connection of its own, outside the pool, for what is tied to a session's life: the action
     * leader's advisory lock is held for as long as this connection lives.
     */
    public Connection dedicated() throws SQLException {
        return new org.postgresql.Driver().connect(url.jdbcUrl(), credentials(url));
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T, E extends Exception> T transaction(Work<T, E> work) throws SQLException, E {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (Exception e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Runs {@code work} on a pooled connection in auto-commit mode. */
    public <T, E extends Exception> T withConnection(Work<T, E> work) throws SQLException, E {
        try (Connection c = connection()) {
            return work.run(c);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    @Override
    public void close() {
        pool.close();
    }
}
