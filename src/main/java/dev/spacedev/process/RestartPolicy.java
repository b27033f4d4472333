package dev.spacedev.process;

import java.time.Duration;

/**
 * How long to wait before starting a micro again after it exited: {@code first}, doubling at each
 * exit up to {@code max}, and {@code first} again once a run lasted longer than {@code stableAfter}
 * (a micro that crashes now and then is not punished for one that crash-looped an hour ago), and
 * none at all once it crash-loops ({@link #givesUp}).
 */
public record RestartPolicy(Duration first, Duration max, Duration stableAfter, int crashes, Duration crashWindow) {
    /** 1 s doubling to 30 s; given up after 5 exits within a minute. */
    public static final RestartPolicy DEFAULT = new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(10),
            5, Duration.ofMinutes(1));

    /**
     * A crash loop: {@code crashes} exits within {@code crashWindow}. Restarting again would only
     * repeat the same traceback; the micro waits for its files to change, or to be asked.
     *
     * @param exits when it exited, oldest first (only the last {@code crashes} matter)
     */
    public boolean givesUp(java.util.List<java.time.Instant> exits) {
        if (exits.size() < crashes) {
            return false;
        }
        java.time.Instant first = exits.get(exits.size() - crashes);
        return !exits.get(exits.size() - 1).isAfter(first.plus(crashWindow));
    }

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

    /**
     * Exit codes the shell gives a command it could not run (126: found but not executable, 127: not found):
     * the same command fails the same way every time, so it is not retried.
     */
    public static boolean hopeless(int exitCode) {
        return exitCode == 126 || exitCode == 127;
    }

    /** What a {@link #hopeless} exit code means. */
    public static String meaning(int exitCode) {
        return exitCode == 127 ? "the shell found no such command" : exitCode == 126 ? "the command is not executable" : "exit " + exitCode;
    }
}
