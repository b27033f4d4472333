package dev.spacedev.cli;

import dev.spacedev.app.Builds;
import dev.spacedev.app.AppSession;
import dev.spacedev.app.Detached;
import dev.spacedev.process.LogPrinter;
import dev.spacedev.runtime.Gatekeeper;
import dev.spacedev.spacefile.Micro;
import dev.spacedev.spacefile.Spacefile;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code space-dev up}: every micro running behind one proxy, routed as Space routed them. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start the app's micros and the proxy that serves them all from one origin.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:stopped cleanly (SIGTERM, space-dev down); with -d: every micro is ready",
                "1:the Spacefile is invalid, a build or install failed, the port is taken; with -d: a micro failed or was not ready in time",
                "2:usage error", "130:stopped with Ctrl-C"},
        footerHeading = "%nExamples:%n", footer = {
            "  space-dev up                  every micro; Ctrl-C stops them all",
            "  space-dev up api --watch      only api, restarted when its files change",
            "  url=$(space-dev up -d)        in the background; then ps, logs -f, down",
            "  space-dev up --prod --open    built as Space built it; the dashboard opens",
            "  space-dev up --install        a fresh clone: dependencies installed first"})
public final class UpCommand implements Callable<Integer> {
    static final Duration SUMMARY_WAIT = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @Mixin
    DataUrlOption data;

    @Mixin
    ProjectDirOption project;

    @Parameters(paramLabel = "MICRO", arity = "0..*", description = "Start only these micros (default: all).")
    List<String> only = new ArrayList<>();

    @Mixin
    ListenOptions listen;

    @Option(names = "--no-proxy", description = "Start the micros only; `space-dev proxy` can serve them later.")
    boolean noProxy;

    @Option(names = "--open", description = "Open the app's dashboard (/__space/) in a browser, signed in as the owner, once it is ready.")
    boolean open;

    @Option(names = "--no-auth", description = "Let every request through, as the old space dev did (Space made every micro private).")
    boolean noAuth;

    @Option(names = "--prod", description = "Build each micro as Space did, then run what was built (run, include, serve).")
    boolean prod;

    @Option(names = "--rebuild", description = "With --prod: build even the micros that have not changed since their last build.")
    boolean rebuild;

    @Option(names = "--no-actions", description = "Do not run scheduled actions (space-dev trigger still can).")
    boolean noActions;

    @Option(names = "--install", description = "First install each micro's dependencies in its folder as a build does (npm, yarn or pnpm"
            + " by its lockfile; a .venv with pip for requirements.txt).")
    boolean install;

    @Option(names = "--watch", arity = "0..1", split = ",", paramLabel = "MICRO", fallbackValue = "",
            description = "Restart a micro when its files change (dependency, VCS and build folders aside), once they have been still for"
                    + " a second: every micro, or --watch=api,web for those only.")
    List<String> watch;

    @Option(names = {"-d", "--detach"}, description = "Run in the background: return once every micro is ready (exit 0) or one"
            + " failed (exit 1), print the URL; output goes to .space/logs/up.log (space-dev logs, ps, down).")
    boolean detach;

    @Option(names = "--wait-timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "60s",
            description = "With --detach: how long to wait for the micros to be ready, once the app runs (default: ${DEFAULT-VALUE}).")
    Duration waitTimeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (!data.resolve(err)) {
            return ExitCodes.USAGE;
        }
        if (detach && only.stream().anyMatch(m -> java.nio.file.Files.isRegularFile(java.nio.file.Path.of(m).resolve(Spacefile.FILE_NAME)))) {
            err.println("space-dev: -d means --detach (as in docker compose); give the app's directory with --dir DIR or -C DIR");
            return ExitCodes.USAGE;
        }
        Optional<Spacefile> loaded = project.load(err);
        if (loaded.isEmpty()) {
            return ExitCodes.FAILURE;
        }
        Spacefile app = loaded.get();
        if (!project.knowsMicros(app, only, err) || (watch != null && !project.knowsMicros(app, watch.stream().filter(w -> !w.isBlank()).toList(), err))) {
            return ExitCodes.USAGE;
        }
        InetAddress bindHost = listen.bindHost(err);
        if (bindHost == null) {
            return ExitCodes.USAGE;
        }
        if (detach) {
            return detached(app, err);
        }
        java.util.OptionalInt proxyPort = listen.resolvePort(bindHost, err);
        if (proxyPort.isEmpty()) {
            return ExitCodes.FAILURE;
        }
        java.util.Optional<Integer> dataPort = listen.resolveDataPort(proxyPort.getAsInt(), err);
        if (dataPort.isEmpty()) {
            return ExitCodes.FAILURE;
        }
        return run(app, bindHost, proxyPort.getAsInt(), dataPort.get(), err);
    }

    private int run(Spacefile app, InetAddress bindHost, int proxyPort, int dataPort, PrintWriter err) throws Exception {
        LogPrinter log = new LogPrinter(err, LogPrinter.colourWanted(), app.micros().stream().map(Micro::name).toList());
        AppSession.Builder settings = AppSession.builder(app, log).listen(bindHost, proxyPort).dataPort(dataPort).only(only)
                .proxyOptions(listen.proxyOptions())
                .auth(!noAuth).actions(!noActions).servedDotPaths(listen.servedDotPaths).dataUrl(data.url().orElse(null)).stopOnExit()
                .controlled();
        if (noProxy) {
            settings.withoutProxy();
        }
        if (watch != null) {
            settings.watch(watch.stream().filter(w -> !w.isBlank()).toList());
        }
        List<Micro> chosen = app.micros().stream().filter(m -> only.isEmpty() || only.contains(m.name())).toList();
        if (install && !prod && !Builds.installAll(app, chosen, log)) {
            log.drain(Duration.ofSeconds(2));
            err.println("space-dev: an install failed; nothing was started");
            return ExitCodes.FAILURE;
        }
        if (prod) {
            Map<Micro, dev.spacedev.build.Builder.Result> built = Builds.buildAll(app, chosen, log, rebuild);
            if (built.values().stream().anyMatch(r -> !r.ok())) {
                log.drain(Duration.ofSeconds(2));
                err.println("space-dev: the build failed; nothing was started");
                return ExitCodes.FAILURE;
            }
            settings.prod(built);
        }
        AppSession session = settings.start();
        boolean ready = session.awaitReady(SUMMARY_WAIT);
        // from this process's start, which the micros' own start is part of (not from after the micros were spawned)
        java.time.Instant launched = ProcessHandle.current().info().startInstant().orElse(java.time.Instant.now());
        new Summary(log).print(app, session.targets(), session.processes(), session.url(), ready,
                Duration.between(launched, java.time.Instant.now()));
        if (session.url() != null) {
            Gatekeeper gate = session.gate();
            log.info("dashboard: " + session.url() + DASHBOARD + " (micros, logs, actions, data, keys)");
            if (gate.enabled()) {
                // with the summary, before the URL a script waits for
                log.info("sign in: " + session.publishSignIn().orElseThrow() + "   (space-dev login prints it again)");
            }
            log.drain(Duration.ofSeconds(1));
            PrintWriter out = spec.commandLine().getOut();
            out.println(session.url());
            out.flush();
            if (open) {
                // a file that posts a one-time token: the browser's command line, which every account can read, holds no secret
                String target = gate.enabled() ? session.signInOpener(DASHBOARD).toUri().toString() : session.url() + DASHBOARD;
                if (!Browser.open(target, log)) {
                    log.info("no browser could be opened: open the sign-in link above yourself");
                }
            }
        }
        new CountDownLatch(1).await(); // until Ctrl-C or SIGTERM: the shutdown hook does the rest
        return ExitCodes.OK;
    }

    static final String DASHBOARD = "/__space/";

    /** {@code -d}: this same command line, less the options that ask for it, in a process of its own; then wait for it. */
    private int detached(Spacefile app, PrintWriter err) throws Exception {
        dev.spacedev.files.SpaceDir space = new dev.spacedev.files.SpaceDir(app.projectDir()).ensure();
        if (dev.spacedev.runtime.ProjectLock.heldElsewhere(space)) {
            err.println("space-dev: a space-dev up is already running in " + project.dir() + " (space-dev ps shows it, space-dev down"
                    + " stops it)");
            return ExitCodes.FAILURE;
        }
        Detached run = Detached.spawn(space, SpaceDev.class.getName(), DetachedArgs.without(spec.commandLine().getParseResult().originalArgs()));
        err.println("space-dev up is starting in the background (pid " + run.pid() + "); its output: " + project.dir().resolve(".space")
                .resolve("logs").resolve("up.log").normalize());
        err.flush();
        Detached.Result result = run.await(waitTimeout);
        PrintWriter out = spec.commandLine().getOut();
        switch (result.outcome()) {
            case READY -> {
                result.url().ifPresent(out::println);
                out.flush();
                err.println("ready: space-dev ps lists the micros, space-dev logs -f follows them, space-dev login prints the sign-in"
                        + " link, space-dev down stops the app");
                return ExitCodes.OK;
            }
            case EXITED -> {
                run.lastLines(20).forEach(err::println);
                err.println("space-dev: up exited (code " + result.exitCode() + ") before the app was ready");
                return ExitCodes.FAILURE;
            }
            default -> {
                result.url().ifPresent(out::println);
                out.flush();
                err.println("space-dev: " + (result.outcome() == Detached.Outcome.FAILED ? String.join(", ", result.failed()) + " failed"
                        : "not every micro was ready within " + waitTimeout.toSeconds() + " s") + "; the app still runs (space-dev ps,"
                        + " space-dev logs " + String.join(" ", result.failed()) + ", space-dev down)");
                return ExitCodes.FAILURE;
            }
        }
    }

}
