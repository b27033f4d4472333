package dev.spacedev.spacefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IntervalTest {
    @ParameterizedTest
    @CsvSource({"1 minute,PT1M", "5 minutes,PT5M", "1 hour,PT1H", "12 hours,PT12H", "1 day,PT24H", "3 days,PT72H"})
    void ratesWithSingularAndPlural(String text, String period) throws Exception {
        assertThat(((Rate) Interval.parse(text)).period()).isEqualTo(Duration.parse(period));
    }

    @Test
    void rateNumberAgreesWithItsUnit() {
        assertThatThrownBy(() -> Interval.parse("1 hours")).hasMessage("\"1 hours\" takes the singular: \"1 hour\"");
        assertThatThrownBy(() -> Interval.parse("2 day")).hasMessage("\"2 day\" takes the plural: \"2 days\"");
        assertThatThrownBy(() -> Interval.parse("0 minutes")).hasMessage("\"0 minutes\" must be at least 1 minute");
    }

    @Test
    void rateUnitsAreMinutesHoursDays() {
        assertThatThrownBy(() -> Interval.parse("2 weeks")).hasMessage("\"2 weeks\" has an unknown unit \"weeks\": use minute(s), hour(s) or day(s)");
        assertThatThrownBy(() -> Interval.parse("5 mins")).hasMessage("\"5 mins\" has an unknown unit \"mins\": use minute(s), hour(s) or day(s)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0 * * * *", "0 */8 * * *", "0 00 * * *", "0/15 * * * *", "0 0 */1 * *", "30 9 * * mon-fri",
        "0 12 * jan,jul *", "*/5 1-5,20 * * *", "0 0 1 * *", "0 0 * * 0", "0 0 * * 7", "0 0 ? * SUN", "15 4 29 feb *"})
    void cronExpressionsSpaceAccepted(String text) throws Exception {
        assertThat(Interval.parse(text)).isInstanceOf(CronExpression.class).extracting(Interval::text).isEqualTo(text);
    }

    @Test
    void cronRejections() {
        assertThatThrownBy(() -> Interval.parse("* * * *")).hasMessageContaining("it has 4 fields");
        assertThatThrownBy(() -> Interval.parse("60 * * * *")).hasMessage("has minute 60 in the minute field of \"60 * * * *\", outside 0-59");
        assertThatThrownBy(() -> Interval.parse("0 0 * 13 *")).hasMessage("has month 13 in the month field of \"0 0 * 13 *\", outside 1-12");
        assertThatThrownBy(() -> Interval.parse("0 0 * * 1/2"))
                .hasMessage("uses a step \"1/2\" in the day-of-week field of \"0 0 * * 1/2\"; Space allowed no step there");
        assertThatThrownBy(() -> Interval.parse("0 0 1 * mon"))
                .hasMessage("\"0 0 1 * mon\" sets both day-of-month and day-of-week; set one and leave the other *");
        assertThatThrownBy(() -> Interval.parse("0 5-1 * * *")).hasMessage("has a backwards range \"5-1\" in the hour field of \"0 5-1 * * *\"");
        assertThatThrownBy(() -> Interval.parse("0 0 30 feb *")).hasMessage("\"0 0 30 feb *\" never fires: no selected month has the selected day-of-month");
        assertThatThrownBy(() -> Interval.parse("0 0 * * funday")).hasMessage("has \"funday\" in the day-of-week field of \"0 0 * * funday\", which is not a day-of-week");
        assertThatThrownBy(() -> Interval.parse("1,,2 * * * *")).hasMessage("has an empty list item in the minute field of \"1,,2 * * * *\"");
        assertThatThrownBy(() -> Interval.parse("")).hasMessageStartingWith("is empty");
    }

    @Test
    void cronNextFireInUtc() throws Exception {
        Instant t = Instant.parse("2024-03-15T10:07:30Z"); // a Friday
        assertThat(Interval.parse("0 * * * *").nextAfter(t)).isEqualTo(Instant.parse("2024-03-15T11:00:00Z"));
        assertThat(Interval.parse("*/15 * * * *").nextAfter(t)).isEqualTo(Instant.parse("2024-03-15T10:15:00Z"));
        assertThat(Interval.parse("30 9 * * mon").nextAfter(t)).isEqualTo(Instant.parse("2024-03-18T09:30:00Z"));
        assertThat(Interval.parse("0 0 1 * *").nextAfter(t)).isEqualTo(Instant.parse("2024-04-01T00:00:00Z"));
        assertThat(Interval.parse("0 0 29 feb *").nextAfter(t)).isEqualTo(Instant.parse("2028-02-29T00:00:00Z"));
        assertThat(Interval.parse("0 0 * * 7").nextAfter(t)).isEqualTo(Instant.parse("2024-03-17T00:00:00Z"));
        assertThat(Interval.parse("8 10 * * *").nextAfter(t)).isEqualTo(Instant.parse("2024-03-15T10:08:00Z"));
        assertThat(Interval.parse("7 10 * * *").nextAfter(t)).isEqualTo(Instant.parse("2024-03-16T10:07:00Z"));
    }

    @Test
    void ratesAreAlignedToTheClock() throws Exception {
        Instant t = Instant.parse("2024-03-15T10:07:30Z");
        assertThat(Interval.parse("5 minutes").nextAfter(t)).isEqualTo(Instant.parse("2024-03-15T10:10:00Z"));
        assertThat(Interval.parse("1 hour").nextAfter(t)).isEqualTo(Instant.parse("2024-03-15T11:00:00Z"));
        assertThat(Interval.parse("1 day").nextAfter(t)).isEqualTo(Instant.parse("2024-03-16T00:00:00Z"));
    }
}
