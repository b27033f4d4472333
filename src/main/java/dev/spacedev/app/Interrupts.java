package dev.spacedev.app;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Ctrl-C: the first starts a graceful stop (the shutdown hooks), the second forces. A shutdown
 * hook cannot be interrupted by a second SIGINT, so the second one needs a handler of its own.
 */
final class Interrupts {
    private static final Logger LOG = LoggerFactory.getLogger(Interrupts.class);
    static final int EXIT_ON_INTERRUPT = 130;

    private Interrupts() {}

    static void install(Runnable force) {
        AtomicInteger count = new AtomicInteger();
        try {
            Signal.handle(new Signal("INT"), signal -> {
                if (count.incrementAndGet() == 1) {
                    // System.exit waits for the hooks, so it must not run on the signal's own thread
                    new Thread(() -> System.exit(EXIT_ON_INTERRUPT), "space-dev-exit").start();
                } else {
                    force.run();
                    Runtime.getRuntime().halt(EXIT_ON_INTERRUPT);
                }
            });
        } catch (IllegalArgumentException e) {
            // SIGINT is ignored (a background job) or reserved: SIGTERM still stops everything
            LOG.debug("no SIGINT handler: {}", e.getMessage());
        }
    }
}
