package dev.spacedev.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL for the tests, started once per test JVM by {@code scripts/postgres.sh} (initdb
 * in a temporary directory, a free port, an unprivileged user) and stopped when the JVM ends;
 * each test gets a database of its own. Where PostgreSQL is not installed the tests that need it
 * are skipped, except in CI ({@code CI} set), where that is a failure: {@code .ci/run} installs it.
 */
public final class TestPostgres {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static volatile DataUrl server;
    private static volatile Path dir;

    private TestPostgres() {}

    /** A new, empty database on the shared server. */
    public static DataUrl newDatabase() throws Exception {
        DataUrl admin = server();
        String name = "t" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), Database.credentials(admin)); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return new DataUrl(admin.user(), admin.password(), admin.host(), admin.port(), name, admin.parameters());
    }

    /** The server's own URL (its {@code postgres} database), for what is done to the server itself. */
    public static synchronized DataUrl server() throws Exception {
        if (server == null) {
            Path script = Path.of("scripts/postgres.sh").toAbsolutePath();
            boolean installed = Files.isExecutable(script) && hasInitdb();
            if (!installed) {
                if (System.getenv("CI") != null) {
                    throw new IllegalStateException("PostgreSQL is not installed (.ci/run installs Debian's postgresql)");
                }
                Assumptions.abort("PostgreSQL is not installed (apt-get install postgresql): skipped");
            }
            dir = Files.createTempDirectory("space-dev-pg");
            Process p = new ProcessBuilder(script.toString(), "start", dir.toString()).redirectErrorStream(false).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("scripts/postgres.sh start failed: " + err);
            }
            server = DataUrl.parse(out);
            Path started = dir;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(script, started)));
        }
        return server;
    }

    private static boolean hasInitdb() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            if (versions.anyMatch(v -> Files.isExecutable(v.resolve("bin/initdb")))) {
                return true;
            }
        } catch (IOException e) {
            // not Debian's layout: look on the PATH
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, "initdb")));
    }

    private static void stop(Path script, Path started) {
        try {
            new ProcessBuilder(script.toString(), "stop", started.toString()).inheritIO().start().waitFor(60, TimeUnit.SECONDS);
            try (Stream<Path> walk = Files.walk(started)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (IOException | InterruptedException e) {
            // the JVM is ending; a temporary directory may stay behind
        }
    }

    /** The URL as a user writes it, password included (a DataUrl's toString hides it). */
    public static String text(DataUrl url) {
        return "postgresql://" + url.user() + ":" + url.password() + "@" + url.host() + ":" + url.port() + "/" + url.database();
    }

    /** The first column of the first row a query answers, as a number. */
    public static long queryLong(DataUrl url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), Database.credentials(url)); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Runs one statement on a database (as the server's superuser). */
    public static void execute(DataUrl url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), Database.credentials(url)); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
