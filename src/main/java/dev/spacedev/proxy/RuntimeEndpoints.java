package dev.spacedev.proxy;

import dev.spacedev.runtime.Gatekeeper;
import dev.spacedev.runtime.OwnerSessions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's own pages under {@code /__space/}: sign-in and sign-out. Signing in takes a token,
 * as Jupyter's does, on loopback too (any account on this machine can reach loopback): the run's
 * token, printed by {@code up} in its sign-in link and by {@code space-dev login} for the owner's
 * account, or the one-time token {@code up --open} hands the browser. A token is redeemed only by
 * POST (a link's page posts it), so it stays out of history and logs. Sign-out is a POST from the
 * app's own pages. Each sign-in is a new session (see {@link OwnerSessions}); its cookie is
 * HttpOnly and SameSite=Lax.
 */
final class RuntimeEndpoints {
    static final String PREFIX = "/__space";
    static final String LOGIN = PREFIX + "/login";
    static final String LOGOUT = PREFIX + "/logout";
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeEndpoints.class);
    private static final java.util.concurrent.ExecutorService WORK = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sign-in");
        t.setDaemon(true);
        return t;
    });

    /** The largest sign-in form read: a token and a path. */
    static final int MAX_FORM = 4096;

    private RuntimeEndpoints() {}

    static boolean owns(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    /**
     * Signing in and out writes where the sessions are kept (a file, or the database several instances
     * share): done on a thread of its own, never on an event loop. The request's headers and path, and the
     * form the proxy read from its body (at most {@link #MAX_FORM} bytes), are all it reads.
     */
    static java.util.concurrent.CompletableFuture<FullHttpResponse> handleLater(HttpRequest request, RequestPath path, Gatekeeper gate,
            String form) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> handle(request, path, gate, form), WORK);
    }

    /** @param form the request's body, read by the proxy for a POST ("" otherwise) */
    static FullHttpResponse handle(HttpRequest request, RequestPath path, Gatekeeper gate, String form) {
        QueryStringDecoder query = new QueryStringDecoder(path.query().isEmpty() ? "" : path.query().substring(1), false);
        QueryStringDecoder posted = new QueryStringDecoder(form, StandardCharsets.UTF_8, false);
        String next = safeNext(first(posted, "next").or(() -> first(query, "next")).orElse("/"));
        if (!gate.enabled() || !(path.path().equals(LOGIN) || path.path().equals(LOGOUT))) {
            return ErrorResponses.build(request, ProxyError.NOT_FOUND);
        }
        boolean post = request.method().equals(HttpMethod.POST);
        if (path.path().equals(LOGOUT)) {
            // a POST from the app's own pages only: an <img> or a form on another localhost page signs no one out
            if (!post) {
                return page(HttpResponseStatus.OK, SignInPages.signOut());
            }
            return CrossSite.fromOwnPages(request) ? signedOut(request, gate) : ErrorResponses.build(request, ProxyError.FORBIDDEN_ORIGIN);
        }
        OwnerSessions sessions = gate.sessions();
        if (!post) {
            // a link with ?token= is not redeemed by GET (it would stay in history and in proxies' logs): its page posts it
            return page(HttpResponseStatus.OK, SignInPages.token(next, first(query, "token").orElse(""), false));
        }
        Optional<String> token = first(posted, "token");
        if (!sessions.attempts().tryTake()) {
            return ErrorResponses.build(request, ProxyError.TOO_MANY_SIGN_INS);
        }
        if (token.isPresent() && sessions.redeem(token.get())) {
            return signedIn(request, sessions, next);
        }
        return page(HttpResponseStatus.FORBIDDEN, SignInPages.token(next, "", token.isPresent()));
    }

    /** Where to send a browser that must sign in first. */
    static FullHttpResponse toSignIn(String uri) {
        return redirect(LOGIN + "?next=" + URLEncoder.encode(uri, StandardCharsets.UTF_8));
    }

    private static FullHttpResponse signedIn(HttpRequest request, OwnerSessions sessions, String next) {
        String id;
        try {
            id = sessions.create();
        } catch (IOException e) {
            LOG.warn("cannot save the owner's session: {}", e.toString());
            return ErrorResponses.build(request, ProxyError.SIGN_IN_FAILED);
        }
        FullHttpResponse r = redirect(next);
        DefaultCookie c = cookie(sessions.cookieName(), id);
        c.setMaxAge(OwnerSessions.LIFETIME.toSeconds());
        r.headers().add(HttpHeaderNames.SET_COOKIE, ServerCookieEncoder.STRICT.encode(c));
        return r;
    }

    private static FullHttpResponse signedOut(HttpRequest request, Gatekeeper gate) {
        String id = gate.sessionId(request);
        if (id != null) {
            try {
                gate.sessions().revoke(id);
            } catch (IOException e) {
                LOG.warn("cannot save the sign-out: {}", e.toString());
                return ErrorResponses.build(request, ProxyError.SIGN_IN_FAILED);
            }
        }
        FullHttpResponse r = redirect(LOGIN);
        DefaultCookie gone = cookie(gate.sessions().cookieName(), "");
        gone.setMaxAge(0);
        r.headers().add(HttpHeaderNames.SET_COOKIE, ServerCookieEncoder.STRICT.encode(gone));
        return r;
    }

    private static DefaultCookie cookie(String name, String value) {
        DefaultCookie c = new DefaultCookie(name, value);
        c.setHttpOnly(true);
        c.setPath("/");
        c.setSameSite(CookieHeaderNames.SameSite.Lax);
        return c;
    }

    /**
     * Only a path on this origin, never an open redirect: what a browser would ignore (tab, CR,
     * LF) is removed and a backslash read as the slash browsers make of it before deciding, and
     * the path must then read the same at every step (no encoded slash, no "//").
     */
    static String safeNext(String next) {
        String n = next.replaceAll("[\\t\\n\\r]", "").replace('\\', '/');
        if (!n.startsWith("/") || n.startsWith("//")) {
            return "/";
        }
        return RequestPath.parse(n).map(RequestPath::uri).filter(u -> u.startsWith("/") && !u.startsWith("//")).orElse("/");
    }

    private static Optional<String> first(QueryStringDecoder query, String name) {
        List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    private static FullHttpResponse redirect(String location) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SEE_OTHER);
        r.headers().set(HttpHeaderNames.LOCATION, location).set(HttpHeaderNames.CONTENT_LENGTH, 0)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return r;
    }

    private static FullHttpResponse page(HttpResponseStatus status, String html) {
        ByteBuf body = Unpooled.copiedBuffer(html, StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8").set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                // never framed by another site (clickjacking the button); the token never leaves in a Referer
                .set("x-frame-options", "DENY").set("content-security-policy", SignInPages.POLICY)
                .set("referrer-policy", "no-referrer");
        return r;
    }

}
