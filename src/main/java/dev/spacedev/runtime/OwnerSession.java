package dev.spacedev.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The owner's sign-in: Space apps are single-user, so one session secret per project (kept in
 * {@code .space/session}, so a restart keeps you signed in) is the cookie's value. A one-time
 * sign-in token lets {@code up --open} open the browser already signed in.
 */
public final class OwnerSession {
    public static final String COOKIE = "space_dev_session";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final String secret;
    private volatile String oneTimeToken = random();

    private OwnerSession(String secret) {
        this.secret = secret;
    }

    public static OwnerSession loadOrCreate(SpaceDir space) throws IOException {
        Optional<String> stored = space.read(space.root().resolve("session")).map(String::strip).filter(s -> s.length() >= 32);
        if (stored.isPresent()) {
            return new OwnerSession(stored.get());
        }
        String secret = random();
        SpaceDir.writeAtomically(space.root().resolve("session"), secret + "\n", true);
        return new OwnerSession(secret);
    }

    /** For tests and for a proxy without a project directory. */
    public static OwnerSession of(String secret) {
        return new OwnerSession(secret);
    }

    public String cookieValue() {
        return secret;
    }

    public boolean isOwner(String cookieValue) {
        return cookieValue != null && MessageDigest.isEqual(cookieValue.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8));
    }

    public String oneTimeToken() {
        return oneTimeToken;
    }

    /** True once for the current token, which is then replaced. */
    public synchronized boolean redeem(String token) {
        if (token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), oneTimeToken.getBytes(StandardCharsets.UTF_8))) {
            oneTimeToken = random();
            return true;
        }
        return false;
    }

    private static String random() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
