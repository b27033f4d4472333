package dev.spacedev.runtime;

import dev.spacedev.spacefile.Action;
import dev.spacedev.spacefile.Micro;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Fires each scheduled action on its {@code default_interval} while {@code up} runs: cron in
 * UTC, rates aligned to the clock (a 5-minute rate fires at :00, :05, …). Each run is logged with
 * its status and the next run's time. Time comes from a {@link Clock} and waiting from a
 * {@link Timer}, so tests drive it without sleeping.
 */
public final class ActionScheduler {
    /** Runs a task after a delay. */
    public interface Timer {
        void schedule(Runnable task, Duration delay);
    }

    /** Delivers one action to its micro; completes with the HTTP status. */
    public interface Delivery {
        CompletableFuture<Integer> deliver(Micro micro, Action action);
    }

    private final List<Micro> micros;
    private final Clock clock;
    private final Timer timer;
    private final Delivery delivery;
    private final Consumer<String> log;
    private volatile boolean stopped;

    public ActionScheduler(List<Micro> micros, Clock clock, Timer timer, Delivery delivery, Consumer<String> log) {
        this.micros = List.copyOf(micros);
        this.clock = clock;
        this.timer = timer;
        this.delivery = delivery;
        this.log = log;
    }

    public void start() {
        for (Micro m : micros) {
            for (Action a : m.actions()) {
                Instant next = scheduleNext(m, a);
                log.accept("action " + a.id() + " (" + m.name() + ", \"" + a.defaultInterval().text() + "\") first runs at " + next);
            }
        }
    }

    public void stop() {
        stopped = true;
    }

    private Instant scheduleNext(Micro micro, Action action) {
        Instant now = clock.instant();
        Instant next = action.defaultInterval().nextAfter(now);
        timer.schedule(() -> fire(micro, action, next), Duration.between(now, next));
        return next;
    }

    private void fire(Micro micro, Action action, Instant due) {
        if (stopped) {
            return;
        }
        if (clock.instant().isBefore(due)) {
            // woken early (a timer may round): wait for the rest
            timer.schedule(() -> fire(micro, action, due), Duration.between(clock.instant(), due));
            return;
        }
        Instant started = clock.instant();
        Instant next = scheduleNext(micro, action);
        delivery.deliver(micro, action).whenComplete((status, failure) -> {
            long ms = Duration.between(started, clock.instant()).toMillis();
            String outcome = failure != null ? "failed: " + rootMessage(failure)
                    : status + (status >= 400 ? " (a failure, as Space counted it)" : "");
            log.accept("action " + action.id() + " (" + micro.name() + ") ran: " + outcome + " in " + ms + " ms; next at " + next);
        });
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
