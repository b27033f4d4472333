package dev.spacedev.data.ca;

import dev.spacedev.files.OwnerOnly;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The local certificate authority the data API's TLS hangs on, made once under the user's home
 * ({@code ~/.space-dev/ca}, or {@code $SPACE_DEV_HOME/ca}) in-process: a CA, and a server certificate
 * it signs for {@code localhost}, {@code 127.0.0.1} and {@code ::1} (EC P-256, ten years), the latter
 * when TLS is first set up. The JDK
 * has no public API to issue a certificate, so Bouncy Castle lays them out; the JDK's own provider
 * makes the keys and signs. Keys are PKCS#8 PEM files readable by the owner alone (a password kept
 * next to them would protect nothing, and deriving its key cost every start tens of milliseconds).
 * {@code bundle.pem} is the system's CAs plus ours, for Python's {@code SSL_CERT_FILE}, so apps'
 * other HTTPS calls keep working.
 */
public final class LocalCa {
    private static final List<Path> SYSTEM_BUNDLES = List.of(Path.of("/etc/ssl/certs/ca-certificates.crt"),
            Path.of("/etc/pki/tls/certs/ca-bundle.crt"), Path.of("/etc/ssl/cert.pem"));
    private static final Duration VALIDITY = Duration.ofDays(3650);
    private static final String CA_NAME = "CN=space-dev local CA";
    private static final String CA_KEY = "ca.key"; // written last: its presence marks a complete CA
    private static final String SERVER_KEY = "server.key"; // likewise for the server certificate
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<Path, CompletableFuture<LocalCa>> PREPARING = new ConcurrentHashMap<>();

    private final Path dir;

    private LocalCa(Path dir) {
        this.dir = dir;
    }

    public static Path home() {
        return dev.spacedev.files.SpaceDevHome.path();
    }

    /**
     * Starts {@link #loadOrCreate} on a thread of its own: making a CA (a first run) takes ~150 ms of
     * a cold JVM, which then overlaps with reading the command line and the Spacefile; the next
     * {@code loadOrCreate} for the same home picks up the result.
     */
    public static void prepareInBackground(Path home) {
        PREPARING.computeIfAbsent(home.toAbsolutePath(), h -> {
            CompletableFuture<LocalCa> made = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    made.complete(create(h));
                } catch (IOException | RuntimeException e) {
                    made.completeExceptionally(e);
                }
            }, "local-ca");
            t.setDaemon(true);
            t.start();
            return made;
        });
    }

    public static LocalCa loadOrCreate(Path home) throws IOException {
        CompletableFuture<LocalCa> prepared = PREPARING.remove(home.toAbsolutePath());
        if (prepared != null) {
            try {
                return prepared.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw e;
            }
        }
        return create(home);
    }

    private static LocalCa create(Path home) throws IOException {
        OwnerOnly.directory(home);
        Path dir = OwnerOnly.directory(home.resolve("ca"));
        underLock(dir, CA_KEY, () -> makeCa(dir));
        return new LocalCa(dir);
    }

    /**
     * Runs {@code make} unless {@code marker} (the file it writes last) is there; two first runs at
     * once (parallel CI jobs) make one CA, not two halves of two.
     */
    private static void underLock(Path dir, String marker, IoStep make) throws IOException {
        if (Files.isRegularFile(dir.resolve(marker))) {
            return;
        }
        try (FileChannel lockFile = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = lockFile.lock()) {
            if (!Files.isRegularFile(dir.resolve(marker))) {
                make.run();
            }
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot make the local CA: " + e.getMessage(), e);
        }
    }

    private interface IoStep {
        void run() throws IOException, GeneralSecurityException, OperatorCreationException;
    }

    /**
     * The server certificate, made with the CA's key the first time TLS is set up (not before the
     * micros start, as the CA must be: Node reads its CA file as it starts).
     */
    public LocalCa withServerCertificate() throws IOException {
        underLock(dir, SERVER_KEY, () -> makeServer(dir));
        return this;
    }

    /** A server context with the certificate for localhost, 127.0.0.1 and ::1, for the data API and the proxy. */
    public SslContext serverContext() throws IOException {
        withServerCertificate();
        if (!belongTogether()) {
            // files of two runs or versions (one left a key, the other a certificate): TLS would fail its handshake
            // ("bad signature") for good; a new CA is made, which micros started before this trust once restarted
            org.slf4j.LoggerFactory.getLogger(LocalCa.class).warn("the local CA's keys and certificates in {} did not belong together:"
                    + " made a new CA; restart the micros that started before now", dir);
            Files.deleteIfExists(dir.resolve(CA_KEY)); // the marker of a whole CA: without it, it is made again
            underLock(dir, CA_KEY, () -> makeCa(dir));
            withServerCertificate();
        }
        return SslContextBuilder.forServer(serverChain().toFile(), serverKey().toFile()).build();
    }

    /** Whether each key signs what its certificate's public key verifies, and the server's certificate is the CA's. */
    private boolean belongTogether() {
        try (java.io.InputStream caIn = Files.newInputStream(caPem()); java.io.InputStream chainIn = Files.newInputStream(serverChain())) {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            X509Certificate ca = (X509Certificate) x509.generateCertificate(caIn);
            X509Certificate server = (X509Certificate) x509.generateCertificates(chainIn).iterator().next();
            KeyFactory ec = KeyFactory.getInstance("EC");
            server.verify(ca.getPublicKey());
            return pair(ec.generatePrivate(new PKCS8EncodedKeySpec(unpem(dir.resolve(CA_KEY)))), ca)
                    && pair(ec.generatePrivate(new PKCS8EncodedKeySpec(unpem(serverKey()))), server);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static boolean pair(PrivateKey key, X509Certificate certificate) throws GeneralSecurityException {
        byte[] probe = new byte[32];
        RANDOM.nextBytes(probe);
        java.security.Signature signer = java.security.Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(probe);
        java.security.Signature checker = java.security.Signature.getInstance("SHA256withECDSA");
        checker.initVerify(certificate.getPublicKey());
        checker.update(probe);
        return checker.verify(signer.sign());
    }

    /** The server certificate then the CA's, PEM. */
    public Path serverChain() {
        return dir.resolve("server.pem");
    }

    /** The server's private key, PKCS#8 PEM, owner-only. */
    public Path serverKey() {
        return dir.resolve(SERVER_KEY);
    }

    /** Our CA alone, PEM: for {@code NODE_EXTRA_CA_CERTS}, which adds to Node's own. */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** The system's CAs and ours, PEM: for {@code SSL_CERT_FILE} and {@code REQUESTS_CA_BUNDLE}, which replace. */
    public Path bundlePem() {
        return dir.resolve("bundle.pem");
    }

    private static void makeCa(Path dir) throws IOException, GeneralSecurityException, OperatorCreationException {
        // an earlier version kept PKCS#12 stores and their password here: gone with the CA they held
        for (String f : List.of("password", "ca.p12", "server.p12", "server.csr", SERVER_KEY, "server.pem", "ca.pem", "bundle.pem")) {
            Files.deleteIfExists(dir.resolve(f));
        }
        KeyPair keys = newKeyPair();
        X500Name name = new X500Name(CA_NAME);
        X509Certificate ca = sign(new JcaX509v3CertificateBuilder(name, serial(), notBefore(), notAfter(), name, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic())),
                keys.getPrivate());
        String caPem = pem("CERTIFICATE", ca.getEncoded());
        Files.writeString(dir.resolve("ca.pem"), caPem);
        Files.writeString(dir.resolve("bundle.pem"), systemBundle() + caPem);
        writeSecret(dir.resolve(CA_KEY), pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
    }

    private static void makeServer(Path dir) throws IOException, GeneralSecurityException, OperatorCreationException {
        X509Certificate ca;
        try (java.io.InputStream in = Files.newInputStream(dir.resolve("ca.pem"))) {
            ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        PrivateKey caKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(unpem(dir.resolve(CA_KEY))));
        KeyPair keys = newKeyPair();
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509Certificate server = sign(new JcaX509v3CertificateBuilder(ca, serial(), notBefore(), notAfter(), new X500Name("CN=localhost"),
                keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                        new GeneralName(GeneralName.iPAddress, "::1")}))
                .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(ca))
                .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic())),
                caKey);
        Files.writeString(dir.resolve("server.pem"), pem("CERTIFICATE", server.getEncoded()) + pem("CERTIFICATE", ca.getEncoded()));
        writeSecret(dir.resolve(SERVER_KEY), pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(1, ChronoUnit.DAYS)); // a clock a little behind still accepts it
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(VALIDITY));
    }

    private static byte[] unpem(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        return Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder certificate, PrivateKey issuerKey)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                certificate.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }

    private static String systemBundle() throws IOException {
        for (Path system : SYSTEM_BUNDLES) {
            if (Files.isRegularFile(system)) {
                return Files.readString(system, StandardCharsets.UTF_8) + "\n";
            }
        }
        return "";
    }

    /**
     * Written aside then renamed into place: the key files are the markers of a complete CA, so a
     * run that ends mid-write (a first {@code up} that fails fast, its CA thread cut off) must not
     * leave a truncated one behind.
     */
    private static void writeSecret(Path file, String content) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(aside);
        try (OutputStream out = OwnerOnly.newFile(aside)) {
            out.write(content.getBytes(StandardCharsets.US_ASCII));
        }
        Files.move(aside, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
