package dev.spacedev.app;

import dev.spacedev.data.BaseApi;
import dev.spacedev.data.BaseStore;
import dev.spacedev.data.DataServer;
import dev.spacedev.data.DriveApi;
import dev.spacedev.data.DriveStore;
import dev.spacedev.data.LocalCa;
import dev.spacedev.process.LogPrinter;
import dev.spacedev.runtime.ProjectKeys;
import dev.spacedev.files.SpaceDir;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import io.netty.handler.ssl.SslContext;

/**
 * Deta Base and Drive for the app's micros, which Deta's cloud no longer serves: stored in
 * {@code .space/data/}, served over TLS on loopback, and found by the SDKs through the variables
 * they already read.
 */
final class DataService implements AutoCloseable {
    private final BaseStore store;
    private final DriveStore files;
    private final DataServer server;
    private final Map<String, String> environment;
    private final io.netty.handler.ssl.SslContext tls;

    private DataService(BaseStore store, DriveStore files, DataServer server, Map<String, String> environment,
            io.netty.handler.ssl.SslContext tls) {
        this.tls = tls;
        this.store = store;
        this.files = files;
        this.server = server;
        this.environment = environment;
    }

    static DataService start(SpaceDir space, ProjectKeys keys, LogPrinter log) throws IOException, InterruptedException {
        LocalCa ca = LocalCa.loadOrCreate(LocalCa.home());
        // TLS set-up (the JDK's crypto) and opening the databases (SQLite's native library) each take a
        // few hundred milliseconds of a cold start: side by side, not one after the other
        CompletableFuture<SslContext> tls = CompletableFuture.supplyAsync(() -> {
            try {
                return ca.serverContext();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        dev.spacedev.data.DataDir.recover(space.root().resolve("data")); // an import cut short by a crash
        BaseStore store = new BaseStore(space.root().resolve("data").resolve("base.db"), Clock.systemUTC());
        DriveStore files = new DriveStore(space.root().resolve("data"));
        SslContext context;
        try {
            context = tls.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : new IOException(e.getCause());
        }
        // TLS for the micros' SDKs; plain HTTP on the same port for the proxy's /__space/v0/base and /drive
        DataServer server = DataServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new BaseApi(store),
                new DriveApi(files, keys.projectId()), keys.projectKey(), context);
        String host = "127.0.0.1:" + server.address().getPort();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DETA_BASE_HOST", host);
        env.put("DETA_BASE_ROOT_ENDPOINT", "https://" + host + "/v1");
        env.put("DETA_DRIVE_HOST", host);
        env.put("DETA_DRIVE_ROOT_ENDPOINT", "https://" + host + "/v1");
        env.put("NODE_EXTRA_CA_CERTS", ca.caPem().toString());
        env.put("SSL_CERT_FILE", ca.bundlePem().toString());
        env.put("REQUESTS_CA_BUNDLE", ca.bundlePem().toString());
        log.info("Deta Base and Drive for the micros at https://" + host + " (data in .space/data)");
        return new DataService(store, files, server, Map.copyOf(env), context);
    }

    /** The local CA's server certificate, so the proxy can speak HTTPS too. */
    io.netty.handler.ssl.SslContext tls() {
        return tls;
    }

    /** Where the proxy sends the browser SDK's calls (in plain HTTP). */
    InetSocketAddress browserAddress() {
        return server.address();
    }

    /** What each micro gets so that the Deta SDKs reach this service instead of the cloud. */
    Map<String, String> environment() {
        return environment;
    }

    @Override
    public void close() {
        server.close();
        try {
            store.close();
            files.close();
        } catch (SQLException e) {
            // the process is ending; SQLite's WAL keeps what was committed
        }
    }
}
