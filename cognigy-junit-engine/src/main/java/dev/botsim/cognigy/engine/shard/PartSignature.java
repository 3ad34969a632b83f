package dev.botsim.cognigy.engine.shard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.support.FileFailures;
import dev.botsim.cognigy.engine.support.HmacSha256;
import dev.botsim.cognigy.engine.support.PartialFile;

/**
 * The signature of a part file, {@code cognigy-part.json.sig} beside it: {@code hmac-sha256:<hex>} and a line break, the
 * HMAC-SHA256 of the part file's exact bytes keyed with {@value Constants#SHARD_KEY_ENV}.
 *
 * <p>A file of its own, not an envelope around the part or a field in it: the MAC is over the bytes {@code merge} reads, so
 * no JSON has to be written the same way twice (no canonicalisation), the part's format and schema stay as they are for
 * everything else that reads it (the Maven plugin, a user's tooling), and a part written without a key is the same file.
 * The signature is moved into place before the part is: from the moment a part exists, so does its signature.
 */
public final class PartSignature {

    /**
     * The most of a signature file read: {@code hmac-sha256:}, 64 hex digits and a line break are 77 bytes; room is left
     * for a line ending written otherwise and for spaces around it.
     */
    static final int MAX_BYTES = 1024;

    /** What the signature's name adds to the part file's. */
    public static final String SUFFIX = ".sig";

    /** What merge found of a part's signature. */
    public enum Status {
        /** The signature matches the part's bytes under the key. */
        VALID,
        /** There is no signature beside the part. */
        UNSIGNED,
        /** There is one, but it is not the MAC of the part's bytes under the key (or not a MAC at all). */
        MISMATCH
    }

    private PartSignature() {
    }

    /** Where the signature of {@code part} is. */
    public static Path of(Path part) {
        return part.resolveSibling(part.getFileName() + SUFFIX);
    }

    /** Writes {@code mac}, the MAC of the part to be moved to {@code part}, as its signature, whole or not at all. */
    static void write(Path part, byte[] mac) throws IOException {
        PartialFile.write(of(part), (HmacSha256.text(mac) + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether {@code part} has a signature beside it. */
    public static boolean signed(Path part) {
        return Files.isRegularFile(of(part));
    }

    /**
     * Checks the signature of {@code part}, whose content merge read as {@code bytes}, in a time that does not depend on
     * where a wrong MAC differs.
     *
     * @throws IOException when the signature is there but cannot be read
     */
    public static Status check(Path part, byte[] bytes, byte[] key) throws IOException {
        Path file = of(part);
        byte[] read;
        // Read no further than a signature can be: one that is larger, or no file (a device, a pipe), is none, and read
        // whole it could exhaust the merge's memory.
        if (FileFailures.isNoFile(file)) return Status.MISMATCH;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            return Status.UNSIGNED;
        }
        if (read.length > MAX_BYTES) return Status.MISMATCH;
        String signature;
        try {
            signature = StandardCharsets.US_ASCII.newDecoder().decode(java.nio.ByteBuffer.wrap(read)).toString().strip();
        } catch (java.nio.charset.CharacterCodingException e) {
            return Status.MISMATCH;
        }
        return HmacSha256.fromText(signature).filter(given -> HmacSha256.matches(HmacSha256.of(key, bytes), given)).isPresent()
                ? Status.VALID : Status.MISMATCH;
    }
}
