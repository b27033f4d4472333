package dev.spacedev.app;

import dev.spacedev.build.Builder;
import dev.spacedev.process.LaunchPlan;
import dev.spacedev.process.LogPrinter;
import dev.spacedev.process.Supervisor;
import dev.spacedev.proxy.Target;
import dev.spacedev.files.SpaceDir;
import dev.spacedev.spacefile.Micro;
import dev.spacedev.spacefile.Spacefile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/** Space's own path for {@code build}, {@code up --prod} and {@code test --prod}: build, then run what was built. */
public final class Builds {
    private Builds() {}

    /** Builds each micro in turn; a failure is reported with its command, exit code and last output lines. */
    public static Map<Micro, Builder.Result> buildAll(Spacefile app, List<Micro> micros, LogPrinter log) throws IOException, InterruptedException {
        return buildAll(app, micros, log, false);
    }

    /** @param force rebuild micros that have not changed too */
    public static Map<Micro, Builder.Result> buildAll(Spacefile app, List<Micro> micros, LogPrinter log, boolean force)
            throws IOException, InterruptedException {
        ScheduledExecutorService timer = Supervisor.newTimer();
        try {
            Builder builder = new Builder(new SpaceDir(app.projectDir()).ensure(), System.getenv(), log::line, timer);
            Map<Micro, Builder.Result> results = new LinkedHashMap<>();
            for (Micro m : micros) {
                Builder.Result r = builder.build(m, force);
                results.put(m, r);
                if (!r.ok()) {
                    log.line(m.name(), "build failed: " + r.failure());
                    r.tail().forEach(line -> log.line(m.name(), "  " + line));
                    log.line(m.name(), "full log: " + r.log());
                    // what the build printed names the fix as often as a micro's output does (webpack 4 on a new Node, yarn missing)
                    r.tail().stream().map(line -> dev.spacedev.process.Hints.forOutput(line, m.srcDir())).flatMap(Optional::stream).distinct()
                            .forEach(hint -> log.line(m.name(), "hint: " + hint));
                }
            }
            return results;
        } finally {
            timer.shutdownNow();
        }
    }

    /**
     * {@code up --install}: each micro's dependencies installed in its own folder, as a build installs them.
     *
     * @return whether every install succeeded (a failure is reported with its command and last output lines)
     */
    public static boolean installAll(Spacefile app, List<Micro> micros, LogPrinter log) throws IOException, InterruptedException {
        ScheduledExecutorService timer = Supervisor.newTimer();
        try {
            Builder builder = new Builder(new SpaceDir(app.projectDir()).ensure(), System.getenv(), log::line, timer);
            boolean ok = true;
            for (Micro m : micros) {
                Builder.Result r = builder.install(m);
                if (!r.ok()) {
                    ok = false;
                    log.line(m.name(), "install failed: " + r.failure());
                    r.tail().forEach(line -> log.line(m.name(), "  " + line));
                    log.line(m.name(), "full log: " + r.log());
                }
            }
            return ok;
        } finally {
            timer.shutdownNow();
        }
    }

    /** What a built micro runs: empty for the engines whose build output is files the proxy serves. */
    static Optional<LaunchPlan> prodPlan(Map<Micro, Builder.Result> built, Micro m, Path legacyPython) {
        if (m.engine().isStaticLike()) {
            return Optional.empty();
        }
        Builder.Result r = built.get(m);
        Path work = r == null ? m.srcDir() : r.workDir();
        LaunchPlan plan = LaunchPlan.forProd(m, legacyPython, work)
                .orElse(new LaunchPlan(Optional.empty(), "none: a custom micro needs \"run\""));
        return Optional.of(plan.in(work, r == null ? Optional.empty() : r.bin()));
    }

    /**
     * A built frontend's files: its {@code serve}, else where its framework builds to (Create React
     * App's {@code build}, Vite's {@code dist}: the first that exists, in the engine's order), in the build's copy.
     */
    static Target prodSite(java.nio.file.Path projectDir, Micro source, Builder.Result built, java.util.List<String> servedDotPaths) {
        Micro m = built == null ? source : source.withSrcDir(built.workDir()); // what the build made is in its copy of the source
        String dir = m.serve().orElseGet(() -> java.util.stream.Stream.concat(m.engine().profile().output().stream(),
                java.util.stream.Stream.of("dist", "build")).filter(d -> java.nio.file.Files.isDirectory(m.srcDir().resolve(d)))
                .findFirst().orElse(m.engine().profile().output().orElse("dist")));
        return Targets.staticSite(m, dev.spacedev.spacefile.ProjectPaths.served(m, projectDir, dir), servedDotPaths);
    }
}
