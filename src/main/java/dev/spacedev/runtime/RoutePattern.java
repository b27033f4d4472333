package dev.spacedev.runtime;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One {@code public_routes} entry, matched against the micro-relative path (query excluded).
 * An entry matches exactly, or with {@code *} standing for any run of characters anywhere
 * ({@code /api/*}, {@code /*.png}, {@code /api/v*}{@code /events}). Some apps wrote regular
 * expressions ({@code /(?!(admin))*}: everything but {@code /admin…}); an entry with a group is
 * read as one, its bare {@code *} meaning "any run of characters" as the apps meant.
 */
public record RoutePattern(String source, Pattern regex, boolean regexStyle) {
    public static final RoutePattern EVERYTHING = of("/*");

    public static RoutePattern of(String source) {
        boolean regexStyle = source.contains("(");
        if (regexStyle) {
            try {
                return new RoutePattern(source, Pattern.compile(regexWithWildcards(source)), true);
            } catch (PatternSyntaxException e) {
                // not a valid expression after all: read it as a plain pattern
            }
        }
        return new RoutePattern(source, Pattern.compile(glob(source)), false);
    }

    public boolean matches(String path) {
        return regex.matcher(path).matches();
    }

    private static String glob(String source) {
        StringBuilder b = new StringBuilder();
        int start = 0;
        for (int i = source.indexOf('*'); i >= 0; i = source.indexOf('*', start)) {
            b.append(Pattern.quote(source.substring(start, i))).append(".*");
            start = i + 1;
        }
        if (start < source.length()) {
            b.append(Pattern.quote(source.substring(start)));
        }
        return b.toString();
    }

    /** A bare {@code *} (not already quantifying a {@code .}) becomes {@code .*}. */
    private static String regexWithWildcards(String source) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '*' && (i == 0 || source.charAt(i - 1) != '.' && source.charAt(i - 1) != '\\')) {
                b.append(".*");
            } else {
                b.append(c);
            }
        }
        // Express and koa-router route without regard to letter case: an exclusion ("everything but /admin")
        // must exclude /Admin and /ADMIN too, while what the entry makes public keeps its exact spelling
        return b.toString().replace("(?!", "(?!(?i)").replace("(?<!", "(?<!(?i)");
    }
}
