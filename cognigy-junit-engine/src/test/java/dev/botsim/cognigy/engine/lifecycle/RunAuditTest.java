package dev.botsim.cognigy.engine.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.spi.Governance;
import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

class RunAuditTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    private static final RunInfo RUN = RunInfo.builder().batchId("batch_0123456789ab").started(CLOCK.instant())
            .backend("scripted").plannedTests(1).build();
    private static final RunAnalysis PASSED = RunAnalysis.of(RUN, List.of(SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:a]")
            .testId("a").displayName("hi").source("a.sim.yaml").line(3).utterance("hi").outcome(Outcome.PASSED).build()),
            new BigDecimal("0.95"));

    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);

    private RunAudit audit(Optional<Path> file) {
        return new RunAudit(file, name -> null, CLOCK, out);
    }

    @Test
    @DisplayName("item 12: without an audit trail nothing is written, the verdict stands and nothing is printed")
    void notConfigured() {
        AuditOutcome outcome = audit(Optional.empty()).append(RUN, PASSED, List.of(), Map.of());
        assertThat(outcome).isEqualTo(AuditOutcome.NOT_CONFIGURED);
        assertThat(outcome.applyTo(PASSED).verdict().status()).isEqualTo(Governance.COMPLIANT);
        assertThat(console.size()).isZero();
    }

    @Test
    @DisplayName("item 12: a written record gives the trail's checkpoint and says where it went")
    void written() throws Exception {
        Path trail = dir.resolve("audit.jsonl");
        AuditOutcome outcome = audit(Optional.of(trail)).append(RUN, PASSED, List.of(), Map.of("a.sim.yaml", "ab".repeat(32)));

        assertThat(outcome.failed()).isFalse();
        assertThat(outcome.shortfall()).isEmpty();
        assertThat(outcome.checkpoint().records()).isEqualTo(1);
        assertThat(outcome.checkpoint().headHash()).matches("[0-9a-f]{64}");
        assertThat(Files.readString(trail)).contains("batch_0123456789ab", "a.sim.yaml");
        assertThat(console.toString(StandardCharsets.UTF_8)).isEqualTo("[cognigy] audit: record 0 appended to "
                + trail.toAbsolutePath() + "; head hash " + outcome.checkpoint().headHash() + System.lineSeparator());
    }

    @Test
    @DisplayName("the record says which settings the verdict was made under: a run that approved the bot's answers as it"
            + " went (cognigy.approve=true) or tolerated more does not read as a strict run; secrets and URLs stay out")
    void verdictSettingsRecorded() throws Exception {
        Path trail = dir.resolve("audit.jsonl");
        RunInfo approving = RUN.toBuilder().configuration(Map.of("cognigy.approve", "true", "cognigy.governance.mode", "tolerant",
                "cognigy.repeat.pass-ratio", "0.5", "cognigy.base-url", "https://tenant.example", "cognigy.report.dir", "out")).build();
        audit(Optional.of(trail)).append(approving, PASSED, List.of(), Map.of());
        audit(Optional.of(trail)).append(RUN.toBuilder().batchId("batch_strict000000").build(), PASSED, List.of(), Map.of());

        List<String> records = Files.readAllLines(trail);
        assertThat(records.get(0)).contains("\"settings\":{\"cognigy.approve\":\"true\",\"cognigy.governance.mode\":\"tolerant\","
                + "\"cognigy.repeat.pass-ratio\":\"0.5\"}").doesNotContain("tenant.example", "cognigy.report.dir");
        assertThat(records.get(1)).contains("\"settings\":{}");
    }

    @Test
    @DisplayName("a run concluded by the JVM's shutdown waits for another thread of this JVM appending to an audit trail no"
            + " longer than its budget: the record is left out, the run UNAUDITED, saying why in one line")
    void shutdownWhileAnotherThreadOfThisJvmAppends() throws Exception {
        Path held = dir.resolve("held.jsonl");
        Path trail = dir.resolve("audit.jsonl");
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(javaCommand, "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
                dev.botsim.cognigy.engine.audit.AuditAppender.class.getName(), held.toString(), "hold").redirectErrorStream(true).start();
        Thread other = null;
        try {
            java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(lines.readLine()).isEqualTo("holding");
            // Another run or merge in this JVM, appending to another trail that another process holds.
            other = new Thread(() -> {
                try {
                    new dev.botsim.cognigy.engine.audit.AuditTrail(held, said -> { }).append("BATCH", Map.of("batch_id", "batch_other"));
                } catch (java.io.IOException givenUp) {
                    // the process held the lock for as long as it waited
                }
            }, "other-append");
            other.start();
            Thread appending = other;
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> java.util.Arrays.stream(appending.getStackTrace())
                    .anyMatch(frame -> frame.getClassName().endsWith(".ProcessLock")));

            java.util.concurrent.CompletableFuture<AuditOutcome> outcome = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                    audit(Optional.of(trail)).during(ShutdownBudget.of(Duration.ofMillis(300))).append(RUN, PASSED, List.of(), Map.of()));
            // A guard far beyond the budget, and far below the two minutes the other append may wait.
            AuditOutcome shutDown = outcome.get(30, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(shutDown.checkpoint()).isNull();
            assertThat(shutDown.applyTo(PASSED).verdict().status()).isEqualTo(Governance.UNAUDITED);
            assertThat(shutDown.shortfall()).get().asString().isEqualTo("audit trail " + trail.toAbsolutePath() + ": another"
                    + " thread of this JVM (another run or merge in it) was still appending to an audit trail when the shutdown's"
                    + " 5 s ran out, and this JVM's appends take turns (two paths may name one trail, whose hash chain an append"
                    + " beside another would break): the interrupted run's record was not appended; the run has no audit record"
                    + " and cannot count as compliant (governance UNAUDITED)");
            assertThat(trail).doesNotExist();
        } finally {
            holder.destroyForcibly();
            holder.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            if (other != null) other.join(Duration.ofSeconds(60).toMillis());
        }
    }

    @Test
    @DisplayName("a trail whose folder is a symbolic link to nothing (a volume not mounted): UNAUDITED, and the shortfall says"
            + " the link points nowhere, not that a file is in the way")
    void folderLinkedToNothing() throws Exception {
        Path gone = dir.resolve("mnt/audit");
        Path link = Files.createSymbolicLink(dir.resolve("audit"), gone);
        Path trail = link.resolve("audit.jsonl");
        AuditOutcome outcome = audit(Optional.of(trail)).append(RUN, PASSED, List.of(), Map.of());

        assertThat(outcome.applyTo(PASSED).verdict().status()).isEqualTo(Governance.UNAUDITED);
        assertThat(outcome.shortfall()).get().asString().isEqualTo("audit trail " + trail.toAbsolutePath() + " could not be written ("
                + link.toAbsolutePath() + " is a symbolic link to " + gone + ", which does not exist: create it or remove the link):"
                + " a run without its audit record cannot count as compliant (governance UNAUDITED)");
        assertThat(Files.exists(gone)).isFalse();
    }

    @Test
    @DisplayName("item 12: a record that cannot be written makes the verdict UNAUDITED and the run's shortfall names the trail")
    void notWritten() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        Path trail = notADirectory.resolve("audit.jsonl");
        AuditOutcome outcome = audit(Optional.of(trail)).append(RUN, PASSED, List.of(), Map.of());

        assertThat(outcome.failed()).isTrue();
        assertThat(outcome.checkpoint()).isNull();
        assertThat(outcome.applyTo(PASSED).verdict().status()).isEqualTo(Governance.UNAUDITED);
        assertThat(outcome.shortfall()).get().asString().isEqualTo("audit trail " + trail.toAbsolutePath() + " could not be written ("
                + notADirectory.toAbsolutePath() + " is a file, not a folder): a run without its audit record cannot count as"
                + " compliant (governance UNAUDITED)");
        assertThat(console.size()).isZero();
    }
}
