package dev.spacedev.spacefile;

import java.util.Objects;

/**
 * One finding about a Spacefile. {@code path} names the node the way the JSON output and editors
 * use it ({@code micros[1].engine}); it is empty for the document as a whole.
 */
public record Problem(Severity severity, Position position, String path, String message) {
    public Problem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code Spacefile:3:5: error: message}, the form compilers use, so editors can jump to it. */
    public String format(String fileLabel) {
        String where = position.isKnown() ? fileLabel + ":" + position.line() + ":" + position.column() : fileLabel;
        return where + ": " + severity.label() + ": " + message;
    }
}
