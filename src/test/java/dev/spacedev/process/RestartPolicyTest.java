package dev.spacedev.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
    private final RestartPolicy policy = RestartPolicy.DEFAULT;

    @Test
    void aCrashLoopBacksOffFromOneSecondDoublingToThirty() {
        List<Long> delays = new ArrayList<>();
        Duration previous = null;
        for (int i = 0; i < 8; i++) {
            previous = policy.next(previous, Duration.ofMillis(200));
            delays.add(previous.toSeconds());
        }
        assertThat(delays).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
    }

    @Test
    void aRunLongerThanTenSecondsStartsTheBackoffAfresh() {
        assertThat(policy.next(Duration.ofSeconds(30), Duration.ofSeconds(11))).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.next(Duration.ofSeconds(30), Duration.ofSeconds(10))).as("not longer").isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.next(Duration.ofSeconds(4), Duration.ofSeconds(9))).isEqualTo(Duration.ofSeconds(8));
    }
}
