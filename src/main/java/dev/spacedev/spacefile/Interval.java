package dev.spacedev.spacefile;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An action's {@code default_interval}: a rate such as {@code 5 minutes}, or a 5-field cron
 * expression evaluated in UTC.
 */
public sealed interface Interval permits Rate, CronExpression {

    /** The source text, as written in the Spacefile. */
    String text();

    /** The first time strictly after {@code after} at which the action fires. */
    Instant nextAfter(Instant after);

    Pattern RATE = Pattern.compile("(\\d+)\\s+([a-z]+)");

    static Interval parse(String text) throws IntervalSyntaxException {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new IntervalSyntaxException("is empty; use a rate such as \"5 minutes\" or a cron expression such as \"0 * * * *\"");
        }
        Matcher rate = RATE.matcher(trimmed);
        if (rate.matches()) {
            return Rate.parse(trimmed, rate.group(1), rate.group(2));
        }
        if (trimmed.split("\\s+").length == 2 && Character.isDigit(trimmed.charAt(0))) {
            // "5 mins", "2 weeks": a rate with a unit Space did not know
            throw new IntervalSyntaxException("\"" + trimmed + "\" is not a rate Space understood: the unit must be minute(s), hour(s) or day(s)");
        }
        return CronExpression.parse(trimmed);
    }
}
