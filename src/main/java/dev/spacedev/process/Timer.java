package dev.spacedev.process;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs a task later: a scheduler thread in space-dev, a clock the test moves in unit tests. */
@FunctionalInterface
public interface Timer {
    void schedule(Runnable task, Duration delay);

    static Timer of(ScheduledExecutorService executor) {
        return (task, delay) -> executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
}
