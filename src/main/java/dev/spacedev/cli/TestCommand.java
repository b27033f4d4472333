package dev.spacedev.cli;

import dev.spacedev.app.Builds;
import dev.spacedev.app.Ports;
import dev.spacedev.app.AppSession;
import dev.spacedev.app.SmokeCase;
import dev.spacedev.app.SmokeProbe;
import dev.spacedev.build.Builder;
import dev.spacedev.process.LogPrinter;
import dev.spacedev.spacefile.Micro;
import dev.spacedev.spacefile.Spacefile;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code space-dev test}: a smoke test for CI. Starts the app (dev, or built with {@code --prod}),
 * waits for every micro, probes each micro's path and each {@code --expect} as the signed-in
 * owner, stops everything, and reports (a table, optionally JUnit XML).
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Start the app, probe every micro and each --expect, stop everything; exit 0 only if all passed.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:every case passed", "1:a case failed", "2:usage error"})
public final class TestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataUrlOption data;

    @Mixin
    ProjectDirOption project;

    @Option(names = "--prod", description = "Build as Space did and run what was built.")
    boolean prod;

    @Option(names = "--install", description = "First install each micro's dependencies in its folder as a build does (dev mode; a"
            + " fresh checkout has none).")
    boolean install;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120", description = "How long micros may take to start (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--expect", paramLabel = "\"METHOD PATH STATUS\"", description = "A request and the status it must get, e.g. \"GET /api/health 200\".")
    List<String> expectations = new ArrayList<>();

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "The app's port (default: the first free port from 4200).")
    Integer port;

    @Option(names = "--data-port", paramLabel = "PORT", description = "The port of Deta Base and Drive for the micros, on"
            + " 127.0.0.1 (default: the app's port + 1, or the next free one after it).")
    Integer dataPort;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the results as JUnit XML.")
    Path junit;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (!data.resolve(err)) {
            return ExitCodes.USAGE;
        }
        for (String e : expectations) {
            if (!SmokeProbe.isExpectation(e)) {
                err.println("space-dev: --expect \"" + e + "\" is not \"METHOD PATH STATUS\" (e.g. \"GET /api/health 200\")");
                return ExitCodes.USAGE;
            }
        }
        if (port != null && (port < 1 || port > 65535 || !Ports.isFree(InetAddress.getLoopbackAddress(), port))) {
            err.println("space-dev: --port " + port + " is not a free port" + Ports.holder(port).map(h -> " (used by " + h + ")").orElse("")
                    + "; choose another, or leave --port out");
            return ExitCodes.USAGE;
        }
        if (dataPort != null && ListenOptions.checkDataPort(dataPort, port == null ? -1 : port, err).isEmpty()) {
            return ExitCodes.USAGE;
        }
        Optional<Spacefile> loaded = project.load(err);
        if (loaded.isEmpty()) {
            return ExitCodes.FAILURE;
        }
        Spacefile app = loaded.get();
        long started = System.nanoTime();
        LogPrinter log = new LogPrinter(spec.commandLine().getErr(), LogPrinter.colourWanted(), app.micros().stream().map(Micro::name).toList());
        List<SmokeCase> cases = new ArrayList<>();
        AppSession.Builder settings = settings(app, log, cases);
        if (settings != null) {
            long probing;
            try (AppSession session = settings.start()) {
                cases.addAll(new SmokeProbe(session, Duration.ofSeconds(timeoutSeconds)).run(expectations));
                probing = System.nanoTime();
            }
            log.info(String.format("started and probed in %.1f s, stopped in %.1f s", (probing - started) / 1e9,
                    (System.nanoTime() - probing) / 1e9));
        }
        log.drain(Duration.ofSeconds(2)); // the micros' output before the report
        return report(cases, Duration.ofNanos(System.nanoTime() - started));
    }

    /** Dev, or prod after a build; null when the build failed (its cases are then in {@code cases}). */
    private AppSession.Builder settings(Spacefile app, LogPrinter log, List<SmokeCase> cases) throws Exception {
        int port = this.port != null ? this.port : Ports.firstFree(InetAddress.getLoopbackAddress(), ListenOptions.DEFAULT_PORT, Set.of());
        AppSession.Builder settings = AppSession.builder(app, log).listen(InetAddress.getLoopbackAddress(), port)
                .dataPort(dataPort != null ? dataPort : Ports.dataPortFor(port)).actions(false)
                .dataUrl(data.url().orElse(null));
        if (!prod) {
            if (install && !Builds.installAll(app, app.micros(), log)) {
                cases.add(SmokeCase.fail("micros", "install", "an install failed (its output is above)", Duration.ZERO, List.of()));
                return null;
            }
            return settings;
        }
        Map<Micro, Builder.Result> built = Builds.buildAll(app, app.micros(), log);
        if (built.values().stream().allMatch(Builder.Result::ok)) {
            return settings.prod(built);
        }
        built.forEach((m, r) -> cases.add(r.ok() ? SmokeCase.pass("micros", m.name(), "built", r.took())
                : SmokeCase.fail("micros", m.name(), "build failed: " + r.failure(), r.took(), r.tail())));
        return null;
    }

    private static String label(SmokeCase.Verdict v) {
        return switch (v) {
            case PASSED -> "PASS";
            case REACHABLE -> "UP";
            case FAILED -> "FAIL";
        };
    }

    private int report(List<SmokeCase> cases, Duration took) throws java.io.IOException {
        PrintWriter out = spec.commandLine().getOut();
        int width = cases.stream().mapToInt(c -> c.name().length()).max().orElse(0);
        for (SmokeCase c : cases) {
            out.printf("%-4s  %-12s %-" + width + "s  %s (%d ms)%n", label(c.verdict()), c.kind(), c.name(), c.detail(),
                    c.took().toMillis());
            c.output().forEach(line -> out.println("        | " + line));
        }
        long failed = cases.stream().filter(c -> c.verdict() == SmokeCase.Verdict.FAILED).count();
        long reachable = cases.stream().filter(c -> c.verdict() == SmokeCase.Verdict.REACHABLE).count();
        long expected = cases.stream().filter(c -> c.kind().equals("expectations") && c.passed()).count();
        long passed = cases.size() - failed - reachable;
        out.println(passed + " passed: " + (passed - expected) + " micros, " + expected + " --expect; " + reachable + " reachable only; "
                + failed + " failed");
        out.flush();
        if (junit != null) {
            JUnitReport.write(junit, cases, took);
        }
        spec.commandLine().getErr().printf("space-dev test took %.1f s%n", took.toMillis() / 1000.0);
        return failed == 0 && !cases.isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
