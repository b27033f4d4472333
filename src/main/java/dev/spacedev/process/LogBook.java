package dev.spacedev.process;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recent output of each micro and of space-dev itself, for the dashboard: the last {@code perSource}
 * lines of each, as written (colours included), numbered in one sequence so a reader asks for what came
 * after the last line it saw. Bounded: a micro that logs without pause costs at most its ring.
 */
public final class LogBook {
    public static final int LINES_PER_SOURCE = 2_000;

    /** @param seq this line's place in the whole book; @param at milliseconds since the epoch */
    public record Line(long seq, long at, String source, String text) {}

    private final int perSource;
    private final Clock clock;
    // guarded by this
    private final Map<String, ArrayDeque<Line>> bySource = new LinkedHashMap<>();
    private long last;

    public LogBook(int perSource, Clock clock) {
        if (perSource < 1) {
            throw new IllegalArgumentException("perSource must be positive");
        }
        this.perSource = perSource;
        this.clock = clock;
    }

    public synchronized void add(String source, String text) {
        ArrayDeque<Line> ring = bySource.computeIfAbsent(source, s -> new ArrayDeque<>());
        if (ring.size() == perSource) {
            ring.removeFirst();
        }
        ring.addLast(new Line(++last, clock.millis(), source, text));
    }

    /** The sequence number of the latest line; 0 before any. */
    public synchronized long last() {
        return last;
    }

    /**
     * Lines after {@code after}, oldest first, at most {@code max} of them (the newest, when more are kept):
     * a reader that fell behind by more than a ring skips what the rings no longer hold.
     */
    public synchronized List<Line> after(long after, int max) {
        List<Line> found = new ArrayList<>();
        for (ArrayDeque<Line> ring : bySource.values()) {
            var it = ring.descendingIterator();
            while (it.hasNext()) {
                Line l = it.next();
                if (l.seq() <= after) {
                    break;
                }
                found.add(l);
            }
        }
        found.sort(Comparator.comparingLong(Line::seq));
        return found.size() <= max ? found : List.copyOf(found.subList(found.size() - max, found.size()));
    }
}
