package dev.spacedev.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/**
 * What a file was when read, to notice another process's change with one stat: its inode changes
 * on every save (an atomic rename), its time may not.
 */
record FileStamp(Object fileKey, FileTime modified, long size) {
    static Optional<FileStamp> of(Path file) {
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            return Optional.of(new FileStamp(attrs.fileKey(), attrs.lastModifiedTime(), attrs.size()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
