package dev.spacedev.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition, checking it every few milliseconds: tests wait for facts, never for fixed times. */
public final class Poll {
    private Poll() {}

    /** True as soon as {@code condition} holds; false if it still does not after {@code timeout}. */
    public static boolean until(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        return true;
    }

    /** Lets the garbage collector and Netty's leak detector run between checks. */
    public static void pause(Duration d) {
        LockSupport.parkNanos(d.toNanos());
    }
}
