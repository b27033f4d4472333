package dev.spacedev.proxy;

import dev.spacedev.runtime.Gatekeeper;
import dev.spacedev.runtime.OwnerSession;
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
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The runtime's own pages under {@code /__space/}: a sign-in page with one button (the proxy
 * listens on loopback, so the owner is whoever sits at this machine), sign-in by the one-time
 * token {@code up --open} uses, and sign-out. The session cookie is HttpOnly and SameSite=Lax.
 */
final class RuntimeEndpoints {
    static final String PREFIX = "/__space";
    static final String LOGIN = PREFIX + "/login";
    static final String LOGOUT = PREFIX + "/logout";
    private static final long COOKIE_MAX_AGE = 30L * 24 * 3600;

    private RuntimeEndpoints() {}

    static boolean owns(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    static FullHttpResponse handle(HttpRequest request, Gatekeeper gate) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String next = localPath(uri.parameters().getOrDefault("next", List.of("/")).get(0));
        if (uri.path().equals(LOGIN) && gate.enabled()) {
            OwnerSession session = gate.session();
            List<String> token = uri.parameters().get("token");
            if (token != null && session.redeem(token.get(0))) {
                return signedIn(session, next);
            }
            if (request.method().equals(HttpMethod.POST)) {
                return sameOrigin(request) ? signedIn(session, next)
                        : ErrorResponses.build(request, ProxyError.FORBIDDEN_ORIGIN, null, null, List.of());
            }
            return page(HttpResponseStatus.OK, signInPage(next));
        }
        if (uri.path().equals(LOGOUT) && gate.enabled()) {
            FullHttpResponse r = redirect(LOGIN);
            DefaultCookie gone = cookie("");
            gone.setMaxAge(0);
            r.headers().add(HttpHeaderNames.SET_COOKIE, ServerCookieEncoder.STRICT.encode(gone));
            return r;
        }
        return ErrorResponses.build(request, ProxyError.NOT_FOUND, null, null, List.of());
    }

    /** Where to send a browser that must sign in first. */
    static FullHttpResponse toSignIn(HttpRequest request) {
        return redirect(LOGIN + "?next=" + java.net.URLEncoder.encode(request.uri(), StandardCharsets.UTF_8));
    }

    private static FullHttpResponse signedIn(OwnerSession session, String next) {
        FullHttpResponse r = redirect(next);
        DefaultCookie c = cookie(session.cookieValue());
        c.setMaxAge(COOKIE_MAX_AGE);
        r.headers().add(HttpHeaderNames.SET_COOKIE, ServerCookieEncoder.STRICT.encode(c));
        return r;
    }

    private static DefaultCookie cookie(String value) {
        DefaultCookie c = new DefaultCookie(OwnerSession.COOKIE, value);
        c.setHttpOnly(true);
        c.setPath("/");
        c.setSameSite(io.netty.handler.codec.http.cookie.CookieHeaderNames.SameSite.Lax);
        return c;
    }

    /** A cross-site form cannot sign anyone in: the POST must come from this origin (or say nothing). */
    private static boolean sameOrigin(HttpRequest request) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        String host = request.headers().get(HttpHeaderNames.HOST);
        return origin == null || host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    /** Only a path on this origin: never an open redirect. */
    static String localPath(String next) {
        return next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
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
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return r;
    }

    private static String signInPage(String next) {
        String action = LOGIN + "?next=" + ErrorResponses.escape(java.net.URLEncoder.encode(next, StandardCharsets.UTF_8));
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>Sign in</title><style>"
                + "body{font-family:system-ui,sans-serif;display:grid;place-items:center;min-height:90vh}"
                + "button{font:inherit;padding:.6rem 1.2rem}</style></head><body><form method=\"post\" action=\"" + action + "\">"
                + "<h1>This app is private</h1><p>As on Deta Space, only the app's owner may open it.<br>"
                + "space-dev listens on this machine only, so you are the owner.</p>"
                + "<button type=\"submit\">Sign in as the owner</button></form></body></html>\n";
    }
}
