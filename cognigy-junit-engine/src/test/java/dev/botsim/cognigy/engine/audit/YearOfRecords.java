package dev.botsim.cognigy.engine.audit;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The trail a year of hourly runs leaves, written in a second or two rather than appended run by run: records shaped as
 * a run's (the members of docs/audit-trail.md's example, about 1.3 KB each), each of a batch of its own, chained as the
 * appender chains them. Hashing is written here, independently of the appender and verifier.
 */
final class YearOfRecords {

    private static final String ZEROS = "0".repeat(64);

    /** A record as a run on an endpoint backend writes it; {@code %s}: seq, prev_hash, hash, batch id, time, run, failed. */
    private static final String RECORD = "{\"seq\":%d,\"prev_hash\":\"%s\",\"hash\":\"%s\",\"type\":\"BATCH\",\"batch_id\":\"%s\","
            + "\"time\":\"%s\",\"user\":\"ci\",\"host\":\"runner-7\",\"ci\":{\"CI\":\"true\",\"GITHUB_RUN_ID\":\"%d\"},"
            + "\"git_commit\":\"f0ec0999a1b2c3d4e5f60718293a4b5c6d7e8f90\",\"bot\":\"order-bot\",\"backend\":\"endpoint\","
            + "\"bot_under_test\":{\"project_id\":\"64f1a2b3c4d5e6f708091a2b\",\"project\":\"Order Bot\",\"endpoint\":"
            + "\"cognigy-junit tests\",\"flow\":\"Main Flow\",\"flow_reference_id\":\"3f1c9b52-8d5e-4b8a-9e2f-0a1b2c3d4e5f\","
            + "\"locale\":\"en-US\",\"locale_reference_id\":\"b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e\",\"snapshot_id\":"
            + "\"65a0b1c2d3e4f5a6b7c8d9e0\",\"snapshot\":\"v1.4\"},\"target\":{\"endpoint\":"
            + "\"https://endpoint-trial.cognigy.ai/test/****\",\"management_api\":\"https://api-trial.cognigy.ai\",\"project\":"
            + "\"64f1a2b3c4d5e6f708091a2b\"},\"data_files\":{\"simulations/orders.sim.yaml\":"
            + "\"75f74a92c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6\",\"simulations/smoke.sim.csv\":"
            + "\"c032cfde0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5061728394a5b\"},\"settings\":{},\"outcomes\":{\"error\":0,"
            + "\"failed\":%d,\"misconfiguration\":0,\"passed\":19,\"skipped\":0,\"timeout\":0},\"total\":%d,\"success_rate\":%s,"
            + "\"flow_coverage\":1.0,\"governance\":\"%s\",\"governance_reasons\":[],\"threshold\":0.95}";

    private YearOfRecords() {
    }

    /**
     * Writes {@code records} records to {@code file}, run {@code i}'s batch {@code batch_<i as 12 hex digits>}, an hour
     * apart from the start of 2026; returns the head hash.
     */
    static String write(Path file, int records) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        String previous = ZEROS;
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < records; i++) {
                int failed = i % 7 == 0 ? 1 : 0;
                String unsigned = String.format(java.util.Locale.ROOT, RECORD, i, previous, ZEROS, batch(i),
                        java.time.Instant.parse("2026-01-01T03:00:00Z").plusSeconds(3600L * i), 4_000_000 + i, failed, 19 + failed,
                        failed == 0 ? "1.0" : "0.95", failed == 0 ? "COMPLIANT" : "REVIEW_REQUIRED");
                String hash = HexFormat.of().formatHex(sha.digest(unsigned.getBytes(StandardCharsets.UTF_8)));
                String line = unsigned.replaceFirst("\"hash\":\"" + ZEROS + "\"", "\"hash\":\"" + hash + "\"");
                out.write(line);
                out.write('\n');
                previous = HexFormat.of().formatHex(sha.digest(line.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return previous;
    }

    /** Run {@code i}'s batch id. */
    static String batch(int i) {
        return String.format(java.util.Locale.ROOT, "batch_%012x", i);
    }
}
