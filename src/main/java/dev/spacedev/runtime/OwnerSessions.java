package dev.spacedev.runtime;

import dev.spacedev.files.SpaceDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The owner's sign-ins. Each sign-in makes a random session id, the cookie's value; only its
 * SHA-256 and expiry are kept, in {@code .space/sessions} (owner-only), so a restart keeps the
 * owner signed in, sign-out revokes one session, and no file holds a usable secret. The cookie's
 * name carries the proxy's port: two apps on one machine share cookies (a cookie has no port),
 * not sessions. Sign-in itself goes by a button on loopback, or by a token: the one-time token
 * {@code up --open} uses, and the run's token that sign-in requires when the app listens beyond
 * loopback.
 */
public final class OwnerSessions {
    public static final Duration LIFETIME = Duration.ofDays(30);
    static final String FILE = "sessions";
    private static final long RECHECK_NANOS = 1_000_000_000L;
    private static final int RECENT_HASHES = 256;
    private static final int MAX_REMEMBERED_ID = 64;

    private final String cookieName;
    private final Path file;
    private final Clock clock;
    private final boolean tokenRequired;
    private final String runToken = Secrets.random(24);
    private volatile String oneTimeToken = Secrets.random(24);
    /** SHA-256 of each live session id -> its expiry (epoch seconds). */
    private volatile Map<String, Long> sessions = Map.of();
    private volatile FileStamp loadedAt;
    private volatile long checkedAt = System.nanoTime();
    private final Map<String, String> recentHashes = new java.util.concurrent.ConcurrentHashMap<>();

    private OwnerSessions(String cookieName, Path file, Clock clock, boolean tokenRequired) {
        this.cookieName = cookieName;
        this.file = file;
        this.clock = clock;
        this.tokenRequired = tokenRequired;
    }

    /**
     * @param port the proxy's port, part of the cookie's name
     * @param tokenRequired the app listens beyond loopback: signing in needs {@link #runToken}
     */
    public static OwnerSessions forProject(SpaceDir space, int port, boolean tokenRequired) throws IOException {
        space.ensure();
        Files.deleteIfExists(space.root().resolve("session")); // the single secret earlier versions kept
        OwnerSessions s = new OwnerSessions(cookieName(port), space.root().resolve(FILE), Clock.systemUTC(), tokenRequired);
        s.reload();
        return s;
    }

    /** Kept in memory only: for tests and a proxy without a project. */
    public static OwnerSessions inMemory(int port, boolean tokenRequired, Clock clock) {
        return new OwnerSessions(cookieName(port), null, clock, tokenRequired);
    }

    public static String cookieName(int port) {
        return "space_dev_session_" + port;
    }

    public String cookieName() {
        return cookieName;
    }

    public boolean tokenRequired() {
        return tokenRequired;
    }

    /** A new session; its id is returned (the cookie's value) and only its hash kept. */
    public synchronized String create() throws IOException {
        reload();
        String id = Secrets.random(24);
        Map<String, Long> next = live();
        next.put(Secrets.sha256(id), clock.instant().plus(LIFETIME).getEpochSecond());
        save(next);
        return id;
    }

    public boolean isValid(String id) {
        if (id == null || id.isEmpty()) {
            return false;
        }
        long now = System.nanoTime();
        if (now - checkedAt > RECHECK_NANOS) {
            checkedAt = now; // another process (space-dev proxy, a sign-out there) may have changed the file
            reloadIfChanged();
        }
        String h = hashOf(id);
        Long expires = sessions.get(h);
        if (expires == null) {
            reloadIfChanged();
            expires = sessions.get(h);
        }
        return expires != null && expires > clock.instant().getEpochSecond();
    }

    /**
     * A browser sends the same cookie with each request: its hash is remembered rather than
     * computed each time (a SHA-256 and its hex string per request were most of the access check's
     * cost). Bounded, since anyone can send cookies; what is valid is still decided by the sessions.
     */
    private String hashOf(String id) {
        String h = recentHashes.get(id);
        if (h == null) {
            h = Secrets.sha256(id);
            if (id.length() <= MAX_REMEMBERED_ID) { // a session id is 48 hex digits; a cookie sent to fill memory is not kept
                if (recentHashes.size() >= RECENT_HASHES) {
                    recentHashes.clear();
                }
                recentHashes.put(id, h);
            }
        }
        return h;
    }

    /** Sign-out: the session is gone, here and for every proxy reading the same file. */
    public synchronized void revoke(String id) throws IOException {
        reload();
        Map<String, Long> next = live();
        if (next.remove(Secrets.sha256(id)) != null) {
            save(next);
        }
    }

    /** The token {@code up --open} signs in with: good once, then replaced. */
    public String oneTimeToken() {
        return oneTimeToken;
    }

    /** The token printed with the sign-in URL when the app listens beyond loopback; good for this run. */
    public String runToken() {
        return runToken;
    }

    /** Whether {@code token} lets its bearer sign in: the run's token, or the one-time token (then replaced). */
    public synchronized boolean redeem(String token) {
        if (token == null) {
            return false;
        }
        if (Secrets.equal(token, runToken)) {
            return true;
        }
        if (Secrets.equal(token, oneTimeToken)) {
            oneTimeToken = Secrets.random(24);
            return true;
        }
        return false;
    }

    private Map<String, Long> live() {
        long now = clock.instant().getEpochSecond();
        Map<String, Long> next = new HashMap<>();
        sessions.forEach((h, e) -> {
            if (e > now) {
                next.put(h, e);
            }
        });
        return next;
    }

    private void reloadIfChanged() {
        if (file != null && !java.util.Objects.equals(FileStamp.of(file).orElse(null), loadedAt)) {
            reload();
        }
    }

    private synchronized void reload() {
        if (file == null) {
            return;
        }
        loadedAt = FileStamp.of(file).orElse(null);
        Map<String, Long> read = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.split("\t");
                if (f.length == 2 && !line.startsWith("#")) {
                    read.put(f[0], Long.parseLong(f[1]));
                }
            }
        } catch (NoSuchFileException e) {
            // nobody signed in yet
        } catch (IOException | RuntimeException e) {
            return; // keep what we had rather than sign the owner out on a bad read
        }
        sessions = Map.copyOf(read);
    }

    private void save(Map<String, Long> next) throws IOException {
        if (file != null) {
            StringBuilder b = new StringBuilder("# sha256 of a session id\texpires (epoch seconds); made by space-dev\n");
            next.forEach((h, e) -> b.append(h).append('\t').append(e).append('\n'));
            SpaceDir.writeAtomically(file, b.toString(), true);
            loadedAt = FileStamp.of(file).orElse(null);
        }
        sessions = Map.copyOf(next);
    }
}
