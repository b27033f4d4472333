package dev.spacedev.runtime;

import dev.spacedev.spacefile.ProjectFile;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A project's {@code .env}: {@code NAME=value} lines, {@code #} comments, an optional
 * {@code export }, and single- or double-quoted values (double quotes understand \n, \" and \\).
 */
public final class DotEnv {
    private DotEnv() {}

    public static Map<String, String> read(Path file) throws IOException {
        try {
            return parse(ProjectFile.readValues(file));
        } catch (NoSuchFileException e) {
            return Map.of();
        }
    }

    public static Map<String, String> parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            values.put(line.substring(0, eq).strip(), value(line.substring(eq + 1).strip()));
        }
        return values;
    }

    private static String value(String v) {
        if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
            return v.substring(1, v.length() - 1);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
        }
        int comment = v.indexOf(" #");
        return comment >= 0 ? v.substring(0, comment).strip() : v;
    }
}
