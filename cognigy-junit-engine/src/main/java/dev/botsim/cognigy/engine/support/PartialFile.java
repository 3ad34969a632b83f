package dev.botsim.cognigy.engine.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A new, empty file beside a file about to be replaced, to be written and then moved over it, so that a reader
 * never sees half of it. Unlike {@link Files#createTempFile}, which makes the file readable by its owner alone
 * (0600), it is created with the permissions the process's umask gives any new file (usually 0644): the reports
 * and the schema are read by CI steps, web servers and colleagues, and a move keeps the permissions. Files that
 * must stay private (the webhook's outbox) use {@code createTempFile}.
 *
 * <p>A file written so is durable, not only whole: its bytes are forced to the disk before the move, and its folder
 * after it. Without the first, a file system that writes data back later (ext4, XFS) may put the rename on the disk
 * before the bytes, and a machine that loses power leaves the file empty; without the second, the rename itself may
 * not be on the disk, and the file is missing, or the earlier one is back.
 */
public final class PartialFile {

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * What making a written file durable asks of the file system: forcing its bytes, moving it into place and forcing
     * its folder. {@link #SYSTEM} does each for real; a test records the calls, or refuses one, to see their order.
     */
    public interface Disk {

        /** The file system itself. */
        Disk SYSTEM = new Disk() {
            @Override
            public void force(FileChannel file) throws IOException {
                file.force(true);
            }

            @Override
            public Path move(Path partial, Path target) throws IOException {
                return Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }

            @Override
            public void forceDirectory(Path directory) throws IOException {
                try (FileChannel folder = FileChannel.open(directory, StandardOpenOption.READ)) {
                    folder.force(true);
                }
            }
        };

        /** Forces the bytes written through {@code file}, and its metadata, to the disk. */
        void force(FileChannel file) throws IOException;

        /** Moves {@code partial} over {@code target} atomically; returns {@code target}. */
        Path move(Path partial, Path target) throws IOException;

        /** Forces {@code directory}'s entries — a file moved into it — to the disk. */
        void forceDirectory(Path directory) throws IOException;
    }

    private PartialFile() {
    }

    /**
     * Writes {@code bytes} to {@code target} whole or not at all, and durably: into a partial file beside it
     * ({@code .<name>.<random>.part}), forced to the disk, moved over it atomically, its folder forced; the partial
     * file is gone whatever happens.
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, bytes, Disk.SYSTEM);
    }

    /** The same on {@code disk}. */
    static void write(Path target, byte[] bytes, Disk disk) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        // What a JVM killed while writing this file left beside it: never read, and in a source tree (cassettes, approval
        // files) committed with the next "git add" of the folder.
        removeAbandoned(folder, "." + target.getFileName() + ".", ".part", Instant.now().minus(ABANDONED));
        Path partial = create(folder, "." + target.getFileName() + ".", ".part");
        try {
            try (FileChannel file = FileChannel.open(partial, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer remaining = ByteBuffer.wrap(bytes);
                while (remaining.hasRemaining()) file.write(remaining);
                disk.force(file);
            }
            moveIntoPlace(partial, target, disk);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /**
     * Moves {@code partial}, written whole by its caller, over {@code target} durably: its bytes forced to the disk,
     * then moved atomically, then its folder forced. Returns {@code target}.
     */
    public static Path moveIntoPlace(Path partial, Path target) throws IOException {
        return forceAndMoveIntoPlace(partial, target, Disk.SYSTEM);
    }

    /**
     * As {@link #moveIntoPlace(Path, Path)}, on {@code disk}: {@code partial}, written whole and closed by its caller,
     * forced, moved over {@code target}, its folder forced. Returns {@code target}.
     */
    public static Path forceAndMoveIntoPlace(Path partial, Path target, Disk disk) throws IOException {
        // Opened for writing: Windows flushes a file only through a handle that may write it.
        try (FileChannel file = FileChannel.open(partial, StandardOpenOption.WRITE)) {
            disk.force(file);
        }
        return moveIntoPlace(partial, target, disk);
    }

    /**
     * Moves {@code partial}, written whole and forced to the disk by its caller ({@link Disk#force}), over {@code target}
     * atomically on {@code disk}, then forces {@code target}'s folder so the move survives a power loss. Returns
     * {@code target}.
     */
    public static Path moveIntoPlace(Path partial, Path target, Disk disk) throws IOException {
        Path moved = disk.move(partial, target);
        forceFolder(moved.toAbsolutePath().getParent(), disk);
        return moved;
    }

    /**
     * Forces {@code directory} to the disk where the platform can. Windows opens no channel on a folder (an
     * {@code AccessDeniedException}), and some file systems refuse to force one; NTFS records a rename in its journal
     * without it, and where a file system refuses it there is nothing more a Java program can do. The file is written
     * and in place either way, so the write does not fail for it.
     */
    private static void forceFolder(Path directory, Disk disk) {
        try {
            disk.forceDirectory(directory);
        } catch (IOException refused) {
            // see above: durable as far as the platform allows
        }
    }

    /**
     * How old a partial file is when no writer can still be at it: a write takes milliseconds (a large suite's reports
     * seconds), so one an hour old was left by a JVM killed while writing it.
     */
    public static final Duration ABANDONED = Duration.ofHours(1);

    /**
     * Removes the partial files {@link #create} made in {@code directory} with {@code prefix} and {@code suffix} that were
     * last written before {@code before} ({@link #ABANDONED} ago): left by a JVM killed while writing them (a CI job's
     * timeout, {@code kill -9}), they are never read and are never moved into place, and a workspace kept from run to run
     * collects one per killed run. A younger one is left alone: another JVM may still be writing it. Only regular files
     * of that exact form — the prefix, the random part {@link #create} gives, the suffix — are removed, never a link.
     * What cannot be removed is left, as it was.
     *
     * @return the files removed
     */
    public static List<Path> removeAbandoned(Path directory, String prefix, String suffix, Instant before) {
        List<Path> removed = new ArrayList<>();
        FileTime abandoned = FileTime.from(before);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, file -> {
            String name = file.getFileName().toString();
            return name.length() > prefix.length() + suffix.length() && name.startsWith(prefix) && name.endsWith(suffix)
                    && RANDOM_PART.matcher(name.substring(prefix.length(), name.length() - suffix.length())).matches();
        })) {
            for (Path file : files) {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (!attributes.isRegularFile() || attributes.lastModifiedTime().compareTo(abandoned) >= 0) continue;
                    if (Files.deleteIfExists(file)) removed.add(file);
                } catch (IOException gone) {
                    // removed meanwhile by another run, or not ours to remove: left
                }
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            // no folder, or one that cannot be listed: nothing removed
        }
        return removed;
    }

    /** The random part of a partial file's name: an unsigned long in base 36. */
    private static final java.util.regex.Pattern RANDOM_PART = java.util.regex.Pattern.compile("[0-9a-z]{1,13}");

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
