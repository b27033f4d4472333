package dev.spacedev.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;

/** Header rewriting at the proxy: hop-by-hop headers removed (RFC 9110 §7.6.1), X-Forwarded-* added. */
final class ForwardedHeaders {
    private static final List<AsciiString> HOP_BY_HOP = List.of(HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE,
            AsciiString.cached("proxy-connection"), HttpHeaderNames.TE, HttpHeaderNames.TRANSFER_ENCODING,
            HttpHeaderNames.UPGRADE, HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION,
            HttpHeaderNames.TRAILER);
    private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    private static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    private static final AsciiString X_FORWARDED_PREFIX = AsciiString.cached("x-forwarded-prefix");
    private static final AsciiString X_REAL_IP = AsciiString.cached("x-real-ip");
    private static final AsciiString FORWARDED = AsciiString.cached("forwarded");
    private static final AsciiString X_FORWARDED = AsciiString.cached("x-forwarded-");
    /** Headers naming the client or the original URL, which servers and frameworks believe. */
    private static final List<AsciiString> CLIENT_CLAIMS = List.of(FORWARDED, X_REAL_IP, AsciiString.cached("x-client-ip"),
            AsciiString.cached("true-client-ip"), AsciiString.cached("cf-connecting-ip"), AsciiString.cached("x-original-url"),
            AsciiString.cached("x-rewrite-url"), AsciiString.cached("x-cluster-client-ip"), AsciiString.cached("fastly-client-ip"));

    private ForwardedHeaders() {}

    /**
     * Removes the hop-by-hop headers, keeping chunked framing where the message had it: Netty's
     * encoder frames the body from the headers, so dropping Transfer-Encoding alone would send a
     * chunked body unframed.
     */
    static void stripHopByHop(HttpMessage message) {
        if (scan(message.headers(), false)) {
            removeHopByHop(message);
        }
    }

    private static void removeHopByHop(HttpMessage message) {
        HttpHeaders h = message.headers();
        boolean chunked = HttpUtil.isTransferEncodingChunked(message);
        List<String> named = new ArrayList<>();
        for (String value : h.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : value.split(",")) {
                named.add(token.strip());
            }
        }
        named.forEach(h::remove);
        HOP_BY_HOP.forEach(h::remove);
        if (chunked) {
            HttpUtil.setTransferEncodingChunked(message, true);
        }
    }

    /**
     * One pass over the header names (this runs for every request): whether a hop-by-hop header is there,
     * and, with {@code dropClaims}, the removal of what a client could use to claim another identity or
     * path at the micro: every name holding "_" (WSGI and CGI servers read {@code X_Forwarded_For} as
     * {@code X-Forwarded-For}, and merge it before ours), every {@code X-Forwarded-*}, and the other
     * client-address and original-URL headers that servers and frameworks trust. The proxy sets its own.
     */
    private static boolean scan(HttpHeaders h, boolean dropClaims) {
        boolean hopByHop = false;
        List<CharSequence> drop = null;
        var it = h.iteratorCharSequence();
        while (it.hasNext()) {
            CharSequence name = it.next().getKey();
            if (!mayMatter(name)) {
                continue; // most names (host, accept, cookie, content-type, user-agent) are settled by their first letter
            }
            hopByHop |= isHopByHop(name);
            if (dropClaims && isClaim(name)) {
                if (drop == null) {
                    drop = new ArrayList<>(2);
                }
                drop.add(name);
            }
        }
        if (drop != null) {
            drop.forEach(h::remove);
        }
        return hopByHop;
    }

    /** Whether {@code name} could be hop-by-hop or a claim: its first letter is one of theirs, or it holds "_". */
    private static boolean mayMatter(CharSequence name) {
        if (name.length() == 0) {
            return false;
        }
        char first = (char) (name.charAt(0) | 0x20); // ASCII lower case
        return "ckptuxf".indexOf(first) >= 0 || AsciiString.indexOf(name, '_', 0) >= 0;
    }

    private static boolean isHopByHop(CharSequence name) {
        for (AsciiString hop : HOP_BY_HOP) {
            if (hop.contentEqualsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isClaim(CharSequence name) {
        if (AsciiString.indexOf(name, '_', 0) >= 0 || AsciiString.regionMatches(name, true, 0, X_FORWARDED, 0, X_FORWARDED.length())) {
            return true;
        }
        for (AsciiString claim : CLIENT_CLAIMS) {
            if (claim.contentEqualsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The upgrade a message asks for ({@code Upgrade: websocket} with {@code Connection: upgrade}),
     * or null. Read before the hop-by-hop headers are stripped.
     */
    static String upgradeOf(HttpMessage message) {
        HttpHeaders h = message.headers();
        String upgrade = h.get(HttpHeaderNames.UPGRADE);
        return upgrade != null && h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true) ? upgrade : null;
    }

    /** Puts back the two headers an upgrade travels on, which are hop-by-hop and so were stripped. */
    static void restoreUpgrade(HttpMessage message, String upgrade) {
        message.headers().set(HttpHeaderNames.UPGRADE, upgrade).set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    }

    /**
     * The request as the micro receives it: its path with the micro's prefix stripped, forwarded
     * headers added, an upgrade passed on.
     *
     * @return the upgrade asked for, or null
     */
    static String rewriteRequest(HttpRequest request, String uri, String prefix, String clientIp, boolean tls) {
        String upgrade = upgradeOf(request);
        HttpHeaders h = request.headers();
        if (scan(h, true)) {
            removeHopByHop(request);
        }
        if (upgrade != null) {
            restoreUpgrade(request, upgrade);
        }
        // The proxy is the app's edge, as Space's was: what clients claim in these is replaced,
        // so none can be spoofed.
        String proto = tls ? "https" : "http";
        h.set(X_FORWARDED_FOR, clientIp);
        h.set(X_REAL_IP, clientIp);
        h.set(X_FORWARDED_PROTO, proto);
        String host = h.get(HttpHeaderNames.HOST);
        if (host != null) {
            h.set(X_FORWARDED_HOST, host);
        } else {
            h.remove(X_FORWARDED_HOST);
        }
        h.set(FORWARDED, forwarded(clientIp, proto, host));
        if (prefix.isEmpty()) {
            h.remove(X_FORWARDED_PREFIX);
        } else {
            h.set(X_FORWARDED_PREFIX, prefix);
        }
        request.setUri(uri);
        return upgrade;
    }

    /** RFC 7239: an IPv6 address and a host with a port are quoted strings. */
    static String forwarded(String clientIp, String proto, String host) {
        String forIp = clientIp.indexOf(':') >= 0 ? "\"[" + clientIp + "]\"" : clientIp;
        String value = "for=" + forIp + ";proto=" + proto;
        return host == null ? value : value + ";host=\"" + host.replace("\\", "").replace("\"", "") + "\"";
    }
}
