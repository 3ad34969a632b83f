package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.audit.AuditVerifier;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.merge.MergeCommand;
import dev.botsim.cognigy.engine.shard.RunPart;
import dev.botsim.cognigy.spi.Governance;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.RunSummary;
import dev.botsim.cognigy.spi.SimulationListener;
import dev.botsim.cognigy.spi.SimulationRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A launcher's tag filter ({@code -DexcludedGroups=checkout}) takes tests out of the engine's tree after discovery: the
 * run's verdict stays its own, but the console, the audit record, results.json, index.html, the webhook payload and the
 * listeners' run info say how many discovered tests never ran, so filtering the failing tests away gives no green record
 * that looks like the suite's.
 */
class LauncherFilterCountTest {

    private static final String SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString(
            "a-webhook-key-of-32-bytes-long!!".getBytes(StandardCharsets.UTF_8));

    /** Two cases the scripted bot passes; a case and a two-turn conversation tagged checkout, which it fails. */
    private static final String SUITE = """
            version: 1
            cases:
              - id: test_greet
                utterance: hello there
                expect: { intent: greeting }
              - id: test_order
                utterance: where is my order ORD_99
                expect: { intent: check_order }
              - id: test_checkout_wrong
                utterance: I want a human
                expect: { intent: check_order }
                tags: [checkout]
            conversations:
              - id: test_checkout_talk
                tags: [checkout]
                turns:
                  - say: hello there
                    expect: { intent: greeting }
                  - say: I want a human
                    expect: { intent: check_order }
            """;

    private static final String LINE = "[cognigy] 3 of 5 tests left out by a filter of the launcher (tags, method names):"
            + " the verdict and coverage below are of the 2 that ran";

    private final List<RunInfo> runs = new ArrayList<>();
    private final List<RunSummary> summaries = new ArrayList<>();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private final SimulationListener capture = new SimulationListener() {
        @Override
        public void runFinished(RunInfo run, List<SimulationRecord> all, RunSummary summary) {
            runs.add(run);
            summaries.add(summary);
        }
    };

    private static Path suite(Path dir) throws Exception {
        return Files.writeString(Files.createDirectories(dir.resolve("data")).resolve("checkout.sim.yaml"), SUITE);
    }

    private EngineTestKit.Builder kit(Path dir, Map<String, String> environment) throws Exception {
        EngineServices services = new EngineServices(environment::get, config -> new ScriptedBackend(), Clock.systemUTC())
                .withConsole(new PrintStream(console, true, StandardCharsets.UTF_8)).withListeners(capture);
        return EngineTestKit.engine(new CognigyTestEngine(services))
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .configurationParameter(Constants.AUDIT_FILE, dir.resolve("trail.jsonl").toString())
                .selectors(selectFile(suite(dir).toFile()));
    }

    private String console() {
        return console.toString(StandardCharsets.UTF_8);
    }

    private static JsonNode json(Path file) {
        return JsonMapper.builder().build().readTree(file.toFile());
    }

    @Test
    @DisplayName("-DexcludedGroups=checkout: the run is COMPLIANT on the two tests left, and the console before the verdict,"
            + " the audit record, results.json, index.html, the webhook payload and RunInfo say 3 of 5 tests were filtered out;"
            + " the run is no partial one")
    void tagFilterIsCounted(@TempDir Path dir) throws Exception {
        try (mockwebserver3.MockWebServer receiver = new mockwebserver3.MockWebServer()) {
            receiver.enqueue(new mockwebserver3.MockResponse.Builder().code(204).build());
            receiver.start();
            kit(dir, Map.of(Constants.WEBHOOK_SECRET_ENV, SECRET))
                    .configurationParameter(Constants.WEBHOOK_URL, receiver.url("/hook").toString())
                    .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, dir.resolve("outbox").toString())
                    .filters(TagFilter.excludeTags("checkout")).execute()
                    .testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));

            assertThat(receiver.getRequestCount()).isEqualTo(1);
            JsonNode payload = JsonMapper.builder().build().readTree(receiver.takeRequest().getBody().utf8());
            assertThat(payload.path("filtered_out").asLong()).isEqualTo(3);
            assertThat(payload.path("governance").asString()).isEqualTo("COMPLIANT");
            assertThat(payload.has("partial")).isFalse();
        }
        assertThat(summaries).singleElement().extracting(RunSummary::governance).isEqualTo(Governance.COMPLIANT);
        assertThat(runs).singleElement().satisfies(run -> {
            assertThat(run.filteredOut()).isEqualTo(3);
            assertThat(run.plannedTests()).isEqualTo(2);
            assertThat(run.partial()).isFalse();
        });
        String out = console();
        assertThat(out).contains(LINE);
        assertThat(out.indexOf(LINE)).as("said before the verdict").isLessThan(out.indexOf("COMPLIANT"));

        List<String> trail = Files.readAllLines(dir.resolve("trail.jsonl"));
        assertThat(trail).singleElement().asString().contains("\"filtered_out\":3", "\"governance\":\"COMPLIANT\"", "\"total\":2")
                .doesNotContain("\"partial\"");
        assertThat(AuditVerifier.verify(dir.resolve("trail.jsonl")).ok()).isTrue();

        JsonNode results = json(dir.resolve("reports/results.json"));
        assertThat(results.path("filtered_out").asLong()).isEqualTo(3);
        assertThat(results.path("governance").path("status").asString()).isEqualTo("COMPLIANT");
        assertThat(results.has("partial")).isFalse();
        assertThat(Files.readString(dir.resolve("reports/index.html"))).contains("3 of 5 tests left out by a filter of the"
                + " launcher (tags, method names): the verdict and coverage are of the 2 that ran");
        assertThat(dir.resolve("reports/" + dev.botsim.cognigy.engine.lifecycle.RunLifecycle.PARTIAL_REPORTS)).doesNotExist();
    }

    @Test
    @DisplayName("a run without filters says nothing of filtered tests: no console line, no field in the audit record,"
            + " results.json or index.html, 0 in RunInfo")
    void unfilteredRunSaysNothing(@TempDir Path dir) throws Exception {
        kit(dir, Map.of()).execute().testEvents().assertStatistics(stats -> stats.started(5).failed(2));

        assertThat(runs).singleElement().satisfies(run -> {
            assertThat(run.filteredOut()).isZero();
            assertThat(run.plannedTests()).isEqualTo(5);
        });
        assertThat(console()).doesNotContain("left out by a filter");
        assertThat(Files.readString(dir.resolve("trail.jsonl"))).doesNotContain("filtered_out");
        assertThat(json(dir.resolve("reports/results.json")).has("filtered_out")).isFalse();
        assertThat(Files.readString(dir.resolve("reports/index.html"))).doesNotContain("left out by a filter");
    }

    @Test
    @DisplayName("a shard's own share is no filter: each shard of an unfiltered run counts none; with the tag filter each"
            + " shard counts only the checkout tests of its own share, and the merged run the sum, 3, said before its verdict")
    void shardsCountOnlyTheFilter(@TempDir Path dir) throws Exception {
        Set<String> checkout = Set.of("test_checkout_wrong", "test_checkout_talk#1", "test_checkout_talk#2");
        long[] ownCheckout = new long[2];
        for (int shard = 1; shard <= 2; shard++) {
            List<SimulationRecord> share = new ArrayList<>();
            SimulationListener records = new SimulationListener() {
                @Override
                public void runFinished(RunInfo run, List<SimulationRecord> all, RunSummary summary) {
                    share.addAll(all);
                }
            };
            EngineTestKit.engine(EngineTestSupport.engine(new ScriptedBackend(), Map.of(), records))
                    .configurationParameter(Constants.REPORT_DIR, dir.resolve("unfiltered").toString())
                    .configurationParameter(Constants.RUN_ID, "run-u").configurationParameter(Constants.SHARD, shard + "/2")
                    .selectors(selectFile(suite(dir).toFile())).execute();
            ownCheckout[shard - 1] = share.stream().filter(r -> checkout.contains(r.testId())).count();
        }
        assertThat(runs).isEmpty();
        assertThat(ownCheckout[0] + ownCheckout[1]).isEqualTo(3);
        assertThat(parts(dir.resolve("unfiltered"))).hasSize(2).allSatisfy(part -> assertThat(part.info().filteredOut()).isZero());
        // A part written before the count was (no filteredOut in its run info) is read as one that counted none.
        Path earlier;
        try (Stream<Path> walk = Files.walk(dir.resolve("unfiltered"))) {
            earlier = walk.filter(f -> f.getFileName().toString().equals("cognigy-part.json")).findFirst().orElseThrow();
        }
        String text = Files.readString(earlier);
        assertThat(text).contains("\"filteredOut\"");
        Files.writeString(earlier, text.replaceAll(",\\s*\"filteredOut\"\\s*:\\s*0", ""));
        assertThat(Files.readString(earlier)).doesNotContain("filteredOut");
        assertThat(RunPart.read(earlier).info().filteredOut()).isZero();

        for (int shard = 1; shard <= 2; shard++) {
            kit(dir, Map.of()).configurationParameter(Constants.REPORT_DIR, dir.resolve("filtered").toString())
                    .configurationParameter(Constants.RUN_ID, "run-f").configurationParameter(Constants.SHARD, shard + "/2")
                    .filters(TagFilter.excludeTags("checkout")).execute();
        }
        List<RunPart> parts = parts(dir.resolve("filtered"));
        assertThat(parts).hasSize(2);
        for (RunPart part : parts) {
            assertThat(part.info().filteredOut()).as(part.shard()).isEqualTo(ownCheckout[Integer.parseInt(part.shard().substring(0, 1)) - 1]);
        }

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = MergeCommand.run(List.of("--out", dir.resolve("merged").toString(), dir.resolve("filtered").toString()),
                name -> null, Clock.systemUTC(), print, print);
        String merged = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(merged).isZero();
        assertThat(merged).contains(LINE);
        assertThat(merged.indexOf(LINE)).isLessThan(merged.indexOf("COMPLIANT"));
        assertThat(json(dir.resolve("merged/results.json")).path("filtered_out").asLong()).isEqualTo(3);
    }

    private static List<RunPart> parts(Path folder) throws Exception {
        List<RunPart> parts = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(f -> f.getFileName().toString().equals("cognigy-part.json")).toList()) {
                parts.add(RunPart.read(file));
            }
        }
        return parts;
    }
}
