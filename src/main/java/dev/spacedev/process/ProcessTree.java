package dev.spacedev.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starting a micro in a process group of its own and ending the whole tree (npm → sh → node).
 * Java cannot call setsid itself, so commands start through util-linux's {@code setsid}, whose
 * process then has pid = process group id; {@code kill -- -PGID} ends the group. Where setsid is
 * missing (stock macOS) the tree is ended from a snapshot of its descendants.
 */
public final class ProcessTree {
    private static final boolean SETSID = onPath("setsid");
    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");
    /** Windows without a POSIX shell (Git Bash, MSYS2, WSL's) on PATH runs commands through cmd.exe instead. */
    private static final boolean CMD = WINDOWS && !onPath("sh") && !onPath("sh.exe");
    private static final Duration POLL = Duration.ofMillis(25);

    private ProcessTree() {}

    /** Whether each micro leads a process group of its own (setsid is there), so its whole tree can be signalled. */
    static boolean groups() {
        return SETSID;
    }

    /** {@code sh -c command}, in a new session when setsid is there; {@code cmd.exe /c} on Windows without sh. */
    public static List<String> shellCommand(String command) {
        return shellCommand(command, CMD);
    }

    static List<String> shellCommand(String command, boolean cmd) {
        if (cmd) {
            return List.of("cmd.exe", "/d", "/s", "/c", command);
        }
        List<String> argv = new ArrayList<>();
        if (SETSID) {
            argv.add("setsid");
        }
        argv.addAll(List.of("sh", "-c", command));
        return argv;
    }

    /**
     * SIGTERM to the tree, SIGKILL to whatever is left after {@code grace}. The descendants are
     * read before any signal: once their parent dies they are re-parented and drop out of it.
     *
     * @return true if everything was gone within the grace period
     */
    public static boolean terminate(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = snapshot(root);
        signal(root, tree, "TERM");
        if (awaitExit(tree, grace)) {
            return true;
        }
        kill(root);
        return false;
    }

    /** SIGKILL to the tree at once (a second Ctrl-C, or the end of the grace period). */
    public static void kill(ProcessHandle root) {
        List<ProcessHandle> tree = snapshot(root);
        signal(root, tree, "KILL");
        awaitExit(tree, Duration.ofSeconds(2));
    }

    /**
     * The root, its descendants, and (with setsid) every member of its process group: once the
     * root has died its orphans are found only by their group.
     */
    static List<ProcessHandle> snapshot(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        if (SETSID) {
            ProcessHandle.allProcesses()
                    .filter(p -> p.pid() != root.pid() && processGroup(p.pid()) == root.pid())
                    .filter(p -> tree.stream().noneMatch(t -> t.pid() == p.pid()))
                    .forEach(tree::add);
        }
        return tree;
    }

    private static void signal(ProcessHandle root, List<ProcessHandle> tree, String signal) {
        if (SETSID && tree.stream().anyMatch(ProcessHandle::isAlive)) {
            run("kill", "-s", signal, "--", "-" + root.pid());
        }
        // Members that left the group (or all of them, without setsid) get it one by one.
        for (ProcessHandle p : tree) {
            if (p.isAlive() && (!SETSID || !inGroup(p, root.pid()))) {
                if (signal.equals("KILL")) {
                    p.destroyForcibly();
                } else {
                    p.destroy();
                }
            }
        }
    }

    static boolean awaitExit(List<ProcessHandle> tree, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (tree.stream().anyMatch(ProcessTree::running)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * Alive and not a zombie. An orphan that has exited stays a zombie until init reaps it, which
     * some container inits do only every second or two: it runs nothing and holds no port.
     */
    public static boolean running(ProcessHandle p) {
        if (!p.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return true; // no /proc: trust isAlive
        }
    }

    /** The process group of {@code p}, from /proc (field 5 of stat); -1 where /proc is not there. */
    static long processGroup(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[2]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static boolean inGroup(ProcessHandle p, long pgid) {
        return processGroup(p.pid()) == pgid;
    }

    private static void run(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // kill(1) missing: the per-process signals above still run
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        return Stream.of(path.split(java.io.File.pathSeparator)).map(dir -> Path.of(dir, program)).anyMatch(Files::isExecutable);
    }
}
