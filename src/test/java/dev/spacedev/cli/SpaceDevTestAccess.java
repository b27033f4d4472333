package dev.spacedev.cli;

/** Runs the CLI in-process from tests in other packages; output is captured and dropped. */
public final class SpaceDevTestAccess {
    private SpaceDevTestAccess() {}

    public static int run(String... args) {
        return CliRun.of(args).exitCode();
    }
}
