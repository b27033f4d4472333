package dev.spacedev.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spacedev.testing.ManualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Finding 16: live sessions are capped, oldest first, and sign-in attempts come in a bounded burst. */
class SignInLimitsTest {
    @Test
    void atMostAHundredSessionsLiveAndTheOldestGiveWay() throws Exception {
        ManualTime time = new ManualTime(Instant.parse("2026-12-05T12:00:00Z"));
        OwnerSessions sessions = OwnerSessions.inMemory(0, time);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < OwnerSessions.MAX_SESSIONS + 5; i++) {
            ids.add(sessions.create());
            time.advance(Duration.ofSeconds(1)); // each a second younger than the one before
        }
        assertThat(ids.subList(0, 5)).noneMatch(sessions::isValid);
        assertThat(ids.subList(5, ids.size())).allMatch(sessions::isValid);
    }

    @Test
    void attemptsComeInABurstThenAtTheRefillRate() {
        SignInAttempts attempts = new SignInAttempts(20, Duration.ofHours(1));
        int granted = 0;
        for (int i = 0; i < 50; i++) {
            granted += attempts.tryTake() ? 1 : 0;
        }
        assertThat(granted).isEqualTo(20);
    }
}
