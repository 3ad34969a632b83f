package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.engine.transport.RefusingPort;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run whose JVM is shut down half-way (SIGTERM, as a CI job's timeout or Ctrl-C sends it) concludes with the results
 * it has, as INTERRUPTED: an audit record, results.json and index.html of this run, the webhook payload in the outbox.
 */
class InterruptedRunTest {

    private static RefusingPort refusedPort;

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
    @Timeout(value = 90, unit = TimeUnit.SECONDS) // hang guard only
    @DisplayName("SIGTERM half-way with a listener that never returns from runFinished (a QA platform's client waiting on its"
            + " server): the JVM exits within the shutdown's budget, saying so, with the audit record, reports and outbox written")
    void shutDownHalfWayWithAListenerThatHangs(@TempDir Path dir) throws Exception {
        List<String> console = shutDownHalfWayExiting(dir, Optional.empty(), "hanging-end");
        assertThat(console).as("the listener was told, and hung").contains("run ending")
                .anySatisfy(line -> assertThat(line).contains("WARNING the listeners were still being told the run ended after the"
                        + " shutdown's 5 s: the JVM exits without waiting for them"));
        assertThat(JSON.readTree(Files.readAllLines(dir.resolve("audit.jsonl")).get(0)).findValue("governance").asString())
                .isEqualTo("INTERRUPTED");
        assertThat(JSON.readTree(dir.resolve("reports/results.json").toFile()).path("governance").path("status").asString())
                .isEqualTo("INTERRUPTED");
        try (var outbox = Files.list(dir.resolve("outbox"))) {
            assertThat(outbox.filter(p -> p.getFileName().toString().endsWith(".json"))).hasSize(1);
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
        try (MockWebServer receiver = LoopbackServers.mockWebServer()) {
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
        try (MockWebServer receiver = LoopbackServers.mockWebServer()) {
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
    @DisplayName("a JVM killed outright while the run ends, its results read and its listeners being told but its webhook"
            + " payload not yet sent, loses nothing: its audit record, its finished reports and its payload in the outbox are"
            + " there, and the next run delivers that payload under the killed run's webhook-id")
    void killedOutrightWhileTheRunEnds(@TempDir Path dir) throws Exception {
        try (MockWebServer receiver = LoopbackServers.mockWebServer()) {
            receiver.enqueue(new MockResponse.Builder().code(200).build());
            receiver.enqueue(new MockResponse.Builder().code(200).build());
            receiver.start();
            String hook = receiver.url("/hook").toString();
            List<String> console = stop(dir, hook, "run ending", Process::destroyForcibly, "slow-end");

            assertThat(console).as("killed before its end").doesNotContain("run ended");
            assertThat(receiver.getRequestCount()).as("killed before its payload was sent").isZero();
            List<String> trail = Files.readAllLines(dir.resolve("audit.jsonl"));
            assertThat(trail).as("the killed run's audit record").hasSize(1);
            String killed = JSON.readTree(trail.get(0)).findValue("batch_id").asString();
            JsonNode results = JSON.readTree(dir.resolve("reports/results.json").toFile());
            assertThat(results.path("batch_id").asString()).isEqualTo(killed);
            assertThat(results.has("running")).as("its reports are written, not the mark of a run under way").isFalse();
            assertThat(results.path("governance").path("status").asString()).isEqualTo("COMPLIANT");
            assertThat(results.path("results").size()).isEqualTo(InterruptedRunMain.CASES);
            Path spooled = dir.resolve("outbox/msg_" + killed + ".json");
            assertThat(spooled).as("the payload written ahead of its delivery").exists();

            // The next run to the same receiver delivers it as it starts, then its own.
            assertThat(shutDown(dir, hook, "run ended")).contains("run ended");
            assertThat(receiver.getRequestCount()).isEqualTo(2);
            var redelivered = receiver.takeRequest();
            assertThat(redelivered.getHeaders().get("webhook-id")).as("the killed run's payload, first").isEqualTo("msg_" + killed);
            JsonNode payload = JSON.readTree(redelivered.getBody().utf8());
            assertThat(payload.path("governance").asString()).isEqualTo("COMPLIANT");
            assertThat(payload.path("detailed_results").size()).isEqualTo(InterruptedRunMain.CASES);
            assertThat(spooled).as("delivered, so removed").doesNotExist();
        }
        assertThat(Files.readAllLines(dir.resolve("audit.jsonl"))).as("each run audited once").hasSize(2);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // hang guard only
    @DisplayName("a JVM killed outright half-way (kill -9, as out of memory or a CI job's timeout killing the fork ends it)"
            + " leaves reports saying its run has not finished, never the earlier run's COMPLIANT ones looking like its own;"
            + " the earlier run's are kept in previous/ until a run ends, as the next one, shut down, does")
    void killedOutrightHalfWay(@TempDir Path dir) throws Exception {
        Path reports = dir.resolve("reports");
        runToItsEnd(dir);
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

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // hang guard only
    @DisplayName("SIGTERM while the run starts (its token endpoint not answering, the folder already marked as under way)"
            + " leaves the pair of a run that did not start, saying it was stopped while starting — not the mark of a run"
            + " still under way — the earlier run's pair kept in previous/, and no audit record or webhook payload: no test ran")
    void shutDownWhileStarting(@TempDir Path dir) throws Exception {
        Path reports = dir.resolve("reports");
        runToItsEnd(dir);
        byte[] earlierResults = Files.readAllBytes(reports.resolve("results.json"));
        String earlier = JSON.readTree(earlierResults).path("batch_id").asString();

        List<String> console;
        String marked;
        try (SilentTenant tenant = new SilentTenant()) {
            Running started = start(dir, refusedReceiver(), "tenant", tenant.url());
            Process run = started.process();
            try {
                assertThat(tenant.asked.await(30, TimeUnit.SECONDS)).as("the token asked for").isTrue();
                // The start has taken its second: the folder says the run is under way, as a JVM killed outright leaves it.
                await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(reports.resolve("results.json").toFile())
                        .path("running").asBoolean(false));
                marked = JSON.readTree(reports.resolve("results.json").toFile()).path("batch_id").asString();
                assertThat(tenant.requests).as("still starting").containsExactly("POST /api/oauth/token HTTP/1.1");
                run.toHandle().destroy();
                assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                run.destroyForcibly();
            }
            console = started.output();
        }

        assertThat(marked).startsWith("batch_").isNotEqualTo(earlier);
        JsonNode results = JSON.readTree(reports.resolve("results.json").toFile());
        assertThat(results.path("batch_id").asString()).as("the run the mark named").isEqualTo(marked);
        assertThat(results.path("running").asBoolean(true)).as("not under way: %s", console).isFalse();
        assertThat(results.path("not_started").asString()).startsWith("the JVM was shut down (a CI job's timeout, Ctrl-C,")
                .contains("while the run was starting", "before any test ran");
        assertThat(results.path("backend").asString()).isEqualTo("simulation");
        assertThat(results.has("governance") || results.has("results")).as("no verdict").isFalse();
        assertThat(results.path("previous_run").path("batch_id").asString()).isEqualTo(earlier);
        assertThat(Files.readAllBytes(reports.resolve("previous/results.json"))).as("the earlier run's, kept").isEqualTo(earlierResults);
        assertThat(Files.readString(reports.resolve("index.html"))).contains("Run " + marked + " did not start: it was stopped while"
                + " starting", "<a href=\"previous/index.html\">").doesNotContain("has not finished", "fix what is named above");
        assertThat(console).anySatisfy(line -> assertThat(line).isEqualTo("[cognigy] run " + marked + " interrupted while starting:"
                + " the JVM is shutting down before any test ran; the report folder says the run did not start"));
        assertThat(Files.readAllLines(dir.resolve("audit.jsonl"))).as("the earlier run's record alone").hasSize(1);
        try (var outbox = Files.list(dir.resolve("outbox"))) {
            assertThat(outbox.filter(p -> p.getFileName().toString().endsWith(".json"))).as("payloads").isEmpty();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // hang guard only
    @DisplayName("SIGTERM while the run starts (its token endpoint not answering): every listener hears the run started and"
            + " ended INTERRUPTED with no results, saying it was stopped while starting — the console's summary among them —"
            + " rather than hearing nothing")
    void shutDownWhileStartingTellsTheListeners(@TempDir Path dir) throws Exception {
        List<String> console;
        try (SilentTenant tenant = new SilentTenant()) {
            Running started = start(dir, refusedReceiver(), "tenant", tenant.url());
            Process run = started.process();
            try {
                assertThat(tenant.asked.await(30, TimeUnit.SECONDS)).as("the token asked for").isTrue();
                run.toHandle().destroy();
                assertThat(run.waitFor(30, TimeUnit.SECONDS)).as("the shutdown ended").isTrue();
            } finally {
                run.destroyForcibly();
            }
            console = started.output();
            assertThat(tenant.requests).as("still starting when stopped").containsExactly("POST /api/oauth/token HTTP/1.1");
        }

        String interrupted = console.stream().filter(line -> line.endsWith("interrupted while starting: the JVM is shutting down"
                + " before any test ran; the report folder says the run did not start")).findFirst().orElseThrow(() ->
                new AssertionError("no line saying the run was interrupted while starting: " + console));
        String batch = interrupted.split(" ")[2];
        int runStarted = console.indexOf("listener runStarted " + batch + ", " + InterruptedRunMain.CASES + " planned");
        assertThat(runStarted).as("the listener the engine's services add heard the run start: %s", console).isNotNegative();
        // Its first reason says why; nothing_ran follows, as for any run without results.
        assertThat(console.subList(runStarted, console.size())).as("and then end").anySatisfy(line -> assertThat(line).startsWith(
                "listener runFinished " + batch + " INTERRUPTED, 0 results: [the JVM was shut down (a CI job's timeout, Ctrl-C,"
                        + " an IDE's stop button) while the run was starting (its backend, the bot's schema), before any test ran:"
                        + " none of its " + InterruptedRunMain.CASES + " tests reported, so the run is INTERRUPTED, "));
        assertThat(console).as("the built-in summary").contains("[cognigy] governance: INTERRUPTED (threshold 95 %)")
                .anySatisfy(line -> assertThat(line).startsWith("[cognigy]   interrupted: the JVM was shut down")
                        .contains("while the run was starting"));
        assertThat(console).as("told once").filteredOn(line -> line.startsWith("listener runFinished")).hasSize(1);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // hang guard only
    @DisplayName("a JVM killed outright while its run starts (kill -9) leaves the mark of a run under way naming its process;"
            + " the next run in the folder says in one line that the process is gone and replaces the mark — while a run"
            + " started alongside, the process alive, replaces it in silence as before")
    void killedOutrightWhileStarting(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("reports/results.json");
        byte[] leftByKilled;
        String killed;
        long pid;
        List<String> alongside;
        try (SilentTenant tenant = new SilentTenant()) {
            Running started = start(dir, refusedReceiver(), "tenant", tenant.url());
            Process run = started.process();
            try {
                assertThat(tenant.asked.await(30, TimeUnit.SECONDS)).as("the token asked for").isTrue();
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.isRegularFile(results)
                        && JSON.readTree(results.toFile()).path("running").asBoolean(false));
                leftByKilled = Files.readAllBytes(results);
                JsonNode mark = JSON.readTree(leftByKilled);
                killed = mark.path("batch_id").asString();
                pid = run.pid();
                assertThat(mark.path("process").path("pid").asLong()).as("the mark names its process: %s", mark).isEqualTo(pid);
                assertThat(mark.path("process").path("started").asString()).isNotEmpty();

                alongside = runToItsEnd(dir);

                run.destroyForcibly();
                assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                run.destroyForcibly();
            }
            assertThat(started.output()).as("killed outright: no hook ran").noneMatch(line -> line.contains("interrupted while starting"));
        }
        assertThat(alongside).as("a run beside a live one").noneMatch(line -> line.contains("is gone"));

        // The folder as the kill left it, had no run ended since: the killed run's own mark.
        Files.write(results, leftByKilled);
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("the killed process").isEmpty();
        List<String> next = runToItsEnd(dir);

        assertThat(next).as("the next run's console").filteredOn(line -> line.contains("is gone")).singleElement().satisfies(line ->
                assertThat(line).startsWith("[cognigy] the report folder " + dir.resolve("reports") + " said run " + killed
                        + " was under way, but its process " + pid + " (started ").endsWith(") is gone: it was killed outright"
                        + " (kill -9, out of memory, a CI job's timeout) and never reported; the mark it left is replaced"));
        JsonNode after = JSON.readTree(results.toFile());
        assertThat(after.has("running")).as("the next run's own results").isFalse();
        assertThat(after.path("governance").path("status").asString()).isEqualTo("COMPLIANT");
    }

    /**
     * How long a SIGTERM'd run may take to exit: the hook's budget of 5 s and a margin for a loaded machine's JVM — far
     * below the two minutes the report folder's lock was waited for, and than a CI runner's wait before SIGKILL is not.
     */
    private static final Duration EXITS_WITHIN = Duration.ofSeconds(20);

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // hang guard only
    @DisplayName("SIGTERM while the run starts and its mark waits for the report folder's lock another process holds: the"
            + " JVM exits within the shutdown's budget, the folder left as it is, saying so in one line, and the listeners"
            + " told the run ended")
    void shutDownWhileStartingWithTheFolderLocked(@TempDir Path dir) throws Exception {
        Path reports = Files.createDirectories(dir.resolve("reports"));
        List<String> console;
        boolean exited;
        try (SilentTenant tenant = new SilentTenant();
             FileChannel channel = FileChannel.open(reports.resolve(".cognigy-reports.lock"), StandardOpenOption.CREATE,
                     StandardOpenOption.WRITE)) {
            channel.lock(); // held until the channel closes
            Running started = start(dir, refusedReceiver(), "tenant", tenant.url());
            Process run = started.process();
            try {
                assertThat(tenant.asked.await(30, TimeUnit.SECONDS)).as("the token asked for").isTrue();
                // The start has taken its second: the mark's writer waits for the lock this test holds, and says so.
                await().atMost(Duration.ofSeconds(30)).until(() -> started.console().stream()
                        .anyMatch(line -> line.contains("another process is writing its reports into this folder")));
                run.toHandle().destroy();
                exited = run.waitFor(EXITS_WITHIN.toSeconds(), TimeUnit.SECONDS);
            } finally {
                run.destroyForcibly();
            }
            console = started.output();
        }

        assertThat(exited).as("exited within %s of SIGTERM; %s", EXITS_WITHIN, console).isTrue();
        assertThat(console).filteredOn(line -> line.startsWith("[cognigy] WARNING the report folder ")).singleElement()
                .satisfies(line -> assertThat(line).contains(" was not written: the mark of the run under way was still being"
                        + " written there after the shutdown's 5 s (a slow folder, or its lock held by another process)"));
        assertThat(console).as("the listeners told").anySatisfy(line -> assertThat(line).startsWith("listener runFinished")
                .contains("INTERRUPTED"));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // hang guard only
    @DisplayName("SIGTERM half-way while another process holds the report folder's lock: the JVM exits within the"
            + " shutdown's budget, the interrupted run's reports written without the lock, saying so in one line")
    void shutDownHalfWayWithTheFolderLocked(@TempDir Path dir) throws Exception {
        Path reports = dir.resolve("reports");
        // The run's mark is written and its lock let go as the start ended: from now on another process holds it.
        List<String> console = shutDownHalfWayHolding(dir, reports.resolve(".cognigy-reports.lock"));

        assertThat(console).filteredOn(line -> line.startsWith("[cognigy] WARNING the report folder ")).singleElement()
                .isEqualTo("[cognigy] WARNING the report folder " + reports + " was locked by another process (.cognigy-reports.lock)"
                        + " when the time to wait for it ran out; the reports were written without its lock (the JVM is shutting"
                        + " down, and waits no longer than 5 s in all)");
        JsonNode results = JSON.readTree(reports.resolve("results.json").toFile());
        assertThat(results.path("governance").path("status").asString()).isEqualTo("INTERRUPTED");
        assertThat(Files.readAllLines(dir.resolve("audit.jsonl"))).hasSize(1);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // hang guard only
    @DisplayName("SIGTERM half-way while another process holds the audit trail's lock: the JVM exits within the shutdown's"
            + " budget, the record left out rather than appended without the lock (the trail is a hash chain), saying so in"
            + " one line; the reports and the outbox say the run is UNAUDITED and was interrupted")
    void shutDownHalfWayWithTheAuditTrailLocked(@TempDir Path dir) throws Exception {
        Path trail = dir.resolve("audit.jsonl");
        // Another process appending to the same trail, for longer than the shutdown can wait.
        List<String> console = shutDownHalfWayHolding(dir, dir.resolve("audit.jsonl.lock"));

        assertThat(console).filteredOn(line -> line.startsWith("[cognigy] WARNING audit trail ")).singleElement()
                .isEqualTo("[cognigy] WARNING audit trail " + trail + " was locked by another process (audit.jsonl.lock) when"
                        + " the shutdown's 5 s ran out: the interrupted run's record was not appended, since appending without"
                        + " the lock would break the trail's hash chain; the run has no audit record and cannot count as"
                        + " compliant (governance UNAUDITED)");
        assertThat(Files.exists(trail) ? Files.readAllLines(trail) : List.of()).as("the trail").isEmpty();
        // The record's absence decides the verdict; that the run was interrupted stays among its reasons.
        JsonNode results = JSON.readTree(dir.resolve("reports/results.json").toFile());
        assertThat(results.path("governance").path("status").asString()).isEqualTo("UNAUDITED");
        List<String> codes = new java.util.ArrayList<>();
        results.path("governance").path("reasons").forEach(reason -> codes.add(reason.path("code").asString()));
        assertThat(codes).containsSubsequence("audit_not_written", "interrupted");
        try (var outbox = Files.list(dir.resolve("outbox"))) {
            List<Path> payloads = outbox.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
            assertThat(payloads).hasSize(1);
            JsonNode payload = JSON.readTree(JSON.readTree(payloads.get(0).toFile()).path("body").asString());
            assertThat(payload.path("governance").asString()).isEqualTo("UNAUDITED");
            assertThat(payload.path("governance_reasons")).isEqualTo(results.path("governance").path("reasons"));
        }
    }

    /**
     * Starts a run in {@code dir}, and once five tests have finished takes {@code lockFile}'s lock as another process would
     * and sends SIGTERM; asserts the JVM exits within {@link #EXITS_WITHIN} while the lock is still held.
     *
     * @return the run's console
     */
    private List<String> shutDownHalfWayHolding(Path dir, Path lockFile) throws Exception {
        return shutDownHalfWayExiting(dir, Optional.of(lockFile));
    }

    /**
     * Starts a run in {@code dir} with {@code mode}, and once five tests have finished sends SIGTERM — holding
     * {@code lockFile}'s lock meanwhile as another process would, if given; asserts the JVM exits within
     * {@link #EXITS_WITHIN}.
     *
     * @return the run's console
     */
    private List<String> shutDownHalfWayExiting(Path dir, Optional<Path> lockFile, String... mode) throws Exception {
        boolean exited;
        Running started = start(dir, refusedReceiver(), mode);
        Process run = started.process();
        try {
            assertThat(started.printed("finished 5").await(30, TimeUnit.SECONDS)).as("%s", started.console()).isTrue();
            FileChannel channel = lockFile.isPresent() ? FileChannel.open(lockFile.get(), StandardOpenOption.CREATE, StandardOpenOption.WRITE) : null;
            try (channel) {
                if (channel != null) channel.lock(); // held until the channel closes
                run.toHandle().destroy();
                exited = run.waitFor(EXITS_WITHIN.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            run.destroyForcibly();
        }
        List<String> console = started.output();
        assertThat(exited).as("exited within %s of SIGTERM; %s", EXITS_WITHIN, console).isTrue();
        return console;
    }

    /** A whole earlier run in the folder, ended on its own and its payload delivered: what a later run finds there. */
    private static List<String> runToItsEnd(Path dir) throws Exception {
        try (MockWebServer receiver = LoopbackServers.mockWebServer()) {
            receiver.enqueue(new MockResponse.Builder().code(200).build());
            receiver.start();
            List<String> console = shutDown(dir, receiver.url("/hook").toString(), "run ended");
            assertThat(console).contains("run ended");
            return console;
        }
    }

    /**
     * The URL of a webhook receiver that refuses connections: its port held for the whole class, never listening, so no
     * server another test starts meanwhile can take it and answer the runs' deliveries.
     */
    private static String refusedReceiver() {
        return refusedPort.url("/hook").toString();
    }

    @BeforeAll
    static void holdRefusedPort() throws IOException {
        refusedPort = new RefusingPort();
    }

    @AfterAll
    static void releaseRefusedPort() throws IOException {
        refusedPort.close();
    }

    /**
     * A simulation API that takes connections, records each request's first line and never answers: a start that waits
     * for its token holds, as against a tenant that hangs.
     */
    private static final class SilentTenant implements AutoCloseable {
        final List<String> requests = new CopyOnWriteArrayList<>();
        final CountDownLatch asked = new CountDownLatch(1);
        private final ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        private final List<java.net.Socket> held = new CopyOnWriteArrayList<>();
        private final Thread acceptor = new Thread(this::accept, "silent-tenant");

        SilentTenant() throws IOException {
            acceptor.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        private void accept() {
            try {
                while (true) {
                    java.net.Socket socket = server.accept();
                    held.add(socket);
                    String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                    if (line != null) requests.add(line);
                    asked.countDown();
                }
            } catch (IOException closed) {
                // the test is over
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (java.net.Socket socket : held) socket.close();
            try {
                acceptor.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // kept for the test's thread to see, as the join was cut short
            }
        }
    }

    private static List<String> shutDownAfterFive(Path dir, String... mode) throws Exception {
        return stopAfterFive(dir, run -> run.toHandle().destroy(), mode);
    }

    /** A run of {@link InterruptedRunMain} stopped by {@code stop} once five tests reported, with no webhook receiver. */
    private static List<String> stopAfterFive(Path dir, java.util.function.Consumer<Process> stop, String... mode) throws Exception {
        return stop(dir, refusedReceiver(), "finished 5", stop, mode);
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
        Running run = start(dir, receiver, mode);
        assertThat(run.printed(trigger).await(30, TimeUnit.SECONDS)).as("%s", run.console()).isTrue();
        stop.accept(run.process());
        assertThat(run.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        return run.output();
    }

    /**
     * {@link InterruptedRunMain} started in a JVM of its own with {@code dir}, the webhook receiver's URL and {@code mode},
     * what it prints read as it prints it.
     */
    private static Running start(Path dir, String receiver, String... mode) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                InterruptedRunMain.class.getName(), dir.toString(), receiver));
        command.addAll(List.of(mode));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> console = new CopyOnWriteArrayList<>();
        List<Map.Entry<String, CountDownLatch>> awaited = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    console.add(line);
                    for (Map.Entry<String, CountDownLatch> wait : awaited) {
                        if (line.equals(wait.getKey())) wait.getValue().countDown();
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        reader.start();
        return new Running(process, console, awaited, reader);
    }

    /** A run in its own JVM: the process, and what it has printed so far. */
    private record Running(Process process, List<String> console, List<Map.Entry<String, CountDownLatch>> awaited, Thread reader) {

        /** Opens once the run prints {@code line} (from now on). */
        CountDownLatch printed(String line) {
            CountDownLatch latch = new CountDownLatch(1);
            awaited.add(Map.entry(line, latch));
            // Printed already: the reader adds a line before it looks for whoever awaits it.
            if (console.contains(line)) latch.countDown();
            return latch;
        }

        /** Everything the run printed, once it has ended. */
        List<String> output() throws InterruptedException {
            reader.join(10_000);
            return console;
        }
    }
}
