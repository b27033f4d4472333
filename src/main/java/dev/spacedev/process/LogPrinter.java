package dev.spacedev.process;

import java.io.PrintStream;
import java.util.Collection;
import java.util.List;

/**
 * Writes every micro's output, and space-dev's own messages, to one stream as
 * {@code name | line}, names padded to one width, each in a stable colour when the stream is a
 * terminal and {@code NO_COLOR} is unset.
 */
public final class LogPrinter {
    public static final String SELF = "space-dev";
    private static final List<String> COLOURS = List.of("36", "33", "32", "35", "34", "91", "96", "93");
    private static final String RESET = "\u001b[0m";

    private final PrintStream out;
    private final boolean colour;
    private final int width;

    public LogPrinter(PrintStream out, boolean colour, Collection<String> names) {
        this.out = out;
        this.colour = colour;
        this.width = Math.max(SELF.length(), names.stream().mapToInt(String::length).max().orElse(0));
    }

    /** Colour when stdout is a terminal (the JVM's only view of one) and NO_COLOR is not set. */
    public static boolean colourWanted() {
        String noColor = System.getenv("NO_COLOR");
        return System.console() != null && (noColor == null || noColor.isEmpty()) && !"dumb".equals(System.getenv("TERM"));
    }

    public void line(String name, String text) {
        String padded = String.format("%-" + width + "s |", name);
        String prefix = colour ? "\u001b[" + colourOf(name) + "m" + padded + RESET : padded;
        synchronized (out) {
            out.println(prefix + " " + text);
        }
    }

    public void info(String text) {
        line(SELF, text);
    }

    /** Raw text with no prefix, for the summary table. */
    public void raw(String text) {
        synchronized (out) {
            out.println(text);
        }
    }

    static String colourOf(String name) {
        return COLOURS.get(Math.floorMod(name.hashCode(), COLOURS.size()));
    }
}
