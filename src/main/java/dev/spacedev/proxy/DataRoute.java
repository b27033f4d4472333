package dev.spacedev.proxy;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The browser's way to Base and Drive: the JS SDK in a page without a key calls
 * {@code /__space/v0/base/v1/<anything>/…} (or {@code /drive}) on the app's origin. For the
 * signed-in owner the proxy rewrites that to the real project and adds the data key, as Space's
 * runtime did, and forwards it to the data service.
 */
public final class DataRoute {
    static final String PREFIX = "/__space/v0/";
    private static final Pattern PATH = Pattern.compile("/__space/v0/(base|drive)/v1/[^/]+(/.*)");
    private final Upstream upstream;
    private final String projectId;
    private final String projectKey;

    public DataRoute(InetSocketAddress dataService, String projectKey) {
        this.projectKey = projectKey;
        this.projectId = projectKey.substring(0, projectKey.indexOf('_'));
        this.upstream = new Fixed(dataService);
    }

    Upstream upstream() {
        return upstream;
    }

    String projectKey() {
        return projectKey;
    }

    /** Whether a canonical path is the browser's Base or Drive path. */
    static boolean owns(String path) {
        return path.startsWith(PREFIX) && PATH.matcher(path).matches();
    }

    /** Every Base call, and Drive's delete-many, send a JSON body (file uploads send the file's bytes). */
    static boolean takesJson(String method, String path) {
        return path.startsWith(PREFIX + "base/") || method.equals("DELETE") && path.endsWith("/files");
    }

    /** The data service's path for a browser SDK path ({@link #owns} it). */
    String rewrite(RequestPath request) {
        Matcher m = PATH.matcher(request.path());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a data path: " + request.path());
        }
        return "/v1/" + projectId + m.group(2) + request.query();
    }

    /** The data service: always there while the app runs. */
    private record Fixed(InetSocketAddress address) implements Upstream {
        @Override
        public String name() {
            return "the data service";
        }

        @Override
        public Status status() {
            return Status.READY;
        }

        @Override
        public CompletableFuture<InetSocketAddress> whenReady() {
            return CompletableFuture.completedFuture(address);
        }

        @Override
        public List<String> recentOutput() {
            return List.of();
        }
    }
}
