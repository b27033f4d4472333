package dev.spacedev.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.data.ca.LocalCa;
import dev.spacedev.runtime.Gatekeeper;
import dev.spacedev.testing.Poll;
import io.netty.handler.ssl.SslContext;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS and HTTP on the proxy's one port, with the certificate loaded on demand: plain requests
 * never wait for it (nor ask for it), a TLS hello asks for it and is answered once it is there.
 */
@ExtendWith(LeakDetection.class)
class ProxyTlsTest {
    @TempDir
    Path dir;

    final CompletableFuture<SslContext> certificate = new CompletableFuture<>();
    final AtomicInteger asked = new AtomicInteger();
    LocalCa ca;
    ProxyServer proxy;

    @BeforeEach
    void setUp() throws Exception {
        ca = LocalCa.loadOrCreate(dir.resolve("home"));
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<h1>home</h1>");
        Router<Target> router = new Router<>(List.of(
                new Router.Mount<>("/", new Target.StaticSite("web", new StaticFiles(site), ProxyServerTest.open("web")))));
        proxy = ProxyServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), router, ProxyOptions.dev(), Gatekeeper.off(),
                null, () -> {
                    asked.incrementAndGet();
                    return certificate;
                });
    }

    @AfterEach
    void tearDown() {
        proxy.close();
    }

    @Test
    void plainHttpIsServedWithoutTheCertificate() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(request("http"), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("<h1>home</h1>");
        assertThat(asked).as("the certificate is not even asked for").hasValue(0);
    }

    @Test
    void aTlsHelloWaitsForTheCertificateThenIsAnswered() throws Exception {
        CompletableFuture<HttpResponse<String>> pending = trustingOurCa().sendAsync(request("https"), HttpResponse.BodyHandlers.ofString());
        assertThat(Poll.until(() -> asked.get() == 1, Duration.ofSeconds(10))).as("the hello asks for the certificate").isTrue();
        assertThat(pending).as("and is held").isNotDone();
        certificate.complete(ca.serverContext());
        HttpResponse<String> r = pending.get();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("<h1>home</h1>");
        assertThat(trustingOurCa().send(request("https"), HttpResponse.BodyHandlers.ofString()).statusCode())
                .as("and at once from then on").isEqualTo(200);
    }

    @Test
    void withoutACertificateTlsConnectionsAreClosedAndPlainOnesStillServed() throws Exception {
        certificate.completeExceptionally(new IllegalStateException("no CA"));
        CompletableFuture<HttpResponse<String>> tls = trustingOurCa().sendAsync(request("https"), HttpResponse.BodyHandlers.ofString());
        assertThat(tls).failsWithin(Duration.ofSeconds(10));
        assertThat(HttpClient.newHttpClient().send(request("http"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void aHeldHelloCannotGrowWithoutBound() throws Exception {
        try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), proxy.address().getPort())) {
            s.setSoTimeout(10_000);
            byte[] junk = new byte[8192];
            junk[0] = 22; // a TLS handshake record, as far as the first byte goes
            try {
                for (int i = 0; i < 64; i++) { // 512 KB, while the certificate is not there
                    s.getOutputStream().write(junk);
                    junk[0] = 0;
                }
            } catch (java.io.IOException reset) {
                return; // closed while still sending: what this asks
            }
            try {
                assertThat(s.getInputStream().read()).as("closed by the proxy").isEqualTo(-1);
            } catch (java.net.SocketException reset) {
                // closed by the proxy with bytes unread: a reset (a held connection would time out instead)
            }
        }
    }

    private HttpRequest request(String scheme) {
        return HttpRequest.newBuilder(URI.create(scheme + "://localhost:" + proxy.address().getPort() + "/"))
                .timeout(Duration.ofSeconds(10)).build();
    }

    private HttpClient trustingOurCa() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(ca.caPem())) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    }
}
