package dev.spacedev.spacefile;

import java.util.List;

/** A Micro's {@code presets}: owner-settable environment variables and whether app API keys are on. */
public record Presets(List<EnvPreset> env, boolean apiKeys) {
    public static final Presets NONE = new Presets(List.of(), false);

    public Presets {
        env = List.copyOf(env);
    }
}
