package dev.botsim.cognigy.engine.merge;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.botsim.cognigy.engine.shard.RunPart;
import dev.botsim.cognigy.engine.support.Sha256;

/**
 * The part files of one merge, each read and parsed once, however often it is asked for: the Maven plugin's
 * {@code cognigy:merge} reads the run's parts to judge them before it runs {@link MergeCommand}, and hands them to it,
 * which finds the same files below the run's folder. A part of a large suite is megabytes of JSON; parsed twice, the
 * goal held it twice.
 *
 * <p>A file's bytes are read ({@link RunPart#readBytes}, bounded) when it is first asked for and kept, and parsed when
 * its part is first asked for: the merge checks a part's signature over those bytes before it parses them, and the part
 * it merges is the one those bytes hold. What could not be read, or is no part, is kept as such, with its reason. Once
 * the merge has checked, parsed and named a part, it lets its bytes go: a part of a large suite is megabytes, and ten of
 * them held beside what they parse to were more than the merged run itself.
 */
public final class PartFiles {

    /** How a part's bytes become a part: {@link RunPart#parse}, or a test's counting wrapper of it. */
    interface Parser {
        RunPart parse(byte[] bytes) throws IOException;
    }

    private final Parser parser;
    private final Map<Path, Read> read = new HashMap<>();

    /** Part files not yet read. */
    public PartFiles() {
        this(RunPart::parse);
    }

    PartFiles(Parser parser) {
        this.parser = parser;
    }

    /**
     * The part {@code file} holds, or empty when it cannot be read or holds no part: the merge refuses it, saying why.
     */
    public Optional<RunPart> part(Path file) {
        try {
            return Optional.of(of(file).part());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** {@code file} as read, reading it the first time. */
    Read of(Path file) {
        return read.computeIfAbsent(file.toAbsolutePath().normalize(), key -> Read.of(file, parser));
    }

    /** How many of the files read still hold their bytes. */
    int holdingBytes() {
        return (int) read.values().stream().filter(Read::holdsBytes).count();
    }

    /**
     * One part file as read: its bytes, or why they could not be read; and, once asked for, the part they hold, or why
     * they hold none.
     */
    static final class Read {

        /** {@code null} once {@linkplain #release released}, or when the file could not be read. */
        private byte[] bytes;
        private final IOException unreadable;
        private final Parser parser;
        private RunPart part;
        private IOException notAPart;
        private String digest;

        private Read(byte[] bytes, IOException unreadable, Parser parser) {
            this.bytes = bytes;
            this.unreadable = unreadable;
            this.parser = parser;
        }

        static Read of(Path file, Parser parser) {
            try {
                return new Read(RunPart.readBytes(file), null, parser);
            } catch (IOException e) {
                return new Read(null, e, parser);
            }
        }

        /**
         * @throws IOException           why the file could not be read
         * @throws IllegalStateException once its bytes were {@linkplain #release released}
         */
        byte[] bytes() throws IOException {
            if (unreadable != null) throw unreadable;
            if (bytes == null) throw new IllegalStateException("the bytes of a part file were asked for after they were let go");
            return bytes;
        }

        /** The SHA-256 of its bytes, which names the merged run's batch; worked out once, so it outlasts the bytes. */
        String digest() throws IOException {
            if (digest == null) digest = Sha256.hex(bytes());
            return digest;
        }

        /** @throws IOException why the file could not be read, or holds no part */
        RunPart part() throws IOException {
            if (part == null && notAPart == null) {
                byte[] content = bytes();
                try {
                    part = parser.parse(content);
                } catch (IOException e) {
                    notAPart = e;
                }
            }
            if (notAPart != null) throw notAPart;
            return part;
        }

        /**
         * Lets the bytes go: the merge has checked its signature, parsed it and named it by its digest, or will refuse it.
         * What was worked out from them (the part, why it is none, the digest) stays.
         */
        void release() {
            bytes = null;
        }

        boolean holdsBytes() {
            return bytes != null;
        }
    }
}
