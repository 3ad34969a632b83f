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

    @Test
    @DisplayName("a place at the end of a file ending in a lone CR is on the line after it")
    void endAfterLoneCr() {
        byte[] bytes = "a: 1\r".getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8Bytes.placeOf(bytes, bytes.length)).isEqualTo(new Utf8Bytes.Place(2, 1));
    }

    @Test
    @DisplayName("a file that is a byte order mark alone has one, and its text starts after it")
    void byteOrderMarkAlone() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        assertThat(Utf8Bytes.hasByteOrderMark(bom)).isTrue();
        assertThat(Utf8Bytes.textStart(bom)).isEqualTo(3);
        assertThat(Utf8Bytes.hasByteOrderMark(new byte[] {(byte) 0xEF, (byte) 0xBB})).isFalse();
    }

    @Test
    @DisplayName("a bad byte after ASCII alone (a byte order mark aside) is named as Windows-1252 reads it when printable;"
            + " after UTF-8, or a control, a space or no character there, it is not")
    void windows1252() {
        byte[] ansi = {'c', 'a', 'f', (byte) 0xE9};
        assertThat(Utf8Bytes.windows1252(ansi, 3)).hasValue("\u00e9");
        byte[] withBom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'x', (byte) 0x80};
        assertThat(Utf8Bytes.windows1252(withBom, 4)).hasValue("\u20ac");
        byte[] utf8Before = {(byte) 0xC3, (byte) 0xA9, ' ', (byte) 0xE9};
        assertThat(Utf8Bytes.windows1252(utf8Before, 3)).isEmpty();
        assertThat(Utf8Bytes.windows1252(new byte[] {'a', (byte) 0x81}, 1)).as("no character in Windows-1252").isEmpty();
        assertThat(Utf8Bytes.windows1252(new byte[] {'a', (byte) 0xA0}, 1)).as("a no-break space").isEmpty();
        assertThat(Utf8Bytes.windows1252(new byte[] {'a', (byte) 0x85}, 1)).hasValue("\u2026");
        assertThat(Utf8Bytes.windows1252(new byte[] {'a', 0x07}, 1)).as("a control").isEmpty();
    }
}
