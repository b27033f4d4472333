package dev.spacedev.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Locale;

/**
 * Cross-site request forgery, decided from the request head: a page on another site can make the
 * owner's browser send a form or a simple {@code fetch} to the app, cookie included, but it
 * cannot make the browser claim the app's own origin.
 */
final class CrossSite {
    private CrossSite() {}

    /**
     * Sent by the app's own pages: an {@code Origin} that is this origin (the Host was checked
     * before), or no Origin but {@code Sec-Fetch-Site: same-origin}.
     */
    static boolean fromOwnPages(HttpRequest r) {
        String origin = r.headers().get(HttpHeaderNames.ORIGIN);
        if (origin == null) {
            return "same-origin".equals(r.headers().get("sec-fetch-site"));
        }
        String host = r.headers().get(HttpHeaderNames.HOST);
        return host != null && (origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host));
    }

    /**
     * Sent by a page of another origin: an {@code Origin} that is not this one, or a {@code Sec-Fetch-Site}
     * other than same-origin. A browser always sends {@code Origin} with a WebSocket handshake and with a
     * cross-origin event stream; a client that sends neither is no browser, so holds no owner's cookie it did
     * not get from the owner.
     */
    static boolean fromOtherPages(HttpRequest r) {
        String origin = r.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null) {
            return !fromOwnPages(r);
        }
        String site = r.headers().get("sec-fetch-site");
        return site != null && !site.equals("same-origin") && !site.equals("none");
    }

    /**
     * A WebSocket upgrade or an event stream: a connection that stays open and that a page on another
     * localhost origin could hold with the owner's cookie (WebSockets are not bound by CORS at all).
     */
    static boolean isLongLived(HttpRequest r) {
        return r.headers().contains(HttpHeaderNames.UPGRADE)
                || r.headers().containsValue(HttpHeaderNames.ACCEPT, "text/event-stream", true);
    }

    /** A body a cross-site form could send without a CORS preflight: form-encoded, multipart, text/plain. */
    static boolean isSimpleBody(HttpRequest r) {
        String type = r.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (type == null) {
            return false;
        }
        String t = type.toLowerCase(Locale.ROOT).strip();
        return t.startsWith("application/x-www-form-urlencoded") || t.startsWith("multipart/form-data") || t.startsWith("text/plain");
    }
}
