package dev.spacedev.runtime;

import dev.spacedev.database.Database;
import dev.spacedev.files.SpaceDir;

/**
 * Where the runtime keeps what outlives a run: the owner's sessions, the app keys and the schedules the owner set. In the
 * project's {@code .space/} by default; in the app's PostgreSQL database with {@code --data-url},
 * so that every instance sharing it signs in the same owner and takes the same keys. The session
 * cookie's name then comes from the database rather than the port, since the instances behind
 * one load balancer listen on ports of their own.
 */
public record RuntimeState(StateDocument sessions, StateDocument appKeys, StateDocument signInToken, String sharedName,
        StateDocument schedules) {
    static final String SIGN_IN_TOKEN = "sign-in-token";

    public static RuntimeState files(SpaceDir space) {
        return new RuntimeState(StateDocument.file(space.root().resolve(OwnerSessions.FILE)),
                StateDocument.file(space.root().resolve(AppKeys.FILE)), null, null,
                StateDocument.file(space.root().resolve(ActionSchedules.FILE)));
    }

    /**
     * In the database: also the token that signs the owner in where a button will not do, the same on every
     * instance (the first one to start makes it), since a load balancer sends its URL to any of them.
     */
    public static RuntimeState shared(Database db) {
        return new RuntimeState(new PgStateDocument(db, OwnerSessions.FILE), new PgStateDocument(db, AppKeys.FILE),
                new PgStateDocument(db, SIGN_IN_TOKEN), db.url().sharedName(), new PgStateDocument(db, ActionSchedules.FILE));
    }

    /** The session cookie's name for a proxy on {@code port}. */
    public String cookieName(int port) {
        return OwnerSessions.COOKIE_PREFIX + (sharedName == null ? String.valueOf(port) : sharedName);
    }
}
