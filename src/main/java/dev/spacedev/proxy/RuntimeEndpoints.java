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
 * The runtime's own pages under {@code /__space/}: sign-in and sign-out. On loopback, sign-in is
 * one button (whoever sits at this machine is the owner), posted from this origin only; beyond
 * loopback it takes the token printed with the app's URL. {@code up --open} signs in with a
 * one-time token. Each sign-in is a new session (see {@link OwnerSessions}); its cookie is
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

    private RuntimeEndpoints() {}

    static boolean owns(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    /**
     * Signing in and out writes where the sessions are kept (a file, or the database several instances
     * share): done on a thread of its own, never on an event loop. The request's headers and path are all
     * it reads.
     */
    static java.util.concurrent.CompletableFuture<FullHttpResponse> handleLater(HttpRequest request, RequestPath path, Gatekeeper gate) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> handle(request, path, gate), WORK);
    }

    static FullHttpResponse handle(HttpRequest request, RequestPath path, Gatekeeper gate) {
        QueryStringDecoder query = new QueryStringDecoder(path.query().isEmpty() ? "" : path.query().substring(1), false);
        String next = safeNext(first(query, "next").orElse("/"));
        if (!gate.enabled() || !(path.path().equals(LOGIN) || path.path().equals(LOGOUT))) {
            return ErrorResponses.build(request, ProxyError.NOT_FOUND);
        }
        OwnerSessions sessions = gate.sessions();
        if (path.path().equals(LOGOUT)) {
            if ("cross-site".equals(request.headers().get("sec-fetch-site"))) {
                return ErrorResponses.build(request, ProxyError.FORBIDDEN_ORIGIN);
            }
            return signedOut(request, gate);
        }
        Optional<String> token = first(query, "token");
        if (token.isPresent() && sessions.redeem(token.get())) {
            return signedIn(request, sessions, next);
        }
        if (request.method().equals(HttpMethod.POST)) {
            if (!CrossSite.fromOwnPages(request)) {
                return ErrorResponses.build(request, ProxyError.FORBIDDEN_ORIGIN);
            }
            return sessions.tokenRequired() ? page(HttpResponseStatus.FORBIDDEN, tokenPage(next, true)) : signedIn(request, sessions, next);
        }
        return page(HttpResponseStatus.OK, sessions.tokenRequired() ? tokenPage(next, token.isPresent()) : signInPage(next));
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
                // the sign-in page is never framed by another site (clickjacking the button)
                .set("x-frame-options", "DENY").set("content-security-policy", "frame-ancestors 'none'");
        return r;
    }

    private static final String STYLE = "<style>body{font-family:system-ui,sans-serif;display:grid;place-items:center;min-height:90vh}"
            + "button,input{font:inherit;padding:.6rem 1.2rem}</style>";

    private static String signInPage(String next) {
        String action = LOGIN + "?next=" + ErrorResponses.escape(URLEncoder.encode(next, StandardCharsets.UTF_8));
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>Sign in</title>" + STYLE + "</head><body>"
                + "<form method=\"post\" action=\"" + action + "\">"
                + "<h1>This app is private</h1><p>As on Deta Space, only the app's owner may open it.<br>"
                + "space-dev listens on this machine only, so you are the owner.</p>"
                + "<button type=\"submit\">Sign in as the owner</button></form></body></html>\n";
    }

    /** Beyond loopback: the token from space-dev's output, typed or pasted (a GET form: it lands on the token sign-in). */
    private static String tokenPage(String next, boolean wrongToken) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>Sign in</title>" + STYLE + "</head><body>"
                + "<form method=\"get\" action=\"" + LOGIN + "\">"
                + "<h1>This app is private</h1><p>space-dev listens beyond this machine, so signing in needs the token it printed"
                + " with the app's URL<br>(the line <code>sign in: http://…/__space/login?token=…</code> where <code>space-dev up</code>"
                + " runs).</p>" + (wrongToken ? "<p role=\"alert\">That token is not this run's.</p>" : "")
                + "<p><label>Token <input name=\"token\" type=\"password\" autocomplete=\"off\" required></label></p>"
                + "<input type=\"hidden\" name=\"next\" value=\"" + ErrorResponses.escape(next) + "\">"
                + "<button type=\"submit\">Sign in as the owner</button></form></body></html>\n";
    }
}
