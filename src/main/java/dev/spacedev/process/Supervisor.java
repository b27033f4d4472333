package dev.spacedev.process;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Starts the micros together and stops them together: every tree at once, each with its grace period. */
public final class Supervisor {
    static final int CRASH_LOOP = 2;
    private final List<MicroProcess> micros;
    private final ScheduledExecutorService timer;

    public Supervisor(List<MicroProcess> micros, ScheduledExecutorService timer) {
        this.micros = new java.util.concurrent.CopyOnWriteArrayList<>(micros);
        this.timer = timer;
    }

    public static ScheduledExecutorService newTimer() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "space-dev-supervisor");
            t.setDaemon(true);
            return t;
        });
    }

    /** The micros now: a changed Spacefile adds and removes some while the app runs. */
    public List<MicroProcess> micros() {
        return List.copyOf(micros);
    }

    /** One more micro (a changed Spacefile added it), started by the caller. */
    public void add(MicroProcess micro) {
        micros.add(micro);
    }

    /** Stops a micro for good (a changed Spacefile removed or changed it) and forgets it. Blocks while it ends. */
    public void retire(MicroProcess micro, Duration grace) {
        micros.remove(micro);
        micro.stop(grace);
    }

    /**
     * Spawns every micro, each from a thread of its own, and returns without waiting: a spawn
     * (fork, exec, pipes, the pid file) takes tens of milliseconds of a cold JVM, which the caller
     * spends setting up the proxy instead. {@link #awaitReady} and the micros' own states say how
     * they are doing; a micro stopped before its thread ran is not started.
     */
    public void startAll() {
        eachOnItsOwnThread("start", MicroProcess::start);
    }

    /**
     * Waits until every micro that runs something is ready, or is crash-looping (it exited twice:
     * waiting longer only delays the summary that says so); false unless all are ready.
     */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (MicroProcess m : micros) {
            while (m.plan().runsProcess() && stillComing(m)) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                try {
                    m.whenReady().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // exited while starting, or still not ready: the loop looks again
                    Thread.sleep(20);
                }
            }
        }
        return micros.stream().allMatch(m -> !m.plan().runsProcess() || m.phase() == MicroProcess.Phase.READY);
    }

    /** Neither ready nor given up on (crashed, stopped, exited twice already, or listening on a port of its own). */
    private static boolean stillComing(MicroProcess m) {
        MicroProcess.Phase phase = m.phase();
        return (phase == MicroProcess.Phase.STARTING || phase == MicroProcess.Phase.RESTARTING) && m.exits() < CRASH_LOOP
                && m.startProblem().isEmpty();
    }

    /** SIGTERM to every micro's tree in parallel, SIGKILL to what is left after {@code grace}. */
    public void stopAll(Duration grace) {
        timer.shutdownNow();
        CompletableFuture.allOf(eachOnItsOwnThread("stop", m -> m.stop(grace))).join();
    }

    private CompletableFuture<?>[] eachOnItsOwnThread(String what, java.util.function.Consumer<MicroProcess> action) {
        return micros.stream().map(m -> CompletableFuture.runAsync(() -> action.accept(m), r -> {
            Thread t = new Thread(r, what + "-" + m.name());
            t.setDaemon(true);
            t.start();
        })).toArray(CompletableFuture[]::new);
    }

    public void killAll() {
        timer.shutdownNow();
        micros.forEach(MicroProcess::kill);
    }
}
