package dev.spacedev.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.files.SpaceDir;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The owner's cookie read from, and taken out of, what browsers send, by hand on the hot path. */
class SessionCookieTest {
    @TempDir
    Path dir;

    Gatekeeper gate;

    @BeforeEach
    void setUp() throws Exception {
        gate = Gatekeeper.of(OwnerSessions.inMemory(4200, Clock.systemUTC()), "key", new AppKeys(new SpaceDir(dir).ensure()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "none", value = {
        "space_dev_session_4200=abc                                   | abc",
        "a=1; space_dev_session_4200=abc; b=2                         | abc",
        "a=1;space_dev_session_4200=abc                               | abc",
        "x_space_dev_session_4200=evil; space_dev_session_4200=good   | good",
        "space_dev_session_42000=other                                | none",
        "space_dev_session_4200                                       | none",
        "theme=dark                                                   | none",
    })
    void theSessionIdIsTheValueOfExactlyOurCookie(String header, String expected) {
        assertThat(gate.sessionId(request(header.strip()))).isEqualTo(expected);
    }

    @Test
    void aSecondCookieHeaderIsReadToo() {
        HttpRequest r = request("theme=dark");
        r.headers().add(HttpHeaderNames.COOKIE, "space_dev_session_4200=abc");
        assertThat(gate.sessionId(r)).isEqualTo("abc");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "none", value = {
        "a=1; space_dev_session_4200=abc; b=2         | a=1; b=2",
        "space_dev_session_4200=abc                   | none",
        "space_dev_session_4200=abc;theme=dark        | theme=dark",
        "x_space_dev_session_4200=keep; space_dev_session_4200=abc | x_space_dev_session_4200=keep",
    })
    void microsGetEveryCookieButOurs(String header, String expected) {
        HttpRequest r = request(header.strip());
        Gatekeeper.stripSessionCookie(r.headers());
        assertThat(r.headers().get(HttpHeaderNames.COOKIE)).isEqualTo(expected);
    }

    private static HttpRequest request(String cookie) {
        HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        r.headers().set(HttpHeaderNames.COOKIE, cookie);
        return r;
    }
}
