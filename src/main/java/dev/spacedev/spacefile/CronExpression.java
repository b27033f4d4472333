package dev.spacedev.spacefile;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * A 5-field cron expression (minute hour day-of-month month day-of-week) evaluated in UTC, with
 * the rules Space applied: names for months and days, {@code , - * /}, no step in day-of-week,
 * and day-of-month and day-of-week not both set.
 */
public final class CronExpression implements Interval {

    private static final List<String> MONTHS =
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
    private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");
    /** Enough to find any valid date (29 February in a leap year on a given weekday is rarest). */
    private static final int SEARCH_DAYS = 366 * 30;

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean dayOfWeekSet;

    private CronExpression(String text, Field[] fields) {
        this.text = text;
        this.minutes = fields[0].values;
        this.hours = fields[1].values;
        this.daysOfMonth = fields[2].values;
        this.months = fields[3].values;
        this.daysOfWeek = fields[4].values;
        this.dayOfWeekSet = fields[4].restricted;
    }

    private record Field(BitSet values, boolean restricted) {}

    private record Spec(String name, int min, int max, List<String> names, int nameOffset, boolean stepAllowed) {}

    private static final Spec[] SPECS = {
        new Spec("minute", 0, 59, List.of(), 0, true),
        new Spec("hour", 0, 23, List.of(), 0, true),
        new Spec("day-of-month", 1, 31, List.of(), 0, true),
        new Spec("month", 1, 12, MONTHS, 1, true),
        new Spec("day-of-week", 0, 7, DAYS, 0, false),
    };

    public static CronExpression parse(String text) throws IntervalSyntaxException {
        String[] parts = text.strip().split("\\s+");
        if (parts.length != 5) {
            throw new IntervalSyntaxException("\"" + text + "\" is neither a rate (\"5 minutes\") nor a cron expression"
                    + " with 5 fields (minute hour day-of-month month day-of-week); it has " + parts.length
                    + (parts.length == 1 ? " field" : " fields"));
        }
        Field[] fields = new Field[5];
        for (int i = 0; i < 5; i++) {
            fields[i] = parseField(text, parts[i], SPECS[i]);
        }
        if (fields[4].values.get(7)) {
            fields[4].values.set(0); // 7 is Sunday too
        }
        if (fields[2].restricted && fields[4].restricted) {
            throw new IntervalSyntaxException("\"" + text + "\" sets both day-of-month and day-of-week; set one and leave the other *");
        }
        if (!anyDayExists(fields[2].values, fields[3].values)) {
            throw new IntervalSyntaxException("\"" + text + "\" never fires: no selected month has the selected day-of-month");
        }
        return new CronExpression(text, fields);
    }

    private static boolean anyDayExists(BitSet days, BitSet months) {
        for (int m = months.nextSetBit(1); m >= 0; m = months.nextSetBit(m + 1)) {
            if (days.nextSetBit(1) <= java.time.Month.of(m).maxLength()) {
                return true;
            }
        }
        return false;
    }

    private static Field parseField(String text, String field, Spec spec) throws IntervalSyntaxException {
        BitSet values = new BitSet(spec.max + 1);
        if (field.equals("*") || field.equals("?")) {
            values.set(spec.min, spec.max + 1);
            return new Field(values, false);
        }
        for (String item : field.split(",", -1)) {
            parseItem(text, item.toLowerCase(Locale.ROOT), spec, values);
        }
        return new Field(values, true);
    }

    private static void parseItem(String text, String item, Spec spec, BitSet values) throws IntervalSyntaxException {
        String where = "in the " + spec.name + " field of \"" + text + "\"";
        if (item.isEmpty()) {
            throw new IntervalSyntaxException("has an empty list item " + where);
        }
        int step = 1;
        String range = item;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            if (!spec.stepAllowed) {
                throw new IntervalSyntaxException("uses a step \"" + item + "\" " + where + "; Space allowed no step there");
            }
            step = number(item.substring(slash + 1), 1, spec.max, "step", where);
            range = item.substring(0, slash);
        }
        int from;
        int to;
        if (range.equals("*")) {
            from = spec.min;
            to = spec.max;
        } else {
            int dash = range.indexOf('-');
            if (dash >= 0) {
                from = value(range.substring(0, dash), spec, where);
                to = value(range.substring(dash + 1), spec, where);
                if (from > to) {
                    throw new IntervalSyntaxException("has a backwards range \"" + range + "\" " + where);
                }
            } else {
                from = value(range, spec, where);
                to = slash >= 0 ? spec.max : from; // "0/15": from 0, every 15
            }
        }
        for (int v = from; v <= to; v += step) {
            values.set(v);
        }
    }

    private static int value(String token, Spec spec, String where) throws IntervalSyntaxException {
        int named = spec.names.indexOf(token);
        if (named >= 0) {
            return named + spec.nameOffset;
        }
        return number(token, spec.min, spec.max, spec.name, where);
    }

    private static int number(String token, int min, int max, String what, String where) throws IntervalSyntaxException {
        if (token.isEmpty() || !token.chars().allMatch(Character::isDigit) || token.length() > 4) {
            throw new IntervalSyntaxException("has \"" + token + "\" " + where + ", which is not a " + what);
        }
        int n = Integer.parseInt(token);
        if (n < min || n > max) {
            throw new IntervalSyntaxException("has " + what + " " + n + " " + where + ", outside " + min + "-" + max);
        }
        return n;
    }

    @Override
    public String text() {
        return text;
    }

    @Override
    public Instant nextAfter(Instant after) {
        LocalDateTime start = LocalDateTime.ofInstant(after, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        LocalDate date = start.toLocalDate();
        for (int d = 0; d < SEARCH_DAYS; d++, date = date.plusDays(1)) {
            if (!matchesDay(date)) {
                continue;
            }
            int fromMinuteOfDay = d == 0 ? start.getHour() * 60 + start.getMinute() : 0;
            for (int h = hours.nextSetBit(fromMinuteOfDay / 60); h >= 0; h = hours.nextSetBit(h + 1)) {
                int firstMinute = h == fromMinuteOfDay / 60 && d == 0 ? fromMinuteOfDay % 60 : 0;
                int m = minutes.nextSetBit(firstMinute);
                if (m >= 0) {
                    return date.atTime(h, m).toInstant(ZoneOffset.UTC);
                }
            }
        }
        throw new IllegalStateException("cron expression " + text + " never fires");
    }

    private boolean matchesDay(LocalDate date) {
        if (!months.get(date.getMonthValue())) {
            return false;
        }
        if (dayOfWeekSet) {
            return daysOfWeek.get(date.getDayOfWeek().getValue() % 7);
        }
        return daysOfMonth.get(date.getDayOfMonth());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CronExpression other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
