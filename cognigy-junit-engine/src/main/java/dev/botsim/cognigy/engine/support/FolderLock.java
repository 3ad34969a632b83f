package dev.botsim.cognigy.engine.support;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The turn of one run at a time to read again and write the files of a committed folder (approval files, cassettes):
 * first among the threads of this JVM ({@link JvmTurn}, since a file lock is the whole JVM's), then among processes, by
 * a file lock ({@link ProcessLock}) on a file of the system's temporary folder named by the folder's real path — never
 * one in the folder itself, which would be committed or show up in every {@code git status}.
 *
 * <p>A process that holds the lock for minutes hangs (writing takes well under a second): a run waits for it up to a
 * bound and then writes without it; on the JVM's shutdown, which has seconds, it writes nothing instead, since writing
 * beside that process could drop what it writes. A file system without locks is written without one, as before there
 * was a lock.
 */
public final class FolderLock implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FolderLock.class.getName());

    /** How long a run waits for another process's lock before it writes without it. */
    public static final Duration WAIT = Duration.ofMinutes(2);
    /** How long it waits before it says so. */
    public static final Duration SAY_AFTER = Duration.ofSeconds(5);

    /** This JVM's writes into each folder, by its lock file, one at a time. */
    private static final Map<Path, JvmTurn> TURNS = new ConcurrentHashMap<>();

    /** What came of asking for the folder. */
    public enum State {
        /** The lock is held: the files are this run's to write. */
        LOCKED,
        /** No lock could be had (a file system without locks, another user's lock file): the files are written without. */
        NO_LOCK,
        /** Another process held the lock past the wait, and the run writes without waiting longer. */
        HELD_PAST_WAIT,
        /** On a shutdown: another thread of this JVM still had its turn when the wait ran out; nothing may be written. */
        BUSY_IN_THIS_JVM,
        /** On a shutdown: another process still held the lock when the wait ran out; nothing may be written. */
        BUSY_IN_ANOTHER_PROCESS;

        /** Whether the files may be written. */
        public boolean mayWrite() {
            return this == LOCKED || this == NO_LOCK || this == HELD_PAST_WAIT;
        }
    }

    private final State state;
    private final Path lockFile;
    private final JvmTurn.Held turn;
    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(State state, Path lockFile, JvmTurn.Held turn, FileChannel channel, FileLock lock) {
        this.state = state;
        this.lockFile = lockFile;
        this.turn = turn;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * The folder's turn for this run.
     *
     * @param prefix           the lock file's name before the folder's hash ({@code cognigy-approvals-})
     * @param what             what is written, for the log ({@code approval files})
     * @param wait             how long it waits for another process's lock
     * @param sayAfter         how long it waits before it tells {@code waiting}, once, which lock file it waits for
     * @param writeAfterWait   whether the files are written without the lock when another process held it past
     *                         {@code wait}; otherwise (the JVM's shutdown) they are not, and the wait for this JVM's turn
     *                         counts against {@code wait} too
     */
    public static FolderLock take(Path dir, String prefix, String what, Duration wait, Duration sayAfter,
                                  Consumer<Path> waiting, boolean writeAfterWait) {
        long start = System.nanoTime();
        Path lockFile = lockFile(dir, prefix);
        JvmTurn inThisJvm = TURNS.computeIfAbsent(lockFile, f -> new JvmTurn());
        Optional<JvmTurn.Held> turn = writeAfterWait ? Optional.of(inThisJvm.take()) : inThisJvm.takeWithin(wait);
        if (turn.isEmpty()) return new FolderLock(State.BUSY_IN_THIS_JVM, lockFile, null, null, null);
        // What is left of the wait goes to another process's lock: a wait for this JVM's turn is part of it.
        Duration left = writeAfterWait ? wait : wait.minusNanos(System.nanoTime() - start);
        if (left.isNegative()) left = Duration.ZERO;
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "no lock for the " + what + " in " + dir + ": " + e);
            return new FolderLock(State.NO_LOCK, lockFile, turn.get(), null, null);
        }
        try {
            Optional<FileLock> lock = ProcessLock.await(channel, left, sayAfter, () -> waiting.accept(lockFile), true);
            if (lock.isPresent()) return new FolderLock(State.LOCKED, lockFile, turn.get(), channel, lock.get());
        } catch (IOException | RuntimeException | InterruptedException e) {
            LOG.log(System.Logger.Level.DEBUG, "no lock for the " + what + " in " + dir + ": " + e);
            return new FolderLock(State.NO_LOCK, lockFile, turn.get(), channel, null);
        }
        if (!writeAfterWait) return new FolderLock(State.BUSY_IN_ANOTHER_PROCESS, lockFile, turn.get(), channel, null);
        LOG.log(System.Logger.Level.WARNING, "another process has held " + lockFile + " for " + wait.toSeconds() + " s; the "
                + what + " in " + dir.toAbsolutePath() + " are written without waiting longer");
        return new FolderLock(State.HELD_PAST_WAIT, lockFile, turn.get(), channel, null);
    }

    /**
     * What a run says, once, after {@link #SAY_AFTER} of waiting for another process's lock on {@code dir}: which lock
     * file it waits for, and how long it will ({@link #WAIT}).
     *
     * @param what what is written, as {@link #take} names it ({@code approval files})
     */
    public static Consumer<Path> warningWhileWaiting(String what, Path dir) {
        Path folder = dir.toAbsolutePath();
        return lockFile -> LOG.log(System.Logger.Level.WARNING, "waiting for " + lockFile + ": another process is writing "
                + what + " into " + folder + "; after " + WAIT.toMinutes() + " minutes they are written without waiting longer");
    }

    /**
     * Where the runs writing into {@code dir} take turns: {@code prefix} and a hash of the folder's real path, in the
     * system's temporary folder. A folder not made yet is named by the real path of the nearest folder above it that is,
     * and the rest of its path, so that a run finding the folder and one about to make it name the same file.
     */
    public static Path lockFile(Path dir, String prefix) {
        String name = Sha256.hex(realPath(dir).toString().getBytes(StandardCharsets.UTF_8)).substring(0, 32);
        return Path.of(System.getProperty("java.io.tmpdir")).resolve(prefix + name + ".lock");
    }

    private static Path realPath(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) return absolute;
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute));
        } catch (IOException | RuntimeException e) {
            return absolute;
        }
    }

    public State state() {
        return state;
    }

    public Path lockFile() {
        return lockFile;
    }

    /** Gives the lock and this JVM's turn up. */
    @Override
    public void close() {
        try {
            if (lock != null) lock.release();
            if (channel != null) channel.close();
        } catch (IOException e) {
            // released with the channel, or when this process ends
        } finally {
            if (turn != null) turn.close();
        }
    }
}
