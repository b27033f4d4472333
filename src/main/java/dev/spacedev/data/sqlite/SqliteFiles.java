package dev.spacedev.data.sqlite;

import dev.spacedev.files.OwnerOnly;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A SQLite database's files and connections: SQLite gives its {@code -wal} and {@code -shm} the database
 * file's mode, so that one is made 0600 first; every connection is opened here, after the native library
 * is in place ({@link SqliteNatives}).
 */
public final class SqliteFiles {
    private SqliteFiles() {}

    public static void ownerOnly(Path database) throws IOException {
        OwnerOnly.createFile(database);
        for (String suffix : new String[] {"-wal", "-shm", "-journal"}) {
            OwnerOnly.file(database.resolveSibling(database.getFileName() + suffix));
        }
    }

    public static Connection connect(Path database) throws SQLException {
        SqliteNatives.prepare();
        return DriverManager.getConnection("jdbc:sqlite:" + database);
    }
}
