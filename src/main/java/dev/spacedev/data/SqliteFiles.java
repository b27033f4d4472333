package dev.spacedev.data;

import dev.spacedev.files.OwnerOnly;
import java.io.IOException;
import java.nio.file.Path;

/** A SQLite database's files: SQLite gives its {@code -wal} and {@code -shm} the database file's mode, so that one is made 0600 first. */
final class SqliteFiles {
    private SqliteFiles() {}

    static void ownerOnly(Path database) throws IOException {
        OwnerOnly.createFile(database);
        for (String suffix : new String[] {"-wal", "-shm", "-journal"}) {
            OwnerOnly.file(database.resolveSibling(database.getFileName() + suffix));
        }
    }
}
