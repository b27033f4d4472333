package dev.spacedev.spacefile;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A fixed rate such as {@code 1 hour} or {@code 30 minutes}. */
public record Rate(String text, int amount, ChronoUnit unit) implements Interval {

    static Rate parse(String text, String amountText, String unitText) throws IntervalSyntaxException {
        int amount;
        try {
            amount = Integer.parseInt(amountText);
        } catch (NumberFormatException e) {
            throw new IntervalSyntaxException("\"" + text + "\" has an amount too large to schedule");
        }
        if (amount < 1) {
            throw new IntervalSyntaxException("\"" + text + "\" must be at least 1 " + unitText.replaceAll("s$", ""));
        }
        String singular = unitText.endsWith("s") ? unitText.substring(0, unitText.length() - 1) : unitText;
        ChronoUnit unit = switch (singular) {
            case "minute" -> ChronoUnit.MINUTES;
            case "hour" -> ChronoUnit.HOURS;
            case "day" -> ChronoUnit.DAYS;
            default -> throw new IntervalSyntaxException(
                    "\"" + text + "\" has an unknown unit \"" + unitText + "\": use minute(s), hour(s) or day(s)");
        };
        boolean plural = unitText.endsWith("s");
        if (amount == 1 && plural) {
            throw new IntervalSyntaxException("\"" + text + "\" takes the singular: \"1 " + singular + "\"");
        }
        if (amount > 1 && !plural) {
            throw new IntervalSyntaxException("\"" + text + "\" takes the plural: \"" + amount + " " + singular + "s\"");
        }
        return new Rate(text, amount, unit);
    }

    public Duration period() {
        return unit.getDuration().multipliedBy(amount);
    }

    /**
     * Rates are aligned to the epoch in UTC (a 5-minute rate fires at :00, :05, …), so a restart
     * does not shift the schedule.
     */
    @Override
    public Instant nextAfter(Instant after) {
        long periodSeconds = period().getSeconds();
        long next = Math.floorDiv(after.getEpochSecond(), periodSeconds) * periodSeconds + periodSeconds;
        return Instant.ofEpochSecond(next);
    }
}
