package dev.spacedev.runtime;

import java.time.Duration;

/**
 * A token bucket for sign-in attempts: {@code burst} at once, refilled evenly over {@code per}.
 * Guessing a 192-bit token is hopeless anyway; this bounds the sessions a token holder (or a script
 * that stole one) can pile up and the writes each sign-in costs.
 */
public final class SignInAttempts {
    private final int burst;
    private final long nanosPerToken;
    private double available;
    private long refilledAt = System.nanoTime();

    public SignInAttempts(int burst, Duration per) {
        this.burst = burst;
        this.nanosPerToken = per.toNanos() / burst;
        this.available = burst;
    }

    public synchronized boolean tryTake() {
        long now = System.nanoTime();
        available = Math.min(burst, available + (double) (now - refilledAt) / nanosPerToken);
        refilledAt = now;
        if (available < 1) {
            return false;
        }
        available--;
        return true;
    }
}
