package dev.spacedev.app;

import dev.spacedev.build.Builder;
import dev.spacedev.files.SpaceDir;
import dev.spacedev.process.LogPrinter;
import dev.spacedev.process.MicroProcess;
import dev.spacedev.process.Supervisor;
import dev.spacedev.proxy.Routes;
import dev.spacedev.proxy.Target;
import dev.spacedev.runtime.ActionScheduler;
import dev.spacedev.spacefile.Micro;
import dev.spacedev.spacefile.Spacefile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * The app as it runs now: its Spacefile, each micro's route and process, the proxy's routes and the
 * scheduled actions. A changed Spacefile is applied here as a difference ({@link #apply}): added micros
 * start, removed ones stop, changed ones restart with their new settings, and the routes switch at once.
 */
final class LiveApp {
    private final Supervisor supervisor;
    private final MicroLauncher launcher;
    private final Routes routes;
    private final SpaceDir space;
    private final LogPrinter log;
    private final BiFunction<LiveApp, List<Micro>, ActionScheduler> schedulers;
    private final boolean scheduled;
    /** One change at a time; readers (the dashboard, on the proxy's event loop) never wait for it. */
    private final Object applying = new Object();
    /** The Spacefile and what each of its micros is routed to, switched together. */
    private record Now(Spacefile app, Map<Micro, Target> targets) {}

    private volatile Now now;
    private volatile ActionScheduler scheduler;
    private volatile List<String> problems = List.of();

    /**
     * @param launcher makes the processes of changed micros; null when this run starts none ({@code space-dev proxy})
     * @param schedulers the actions of the given running micros (null when none has any)
     * @param scheduled whether actions run on their schedules ({@code --no-actions}: only when asked)
     */
    LiveApp(Spacefile app, Map<Micro, Target> targets, Supervisor supervisor, MicroLauncher launcher, SpaceDir space, LogPrinter log,
            BiFunction<LiveApp, List<Micro>, ActionScheduler> schedulers, boolean scheduled) {
        this.now = new Now(app, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(targets)));
        this.routes = new Routes(Targets.router(targets));
        this.supervisor = supervisor;
        this.launcher = launcher;
        this.space = space;
        this.log = log;
        this.schedulers = schedulers;
        this.scheduled = scheduled;
        this.scheduler = schedulers.apply(this, withActions(app));
    }

    Routes routes() {
        return routes;
    }

    Spacefile app() {
        return now.app();
    }

    Map<Micro, Target> targets() {
        return now.targets();
    }

    /** The processes of the micros the Spacefile has now, in its order (not those a change is stopping). */
    List<MicroProcess> processes() {
        return now.targets().values().stream().map(LiveApp::processOf).flatMap(Optional::stream).toList();
    }

    Optional<MicroProcess> process(String name) {
        Now at = now;
        return at.app().micro(name).map(at.targets()::get).flatMap(LiveApp::processOf);
    }

    private static Optional<MicroProcess> processOf(Target t) {
        return t instanceof Target.Service s && s.upstream() instanceof MicroUpstream m ? Optional.of(m.process()) : Optional.empty();
    }

    ActionScheduler scheduler() {
        return scheduler;
    }

    /** The problems of the Spacefile on disk while it is invalid (the app runs on as it was); empty when it is valid. */
    List<String> problems() {
        return problems;
    }

    void invalid(List<String> found) {
        problems = List.copyOf(found);
    }

    /** Starts the scheduled actions (unless {@code --no-actions}). */
    void startActions() {
        if (scheduler != null && scheduled) {
            scheduler.start();
        }
    }

    void stopActions() {
        if (scheduler != null) {
            scheduler.stop();
        }
    }

    /**
     * Applies a changed, valid Spacefile. Changed and added micros get new processes, routed to at once (a
     * request waits while the new process starts, as for any starting micro); the old processes are stopped
     * before the new ones start, so a micro that binds a fixed port finds it free. Untouched micros, and
     * requests to them, are left alone. Under {@code --prod} the changed micros are built first, and a failed
     * build changes nothing.
     *
     * @return the micros that were added or changed (started anew); empty when none was
     */
    java.util.Set<String> apply(Spacefile next) throws IOException, InterruptedException {
        synchronized (applying) {
            return applyNow(next);
        }
    }

    private java.util.Set<String> applyNow(Spacefile next) throws IOException, InterruptedException {
        problems = List.of();
        Spacefile app = now.app();
        Map<Micro, Target> targets = now.targets();
        Map<String, Micro> before = byName(app.micros());
        Map<String, Micro> after = byName(next.micros());
        List<Micro> fresh = next.micros().stream().filter(m -> !m.equals(before.get(m.name()))).toList();
        List<String> removed = before.keySet().stream().filter(n -> !after.containsKey(n)).toList();
        if (fresh.isEmpty() && removed.isEmpty()) {
            now = new Now(next, targets); // app-level fields (icon, name) only
            return java.util.Set.of();
        }
        if (launcher.builds() && !fresh.isEmpty()) {
            Map<Micro, Builder.Result> built = Builds.buildAll(next, fresh, log);
            if (built.values().stream().anyMatch(r -> !r.ok())) {
                throw new IOException("the build of the changed micros failed; the app runs on as it was");
            }
            launcher.addBuilds(built);
        }
        List<String> changes = new ArrayList<>();
        Map<Micro, Target> nextTargets = new LinkedHashMap<>();
        List<MicroProcess> toStart = new ArrayList<>();
        for (Micro m : next.micros()) {
            Micro was = before.get(m.name());
            if (m.equals(was)) {
                nextTargets.put(m, targets.get(was));
                continue;
            }
            MicroLauncher.Launched launched = launcher.launch(m);
            nextTargets.put(m, launched.target());
            launched.process().ifPresent(toStart::add);
            changes.add(m.name() + (was == null ? ": added" : ": changed") + describe(m));
        }
        removed.forEach(n -> changes.add(n + ": removed"));
        log.info("the Spacefile changed; applying it: " + String.join("; ", changes));
        List<MicroProcess> toStop = supervisor.micros().stream()
                .filter(p -> !after.containsKey(p.name()) || !Objects.equals(after.get(p.name()), p.micro())).toList();
        ActionScheduler previous = scheduler;
        boolean actionsChanged = !actionsOf(app).equals(actionsOf(next));
        now = new Now(next, java.util.Collections.unmodifiableMap(nextTargets));
        routes.replace(Targets.router(nextTargets));
        CompletableFuture.allOf(toStop.stream().map(p -> CompletableFuture.runAsync(() -> {
            supervisor.retire(p, AppSession.STOP_GRACE);
            if (!after.containsKey(p.name())) {
                space.removePort(p.name());
            }
        })).toArray(CompletableFuture[]::new)).join();
        for (MicroProcess p : toStart) {
            supervisor.add(p);
            p.start();
            p.watch();
        }
        if (actionsChanged) {
            if (previous != null) {
                previous.stop();
            }
            scheduler = schedulers.apply(this, withActions(next));
            if (scheduler != null && scheduled) {
                scheduler.start();
            }
        }
        return fresh.stream().map(Micro::name).collect(java.util.stream.Collectors.toSet());
    }

    private static String describe(Micro m) {
        return m.dev().or(m::run).map(c -> " (" + c + ")").orElse("");
    }

    private static Map<String, Micro> byName(List<Micro> micros) {
        Map<String, Micro> all = new LinkedHashMap<>();
        micros.forEach(m -> all.put(m.name(), m));
        return all;
    }

    private static Map<String, Object> actionsOf(Spacefile app) {
        Map<String, Object> all = new LinkedHashMap<>();
        app.micros().stream().filter(m -> !m.actions().isEmpty()).forEach(m -> all.put(m.name(), m.actions()));
        return all;
    }

    private List<Micro> withActions(Spacefile app) {
        return app.micros().stream().filter(m -> !m.actions().isEmpty() && process(m.name()).isPresent()).toList();
    }
}
