package dev.botsim.cognigy.engine.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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

/** The report writer and the console summary, each on its own, from one analysis. */
class ReportWriterTest {

    /** The reason an UNAUDITED run gives, as the run's end makes it. */
    private static final dev.botsim.cognigy.spi.GovernanceReason NOT_WRITTEN =
            dev.botsim.cognigy.engine.analysis.VerdictReasons.auditNotWritten("audit trail audit.jsonl could not be written");
    private static final RunInfo RUN = RunInfo.builder().batchId("batch_0123456789ab")
            .started(Instant.parse("2026-03-01T10:00:00Z")).backend("scripted").expectedFlows(List.of("flow_greeting")).plannedTests(1).build();
    private static final List<SimulationRecord> RECORDS = List.of(SimulationRecord.builder()
            .uniqueId("[engine:cognigy]/[case:test_hi]").testId("test_hi").displayName("hi").source("greetings.sim.yaml").line(2)
            .utterance("hi").expected(Expectation.builder().intent("greeting").build())
            .actual(List.of(TestTurns.turn(0, "flow_greeting", "greeting", 0.9, Map.of(), "Hello!", null, null)))
            .outcome(Outcome.PASSED).duration(Duration.ofMillis(5)).build());
    private static final RunAnalysis ANALYSIS = RunAnalysis.of(RUN, RECORDS, new BigDecimal("0.95"));

    @TempDir
    Path dir;

    private final List<String> published = new CopyOnWriteArrayList<>();

    private ReportWriter writer(Path directory) {
        return new ReportWriter(directory, (path, mediaType) -> published.add(path.getFileName() + " " + mediaType));
    }

    @Test
    @DisplayName("results.json lists the results in source order (file, line, turn), as index.html does, whatever order the"
            + " tests finished in: two runs' files differ only where their results do")
    void resultsInSourceOrder() throws Exception {
        List<SimulationRecord> finished = new java.util.ArrayList<>();
        for (String file : List.of("b.sim.yaml", "a.sim.yaml")) {
            for (int line : new int[] {30, 4, 12}) {
                finished.add(SimulationRecord.builder().uniqueId("[engine:cognigy]/[file:" + file + "]/[case:t" + line + "]")
                        .testId("t" + line).displayName("t" + line).source(file).line(line).utterance("hi")
                        .expected(Expectation.builder().intent("greeting").build()).outcome(Outcome.PASSED)
                        .duration(Duration.ofMillis(5)).build());
            }
        }
        WrittenReports reports = writer(dir).write(RUN, RunAnalysis.of(RUN, finished, new BigDecimal("0.95")).unaudited(NOT_WRITTEN),
                finished, Instant.parse("2026-03-01T10:01:00Z"));

        String json = Files.readString(reports.results());
        List<String> order = new java.util.ArrayList<>();
        java.util.regex.Matcher ids = java.util.regex.Pattern.compile("\"unique_id\" : \"([^\"]+)\"").matcher(json);
        while (ids.find()) order.add(ids.group(1));
        assertThat(order).containsExactly("[engine:cognigy]/[file:a.sim.yaml]/[case:t4]", "[engine:cognigy]/[file:a.sim.yaml]/[case:t12]",
                "[engine:cognigy]/[file:a.sim.yaml]/[case:t30]", "[engine:cognigy]/[file:b.sim.yaml]/[case:t4]",
                "[engine:cognigy]/[file:b.sim.yaml]/[case:t12]", "[engine:cognigy]/[file:b.sim.yaml]/[case:t30]");
    }

    @Test
    @DisplayName("the verdict's reasons are under its tile, escaped: a stand-in named with markup is text on the page, and"
            + " results.json holds it as written")
    void reasonsAreEscapedOnThePage() throws Exception {
        String named = "a server at http://<script>alert('x')</script>";
        WrittenReports reports = writer(dir).write(RUN, ANALYSIS.liveRequired(0, java.util.Optional.of(named)), RECORDS,
                Instant.parse("2026-03-01T10:01:00Z"));

        String page = Files.readString(reports.page());
        assertThat(page).contains("<ul class=\"reasons\" aria-label=\"why the verdict is REVIEW_REQUIRED\"><li>the run&#39;s"
                        + " answers came from a server at http://&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;, a local stand-in")
                .contains("<code>answered_by_stand_in</code></li></ul>").doesNotContain("<script>alert");
        assertThat(Files.readString(reports.results())).contains("\"code\" : \"answered_by_stand_in\"",
                "\"message\" : \"the run's answers came from " + named + ", a local stand-in");
    }

    @Test
    @DisplayName("each report is forced to the disk before it is moved into place and its folder after, the page first:"
            + " a machine that loses power after the run keeps both whole")
    void reportsForcedBeforeAndAfterTheirMove() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        dev.botsim.cognigy.engine.support.PartialFile.Disk recording = new dev.botsim.cognigy.engine.support.PartialFile.Disk() {
            @Override
            public void force(java.nio.channels.FileChannel file) throws java.io.IOException {
                calls.add(file.size() > 0 ? "force a written file" : "force an empty file");
                SYSTEM.force(file);
            }

            @Override
            public Path move(Path partial, Path target) throws java.io.IOException {
                calls.add("move to " + target.getFileName());
                return SYSTEM.move(partial, target);
            }

            @Override
            public void forceDirectory(Path directory) throws java.io.IOException {
                calls.add("force folder " + dir.relativize(directory));
                SYSTEM.forceDirectory(directory);
            }
        };

        WrittenReports reports = writer(dir.resolve("reports")).withDisk(recording)
                .write(RUN, ANALYSIS.unaudited(NOT_WRITTEN), RECORDS, Instant.parse("2026-03-01T10:01:00Z"));

        assertThat(reports.problem()).isNull();
        assertThat(calls).containsExactly("force a written file", "move to index.html", "force folder reports",
                "force a written file", "move to results.json", "force folder reports");
    }

    @Test
    @DisplayName("item 12: the writer writes results.json and index.html from the analysis it is given and publishes both as file entries")
    void written() throws Exception {
        WrittenReports reports = writer(dir).write(RUN, ANALYSIS.unaudited(NOT_WRITTEN), RECORDS, Instant.parse("2026-03-01T10:01:00Z"));

        assertThat(reports.problem()).isNull();
        assertThat(reports.describe()).isEqualTo(dir.resolve("index.html").toAbsolutePath() + " and results.json");
        assertThat(Files.readString(reports.results())).contains("\"status\" : \"UNAUDITED\"", "\"finished\" : \"2026-03-01T10:01:00Z\"");
        assertThat(Files.readString(reports.page())).contains("UNAUDITED");
        assertThat(published).containsExactly("results.json application/json", "index.html text/html");
    }

    @Test
    @DisplayName("results.json: duration_ms is exactly the time between the started and finished it shows, both to the millisecond")
    void durationIsTheTimeBetweenTheShownInstants() throws Exception {
        // started .514 999 ms, finished 1.057 ms later: 1.058 s between the two shown instants, not 1.057
        RunInfo run = RUN.toBuilder().started(Instant.parse("2026-03-01T10:00:00.514999Z")).build();
        WrittenReports reports = writer(dir).write(run, ANALYSIS, RECORDS, Instant.parse("2026-03-01T10:00:01.572000Z"));

        tools.jackson.databind.JsonNode json = tools.jackson.databind.json.JsonMapper.shared().readTree(reports.results().toFile());
        Instant started = Instant.parse(json.get("started").asString());
        Instant finished = Instant.parse(json.get("finished").asString());
        assertThat(started).isEqualTo("2026-03-01T10:00:00.514Z");
        assertThat(finished).isEqualTo("2026-03-01T10:00:01.572Z");
        assertThat(json.get("duration_ms").asLong()).isEqualTo(Duration.between(started, finished).toMillis()).isEqualTo(1058);
    }

    @Test
    @DisplayName("item 16: results.json and index.html get the permissions the umask gives any new file (0644), not a temporary file's 0600")
    void readableAsAnyNewFile() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions only");
        String usual = PosixFilePermissions.toString(Files.getPosixFilePermissions(Files.createFile(dir.resolve("any-new-file"))));
        assumeTrue(!usual.equals("rw-------"), "the umask makes every new file private: nothing to tell apart");
        Path reports = dir.resolve("reports");

        WrittenReports written = writer(reports).write(RUN, ANALYSIS, RECORDS, Instant.parse("2026-03-01T10:01:00Z"));
        // written twice: a report replacing an earlier one gets the same
        writer(reports).write(RUN, ANALYSIS, RECORDS, Instant.parse("2026-03-01T10:02:00Z"));

        for (Path report : List.of(written.results(), written.page())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(report))).as(report.toString()).isEqualTo(usual);
        }
        try (var files = Files.list(reports)) {
            // no partial file left; beside the reports only the lock runs take while writing them
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("results.json", "index.html",
                    ReportWriter.LOCK_FILE);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // hang guard only
    @DisplayName("two runs in two JVMs writing their reports into one folder at once leave one run's results.json and"
            + " index.html, not one of each: a run waits while another process is half-way through writing its own")
    void anotherProcessHalfWayThroughItsReports() throws Exception {
        Path reports = dir.resolve("reports");
        String command = ProcessHandle.current().info().command().orElse("java");
        Process other = new ProcessBuilder(command, "-cp", System.getProperty("java.class.path"), ReportsHalfWrittenMain.class.getName(),
                reports.toString(), "batch_0ther0ther0").redirectErrorStream(true).start();
        try {
            BufferedReader said = new BufferedReader(new InputStreamReader(other.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(said.readLine()).isEqualTo("halfway");

            CompletableFuture<WrittenReports> written = CompletableFuture.supplyAsync(
                    () -> writer(reports).write(RUN, ANALYSIS, RECORDS, Instant.parse("2026-03-01T10:01:00Z")));
            // Given time to write while the other process holds the folder (it would, were it not to wait), then let go.
            try {
                written.get(2, TimeUnit.SECONDS);
            } catch (TimeoutException waiting) {
                // waiting for the other process: as it should
            }
            other.getOutputStream().write('\n');
            other.getOutputStream().flush();
            assertThat(said.readLine()).isEqualTo("done");
            assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(written.get(30, TimeUnit.SECONDS).problem()).isNull();
        } finally {
            other.destroyForcibly();
        }

        String results = tools.jackson.databind.json.JsonMapper.shared().readTree(reports.resolve("results.json").toFile())
                .path("batch_id").asString();
        String page = Files.readString(reports.resolve("index.html"));
        assertThat(results).as("results.json").isEqualTo(RUN.batchId());
        assertThat(page).as("index.html of the same run").contains(RUN.batchId()).doesNotContain("batch_0ther0ther0");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // hang guard only
    @DisplayName("a disk that fills up while a run writes its reports leaves the earlier run's results.json and index.html"
            + " as they were, not this run's results.json beside the earlier run's page")
    void diskFullLeavesOneRunsPair() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash's ulimit");
        Path reports = dir.resolve("reports");
        assertThat(fork(reports, "batch_earlier00000", null)).isEqualTo("written");
        // What this run's two files weigh, written where there is room: the limit lets results.json fit, never the page.
        Path sized = dir.resolve("sized");
        assertThat(fork(sized, "batch_thisrun000000", null)).isEqualTo("written");
        long results = Files.size(sized.resolve("results.json"));
        long page = Files.size(sized.resolve("index.html"));
        long blocks = (results + 1023) / 1024;
        assumeTrue(blocks * 1024 < page, "the page must be larger than results.json by a block at least");
        byte[] earlierResults = Files.readAllBytes(reports.resolve("results.json"));
        byte[] earlierPage = Files.readAllBytes(reports.resolve("index.html"));

        String said = fork(reports, "batch_thisrun000000", blocks);

        assertThat(said).startsWith("not written (");
        assertThat(Files.readString(reports.resolve("results.json"))).as("results.json, the earlier run's")
                .doesNotContain("batch_thisrun000000").contains("batch_earlier00000");
        assertThat(Files.readAllBytes(reports.resolve("results.json"))).as("results.json, the earlier run's").isEqualTo(earlierResults);
        assertThat(Files.readAllBytes(reports.resolve("index.html"))).as("index.html, the earlier run's").isEqualTo(earlierPage);
        try (var left = Files.list(reports)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no partial file left behind")
                    .containsExactlyInAnyOrder("results.json", "index.html", ReportWriter.LOCK_FILE);
        }
    }

    /** Writes a run's reports in a JVM of its own, under a file-size limit of {@code blocks} KiB when given; what it said. */
    private static String fork(Path reports, String batch, Long blocks) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of("/bin/bash", "-c", "ulimit -f \"$1\" && shift && exec \"$@\"", "bash",
                blocks == null ? "unlimited" : String.valueOf(blocks), java, "-XX:-UsePerfData", "-cp",
                System.getProperty("java.class.path"), ReportsWriterMain.class.getName(), reports.toString(), batch));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().filter(line -> line.startsWith("written") || line.startsWith("not written")).findFirst().orElse(output);
    }

    @Test
    @DisplayName("item 12: reports that cannot be written are said, not thrown, and nothing is published")
    void notWritten() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("reports"), "x");
        WrittenReports reports = writer(notADirectory).write(RUN, ANALYSIS, RECORDS, Instant.parse("2026-03-01T10:01:00Z"));

        assertThat(reports.page()).isNull();
        assertThat(reports.describe()).startsWith("not written (");
        assertThat(published).isEmpty();
    }

    @Test
    @DisplayName("a disk that fills up while the reports are forced to it: the summary names the folder, the operating"
            + " system's words and what to do, and no partial file is left")
    void diskFullSaysTheFolderWhyAndTheFix() throws Exception {
        Path reports = dir.resolve("reports");
        dev.botsim.cognigy.engine.support.RecordingDisk full = new dev.botsim.cognigy.engine.support.RecordingDisk() {
            @Override
            public void force(java.nio.channels.FileChannel file) throws java.io.IOException {
                throw new java.io.IOException("No space left on device");
            }
        };

        WrittenReports written = writer(reports).withDisk(full).write(RUN, ANALYSIS, RECORDS, Instant.parse("2026-03-01T10:01:00Z"));

        assertThat(written.describe()).isEqualTo("not written (" + reports.toAbsolutePath() + ": No space left on device; make "
                + reports.toAbsolutePath() + " writable (its permissions, a read-only file system, a full disk), or point"
                + " cognigy.report.dir at a folder that is)");
        assertThat(published).isEmpty();
        try (var left = Files.list(reports)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly(ReportWriter.LOCK_FILE);
        }
    }

    @Test
    @DisplayName("a report folder that is a symbolic link to a folder that does not exist (a CI cache restored without it):"
            + " the summary says so and what to do, not the folder's name alone")
    void danglingLinkAsTheFolderIsNamed() throws Exception {
        Path gone = dir.resolve("mounted/reports");
        Path link = Files.createSymbolicLink(dir.resolve("reports"), gone);

        WrittenReports written = writer(link).write(RUN, ANALYSIS, RECORDS, Instant.parse("2026-03-01T10:01:00Z"));

        assertThat(written.describe()).isEqualTo("not written (" + link.toAbsolutePath() + ": a symbolic link to " + gone
                + ", which does not exist; create " + gone + " (the folder the link " + link.toAbsolutePath() + " points to), or"
                + " remove the link, or point cognigy.report.dir at a folder that exists)");
        assertThat(Files.exists(gone)).isFalse();
    }

    @Test
    @DisplayName("a folder where results.json should be: the summary says to move it away")
    void folderInThePlaceOfAReportIsNamed() throws Exception {
        Path reports = dir.resolve("reports");
        Path inTheWay = Files.createDirectories(reports.resolve("results.json").resolve("kept"));

        WrittenReports written = writer(reports).write(RUN, ANALYSIS, RECORDS, Instant.parse("2026-03-01T10:01:00Z"));

        assertThat(written.describe()).startsWith("not written (" + reports.toAbsolutePath() + ": ")
                .endsWith("; a folder stands where the file should be: move " + inTheWay.getParent().toAbsolutePath() + " away)");
    }

    @Test
    @DisplayName("item 12: the console summary prints the analysis it is given, with where the reports are, and writes nothing")
    void summaryPrintsTheGivenAnalysis() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Path page = dir.resolve("index.html");
        new ConsoleSummary(new PrintStream(console, true, StandardCharsets.UTF_8)).runFinished(new FinishedRun(RUN, RECORDS,
                ANALYSIS.unaudited(NOT_WRITTEN), null, WrittenReports.written(page, dir.resolve("results.json"))));

        assertThat(console.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "[cognigy] batch_0123456789ab on scripted: 1 simulation, 1 passed (100.0 %)",
                "[cognigy] governance: UNAUDITED (threshold 95 %)",
                "[cognigy]   audit_not_written: audit trail audit.jsonl could not be written",
                "[cognigy] flow coverage: 1 of 1 expected flows (100 %)",
                "[cognigy] intents: macro F1 1.00 over 1 intent",
                "[cognigy] results: " + page.toAbsolutePath() + " and results.json");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // hang guard only
    @DisplayName("a run waiting for another process's lock on the report folder says so after a few seconds, naming the"
            + " lock file, rather than seeming to hang for up to two minutes")
    void saysItWaitsForAnotherProcess() throws Exception {
        Path reports = dir.resolve("reports");
        String command = ProcessHandle.current().info().command().orElse("java");
        Process other = new ProcessBuilder(command, "-cp", System.getProperty("java.class.path"), ReportsHalfWrittenMain.class.getName(),
                reports.toString(), "batch_0ther0ther0").redirectErrorStream(true).start();
        java.util.List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
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
            BufferedReader said = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            assertThat(said.readLine()).isEqualTo("halfway");
            CompletableFuture<WrittenReports> written = CompletableFuture.supplyAsync(
                    () -> writer(reports).write(RUN, ANALYSIS, RECORDS, Instant.parse("2026-03-01T10:01:00Z")));
            // Waited for rather than given 7 s: the run says so after 5 s of waiting, which a busy machine may begin late.
            org.awaitility.Awaitility.await("the warning").atMost(Duration.ofSeconds(45)).until(() -> !warnings.isEmpty());
            assertThat(written).as("waiting for the other process").isNotDone();
            assertThat(warnings).singleElement().asString().contains("waiting for", ReportWriter.LOCK_FILE, "2 minutes");
            other.getOutputStream().write('\n');
            other.getOutputStream().flush();
            assertThat(written.get(30, TimeUnit.SECONDS).problem()).isNull();
            assertThat(warnings).hasSize(1);
        } finally {
            logger.removeHandler(handler);
            other.destroyForcibly();
        }
    }
}
