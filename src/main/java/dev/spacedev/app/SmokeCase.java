package dev.spacedev.app;

import java.time.Duration;
import java.util.List;

/**
 * One case of {@code space-dev test}: a micro's probe, or an {@code --expect}.
 *
 * @param verdict passed, failed, or (a micro's probe only) reachable: it answered, with a 4xx, at its root, so it
 *        runs but that is no proof it works; only an {@code --expect} row asserts what a path must answer
 */
public record SmokeCase(String kind, String name, Verdict verdict, String detail, Duration took, List<String> output) {
    public enum Verdict { PASSED, REACHABLE, FAILED }

    public static SmokeCase pass(String kind, String name, String detail, Duration took) {
        return new SmokeCase(kind, name, Verdict.PASSED, detail, took, List.of());
    }

    public static SmokeCase reachable(String kind, String name, String detail, Duration took) {
        return new SmokeCase(kind, name, Verdict.REACHABLE, detail, took, List.of());
    }

    public static SmokeCase fail(String kind, String name, String detail, Duration took, List<String> output) {
        return new SmokeCase(kind, name, Verdict.FAILED, detail, took, List.copyOf(output));
    }

    /** Not a failure: passed, or reachable. */
    public boolean passed() {
        return verdict != Verdict.FAILED;
    }
}
