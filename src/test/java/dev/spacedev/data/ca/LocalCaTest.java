package dev.spacedev.data.ca;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCaTest {
    @TempDir
    Path home;

    @Test
    void theServerCertificateIsSignedByTheCaForTheLoopbackNames() throws Exception {
        LocalCa ca = LocalCa.loadOrCreate(home).withServerCertificate();
        X509Certificate root = readPem(ca.caPem());
        List<X509Certificate> chain = readChain(ca.serverChain());
        assertThat(chain).hasSize(2);
        assertThat(chain.get(1)).isEqualTo(root);
        X509Certificate leaf = chain.get(0);

        leaf.verify(root.getPublicKey());
        root.verify(root.getPublicKey());
        assertThat(root.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(root.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(leaf.getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1))
                .containsExactlyInAnyOrder((Object) "localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(leaf.getNotAfter()).isAfter(java.util.Date.from(java.time.Instant.now().plus(java.time.Duration.ofDays(3000))));
        assertThat(Files.readString(ca.bundlePem())).endsWith(Files.readString(ca.caPem()));
    }

    @Test
    void aClientTrustingOnlyCaPemCompletesAHandshakeAsLocalhost() throws Exception {
        LocalCa ca = LocalCa.loadOrCreate(home).withServerCertificate();
        KeyStore server = KeyStore.getInstance("PKCS12");
        server.load(null, null);
        server.setKeyEntry("server", readKey(ca.serverKey()), new char[0], readChain(ca.serverChain()).toArray(new X509Certificate[0]));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(server, new char[0]);
        SSLContext serverSide = SSLContext.getInstance("TLS");
        serverSide.init(keys.getKeyManagers(), null, null);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", readPem(ca.caPem()));
        TrustManagerFactory trusted = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trusted.init(trust);
        SSLContext clientSide = SSLContext.getInstance("TLS");
        clientSide.init(null, trusted.getTrustManagers(), null);

        try (SSLServerSocket listener = (SSLServerSocket) serverSide.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Integer> served = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    return s.getInputStream().read();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket client = (SSLSocket) clientSide.getSocketFactory().createSocket("localhost", listener.getLocalPort())) {
                javax.net.ssl.SSLParameters params = client.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS"); // the host name is checked, as browsers and SDKs do
                client.setSSLParameters(params);
                client.getOutputStream().write(42);
                client.getOutputStream().flush();
                assertThat(served.get()).isEqualTo(42);
            }
        }
        assertThat(ca.serverContext()).isNotNull();
    }

    @Test
    void aSecondRunReusesTheCa() throws Exception {
        LocalCa.loadOrCreate(home);
        byte[] first = Files.readAllBytes(home.resolve("ca/ca.pem"));
        LocalCa.loadOrCreate(home);
        assertThat(Files.readAllBytes(home.resolve("ca/ca.pem"))).isEqualTo(first);
    }

    @Test
    void theServerCertificateIsMadeOnlyWhenTlsIsFirstSetUp() throws Exception {
        LocalCa ca = LocalCa.loadOrCreate(home);
        assertThat(ca.caPem()).exists(); // what micros read as they start
        assertThat(ca.serverKey()).doesNotExist();
        assertThat(ca.serverContext()).isNotNull();
        readChain(ca.serverChain()).get(0).verify(readPem(ca.caPem()).getPublicKey());
    }

    @Test
    void aCaCutShortIsMadeAgain() throws Exception {
        LocalCa.loadOrCreate(home).withServerCertificate();
        byte[] first = Files.readAllBytes(home.resolve("ca/ca.pem"));
        Files.delete(home.resolve("ca/ca.key")); // written last: without it the rest may be half made
        LocalCa again = LocalCa.loadOrCreate(home).withServerCertificate();
        assertThat(Files.readAllBytes(again.caPem())).isNotEqualTo(first);
        readChain(again.serverChain()).get(0).verify(readPem(again.caPem()).getPublicKey());
    }

    @Test
    void keysAndCertificatesOfTwoDifferentCasAreMadeAgainAsOne() throws Exception {
        LocalCa first = LocalCa.loadOrCreate(home).withServerCertificate();
        Path other = Files.createDirectories(home.resolve("other"));
        LocalCa second = LocalCa.loadOrCreate(other).withServerCertificate();
        // as a newer and an older space-dev left them: one's keys beside the other's certificates
        Files.copy(second.caPem(), first.caPem(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(second.serverChain(), first.serverChain(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        LocalCa mended = LocalCa.loadOrCreate(home);
        mended.serverContext();
        X509Certificate root = readPem(mended.caPem());
        readChain(mended.serverChain()).get(0).verify(root.getPublicKey());
        assertThat(Files.readAllBytes(mended.caPem())).isNotEqualTo(Files.readAllBytes(second.caPem()));
        aClientTrustingOnlyCaPemCompletesAHandshakeAsLocalhost(); // and TLS works again
    }

    @Test
    void aServerCertificateCutShortIsMadeAgainWithTheSameCa() throws Exception {
        LocalCa ca = LocalCa.loadOrCreate(home).withServerCertificate();
        byte[] root = Files.readAllBytes(ca.caPem());
        byte[] server = Files.readAllBytes(ca.serverChain());
        Files.delete(ca.serverKey());
        LocalCa again = LocalCa.loadOrCreate(home).withServerCertificate();
        assertThat(Files.readAllBytes(again.caPem())).isEqualTo(root);
        assertThat(Files.readAllBytes(again.serverChain())).isNotEqualTo(server);
        readChain(again.serverChain()).get(0).verify(readPem(again.caPem()).getPublicKey());
    }

    @Test
    void preparedInTheBackgroundItIsTheSameCa() throws Exception {
        LocalCa.prepareInBackground(home);
        LocalCa ca = LocalCa.loadOrCreate(home);
        byte[] made = Files.readAllBytes(ca.caPem());
        assertThat(Files.readAllBytes(LocalCa.loadOrCreate(home).caPem())).isEqualTo(made);
    }

    @Test
    void aCaFromAnEarlierVersionIsReplaced() throws Exception {
        Path dir = Files.createDirectories(home.resolve("ca"));
        for (String old : List.of("password", "ca.p12", "server.p12", "ca.pem", "bundle.pem")) {
            Files.writeString(dir.resolve(old), "old");
        }
        LocalCa ca = LocalCa.loadOrCreate(home).withServerCertificate();
        assertThat(dir.resolve("password")).doesNotExist();
        assertThat(dir.resolve("server.p12")).doesNotExist();
        readChain(ca.serverChain()).get(0).verify(readPem(ca.caPem()).getPublicKey());
    }

    private static List<X509Certificate> readChain(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream().map(c -> (X509Certificate) c).toList();
        }
    }

    private static java.security.PrivateKey readKey(Path pem) throws Exception {
        String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return java.security.KeyFactory.getInstance("EC")
                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(java.util.Base64.getDecoder().decode(base64)));
    }

    private static X509Certificate readPem(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
