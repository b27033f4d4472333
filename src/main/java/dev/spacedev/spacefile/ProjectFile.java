package dev.spacedev.spacefile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file a project brings (its Spacefile, {@code .env}, {@code package.json}, what {@code new} reads), read as the
 * author of a cloned repository may have laid it out: once its links are followed it must be a regular file inside
 * the project — a committed link to {@code ~/.netrc} would otherwise have its text shown in an error message (a
 * public CI log), and one to {@code /dev/zero} or a pipe would be read forever — and no more than a bound is read,
 * counted while reading (a file under {@code /proc} says it is empty).
 */
public final class ProjectFile {
    /** Enough for any package.json, requirements.txt or .env a person writes. */
    public static final int TEXT_LIMIT = 4 << 20;

    /** Why a project's file is not read, in words for the user; never its content. */
    public static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    private ProjectFile() {}

    /**
     * The file's real path when it may be read: a regular file inside {@code projectDir} once links are followed.
     * A missing file (or a link to nothing) throws {@link java.nio.file.NoSuchFileException}.
     */
    public static Path check(Path projectDir, Path file) throws IOException {
        Path real = regular(file);
        if (!real.startsWith(projectDir.toRealPath())) {
            throw new Refused(file.getFileName() + " is a link to a file outside the project: not read (a cloned"
                    + " repository could point it at a file of yours)");
        }
        return real;
    }

    /** At most {@code limit} bytes of it; more is refused. */
    public static byte[] read(Path projectDir, Path file, int limit) throws IOException {
        return bounded(check(projectDir, file), file, limit);
    }

    /** Its text (UTF-8, malformed bytes replaced), at most {@link #TEXT_LIMIT} bytes. */
    public static String readString(Path projectDir, Path file) throws IOException {
        return new String(read(projectDir, file, TEXT_LIMIT), StandardCharsets.UTF_8);
    }

    /**
     * The text of a file whose content only ever reaches the micros, never a message (the {@code .env}): its link may
     * lead outside the project (to the owner's own secrets file, a common place), but it must be a regular file, and
     * no more than {@link #TEXT_LIMIT} bytes are read.
     */
    public static String readValues(Path file) throws IOException {
        return new String(bounded(regular(file), file, TEXT_LIMIT), StandardCharsets.UTF_8);
    }

    /** Where its links lead, if that is a regular file. */
    private static Path regular(Path file) throws IOException {
        Path real = file.toRealPath();
        if (!Files.isRegularFile(real)) {
            throw new Refused(file.getFileName() + " is not a regular file (a folder, a device or a pipe): not read");
        }
        return real;
    }

    private static byte[] bounded(Path real, Path file, int limit) throws IOException {
        try (InputStream in = Files.newInputStream(real)) {
            byte[] bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw new Refused(file.getFileName() + " is larger than " + limit + " bytes: not read");
            }
            return bytes;
        }
    }
}
