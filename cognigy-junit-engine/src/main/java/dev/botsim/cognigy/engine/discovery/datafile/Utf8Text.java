package dev.botsim.cognigy.engine.discovery.datafile;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import dev.botsim.cognigy.engine.support.Utf8Bytes;

/**
 * Turns the file's bytes into text, refusing anything but plain UTF-8. The parsers would otherwise
 * guess: Jackson sniffs UTF-16 and the JDK's default decoder silently replaces bad bytes with
 * U+FFFD, so a corrupted utterance would be sent to the bot instead of being reported. A UTF-8 byte
 * order mark at the start is no part of the text: YAML allows one there, JSON lets a reader ignore it,
 * and Excel's "CSV UTF-8" and many Windows editors always write one.
 */
final class Utf8Text {

    private Utf8Text() {
    }

    /** The text, or {@code null} after reporting why the bytes are not plain UTF-8. */
    static String decode(byte[] bytes, Problems problems) {
        if (startsWith(bytes, 0xFE, 0xFF) || startsWith(bytes, 0xFF, 0xFE)) {
            problems.add(Loc.START, "the file starts with a UTF-16 byte order mark (byte offset 0) — save it as UTF-8"
                    + " (Excel's 'Unicode Text' writes UTF-16: choose 'CSV UTF-8 (Comma delimited)')");
            return null;
        }
        int start = Utf8Bytes.textStart(bytes);
        for (int i = start; i < bytes.length; i++) {
            // Valid UTF-8, but no text file has NUL bytes: this is UTF-16/32 without a BOM, or binary.
            if (bytes[i] == 0) {
                problems.add(locOf(bytes, i), "NUL byte at byte offset " + i
                        + " — the file looks like UTF-16 or binary data; save it as UTF-8 text");
                return null;
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int offset = in.position();
            problems.add(locOf(bytes, offset), "invalid UTF-8 at byte offset " + offset + " (byte 0x"
                    + String.format(java.util.Locale.ROOT, "%02X", bytes[offset] & 0xFF) + ") — " + windows1252(bytes, offset)
                    + "save the file as UTF-8");
            return null;
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /**
     * {@code "the file looks saved as Windows-1252 ..., where that byte is 'ü': "} when the bytes before {@code offset} are
     * plain ASCII and the bad byte is a printable character of Windows-1252: what Excel's "CSV (Comma delimited)" and
     * older Notepad save on Windows ("ANSI"), so the reader knows which setting to change. Nothing otherwise: a file with
     * UTF-8 before the bad byte is UTF-8 with a broken part.
     */
    private static String windows1252(byte[] bytes, int offset) {
        return Utf8Bytes.windows1252(bytes, offset).map(shown -> "the file looks saved as Windows-1252 ('ANSI', as Excel's"
                + " 'CSV (Comma delimited)' and older Notepad save it), where that byte is '" + shown + "': ").orElse("");
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Line and column (in characters, not bytes) of a byte offset, counting only the valid prefix and not a byte order
     * mark, which an editor does not show. Lines end as the parsers end them, and editors: at LF, CR LF or a lone CR.
     */
    static Loc locOf(byte[] bytes, int offset) {
        Utf8Bytes.Place place = Utf8Bytes.placeOf(bytes, offset);
        return new Loc(place.line(), place.column());
    }
}
