package dev.botsim.cognigy.engine.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit trail as the readers a CI step or an auditor uses take it, whatever the bot answered. */
class InteroperableAuditTest {

    /** A record holding a bot's answer cut inside an emoji, in a key and a value, and a score JSON has no number for. */
    private static Map<String, Object> cutAnswer() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("batch_id", "batch_io");
        fields.put("answer", "your order \ud83d");
        fields.put("entities", Map.of("order\udc00", "ORD_1"));
        fields.put("score", Double.POSITIVE_INFINITY);
        return fields;
    }

    @Test
    @DisplayName("half a surrogate pair is U+FFFD in the audit record (never '?', which reads back as another text) and a score"
            + " of infinity null, as jq reads the line; the trail still verifies, before and after such a record")
    void loneSurrogatesAndInfinity(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/jq")), "jq is not installed: check skipped");
        Path file = dir.resolve("audit.jsonl");
        AuditTrail trail = new AuditTrail(file);
        trail.append("BATCH", Map.of("batch_id", "batch_before"));
        AuditTrail.Checkpoint head = trail.append("BATCH", cutAnswer());
        trail.append("BATCH", Map.of("batch_id", "batch_after"));

        String written = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(written).doesNotContainIgnoringCase("\\ud83d").doesNotContain("Infinity").doesNotContain("order ?\"");
        Process jq = new ProcessBuilder("/usr/bin/jq", "-e", "-s", ".[1] | .answer == \"your order \\ufffd\""
                + " and (.entities | keys) == [\"order\\ufffd\"] and .score == null", file.toString()).redirectErrorStream(true).start();
        String said = new String(jq.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jq.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(jq.exitValue()).as(written + said).isZero();

        // The bytes hashed are the bytes written: the chain holds and the checkpoint names the record.
        AuditVerifier.Result verified = AuditVerifier.verify(file, head.headHash());
        assertThat(verified.anomalies()).isEmpty();
        assertThat(verified.records()).isEqualTo(3);
        assertThat(verified.expectedHead()).hasValueSatisfying(expected -> assertThat(expected.foundAt()).isEqualTo(1));
    }

    @Test
    @DisplayName("a batch whose id holds half an emoji is recorded once, however often it is concluded: the id written with"
            + " U+FFFD is the id looked for")
    void recordedOnceWithALoneSurrogateInItsKey(@TempDir Path dir) throws Exception {
        AuditTrail trail = new AuditTrail(dir.resolve("audit.jsonl"));
        Map<String, Object> fields = Map.of("batch_id", "batch_\ud83d");

        AuditTrail.Appended first = trail.appendOnce("BATCH", fields, "batch_id");
        AuditTrail.Appended again = trail.appendOnce("BATCH", fields, "batch_id");

        assertThat(first.already()).isFalse();
        assertThat(again.already()).isTrue();
        assertThat(again.checkpoint()).isEqualTo(first.checkpoint());
    }
}
