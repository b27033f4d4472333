package dev.spacedev.proxy;

import java.util.Objects;

/**
 * The proxy's routes, replaced whole when the Spacefile changes while the app runs: a request is routed by
 * the table it found when it arrived, so one in flight to an untouched micro is never dropped.
 */
public final class Routes {
    private volatile Router<Target> current;

    public Routes(Router<Target> initial) {
        this.current = Objects.requireNonNull(initial);
    }

    public Router<Target> current() {
        return current;
    }

    public void replace(Router<Target> next) {
        current = Objects.requireNonNull(next);
    }
}
