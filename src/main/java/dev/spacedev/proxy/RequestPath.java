package dev.spacedev.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * A request-target as the micro will understand it, computed once before routing and access
 * checks, so that no spelling of a path reaches a micro as something the checks did not see.
 * Percent-encoded unreserved characters are decoded ({@code /%61dmin} is {@code /admin}), other
 * escapes kept in upper case (RFC 3986 §6.2.2); "." and ".." segments are removed and repeated
 * slashes folded (§5.2.4); an encoded {@code /} or {@code \}, a backslash, a NUL or a control
 * character would let the micro see other segments than the proxy did, and is refused.
 *
 * @param path the canonical path, starting with "/"
 * @param query "" or the query string with its "?"
 */
public record RequestPath(String path, String query) {

    /** The canonical form of a request-target, or empty when it must be refused with 400. */
    public static Optional<RequestPath> parse(String uri) {
        String target = originForm(uri);
        int q = indexOfQueryOrFragment(target);
        String raw = q < 0 ? target : target.substring(0, q);
        String query = q < 0 || target.charAt(q) == '#' ? "" : stripFragment(target.substring(q));
        if (isCanonical(raw)) {
            return Optional.of(new RequestPath(raw, query)); // the usual case, checked without allocating
        }
        StringBuilder b = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int v = i + 2 < raw.length() ? hex(raw.charAt(i + 1)) << 4 | hex(raw.charAt(i + 2)) : -1;
                if (v < 0 || v == '/' || v == '\\' || v < 0x20 || v == 0x7f) {
                    return Optional.empty();
                }
                if (isUnreserved(v)) {
                    b.append((char) v);
                } else {
                    b.append('%').append(Character.toUpperCase(raw.charAt(i + 1))).append(Character.toUpperCase(raw.charAt(i + 2)));
                }
                i += 2;
            } else if (c == '\\' || c < 0x20 || c == 0x7f) {
                return Optional.empty();
            } else {
                b.append(c);
            }
        }
        return Optional.of(new RequestPath(removeDotSegments(b.toString()), query));
    }

    /** Path and query, as sent on. */
    public String uri() {
        return query.isEmpty() ? path : path + query;
    }

    /**
     * {@code path}, the canonical form of a path, fully percent-decoded (UTF-8): what a route
     * pattern written by a person is compared with. It holds no new "/" since those were refused.
     */
    public static String decoded(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            int v = c == '%' && i + 2 < path.length() ? hex(path.charAt(i + 1)) << 4 | hex(path.charAt(i + 2)) : -1;
            if (v >= 0) {
                bytes.write(v);
                i += 2;
            } else if (c < 0x100) {
                bytes.write(c); // the request line's bytes, one char each
            } else {
                byte[] enc = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(enc, 0, enc.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** {@code http://host/x?y} (absolute form, as proxies receive it) becomes {@code /x?y}. */
    static String originForm(String uri) {
        if (uri.startsWith("/")) {
            return uri;
        }
        int scheme = uri.indexOf("://");
        if (scheme > 0) {
            int slash = uri.indexOf('/', scheme + 3);
            return slash < 0 ? "/" : uri.substring(slash);
        }
        return "/" + uri; // "*" for OPTIONS, or garbage: still a path under the primary
    }

    private static int indexOfQueryOrFragment(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '?' || c == '#') {
                return i;
            }
        }
        return -1;
    }

    private static String stripFragment(String query) {
        int hash = query.indexOf('#');
        return hash < 0 ? query : query.substring(0, hash);
    }

    /** No escape, backslash or control character, and no empty, "." or ".." segment. */
    private static boolean isCanonical(String path) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            return false;
        }
        for (int i = 1; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' || c == '\\' || c < 0x20 || c == 0x7f) {
                return false;
            }
            if (path.charAt(i - 1) == '/') {
                if (c == '/') {
                    return false;
                }
                if (c == '.') {
                    int end = i + 1 < path.length() && path.charAt(i + 1) == '.' ? i + 2 : i + 1;
                    if (end == path.length() || path.charAt(end) == '/') {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * Folds repeated slashes and removes "." and ".." segments, so {@code /api/../admin} is
     * routed, checked and forwarded as {@code /admin}. A trailing slash stays.
     */
    static String removeDotSegments(String path) {
        Deque<String> out = new ArrayDeque<>();
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            boolean last = i == segments.length - 1;
            if (s.equals("..")) {
                out.pollLast();
                if (last) {
                    out.addLast("");
                }
            } else if (s.equals(".") || s.isEmpty()) {
                if (last && i > 0) {
                    out.addLast("");
                }
            } else {
                out.addLast(s);
            }
        }
        return "/" + String.join("/", out);
    }

    private static boolean isUnreserved(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -0x1000; // makes the combined value negative
    }
}
