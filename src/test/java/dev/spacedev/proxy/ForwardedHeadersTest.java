package dev.spacedev.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

/** What a micro learns about the client comes from the proxy alone, never from what the client claims. */
class ForwardedHeadersTest {
    private static HttpRequest spoofed() {
        HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/api/x");
        r.headers().set("host", "localhost:4200").set("x-forwarded-for", "6.6.6.6").set("x-real-ip", "6.6.6.6")
                .set("forwarded", "for=6.6.6.6;proto=https").set("x-forwarded-proto", "https").set("x-forwarded-host", "evil")
                .set("x-forwarded-prefix", "/evil");
        return r;
    }

    @Test
    void overPlainHttp() {
        HttpRequest r = spoofed();
        ForwardedHeaders.rewriteRequest(r, "/x", "/api", "127.0.0.1", false);
        assertThat(r.headers().get("x-forwarded-for")).isEqualTo("127.0.0.1");
        assertThat(r.headers().get("x-real-ip")).isEqualTo("127.0.0.1");
        assertThat(r.headers().get("x-forwarded-proto")).isEqualTo("http");
        assertThat(r.headers().get("x-forwarded-host")).isEqualTo("localhost:4200");
        assertThat(r.headers().get("x-forwarded-prefix")).isEqualTo("/api");
        assertThat(r.headers().get("forwarded")).isEqualTo("for=127.0.0.1;proto=http;host=\"localhost:4200\"");
        assertThat(r.uri()).isEqualTo("/x");
    }

    @Test
    void onTheHttpsPortAndFromIpv6() {
        HttpRequest r = spoofed();
        ForwardedHeaders.rewriteRequest(r, "/", "", "0:0:0:0:0:0:0:1", true);
        assertThat(r.headers().get("x-forwarded-proto")).isEqualTo("https");
        assertThat(r.headers().get("forwarded")).isEqualTo("for=\"[0:0:0:0:0:0:0:1]\";proto=https;host=\"localhost:4200\"");
        assertThat(r.headers().contains("x-forwarded-prefix")).isFalse();
    }
}
