package dev.spacedev.app;

import dev.spacedev.build.Builder.Result;
import dev.spacedev.data.ca.LocalCa;
import dev.spacedev.database.DataUrl;
import dev.spacedev.files.SpaceDir;
import dev.spacedev.net.Transport;
import dev.spacedev.process.LogPrinter;
import dev.spacedev.process.MicroProcess;
import dev.spacedev.process.Supervisor;
import dev.spacedev.proxy.ProxyOptions;
import dev.spacedev.proxy.ProxyServer;
import dev.spacedev.proxy.Target;
import dev.spacedev.runtime.Gatekeeper;
import dev.spacedev.runtime.ProjectLock;
import dev.spacedev.spacefile.Micro;
import dev.spacedev.spacefile.Spacefile;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One running app: its micros under a supervisor, the data service, the proxy in front, auth and
 * actions. {@code up} keeps one until Ctrl-C; {@code test} starts one, probes it and closes it;
 * {@code proxy} starts one that only routes to micros another {@code up --no-proxy} runs. All
 * three go through {@link #builder}, so they serve the same routes.
 */
public final class AppSession implements AutoCloseable {
    static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final LiveApp live;
    private final SpaceDir space;
    private final ProjectLock lock;
    private final LogPrinter log;
    private final Supervisor supervisor;
    private final ProxyServer proxy;
    private final DataService data;
    private final Gatekeeper gate;
    private final String url;
    private final List<AutoCloseable> closeFirst;
    private final List<AutoCloseable> closeLast;

    AppSession(LiveApp live, SpaceDir space, ProjectLock lock, LogPrinter log, Supervisor supervisor, ProxyServer proxy,
            DataService data, Gatekeeper gate, String url, List<AutoCloseable> closeFirst, List<AutoCloseable> closeLast) {
        this.closeFirst = List.copyOf(closeFirst);
        this.closeLast = List.copyOf(closeLast);
        this.live = live;
        this.space = space;
        this.lock = lock;
        this.log = log;
        this.supervisor = supervisor;
        this.proxy = proxy;
        this.data = data;
        this.gate = gate;
        this.url = url;
    }

    public static Builder builder(Spacefile app, LogPrinter log) {
        return new Builder(app, log);
    }

    /** What one run is: where the proxy listens, which micros run and how, what the runtime enforces. */
    public static final class Builder {
        final Spacefile app;
        final LogPrinter log;
        InetAddress bindHost = InetAddress.getLoopbackAddress();
        int port;
        Integer dataPort;
        List<String> only = List.of();
        boolean proxy = true;
        ProxyOptions proxyOptions = ProxyOptions.dev();
        boolean auth = true;
        boolean actions = true;
        Map<Micro, Result> built;
        List<String> servedDotPaths = List.of();
        boolean stopOnExit;
        DataUrl dataUrl;
        Runnable down;
        List<String> watch;

        private Builder(Spacefile app, LogPrinter log) {
            this.app = Objects.requireNonNull(app);
            this.log = Objects.requireNonNull(log);
        }

        /** Ctrl-C and SIGTERM stop the run, from the moment the first micro is spawned (see {@link #stopOnExit()}). */
        public Builder stopOnExit() {
            this.stopOnExit = true;
            return this;
        }

        /**
         * {@code up}: other terminals control the run ({@code ps}, {@code logs}, {@code stop}, {@code start},
         * {@code restart}, {@code trigger}, {@code down}, through {@link ControlClient}), and a saved change to the
         * Spacefile is applied while it runs.
         *
         * {@code space-dev down} stops this process as SIGTERM does (exit 0).
         */
        public Builder controlled() {
            return controlled(Interrupts::stop);
        }

        /** @param down what {@code space-dev down} does (a test's own way to stop) */
        Builder controlled(Runnable down) {
            this.down = Objects.requireNonNull(down);
            return this;
        }

        /**
         * {@code up --watch}: restart these micros (all, when empty) when their files change, as {@code compose watch}
         * does, for micros whose own command does not reload.
         */
        public Builder watch(List<String> micros) {
            this.watch = List.copyOf(micros);
            return this;
        }

        public Builder listen(InetAddress host, int port) {
            this.bindHost = host;
            this.port = port;
            return this;
        }

        /** Where Base and Drive answer the micros, on 127.0.0.1 ({@code --data-port}); 0 for any free port. */
        public Builder dataPort(int port) {
            this.dataPort = port;
            return this;
        }

        /** The data port asked for, else the proxy's port + 1 when that is free, else the next free one after it. */
        int dataPort() {
            if (dataPort != null) {
                return dataPort;
            }
            return Ports.dataPortFor(port);
        }

        /** Start only these micros (default: all). */
        public Builder only(List<String> names) {
            this.only = List.copyOf(names);
            return this;
        }

        /** {@code up --no-proxy}: the micros only. */
        public Builder withoutProxy() {
            this.proxy = false;
            return this;
        }

        public Builder proxyOptions(ProxyOptions options) {
            this.proxyOptions = options;
            return this;
        }

        public Builder auth(boolean on) {
            this.auth = on;
            return this;
        }

        public Builder actions(boolean on) {
            this.actions = on;
            return this;
        }

        /** Run what a build made, as Space did ({@code --prod}); without this, each micro's dev command. */
        public Builder prod(Map<Micro, Result> builds) {
            this.built = Map.copyOf(builds);
            return this;
        }

        /** {@code --data-url}: Base, Drive, sessions, app keys and the actions' ticks in this database, shared with other instances. */
        public Builder dataUrl(DataUrl url) {
            this.dataUrl = url;
            return this;
        }

        public Builder servedDotPaths(List<String> paths) {
            this.servedDotPaths = List.copyOf(paths);
            return this;
        }

        /** Takes the app's lock, starts the data service, the micros, the proxy and the scheduler. */
        public AppSession start() throws IOException, InterruptedException {
            return AppStart.start(this);
        }

        /** Only the proxy (and the data service behind its browser path), routing to micros found by their port files. */
        public AppSession startProxyOnly() throws IOException, InterruptedException {
            return AppStart.startProxyOnly(this);
        }
    }

    /** The Spacefile the app runs now (a saved change is applied while {@code up} runs). */
    public Spacefile app() {
        return live.app();
    }

    public Map<Micro, Target> targets() {
        return live.targets();
    }

    public List<MicroProcess> processes() {
        return live.processes();
    }

    public Gatekeeper gate() {
        return gate;
    }

    /** The app's URL; null without a proxy. */
    public String url() {
        return proxy == null ? null : url;
    }

    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return supervisor.awaitReady(timeout);
    }

    /**
     * Puts the sign-in link where {@code space-dev login} finds it for the owner (nothing with auth off).
     *
     * @return the link, or empty without a proxy or with auth off
     */
    public java.util.Optional<String> publishSignIn() throws java.io.IOException {
        if (url() == null || !gate.enabled()) {
            return java.util.Optional.empty();
        }
        String link = SignInLink.of(url(), gate.sessions().runToken());
        SignInLink.publish(space, link);
        return java.util.Optional.of(link);
    }

    /** A page (a file, owner-only) that signs a browser in once and opens {@code next}; for {@code --open}. */
    public java.nio.file.Path signInOpener(String next) throws java.io.IOException {
        return SignInLink.opener(space, url(), gate.sessions().oneTimeToken(), next);
    }

    /** Stops everything: every micro's tree, the proxy, the data service, the database's connections, the port files, the lock. */
    @Override
    public void close() {
        SignInLink.withdraw(space);
        closeAll(closeFirst); // the control channel and the Spacefile's watch: nothing changes the app while it stops
        supervisor.stopAll(STOP_GRACE);
        if (proxy != null) {
            proxy.close();
        }
        data.close();
        supervisor.micros().forEach(m -> space.removePort(m.name()));
        closeAll(closeLast);
        if (lock != null) {
            lock.close();
        }
    }

    private void closeAll(List<AutoCloseable> all) {
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception e) {
                log.info("warning: " + e.getMessage());
            }
        }
    }

    /** Ctrl-C or SIGTERM stops it all; a second Ctrl-C kills at once. */
    public void stopOnExit() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping (Ctrl-C again to force)");
            close();
            log.info("stopped");
            log.drain(Duration.ofSeconds(1)); // a stream nobody reads must not hold the exit
        }, "space-dev-shutdown"));
        Interrupts.install(() -> {
            log.info("forcing: killing every micro now");
            supervisor.killAll();
            supervisor.micros().forEach(m -> space.removePort(m.name()));
        });
    }

    /**
     * What every run needs from this machine, started in the background as early as possible (the
     * local CA, made on a first run): {@code up}, {@code test} and {@code proxy} call it first thing.
     */
    public static void prepareMachine() {
        LocalCa.prepareInBackground(LocalCa.home());
        // the proxy binds after the micros are spawned, on the path to a ready app: the native transport
        // (a library to load) and logging are set up meanwhile, on a spare core
        Thread t = new Thread(() -> {
            Transport.current();
            org.slf4j.LoggerFactory.getLogger(AppSession.class);
        }, "prepare-netty");
        t.setDaemon(true);
        t.start();
    }

    /** The URL a browser opens for an app on {@code bindHost}. */
    public static String url(InetAddress bindHost, int port) {
        boolean local = bindHost.isAnyLocalAddress() || bindHost.isLoopbackAddress();
        return "http://" + (local ? "localhost" : bindHost.getHostAddress()) + ":" + port;
    }

}
