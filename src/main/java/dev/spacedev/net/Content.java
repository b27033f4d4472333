package dev.spacedev.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a response's body is made of: a file on disk (sent zero-copy) or bytes read as a stream
 * from elsewhere (a database), with the size and time its validators and ranges need.
 */
public interface Content {
    long size();

    /** When the content last changed, in epoch seconds. */
    long modifiedSeconds();

    /** The bytes from {@code start} on; the caller reads at most what it asked for and closes the stream. */
    InputStream open(long start) throws IOException;

    /** The file, when the content is one (then it may be sent without copying). */
    default Optional<Path> file() {
        return Optional.empty();
    }

    static Content of(Path file) throws IOException {
        long size = Files.size(file);
        long modified = Files.getLastModifiedTime(file).toMillis() / 1000;
        return new Content() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public long modifiedSeconds() {
                return modified;
            }

            @Override
            public InputStream open(long start) throws IOException {
                InputStream in = Files.newInputStream(file);
                in.skipNBytes(start);
                return in;
            }

            @Override
            public Optional<Path> file() {
                return Optional.of(file);
            }
        };
    }
}
