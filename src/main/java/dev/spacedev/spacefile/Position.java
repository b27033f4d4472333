package dev.spacedev.spacefile;

/** A 1-based line and column in the Spacefile; {@link #NONE} where the problem is the file itself. */
public record Position(int line, int column) {
    public static final Position NONE = new Position(0, 0);

    public boolean isKnown() {
        return line > 0;
    }
}
