package dev.spacedev.process;

import dev.spacedev.proxy.Upstream;
import dev.spacedev.spacefile.Micro;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs one micro's command and keeps it running: its output goes to the log, it is ready once its
 * port accepts connections, and when it exits it is restarted after a backoff (1 s doubling to
 * 30 s, back to 1 s once it has stayed up for a while).
 */
public final class MicroProcess implements Upstream {
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final Duration STABLE_AFTER = Duration.ofSeconds(10);
    private static final int READY_POLL_MS = 50;
    private static final List<InetAddress> LOOPBACKS = List.of(
            InetAddress.getLoopbackAddress(), loopback("::1"));

    private final Micro micro;
    private final LaunchPlan plan;
    private final int port;
    private final Map<String, String> env;
    private final Path workDir;
    private final LogPrinter log;
    private final PidRegistry pids;
    private final ScheduledExecutorService timer;
    private final OutputTail tail = new OutputTail(40);

    private volatile Status status = Status.STARTING;
    private volatile InetSocketAddress address;
    private volatile CompletableFuture<InetSocketAddress> ready = new CompletableFuture<>();
    // guarded by this
    private Process process;
    private boolean stopping;
    private Duration backoff = FIRST_BACKOFF;
    private long startedAt;
    private volatile int exits;
    private volatile int lastExitCode;

    public MicroProcess(Micro micro, LaunchPlan plan, int port, Map<String, String> env, LogPrinter log, PidRegistry pids,
            ScheduledExecutorService timer) {
        this.micro = micro;
        this.plan = plan;
        this.port = port;
        this.env = Map.copyOf(env);
        this.workDir = plan.workDir().orElse(micro.srcDir());
        this.log = log;
        this.pids = pids;
        this.timer = timer;
        this.address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    @Override
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

    @Override
    public Status status() {
        return status;
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public CompletableFuture<InetSocketAddress> whenReady() {
        return ready;
    }

    @Override
    public List<String> recentOutput() {
        return tail.lines();
    }

    public synchronized void start() {
        if (stopping) {
            return;
        }
        if (!plan.runsProcess()) {
            status = Status.NOT_RUNNING;
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
            output("cannot start: " + e.getMessage());
            scheduleRestart(-1);
            return;
        }
        process = started;
        startedAt = System.nanoTime();
        status = Status.STARTING;
        pids.add(started.toHandle(), name());
        // stdin stays open: watchers such as tailwind --watch exit when it closes
        LogPump.start(name() + "-stdout", started.getInputStream(), this::output);
        LogPump.start(name() + "-stderr", started.getErrorStream(), this::output);
        started.onExit().thenRun(() -> exited(started));
        timer.execute(() -> pollReady(started));
    }

    private void output(String line) {
        tail.add(line);
        log.line(name(), line);
    }

    private void pollReady(Process p) {
        if (process != p || !p.isAlive()) {
            return;
        }
        for (InetAddress host : LOOPBACKS) {
            InetSocketAddress candidate = new InetSocketAddress(host, port);
            try (Socket s = new Socket()) {
                s.connect(candidate, 250);
                becameReady(p, candidate);
                return;
            } catch (IOException e) {
                // not listening there (yet)
            }
        }
        timer.schedule(() -> pollReady(p), READY_POLL_MS, TimeUnit.MILLISECONDS);
    }

    private synchronized void becameReady(Process p, InetSocketAddress at) {
        if (process != p || stopping) {
            return;
        }
        address = at;
        status = Status.READY;
        log.info(name() + " is ready on port " + port + " (" + millisSince(startedAt) + " ms after start)");
        ready.complete(at);
    }

    private void exited(Process p) {
        exits++;
        lastExitCode = p.exitValue();
        pids.remove(p.pid());
        // whatever the command left running in its group would hold the port against the restart
        ProcessTree.kill(p.toHandle());
        synchronized (this) {
            if (p != process || stopping) {
                return;
            }
            process = null;
            scheduleRestart(p.exitValue());
        }
    }

    // guarded by this
    private void scheduleRestart(int exitCode) {
        status = Status.DOWN;
        // requests waiting for it to start get their 502 now rather than at the end of the wait
        ready.completeExceptionally(new IllegalStateException(name() + " exited"));
        ready = new CompletableFuture<>();
        if (startedAt != 0 && System.nanoTime() - startedAt > STABLE_AFTER.toNanos()) {
            backoff = FIRST_BACKOFF;
        }
        String why = exitCode < 0 ? "could not start" : "exited with code " + exitCode;
        log.info(name() + " " + why + "; restarting in " + backoff.toSeconds() + " s");
        timer.schedule(this::start, backoff.toMillis(), TimeUnit.MILLISECONDS);
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }

    /** Ends the micro's whole process tree: SIGTERM, then SIGKILL after {@code grace}. Blocks. */
    public void stop(Duration grace) {
        end(root -> ProcessTree.terminate(root, grace));
    }

    /** SIGKILL to the whole tree now. */
    public void kill() {
        end(ProcessTree::kill);
    }

    /** No restart from now on; {@code ending} is applied to the running command's tree, if any. */
    private void end(java.util.function.Consumer<ProcessHandle> ending) {
        Process p;
        synchronized (this) {
            stopping = true;
            p = process;
        }
        status = Status.NOT_RUNNING;
        if (p != null) {
            ending.accept(p.toHandle());
            pids.remove(p.pid());
        }
    }

    /** How many times its command has exited since {@code up} started it (a test fails a micro that exits while starting). */
    public int exits() {
        return exits;
    }

    public int lastExitCode() {
        return lastExitCode;
    }

    /** The pid of the running command (for tests and the summary); -1 when none. */
    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static InetAddress loopback(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
