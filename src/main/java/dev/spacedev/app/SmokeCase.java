package dev.spacedev.app;

import java.time.Duration;
import java.util.List;

/** One case of {@code space-dev test}: a micro's probe, or an {@code --expect}. */
public record SmokeCase(String kind, String name, boolean passed, String detail, Duration took, List<String> output) {
    public static SmokeCase pass(String kind, String name, String detail, Duration took) {
        return new SmokeCase(kind, name, true, detail, took, List.of());
    }

    public static SmokeCase fail(String kind, String name, String detail, Duration took, List<String> output) {
        return new SmokeCase(kind, name, false, detail, took, List.copyOf(output));
    }
}
