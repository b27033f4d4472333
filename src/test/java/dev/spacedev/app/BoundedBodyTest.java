package dev.spacedev.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/** A micro's answer is read up to a limit, never whole whatever its size. */
class BoundedBodyTest {
    @Test
    void anAnswerPastTheLimitIsNotRead() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", x -> {
            byte[] body = "0123456789".getBytes();
            x.sendResponseHeaders(200, 0); // chunked: no length to go by
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/")).build();
            assertThat(http.send(r, BoundedBody.upTo(10)).body()).isEqualTo("0123456789");
            assertThatThrownBy(() -> http.send(r, BoundedBody.upTo(5))).hasMessageContaining("larger than");
        } finally {
            server.stop(0);
        }
    }
}
