package dev.spacedev.process;

import java.util.ArrayDeque;
import java.util.List;

/** The last lines a micro printed, for error pages and crash reports. */
public final class OutputTail {
    private final int capacity;
    private final ArrayDeque<String> lines;

    public OutputTail(int capacity) {
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(capacity);
    }

    public synchronized void add(String line) {
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
