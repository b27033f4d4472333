package dev.spacedev.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and folders that hold the owner's data or secrets (keys, sessions, Base and Drive, exports,
 * the local CA): folders 0700 and files 0600, so no other account on the machine reads them. On a
 * file system without POSIX permissions nothing more can be done, and nothing fails.
 */
public final class OwnerOnly {
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {}

    /** Creates {@code dir} and its missing parents as 0700, and makes {@code dir} itself 0700 if it was there. */
    public static Path directory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            restrict(dir, DIR);
            return dir;
        }
        try {
            Files.createDirectories(dir, attribute(DIR));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(dir);
        }
        return dir;
    }

    /** Makes an existing file 0600; a missing one is left missing. */
    public static void file(Path file) throws IOException {
        if (Files.exists(file)) {
            restrict(file, FILE);
        }
    }

    /** Creates an empty 0600 file unless one is there (which is then made 0600): SQLite's files take its mode. */
    public static void createFile(Path file) throws IOException {
        try {
            Files.createFile(file, attribute(FILE));
        } catch (FileAlreadyExistsException e) {
            restrict(file, FILE);
        } catch (UnsupportedOperationException e) {
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
        }
    }

    /** A new file, 0600 from its first byte; never an existing one. */
    public static OutputStream newFile(Path file) throws IOException {
        createNew(file);
        return Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static void createNew(Path file) throws IOException {
        try {
            Files.createFile(file, attribute(FILE));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
    }

    private static void restrict(Path path, Set<PosixFilePermission> perms) throws IOException {
        try {
            Files.setPosixFilePermissions(path, perms);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> perms) {
        return PosixFilePermissions.asFileAttribute(perms);
    }
}
