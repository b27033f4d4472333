package dev.spacedev.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DotEnvTest {
    @Test
    void parsesTheUsualForms() {
        assertThat(DotEnv.parse("# comment\nA=1\nexport B = two \nC=\"x\\ny \\\"q\\\"\"\nD='raw $x'\nE=v # note\nbad line\n=x\n"))
                .containsExactly(
                        java.util.Map.entry("A", "1"), java.util.Map.entry("B", "two"), java.util.Map.entry("C", "x\ny \"q\""),
                        java.util.Map.entry("D", "raw $x"), java.util.Map.entry("E", "v"));
    }
}
