package dev.spacedev.runtime;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

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
    private final OwnerSession session;
    private final byte[] apiKey;
    private final AppKeys appKeys;

    private Gatekeeper(boolean enabled, OwnerSession session, String apiKey, AppKeys appKeys) {
        this.enabled = enabled;
        this.session = session;
        this.apiKey = apiKey == null ? null : apiKey.getBytes(StandardCharsets.UTF_8);
        this.appKeys = appKeys;
    }

    public static Gatekeeper of(OwnerSession session, String apiKey, AppKeys appKeys) {
        return new Gatekeeper(true, session, apiKey, appKeys);
    }

    /** The project's owner session, data-API key and app keys, all kept in its {@code .space/}. */
    public static Gatekeeper forProject(SpaceDir space, ProjectKeys keys) throws java.io.IOException {
        return of(OwnerSession.loadOrCreate(space.ensure()), keys.apiKey(), new AppKeys(space));
    }

    /** {@code --no-auth}: everything passes, as with the old {@code space dev}. */
    public static Gatekeeper off() {
        return new Gatekeeper(false, null, null, null);
    }

    public boolean enabled() {
        return enabled;
    }

    public OwnerSession session() {
        return session;
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
        String header = request.headers().get(HttpHeaderNames.COOKIE);
        if (header == null) {
            return false;
        }
        Set<Cookie> cookies = ServerCookieDecoder.LAX.decode(header);
        for (Cookie c : cookies) {
            if (c.name().equals(OwnerSession.COOKIE) && session.isOwner(c.value())) {
                return true;
            }
        }
        return false;
    }

    /** A browser loading a page (not a fetch or an API client): it can be sent to sign in. */
    static boolean isNavigation(HttpRequest request) {
        String accept = request.headers().get(HttpHeaderNames.ACCEPT);
        return accept != null && accept.contains("text/html");
    }
}
