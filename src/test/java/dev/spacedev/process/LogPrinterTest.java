package dev.spacedev.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How a line reads where it is printed. */
class LogPrinterTest {
    @Test
    void withoutColourAMicrosOwnEscapeCodesAreTakenOut() {
        assertThat(LogPrinter.format("api", "\u001b[31merror\u001b[0m: \u001b[2Kdone", 9, false)).isEqualTo("api       | error: done");
        assertThat(LogPrinter.format("api", "\u001b[31mred\u001b[0m", 3, true)).contains("\u001b[31mred\u001b[0m");
    }

    @Test
    void noMicroWearsSpaceDevsColour() {
        String self = LogPrinter.colourOf(LogPrinter.SELF);
        for (String name : List.of("api", "web", "worker", "clock", "app", "node", "backend", "frontend", "db", "docs", "a", "b", "c", "d")) {
            assertThat(LogPrinter.colourOf(name)).as(name).isNotEqualTo(self);
        }
    }
}
