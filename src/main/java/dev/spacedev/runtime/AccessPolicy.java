package dev.spacedev.runtime;

import dev.spacedev.spacefile.Micro;
import java.util.List;

/** Who may reach a micro without signing in: its public routes, and app keys if it takes them. */
public record AccessPolicy(String micro, List<RoutePattern> publicRoutes, boolean appKeys) {
    public AccessPolicy {
        publicRoutes = List.copyOf(publicRoutes);
    }

    public static AccessPolicy of(Micro micro) {
        return new AccessPolicy(micro.name(), micro.effectivePublicRoutes().stream().map(RoutePattern::of).toList(),
                micro.presets().apiKeys());
    }

    /** @param path micro-relative and decoded, without the query */
    public boolean isPublic(String path) {
        for (RoutePattern r : publicRoutes) {
            if (r.matches(path)) {
                return true;
            }
        }
        return false;
    }
}
