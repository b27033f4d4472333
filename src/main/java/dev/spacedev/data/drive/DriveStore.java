package dev.spacedev.data.drive;

import dev.spacedev.data.base.BaseRequestException;
import dev.spacedev.net.Content;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Drive's files: embedded (names in SQLite, bytes in files; {@link FileDriveStore}) or in
 * PostgreSQL, bytes in chunks ({@link PgDriveStore}). A drive's names are a flat namespace, as on
 * Deta ({@code a} and {@code a/b} coexist); a file is replaced whole or not at all.
 */
public interface DriveStore extends AutoCloseable {
    /** A stored file: its bytes, and the type it was uploaded with. */
    record StoredFile(Content content, String contentType) {}

    /** A page of names; {@code last} to continue after, when more may follow. */
    record Listing(List<String> names, Optional<String> last) {}

    void put(String drive, String name, byte[] content, String contentType) throws IOException, SQLException;

    /** The same from a stream: the file is written as it comes, never held in memory. */
    void put(String drive, String name, InputStream content, String contentType) throws IOException, SQLException;

    String startUpload(String drive, String name, String contentType) throws IOException, SQLException;

    /** @return false when there is no such upload */
    boolean putPart(String uploadId, int part, byte[] content) throws IOException, SQLException;

    /** Joins the parts in order into the file; false when there is no such upload. */
    boolean completeUpload(String uploadId) throws IOException, SQLException;

    void abortUpload(String uploadId) throws IOException, SQLException;

    Optional<StoredFile> get(String drive, String name) throws IOException, SQLException;

    /**
     * A page of a drive's names under {@code prefix}, in name order (by bytes), after {@code last}.
     * Not {@code recursive}: the names below the prefix's next "/" are one entry, {@code dir/}, and
     * the page is over those entries (a {@code last} of {@code dir/} goes on after all of them).
     */
    Listing list(String drive, String prefix, int limit, Optional<String> last, boolean recursive) throws SQLException;

    /** The names of the drives that hold files. */
    List<String> drives() throws SQLException;

    /** Names that never existed count as deleted, as on Deta. */
    void delete(String drive, String name) throws IOException, SQLException;

    @Override
    void close() throws SQLException;

    /**
     * A file name Drive accepts: not empty, no trailing "/", no "." or ".." segment, no empty segment but a leading
     * "/" (Deta's cloud took "/avatars/x.png" as a name of its own, and apps wrote such names: it is kept as given).
     */
    static void checkName(String name) throws BaseRequestException {
        if (name == null || name.isEmpty()) {
            throw new BaseRequestException(400, "a file name is required (?name=...)");
        }
        if (name.endsWith("/") || name.contains("\\") || name.indexOf('\0') >= 0) {
            throw new BaseRequestException(400, "invalid file name \"" + name + "\"");
        }
        for (String segment : (name.startsWith("/") ? name.substring(1) : name).split("/")) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new BaseRequestException(400, "invalid file name \"" + name + "\"");
            }
        }
    }

    /** An id {@link #startUpload} made: 32 hex digits, and so never a path of its own. */
    static boolean isUploadId(String id) {
        return id != null && id.matches("[0-9a-f]{32}");
    }

    /** A random id (32 hex digits) for an upload or a file's content. */
    static String newId() {
        byte[] b = new byte[16];
        Ids.RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * After {@code last}, where a listing goes on: after "dir/" (not recursive), the first name that
     * is not under it, the one that starts with "dir0" ('0' follows '/').
     */
    static Optional<String> resumeAfter(Optional<String> last, boolean recursive) {
        return last.map(l -> !recursive && l.endsWith("/") ? l.substring(0, l.length() - 1) + "0" : l);
    }

    /** {@code name} as a non-recursive listing shows it: up to the first "/" after the prefix. */
    static String collapsed(String name, String prefix) {
        int slash = name.indexOf('/', prefix.length());
        return slash < 0 ? name : name.substring(0, slash + 1);
    }

    /**
     * A page of a listing from names read in order (column 1 of {@code names}): each shown as {@link #collapsed}
     * unless {@code recursive}, one entry per folder, reading one past {@code limit} to know whether more follow.
     */
    static Listing page(java.sql.ResultSet names, String prefix, int limit, boolean recursive) throws java.sql.SQLException {
        List<String> entries = new java.util.ArrayList<>();
        while (entries.size() <= limit && names.next()) {
            String entry = recursive ? names.getString(1) : collapsed(names.getString(1), prefix);
            if (entries.isEmpty() || !entries.get(entries.size() - 1).equals(entry)) {
                entries.add(entry);
            }
        }
        if (entries.size() > limit) {
            List<String> page = List.copyOf(entries.subList(0, limit));
            return new Listing(page, Optional.of(page.get(limit - 1)));
        }
        return new Listing(List.copyOf(entries), Optional.empty());
    }

    /** Holder: an interface's fields are constants; the SecureRandom for ids is made once. */
    final class Ids {
        static final SecureRandom RANDOM = new SecureRandom();

        private Ids() {}
    }
}
