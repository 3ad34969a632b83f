package dev.botsim.cognigy.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.shard.RunPart;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/** How the parts of a split run become one run when some shards selected no tests. */
class MergedRunTest {

    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

    private static RunPart part(String shard, RunInfo.BotFacts bot, String backend, String... tests) {
        return part("order-bot", shard, bot, backend, tests);
    }

    private static RunPart part(String suite, String shard, RunInfo.BotFacts bot, String backend, String... tests) {
        List<SimulationRecord> records = java.util.Arrays.stream(tests).map(test -> SimulationRecord.builder()
                .uniqueId("[engine:cognigy]/[case:" + test + "]").testId(test).outcome(Outcome.PASSED).build()).toList();
        Map<String, String> configuration = new TreeMap<>(Map.of("cognigy.run-id", "run-9"));
        if (shard != null) configuration.put("cognigy.shard", shard);
        RunInfo info = RunInfo.builder().batchId("batch_" + (shard == null ? tests[0] : shard.replace('/', '_'))).started(START)
                .backend(backend).plannedTests(tests.length).bot(bot).configuration(configuration).build();
        return new RunPart(RunPart.SCHEMA_VERSION, "run-9", shard, suite, false, false, info, START.plusSeconds(5), Map.of(), records);
    }

    private static MergedRun merge(RunPart... parts) {
        Map<String, RunPart> byFile = new TreeMap<>();
        Map<String, String> digests = new TreeMap<>();
        for (RunPart part : parts) {
            byFile.put("part-" + part.shard(), part);
            digests.put("part-" + part.shard(), part.shard());
        }
        return MergedRun.of(byFile, digests);
    }

    @Test
    @DisplayName("an empty shard 1, which never asked the backend about the bot, does not stand for the run: the bot as a"
            + " shard with tests saw it does")
    void emptyFirstShardDoesNotHideTheBot() {
        RunInfo.BotFacts bot = RunInfo.BotFacts.builder().intents(Set.of("greeting", "check_order")).flows(Set.of("flow_greeting")).build();
        MergedRun run = merge(part("1/3", RunInfo.BotFacts.UNKNOWN, "sandbox"), part("2/3", bot, "sandbox", "test_a"),
                part("3/3", bot, "sandbox", "test_b"));

        assertThat(run.records()).extracting(SimulationRecord::testId).containsExactlyInAnyOrder("test_a", "test_b");
        assertThat(run.info().bot()).isEqualTo(bot);
        assertThat(run.info().plannedTests()).isEqualTo(2);
        assertThat(run.info().configuration()).doesNotContainKey("cognigy.shard");
    }

    @Test
    @DisplayName("parts naming different bots are refused, each bot with its parts; a part naming none, or the same bot,"
            + " merges with them")
    void partsOfDifferentBots() {
        RunPart billing = labelled(part("1/3", RunInfo.BotFacts.UNKNOWN, "endpoint", "test_a"), "billing");
        RunPart unlabelled = part("2/3", RunInfo.BotFacts.UNKNOWN, "endpoint", "test_b");
        RunPart support = labelled(part("3/3", RunInfo.BotFacts.UNKNOWN, "endpoint", "test_c"), "support");

        assertThatThrownBy(() -> merge(billing, unlabelled, support)).isInstanceOf(MergedRun.MergeRefused.class)
                .hasMessageStartingWith("the parts of run run-9 tested 2 different bots: billing (part-1/3); support (part-3/3); a"
                        + " run talks to one bot");
        MergedRun oneBot = merge(billing, unlabelled, labelled(part("3/3", RunInfo.BotFacts.UNKNOWN, "endpoint", "test_c"), "billing"));
        assertThat(oneBot.info().botName()).isEqualTo("billing");
    }

    @Test
    @DisplayName("a bot's label holding a comma (Support, EU) is one bot: its shards merge, and the run keeps the label as"
            + " written; a part naming one bot differs from an earlier engine's part naming it joined with another")
    void labelWithAComma() {
        RunPart first = labelled(part("1/2", RunInfo.BotFacts.UNKNOWN, "endpoint", "test_a"), "Support, EU");
        RunPart second = labelled(part("2/2", RunInfo.BotFacts.UNKNOWN, "endpoint", "test_b"), "Support, EU");

        assertThat(merge(first, second).info().botName()).isEqualTo("Support, EU");
        assertThatThrownBy(() -> merge(labelled(first, "billing, support"), labelled(second, "support")))
                .isInstanceOf(MergedRun.MergeRefused.class)
                .hasMessageStartingWith("the parts of run run-9 tested 2 different bots: billing, support (part-1/2); support (part-2/2)");
    }

    @Test
    @DisplayName("parts whose messages went to different endpoints are refused, each address with its parts; a part that names"
            + " an endpoint the others do not (a locale only its tests name), or a part of an engine that recorded none, agrees")
    void partsOfDifferentEnvironments() {
        RunPart staging = targeted(part("1/3", RunInfo.BotFacts.UNKNOWN, "endpoint", "test_a"),
                Map.of("endpoint", "https://staging.example.com/test/****", "endpoint de-DE", "https://staging.example.com/****"));
        RunPart older = part("2/3", RunInfo.BotFacts.UNKNOWN, "endpoint", "test_b");
        RunPart production = targeted(part("3/3", RunInfo.BotFacts.UNKNOWN, "endpoint", "test_c"),
                Map.of("endpoint", "https://prod.example.com/test/****"));

        assertThatThrownBy(() -> merge(staging, older, production)).isInstanceOf(MergedRun.MergeRefused.class)
                .hasMessageStartingWith("the parts of run run-9 sent their messages to different places — endpoint:"
                        + " https://prod.example.com/test/**** (part-3/3); https://staging.example.com/test/**** (part-1/3) —:");
        MergedRun oneEnvironment = merge(staging, older, targeted(part("3/3", RunInfo.BotFacts.UNKNOWN, "endpoint", "test_c"),
                Map.of("endpoint", "https://staging.example.com/test/****")));
        assertThat(oneEnvironment.records()).hasSize(3);
    }

    @Test
    @DisplayName("shards of one environment, only one of whose tests named de-DE: the merged run says it sent to both"
            + " endpoints, whichever shard stands for the run's bot and settings; a shard that ran no test adds nothing")
    void targetOfEveryShard() {
        String english = "https://endpoint-app.cognigy.ai/****";
        RunPart first = targeted(part("1/3", RunInfo.BotFacts.UNKNOWN, "endpoint", "test_a"), Map.of("endpoint", english));
        RunPart german = targeted(part("2/3", RunInfo.BotFacts.UNKNOWN, "endpoint", "test_b"),
                Map.of("endpoint", english, "endpoint de-DE", "https://endpoint-app.cognigy.ai/****/"));
        RunPart empty = targeted(part("3/3", RunInfo.BotFacts.UNKNOWN, "endpoint"), Map.of("endpoint", english,
                "endpoint fr-FR", "https://endpoint-app.cognigy.ai/****"));

        assertThat(merge(first, german, empty).info().target()).isEqualTo(Map.of("endpoint", english,
                "endpoint de-DE", "https://endpoint-app.cognigy.ai/****/"));
    }

    @Test
    @DisplayName("parts whose endpoints the management API names differently (a staging and a production endpoint of one"
            + " project, on one host, so that their URLs look alike masked) are refused; another snapshot of the same endpoint is"
            + " a deployment between the jobs, not another environment, and merges")
    void partsOfDifferentEndpointsOfOneProject() {
        dev.botsim.cognigy.spi.BotUnderTest staging = dev.botsim.cognigy.spi.BotUnderTest.builder().projectId("p1")
                .endpointName("Support staging").snapshotId("s1").build();
        RunInfo.BotFacts atStaging = RunInfo.BotFacts.builder().underTest(staging).build();
        RunInfo.BotFacts atProduction = RunInfo.BotFacts.builder().underTest(staging.toBuilder().endpointName("Support production")
                .build()).build();
        RunInfo.BotFacts redeployed = RunInfo.BotFacts.builder().underTest(staging.toBuilder().snapshotId("s2").build()).build();

        assertThatThrownBy(() -> merge(part("1/2", atStaging, "endpoint", "test_a"), part("2/2", atProduction, "endpoint", "test_b")))
                .isInstanceOf(MergedRun.MergeRefused.class)
                .hasMessageContaining("endpoint as the management API names it: Support production (part-2/2); Support staging (part-1/2)");
        assertThat(merge(part("1/2", atStaging, "endpoint", "test_a"), part("2/2", redeployed, "endpoint", "test_b")).records()).hasSize(2);
    }

    private static RunPart targeted(RunPart part, Map<String, String> target) {
        return new RunPart(part.schemaVersion(), part.runId(), part.shard(), part.suite(), part.partial(), part.cancelled(),
                part.info().toBuilder().target(target).build(), part.finished(), part.dataFiles(), part.records());
    }

    private static RunPart labelled(RunPart part, String bot) {
        return new RunPart(part.schemaVersion(), part.runId(), part.shard(), part.suite(), part.partial(), part.cancelled(),
                part.info().toBuilder().botName(bot).build(), part.finished(), part.dataFiles(), part.records());
    }

    @Test
    @DisplayName("parts that all selected no tests make no run to judge: refused, as one JVM without tests judges nothing")
    void noResultsAtAll() {
        assertThatThrownBy(() -> merge(part("1/2", RunInfo.BotFacts.UNKNOWN, "sandbox"), part("2/2", RunInfo.BotFacts.UNKNOWN, "sandbox")))
                .isInstanceOf(MergedRun.MergeRefused.class)
                .hasMessageContaining("run run-9 has no results: none of its 2 parts ran a test");
    }

    @Test
    @DisplayName("a merge given its own -Dcognigy.repeat.pass-ratio judges a rerun's attempts by it, not by the parts' ratio:"
            + " failed, then passed on rerun is 1 of 2, which meets 0.5 and not the parts' 1.0")
    void rerunJudgedByTheMergesPassRatio() {
        String test = "[engine:cognigy]/[case:test_a]";
        RunInfo info = RunInfo.builder().batchId("batch_1_1").started(START).backend("sandbox").plannedTests(1)
                .configuration(Map.of("cognigy.shard", "1/1", "cognigy.run-id", "run-9", Constants.REPEAT_PASS_RATIO, "1.0")).build();
        RunPart shard = new RunPart(RunPart.SCHEMA_VERSION, "run-9", "1/1", "order-bot", false, false, info, START.plusSeconds(5),
                Map.of(), List.of(SimulationRecord.builder().uniqueId(test).testId("test_a").outcome(Outcome.FAILED).build()));
        RunInfo rerunInfo = RunInfo.builder().batchId("batch_rerun").started(START.plusSeconds(60)).backend("sandbox").plannedTests(1)
                .configuration(Map.of("cognigy.run-id", "run-9", Constants.REPEAT_PASS_RATIO, "1.0")).build();
        RunPart rerun = new RunPart(RunPart.SCHEMA_VERSION, "run-9", null, "order-bot", true, false, rerunInfo, START.plusSeconds(65),
                Map.of(), List.of(SimulationRecord.builder().uniqueId(test).testId("test_a").outcome(Outcome.PASSED).build()));
        Map<String, RunPart> parts = new TreeMap<>(Map.of("shard", shard, "rerun", rerun));
        Map<String, String> digests = new TreeMap<>(Map.of("shard", "1", "rerun", "2"));

        SimulationRecord byTheParts = MergedRun.of(parts, digests).records().get(0);
        assertThat(byTheParts.repetitions().requiredRatio()).isEqualTo(1.0);
        assertThat(byTheParts.repetitions().ratioMet()).isFalse();

        MergedRun run = MergedRun.of(parts, digests, Map.of(Constants.REPEAT_PASS_RATIO, "0.5"));
        SimulationRecord byTheMerge = run.records().get(0);
        assertThat(byTheMerge.rerun()).isTrue();
        assertThat(byTheMerge.repetitions().requiredRatio()).as("the ratio the rest of the verdict is reached with").isEqualTo(0.5);
        assertThat(byTheMerge.repetitions().ratioMet()).isTrue();
        assertThat(run.info().configuration()).containsEntry(Constants.REPEAT_PASS_RATIO, "0.5");
    }

    @Test
    @DisplayName("a merge's -Dcognigy.repeat.pass-ratio other than the parts' is refused when a part holds a repeated test:"
            + " the part's JVM judged it by its own ratio (17 of 20 passes at 0.8), so merged at 1.0 it would count as passed in a"
            + " run said to require every run to pass; without repeated tests the merge's ratio stands")
    void repeatedTestsAreNotJudgedAgainByAnotherRatio() {
        String test = "[engine:cognigy]/[case:test_a]";
        dev.botsim.cognigy.engine.stability.RunTally tally = new dev.botsim.cognigy.engine.stability.RunTally();
        for (int run = 1; run <= 20; run++) tally.add(List.of(), run <= 17);
        RunInfo info = RunInfo.builder().batchId("batch_1_1").started(START).backend("sandbox").plannedTests(1)
                .configuration(Map.of("cognigy.shard", "1/1", "cognigy.run-id", "run-9", Constants.REPEAT, "20",
                        Constants.REPEAT_PASS_RATIO, "0.8")).build();
        RunPart shard = new RunPart(RunPart.SCHEMA_VERSION, "run-9", "1/1", "order-bot", false, false, info, START.plusSeconds(5),
                Map.of(), List.of(SimulationRecord.builder().uniqueId(test).testId("test_a").outcome(Outcome.PASSED)
                        .repetitions(tally.result(0.8)).build()));
        Map<String, RunPart> parts = new TreeMap<>(Map.of("shard-1/cognigy-part.json", shard));
        Map<String, String> digests = new TreeMap<>(Map.of("shard-1/cognigy-part.json", "1"));

        assertThatThrownBy(() -> MergedRun.of(parts, digests, Map.of(Constants.REPEAT_PASS_RATIO, "1.0")))
                .isInstanceOf(MergedRun.MergeRefused.class)
                .hasMessage("-Dcognigy.repeat.pass-ratio=1.0 cannot judge run run-9: its parts ran with cognigy.repeat.pass-ratio=0.8,"
                        + " and their repeated tests (shard-1/cognigy-part.json: " + test + ") passed or failed by it in the JVMs that"
                        + " ran them, which alone saw their runs; merged, they would count as judged by 0.8 in a run said to be"
                        + " judged by 1.0. Merge without -Dcognigy.repeat.pass-ratio, or run the shards or forks again with"
                        + " cognigy.repeat.pass-ratio=1.0 and merge those parts");
        assertThat(MergedRun.of(parts, digests, Map.of(Constants.REPEAT_PASS_RATIO, "0.80")).records()).as("the parts' own ratio,"
                + " however written").hasSize(1);

        RunPart once = new RunPart(RunPart.SCHEMA_VERSION, "run-9", "1/1", "order-bot", false, false, info, START.plusSeconds(5),
                Map.of(), List.of(SimulationRecord.builder().uniqueId(test).testId("test_a").outcome(Outcome.PASSED).build()));
        MergedRun run = MergedRun.of(new TreeMap<>(Map.of("shard", once)), new TreeMap<>(Map.of("shard", "1")),
                Map.of(Constants.REPEAT_PASS_RATIO, "1.0"));
        assertThat(run.info().configuration()).containsEntry(Constants.REPEAT_PASS_RATIO, "1.0");
    }

    @Test
    @DisplayName("the merged run's settings are those its verdict is reached with: a merge's -D of a verdict setting"
            + " replaces the parts' value; another -D (a webhook URL, which may hold a token) is the merge job's and is not"
            + " written among them")
    void mergedRunCarriesTheVerdictSettingsItIsJudgedWith() {
        RunPart first = withSettings(part("1/2", RunInfo.BotFacts.UNKNOWN, "sandbox", "test_a"),
                Map.of(Constants.GOVERNANCE_THRESHOLD, "0.9", Constants.GOVERNANCE_MODE, "strict"));
        RunPart second = withSettings(part("2/2", RunInfo.BotFacts.UNKNOWN, "sandbox", "test_b"),
                Map.of(Constants.GOVERNANCE_THRESHOLD, "0.9", Constants.GOVERNANCE_MODE, "strict"));
        MergedRun run = MergedRun.of(new TreeMap<>(Map.of("a", first, "b", second)), new TreeMap<>(Map.of("a", "1", "b", "2")),
                Map.of(Constants.GOVERNANCE_THRESHOLD, "0.99", Constants.WEBHOOK_URL, "https://hooks.example/in?token=s3cret"));

        assertThat(run.info().configuration()).containsEntry(Constants.GOVERNANCE_THRESHOLD, "0.99")
                .containsEntry(Constants.GOVERNANCE_MODE, "strict").doesNotContainKey(Constants.WEBHOOK_URL);
    }

    @Test
    @DisplayName("a shard's failed test that a rerun part skipped still fails the merged run: it stays in the verdict's"
            + " denominator as FAILED and is not listed as rerun, so 19 of 20 at threshold 1.0 is REVIEW_REQUIRED, not 19 of 19")
    void skippedRerunDoesNotHideAFailure() {
        List<SimulationRecord> records = new java.util.ArrayList<>();
        for (int i = 1; i <= 19; i++) {
            records.add(SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:test_" + i + "]").testId("test_" + i)
                    .outcome(Outcome.PASSED).build());
        }
        String turn = "[engine:cognigy]/[conversation:order]/[turn:2]";
        records.add(SimulationRecord.builder().uniqueId(turn).testId("order#2").outcome(Outcome.FAILED).build());
        RunInfo info = RunInfo.builder().batchId("batch_1_1").started(START).backend("endpoint").plannedTests(20)
                .configuration(Map.of("cognigy.shard", "1/1", "cognigy.run-id", "run-9")).build();
        RunPart shard = new RunPart(RunPart.SCHEMA_VERSION, "run-9", "1/1", "order-bot", false, false, info, START.plusSeconds(5), Map.of(), records);
        RunInfo rerunInfo = RunInfo.builder().batchId("batch_rerun").started(START.plusSeconds(60)).backend("endpoint")
                .plannedTests(1).configuration(Map.of("cognigy.run-id", "run-9")).build();
        RunPart rerun = new RunPart(RunPart.SCHEMA_VERSION, "run-9", null, "order-bot", true, false, rerunInfo, START.plusSeconds(65), Map.of(),
                List.of(SimulationRecord.builder().uniqueId(turn).testId("order#2").outcome(Outcome.SKIPPED)
                        .message("setup turn 1 \"hi\" failed: bot answer differs from the expectation").build()));

        MergedRun run = MergedRun.of(new TreeMap<>(Map.of("shard", shard, "rerun", rerun)),
                new TreeMap<>(Map.of("shard", "1", "rerun", "2")));

        assertThat(run.records()).filteredOn(r -> r.uniqueId().equals(turn)).singleElement()
                .extracting(SimulationRecord::outcome).isEqualTo(Outcome.FAILED);
        assertThat(run.reruns()).isEmpty();
        dev.botsim.cognigy.engine.analysis.RunAnalysis analysis = dev.botsim.cognigy.engine.analysis.RunAnalysis.of(run.info(),
                run.records(), java.math.BigDecimal.ONE);
        assertThat(analysis.verdict().status()).isEqualTo(dev.botsim.cognigy.spi.Governance.REVIEW_REQUIRED);
        assertThat(analysis.verdict().total()).isEqualTo(20);
    }

    @Test
    @DisplayName("a rerun's test that no whole part ran is refused naming the rerun's part, unless JUnit cancelled a whole part:"
            + " its tests that never ran are in no part, the rerun's may be one of them, and the run is INTERRUPTED anyway")
    void rerunOfAnUnplannedTest() {
        RunPart shard = part("1/1", RunInfo.BotFacts.UNKNOWN, "sandbox", "test_a", "test_b");
        RunInfo rerunInfo = RunInfo.builder().batchId("batch_rerun").started(START.plusSeconds(60)).backend("sandbox").plannedTests(1)
                .configuration(Map.of("cognigy.run-id", "run-9")).build();
        RunPart rerun = new RunPart(RunPart.SCHEMA_VERSION, "run-9", null, "order-bot", true, false, rerunInfo, START.plusSeconds(65),
                Map.of(), List.of(SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:test_c]").testId("test_c")
                        .outcome(Outcome.PASSED).build()));

        assertThatThrownBy(() -> mergeFiles(Map.of("shard", shard, "rerun/cognigy-part.json", rerun)))
                .isInstanceOf(MergedRun.MergeRefused.class)
                .hasMessageStartingWith("a rerun of run run-9 ran tests the run did not plan: rerun/cognigy-part.json holds 1 test"
                        + " that no shard or fork of the run ran: [engine:cognigy]/[case:test_c]. ");

        RunPart cancelled = new RunPart(shard.schemaVersion(), shard.runId(), shard.shard(), shard.suite(), false, true,
                shard.info().toBuilder().plannedTests(3).build(), shard.finished(), shard.dataFiles(), shard.records());
        MergedRun run = mergeFiles(Map.of("shard", cancelled, "rerun/cognigy-part.json", rerun));
        assertThat(run.cancelled()).isTrue();
        assertThat(run.records()).extracting(SimulationRecord::testId).containsExactlyInAnyOrder("test_a", "test_b", "test_c");
    }

    private static RunPart selecting(RunPart part, Map<String, String> selection) {
        return new RunPart(part.schemaVersion(), part.runId(), part.shard(), part.suite(), part.partial(), selection, part.cancelled(),
                part.info(), part.finished(), part.dataFiles(), part.records());
    }

    @Test
    @DisplayName("shards' selections are compared only where both record one: a part written before parts recorded it, and"
            + " forks, which may each be given their own tests, are not refused; shards that record different ones are")
    void selectionsComparedBetweenShardsThatRecordThem() {
        RunPart first = selecting(part("1/2", RunInfo.BotFacts.UNKNOWN, "sandbox", "test_a"), Map.of("groups", "smoke"));
        RunPart older = part("2/2", RunInfo.BotFacts.UNKNOWN, "sandbox", "test_b");
        assertThat(merge(first, older).records()).hasSize(2);

        RunPart forkA = selecting(part(null, RunInfo.BotFacts.UNKNOWN, "sandbox", "test_a"), Map.of("test", "A*"));
        RunPart forkB = selecting(part(null, RunInfo.BotFacts.UNKNOWN, "sandbox", "test_b"), Map.of("test", "B*"));
        assertThat(mergeFiles(Map.of("fork-a", forkA, "fork-b", forkB)).records()).hasSize(2);

        RunPart narrower = selecting(older, Map.of("groups", "smoke", "test", "OrderBotTest"));
        assertThatThrownBy(() -> merge(first, narrower)).isInstanceOf(MergedRun.MergeRefused.class)
                .hasMessageStartingWith("the shards of run run-9 selected different tests: shard 1/2 (part-1/2) was given -Dgroups=smoke;"
                        + " shard 2/2 (part-2/2) was given -Dgroups=smoke -Dtest=OrderBotTest. ");
    }

    private static MergedRun mergeFiles(Map<String, RunPart> parts) {
        Map<String, String> digests = new TreeMap<>();
        parts.keySet().forEach(where -> digests.put(where, where));
        return MergedRun.of(new TreeMap<>(parts), digests);
    }

    @Test
    @DisplayName("the parts of two modules (suites) are refused as one run, though every shard number is there: the message"
            + " names each suite with its parts and the merge to run for each module on its own")
    void partsOfTwoSuitesAreRefused() {
        RunInfo.BotFacts orders = RunInfo.BotFacts.builder().intents(Set.of("greeting", "check_order")).build();
        RunInfo.BotFacts faq = RunInfo.BotFacts.builder().intents(Set.of("opening_hours", "returns")).build();
        Map<String, RunPart> parts = Map.of(
                "shards/shard-1/orders-bot/target/cognigy-reports/run-9/batch_a/cognigy-part.json",
                part("orders-bot", "1/2", orders, "sandbox", "test_a"),
                "shards/shard-1/faq-bot/target/cognigy-reports/run-9/batch_b/cognigy-part.json",
                part("faq-bot", "1/2", faq, "sandbox", "test_hours"),
                "shards/shard-2/faq-bot/target/cognigy-reports/run-9/batch_c/cognigy-part.json",
                part("faq-bot", "2/2", faq, "sandbox", "test_returns"));

        assertThatThrownBy(() -> mergeFiles(parts)).isInstanceOf(MergedRun.MergeRefused.class)
                .hasMessage("the parts of run run-9 are of 2 suites, each a module with its own tests and bot: faq-bot"
                        + " (shards/shard-1/faq-bot/target/cognigy-reports/run-9/batch_b/cognigy-part.json,"
                        + " shards/shard-2/faq-bot/target/cognigy-reports/run-9/batch_c/cognigy-part.json); orders-bot"
                        + " (shards/shard-1/orders-bot/target/cognigy-reports/run-9/batch_a/cognigy-part.json); merged as one"
                        + " run, a module's missing shard would go unnoticed (the other module's shard of that number is there)"
                        + " and the run would be judged against one module's bot. Merge each module on its own, giving only its"
                        + " folders: merge --out merged/faq-bot shards/shard-1/faq-bot/target/cognigy-reports/run-9"
                        + " shards/shard-2/faq-bot/target/cognigy-reports/run-9; merge --out merged/orders-bot"
                        + " shards/shard-1/orders-bot/target/cognigy-reports/run-9");
    }

    @Test
    @DisplayName("two modules whose parts share one report folder are each told their parts' own folders: the shared run"
            + " folder would give each module's merge both modules' parts again")
    void partsOfTwoSuitesInOneFolder() {
        RunInfo.BotFacts orders = RunInfo.BotFacts.builder().intents(Set.of("greeting", "check_order")).build();
        RunInfo.BotFacts faq = RunInfo.BotFacts.builder().intents(Set.of("opening_hours", "returns")).build();
        Map<String, RunPart> parts = Map.of(
                "reports/run-9/batch_a/cognigy-part.json", part("orders-bot", null, orders, "sandbox", "test_a"),
                "reports/run-9/batch_b/cognigy-part.json", part("faq-bot", null, faq, "sandbox", "test_hours"),
                "reports/run-9/batch_c/cognigy-part.json", part("faq-bot", null, faq, "sandbox", "test_returns"),
                "shards/shard-2/orders-bot/run-9/batch_d/cognigy-part.json", part("orders-bot", null, orders, "sandbox", "test_b"));

        assertThatThrownBy(() -> mergeFiles(parts)).isInstanceOf(MergedRun.MergeRefused.class)
                .hasMessageEndingWith("Merge each module on its own, giving only its folders: merge --out merged/faq-bot"
                        + " reports/run-9/batch_b reports/run-9/batch_c; merge --out merged/orders-bot reports/run-9/batch_a"
                        + " shards/shard-2/orders-bot/run-9");
    }

    @Test
    @DisplayName("the merges it advises for each module write a folder or module with a space or a quote as one shell word,"
            + " so that the command can be pasted into a shell as it is printed")
    void adviceQuotesFoldersWithSpaces() {
        RunInfo.BotFacts orders = RunInfo.BotFacts.builder().intents(Set.of("greeting", "check_order")).build();
        RunInfo.BotFacts faq = RunInfo.BotFacts.builder().intents(Set.of("opening_hours", "returns")).build();
        Map<String, RunPart> parts = Map.of(
                "ci shards/shard-1/run-9/batch_a/cognigy-part.json", part("orders-bot", "1/1", orders, "sandbox", "test_a"),
                "O'Neil/faq bot/run-9/batch_b/cognigy-part.json", part("faq bot", "1/1", faq, "sandbox", "test_hours"));

        assertThatThrownBy(() -> mergeFiles(parts)).isInstanceOf(MergedRun.MergeRefused.class)
                .hasMessageEndingWith("Merge each module on its own, giving only its folders: merge --out 'merged/faq bot'"
                        + " 'O'\\''Neil/faq bot/run-9'; merge --out merged/orders-bot 'ci shards/shard-1/run-9'");
    }

    @Test
    @DisplayName("one suite's parts from several forks (no shard) merge, as do an older engine's parts that do not say their"
            + " suite, beside parts that do")
    void oneSuiteAndOlderPartsMerge() {
        RunInfo.BotFacts bot = RunInfo.BotFacts.builder().intents(Set.of("greeting", "check_order")).build();
        MergedRun forks = mergeFiles(Map.of("fork-1/cognigy-part.json", part("orders-bot", null, bot, "sandbox", "test_a"),
                "fork-2/cognigy-part.json", part("orders-bot", null, bot, "sandbox", "test_b")));
        assertThat(forks.records()).extracting(SimulationRecord::testId).containsExactlyInAnyOrder("test_a", "test_b");

        MergedRun older = mergeFiles(Map.of("a", part(null, "1/2", bot, "sandbox", "test_a"),
                "b", part("orders-bot", "2/2", bot, "sandbox", "test_b")));
        assertThat(older.records()).extracting(SimulationRecord::testId).containsExactlyInAnyOrder("test_a", "test_b");
    }

    @Test
    @DisplayName("two shards of different numbers that both ran a test found different suites (other commits, filters or"
            + " selections): the refusal says so and names both parts, not a job run twice; one shard there twice keeps"
            + " its own message")
    void twoShardsWithOneTestFoundDifferentSuites() {
        RunInfo.BotFacts bot = RunInfo.BotFacts.builder().intents(Set.of("greeting")).build();
        Map<String, RunPart> parts = Map.of(
                "job-1/cognigy-part.json", part("1/2", bot, "sandbox", "test_a", "test_b"),
                "job-2/cognigy-part.json", part("2/2", bot, "sandbox", "test_b", "test_c"));

        assertThatThrownBy(() -> mergeFiles(parts)).isInstanceOf(MergedRun.MergeRefused.class)
                .hasMessage("shards 1/2 and 2/2 of run run-9 both ran [engine:cognigy]/[case:test_b] (job-1/cognigy-part.json"
                        + " and job-2/cognigy-part.json): the shards found different suites — their jobs ran different commits"
                        + " or versions of cognigy-junit, or were given different filters or selections of tests (-Dtest,"
                        + " -Dgroups, tags, the classes or files selected) — so they split different sets of tests, and some"
                        + " may have run in no shard. Run every shard of the run from the same commit with the same"
                        + " cognigy-junit and selection")
                .message().doesNotContain("twice", "two attempts");

        Map<String, RunPart> twice = Map.of(
                "job-1/cognigy-part.json", part("1/2", bot, "sandbox", "test_a"),
                "job-1-retry/cognigy-part.json", part("1/2", bot, "sandbox", "test_a"),
                "job-2/cognigy-part.json", part("2/2", bot, "sandbox", "test_c"));
        assertThatThrownBy(() -> mergeFiles(twice)).isInstanceOf(MergedRun.MergeRefused.class)
                .hasMessageStartingWith("shard 1/2 of run run-9 is there twice: job-1-retry/cognigy-part.json and"
                        + " job-1/cognigy-part.json both ran [engine:cognigy]/[case:test_a]; keep one of them (two attempts of one job");
    }

    @Test
    @DisplayName("parts that differ on a setting deciding the verdict are refused, naming the setting and the parts, never"
            + " the value; a setting that only shaped how a job ran may differ, and the run takes its settings from its first"
            + " shard that ran tests")
    void partsOfDifferentSettings() {
        RunInfo.BotFacts bot = RunInfo.BotFacts.builder().intents(Set.of("greeting")).build();
        RunPart first = withSettings(part("1/2", bot, "sandbox", "test_a"), Map.of("cognigy.repeat.pass-ratio", "0.5",
                "cognigy.execution.max-concurrency", "2"));
        RunPart second = withSettings(part("2/2", bot, "sandbox", "test_b"), Map.of("cognigy.repeat.pass-ratio", "0.8",
                "cognigy.execution.max-concurrency", "4"));
        assertThatThrownBy(() -> mergeFiles(Map.of("b/cognigy-part.json", first, "a/cognigy-part.json", second)))
                .isInstanceOf(MergedRun.MergeRefused.class)
                .hasMessageStartingWith("the parts of run run-9 ran with different settings that decide its verdict, what its"
                        + " reports mean or where its results go: cognigy.repeat.pass-ratio (one value in a/cognigy-part.json;"
                        + " another in b/cognigy-part.json); merged,")
                .message().doesNotContain("0.5", "0.8", "max-concurrency");

        RunPart same = withSettings(part("2/2", bot, "sandbox", "test_b"), Map.of("cognigy.repeat.pass-ratio", "0.5",
                "cognigy.execution.max-concurrency", "4"));
        MergedRun run = mergeFiles(Map.of("b/cognigy-part.json", first, "a/cognigy-part.json", same));
        assertThat(run.info().configuration()).containsEntry("cognigy.execution.max-concurrency", "2")
                .doesNotContainKey("cognigy.shard");
        assertThat(PartSettings.of(run.parts())).isEqualTo(run.info().configuration());
    }

    @Test
    @DisplayName("a path setting written absolute names a place in the job's own checkout (a Jenkins workspace's copy, a"
            + " GitLab runner's folder per concurrent job, a module's ../bots filled in by Maven): absolute paths are not"
            + " compared; relative ones and classpath resources must agree")
    void absolutePathsAreTheJobs() {
        RunInfo.BotFacts bot = RunInfo.BotFacts.builder().intents(Set.of("greeting")).build();
        RunPart jenkins = withSettings(part("1/3", bot, "sandbox", "test_a"), Map.of("cognigy.audit.file",
                "/var/jenkins/workspace/bots/order-bot/target/audit.jsonl", "cognigy.sandbox.bot",
                "/var/jenkins/workspace/bots/shared/order-bot.yaml"));
        RunPart copy = withSettings(part("2/3", bot, "sandbox", "test_b"), Map.of("cognigy.audit.file",
                "/var/jenkins/workspace/bots@2/order-bot/target/audit.jsonl", "cognigy.sandbox.bot",
                "/var/jenkins/workspace/bots@2/shared/order-bot.yaml"));
        RunPart gitlab = withSettings(part("3/3", bot, "sandbox", "test_c"), Map.of("cognigy.audit.file",
                "/builds/x1y2/1/team/bots/order-bot/target/audit.jsonl", "cognigy.sandbox.bot",
                "/builds/x1y2/1/team/bots/shared/order-bot.yaml"));
        MergedRun run = mergeFiles(Map.of("a/cognigy-part.json", jenkins, "b/cognigy-part.json", copy, "c/cognigy-part.json", gitlab));
        assertThat(run.records()).hasSize(3);

        RunPart relative = withSettings(part("1/2", bot, "sandbox", "test_a"), Map.of("cognigy.sandbox.bot", "classpath:bots/a.yaml"));
        RunPart other = withSettings(part("2/2", bot, "sandbox", "test_b"), Map.of("cognigy.sandbox.bot", "classpath:bots/b.yaml"));
        assertThatThrownBy(() -> mergeFiles(Map.of("a/cognigy-part.json", relative, "b/cognigy-part.json", other)))
                .isInstanceOf(MergedRun.MergeRefused.class)
                .hasMessageContaining("cognigy.sandbox.bot (one value in a/cognigy-part.json; another in b/cognigy-part.json)");
    }

    @Test
    @DisplayName("a -D given to the merge for a setting it decides with (threshold, audit file, webhook) lets parts that"
            + " differ on it merge, under the merge's value; one for what the parts tested (the backend) does not")
    void mergeOverridesWhatItDecides() {
        RunInfo.BotFacts bot = RunInfo.BotFacts.builder().intents(Set.of("greeting")).build();
        RunPart first = withSettings(part("1/2", bot, "sandbox", "test_a"), Map.of("cognigy.governance.threshold", "0.5",
                "cognigy.backend", "sandbox"));
        RunPart second = withSettings(part("2/2", bot, "sandbox", "test_b"), Map.of("cognigy.governance.threshold", "0.9",
                "cognigy.backend", "endpoint"));
        Map<String, RunPart> parts = new TreeMap<>(Map.of("a/cognigy-part.json", first, "b/cognigy-part.json", second));

        assertThat(PartSettings.differing("run-9", parts).orElseThrow()).contains("cognigy.governance.threshold", "cognigy.backend");
        assertThat(PartSettings.differing("run-9", parts, Set.of("cognigy.governance.threshold")).orElseThrow())
                .contains("cognigy.backend").doesNotContain("cognigy.governance.threshold");
        assertThat(PartSettings.differing("run-9", parts, Set.of("cognigy.governance.threshold", "cognigy.backend")))
                .as("the backend is what the parts tested: no -D changes it").isPresent();
    }

    /** Why two parts, one with {@code key} set to {@code first} and one to {@code second} ({@code null}: unset), are refused. */
    private static java.util.Optional<String> differing(String key, String first, String second) {
        RunInfo.BotFacts bot = RunInfo.BotFacts.builder().intents(Set.of("greeting")).build();
        RunPart one = withSettings(part("1/2", bot, "sandbox", "test_a"), first == null ? Map.of() : Map.of(key, first));
        RunPart two = withSettings(part("2/2", bot, "sandbox", "test_b"), second == null ? Map.of() : Map.of(key, second));
        return PartSettings.differing("run-9", new TreeMap<>(Map.of("a/cognigy-part.json", one, "b/cognigy-part.json", two)));
    }

    @Test
    @DisplayName("a setting left unset in one part and set to its default in another (one CI job passes -D, the other relies"
            + " on the default) is the same setting: the parts merge")
    void unsetAndItsDefaultAgree() {
        String[][] defaults = {
                {Constants.GOVERNANCE_THRESHOLD, "0.95"}, {Constants.GOVERNANCE_MODE, "strict"},
                {Constants.GOVERNANCE_REQUIRE_LIVE, "false"}, {Constants.REPEAT, "1"}, {Constants.REPEAT_PASS_RATIO, "1.0"},
                {Constants.NLU_MARGIN, "0.1"}, {Constants.APPROVE, "false"}, {Constants.APPROVE_DIR, "src/test/cognigy/approved"},
                {Constants.REPLAY, "off"}, {Constants.REPLAY_DIR, "src/test/cognigy"}, {Constants.BACKEND, "simulation"},
                {Constants.DEFAULT_PLATFORM, "web"}, {Constants.DISCOVERY_MAX_FILE_SIZE, "1048576"},
                {Constants.ENDPOINT_DATA_INTENT, "/intent"}, {Constants.ENDPOINT_CODE_NODE, "shared"},
                {Constants.PLAYBOOKS_INCLUDE, "*"}, {Constants.PLAYBOOKS_MODE, "existing"},
                {Constants.WEBHOOK_OUTBOX_DIR, ".cognigy/outbox"}, {Constants.WEBHOOK_TIMEOUT, "10s"},
                {Constants.WEBHOOK_MAX_ATTEMPTS, "5"}, {Constants.WEBHOOK_BUDGET, "60s"},
                // blank is read as unset
                {Constants.AUDIT_FILE, " "}, {Constants.COVERAGE_MINIMUM, ""}};
        for (String[] setting : defaults) {
            assertThat(differing(setting[0], null, setting[1])).as(setting[0] + " unset and " + setting[0] + "=" + setting[1]).isEmpty();
            assertThat(differing(setting[0], setting[1], null)).as(setting[0] + "=" + setting[1] + " and unset").isEmpty();
        }
    }

    @Test
    @DisplayName("two spellings of one value, as the engine reads them (0.8 and 0.80, 10s and 10000ms, true and TRUE, a base"
            + " URL with and without its trailing slash), are the same setting: the parts merge")
    void spellingsOfOneValueAgree() {
        String[][] spellings = {
                {Constants.GOVERNANCE_THRESHOLD, "0.8", "0.80"}, {Constants.GOVERNANCE_THRESHOLD, "0.8", ".8"},
                {Constants.GOVERNANCE_THRESHOLD, "1", "1.0"}, {Constants.COVERAGE_MINIMUM, "0.5", "0.50"},
                {Constants.REPEAT_PASS_RATIO, "0.9", "0.90"}, {Constants.NLU_MARGIN, "0.05", "5e-2"},
                {Constants.GOVERNANCE_MODE, "tolerant", "TOLERANT"}, {Constants.APPROVE, "true", "TRUE"},
                {Constants.GOVERNANCE_REQUIRE_LIVE, "true", "True"}, {Constants.REPLAY, "auto", "Auto"},
                {Constants.REPEAT, "3", "03"}, {Constants.WEBHOOK_MAX_ATTEMPTS, "3", "+3"},
                {Constants.WEBHOOK_TIMEOUT, "10s", "10 s"}, {Constants.WEBHOOK_TIMEOUT, "10s", "10000ms"},
                {Constants.WEBHOOK_TIMEOUT, "10s", "PT10S"}, {Constants.WEBHOOK_BUDGET, "1m", "60s"},
                {Constants.BACKEND, "sandbox", "Sandbox"}, {Constants.ENDPOINT_CODE_NODE, "per-flow", "PER-FLOW"},
                {Constants.BASE_URL, "https://tenant.example.com/", "https://tenant.example.com"},
                {Constants.MANAGEMENT_URL, "https://api-trial.cognigy.ai/", "https://api-trial.cognigy.ai"},
                {Constants.FLOWS, "main,billing", "main, billing"},
                {Constants.AUDIT_FILE, "target/audit.jsonl", "target//audit.jsonl"},
                {Constants.APPROVE_DIR, "src/test/cognigy/approved/", "src/test/cognigy/approved"}};
        for (String[] setting : spellings) {
            assertThat(differing(setting[0], setting[1], setting[2])).as(setting[0] + ": " + setting[1] + " and " + setting[2]).isEmpty();
        }
    }

    @Test
    @DisplayName("a default that follows from another setting is read with it: cognigy.backend unset beside a sandbox bot is"
            + " the sandbox, not the simulation API")
    void defaultsReadWithTheOtherSettings() {
        RunInfo.BotFacts bot = RunInfo.BotFacts.builder().intents(Set.of("greeting")).build();
        Map<String, String> sandboxBot = Map.of(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml");
        RunPart unset = withSettings(part("1/2", bot, "sandbox", "test_a"), sandboxBot);
        Map<String, String> sandbox = new TreeMap<>(sandboxBot);
        sandbox.put(Constants.BACKEND, "sandbox");
        Map<String, String> simulation = new TreeMap<>(sandboxBot);
        simulation.put(Constants.BACKEND, "simulation");

        assertThat(PartSettings.differing("run-9", new TreeMap<>(Map.of("a", unset,
                "b", withSettings(part("2/2", bot, "sandbox", "test_b"), sandbox))))).isEmpty();
        assertThat(PartSettings.differing("run-9", new TreeMap<>(Map.of("a", unset,
                "b", withSettings(part("2/2", bot, "sandbox", "test_b"), simulation)))).orElseThrow())
                .contains("cognigy.backend (not set in a; set in b)");
    }

    @Test
    @DisplayName("values the engine reads differently are still refused, naming the setting and which parts have which"
            + " value, never the value: a threshold unset (0.95) and 0.8, 10s and 10m, a webhook URL with and without its"
            + " trailing slash (two addresses), a relative path and an absolute one")
    void differentValuesAreStillRefused() {
        String[][] different = {
                {Constants.GOVERNANCE_THRESHOLD, "0.8", "0.9"}, {Constants.GOVERNANCE_THRESHOLD, null, "0.8"},
                {Constants.GOVERNANCE_MODE, null, "tolerant"}, {Constants.APPROVE, "false", "true"},
                {Constants.REPEAT, null, "3"}, {Constants.WEBHOOK_TIMEOUT, "10s", "10m"}, {Constants.WEBHOOK_BUDGET, "60s", "61s"},
                {Constants.WEBHOOK_URL, "https://qa.example.com/hooks/cognigy?token=s3cr3t", "https://qa.example.com/hooks/cognigy/?token=s3cr3t"},
                {Constants.BASE_URL, "https://a.example.com", "https://b.example.com"}, {Constants.REPLAY, null, "record"},
                {Constants.FLOWS, "main,billing", "billing,main"}, {Constants.MANAGEMENT_PROJECT_ID, "proj-1", "PROJ-1"},
                {Constants.APPROVE_DIR, null, "/builds/x1y2/bots/src/test/cognigy/approved"},
                {Constants.AUDIT_FILE, "target/audit.jsonl", "/var/audit.jsonl"}};
        for (String[] setting : different) {
            assertThat(differing(setting[0], setting[1], setting[2])).as(setting[0] + ": " + setting[1] + " and " + setting[2])
                    .hasValueSatisfying(message -> assertThat(message).contains(setting[0] + " (").contains("a/cognigy-part.json",
                            "b/cognigy-part.json").doesNotContain("s3cr3t").doesNotContain(java.util.Arrays.stream(setting, 1, 3)
                            .filter(java.util.Objects::nonNull).toArray(String[]::new)));
        }
        assertThat(differing(Constants.GOVERNANCE_THRESHOLD, null, "0.8").orElseThrow())
                .contains("cognigy.governance.threshold (not set in a/cognigy-part.json; set in b/cognigy-part.json)");
    }

    @Test
    @DisplayName("which parts leave a setting at its default is said with the parts that set it to the default, apart from"
            + " those with another value")
    void theDefaultsPartsAreSaidTogether() {
        RunInfo.BotFacts bot = RunInfo.BotFacts.builder().intents(Set.of("greeting")).build();
        Map<String, RunPart> parts = new TreeMap<>(Map.of(
                "a", part("1/3", bot, "sandbox", "test_a"),
                "b", withSettings(part("2/3", bot, "sandbox", "test_b"), Map.of(Constants.GOVERNANCE_THRESHOLD, "0.950")),
                "c", withSettings(part("3/3", bot, "sandbox", "test_c"), Map.of(Constants.GOVERNANCE_THRESHOLD, "0.8"))));
        assertThat(PartSettings.differing("run-9", parts).orElseThrow())
                .contains("cognigy.governance.threshold (not set in a, set to its default in b; set in c)");
    }

    @Test
    @DisplayName("a value the configuration refuses (no run starts with it: a part from an engine that read it otherwise) is"
            + " not taken for the default: refused, said as such, without the value")
    void refusedValueIsNoDefault() {
        assertThat(differing(Constants.GOVERNANCE_THRESHOLD, "high", null).orElseThrow())
                .contains("cognigy.governance.threshold (not set in b/cognigy-part.json; a value the configuration refuses in"
                        + " a/cognigy-part.json)").doesNotContain("high");
        assertThat(differing(Constants.WEBHOOK_TIMEOUT, "10 seconds", "10s").orElseThrow())
                .contains("cognigy.webhook.timeout (").doesNotContain("10 seconds");
        assertThat(differing(Constants.REPLAY, "sometimes", "off")).isPresent();
        assertThat(differing(Constants.GOVERNANCE_THRESHOLD, "high", "high"))
                .as("the same text in every part: the merge's reading of the run's settings names it").isEmpty();
    }

    @Test
    @DisplayName("every configuration key is decided for the merge: it must agree across the parts, or it may differ")
    void everyKeyDecided() throws Exception {
        java.util.Set<String> keys = new java.util.TreeSet<>();
        for (java.lang.reflect.Field field : Constants.class.getFields()) {
            if (field.getType() != String.class || !java.lang.reflect.Modifier.isStatic(field.getModifiers())) continue;
            String key = (String) field.get(null);
            if (key.startsWith(Constants.PREFIX) && !key.equals(Constants.PREFIX)) keys.add(key);
        }
        assertThat(keys).hasSizeGreaterThan(60);
        for (String key : keys) {
            boolean agree = PartSettings.MUST_AGREE.contains(key);
            boolean differ = PartSettings.MAY_DIFFER.contains(key);
            assertThat(agree ^ differ).as(key + " must be in exactly one of PartSettings.MUST_AGREE and PartSettings.MAY_DIFFER")
                    .isTrue();
        }
        assertThat(PartSettings.MUST_AGREE).contains(Constants.GOVERNANCE_THRESHOLD, Constants.GOVERNANCE_MODE,
                Constants.COVERAGE_MINIMUM, Constants.GOVERNANCE_REQUIRE_LIVE, Constants.REPEAT, Constants.REPEAT_PASS_RATIO,
                Constants.BACKEND, Constants.SANDBOX_BOT, Constants.MANAGEMENT_PROJECT_ID, Constants.MANAGEMENT_URL,
                Constants.APPROVE, Constants.REPLAY, Constants.AUDIT_FILE, Constants.WEBHOOK_URL, Constants.WEBHOOK_PROJECT_ID,
                Constants.WEBHOOK_OUTBOX_DIR);
        assertThat(PartSettings.MAY_DIFFER).contains(Constants.MAX_CONCURRENCY, Constants.POLL_TIMEOUT, Constants.SHARD,
                Constants.RUN_ID, Constants.NAMING_STRATEGY, Constants.RETRY_OUTAGE_AFTER, Constants.PROGRESS_INTERVAL,
                Constants.REPORT_DIR);
    }

    private static RunPart withSettings(RunPart part, Map<String, String> settings) {
        Map<String, String> configuration = new TreeMap<>(part.info().configuration());
        configuration.putAll(settings);
        return new RunPart(part.schemaVersion(), part.runId(), part.shard(), part.suite(), part.partial(), part.cancelled(),
                part.info().toBuilder().configuration(configuration).build(), part.finished(), part.dataFiles(), part.records());
    }

    private static RunPart replayed(String shard, Map<String, String> fingerprint, String... tests) {
        RunPart plain = part(shard, RunInfo.BotFacts.UNKNOWN, "sandbox", tests);
        return new RunPart(plain.schemaVersion(), plain.runId(), plain.shard(), plain.suite(), plain.partial(), plain.cancelled(),
                plain.info().toBuilder().replay("auto", fingerprint).build(), plain.finished(), plain.dataFiles(), plain.records());
    }

    @Test
    @DisplayName("shards that ran against different bots (a deployment between their jobs): the merged run names every"
            + " bot (a | b) and says which parts saw which, instead of naming the first shard's bot for all answers")
    void shardsAgainstDifferentBotsAreNamedAll() {
        Map<String, String> before = Map.of("backend", "sandbox", "bot", "sha256:aaa", "engine", "0.1.0");
        Map<String, String> after = Map.of("backend", "sandbox", "bot", "sha256:bbb", "engine", "0.1.0");
        MergedRun run = merge(replayed("1/3", before, "test_a"), replayed("2/3", after, "test_b"), replayed("3/3", after, "test_c"));

        assertThat(run.info().replayMode()).isEqualTo("auto");
        assertThat(run.info().botFingerprint()).containsExactlyInAnyOrderEntriesOf(
                Map.of("backend", "sandbox", "bot", "sha256:aaa | sha256:bbb", "engine", "0.1.0"));
        assertThat(run.differentBots()).contains("bot: sha256:aaa in 1 part, sha256:bbb in 2 parts");
    }

    /** {@code part} as a job run with {@code cognigy.replay=mode} writes it: the setting, and the mode its run took. */
    private static RunPart inMode(String mode, RunPart part) {
        RunPart set = withSettings(part, Map.of(Constants.REPLAY, mode));
        return new RunPart(set.schemaVersion(), set.runId(), set.shard(), set.suite(), set.partial(), set.cancelled(),
                set.info().toBuilder().replay(mode, Map.of("backend", "sandbox", "bot", "sha256:aaa")).build(), set.finished(),
                set.dataFiles(), set.records());
    }

    @Test
    @DisplayName("shards that ran in different replay modes (one asked the bot and recorded, one answered from cassettes)"
            + " are refused, naming each part's mode: merged, every answer would be counted under the first part's mode")
    void shardsInDifferentReplayModesAreRefused() {
        RunInfo.BotFacts bot = RunInfo.BotFacts.builder().intents(Set.of("greeting")).build();
        assertThatThrownBy(() -> merge(inMode("record", part("1/3", bot, "sandbox", "test_a")),
                inMode("replay", part("2/3", bot, "sandbox", "test_b")), inMode("replay", part("3/3", bot, "sandbox", "test_c"))))
                .isInstanceOf(MergedRun.MergeRefused.class)
                .hasMessageContaining("the parts of run run-9 ran in different replay modes (cognigy.replay): record in part-1/3;"
                        + " replay in part-2/3, part-3/3")
                .hasMessageContaining("Run every shard or fork of the run with the same cognigy.replay");

        // A part whose run took another mode than its settings say (written by hand, say) is no exception: the modes the
        // runs took are what the counts rest on.
        RunPart settingsOnly = withSettings(part("2/2", bot, "sandbox", "test_b"), Map.of(Constants.REPLAY, "record"));
        assertThatThrownBy(() -> merge(inMode("record", part("1/2", bot, "sandbox", "test_a")), settingsOnly))
                .isInstanceOf(MergedRun.MergeRefused.class)
                .hasMessageContaining("ran in different replay modes (cognigy.replay): off in part-2/2; record in part-1/2");

        // One mode in every part, an empty shard's too: merged under it.
        MergedRun run = merge(inMode("auto", part("1/3", RunInfo.BotFacts.UNKNOWN, "sandbox")),
                inMode("auto", part("2/3", bot, "sandbox", "test_b")), inMode("auto", part("3/3", bot, "sandbox", "test_c")));
        assertThat(run.info().replayMode()).isEqualTo("auto");
    }

    @Test
    @DisplayName("shards against one bot merge with its fingerprint and no warning; an empty shard states none and is"
            + " not counted as another bot")
    void shardsAgainstOneBot() {
        Map<String, String> bot = Map.of("backend", "sandbox", "bot", "sha256:aaa");
        MergedRun run = merge(replayed("1/3", Map.of()), replayed("2/3", bot, "test_b"), replayed("3/3", bot, "test_c"));

        assertThat(run.info().botFingerprint()).isEqualTo(bot);
        assertThat(run.differentBots()).isEmpty();
    }
}
