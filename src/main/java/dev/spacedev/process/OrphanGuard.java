package dev.spacedev.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Ends the micros when space-dev itself dies without stopping them (SIGKILL, an OOM kill, a crash), where no shutdown
 * hook runs. A small shell started beside the micros reads their process group ids from a pipe space-dev holds; the
 * kernel closes that pipe whatever way space-dev ends, and the shell then sends SIGTERM, and SIGKILL two seconds later,
 * to every group still listed. Java cannot set a parent-death signal between fork and exec, and this needs no native
 * code: it works wherever a POSIX shell does (Linux, macOS; on macOS, without setsid, it reaches each micro's own
 * process, not its children). Where no shell starts, the next {@code up}'s sweep of {@code .space/pids} remains.
 */
public final class OrphanGuard implements AutoCloseable {
    /** The guard's {@code $0}, so it can be told apart in {@code ps}. */
    public static final String NAME = "space-dev-guard";
    private static final String SCRIPT = String.join("\n",
            "trap '' INT TERM HUP", // a Ctrl-C reaches space-dev's whole process group; the guard outlives it to do its job
            "ids=' '",
            "while read -r op id; do",
            "  case $op in",
            "    +) ids=\"$ids$id \" ;;",
            "    -) kept=' '; for i in $ids; do [ \"$i\" = \"$id\" ] || kept=\"$kept$i \"; done; ids=$kept ;;",
            "  esac",
            "done",
            "[ \"$ids\" = ' ' ] && exit 0",
            "signal() { for i in $ids; do if [ \"$1\" = group ]; then kill -s \"$2\" -- \"-$i\"; else kill -s \"$2\" \"$i\"; fi; done; }",
            "signal \"$1\" TERM 2>/dev/null",
            "sleep 2",
            "signal \"$1\" KILL 2>/dev/null",
            "exit 0");

    private final Process guard;
    private final OutputStream ids;

    private OrphanGuard(Process guard) {
        this.guard = guard;
        this.ids = guard == null ? OutputStream.nullOutputStream() : guard.getOutputStream();
    }

    /** A guard for this run's micros; one that guards nothing where no shell could be started. */
    public static OrphanGuard start() {
        try {
            Process p = new ProcessBuilder(List.of("sh", "-c", SCRIPT, NAME, ProcessTree.groups() ? "group" : "pid"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            return new OrphanGuard(p);
        } catch (IOException e) {
            return new OrphanGuard(null); // no sh (Windows without one): the next run's sweep is what is left
        }
    }

    /** A guard that does nothing, for runs that start no micro of their own. */
    public static OrphanGuard none() {
        return new OrphanGuard(null);
    }

    /** {@code pid} leads a micro's process group (with setsid) or is the micro's process. */
    public synchronized void watch(long pid) {
        send("+ " + pid);
    }

    /** The micro exited and was reaped: its id may be reused, so it is no longer the guard's to end. */
    public synchronized void forget(long pid) {
        send("- " + pid);
    }

    private void send(String line) {
        try {
            ids.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            ids.flush();
        } catch (IOException e) {
            // the guard is gone (killed with space-dev's group): the next run's sweep remains
        }
    }

    /** After every micro was stopped: the guard reads the end of its input with nothing left to end, and exits. */
    @Override
    public synchronized void close() {
        try {
            ids.close();
        } catch (IOException e) {
            // already gone
        }
    }

    /** The guard's process, for tests that kill it to stand for a machine where none could start. */
    public java.util.Optional<ProcessHandle> process() {
        return guard == null ? java.util.Optional.empty() : java.util.Optional.of(guard.toHandle());
    }
}
