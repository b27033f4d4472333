package dev.spacedev.process;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes every micro's output, and space-dev's own messages, to one stream as
 * {@code name | line}, names padded to one width, each in a stable colour when the stream is a
 * terminal and {@code NO_COLOR} is unset. Lines go through a bounded queue to one writer thread:
 * a stream nobody reads (a pipe whose reader stopped) blocks only that thread, never a micro's
 * log pump or the shutdown; lines beyond the queue are counted and the count printed once the
 * stream moves again.
 */
public final class LogPrinter {
    static final int MAX_QUEUED = 10_000;
    public static final String SELF = "space-dev";
    private static final List<String> COLOURS = List.of("36", "33", "32", "35", "34", "91", "96", "93");
    private static final String RESET = "\u001b[0m";

    private final PrintWriter out;
    private final boolean colour;
    private final int width;
    private final LogBook book = new LogBook(LogBook.LINES_PER_SOURCE, LogBook.CHARS_PER_SOURCE,
            java.time.Clock.systemUTC());
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(MAX_QUEUED);
    private final AtomicLong dropped = new AtomicLong();
    private final Object progress = new Object();
    private long queued;
    private long written;

    public LogPrinter(PrintWriter out, boolean colour, Collection<String> names) {
        this.out = out;
        this.colour = colour;
        this.width = Math.max(SELF.length(), names.stream().mapToInt(String::length).max().orElse(0));
        Thread writer = new Thread(this::writeLoop, "space-dev-log");
        writer.setDaemon(true); // blocked on a stream nobody reads, it must not keep the JVM alive
        writer.start();
    }

    /** Colour when stdout is a terminal (the JVM's only view of one) and NO_COLOR is not set. */
    public static boolean colourWanted() {
        String noColor = System.getenv("NO_COLOR");
        return System.console() != null && (noColor == null || noColor.isEmpty()) && !"dumb".equals(System.getenv("TERM"));
    }

    public void line(String name, String text) {
        book.add(name, text);
        enqueue(format(name, text, width, colour));
    }

    /**
     * A line as {@code up} prints it: {@code name | text}, the name padded to {@code width}, coloured if asked; without
     * colour, the micro's own colour codes are taken out too (a file or a pipe gets plain text).
     */
    public static String format(String name, String text, int width, boolean colour) {
        String padded = String.format("%-" + width + "s |", name);
        return colour ? "\u001b[" + colourOf(name) + "m" + padded + RESET + " " + text : padded + " " + ANSI.matcher(text).replaceAll("");
    }

    /** Terminal escape sequences: colours, cursor moves, erasing. */
    private static final java.util.regex.Pattern ANSI = java.util.regex.Pattern.compile("\u001b\\[[0-9;?]*[A-Za-z]|\u001b\\][^\u0007]*\u0007");

    /** Every source's recent lines, for the dashboard. */
    public LogBook book() {
        return book;
    }

    public void info(String text) {
        line(SELF, text);
    }

    /** Raw text with no prefix, for the summary table. */
    public void raw(String text) {
        enqueue(text);
    }

    /**
     * Waits until every line so far is written, at most {@code limit}: before output that must
     * come after them, and at exit. Returns false if the stream did not take them in time.
     */
    public boolean drain(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (progress) {
            long target = queued;
            while (written < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    progress.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private void enqueue(String line) {
        synchronized (progress) {
            if (queue.offer(line)) {
                queued++;
            } else {
                dropped.incrementAndGet();
            }
        }
    }

    private void writeLoop() {
        List<String> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, 255);
            batch.forEach(out::println);
            long lost = dropped.getAndSet(0);
            if (lost > 0) {
                out.println(String.format("%-" + width + "s |", SELF) + " (" + lost + " lines of output were dropped: nothing read them)");
            }
            out.flush();
            synchronized (progress) {
                written += batch.size();
                progress.notifyAll();
            }
            batch.clear();
        }
    }

    /** A stable colour per name; no micro gets space-dev's own (the dashboard picks the same way). */
    static String colourOf(String name) {
        int self = Math.floorMod(SELF.hashCode(), COLOURS.size());
        int i = Math.floorMod(name.hashCode(), COLOURS.size());
        return COLOURS.get(!name.equals(SELF) && i == self ? (i + 1) % COLOURS.size() : i);
    }
}
