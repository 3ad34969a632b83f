package dev.botsim.cognigy.engine.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A file the engine keeps in a folder of its own and reads back (a cassette in the replay folder, an approved answer in
 * the approval folder), read only when it really lies inside that folder and is no larger than a limit.
 *
 * <p>Both are checked before a byte is read. A file that resolves through a symbolic link to one outside the folder
 * would otherwise be read, and pieces of it shown (a parser's error, a value compared) in the console, failure messages,
 * reports and the webhook: whatever it points at — a credentials file, another project's — leaks. A file larger than any
 * the engine writes would otherwise be read whole into memory, and a large enough one ends the run with an
 * {@link OutOfMemoryError} instead of a problem naming it. Data files are held to the same two rules when discovery
 * finds them.
 */
public final class ContainedFile {

    /** What {@link #read} found. */
    public sealed interface Read permits Missing, Outside, TooLarge, Bytes {
    }

    /** No file to read: nothing there, a folder, or a link to nothing. Nothing was read. */
    public record Missing() implements Read {
    }

    /**
     * A file whose real path, its links resolved, is {@code target}, outside the folder. Not read, and not to be written
     * over either: the user put the link there.
     */
    public record Outside(Path target) implements Read {
    }

    /** A file larger than {@code limit} bytes. Not read beyond the limit. */
    public record TooLarge(long limit) implements Read {
    }

    /** The file's bytes, all of them. */
    public record Bytes(byte[] bytes) implements Read {
    }

    private static final Missing MISSING = new Missing();

    private ContainedFile() {
    }

    /**
     * Reads {@code file} when its real path lies inside {@code folder}'s and it holds at most {@code limit} bytes.
     *
     * @param file   the file, below {@code folder} as named
     * @param folder the folder it must really lie in
     * @param limit  the most bytes read; below {@link Integer#MAX_VALUE}
     * @throws IOException when the file or the folder cannot be resolved or read
     */
    public static Read read(Path file, Path folder, int limit) throws IOException {
        if (limit < 0 || limit == Integer.MAX_VALUE) throw new IllegalArgumentException("limit " + limit);
        if (!Files.isRegularFile(file)) return MISSING;
        Path real = file.toRealPath();
        if (!real.startsWith(folder.toRealPath())) return new Outside(real);
        // The size first, so a file far too large is not read at all; then never more than one byte past the limit, for a
        // file that grows between the two.
        if (Files.size(real) > limit) return new TooLarge(limit);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes(limit + 1);
        }
        return bytes.length > limit ? new TooLarge(limit) : new Bytes(bytes);
    }

    /** {@code bytes} as users read a size: {@code 64 MiB}, {@code 512 KiB}, else in bytes. */
    public static String size(long bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) return (bytes >> 20) + " MiB";
        if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) return (bytes >> 10) + " KiB";
        return bytes + " bytes";
    }
}
