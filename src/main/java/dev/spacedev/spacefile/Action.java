package dev.spacedev.spacefile;

import java.util.Objects;
import java.util.Optional;

/** A scheduled action a Micro handles at {@code POST /__space/v0/actions}. */
public record Action(
        String id,
        String name,
        Optional<String> description,
        String trigger,
        Interval defaultInterval,
        Optional<String> path) {

    public static final String SCHEDULE = "schedule";

    public Action {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(defaultInterval, "defaultInterval");
        Objects.requireNonNull(path, "path");
    }
}
