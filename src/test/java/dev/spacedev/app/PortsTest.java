package dev.spacedev.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Finding 3: a micro's port is free only when it is free on every loopback and wildcard address. */
class PortsTest {
    @Test
    void aPortTakenOnlyOnIpv6LoopbackIsNotFree() throws Exception {
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            int port = squatter.getLocalPort();
            assertThat(Ports.isFree(InetAddress.getLoopbackAddress(), port)).as("what the old check asked").isTrue();
            assertThat(Ports.freeEverywhere(port)).isFalse();
        }
    }

    @Test
    void microPortsAreDrawnAtRandomFromTheirRange() {
        Set<Integer> drawn = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            int p = Ports.forMicro(drawn);
            assertThat(p).isBetween(Ports.MICRO_PORTS_FROM, Ports.MICRO_PORTS_TO).isNotIn(drawn);
            drawn.add(p);
        }
        assertThat(drawn).hasSize(20);
    }
}
