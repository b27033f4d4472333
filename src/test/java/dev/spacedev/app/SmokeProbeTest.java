package dev.spacedev.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmokeProbeTest {
    @Test
    void whatAProbeReportsInsteadOfAStatus() {
        assertThat(SmokeProbe.spoken(SmokeProbe.TIMED_OUT)).isEqualTo("timed out after 30 s");
        assertThat(SmokeProbe.spoken(-1)).isEqualTo("no answer (the connection failed)");
        assertThat(SmokeProbe.spoken(404)).isEqualTo("404");
        assertThat(SmokeProbe.isExpectation("GET /api/health 200")).isTrue();
        assertThat(SmokeProbe.isExpectation("fetch the page")).isFalse();
    }
}
