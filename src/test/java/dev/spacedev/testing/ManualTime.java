package dev.spacedev.testing;

import dev.spacedev.process.Timer;
import dev.spacedev.runtime.ActionScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * A clock the test moves, and a timer that runs what is due when it does: tests move time, they
 * never wait for it. Serves the process layer's and the action scheduler's timers alike.
 */
public final class ManualTime extends Clock implements Timer, ActionScheduler.Timer {
    private record Task(Instant due, Runnable run, long seq) {}

    private Instant now;
    private long seq;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>(Comparator.comparing(Task::due).thenComparingLong(Task::seq));

    public ManualTime(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized void schedule(Runnable task, Duration delay) {
        tasks.add(new Task(now.plus(delay), task, seq++));
    }

    public void advance(Duration d) {
        Instant until;
        synchronized (this) {
            until = now.plus(d);
        }
        advanceTo(until);
    }

    /** Runs every task due by {@code t}, in order, each at its own time (outside the lock: a task may schedule another). */
    public void advanceTo(Instant t) {
        while (true) {
            Task next;
            synchronized (this) {
                if (tasks.isEmpty() || tasks.peek().due().isAfter(t)) {
                    now = t;
                    return;
                }
                next = tasks.poll();
                now = next.due();
            }
            next.run().run();
        }
    }

    public synchronized int pending() {
        return tasks.size();
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
