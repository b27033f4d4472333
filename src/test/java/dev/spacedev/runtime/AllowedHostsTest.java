package dev.spacedev.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedHostsTest {
    @Test
    void aPublicNameMeansTheWorldMayComeThroughAReverseProxy() {
        assertThat(AllowedHosts.of("127.0.0.1", List.of()).namesBeyondThisMachine()).isFalse();
        assertThat(AllowedHosts.of("localhost", List.of("app.localhost", "192.168.1.5", "[::1]")).namesBeyondThisMachine()).isFalse();
        assertThat(AllowedHosts.of("127.0.0.1", List.of("notes.example.com")).namesBeyondThisMachine()).isTrue();
        assertThat(AllowedHosts.of("127.0.0.1", List.of(".example.com")).namesBeyondThisMachine()).isTrue();
    }
}
