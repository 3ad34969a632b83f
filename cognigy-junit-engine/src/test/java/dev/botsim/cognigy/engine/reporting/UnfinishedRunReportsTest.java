package dev.botsim.cognigy.engine.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.engine.analysis.RunAnalysis;
import dev.botsim.cognigy.spi.Expectation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The mark a run leaves in its report folder as it begins ({@link ReportWriter#begin}), and its end writing over it. */
class UnfinishedRunReportsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant FINISHED = Instant.parse("2026-03-01T10:01:00Z");
    private static final List<SimulationRecord> RECORDS = List.of(SimulationRecord.builder()
            .uniqueId("[engine:cognigy]/[case:test_hi]").testId("test_hi").displayName("hi").source("greetings.sim.yaml").line(2)
            .utterance("hi").expected(Expectation.builder().intent("greeting").build())
            .actual(List.of(TestTurns.turn(0, "flow_greeting", "greeting", 0.9, Map.of(), "Hello!", null, null)))
            .outcome(Outcome.PASSED).duration(Duration.ofMillis(5)).build());

    @TempDir
    Path dir;

    private static RunInfo run(String batch, String started) {
        return RunInfo.builder().batchId(batch).started(Instant.parse(started)).backend("scripted").botName("<b>order bot</b>")
                .expectedFlows(List.of("flow_greeting")).plannedTests(1).build();
    }

    private static final RunInfo FINISHED_RUN = run("batch_finished0000", "2026-03-01T10:00:00Z");
    private static final RunInfo KILLED_RUN = run("batch_killed000000", "2026-03-01T11:00:00Z");
    private static final RunInfo NEXT_RUN = run("batch_next00000000", "2026-03-01T12:00:00.123456Z");

    private static ReportWriter writer(Path folder) {
        return new ReportWriter(folder, (path, mediaType) -> { });
    }

    private static WrittenReports finish(Path folder, RunInfo run) {
        return writer(folder).write(run, RunAnalysis.of(run, RECORDS, new BigDecimal("0.95")), RECORDS, FINISHED);
    }

    @Test
    @DisplayName("a run's start removes the partial reports runs killed while writing theirs left an hour or more ago (one"
            + " per killed run, the page's as large as the page, in a workspace kept from run to run) and leaves a younger one,"
            + " which another JVM may still be writing, and other files alone")
    void partialReportsOfKilledRunsAreRemoved() throws Exception {
        finish(dir, FINISHED_RUN);
        java.nio.file.attribute.FileTime lastNight = java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofHours(20)));
        List<Path> killed = List.of(dir.resolve(".results.1x2y3z.json.part"), dir.resolve(".index.9abcdefghijkl.html.part"),
                Files.createDirectories(dir.resolve("previous")).resolve(".index.html.k2j4.part"));
        for (Path file : killed) {
            Files.writeString(file, "<!doctype html><html><body>cut sh");
            Files.setLastModifiedTime(file, lastNight);
        }
        Path writing = Files.writeString(dir.resolve(".results.4q.json.part"), "{");
        Path someonesOwn = Files.writeString(dir.resolve(".results.of-the-team.json.part"), "{");
        Files.setLastModifiedTime(someonesOwn, lastNight);

        writer(dir).begin(NEXT_RUN);
        finish(dir, NEXT_RUN);

        assertThat(killed).allSatisfy(file -> assertThat(file).doesNotExist());
        assertThat(writing).exists();
        assertThat(someonesOwn).exists();
        assertThat(JSON.readTree(dir.resolve("results.json").toFile()).path("batch_id").asString()).isEqualTo(NEXT_RUN.batchId());
    }

    @Test
    @DisplayName("a run whose reports cannot be written at its end (the disk full) leaves no mark saying it is still under"
            + " way: the folder says it ended, when, its verdict and why its reports are missing, keeps the earlier run's"
            + " pair in previous/, and the next run takes it for no JVM killed outright")
    void endWithoutReportsReplacesItsOwnMark() throws Exception {
        finish(dir, FINISHED_RUN);
        writer(dir).begin(NEXT_RUN);
        dev.botsim.cognigy.engine.support.RecordingDisk full = new dev.botsim.cognigy.engine.support.RecordingDisk() {
            @Override
            public void force(java.nio.channels.FileChannel file) throws java.io.IOException {
                throw new java.io.IOException("No space left on device");
            }
        };

        WrittenReports ended = writer(dir).withDisk(full).write(NEXT_RUN, RunAnalysis.of(NEXT_RUN, RECORDS, new BigDecimal("0.95")),
                RECORDS, FINISHED);

        assertThat(ended.problem()).contains("No space left on device");
        JsonNode left = JSON.readTree(dir.resolve("results.json").toFile());
        assertThat(left.path("batch_id").asString()).isEqualTo(NEXT_RUN.batchId());
        assertThat(left.path("running").asBoolean()).isFalse();
        assertThat(left.has("process")).isFalse();
        assertThat(left.path("not_written").asString()).isEqualTo(ended.problem());
        assertThat(left.path("finished").asString()).isEqualTo("2026-03-01T10:01:00Z");
        assertThat(left.has("summary")).isFalse();
        assertThat(left.path("previous_run").path("batch_id").asString()).isEqualTo(FINISHED_RUN.batchId());
        assertThat(Files.readString(dir.resolve("index.html"))).contains("ended, but its reports could not be written",
                "No space left on device", "Its verdict was COMPLIANT, 1 of 1 passed").doesNotContain("has not finished");
        assertThat(JSON.readTree(dir.resolve("previous/results.json").toFile()).path("batch_id").asString())
                .isEqualTo(FINISHED_RUN.batchId());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".part"));
        }

        assertThat(writer(dir).begin(run("batch_after0000000", "2026-03-01T13:00:00Z"))).isEmpty();
        assertThat(JSON.readTree(dir.resolve("previous/results.json").toFile()).path("batch_id").asString())
                .as("still the last run whose reports were written").isEqualTo(FINISHED_RUN.batchId());
    }

    @Test
    @DisplayName("a run that ends while a later one is under way in the folder (an hourly run overlapping the last, a second"
            + " job on the workspace) keeps its pair in previous/ and leaves the later run's mark, written again to link it:"
            + " the folder never stops saying a run is under way while one is; the later run's end writes its pair over the mark")
    void runEndingWhileALaterOneIsUnderWay() throws Exception {
        RunInfo earlier = run("batch_hour01000000", "2026-03-01T11:00:00Z");
        finish(dir, FINISHED_RUN);
        writer(dir).begin(earlier);
        writer(dir).begin(NEXT_RUN);

        WrittenReports ended = finish(dir, earlier);

        JsonNode mark = JSON.readTree(dir.resolve("results.json").toFile());
        assertThat(mark.path("batch_id").asString()).isEqualTo(NEXT_RUN.batchId());
        assertThat(mark.path("running").asBoolean()).isTrue();
        assertThat(mark.path("started").asString()).isEqualTo("2026-03-01T12:00:00.123Z");
        assertThat(mark.path("process").path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(mark.path("previous_run").path("batch_id").asString()).isEqualTo(earlier.batchId());
        assertThat(mark.path("previous_run").path("results").asString()).isEqualTo("previous/results.json");
        JsonNode kept = JSON.readTree(dir.resolve("previous/results.json").toFile());
        assertThat(kept.path("batch_id").asString()).isEqualTo(earlier.batchId());
        assertThat(kept.path("governance").path("status").asString()).isEqualTo("COMPLIANT");
        assertThat(Files.readString(dir.resolve("index.html"))).contains("Run batch_next00000000 has not finished",
                "The reports of run batch_hour01000000 (finished 2026-03-01 10:01:00 UTC) are kept in");
        assertThat(Files.readString(dir.resolve("previous/index.html"))).contains("batch_hour01000000");
        assertThat(ended.page()).isEqualTo(dir.resolve("previous/index.html"));
        assertThat(ended.describe()).endsWith("previous/index.html and results.json, kept there as the last run that finished:"
                + " the folder holds the mark of run batch_next00000000 (process " + ProcessHandle.current().pid()
                + ProcessHandle.current().info().startInstant().map(at -> " (started " + HtmlReport.shown(at.truncatedTo(
                        java.time.temporal.ChronoUnit.SECONDS)) + ")").orElse("") + "), under way in another process since this"
                + " run began, and its mark links them until it ends");

        finish(dir, NEXT_RUN);

        JsonNode last = JSON.readTree(dir.resolve("results.json").toFile());
        assertThat(last.path("batch_id").asString()).isEqualTo(NEXT_RUN.batchId());
        assertThat(last.has("running")).isFalse();
        assertThat(dir.resolve("previous")).doesNotExist();
    }

    @Test
    @DisplayName("a mark found at a run's start (a run whose JVM was killed) is replaced, and the pair kept from before it"
            + " stays: it is still the last run's that finished; the next run's end removes it")
    void markOfAKilledRunKeepsTheLastFinishedPair() throws Exception {
        finish(dir, FINISHED_RUN);
        byte[] finishedResults = Files.readAllBytes(dir.resolve("results.json"));
        byte[] finishedPage = Files.readAllBytes(dir.resolve("index.html"));
        writer(dir).begin(KILLED_RUN);

        writer(dir).begin(NEXT_RUN);

        JsonNode mark = JSON.readTree(dir.resolve("results.json").toFile());
        assertThat(mark.path("batch_id").asString()).isEqualTo(NEXT_RUN.batchId());
        assertThat(mark.path("started").asString()).isEqualTo("2026-03-01T12:00:00.123Z");
        assertThat(mark.path("previous_run").path("batch_id").asString()).isEqualTo(FINISHED_RUN.batchId());
        assertThat(mark.path("previous_run").path("finished").asString()).isEqualTo("2026-03-01T10:01:00Z");
        assertThat(Files.readAllBytes(dir.resolve("previous/results.json"))).isEqualTo(finishedResults);
        assertThat(Files.readAllBytes(dir.resolve("previous/index.html"))).isEqualTo(finishedPage);
        assertThat(Files.readString(dir.resolve("index.html"))).contains("Run batch_next00000000 has not finished",
                "The reports of run batch_finished0000 (finished 2026-03-01 10:01:00 UTC) are kept in")
                .doesNotContain(KILLED_RUN.batchId());

        assertThat(finish(dir, NEXT_RUN).problem()).isNull();
        assertThat(JSON.readTree(dir.resolve("results.json").toFile()).has("running")).isFalse();
        assertThat(dir.resolve("previous")).doesNotExist();
    }

    @Test
    @DisplayName("the mark's results.json, field by field: running, no figure or verdict, and the kept pair's batch and"
            + " paths, never its verdict (a step searching the file for COMPLIANT finds none)")
    void markFields() throws Exception {
        finish(dir, FINISHED_RUN);

        writer(dir).begin(NEXT_RUN.toBuilder().partial(true).build());

        // The process the run is under way in: this JVM.
        MarkingProcess self = MarkingProcess.current();
        assertThat(Files.readString(dir.resolve("results.json"))).isEqualTo("""
                {
                  "schema_version" : 1,
                  "batch_id" : "batch_next00000000",
                  "running" : true,
                  "process" : {
                    "pid" : %d,
                    "started" : "%s",
                    "host" : %s%s
                  },
                  "partial" : true,
                  "backend" : "scripted",
                  "bot" : "<b>order bot</b>",
                  "started" : "2026-03-01T12:00:00.123Z",
                  "finished" : null,
                  "previous_run" : {
                    "batch_id" : "batch_finished0000",
                    "finished" : "2026-03-01T10:01:00Z",
                    "results" : "previous/results.json",
                    "page" : "previous/index.html"
                  }
                }""".formatted(self.pid(), self.started(), self.host() == null ? "null" : "\"" + self.host() + "\"",
                self.startTicks() == null ? "" : ",\n    \"start_ticks\" : " + self.startTicks()));
        assertThat(Files.readString(dir.resolve("index.html"))).contains("&lt;b&gt;order bot&lt;/b&gt;")
                .doesNotContain("<b>order bot</b>").doesNotContain("COMPLIANT");
    }

    @Test
    @DisplayName("a folder's files that are not a run's results (not JSON) are kept in previous/ as they were, not lost")
    void filesNotTheEnginesAreKept() throws Exception {
        Files.writeString(dir.resolve("results.json"), "not json");

        writer(dir).begin(NEXT_RUN);

        assertThat(Files.readString(dir.resolve("previous/results.json"))).isEqualTo("not json");
        assertThat(dir.resolve("previous/index.html")).doesNotExist();
        JsonNode kept = JSON.readTree(dir.resolve("results.json").toFile()).path("previous_run");
        assertThat(kept.path("batch_id").isNull()).isTrue();
        assertThat(kept.path("page").isNull()).isTrue();
        assertThat(Files.readString(dir.resolve("index.html"))).contains("The reports of an earlier run are kept in"
                + " previous/results.json until this run ends.");
    }

    @Test
    @DisplayName("only the head of a run's results.json is read at the next run's start: its results are never parsed")
    void readsTheHeadOnly() throws Exception {
        Path results = Files.writeString(dir.resolve("results.json"), "{\"schema_version\":1,\"batch_id\":\"batch_x\","
                + "\"backend\":\"scripted\",\"bot_under_test\":{\"a\":[1,{\"b\":2}]},\"started\":\"2026-03-01T10:00:00Z\","
                + "\"finished\":\"2026-03-01T10:01:00Z\",\"summary\":{\"total\": this is not JSON");

        assertThat(ReportHead.read(results)).contains(new ReportHead("batch_x", false, "2026-03-01T10:01:00Z", null, null,
                "2026-03-01T10:00:00Z", "scripted", false));
    }

    @Test
    @DisplayName("a folder that cannot be marked (not a folder) is logged and the run goes on: the begin throws nothing")
    void unmarkableFolderIsLogged() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("reports"), "x");
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(ReportWriter.class.getName());
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override public void publish(java.util.logging.LogRecord r) {
                if (r.getLevel() == java.util.logging.Level.WARNING) warnings.add(r.getMessage());
            }
            @Override public void flush() { }
            @Override public void close() { }
        };
        logger.addHandler(handler);
        try {
            writer(notAFolder).begin(NEXT_RUN);
        } finally {
            logger.removeHandler(handler);
        }

        assertThat(Files.readString(notAFolder)).isEqualTo("x");
        assertThat(warnings).singleElement().asString().startsWith("cannot mark the reports in " + notAFolder
                + " as those of run batch_next00000000, under way: ").endsWith("; until it ends, they are an earlier run's");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // hang guard only
    @DisplayName("a run's start waits while another process is half-way through writing its reports into the folder, then"
            + " keeps that process's whole pair: the mark never keeps one run's results.json beside another's page")
    void startWaitsForAnotherProcessWritingItsPair() throws Exception {
        Path reports = dir.resolve("reports");
        finish(reports, FINISHED_RUN);
        String command = ProcessHandle.current().info().command().orElse("java");
        Process other = new ProcessBuilder(command, "-cp", System.getProperty("java.class.path"), ReportsHalfWrittenMain.class.getName(),
                reports.toString(), "batch_0ther0ther0").redirectErrorStream(true).start();
        try {
            BufferedReader said = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            assertThat(said.readLine()).isEqualTo("halfway");
            CompletableFuture<Void> begun = CompletableFuture.runAsync(() -> writer(reports).begin(NEXT_RUN));
            try {
                begun.get(2, TimeUnit.SECONDS);
            } catch (TimeoutException waiting) {
                // waiting for the other process: as it should
            }
            other.getOutputStream().write('\n');
            other.getOutputStream().flush();
            assertThat(said.readLine()).isEqualTo("done");
            assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
            begun.get(30, TimeUnit.SECONDS);
        } finally {
            other.destroyForcibly();
        }

        assertThat(Files.readString(reports.resolve("previous/results.json"))).contains("batch_0ther0ther0");
        assertThat(Files.readString(reports.resolve("previous/index.html"))).contains("batch_0ther0ther0");
        assertThat(JSON.readTree(reports.resolve("results.json").toFile()).path("batch_id").asString()).isEqualTo(NEXT_RUN.batchId());
    }
}
