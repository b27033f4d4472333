package dev.spacedev.spacefile;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

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
        ChronoUnit unit = unit(singular).orElseThrow(() -> new IntervalSyntaxException(
                "\"" + text + "\" has an unknown unit \"" + unitText + "\": use minute(s), hour(s) or day(s)"));
        boolean plural = unitText.endsWith("s");
        if (amount == 1 && plural) {
            throw new IntervalSyntaxException("\"" + text + "\" takes the singular: \"1 " + singular + "\"");
        }
        if (amount > 1 && !plural) {
            throw new IntervalSyntaxException("\"" + text + "\" takes the plural: \"" + amount + " " + singular + "s\"");
        }
        return new Rate(text, amount, unit);
    }

    private static final java.util.regex.Pattern ANY_CASE = java.util.regex.Pattern.compile("(\\d{1,9})\\s*(minute|hour|day)s?",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /**
     * A rate read loosely, for a form Space's docs did not use but a live app kept ("15 minute", "1 Hours"):
     * any case, either number, at least 1.
     */
    static Optional<Rate> lenient(String text) {
        java.util.regex.Matcher m = ANY_CASE.matcher(text.strip());
        if (!m.matches() || Integer.parseInt(m.group(1)) < 1) {
            return Optional.empty();
        }
        return unit(m.group(2).toLowerCase(java.util.Locale.ROOT)).map(unit -> new Rate(text, Integer.parseInt(m.group(1)), unit));
    }

    /** Space's three units, by their singular. */
    private static Optional<ChronoUnit> unit(String singular) {
        return switch (singular) {
            case "minute" -> Optional.of(ChronoUnit.MINUTES);
            case "hour" -> Optional.of(ChronoUnit.HOURS);
            case "day" -> Optional.of(ChronoUnit.DAYS);
            default -> Optional.empty();
        };
    }

    /** "15 minutes", "1 hour": the rate in Space's own spelling. */
    public String canonical() {
        String singular = unit.toString().toLowerCase(java.util.Locale.ROOT).replaceAll("s$", "");
        return amount + " " + singular + (amount == 1 ? "" : "s");
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
