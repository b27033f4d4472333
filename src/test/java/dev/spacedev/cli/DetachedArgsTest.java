package dev.spacedev.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DetachedArgsTest {
    @Test
    void theBackgroundRunGetsEverythingButTheOptionsThatDetach() {
        assertThat(DetachedArgs.without(List.of("up", "-d", "--dir", "app", "--wait-timeout", "2m", "--port", "4300", "api")))
                .containsExactly("--dir", "app", "--port", "4300", "api");
        assertThat(DetachedArgs.without(List.of("--detach", "--wait-timeout=30s", "--prod"))).containsExactly("--prod");
        assertThat(DetachedArgs.without(List.of("--no-auth", "up"))).as("a micro named up stays").containsExactly("--no-auth", "up");
    }
}
