package dev.spacedev.runtime;

import dev.spacedev.files.SpaceDir;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Space's rule of who reaches a micro: every micro is private to the app's owner, except its
 * public routes; server-side calls between micros carry {@code X-API-Key}; micros with
 * {@code presets.api_keys} also take a live {@code X-Space-App-Key}. Public routes win over keys.
 */
public final class Gatekeeper {
    public static final String API_KEY_HEADER = "x-api-key";
    public static final String APP_KEY_HEADER = "x-space-app-key";

    /** Why a request may pass, or what it gets instead. */
    public enum Verdict {
        PUBLIC, OWNER, API_KEY, APP_KEY, OFF,
        /** A browser navigation: to the sign-in page. */
        SIGN_IN,
        /** Anything else: 401. */
        DENIED;

        public boolean passes() {
            return this != SIGN_IN && this != DENIED;
        }
    }

    private final boolean enabled;
    private final OwnerSessions sessions;
    private final byte[] apiKey;
    private final AppKeys appKeys;

    private Gatekeeper(boolean enabled, OwnerSessions sessions, String apiKey, AppKeys appKeys) {
        this.enabled = enabled;
        this.sessions = sessions;
        this.apiKey = apiKey == null ? null : apiKey.getBytes(StandardCharsets.UTF_8);
        this.appKeys = appKeys;
    }

    public static Gatekeeper of(OwnerSessions sessions, String apiKey, AppKeys appKeys) {
        return new Gatekeeper(true, sessions, apiKey, appKeys);
    }

    /**
     * The project's owner sessions, data-API key and app keys, all kept in its {@code .space/}.
     *
     * @param port the proxy's port (the session cookie's name carries it)
     */
    public static Gatekeeper forProject(SpaceDir space, ProjectKeys keys, int port) throws java.io.IOException {
        return of(OwnerSessions.forProject(space, port), keys.apiKey(), new AppKeys(space));
    }

    /** The same, with the sessions and app keys where {@code state} keeps them (a database, with {@code --data-url}). */
    public static Gatekeeper forProject(SpaceDir space, ProjectKeys keys, RuntimeState state, int port) throws java.io.IOException {
        if (state.sharedName() == null) {
            return forProject(space, keys, port);
        }
        return of(OwnerSessions.of(state, port), keys.apiKey(), new AppKeys(state));
    }

    /** {@code --no-auth}: everything passes, as with the old {@code space dev}. */
    public static Gatekeeper off() {
        return new Gatekeeper(false, null, null, null);
    }

    public boolean enabled() {
        return enabled;
    }

    public OwnerSessions sessions() {
        return sessions;
    }

    /** @param path the micro-relative path the request is for */
    public Verdict check(HttpRequest request, AccessPolicy policy, String path) {
        if (!enabled) {
            return Verdict.OFF;
        }
        if (policy.isPublic(path)) {
            return Verdict.PUBLIC;
        }
        if (isOwner(request)) {
            return Verdict.OWNER;
        }
        if (hasApiKey(request)) {
            return Verdict.API_KEY;
        }
        String appKey = request.headers().get(APP_KEY_HEADER);
        if (appKey != null && policy.appKeys() && appKeys.isLive(appKey)) {
            return Verdict.APP_KEY;
        }
        return isNavigation(request) ? Verdict.SIGN_IN : Verdict.DENIED;
    }

    public boolean hasApiKey(HttpRequest request) {
        String given = request.headers().get(API_KEY_HEADER);
        return enabled && given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), apiKey);
    }

    public boolean isOwner(HttpRequest request) {
        return enabled && sessions.isValid(sessionId(request));
    }

    /** The owner session cookie's value, or null. */
    public String sessionId(HttpRequest request) {
        if (!enabled) {
            return null;
        }
        // by hand rather than with ServerCookieDecoder: this runs for every request, and the decoder
        // builds a cookie object and a sorted set of every cookie the browser sends
        for (String header : request.headers().getAll(HttpHeaderNames.COOKIE)) {
            String name = sessions.cookieName();
            for (int at = header.indexOf(name); at >= 0; at = header.indexOf(name, at + 1)) {
                int end = at + name.length();
                if (isPairStart(header, at) && end < header.length() && header.charAt(end) == '=') {
                    int semicolon = header.indexOf(';', end);
                    return header.substring(end + 1, semicolon < 0 ? header.length() : semicolon).strip();
                }
            }
        }
        return null;
    }

    /**
     * Session cookies are the runtime's: a micro never sees this app's, nor any other space-dev app's on
     * this machine (a browser sends every localhost cookie to every port). Other cookies pass as they are.
     */
    public static void stripSessionCookie(HttpHeaders headers) {
        if (!headers.contains(HttpHeaderNames.COOKIE)) {
            return; // the usual case on the hot path: nothing to look at, nothing allocated
        }
        List<String> all = headers.getAll(HttpHeaderNames.COOKIE);
        boolean ours = false;
        for (String header : all) {
            ours |= header.contains(OwnerSessions.COOKIE_PREFIX);
        }
        if (!ours) {
            return;
        }
        StringBuilder kept = new StringBuilder();
        for (String header : all) {
            int from = 0;
            while (from < header.length()) {
                int semicolon = header.indexOf(';', from);
                int to = semicolon < 0 ? header.length() : semicolon;
                String pair = header.substring(from, to).strip();
                int eq = pair.indexOf('=');
                if (!pair.isEmpty() && !(eq >= 0 ? pair.substring(0, eq).strip() : pair).startsWith(OwnerSessions.COOKIE_PREFIX)) {
                    kept.append(kept.length() == 0 ? "" : "; ").append(pair);
                }
                from = to + 1;
            }
        }
        headers.remove(HttpHeaderNames.COOKIE);
        if (kept.length() > 0) {
            headers.set(HttpHeaderNames.COOKIE, kept.toString());
        }
    }

    /** Whether {@code at} starts a cookie pair: the header's start, or after "; " (so "x_space_dev_session_1" is not ours). */
    private static boolean isPairStart(String header, int at) {
        int i = at - 1;
        while (i >= 0 && header.charAt(i) == ' ') {
            i--;
        }
        return i < 0 || header.charAt(i) == ';';
    }

    /** A browser loading a page (not a fetch or an API client): it can be sent to sign in. */
    static boolean isNavigation(HttpRequest request) {
        String accept = request.headers().get(HttpHeaderNames.ACCEPT);
        return accept != null && accept.contains("text/html");
    }
}
