package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.CancellationToken;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.analysis.VerdictReasons;
import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.fixtures.DisabledSimulation;
import dev.botsim.cognigy.engine.lifecycle.RunShortfallError;
import dev.botsim.cognigy.spi.GovernanceReason;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.RunSummary;
import dev.botsim.cognigy.spi.SimulationListener;
import dev.botsim.cognigy.spi.SimulationRecord;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Why a run's verdict is not COMPLIANT, as every consumer of the verdict gets it: one reason for each thing that keeps
 * the run from COMPLIANT, with a stable code and the message the console prints under the verdict, the same in
 * {@code results.json}, {@code index.html}, the audit record, the webhook payload and the listeners' summary — and,
 * where the run fails for it, the line of its failure. Each reason is brought about for real, through the engine as a
 * build runs it: the scripted bot or the sandbox answering, the reports, trail and outbox written to files, the
 * payload received over loopback.
 */
class VerdictReasonsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, String> ENVIRONMENT = Map.of(Constants.WEBHOOK_SECRET_ENV,
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

    /** The backends the configuration makes, as in a build. */
    private static final Function<EngineConfig, Backend> REAL = Backends::create;

    @TempDir
    Path dir;

    private final MockWebServer receiver = LoopbackServers.mockWebServer();

    @BeforeEach
    void receiver() throws Exception {
        for (int i = 0; i < 10; i++) receiver.enqueue(new MockResponse.Builder().code(204).build());
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    /** One run as its consumers saw it; {@code audit} and {@code webhook} are missing when it wrote or sent none. */
    private record Seen(EngineExecutionResults results, String console, JsonNode resultsJson, String html, List<JsonNode> audit,
                        Optional<JsonNode> webhook, List<RunSummary> summaries) {

        Optional<String> engineFailure() {
            return results.containerEvents().failed().stream().findFirst()
                    .flatMap(e -> e.getPayload(TestExecutionResult.class)).flatMap(TestExecutionResult::getThrowable)
                    .filter(RunShortfallError.class::isInstance).map(Throwable::getMessage);
        }

        String status() {
            return resultsJson.path("governance").path("status").asString();
        }

        /** The reasons results.json gives, as (code, message). */
        List<GovernanceReason> reasons() {
            return reasons(resultsJson.path("governance").path("reasons"));
        }

        static List<GovernanceReason> reasons(JsonNode array) {
            assertThat(array.isArray()).as("a list of reasons: %s", array).isTrue();
            List<GovernanceReason> reasons = new ArrayList<>();
            array.forEach(r -> {
                assertThat(r.propertyNames()).as("a reason's fields, in order").containsExactly("code", "message");
                reasons.add(new GovernanceReason(r.path("code").asString(), r.path("message").asString()));
            });
            return reasons;
        }
    }

    /** A run of the scripted bot, with an audit trail below {@code name} and the webhook. */
    private Seen run(String name, Map<String, String> settings, DiscoverySelector... selectors) throws Exception {
        ScriptedBackend backend = new ScriptedBackend();
        return run(name, config -> backend, settings, null, selectors);
    }

    private Seen run(String name, Function<EngineConfig, Backend> backends, Map<String, String> settings,
                     CancellationToken cancelling, DiscoverySelector... selectors) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        List<RunSummary> summaries = new CopyOnWriteArrayList<>();
        SimulationListener listener = new SimulationListener() {
            @Override
            public void simulationFinished(SimulationRecord record) {
                if (cancelling != null) cancelling.cancel();
            }

            @Override
            public void runFinished(RunInfo run, List<SimulationRecord> records, RunSummary summary) {
                summaries.add(summary);
            }
        };
        EngineServices services = new EngineServices(ENVIRONMENT::get, backends, Clock.systemUTC()).withListeners(listener)
                .withConsole(new PrintStream(console, true, StandardCharsets.UTF_8));
        // The backends a build makes are checked at the start as a build checks them; the scripted bot needs nothing.
        if (backends == REAL) services = services.withRequirements(Backends::requirements);
        EngineTestKit.Builder kit = EngineTestKit.engine(new CognigyTestEngine(services))
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "10ms")
                .configurationParameter(Constants.REPORT_DIR, folder.resolve("reports").toString())
                .configurationParameter(Constants.AUDIT_FILE, folder.resolve("audit.jsonl").toString())
                .configurationParameter(Constants.WEBHOOK_URL, receiver.url("/" + name).toString())
                .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, folder.resolve("outbox").toString())
                .selectors(selectors);
        if (cancelling != null) kit.cancellationToken(cancelling);
        settings.forEach(kit::configurationParameter);
        int before = receiver.getRequestCount();
        EngineExecutionResults results = kit.execute();
        Path audit = Path.of(settings.getOrDefault(Constants.AUDIT_FILE, folder.resolve("audit.jsonl").toString()));
        List<JsonNode> records = new ArrayList<>();
        if (Files.isRegularFile(audit)) for (String line : Files.readAllLines(audit)) records.add(JSON.readTree(line));
        Optional<JsonNode> payload = receiver.getRequestCount() > before
                ? Optional.of(JSON.readTree(receiver.takeRequest().getBody().utf8())) : Optional.empty();
        Path reports = folder.resolve("reports");
        // A part of a split run writes its reports in a folder of its own: none here.
        boolean whole = Files.exists(reports.resolve("results.json"));
        return new Seen(results, console.toString(StandardCharsets.UTF_8),
                whole ? JSON.readTree(reports.resolve("results.json").toFile()) : JSON.missingNode(),
                whole ? Files.readString(reports.resolve("index.html")) : "", records, payload, summaries);
    }

    /**
     * The run is {@code status} for {@code codes}, in that order, everywhere: results.json, the audit record (when one was
     * written: an UNAUDITED run has none), the webhook payload, the listeners' summary, the console under its verdict line
     * and the page under its tile — each reason with the same message, so no report words it differently.
     */
    private static List<GovernanceReason> reasonsEverywhere(Seen seen, String status, String... codes) {
        assertThat(seen.status()).isEqualTo(status);
        List<GovernanceReason> reasons = seen.reasons();
        assertThat(reasons).extracting(GovernanceReason::code).containsExactly(codes);
        assertThat(reasons).allSatisfy(reason -> assertThat(reason.message()).isNotBlank());
        if (!status.equals("UNAUDITED")) {
            assertThat(seen.audit()).singleElement().satisfies(record -> {
                assertThat(record.path("governance").asString()).isEqualTo(status);
                assertThat(Seen.reasons(record.path("governance_reasons"))).isEqualTo(reasons);
            });
        }
        assertThat(seen.webhook()).get().satisfies(payload -> {
            assertThat(payload.path("governance").asString()).isEqualTo(status);
            assertThat(Seen.reasons(payload.path("governance_reasons"))).isEqualTo(reasons);
        });
        assertThat(seen.summaries()).singleElement().satisfies(summary -> {
            assertThat(summary.governance().name()).isEqualTo(status);
            assertThat(summary.governanceReasons()).isEqualTo(reasons);
        });
        List<String> console = seen.console().lines().toList();
        int verdict = console.indexOf(console.stream().filter(l -> l.startsWith("[cognigy] governance: " + status)).findFirst()
                .orElseThrow());
        List<String> under = new ArrayList<>();
        for (GovernanceReason reason : reasons) under.add("[cognigy]   " + reason.code() + ": " + reason.message());
        assertThat(console.subList(verdict + 1, verdict + 1 + under.size())).as("the console, under the verdict").isEqualTo(under);
        for (GovernanceReason reason : reasons) {
            assertThat(seen.html()).contains("<li>" + escaped(reason.message()) + " <code>" + reason.code() + "</code></li>");
        }
        return reasons;
    }

    /** As the page escapes text. */
    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private Path suite(int passing, int failing) throws Exception {
        return EngineTestSupport.passingAndFailingSuite(dir, passing, failing);
    }

    @Test
    @DisplayName("docs/reports.md lists every reason the engine gives, each once, in the engine's order, under the verdict"
            + " the verdict table gives it, and no other")
    void everyReasonIsDocumented() throws Exception {
        List<String> page = Files.readAllLines(Path.of("..", "docs", "reports.md"));
        List<String> rows = page.subList(page.indexOf("### Why: the verdict's reasons"), page.size()).stream()
                .dropWhile(line -> !line.startsWith("| code |")).skip(2).takeWhile(line -> line.startsWith("| `")).toList();
        assertThat(rows).extracting(row -> row.split("`")[1]).containsExactlyElementsOf(VerdictReasons.CODES);
        for (String row : rows) {
            String code = row.split("`")[1];
            String verdict = row.split("`")[3];
            assertThat(page).as(code + " in the verdict table's row of " + verdict)
                    .anyMatch(line -> line.startsWith("| `" + verdict + "` |") && line.contains("`" + code + "`"));
        }
    }

    @Test
    @DisplayName("a COMPLIANT run gives an empty list of reasons everywhere, and the console and page none")
    void compliantHasNoReasons() throws Exception {
        Seen seen = run("compliant", Map.of(), selectFile(suite(2, 0).toFile()));

        reasonsEverywhere(seen, "COMPLIANT");
        assertThat(seen.html()).doesNotContain("class=\"reasons\"");
        assertThat(seen.engineFailure()).isEmpty();
    }

    @Test
    @DisplayName("below_threshold: 1 of 2 passed at 95 % is REVIEW_REQUIRED for that, with the figures and the setting")
    void belowThreshold() throws Exception {
        Seen seen = run("below", Map.of(), selectFile(suite(1, 1).toFile()));

        List<GovernanceReason> reasons = reasonsEverywhere(seen, "REVIEW_REQUIRED", "below_threshold");
        assertThat(reasons.get(0).message())
                .isEqualTo("1 of 2 simulations passed (50.0 %), below the threshold of 95 % (cognigy.governance.threshold)");
    }

    @Test
    @DisplayName("below_threshold in tolerant mode: the run fails at its end with the reason's own message, labelled, and"
            + " says the failures were tolerated")
    void belowThresholdTolerated() throws Exception {
        Seen seen = run("tolerant", Map.of(Constants.GOVERNANCE_MODE, "tolerant"), selectFile(suite(1, 1).toFile()));

        List<GovernanceReason> reasons = reasonsEverywhere(seen, "REVIEW_REQUIRED", "below_threshold");
        assertThat(seen.engineFailure()).contains("governance: " + reasons.get(0).message()
                + "; failures were tolerated one by one, not as a whole");
    }

    @Test
    @DisplayName("none_passed: no test passed, even at threshold 0")
    void nonePassed() throws Exception {
        Seen seen = run("none", Map.of(Constants.GOVERNANCE_THRESHOLD, "0"), selectFile(suite(0, 2).toFile()));

        List<GovernanceReason> reasons = reasonsEverywhere(seen, "REVIEW_REQUIRED", "none_passed");
        assertThat(reasons.get(0).message()).startsWith("none of 2 simulations passed");
    }

    @Test
    @DisplayName("nothing_ran: every test skipped; the run's failure is that reason's message")
    void nothingRan() throws Exception {
        Seen seen = run("nothing", Map.of(), selectClass(DisabledSimulation.WholeClass.class));

        List<GovernanceReason> reasons = reasonsEverywhere(seen, "REVIEW_REQUIRED", "nothing_ran");
        assertThat(seen.engineFailure()).contains("governance: " + reasons.get(0).message());
    }

    @Test
    @DisplayName("locale_below_threshold: under cognigy.governance.per-locale, a run of 95 % whose French tests failed is"
            + " REVIEW_REQUIRED for that locale, after the run's own pass rate when that falls short too")
    void localeBelowThreshold() throws Exception {
        StringBuilder yaml = new StringBuilder("cases:\n");
        for (int i = 0; i < 19; i++) {
            yaml.append("  - id: test_de_").append(i).append("\n    utterance: hello\n    locale: de-DE\n    expect: { intent: greeting }\n");
        }
        yaml.append("  - id: test_fr\n    utterance: hello\n    locale: fr-FR\n    expect: { intent: check_order }\n");
        Path suite = file("locales.sim.yaml", yaml.toString());

        reasonsEverywhere(run("locales-whole", Map.of(), selectFile(suite.toFile())), "COMPLIANT");
        Seen seen = run("locales", Map.of(Constants.GOVERNANCE_PER_LOCALE, "true"), selectFile(suite.toFile()));

        List<GovernanceReason> reasons = reasonsEverywhere(seen, "REVIEW_REQUIRED", "locale_below_threshold");
        assertThat(reasons.get(0).message()).isEqualTo("locale fr-FR: 0 of 1 simulations passed (0.0 %), below the threshold of"
                + " 95 % (cognigy.governance.threshold), which cognigy.governance.per-locale=true applies to each locale's tests"
                + " as to the whole run");
        assertThat(seen.engineFailure()).as("strict: the French test's failure fails the build").isEmpty();

        Seen below = run("locales-below", Map.of(Constants.GOVERNANCE_PER_LOCALE, "true", Constants.GOVERNANCE_THRESHOLD, "0.99"),
                selectFile(suite.toFile()));
        reasonsEverywhere(below, "REVIEW_REQUIRED", "below_threshold", "locale_below_threshold");
    }

    @Test
    @DisplayName("invalid_input: a data file that could not be read keeps a run at 95.2 % from COMPLIANT, and says which")
    void invalidInput() throws Exception {
        StringBuilder good = new StringBuilder("cases:\n");
        for (int i = 1; i <= 20; i++) {
            good.append("  - id: test_hello_").append(i).append("\n    utterance: hello\n    expect:\n      intent: greeting\n");
        }
        Path valid = file("good.sim.yaml", good.toString());
        Path broken = file("broken.sim.yaml", "cases:\n  - id: test_broken\n    utterance: [unclosed\n");

        Seen seen = run("invalid", Map.of(), selectFile(valid.toFile()), selectFile(broken.toFile()));

        List<GovernanceReason> reasons = reasonsEverywhere(seen, "REVIEW_REQUIRED", "invalid_input");
        assertThat(reasons.get(0).message()).startsWith("1 test stands for invalid input (see the failed 'invalid:' tests)");
        // The pass rate with a problem test below the threshold too: both reasons, the pass rate's first.
        Seen both = run("invalid-and-below", Map.of(), selectFile(suite(1, 1).toFile()), selectFile(broken.toFile()));
        reasonsEverywhere(both, "REVIEW_REQUIRED", "below_threshold", "invalid_input");
    }

    @Test
    @DisplayName("replayed_from_cassettes: every test passed on answers replayed from cassettes under require-live; the run's failure"
            + " is the reason's message")
    void replayedFromCassettes() throws Exception {
        Path suite = suite(2, 0);
        Map<String, String> replay = Map.of(Constants.REPLAY_DIR, dir.resolve("cassettes").toString());
        Map<String, String> record = new HashMap<>(replay);
        record.put(Constants.REPLAY, "record");
        reasonsEverywhere(run("record", record, selectFile(suite.toFile())), "COMPLIANT");

        Map<String, String> strict = new HashMap<>(replay);
        strict.put(Constants.REPLAY, "replay");
        strict.put(Constants.GOVERNANCE_REQUIRE_LIVE, "true");
        Seen seen = run("replayed", strict, selectFile(suite.toFile()));

        List<GovernanceReason> reasons = reasonsEverywhere(seen, "REVIEW_REQUIRED", "replayed_from_cassettes");
        assertThat(reasons.get(0).message()).startsWith("2 of 2 simulations were answered from cassettes");
        assertThat(seen.engineFailure()).contains("governance: " + reasons.get(0).message());
    }

    @Test
    @DisplayName("answered_by_stand_in: the embedded sandbox answered under require-live; the reason names it and what reaches"
            + " the bot, and is the run's failure")
    void answeredByStandIn() throws Exception {
        Seen seen = run("stand-in", REAL, Map.of(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml",
                Constants.GOVERNANCE_REQUIRE_LIVE, "true"), null, selectClasspathResource("e2e/order-bot.sim.yaml"));

        List<GovernanceReason> reasons = reasonsEverywhere(seen, "REVIEW_REQUIRED", "answered_by_stand_in");
        assertThat(reasons.get(0).message()).startsWith("the run's answers came from the embedded sandbox")
                .contains("point the run at the bot's Cognigy");
        assertThat(seen.engineFailure()).contains("governance: " + reasons.get(0).message());
    }

    @Test
    @DisplayName("audit_not_written: UNAUDITED in results.json, the page, the webhook and the summary, the reason first and"
            + " the pass rate's after it; the run's failure is the same message")
    void auditNotWritten() throws Exception {
        Path blocker = file("not-a-directory", "x");

        Seen seen = run("unaudited", Map.of(Constants.AUDIT_FILE, blocker.resolve("audit.jsonl").toString()),
                selectFile(suite(1, 1).toFile()));

        List<GovernanceReason> reasons = reasonsEverywhere(seen, "UNAUDITED", "audit_not_written", "below_threshold");
        assertThat(reasons.get(0).message()).contains("could not be written", "cannot count as compliant (governance UNAUDITED)");
        assertThat(seen.audit()).isEmpty();
        assertThat(seen.engineFailure()).contains(reasons.get(0).message());
    }

    @Test
    @DisplayName("the run's failure lists the reasons it fails for in the verdict's order, as every report does: the audit"
            + " record first (it decided UNAUDITED), then the pass rate, then the stand-in's answers")
    void shortfallsInTheVerdictsOrder() throws Exception {
        Path blocker = file("blocks-the-trail", "x");
        ScriptedBackend standIn = new ScriptedBackend() {
            @Override
            public Optional<String> standIn() {
                return Optional.of("a scripted stand-in");
            }
        };

        Seen seen = run("ordered", config -> standIn, Map.of(Constants.AUDIT_FILE, blocker.resolve("audit.jsonl").toString(),
                Constants.GOVERNANCE_MODE, "tolerant", Constants.GOVERNANCE_REQUIRE_LIVE, "true"), null,
                selectFile(suite(1, 1).toFile()));

        List<GovernanceReason> reasons = reasonsEverywhere(seen, "UNAUDITED", "audit_not_written", "below_threshold",
                "answered_by_stand_in");
        assertThat(seen.engineFailure()).get().extracting(message -> message.lines().toList()).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.list(String.class)).containsExactly(reasons.get(0).message(),
                "governance: " + reasons.get(1).message() + "; failures were tolerated one by one, not as a whole",
                "governance: " + reasons.get(2).message());
    }

    @Test
    @DisplayName("cancelled: JUnit cancelled the run after its first test; INTERRUPTED for that, with how many tests reported")
    void cancelled() throws Exception {
        ScriptedBackend backend = new ScriptedBackend();
        Seen seen = run("cancelled", config -> backend, Map.of(Constants.MAX_CONCURRENCY, "1"), CancellationToken.create(),
                selectFile(suite(5, 0).toFile()));

        assertThat(seen.status()).isEqualTo("INTERRUPTED");
        GovernanceReason first = seen.reasons().get(0);
        assertThat(first.code()).isEqualTo("cancelled");
        assertThat(first.message()).startsWith("JUnit cancelled the run").contains(" of 5 tests reported");
        reasonsEverywhere(seen, "INTERRUPTED", seen.reasons().stream().map(GovernanceReason::code).toArray(String[]::new));
    }

    @Test
    @DisplayName("deferred: one part of a split run has that reason alone in its results.json, page and listeners' summary,"
            + " whatever its own pass rate")
    void deferred() throws Exception {
        Seen part = run("part", Map.of(Constants.RUN_ID, "run-9", Constants.RUN_DEFER, "true"), selectFile(suite(1, 1).toFile()));

        assertThat(part.audit()).as("a part writes no audit record").isEmpty();
        assertThat(part.webhook()).as("nor sends the webhook").isEmpty();
        Path partFolder;
        try (var files = Files.walk(dir.resolve("part/reports"))) {
            partFolder = files.filter(p -> p.getFileName().toString().equals("results.json")).findFirst().orElseThrow().getParent();
        }
        JsonNode results = JSON.readTree(partFolder.resolve("results.json").toFile());
        assertThat(results.path("governance").path("status").asString()).isEqualTo("DEFERRED");
        List<GovernanceReason> reasons = Seen.reasons(results.path("governance").path("reasons"));
        assertThat(reasons).extracting(GovernanceReason::code).containsExactly("deferred");
        assertThat(reasons.get(0).message()).isEqualTo("this JVM ran one part of a split run (run run-9, one part): its figures are"
                + " that part's alone, and merge gives the run's verdict over every part");
        assertThat(part.summaries()).singleElement().extracting(RunSummary::governanceReasons).isEqualTo(reasons);
        assertThat(Files.readString(partFolder.resolve("index.html"))).contains("<code>deferred</code>");
    }
}
