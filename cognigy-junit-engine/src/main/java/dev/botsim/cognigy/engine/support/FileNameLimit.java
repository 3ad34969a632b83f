package dev.botsim.cognigy.engine.support;

import java.nio.charset.StandardCharsets;

/**
 * A file name the engine derives from another (a data file's cassette, its approval file) that the file system takes:
 * most allow 255 bytes per name, and {@link PartialFile} writes a name beside it that is longer still. A data file
 * whose own name is near that limit (a Botium convo named in Japanese, at three bytes a character) would otherwise get
 * a cassette or approval file that can never be written.
 */
public final class FileNameLimit {

    /** The longest name a file system of 255-byte names takes, in UTF-8 bytes. */
    static final int FILE_SYSTEM = 255;
    /**
     * The longest name derived here, in UTF-8 bytes: what leaves room for {@link PartialFile}'s {@code .<name>.<random>.part}
     * beside it (a dot, a dot, up to 13 characters of a random number in base 36, {@code .part}).
     */
    public static final int LONGEST = FILE_SYSTEM - ".".length() - ".".length() - 13 - ".part".length();

    private FileNameLimit() {
    }

    /**
     * {@code name + suffix} when it is at most {@link #LONGEST} bytes; else the beginning of {@code name} (whole
     * characters), {@code ~}, 8 hex digits of the SHA-256 of {@code name}, and {@code suffix}: the same name on every
     * machine and run, so a file written under it is found again, and another name that begins alike gets another one.
     */
    public static String fitting(String name, String suffix) {
        String whole = name + suffix;
        if (bytes(whole) <= LONGEST) return whole;
        String tail = "~" + Sha256.hex(name.getBytes(StandardCharsets.UTF_8)).substring(0, 8) + suffix;
        int room = LONGEST - bytes(tail);
        int end = 0;
        int used = 0;
        while (end < name.length()) {
            int codePoint = name.codePointAt(end);
            int size = bytes(new String(Character.toChars(codePoint)));
            if (used + size > room) break;
            used += size;
            end += Character.charCount(codePoint);
        }
        return name.substring(0, end) + tail;
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
