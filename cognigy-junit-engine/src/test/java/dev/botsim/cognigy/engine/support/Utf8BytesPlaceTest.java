package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link Utf8Bytes#placeOf}: where a byte stands as an editor shows it, for the data files, approval files and cassettes
 * whose bytes are no UTF-8.
 */
class Utf8BytesPlaceTest {

    /** The place of the 0xFC byte inserted at {@code marker} in {@code text}. */
    private static Utf8Bytes.Place placeOfBadByte(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[utf8.length];
        int at = -1;
        for (int i = 0; i < utf8.length; i++) {
            bytes[i] = utf8[i];
            if (utf8[i] == '#' && at < 0) {
                bytes[i] = (byte) 0xFC;
                at = i;
            }
        }
        return Utf8Bytes.placeOf(bytes, at);
    }

    @Test
    @DisplayName("lines end at LF, CR LF and a lone CR alike, as the parsers and editors end them; a CR is no column")
    void lineEnds() {
        assertThat(placeOfBadByte("a: 1\nb: 2\nc: #")).isEqualTo(new Utf8Bytes.Place(3, 4));
        assertThat(placeOfBadByte("a: 1\r\nb: 2\r\nc: #")).isEqualTo(new Utf8Bytes.Place(3, 4));
        assertThat(placeOfBadByte("a: 1\rb: 2\rc: #")).isEqualTo(new Utf8Bytes.Place(3, 4));
        assertThat(placeOfBadByte("a: 1\r\rc: #")).isEqualTo(new Utf8Bytes.Place(3, 4));
    }

    @Test
    @DisplayName("a character of several bytes is one column, and the byte order mark none")
    void columnsAreCharacters() {
        assertThat(placeOfBadByte("\uFEFFsaid: grüß #")).isEqualTo(new Utf8Bytes.Place(1, 12));
    }
}
