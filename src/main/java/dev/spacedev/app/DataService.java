package dev.spacedev.app;

import dev.spacedev.data.DataDir;
import dev.spacedev.data.DataServer;
import dev.spacedev.data.base.BaseApi;
import dev.spacedev.data.base.BaseStore;
import dev.spacedev.data.base.PgBaseStore;
import dev.spacedev.data.base.SqliteBaseStore;
import dev.spacedev.data.ca.LocalCa;
import dev.spacedev.data.drive.DriveApi;
import dev.spacedev.data.drive.DriveStore;
import dev.spacedev.data.drive.FileDriveStore;
import dev.spacedev.data.drive.PgDriveStore;
import dev.spacedev.database.Database;
import dev.spacedev.files.SpaceDir;
import dev.spacedev.process.LogPrinter;
import dev.spacedev.proxy.AppConsole;
import dev.spacedev.runtime.ProjectKeys;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Deta Base and Drive for the app's micros, which Deta's cloud no longer serves: stored in
 * {@code .space/data/}, served over TLS on loopback, and found by the SDKs through the variables
 * they already read.
 *
 * <p>Off the path to a ready app. {@link #open} reserves the port (a plain JDK socket, bound) and
 * makes sure the CA's files exist, since the micros' variables name both (and Node reads its CA
 * file as it starts). The costly part, TLS (~250 ms of the JDK's crypto on a cold JVM) and opening
 * SQLite (~100 ms), is {@link #prepare}d on two threads of its own once the micros are up, or as
 * soon as anyone connects, so that it does not take the two cores the micros and the proxy are
 * starting on. {@link #serve} puts Netty on the reserved socket; a request that comes before the
 * set-up is done waits for it.
 */
final class DataService implements AutoCloseable {
    private record Stores(BaseStore base, DriveStore drive) {}

    /** Requests served at once with PostgreSQL (its pool has room for them, and for the runtime's own calls). */
    static final int POSTGRES_THREADS = 4;

    // not the common pool: on two cores it has one thread, and these two steps are to run side by side
    private static final Executor OWN_THREAD = task -> {
        Thread t = new Thread(task, "data-setup");
        t.setDaemon(true);
        t.start();
    };

    private final LocalCa ca;
    private final Path dataDir;
    private final ProjectKeys keys;
    private final ServerSocketChannel reserved;
    private final Database database;
    private final Map<String, String> environment;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CompletableFuture<SslContext> tls = new CompletableFuture<>();
    private final CompletableFuture<Stores> stores = new CompletableFuture<>();
    private final CompletableFuture<DataServer.Setup> setup;
    private DataServer server;

    private DataService(LocalCa ca, Path dataDir, Database database, ProjectKeys keys, LogPrinter log, ServerSocketChannel reserved,
            Map<String, String> environment) {
        this.ca = ca;
        this.database = database;
        this.dataDir = dataDir;
        this.keys = keys;
        this.reserved = reserved;
        this.environment = environment;
        this.setup = stores.thenCombine(tls, (s, context) ->
                new DataServer.Setup(new BaseApi(s.base()), new DriveApi(s.drive(), keys.projectId()), context));
        setup.whenComplete((ready, failure) -> {
            if (failure != null) {
                log.info("error: Base and Drive are not available: " + reason(failure));
            }
        });
    }

    /**
     * Makes sure the CA exists and reserves the port; nothing is served until {@link #serve}, nothing opened until {@link #prepare}.
     *
     * @param database where Base and Drive live ({@code --data-url}); null for the embedded store in {@code .space/data}
     * @param port the port on 127.0.0.1 ({@code --data-port}, checked free by the command; 0 for any)
     */
    static DataService open(SpaceDir space, ProjectKeys keys, LogPrinter log, Database database, int port) throws IOException {
        LocalCa ca = LocalCa.loadOrCreate(LocalCa.home());
        ServerSocketChannel reserved = ServerSocketChannel.open();
        try {
            reserved.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        } catch (IOException e) {
            reserved.close();
            throw new IOException("cannot listen on port " + port + " for Base and Drive (" + e.getMessage() + "); choose another with"
                    + " --data-port", e);
        }
        String host = "127.0.0.1:" + ((InetSocketAddress) reserved.getLocalAddress()).getPort();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DETA_BASE_HOST", host);
        env.put("DETA_BASE_ROOT_ENDPOINT", "https://" + host + "/v1");
        env.put("DETA_DRIVE_HOST", host);
        env.put("DETA_DRIVE_ROOT_ENDPOINT", "https://" + host + "/v1");
        env.put("NODE_EXTRA_CA_CERTS", ca.caPem().toString());
        env.put("SSL_CERT_FILE", ca.bundlePem().toString());
        env.put("REQUESTS_CA_BUNDLE", ca.bundlePem().toString());
        log.info("Deta Base and Drive for the micros at https://" + host + " (data in "
                + (database == null ? ".space/data" : database.url().toString()) + ")");
        return new DataService(ca, space.root().resolve("data"), database, keys, log, reserved, Map.copyOf(env));
    }

    /** Loads the TLS certificate and opens the databases, each on a thread of its own; once, whoever asks first. */
    DataService prepare() {
        if (started.compareAndSet(false, true)) {
            tls.completeAsync(() -> unchecked(ca::serverContext), OWN_THREAD);
            stores.completeAsync(() -> unchecked(this::openStores), OWN_THREAD);
        }
        return this;
    }

    /** Answers on the reserved port: TLS for the micros' SDKs, plain HTTP for the proxy's browser path. */
    DataService serve() throws InterruptedException {
        server = DataServer.start(reserved, keys.projectKey(), setup, this::prepare, database == null ? 1 : POSTGRES_THREADS);
        return this;
    }

    /** The local CA's server certificate, so the proxy can speak HTTPS too; asking for it starts the set-up. */
    CompletableFuture<SslContext> tls() {
        prepare();
        return tls;
    }

    /** The app's bases and drives, for the dashboard; waits for the databases (opening them, if no one had asked yet). */
    AppConsole.DataNames names() throws IOException {
        prepare();
        try {
            Stores s = stores.join();
            return new AppConsole.DataNames(s.base().bases(), s.drive().drives());
        } catch (CompletionException e) {
            throw new IOException("Base and Drive are not available: " + reason(e), e);
        } catch (SQLException e) {
            throw new IOException("Base and Drive could not be read: " + e.getMessage(), e);
        }
    }

    /** Where the proxy sends the browser SDK's calls (in plain HTTP). */
    InetSocketAddress browserAddress() {
        try {
            return (InetSocketAddress) reserved.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What each micro gets so that the Deta SDKs reach this service instead of the cloud. */
    Map<String, String> environment() {
        return environment;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        } else {
            try {
                reserved.close();
            } catch (IOException e) {
                // the process is ending
            }
        }
        if (!started.get()) {
            return;
        }
        try {
            Stores opened = stores.join(); // a set-up still running finishes first, so nothing stays open
            opened.base().close();
            opened.drive().close();
        } catch (CompletionException e) {
            // never opened: nothing to close
        } catch (SQLException e) {
            // the process is ending; SQLite's WAL keeps what was committed
        }
    }

    private Stores openStores() throws IOException, SQLException {
        if (database != null) {
            return new Stores(new PgBaseStore(database, Clock.systemUTC()), new PgDriveStore(database, Clock.systemUTC()));
        }
        DataDir.recover(dataDir); // an import cut short by a crash
        BaseStore base = new SqliteBaseStore(dataDir.resolve("base.db"), Clock.systemUTC());
        try {
            return new Stores(base, new FileDriveStore(dataDir));
        } catch (IOException | RuntimeException e) {
            base.close();
            throw e;
        }
    }

    private interface IoSupplier<T> {
        T get() throws IOException, SQLException;
    }

    private static <T> T unchecked(IoSupplier<T> step) {
        try {
            return step.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException(e.getMessage(), e));
        }
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof UncheckedIOException u) {
            cause = u.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }
}
