package dev.spacedev.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.runtime.AccessPolicy;
import dev.spacedev.runtime.AllowedHosts;
import dev.spacedev.runtime.Gatekeeper;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The connection handler and its exchanges in an EmbeddedChannel: held requests, their timers, answers in order. */
@ExtendWith(LeakDetection.class)
class ExchangeTest {
    final FakeUpstream slow = new FakeUpstream("slow", Upstream.Status.STARTING, 1);
    EmbeddedChannel channel;

    private EmbeddedChannel channel() {
        Router<Target> router = new Router<>(List.of(new Router.Mount<>("/", new Target.Service(slow,
                new AccessPolicy("slow", List.of(), false)))));
        ProxyOptions options = ProxyOptions.dev().withReadyWait(Duration.ofSeconds(30));
        RequestHeadTimeout head = new RequestHeadTimeout(options.idleTimeout(), options.requestHeadTimeout());
        channel = new EmbeddedChannel(head, new FrontendHandler(new Dispatcher(AllowedHosts.loopback(), new Routes(router), Gatekeeper.off(), null, null),
                options, new BackendPool(options.backendIdleTimeout()), head));
        return channel;
    }

    @AfterEach
    void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private void request(String uri) {
        HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        r.headers().set("host", "localhost");
        channel.writeInbound(r, LastHttpContent.EMPTY_LAST_CONTENT);
    }

    private String response() {
        FullHttpResponse r = channel.readOutbound();
        try {
            assertThat(r.content().toString(StandardCharsets.UTF_8)).startsWith(r.status().code() + " ");
            return r.content().toString(StandardCharsets.UTF_8);
        } finally {
            r.release();
        }
    }

    @Test
    void aRequestForAStartingMicroIsHeldUntilItsReadyWaitThen503() {
        channel();
        request("/ping");
        assertThat(slow.waiting).hasValue(1);
        assertThat((Object) channel.readOutbound()).as("held").isNull();
        channel.advanceTimeBy(29, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat((Object) channel.readOutbound()).as("still held").isNull();
        channel.advanceTimeBy(1, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(response()).startsWith("503 Micro \"slow\" is still starting. It did not accept connections within 30 s.");
    }

    @Test
    void aMicroThatExitsWhileARequestWaitsAnswers502AtOnceAndTheNextRequestIsServed() {
        channel();
        request("/first");
        slow.status = Upstream.Status.DOWN;
        slow.ready.completeExceptionally(new IllegalStateException("exited"));
        channel.runPendingTasks();
        assertThat(response()).startsWith("502 Micro \"slow\" is not running.");
        request("/second"); // keep-alive: the connection takes the next request
        assertThat(response()).startsWith("502 Micro \"slow\" is not running.");
        channel.advanceTimeBy(1, TimeUnit.MINUTES);
        channel.runScheduledPendingTasks();
        assertThat((Object) channel.readOutbound()).as("the ready-wait timer was cancelled").isNull();
    }
}
