package dev.spacedev.spacefile;

/** Why a {@code default_interval} does not parse; the message completes "default_interval …". */
public final class IntervalSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    public IntervalSyntaxException(String message) {
        super(message);
    }
}
