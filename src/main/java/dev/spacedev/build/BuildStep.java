package dev.spacedev.build;

import java.nio.file.Path;

/** One command of a build: what it is shown as, and where it runs. */
record BuildStep(String command, Path dir) {}
