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

    /** @param path micro-relative, query included or not */
    public boolean isPublic(String path) {
        int q = path.indexOf('?');
        String p = q < 0 ? path : path.substring(0, q);
        for (RoutePattern r : publicRoutes) {
            if (r.matches(p)) {
                return true;
            }
        }
        return false;
    }
}
