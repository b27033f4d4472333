package dev.spacedev.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import org.junit.jupiter.api.Test;

class LogBookTest {
    private final LogBook book = new LogBook(3, 1000, Clock.systemUTC());

    @Test
    void eachSourceKeepsItsLastLinesAndANoisyOneCannotPushOutTheOthers() {
        book.add("api", "a1");
        for (int i = 1; i <= 10; i++) {
            book.add("noisy", "n" + i);
        }
        book.add("api", "a2");

        assertThat(book.after(0, 100)).extracting(LogBook.Line::text).containsExactly("a1", "n8", "n9", "n10", "a2");
        assertThat(book.last()).isEqualTo(12);
    }

    @Test
    void aReaderGetsWhatCameAfterItsLastLineInOrderAndAtMostTheNewestMax() {
        book.add("a", "1");
        book.add("b", "2");
        book.add("a", "3");
        book.add("b", "4");

        assertThat(book.after(2, 100)).extracting(LogBook.Line::seq).containsExactly(3L, 4L);
        assertThat(book.after(0, 2)).extracting(LogBook.Line::text).containsExactly("3", "4");
        assertThat(book.after(4, 100)).isEmpty();
    }

    @Test
    void longLinesCostCharactersNotJustLines() {
        LogBook small = new LogBook(100, 10, Clock.systemUTC());
        small.add("api", "12345");
        small.add("api", "6789");
        small.add("api", "abc"); // 12 characters: the oldest goes
        small.add("web", "0123456789abcdef"); // alone larger than a ring: cut to it

        assertThat(small.after(0, 100)).extracting(LogBook.Line::text).containsExactly("6789", "abc", "0123456789");
    }

    @Test
    void aRingHoldsAtLeastOneLineAndOneCharacter() {
        assertThatThrownBy(() -> new LogBook(0, 10, Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LogBook(10, 0, Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class);
    }
}
