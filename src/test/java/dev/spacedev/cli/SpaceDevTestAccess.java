package dev.spacedev.cli;

/** Runs the CLI in-process from tests in other packages, with its output captured. */
public final class SpaceDevTestAccess {
    /** What a run printed: its exit code, stdout and stderr. */
    public record Result(int exitCode, String out, String err) {}

    private SpaceDevTestAccess() {}

    public static int run(String... args) {
        return CliRun.of(args).exitCode();
    }

    public static Result capture(String... args) {
        CliRun r = CliRun.of(args);
        return new Result(r.exitCode(), r.out(), r.err());
    }
}
