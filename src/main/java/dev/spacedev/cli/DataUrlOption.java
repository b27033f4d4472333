package dev.spacedev.cli;

import dev.spacedev.database.DataUrl;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --data-url}: where the app's data lives, for every command that reaches it (default: embedded in {@code .space/data}). */
public final class DataUrlOption {
    @Option(names = "--data-url", paramLabel = "URL",
            description = "Keep Base, Drive, sessions, app keys and the actions' ticks in PostgreSQL, shared by every instance that "
                    + "names it: postgresql://USER:PASSWORD@HOST:PORT/DATABASE (default: $" + DataUrl.ENVIRONMENT
                    + "; without either, embedded in .space/data).")
    String text;

    private DataUrl url;

    /** Reads the option (or the variable); false, with the reason on {@code err}, when it is not a data URL. */
    boolean resolve(PrintWriter err) {
        String given = text != null ? text : System.getenv(DataUrl.ENVIRONMENT);
        if (given == null || given.isBlank()) {
            return true;
        }
        try {
            url = DataUrl.parse(given.strip());
            return true;
        } catch (DataUrl.Invalid e) {
            err.println("space-dev: " + (text != null ? "--data-url" : "$" + DataUrl.ENVIRONMENT) + ": " + e.getMessage());
            err.flush();
            return false;
        }
    }

    /** The database, once {@link #resolve}d; empty for the embedded store. */
    Optional<DataUrl> url() {
        return Optional.ofNullable(url);
    }
}
