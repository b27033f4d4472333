package dev.spacedev.app;

import dev.spacedev.files.SpaceDir;
import dev.spacedev.process.LaunchPlan;
import dev.spacedev.process.LogPrinter;
import dev.spacedev.process.MicroProcess;
import dev.spacedev.process.OrphanGuard;
import dev.spacedev.process.PidRegistry;
import dev.spacedev.process.Supervisor;
import dev.spacedev.process.Timer;
import dev.spacedev.proxy.AppConsole;
import dev.spacedev.proxy.DataRoute;
import dev.spacedev.proxy.ProxyServer;
import dev.spacedev.proxy.Target;
import dev.spacedev.runtime.ActionDelivery;
import dev.spacedev.runtime.ActionScheduler;
import dev.spacedev.runtime.PgActionTicks;
import dev.spacedev.runtime.RuntimeState;
import dev.spacedev.database.Database;
import dev.spacedev.runtime.DotEnv;
import dev.spacedev.runtime.Gatekeeper;
import dev.spacedev.runtime.MicroEnvironment;
import dev.spacedev.runtime.ProjectKeys;
import dev.spacedev.runtime.ProjectLock;
import dev.spacedev.spacefile.EnvPreset;
import dev.spacedev.spacefile.Micro;
import dev.spacedev.spacefile.Spacefile;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** How an {@link AppSession} comes up, in order: lock, leftovers, keys, data, micros, auth, proxy, actions. */
final class AppStart {
    static final Duration DATA_SETUP_DELAY = Duration.ofMillis(1500);
    /** Connections to PostgreSQL: the data service's threads, the sessions' and keys' lookups, the actions' claims. */
    static final int POOL_SIZE = 8;
    private AppStart() {}

    static AppSession start(AppSession.Builder b) throws IOException, InterruptedException {
        SpaceDir space = new SpaceDir(b.app.projectDir()).ensure();
        ProjectLock lock = ProjectLock.acquire(space, "up"); // before anything of an earlier run is swept away
        try {
            return start(b, space, lock);
        } catch (IOException | InterruptedException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    static AppSession startProxyOnly(AppSession.Builder b) throws IOException, InterruptedException {
        SpaceDir space = new SpaceDir(b.app.projectDir()).ensure();
        ProjectKeys keys = ProjectKeys.loadOrCreate(space);
        Database database = openDatabase(b);
        DataService data = DataService.open(space, keys, b.log, database, b.dataPort()).serve().prepare();
        Map<Micro, Target> targets = new LinkedHashMap<>();
        for (Micro m : b.app.micros()) {
            targets.put(m, LaunchPlan.servesStatically(m) ? Targets.staticSite(b.app.projectDir(), m, b.servedDotPaths)
                    : Targets.service(m, new PortFileUpstream(m.name(), space)));
        }
        Gatekeeper gate = gate(b, space, keys, state(space, database));
        Supervisor none = new Supervisor(List.of(), Supervisor.newTimer());
        LiveApp routesOnly = new LiveApp(b.app, targets, none, null, space, b.log, (live, micros) -> null, false);
        ProxyServer proxy = proxy(b, routesOnly, gate, data, keys, null);
        return new AppSession(routesOnly, space, null, b.log, none, proxy, data, gate, AppSession.url(b.bindHost, b.port), List.of(),
                database == null ? List.of() : List.of(database));
    }

    private static AppSession start(AppSession.Builder b, SpaceDir space, ProjectLock lock) throws IOException, InterruptedException {
        Spacefile app = b.app;
        LogPrinter log = b.log;
        OrphanGuard guard = OrphanGuard.start();
        PidRegistry pids = new PidRegistry(space, guard);
        List<String> leftovers = pids.sweep(AppSession.STOP_GRACE);
        if (!leftovers.isEmpty()) {
            log.info("ended what an earlier run left behind: " + String.join(", ", leftovers));
        }
        warnIfTracked(space, log);
        ProjectKeys keys = ProjectKeys.loadOrCreate(space);
        Map<String, String> dotEnv = DotEnv.read(app.projectDir().resolve(".env"));
        warnUndeclared(app, dotEnv, log);
        String appHost = (b.bindHost.isAnyLocalAddress() ? "127.0.0.1" : b.bindHost.getHostAddress()) + ":" + b.port;
        MicroEnvironment environment = new MicroEnvironment(System.getenv(), dotEnv, keys, appHost,
                extractRuntimeFile(space, "node_loopback.cjs"));
        Database database = openDatabase(b);
        RuntimeState state = state(space, database);
        DataService data;
        try {
            data = DataService.open(space, keys, log, database, b.dataPort());
        } catch (IOException | RuntimeException e) {
            closeQuietly(database);
            throw e;
        }
        ScheduledExecutorService timer = Supervisor.newTimer();
        Supervisor supervisor = null;
        Thread untilSession = null;
        List<AutoCloseable> closeFirst = new ArrayList<>();
        List<AutoCloseable> closeLast = new ArrayList<>();
        closeLast.add(guard); // after the micros stopped: then it has nothing left to end
        try {
            MicroLauncher launcher = new MicroLauncher(b, space, environment, data.environment(), extractRuntimeFile(space, "legacy_main.py"),
                    pids, Timer.of(timer));
            List<MicroProcess> processes = new ArrayList<>();
            Map<Micro, Target> targets = new LinkedHashMap<>();
            for (Micro m : app.micros()) {
                MicroLauncher.Launched launched = launcher.launch(m);
                targets.put(m, launched.target());
                launched.process().ifPresent(processes::add);
            }
            supervisor = new Supervisor(processes, timer);
            if (b.stopOnExit) {
                // from the first spawn on, a SIGTERM leaves no micro behind, even before the session below exists
                Supervisor spawned = supervisor;
                untilSession = new Thread(() -> spawned.stopAll(AppSession.STOP_GRACE), "space-dev-stop-micros");
                Runtime.getRuntime().addShutdownHook(untilSession);
            }
            // the micros first: everything below (Netty, the sessions, the proxy) is done while they start
            supervisor.startAll();
            Gatekeeper gate = gate(b, space, keys, state);
            LiveApp live = new LiveApp(app, targets, supervisor, launcher, space, log,
                    (running, withActions) -> actions(withActions, running, keys, timer, log, database, state), b.actions);
            closeLast.add(live::stopActions);
            AppActionRegistry appActions = new AppActionRegistry(live, keys.apiKey(), log, Clock.systemUTC());
            closeFirst.add(appActions);
            AppConsole console = new SessionConsole(live, b.only, log.book(), state, data, AppSession.STOP_GRACE, appActions);
            ProxyServer proxy = b.proxy ? proxy(b, live, gate, data, keys, console) : null;
            data.serve();
            // TLS and SQLite (~300 ms of CPU on a cold JVM) when a request asks for them, else a little after the
            // start: not while the micros start, nor while the first requests go through a proxy that is not yet compiled
            timer.schedule(data::prepare, DATA_SETUP_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            live.startActions();
            appActions.start();
            processes.forEach(MicroProcess::watch);
            String url = AppSession.url(b.bindHost, b.port);
            if (b.down != null) {
                SpacefileWatch watch = new SpacefileWatch(app.file(), live, log);
                try {
                    closeFirst.add(ControlServer.open(space, console, b.proxy ? url : null, data.browserAddress().getPort(), watch::check, b.down));
                } catch (IOException e) {
                    log.info("warning: no control channel (" + e.getMessage() + "): space-dev ps, logs, stop, start, restart and"
                            + " down cannot reach this run; Ctrl-C stops it");
                }
                closeFirst.add(watch);
                watch.start();
            }
            if (database != null) {
                closeLast.add(database);
            }
            AppSession session = new AppSession(live, space, lock, log, supervisor, proxy, data, gate, url, closeFirst, closeLast);
            if (b.stopOnExit) {
                session.stopOnExit();
                try {
                    Runtime.getRuntime().removeShutdownHook(untilSession); // the session's own hook stops the micros now
                } catch (IllegalStateException shuttingDown) {
                    // a SIGTERM came in between: both hooks run, and stopping a micro twice is harmless
                }
            }
            return session;
        } catch (IOException | InterruptedException | RuntimeException e) {
            closeFirst.forEach(AppStart::closeQuietly);
            closeLast.forEach(AppStart::closeQuietly);
            if (supervisor != null) {
                supervisor.stopAll(AppSession.STOP_GRACE);
                supervisor.micros().forEach(m -> space.removePort(m.name()));
            }
            timer.shutdownNow();
            data.close();
            closeQuietly(database);
            throw e;
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // on the way out of a failed start: the failure itself is what the user hears about
        }
    }

    private static Gatekeeper gate(AppSession.Builder b, SpaceDir space, ProjectKeys keys, RuntimeState state) throws IOException {
        if (!b.auth) {
            b.log.info("auth is off (--no-auth): every route of every micro is open, unlike on Space");
            return Gatekeeper.off();
        }
        return Gatekeeper.forProject(space, keys, state, b.port);
    }

    /** {@code --data-url}: connected (and its schema brought up to date) before anything starts, so a wrong URL stops here. */
    private static Database openDatabase(AppSession.Builder b) throws IOException {
        if (b.dataUrl == null) {
            return null;
        }
        Database db = Database.open(b.dataUrl, POOL_SIZE);
        b.log.info("data: Base, Drive, sessions, app keys and the actions' ticks in " + b.dataUrl);
        return db;
    }

    private static RuntimeState state(SpaceDir space, Database database) {
        return database == null ? RuntimeState.files(space) : RuntimeState.shared(database);
    }

    private static void closeQuietly(Database database) {
        if (database != null) {
            database.close();
        }
    }

    /** @param console the dashboard's view of the app; null for none ({@code space-dev proxy}) */
    private static ProxyServer proxy(AppSession.Builder b, LiveApp live, Gatekeeper gate, DataService data, ProjectKeys keys,
            AppConsole console) throws InterruptedException {
        return ProxyServer.start(new InetSocketAddress(b.bindHost, b.port), live.routes(), b.proxyOptions, gate,
                new DataRoute(data.browserAddress(), keys.projectKey()), data::tls, console);
    }

    /**
     * The actions of the given micros (those with actions this run started), delivered straight to each micro's
     * current process: on their schedules once started (unless {@code --no-actions}), or now when asked. Null for none.
     */
    private static ActionScheduler actions(List<Micro> withActions, LiveApp running, ProjectKeys keys,
            ScheduledExecutorService timer, LogPrinter log, Database database, RuntimeState state) {
        ActionDelivery delivery = new ActionDelivery(keys.apiKey(), m -> running.process(m.name())
                .filter(p -> p.phase() == MicroProcess.Phase.READY).map(MicroProcess::address));
        if (withActions.isEmpty()) {
            return null;
        }
        ActionScheduler.Ticks ticks = database == null ? ActionScheduler.Ticks.ALWAYS
                : new PgActionTicks(database, instanceName(), log::info);
        return new ActionScheduler(withActions, Clock.systemUTC(), (task, delay) -> timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS),
                delivery, log::info, ticks, new dev.spacedev.runtime.ActionSchedules(state.schedules()));
    }

    /** How the ticks table names this instance: its machine and process. */
    private static String instanceName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown";
        }
        return host + ":" + ProcessHandle.current().pid();
    }

    /** .space/ committed to git: its keys and sessions would travel with the repository (asked of git off the start's path). */
    private static void warnIfTracked(SpaceDir space, LogPrinter log) {
        Thread t = new Thread(() -> {
            if (dev.spacedev.files.GitTracked.isTracked(space.root())) {
                log.info("WARNING: .space/ is tracked by git: its keys and sessions must not be committed (anyone with the repository"
                        + " could use them); untrack it with: git rm -r --cached .space && echo .space/ >> .gitignore");
            }
        }, "git-check");
        t.setDaemon(true);
        t.start();
    }

    /** Names in .env that no micro declares would not exist on Space: they are not passed on. */
    private static void warnUndeclared(Spacefile app, Map<String, String> dotEnv, LogPrinter log) {
        Set<String> declared = app.micros().stream().flatMap(m -> m.presets().env().stream()).map(EnvPreset::name)
                .collect(Collectors.toSet());
        Set<String> undeclared = new TreeSet<>(dotEnv.keySet());
        undeclared.removeAll(declared);
        if (!undeclared.isEmpty()) {
            log.info("warning: .env sets " + String.join(", ", undeclared) + ", which no micro declares in presets.env;"
                    + " Space would not pass them on, so neither does space-dev");
        }
    }

    /** One of the scripts space-dev hands micros (src/main/resources/runtime/), in .space/runtime/, rewritten if it differs. */
    private static Path extractRuntimeFile(SpaceDir space, String name) throws IOException {
        Path script = space.runtimeDir().resolve(name);
        Files.createDirectories(script.getParent());
        try (InputStream in = AppStart.class.getResourceAsStream("/runtime/" + name)) {
            byte[] content = in.readAllBytes();
            if (!Files.exists(script) || !java.util.Arrays.equals(Files.readAllBytes(script), content)) {
                Files.write(script, content);
            }
        }
        return script;
    }
}
