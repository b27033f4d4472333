package dev.spacedev.spacefile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects problems while a Spacefile is read, so every one is reported, not only the first. */
final class Problems {
    private final List<Problem> list = new ArrayList<>();

    void error(Position position, String path, String message) {
        list.add(new Problem(Severity.ERROR, position, path, message));
    }

    void warning(Position position, String path, String message) {
        list.add(new Problem(Severity.WARNING, position, path, message));
    }

    boolean hasErrors() {
        return list.stream().anyMatch(Problem::isError);
    }

    /** In file order, so the output reads top to bottom. */
    List<Problem> sorted() {
        return list.stream()
                .sorted(Comparator.comparingInt((Problem p) -> p.position().line())
                        .thenComparingInt(p -> p.position().column()))
                .toList();
    }
}
