package dev.spacedev.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * space-dev's tables, as plain versioned SQL ({@code database/V1.sql}, {@code V2.sql}, …, in the
 * jar): each version runs once, in its own transaction, and is recorded in
 * {@code space_dev_schema}. Instances starting together take a transaction-scoped advisory lock
 * first, so one migrates and the others see it done. A database whose schema is newer than this
 * build is refused rather than written to.
 */
final class Schema {
    static final int VERSION = 1;
    private static final long MIGRATION_LOCK = 0x5350414345444556L; // "SPACEDEV"

    private Schema() {}

    static void migrate(Database db) throws SQLException {
        db.transaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
                s.execute("CREATE TABLE IF NOT EXISTS space_dev_schema (version integer PRIMARY KEY,"
                        + " applied_at timestamptz NOT NULL DEFAULT now())");
                int current = 0;
                try (ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM space_dev_schema")) {
                    rs.next();
                    current = rs.getInt(1);
                }
                if (current > VERSION) {
                    throw new SQLException("the database's schema is version " + current + ", newer than this space-dev knows ("
                            + VERSION + "); upgrade space-dev");
                }
                for (int v = current + 1; v <= VERSION; v++) {
                    s.execute(script(v));
                    s.execute("INSERT INTO space_dev_schema (version) VALUES (" + v + ")");
                }
            }
            return null;
        });
    }

    private static String script(int version) {
        String name = "/database/V" + version + ".sql";
        try (InputStream in = Schema.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the jar has no " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
