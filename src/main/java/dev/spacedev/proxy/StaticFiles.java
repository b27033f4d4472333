package dev.spacedev.proxy;

import dev.spacedev.net.FileResponse;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
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
 * Serves a static micro's {@code serve} directory: resolves a request to one of its files, and never to
 * anything outside it: encoded slashes and backslashes are refused, ".." cannot climb out, and
 * symlinks are followed only when their target is inside the directory too. Apps serve their
 * whole project ({@code serve: ./}), so dot-files and dot-folders ({@code .env}, {@code .git},
 * space-dev's own {@code .space/} with the app's keys and data) are not served, by the path asked
 * for nor by where a link leads, except {@code .well-known/} and those the user lists;
 * {@code .space/} never.
 */
public final class StaticFiles {
    /** RFC 8615's folder, which sites publish on purpose. */
    public static final String WELL_KNOWN = ".well-known";
    public static final String SPACE_DIR = ".space";
    private final Path root;
    private final List<String> servedDotPaths;

    /** {@code root} need not exist yet: a build may create it while space-dev runs. */
    public StaticFiles(Path root) {
        this(root, List.of());
    }

    /** @param servedDotPaths dot-files or dot-folders to serve after all, relative to {@code root} ("a/.b") */
    public StaticFiles(Path root, List<String> servedDotPaths) {
        this.root = root;
        List<String> served = new ArrayList<>(List.of(WELL_KNOWN));
        servedDotPaths.stream().map(StaticFiles::trimSlashes).filter(p -> problemWith(p).isEmpty()).forEach(served::add);
        this.servedDotPaths = List.copyOf(served);
    }

    /** Empty when {@code --serve-dotfile PATH} names something that may be served; else why not. */
    public static Optional<String> problemWith(String dotPath) {
        String p = trimSlashes(dotPath);
        List<String> segments = List.of(p.split("/"));
        if (p.isEmpty() || p.contains("\\") || segments.stream().anyMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."))) {
            return Optional.of("\"" + dotPath + "\" is not a path inside a serve folder (example: .well-known or assets/.htaccess)");
        }
        if (segments.contains(SPACE_DIR)) {
            return Optional.of(SPACE_DIR + "/ holds the app's keys, sessions and data: space-dev never serves it");
        }
        return Optional.empty();
    }

    private static String trimSlashes(String p) {
        String t = p.strip();
        while (t.startsWith("/") || t.startsWith("./")) {
            t = t.substring(t.startsWith("/") ? 1 : 2);
        }
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
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
        if (segments.isEmpty() || !servable(segments.get())) {
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

    /** No segment is a dot-file or dot-folder, unless it lies in one the user listed (never .space). */
    private boolean servable(List<String> segments) {
        boolean dotted = false;
        for (String s : segments) {
            if (s.equals(SPACE_DIR)) {
                return false;
            }
            dotted |= s.startsWith(".");
        }
        if (!dotted) {
            return true;
        }
        String relative = String.join("/", segments);
        return servedDotPaths.stream().anyMatch(p -> relative.equals(p) || relative.startsWith(p + "/"));
    }

    private Optional<Path> inside(Path file) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(file)) {
            return Optional.empty();
        }
        try {
            Path real = file.toRealPath();
            Path realRoot = root.toRealPath();
            if (!real.startsWith(realRoot) || !Files.isRegularFile(real) || !Files.isReadable(real)) {
                return Optional.empty();
            }
            List<String> segments = new ArrayList<>();
            realRoot.relativize(real).forEach(p -> segments.add(p.toString()));
            return servable(segments) ? Optional.of(real) : Optional.empty(); // a link into .git or .space is refused too
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Answers a request routed here: the file, a redirect to a directory, 404 or 405. */
    ChannelFuture serve(ChannelHandlerContext ctx, HttpRequest request, Router.Match<?> match) {
        Lookup found = lookup(request, match.uri(), match.prefix());
        try {
            if (found instanceof Found f) {
                return FileResponse.respond(ctx, request, f.file());
            }
        } catch (IOException e) {
            found = new Missing(); // gone between lookup and open
        }
        FullHttpResponse response;
        if (found instanceof Redirect redirect) {
            response = ErrorResponses.redirect(redirect.location());
        } else if (found instanceof BadMethod) {
            response = ErrorResponses.build(request, ProxyError.METHOD_NOT_ALLOWED);
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        } else {
            response = ErrorResponses.build(request, ProxyError.NOT_FOUND);
        }
        if (!HttpUtil.isKeepAlive(request)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return ctx.writeAndFlush(response);
    }
}
