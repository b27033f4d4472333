package dev.spacedev.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestartPolicyLoopTest {
    private static Instant at(int seconds) {
        return Instant.parse("2026-01-01T00:00:00Z").plusSeconds(seconds);
    }

    @Test
    void fiveExitsWithinAMinuteIsACrashLoop() {
        RestartPolicy p = RestartPolicy.DEFAULT;
        assertThat(p.givesUp(List.of(at(0), at(1), at(3), at(7)))).as("four").isFalse();
        assertThat(p.givesUp(List.of(at(0), at(1), at(3), at(7), at(15)))).isTrue();
        assertThat(p.givesUp(List.of(at(0), at(1), at(3), at(7), at(60)))).as("the minute, exactly").isTrue();
        assertThat(p.givesUp(List.of(at(0), at(1), at(3), at(7), at(61)))).as("spread over more than a minute").isFalse();
        assertThat(p.givesUp(List.of(at(0), at(100), at(101), at(103), at(107), at(115)))).as("only the last five count").isTrue();
    }
}
