package dev.spacedev.app;

import dev.spacedev.process.LaunchPlan;
import dev.spacedev.proxy.Router;
import dev.spacedev.proxy.StaticFiles;
import dev.spacedev.proxy.Target;
import dev.spacedev.proxy.Upstream;
import dev.spacedev.runtime.AccessPolicy;
import dev.spacedev.spacefile.Micro;
import dev.spacedev.spacefile.ProjectPaths;
import java.util.Map;

/** What the proxy routes each micro to, for {@code up} and {@code proxy} alike. */
final class Targets {
    private Targets() {}

    /** @param servedDotPaths dot-files the user asked to serve ({@code --serve-dotfile}) */
    static Target staticSite(java.nio.file.Path projectDir, Micro m, java.util.List<String> servedDotPaths) {
        return staticSite(m, ProjectPaths.served(m, projectDir, m.serve().orElseThrow()), servedDotPaths);
    }

    static Target staticSite(Micro m, java.nio.file.Path dir, java.util.List<String> servedDotPaths) {
        return new Target.StaticSite(m.name(), new StaticFiles(dir, servedDotPaths), AccessPolicy.of(m));
    }

    static Target service(Micro m, Upstream upstream) {
        return new Target.Service(upstream, AccessPolicy.of(m));
    }

    static boolean isStatic(Micro m) {
        return LaunchPlan.servesStatically(m);
    }

    static Router<Target> router(Map<Micro, Target> targets) {
        return new Router<>(targets.entrySet().stream().map(e -> new Router.Mount<>(e.getKey().path(), e.getValue())).toList());
    }
}
