package dev.spacedev.proxy;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a request to a file of a static micro's {@code serve} directory, and never to
 * anything outside it: encoded slashes and backslashes are refused, ".." cannot climb out, and
 * symlinks are followed only when their target is inside the directory too.
 */
public final class StaticFiles {
    private final Path root;

    /** {@code root} need not exist yet: a build may create it while space-dev runs. */
    public StaticFiles(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** What a request for {@code path} (micro-relative, query allowed) resolves to. */
    public sealed interface Lookup permits Found, Redirect, Missing, BadMethod {}

    public record Found(Path file) implements Lookup {}

    /** A directory requested without its trailing slash: relative links in its index.html need one. */
    public record Redirect(String location) implements Lookup {}

    public record Missing() implements Lookup {}

    public record BadMethod() implements Lookup {}

    public Lookup lookup(HttpRequest request, String path, String prefix) {
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            return new BadMethod();
        }
        String rawPath = path;
        int q = rawPath.indexOf('?');
        String query = q < 0 ? "" : rawPath.substring(q);
        if (q >= 0) {
            rawPath = rawPath.substring(0, q);
        }
        Optional<List<String>> segments = decode(rawPath);
        if (segments.isEmpty()) {
            return new Missing();
        }
        Path candidate = root;
        for (String s : segments.get()) {
            candidate = candidate.resolve(s);
        }
        if (Files.isDirectory(candidate)) {
            if (!rawPath.endsWith("/")) {
                return new Redirect(prefix + rawPath + "/" + query);
            }
            candidate = candidate.resolve("index.html");
        }
        return inside(candidate).<Lookup>map(Found::new).orElseGet(Missing::new);
    }

    /** Decoded segments, or empty when a segment would escape or hide a separator. */
    static Optional<List<String>> decode(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String raw : rawPath.split("/")) {
            if (raw.isEmpty()) {
                continue;
            }
            String s;
            try {
                // '+' is a plus in a path, not a space as in a query string
                s = QueryStringDecoder.decodeComponent(raw.replace("+", "%2B"));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            if (s.equals("..") || s.contains("/") || s.contains("\\") || s.indexOf('\0') >= 0) {
                return Optional.empty();
            }
            if (!s.equals(".")) {
                out.add(s);
            }
        }
        return Optional.of(out);
    }

    private Optional<Path> inside(Path file) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(file)) {
            return Optional.empty();
        }
        try {
            Path real = file.toRealPath();
            return real.startsWith(root.toRealPath()) && Files.isRegularFile(real) && Files.isReadable(real)
                    ? Optional.of(real) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
