package dev.spacedev.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.runtime.AccessPolicy;
import dev.spacedev.runtime.Gatekeeper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server that speaks first after a 101, in the same write as the 101 itself (Vite's HMR server
 * sends {"type":"connected"} that way, as does a Node upgrade handler writing head and frame at
 * once): the proxy relays those bytes, for any protocol the connection switches to.
 */
@ExtendWith(LeakDetection.class)
class UpgradeTest {
    ServerSocket micro;
    Thread server;
    ProxyServer proxy;

    /** Answers one upgrade with its 101 and a first message in one write, then echoes what it reads, upper-cased. */
    private void start(String protocol) throws Exception {
        micro = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server = new Thread(() -> {
            try (Socket s = micro.accept()) {
                InputStream in = s.getInputStream();
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    head.write(in.read());
                }
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: " + protocol + "\r\nConnection: Upgrade\r\n\r\n"
                        + "{\"type\":\"connected\"}").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                byte[] buf = new byte[64];
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(new String(buf, 0, n, StandardCharsets.ISO_8859_1).toUpperCase().getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
            } catch (IOException e) {
                // the test is over
            }
        });
        server.setDaemon(true);
        server.start();
        FakeUpstream up = new FakeUpstream("vite", Upstream.Status.READY, micro.getLocalPort());
        proxy = ProxyServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new Router<>(List.of(new Router.Mount<>("/", new Target.Service(up, new AccessPolicy("vite", List.of(), false))))),
                ProxyOptions.dev().withEventLoops(1), Gatekeeper.off());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        micro.close();
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (!got.toString(StandardCharsets.ISO_8859_1).contains(end)) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            got.write(b);
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "my-protocol"})
    void bytesThatCameWithThe101AreRelayed(String protocol) throws Exception {
        start(protocol);
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.address().getPort())) {
            client.setSoTimeout(5000);
            client.getOutputStream().write(("GET /hmr HTTP/1.1\r\nHost: localhost\r\nUpgrade: " + protocol
                    + "\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            String first = readUntil(client.getInputStream(), "{\"type\":\"connected\"}");
            assertThat(first).startsWith("HTTP/1.1 101").containsIgnoringCase("upgrade: " + protocol).endsWith("{\"type\":\"connected\"}");
            client.getOutputStream().write("ping".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(readUntil(client.getInputStream(), "PING")).isEqualTo("PING");
        }
    }
}
