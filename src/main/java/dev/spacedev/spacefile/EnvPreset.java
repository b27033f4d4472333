package dev.spacedev.spacefile;

import java.util.Objects;
import java.util.Optional;

/** An environment variable the app's owner may set ({@code presets.env[]}). */
public record EnvPreset(String name, Optional<String> description, Optional<String> defaultValue) {
    public EnvPreset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(defaultValue, "defaultValue");
    }
}
