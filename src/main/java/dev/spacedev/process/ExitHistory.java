package dev.spacedev.process;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A micro's exits: how many since its first start, and the last few with their times (the summary
 * and the dashboard show them). Not thread-safe: its {@link MicroProcess} guards it with its lock.
 */
final class ExitHistory {
    static final int KEPT = 5;

    private final ArrayDeque<MicroProcess.Exit> recent = new ArrayDeque<>();
    private int count;

    /** @param asked whether it ended because it was asked to (a restart), not on its own */
    void record(int code, Instant at, boolean asked) {
        count++;
        if (recent.size() == KEPT) {
            recent.removeFirst();
        }
        recent.addLast(new MicroProcess.Exit(code, at, asked));
    }

    int count() {
        return count;
    }

    /** The last exit's code; 0 before any. */
    int lastCode() {
        return recent.isEmpty() ? 0 : recent.getLast().code();
    }

    List<MicroProcess.Exit> newestFirst() {
        List<MicroProcess.Exit> all = new ArrayList<>(recent);
        Collections.reverse(all);
        return List.copyOf(all);
    }
}
