package dev.botsim.cognigy.engine.support;

import java.io.IOException;
import java.io.Reader;

/**
 * A reader whose reads of more than one character never end between the two halves of a surrogate pair (an emoji, say):
 * a high surrogate that would end a read is held back and starts the next one.
 *
 * <p>The YAML parser (SnakeYAML Engine 3.0.x) reads its input in windows of 1,024 characters and fails with an
 * {@code IndexOutOfBoundsException} when a window's last character is a high surrogate: an approval file with an emoji
 * at that very place could not be read at all. Reading through this reader, no window ends so. SnakeYAML Engine 3.1
 * handles it itself, and the engine depends on a newer one; the engine's YAML readers (approval and data files) still
 * read through this reader, because a project's own dependency management may pick the older parser, and this reader
 * does no harm to a newer one.
 */
public final class WholeCodePointReader extends Reader {

    private final Reader in;
    /** A high surrogate held back from the last read, or -1. */
    private int held = -1;

    public WholeCodePointReader(Reader in) {
        this.in = in;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length == 0) return 0;
        int n = 0;
        if (held >= 0) {
            buffer[offset] = (char) held;
            held = -1;
            n = 1;
        }
        if (n < length) {
            int read = in.read(buffer, offset + n, length - n);
            if (read < 0 && n == 0) return -1;
            if (read > 0) n += read;
        }
        // A lone high surrogate as the whole read: its pair is read with it, where there is room (a read of one
        // character, as a parser completing a pair asks for, gets it alone).
        if (n == 1 && length > 1 && Character.isHighSurrogate(buffer[offset])) {
            int low = in.read();
            if (low >= 0) buffer[offset + n++] = (char) low;
            return n;
        }
        if (n > 1 && Character.isHighSurrogate(buffer[offset + n - 1])) {
            held = buffer[offset + n - 1];
            n--;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
