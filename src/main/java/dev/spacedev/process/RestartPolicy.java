package dev.spacedev.process;

import java.time.Duration;

/**
 * How long to wait before starting a micro again after it exited: {@code first}, doubling at each
 * exit up to {@code max}, and {@code first} again once a run lasted longer than {@code stableAfter}
 * (a micro that crashes now and then is not punished for one that crash-looped an hour ago).
 */
public record RestartPolicy(Duration first, Duration max, Duration stableAfter) {
    public static final RestartPolicy DEFAULT = new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(10));

    /**
     * @param previous the delay before the run that just ended, or null if it was the first run
     * @param ranFor how long that run lasted
     */
    public Duration next(Duration previous, Duration ranFor) {
        if (previous == null || ranFor.compareTo(stableAfter) > 0) {
            return first;
        }
        Duration doubled = previous.multipliedBy(2);
        return doubled.compareTo(max) > 0 ? max : doubled;
    }
}
