package dev.botsim.cognigy.engine.backend.endpoint;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import okhttp3.MediaType;

/**
 * The bytes of a REST Endpoint's answer as the JSON parser reads them. JSON is exchanged in UTF-8 (RFC 8259), which
 * Cognigy answers in, and the parser also detects UTF-16 and UTF-32; a {@code charset} a {@code Content-Type} names is no
 * part of JSON's media type, and servers often name one their body is not in. So a body that is valid UTF-8 is read as
 * UTF-8 whatever the header says; only one that is not, and whose {@code Content-Type} names another charset
 * ({@code ISO-8859-1}, {@code windows-1252}: a proxy that re-encoded the answer), is read in that charset — rather than
 * failing as no JSON, or its letters read as others.
 */
final class AnswerCharset {

    private AnswerCharset() {
    }

    /** {@code bytes} in UTF-8: as they are, or decoded from the charset {@code type} names when they are not UTF-8. */
    static byte[] utf8(byte[] bytes, MediaType type) {
        Charset declared = type == null ? null : type.charset(null);
        if (declared == null || declared.name().toUpperCase(java.util.Locale.ROOT).startsWith("UTF-") || isUtf8(bytes)) return bytes;
        return new String(bytes, declared).getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code bytes} are valid UTF-8. */
    static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
