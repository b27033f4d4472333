package dev.spacedev.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MisspellingsTest {
    @Test
    void aTypoOfTwoOptionsNamesBoth() {
        CliRun r = CliRun.of("up", "--prot", "4300");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("space-dev: unknown option --prot; did you mean --port or --prod?").contains("space-dev up --help");
    }

    @Test
    void editDistance() {
        assertThat(Misspellings.distance("--prot", "--port")).isEqualTo(2);
        assertThat(Misspellings.distance("--prot", "--prod")).isEqualTo(1);
        assertThat(Misspellings.distance("--dir", "--dir")).isZero();
        assertThat(Misspellings.distance("", "abc")).isEqualTo(3);
    }
}
