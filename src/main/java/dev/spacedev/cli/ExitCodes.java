package dev.spacedev.cli;

/** The exit codes every command uses. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The input was read and is wrong (an invalid Spacefile), or the job failed. */
    public static final int FAILURE = 1;
    /** The command line itself is wrong; picocli uses the same code. */
    public static final int USAGE = 2;
    /** A bug in space-dev (sysexits' EX_SOFTWARE). */
    public static final int INTERNAL = 70;

    private ExitCodes() {}
}
