package dev.spacedev.spacefile;

import java.util.Locale;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/** Turns snakeyaml's syntax errors into one line a person can act on. */
final class YamlErrors {
    private YamlErrors() {}

    static String describe(MarkedYamlEngineException e) {
        String problem = e.getProblem() == null ? "" : e.getProblem();
        String lower = problem.toLowerCase(Locale.ROOT);
        if (lower.contains("\\t") || lower.contains("tab")) {
            return "a tab character: YAML indents with spaces only";
        }
        if (lower.contains("mapping values are not allowed")) {
            return "not valid YAML: a \"key: value\" where none may stand; check this line's indentation, or quote a value"
                    + " that contains \": \"";
        }
        if (lower.contains("expected <block end>")) {
            return "not valid YAML: this line's indentation does not match the lines before it";
        }
        if (lower.contains("found duplicate anchor") || lower.contains("found undefined alias")) {
            return "not valid YAML: " + problem;
        }
        String context = e.getContext() == null ? "" : " " + e.getContext();
        return "not valid YAML: " + problem + context;
    }
}
