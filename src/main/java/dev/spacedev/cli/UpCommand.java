package dev.spacedev.cli;

import dev.spacedev.process.LaunchPlan;
import dev.spacedev.process.LogPrinter;
import dev.spacedev.process.MicroProcess;
import dev.spacedev.process.PidRegistry;
import dev.spacedev.process.Supervisor;
import dev.spacedev.proxy.ProxyServer;
import dev.spacedev.proxy.Router;
import dev.spacedev.proxy.StoppedUpstream;
import dev.spacedev.proxy.Target;
import dev.spacedev.runtime.ActionDelivery;
import dev.spacedev.runtime.ActionScheduler;
import dev.spacedev.runtime.AppKeys;
import dev.spacedev.runtime.Gatekeeper;
import dev.spacedev.runtime.OwnerSession;
import dev.spacedev.runtime.DotEnv;
import dev.spacedev.runtime.MicroEnvironment;
import dev.spacedev.runtime.ProjectKeys;
import dev.spacedev.runtime.SpaceDir;
import dev.spacedev.spacefile.EnvPreset;
import dev.spacedev.spacefile.Micro;
import dev.spacedev.spacefile.Spacefile;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
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
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code space-dev up}: every micro running behind one proxy, routed as Space routed them. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start the app's micros and the proxy that serves them all from one origin.")
public final class UpCommand implements Callable<Integer> {
    static final Duration STOP_GRACE = Duration.ofSeconds(5);
    static final Duration SUMMARY_WAIT = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @Mixin
    ProjectDirOption project;

    @Parameters(paramLabel = "MICRO", arity = "0..*", description = "Start only these micros (default: all).")
    List<String> only = new ArrayList<>();

    @Mixin
    ListenOptions listen;

    @Option(names = "--no-proxy", description = "Start the micros only; `space-dev proxy` can serve them later.")
    boolean noProxy;

    @Option(names = "--open", description = "Open the app in a browser, signed in as the owner, once it is ready.")
    boolean open;

    @Option(names = "--no-auth", description = "Let every request through, as the old space dev did (Space made every micro private).")
    boolean noAuth;

    @Option(names = "--no-actions", description = "Do not run scheduled actions (space-dev trigger still can).")
    boolean noActions;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Optional<Spacefile> loaded = project.load(err);
        if (loaded.isEmpty()) {
            return ExitCodes.FAILURE;
        }
        Spacefile app = loaded.get();
        Set<String> unknown = new TreeSet<>(only);
        app.micros().forEach(m -> unknown.remove(m.name()));
        if (!unknown.isEmpty()) {
            err.println("space-dev: no micro named " + String.join(", ", unknown) + " in " + project.spacefile()
                    + "; its micros are " + app.micros().stream().map(Micro::name).collect(Collectors.joining(", ")));
            return ExitCodes.USAGE;
        }
        InetAddress bindHost = listen.bindHost(err);
        if (bindHost == null) {
            return ExitCodes.USAGE;
        }
        java.util.OptionalInt proxyPort = listen.resolvePort(bindHost, err);
        if (proxyPort.isEmpty()) {
            return ExitCodes.FAILURE;
        }
        return run(app, bindHost, proxyPort.getAsInt(), err);
    }

    private int run(Spacefile app, InetAddress bindHost, int proxyPort, PrintWriter err) throws Exception {
        Path projectDir = app.projectDir();
        SpaceDir space = new SpaceDir(projectDir).ensure();
        LogPrinter log = new LogPrinter(System.err, LogPrinter.colourWanted(), app.micros().stream().map(Micro::name).toList());
        PidRegistry pids = new PidRegistry(space);
        List<String> leftovers = pids.sweep(STOP_GRACE);
        if (!leftovers.isEmpty()) {
            log.info("ended what an earlier run left behind: " + String.join(", ", leftovers));
        }
        ProjectKeys keys = ProjectKeys.loadOrCreate(space);
        Map<String, String> dotEnv = DotEnv.read(projectDir.resolve(".env"));
        warnUndeclared(app, dotEnv, log);
        String appHost = (bindHost.isAnyLocalAddress() ? "127.0.0.1" : bindHost.getHostAddress()) + ":" + proxyPort;
        MicroEnvironment environment = new MicroEnvironment(System.getenv(), dotEnv, keys, appHost);
        Path legacyPython = extractLegacyPython(space);

        ScheduledExecutorService timer = Supervisor.newTimer();
        Set<Integer> taken = new HashSet<>(Set.of(proxyPort));
        List<MicroProcess> processes = new ArrayList<>();
        Map<Micro, Target> targets = new LinkedHashMap<>();
        for (Micro m : app.micros()) {
            LaunchPlan plan = LaunchPlan.forDev(m, legacyPython);
            if (Targets.isStatic(m)) {
                targets.put(m, Targets.staticSite(m));
            } else if (!only.isEmpty() && !only.contains(m.name())) {
                targets.put(m, Targets.service(m, new StoppedUpstream(m.name(), "not started: space-dev up was asked for "
                        + String.join(", ", only) + " only")));
            } else {
                int microPort = Ports.firstFree(InetAddress.getLoopbackAddress(), proxyPort + 1, taken);
                taken.add(microPort);
                MicroProcess p = new MicroProcess(m, plan, microPort, environment.forMicro(m, microPort), log, pids, timer);
                processes.add(p);
                targets.put(m, Targets.service(m, p));
            }
        }
        Supervisor supervisor = new Supervisor(processes, timer);
        Router<Target> router = Targets.router(targets);
        Gatekeeper gate = noAuth ? Gatekeeper.off()
                : Gatekeeper.of(OwnerSession.loadOrCreate(space), keys.apiKey(), new AppKeys(space));
        if (noAuth) {
            log.info("auth is off (--no-auth): every route of every micro is open, unlike on Space");
        }

        ProxyServer proxy = null;
        if (!noProxy) {
            proxy = ProxyServer.start(new InetSocketAddress(bindHost, proxyPort), router, listen.proxyOptions(), gate);
        }
        for (MicroProcess p : processes) {
            space.writePort(p.name(), p.port());
        }
        if (!noActions) {
            scheduleActions(app, processes, keys, timer, log);
        }
        installShutdown(supervisor, proxy, space, log);
        long started = System.nanoTime();
        supervisor.startAll();
        boolean ready = supervisor.awaitReady(SUMMARY_WAIT);
        String url = ListenOptions.url(bindHost, proxyPort);
        new Summary(log).print(app, targets, noProxy ? null : url, ready, Duration.ofNanos(System.nanoTime() - started));
        if (!noProxy) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(url);
            out.flush();
            if (open) {
                Browser.open(gate.enabled() ? url + "/__space/login?token=" + gate.session().oneTimeToken() + "&next=/" : url, log);
            }
        }
        new CountDownLatch(1).await(); // until Ctrl-C or SIGTERM: the shutdown hook does the rest
        return ExitCodes.OK;
    }

    /** Actions of the micros this run started, fired on their schedules, delivered straight to each micro. */
    private static void scheduleActions(Spacefile app, List<MicroProcess> processes, ProjectKeys keys,
            ScheduledExecutorService timer, LogPrinter log) {
        Map<String, MicroProcess> byName = processes.stream().collect(Collectors.toMap(MicroProcess::name, p -> p));
        ActionDelivery delivery = new ActionDelivery(keys.apiKey(), m -> Optional.ofNullable(byName.get(m.name()))
                .filter(p -> p.status() == dev.spacedev.proxy.Upstream.Status.READY).map(MicroProcess::address));
        List<Micro> withActions = app.micros().stream().filter(m -> byName.containsKey(m.name()) && !m.actions().isEmpty()).toList();
        ActionScheduler scheduler = new ActionScheduler(withActions, Clock.systemUTC(),
                (task, delay) -> timer.schedule(task, delay.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS), delivery, log::info);
        scheduler.start();
    }

    private static void installShutdown(Supervisor supervisor, ProxyServer proxy, SpaceDir space, LogPrinter log) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping (Ctrl-C again to force)");
            supervisor.stopAll(STOP_GRACE);
            if (proxy != null) {
                proxy.close();
            }
            supervisor.micros().forEach(m -> space.removePort(m.name()));
            log.info("stopped");
        }, "space-dev-shutdown"));
        Interrupts.install(() -> {
            log.info("forcing: killing every micro now");
            supervisor.killAll();
            supervisor.micros().forEach(m -> space.removePort(m.name()));
        });
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
        try (InputStream in = UpCommand.class.getResourceAsStream("/runtime/legacy_main.py")) {
            byte[] content = in.readAllBytes();
            if (!Files.exists(script) || !java.util.Arrays.equals(Files.readAllBytes(script), content)) {
                Files.write(script, content);
            }
        }
        return script;
    }
}
