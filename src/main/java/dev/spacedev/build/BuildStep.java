package dev.spacedev.build;

import java.nio.file.Path;
import java.util.Optional;

/** One command of a build: what it is shown as, where it runs, and what to tell the user if it fails. */
record BuildStep(String command, Path dir, Optional<String> ifFails) {
    BuildStep(String command, Path dir) {
        this(command, dir, Optional.empty());
    }
}
