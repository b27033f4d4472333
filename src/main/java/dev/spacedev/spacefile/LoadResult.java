package dev.spacedev.spacefile;

import java.util.List;
import java.util.Optional;

/** What reading a Spacefile gave: the validated file when there were no errors, and every problem found. */
public record LoadResult(Optional<Spacefile> spacefile, List<Problem> problems) {
    public LoadResult {
        problems = List.copyOf(problems);
    }

    public boolean isValid() {
        return spacefile.isPresent();
    }

    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    public List<Problem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }
}
