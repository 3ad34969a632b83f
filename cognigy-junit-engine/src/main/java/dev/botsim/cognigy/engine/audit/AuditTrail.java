package dev.botsim.cognigy.engine.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import dev.botsim.cognigy.engine.support.LoneSurrogates;
import dev.botsim.cognigy.engine.support.ProcessLock;
import dev.botsim.cognigy.engine.support.Sha256;

/**
 * Appends records to a tamper-evident audit trail (JSON Lines, see {@link AuditVerifier} for the
 * chain). Safe for several JVMs at once — Surefire forks — through an exclusive lock on a sibling
 * {@code .lock} file held while the tail is read and the record written, and for several threads of one JVM (merges
 * of a parallel Maven build), which take turns before taking that lock; every append is forced to
 * disk before the lock is released. An incomplete last line left by an interrupted writer is not
 * dropped: it is cut off and kept, base64-encoded, in a {@code TRUNCATED_TAIL} record.
 *
 * <p>A trail grows by a record every run, and every append reads it (to find the run's batch): {@link #rotateTo} archives
 * it, under the same lock, and starts it again with a {@value #CONTINUATION} record naming the archived trail's head and
 * record count, so the two verify as one chain ({@link AuditVerifier}).
 */
public final class AuditTrail {

    /** Appends of this JVM, one at a time, whichever trail (the same file may be named by two paths). */
    private static final dev.botsim.cognigy.engine.support.JvmTurn IN_THIS_JVM = new dev.botsim.cognigy.engine.support.JvmTurn();

    /** How long an append waits for another process's lock before it gives up: far beyond any append's own time. */
    static final Duration LOCK_WAIT = Duration.ofMinutes(2);
    /** How long an append waits for that lock before it says so. */
    static final Duration SAY_WAITING_AFTER = Duration.ofSeconds(5);

    private final Path file;
    private final Duration lockWait;
    private final Duration sayWaitingAfter;
    private final Consumer<String> waiting;
    /**
     * Whether the wait for this JVM's turn counts against {@link #lockWait} too: the JVM's shutdown hook has seconds,
     * and another thread of this JVM appending meanwhile (another run or merge in it, itself waiting up to
     * {@link #LOCK_WAIT} for another process) must not take them all.
     */
    private final boolean turnWithinWait;

    public AuditTrail(Path file) {
        this(file, LOCK_WAIT, SAY_WAITING_AFTER, message -> { });
    }

    /**
     * @param waiting told, once per append, when another process has held the trail's lock for a while: a run that
     *                waits is not silent
     */
    public AuditTrail(Path file, Consumer<String> waiting) {
        this(file, LOCK_WAIT, SAY_WAITING_AFTER, waiting);
    }

    /**
     * @param lockWait        how long an append waits for another process's lock on the trail before it fails
     * @param sayWaitingAfter how long it waits before it tells {@code waiting}
     */
    AuditTrail(Path file, Duration lockWait, Duration sayWaitingAfter, Consumer<String> waiting) {
        this(file, lockWait, sayWaitingAfter, waiting, false);
    }

    private AuditTrail(Path file, Duration lockWait, Duration sayWaitingAfter, Consumer<String> waiting, boolean turnWithinWait) {
        this.file = file;
        this.lockWait = lockWait;
        this.sayWaitingAfter = sayWaitingAfter;
        this.waiting = waiting;
        this.turnWithinWait = turnWithinWait;
    }

    /**
     * A trail whose appends wait at most {@code lockWait} in all — for another thread of this JVM appending, then for
     * another process's lock — as the JVM's shutdown hook must, which has seconds before a CI runner kills it; and then
     * fail with {@link LockHeldException}, appending nothing: the trail is a hash chain, and a record written beside
     * another append would break it.
     */
    public static AuditTrail waitingAtMost(Path file, Duration lockWait, Consumer<String> waiting) {
        return new AuditTrail(file, lockWait, SAY_WAITING_AFTER, waiting, true);
    }

    Path file() {
        return file;
    }

    /**
     * An append given up because another process held the trail's lock — or, for a trail {@link #waitingAtMost a time},
     * another thread of this JVM was appending — for as long as it could wait: nothing was appended.
     */
    public static final class LockHeldException extends IOException {
        private final transient Path lockFile;
        private final boolean byThisJvm;

        LockHeldException(String message, Path lockFile) {
            this(message, lockFile, false);
        }

        private LockHeldException(String message, Path lockFile, boolean byThisJvm) {
            super(message);
            this.lockFile = lockFile;
            this.byThisJvm = byThisJvm;
        }

        /** The lock file another process held, or that this append was waiting to take. */
        public Path lockFile() {
            return lockFile;
        }

        /** Whether another thread of this JVM, not another process, was appending for as long as the append could wait. */
        public boolean byThisJvm() {
            return byThisJvm;
        }
    }

    /**
     * The type of a trail's first record when the trail continues one archived by {@link #rotateTo}: it names that trail
     * ({@code previous_trail}, as the rotation was given it), its record count ({@code previous_records}) and the hash of
     * its last record ({@code previous_head}).
     */
    static final String CONTINUATION = "CONTINUATION";

    /** Appends one record of the given type; returns the new head: its hash and the record count. */
    public Checkpoint append(String type, Map<String, Object> fields) throws IOException {
        return append(type, fields, null).checkpoint();
    }

    /**
     * Appends one record of the given type unless the trail already holds one of that type with the same value of
     * {@code key} — a run's batch is recorded once, however often it is concluded (a split run merged again into
     * another folder, on another machine). The trail is searched under the same lock the append holds, so two JVMs
     * concluding the same batch at once append it once. A record only counts when its content still hashes to its own
     * hash: an altered line is no proof that the batch was recorded (the verifier reports it).
     *
     * @param key a top-level field whose string value names what is recorded once, e.g. {@code batch_id}
     * @return the new head, or — when the record was there — the head as that record left it, which is the checkpoint
     *         its run reported then
     */
    public Appended appendOnce(String type, Map<String, Object> fields, String key) throws IOException {
        return append(type, fields, key);
    }

    private Appended append(String type, Map<String, Object> fields, String key) throws IOException {
        // A file lock is held by the whole JVM: a second thread of this JVM asking for it (the merges of two modules in one
        // Maven build, run with -T) is refused with OverlappingFileLockException instead of waiting. The threads of
        // one JVM wait for each other here; other JVMs wait for the file lock.
        long start = System.nanoTime();
        java.util.Optional<dev.botsim.cognigy.engine.support.JvmTurn.Held> turn = turnWithinWait
                ? IN_THIS_JVM.takeWithin(lockWait) : java.util.Optional.of(IN_THIS_JVM.take());
        if (turn.isEmpty()) {
            throw new LockHeldException("another thread of this JVM (another run or merge in it) was still appending to an"
                    + " audit trail when the " + lockWait.toMillis() + " ms this append could wait ran out; nothing was appended",
                    lockFile(file).toAbsolutePath(), true);
        }
        try {
            // What is left of the wait goes to another process's lock: a wait for this JVM's turn is part of it.
            Duration left = turnWithinWait ? lockWait.minusNanos(System.nanoTime() - start) : lockWait;
            return appendLocked(type, fields, key, left.isNegative() ? Duration.ZERO : left);
        } finally {
            turn.get().close();
        }
    }

    @SuppressWarnings("try") // the lock is held for the block's length, never read in it
    private Appended appendLocked(String type, Map<String, Object> fields, String key, Duration fileLockWait) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        if (directory != null) Files.createDirectories(directory);
        Path lockFile = lockFile(file);
        try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lock(lockChannel, lockFile, fileLockWait);
             FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                     StandardOpenOption.WRITE)) {
            Map<String, String> saidOfRun = new LinkedHashMap<>();
            if (key != null) {
                // What the run's record says of its run, each member as written; one it leaves out (filtered_out when none
                // was) must be missing from the record found too.
                fields.forEach((name, value) -> {
                    if (AuditVerifier.saysOfTheRun(name)) saidOfRun.put(name, RecordLine.of(value));
                });
            }
            Scan scan = Scan.of(channel, type, key, key != null && fields.get(key) instanceof String value ? value : null, saidOfRun);
            if (scan.earlier() != null) return scan.earlier();
            if (scan.notATrail()) {
                // A mistyped path to a report or notes: appending would cut its last line into a TRUNCATED_TAIL record.
                throw new IOException(file + " is not an audit trail: none of its " + scan.tail().count() + " lines starts as a"
                        + " record does ({\"seq\":...); nothing was appended to it. Name a new file or the trail in cognigy.audit.file");
            }
            Tail tail = scan.tail();
            Tail found = tail;
            try {
                if (tail.partial().length > 0) {
                    channel.truncate(tail.completeLength());
                    Map<String, Object> quarantined = new LinkedHashMap<>();
                    quarantined.put("partial_bytes", tail.partial().length);
                    quarantined.put("partial_base64", Base64.getEncoder().encodeToString(tail.partial()));
                    tail = write(channel, tail, "TRUNCATED_TAIL", quarantined);
                }
                tail = write(channel, tail, type, fields);
                channel.force(true);
            } catch (IOException | RuntimeException e) {
                restore(channel, found, e);
                throw e;
            }
            return new Appended(new Checkpoint(tail.lastHash(), tail.count()), false, found.partial().length);
        }
    }

    /**
     * What a rotation did.
     *
     * @param trail       the trail rotated, as its real path (a trail named through a symbolic link is rotated where it is)
     * @param archive     where its records are now
     * @param archived    the archived trail's head: the hash of its last record and its record count
     * @param quarantined how many bytes an interrupted write had left at the trail's end, kept in a {@code TRUNCATED_TAIL}
     *                    record — the archived trail's last — before it was archived; 0 when there were none
     * @param started     the head of the trail started again: its {@value #CONTINUATION} record
     */
    public record Rotated(Path trail, Path archive, Checkpoint archived, int quarantined, Checkpoint started) {
    }

    /** A rotation not made, for a reason its message gives whole: the trail is as it was. */
    public static final class Refused extends IOException {

        Refused(String message) {
            super(message);
        }
    }

    /**
     * Archives the trail as {@code archive} and starts it again with one record, a {@value #CONTINUATION} naming the
     * archived trail, its record count and head hash: appends read the whole trail, so a trail of years is rotated (say
     * once a year) to keep them quick, and the archived trail and the new one verify together as one chain ({@code
     * verify-audit archive trail}). Done under the trail's lock, after this JVM's turn, as an append is: a run or merge
     * appending meanwhile waits and then appends to the new trail, and no record lands in the archive after its head was
     * taken. A partial last line (a JVM killed while appending) is quarantined first, as an append would, so the archive
     * ends with a whole record.
     *
     * <p>The archive is a hard link to the trail where the file system allows (nothing is copied), else a copy written whole
     * and forced to the disk; then the new trail, written whole and forced, replaces the trail atomically. Until that
     * replacement the trail is as it was: a rotation that fails (or a JVM killed) before it leaves the trail as it was,
     * the archive removed when it failed; killed between the two, the archive is the trail itself (the link), and
     * rotating again to the same archive completes it.
     *
     * @param archive where the trail's records go: a file that does not exist yet (never written over), or the trail
     *                itself linked there by a rotation that was interrupted
     * @param now     the time the new trail's first record gives
     * @throws IOException naming what stood in the way; the trail is then as it was (but for a quarantined tail)
     */
    public Rotated rotateTo(Path archive, java.time.Instant now) throws IOException {
        long start = System.nanoTime();
        java.util.Optional<dev.botsim.cognigy.engine.support.JvmTurn.Held> turn = turnWithinWait
                ? IN_THIS_JVM.takeWithin(lockWait) : java.util.Optional.of(IN_THIS_JVM.take());
        if (turn.isEmpty()) {
            throw new LockHeldException("another thread of this JVM was still appending to an audit trail when the "
                    + lockWait.toMillis() + " ms this rotation could wait ran out; nothing was rotated", lockFile(file).toAbsolutePath(), true);
        }
        try {
            Duration left = turnWithinWait ? lockWait.minusNanos(System.nanoTime() - start) : lockWait;
            return rotateLocked(archive, now, left.isNegative() ? Duration.ZERO : left);
        } finally {
            turn.get().close();
        }
    }

    @SuppressWarnings("try") // the lock is held for the block's length, never read in it
    private Rotated rotateLocked(Path archive, java.time.Instant now, Duration fileLockWait) throws IOException {
        Path lockFile = lockFile(file);
        // The trail where it is: replacing a symbolic link by a file would leave the link's target behind, appended to by
        // whoever names it directly.
        Path trail = realTrail(file).toAbsolutePath();
        Path target = archive.toAbsolutePath();
        if (!Files.isRegularFile(trail)) {
            throw new Refused("there is no audit trail at " + trail + ": nothing to rotate");
        }
        if (Files.isDirectory(target)) {
            throw new Refused(target + " is a folder: name the file the archived trail is to be, e.g. "
                    + target.resolve(trail.getFileName()));
        }
        Path folder = trail.getParent();
        try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lock(lockChannel, lockFile, fileLockWait)) {
            Tail tail;
            int quarantined;
            boolean exists = Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            // The trail linked there by a rotation interrupted before it started the trail again: completed now.
            boolean resumed = exists && !Files.isSymbolicLink(target) && Files.isSameFile(target, trail);
            if (exists && !resumed) {
                throw new Refused(target + " exists and is not this trail: an archive is never written over; name a new file");
            }
            try (FileChannel channel = FileChannel.open(trail, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                Scan scan = Scan.of(channel, null, null, null, Map.of());
                if (scan.notATrail()) {
                    throw new Refused(trail + " is not an audit trail: none of its " + scan.tail().count() + " lines starts as a"
                            + " record does ({\"seq\":...)");
                }
                tail = scan.tail();
                if (tail.count() == 0 && tail.partial().length == 0) {
                    throw new Refused(trail + " holds no record: nothing to rotate");
                }
                quarantined = tail.partial().length;
                if (quarantined > 0) {
                    Tail found = tail;
                    try {
                        channel.truncate(tail.completeLength());
                        Map<String, Object> kept = new LinkedHashMap<>();
                        kept.put("partial_bytes", tail.partial().length);
                        kept.put("partial_base64", Base64.getEncoder().encodeToString(tail.partial()));
                        tail = write(channel, tail, "TRUNCATED_TAIL", kept, PlainRecordLine::of);
                        channel.force(true);
                    } catch (IOException | RuntimeException e) {
                        restore(channel, found, e);
                        throw e;
                    }
                }
            }
            if (!resumed) archive(trail, target);
            Checkpoint archived = new Checkpoint(tail.lastHash(), tail.count());
            Map<String, Object> continuation = new LinkedHashMap<>();
            continuation.put("time", now.toString());
            continuation.put("previous_trail", named(folder, target));
            continuation.put("previous_records", tail.count());
            continuation.put("previous_head", tail.lastHash());
            // A rotation killed while it wrote the new trail left its partial file: removed once an hour old, as any.
            dev.botsim.cognigy.engine.support.PartialFile.removeAbandoned(folder, "." + trail.getFileName() + ".", ".part",
                    now.minus(dev.botsim.cognigy.engine.support.PartialFile.ABANDONED));
            Path partial = dev.botsim.cognigy.engine.support.PartialFile.create(folder, "." + trail.getFileName() + ".", ".part");
            Tail started;
            try {
                try (FileChannel fresh = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                    started = write(fresh, new Tail(0, AuditVerifier.GENESIS, 0, new byte[0]), CONTINUATION, continuation,
                            PlainRecordLine::of);
                    fresh.force(true);
                }
                // Atomically: a reader or appender finds the archived trail's records or the new trail, never neither.
                Files.move(partial, trail, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                forceFolder(folder);
            } catch (IOException | RuntimeException e) {
                try {
                    Files.deleteIfExists(partial);
                    // The trail is as it was: an archive made now would stand beside it as a second copy of its records.
                    if (!resumed) Files.deleteIfExists(target);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
            return new Rotated(trail, target, archived, quarantined, new Checkpoint(started.lastHash(), started.count()));
        }
    }

    /**
     * Puts the trail's records at {@code target}: a hard link where the file system allows, so nothing is copied and the
     * archive is the trail's very bytes; else (another file system, or one without links) a copy written whole beside the
     * target, forced to the disk and moved into place, never over a file.
     */
    private static void archive(Path trail, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try {
            Files.createLink(target, trail);
            forceFolder(target.getParent());
            return;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | IOException noLink) {
            // copied below
        }
        Path partial = dev.botsim.cognigy.engine.support.PartialFile.create(target.getParent(), "." + target.getFileName() + ".", ".part");
        try {
            Files.copy(trail, partial, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel copy = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                copy.force(true);
            }
            // Without REPLACE_EXISTING: a file of that name is never written over.
            Files.move(partial, target);
            forceFolder(target.getParent());
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** The archive as the continuation names it: relative to the trail's folder where it is below it, else as a whole path. */
    private static String named(Path folder, Path archive) {
        Path normal = archive.normalize();
        return normal.startsWith(folder.normalize()) ? folder.normalize().relativize(normal).toString().replace('\\', '/')
                : normal.toString();
    }

    /** Forces a folder's entries to the disk where the platform can (not Windows); the rotation stands either way. */
    private static void forceFolder(Path folder) {
        try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException | RuntimeException e) {
            // durable as far as the platform allows
        }
    }

    /**
     * The trail's lock file, beside the trail as its own path names it: a trail named through a symbolic link (a cache or
     * shared disk linked into a workspace) is locked where another process naming it directly locks it, else the two
     * would append at once. A folder linked on the way needs nothing: the lock file is in the same folder whichever name
     * reaches it. A link to a trail not written yet is taken as named.
     */
    static Path lockFile(Path file) {
        Path trail = realTrail(file);
        return trail.resolveSibling(trail.getFileName() + ".lock");
    }

    /** The trail a symbolic link names, or {@code file} itself: not a link, or a dangling one (taken as named). */
    private static Path realTrail(Path file) {
        if (Files.isSymbolicLink(file)) {
            try {
                return file.toRealPath();
            } catch (IOException e) {
                // dangling: the first append creates the trail where the link points, and later appends find it
            }
        }
        return file;
    }

    /**
     * Puts the trail back as the failed append found it — a disk full half-way through a record, say: its own partial
     * line cut off and the partial tail it was quarantining written back, so the next append quarantines those bytes,
     * not a fragment of a record that never was.
     */
    private static void restore(FileChannel channel, Tail found, Exception failure) {
        try {
            channel.truncate(found.completeLength());
            channel.position(found.completeLength());
            ByteBuffer partial = ByteBuffer.wrap(found.partial());
            while (partial.hasRemaining()) channel.write(partial);
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * The lock on the trail, once no other process holds it. An append holds it for as long as it takes to read the
     * trail and write one record, so a lock held for minutes is a process that hangs while appending: the run is told
     * after a few seconds, and after {@link #lockWait} the record fails rather than wait for ever.
     */
    private FileLock lock(FileChannel lockChannel, Path lockFile, Duration wait) throws IOException {
        try {
            return ProcessLock.await(lockChannel, wait, sayWaitingAfter, () -> waiting.accept("waiting for the lock "
                    + lockFile.toAbsolutePath() + ", held by another process appending to the same trail (a fork or merge);"
                    + " giving up after " + lockWait.toSeconds() + " s"), false)
                    .orElseThrow(() -> new LockHeldException("another process has held its lock " + lockFile.toAbsolutePath()
                            + " for " + lockWait.toSeconds() + " s (a run or merge that hangs while appending to the same trail?);"
                            + " nothing was appended", lockFile.toAbsolutePath()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for the lock " + lockFile.toAbsolutePath());
        }
    }

    /**
     * One pass over the trail, a buffer at a time: its tail — record count, hash of the last complete line, the partial
     * line after it — and, when {@code value} is given, the first complete record of {@code type} whose {@code key} is
     * {@code value} and whose content is unaltered. Only the last line is hashed and only lines naming the value are
     * parsed, and the file is never held in memory whole: a trail of years of runs is appended to in about the time it
     * takes to read it, in a JVM with a small heap.
     */
    private record Scan(Tail tail, Appended earlier, boolean notATrail) {

        /** How every record the appender writes begins. */
        private static final byte[] RECORD_START = "{\"seq\":".getBytes(StandardCharsets.UTF_8);

        static Scan of(FileChannel channel, String type, String key, String value, Map<String, String> saidOfRun) throws IOException {
            // Most lines are other runs': only a line naming the value is read as a record (a value JSON would escape, by key).
            byte[] needle = value == null ? null : (value.matches("[A-Za-z0-9._-]+") ? "\"" + key + "\":\"" + value + "\""
                    : "\"" + key + "\":").getBytes(StandardCharsets.UTF_8);
            int[] fallback = needle == null ? null : fallback(needle);
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            byte[] bytes = buffer.array();
            long count = 0;
            long lineStart = 0;
            long lastStart = 0;
            long position = 0;
            int matched = 0;
            boolean named = false;
            // How much of the current line's start matches RECORD_START (-1: it does not), and how many lines did.
            int start = 0;
            long recordLike = 0;
            int read;
            while ((read = channel.read(buffer.clear(), position)) >= 0) {
                for (int i = 0; i < read; i++) {
                    byte b = bytes[i];
                    if (b == '\n') {
                        if (start == RECORD_START.length) recordLike++;
                        start = 0;
                        if (named) {
                            byte[] line = readRange(channel, lineStart, position + i);
                            Appended earlier = recorded(line, type, key, value, saidOfRun, count + 1);
                            if (earlier != null) return new Scan(null, earlier, false);
                        }
                        count++;
                        lastStart = lineStart;
                        lineStart = position + i + 1;
                        matched = 0;
                        named = false;
                    } else if (start >= 0 && start < RECORD_START.length) {
                        start = b == RECORD_START[start] ? start + 1 : -1;
                    }
                    if (b != '\n' && needle != null && !named) {
                        // Knuth-Morris-Pratt: the needle found across buffer boundaries without copying a line
                        while (matched > 0 && b != needle[matched]) matched = fallback[matched - 1];
                        if (b == needle[matched] && ++matched == needle.length) named = true;
                    }
                }
                position += read;
            }
            // The last record as written: a trail whose line endings were converted to CR LF is linked to as the chain knows it.
            String lastHash = count == 0 ? AuditVerifier.GENESIS
                    : Sha256.hex(AuditVerifier.asWritten(readRange(channel, lastStart, lineStart - 1)));
            byte[] partial = readRange(channel, lineStart, channel.size());
            // Not a trail: something in it, and neither a line nor a partial first record that starts as a record does.
            boolean notATrail = recordLike == 0 && (count > 0 || (partial.length > 0 && start < 0));
            return new Scan(new Tail(count, lastHash, lineStart, partial), null, notATrail);
        }

        private static byte[] readRange(FileChannel channel, long from, long to) throws IOException {
            ByteBuffer range = ByteBuffer.allocate(Math.toIntExact(Math.max(0, to - from)));
            while (range.hasRemaining() && channel.read(range, from + range.position()) >= 0) {
                // read up to the end of the range
            }
            return range.array();
        }
    }

    /**
     * The line as a record of {@code type} whose {@code key} is {@code value}, whose content is unaltered and which holds
     * what the run's record says of its run and nothing more: the {@code saidOfRun} fields as written here (by name, their
     * JSON), and no other member but those of {@link AuditVerifier#BATCH_CIRCUMSTANCES}; or null. A batch id is known
     * before its run concludes (a merged run's is derived from its run id and parts), so a record of that id written
     * ahead with another verdict or figure, or without what tells it apart — by hand, with its chain intact — must not
     * stand for the run, nor be vouched for by the checkpoint the run reports.
     */
    private static Appended recorded(byte[] line, String type, String key, String value, Map<String, String> saidOfRun,
                                     long records) {
        String text = new String(AuditVerifier.asWritten(line), StandardCharsets.UTF_8);
        Map<String, RecordJson.Member> members;
        try {
            members = RecordJson.members(text);
        } catch (RecordJson.NotJson e) {
            return null;
        }
        RecordJson.Member hash = members.get("hash");
        // A value with half an emoji in it was written with U+FFFD in its place.
        if (!LoneSurrogates.replaced(value).equals(valueOf(members.get(key))) || !type.equals(valueOf(members.get("type"))) || !(hash != null
                && hash.value() instanceof String) || !AuditVerifier.hashesToItself(text, hash)) {
            return null;
        }
        for (Map.Entry<String, String> field : saidOfRun.entrySet()) {
            RecordJson.Member member = members.get(field.getKey());
            String written = member == null ? null : text.substring(member.start(), member.end());
            if (!java.util.Objects.equals(written, field.getValue())) return null;
        }
        for (String name : members.keySet()) {
            if (AuditVerifier.saysOfTheRun(name) && !saidOfRun.containsKey(name)) return null;
        }
        return new Appended(new Checkpoint(Sha256.hex(AuditVerifier.asWritten(line)), records), true, 0);
    }

    private static Object valueOf(RecordJson.Member member) {
        return member == null ? null : member.value();
    }

    /** For each prefix of the needle, the length of its longest proper prefix that is also its suffix. */
    private static int[] fallback(byte[] needle) {
        int[] fallback = new int[needle.length];
        for (int i = 1, k = 0; i < needle.length; i++) {
            while (k > 0 && needle[i] != needle[k]) k = fallback[k - 1];
            if (needle[i] == needle[k]) k++;
            fallback[i] = k;
        }
        return fallback;
    }

    /**
     * What an append did.
     *
     * @param checkpoint  the head after the record
     * @param already     whether the record was in the trail before, so nothing was written
     * @param quarantined how many bytes an interrupted write had left at the trail's end, kept in a
     *                    {@code TRUNCATED_TAIL} record before this one; 0 when there were none
     */
    public record Appended(Checkpoint checkpoint, boolean already, int quarantined) {
    }

    private static Tail write(FileChannel channel, Tail tail, String type, Map<String, Object> fields) throws IOException {
        return write(channel, tail, type, fields, RecordLine::of);
    }

    /**
     * Appends a record of {@code type} with {@code fields} after {@code tail}, made into its line by {@code serializer}: {@link
     * RecordLine} for a run's record, {@link PlainRecordLine} for the rotation's own, written where the engine's
     * dependencies may be missing (the engine's jar alone).
     */
    private static Tail write(FileChannel channel, Tail tail, String type, Map<String, Object> fields,
                              java.util.function.Function<Map<String, Object>, String> serializer) throws IOException {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("seq", tail.count());
        record.put("prev_hash", tail.lastHash());
        record.put("hash", AuditVerifier.GENESIS);
        record.put("type", type);
        record.putAll(fields);
        String unsigned = serializer.apply(record);
        String hash = Sha256.hex(unsigned.getBytes(StandardCharsets.UTF_8));
        String line = unsigned.replaceFirst("\"hash\":\"" + AuditVerifier.GENESIS + "\"", "\"hash\":\"" + hash + "\"");
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        channel.position(channel.size());
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) channel.write(buffer);
        return new Tail(tail.count() + 1, Sha256.hex(line.getBytes(StandardCharsets.UTF_8)), channel.size(), new byte[0]);
    }

    /** The external checkpoint of the trail: hash of its last record and how many records it has. */
    public record Checkpoint(String headHash, long records) {
    }

    /** What the file holds at its end: record count, hash of the last complete line, and any partial line after it. */
    private record Tail(long count, String lastHash, long completeLength, byte[] partial) {
    }
}
