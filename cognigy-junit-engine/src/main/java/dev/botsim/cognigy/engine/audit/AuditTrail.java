package dev.botsim.cognigy.engine.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Appends records to a tamper-evident audit trail (JSON Lines, see {@link AuditVerifier} for the
 * chain). Safe for several JVMs at once — Surefire forks — through an exclusive lock on a sibling
 * {@code .lock} file held while the tail is read and the record written; every append is forced to
 * disk before the lock is released. An incomplete last line left by an interrupted writer is not
 * dropped: it is cut off and kept, base64-encoded, in a {@code TRUNCATED_TAIL} record.
 */
public final class AuditTrail {

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
        Path directory = file.toAbsolutePath().getParent();
        if (directory != null) Files.createDirectories(directory);
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockChannel.lock();
             FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                     StandardOpenOption.WRITE)) {
            Tail tail = Tail.read(channel);
            if (tail.partial().length > 0) {
                channel.truncate(tail.completeLength());
                Map<String, Object> quarantined = new LinkedHashMap<>();
                quarantined.put("partial_bytes", tail.partial().length);
                quarantined.put("partial_base64", Base64.getEncoder().encodeToString(tail.partial()));
                tail = write(channel, tail, "TRUNCATED_TAIL", quarantined);
            }
            tail = write(channel, tail, type, fields);
            channel.force(true);
            return new Checkpoint(tail.lastHash(), tail.count());
        }
    }

    private Tail write(FileChannel channel, Tail tail, String type, Map<String, Object> fields) throws IOException {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("seq", tail.count());
        record.put("prev_hash", tail.lastHash());
        record.put("hash", AuditVerifier.GENESIS);
        record.put("type", type);
        record.putAll(fields);
        String unsigned = json.writeValueAsString(record);
        String hash = AuditVerifier.sha256(unsigned.getBytes(StandardCharsets.UTF_8));
        String line = unsigned.replaceFirst("\"hash\":\"" + AuditVerifier.GENESIS + "\"", "\"hash\":\"" + hash + "\"");
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        channel.position(channel.size());
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) channel.write(buffer);
        return new Tail(tail.count() + 1, AuditVerifier.sha256(line.getBytes(StandardCharsets.UTF_8)), channel.size(), new byte[0]);
    }

    /** The external checkpoint of the trail: hash of its last record and how many records it has. */
    public record Checkpoint(String headHash, long records) {
    }

    /** What the file holds at its end: record count, hash of the last complete line, and any partial line after it. */
    private record Tail(long count, String lastHash, long completeLength, byte[] partial) {

        static Tail read(FileChannel channel) throws IOException {
            long size = channel.size();
            byte[] bytes = new byte[(int) size];
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            channel.position(0);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read the whole file: records are counted and the last one hashed
            }
            long count = 0;
            String last = AuditVerifier.GENESIS;
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    last = AuditVerifier.sha256(java.util.Arrays.copyOfRange(bytes, start, i));
                    count++;
                    start = i + 1;
                }
            }
            return new Tail(count, last, start, java.util.Arrays.copyOfRange(bytes, start, bytes.length));
        }
    }
}
