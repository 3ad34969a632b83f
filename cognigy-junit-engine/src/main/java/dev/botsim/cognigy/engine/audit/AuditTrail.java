package dev.botsim.cognigy.engine.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.botsim.cognigy.engine.support.Sha256;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends records to a tamper-evident audit trail (JSON Lines, see {@link AuditVerifier} for the
 * chain). Safe for several JVMs at once — Surefire forks — through an exclusive lock on a sibling
 * {@code .lock} file held while the tail is read and the record written, and for several threads of one JVM (merges
 * of a parallel Maven build), which take turns before taking that lock; every append is forced to
 * disk before the lock is released. An incomplete last line left by an interrupted writer is not
 * dropped: it is cut off and kept, base64-encoded, in a {@code TRUNCATED_TAIL} record.
 */
public final class AuditTrail {

    /** Appends of this JVM, one at a time, whichever trail (the same file may be named by two paths). */
    private static final Object IN_THIS_JVM = new Object();

    private final Path file;
    private final JsonMapper json = JsonMapper.builder().build();

    public AuditTrail(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

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
        synchronized (IN_THIS_JVM) {
            return appendLocked(type, fields, key);
        }
    }

    private Appended appendLocked(String type, Map<String, Object> fields, String key) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        if (directory != null) Files.createDirectories(directory);
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockChannel.lock();
             FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                     StandardOpenOption.WRITE)) {
            byte[] content = readAll(channel);
            Tail tail = Tail.of(content);
            if (key != null && fields.get(key) instanceof String value) {
                Optional<Appended> earlier = recorded(content, type, key, value);
                if (earlier.isPresent()) return earlier.get();
            }
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

    /** The first complete record of {@code type} whose {@code key} is {@code value} and whose content is unaltered. */
    private static Optional<Appended> recorded(byte[] content, String type, String key, String value) {
        // Most lines are other runs': only a line naming the value is read as a record (a value JSON would escape, by key).
        byte[] needle = (value.matches("[A-Za-z0-9._-]+") ? "\"" + key + "\":\"" + value + "\"" : "\"" + key + "\":")
                .getBytes(StandardCharsets.UTF_8);
        int start = 0;
        long index = 0;
        for (int i = 0; i < content.length; i++) {
            if (content[i] != '\n') continue;
            byte[] line = Arrays.copyOfRange(content, start, i);
            index++;
            start = i + 1;
            if (indexOf(line, needle) < 0) continue;
            String text = new String(line, StandardCharsets.UTF_8);
            Map<String, RecordJson.Member> members;
            try {
                members = RecordJson.members(text);
            } catch (RecordJson.NotJson e) {
                continue;
            }
            RecordJson.Member hash = members.get("hash");
            if (!value.equals(valueOf(members.get(key))) || !type.equals(valueOf(members.get("type"))) || !(hash != null
                    && hash.value() instanceof String) || !AuditVerifier.hashesToItself(text, hash)) {
                continue;
            }
            return Optional.of(new Appended(new Checkpoint(Sha256.hex(line), index), true, 0));
        }
        return Optional.empty();
    }

    private static Object valueOf(RecordJson.Member member) {
        return member == null ? null : member.value();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    private static byte[] readAll(FileChannel channel) throws IOException {
        byte[] bytes = new byte[(int) channel.size()];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        channel.position(0);
        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
            // read the whole file: records are counted, the last one hashed, and earlier ones searched
        }
        return bytes;
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

    private Tail write(FileChannel channel, Tail tail, String type, Map<String, Object> fields) throws IOException {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("seq", tail.count());
        record.put("prev_hash", tail.lastHash());
        record.put("hash", AuditVerifier.GENESIS);
        record.put("type", type);
        record.putAll(fields);
        String unsigned = json.writeValueAsString(record);
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

        static Tail of(byte[] bytes) {
            long count = 0;
            String last = AuditVerifier.GENESIS;
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    last = Sha256.hex(Arrays.copyOfRange(bytes, start, i));
                    count++;
                    start = i + 1;
                }
            }
            return new Tail(count, last, start, Arrays.copyOfRange(bytes, start, bytes.length));
        }
    }
}
