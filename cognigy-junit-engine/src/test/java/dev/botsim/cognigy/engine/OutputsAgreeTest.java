package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.CancellationToken;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.backend.BackendException;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.fixtures.DisabledSimulation;
import dev.botsim.cognigy.engine.fixtures.EveryOutcomeSimulation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunSummary;
import dev.botsim.cognigy.spi.SimulationListener;
import dev.botsim.cognigy.spi.SimulationRecord;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * One run, one truth: every output of a run — JUnit's events (what Surefire and the IDE show), the console's summary,
 * {@code results.json}, {@code index.html}, the audit record, the webhook payload, the GitHub Actions job summary and the
 * listeners' summary — says the same counts, the same state of each test and the same verdict with the same reasons, and
 * says alike when its figures are not the suite's. JUnit's events are the reference for each test's state.
 */
class OutputsAgreeTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @TempDir
    Path dir;

    /** Every output of one run. */
    private record Outputs(EngineExecutionResults junit, String console, JsonNode results, String html, JsonNode audit,
                           JsonNode payload, String jobSummary, RecordingListener listener) {

        /** JUnit's state of each test that reported, by unique id: SUCCESSFUL, FAILED, ABORTED or SKIPPED. */
        Map<String, String> junitStates() {
            Map<String, String> states = new TreeMap<>();
            for (Event e : junit.testEvents().list()) {
                String id = e.getTestDescriptor().getUniqueId().toString();
                if (e.getType() == EventType.SKIPPED) states.put(id, "SKIPPED");
                if (e.getType() == EventType.FINISHED) states.put(id, e.getRequiredPayload(TestExecutionResult.class).getStatus().name());
            }
            return states;
        }

        /** The tests JUnit itself skipped because the run was cancelled before it reached them. */
        List<String> skippedByCancellation() {
            return junit.testEvents().skipped().stream()
                    .filter(e -> "Execution cancelled".equals(e.getPayload(String.class).orElse(null)))
                    .map(e -> e.getTestDescriptor().getUniqueId().toString()).toList();
        }

        RunSummary summary() {
            assertThat(listener.summaries).as("the listeners' summary").hasSize(1);
            return listener.summaries.get(0);
        }
    }

    private Outputs run(ScriptedBackend backend, Map<String, String> parameters, String includeTag, boolean cancelAfterFirstPass,
                        DiscoverySelector... selectors) throws Exception {
        Path summary = dir.resolve("step_summary.md");
        Map<String, String> env = Map.of(Constants.WEBHOOK_SECRET_ENV, SECRET, "GITHUB_ACTIONS", "true",
                "GITHUB_STEP_SUMMARY", summary.toString(), "GITHUB_WORKSPACE", dir.toString());
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        RecordingListener listener = new RecordingListener();
        CancellationToken token = CancellationToken.create();
        SimulationListener canceller = new SimulationListener() {
            @Override
            public void simulationFinished(SimulationRecord record) {
                if (cancelAfterFirstPass && record.outcome() == Outcome.PASSED) token.cancel();
            }
        };
        try (MockWebServer receiver = LoopbackServers.mockWebServer()) {
            receiver.enqueue(new MockResponse.Builder().code(204).build());
            receiver.start();
            Map<String, String> all = new HashMap<>(parameters);
            all.put(Constants.REPORT_DIR, dir.resolve("reports").toString());
            all.putIfAbsent(Constants.AUDIT_FILE, dir.resolve("audit.jsonl").toString());
            all.put(Constants.WEBHOOK_URL, receiver.url("/hook").toString());
            all.put(Constants.WEBHOOK_OUTBOX_DIR, dir.resolve("outbox").toString());
            EngineTestKit.Builder kit = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(env::get, c -> backend,
                            new MutableClock()).withConsole(new PrintStream(console, true, StandardCharsets.UTF_8))
                            .withListeners(listener, canceller)))
                    .configurationParameters(all).selectors(selectors).cancellationToken(token);
            if (includeTag != null) kit.filters(TagFilter.includeTags(includeTag));
            EngineExecutionResults results = kit.execute();
            RecordedRequest delivery = receiver.takeRequest(parameters.containsKey(Constants.RUN_DEFER) ? 0 : 10, TimeUnit.SECONDS);
            ObjectMapper json = new ObjectMapper();
            Path resultsFile;
            Path page;
            try (var files = Files.walk(dir.resolve("reports"))) {
                List<Path> all2 = files.toList();
                resultsFile = all2.stream().filter(f -> f.getFileName().toString().equals("results.json")).findFirst().orElseThrow();
                page = all2.stream().filter(f -> f.getFileName().toString().equals("index.html")).findFirst().orElseThrow();
            }
            Path auditFile = Path.of(all.get(Constants.AUDIT_FILE));
            List<String> audit = Files.isRegularFile(auditFile) ? Files.readAllLines(auditFile) : List.of();
            return new Outputs(results, console.toString(StandardCharsets.UTF_8), json.readTree(resultsFile.toFile()),
                    Files.readString(page), audit.isEmpty() ? null : json.readTree(audit.get(audit.size() - 1)),
                    delivery == null ? null : json.readTree(delivery.getBody().utf8()), Files.readString(summary), listener);
        }
    }

    /** Every output against JUnit's events and against each other. */
    private static void assertAgree(Outputs o) {
        // Each test's state: JUnit's, the records', results.json's and the payload's.
        Map<String, String> junit = new TreeMap<>(o.junitStates());
        o.skippedByCancellation().forEach(junit::remove);
        Map<String, String> inResults = new TreeMap<>();
        Map<String, String> byTestId = new TreeMap<>();
        o.results().get("results").forEach(r -> {
            inResults.put(r.get("unique_id").asString(), junitState(r.get("outcome").asString()));
            byTestId.put(r.get("test_id").asString(), r.get("outcome").asString().toLowerCase(java.util.Locale.ROOT));
        });
        Map<String, String> inRecords = new TreeMap<>();
        o.listener().finished.forEach(r -> inRecords.put(r.uniqueId(), junitState(r.outcome().name())));
        Map<String, String> junitAsReported = new TreeMap<>();
        junit.forEach((id, state) -> junitAsReported.put(id, state.equals("ABORTED") ? "SKIPPED" : state));
        assertThat(inResults).as("each test's state in results.json against JUnit's").isEqualTo(junitAsReported);
        assertThat(inRecords).as("each test's state in the listeners' records against JUnit's").isEqualTo(junitAsReported);
        Map<String, String> inPayload = new TreeMap<>();
        if (o.payload() != null) {
            o.payload().get("detailed_results").forEach(r -> inPayload.put(r.get("test_id").asString(), r.get("outcome").asString()));
            assertThat(inPayload).as("each test's outcome in the webhook payload against results.json").isEqualTo(byTestId);
        }
        // A test for invalid input is anchored on index.html by its place on the page, which lists the failing tests first.
        List<String> onPage = new java.util.ArrayList<>();
        Matcher shown = Pattern.compile("<details id=\"([^\"]*)\" class=\"result [^\"]*\" data-outcome=\"([A-Z]+)\"").matcher(o.html());
        while (shown.find()) onPage.add((shown.group(1).startsWith("invalid-input-") ? "" : unescaped(shown.group(1))) + " " + shown.group(2));
        List<String> listed = new java.util.ArrayList<>();
        // A test for invalid input has its unique id as its test id.
        o.results().get("results").forEach(r -> listed.add((r.get("test_id").equals(r.get("unique_id")) ? "" : r.get("test_id").asString())
                + " " + r.get("outcome").asString()));
        assertThat(onPage).as("each test's outcome on index.html against results.json").containsExactlyInAnyOrderElementsOf(listed);

        // The counts.
        JsonNode s = o.results().get("summary");
        long total = s.get("total").asLong();
        long passed = s.get("passed").asLong();
        long skipped = s.get("skipped").asLong();
        long notPassed = total - passed;
        assertThat(o.junit().testEvents().succeeded().count()).as("JUnit's successful tests").isEqualTo(passed);
        assertThat(o.junit().testEvents().failed().count()).as("JUnit's failed tests").isEqualTo(notPassed);
        assertThat(o.junit().testEvents().skipped().count() + o.junit().testEvents().aborted().count()
                - o.skippedByCancellation().size()).as("JUnit's skipped and aborted tests").isEqualTo(skipped);
        Map<String, Long> outcomes = new TreeMap<>();
        for (String key : List.of("passed", "failed", "misconfiguration", "timeout", "error", "skipped")) outcomes.put(key, s.get(key).asLong());
        Map<String, Long> audited = new TreeMap<>(outcomes);
        if (o.audit() != null) audited.clear();
        if (o.audit() != null) o.audit().get("outcomes").propertyNames().forEach(k -> audited.put(k, o.audit().get("outcomes").get(k).asLong()));
        assertThat(audited).as("the audit record's outcomes").isEqualTo(outcomes);
        if (o.audit() != null) assertThat(o.audit().get("total").asLong()).as("the audit record's total").isEqualTo(total);
        Map<String, Long> listened = new TreeMap<>();
        o.summary().outcomes().forEach((k, v) -> listened.put(k.name().toLowerCase(java.util.Locale.ROOT), v));
        assertThat(listened).as("the listeners' outcomes").isEqualTo(outcomes);
        JsonNode batch = o.payload() == null ? null : o.payload().get("batch_summary");
        if (o.payload() != null) assertThat(batch.get("total_tests").asLong()).as("the payload's total_tests").isEqualTo(total);
        if (o.payload() != null) assertThat(batch.get("passed").asLong()).as("the payload's passed").isEqualTo(passed);
        if (o.payload() != null) assertThat(batch.get("failed").asLong()).as("the payload's failed").isEqualTo(notPassed);
        String counts = consoleCounts(o.console());
        assertThat(counts).as("the console's counts").startsWith(total + (total == 1 ? " simulation, " : " simulations, ") + passed + " passed");
        assertThat(counts.contains(skipped + " skipped")).as("the console's skipped count").isEqualTo(skipped > 0);
        boolean part = o.results().get("governance").get("status").asString().equals("DEFERRED");
        assertThat(o.jobSummary()).as("the job summary's counts, as the console's")
                .contains("\n" + counts + (part ? " in this part · " : " · threshold "));
        assertThat(tile(o.html(), "total")).as("index.html's simulations").isEqualTo(total);
        assertThat(tile(o.html(), "passed")).as("index.html's passed").isEqualTo(passed);
        assertThat(o.html()).as("index.html's not passed").containsPattern("class=\"tile (failed|passed)\"><b>" + notPassed + "</b>");
        if (skipped > 0) assertThat(tile(o.html(), "skipped")).as("index.html's skipped").isEqualTo(skipped);
        if (notPassed == 0) assertThat(o.jobSummary()).contains("\nNo test failed.\n");
        else assertThat(o.jobSummary()).contains("\n#### Failing tests: " + notPassed + "\n");

        // The repeated tests by stability verdict.
        JsonNode stability = o.results().path("stability").path("counts");
        Map<String, Long> listenedStability = new TreeMap<>();
        o.summary().stability().forEach((k, v) -> listenedStability.put(k.name().toLowerCase(java.util.Locale.ROOT), v));
        Map<String, Long> reportedStability = new TreeMap<>();
        stability.propertyNames().forEach(k -> reportedStability.put(k, stability.get(k).asLong()));
        assertThat(listenedStability).as("the listeners' stability counts").isEqualTo(reportedStability);
        if (o.audit() != null) assertThat(o.audit().path("stability").toString()).as("the audit record's stability")
                .isEqualTo(stability.isMissingNode() ? "" : stability.toString());
        if (o.payload() != null) assertThat(o.payload().get("batch_summary").path("stability").toString()).as("the payload's stability")
                .isEqualTo(stability.isMissingNode() ? "" : stability.toString());
        if (!stability.isMissingNode()) {
            assertThat(o.console()).as("the console's stability").contains("[cognigy] stability: " + stability.get("flaky").asLong()
                    + " flaky, " + stability.get("broken").asLong() + " broken, " + stability.get("stable").asLong() + " stable of ");
        }

        // The verdict and its reasons.
        String verdict = o.results().get("governance").get("status").asString();
        if (o.audit() != null) assertThat(o.audit().get("governance").asString()).as("the audit record's verdict").isEqualTo(verdict);
        if (o.payload() != null) assertThat(o.payload().get("governance").asString()).as("the payload's verdict").isEqualTo(verdict);
        assertThat(o.summary().governance().name()).as("the listeners' verdict").isEqualTo(verdict);
        if (part) {
            assertThat(o.jobSummary()).as("the job summary's verdict").startsWith("### Cognigy bot tests: part of a split run")
                    .contains("the run's verdict, coverage, audit record and webhook come from the merge");
        } else {
            assertThat(o.console()).as("the console's verdict").contains("[cognigy] governance: " + verdict + " ");
            assertThat(o.jobSummary()).as("the job summary's verdict").startsWith("### Cognigy bot tests: "
                    + (verdict.equals("COMPLIANT") ? "✅ " : "❌ ") + verdict);
        }
        assertThat(o.html()).as("index.html's verdict").contains("verdict\"><b>" + verdict + "</b>");
        List<String> reasons = codes(o.results().get("governance").get("reasons"));
        if (o.audit() != null) assertThat(codes(o.audit().get("governance_reasons"))).as("the audit record's reasons").isEqualTo(reasons);
        if (o.payload() != null) assertThat(codes(o.payload().get("governance_reasons"))).as("the payload's reasons").isEqualTo(reasons);
        assertThat(o.summary().governanceReasons().stream().map(r -> r.code()).toList()).as("the listeners' reasons").isEqualTo(reasons);
        reasons.forEach(code -> {
            if (part) return;
            assertThat(o.console()).as("the console's reasons").contains("[cognigy]   " + code + ": ");
            assertThat(o.jobSummary()).as("the job summary's reasons").contains("\n- " + code.replace("_", "\\_") + ": ");
        });

        // Whether the figures are the suite's.
        boolean partial = o.results().path("partial").asBoolean(false);
        if (o.audit() != null) assertThat(o.audit().path("partial").asBoolean(false)).as("the audit record's partial").isEqualTo(partial);
        if (o.payload() != null) assertThat(o.payload().path("partial").asBoolean(false)).as("the payload's partial").isEqualTo(partial);
        assertThat(o.console().contains("picked one by one")).as("the console says the tests were picked one by one").isEqualTo(partial);
        assertThat(o.html().contains("tests picked one by one")).as("index.html says the tests were picked one by one").isEqualTo(partial);
        assertThat(o.jobSummary().contains("picked one by one")).as("the job summary says the tests were picked one by one")
                .isEqualTo(partial);
        long filteredOut = o.results().path("filtered_out").asLong(0);
        if (o.audit() != null) assertThat(o.audit().path("filtered_out").asLong(0)).as("the audit record's filtered_out").isEqualTo(filteredOut);
        if (o.payload() != null) assertThat(o.payload().path("filtered_out").asLong(0)).as("the payload's filtered_out").isEqualTo(filteredOut);
        String leftOut = filteredOut + " of " + (filteredOut + total + skipped) + " tests left out by a filter of the launcher";
        assertThat(o.console().contains(leftOut)).as("the console says how many tests a filter left out").isEqualTo(filteredOut > 0);
        assertThat(o.html().contains(leftOut)).as("index.html says how many tests a filter left out").isEqualTo(filteredOut > 0);
        assertThat(o.jobSummary().contains(leftOut)).as("the job summary says how many tests a filter left out")
                .isEqualTo(filteredOut > 0);
    }

    private static String unescaped(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private static String junitState(String outcome) {
        return switch (outcome.toUpperCase(java.util.Locale.ROOT)) {
            case "PASSED" -> "SUCCESSFUL";
            case "SKIPPED" -> "SKIPPED";
            default -> "FAILED";
        };
    }

    private static List<String> codes(JsonNode reasons) {
        List<String> codes = new java.util.ArrayList<>();
        reasons.forEach(r -> codes.add(r.get("code").asString()));
        return codes;
    }

    /** The counts of the console's summary line: {@code 5 simulations, 2 passed, 2 failed, 1 error, 1 skipped (40.0 %)}. */
    private static String consoleCounts(String console) {
        Matcher m = Pattern.compile("\\[cognigy\\] batch_\\w+ on scripted: (.+?)( in this part of a split run;.*)?\\R").matcher(console);
        assertThat(m.find()).as("the console's summary line in %s", console).isTrue();
        return m.group(1).strip();
    }

    private static long tile(String html, String kind) {
        Matcher m = Pattern.compile("class=\"tile " + kind + "\"><b>(\\d+)").matcher(html);
        assertThat(m.find()).as("index.html's %s tile", kind).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    @DisplayName("a data file's passed, failed and backend-error cases and a conversation whose middle turn fails: the later"
            + " turn is skipped, and every output counts 5 run, 2 passed, 3 not passed and 1 skipped, as JUnit does")
    void mixedOutcomes() throws Exception {
        Path file = Files.writeString(dir.resolve("orders.sim.yaml"), """
                version: 1
                cases:
                  - id: test_pass
                    utterance: hello there
                    expect: { intent: greeting }
                  - id: test_fail
                    utterance: hello
                    expect: { intent: check_order }
                  - id: test_error
                    utterance: boom
                  - id: test_slow
                    utterance: slow
                conversations:
                  - id: test_conv
                    turns:
                      - say: hi
                        expect: { intent: greeting }
                      - say: where is my order
                        expect: { intent: escalate }
                      - say: I want a human
                        expect: { intent: escalate }
                """);
        ScriptedBackend backend = new ScriptedBackend()
                .failing(r -> "boom".equals(r.text()), new BackendException(BackendException.Kind.TRANSPORT,
                        "POST /api/bot/simulate answered HTTP 503 after 4 attempts"))
                .failing(r -> "slow".equals(r.text()), new BackendException(BackendException.Kind.TIMEOUT,
                        "simulation sim_1 did not complete within 60s"));
        Outputs o = run(backend, Map.of(), null, false, selectFile(file.toFile()));

        assertAgree(o);
        o.junit().testEvents().assertStatistics(stats -> stats.succeeded(2).failed(4).skipped(1));
        assertThat(o.results().get("summary").toString()).contains("\"error\":1", "\"timeout\":1", "\"skipped\":1");
    }

    @Test
    @DisplayName("annotated tests: passed, failed, aborted by their own assumption, @Disabled, and a @Conversation method whose"
            + " middle message fails: every output agrees with JUnit's events")
    void annotatedOutcomes() throws Exception {
        Outputs o = run(new ScriptedBackend(), Map.of(), null, false, selectClass(EveryOutcomeSimulation.class));

        assertAgree(o);
        o.junit().testEvents().assertStatistics(stats -> stats.succeeded(1).failed(2).aborted(1).skipped(1));
    }

    @Test
    @DisplayName("a @Conversation method whose middle message fails: the job summary and its annotation say what that message"
            + " expected, from the failure, not a field name without a value from the record, which declares no expectation")
    void conversationMethodFailureSaysWhatWasExpected() throws Exception {
        Outputs o = run(new ScriptedBackend(), Map.of(), null, false, selectClass(EveryOutcomeSimulation.class));

        String row = o.jobSummary().lines().filter(line -> line.startsWith("| test\\_middleTurnFails")).findFirst().orElseThrow();
        assertThat(row).as("the failing test's row").contains("expected: \"escalate\"").doesNotContain("| intent |");
        assertThat(o.console().lines().filter(line -> line.contains("title=test_middleTurnFails")).findFirst().orElseThrow())
                .as("its annotation").contains("expected: \"escalate\"").doesNotContain("%0Aexpected intent%0A");
    }

    @Test
    @DisplayName("a repeated test that passes 2 of its 3 runs and a data file with an invalid entry: FLAKY and invalid input"
            + " fail as JUnit says, and every output gives the same stability counts and reasons")
    void flakyAndInvalidInput() throws Exception {
        Path flaky = Files.writeString(dir.resolve("flaky.sim.yaml"), """
                version: 1
                cases:
                  - id: test_flaky
                    utterance: track my package
                    repeat: 3
                    expect: { intent: check_order }
                  - id: test_steady
                    utterance: hello
                    repeat: 2
                    expect: { intent: greeting }
                """);
        Path bad = Files.writeString(dir.resolve("bad.sim.yaml"), """
                version: 1
                cases:
                  - id: test_good
                    utterance: hello
                    expect: { intent: greeting }
                  - id: test_broken
                    expect: { intent: greeting }
                """);
        ScriptedBackend backend = new ScriptedBackend().answering(ScriptedBackend.nthAsking("track my package", 2),
                TestTurns.turn(0, "flow_fallback", "greeting", 0.5, Map.of(), "Hi", null, null));
        Outputs o = run(backend, Map.of(), null, false, selectFile(flaky.toFile()), selectFile(bad.toFile()));

        assertAgree(o);
        assertThat(o.results().get("governance").get("reasons").toString()).contains("invalid_input");
        assertThat(o.audit().get("stability").toString()).isEqualTo(o.payload().get("batch_summary").get("stability").toString())
                .isEqualTo("{\"stable\":1,\"flaky\":1,\"broken\":0}");
        assertThat(o.console()).contains("[cognigy] stability: 1 flaky, 0 broken, 1 stable of 2 repeated tests");
    }

    @Test
    @DisplayName("a run whose every test is skipped (a @Disabled class): no output counts one as run, and all say REVIEW_REQUIRED"
            + " for nothing_ran")
    void everythingSkipped() throws Exception {
        Outputs o = run(new ScriptedBackend(), Map.of(), null, false, selectClass(DisabledSimulation.WholeClass.class));

        assertAgree(o);
        assertThat(o.results().get("governance").get("reasons").toString()).contains("nothing_ran");
    }

    @Test
    @DisplayName("the same test id in two locales' files: the later use is a failing duplicate everywhere, the other runs; no"
            + " output merges them")
    void sameIdInTwoFiles() throws Exception {
        Path en = Files.writeString(Files.createDirectories(dir.resolve("en")).resolve("orders.sim.yaml"), """
                version: 1
                locale: en-US
                cases:
                  - id: test_same
                    utterance: hello
                    expect: { intent: greeting }
                """);
        Path de = Files.writeString(Files.createDirectories(dir.resolve("de")).resolve("orders.sim.yaml"), """
                version: 1
                locale: de-DE
                cases:
                  - id: test_same
                    utterance: hello
                    expect: { intent: greeting }
                """);
        Outputs o = run(new ScriptedBackend(), Map.of(), null, false, selectFile(en.toFile()), selectFile(de.toFile()));

        assertAgree(o);
        assertThat(o.results().get("results")).hasSize(2);
    }

    @Test
    @DisplayName("a run a tag filter took a failing test out of: COMPLIANT over the test that ran, and every output — the job"
            + " summary too — says how many tests the filter left out")
    void filteredRun() throws Exception {
        Path file = Files.writeString(dir.resolve("tags.sim.yaml"), """
                version: 1
                cases:
                  - id: test_kept
                    utterance: hello
                    tags: [smoke]
                    expect: { intent: greeting }
                  - id: test_filtered
                    utterance: hello
                    expect: { intent: check_order }
                """);
        Outputs o = run(new ScriptedBackend(), Map.of(), "smoke", false, selectFile(file.toFile()));

        assertAgree(o);
        assertThat(o.results().get("filtered_out").asLong()).isEqualTo(1);
        assertThat(o.jobSummary()).contains("\n**1 of 2 tests left out by a filter of the launcher (tags, method names): the"
                + " verdict and coverage are of the 1 that ran.**\n");
    }

    @Test
    @DisplayName("a test picked by its unique id, as Surefire reruns a failed one: every output — the job summary's heading and"
            + " a line too — says its verdict is of the tests picked, not the suite's; cognigy.coverage.minimum is held to"
            + " neither, so the build passes and the job summary says it fails for nothing")
    void testsPickedOneByOne() throws Exception {
        Path file = Files.writeString(dir.resolve("orders.sim.yaml"), """
                version: 1
                cases:
                  - id: test_pass
                    utterance: hello there
                    expect: { intent: greeting }
                  - id: test_fail
                    utterance: hello
                    expect: { intent: check_order }
                """);
        // Its unique id as the discovery of its file gives it, as an IDE or Surefire takes it from a run before.
        String id = EngineTestKit.engine(new CognigyTestEngine()).selectors(selectFile(file.toFile())).discover()
                .getEngineDescriptor().getDescendants().stream().map(d -> d.getUniqueId().toString())
                .filter(u -> u.endsWith("/[case:test_pass]")).findFirst().orElseThrow();
        Outputs o = run(new ScriptedBackend(), Map.of(Constants.COVERAGE_MINIMUM, "1.0"), null, false, selectUniqueId(id));

        assertAgree(o);
        assertThat(o.results().get("partial").asBoolean()).isTrue();
        assertThat(o.jobSummary()).startsWith("### Cognigy bot tests: ✅ COMPLIANT (tests picked one by one, not the suite)\n")
                .doesNotContain("The build fails");
        assertThat(o.junit().containerEvents().failed().count()).isZero();
    }

    @Test
    @DisplayName("a run cancelled after its first test passed: the tests JUnit skipped are in no result, and every output"
            + " counts the one that ran and says INTERRUPTED")
    void cancelledMidway() throws Exception {
        Path file = Files.writeString(dir.resolve("many.sim.yaml"), """
                version: 1
                cases:
                  - id: test_one
                    utterance: hello
                    expect: { intent: greeting }
                  - id: test_two
                    utterance: hello there
                    expect: { intent: greeting }
                  - id: test_three
                    utterance: hi
                    expect: { intent: greeting }
                """);
        Outputs o = run(new ScriptedBackend(), Map.of(Constants.MAX_CONCURRENCY, "1"), null, true, selectFile(file.toFile()));

        assertAgree(o);
        assertThat(o.skippedByCancellation()).hasSize(2);
        assertThat(o.results().get("governance").get("status").asString()).isEqualTo("INTERRUPTED");
    }

    @Test
    @DisplayName("a conversation repeated 3 times whose middle turn wavers in one run: the wavering turn fails FLAKY, the last"
            + " is skipped, and every output counts and judges it as JUnit does")
    void repeatedConversationWaveringMiddleTurn() throws Exception {
        Path file = Files.writeString(dir.resolve("conv.sim.yaml"), """
                version: 1
                conversations:
                  - id: test_order_then_agent
                    repeat: 3
                    turns:
                      - say: hi
                        expect: { intent: greeting }
                      - say: where is my order
                        expect: { intent: check_order }
                      - say: I want a human
                        expect: { intent: escalate }
                """);
        ScriptedBackend backend = new ScriptedBackend().answering(ScriptedBackend.nthAsking("where is my order", 2),
                TestTurns.turn(0, "flow_fallback", "greeting", 0.5, Map.of(), "Hi", null, null));
        Outputs o = run(backend, Map.of(), null, false, selectFile(file.toFile()));

        assertAgree(o);
        assertThat(o.audit().get("stability").toString()).isEqualTo(o.payload().get("batch_summary").get("stability").toString());
        assertThat(o.results().get("stability").get("counts").toString()).isEqualTo(o.audit().get("stability").toString());
    }

    @Test
    @DisplayName("a conversation whose middle turn meets a backend error, and a misconfiguration: ERROR and MISCONFIGURATION"
            + " count as not passed everywhere, the turn after the error is skipped")
    void conversationBackendErrorAndMisconfiguration() throws Exception {
        Path file = Files.writeString(dir.resolve("conv.sim.yaml"), """
                version: 1
                cases:
                  - id: test_refund
                    utterance: I want a refund
                  - id: test_refund_expected
                    utterance: I want a refund
                    expect: { error_code: FLOW_NOT_DEPLOYED }
                conversations:
                  - id: test_conv
                    turns:
                      - say: hi
                        expect: { intent: greeting }
                      - say: boom
                      - say: I want a human
                        expect: { intent: escalate }
                """);
        ScriptedBackend backend = new ScriptedBackend().failing(r -> "boom".equals(r.text()), new BackendException(
                BackendException.Kind.TRANSPORT, "POST /api/bot/simulate answered HTTP 503 after 4 attempts"));
        Outputs o = run(backend, Map.of(), null, false, selectFile(file.toFile()));

        assertAgree(o);
        assertThat(o.results().get("summary").toString()).contains("\"misconfiguration\":1", "\"error\":1", "\"skipped\":1");
    }

    @Test
    @DisplayName("repeated tests whose own assumption skips some runs or all of them: JUnit's aborted tests are the skipped"
            + " results everywhere")
    void repeatedTestsSkippingRuns() throws Exception {
        dev.botsim.cognigy.engine.fixtures.SkippingRunsSimulation.FAILS_THEN_SKIPS.set(0);
        dev.botsim.cognigy.engine.fixtures.SkippingRunsSimulation.CONVERSATION.set(0);
        Outputs o = run(new ScriptedBackend(), Map.of(), null, false,
                selectClass(dev.botsim.cognigy.engine.fixtures.SkippingRunsSimulation.class));

        assertAgree(o);
    }

    @Test
    @DisplayName("a run cancelled while a repeated conversation's runs are under way: its aborted turns are skipped results,"
            + " the turns JUnit skipped are in none, and every output says INTERRUPTED")
    void cancelledDuringRepeatedConversation() throws Exception {
        Path file = Files.writeString(dir.resolve("conv.sim.yaml"), """
                version: 1
                cases:
                  - id: test_first
                    utterance: hello
                    expect: { intent: greeting }
                conversations:
                  - id: test_order_then_agent
                    repeat: 3
                    turns:
                      - say: hi
                        expect: { intent: greeting }
                      - say: where is my order
                        expect: { intent: check_order }
                      - say: I want a human
                        expect: { intent: escalate }
                """);
        Outputs o = run(new ScriptedBackend(), Map.of(Constants.MAX_CONCURRENCY, "1"), null, true, selectFile(file.toFile()));

        assertAgree(o);
        assertThat(o.results().get("governance").get("status").asString()).isEqualTo("INTERRUPTED");
    }

    @Test
    @DisplayName("a run whose audit record cannot be written: UNAUDITED in every output that is written, with its reason")
    void unaudited() throws Exception {
        Path blocker = Files.writeString(dir.resolve("not-a-folder"), "x");
        Path file = Files.writeString(dir.resolve("ok.sim.yaml"), """
                version: 1
                cases:
                  - id: test_ok
                    utterance: hello
                    expect: { intent: greeting }
                """);
        Outputs o = run(new ScriptedBackend(), Map.of(Constants.AUDIT_FILE, blocker.resolve("audit.jsonl").toString()), null,
                false, selectFile(file.toFile()));

        assertAgree(o);
        assertThat(o.audit()).isNull();
        assertThat(o.results().get("governance").get("status").asString()).isEqualTo("UNAUDITED");
    }

    @Test
    @DisplayName("one part of a split run: every output of the part says DEFERRED with the part's counts")
    void deferredPart() throws Exception {
        Path file = Files.writeString(dir.resolve("orders.sim.yaml"), """
                version: 1
                cases:
                  - id: test_pass
                    utterance: hello there
                    expect: { intent: greeting }
                  - id: test_fail
                    utterance: hello
                    expect: { intent: check_order }
                """);
        Outputs o = run(new ScriptedBackend(), Map.of(Constants.RUN_DEFER, "true", Constants.RUN_ID, "run-1"), null, false,
                selectFile(file.toFile()));

        assertThat(o.payload()).isNull();
        assertThat(o.audit()).isNull();
        assertAgree(o);
    }

    @Test
    @DisplayName("two locales judged each on its own, one falling short: every output gives the same verdict and reasons")
    void perLocale() throws Exception {
        Path en = Files.writeString(dir.resolve("en.sim.yaml"), """
                version: 1
                locale: en-US
                cases:
                  - id: test_en
                    utterance: hello
                    expect: { intent: greeting }
                """);
        Path de = Files.writeString(dir.resolve("de.sim.yaml"), """
                version: 1
                locale: de-DE
                cases:
                  - id: test_de
                    utterance: hallo
                    expect: { intent: greeting }
                  - id: test_de_ok
                    utterance: hello
                    expect: { intent: greeting }
                """);
        Outputs o = run(new ScriptedBackend(), Map.of(Constants.GOVERNANCE_PER_LOCALE, "true", Constants.GOVERNANCE_THRESHOLD, "0.6"),
                null, false, selectFile(en.toFile()), selectFile(de.toFile()));

        assertAgree(o);
        JsonNode german = o.results().get("by_locale").get("de-DE");
        assertThat(o.jobSummary()).contains("\n| de-DE | " + german.get("total").asLong() + " | " + german.get("outcomes").get("passed").asLong()
                + " | 50.0 %, below the threshold |\n");
        assertThat(o.console()).contains("de-DE").contains("1 of 2 simulations passed (50.0 %)");
    }

    @Test
    @DisplayName("a COMPLIANT run whose flow coverage is below cognigy.coverage.minimum: its build fails with the verdict"
            + " unchanged, and the job summary says why, in the words of the run's failure")
    void coverageBelowItsMinimum() throws Exception {
        Path file = Files.writeString(dir.resolve("flows.sim.yaml"), """
                version: 1
                flows: [flow_greeting, flow_refund]
                cases:
                  - id: test_ok
                    utterance: hello there
                    expect: { intent: greeting }
                """);
        Outputs o = run(new ScriptedBackend(), Map.of(Constants.COVERAGE_MINIMUM, "1.0"), null, false, selectFile(file.toFile()));

        assertAgree(o);
        Throwable failure = o.junit().containerEvents().failed().stream()
                .filter(e -> e.getTestDescriptor().getUniqueId().toString().equals("[engine:cognigy]")).findFirst().orElseThrow()
                .getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
        assertThat(failure.getMessage()).startsWith("flow coverage: 1 of 2 expected flows reached (50 %), below the minimum of 100 %");
        assertThat(o.jobSummary()).startsWith("### Cognigy bot tests: ✅ COMPLIANT").contains("\n**The build fails at the run's end: "
                + failure.getMessage().replace("_", "\\_") + ".**\n");
    }
}
