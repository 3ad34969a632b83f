package dev.botsim.cognigy.engine.support;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;

/**
 * A new, empty file beside a file about to be replaced, to be written and then moved over it, so that a reader
 * never sees half of it. Unlike {@link Files#createTempFile}, which makes the file readable by its owner alone
 * (0600), it is created with the permissions the process's umask gives any new file (usually 0644): the reports
 * and the schema are read by CI steps, web servers and colleagues, and a move keeps the permissions. Files that
 * must stay private (the webhook's outbox) use {@code createTempFile}.
 */
public final class PartialFile {

    private static final SecureRandom RANDOM = new SecureRandom();

    private PartialFile() {
    }

    /**
     * Writes {@code bytes} to {@code target} whole or not at all: into a partial file beside it
     * ({@code .<name>.<random>.part}), moved over it atomically; the partial file is gone whatever happens.
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path partial = create(target.toAbsolutePath().getParent(), "." + target.getFileName() + ".", ".part");
        try {
            Files.write(partial, bytes);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** {@code directory/prefix<random>suffix}, created empty; a name already taken is never reused. */
    public static Path create(Path directory, String prefix, String suffix) throws IOException {
        while (true) {
            Path candidate = directory.resolve(prefix + Long.toUnsignedString(RANDOM.nextLong(), 36) + suffix);
            try {
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException e) {
                // another writer's partial file: take another name
            }
        }
    }
}
