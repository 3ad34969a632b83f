package dev.botsim.cognigy.engine.audit;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.botsim.cognigy.engine.support.Sha256;
import dev.botsim.cognigy.engine.audit.Anomaly.Kind;

/**
 * Checks an audit trail and names every record that is not as the appender wrote it, with what is
 * wrong. Uses the JDK only, so it runs from the engine jar alone. Records are numbered from 0.
 *
 * <p>A record is one line holding a JSON object that starts {@code {"seq":N,"prev_hash":P,"hash":H,}}
 * and has a {@code type}: {@code N} counts records from 0, {@code P} is the SHA-256 of the previous
 * record's exact line bytes (64 zeros for the first), {@code H} the SHA-256 of the record's own line
 * with {@code H} written as 64 zeros. The self hash pinpoints an altered record; the chain and
 * {@code seq} catch deleted, inserted and reordered ones. A line that is not such an object is an
 * anomaly even when the hashes around it were recomputed to agree: what cannot be read as a record
 * is never accepted as one.
 *
 * <p>Each record is checked on its own terms and against the line before it as that line stands, so
 * one edit is named where it is and checking goes on after it: every anomaly in the file is found,
 * not only the first.
 */
public final class AuditVerifier {

    static final String GENESIS = "0".repeat(64);

    /**
     * Whether a record's text hashes to its own {@code hash} member: the SHA-256 of the record with 64 zeros in that
     * member's place, as it was signed.
     */
    static boolean hashesToItself(String text, RecordJson.Member hash) {
        String unsigned = text.substring(0, hash.start()) + '"' + GENESIS + '"' + text.substring(hash.end());
        return Sha256.hex(unsigned.getBytes(StandardCharsets.UTF_8)).equals(hash.value());
    }

    /**
     * The line as the appender wrote it: without the CR before its newline when only that CR keeps the record from
     * hashing to its own hash — the file's line endings converted to CR LF (git's {@code core.autocrlf}, an editor, a
     * transfer in text mode) — else the line as it stands. The chain and checkpoints are of records as written, so the
     * record after a converted line links to it, and a checkpoint finds it, as before the conversion; the converted line
     * itself still fails its own hash, saying why.
     */
    static byte[] asWritten(byte[] line) {
        if (line.length == 0 || line[line.length - 1] != '\r') return line;
        byte[] withoutCr = java.util.Arrays.copyOf(line, line.length - 1);
        try {
            String text = utf8(withoutCr);
            RecordJson.Member hash = RecordJson.members(text).get("hash");
            return isHash(hash) && hashesToItself(text, hash) ? withoutCr : line;
        } catch (RecordJson.NotJson e) {
            return line;
        }
    }

    private static final List<String> LEADING_KEYS = List.of("seq", "prev_hash", "hash");
    private static final BigInteger LARGEST_SEQ = BigInteger.valueOf(Long.MAX_VALUE);

    /**
     * @param records      complete records read (lines ending in a newline)
     * @param headHash     SHA-256 of the last complete line: the trail's head as it stands, comparable with a checkpoint
     * @param anomalies    everything found, in file order, a missing checkpoint last; empty for a clean trail
     * @param expectedHead where the expected head was found, when one was given
     * @param recordLike   how many of the lines start as a record does (seq, prev_hash, hash), whether or not they verify
     */
    public record Result(int records, String headHash, List<Anomaly> anomalies, Optional<ExpectedHead> expectedHead,
                         int recordLike, Optional<Continuation> continues) {

        public Result {
            anomalies = List.copyOf(anomalies);
        }

        Result(int records, String headHash, List<Anomaly> anomalies, Optional<ExpectedHead> expectedHead, int recordLike) {
            this(records, headHash, anomalies, expectedHead, recordLike, Optional.empty());
        }

        /**
         * Whether the file is no audit trail at all: it has lines, and none of them starts as a record does (a
         * {@code results.json}, a part file, a log named instead of the trail).
         */
        public boolean notATrail() {
            return records > 0 && recordLike == 0;
        }

        /** Whether the trail verifies: no anomaly breaks it (warnings may remain). */
        public boolean ok() {
            return anomalies.stream().noneMatch(Anomaly::breaksTrail);
        }

        /** Anomalies that break the trail. */
        List<Anomaly> problems() {
            return anomalies.stream().filter(Anomaly::breaksTrail).toList();
        }

        /** Anomalies reported without breaking the trail: quarantined partial writes, batches recorded again. */
        List<Anomaly> warnings() {
            return anomalies.stream().filter(a -> !a.breaksTrail()).toList();
        }

        /** Index of the first record with a problem, or -1 (also when only the checkpoint is missing). */
        int firstBadIndex() {
            return problems().stream().mapToInt(Anomaly::record).filter(r -> r != Anomaly.WHOLE_TRAIL).findFirst().orElse(-1);
        }

        /** The first problem as its output line, or {@code null} when the trail verifies. */
        String reason() {
            return problems().stream().findFirst().map(Anomaly::toString).orElse(null);
        }
    }

    /**
     * What a trail's first record says of the trail it continues, when it is a {@code CONTINUATION} ({@link
     * AuditTrail#rotateTo}): that trail as the rotation named it, its record count and the hash of its last record.
     */
    public record Continuation(String previousTrail, long previousRecords, String previousHead) {
    }

    /**
     * Whether {@code later}, verified after {@code earlier} ({@code earlierName}), continues it: its first record is a
     * {@code CONTINUATION} naming the record count and head hash {@code earlier} has. Empty when it does; else the anomaly,
     * at {@code later}'s record 0.
     */
    static Optional<Anomaly> joins(String earlierName, Result earlier, Result later) {
        if (later.records() == 0) return Optional.empty(); // an empty trail is said as such
        if (later.continues().isEmpty()) {
            return Optional.of(new Anomaly(0, Kind.BROKEN_CONTINUATION, "record 0 is no CONTINUATION record: this trail does not"
                    + " continue " + earlierName + "; name the trails oldest first, each archived trail before the one its rotation"
                    + " started"));
        }
        Continuation continuation = later.continues().get();
        if (continuation.previousRecords() == earlier.records() && continuation.previousHead().equals(earlier.headHash())) {
            return Optional.empty();
        }
        return Optional.of(new Anomaly(0, Kind.BROKEN_CONTINUATION, "record 0 continues a trail of "
                + continuation.previousRecords() + " records whose head hash is " + continuation.previousHead() + ", but "
                + earlierName + " has " + earlier.records() + " records, head hash " + earlier.headHash() + ": it was changed, cut"
                + " short or appended to after the rotation, or it is not the trail this one continues (name the trails oldest"
                + " first)"));
    }

    /**
     * A checkpoint kept outside the trail (the webhook payload's {@code audit_checkpoint.head_hash}) and where it is.
     *
     * @param hash    the expected head hash
     * @param foundAt index of the record whose line hashes to it, or -1 when none does
     */
    public record ExpectedHead(String hash, int foundAt) {

        public boolean found() {
            return foundAt >= 0;
        }
    }

    private AuditVerifier() {
    }

    public static Result verify(Path file) throws IOException {
        return verify(file, null);
    }

    /**
     * @param expectedHead a head hash known from elsewhere, or {@code null}: the trail must hold the record it
     *                     names (records appended after it are fine); if none hashes to it, that is an anomaly
     */
    static Result verify(Path file, String expectedHead) throws IOException {
        String expected = expectedHead == null ? null : expectedHead.toLowerCase(Locale.ROOT);
        List<Anomaly> anomalies = new ArrayList<>();
        String previousHash = GENESIS;
        BigInteger expectedSeq = BigInteger.ZERO;
        int foundAt = -1;
        int index = 0;
        int recordLike = 0;
        Continuation continues = null;
        // Line by line: a trail grows by a record every run, and only one record is needed at a time. Of each batch, only
        // where its first record is and a digest of what it says are kept (Batches): a trail of years holds tens of
        // thousands of batches.
        try (java.io.InputStream in = Files.newInputStream(file); Batches batches = new Batches(file)) {
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[1 << 16];
            long lineStart = 0;
            long position = 0;
            int read;
            while ((read = in.read(buffer)) >= 0) {
                int start = 0;
                for (int i = 0; i < read; i++) {
                    if (buffer[i] != '\n') continue;
                    line.write(buffer, start, i - start);
                    start = i + 1;
                    byte[] record = line.toByteArray();
                    line.reset();
                    Checked checked = check(index, record, lineStart, previousHash, expectedSeq, anomalies, batches);
                    lineStart = position + i + 1;
                    if (index == 0) continues = checked.continues();
                    expectedSeq = checked.nextSeq();
                    if (checked.startsAsRecord()) recordLike++;
                    previousHash = Sha256.hex(asWritten(record));
                    if (foundAt < 0 && previousHash.equals(expected)) foundAt = index;
                    index++;
                }
                line.write(buffer, start, read - start);
                position += read;
            }
            if (line.size() > 0) {
                anomalies.add(new Anomaly(index, Kind.INCOMPLETE_RECORD, "the file ends " + line.size()
                        + " bytes into a line without its newline: an interrupted write not yet quarantined by an append, or truncation"));
            }
        }
        if (expected != null && foundAt < 0) {
            anomalies.add(new Anomaly(Anomaly.WHOLE_TRAIL, Kind.HEAD_MISMATCH, "none of the " + index + " records hashes to the expected head "
                    + expected + ": the records it vouched for were rewritten, or the trail was cut off before it"));
        }
        return new Result(index, previousHash, anomalies,
                expected == null ? Optional.empty() : Optional.of(new ExpectedHead(expected, foundAt)), recordLike,
                Optional.ofNullable(continues));
    }

    /**
     * What one line's check leaves for the next.
     *
     * @param nextSeq        the seq the next record must carry
     * @param startsAsRecord whether the line is a JSON object whose first members are seq, prev_hash and hash
     */
    private record Checked(BigInteger nextSeq, boolean startsAsRecord, Continuation continues) {

        Checked(BigInteger nextSeq, boolean startsAsRecord) {
            this(nextSeq, startsAsRecord, null);
        }
    }

    /**
     * The members of a batch record that say when, where and by whom it was written, and which it is: all others — the
     * verdict and figures, what the run tested and what tells two runs with them apart — are what the record says of its
     * run. One rule for the appender, which records a batch again only when the record it finds says otherwise of it, and
     * for the verifier, which names a second record of a batch that does. Every other member counts, those added later
     * too, so a record written ahead with the run's verdict and another figure (its flow coverage, a locale's NLU
     * figures, its stability, the snapshot it tested) never stands for the run; a member one record has and the other
     * lacks is a difference. A run concluded again (a merge job re-run on another runner) writes the same record but for
     * these.
     */
    static final Set<String> BATCH_CIRCUMSTANCES = Set.of("seq", "prev_hash", "hash", "type", "batch_id", "time", "user",
            "host", "ci");

    /** Whether a batch record's member says something of its run, rather than of its writing. */
    static boolean saysOfTheRun(String member) {
        return !BATCH_CIRCUMSTANCES.contains(member);
    }

    /**
     * The first record of each batch met so far, kept small: its number, where its line is in the file, and a digest of
     * what it says of its run — a trail grows by a record every run, and every batch's first record is kept while it is
     * read, so holding what each says (as it was, about 1.5 KB a record) made the memory a verification needs grow with
     * the trail's years. A later record of a batch is compared by that digest; only when the two differ is the first
     * record read again from the file, to name what differs.
     */
    private static final class Batches implements java.io.Closeable {

        /** A batch's first record: its number, its line's place in the file, and the digest of what it says of its run. */
        private record First(int index, long offset, int length, long digestHigh, long digestLow) {
        }

        private final Path file;
        private final Map<String, First> firsts = new java.util.HashMap<>();
        /** Opened the first time a record must be read again: most trails never need it. */
        private java.nio.channels.FileChannel channel;

        Batches(Path file) {
            this.file = file;
        }

        /**
         * The first record of {@code id}, when {@code now} (of line {@code offset}, {@code length} bytes) is a later one that
         * says otherwise of its run; empty when it is the batch's first, or says the same.
         */
        Optional<Recorded> differingFirst(String id, Recorded now, long offset, int length) throws IOException {
            byte[] digest = now.digest();
            First first = firsts.putIfAbsent(id, new First(now.index(), offset, length, high(digest, 0), high(digest, 8)));
            if (first == null || (first.digestHigh() == high(digest, 0) && first.digestLow() == high(digest, 8))) {
                return Optional.empty();
            }
            if (channel == null) channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ);
            ByteBuffer line = ByteBuffer.allocate(first.length());
            while (line.hasRemaining() && channel.read(line, first.offset() + line.position()) >= 0) {
                // up to the line's end
            }
            try {
                String text = utf8(line.array());
                return Optional.of(Recorded.of(first.index(), text, RecordJson.members(text)));
            } catch (RecordJson.NotJson e) {
                // The file changed under the verifier: no longer the line it read.
                throw new IOException(file + " changed while it was verified: record " + first.index() + " reads otherwise now");
            }
        }

        private static long high(byte[] digest, int from) {
            return ByteBuffer.wrap(digest, from, 8).getLong();
        }

        @Override
        public void close() throws IOException {
            if (channel != null) channel.close();
        }
    }

    /**
     * What a batch's record says of its run as written (the members the appender compares before it records a batch
     * again) and which record it is: held for the record being read and, when a batch's later record differs, its first
     * one read again ({@link Batches} keeps only a digest of each).
     */
    private record Recorded(int index, Map<String, String> saidOfRun) {

        /** A SHA-256 of what it says of its run, whatever the order of its members: two records that say the same share it. */
        byte[] digest() {
            java.security.MessageDigest sha;
            try {
                sha = java.security.MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            new java.util.TreeMap<>(saidOfRun).forEach((name, written) -> {
                for (String part : new String[] {name, written}) {
                    byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                    sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                    sha.update(bytes);
                }
            });
            return sha.digest();
        }

        static Recorded of(int index, String text, Map<String, RecordJson.Member> members) {
            Map<String, String> saidOfRun = new java.util.LinkedHashMap<>();
            members.forEach((name, member) -> {
                if (!saysOfTheRun(name)) return;
                saidOfRun.put(name, text.substring(member.start(), member.end()));
            });
            return new Recorded(index, saidOfRun);
        }

        /** {@code COMPLIANT at threshold 0.95}, as far as the record says. */
        String said() {
            String governance = saidOfRun.get("governance");
            String threshold = saidOfRun.get("threshold");
            return (governance == null ? "no verdict" : governance.replace("\"", "")) + (threshold == null ? "" : " at threshold " + threshold);
        }
    }

    /**
     * A record of a batch met before, whose verdict or figures differ, is said with both; one that repeats it is not (the
     * appender never writes it, and it adds nothing).
     */
    private static void repeatedBatch(int index, String text, Map<String, RecordJson.Member> members, long offset, int length,
                                      Batches batches, List<Anomaly> anomalies) throws IOException {
        RecordJson.Member batch = members.get("batch_id");
        if (batch == null || !(batch.value() instanceof String id)) return;
        Recorded now = Recorded.of(index, text, members);
        Optional<Recorded> differing = batches.differingFirst(id, now, offset, length);
        if (differing.isEmpty()) return;
        Recorded first = differing.get();
        Set<String> names = new java.util.TreeSet<>(first.saidOfRun().keySet());
        names.addAll(now.saidOfRun().keySet());
        List<String> differ = names.stream().filter(name -> !java.util.Objects.equals(first.saidOfRun().get(name),
                now.saidOfRun().get(name))).toList();
        // When the first only lacks members the second has, it may be an earlier version's record, written before
        // records carried them, and the same batch concluded again by a later one: said as the first thing to look at.
        List<String> lacking = differ.stream().filter(name -> !first.saidOfRun().containsKey(name)).toList();
        String older = lacking.equals(differ) ? "; record " + first.index() + " carries no " + String.join(", ", lacking)
                + ", as a record an earlier version of cognigy-junit wrote before its records carried them: the batch"
                + " concluded again by a later version is recorded again, since the earlier record does not say them" : "";
        anomalies.add(new Anomaly(index, Kind.REPEATED_BATCH, "a second record of batch " + RecordJson.quoted(id) + ", " + now.said()
                + ", after record " + first.index() + ", " + first.said() + " (they differ in " + String.join(", ", differ) + older + "):"
                + " the appender records a batch once, and again only when the record it finds reads otherwise than its run"
                + " — one written ahead of the run with its batch id (a merged run's is known before it concludes), or"
                + " altered; the checkpoint the run reported (the webhook payload's audit_checkpoint) names its own record"));
    }

    /** Checks one complete line, which begins at {@code offset} in the file. */
    private static Checked check(int index, byte[] line, long offset, String previousHash, BigInteger expectedSeq,
                                 List<Anomaly> anomalies, Batches batches) throws IOException {
        Map<String, RecordJson.Member> members;
        String text;
        try {
            text = utf8(line);
            members = RecordJson.members(text);
        } catch (RecordJson.NotJson e) {
            anomalies.add(new Anomaly(index, Kind.NON_JSON_RECORD, e.getMessage()));
            return new Checked(expectedSeq.add(BigInteger.ONE), false);
        }
        List<String> leading = members.keySet().stream().limit(LEADING_KEYS.size()).toList();
        boolean startsAsRecord = leading.equals(LEADING_KEYS);
        if (!startsAsRecord) {
            anomalies.add(new Anomaly(index, Kind.MALFORMED_RECORD,
                    "a record starts with seq, prev_hash and hash, in that order; this one starts with "
                            + leading.stream().map(RecordJson::quoted).toList()));
        }
        BigInteger seq = seq(index, members.get("seq"), expectedSeq, anomalies);
        RecordJson.Member previous = members.get("prev_hash");
        if (!isHash(previous)) {
            anomalies.add(new Anomaly(index, Kind.MALFORMED_RECORD, "prev_hash " + notAHash(previous)));
        } else if (!previous.value().equals(previousHash)) {
            anomalies.add(new Anomaly(index, Kind.BROKEN_LINK, index == 0
                    ? "the first record's prev_hash is not 64 zeros: records before it are missing"
                    : previous.value().equals(GENESIS)
                            ? "prev_hash is 64 zeros after record 0: a second chain starts here"
                            : "prev_hash is not the hash of record " + (index - 1)
                                    + ": that record or this one was changed, or records between them were removed, added or moved"));
        }
        RecordJson.Member hash = members.get("hash");
        if (!isHash(hash)) {
            anomalies.add(new Anomaly(index, Kind.MALFORMED_RECORD, "hash " + notAHash(hash)));
        } else if (!hashesToItself(text, hash)) {
            anomalies.add(new Anomaly(index, Kind.BAD_SELF_HASH, text.endsWith("\r") && hashesToItself(text.substring(0, text.length() - 1), hash)
                    ? "the line ends in CR LF and the record hashes to its own hash without the CR: the file's line endings were"
                            + " converted (git's core.autocrlf, an editor, a transfer in text mode), which changes the bytes the chain"
                            + " vouches for; verify the file as it was written, with LF line endings (in git: '*.jsonl -text' in .gitattributes)"
                    : "the record does not hash to its own hash: its content was altered"));
        }
        RecordJson.Member type = members.get("type");
        Continuation continues = null;
        if (type == null || !(type.value() instanceof String)) {
            anomalies.add(new Anomaly(index, Kind.MALFORMED_RECORD, type == null ? "the record has no type" : "type is not a string"));
        } else if (type.value().equals(AuditTrail.CONTINUATION)) {
            continues = continuation(index, members, anomalies);
        } else if (type.value().equals("TRUNCATED_TAIL")) {
            quarantined(index, members, previousHash, anomalies);
        } else if (type.value().equals("BATCH")) {
            repeatedBatch(index, text, members, offset, line.length, batches, anomalies);
        }
        return new Checked((seq == null ? expectedSeq : seq).add(BigInteger.ONE), startsAsRecord, continues);
    }

    /**
     * What a {@code CONTINUATION} record says of the trail it continues; {@code null}, with the anomaly, when it is not a
     * trail's first record (a rotation starts a trail with it, and only then) or does not say it as the rotation writes it.
     */
    private static Continuation continuation(int index, Map<String, RecordJson.Member> members, List<Anomaly> anomalies) {
        if (index != 0) {
            anomalies.add(new Anomaly(index, Kind.MALFORMED_RECORD, "a CONTINUATION record starts a trail that continues an"
                    + " archived one (rotate-audit), and is only ever its record 0"));
            return null;
        }
        RecordJson.Member trail = members.get("previous_trail");
        RecordJson.Member records = members.get("previous_records");
        RecordJson.Member head = members.get("previous_head");
        if (!(trail != null && trail.value() instanceof String name) || !(records != null
                && records.value() instanceof RecordJson.NumberLiteral count && count.isWholeNumber() && !count.text().startsWith("-")
                && new BigInteger(count.text()).compareTo(BigInteger.ONE) >= 0 && new BigInteger(count.text()).compareTo(LARGEST_SEQ) <= 0)
                || !isHash(head)) {
            anomalies.add(new Anomaly(index, Kind.MALFORMED_RECORD, "a CONTINUATION record names the trail it continues as"
                    + " previous_trail, its record count (a whole number from 1) as previous_records and its head as"
                    + " previous_head (64 lower-case hex digits); this one does not"));
            return null;
        }
        return new Continuation(name, Long.parseLong(count.text()), (String) head.value());
    }

    /** Checks seq; returns it when it is a usable record number, else {@code null} (the next is then judged by position). */
    private static BigInteger seq(int index, RecordJson.Member member, BigInteger expectedSeq, List<Anomaly> anomalies) {
        if (member == null) {
            anomalies.add(new Anomaly(index, Kind.MALFORMED_RECORD, "the record has no seq"));
            return null;
        }
        if (!(member.value() instanceof RecordJson.NumberLiteral number) || !number.isWholeNumber() || number.text().startsWith("-")) {
            anomalies.add(new Anomaly(index, Kind.NON_NUMERIC_SEQ, "seq is " + shown(member.value()) + ", not a whole number from 0"));
            return null;
        }
        BigInteger seq = new BigInteger(number.text());
        if (seq.compareTo(LARGEST_SEQ) > 0) {
            anomalies.add(new Anomaly(index, Kind.OVERSIZED_SEQ, "seq " + shown(number) + " is beyond any record count (2^63 - 1 at most)"));
            return null;
        }
        if (!seq.equals(expectedSeq)) {
            anomalies.add(new Anomaly(index, Kind.NON_CONSECUTIVE_SEQ, "seq " + seq + " where " + expectedSeq
                    + " was expected: a record is missing, added or moved"));
        }
        return seq;
    }

    /**
     * A quarantined partial write is always reported; one whose bytes cannot be read is also malformed. Bytes that are a
     * whole record, only its newline missing, are no write cut short: the appender writes a record and its newline at
     * once, so they are a record whose newline was removed — by an editor, or to have the next append quarantine an
     * altered record rather than leave it to fail its hash. Such a record is checked as any record is.
     */
    private static void quarantined(int index, Map<String, RecordJson.Member> members, String previousHash, List<Anomaly> anomalies) {
        RecordJson.Member count = members.get("partial_bytes");
        RecordJson.Member base64 = members.get("partial_base64");
        Integer decoded = null;
        String whole = null;
        if (base64 != null && base64.value() instanceof String text) {
            try {
                byte[] partial = Base64.getDecoder().decode(text);
                decoded = partial.length;
                whole = wholeRecord(index, partial, previousHash, anomalies);
            } catch (IllegalArgumentException e) {
                decoded = null;
            }
        }
        boolean agree = decoded != null && count != null && count.value() instanceof RecordJson.NumberLiteral n
                && n.text().equals(String.valueOf(decoded));
        if (!agree) {
            anomalies.add(new Anomaly(index, Kind.MALFORMED_RECORD,
                    "a TRUNCATED_TAIL record keeps its partial write as partial_base64 with its length in partial_bytes; this one's do not agree"));
        }
        String begun = whole == null && decoded != null ? begun(Base64.getDecoder().decode((String) base64.value())) : null;
        anomalies.add(new Anomaly(index, Kind.TRUNCATED_TAIL, whole != null ? whole
                : begun != null ? decoded + " bytes that an interrupted write left were quarantined here by the next append: "
                        + begun
                : (decoded == null ? "unreadable" : decoded) + " bytes that an interrupted write left were quarantined here by the"
                        + " next append: a crash, recorded, not tampering; the run that was writing may have no record"));
    }

    private static final java.util.regex.Pattern BATCH = java.util.regex.Pattern.compile("\"batch_id\":\"([A-Za-z0-9_.-]{1,64})\"");
    private static final java.util.regex.Pattern GOVERNANCE = java.util.regex.Pattern.compile("\"governance\":\"([A-Z_]{1,32})\"");

    /**
     * What quarantined bytes that begin a run's record say of it — its batch and, when the cut came after it, its verdict —
     * or {@code null} when they name no batch: the run they were recording has no record of its own, and an auditor must
     * know which run and which verdict that is. A record cut short by hand to turn it into this warning reads the same as
     * a write cut short by a crash: only a checkpoint tells them apart.
     */
    private static String begun(byte[] partial) {
        String text = new String(partial, StandardCharsets.UTF_8);
        if (!text.startsWith("{\"seq\":")) return null;
        java.util.regex.Matcher batch = BATCH.matcher(text);
        if (!batch.find()) return null;
        java.util.regex.Matcher governance = GOVERNANCE.matcher(text);
        String verdict = governance.find() ? ", cut off after its verdict " + governance.group(1) : "";
        return "they begin the record of " + RecordJson.quoted(batch.group(1)) + verdict + ": that run may have no record of"
                + " its own; a JVM killed while appending it, or a record cut short by hand so that the next append would"
                + " quarantine it — only a checkpoint taken after it was written (--expect-head) tells which";
    }

    /**
     * When the quarantined bytes are a whole record without its newline: checks it against the line before the
     * quarantine, as it stood there, and returns the warning that says what it is; {@code null} when they are a write cut
     * short.
     */
    private static String wholeRecord(int index, byte[] partial, String previousHash, List<Anomaly> anomalies) {
        String text;
        Map<String, RecordJson.Member> members;
        try {
            text = utf8(partial);
            members = RecordJson.members(text);
        } catch (RecordJson.NotJson e) {
            return null;
        }
        if (!members.keySet().stream().limit(LEADING_KEYS.size()).toList().equals(LEADING_KEYS)) return null;
        RecordJson.Member type = members.get("type");
        RecordJson.Member batch = members.get("batch_id");
        String what = "the " + partial.length + " bytes quarantined here are a whole record"
                + (type != null && type.value() instanceof String t ? " of type " + RecordJson.quoted(t) : "")
                + (batch != null && batch.value() instanceof String b ? " for " + RecordJson.quoted(b) : "")
                + " without its newline, which no interrupted write leaves";
        RecordJson.Member hash = members.get("hash");
        RecordJson.Member previous = members.get("prev_hash");
        if (!isHash(hash) || !hashesToItself(text, hash)) {
            anomalies.add(new Anomaly(index, Kind.BAD_SELF_HASH, what + ", and it does not hash to its own hash: it was altered,"
                    + " and its newline removed so that the next append would quarantine it"));
        } else if (!isHash(previous) || !previous.value().equals(previousHash)) {
            anomalies.add(new Anomaly(index, Kind.BROKEN_LINK, what + ", and its prev_hash is not the hash of the record before"
                    + " it: it was put there, or records before it were changed"));
        }
        return what + ": its newline was removed (an editor, or a hand) and the next append quarantined it; its content"
                + " is kept in partial_base64, outside the chain's records, so check the trail against a checkpoint";
    }

    private static boolean isHash(RecordJson.Member member) {
        // written exactly as quotes around 64 lower-case hex digits: no escapes, which would hash differently
        return member != null && member.value() instanceof String s && member.end() - member.start() == 66
                && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    private static String notAHash(RecordJson.Member member) {
        return member == null ? "is missing" : "is " + shown(member.value()) + ", not 64 lower-case hex digits";
    }

    /** A value as messages show it: strings through {@link RecordJson#quoted}, long numbers cut short. */
    private static String shown(Object value) {
        if (value instanceof String s) return RecordJson.quoted(s);
        if (value instanceof RecordJson.Nested nested) return "an " + nested.name().toLowerCase(Locale.ROOT);
        String text = value instanceof RecordJson.NumberLiteral n ? n.text() : String.valueOf(value);
        return text.length() <= 40 ? text : text.substring(0, 40) + "… (" + text.length() + " characters)";
    }

    /** The line as text, refusing bytes that are not UTF-8: replacing them would verify other bytes than those written. */
    private static String utf8(byte[] line) throws RecordJson.NotJson {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        ByteBuffer in = ByteBuffer.wrap(line);
        CharBuffer out = CharBuffer.allocate(line.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) result = decoder.flush(out);
        if (result.isError()) throw new RecordJson.NotJson("the line is not UTF-8 text: invalid bytes at byte " + (in.position() + 1));
        return out.flip().toString();
    }

}
