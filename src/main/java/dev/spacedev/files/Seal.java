package dev.spacedev.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What makes a file in {@code .space/} that grants access (the owner's sessions, app keys, the
 * project's keys) count: a last line with an HMAC of its content under a secret of this user on this
 * machine ({@code ~/.space-dev/state-key}, owner-only). A file committed to a repository, copied from
 * another machine or written by another account has no valid seal, so it grants nothing: it is moved
 * aside ({@code NAME.untrusted}, nothing lost) and the runtime starts afresh. Files from space-dev
 * versions before seals are adopted once, when nothing suggests they came from elsewhere: owned by
 * this user, readable by no one else (a git checkout makes them 0644), and not tracked by git.
 */
public final class Seal {
    static final String MARK = "# sealed by space-dev: ";
    private static final String KEY_FILE = "state-key";
    private static final Map<Path, Seal> BY_HOME = new ConcurrentHashMap<>();
    private final byte[] key;
    /** This user, as the file system names owners: the owner of space-dev's home folder (a uid on Unix). */
    private final Object me;

    /** How a file read through {@link #open} turned out. */
    public enum Verdict { SEALED, ADOPTED, MISSING, UNTRUSTED }

    /** What a file holds once its seal is checked; {@code content} is "" unless it is trusted. */
    public record Opened(Verdict verdict, String content) {
        public boolean trusted() {
            return verdict == Verdict.SEALED || verdict == Verdict.ADOPTED;
        }
    }

    private Seal(byte[] key, Object me) {
        this.key = key;
        this.me = me;
    }

    /** The seal of the user whose home for space-dev is {@code home} (made on first use). */
    public static Seal of(Path home) {
        return BY_HOME.computeIfAbsent(home.toAbsolutePath().normalize(), h -> {
            try {
                byte[] key = loadOrCreateKey(h);
                return new Seal(key, ownerOf(h));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot keep space-dev's key in " + h + ": " + e.getMessage(), e);
            }
        });
    }

    /** {@code content} with its seal, for a file named {@code role} ("sessions", "keys", …). */
    public String seal(String role, String content) {
        String body = content.endsWith("\n") || content.isEmpty() ? content : content + "\n";
        return body + MARK + mac(role, body) + "\n";
    }

    /**
     * Reads {@code file} and checks its seal. Untrusted content is moved aside; a trusted file that others
     * can read is made owner-only.
     *
     * @param warn told, in a sentence, what was done and why
     */
    public Opened open(Path file, String role, java.util.function.Consumer<String> warn) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return new Opened(Verdict.MISSING, "");
        }
        String text = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Files.readString(file) : "";
        boolean mine = java.util.Objects.equals(ownerOf(file), me);
        int at = text.lastIndexOf(MARK);
        if (mine && at >= 0 && (at == 0 || text.charAt(at - 1) == '\n')) {
            String body = text.substring(0, at);
            String given = text.substring(at + MARK.length()).strip();
            if (MessageDigest.isEqual(given.getBytes(StandardCharsets.US_ASCII), mac(role, body).getBytes(StandardCharsets.US_ASCII))) {
                if (othersMayRead(file)) {
                    OwnerOnly.file(file);
                    warn.accept(".space/" + file.getFileName() + " was readable by other accounts; it is owner-only now");
                }
                return new Opened(Verdict.SEALED, body);
            }
        }
        if (mine && at < 0 && !othersMayRead(file) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                && !GitTracked.isTracked(file)) {
            SpaceDir.writeAtomically(file, seal(role, text), true); // written by an earlier space-dev here: sealed from now on
            return new Opened(Verdict.ADOPTED, text);
        }
        Path aside = file.resolveSibling(file.getFileName() + ".untrusted");
        if (mine) {
            Files.move(file, aside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            OwnerOnly.file(aside);
        }
        warn.accept(".space/" + file.getFileName() + " was not made by space-dev for this user on this machine (from a repository,"
                + " another machine or another account?): it grants nothing" + (mine ? " and was moved to " + aside.getFileName() : "")
                + "; space-dev starts it afresh");
        return new Opened(Verdict.UNTRUSTED, "");
    }

    private String mac(String role, String body) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            m.update((role + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(m.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The key, made on first use. Two processes may get here at once (an {@code up} and a {@code keys}, say):
     * the key is linked into place only if none is there, so the second reads the first's rather than
     * replacing it (which would leave the files the first sealed untrusted).
     */
    private static byte[] loadOrCreateKey(Path home) throws IOException {
        OwnerOnly.directory(home);
        Path file = home.resolve(KEY_FILE);
        for (int attempt = 0; attempt < 3; attempt++) {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                String hex = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                        && java.util.Objects.equals(ownerOf(file), ownerOf(home)) ? Files.readString(file).strip() : "";
                if (hex.matches("[0-9a-f]{64}")) {
                    OwnerOnly.file(file);
                    return HexFormat.of().parseHex(hex);
                }
                Files.delete(file); // not a key space-dev made for this user: made anew below
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Path tmp = home.resolve(KEY_FILE + "." + ProcessHandle.current().pid() + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                try (var out = OwnerOnly.newFile(tmp)) {
                    out.write((HexFormat.of().formatHex(key) + "\n").getBytes(StandardCharsets.US_ASCII));
                }
                Files.createLink(file, tmp);
                return key;
            } catch (java.nio.file.FileAlreadyExistsException another) {
                // another process made it a moment ago: read theirs
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        throw new IOException("cannot make " + KEY_FILE + " in " + home);
    }

    /** The file's owner: its uid where the file system has them (names can differ from user.name in containers), else its name. */
    private static Object ownerOf(Path file) {
        try {
            return Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            try {
                return Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).getName();
            } catch (IOException | UnsupportedOperationException e2) {
                return null; // no owners on this file system: every file counts as this user's
            }
        }
    }

    private static boolean othersMayRead(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            return p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
