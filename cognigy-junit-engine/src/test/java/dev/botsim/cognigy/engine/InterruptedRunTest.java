package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run whose JVM is shut down half-way (SIGTERM, as a CI job's timeout or Ctrl-C sends it) concludes with the results
 * it has, as INTERRUPTED: an audit record, results.json and index.html of this run, the webhook payload in the outbox.
 */
class InterruptedRunTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // hang guard only
    @DisplayName("SIGTERM half-way: the results so far are concluded as INTERRUPTED in the audit trail, the reports and the outbox")
    void shutDownHalfWay(@TempDir Path dir) throws Exception {
        List<String> console = shutDownAfterFive(dir);

        String listing;
        try (var all = Files.walk(dir)) {
            listing = all.map(Path::toString).toList().toString();
        }
        assertThat(console).as("the run did not get to its end; %s", listing).doesNotContain("run ended")
                .anySatisfy(line -> assertThat(line).contains("interrupted: the JVM is shutting down with")
                        .contains("of " + InterruptedRunMain.CASES + " tests reported"));
        List<String> trail = Files.readAllLines(dir.resolve("audit.jsonl"));
        assertThat(trail).hasSize(1);
        JsonNode record = JSON.readTree(trail.get(0));
        assertThat(record.findValue("governance").asString()).isEqualTo("INTERRUPTED");

        JsonNode results = JSON.readTree(dir.resolve("reports/results.json").toFile());
        assertThat(results.path("governance").path("status").asString()).isEqualTo("INTERRUPTED");
        int reported = results.path("results").size();
        assertThat(reported).isBetween(5, InterruptedRunMain.CASES - 1);
        // Why, for an auditor and a QA platform: the JVM shut down, with how many tests reported; the same in every report.
        JsonNode reasons = results.path("governance").path("reasons");
        assertThat(reasons.get(0).path("code").asString()).isEqualTo("interrupted");
        assertThat(reasons.get(0).path("message").asString()).startsWith("the JVM was shut down")
                .contains(reported + " of " + InterruptedRunMain.CASES + " tests reported");
        assertThat(record.path("governance_reasons")).isEqualTo(reasons);
        assertThat(Files.readString(dir.resolve("reports/index.html"))).contains("INTERRUPTED", "<code>interrupted</code>");

        try (var outbox = Files.list(dir.resolve("outbox"))) {
            List<Path> payloads = outbox.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
            assertThat(payloads).hasSize(1);
            // The outbox keeps the payload's exact bytes as a string: what the next run sends is what was signed.
            JsonNode payload = JSON.readTree(JSON.readTree(payloads.get(0).toFile()).path("body").asString());
            assertThat(payload.path("governance").asString()).isEqualTo("INTERRUPTED");
            assertThat(payload.path("governance_reasons")).isEqualTo(reasons);
            assertThat(payload.path("detailed_results").size()).isEqualTo(reported);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // hang guard only
    @DisplayName("SIGTERM half-way through a recording run approving answers: the answers of the tests reported are kept in"
            + " the cassette and the approval file, as the reports say")
    void shutDownHalfWayKeepsRecordingsAndApprovals(@TempDir Path dir) throws Exception {
        List<String> console = shutDownAfterFive(dir, "approved-record");

        assertThat(console).doesNotContain("run ended");
        JsonNode results = JSON.readTree(dir.resolve("reports/results.json").toFile());
        assertThat(results.path("governance").path("status").asString()).isEqualTo("INTERRUPTED");
        List<String> reported = new java.util.ArrayList<>();
        results.path("results").forEach(result -> reported.add(result.path("test_id").asString()));
        assertThat(reported).hasSizeBetween(5, InterruptedRunMain.CASES - 1);

        String approved;
        try (var files = Files.walk(dir.resolve("approved"))) {
            approved = Files.readString(files.filter(Files::isRegularFile).findFirst().orElseThrow());
        }
        String cassette;
        try (var files = Files.walk(dir.resolve("cassettes"))) {
            cassette = Files.readString(files.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().equals("bot.schema.json")).findFirst().orElseThrow());
        }
        for (String test : reported) {
            assertThat(approved).as("approval file").contains(test + ":");
            assertThat(cassette).as("cassette").contains(test);
        }
        assertThat(approved).doesNotContain("test_hello_" + InterruptedRunMain.CASES + ":");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // hang guard only
    @DisplayName("SIGTERM half-way through recording a suite again: the tests whose messages were in flight keep their"
            + " earlier recordings, as the tests never reached do — the shutdown is no answer of the bot, and replaying"
            + " none would fail tests the bot answers")
    void shutDownHalfWayKeepsTheRecordingsOfMessagesInFlight(@TempDir Path dir) throws Exception {
        try (MockWebServer receiver = new MockWebServer()) {
            receiver.enqueue(new MockResponse.Builder().code(200).build());
            receiver.start();
            List<String> whole = shutDown(dir, receiver.url("/hook").toString(), "run ended", "approved-record");
            assertThat(whole).contains("run ended");
        }
        List<String> console = shutDownAfterFive(dir, "approved-record");

        assertThat(console).doesNotContain("run ended");
        String cassette;
        try (var files = Files.walk(dir.resolve("cassettes"))) {
            cassette = Files.readString(files.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().equals("bot.schema.json")).findFirst().orElseThrow());
        }
        for (int i = 1; i <= InterruptedRunMain.CASES; i++) {
            assertThat(cassette).as("the cassette; %s", console).contains("[case:test_hello_" + i + "]\"");
        }
        assertThat(cassette).doesNotContain("unanswered");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // hang guard only
    @DisplayName("SIGTERM while the run ends: the end is waited for, so its webhook payload is still sent and the outbox"
            + " left empty, rather than the JVM halting half-way through it")
    void shutDownWhileTheRunEnds(@TempDir Path dir) throws Exception {
        try (MockWebServer receiver = new MockWebServer()) {
            receiver.enqueue(new MockResponse.Builder().code(200).build());
            receiver.start();
            List<String> console = shutDown(dir, receiver.url("/hook").toString(), "run ending", "slow-end");

            assertThat(console).as("the run ended on its own").noneMatch(line -> line.contains("interrupted: the JVM is shutting down"));
            assertThat(receiver.getRequestCount()).as("webhook deliveries; %s", console).isEqualTo(1);
            JsonNode payload = JSON.readTree(receiver.takeRequest().getBody().utf8());
            assertThat(payload.path("detailed_results").size()).isEqualTo(InterruptedRunMain.CASES);
            assertThat(JSON.readTree(Files.readAllLines(dir.resolve("audit.jsonl")).get(0)).findValue("governance").asString())
                    .isEqualTo("COMPLIANT");
            try (var outbox = Files.list(dir.resolve("outbox"))) {
                assertThat(outbox.filter(p -> p.getFileName().toString().endsWith(".json"))).as("payloads left to send").isEmpty();
            }
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // hang guard only
    @DisplayName("a JVM killed outright half-way (kill -9, as out of memory or a CI job's timeout killing the fork ends it)"
            + " leaves reports saying its run has not finished, never the earlier run's COMPLIANT ones looking like its own;"
            + " the earlier run's are kept in previous/ until a run ends, as the next one, shut down, does")
    void killedOutrightHalfWay(@TempDir Path dir) throws Exception {
        Path reports = dir.resolve("reports");
        try (MockWebServer receiver = new MockWebServer()) {
            receiver.enqueue(new MockResponse.Builder().code(200).build());
            receiver.start();
            assertThat(shutDown(dir, receiver.url("/hook").toString(), "run ended")).contains("run ended");
        }
        byte[] earlierResults = Files.readAllBytes(reports.resolve("results.json"));
        byte[] earlierPage = Files.readAllBytes(reports.resolve("index.html"));
        JsonNode earlier = JSON.readTree(earlierResults);
        assertThat(earlier.path("governance").path("status").asString()).isEqualTo("COMPLIANT");

        List<String> console = stopAfterFive(dir, Process::destroyForcibly);

        assertThat(console).as("killed before its end").doesNotContain("run ended")
                .noneMatch(line -> line.contains("interrupted: the JVM is shutting down"));
        JsonNode results = JSON.readTree(reports.resolve("results.json").toFile());
        String killed = results.path("batch_id").asString();
        assertThat(killed).as("results.json is the killed run's").startsWith("batch_")
                .isNotEqualTo(earlier.path("batch_id").asString());
        assertThat(results.path("running").asBoolean()).isTrue();
        assertThat(results.path("finished").isNull()).isTrue();
        assertThat(results.has("governance")).as("no verdict to read in a run that has not finished").isFalse();
        assertThat(results.has("results")).isFalse();
        assertThat(results.path("previous_run").path("batch_id").asString()).isEqualTo(earlier.path("batch_id").asString());
        assertThat(results.path("previous_run").path("page").asString()).isEqualTo("previous/index.html");
        assertThat(Files.readString(reports.resolve("index.html"))).contains("Run " + killed + " has not finished",
                "<a href=\"previous/index.html\">").doesNotContain("COMPLIANT");
        assertThat(Files.readAllBytes(reports.resolve("previous/results.json"))).as("the earlier run's, kept").isEqualTo(earlierResults);
        assertThat(Files.readAllBytes(reports.resolve("previous/index.html"))).as("the earlier run's, kept").isEqualTo(earlierPage);

        // The next run finds the mark of the killed one, keeps the earlier run's pair meanwhile and, concluded by its
        // shutdown, writes its own: the folder is that run's alone.
        shutDownAfterFive(dir);
        JsonNode next = JSON.readTree(reports.resolve("results.json").toFile());
        assertThat(next.path("governance").path("status").asString()).isEqualTo("INTERRUPTED");
        assertThat(next.path("batch_id").asString()).isNotIn(killed, earlier.path("batch_id").asString());
        assertThat(next.has("running")).isFalse();
        assertThat(Files.readString(reports.resolve("index.html"))).contains(next.path("batch_id").asString(), "INTERRUPTED");
        assertThat(reports.resolve("previous")).as("the earlier run's pair, kept only while a run is under way").doesNotExist();
    }

    private static List<String> shutDownAfterFive(Path dir, String... mode) throws Exception {
        return stopAfterFive(dir, run -> run.toHandle().destroy(), mode);
    }

    /** A run of {@link InterruptedRunMain} stopped by {@code stop} once five tests reported, with no webhook receiver. */
    private static List<String> stopAfterFive(Path dir, java.util.function.Consumer<Process> stop, String... mode) throws Exception {
        int refusedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            refusedPort = probe.getLocalPort(); // closed again: nothing listens there
        }
        return stop(dir, "http://127.0.0.1:" + refusedPort + "/hook", "finished 5", stop, mode);
    }

    /**
     * Starts {@link InterruptedRunMain} in a JVM of its own with {@code dir}, the webhook receiver's URL and {@code mode},
     * and sends it SIGTERM once it prints {@code trigger}.
     *
     * @return what the run printed
     */
    private static List<String> shutDown(Path dir, String receiver, String trigger, String... mode) throws Exception {
        // SIGTERM, the parent's end of the pipe left open to read what the run says while it ends (Process.destroy closes it).
        return stop(dir, receiver, trigger, run -> run.toHandle().destroy(), mode);
    }

    /** As {@link #shutDown}, stopping the run with {@code stop} once it prints {@code trigger}. */
    private static List<String> stop(Path dir, String receiver, String trigger, java.util.function.Consumer<Process> stop,
                                     String... mode) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                InterruptedRunMain.class.getName(), dir.toString(), receiver));
        command.addAll(List.of(mode));
        Process run = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> console = new CopyOnWriteArrayList<>();
        CountDownLatch triggered = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    console.add(line);
                    if (line.equals(trigger)) triggered.countDown();
                }
            } catch (java.io.IOException ignored) {
                // the process is gone
            }
        });
        reader.start();
        assertThat(triggered.await(30, TimeUnit.SECONDS)).as("%s", console).isTrue();
        stop.accept(run);
        assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
        reader.join(10_000);
        return console;
    }
}
