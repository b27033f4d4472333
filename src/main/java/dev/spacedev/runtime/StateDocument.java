package dev.spacedev.runtime;

import dev.spacedev.files.Seal;
import dev.spacedev.files.SpaceDevHome;
import dev.spacedev.files.SpaceDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A small text document the runtime keeps (the owner's sessions, the app keys): a file in
 * {@code .space/} ({@link #file}), a row in PostgreSQL that several instances share
 * ({@link PgStateDocument}), or memory. Changes are read-modify-write in one step, so two writers
 * (two instances, or {@code up} and {@code keys create}) do not lose each other's change.
 */
public interface StateDocument {
    /** The text; empty when there is none yet. */
    String read() throws IOException;

    /**
     * Something equal as long as the text is unchanged, and cheap to ask often (a file's stat; a
     * shared document's version, looked up at most about once a second).
     */
    Object stamp();

    /** The same, looked up now: for when something was not found and may have just been made elsewhere. */
    default Object freshStamp() {
        return stamp();
    }

    /** Replaces the text with {@code change(text)}, atomically; returns the new text. */
    String update(UnaryOperator<String> change) throws IOException;

    /**
     * A file, written by an atomic rename, owner-only, sealed for this user ({@link Seal}): one that was not
     * made by space-dev for this user on this machine reads as empty (and is moved aside).
     */
    static StateDocument file(Path file) {
        Seal seal = Seal.of(SpaceDevHome.path());
        String role = file.getFileName().toString();
        return new StateDocument() {
            @Override
            public String read() throws IOException {
                try {
                    return seal.open(file, role, StateDocument::warn).content();
                } catch (NoSuchFileException e) {
                    return "";
                }
            }

            @Override
            public Object stamp() {
                return FileStamp.of(file).orElse(null);
            }

            @Override
            public synchronized String update(UnaryOperator<String> change) throws IOException {
                String next = change.apply(read());
                SpaceDir.writeAtomically(file, seal.seal(role, next), true);
                return next;
            }
        };
    }

    private static void warn(String what) {
        org.slf4j.LoggerFactory.getLogger(StateDocument.class).warn(what);
    }

    /** Held in memory only: tests, and a proxy without a project. */
    static StateDocument inMemory() {
        return new StateDocument() {
            private String text = "";
            private long version;

            @Override
            public synchronized String read() {
                return text;
            }

            @Override
            public synchronized Object stamp() {
                return version;
            }

            @Override
            public synchronized String update(UnaryOperator<String> change) {
                text = Objects.requireNonNull(change.apply(text));
                version++;
                return text;
            }
        };
    }
}
