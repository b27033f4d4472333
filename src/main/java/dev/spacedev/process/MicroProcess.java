package dev.spacedev.process;

import dev.spacedev.spacefile.Micro;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Runs one micro's command and keeps it running: its output goes to the log, it is ready once its
 * port accepts connections ({@link ReadinessProbe}), and when it exits it is started again after
 * the {@link RestartPolicy}'s delay. Its whole life is one {@link State}, changed only under this
 * object's lock; readers get a consistent snapshot.
 */
public final class MicroProcess {
    /** Where the micro stands, for the proxy and the summary. */
    public enum Phase { STARTING, READY, RESTARTING, CRASHED, STOPPED }

    /** One run's life, or its absence. Each holds what that phase needs and nothing more. */
    sealed interface State permits Created, Starting, Ready, Restarting, Crashed, Stopped {}

    /** Not started yet: requests wait for it as for a starting one. */
    record Created(CompletableFuture<InetSocketAddress> ready) implements State {}

    /** @param ready completed when the port accepts, failed if the run ends first */
    record Starting(Process process, Instant since, CompletableFuture<InetSocketAddress> ready) implements State {}

    record Ready(Process process, Instant since, InetSocketAddress at) implements State {}

    /** Exited (or could not start); the next start is scheduled after {@code delay}. */
    record Restarting(int exitCode, Duration delay, CompletableFuture<InetSocketAddress> ready) implements State {}

    /**
     * Crash-looping ({@link RestartPolicy#givesUp}): not restarted until its files change or the
     * user asks ({@code space-dev restart}); requests get a 502 that says so.
     */
    record Crashed(int exitCode, Instant since, String filesWhenCrashed) implements State {}

    /**
     * Not running and not coming back: stopped, or nothing to run. {@code ending} is the command
     * being stopped, if any, until it is gone: a second stop (Ctrl-C again) kills it.
     */
    record Stopped(String why, Process ending) implements State {}

    private final Micro micro;
    private final LaunchPlan plan;
    private final int port;
    private final Map<String, String> env;
    private final Path workDir;
    private final LogPrinter log;
    private final PidRegistry pids;
    private final Timer timer;
    private final Clock clock;
    private final ReadinessProbe probe;
    private final RestartPolicy restarts;
    private final MicroOutput output;
    private final java.util.ArrayDeque<Instant> recentExits = new java.util.ArrayDeque<>();

    /** One run's end: its exit code and when. */
    /** @param asked it ended because it was asked to (a restart, its SIGTERM's 143), not on its own */
    public record Exit(int code, Instant at, boolean asked) {}

    /** Its phase, when that began, and its exits, read at one moment (a view never shows an exit with the phase before it). */
    public record Snapshot(Phase phase, Optional<Instant> since, int exits, List<Exit> recentExits, Optional<Long> pid) {}
    static final Duration PORT_CHECK_AFTER = Duration.ofSeconds(5);
    /** How long a start waits for the stopped run to be gone. */
    static final Duration STOP_WAIT = Duration.ofSeconds(5);
    private volatile boolean restartOnChange;

    // guarded by this
    private State state;
    private Duration lastDelay;
    private boolean restartAsked;
    /** Stopped by the owner ({@link #pause}) rather than for good: {@link #resume} starts it again. */
    private boolean paused;
    /** While starting: why it will not become ready as it is; null when no reason is known. */
    private String startProblem;
    private final ExitHistory exits = new ExitHistory();

    public MicroProcess(Micro micro, LaunchPlan plan, int port, Map<String, String> env, LogPrinter log, PidRegistry pids,
            Timer timer, Clock clock) {
        this.micro = micro;
        this.plan = plan;
        this.port = port;
        this.env = Map.copyOf(env);
        this.workDir = plan.workDir().orElse(micro.srcDir());
        this.log = log;
        this.pids = pids;
        this.timer = timer;
        this.clock = clock;
        this.probe = new ReadinessProbe(timer);
        this.restarts = RestartPolicy.DEFAULT;
        this.output = new MicroOutput(micro.name(), micro.srcDir(), log);
        this.state = new Created(new CompletableFuture<>());
    }

    public String name() {
        return micro.name();
    }

    public Micro micro() {
        return micro;
    }

    public LaunchPlan plan() {
        return plan;
    }

    public int port() {
        return port;
    }

    public synchronized Phase phase() {
        if (state instanceof Created || state instanceof Starting) {
            return Phase.STARTING;
        }
        if (state instanceof Ready) {
            return Phase.READY;
        }
        if (state instanceof Crashed) {
            return Phase.CRASHED;
        }
        return state instanceof Restarting ? Phase.RESTARTING : Phase.STOPPED;
    }

    /** Where it accepts connections: where the probe found it once ready, else the loopback address. */
    public synchronized InetSocketAddress address() {
        return state instanceof Ready r ? r.at() : new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** Completes with the address when the current or next run becomes ready; fails if that run ends first. */
    public synchronized CompletableFuture<InetSocketAddress> whenReady() {
        if (state instanceof Ready r) {
            return CompletableFuture.completedFuture(r.at());
        }
        if (state instanceof Created c) {
            return c.ready();
        }
        if (state instanceof Starting s) {
            return s.ready();
        }
        if (state instanceof Restarting r) {
            return r.ready();
        }
        return CompletableFuture.failedFuture(new IllegalStateException(name() + " is not running"));
    }

    /** Starts watching its files: while crashed, a change starts it again; with {@code up --watch}, a change restarts it. */
    public void watch() {
        new RestartWatch(this, workDir, timer, restartOnChange).start();
    }

    /** {@code up --watch}: restart it when its files change (call before {@link #watch}). */
    public void restartOnChange(boolean on) {
        this.restartOnChange = on;
    }

    synchronized boolean running() {
        return state instanceof Starting || state instanceof Ready;
    }

    static final Duration WATCH_EVERY = Duration.ofSeconds(1);

    synchronized boolean stoppedForGood() {
        return state instanceof Stopped && !paused;
    }

    /** Stopped by the owner ({@code space-dev stop}, the dashboard), while the app runs on. */
    public synchronized boolean paused() {
        return state instanceof Stopped && paused;
    }

    /** While crashed: the stamp of its files at the crash; empty otherwise. */
    synchronized Optional<String> filesWhenCrashed() {
        return state instanceof Crashed c ? Optional.of(c.filesWhenCrashed()) : Optional.empty();
    }

    /**
     * Restarts it now, as {@code space-dev restart} and the dashboard ask: a crashed micro starts again, a
     * starting or ready one is stopped (its whole tree) and started at once. Blocks while the old run ends.
     *
     * @return false when there is nothing to restart (stopped for good, or waiting for its next start anyway)
     */
    public boolean restart() {
        return paused() ? resume() : restart(": restarting, as asked");
    }

    /**
     * Stops its whole tree, as {@code space-dev stop} and the dashboard ask, until {@link #resume}: the other micros
     * run on, and requests for this one get a 503 naming it. Blocks while the run ends.
     *
     * @return false when it was stopped already
     */
    public boolean pause(Duration grace) {
        synchronized (this) {
            if (state instanceof Stopped) {
                return false;
            }
            paused = true;
        }
        log.info(name() + ": stopping, as asked");
        end(root -> ProcessTree.terminate(root, grace));
        log.info(name() + " is stopped; start it again with: space-dev start " + name());
        return true;
    }

    /**
     * Starts a micro the owner stopped ({@link #pause}) again, or a crashed one.
     *
     * @return false when it runs (or is starting) already, or was stopped for good
     */
    public boolean resume() {
        Process ending;
        synchronized (this) {
            if (state instanceof Crashed) {
                return restart(": starting, as asked");
            }
            if (!(state instanceof Stopped st) || !paused) {
                return false;
            }
            ending = st.ending();
        }
        if (ending != null) {
            try {
                ending.waitFor(STOP_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS); // the JVM may not have reaped it yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        synchronized (this) {
            if (!(state instanceof Stopped) || !paused) {
                return false; // started or stopped for good meanwhile
            }
            paused = false;
            recentExits.clear();
            lastDelay = null;
            state = new Created(new CompletableFuture<>());
        }
        log.info(name() + ": starting, as asked");
        start();
        return true;
    }

    boolean restart(String why) {
        Process running;
        synchronized (this) {
            if (state instanceof Crashed) {
                log.info(name() + why);
                recentExits.clear();
                lastDelay = null;
                state = new Restarting(0, Duration.ZERO, new CompletableFuture<>());
                timer.schedule(this::start, Duration.ZERO);
                return true;
            }
            if (!(state instanceof Starting || state instanceof Ready)) {
                return false;
            }
            log.info(name() + why);
            running = state instanceof Starting s ? s.process() : ((Ready) state).process();
            restartAsked = true;
        }
        ProcessTree.terminate(running.toHandle(), Duration.ofSeconds(5)); // exited() starts it again at once
        return true;
    }

    /** When the current phase began: the run's start (starting, ready) or the crash; empty otherwise. */
    public synchronized Optional<Instant> since() {
        return state instanceof Starting s ? Optional.of(s.since()) : state instanceof Ready r ? Optional.of(r.since())
                : state instanceof Crashed c ? Optional.of(c.since()) : Optional.empty();
    }

    public List<String> recentOutput() {
        return output.recent();
    }

    public synchronized void start() {
        CompletableFuture<InetSocketAddress> ready;
        if (state instanceof Created c) {
            ready = c.ready();
        } else if (state instanceof Restarting r) {
            ready = r.ready();
        } else {
            return; // running already, or stopped for good
        }
        if (!plan.runsProcess()) {
            state = new Stopped("nothing to run: " + plan.origin(), null);
            ready.completeExceptionally(new IllegalStateException(name() + " has nothing to run"));
            log.info(name() + " has nothing to run: " + plan.origin());
            return;
        }
        ProcessBuilder builder = new ProcessBuilder(ProcessTree.shellCommand(plan.command().orElseThrow())).directory(workDir.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        plan.binDir().ifPresent(bin -> builder.environment().merge("PATH", bin.toString(),
                (path, first) -> first + java.io.File.pathSeparator + path));
        Process started;
        try {
            started = builder.start();
        } catch (IOException e) {
            output.line("cannot start: " + e.getMessage());
            restartLater(-1, Duration.ZERO, ready);
            return;
        }
        state = new Starting(started, clock.instant(), ready);
        startProblem = null;
        pids.add(started.toHandle(), name());
        // stdin stays open: watchers such as tailwind --watch exit when it closes
        LogPump.start(name() + "-stdout", started.getInputStream(), output::line);
        LogPump.start(name() + "-stderr", started.getErrorStream(), output::line);
        started.onExit().thenRun(() -> exited(started));
        timer.schedule(() -> probe.await(port, started.toHandle(), () -> isStarting(started), at -> becameReady(started, at)), Duration.ZERO);
        timer.schedule(() -> checkPorts(started), PORT_CHECK_AFTER);
    }

    /**
     * Still not accepting on its port after a while, but listening elsewhere, or its port held outside its own
     * tree (not counted as ready, so no request or action goes there): say so.
     */
    private void checkPorts(Process p) {
        if (isStarting(p)) {
            Hints.forPorts(port, ListeningSockets.portsOf(p.toHandle())).ifPresent(wrongPort -> {
                output.hint(wrongPort);
                failStart(p, wrongPort);
            });
            ListeningSockets.foreignListener(port, p.toHandle()).ifPresent(pid -> output.hint("port " + port + " on loopback is held by"
                    + " another process (pid " + pid + "), not by this micro: space-dev sends it nothing; stop that process"));
        }
    }

    /**
     * It will not become ready as it is (it listens on a port of its own choosing): whoever waits for it (the summary,
     * {@code test}, {@code up -d}, a request) learns now rather than at the end of their wait. It runs on, and is
     * ready if it does take its port after all.
     */
    private void failStart(Process p, String why) {
        synchronized (this) {
            if (!(state instanceof Starting s) || s.process() != p) {
                return;
            }
            startProblem = why;
            s.ready().completeExceptionally(new IllegalStateException(why));
        }
    }

    /** Why the current run will not become ready as it is (it listens on another port than $PORT); empty otherwise. */
    public synchronized Optional<String> startProblem() {
        return state instanceof Starting ? Optional.ofNullable(startProblem) : Optional.empty();
    }

    private synchronized boolean isStarting(Process p) {
        return state instanceof Starting s && s.process() == p && p.isAlive();
    }

    private void becameReady(Process p, InetSocketAddress at) {
        Starting was;
        synchronized (this) {
            if (!(state instanceof Starting s) || s.process() != p) {
                return;
            }
            was = s;
            state = new Ready(p, s.since(), at);
        }
        log.info(name() + " is ready on port " + port + " (" + Duration.between(was.since(), clock.instant()).toMillis()
                + " ms after start)");
        was.ready().complete(at);
        output.wildcard(ListeningSockets.wildcardOf(port, p.toHandle()), port, plan.command());
    }

    private void exited(Process p) {
        pids.remove(p.pid());
        // whatever the command left running in its group would hold the port against the restart
        ProcessTree.kill(p.toHandle());
        synchronized (this) {
            Instant since;
            CompletableFuture<InetSocketAddress> waiting;
            if (state instanceof Starting s && s.process() == p) {
                since = s.since();
                waiting = s.ready();
            } else if (state instanceof Ready r && r.process() == p) {
                since = r.since();
                waiting = null;
            } else {
                return; // stopped meanwhile, or an older run
            }
            exits.record(p.exitValue(), clock.instant(), restartAsked);
            output.exited(p.exitValue(), plan);
            if (waiting != null) {
                // requests waiting for it to start get their 502 now rather than at the end of the wait
                waiting.completeExceptionally(new IllegalStateException(name() + " exited"));
            }
            if (restartAsked) {
                restartAsked = false;
                state = new Restarting(p.exitValue(), Duration.ZERO, new CompletableFuture<>());
                timer.schedule(this::start, Duration.ZERO);
                return;
            }
            recentExits.addLast(clock.instant());
            while (recentExits.size() > restarts.crashes()) {
                recentExits.removeFirst();
            }
            if (RestartPolicy.hopeless(p.exitValue())) {
                state = new Crashed(p.exitValue(), clock.instant(), SourceStamp.of(workDir));
                log.info(name() + " exited with code " + p.exitValue() + " (" + RestartPolicy.meaning(p.exitValue()) + "): restarting"
                        + " would not help, so space-dev does not; it starts again when its files change, or with: space-dev restart "
                        + name());
                return;
            }
            if (restarts.givesUp(List.copyOf(recentExits))) {
                state = new Crashed(p.exitValue(), clock.instant(), SourceStamp.of(workDir));
                log.info(name() + " crashed: it exited " + restarts.crashes() + " times within "
                        + restarts.crashWindow().toSeconds() + " s (last with code " + p.exitValue() + "), so space-dev stops"
                        + " restarting it; it starts again when its files change, or with: space-dev restart " + name());
                return;
            }
            restartLater(p.exitValue(), Duration.between(since, clock.instant()), new CompletableFuture<>());
        }
    }

    // guarded by this
    private void restartLater(int exitCode, Duration ranFor, CompletableFuture<InetSocketAddress> ready) {
        Duration delay = restarts.next(lastDelay, ranFor);
        lastDelay = delay;
        state = new Restarting(exitCode, delay, ready);
        String why = exitCode < 0 ? "could not start" : "exited with code " + exitCode;
        log.info(name() + " " + why + "; restarting in "
                + (delay.toMillis() < 1000 ? delay.toMillis() + " ms" : delay.toSeconds() + " s"));
        timer.schedule(this::start, delay);
    }

    /** Ends the micro's whole process tree: SIGTERM, then SIGKILL after {@code grace}. Blocks. */
    public void stop(Duration grace) {
        synchronized (this) {
            paused = false;
        }
        end(root -> ProcessTree.terminate(root, grace));
    }

    /** SIGKILL to the whole tree now. */
    public void kill() {
        synchronized (this) {
            paused = false;
        }
        end(ProcessTree::kill);
    }

    /** No restart from now on; {@code ending} is applied to the running command's tree, if any. */
    private void end(java.util.function.Consumer<ProcessHandle> ending) {
        Process running;
        synchronized (this) {
            running = state instanceof Starting s ? s.process() : state instanceof Ready r ? r.process()
                    : state instanceof Stopped st ? st.ending() : null;
            CompletableFuture<InetSocketAddress> waiting = state instanceof Created c ? c.ready()
                    : state instanceof Starting s ? s.ready() : state instanceof Restarting r ? r.ready() : null;
            if (waiting != null) {
                waiting.completeExceptionally(new IllegalStateException(name() + " was stopped"));
            }
            state = new Stopped("stopped", running);
        }
        if (running != null) {
            ending.accept(running.toHandle());
            pids.remove(running.pid());
        }
    }

    /** How many times its command has exited since it was first started (a test fails a micro that exits while starting). */
    public synchronized int exits() {
        return exits.count();
    }

    public synchronized Snapshot snapshot() {
        long pid = pid();
        return new Snapshot(phase(), since(), exits.count(), exits.newestFirst(), pid < 0 ? Optional.empty() : Optional.of(pid));
    }

    /** Its last few exits, newest first. */
    public synchronized List<Exit> recentExitCodes() {
        return exits.newestFirst();
    }

    public synchronized int lastExitCode() {
        return exits.lastCode();
    }

    /** The pid of the running command (for tests and the summary); -1 when none. */
    public synchronized long pid() {
        return state instanceof Starting s ? s.process().pid() : state instanceof Ready r ? r.process().pid() : -1;
    }

    /** The current state, for tests. */
    synchronized State state() {
        return state;
    }
}
