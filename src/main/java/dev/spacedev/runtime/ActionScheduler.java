package dev.spacedev.runtime;

import dev.spacedev.spacefile.Action;
import dev.spacedev.spacefile.Micro;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Fires each scheduled action on its {@code default_interval} while {@code up} runs: cron in
 * UTC, rates aligned to the clock (a 5-minute rate fires at :00, :05, …). Each run is logged with
 * its status and the next run's time, and the last runs are kept for the dashboard, which may
 * also run one now. Time comes from a {@link Clock} and waiting from a {@link Timer}, so tests
 * drive it without sleeping.
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

    /**
     * Whether this instance runs a scheduled tick: on one machine always; with several instances
     * sharing a database, only the leader, and each tick once ({@link PgActionTicks}).
     */
    public interface Ticks extends AutoCloseable {
        Ticks ALWAYS = new Ticks() {
            @Override
            public CompletableFuture<Boolean> claim(String actionId, Instant due) {
                return CompletableFuture.completedFuture(true);
            }

            @Override
            public void ran(String actionId, Instant due, Run run) {
                // nothing to share
            }
        };

        /** Completes with true when this instance is to run the tick due at {@code due}. */
        CompletableFuture<Boolean> claim(String actionId, Instant due);

        /** A run this instance made: of the tick due at {@code due}, or by hand ({@code due} null). */
        void ran(String actionId, Instant due, Run run);

        /** The last runs of every instance (newest first), where they are shared; empty: this instance's own. */
        default Optional<List<Run>> recent(String actionId) {
            return Optional.empty();
        }

        @Override
        default void close() {
        }
    }

    static final int RUNS_KEPT = 10;

    /** One delivery: {@code status} is the micro's HTTP status, or empty when it could not be delivered. */
    public record Run(Instant at, Optional<Integer> status, String outcome, long millis, boolean manual) {
        public boolean succeeded() {
            return status.isPresent() && status.get() < 400;
        }
    }

    /**
     * An action as the dashboard shows it; {@code next} is empty while the schedule is not running.
     *
     * @param interval the interval it runs on now (its default when the owner turned it off)
     * @param schedule "default", "changed" (by the owner) or "off"
     * @param defaultInterval the Spacefile's {@code default_interval}
     */
    public record State(String id, String name, String micro, String interval, Optional<Instant> next, List<Run> runs, String schedule,
            String defaultInterval) {
        public State(String id, String name, String micro, String interval, Optional<Instant> next, List<Run> runs) {
            this(id, name, micro, interval, next, runs, "default", interval);
        }
    }

    private final List<Micro> micros;
    private final Clock clock;
    private final Timer timer;
    private final Delivery delivery;
    private final Consumer<String> log;
    private final Ticks ticks;
    private final ActionSchedules schedules;
    private volatile boolean stopped;
    private volatile boolean started;
    // guarded by this; keyed by action id (unique in a Spacefile)
    private final Map<String, Instant> nextRuns = new HashMap<>();
    private final Map<String, ArrayDeque<Run>> runs = new HashMap<>();
    /** Bumped when an action's schedule changes: a tick planned under an earlier schedule does nothing. */
    private final Map<String, Integer> generation = new HashMap<>();

    public ActionScheduler(List<Micro> micros, Clock clock, Timer timer, Delivery delivery, Consumer<String> log) {
        this(micros, clock, timer, delivery, log, Ticks.ALWAYS);
    }

    public ActionScheduler(List<Micro> micros, Clock clock, Timer timer, Delivery delivery, Consumer<String> log, Ticks ticks) {
        this(micros, clock, timer, delivery, log, ticks, ActionSchedules.inMemory());
    }

    /** @param schedules what the owner changed of the Spacefile's schedules */
    public ActionScheduler(List<Micro> micros, Clock clock, Timer timer, Delivery delivery, Consumer<String> log, Ticks ticks,
            ActionSchedules schedules) {
        this.schedules = schedules;
        this.ticks = ticks;
        this.micros = List.copyOf(micros);
        this.clock = clock;
        this.timer = timer;
        this.delivery = delivery;
        this.log = log;
    }

    public void start() {
        started = true;
        for (Micro m : micros) {
            for (Action a : m.actions()) {
                Optional<Instant> next = scheduleNext(m, a);
                log.accept("action " + a.id() + " (" + m.name() + ", " + described(a) + ") "
                        + next.map(n -> "first runs at " + n).orElse("does not run: the owner turned it off"));
            }
        }
    }

    /**
     * Changes an action's schedule, as the owner does in Space's App settings, from its next tick on (kept in the
     * runtime state, so it outlives this run); {@link ActionSchedules.Choice#DEFAULT} goes back to the Spacefile's.
     *
     * @return the action's state now; empty for an unknown id
     * @throws IllegalArgumentException for an interval the Spacefile would not take
     */
    public Optional<State> reschedule(String actionId, ActionSchedules.Choice choice) throws java.io.IOException {
        for (Micro m : micros) {
            for (Action a : m.actions()) {
                if (a.id().equals(actionId)) {
                    schedules.set(actionId, choice);
                    synchronized (this) {
                        generation.merge(actionId, 1, Integer::sum);
                        nextRuns.remove(actionId);
                    }
                    Optional<Instant> next = started && !stopped ? scheduleNext(m, a) : Optional.empty();
                    log.accept("action " + a.id() + " (" + m.name() + "): schedule now " + described(a)
                            + next.map(n -> "; next run at " + n).orElse(""));
                    return actions().stream().filter(s -> s.id().equals(actionId)).findFirst();
                }
            }
        }
        return Optional.empty();
    }

    /** "1 hour", "2 hours (the owner's; default 1 hour)" or "off (default 1 hour)". */
    private String described(Action a) {
        ActionSchedules.Choice c = schedules.choice(a.id());
        String base = "\"" + a.defaultInterval().text() + "\"";
        return c.off() ? "off (default " + base + ")" : c.interval().map(i -> "\"" + i + "\" (the owner's; default " + base + ")").orElse(base);
    }

    public void stop() {
        stopped = true;
        ticks.close();
    }

    /** Every action, in the Spacefile's order, with its next run and its last runs (newest first). */
    public synchronized List<State> actions() {
        List<State> all = new ArrayList<>();
        for (Micro m : micros) {
            for (Action a : m.actions()) {
                List<Run> last = ticks.recent(a.id()).orElseGet(() -> {
                    List<Run> own = new ArrayList<>(runs.getOrDefault(a.id(), new ArrayDeque<>()));
                    java.util.Collections.reverse(own);
                    return own;
                });
                ActionSchedules.Choice c = schedules.choice(a.id());
                all.add(new State(a.id(), a.name(), m.name(), c.interval().orElse(a.defaultInterval().text()),
                        Optional.ofNullable(nextRuns.get(a.id())), List.copyOf(last), c.off() ? "off" : c.interval().isPresent() ? "changed" : "default",
                        a.defaultInterval().text()));
            }
        }
        return all;
    }

    /** Delivers an action now, out of its schedule (which stays as it was); empty for an unknown id. */
    public Optional<CompletableFuture<Run>> runNow(String actionId) {
        for (Micro m : micros) {
            for (Action a : m.actions()) {
                if (a.id().equals(actionId)) {
                    log.accept("action " + a.id() + " (" + m.name() + "): run now, as asked");
                    return Optional.of(deliver(m, a, null, null));
                }
            }
        }
        return Optional.empty();
    }

    /** Plans the action's next tick on its interval now; empty (and nothing planned) when the owner turned it off. */
    private Optional<Instant> scheduleNext(Micro micro, Action action) {
        Optional<dev.spacedev.spacefile.Interval> interval = schedules.effective(action);
        if (interval.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant next = interval.get().nextAfter(now);
        int planned;
        synchronized (this) {
            nextRuns.put(action.id(), next);
            planned = generation.getOrDefault(action.id(), 0);
        }
        timer.schedule(() -> fire(micro, action, next, planned), Duration.between(now, next));
        return Optional.of(next);
    }

    private void fire(Micro micro, Action action, Instant due, int planned) {
        synchronized (this) {
            if (stopped || generation.getOrDefault(action.id(), 0) != planned) {
                return; // stopped, or its schedule changed since this tick was planned
            }
        }
        if (clock.instant().isBefore(due)) {
            // woken early (a timer may round): wait for the rest
            timer.schedule(() -> fire(micro, action, due, planned), Duration.between(clock.instant(), due));
            return;
        }
        Optional<Instant> next = scheduleNext(micro, action);
        ticks.claim(action.id(), due).whenComplete((mine, failure) -> {
            if (failure != null) {
                log.accept("action " + action.id() + " (" + micro.name() + ") not run at " + due + ": " + rootMessage(failure)
                        + next.map(n -> "; next at " + n).orElse(""));
            } else if (mine && !stopped) {
                deliver(micro, action, due, next.orElse(null));
            }
        });
    }

    /** @param due the tick this run is for, null for a run on request; @param next the next one, for the log line */
    private CompletableFuture<Run> deliver(Micro micro, Action action, Instant due, Instant next) {
        boolean manual = due == null;
        Instant started = clock.instant();
        CompletableFuture<Run> done = new CompletableFuture<>();
        CompletableFuture<Integer> delivered;
        try {
            delivered = delivery.deliver(micro, action);
        } catch (RuntimeException e) {
            delivered = CompletableFuture.failedFuture(e);
        }
        delivered.whenComplete((status, failure) -> {
            long ms = Duration.between(started, clock.instant()).toMillis();
            String outcome = failure != null ? "failed: " + rootMessage(failure)
                    : status + (status >= 400 ? " (a failure, as Space counted it)" : "");
            log.accept("action " + action.id() + " (" + micro.name() + ") ran: " + outcome + " in " + ms + " ms"
                    + (next == null ? "" : "; next at " + next));
            Run run = new Run(started, Optional.ofNullable(failure == null ? status : null), outcome, ms, manual);
            record(action.id(), run);
            ticks.ran(action.id(), due, run);
            done.complete(run);
        });
        return done;
    }

    private synchronized void record(String actionId, Run run) {
        ArrayDeque<Run> kept = runs.computeIfAbsent(actionId, id -> new ArrayDeque<>());
        if (kept.size() == RUNS_KEPT) {
            kept.removeFirst();
        }
        kept.addLast(run);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
