package dev.spacedev.process;

import dev.spacedev.files.SpaceDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The micro processes this project's {@code up} started, kept in {@code .space/pids} as
 * {@code pid startMillis name}. If space-dev is SIGKILLed its shutdown hook never runs; the next
 * {@code up} reads this file and ends whatever is still there. The start time guards against a
 * recycled pid belonging to someone else's process. Where it can, an {@link OrphanGuard} ends them at once instead.
 */
public final class PidRegistry {
    private final Path file;
    private final OrphanGuard guard;
    private final Map<Long, String> entries = new LinkedHashMap<>();

    public PidRegistry(SpaceDir space) {
        this(space, OrphanGuard.none());
    }

    /** @param guard told of each micro too, to end it if space-dev dies without doing so */
    public PidRegistry(SpaceDir space, OrphanGuard guard) {
        this.file = space.pidFile();
        this.guard = guard;
    }

    public synchronized void add(ProcessHandle p, String micro) {
        entries.put(p.pid(), p.pid() + " " + startMillis(p).orElse(0L) + " " + micro);
        save();
        guard.watch(p.pid());
    }

    public synchronized void remove(long pid) {
        if (entries.remove(pid) != null) {
            save();
            guard.forget(pid);
        }
    }

    /** Ends the processes an earlier, killed run left behind; returns their descriptions. */
    public List<String> sweep(Duration grace) {
        List<String> ended = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            return ended;
        }
        for (String line : lines) {
            String[] f = line.strip().split(" ", 3);
            if (f.length < 3) {
                continue;
            }
            try {
                long pid = Long.parseLong(f[0]);
                long started = Long.parseLong(f[1]);
                Optional<ProcessHandle> p = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                        .filter(h -> startMillis(h).filter(s -> s == started).isPresent());
                // A micro the guard ended may linger as a zombie until init reaps it: nothing of it runs,
                // so it is not reported as left behind (its group is still checked: a child may live on)
                if (p.isPresent() && ProcessTree.snapshot(p.get()).stream().anyMatch(ProcessTree::running)) {
                    ProcessTree.terminate(p.get(), grace);
                    ended.add(f[2] + " (pid " + pid + ")");
                }
            } catch (NumberFormatException e) {
                // a line we did not write: skip it
            }
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // rewritten on the next add
        }
        return ended;
    }

    /** The live processes an {@code up} of this project recorded for {@code micro} (their start times checked). */
    public static List<ProcessHandle> recorded(SpaceDir space, String micro) {
        List<ProcessHandle> live = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(space.pidFile())) {
                String[] f = line.strip().split(" ", 3);
                if (f.length == 3 && f[2].equals(micro)) {
                    long started = Long.parseLong(f[1]);
                    ProcessHandle.of(Long.parseLong(f[0])).filter(ProcessHandle::isAlive)
                            .filter(p -> startMillis(p).filter(s -> s == started).isPresent()).ifPresent(live::add);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no record, or not ours: nothing is trusted
        }
        return live;
    }

    private static Optional<Long> startMillis(ProcessHandle p) {
        return p.info().startInstant().map(Instant::toEpochMilli);
    }

    private void save() {
        try {
            if (entries.isEmpty()) {
                Files.deleteIfExists(file);
            } else {
                SpaceDir.writeAtomically(file, String.join("\n", entries.values()) + "\n", false);
            }
        } catch (IOException e) {
            // the record is a safety net; failing to write it must not stop the micro
        }
    }
}
