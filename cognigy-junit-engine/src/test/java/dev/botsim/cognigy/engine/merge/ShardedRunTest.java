package dev.botsim.cognigy.engine.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.CognigyTestEngine;
import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.shard.RunPart;
import dev.botsim.cognigy.engine.support.WindowsConsole;
import dev.botsim.cognigy.spi.SimulationRecord;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One suite run in one JVM and the same suite split into shards, each run on its own and merged: the merge must
 * come out exactly as the single run — verdict, counts, coverage — with one audit record and one webhook delivery.
 */
class ShardedRunTest {

    private static final Map<String, String> ENVIRONMENT = SandboxSplitRuns.ENVIRONMENT;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    /** Started before each test and closed after it. */
    @StartStop
    private final MockWebServer receiver = SandboxSplitRuns.answering();

    /** The suite against the sandbox, with an audit trail, a webhook and a threshold a shard alone may miss. */
    private EngineTestKit.Builder suite(String name) {
        return configured(name).selectors(selectClasspathResource("e2e/shards/suite.sim.yaml"), selectClasspathResource("e2e/order-bot.sim.yaml"));
    }

    /** The same settings, no tests selected yet. */
    private EngineTestKit.Builder configured(String name) {
        return SandboxSplitRuns.configured(dir, receiver, name)
                .configurationParameter(Constants.GOVERNANCE_THRESHOLD, "0.9");
    }

    private EngineExecutionResults shard(int index, int count) {
        return suite("sharded").configurationParameter(Constants.RUN_ID, "run-42")
                .configurationParameter(Constants.SHARD, index + "/" + count).execute();
    }

    private static Merge merge(String... args) {
        return Merge.run(List.of(args), ENVIRONMENT);
    }

    /**
     * Asserts that {@code merge} concluded the suite's run as the single run's build ends: exit 1 over its one failed test
     * (strict governance), its verdict COMPLIANT all the same.
     */
    private static void concludedWithItsFailedTest(Merge merge) {
        assertThat(merge.code()).as(merge.err()).isEqualTo(1);
        assertThat(merge.err()).contains("[cognigy] exit 1: 1 of ").contains(" did not pass (strict governance: each fails its test");
        assertThat(merge.out()).contains("governance: COMPLIANT");
    }

    private static List<RunPart> parts(Path below) throws Exception {
        List<RunPart> parts = new ArrayList<>();
        for (Path file : MergeCommand.partFiles(List.of(below.toString()))) parts.add(RunPart.read(file));
        return parts;
    }

    /** Makes the receiver refuse every payload (400, kept in the outbox) until the flag returned is cleared. */
    private java.util.concurrent.atomic.AtomicBoolean refusing() {
        java.util.concurrent.atomic.AtomicBoolean refusing = new java.util.concurrent.atomic.AtomicBoolean(true);
        receiver.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(refusing.get() ? 400 : 204).build();
            }
        });
        return refusing;
    }

    private static List<RecordedRequest> requests(MockWebServer server, String path) throws Exception {
        List<RecordedRequest> all = new ArrayList<>();
        for (int i = server.getRequestCount(); i > 0; i--) all.add(server.takeRequest());
        return all.stream().filter(r -> r.getUrl().encodedPath().equals(path)).toList();
    }

    @Test
    @DisplayName("2 shards run disjoint, balanced parts, conversations whole, and defer; merged they give exactly the single"
            + " run's verdict, counts and coverage, with one audit record and one webhook delivery, and fail as its build does:"
            + " COMPLIANT, and exit 1 over the failed test (strict governance); merging again changes nothing and exits 1 again")
    void twoShardsMergeIntoTheSingleRun() throws Exception {
        // One JVM: COMPLIANT at 16 of 17 against 90 %, and its build red, the failed simulation failing its test.
        suite("single").execute().testEvents().assertStatistics(stats -> stats.started(17).succeeded(16).failed(1));
        JsonNode single = JSON.readTree(dir.resolve("single/reports/results.json").toFile());
        assertThat(single.path("governance").path("status").asString()).isEqualTo("COMPLIANT");

        EngineExecutionResults first = shard(1, 2);
        EngineExecutionResults second = shard(2, 2);
        long ran = first.testEvents().started().count() + second.testEvents().started().count();
        assertThat(ran).isEqualTo(17);
        assertThat(Math.abs(first.testEvents().started().count() - second.testEvents().started().count()))
                .as("balanced: within one conversation of each other").isLessThanOrEqualTo(4);
        assertThat(dir.resolve("sharded/audit.jsonl")).as("shards defer the audit record").doesNotExist();

        List<RunPart> parts = parts(dir.resolve("sharded/reports"));
        assertThat(parts).extracting(RunPart::shard).containsExactlyInAnyOrder("1/2", "2/2");
        Set<String> seen = new HashSet<>();
        Map<String, String> conversationShard = new TreeMap<>();
        for (RunPart part : parts) {
            assertThat(part.runId()).isEqualTo("run-42");
            for (SimulationRecord record : part.records()) {
                assertThat(seen.add(record.uniqueId())).as("in one shard only: " + record.uniqueId()).isTrue();
                if (record.conversationId() != null) {
                    String before = conversationShard.putIfAbsent(record.conversationId(), part.shard());
                    assertThat(before == null ? part.shard() : before).as("conversation never split").isEqualTo(part.shard());
                }
            }
            JsonNode partResults = JSON.readTree(RunPart.folder(dir.resolve("sharded/reports"), "run-42", part.info().batchId())
                    .resolve("results.json").toFile());
            assertThat(partResults.path("summary").path("total").asLong()).isEqualTo(part.records().size());
            // A part's results.json is the part's: its verdict deferred, whatever its own pass rate.
            assertThat(partResults.path("governance").path("status").asString()).isEqualTo("DEFERRED");
            assertThat(partResults.path("part").asString()).isEqualTo("run run-42, shard " + part.shard());
        }

        Path merged = dir.resolve("merged");
        Merge merge = merge("--out", merged.toString(), dir.resolve("sharded/reports").toString());
        // The verdict is the single run's; the exit code is its build's, which the failed test fails.
        String failed = "1 of 17 simulations of run run-42 did not pass (strict governance: each fails its test, as in one JVM"
                + " running the suite): test_shard_wrong (failed, e2e/shards/suite.sim.yaml:";
        assertThat(merge.code()).as(merge.err()).isEqualTo(1);
        assertThat(merge.out()).contains("governance: COMPLIANT");
        assertThat(merge.err().lines()).as("one line saying why").filteredOn(line -> line.contains("did not pass")).singleElement()
                .asString().startsWith("[cognigy] exit 1: " + failed);
        assertThat(FailedTests.recordedIn(merged)).hasValueSatisfying(reason -> assertThat(reason).startsWith(failed));
        JsonNode result = JSON.readTree(merged.resolve("results.json").toFile());
        assertThat(result.has("part")).as("the merged run is the whole run, not a part").isFalse();
        for (String figure : List.of("summary", "governance", "flow_coverage", "intent_coverage", "entity_coverage",
                "flow_transitions", "intent_confusion", "misconfigurations", "expected_misconfigurations", "intent_quality")) {
            assertThat(result.path(figure)).as(figure).isEqualTo(single.path(figure));
        }
        // The merged page says what it holds, as cognigy-merge.json does; a part's own page says it is a part.
        assertThat(Files.readString(merged.resolve("index.html"))).contains(
                " · <strong>merged from the parts of a split run (run run-42: shards 1/2, 2/2)</strong>").doesNotContain("one part of");
        try (var files = Files.list(merged)) {
            assertThat(files.map(file -> file.getFileName().toString())).as("the probe of whether --out can be written is gone")
                    .noneMatch(name -> name.endsWith(".probe"));
        }
        List<String> audit = Files.readAllLines(dir.resolve("sharded/audit.jsonl"));
        assertThat(audit).hasSize(1);
        assertThat(JSON.readTree(audit.get(0)).path("governance").asString()).isEqualTo("COMPLIANT");
        assertThat(JSON.readTree(audit.get(0)).path("total").asLong()).isEqualTo(17);
        assertThat(JSON.readTree(audit.get(0)).path("data_files").size()).isEqualTo(2);

        Merge again = merge("--out", merged.toString(), dir.resolve("sharded/reports").toString());
        assertThat(again.code()).as("a merge job run again fails as the first did").isEqualTo(1);
        assertThat(again.out()).contains("already merged");
        assertThat(again.err()).contains("[cognigy] exit 1, as the first merge of these parts: " + failed);
        assertThat(Files.readAllLines(dir.resolve("sharded/audit.jsonl"))).hasSize(1);

        List<RecordedRequest> deliveries = requests(receiver, "/sharded");
        assertThat(deliveries).as("one webhook delivery, from the merge").hasSize(1);
        JsonNode payload = JSON.readTree(deliveries.get(0).getBody().utf8());
        assertThat(payload.path("governance").asString()).isEqualTo("COMPLIANT");
        assertThat(payload.path("batch_summary").path("total_tests").asLong()).isEqualTo(17);
        assertThat(deliveries.get(0).getHeaders().get("webhook-id")).isEqualTo("msg_" + result.path("batch_id").asString());
    }

    @Test
    @DisplayName("shards run on a Turkish machine in Pacific/Chatham and a German one in Asia/Kolkata merge on an en_US/UTC"
            + " one into exactly the single run's figures, and the audit trail the merge appends to verifies on all three")
    void shardsOfMachinesWithOtherDefaultsMerge() throws Exception {
        suite("single").execute().testEvents().assertStatistics(stats -> stats.started(17).succeeded(16).failed(1));
        JsonNode single = JSON.readTree(dir.resolve("single/reports/results.json").toFile());
        onMachine(java.util.Locale.forLanguageTag("tr-TR"), "Pacific/Chatham", () -> shard(1, 2));
        onMachine(java.util.Locale.GERMANY, "Asia/Kolkata", () -> shard(2, 2));

        Path merged = dir.resolve("merged");
        Merge merge = merge("--out", merged.toString(), dir.resolve("sharded/reports").toString());
        assertThat(merge.err()).doesNotContain("merge refused");
        assertThat(merge.out()).contains("governance: COMPLIANT");
        JsonNode result = JSON.readTree(merged.resolve("results.json").toFile());
        for (String figure : List.of("summary", "governance", "flow_coverage", "intent_coverage", "intent_confusion",
                "intent_quality")) {
            assertThat(result.path(figure)).as(figure).isEqualTo(single.path(figure));
        }
        Path trail = dir.resolve("sharded/audit.jsonl");
        for (String[] machine : new String[][] {{"tr-TR", "Pacific/Chatham"}, {"de-DE", "Asia/Kolkata"}, {"en-US", "UTC"}}) {
            assertThat(onMachine(java.util.Locale.forLanguageTag(machine[0]), machine[1],
                    () -> verifies(trail))).as("verified on " + machine[0]).isTrue();
        }
    }

    private static boolean verifies(Path trail) {
        try {
            return dev.botsim.cognigy.engine.audit.AuditVerifier.verify(trail).ok();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code work} done with {@code locale} and {@code zone} as the JVM's defaults, its own restored after. */
    private static <T> T onMachine(java.util.Locale locale, String zone, java.util.function.Supplier<T> work) {
        java.util.Locale locales = java.util.Locale.getDefault();
        java.util.Locale format = java.util.Locale.getDefault(java.util.Locale.Category.FORMAT);
        java.util.Locale display = java.util.Locale.getDefault(java.util.Locale.Category.DISPLAY);
        java.util.TimeZone zones = java.util.TimeZone.getDefault();
        java.util.Locale.setDefault(locale);
        java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone(zone));
        try {
            return work.get();
        } finally {
            java.util.Locale.setDefault(locales);
            java.util.Locale.setDefault(java.util.Locale.Category.FORMAT, format);
            java.util.Locale.setDefault(java.util.Locale.Category.DISPLAY, display);
            java.util.TimeZone.setDefault(zones);
        }
    }

    @Test
    @DisplayName("the merge's exit code follows the governance mode as one JVM's build does: the same parts judged tolerant"
            + " exit 0 (the failed answer tolerated, COMPLIANT); strict, exit 1; a cognigy-merge.json an earlier merge left"
            + " saying exit 0 over that failed test is no proof: merged again, the run is concluded again and exits 1,"
            + " appending no second audit record")
    void theExitCodeFollowsTheGovernanceMode() throws Exception {
        shard(1, 2);
        shard(2, 2);
        String parts = dir.resolve("sharded/reports").toString();

        Merge tolerant = merge("--out", dir.resolve("tolerant").toString(), "-D" + Constants.GOVERNANCE_MODE + "=tolerant", parts);
        assertThat(tolerant.code()).as(tolerant.err()).isZero();
        assertThat(tolerant.out()).contains("governance: COMPLIANT");
        assertThat(FailedTests.recordedIn(dir.resolve("tolerant"))).isEmpty();

        Path merged = dir.resolve("merged");
        Merge strict = merge("--out", merged.toString(), parts);
        assertThat(strict.code()).as(strict.err()).isEqualTo(1);
        assertThat(strict.out()).contains("governance: COMPLIANT");
        assertThat(Files.readAllLines(dir.resolve("sharded/audit.jsonl"))).as("each mode its own batch").hasSize(2);

        // As a merge that did not judge the tests left it: exit 0, no reason.
        Path marker = merged.resolve(MergeCommand.MARKER);
        tools.jackson.databind.node.ObjectNode earlier = (tools.jackson.databind.node.ObjectNode) JSON.readTree(marker.toFile());
        earlier.put("exit_code", 0);
        earlier.remove(List.of("reason", FailedTests.FIELD));
        Files.write(marker, JSON.writeValueAsBytes(earlier));
        Merge again = merge("--out", merged.toString(), parts);
        assertThat(again.code()).as(again.err()).isEqualTo(1);
        assertThat(again.out()).doesNotContain("already merged");
        assertThat(again.err()).contains("[cognigy] exit 1: 1 of 17 simulations of run run-42 did not pass (strict governance");
        assertThat(Files.readAllLines(dir.resolve("sharded/audit.jsonl"))).as("the trail knows the batch").hasSize(2);
        assertThat(JSON.readTree(marker.toFile()).path("exit_code").asInt()).isEqualTo(1);
    }

    @Test
    @DisplayName("a refusal quoting what a part says of itself stays on its one line: a part file whose suite holds a line"
            + " break cannot start a line of the CI's log of its own")
    void refusalQuotingAPartStaysOnItsLine() throws Exception {
        for (int i = 1; i <= 2; i++) {
            configured("shard-" + i).selectors(selectClasspathResource("e2e/shards/three.sim.yaml"))
                    .configurationParameter(Constants.RUN_ID, "run-8").configurationParameter(Constants.SHARD, i + "/2").execute();
        }
        List<Path> files = MergeCommand.partFiles(List.of(dir.toString()));
        assertThat(files).hasSize(2);
        // A part crafted, or renamed into a module folder whose name holds a line break: parts are taken unsigned.
        tools.jackson.databind.node.ObjectNode json = (tools.jackson.databind.node.ObjectNode) JSON.readTree(files.get(0).toFile());
        json.put("suite", "orders\n::error title=forged::x");
        Files.write(files.get(0), JSON.writeValueAsBytes(json));

        Merge refused = merge("--out", dir.resolve("merged").toString(), dir.toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("merge refused: the parts of run run-8 are of 2 suites", "orders\\n::error title=forged::x")
                .hasLineCount(1);
        assertThat(refused.err().lines()).noneMatch(line -> line.strip().startsWith("::"));
    }

    @Test
    @DisplayName("the report folders of two modules' shards merged as one run are refused, naming each module's parts and"
            + " the merge to run for each, though every shard number is there: the one module's missing shard, which held its"
            + " failing test, would otherwise go unnoticed; each module merged on its own is judged as it should be")
    void twoModulesMergedAsOneRunAreRefused() throws Exception {
        Map<String, String> modules = Map.of("orders-bot", "e2e/shards/three.sim.yaml", "faq-bot", "e2e/order-bot.sim.yaml");
        for (Map.Entry<String, String> module : modules.entrySet()) {
            for (int i = 1; i <= 2; i++) {
                // Each job its own report folder; the module's audit trail, webhook and outbox, as every job of it has.
                configured("shard-" + i + "/" + module.getKey()).selectors(selectClasspathResource(module.getValue()))
                        .configurationParameter(Constants.AUDIT_FILE, dir.resolve(module.getKey() + "/audit.jsonl").toString())
                        .configurationParameter(Constants.WEBHOOK_URL, receiver.url("/" + module.getKey()).toString())
                        .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, dir.resolve(module.getKey() + "/outbox").toString())
                        .configurationParameter(Constants.RUN_ID, "run-7").configurationParameter(Constants.SHARD, i + "/2").execute();
            }
        }
        List<Path> files = MergeCommand.partFiles(List.of(dir.toString()));
        assertThat(files).hasSize(4);
        for (Path file : files) {
            assertThat(RunPart.read(file).suite()).as("the suite of the JVM that wrote it: this module's folder")
                    .isEqualTo(RunPart.suite(System::getProperty)).isNotNull();
            // As written by a JVM that ran in the module's folder, as Surefire runs a reactor module's forks.
            tools.jackson.databind.node.ObjectNode json = (tools.jackson.databind.node.ObjectNode) JSON.readTree(file.toFile());
            json.put("suite", file.toString().contains("orders-bot") ? "orders-bot" : "faq-bot");
            Files.write(file, JSON.writeValueAsBytes(json));
        }
        // orders-bot's shard holding its failing test did not write its reports (its job stopped before the module).
        Path failing = files.stream().filter(file -> file.toString().contains("orders-bot")).filter(file -> {
            try {
                return RunPart.read(file).records().stream().anyMatch(r -> r.outcome() == dev.botsim.cognigy.spi.Outcome.FAILED);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).findFirst().orElseThrow();
        String missing = RunPart.read(failing).shard();
        Path ordersLeft = dir.resolve("shard-" + missing.charAt(0) + "/orders-bot");
        assertThat(failing).startsWith(ordersLeft);
        try (java.util.stream.Stream<Path> below = Files.walk(ordersLeft)) {
            below.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }

        Merge refused = merge("--out", dir.resolve("merged").toString(), dir.toString());
        assertThat(refused.code()).as(refused.out()).isEqualTo(2);
        assertThat(refused.err()).contains("merge refused: the parts of run run-7 are of 2 suites, each a module with its own tests"
                + " and bot: faq-bot (").contains("; orders-bot (")
                .contains("Merge each module on its own, giving only its folders: merge --out merged/faq-bot ")
                .contains("; merge --out merged/orders-bot " + dir.resolve("shard-" + (missing.equals("1/2") ? 2 : 1)
                        + "/orders-bot/reports/run-7"));
        SandboxSplitRuns.refusedInto(dir.resolve("merged"));
        assertThat(dir.resolve("faq-bot/audit.jsonl")).doesNotExist();
        assertThat(dir.resolve("orders-bot/audit.jsonl")).doesNotExist();

        Merge orders = merge("--out", dir.resolve("merged/orders-bot").toString(), dir + "/shard-*/orders-bot/reports");
        assertThat(orders.code()).isEqualTo(2);
        assertThat(orders.err()).contains("run run-7 is incomplete: shard " + missing + " is missing");
        Merge faq = merge("--out", dir.resolve("merged/faq-bot").toString(), dir + "/shard-*/faq-bot/reports");
        assertThat(faq.code()).as(faq.err()).isZero();
        assertThat(faq.out()).contains("merging run run-7: 2 parts");
    }

    /** The three-test suite, as shard {@code index} of {@code count} of run {@code runId}. */
    @Test
    @DisplayName("a shard keeps the same tests whichever of the suite's classes or files one discovery selects: Surefire"
            + " first discovers each class alone and then runs only the classes that kept tests, and every shard so run"
            + " still holds each test of the suite exactly once")
    void shardsAreTheSameWhateverClassesADiscoverySelects() {
        List<String> files = List.of("e2e/shards/suite.sim.yaml", "e2e/order-bot.sim.yaml", "e2e/shards/three.sim.yaml");
        Set<String> suite = new java.util.TreeSet<>(testIds(files, null));
        for (int count = 2; count <= 5; count++) {
            Map<String, Integer> shards = new TreeMap<>();
            for (int index = 1; index <= count; index++) {
                String shard = index + "/" + count;
                // What Surefire's JUnit Platform provider does: a class (here a file) is run only when its own discovery,
                // alone, keeps a test; then one discovery of the classes kept runs them.
                List<String> kept = files.stream().filter(file -> !testIds(List.of(file), shard).isEmpty()).toList();
                for (String id : kept.isEmpty() ? List.<String>of() : testIds(kept, shard)) shards.merge(id, 1, Integer::sum);
            }
            Map<String, Integer> expected = new TreeMap<>();
            suite.forEach(id -> expected.put(id, 1));
            assertThat(shards).as("each test in exactly one of " + count + " shards").isEqualTo(expected);
        }
    }

    private List<String> testIds(List<String> files, String shard) {
        EngineTestKit.Builder discovery = configured("discovery").configurationParameter(Constants.RUN_ID, "run-d")
                .selectors(files.stream().map(file -> (org.junit.platform.engine.DiscoverySelector) selectClasspathResource(file)).toList());
        if (shard != null) discovery.configurationParameter(Constants.SHARD, shard);
        return discovery.discover().getEngineDescriptor().getDescendants().stream()
                .filter(org.junit.platform.engine.TestDescriptor::isTest).map(test -> test.getUniqueId().toString()).toList();
    }

    @Test
    @DisplayName("shards that read different contents of a data file (jobs of two commits) are refused, naming the file and"
            + " the parts: merged, a test fixed in one commit would pass beside the other's and the audit record would name"
            + " one content for both")
    void shardsOfTwoCommitsAreRefused() throws Exception {
        Path file = dir.resolve("suite/three.sim.yaml");
        Files.createDirectories(file.getParent());
        String before;
        try (var in = getClass().getClassLoader().getResourceAsStream("e2e/shards/three.sim.yaml")) {
            before = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Files.writeString(file, before);
        configured("sharded").selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectFile(file.toFile()))
                .configurationParameter(Constants.RUN_ID, "run-c").configurationParameter(Constants.SHARD, "1/2").execute();
        // The next commit changes an expectation: the shard of the same run reads it.
        Files.writeString(file, before + "# the next commit\n");
        configured("sharded").selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectFile(file.toFile()))
                .configurationParameter(Constants.RUN_ID, "run-c").configurationParameter(Constants.SHARD, "2/2").execute();

        Merge merge = merge("--out", dir.resolve("merged").toString(), dir.resolve("sharded/reports").toString());
        assertThat(merge.code()).as(merge.out()).isEqualTo(2);
        assertThat(merge.err()).contains("merge refused: the parts of run run-c read different contents of 1 data file(s): ")
                .contains("three.sim.yaml (SHA-256 ").contains("cognigy-part.json").contains("their jobs ran different commits");
        SandboxSplitRuns.refusedInto(dir.resolve("merged"));
        assertThat(dir.resolve("sharded/audit.jsonl")).doesNotExist();
        assertThat(receiver.getRequestCount()).isZero();
    }

    @Test
    @DisplayName("shards of one commit on a Windows runner (git's core.autocrlf checks the data file out with CR LF) and a"
            + " Linux one (LF) read the same data file: merged, not refused, and the audit record names the content as a"
            + " run with LF line ends alone does, which is the SHA-256 of the file's bytes")
    void shardsOnWindowsAndLinuxRunnersMerge() throws Exception {
        Path file = dir.resolve("suite/three.sim.yaml");
        Files.createDirectories(file.getParent());
        String lf;
        try (var in = getClass().getClassLoader().getResourceAsStream("e2e/shards/three.sim.yaml")) {
            lf = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        }
        Files.writeString(file, lf.replace("\n", "\r\n"));
        configured("sharded").selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectFile(file.toFile()))
                .configurationParameter(Constants.RUN_ID, "run-w").configurationParameter(Constants.SHARD, "1/2").execute();
        Files.writeString(file, lf);
        configured("sharded").selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectFile(file.toFile()))
                .configurationParameter(Constants.RUN_ID, "run-w").configurationParameter(Constants.SHARD, "2/2").execute();

        Merge merge = merge("--out", dir.resolve("merged").toString(), dir.resolve("sharded/reports").toString());
        assertThat(merge.err()).doesNotContain("merge refused");
        assertThat(merge.out()).contains("merging run run-w: 2 parts, 3 results");
        List<String> audit = Files.readAllLines(dir.resolve("sharded/audit.jsonl"));
        assertThat(audit).hasSize(1);
        JsonNode files = JSON.readTree(audit.get(0)).path("data_files");
        assertThat(files.size()).isEqualTo(1);
        assertThat(files.values().iterator().next().asString())
                .isEqualTo(dev.botsim.cognigy.engine.support.Sha256.hex(lf.getBytes(StandardCharsets.UTF_8)));
    }

    private EngineExecutionResults threeTests(String name, String runId, int index, int count) {
        return configured(name).selectors(selectClasspathResource("e2e/shards/three.sim.yaml"))
                .configurationParameter(Constants.RUN_ID, runId).configurationParameter(Constants.SHARD, index + "/" + count).execute();
    }

    @Test
    @DisplayName("more shards than tests: a shard that selects no tests still writes its part (no results, deferring); the"
            + " merge of all 5 gives the single run's figures, and a missing empty or non-empty part is refused by name")
    void emptyShardsWriteTheirPart() throws Exception {
        configured("single").selectors(selectClasspathResource("e2e/shards/three.sim.yaml")).execute()
                .testEvents().assertStatistics(stats -> stats.started(3).succeeded(2).failed(1));
        JsonNode single = JSON.readTree(dir.resolve("single/reports/results.json").toFile());

        long ran = 0;
        for (int i = 1; i <= 5; i++) {
            EngineExecutionResults results = configured("sharded").selectors(selectClasspathResource("e2e/shards/three.sim.yaml"))
                    .configurationParameter(Constants.RUN_ID, "run-5").configurationParameter(Constants.SHARD, i + "/5")
                    .execute();
            results.containerEvents().assertStatistics(stats -> stats.failed(0));
            ran += results.testEvents().started().count();
        }
        assertThat(ran).isEqualTo(3);
        assertThat(dir.resolve("sharded/audit.jsonl")).as("shards, empty ones too, defer the audit record").doesNotExist();
        assertThat(receiver.getRequestCount()).as("and the webhook: the one delivery is the single run's").isEqualTo(1);

        Path reports = dir.resolve("sharded/reports");
        List<RunPart> parts = parts(reports);
        assertThat(parts).extracting(RunPart::shard).containsExactlyInAnyOrder("1/5", "2/5", "3/5", "4/5", "5/5");
        assertThat(parts).filteredOn(part -> part.records().isEmpty()).extracting(RunPart::shard)
                .as("the least-loaded shard takes each test: 3 shards of one test, 2 empty").hasSize(2);
        for (RunPart empty : parts.stream().filter(part -> part.records().isEmpty()).toList()) {
            assertThat(empty.runId()).isEqualTo("run-5");
            assertThat(empty.partial()).isFalse();
            assertThat(empty.info().plannedTests()).isZero();
            JsonNode results = JSON.readTree(RunPart.folder(reports, "run-5", empty.info().batchId()).resolve("results.json").toFile());
            assertThat(results.path("summary").path("total").asLong()).isZero();
        }

        // A job that did not run, whether its shard would have had tests or none, is still missing.
        Map<String, Path> byShard = new TreeMap<>();
        for (Path file : MergeCommand.partFiles(List.of(reports.toString()))) byShard.put(RunPart.read(file).shard(), file);
        for (String absent : List.of("2/5", "5/5")) {
            List<String> given = byShard.entrySet().stream().filter(e -> !e.getKey().equals(absent)).map(e -> e.getValue().toString()).toList();
            List<String> args = new ArrayList<>(List.of("--out", dir.resolve("refused").toString()));
            args.addAll(given);
            Merge refused = merge(args.toArray(String[]::new));
            assertThat(refused.code()).isEqualTo(2);
            assertThat(refused.err()).contains("run run-5 is incomplete: shard " + absent + " is missing");
        }
        SandboxSplitRuns.refusedInto(dir.resolve("refused"));

        Path merged = dir.resolve("merged");
        Merge merge = merge("--out", merged.toString(), reports.toString());
        assertThat(merge.out()).contains("merging run run-5: 5 parts, 3 results");
        assertThat(merge.code()).as("not COMPLIANT: 2 of 3 passed, as in the single run").isEqualTo(1);
        JsonNode result = JSON.readTree(merged.resolve("results.json").toFile());
        for (String figure : List.of("summary", "governance", "flow_coverage", "intent_coverage", "entity_coverage",
                "flow_transitions", "intent_confusion", "misconfigurations", "expected_misconfigurations", "intent_quality")) {
            assertThat(result.path(figure)).as(figure).isEqualTo(single.path(figure));
        }
        assertThat(single.path("governance").path("status").asString()).isNotEqualTo("COMPLIANT");
        List<String> audit = Files.readAllLines(dir.resolve("sharded/audit.jsonl"));
        assertThat(audit).hasSize(1);
        assertThat(JSON.readTree(audit.get(0)).path("total").asLong()).isEqualTo(3);
        assertThat(requests(receiver, "/sharded")).hasSize(1);
    }

    @Test
    @DisplayName("a shard of a suite whose every shard selects no tests still leaves its part, but the merge refuses to judge a"
            + " run without a single result, as one JVM without tests judges nothing; an unsharded run without tests writes nothing")
    void noTestsAnywhere() throws Exception {
        for (int i = 1; i <= 2; i++) {
            configured("sharded").configurationParameter(Constants.RUN_ID, "run-0").configurationParameter(Constants.SHARD, i + "/2")
                    .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage("no.such.tests")).execute()
                    .containerEvents().assertStatistics(stats -> stats.failed(0));
        }
        assertThat(parts(dir.resolve("sharded/reports"))).hasSize(2).allSatisfy(part -> assertThat(part.records()).isEmpty());
        Merge merge = merge("--out", dir.resolve("merged").toString(), dir.resolve("sharded/reports").toString());
        assertThat(merge.code()).isEqualTo(2);
        assertThat(merge.err()).contains("run run-0 has no results: none of its 2 parts ran a test");
        assertThat(dir.resolve("sharded/audit.jsonl")).doesNotExist();
        SandboxSplitRuns.refusedInto(dir.resolve("merged"));

        configured("lone").selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage("no.such.tests")).execute();
        configured("forks").configurationParameter(Constants.RUN_ID, "run-1").configurationParameter(Constants.RUN_DEFER, "true")
                .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage("no.such.tests")).execute();
        assertThat(dir.resolve("lone")).as("a run without tests, not split, writes no report").doesNotExist();
        assertThat(dir.resolve("forks")).as("nor does a fork without tests: its part could not be counted").doesNotExist();
    }

    @Test
    @DisplayName("shards with the webhook URL but without its secret run and leave their parts (they send nothing); the"
            + " merge, which holds the secret, sends the run's one payload")
    void shardsNeedNoWebhookSecret() throws Exception {
        for (int i = 1; i <= 2; i++) {
            EngineTestKit.engine(new CognigyTestEngine(new EngineServices(name -> null, Backends::create, Clock.systemUTC())))
                    .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                    .configurationParameter(Constants.POLL_INITIAL_DELAY, "10ms")
                    .configurationParameter(Constants.GOVERNANCE_THRESHOLD, "0.9")
                    .configurationParameter(Constants.REPORT_DIR, dir.resolve("sharded/reports").toString())
                    .configurationParameter(Constants.WEBHOOK_URL, receiver.url("/sharded").toString())
                    .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, dir.resolve("sharded/outbox").toString())
                    .configurationParameter(Constants.RUN_ID, "run-42").configurationParameter(Constants.SHARD, i + "/2")
                    .selectors(selectClasspathResource("e2e/shards/suite.sim.yaml"), selectClasspathResource("e2e/order-bot.sim.yaml"))
                    .execute().testEvents().assertThatEvents().as("the shard ran its tests").isNotEmpty();
        }
        assertThat(parts(dir.resolve("sharded/reports"))).hasSize(2);
        assertThat(requests(receiver, "/sharded")).as("a shard sends nothing").isEmpty();

        assertThat(parts(dir.resolve("sharded/reports"))).flatExtracting(RunPart::records).hasSize(17);
        Merge merge = merge("--out", dir.resolve("merged").toString(), dir.resolve("sharded/reports").toString());
        concludedWithItsFailedTest(merge);
        assertThat(requests(receiver, "/sharded")).hasSize(1);
    }

    @Test
    @DisplayName("shards whose jobs write the same settings differently — one passes a default the other leaves unset, 0.90"
            + " for 0.9, 10000ms for 10s, STRICT for strict — merge into the single run's verdict, audit record and webhook"
            + " payload, whichever of them stands for the run; a setting that really differs is still refused")
    void shardsWritingTheSameSettingsDifferentlyMerge() throws Exception {
        suite("single").execute();
        JsonNode single = JSON.readTree(dir.resolve("single/reports/results.json").toFile());
        Map<String, String> spelt = Map.of(Constants.GOVERNANCE_THRESHOLD, "0.90", Constants.GOVERNANCE_MODE, "STRICT",
                Constants.WEBHOOK_TIMEOUT, "10000ms", Constants.WEBHOOK_MAX_ATTEMPTS, "5", Constants.REPLAY, "off",
                Constants.APPROVE, "FALSE");
        List<JsonNode> payloads = new ArrayList<>();
        // The spelt-out settings in shard 1, which stands for the run, and then in shard 2: the same run either way.
        for (int spelling = 1; spelling <= 2; spelling++) {
            String runId = "run-4" + spelling;
            for (int i = 1; i <= 2; i++) {
                EngineTestKit.Builder shard = suite("sharded").configurationParameter(Constants.RUN_ID, runId)
                        .configurationParameter(Constants.SHARD, i + "/2");
                if (i == spelling) spelt.forEach(shard::configurationParameter);
                shard.execute();
            }
            Path merged = dir.resolve("merged-" + runId);
            Merge merge = merge("--out", merged.toString(), dir.resolve("sharded/reports/" + runId).toString());
            concludedWithItsFailedTest(merge);
            JsonNode result = JSON.readTree(merged.resolve("results.json").toFile());
            for (String figure : List.of("summary", "governance", "flow_coverage", "intent_coverage")) {
                assertThat(result.path(figure)).as(runId + ": " + figure).isEqualTo(single.path(figure));
            }
        }
        List<RecordedRequest> deliveries = requests(receiver, "/sharded");
        assertThat(deliveries).as("one webhook delivery per merged run").hasSize(2);
        for (RecordedRequest delivery : deliveries) payloads.add(JSON.readTree(delivery.getBody().utf8()));
        assertThat(payloads.get(1).path("governance")).isEqualTo(payloads.get(0).path("governance"));
        assertThat(payloads.get(1).path("batch_summary")).isEqualTo(payloads.get(0).path("batch_summary"));
        List<String> audit = Files.readAllLines(dir.resolve("sharded/audit.jsonl"));
        assertThat(audit).as("one record per merged run").hasSize(2);
        assertThat(audit).extracting(line -> JSON.readTree(line).path("governance").asString()).containsOnly("COMPLIANT");

        for (int i = 1; i <= 2; i++) {
            EngineTestKit.Builder shard = suite("sharded").configurationParameter(Constants.RUN_ID, "run-43")
                    .configurationParameter(Constants.SHARD, i + "/2");
            if (i == 2) shard.configurationParameter(Constants.GOVERNANCE_THRESHOLD, "0.95");
            shard.execute();
        }
        Merge refused = merge("--out", dir.resolve("merged-run-43").toString(), dir.resolve("sharded/reports/run-43").toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("cognigy.governance.threshold (one value in ", "; another in ").doesNotContain("0.95");
    }

    @Test
    @DisplayName("a shard's listeners receive its summary with the governance DEFERRED and the run info naming the part,"
            + " though every one of its tests passed; a whole run's info names no part")
    void partsListenersAreToldTheVerdictIsDeferred() throws Exception {
        List<dev.botsim.cognigy.spi.RunInfo> infos = new ArrayList<>();
        List<dev.botsim.cognigy.spi.RunSummary> summaries = new ArrayList<>();
        dev.botsim.cognigy.spi.SimulationListener capture = new dev.botsim.cognigy.spi.SimulationListener() {
            @Override
            public void runFinished(dev.botsim.cognigy.spi.RunInfo run, List<SimulationRecord> records,
                                    dev.botsim.cognigy.spi.RunSummary summary) {
                infos.add(run);
                summaries.add(summary);
            }
        };
        EngineTestKit.Builder passing = EngineTestKit.engine(new CognigyTestEngine(
                        new EngineServices(ENVIRONMENT::get, Backends::create, Clock.systemUTC()).withListeners(capture)))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "10ms")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .selectors(selectClasspathResource("e2e/order-bot.sim.yaml"));
        passing.configurationParameter(Constants.RUN_ID, "run-7").configurationParameter(Constants.SHARD, "1/1").execute()
                .testEvents().assertStatistics(stats -> stats.failed(0));

        assertThat(summaries.get(0).passRate()).isEqualTo(1.0);
        assertThat(summaries.get(0).governance()).isEqualTo(dev.botsim.cognigy.spi.Governance.DEFERRED);
        assertThat(infos.get(0).part()).isEqualTo("run run-7, shard 1/1");

        EngineTestKit.engine(new CognigyTestEngine(new EngineServices(ENVIRONMENT::get, Backends::create, Clock.systemUTC())
                        .withListeners(capture)))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "10ms")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("whole").toString())
                .selectors(selectClasspathResource("e2e/order-bot.sim.yaml")).execute();
        assertThat(summaries.get(1).governance()).isEqualTo(dev.botsim.cognigy.spi.Governance.COMPLIANT);
        assertThat(infos.get(1).part()).isNull();
    }

    @Test
    @DisplayName("a fork holding the webhook's secret sends nothing, not even what an earlier run left in the outbox: each"
            + " fork's run would otherwise spend the delivery budget on it before its first test, all forks at once; the"
            + " merge delivers it")
    void aForkLeavesTheOutboxToTheMerge() throws Exception {
        Path outbox = dir.resolve("forked/outbox");
        java.util.concurrent.atomic.AtomicBoolean refusing = refusing();
        suite("forked").execute();
        int refused = receiver.getRequestCount();
        refusing.set(false);
        List<Path> spooled;
        try (var files = Files.list(outbox)) {
            spooled = files.filter(Files::isRegularFile).toList();
        }
        assertThat(spooled).as("the earlier run's payload waits in the outbox").hasSize(1);

        configured("forked").configurationParameter(Constants.RUN_ID, "run-7").configurationParameter(Constants.RUN_DEFER, "true")
                .selectors(selectClasspathResource("e2e/shards/suite.sim.yaml")).execute()
                .testEvents().assertThatEvents().as("the fork ran its tests").isNotEmpty();
        assertThat(receiver.getRequestCount()).as("a fork sends nothing").isEqualTo(refused);
        assertThat(spooled.get(0)).as("the payload is left for the merge").exists();

        Merge merge = merge("--out", dir.resolve("forked-merged").toString(), dir.resolve("forked/reports/run-7").toString());
        assertThat(merge.out()).as(merge.err()).contains("webhook: delivered " + spooled.get(0).getFileName().toString()
                .replace(".json", "") + " spooled by an earlier run");
        assertThat(spooled.get(0)).doesNotExist();
    }

    @Test
    @DisplayName("a shard JUnit cancelled after its first test (Surefire's skipAfterFailureCount) says so in its part, and the"
            + " merged run is INTERRUPTED, not judged on the tests the shard happened to run")
    void cancelledShardMakesTheMergedRunInterrupted() throws Exception {
        org.junit.platform.engine.CancellationToken token = org.junit.platform.engine.CancellationToken.create();
        dev.botsim.cognigy.spi.SimulationListener cancelAfterFirst = new dev.botsim.cognigy.spi.SimulationListener() {
            @Override
            public void simulationFinished(SimulationRecord record) {
                token.cancel();
            }
        };
        EngineTestKit.engine(new CognigyTestEngine(new EngineServices(ENVIRONMENT::get, Backends::create, Clock.systemUTC())
                        .withListeners(cancelAfterFirst)))
                .cancellationToken(token)
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.POLL_INITIAL_DELAY, "10ms")
                .configurationParameter(Constants.MAX_CONCURRENCY, "1")
                // the run's settings, as shard 2 has them
                .configurationParameter(Constants.GOVERNANCE_THRESHOLD, "0.9")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("sharded/reports").toString())
                .configurationParameter(Constants.AUDIT_FILE, dir.resolve("sharded/audit.jsonl").toString())
                .configurationParameter(Constants.WEBHOOK_URL, receiver.url("/sharded").toString())
                .configurationParameter(Constants.WEBHOOK_OUTBOX_DIR, dir.resolve("sharded/outbox").toString())
                .configurationParameter(Constants.RUN_ID, "run-42").configurationParameter(Constants.SHARD, "1/2")
                .selectors(selectClasspathResource("e2e/shards/suite.sim.yaml"), selectClasspathResource("e2e/order-bot.sim.yaml"))
                .execute();
        shard(2, 2);

        assertThat(parts(dir.resolve("sharded/reports"))).extracting(RunPart::shard, RunPart::cancelled)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("1/2", true), org.assertj.core.groups.Tuple.tuple("2/2", false));
        Merge merge = merge("--out", dir.resolve("merged").toString(), dir.resolve("sharded/reports").toString());
        JsonNode result = JSON.readTree(dir.resolve("merged/results.json").toFile());
        assertThat(result.path("governance").path("status").asString()).as(merge.out() + merge.err()).isEqualTo("INTERRUPTED");
        assertThat(merge.out()).contains("was cancelled with", "it is concluded with them as INTERRUPTED");
        // Why, where the verdict is: a part was cancelled, so the tests it never got to are in no results.
        JsonNode reasons = result.path("governance").path("reasons");
        assertThat(reasons.get(0).path("code").asString()).isEqualTo("cancelled");
        assertThat(reasons.get(0).path("message").asString()).startsWith("JUnit cancelled the run");
        assertThat(JSON.readTree(Files.readAllLines(dir.resolve("sharded/audit.jsonl")).get(0)).path("governance_reasons"))
                .isEqualTo(reasons);
    }

    @Test
    @DisplayName("a payload a merge could not deliver waits in the outbox and goes out with the next merge, as a run's goes"
            + " with the next run: in a split run only merges hold the webhook's secret and send")
    void aMergeDeliversWhatAnEarlierMergeSpooled() throws Exception {
        threeTests("a", "run-a", 1, 1);
        threeTests("b", "run-b", 1, 1);
        Path outbox = dir.resolve("merge-outbox");
        // Both merges send to the same receiver, which refuses the first payload.
        java.util.concurrent.atomic.AtomicBoolean refusing = refusing();
        Merge first = merge("-Dcognigy.webhook.url=" + receiver.url("/b"), "-Dcognigy.webhook.outbox-dir=" + outbox, "--out",
                dir.resolve("merged-a").toString(), dir.resolve("a/reports").toString());
        refusing.set(false);
        // one of the three tests fails: the run is judged (exit 1), not first (exit 2)
        assertThat(first.code()).as(first.err()).isEqualTo(1);
        String spooled = "msg_" + JSON.readTree(dir.resolve("merged-a/results.json").toFile()).path("batch_id").asString();
        assertThat(outbox.resolve(spooled + ".json")).as(first.out()).exists();

        Merge next = merge("-Dcognigy.webhook.outbox-dir=" + outbox, "--out", dir.resolve("merged-b").toString(),
                dir.resolve("b/reports").toString());
        assertThat(next.code()).as(next.err()).isEqualTo(1);
        String own = "msg_" + JSON.readTree(dir.resolve("merged-b/results.json").toFile()).path("batch_id").asString();
        assertThat(next.out()).contains("webhook: delivered " + spooled + " spooled by an earlier run", "webhook: delivered " + own);
        assertThat(requests(receiver, "/b")).extracting(d -> d.getHeaders().get("webhook-id")).containsExactly(spooled, spooled, own);
        assertThat(outbox.resolve(spooled + ".json")).doesNotExist();
    }

    @Test
    @DisplayName("a merge job run again into the same folder gets the first merge's exit 1 and says why on standard error —"
            + " the run's verdict — instead of failing the job with no reason printed")
    void mergedAgainIntoTheSameFolderSaysWhyItFails() throws Exception {
        threeTests("a", "run-a", 1, 1);
        Path merged = dir.resolve("merged");
        Merge first = merge("--out", merged.toString(), dir.resolve("a/reports").toString());
        assertThat(first.code()).as(first.err()).isEqualTo(1);
        String verdict = JSON.readTree(merged.resolve("results.json").toFile()).path("governance").path("status").asString();
        assertThat(first.out()).contains("governance: " + verdict);

        Merge again = merge("--out", merged.toString(), dir.resolve("a/reports").toString());
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.out()).contains("already merged").doesNotContain("governance:");
        assertThat(again.err()).isEqualTo("[cognigy] exit 1, as the first merge of these parts: the run's verdict was " + verdict
                + " (" + merged.toAbsolutePath().resolve("index.html") + ")\n");
        assertThat(JSON.readTree(merged.resolve(MergeCommand.MARKER).toFile()).path("reason").asString())
                .isEqualTo("the run's verdict was " + verdict);
    }

    @Test
    @DisplayName("a merge job run again into the same folder once the receiver is back delivers the payload the first merge"
            + " spooled while it was down: already merged, no second audit record, the first merge's exit code, and the QA"
            + " platform gets the run without waiting for the next run's merge")
    void mergedAgainIntoTheSameFolderDeliversWhatItSpooled() throws Exception {
        threeTests("a", "run-a", 1, 1);
        Path merged = dir.resolve("merged");
        Path outbox = dir.resolve("a/outbox");
        java.util.concurrent.atomic.AtomicBoolean refusing = refusing();
        Merge first = merge("--out", merged.toString(), dir.resolve("a/reports").toString());
        assertThat(first.code()).as(first.err()).isEqualTo(1);
        String spooled = "msg_" + JSON.readTree(merged.resolve("results.json").toFile()).path("batch_id").asString();
        assertThat(outbox.resolve(spooled + ".json")).as(first.out()).exists();

        refusing.set(false);
        Merge again = merge("--out", merged.toString(), dir.resolve("a/reports").toString());
        assertThat(again.code()).as(again.err()).isEqualTo(1);
        assertThat(again.out()).contains("already merged", "webhook: delivered " + spooled + " spooled by an earlier run")
                .doesNotContain("governance:");
        assertThat(outbox.resolve(spooled + ".json")).doesNotExist();
        assertThat(requests(receiver, "/a")).extracting(d -> d.getHeaders().get("webhook-id")).containsExactly(spooled, spooled);
        assertThat(Files.readAllLines(dir.resolve("a/audit.jsonl"))).as("one audit record").hasSize(1);
    }

    /** Runs one part of run-a (e2e/order-bot.sim.yaml, all passing), with the audit trail, outbox and receiver of "a". */
    private void onePart() {
        configured("a").selectors(selectClasspathResource("e2e/order-bot.sim.yaml"))
                .configurationParameter(Constants.RUN_ID, "run-a").configurationParameter(Constants.SHARD, "1/1").execute()
                .testEvents().assertStatistics(stats -> stats.failed(0));
    }

    /**
     * Runs one part of run-a (e2e/order-bot.sim.yaml, all passing) and puts a file where {@code blocked}, the audit trail's
     * folder, belongs, so that a merge cannot append its record.
     *
     * @return the merge's argument naming the trail in that folder
     */
    private String onePartAndABlockedTrail(Path blocked) throws Exception {
        onePart();
        Files.writeString(blocked, "a file where the trail's folder belongs");
        return "-Dcognigy.audit.file=" + blocked.resolve("audit.jsonl");
    }

    @Test
    @DisplayName("a merge whose audit trail could not be written (UNAUDITED, exit 1), run again into the same folder once the"
            + " trail is fixed, concludes the run again and appends its record, rather than keeping it UNAUDITED as already merged")
    void unauditedMergeIsConcludedAgainOnceTheTrailIsFixed() throws Exception {
        Path merged = dir.resolve("merged");
        Path blocked = dir.resolve("audit");
        String trail = onePartAndABlockedTrail(blocked);
        Merge first = merge(trail, "--out", merged.toString(), dir.resolve("a/reports").toString());
        assertThat(first.code()).as(first.out() + first.err()).isEqualTo(1);
        assertThat(first.out()).contains("governance: UNAUDITED");

        Files.delete(blocked);
        Merge again = merge(trail, "--out", merged.toString(), dir.resolve("a/reports").toString());
        assertThat(again.code()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).doesNotContain("already merged").contains("audit: record 0 appended", "governance: COMPLIANT");
        assertThat(Files.readAllLines(blocked.resolve("audit.jsonl"))).singleElement()
                .satisfies(line -> assertThat(JSON.readTree(line).path("governance").asString()).isEqualTo("COMPLIANT"));
        assertThat(JSON.readTree(merged.resolve("results.json").toFile()).path("governance").path("status").asString())
                .isEqualTo("COMPLIANT");

        Merge third = merge(trail, "--out", merged.toString(), dir.resolve("a/reports").toString());
        assertThat(third.code()).isZero();
        assertThat(third.out()).contains("already merged");
        assertThat(Files.readAllLines(blocked.resolve("audit.jsonl"))).hasSize(1);
    }

    @Test
    @DisplayName("a merge whose payload could be neither delivered nor kept in the outbox (exit 1), run again into the same"
            + " folder once the outbox is fixed and the receiver is back, concludes the run again and sends the payload: the"
            + " trail holds the run's record, so none is appended; merged once more, it is already merged")
    void undeliveredMergeIsConcludedAgainOnceTheOutboxIsFixed() throws Exception {
        onePart();
        Path merged = dir.resolve("merged");
        Path trail = dir.resolve("a/audit.jsonl");
        Path blocked = dir.resolve("spool");
        Files.writeString(blocked, "a file where the outbox's parent folder belongs");
        String outbox = "-Dcognigy.webhook.outbox-dir=" + blocked.resolve("outbox");
        java.util.concurrent.atomic.AtomicBoolean refusing = refusing();
        Merge first = merge(outbox, "--out", merged.toString(), dir.resolve("a/reports").toString());
        assertThat(first.code()).as(first.out() + first.err()).isEqualTo(1);
        String batch = JSON.readTree(merged.resolve("results.json").toFile()).path("batch_id").asString();
        assertThat(first.out()).contains("audit: record 0 appended", "governance: COMPLIANT");
        assertThat(first.err()).contains("webhook payload msg_" + batch + " was neither delivered",
                "merge the parts again into " + merged.toAbsolutePath() + " once the receiver takes it or the outbox can be written")
                .doesNotContain("will not receive");
        assertThat(JSON.readTree(merged.resolve(MergeCommand.MARKER).toFile()).path("undelivered").asBoolean()).isTrue();
        String recorded = Files.readString(trail);

        Files.delete(blocked);
        refusing.set(false);
        Merge again = merge(outbox, "--out", merged.toString(), dir.resolve("a/reports").toString());
        assertThat(again.code()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).doesNotContain("already merged")
                .contains("audit: " + batch + " is already record 0 of " + trail.toAbsolutePath(), "nothing appended",
                        "webhook: delivered msg_" + batch, "governance: COMPLIANT");
        assertThat(Files.readString(trail)).as("the trail as the first merge left it").isEqualTo(recorded);
        List<RecordedRequest> delivered = requests(receiver, "/a").stream().filter(r -> r.getHeaders().get("webhook-id") != null)
                .toList();
        RecordedRequest last = delivered.get(delivered.size() - 1);
        assertThat(last.getHeaders().get("webhook-id")).isEqualTo("msg_" + batch);
        assertThat(JSON.readTree(last.getBody().utf8()).path("governance").asString()).isEqualTo("COMPLIANT");
        assertThat(JSON.readTree(merged.resolve(MergeCommand.MARKER).toFile()).has("undelivered")).isFalse();

        int calls = receiver.getRequestCount();
        Merge third = merge(outbox, "--out", merged.toString(), dir.resolve("a/reports").toString());
        assertThat(third.code()).as(third.out() + third.err()).isZero();
        assertThat(third.out()).contains("already merged");
        assertThat(receiver.getRequestCount()).as("delivered once: not sent again").isEqualTo(calls);
        assertThat(Files.readString(trail)).isEqualTo(recorded);
    }

    @Test
    @DisplayName("an UNAUDITED merge's payload, spooled while the receiver was down, goes under a webhook-id of its own: the"
            + " merge run again once the trail is fixed delivers it and then the audited run's payload, which the receiver"
            + " must not take for a repeat of the unaudited one")
    void unauditedPayloadIsNoRepeatOfTheAuditedOne() throws Exception {
        Path merged = dir.resolve("merged");
        Path blocked = dir.resolve("audit");
        String trail = onePartAndABlockedTrail(blocked);
        java.util.concurrent.atomic.AtomicBoolean refusing = refusing();
        Merge first = merge(trail, "--out", merged.toString(), dir.resolve("a/reports").toString());
        assertThat(first.out()).as(first.err()).contains("governance: UNAUDITED");
        String batch = JSON.readTree(merged.resolve("results.json").toFile()).path("batch_id").asString();
        assertThat(dir.resolve("a/outbox/msg_" + batch + ".unaudited.json")).as(first.out()).exists();

        Files.delete(blocked);
        refusing.set(false);
        Merge again = merge(trail, "--out", merged.toString(), dir.resolve("a/reports").toString());
        assertThat(again.code()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("governance: COMPLIANT", "webhook: delivered msg_" + batch + ".unaudited spooled by an earlier run");
        List<RecordedRequest> delivered = requests(receiver, "/a").stream().filter(r -> r.getHeaders().get("webhook-id") != null)
                .toList();
        RecordedRequest last = delivered.get(delivered.size() - 1);
        assertThat(last.getHeaders().get("webhook-id")).isEqualTo("msg_" + batch);
        assertThat(JSON.readTree(last.getBody().utf8()).path("governance").asString()).isEqualTo("COMPLIANT");
        RecordedRequest before = delivered.get(delivered.size() - 2);
        assertThat(before.getHeaders().get("webhook-id")).isEqualTo("msg_" + batch + ".unaudited");
        assertThat(JSON.readTree(before.getBody().utf8()).path("governance").asString()).isEqualTo("UNAUDITED");
        assertThat(dir.resolve("a/outbox")).isEmptyDirectory();
    }

    @Test
    @DisplayName("the same parts merged into two different folders append one audit record: the second merge finds the run"
            + " in the trail, appends nothing and says so, and sends the same payload under the same webhook-id again")
    void mergedAgainIntoAnotherFolder() throws Exception {
        shard(1, 2);
        shard(2, 2);
        Path reports = dir.resolve("sharded/reports");
        Path trail = dir.resolve("sharded/audit.jsonl");
        Merge first = merge("--out", dir.resolve("first").toString(), reports.toString());
        concludedWithItsFailedTest(first);
        assertThat(first.out()).contains("audit: record 0 appended to");
        String recorded = Files.readString(trail);

        Merge second = merge("--out", dir.resolve("second").toString(), reports.toString());
        assertThat(second.code()).as("the same verdict, the same exit code").isEqualTo(1);
        JsonNode result = JSON.readTree(dir.resolve("second/results.json").toFile());
        String batch = result.path("batch_id").asString();
        assertThat(second.out()).contains("audit: " + batch + " is already record 0 of " + trail.toAbsolutePath(), "nothing appended");
        assertThat(Files.readString(trail)).as("exactly one audit record, the trail as the first merge left it").isEqualTo(recorded);
        assertThat(dev.botsim.cognigy.engine.audit.AuditVerifier.verify(trail).ok()).isTrue();
        assertThat(result.path("governance").path("status").asString()).as("not UNAUDITED").isEqualTo("COMPLIANT");
        assertThat(JSON.readTree(dir.resolve("first/results.json").toFile()).path("batch_id").asString()).isEqualTo(batch);

        List<RecordedRequest> deliveries = requests(receiver, "/sharded");
        assertThat(deliveries).as("delivered again: a receiver that missed the first gets it").hasSize(2);
        assertThat(deliveries).extracting(d -> d.getHeaders().get("webhook-id")).containsOnly("msg_" + batch);
        JsonNode firstPayload = JSON.readTree(deliveries.get(0).getBody().utf8());
        JsonNode secondPayload = JSON.readTree(deliveries.get(1).getBody().utf8());
        assertThat(secondPayload.path("audit_checkpoint")).as("the checkpoint the record left, as the first merge sent it")
                .isEqualTo(firstPayload.path("audit_checkpoint"));
        assertThat(firstPayload.path("audit_checkpoint").isNull()).isFalse();
        assertThat(secondPayload.path("batch_summary")).isEqualTo(firstPayload.path("batch_summary"));

        // A run of other parts (a rerun added) is another batch: recorded, after the first.
        String wrong = parts(reports).stream().flatMap(p -> p.records().stream())
                .filter(r -> r.testId().equals("test_shard_wrong")).findFirst().orElseThrow().uniqueId();
        configured("sharded").configurationParameter(Constants.RUN_ID, "run-42").configurationParameter(Constants.RUN_DEFER, "true")
                .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId(wrong)).execute();
        Merge withRerun = merge("--out", dir.resolve("third").toString(), reports.toString());
        assertThat(withRerun.out()).contains("audit: record 1 appended to");
        assertThat(Files.readAllLines(trail)).hasSize(2);
    }

    @Test
    @DisplayName("the same parts merged again with another threshold are another batch: its own audit record and webhook-id,"
            + " both with the verdict it exits with; merged again with the parts' threshold, however written, they are the"
            + " first batch again and append nothing")
    void mergedAgainWithAnotherThreshold() throws Exception {
        shard(1, 2);
        shard(2, 2);
        Path reports = dir.resolve("sharded/reports");
        Path trail = dir.resolve("sharded/audit.jsonl");
        Path merged = dir.resolve("merged");
        Merge first = merge("--out", merged.toString(), reports.toString());
        concludedWithItsFailedTest(first);
        String batch = JSON.readTree(merged.resolve("results.json").toFile()).path("batch_id").asString();

        // 16 of 17 pass: compliant at the parts' 0.9, not at 0.99. Into the same folder: not "already merged" either.
        Merge stricter = merge("-Dcognigy.governance.threshold=0.99", "--out", merged.toString(), reports.toString());
        assertThat(stricter.code()).as(stricter.out() + stricter.err()).isEqualTo(1);
        assertThat(stricter.out()).doesNotContain("already merged").contains("audit: record 1 appended to");
        JsonNode result = JSON.readTree(merged.resolve("results.json").toFile());
        String stricterBatch = result.path("batch_id").asString();
        assertThat(stricterBatch).as("another conclusion, another batch").isNotEqualTo(batch);
        String verdict = result.path("governance").path("status").asString();
        assertThat(verdict).isNotEqualTo("COMPLIANT");
        // Every output shows the threshold the verdict was reached with, not the parts' 90 %.
        assertThat(result.path("governance").path("threshold").asDouble()).isEqualTo(0.99);
        assertThat(stricter.out()).contains("(threshold 99 %)").doesNotContain("(threshold 90 %)");
        assertThat(Files.readString(merged.resolve("index.html"))).contains("threshold 99 %").doesNotContain("threshold 90 %");

        List<String> records = Files.readAllLines(trail);
        assertThat(records).as("the trail keeps both verdicts").hasSize(2);
        JsonNode recorded = JSON.readTree(records.get(1));
        assertThat(recorded.path("batch_id").asString()).isEqualTo(stricterBatch);
        assertThat(recorded.path("governance").asString()).as("the verdict it exits with").isEqualTo(verdict);
        assertThat(recorded.path("threshold").asDouble()).isEqualTo(0.99);
        assertThat(JSON.readTree(records.get(0)).path("governance").asString()).isEqualTo("COMPLIANT");
        assertThat(dev.botsim.cognigy.engine.audit.AuditVerifier.verify(trail).ok()).isTrue();

        // The parts' own threshold, written otherwise: the same conclusion as the first, recorded once.
        Merge same = merge("-Dcognigy.governance.threshold=0.90", "--out", dir.resolve("same").toString(), reports.toString());
        concludedWithItsFailedTest(same);
        assertThat(JSON.readTree(dir.resolve("same/results.json").toFile()).path("batch_id").asString()).isEqualTo(batch);
        assertThat(same.out()).contains("audit: " + batch + " is already record 0 of " + trail.toAbsolutePath());
        assertThat(Files.readAllLines(trail)).hasSize(2);

        List<RecordedRequest> deliveries = requests(receiver, "/sharded");
        assertThat(deliveries).extracting(d -> d.getHeaders().get("webhook-id"))
                .as("the new verdict under its own id, which the receiver has not processed")
                .containsExactly("msg_" + batch, "msg_" + stricterBatch, "msg_" + batch);
        assertThat(JSON.readTree(deliveries.get(1).getBody().utf8()).toString()).contains(verdict);
    }

    @Test
    @DisplayName("merge refuses a missing shard, a shard given twice and parts of different runs, each with a message saying which")
    void refusals() throws Exception {
        shard(1, 2);
        Path shards = dir.resolve("sharded/reports");
        Merge missing = merge("--out", dir.resolve("m1").toString(), shards.toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("run run-42 is incomplete: shard 2/2 is missing (found 1/2); its job failed or its"
                + " reports were not downloaded").doesNotContain("left no results");

        Path copy = dir.resolve("copy");
        Path part = MergeCommand.partFiles(List.of(shards.toString())).get(0);
        Files.createDirectories(copy);
        Files.copy(part, copy.resolve(RunPart.FILE_NAME));
        shard(2, 2);
        Merge twice = merge("--out", dir.resolve("m2").toString(), shards.toString(), copy.toString());
        assertThat(twice.code()).isEqualTo(2);
        assertThat(twice.err()).contains("shard 1/2 of run run-42 is there twice");

        suite("other").configurationParameter(Constants.RUN_ID, "run-43").configurationParameter(Constants.SHARD, "1/2").execute();
        Merge mixed = merge("--out", dir.resolve("m3").toString(), shards.toString(), dir.resolve("other/reports").toString());
        assertThat(mixed.code()).isEqualTo(2);
        assertThat(mixed.err()).contains("different runs", "run run-42", "run run-43");
        assertThat(dir.resolve("sharded/audit.jsonl")).as("a refused merge appends nothing").doesNotExist();
        assertThat(receiver.getRequestCount()).as("a refused merge sends nothing").isZero();
    }

    @Test
    @DisplayName("a setting the merge refuses is named with where a merge's settings come from: the parts and the merge's -D,"
            + " not junit-platform.properties or Surefire")
    void refusedSettingNamesTheMergesSources() throws Exception {
        shard(1, 1);
        Merge merge = merge("--out", dir.resolve("merged").toString(), "-Dcognigy.governance.mode=lenient", dir.resolve("sharded/reports").toString());
        assertThat(merge.code()).isEqualTo(2);
        assertThat(merge.err()).contains("merge: the settings of run run-42 are refused", "cognigy.governance.mode=lenient",
                "settings are those the parts ran with", "-Dcognigy.key=value on the merge replaces one")
                .doesNotContain("junit-platform.properties", "Surefire");
        assertThat(dir.resolve("sharded/audit.jsonl")).doesNotExist();
    }

    @Test
    @DisplayName("merge into an --out that cannot be written is refused with exit 2 before anything is appended or sent,"
            + " naming the folder and why")
    void outputFolderThatCannotBeWritten() throws Exception {
        shard(1, 2);
        shard(2, 2);
        Path notAFolder = Files.writeString(dir.resolve("merged"), "a file, not a folder");
        Merge merge = merge("--out", notAFolder.toString(), dir.resolve("sharded/reports").toString());
        assertThat(merge.code()).as(merge.out()).isEqualTo(2);
        assertThat(merge.err()).contains("the reports cannot be written into " + notAFolder.toAbsolutePath(),
                "nothing was appended", notAFolder.toAbsolutePath() + " is a file where its folder should be; remove or rename that"
                + " file, or point --out at another folder").doesNotContain("in the way");
        assertThat(dir.resolve("sharded/audit.jsonl")).as("no audit record for a run whose reports are not written").doesNotExist();
        assertThat(receiver.getRequestCount()).as("no payload either").isZero();
    }

    @Test
    @DisplayName("a test run alone (picked by unique id, as an IDE or Surefire reruns it) writes its reports beside the suite's,"
            + " never over them")
    void partialRunKeepsTheFullReport() throws Exception {
        suite("single").execute();
        Path reports = dir.resolve("single/reports");
        String full = Files.readString(reports.resolve("results.json"));
        String wrong = null;
        for (JsonNode r : JSON.readTree(full).path("results")) if (r.path("test_id").asString().equals("test_shard_wrong")) wrong = r.path("unique_id").asString();
        configured("single").selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId(wrong)).execute()
                .testEvents().assertStatistics(stats -> stats.started(1).failed(1));
        assertThat(Files.readString(reports.resolve("results.json"))).as("the suite's report is untouched").isEqualTo(full);
        JsonNode partial = JSON.readTree(reports.resolve("partial/results.json").toFile());
        assertThat(partial.path("summary").path("total").asLong()).isEqualTo(1);
    }

    @Test
    @DisplayName("a rerun within the run id replaces the results of the tests it reran: the later result wins, listed as rerun,"
            + " and the shards still count once")
    void rerunWithinTheRunIdReplacesItsTests() throws Exception {
        shard(1, 2);
        shard(2, 2);
        // A turn of a conversation, rerun alone as an IDE reruns it: by its unique id, its earlier turns as its setup.
        String turn = parts(dir.resolve("sharded/reports")).stream().flatMap(p -> p.records().stream())
                .filter(r -> "test_e2e_conversation".equals(r.conversationId()) && r.turn() == 2).findFirst().orElseThrow().uniqueId();
        configured("sharded").configurationParameter(Constants.RUN_ID, "run-42").configurationParameter(Constants.RUN_DEFER, "true")
                .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId(turn)).execute()
                .testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        List<RunPart> parts = parts(dir.resolve("sharded/reports"));
        assertThat(parts).filteredOn(RunPart::partial).hasSize(1);
        RunPart rerun = parts.stream().filter(RunPart::partial).findFirst().orElseThrow();
        assertThat(rerun.records()).extracting(SimulationRecord::uniqueId).containsExactly(turn);

        Path merged = dir.resolve("merged");
        Merge merge = merge("--out", merged.toString(), dir.resolve("sharded/reports").toString());
        concludedWithItsFailedTest(merge);
        assertThat(merge.out()).contains("17 results, 1 of them from a rerun");
        JsonNode result = JSON.readTree(merged.resolve("results.json").toFile());
        assertThat(result.path("summary").path("total").asLong()).isEqualTo(17);
        JsonNode marker = JSON.readTree(merged.resolve(MergeCommand.MARKER).toFile());
        assertThat(marker.path("reruns").get(0).asString()).isEqualTo(turn);
        long duration = rerun.records().get(0).duration().toMillis();
        JsonNode replaced = null;
        for (JsonNode r : result.path("results")) if (r.path("unique_id").asString().equals(turn)) replaced = r;
        assertThat(replaced).isNotNull();
        assertThat(replaced.path("duration_ms").asLong()).as("the rerun's result, not the shard's").isEqualTo(duration);
    }

    @Test
    @DisplayName("a shard whose job was given a narrower selection (-Dtest) than its sibling is refused, naming each shard's"
            + " part and selection: the tests of its share it left out ran in no shard, though every shard number is there and"
            + " no test twice; nothing is appended")
    void shardGivenANarrowerSelectionIsRefused() throws Exception {
        shard(1, 2);
        // Shard 2's job: mvn verify -Dtest=…, which its forks see as a system property, JUnit as a configuration parameter.
        configured("sharded").configurationParameter(Constants.RUN_ID, "run-42").configurationParameter(Constants.SHARD, "2/2")
                .configurationParameter("test", "OrderBotSuiteOnlyTest")
                .selectors(selectClasspathResource("e2e/shards/suite.sim.yaml")).execute();
        Map<String, Path> byShard = new TreeMap<>();
        for (Path file : MergeCommand.partFiles(List.of(dir.resolve("sharded/reports").toString()))) {
            byShard.put(RunPart.read(file).shard(), file);
        }
        assertThat(RunPart.read(byShard.get("2/2")).selection()).containsEntry("test", "OrderBotSuiteOnlyTest");

        Merge merge = merge("--out", dir.resolve("merged").toString(), dir.resolve("sharded/reports").toString());

        assertThat(merge.code()).as(merge.out()).isEqualTo(2);
        assertThat(merge.err()).startsWith("merge refused: the shards of run run-42 selected different tests: shard 1/2 ("
                        + byShard.get("1/2") + ") was given ")
                .contains("; shard 2/2 (" + byShard.get("2/2") + ") was given -Dtest=OrderBotSuiteOnlyTest. ",
                        "the tests it left out ran in no shard", "Give every shard's job the same selection");
        assertThat(dir.resolve("sharded/audit.jsonl")).as("nothing appended").doesNotExist();
        SandboxSplitRuns.refusedInto(dir.resolve("merged"));
    }

    @Test
    @DisplayName("a rerun part holding a test no shard ran (a file the shards never selected) is refused, naming the part file,"
            + " the test and the fix, rather than counted in the merged verdict as a test the run planned; nothing is appended")
    void rerunOfATestNoShardRanIsRefused() throws Exception {
        shard(1, 2);
        shard(2, 2);
        // A case of a file the shards were not given, run by its line under the run id: a rerun part, as an IDE leaves it.
        configured("sharded").configurationParameter(Constants.RUN_ID, "run-42").configurationParameter(Constants.RUN_DEFER, "true")
                .selectors(selectClasspathResource("e2e/shards/three.sim.yaml", org.junit.platform.engine.discovery.FilePosition.from(6)))
                .execute().testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        Path rerun = null;
        for (Path file : MergeCommand.partFiles(List.of(dir.resolve("sharded/reports").toString()))) {
            if (RunPart.read(file).partial()) rerun = file;
        }
        assertThat(rerun).isNotNull();
        String test = RunPart.read(rerun).records().get(0).uniqueId();
        assertThat(test).contains("three.sim.yaml", "test_three_hello");

        Merge merge = merge("--out", dir.resolve("merged").toString(), dir.resolve("sharded/reports").toString());

        assertThat(merge.code()).as(merge.out()).isEqualTo(2);
        assertThat(merge.err()).startsWith("merge refused: a rerun of run run-42 ran tests the run did not plan: " + rerun + " holds 1"
                + " test that no shard or fork of the run ran: " + test + ". ").contains("leave its part out of the merge, or rerun"
                + " only tests the shards or forks ran");
        assertThat(dir.resolve("sharded/audit.jsonl")).as("nothing appended").doesNotExist();
        SandboxSplitRuns.refusedInto(dir.resolve("merged"));
    }

    @Test
    @DisplayName("a rerun's part there twice (downloaded into two folders) is refused like a shard there twice, naming both,"
            + " instead of counting its attempts twice")
    void rerunThereTwiceIsRefused() throws Exception {
        shard(1, 2);
        shard(2, 2);
        String turn = parts(dir.resolve("sharded/reports")).stream().flatMap(p -> p.records().stream())
                .filter(r -> r.testId().equals("test_shard_wrong")).findFirst().orElseThrow().uniqueId();
        configured("sharded").configurationParameter(Constants.RUN_ID, "run-42").configurationParameter(Constants.RUN_DEFER, "true")
                .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId(turn)).execute();
        Path rerun = null;
        for (Path file : MergeCommand.partFiles(List.of(dir.resolve("sharded/reports").toString()))) {
            if (RunPart.read(file).partial()) rerun = file;
        }
        assertThat(rerun).isNotNull();
        Path copy = Files.createDirectories(dir.resolve("downloaded-again/run-42/rerun"));
        Files.copy(rerun, copy.resolve(RunPart.FILE_NAME));

        Merge merge = merge("--out", dir.resolve("merged").toString(), dir.resolve("sharded/reports").toString(),
                dir.resolve("downloaded-again").toString());
        assertThat(merge.code()).as(merge.out()).isEqualTo(2);
        assertThat(merge.err()).contains("merge refused: a rerun of run run-42 is there twice: ", rerun.toString(),
                copy.resolve(RunPart.FILE_NAME).toString(), "keep one of them");
        assertThat(dir.resolve("sharded/audit.jsonl")).doesNotExist();
        SandboxSplitRuns.refusedInto(dir.resolve("merged"));
    }

    @Test
    @DisplayName("item 5: a test that failed in its shard and passed on rerun is marked rerun in the merged results.json and"
            + " counts as FLAKY in the stability section, with both attempts as its distribution; the rerun decides its outcome")
    void passedOnRerunIsFlaky() throws Exception {
        String original = new String(ShardedRunTest.class.getResourceAsStream("/bots/order-bot.yaml").readAllBytes(),
                StandardCharsets.UTF_8);
        // The bot under test is the same setting in the shards and the rerun: the file, changed between them.
        Path bot = Files.writeString(dir.resolve("order-bot.yaml"), original);
        for (int i = 1; i <= 2; i++) {
            suite("sharded").configurationParameter(Constants.SANDBOX_BOT, bot.toString()).configurationParameter(Constants.RUN_ID, "run-42")
                    .configurationParameter(Constants.SHARD, i + "/2").execute();
        }
        String wrong = parts(dir.resolve("sharded/reports")).stream().flatMap(p -> p.records().stream())
                .filter(r -> r.testId().equals("test_shard_wrong")).findFirst().orElseThrow().uniqueId();
        // The bot fixed between the shard and the rerun: "good evening" now asks for the order, as the case expects.
        String fixed = original.replace("good morning, good evening, hey", "good morning, hey")
                .replace("          - has my order shipped\n", "          - has my order shipped\n          - good evening\n");
        assertThat(fixed).as("the fixture bot changed as this test assumes").isNotEqualTo(original).contains("- good evening");
        Files.writeString(bot, fixed);
        configured("sharded").configurationParameter(Constants.RUN_ID, "run-42").configurationParameter(Constants.RUN_DEFER, "true")
                .configurationParameter(Constants.SANDBOX_BOT, bot.toString())
                .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId(wrong)).execute()
                .testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));

        Path merged = dir.resolve("merged");
        Merge merge = merge("--out", merged.toString(), dir.resolve("sharded/reports").toString());
        assertThat(merge.code()).as(merge.err()).isZero();
        JsonNode result = JSON.readTree(merged.resolve("results.json").toFile());
        assertThat(result.path("summary").path("total").asLong()).isEqualTo(17);
        JsonNode rerun = null;
        int marked = 0;
        for (JsonNode r : result.path("results")) {
            if (r.path("rerun").asBoolean(false)) marked++;
            if (r.path("unique_id").asString().equals(wrong)) rerun = r;
        }
        assertThat(marked).as("only the rerun's result is marked").isEqualTo(1);
        assertThat(rerun.path("rerun").asBoolean()).isTrue();
        assertThat(rerun.path("outcome").asString()).as("the later result wins").isEqualTo("PASSED");
        assertThat(rerun.path("repetitions").path("stability").asString()).isEqualTo("FLAKY");
        assertThat(rerun.path("repetitions").path("runs").asInt()).isEqualTo(2);
        assertThat(rerun.path("repetitions").path("passed").asInt()).isEqualTo(1);
        assertThat(rerun.path("repetitions").path("intents").toString()).isEqualTo("{\"greeting\":1,\"check_order\":1}");

        JsonNode stability = result.path("stability");
        assertThat(stability.path("counts").toString()).isEqualTo("{\"stable\":0,\"flaky\":1,\"broken\":0}");
        assertThat(stability.path("tests")).hasSize(1);
        assertThat(stability.path("tests").get(0).path("test_id").asString()).isEqualTo("test_shard_wrong");
        assertThat(Files.readString(merged.resolve("index.html"))).contains("Stability under repetition",
                "1 flaky, 0 broken, 0 stable of 1 repeated tests",
                "<strong>merged from the parts of a split run (run run-42: shards 1/2, 2/2 and 1 rerun; 1 result from a rerun)</strong>");
        String audit = Files.readString(dir.resolve("sharded/audit.jsonl"));
        assertThat(audit).contains("\"stability\":{\"stable\":0,\"flaky\":1,\"broken\":0}");
    }

    @Test
    @DisplayName("Surefire forks: parts that defer without a shard, each with other tests, merge into one run with one audit"
            + " record; a part there twice is refused")
    void forkPartsWithoutShardsMerge() throws Exception {
        for (String file : List.of("e2e/shards/suite.sim.yaml", "e2e/order-bot.sim.yaml")) {
            configured("forks").configurationParameter(Constants.RUN_ID, "run-7").configurationParameter(Constants.RUN_DEFER, "true")
                    .selectors(selectClasspathResource(file)).execute();
        }
        assertThat(parts(dir.resolve("forks/reports"))).hasSize(2).allSatisfy(part -> assertThat(part.shard()).isNull());
        assertThat(dir.resolve("forks/audit.jsonl")).as("forks defer the audit record").doesNotExist();

        Merge merge = merge("--out", dir.resolve("merged").toString(), dir.resolve("forks/reports").toString());
        concludedWithItsFailedTest(merge);
        assertThat(merge.out()).contains("merging run run-7: 2 parts, 17 results");
        assertThat(Files.readString(dir.resolve("merged/index.html"))).contains("<strong>merged from the parts of a split run (run run-7: 2 parts)</strong>");
        assertThat(Files.readAllLines(dir.resolve("forks/audit.jsonl"))).hasSize(1);

        Path copy = dir.resolve("copy/again");
        Files.createDirectories(copy);
        Path one = MergeCommand.partFiles(List.of(dir.resolve("forks/reports").toString())).get(0);
        Files.copy(one, copy.resolve(RunPart.FILE_NAME));
        Merge twice = merge("--out", dir.resolve("merged-twice").toString(), dir.resolve("forks/reports").toString(), copy.toString());
        assertThat(twice.code()).isEqualTo(2);
        assertThat(twice.err()).contains("a part of run run-7 is there twice")
                .contains("run mvn clean, or give each build its own run id");
    }

    @Test
    @DisplayName("a fork that never writes its part (its run could not start, or its JVM was killed) leaves its mark, and"
            + " merge refuses the run instead of judging the other forks' tests as the whole; a finished fork leaves none")
    void forkThatNeverWroteItsPartIsRefused() throws Exception {
        configured("forks").configurationParameter(Constants.RUN_ID, "run-8").configurationParameter(Constants.RUN_DEFER, "true")
                .selectors(selectClasspathResource("e2e/shards/suite.sim.yaml")).execute();
        EngineExecutionResults unstarted = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(ENVIRONMENT::get, config -> {
                    throw new dev.botsim.cognigy.engine.backend.BackendException(
                            dev.botsim.cognigy.engine.backend.BackendException.Kind.TRANSPORT, "the server is unreachable");
                }, Clock.systemUTC())))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("forks/reports").toString())
                .configurationParameter(Constants.AUDIT_FILE, dir.resolve("forks/audit.jsonl").toString())
                .configurationParameter(Constants.RUN_ID, "run-8").configurationParameter(Constants.RUN_DEFER, "true")
                .selectors(selectClasspathResource("e2e/order-bot.sim.yaml")).execute();
        unstarted.testEvents().assertStatistics(stats -> stats.started(0));
        assertThat(parts(dir.resolve("forks/reports"))).hasSize(1);
        List<String> inputs = List.of(dir.resolve("forks/reports").toString());
        List<Path> marks = MergeCommand.begunParts(inputs, MergeCommand.partFiles(inputs)).stream().map(BegunMark::file).toList();
        assertThat(marks).as("only the fork that never wrote its part leaves a mark").hasSize(1);
        assertThat(RunPart.readBegun(marks.get(0)).orElseThrow().suite()).as("the suite of the JVM that left it, as its part would say")
                .isEqualTo(RunPart.suite(System::getProperty)).isNotNull();

        Merge merge = merge("--out", dir.resolve("merged").toString(), dir.resolve("forks/reports").toString());
        assertThat(merge.code()).isEqualTo(2);
        assertThat(merge.err()).contains("merge refused: run run-8 is incomplete: 1 part(s) began but never wrote their results",
                marks.get(0).toString(), "delete its .started file to merge without its tests");
        assertThat(dir.resolve("forks/audit.jsonl")).as("nothing appended").doesNotExist();
        SandboxSplitRuns.refusedInto(dir.resolve("merged"));
        assertThat(requests(receiver, "/forks")).as("nothing sent").isEmpty();

        String partGlob = dir.resolve("forks/reports") + "/*/*/" + RunPart.FILE_NAME;
        Merge byFile = merge("--out", dir.resolve("merged").toString(), partGlob);
        assertThat(byFile.code()).as("the parts named by a glob of their files: the mark beside them still counts").isEqualTo(2);
        assertThat(byFile.err()).contains("merge refused: run run-8 is incomplete: 1 part(s) began but never wrote their results");
        assertThat(dir.resolve("forks/audit.jsonl")).doesNotExist();

        Files.delete(marks.get(0));
        Merge without = merge("--out", dir.resolve("merged").toString(), dir.resolve("forks/reports").toString());
        concludedWithItsFailedTest(without);
        assertThat(Files.readAllLines(dir.resolve("forks/audit.jsonl"))).hasSize(1);
    }

    @Test
    @DisplayName("a refused merge leaves its --out saying so, as a run that did not start: results.json \"running\": false,"
            + " the refusal as \"not_started\" and no verdict, index.html saying the merge was refused and why, the earlier"
            + " merge's pair kept in previous/; the same parts merged again conclude the run again, once in the audit trail,"
            + " and remove the kept pair")
    void refusedMergeSaysSoInItsOutput() throws Exception {
        Path reports = dir.resolve("sharded/reports");
        shard(1, 2);
        shard(2, 2);
        Path out = dir.resolve("merged");
        Merge first = merge("--out", out.toString(), reports.toString());
        concludedWithItsFailedTest(first);
        byte[] mergedResults = Files.readAllBytes(out.resolve("results.json"));
        byte[] mergedPage = Files.readAllBytes(out.resolve("index.html"));
        String batch = JSON.readTree(mergedResults).path("batch_id").asString();

        Merge refused = merge("--out", out.toString(), "-D" + Constants.GOVERNANCE_THRESHOLD + "=2", reports.toString());

        assertThat(refused.code()).isEqualTo(2);
        JsonNode mark = JSON.readTree(out.resolve("results.json").toFile());
        assertThat(mark.path("running").asBoolean(true)).isFalse();
        assertThat(mark.path("not_started").asString()).as("as the merge said it").isEqualTo(refused.err().strip())
                .startsWith("merge: the settings of run run-42 are refused: ").contains(Constants.GOVERNANCE_THRESHOLD + "=2 must be");
        // The refusal's two lines, printed where the line separator is CRLF: each ends in it.
        WindowsConsole windows = new WindowsConsole();
        assertThat(MergeCommand.run(List.of("--out", dir.resolve("windows").toString(), "-D" + Constants.GOVERNANCE_THRESHOLD + "=2",
                reports.toString()), ENVIRONMENT::get, Clock.systemUTC(), new PrintStream(java.io.OutputStream.nullOutputStream()),
                windows)).isEqualTo(2);
        assertThat(windows.hasBareLineFeed()).as(windows.text()).isFalse();
        assertThat(windows.text()).startsWith("merge: the settings of run run-42 are refused: ").contains("\r\nThe settings are those");
        assertThat(mark.path("batch_id").isNull()).as("no run was concluded").isTrue();
        assertThat(mark.has("summary") || mark.has("governance") || mark.has("results")).as("no figure or verdict").isFalse();
        assertThat(mark.path("previous_run").path("batch_id").asString()).isEqualTo(batch);
        assertThat(Files.readString(out.resolve("index.html"))).contains("The merge was refused",
                "the settings of run run-42 are refused", "<a href=\"previous/index.html\">").doesNotContain("COMPLIANT");
        assertThat(Files.readAllBytes(out.resolve("previous/results.json"))).isEqualTo(mergedResults);
        assertThat(Files.readAllBytes(out.resolve("previous/index.html"))).isEqualTo(mergedPage);

        // Refused again, before any part is read (a folder without parts): the kept pair is still the last merge's.
        Files.createDirectories(dir.resolve("nothing"));
        assertThat(merge("--out", out.toString(), dir.resolve("nothing").toString()).code()).isEqualTo(2);
        assertThat(JSON.readTree(out.resolve("results.json").toFile()).path("not_started").asString())
                .startsWith("merge refused: no part of a run was found below");
        assertThat(Files.readAllBytes(out.resolve("previous/results.json"))).isEqualTo(mergedResults);

        Merge again = merge("--out", out.toString(), reports.toString());
        concludedWithItsFailedTest(again);
        JsonNode merged = JSON.readTree(out.resolve("results.json").toFile());
        assertThat(merged.path("batch_id").asString()).isEqualTo(batch);
        assertThat(merged.path("governance").path("status").asString()).isEqualTo("COMPLIANT");
        assertThat(out.resolve("previous")).doesNotExist();
        assertThat(Files.readAllLines(dir.resolve("sharded/audit.jsonl"))).as("the run recorded once").hasSize(1);
    }

    /** A JVM of run {@code runId} whose run could not start (its backend unreachable): it leaves its mark and no part. */
    private static void unstarted(Path reportDir, String runId, String file) {
        unstarted(reportDir, runId, null, Clock.systemUTC(), file);
    }

    /**
     * A JVM of run {@code runId} — shard {@code shard}, or a fork when {@code null} — whose run could not start (its
     * backend unreachable), begun at {@code clock}'s time: it leaves its mark and no part, as one killed would.
     */
    private static void unstarted(Path reportDir, String runId, String shard, Clock clock, String... files) {
        EngineTestKit.Builder jvm = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(ENVIRONMENT::get, config -> {
                    throw new dev.botsim.cognigy.engine.backend.BackendException(
                            dev.botsim.cognigy.engine.backend.BackendException.Kind.TRANSPORT, "the server is unreachable");
                }, clock)))
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.REPORT_DIR, reportDir.toString())
                .configurationParameter(Constants.RUN_ID, runId)
                .configurationParameter(shard == null ? Constants.RUN_DEFER : Constants.SHARD, shard == null ? "true" : shard);
        jvm.selectors(java.util.Arrays.stream(files).map(file -> selectClasspathResource(file)).toList()).execute()
                .testEvents().assertStatistics(stats -> stats.started(0));
    }

    private static List<Path> marks(Path below) throws Exception {
        try (java.util.stream.Stream<Path> files = Files.walk(below)) {
            return files.filter(RunPart::isBegun).sorted().toList();
        }
    }

    @Test
    @DisplayName("a shard whose JVM never wrote its part, run again under the same run id: the later part of that run, suite"
            + " and shard stands for its mark, and the merge concludes the run as the single run, naming both; a mark begun"
            + " after the shard's part (a rerun of it killed, whose results would replace the part's) is still refused")
    void shardRunAgainStandsForItsMark() throws Exception {
        Path reports = dir.resolve("sharded/reports");
        shard(1, 2);
        unstarted(reports, "run-42", "2/2", Clock.offset(Clock.systemUTC(), java.time.Duration.ofHours(-1)),
                "e2e/shards/suite.sim.yaml", "e2e/order-bot.sim.yaml");
        List<Path> killed = marks(reports);
        assertThat(killed).hasSize(1);
        String suite = RunPart.suite(System::getProperty);

        Merge refused = merge("--out", dir.resolve("m1").toString(), reports.toString());
        assertThat(refused.code()).isEqualTo(2);
        // The mark is the news: that shard began and left no results, which a job that failed before it never leaves.
        assertThat(refused.err()).contains("run run-42 is incomplete: shard 2/2 is missing (found 1/2): shard 2/2 of " + suite
                        + " that began at " + RunPart.readBegun(killed.get(0)).orElseThrow().started() + " and planned "
                        + RunPart.readBegun(killed.get(0)).orElseThrow().planned().describe() + " (" + killed.get(0)
                        + ") began and left no results: its JVM was killed (a CI timeout, kill -9, out of memory) or is still"
                        + " running, or its run could not start (the tests' output of its job says which) — a merge without it"
                        + " would judge part of the suite as the whole. Run that shard again under run id run-42 (its job, with the"
                        + " same cognigy.shard) and merge again with its part; or run the whole suite again under a new run id"
                        + " (cognigy.run-id), every shard or fork of it, and merge that run's folders")
                .doesNotContain("its reports were not downloaded", "delete its .started file");

        shard(2, 2);
        assertThat(marks(reports)).as("the old mark stays where it is: the merge changes no input").isEqualTo(killed);
        Merge rerun = merge("--out", dir.resolve("merged").toString(), reports.toString());
        concludedWithItsFailedTest(rerun);
        assertThat(rerun.out()).contains("shard 2/2 of " + suite + " that began at", killed.get(0).toString(),
                "never wrote its results; its shard ran again:", "planned the same tests, began after it and stands for it");
        assertThat(JSON.readTree(dir.resolve("merged/results.json").toFile()).path("summary").path("total").asLong()).isEqualTo(17);
        assertThat(Files.readAllLines(dir.resolve("sharded/audit.jsonl"))).hasSize(1);

        unstarted(reports, "run-42", "2/2", Clock.offset(Clock.systemUTC(), java.time.Duration.ofHours(1)),
                "e2e/shards/suite.sim.yaml", "e2e/order-bot.sim.yaml");
        List<Path> rerunKilled = new ArrayList<>(marks(reports));
        rerunKilled.removeAll(killed);
        assertThat(rerunKilled).hasSize(1);
        Merge later = merge("--out", dir.resolve("m3").toString(), reports.toString());
        assertThat(later.code()).as("a part that ended before the mark's began stands for none of it").isEqualTo(2);
        assertThat(later.err()).contains("run run-42 is incomplete: 1 part(s) began but never wrote their results: shard 2/2 of "
                        + suite + " that began at", rerunKilled.get(0).toString(), "Run that shard again under run id run-42 (its"
                        + " job, with the same cognigy.shard) and merge its part with these: a whole part of the same run, suite and"
                        + " shard that planned the same tests and began after the mark stands for it; or delete its .started file to"
                        + " merge without its tests")
                .doesNotContain(killed.get(0).toString()).doesNotContain("fork");
        assertThat(Files.readAllLines(dir.resolve("sharded/audit.jsonl"))).hasSize(1);
    }

    @Test
    @DisplayName("a fork's mark is not stood for by a part without a shard written after it: nothing records which tests a"
            + " fork had, and the later part may be another fork's; the refusal says so, and to run every fork again under a"
            + " new run id or to delete the mark")
    void laterForkPartStandsForNoForksMark() throws Exception {
        Path reports = dir.resolve("forks/reports");
        unstarted(reports, "run-8", null, Clock.offset(Clock.systemUTC(), java.time.Duration.ofHours(-1)), "e2e/order-bot.sim.yaml");
        configured("forks").configurationParameter(Constants.RUN_ID, "run-8").configurationParameter(Constants.RUN_DEFER, "true")
                .selectors(selectClasspathResource("e2e/shards/suite.sim.yaml")).execute();
        List<Path> killed = marks(reports);
        assertThat(killed).hasSize(1);
        assertThat(parts(reports)).singleElement().satisfies(part -> assertThat(part.info().started())
                .isAfter(RunPart.readBegun(killed.get(0)).orElseThrow().started()));

        Merge merge = merge("--out", dir.resolve("merged").toString(), reports.toString());
        assertThat(merge.code()).isEqualTo(2);
        assertThat(merge.err()).contains("run run-8 is incomplete: 1 part(s) began but never wrote their results: a part of "
                        + RunPart.suite(System::getProperty) + " that began at", killed.get(0).toString(), "A part without a shard (a"
                        + " fork's) cannot be run again on its own: nothing records which tests it had, and a later part without a"
                        + " shard may be another fork's, so none stands for it: run the whole suite again under a new run id"
                        + " (cognigy.run-id), every shard or fork of it, and merge that run's folders; or delete its .started file to"
                        + " merge without its tests")
                .doesNotContain("Run that shard again");
        assertThat(dir.resolve("forks/audit.jsonl")).doesNotExist();
    }

    /** A shard job's engine run of one test class (file), as a Surefire fork of it runs each class: a part labelled with that shard. */
    private EngineExecutionResults classOfShard(String shard, String file) {
        return configured("sharded").configurationParameter(Constants.RUN_ID, "run-42").configurationParameter(Constants.SHARD, shard)
                .selectors(selectClasspathResource(file)).execute();
    }

    /** The parts of shard {@code shard} below {@code below}, by where each was read from: its job's, as its own check reads them. */
    private static Map<String, RunPart> partsOfShard(Path below, String shard) throws Exception {
        Map<String, RunPart> parts = new TreeMap<>();
        for (Path where : MergeCommand.partFiles(List.of(below.toString()))) {
            RunPart part = RunPart.read(where);
            if (shard.equals(part.shard())) parts.put(where.toString(), part);
        }
        return parts;
    }

    /** The one part of shard {@code shard} below {@code below} that is not among {@code before}: the part a JVM just wrote. */
    private static Map.Entry<String, RunPart> newPart(Path below, String shard, Map<String, RunPart> before) throws Exception {
        Map<String, RunPart> now = partsOfShard(below, shard);
        now.keySet().removeAll(before.keySet());
        assertThat(now).hasSize(1);
        return now.entrySet().iterator().next();
    }

    @Test
    @DisplayName("a shard job whose Surefire forks run each test class as an engine run of its own, one class's fork killed:"
            + " another class's part of that shard, begun after the mark, planned other tests and stands for none of it — the"
            + " merge and the shard job's own check refuse the run, naming the mark, what it planned and the fix; that class's"
            + " fork of the shard run again plans the same tests, and its part stands for the mark")
    void markOfOneClassOfAShardIsNotStoodForByAnotherClassOfThatShard() throws Exception {
        Path reports = dir.resolve("sharded/reports");
        String classA = "e2e/shards/suite.sim.yaml";
        String classB = "e2e/order-bot.sim.yaml";
        // Shard 1/2's job: class A's fork killed (it left its mark, no part), class B's fork ran after it.
        unstarted(reports, "run-42", "1/2", Clock.offset(Clock.systemUTC(), java.time.Duration.ofHours(-1)), classA);
        classOfShard("1/2", classB);
        Map.Entry<String, RunPart> otherClass = newPart(reports, "1/2", Map.of());
        // Shard 2/2's job, every fork healthy.
        classOfShard("2/2", classA);
        classOfShard("2/2", classB);
        List<Path> killed = marks(reports);
        assertThat(killed).hasSize(1);
        RunPart.Begun mark = RunPart.readBegun(killed.get(0)).orElseThrow();
        assertThat(otherClass.getValue().info().started()).as("began after the mark, as the shard run again would").isAfter(mark.started());
        assertThat(mark.planned().tests()).isPositive();
        assertThat(otherClass.getValue().planned()).as("another class's engine run plans other tests").isNotEqualTo(mark.planned());
        String suite = RunPart.suite(System::getProperty);

        Merge refused = merge("--out", dir.resolve("m1").toString(), reports.toString());
        assertThat(refused.code()).as(refused.out()).isEqualTo(2);
        assertThat(refused.err()).contains("run run-42 is incomplete: 1 part(s) began but never wrote their results: shard 1/2 of "
                        + suite + " that began at " + mark.started() + " and planned " + mark.planned().tests() + " tests ("
                        + killed.get(0) + ")", "Run that shard again under run id run-42 (its job, with the same cognigy.shard) and"
                        + " merge its part with these: a whole part of the same run, suite and shard that planned the same tests and"
                        + " began after the mark stands for it. " + otherClass.getKey() + " is a part of that shard that planned other"
                        + " tests — another engine run of its job, as each test class is in a Surefire fork of its own — and stands"
                        + " for none of it; or run the whole suite again under a new run id (cognigy.run-id)",
                        "or delete its .started file to merge without its tests")
                .doesNotContain("its shard ran again");
        assertThat(refused.out()).doesNotContain("stands for it");
        assertThat(dir.resolve("sharded/audit.jsonl")).doesNotExist();
        // The shard job's own check (cognigy:merge in its build) counts the mark as the merge will: unfinished.
        Map<String, RunPart> firstJob = partsOfShard(reports, "1/2");
        assertThat(ShardTally.of(firstJob, killed, suite).unfinished()).containsExactlyElementsOf(killed);

        // Class A's fork of shard 1/2 run again, in another JVM: its part plans what the killed fork planned.
        classOfShard("1/2", classA);
        Map.Entry<String, RunPart> rerunOfA = newPart(reports, "1/2", firstJob);
        assertThat(rerunOfA.getValue().planned()).as("the same tests whichever JVM runs them").isEqualTo(mark.planned());
        assertThat(ShardTally.of(partsOfShard(reports, "1/2"), killed, suite).unfinished()).isEmpty();
        Merge merged = merge("--out", dir.resolve("merged").toString(), reports.toString());
        concludedWithItsFailedTest(merged); // the suite's one failing test, merged as one JVM would run it
        assertThat(merged.out()).contains("shard 1/2 of " + suite + " that began at " + mark.started() + " and planned "
                + mark.planned().tests() + " tests (" + killed.get(0) + ") never wrote its results; its shard ran again: "
                + rerunOfA.getKey() + " planned the same tests, began after it and stands for it");
        assertThat(JSON.readTree(dir.resolve("merged/results.json").toFile()).path("summary").path("total").asLong())
                .as("every simulation of the suite").isEqualTo(17);
    }

    /**
     * Gives the parts and marks below {@code folder} that this JVM's module wrote the suite {@code suite}, as if written
     * by a JVM running in that module's folder (as Surefire runs a reactor module's forks).
     */
    private static void ofModule(Path folder, String suite) throws Exception {
        String own = RunPart.suite(System::getProperty);
        try (java.util.stream.Stream<Path> below = Files.walk(folder)) {
            for (Path file : below.filter(p -> RunPart.isBegun(p) || p.getFileName().toString().equals(RunPart.FILE_NAME)).toList()) {
                tools.jackson.databind.node.ObjectNode json = (tools.jackson.databind.node.ObjectNode) JSON.readTree(file.toFile());
                if (json.has("suite") && !json.path("suite").asString().equals(own)) continue; // another module's already
                json.put("suite", suite);
                Files.write(file, JSON.writeValueAsBytes(json));
            }
        }
    }

    /** The merges a refusal of two suites' parts advises, each module's inputs after its --out, by module. */
    private static Map<String, List<String>> advisedMerges(String refusal) {
        String advice = refusal.substring(refusal.indexOf("giving only its folders: ") + "giving only its folders: ".length()).strip();
        Map<String, List<String>> merges = new TreeMap<>();
        for (String command : advice.split("; ")) {
            List<String> words = List.of(command.split(" "));
            assertThat(words.subList(0, 2)).containsExactly("merge", "--out");
            merges.put(words.get(2).substring("merged/".length()), words.subList(3, words.size()));
        }
        return merges;
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "faq-bot''s fork killed in {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"job-1", "job-2"})
    @DisplayName("two modules' forks sharing one report folder in each job, one of faq-bot's forks killed (its mark in a"
            + " folder shared with orders-bot's parts, beside faq-bot's other part or not): the merge of both names the mark"
            + " among faq-bot's folders, faq-bot's merge refuses its run as incomplete instead of judging its other fork's"
            + " tests as the whole, and orders-bot's merge, whose run the mark is not of, is concluded")
    void killedForkOfAModuleSharingAReportFolder(String killedIn) throws Exception {
        Path first = dir.resolve("job-1/reports");
        Path second = dir.resolve("job-2/reports");
        // Each job's build gives both modules one cognigy.report.dir; every fork leaves its part (or its mark) in it.
        configured("orders-bot").configurationParameter(Constants.REPORT_DIR, first.toString()).configurationParameter(Constants.RUN_ID, "run-9")
                .configurationParameter(Constants.RUN_DEFER, "true").selectors(selectClasspathResource("e2e/shards/three.sim.yaml")).execute();
        ofModule(dir, "orders-bot");
        configured("faq-bot").configurationParameter(Constants.REPORT_DIR, first.toString()).configurationParameter(Constants.RUN_ID, "run-9")
                .configurationParameter(Constants.RUN_DEFER, "true").selectors(selectClasspathResource("e2e/order-bot.sim.yaml")).execute();
        ofModule(dir, "faq-bot");
        configured("orders-bot").configurationParameter(Constants.REPORT_DIR, second.toString()).configurationParameter(Constants.RUN_ID, "run-9")
                .configurationParameter(Constants.RUN_DEFER, "true").selectors(selectClasspathResource("e2e/shards/suite.sim.yaml")).execute();
        ofModule(dir, "orders-bot");
        unstarted(dir.resolve(killedIn + "/reports"), "run-9", "e2e/shards/suite.sim.yaml");
        ofModule(dir, "faq-bot");
        List<Path> marks;
        try (java.util.stream.Stream<Path> below = Files.walk(dir)) {
            marks = below.filter(RunPart::isBegun).toList();
        }
        assertThat(marks).hasSize(1);
        assertThat(marks.get(0).getParent()).isEqualTo(dir.resolve(killedIn + "/reports/run-9"));

        Merge all = merge("--out", dir.resolve("merged").toString(), first.toString(), second.toString());
        assertThat(all.code()).as(all.out()).isEqualTo(2);
        assertThat(all.err()).contains("merge refused: the parts of run run-9 are of 2 suites");
        Map<String, List<String>> advised = advisedMerges(all.err());
        assertThat(advised.keySet()).containsExactly("faq-bot", "orders-bot");
        assertThat(advised.get("faq-bot")).as("faq-bot's folders hold its mark").contains(marks.get(0).toString());
        assertThat(advised.get("orders-bot")).as("orders-bot's, only its parts' folders")
                .noneMatch(input -> input.equals(marks.get(0).getParent().toString()) || input.endsWith(RunPart.BEGUN_SUFFIX));

        List<String> faqArgs = new ArrayList<>(List.of("--out", dir.resolve("merged/faq-bot").toString()));
        faqArgs.addAll(advised.get("faq-bot"));
        Merge faq = merge(faqArgs.toArray(String[]::new));
        assertThat(faq.code()).as(faq.out()).isEqualTo(2);
        assertThat(faq.err()).contains("merge refused: run run-9 is incomplete: 1 part(s) began but never wrote their results: a part"
                + " of faq-bot that began at ").contains(marks.get(0).toString());
        assertThat(dir.resolve("faq-bot/audit.jsonl")).doesNotExist();

        List<String> ordersArgs = new ArrayList<>(List.of("--out", dir.resolve("merged/orders-bot").toString()));
        ordersArgs.addAll(advised.get("orders-bot"));
        Merge orders = merge(ordersArgs.toArray(String[]::new));
        assertThat(orders.code()).as(orders.err()).isNotEqualTo(2);
        assertThat(orders.out()).contains("merging run run-9: 2 parts");
        assertThat(Files.readAllLines(dir.resolve("orders-bot/audit.jsonl"))).hasSize(1);
    }

    @Test
    @DisplayName("when no part of the run was written but parts began (every fork's run could not start), merge says they"
            + " never wrote their results, naming each mark, not that no part was found")
    void noPartWrittenButPartsBegan() throws Exception {
        for (String file : List.of("e2e/shards/suite.sim.yaml", "e2e/order-bot.sim.yaml")) {
            EngineTestKit.engine(new CognigyTestEngine(new EngineServices(ENVIRONMENT::get, config -> {
                        throw new dev.botsim.cognigy.engine.backend.BackendException(
                                dev.botsim.cognigy.engine.backend.BackendException.Kind.TRANSPORT, "the server is unreachable");
                    }, Clock.systemUTC())))
                    .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                    .configurationParameter(Constants.REPORT_DIR, dir.resolve("down/reports").toString())
                    .configurationParameter(Constants.AUDIT_FILE, dir.resolve("down/audit.jsonl").toString())
                    .configurationParameter(Constants.RUN_ID, "run-9").configurationParameter(Constants.RUN_DEFER, "true")
                    .selectors(selectClasspathResource(file)).execute()
                    .testEvents().assertStatistics(stats -> stats.started(0));
        }
        List<String> inputs = List.of(dir.resolve("down/reports").toString());
        assertThat(MergeCommand.partFiles(inputs)).isEmpty();
        List<Path> marks = MergeCommand.begunParts(inputs, List.of()).stream().map(BegunMark::file).toList();
        assertThat(marks).hasSize(2);

        Merge merge = merge("--out", dir.resolve("merged").toString(), dir.resolve("down/reports").toString());
        assertThat(merge.code()).isEqualTo(2);
        assertThat(merge.err()).startsWith("merge refused: no part of a run was written, but 2 part(s) began and never wrote their"
                + " results:").contains(marks.get(0).toString(), marks.get(1).toString(), "its run could not start")
                .doesNotContain("no part of a run was found");
        assertThat(dir.resolve("down/audit.jsonl")).doesNotExist();
        SandboxSplitRuns.refusedInto(dir.resolve("merged"));
    }

    @Test
    @DisplayName("a shard without a run id, or a shard that is not i/n, fails the run before any test, naming what to set")
    void shardNeedsARunId() {
        for (String[] setting : new String[][] {{"1/2", "cognigy.shard needs a run id", "COGNIGY_RUN_ID"}, {"3/2", "cognigy.shard=3/2 must be <i>/<n>", "1/4"}}) {
            EngineExecutionResults results = suite("lone").configurationParameter(Constants.SHARD, setting[0]).execute();
            results.testEvents().assertStatistics(stats -> stats.started(0));
            Throwable failure = results.containerEvents().failed().stream().findFirst().orElseThrow()
                    .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
            assertThat(failure.getMessage()).contains(setting[1], setting[2]);
        }
    }
}
