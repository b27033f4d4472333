package dev.spacedev.cli;

import dev.spacedev.process.LaunchPlan;
import dev.spacedev.process.LogPrinter;
import dev.spacedev.process.MicroProcess;
import dev.spacedev.process.PidRegistry;
import dev.spacedev.process.Supervisor;
import dev.spacedev.proxy.ProxyOptions;
import dev.spacedev.proxy.DataRoute;
import dev.spacedev.proxy.ProxyServer;
import dev.spacedev.proxy.StoppedUpstream;
import dev.spacedev.proxy.Target;
import dev.spacedev.proxy.Upstream;
import dev.spacedev.runtime.ActionDelivery;
import dev.spacedev.runtime.ActionScheduler;
import dev.spacedev.runtime.DotEnv;
import dev.spacedev.runtime.Gatekeeper;
import dev.spacedev.runtime.MicroEnvironment;
import dev.spacedev.runtime.ProjectKeys;
import dev.spacedev.runtime.ProjectLock;
import dev.spacedev.runtime.SpaceDir;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * One running app: its micros under a supervisor, the proxy in front, auth and actions. {@code up}
 * keeps one until Ctrl-C; {@code test} starts one, probes it and closes it.
 */
final class AppSession implements AutoCloseable {
    static final Duration STOP_GRACE = Duration.ofSeconds(5);

    /**
     * @param plans the command each micro runs (dev or prod); empty for a micro the proxy serves as files
     * @param sites the files of a micro the proxy serves itself
     */
    record Settings(InetAddress bindHost, int proxyPort, List<String> only, boolean proxy, ProxyOptions proxyOptions,
            boolean auth, boolean actions, BiFunction<Micro, Path, Optional<LaunchPlan>> plans,
            java.util.function.Function<Micro, Target> sites) {}

    private final Spacefile app;
    private final SpaceDir space;
    private final ProjectLock lock;
    private final LogPrinter log;
    private final Supervisor supervisor;
    private final ProxyServer proxy;
    private final DataService data;
    private final Map<Micro, Target> targets;
    private final Gatekeeper gate;
    private final String url;

    private AppSession(Spacefile app, SpaceDir space, ProjectLock lock, LogPrinter log, Supervisor supervisor, ProxyServer proxy, DataService data,
            Map<Micro, Target> targets, Gatekeeper gate, String url) {
        this.data = data;
        this.lock = lock;
        this.app = app;
        this.space = space;
        this.log = log;
        this.supervisor = supervisor;
        this.proxy = proxy;
        this.targets = targets;
        this.gate = gate;
        this.url = url;
    }

    static AppSession start(Spacefile app, Settings s, LogPrinter log) throws IOException, InterruptedException {
        Path projectDir = app.projectDir();
        SpaceDir space = new SpaceDir(projectDir).ensure();
        ProjectLock lock = ProjectLock.acquire(space, "up"); // before anything of an earlier run is swept away
        try {
            return start(app, s, log, space, lock);
        } catch (IOException | InterruptedException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static AppSession start(Spacefile app, Settings s, LogPrinter log, SpaceDir space, ProjectLock lock)
            throws IOException, InterruptedException {
        Path projectDir = app.projectDir();
        PidRegistry pids = new PidRegistry(space);
        List<String> leftovers = pids.sweep(STOP_GRACE);
        if (!leftovers.isEmpty()) {
            log.info("ended what an earlier run left behind: " + String.join(", ", leftovers));
        }
        ProjectKeys keys = ProjectKeys.loadOrCreate(space);
        Map<String, String> dotEnv = DotEnv.read(projectDir.resolve(".env"));
        warnUndeclared(app, dotEnv, log);
        String appHost = (s.bindHost().isAnyLocalAddress() ? "127.0.0.1" : s.bindHost().getHostAddress()) + ":" + s.proxyPort();
        MicroEnvironment environment = new MicroEnvironment(System.getenv(), dotEnv, keys, appHost);
        DataService data = DataService.start(space, keys, log);
        Path legacyPython = extractLegacyPython(space);

        ScheduledExecutorService timer = Supervisor.newTimer();
        Set<Integer> taken = new HashSet<>(Set.of(s.proxyPort()));
        List<MicroProcess> processes = new ArrayList<>();
        Map<Micro, Target> targets = new LinkedHashMap<>();
        for (Micro m : app.micros()) {
            Optional<LaunchPlan> plan = s.plans().apply(m, legacyPython);
            if (plan.isEmpty()) {
                targets.put(m, s.sites().apply(m));
            } else if (!s.only().isEmpty() && !s.only().contains(m.name())) {
                targets.put(m, Targets.service(m, new StoppedUpstream(m.name(), "not started: space-dev up was asked for "
                        + String.join(", ", s.only()) + " only")));
            } else {
                int microPort = Ports.firstFree(InetAddress.getLoopbackAddress(), s.proxyPort() + 1, taken);
                taken.add(microPort);
                Map<String, String> env = new LinkedHashMap<>(environment.forMicro(m, microPort));
                env.putAll(data.environment());
                MicroProcess p = new MicroProcess(m, plan.get(), microPort, env, log, pids, timer);
                processes.add(p);
                targets.put(m, Targets.service(m, p));
            }
        }
        Supervisor supervisor = new Supervisor(processes, timer);
        Gatekeeper gate = s.auth() ? Gatekeeper.forProject(space, keys, s.proxyPort(), ListenOptions.beyondLoopback(s.bindHost()))
                : Gatekeeper.off();
        if (!s.auth()) {
            log.info("auth is off (--no-auth): every route of every micro is open, unlike on Space");
        }
        ProxyServer proxy = s.proxy()
                ? ProxyServer.start(new InetSocketAddress(s.bindHost(), s.proxyPort()), Targets.router(targets), s.proxyOptions(), gate,
                        new DataRoute(data.browserAddress(), keys.projectKey()), data.tls())
                : null;
        for (MicroProcess p : processes) {
            space.writePort(p.name(), p.port());
        }
        if (s.actions()) {
            scheduleActions(app, processes, keys, timer, log);
        }
        supervisor.startAll();
        return new AppSession(app, space, lock, log, supervisor, proxy, data, targets, gate, ListenOptions.url(s.bindHost(), s.proxyPort()));
    }

    Spacefile app() {
        return app;
    }

    Map<Micro, Target> targets() {
        return targets;
    }

    List<MicroProcess> processes() {
        return supervisor.micros();
    }

    Gatekeeper gate() {
        return gate;
    }

    /** The app's URL; null without a proxy. */
    String url() {
        return proxy == null ? null : url;
    }

    boolean awaitReady(Duration timeout) throws InterruptedException {
        return supervisor.awaitReady(timeout);
    }

    /** Stops everything: every micro's tree, the proxy, the port files. */
    @Override
    public void close() {
        supervisor.stopAll(STOP_GRACE);
        if (proxy != null) {
            proxy.close();
        }
        data.close();
        supervisor.micros().forEach(m -> space.removePort(m.name()));
        lock.close();
    }

    /** Ctrl-C or SIGTERM stops it all; a second Ctrl-C kills at once. */
    void stopOnExit() {
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

    /** Actions of the micros this run started, fired on their schedules, delivered straight to each micro. */
    private static void scheduleActions(Spacefile app, List<MicroProcess> processes, ProjectKeys keys,
            ScheduledExecutorService timer, LogPrinter log) {
        Map<String, MicroProcess> byName = processes.stream().collect(Collectors.toMap(MicroProcess::name, p -> p));
        ActionDelivery delivery = new ActionDelivery(keys.apiKey(), m -> Optional.ofNullable(byName.get(m.name()))
                .filter(p -> p.status() == Upstream.Status.READY).map(MicroProcess::address));
        List<Micro> withActions = app.micros().stream().filter(m -> byName.containsKey(m.name()) && !m.actions().isEmpty()).toList();
        new ActionScheduler(withActions, Clock.systemUTC(), (task, delay) -> timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS),
                delivery, log::info).start();
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

    private static Path extractLegacyPython(SpaceDir space) throws IOException {
        Path script = space.runtimeDir().resolve("legacy_main.py");
        Files.createDirectories(script.getParent());
        try (InputStream in = AppSession.class.getResourceAsStream("/runtime/legacy_main.py")) {
            byte[] content = in.readAllBytes();
            if (!Files.exists(script) || !java.util.Arrays.equals(Files.readAllBytes(script), content)) {
                Files.write(script, content);
            }
        }
        return script;
    }
}
