package dev.spacedev.proxy;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Maps a request path to a micro as Space did: the longest micro path that is a whole-segment
 * prefix of the canonical request path wins ({@code /api} takes {@code /api} and
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

    /**
     * @param prefix what was stripped ("" at the root)
     * @param path what the micro receives, canonical, without the query
     * @param query "" or the query with its "?"
     */
    public record Match<T>(T target, String prefix, String path, String query) {
        /** Path and query, as the micro receives them. */
        public String uri() {
            return query.isEmpty() ? path : path + query;
        }
    }

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

    /** @param request a canonical request path ({@link RequestPath#parse}) */
    public Match<T> match(RequestPath request) {
        String path = request.path();
        for (Mount<T> m : mounts) {
            String prefix = m.prefix();
            if (prefix.equals("/")) {
                return new Match<>(m.target(), "", path, request.query());
            }
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                String rest = path.substring(prefix.length());
                return new Match<>(m.target(), prefix, rest.isEmpty() ? "/" : rest, request.query());
            }
        }
        throw new AssertionError("unreachable: the root mount matches every path");
    }
}
