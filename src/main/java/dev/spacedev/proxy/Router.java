package dev.spacedev.proxy;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * Maps a request path to a micro as Space did: the longest micro path that is a whole-segment
 * prefix of the normalised request path wins ({@code /api} takes {@code /api} and
 * {@code /api/…}, not {@code /apix}); everything else goes to the primary at {@code /}. The
 * prefix is stripped, so each micro sees requests at its own root.
 */
public final class Router<T> {
    public record Mount<T>(String prefix, T target) {
        public Mount {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(target, "target");
        }
    }

    /** {@code path} is what the micro receives (query kept); {@code prefix} what was stripped ("" at the root). */
    public record Match<T>(T target, String prefix, String path) {}

    private final List<Mount<T>> mounts;

    /** @param mounts one of them at "/" (the primary) */
    public Router(List<Mount<T>> mounts) {
        this.mounts = mounts.stream().sorted(Comparator.comparingInt((Mount<T> m) -> m.prefix().length()).reversed()).toList();
        if (this.mounts.stream().noneMatch(m -> m.prefix().equals("/"))) {
            throw new IllegalArgumentException("a router needs a mount at /");
        }
    }

    public List<Mount<T>> mounts() {
        return mounts;
    }

    public Match<T> match(String uri) {
        String target = originForm(uri);
        int q = indexOfQueryOrFragment(target);
        String path = normalise(q < 0 ? target : target.substring(0, q));
        String query = q < 0 || target.charAt(q) == '#' ? "" : stripFragment(target.substring(q));
        for (Mount<T> m : mounts) {
            String prefix = m.prefix();
            if (prefix.equals("/")) {
                return new Match<>(m.target(), "", path + query);
            }
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                String rest = path.substring(prefix.length());
                return new Match<>(m.target(), prefix, (rest.isEmpty() ? "/" : rest) + query);
            }
        }
        throw new AssertionError("unreachable: the root mount matches every path");
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

    /** No empty, "." or ".." segment: nothing to do (the usual case, checked without allocating). */
    private static boolean isNormal(String path) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            return false;
        }
        for (int i = 1; i < path.length(); i++) {
            if (path.charAt(i - 1) == '/') {
                char c = path.charAt(i);
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
     * Folds repeated slashes and removes "." and ".." segments (RFC 3986 §5.2.4), so
     * {@code /api/../admin} is routed, and forwarded, as {@code /admin}. A trailing slash stays.
     */
    static String normalise(String path) {
        if (isNormal(path)) {
            return path;
        }
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
}
