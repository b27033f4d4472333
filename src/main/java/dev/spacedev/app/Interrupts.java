package dev.spacedev.app;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Ctrl-C: the first starts a graceful stop (the shutdown hooks), the second forces. A shutdown
 * hook cannot be interrupted by a second SIGINT, so the second one needs a handler of its own.
 * SIGTERM (systemd, docker, {@code kill}) stops the same way and exits 0 once everything has stopped, as
 * a service that stops cleanly does; the JVM's own handler would exit 143, which systemd counts as a failure.
 */
final class Interrupts {
    private static final Logger LOG = LoggerFactory.getLogger(Interrupts.class);
    static final int EXIT_ON_INTERRUPT = 130;
    static final int EXIT_ON_TERM = 0;

    private Interrupts() {}

    static void install(Runnable force) {
        AtomicInteger count = new AtomicInteger();
        handle("INT", EXIT_ON_INTERRUPT, count, force);
        handle("TERM", EXIT_ON_TERM, count, force);
    }

    /** {@code space-dev down}: stops as SIGTERM does, exit 0. */
    static void stop() {
        new Thread(() -> System.exit(EXIT_ON_TERM), "space-dev-exit").start();
    }

    private static void handle(String name, int exitCode, AtomicInteger count, Runnable force) {
        try {
            Signal.handle(new Signal(name), signal -> {
                if (count.incrementAndGet() == 1) {
                    // System.exit waits for the hooks, so it must not run on the signal's own thread
                    new Thread(() -> System.exit(exitCode), "space-dev-exit").start();
                } else {
                    force.run();
                    Runtime.getRuntime().halt(exitCode);
                }
            });
        } catch (IllegalArgumentException e) {
            // ignored (SIGINT in a background job) or reserved: the JVM's own handling stays
            LOG.debug("no SIG{} handler: {}", name, e.getMessage());
        }
    }
}
