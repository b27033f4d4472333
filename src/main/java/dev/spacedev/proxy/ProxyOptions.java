package dev.spacedev.proxy;

import dev.spacedev.runtime.AllowedHosts;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How the proxy behaves. In dev mode nothing is cut short; {@code --strict} adds Space's own
 * production limits: 20 s for the response headers (504 beyond) and 5.5 MB request bodies (413).
 *
 * @param readyWait how long a request waits for a starting micro before its 503
 * @param responseHeadersTimeout how long a micro may take to start its response, if limited
 * @param maxRequestBody the largest request body accepted, if limited
 * @param idleTimeout how long a keep-alive connection may sit with no request
 * @param requestHeadTimeout how long a request head may take once its first byte has come
 * @param eventLoops the proxy's I/O threads; 0 for Netty's default (twice the cores)
 * @param allowedHosts the Host names the app answers to (DNS rebinding)
 * @param backendIdleTimeout how long a keep-alive connection to a micro may sit idle in the pool
 */
public record ProxyOptions(
        Duration readyWait,
        Optional<Duration> responseHeadersTimeout,
        OptionalLong maxRequestBody,
        Duration idleTimeout,
        Duration requestHeadTimeout,
        int eventLoops,
        AllowedHosts allowedHosts,
        Duration backendIdleTimeout) {

    public static final Duration SPACE_REQUEST_TIMEOUT = Duration.ofSeconds(20);
    /** Space's 5.5 MB payload limit. */
    public static final long SPACE_MAX_BODY = 5_500_000L;

    public static ProxyOptions dev() {
        return new ProxyOptions(Duration.ofSeconds(30), Optional.empty(), OptionalLong.empty(), Duration.ofSeconds(75),
                Duration.ofSeconds(10), Integer.getInteger("spacedev.eventLoops", 0), AllowedHosts.loopback(),
                Duration.ofSeconds(4));
    }

    public static ProxyOptions strict() {
        return dev().withLimits(Optional.of(SPACE_REQUEST_TIMEOUT), OptionalLong.of(SPACE_MAX_BODY));
    }

    public ProxyOptions withReadyWait(Duration wait) {
        return new ProxyOptions(wait, responseHeadersTimeout, maxRequestBody, idleTimeout, requestHeadTimeout, eventLoops, allowedHosts, backendIdleTimeout);
    }

    public ProxyOptions withLimits(Optional<Duration> headersTimeout, OptionalLong maxBody) {
        return new ProxyOptions(readyWait, headersTimeout, maxBody, idleTimeout, requestHeadTimeout, eventLoops, allowedHosts, backendIdleTimeout);
    }

    public ProxyOptions withEventLoops(int threads) {
        return new ProxyOptions(readyWait, responseHeadersTimeout, maxRequestBody, idleTimeout, requestHeadTimeout, threads, allowedHosts, backendIdleTimeout);
    }

    public ProxyOptions withAllowedHosts(AllowedHosts hosts) {
        return new ProxyOptions(readyWait, responseHeadersTimeout, maxRequestBody, idleTimeout, requestHeadTimeout, eventLoops, hosts, backendIdleTimeout);
    }

    public ProxyOptions withTimeouts(Duration idle, Duration head) {
        return new ProxyOptions(readyWait, responseHeadersTimeout, maxRequestBody, idle, head, eventLoops, allowedHosts, backendIdleTimeout);
    }
}
