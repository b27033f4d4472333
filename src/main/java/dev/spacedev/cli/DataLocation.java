package dev.spacedev.cli;

import dev.spacedev.data.archive.DataMigration;
import dev.spacedev.data.base.PgBaseStore;
import dev.spacedev.data.base.SqliteBaseStore;
import dev.spacedev.data.drive.FileDriveStore;
import dev.spacedev.data.drive.PgDriveStore;
import dev.spacedev.database.DataUrl;
import dev.spacedev.database.Database;
import dev.spacedev.files.SpaceDir;
import dev.spacedev.runtime.ProjectLock;
import dev.spacedev.runtime.RuntimeState;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;

/**
 * An app's data where a {@code data} command finds it: a project directory's embedded store
 * ({@code DIR/.space/data}, locked against a running {@code up} while it is written) or a
 * PostgreSQL database. Opened for one command, closed at its end.
 */
final class DataLocation implements AutoCloseable {
    private final String shown;
    private final DataMigration.Stores stores;
    private final RuntimeState state;
    private final AutoCloseable owner;

    private DataLocation(String shown, DataMigration.Stores stores, RuntimeState state, AutoCloseable owner) {
        this.shown = shown;
        this.stores = stores;
        this.state = state;
        this.owner = owner;
    }

    /** A project directory's embedded store; {@code lockFor} names what writes it (null when it is only read). */
    static DataLocation directory(Path project, String lockFor) throws IOException, SQLException {
        SpaceDir space = new SpaceDir(project.toAbsolutePath().normalize()).ensure();
        ProjectLock lock = lockFor == null ? null : ProjectLock.acquire(space, lockFor);
        Path data = space.root().resolve("data");
        SqliteBaseStore base = null;
        try {
            base = new SqliteBaseStore(data.resolve("base.db"), Clock.systemUTC());
            FileDriveStore drive = new FileDriveStore(data);
            SqliteBaseStore opened = base;
            return new DataLocation(project.toString(), new DataMigration.Stores(base, drive), RuntimeState.files(space), () -> {
                opened.close();
                drive.close();
                if (lock != null) {
                    lock.close();
                }
            });
        } catch (IOException | RuntimeException e) {
            if (base != null) {
                base.close();
            }
            if (lock != null) {
                lock.close();
            }
            throw e;
        }
    }

    static DataLocation database(DataUrl url) throws IOException {
        Database db = Database.open(url, 4);
        return new DataLocation(url.toString(), new DataMigration.Stores(new PgBaseStore(db, Clock.systemUTC()),
                new PgDriveStore(db, Clock.systemUTC())), RuntimeState.shared(db), db);
    }

    /** {@code DIR_OR_URL} as the user wrote it. */
    static DataLocation parse(String given, String lockFor) throws IOException, SQLException, DataUrl.Invalid {
        return DataUrl.looksLikeUrl(given) ? database(DataUrl.parse(given)) : directory(Path.of(given), lockFor);
    }

    DataMigration.Stores stores() {
        return stores;
    }

    RuntimeState state() {
        return state;
    }

    @Override
    public String toString() {
        return shown;
    }

    @Override
    public void close() throws Exception {
        owner.close();
    }
}
