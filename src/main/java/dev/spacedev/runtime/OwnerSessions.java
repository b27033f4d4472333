package dev.spacedev.runtime;

import dev.spacedev.files.SpaceDir;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The owner's sign-ins. Each sign-in makes a random session id, the cookie's value; only its
 * SHA-256 and expiry are kept, in {@code .space/sessions} (owner-only) or, with {@code --data-url},
 * in the database every instance shares ({@link RuntimeState}), so a restart keeps the owner
 * signed in, sign-out revokes one session, and nothing stored is a usable secret. At most
 * {@link #MAX_SESSIONS} live at once (the oldest give way). The cookie's name carries the proxy's
 * port: two apps on one machine share cookies (a cookie has no port), not sessions. Signing in
 * takes a token, on loopback too: the run's token (printed with the sign-in link; with a shared
 * database only its hash is kept there, so each instance's token signs in on all of them) or the
 * one-time token {@code up --open} uses.
 */
public final class OwnerSessions {
    public static final Duration LIFETIME = Duration.ofDays(30);
    static final String FILE = "sessions";
    static final String COOKIE_PREFIX = "space_dev_session_";
    private static final long RECHECK_NANOS = 1_000_000_000L;
    private static final int RECENT_HASHES = 256;
    private static final int MAX_REMEMBERED_ID = 64;
    static final int MAX_SESSIONS = 100;

    private final String cookieName;
    private final StateDocument document;
    private final Clock clock;
    private final String runToken;
    /** Hashes of the run tokens of every instance sharing the database; null with files. */
    private final StateDocument sharedTokens;
    private volatile String oneTimeToken = Secrets.random(24);
    /** SHA-256 of each live session id -> its expiry (epoch seconds). */
    private volatile Map<String, Long> sessions = Map.of();
    private volatile Object loadedAt;
    private volatile long checkedAt = System.nanoTime();
    /** Sign-in attempts, right or wrong, across all clients: a burst of 20, then 20 a minute. */
    private final SignInAttempts attempts = new SignInAttempts(20, Duration.ofMinutes(1));
    private final Map<String, String> recentHashes = new java.util.concurrent.ConcurrentHashMap<>();

    private OwnerSessions(String cookieName, StateDocument document, Clock clock, String runToken, StateDocument sharedTokens) {
        this.runToken = runToken;
        this.cookieName = cookieName;
        this.document = document;
        this.clock = clock;
        this.sharedTokens = sharedTokens;
    }

    /** @param port the proxy's port, part of the cookie's name */
    public static OwnerSessions forProject(SpaceDir space, int port) throws IOException {
        space.ensure();
        Files.deleteIfExists(space.root().resolve("session")); // the single secret earlier versions kept
        return of(RuntimeState.files(space), port);
    }

    /** The sessions kept where {@code state} keeps them (the project's files, or a database several instances share). */
    public static OwnerSessions of(RuntimeState state, int port) throws IOException {
        String token = Secrets.random(24);
        if (state.signInToken() != null) {
            // this instance's token, as a hash beside the other instances' (a token of a month ago is dropped)
            long now = Clock.systemUTC().instant().getEpochSecond();
            String hash = Secrets.sha256(token);
            state.signInToken().update(current -> {
                Map<String, Long> live = new HashMap<>();
                parse(current).forEach((h, made) -> {
                    if (now - made < LIFETIME.toSeconds()) {
                        live.put(h, made);
                    }
                });
                live.put(hash, now);
                return format(live, "# sha256 of an instance's sign-in token\tmade (epoch seconds); made by space-dev\n");
            });
        }
        OwnerSessions s = new OwnerSessions(state.cookieName(port), state.sessions(), Clock.systemUTC(), token, state.signInToken());
        s.reload();
        return s;
    }

    /** Kept in memory only: for tests and a proxy without a project. */
    public static OwnerSessions inMemory(int port, Clock clock) {
        return new OwnerSessions(cookieName(port), StateDocument.inMemory(), clock, Secrets.random(24), null);
    }

    public static String cookieName(int port) {
        return COOKIE_PREFIX + port;
    }

    public String cookieName() {
        return cookieName;
    }

    public SignInAttempts attempts() {
        return attempts;
    }

    /** A new session; its id is returned (the cookie's value) and only its hash kept. */
    public synchronized String create() throws IOException {
        String id = Secrets.random(24);
        long expires = clock.instant().plus(LIFETIME).getEpochSecond();
        change(all -> {
            all.put(Secrets.sha256(id), expires);
            while (all.size() > MAX_SESSIONS) {
                all.entrySet().stream().min(Map.Entry.comparingByValue()).ifPresent(oldest -> all.remove(oldest.getKey()));
            }
        });
        return id;
    }

    public boolean isValid(String id) {
        if (id == null || id.isEmpty()) {
            return false;
        }
        long now = System.nanoTime();
        if (now - checkedAt > RECHECK_NANOS) {
            checkedAt = now; // another process (space-dev proxy, another instance, a sign-out there) may have changed them
            reloadIfChanged(document.stamp());
        }
        String h = hashOf(id);
        Long expires = sessions.get(h);
        if (expires == null) {
            reloadIfChanged(document.freshStamp()); // signed in just now, perhaps through another instance
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
        String h = Secrets.sha256(id);
        change(all -> all.remove(h));
    }

    /** The token {@code up --open} signs in with: good once, then replaced. */
    public String oneTimeToken() {
        return oneTimeToken;
    }

    /** The token printed with the sign-in link: good for this run (with a shared database, on every instance). */
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
        if (sharedTokens != null && token.length() <= MAX_REMEMBERED_ID) { // another instance's token (read on a sign-in thread)
            try {
                long now = clock.instant().getEpochSecond();
                sharedTokens.freshStamp(); // an instance started a moment ago may have added its token
                Long made = parse(sharedTokens.read()).get(Secrets.sha256(token));
                return made != null && now - made < LIFETIME.toSeconds();
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    /** Applies {@code edit} to the live sessions as stored now (expired ones dropped), and keeps the result. */
    private void change(java.util.function.Consumer<Map<String, Long>> edit) throws IOException {
        String text = document.update(current -> {
            Map<String, Long> all = live(parse(current));
            edit.accept(all);
            return format(all, SESSIONS_HEADER);
        });
        sessions = Map.copyOf(parse(text));
        loadedAt = document.stamp();
    }

    private Map<String, Long> live(Map<String, Long> all) {
        long now = clock.instant().getEpochSecond();
        Map<String, Long> next = new HashMap<>();
        all.forEach((h, e) -> {
            if (e > now) {
                next.put(h, e);
            }
        });
        return next;
    }

    private void reloadIfChanged(Object stamp) {
        if (!java.util.Objects.equals(stamp, loadedAt)) {
            reload();
        }
    }

    private synchronized void reload() {
        Object stamp = document.stamp();
        try {
            sessions = Map.copyOf(parse(document.read()));
            loadedAt = stamp;
        } catch (IOException | RuntimeException e) {
            // keep what we had rather than sign the owner out on a bad read
        }
    }

    private static Map<String, Long> parse(String text) {
        Map<String, Long> read = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.split("\t");
            if (f.length == 2 && !line.startsWith("#")) {
                try {
                    read.put(f[0], Long.parseLong(f[1]));
                } catch (NumberFormatException e) {
                    // a line someone edited by hand: not a session
                }
            }
        }
        return read;
    }

    private static final String SESSIONS_HEADER = "# sha256 of a session id\texpires (epoch seconds); made by space-dev\n";

    private static String format(Map<String, Long> all, String header) {
        StringBuilder b = new StringBuilder(header);
        all.forEach((h, e) -> b.append(h).append('\t').append(e).append('\n'));
        return b.toString();
    }
}
