package dev.spacedev.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * An unknown option gets every option it is a typo of, not just the one picocli ranks first ({@code --prot} is
 * {@code --port} as much as {@code --prod}): those one or two edits away, then picocli's own guesses.
 */
final class Misspellings implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cli = ex.getCommandLine();
        PrintWriter err = cli.getErr();
        if (ex instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()
                && unmatched.getUnmatched().get(0).startsWith("--")) {
            String given = unmatched.getUnmatched().get(0).split("=", 2)[0];
            List<String> close = new ArrayList<>();
            for (String name : cli.getCommandSpec().optionsMap().keySet()) {
                if (name.startsWith("--") && distance(given, name) <= 2) {
                    close.add(name);
                }
            }
            unmatched.getSuggestions().stream().filter(s -> !close.contains(s)).forEach(close::add);
            err.println("space-dev: unknown option " + given + (close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close) + "?"));
            err.println("See: space-dev " + cli.getCommandName() + " --help");
            err.flush();
            return ExitCodes.USAGE;
        }
        err.println(ex.getMessage());
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("See: " + cli.getCommandSpec().qualifiedName() + " --help");
        err.flush();
        return ExitCodes.USAGE;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
