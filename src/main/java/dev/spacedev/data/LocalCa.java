package dev.spacedev.data;

import dev.spacedev.files.OwnerOnly;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local certificate authority the data API's TLS hangs on, made once under the user's home
 * ({@code ~/.space-dev/ca}, or {@code $SPACE_DEV_HOME/ca}) with the JDK's own keytool: a CA, and a
 * server certificate it signs for {@code localhost} and {@code 127.0.0.1}. Private keys live in
 * owner-only PKCS#12 files. {@code bundle.pem} is the system's CAs plus ours, for Python's
 * {@code SSL_CERT_FILE}, so apps' other HTTPS calls keep working.
 */
public final class LocalCa {
    private static final List<Path> SYSTEM_BUNDLES = List.of(Path.of("/etc/ssl/certs/ca-certificates.crt"),
            Path.of("/etc/pki/tls/certs/ca-bundle.crt"), Path.of("/etc/ssl/cert.pem"));

    private final Path dir;
    private final char[] password;

    private LocalCa(Path dir, char[] password) {
        this.dir = dir;
        this.password = password;
    }

    public static Path home() {
        String override = System.getenv("SPACE_DEV_HOME");
        return override != null && !override.isBlank() ? Path.of(override) : Path.of(System.getProperty("user.home"), ".space-dev");
    }

    public static LocalCa loadOrCreate(Path home) throws IOException {
        OwnerOnly.directory(home);
        Path dir = OwnerOnly.directory(home.resolve("ca"));
        Path passwordFile = dir.resolve("password");
        if (!Files.isRegularFile(dir.resolve("server.p12")) || !Files.isRegularFile(passwordFile)) {
            create(dir);
        }
        return new LocalCa(dir, Files.readString(passwordFile).strip().toCharArray());
    }

    public Path serverKeyStore() {
        return dir.resolve("server.p12");
    }

    public char[] password() {
        return password.clone();
    }

    /** A server context with the certificate for localhost and 127.0.0.1, for the data API and the proxy. */
    public io.netty.handler.ssl.SslContext serverContext() throws IOException {
        try (java.io.InputStream in = Files.newInputStream(serverKeyStore())) {
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            return io.netty.handler.ssl.SslContextBuilder.forServer(kmf).build();
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot load the local CA's server key: " + e.getMessage(), e);
        }
    }

    /** Our CA alone, PEM: for {@code NODE_EXTRA_CA_CERTS}, which adds to Node's own. */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** The system's CAs and ours, PEM: for {@code SSL_CERT_FILE} and {@code REQUESTS_CA_BUNDLE}, which replace. */
    public Path bundlePem() {
        return dir.resolve("bundle.pem");
    }

    private static void create(Path dir) throws IOException {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String pw = HexFormat.of().formatHex(random);
        for (String f : List.of("ca.p12", "server.p12", "server.csr", "server.pem", "ca.pem", "bundle.pem")) {
            Files.deleteIfExists(dir.resolve(f));
        }
        Path passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, pw + "\n");
        ownerOnly(passwordFile);
        keytool(dir, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
                "-dname", "CN=space-dev local CA", "-ext", "bc:c", "-ext", "ku:c=keyCertSign,cRLSign",
                "-keystore", "ca.p12", "-storetype", "PKCS12", "-storepass", pw);
        keytool(dir, "-exportcert", "-alias", "ca", "-rfc", "-keystore", "ca.p12", "-storepass", pw, "-file", "ca.pem");
        keytool(dir, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
                "-dname", "CN=localhost", "-keystore", "server.p12", "-storetype", "PKCS12", "-storepass", pw);
        keytool(dir, "-certreq", "-alias", "server", "-keystore", "server.p12", "-storepass", pw, "-file", "server.csr");
        keytool(dir, "-gencert", "-alias", "ca", "-keystore", "ca.p12", "-storepass", pw, "-infile", "server.csr",
                "-outfile", "server.pem", "-rfc", "-validity", "3650", "-ext", "san=dns:localhost,ip:127.0.0.1",
                "-ext", "eku=serverAuth", "-ext", "ku:c=digitalSignature");
        keytool(dir, "-importcert", "-alias", "ca", "-file", "ca.pem", "-keystore", "server.p12", "-storepass", pw, "-noprompt");
        keytool(dir, "-importcert", "-alias", "server", "-file", "server.pem", "-keystore", "server.p12", "-storepass", pw, "-noprompt");
        ownerOnly(dir.resolve("ca.p12"));
        ownerOnly(dir.resolve("server.p12"));
        Files.delete(dir.resolve("server.csr"));
        StringBuilder bundle = new StringBuilder();
        for (Path system : SYSTEM_BUNDLES) {
            if (Files.isRegularFile(system)) {
                bundle.append(Files.readString(system, StandardCharsets.UTF_8)).append('\n');
                break;
            }
        }
        bundle.append(Files.readString(dir.resolve("ca.pem")));
        Files.writeString(dir.resolve("bundle.pem"), bundle);
    }

    private static void keytool(Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making the local CA", e);
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }
}
