package dev.spacedev.runtime;

import dev.spacedev.spacefile.Action;
import dev.spacedev.spacefile.Micro;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Delivers an action as Space did: {@code POST /__space/v0/actions} to the owning micro (its path
 * prefix already stripped), {@code Content-Type: application/json}, body
 * {@code {"event":{"id":"<id>","trigger":"schedule"}}}, with the runtime's {@code X-API-Key}.
 */
public final class ActionDelivery implements ActionScheduler.Delivery {
    public static final String PATH = "/__space/v0/actions";
    static final Duration TIMEOUT = Duration.ofMinutes(5);
    private HttpClient http; // made at the first delivery: a client costs a thread and tens of ms of a cold start
    private final String apiKey;
    private final Function<Micro, Optional<InetSocketAddress>> addresses;

    /** @param addresses where each micro listens now; empty when it is not running */
    public ActionDelivery(String apiKey, Function<Micro, Optional<InetSocketAddress>> addresses) {
        this.apiKey = apiKey;
        this.addresses = addresses;
    }

    public static String body(Action action) {
        return "{\"event\":{\"id\":" + Json.quote(action.id()) + ",\"trigger\":\"" + Action.SCHEDULE + "\"}}";
    }

    @Override
    public CompletableFuture<Integer> deliver(Micro micro, Action action) {
        return send(micro, action).thenApply(HttpResponse::statusCode);
    }

    /** The whole response, for {@code space-dev trigger} to show. */
    public CompletableFuture<HttpResponse<String>> send(Micro micro, Action action) {
        Optional<InetSocketAddress> at = addresses.apply(micro);
        if (at.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("micro " + micro.name() + " is not running"));
        }
        URI uri;
        try {
            // this constructor puts an IPv6 address (a micro listening on ::1 only) in brackets
            uri = new URI("http", null, at.get().getAddress().getHostAddress(), at.get().getPort(), PATH, null, null);
        } catch (java.net.URISyntaxException e) {
            return CompletableFuture.failedFuture(e);
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("X-API-Key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(body(action)))
                .build();
        return client().sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private synchronized HttpClient client() {
        if (http == null) {
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        }
        return http;
    }
}
