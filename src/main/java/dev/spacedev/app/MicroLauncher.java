package dev.spacedev.app;

import dev.spacedev.build.Builder;
import dev.spacedev.files.SpaceDir;
import dev.spacedev.process.LaunchPlan;
import dev.spacedev.process.MicroProcess;
import dev.spacedev.process.PidRegistry;
import dev.spacedev.process.Timer;
import dev.spacedev.proxy.StoppedUpstream;
import dev.spacedev.proxy.Target;
import dev.spacedev.runtime.MicroEnvironment;
import dev.spacedev.spacefile.Micro;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Makes what the proxy routes a micro to, and the process that runs it (not yet started): at the start for
 * every micro, and for the micros a changed Spacefile adds or changes. Each process gets a port of its own,
 * never one an earlier process of this run had.
 */
final class MicroLauncher {
    /** A micro's route, and its process when it runs one. */
    record Launched(Micro micro, Target target, Optional<MicroProcess> process) {}

    private final AppSession.Builder settings;
    private final SpaceDir space;
    private final MicroEnvironment environment;
    private final Map<String, String> dataEnvironment;
    private final Path legacyPython;
    private final PidRegistry pids;
    private final Timer timer;
    // guarded by this
    private final Set<Integer> taken = new HashSet<>();
    private final Map<Micro, Builder.Result> built;

    MicroLauncher(AppSession.Builder settings, SpaceDir space, MicroEnvironment environment, Map<String, String> dataEnvironment,
            Path legacyPython, PidRegistry pids, Timer timer) {
        this.settings = settings;
        this.space = space;
        this.environment = environment;
        this.dataEnvironment = Map.copyOf(dataEnvironment);
        this.legacyPython = legacyPython;
        this.pids = pids;
        this.timer = timer;
        this.built = settings.built == null ? null : new HashMap<>(settings.built);
        taken.add(settings.port);
    }

    /** {@code --prod}: micros are built before they run, a changed one too. */
    boolean builds() {
        return built != null;
    }

    /** What a build made for a micro a changed Spacefile brings ({@code --prod}). */
    synchronized void addBuilds(Map<Micro, Builder.Result> results) {
        built.putAll(results);
    }

    /**
     * Says now what will keep a micro from starting (a tool not on PATH, dependencies not installed), each with its
     * fix; Python's view of the requirements comes a moment later, from a thread of its own.
     */
    private void preflight(Micro m, LaunchPlan plan, Map<String, String> env) {
        List<Preflight.Problem> found = Preflight.quick(m, plan, env);
        found.forEach(p -> settings.log.line(p.micro(), "before it starts: " + p.text()));
        if (found.isEmpty() && java.nio.file.Files.isRegularFile(m.srcDir().resolve("requirements.txt"))) {
            Thread t = new Thread(() -> Preflight.python(m, env).ifPresent(p -> settings.log.line(p.micro(), "before it starts: " + p.text())),
                    "preflight-" + m.name());
            t.setDaemon(true);
            t.start();
        }
    }

    synchronized Launched launch(Micro m) throws IOException {
        Optional<LaunchPlan> plan = built != null ? Builds.prodPlan(built, m, legacyPython)
                : LaunchPlan.servesStatically(m) ? Optional.empty() : Optional.of(LaunchPlan.forDev(m, legacyPython));
        Path projectDir = settings.app.projectDir();
        if (plan.isEmpty()) {
            return new Launched(m, built != null ? Builds.prodSite(projectDir, m, built.get(m), settings.servedDotPaths)
                    : Targets.staticSite(projectDir, m, settings.servedDotPaths), Optional.empty());
        }
        List<String> only = settings.only;
        if (!only.isEmpty() && !only.contains(m.name())) {
            return new Launched(m, Targets.service(m, new StoppedUpstream(m.name(), "not started: space-dev up was asked for "
                    + String.join(", ", only) + " only")), Optional.empty());
        }
        int microPort = Ports.forMicro(taken);
        taken.add(microPort);
        Map<String, String> env = new LinkedHashMap<>(environment.forMicro(m, microPort));
        env.putAll(dataEnvironment);
        MicroProcess p = new MicroProcess(m, plan.get(), microPort, env, settings.log, pids, timer,
                Clock.systemUTC());
        if (built == null) {
            preflight(m, plan.get(), env);
        }
        p.restartOnChange(settings.watch != null && (settings.watch.isEmpty() || settings.watch.contains(m.name())));
        space.writePort(p.name(), p.port());
        return new Launched(m, Targets.service(m, new MicroUpstream(p)), Optional.of(p));
    }
}
