package dev.botsim.cognigy.engine.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an audit trail and names the first record that is not as written. Uses the JDK only, so
 * it runs from the engine jar alone. Records are numbered from 0.
 *
 * <p>Each record starts {@code {"seq":N,"prev_hash":P,"hash":H,...}}: {@code P} is the SHA-256 of
 * the previous record's exact line bytes (64 zeros for the first), {@code H} the SHA-256 of the
 * record's own line with {@code H} written as 64 zeros. The self hash pinpoints an altered record;
 * the chain catches deleted, inserted and reordered ones.
 */
public final class AuditVerifier {

    static final String GENESIS = "0".repeat(64);
    static final Pattern HEAD = Pattern.compile("^\\{\"seq\":(\\d+),\"prev_hash\":\"([0-9a-f]{64})\",\"hash\":\"([0-9a-f]{64})\",");

    /**
     * @param ok            whether every record verifies and the file ends cleanly
     * @param records       complete records read
     * @param firstBadIndex index of the first bad record, or -1
     * @param reason        why it failed, or {@code null}
     * @param headHash      SHA-256 of the last good record's line: the checkpoint to compare externally
     */
    public record Result(boolean ok, int records, int firstBadIndex, String reason, String headHash) {
    }

    private AuditVerifier() {
    }

    public static Result verify(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String previousHash = GENESIS;
        int index = 0;
        int start = 0;
        while (start < bytes.length) {
            int end = indexOf(bytes, (byte) '\n', start);
            if (end < 0) {
                return new Result(false, index, index, "record " + index + " is incomplete: the file ends without a newline after "
                        + (bytes.length - start) + " bytes (an interrupted write, or truncation)", previousHash);
            }
            byte[] line = java.util.Arrays.copyOfRange(bytes, start, end);
            String text = new String(line, StandardCharsets.UTF_8);
            Matcher head = HEAD.matcher(text);
            if (!head.find()) return bad(index, "record " + index + " does not start with seq, prev_hash and hash", previousHash);
            if (Long.parseLong(head.group(1)) != index) {
                return bad(index, "record " + index + " carries seq " + head.group(1) + ": a record is missing, added or moved", previousHash);
            }
            String selfHash = sha256(text.replaceFirst("\"hash\":\"[0-9a-f]{64}\"", "\"hash\":\"" + GENESIS + "\"").getBytes(StandardCharsets.UTF_8));
            if (!selfHash.equals(head.group(3))) return bad(index, "record " + index + " was altered: its content does not match its hash", previousHash);
            if (!head.group(2).equals(previousHash)) {
                return bad(index, index > 0 && head.group(2).equals(GENESIS)
                        ? "record " + index + " starts a second chain (genesis after record 0)"
                        : "record " + index + " does not follow record " + (index - 1) + ": the chain is broken", previousHash);
            }
            previousHash = sha256(line);
            index++;
            start = end + 1;
        }
        return new Result(true, index, -1, null, previousHash);
    }

    private static Result bad(int index, String reason, String headHash) {
        return new Result(false, index, index, reason, headHash);
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) return i;
        }
        return -1;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
