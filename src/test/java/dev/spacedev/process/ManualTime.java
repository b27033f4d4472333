package dev.spacedev.process;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.PriorityQueue;

/** A clock the test moves, and a timer that runs what is due when it does: time is moved, never waited for. */
final class ManualTime extends Clock implements Timer {
    private record Task(Instant due, Runnable run, long seq) {}

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private long seq;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>(Comparator.comparing(Task::due).thenComparingLong(Task::seq));

    @Override
    public synchronized void schedule(Runnable task, Duration delay) {
        tasks.add(new Task(now.plus(delay), task, seq++));
    }

    /** Runs every task due by {@code now + d}, in order, each at its own time. */
    void advance(Duration d) {
        Instant until;
        synchronized (this) {
            until = now.plus(d);
        }
        while (true) {
            Task next;
            synchronized (this) {
                if (tasks.isEmpty() || tasks.peek().due().isAfter(until)) {
                    now = until;
                    return;
                }
                next = tasks.poll();
                now = next.due();
            }
            next.run().run();
        }
    }

    synchronized int pending() {
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
