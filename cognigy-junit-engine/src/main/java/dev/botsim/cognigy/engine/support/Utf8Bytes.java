package dev.botsim.cognigy.engine.support;

import java.nio.charset.Charset;
import java.util.Optional;

/**
 * Where a byte that is no UTF-8 stands in a file, as an editor shows it, and what it is when the file looks saved in
 * Windows-1252: shared by every reader of a file a person edits (data files, approval files, cassettes), so each names
 * the same line and column. A UTF-8 byte order mark at the start (an editor's "UTF-8 with BOM", Excel's "CSV UTF-8") is
 * no part of the text: an editor does not show it, so it takes no column and is no sign of another encoding.
 */
public final class Utf8Bytes {

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private Utf8Bytes() {
    }

    /** A line and column, both from 1, the column in characters. */
    public record Place(int line, int column) {
    }

    /** Whether {@code bytes} start with a UTF-8 byte order mark (EF BB BF). */
    public static boolean hasByteOrderMark(byte[] bytes) {
        return bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF;
    }

    /** How many bytes of a byte order mark {@code bytes} start with: 3 or 0. */
    public static int textStart(byte[] bytes) {
        return hasByteOrderMark(bytes) ? 3 : 0;
    }

    /**
     * The line and column of the byte at {@code offset}, counting the characters of the valid UTF-8 before it (a
     * continuation byte is no column of its own), the byte order mark not at all. Lines end as the JSON and YAML parsers
     * and editors end them: at LF, CR LF or a lone CR (a file saved with classic Mac line ends).
     */
    public static Place placeOf(byte[] bytes, int offset) {
        int line = 1;
        int column = 1;
        for (int i = textStart(bytes); i < offset && i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '\n' || (b == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n'))) {
                line++;
                column = 1;
            } else if (b != '\r' && (b & 0xC0) != 0x80) {
                column++;
            }
        }
        return new Place(line, column);
    }

    /**
     * What the byte at {@code offset} is in Windows-1252 ("ANSI", what older Notepad and Excel's "CSV (Comma delimited)"
     * save), when every byte of the text before it is ASCII and it is a printable character there; empty otherwise: a file
     * with UTF-8 before the bad byte is UTF-8 with a broken part.
     */
    public static Optional<String> windows1252(byte[] bytes, int offset) {
        for (int i = textStart(bytes); i < offset; i++) {
            if (bytes[i] < 0) return Optional.empty();
        }
        String shown = new String(bytes, offset, 1, WINDOWS_1252);
        int cp = shown.codePointAt(0);
        if (cp == 0xFFFD || Character.isISOControl(cp) || Character.isSpaceChar(cp)) return Optional.empty();
        return Optional.of(shown);
    }
}
