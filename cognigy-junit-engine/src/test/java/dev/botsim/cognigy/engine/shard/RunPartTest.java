package dev.botsim.cognigy.engine.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationRecord;

/** Which suite a part says it belongs to, and parts written before they said so. */
class RunPartTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("the suite is the module's folder: Surefire's basedir, whatever working directory the forks were given, else"
            + " user.dir (the ConsoleLauncher's); a Jenkins workspace copy for a concurrent build (job@2) is the suite of job")
    void suiteIsTheModulesFolder() {
        assertThat(RunPart.suite(Map.of("basedir", "/ci/repo/orders-bot", "user.dir", "/ci/repo/orders-bot/target/fork-2")::get))
                .isEqualTo("orders-bot");
        assertThat(RunPart.suite(Map.of("user.dir", "/home/runner/work/bots/bots/faq-bot/")::get)).isEqualTo("faq-bot");
        assertThat(RunPart.suite(Map.of("user.dir", "/var/jenkins/workspace/bots@2")::get)).isEqualTo("bots");
        assertThat(RunPart.suite(Map.of("user.dir", "/")::get)).isNull();
        assertThat(RunPart.suite(Map.<String, String>of()::get)).isNull();
    }

    @Test
    @DisplayName("a part records its suite; one written before parts recorded it (no suite field, same schema version) is"
            + " still read, its suite unknown")
    void olderPartWithoutSuiteIsRead() throws Exception {
        RunInfo info = RunInfo.builder().batchId("batch_1").started(Instant.parse("2026-12-01T10:00:00Z")).backend("sandbox").build();
        Path file = new RunPart(RunPart.SCHEMA_VERSION, "run-9", "1/2", "orders-bot", false, false, info,
                Instant.parse("2026-12-01T10:00:05Z"), Map.of(), List.of()).write(dir.resolve("new"), Optional.empty());
        String json = Files.readString(file);
        assertThat(json).contains("\"suite\":\"orders-bot\"");
        assertThat(RunPart.read(file).suite()).isEqualTo("orders-bot");

        String older = json.replace("\"suite\":\"orders-bot\",", "");
        assertThat(older).doesNotContain("suite").contains("\"schemaVersion\":1");
        RunPart read = RunPart.parse(older.getBytes(StandardCharsets.UTF_8));
        assertThat(read.suite()).isNull();
        assertThat(read.shard()).isEqualTo("1/2");
        assertThat(read.runId()).isEqualTo("run-9");
    }
    @Test
    @DisplayName("a part records the attempt of the CI's workflow run it ran in (GITHUB_RUN_ATTEMPT); one written before parts"
            + " recorded it (no attempt field, no rerunAttempts in its run info) is still read, its attempt unknown; an"
            + " attempt below 1 is refused as not written so by a JVM")
    void olderPartWithoutAttemptIsRead() throws Exception {
        assertThat(RunPart.attempt(Map.of("GITHUB_RUN_ID", "7001", "GITHUB_RUN_ATTEMPT", "3")::get)).isEqualTo(3);
        assertThat(RunPart.attempt(Map.of("GITHUB_RUN_ID", "7001", "GITHUB_RUN_ATTEMPT", " 1 ")::get)).isEqualTo(1);
        assertThat(RunPart.attempt(Map.of("GITHUB_RUN_ID", "7001", "GITHUB_RUN_ATTEMPT", "0")::get)).isNull();
        assertThat(RunPart.attempt(Map.of("GITHUB_RUN_ID", "7001", "GITHUB_RUN_ATTEMPT", "two")::get)).isNull();
        assertThat(RunPart.attempt(Map.<String, String>of()::get)).isNull();
        // Only the CI whose run id the environment gives: GitHub's variable alone, outside a GitHub job, says nothing.
        assertThat(RunPart.attempt(Map.of("GITHUB_RUN_ATTEMPT", "3")::get)).isNull();
        assertThat(RunPart.attempt(Map.of("TF_BUILD", "True", "BUILD_BUILDID", "812", "SYSTEM_JOBATTEMPT", "2")::get)).isEqualTo(2);

        RunInfo info = RunInfo.builder().batchId("batch_1").started(Instant.parse("2026-12-01T10:00:00Z")).backend("sandbox").build();
        Path file = new RunPart(RunPart.SCHEMA_VERSION, "run-9", "2/2", "orders-bot", false, Map.of(), false, info,
                Instant.parse("2026-12-01T10:00:05Z"), Map.of(), List.of(), null, 2).write(dir.resolve("new"), Optional.empty());
        String json = Files.readString(file);
        assertThat(json).contains("\"attempt\":2", "\"rerunAttempts\":{}");
        assertThat(RunPart.read(file).attempt()).isEqualTo(2);

        String older = json.replace(",\"attempt\":2", "").replace(",\"rerunAttempts\":{}", "");
        assertThat(older).doesNotContain("ttempt").contains("\"schemaVersion\":1");
        RunPart read = RunPart.parse(older.getBytes(StandardCharsets.UTF_8));
        assertThat(read.attempt()).isNull();
        assertThat(read.info().rerunAttempts()).isEmpty();
        assertThat(read.shard()).isEqualTo("2/2");

        assertThatThrownBy(() -> RunPart.parse(json.replace("\"attempt\":2", "\"attempt\":0").getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("its attempt is 0, and a JVM writes only an attempt of 1 or more");
    }

    @Test
    @DisplayName("a part holding a field this version does not know was written by a newer version, whose merge reads it:"
            + " refused, naming the field and where it is and the version to merge with, rather than merged without it; an"
            + " expectation's derived emptiness is no field, not written, and read from a part written before")
    void fieldOfANewerVersionIsRefused() throws Exception {
        RunInfo info = RunInfo.builder().batchId("batch_1").started(Instant.parse("2026-12-01T10:00:00Z")).backend("sandbox")
                .plannedTests(1).build();
        List<SimulationRecord> records = List.of(SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:a]").testId("a")
                .utterance("hi").expected(dev.botsim.cognigy.spi.Expectation.builder().intent("greet").build())
                .outcome(dev.botsim.cognigy.spi.Outcome.PASSED).build());
        Path file = new RunPart(RunPart.SCHEMA_VERSION, "run-9", "1/2", "orders-bot", false, false, info,
                Instant.parse("2026-12-01T10:00:05Z"), Map.of(), records).write(dir.resolve("new"), Optional.empty());
        String json = Files.readString(file);
        assertThat(json).contains("\"intent\":\"greet\"").doesNotContain("\"empty\"");
        assertThat(RunPart.read(file).records().get(0).expected().intent()).isEqualTo("greet");

        String newer = json.replace("\"intent\":\"greet\"", "\"intent\":\"greet\",\"countsInVerdict\":false");
        assertThatThrownBy(() -> RunPart.parse(newer.getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("it holds the field \"countsInVerdict\" (at records[0].expected), which this merge")
                .hasMessageContaining("does not know: it was written by a newer version of cognigy-junit, and leaving the field"
                        + " out could change what the merge concludes; merge with the version the shards or forks ran");
        String newerAtTop = json.replace("\"schemaVersion\":1", "\"schemaVersion\":1,\"verdictRules\":{\"x\":1}");
        assertThatThrownBy(() -> RunPart.parse(newerAtTop.getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("it holds the field \"verdictRules\", which this merge");

        // JSON, but no object: refused as no part, never a NullPointerException.
        for (String none : new String[] {"null", " null\n"}) {
            assertThatThrownBy(() -> RunPart.parse(none.getBytes(StandardCharsets.UTF_8))).isInstanceOf(java.io.IOException.class)
                    .hasMessageStartingWith("not a part of a split run: it is JSON, but not what a JVM of a split run writes");
        }
        String earlier = json.replace("\"intent\":\"greet\"", "\"intent\":\"greet\",\"empty\":false");
        assertThat(RunPart.parse(earlier.getBytes(StandardCharsets.UTF_8)).records().get(0).expected().intent()).isEqualTo("greet");
    }

    @Test
    @DisplayName("a part written before results said whether their messages reached the bot is read with its records and"
            + " user turns sent (invalid input never), not as never sent, which would drop the merged page's transcripts")
    void olderPartWithoutSentIsReadAsSent() throws Exception {
        RunInfo info = RunInfo.builder().batchId("batch_1").started(Instant.parse("2026-12-01T10:00:00Z")).backend("sandbox")
                .plannedTests(3).build();
        List<SimulationRecord> records = List.of(
                SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:a]").testId("a").utterance("hi")
                        .outcome(dev.botsim.cognigy.spi.Outcome.PASSED).build(),
                SimulationRecord.builder().uniqueId("[engine:cognigy]/[method:talk]").testId("talk")
                        .userTurns(List.of(new SimulationRecord.UserTurn("hi", 0))).outcome(dev.botsim.cognigy.spi.Outcome.PASSED).build(),
                SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:bad]").testId("bad").invalidInput(true)
                        .outcome(dev.botsim.cognigy.spi.Outcome.FAILED).build());
        Path file = new RunPart(RunPart.SCHEMA_VERSION, "run-9", null, "orders-bot", false, false, info,
                Instant.parse("2026-12-01T10:00:05Z"), Map.of(), records).write(dir.resolve("new"), Optional.empty());
        String older = Files.readString(file).replaceAll(",?\"sent\":(true|false)", "");
        assertThat(older).doesNotContain("\"sent\"");

        RunPart read = RunPart.parse(older.getBytes(StandardCharsets.UTF_8));

        assertThat(read.records()).extracting(SimulationRecord::testId, SimulationRecord::sent)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", true), org.assertj.core.groups.Tuple.tuple("talk", true),
                        org.assertj.core.groups.Tuple.tuple("bad", false));
        assertThat(read.records().get(1).userTurns()).singleElement().extracting(SimulationRecord.UserTurn::sent).isEqualTo(true);
    }

    @Test
    @DisplayName("a value its records repeat (their file, tags, the bot's flow, intent and answer) is one string in the part as"
            + " read, which the merge holds for every part at once; each record reads as written")
    void repeatedValuesAreOneString() throws Exception {
        RunInfo info = RunInfo.builder().batchId("batch_1").started(Instant.parse("2026-12-01T10:00:00Z")).backend("sandbox")
                .plannedTests(2).build();
        List<SimulationRecord> records = new java.util.ArrayList<>();
        for (String id : List.of("a", "b")) {
            records.add(SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:" + id + "]").testId(id).utterance("where is " + id)
                    .source("orders.sim.yaml").line(3).tags(java.util.Set.of("regression"))
                    .actual(List.of(dev.botsim.cognigy.engine.TestTurns.turn(0, "flow_order", "check_order", 0.9, Map.of(),
                            "Which order?", null, null)))
                    .outcome(dev.botsim.cognigy.spi.Outcome.PASSED).build());
        }
        Path file = new RunPart(RunPart.SCHEMA_VERSION, "run-9", "1/2", "orders-bot", false, false, info,
                Instant.parse("2026-12-01T10:00:05Z"), Map.of(), records).write(dir.resolve("shared"), Optional.empty());

        List<SimulationRecord> read = RunPart.read(file).records();

        assertThat(read).extracting(SimulationRecord::testId, SimulationRecord::utterance, SimulationRecord::source)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "where is a", "orders.sim.yaml"),
                        org.assertj.core.groups.Tuple.tuple("b", "where is b", "orders.sim.yaml"));
        SimulationRecord first = read.get(0);
        SimulationRecord second = read.get(1);
        assertThat(second.source()).isSameAs(first.source());
        assertThat(second.tags().iterator().next()).isEqualTo("regression").isSameAs(first.tags().iterator().next());
        assertThat(second.actual().get(0).text()).isEqualTo("Which order?").isSameAs(first.actual().get(0).text());
        assertThat(second.actual().get(0).flowId()).isSameAs(first.actual().get(0).flowId());
        assertThat(second.actual().get(0).intent()).isSameAs(first.actual().get(0).intent());
    }

    @Test
    @DisplayName("a part is streamed to its file and signed as it goes, never made whole in memory first: a part of tens of"
            + " thousands of results did not fit beside the run in a heap the run fitted in; the file and its signature are"
            + " those of the part's JSON")
    void writtenAsAStream() throws Exception {
        List<SimulationRecord> records = new java.util.ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            records.add(SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:t" + i + "]").testId("t" + i)
                    .utterance("where is my order ORD_" + i).source("orders.sim.yaml").line(i + 1)
                    .outcome(dev.botsim.cognigy.spi.Outcome.PASSED).build());
        }
        RunInfo info = RunInfo.builder().batchId("batch_1").started(Instant.parse("2026-12-01T10:00:00Z")).backend("sandbox")
                .plannedTests(records.size()).build();
        RunPart part = new RunPart(RunPart.SCHEMA_VERSION, "run-9", "1/2", "orders-bot", false, false, info,
                Instant.parse("2026-12-01T10:00:05Z"), Map.of(), records);
        byte[] key = "k".repeat(32).getBytes(StandardCharsets.US_ASCII);
        java.util.concurrent.atomic.AtomicInteger largest = new java.util.concurrent.atomic.AtomicInteger();

        Path file = part.write(dir.resolve("streamed"), Optional.of(dev.botsim.cognigy.engine.support.Secret.of(new String(key,
                StandardCharsets.US_ASCII))), out -> new java.io.FilterOutputStream(out) {
                    @Override
                    public void write(byte[] bytes, int offset, int length) throws java.io.IOException {
                        largest.accumulateAndGet(length, Math::max);
                        out.write(bytes, offset, length);
                    }
                });

        byte[] written = Files.readAllBytes(file);
        assertThat(written.length).as("the part's size").isGreaterThan(500_000);
        assertThat(largest.get()).as("the largest piece written at once").isPositive().isLessThanOrEqualTo(64 * 1024);
        assertThat(PartSignature.check(file, written, key)).isEqualTo(PartSignature.Status.VALID);
        assertThat(RunPart.read(file)).as("the part read back").isEqualTo(part);
        assertThat(Files.list(file.getParent()).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder(RunPart.FILE_NAME, RunPart.FILE_NAME + PartSignature.SUFFIX);
    }

    @Test
    @DisplayName("a part is bound a record at a time, never read whole as one tree: a part of 50,000 results took several"
            + " times its 66 MB at once, and its merge ran out of memory at -Xmx256m; the part read is the part written")
    void boundARecordAtATime() throws Exception {
        List<SimulationRecord> records = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            records.add(SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:t" + i + "]").testId("t" + i)
                    .utterance("where is my order ORD_" + i).source("orders.sim.yaml").line(i + 1).tags(java.util.Set.of("smoke"))
                    .outcome(i % 10 == 0 ? dev.botsim.cognigy.spi.Outcome.FAILED : dev.botsim.cognigy.spi.Outcome.PASSED).build());
        }
        RunInfo info = RunInfo.builder().batchId("batch_1").started(Instant.parse("2026-12-01T10:00:00Z")).backend("sandbox")
                .plannedTests(records.size()).build();
        Path file = new RunPart(RunPart.SCHEMA_VERSION, "run-9", "1/2", "orders-bot", false, false, info,
                Instant.parse("2026-12-01T10:00:05Z"), Map.of("orders.sim.yaml", "ab12"), records).write(dir.resolve("bound"), Optional.empty());
        List<tools.jackson.databind.JsonNode> trees = new java.util.ArrayList<>();

        RunPart read = RunPart.parse(Files.readAllBytes(file), trees::add);

        assertThat(trees).as("a tree per record and one for the rest").hasSize(201)
                .allSatisfy(tree -> assertThat(tree.path("records").size()).as("records in one tree").isZero());
        assertThat(read.records()).isEqualTo(records);
        assertThat(read.dataFiles()).isEqualTo(Map.of("orders.sim.yaml", "ab12"));
        assertThat(read.shard()).isEqualTo("1/2");
        assertThat(RunPart.parse(Files.readAllBytes(file))).isEqualTo(read);
    }

    @Test
    @DisplayName("a record's locale travels through its part to the merge, which splits the NLU figures by it; a record"
            + " naming none reads as naming none")
    void localeTravelsThroughThePart() throws Exception {
        RunInfo info = RunInfo.builder().batchId("batch_1").started(Instant.parse("2026-12-01T10:00:00Z")).backend("sandbox")
                .plannedTests(2).build();
        List<SimulationRecord> records = List.of(
                SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:fr]").testId("fr").utterance("où est ma commande")
                        .locale("fr-FR").outcome(dev.botsim.cognigy.spi.Outcome.PASSED).build(),
                SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:own]").testId("own").utterance("hi")
                        .outcome(dev.botsim.cognigy.spi.Outcome.PASSED).build());
        Path file = new RunPart(RunPart.SCHEMA_VERSION, "run-9", "1/2", "orders-bot", false, false, info,
                Instant.parse("2026-12-01T10:00:05Z"), Map.of(), records).write(dir.resolve("locales"), Optional.empty());

        assertThat(RunPart.read(file).records()).extracting(SimulationRecord::testId, SimulationRecord::locale)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("fr", "fr-FR"), org.assertj.core.groups.Tuple.tuple("own", null));
    }

    @Test
    @DisplayName("a record's external id travels through its part to the merge's reports; a part written before it was"
            + " recorded reads as naming none")
    void externalIdTravelsThroughThePart() throws Exception {
        RunInfo info = RunInfo.builder().batchId("batch_1").started(Instant.parse("2026-12-01T10:00:00Z")).backend("sandbox")
                .plannedTests(2).build();
        List<SimulationRecord> records = List.of(
                SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:keyed]").testId("keyed").utterance("hi")
                        .externalId("BOT-123").outcome(dev.botsim.cognigy.spi.Outcome.PASSED).build(),
                SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:unkeyed]").testId("unkeyed").utterance("hi")
                        .outcome(dev.botsim.cognigy.spi.Outcome.PASSED).build());
        Path file = new RunPart(RunPart.SCHEMA_VERSION, "run-9", "1/2", "orders-bot", false, false, info,
                Instant.parse("2026-12-01T10:00:05Z"), Map.of(), records).write(dir.resolve("keys"), Optional.empty());

        assertThat(RunPart.read(file).records()).extracting(SimulationRecord::testId, SimulationRecord::externalId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("keyed", "BOT-123"),
                        org.assertj.core.groups.Tuple.tuple("unkeyed", null));
        // As an earlier version wrote it: no externalId field in any record, not even a null one.
        String earlier = Files.readString(file).replaceAll(",?\"externalId\":(null|\"[^\"]*\")", "");
        assertThat(earlier).doesNotContain("externalId").doesNotContain("BOT-123").contains("\"schemaVersion\":1");
        assertThat(RunPart.parse(earlier.getBytes(java.nio.charset.StandardCharsets.UTF_8)).records())
                .extracting(SimulationRecord::testId, SimulationRecord::externalId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("keyed", null),
                        org.assertj.core.groups.Tuple.tuple("unkeyed", null));
    }

    @Test
    @DisplayName("a skipped record's skip reason travels through its part to the merge; a record not skipped has none; a part"
            + " written before the reason was recorded reads its skipped record as giving none")
    void skipReasonTravelsThroughThePart() throws Exception {
        RunInfo info = RunInfo.builder().batchId("batch_1").started(Instant.parse("2026-12-01T10:00:00Z")).backend("sandbox")
                .plannedTests(2).build();
        List<SimulationRecord> records = List.of(
                SimulationRecord.builder().uniqueId("[engine:cognigy]/[conversation:conv]/[turn:1]").testId("conv#1")
                        .conversationTurn("conv", 1).utterance("hi").outcome(dev.botsim.cognigy.spi.Outcome.FAILED).build(),
                SimulationRecord.builder().uniqueId("[engine:cognigy]/[conversation:conv]/[turn:2]").testId("conv#2")
                        .conversationTurn("conv", 2).utterance("where is my order").outcome(dev.botsim.cognigy.spi.Outcome.SKIPPED)
                        .message("an earlier turn of conversation conv failed: turn 1 \"hi\"").sent(false)
                        .skipReason(SimulationRecord.SkipReason.EARLIER_TURN_FAILED).build());
        Path file = new RunPart(RunPart.SCHEMA_VERSION, "run-9", "1/2", "orders-bot", false, false, info,
                Instant.parse("2026-12-01T10:00:05Z"), Map.of(), records).write(dir.resolve("skips"), Optional.empty());

        assertThat(RunPart.read(file).records()).extracting(SimulationRecord::testId, SimulationRecord::skipReason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("conv#1", null),
                        org.assertj.core.groups.Tuple.tuple("conv#2", SimulationRecord.SkipReason.EARLIER_TURN_FAILED));
        String earlier = Files.readString(file).replaceAll(",?\"skipReason\":(null|\"[A-Z_]+\")", "");
        assertThat(earlier).doesNotContain("skipReason").doesNotContain("EARLIER_TURN_FAILED");
        assertThat(RunPart.parse(earlier.getBytes(StandardCharsets.UTF_8)).records())
                .extracting(SimulationRecord::outcome, SimulationRecord::skipReason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(dev.botsim.cognigy.spi.Outcome.FAILED, null),
                        org.assertj.core.groups.Tuple.tuple(dev.botsim.cognigy.spi.Outcome.SKIPPED, null));
    }

    @Test
    @DisplayName("the data a test's message, or a @Conversation method's message, was sent with travels through its part to"
            + " the merge, which redacts what cognigy.replay.redact names of it; a part written before records held it reads"
            + " as none sent")
    void sentDataTravelsThroughThePart() throws Exception {
        RunInfo info = RunInfo.builder().batchId("batch_1").started(Instant.parse("2026-12-01T10:00:00Z")).backend("sandbox")
                .plannedTests(2).build();
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("iban", "DE89370400440532013000");
        data.put("amount", null);
        data.put("payer", Map.of("name", "Ann", "cards", List.of(1, 2)));
        List<SimulationRecord> records = List.of(
                SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:pay]").testId("pay").utterance("pay my bill")
                        .data(data).outcome(dev.botsim.cognigy.spi.Outcome.PASSED).build(),
                SimulationRecord.builder().uniqueId("[engine:cognigy]/[method:talk]").testId("talk")
                        .userTurns(List.of(new SimulationRecord.UserTurn("hi", 0),
                                new SimulationRecord.UserTurn("pay my bill", 1, true, data)))
                        .outcome(dev.botsim.cognigy.spi.Outcome.PASSED).build());
        Path file = new RunPart(RunPart.SCHEMA_VERSION, "run-9", "1/2", "orders-bot", false, false, info,
                Instant.parse("2026-12-01T10:00:05Z"), Map.of(), records).write(dir.resolve("data"), Optional.empty());

        RunPart read = RunPart.read(file);
        assertThat(read.records()).isEqualTo(records);
        assertThat(read.records().get(0).data()).containsExactlyEntriesOf(data);
        assertThat(read.records().get(1).userTurns()).extracting(SimulationRecord.UserTurn::data)
                .containsExactly(Map.of(), data);

        // As an earlier version wrote it: no data field in any record or user turn.
        tools.jackson.databind.JsonNode tree = tools.jackson.databind.json.JsonMapper.builder().build().readTree(file.toFile());
        for (tools.jackson.databind.JsonNode record : tree.path("records")) {
            ((tools.jackson.databind.node.ObjectNode) record).remove("data");
            for (tools.jackson.databind.JsonNode turn : record.path("userTurns")) ((tools.jackson.databind.node.ObjectNode) turn).remove("data");
        }
        String earlier = tree.toString();
        assertThat(earlier).doesNotContain("DE89370400440532013000", "\"data\"");
        RunPart older = RunPart.parse(earlier.getBytes(StandardCharsets.UTF_8));
        assertThat(older.records().get(0).data()).isEmpty();
        assertThat(older.records().get(1).userTurns()).extracting(SimulationRecord.UserTurn::text, SimulationRecord.UserTurn::data)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("hi", Map.of()),
                        org.assertj.core.groups.Tuple.tuple("pay my bill", Map.of()));
    }

    /** The bytes of a part of a run that planned two tests, holding {@code records}. */
    private byte[] partPlanningTwo(boolean cancelled, SimulationRecord... records) throws Exception {
        RunInfo info = RunInfo.builder().batchId("batch_1").started(Instant.parse("2026-12-01T10:00:00Z")).backend("sandbox")
                .plannedTests(2).build();
        Path folder = dir.resolve("part-" + records.length + "-" + cancelled);
        return Files.readAllBytes(new RunPart(RunPart.SCHEMA_VERSION, "run-9", "1/2", "orders-bot", false, cancelled, info,
                Instant.parse("2026-12-01T10:00:05Z"), Map.of(), List.of(records)).write(folder, Optional.empty()));
    }

    private static SimulationRecord passed(String testId) {
        return SimulationRecord.builder().uniqueId("[engine:cognigy]/[case:" + testId + "]").testId(testId).utterance("hi")
                .outcome(dev.botsim.cognigy.spi.Outcome.PASSED).build();
    }

    @Test
    @DisplayName("a part holds a result for every test its run planned: one with fewer or more is refused as not written so"
            + " by its JVM, naming the counts; a cancelled run's part, whose skipped tests left none, is read with fewer")
    void resultsAgreeWithThePlan() throws Exception {
        byte[] fewer = partPlanningTwo(false, passed("a"));
        byte[] more = partPlanningTwo(false, passed("a"), passed("b"), passed("c"));

        assertThatThrownBy(() -> RunPart.parse(fewer))
                .hasMessageStartingWith("it holds 1 result of the 2 tests its run planned, and its run was not cancelled");
        assertThatThrownBy(() -> RunPart.parse(more)).hasMessageStartingWith("it holds 3 results of the 2 tests its run planned");
        assertThat(RunPart.parse(partPlanningTwo(false, passed("a"), passed("b"))).records()).hasSize(2);
        assertThat(RunPart.parse(partPlanningTwo(true, passed("a"))).records()).hasSize(1);
    }

    @Test
    @DisplayName("a begun mark names its part's batch once the part is about to be written, replaced whole, and reads back"
            + " with it; a mark of an engine that did not record it reads with none")
    void markNamesItsPartBeforeThePartIsWritten() throws Exception {
        RunPart.Begun begun = new RunPart.Begun("run-42", "1/2", "orders-bot", Instant.parse("2026-01-01T00:00:00Z"), null);
        Path mark = RunPart.begin(dir, begun);
        assertThat(RunPart.readBegun(mark)).contains(begun);

        RunPart.writing(mark, begun.writing("batch_0123456789ab"));

        assertThat(RunPart.readBegun(mark).orElseThrow().batch()).isEqualTo("batch_0123456789ab");
        try (var files = Files.list(mark.getParent())) {
            assertThat(files).as("no partial file beside the mark").containsExactly(mark);
        }
        Files.writeString(mark, "{\"runId\":\"run-42\",\"shard\":\"1/2\",\"suite\":\"orders-bot\",\"started\":\"2026-01-01T00:00:00Z\"}");
        assertThat(RunPart.readBegun(mark).orElseThrow().batch()).isNull();
    }

    @Test
    @DisplayName("what a run planned is the same for its tests in any order, and another for other tests; a mark keeps it as"
            + " it names its part, and one of an engine that did not record it reads with none")
    void markSaysWhatItsRunPlanned() throws Exception {
        String a = "[engine:cognigy]/[file:e2e%2Forders.sim.yaml]/[case:a]";
        String b = "[engine:cognigy]/[file:e2e%2Fother.sim.yaml]/[case:b]";
        PlannedTests planned = PlannedTests.of(List.of(a, b));
        assertThat(PlannedTests.of(List.of(b, a, a))).isEqualTo(planned);
        assertThat(planned.tests()).isEqualTo(2);
        assertThat(planned.describe()).isEqualTo("2 tests");
        assertThat(PlannedTests.of(List.of(a))).isNotEqualTo(planned);
        assertThat(PlannedTests.of(List.of(a + b))).as("no id runs into the next").isNotEqualTo(planned);

        RunPart.Begun begun = new RunPart.Begun("run-42", "1/2", "orders-bot", Instant.parse("2026-01-01T00:00:00Z"), null, planned);
        Path mark = RunPart.begin(dir, begun);
        assertThat(RunPart.readBegun(mark)).contains(begun);
        RunPart.writing(mark, begun.writing("batch_0123456789ab"));
        assertThat(RunPart.readBegun(mark).orElseThrow().planned()).isEqualTo(planned);
        Files.writeString(mark, "{\"runId\":\"run-42\",\"shard\":\"1/2\",\"suite\":\"orders-bot\",\"started\":\"2026-01-01T00:00:00Z\"}");
        assertThat(RunPart.readBegun(mark).orElseThrow().planned()).isNull();
    }
}
