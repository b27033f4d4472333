package dev.spacedev.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.spacedev.spacefile.Action;
import dev.spacedev.spacefile.Interval;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ActionDeliveryTest {
    @Test
    void reachesAMicroListeningOnIpv6LoopbackOnly() throws Exception {
        InetAddress v6;
        HttpServer micro;
        try {
            v6 = InetAddress.getByName("::1");
            micro = HttpServer.create(new InetSocketAddress(v6, 0), 0);
        } catch (java.io.IOException e) {
            Assumptions.abort("no IPv6 loopback here: " + e);
            return;
        }
        List<String> received = new CopyOnWriteArrayList<>();
        micro.createContext("/", exchange -> {
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("X-API-Key") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        micro.start();
        try {
            Action tidy = new Action("tidy", "Tidy", Optional.empty(), Action.SCHEDULE, Interval.parse("1 hour"), Optional.empty());
            ActionDelivery delivery = new ActionDelivery("the-key", m -> Optional.of(micro.getAddress()));

            int status = delivery.deliver(ActionSchedulerTest.micro("api", tidy), tidy).get(10, TimeUnit.SECONDS);

            assertThat(status).isEqualTo(204);
            assertThat(received).containsExactly("POST /__space/v0/actions the-key {\"event\":{\"id\":\"tidy\",\"trigger\":\"schedule\"}}");
        } finally {
            micro.stop(0);
        }
    }
}
