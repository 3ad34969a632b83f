package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link WholeCodePointReader}: no read of more than one character ends inside an emoji. */
class WholeCodePointReaderTest {

    private static final String EMOJI = "\uD83D\uDE00";

    @Test
    @DisplayName("a window that would end on a high surrogate ends before it, and the next one starts with the pair; the"
            + " text read is the text")
    void windowsEndBetweenPairs() throws IOException {
        String text = "abc" + EMOJI + "de" + EMOJI + EMOJI + "f";
        Reader reader = new WholeCodePointReader(new StringReader(text));
        StringBuilder read = new StringBuilder();
        char[] window = new char[4];
        int n;
        while ((n = reader.read(window, 0, 4)) >= 0) {
            assertThat(n).isPositive();
            assertThat(Character.isHighSurrogate(window[n - 1])).as("window %s", new String(window, 0, n)).isFalse();
            read.append(window, 0, n);
        }
        assertThat(read.toString()).isEqualTo(text);
    }

    @Test
    @DisplayName("the first window is \"abc\", the high surrogate held back; the next starts with it")
    void heldBack() throws IOException {
        Reader reader = new WholeCodePointReader(new StringReader("abc" + EMOJI + "d"));
        char[] window = new char[4];

        assertThat(reader.read(window, 0, 4)).isEqualTo(3);
        assertThat(new String(window, 0, 3)).isEqualTo("abc");
        assertThat(reader.read(window, 0, 4)).isEqualTo(3);
        assertThat(new String(window, 0, 3)).isEqualTo(EMOJI + "d");
        assertThat(reader.read(window, 0, 4)).isEqualTo(-1);
    }

    @Test
    @DisplayName("a read that would give a high surrogate alone gives it with its pair; a read of one character gets it alone")
    void loneHighCompleted() throws IOException {
        Reader oneByOne = new Reader() {
            private final Reader in = new StringReader(EMOJI + "x");

            @Override
            public int read(char[] buffer, int offset, int length) throws IOException {
                return in.read(buffer, offset, Math.min(1, length));
            }

            @Override
            public void close() {
            }
        };
        Reader reader = new WholeCodePointReader(oneByOne);
        char[] window = new char[8];

        assertThat(reader.read(window, 2, 6)).isEqualTo(2);
        assertThat(new String(window, 2, 2)).isEqualTo(EMOJI);

        Reader single = new WholeCodePointReader(new StringReader(EMOJI));
        assertThat(single.read(window, 0, 1)).isEqualTo(1);
        assertThat(window[0]).isEqualTo('\uD83D');
        assertThat(single.read(window, 0, 1)).isEqualTo(1);
        assertThat(window[0]).isEqualTo('\uDE00');
        assertThat(single.read(window, 0, 0)).isZero();
        assertThat(single.read(window, 0, 1)).isEqualTo(-1);
    }

    @Test
    @DisplayName("a high surrogate at the very end of the text is still read, alone, after the window before it")
    void loneHighAtTheEnd() throws IOException {
        Reader reader = new WholeCodePointReader(new StringReader("ab\uD83D"));
        char[] window = new char[8];

        assertThat(reader.read(window, 0, 8)).isEqualTo(2);
        assertThat(reader.read(window, 0, 8)).isEqualTo(1);
        assertThat(window[0]).isEqualTo('\uD83D');
        assertThat(reader.read(window, 0, 8)).isEqualTo(-1);
    }

    @Test
    @DisplayName("closing the reader closes what it reads")
    void closes() throws IOException {
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        Reader in = new java.io.FilterReader(new StringReader("x")) {
            @Override
            public void close() throws IOException {
                closed.set(true);
                super.close();
            }
        };

        new WholeCodePointReader(in).close();

        assertThat(closed).isTrue();
    }
}
