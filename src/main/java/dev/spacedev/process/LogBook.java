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
 * after the last line it saw. Bounded in lines and in characters: a micro that logs without pause, or in
 * long lines (up to the log pump's 16 KB each), costs at most its ring, never the heap.
 */
public final class LogBook {
    public static final int LINES_PER_SOURCE = 2_000;
    /** 2,000 lines of 250 characters; longer lines mean fewer of them. */
    public static final int CHARS_PER_SOURCE = 500_000;

    /** @param seq this line's place in the whole book; @param at milliseconds since the epoch */
    public record Line(long seq, long at, String source, String text) {}

    private final int perSource;
    private final int charsPerSource;
    private final Clock clock;
    // guarded by this
    private final Map<String, ArrayDeque<Line>> bySource = new LinkedHashMap<>();
    private final Map<String, Integer> charsBySource = new LinkedHashMap<>();
    private long last;

    public LogBook(int perSource, int charsPerSource, Clock clock) {
        if (perSource < 1 || charsPerSource < 1) {
            throw new IllegalArgumentException("a ring holds at least one line and one character");
        }
        this.perSource = perSource;
        this.charsPerSource = charsPerSource;
        this.clock = clock;
    }

    /** Keeps the line, cut to the ring's size if it alone is larger; the source's oldest lines make room. */
    public synchronized void add(String source, String text) {
        String kept = text.length() > charsPerSource ? text.substring(0, charsPerSource) : text;
        ArrayDeque<Line> ring = bySource.computeIfAbsent(source, s -> new ArrayDeque<>());
        int chars = charsBySource.getOrDefault(source, 0) + kept.length();
        ring.addLast(new Line(++last, clock.millis(), source, kept));
        while (ring.size() > perSource || chars > charsPerSource) {
            chars -= ring.removeFirst().text().length();
        }
        charsBySource.put(source, chars);
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
