package dev.botsim.cognigy.engine.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.TestTurns;
import dev.botsim.cognigy.engine.backend.Backend;
import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.backend.ConversationGoesLiveException;
import dev.botsim.cognigy.engine.backend.NotRecordedException;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.backend.TurnResult;
import dev.botsim.cognigy.engine.config.BackendChoice;
import dev.botsim.cognigy.engine.config.EngineConfig;
import dev.botsim.cognigy.engine.config.RecordReplaySettings;
import dev.botsim.cognigy.engine.config.ReplayMode;

/**
 * Which exchange answers a message: the recording of this test, turn and request, never another's, and the bot itself
 * when there is none, in {@code auto}; a conversation whose later message must go live after replayed ones leaves its
 * session rather than mix a replayed answer with a live one.
 */
class ReplayedExchangesTest {

    private static final String CASE = "[engine:cognigy]/[file:orders.sim.yaml]/[case:test_order]";
    private static final String OTHER = "[engine:cognigy]/[file:orders.sim.yaml]/[case:test_other]";
    private static final String CONVERSATION = "[engine:cognigy]/[class:com.example.OrderBotTest]/[method:talk()]";

    @TempDir
    Path dir;

    /** The bot: it answers every message with what it was sent, and counts the messages. */
    private final List<String> sent = new ArrayList<>();

    /** How often the bot was opened and closed. */
    private int opened;
    private int closed;

    private ReplayingBackend backend(ReplayMode mode) {
        return backend(mode, EngineConfig.defaults().backend().choice());
    }

    private ReplayingBackend backend(ReplayMode mode, BackendChoice choice) {
        EngineConfig defaults = EngineConfig.defaults();
        EngineConfig config = defaults.withBackend(defaults.backend().withChoice(choice))
                .withReplay(new RecordReplaySettings(mode, dir, List.of()));
        return new ReplayingBackend(ReplaySettings.of(config), config, () -> {
            opened++;
            return bot();
        }, () -> false);
    }

    private Backend bot() {
        return new Backend() {
            @Override
            public String name() {
                return "scripted";
            }

            @Override
            public BotSchema schema() {
                return BotSchema.UNKNOWN;
            }

            @Override
            public TurnResult send(TurnRequest request) {
                sent.add(request.text());
                return new TurnResult("sim", request.sessionId(), "completed", List.of(TestTurns.turn(0, "flow_order", "check",
                        0.9, Map.of(), "you said " + request.text(), null, null)), null, List.of(), 0);
            }

            @Override
            public void close() {
                closed++;
            }
        };
    }

    private static TurnRequest request(String test, int turn, String text, String session) {
        return new TurnRequest("run_1", "t", turn, "user", "web", text, Map.of(), session, "key", null, Map.of(), null, test);
    }

    private void record(TurnRequest... requests) {
        ReplayingBackend recording = backend(ReplayMode.RECORD);
        for (TurnRequest request : requests) recording.send(request);
        assertThat(recording.finish(Set.of(CASE, OTHER, CONVERSATION)).unwritten()).isEmpty();
        sent.clear();
    }

    private static String text(TurnResult result) {
        return result.turns().get(0).text();
    }

    @Test
    @DisplayName("replay answers each test from its own recording, and a message that changed since has none")
    void replayAnswersFromTheTestsOwnRecording() {
        record(request(CASE, 1, "where is ORD_1", null), request(OTHER, 1, "where is ORD_2", null));
        ReplayingBackend replay = backend(ReplayMode.REPLAY);

        TurnResult answer = replay.send(request(OTHER, 1, "where is ORD_2", null));

        assertThat(answer.replayed()).isTrue();
        assertThat(text(answer)).isEqualTo("you said where is ORD_2");
        assertThatThrownBy(() -> replay.send(request(CASE, 1, "where is ORD_3", null)))
                .isInstanceOf(NotRecordedException.class)
                .hasMessageContaining("its text (recorded \"where is ORD_1\", now \"where is ORD_3\") changed since it was recorded");
        assertThat(sent).isEmpty();
        assertThat(replay.cassettesReplayed()).containsOnlyKeys(Cassettes.shown(dir.resolve("orders.sim.yaml.cassette.json")));
    }

    @Test
    @DisplayName("auto replays a test recorded as it is, and sends the bot one whose message changed or that was never recorded")
    void autoSendsWhatIsNotRecordedAsItIs() {
        record(request(CASE, 1, "where is ORD_1", null));
        ReplayingBackend auto = backend(ReplayMode.AUTO);

        TurnResult same = auto.send(request(CASE, 1, "where is ORD_1", null));
        TurnResult changed = auto.send(request(CASE, 1, "where is ORD_9", null));
        TurnResult unrecorded = auto.send(request(OTHER, 1, "hello", null));

        assertThat(same.replayed()).isTrue();
        assertThat(changed.replayed()).isFalse();
        assertThat(text(changed)).isEqualTo("you said where is ORD_9");
        assertThat(unrecorded.replayed()).isFalse();
        assertThat(sent).containsExactly("where is ORD_9", "hello");
    }

    @Test
    @DisplayName("auto: a conversation's message that must go live after replayed ones of its session is not sent; the"
            + " session answers nothing more, and the conversation goes live from its first message in its next session")
    void conversationGoesLiveWhole() {
        record(request(CONVERSATION, 1, "hi", "s1"), request(CONVERSATION, 2, "where is my order", "s1"));
        ReplayingBackend auto = backend(ReplayMode.AUTO);

        assertThat(auto.send(request(CONVERSATION, 1, "hi", "s2")).replayed()).isTrue();
        assertThatThrownBy(() -> auto.send(request(CONVERSATION, 2, "where is ORD_5", "s2")))
                .isInstanceOf(ConversationGoesLiveException.class);
        assertThatThrownBy(() -> auto.send(request(CONVERSATION, 2, "where is ORD_5", "s2")))
                .isInstanceOf(ConversationGoesLiveException.class);
        assertThat(sent).isEmpty();

        TurnResult again = auto.send(request(CONVERSATION, 1, "hi", "s3"));

        assertThat(again.replayed()).isFalse();
        assertThat(sent).containsExactly("hi");
    }

    @Test
    @DisplayName("a run that replays judges each answer as the backend it was recorded through would, without opening it:"
            + " rich content and the user id's pattern as that backend's, an intent unknown without NLU data for an endpoint")
    void replayedAsTheBackendWouldJudge() {
        for (BackendChoice choice : List.of(BackendChoice.SIMULATION, BackendChoice.SANDBOX, BackendChoice.ENDPOINT,
                BackendChoice.NLU)) {
            ReplayingBackend replay = backend(ReplayMode.REPLAY, choice);
            boolean simulationApi = choice == BackendChoice.SIMULATION || choice == BackendChoice.SANDBOX;

            assertThat(replay.name()).as(choice.id()).isEqualTo(choice.id());
            assertThat(replay.answersRichContent()).as(choice.id()).isEqualTo(!simulationApi);
            assertThat(replay.userIdPattern().isPresent()).as(choice.id()).isEqualTo(simulationApi);
            assertThat(replay.intentUnknownWithoutNluData()).as(choice.id()).isEqualTo(choice == BackendChoice.ENDPOINT);
            assertThat(replay.checksIntentsOnly()).as(choice.id()).isEqualTo(choice == BackendChoice.NLU);
            assertThat(replay.missingNluDataHint()).as(choice.id()).isEmpty();
            assertThat(replay.pacing(10)).as(choice.id()).isEmpty();
            replay.close();
        }
        assertThat(opened).isZero();
        assertThat(closed).isZero();
    }

    @Test
    @DisplayName("the bot a recording run opened is named as it names itself, and closed with the run")
    void liveBackendClosedWithTheRun() {
        ReplayingBackend recording = backend(ReplayMode.RECORD);
        recording.send(request(CASE, 1, "hello", null));

        assertThat(recording.name()).isEqualTo("scripted");
        recording.close();

        assertThat(opened).isEqualTo(1);
        assertThat(closed).isEqualTo(1);
    }

    @Test
    @DisplayName("replay says why a repeated test's run has no recording: a later run was recorded and this one not, or the"
            + " test repeats more often than it was recorded")
    void repeatedRunNotRecorded() {
        record(request(CASE, 1, "hello", null), request(CASE + "/[repetition:3]", 1, "hello", null));
        ReplayingBackend replay = backend(ReplayMode.REPLAY);

        assertThatThrownBy(() -> replay.send(request(CASE + "/[repetition:2]", 1, "hello", null)))
                .isInstanceOf(NotRecordedException.class)
                .hasMessageContaining("no recording for [file:orders.sim.yaml]/[case:test_order]/[repetition:2] in ")
                .hasMessageContaining("(a later run of the test was recorded, this one not:")
                .hasMessageNotContaining("repeats more often");
        assertThatThrownBy(() -> replay.send(request(CASE + "/[repetition:4]", 1, "hello", null)))
                .isInstanceOf(NotRecordedException.class)
                .hasMessageContaining("(the test repeats more often than it was recorded): run once with cognigy.replay=record")
                .hasMessageNotContaining("a later run");
        assertThat(replay.send(request(CASE + "/[repetition:3]", 1, "hello", null)).replayed()).isTrue();
    }

    @Test
    @DisplayName("in replay the run's fingerprint is what its cassettes state, every value of a fact where they differ,"
            + " not what the configuration names now")
    void replayedFingerprintIsTheCassettes() throws java.io.IOException {
        CassetteFile.write(dir.resolve("a.sim.yaml.cassette.json"), CassetteFile.text(
                Fingerprint.of(Map.of("backend", "sandbox", "bot", "sha256:11")), List.of()));
        CassetteFile.write(dir.resolve("b.sim.yaml.cassette.json"), CassetteFile.text(
                Fingerprint.of(Map.of("backend", "sandbox", "bot", "sha256:22", "flow", "Main")), List.of()));
        ReplayingBackend replay = backend(ReplayMode.REPLAY);

        Fingerprint stated = replay.fingerprint(Set.of("[engine:cognigy]/[file:a.sim.yaml]/[case:x]",
                "[engine:cognigy]/[file:b.sim.yaml]/[case:y]", "[engine:cognigy]/[file:c.sim.yaml]/[case:z]"));

        assertThat(stated.facts()).containsExactly(Map.entry("backend", "sandbox"), Map.entry("bot", "sha256:11 | sha256:22"),
                Map.entry("flow", "Main | none"));
        assertThat(replay.fingerprint()).isEqualTo(stated);
    }

    @Test
    @DisplayName("a test without a recording in a cassette of many entries it cannot read names a few of them and counts"
            + " the rest, not all of them in every such test's failure")
    void manyBadEntriesAreCountedInATestsFailure() throws java.io.IOException {
        List<Exchange> entries = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            entries.add(new Exchange("[file:orders.sim.yaml]/[case:test_" + i + "]", 1, Map.of("text", "t"), Map.of(
                    "status", "passed", "turns", List.of()), 0));
        }
        CassetteFile.write(dir.resolve("orders.sim.yaml.cassette.json"), CassetteFile.text(
                Fingerprint.of(Map.of("backend", "sandbox")), entries));
        ReplayingBackend replay = backend(ReplayMode.REPLAY);

        assertThatThrownBy(() -> replay.send(request(CASE, 1, "hello", null)))
                .isInstanceOf(NotRecordedException.class)
                .hasMessageContaining("(its problems: ").hasMessageContaining("answer.status 'passed' is none the engine records")
                .hasMessageContaining("; and 1997 more, each listed at the run's end)")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(2_000));
        assertThat(replay.finish(Set.of(CASE)).problems()).hasSize(2_000);
    }

    @Test
    @DisplayName("what a cassette states it was recorded against reaches a replay's reports and console masked of the run's"
            + " secrets and cut, however it was edited: an endpoint's URL pasted in whole, its token with it")
    void recordedAgainstIsStatedMasked() throws java.io.IOException {
        String token = "ut-canary-5b1d9e7c3a2f";
        String url = "https://endpoint.example.com/" + token;
        CassetteFile.write(dir.resolve("orders.sim.yaml.cassette.json"), CassetteFile.text(Fingerprint.of(Map.of(
                "backend", "endpoint", "endpoint", url, "project", "p".repeat(100_000))), List.of()));
        EngineConfig defaults = EngineConfig.defaults();
        EngineConfig config = defaults.withSecrets(defaults.secrets().withEndpointUrl(
                        dev.botsim.cognigy.engine.support.Secret.of(url)))
                .withReplay(new RecordReplaySettings(ReplayMode.REPLAY, dir, List.of()));
        ReplayingBackend replay = new ReplayingBackend(ReplaySettings.of(config), config, this::bot, () -> false);

        Fingerprint stated = replay.fingerprint(Set.of(CASE));

        assertThat(stated.facts().get("endpoint")).doesNotContain(token).contains("****");
        assertThat(stated.facts().get("project")).hasSizeLessThan(1_000).endsWith("(100000 characters)");
        assertThat(String.join("\n", replay.finish(Set.of(CASE)).lines())).doesNotContain(token);
    }

    @Test
    @DisplayName("a test whose text cognigy.replay.redact names, replayed from a cassette recorded before it named it:"
            + " its failure quotes neither the recorded text nor the test's, and says why they differ; a text of any length"
            + " is quoted cut")
    void redactedTextRecordedInClearIsNotQuoted() {
        String huge = "where is ORD_1 " + "please ".repeat(10_000);
        record(request(CASE, 1, "where is ORD_1 for ann@example.com", null), request(OTHER, 1, huge, null));
        EngineConfig defaults = EngineConfig.defaults();
        EngineConfig config = defaults.withReplay(new RecordReplaySettings(ReplayMode.REPLAY, dir, List.of("/request/text")));
        ReplayingBackend replay = new ReplayingBackend(ReplaySettings.of(config), config, this::bot, () -> false);

        assertThatThrownBy(() -> replay.send(request(CASE, 1, "where is ORD_1 for ann@example.com", null)))
                .isInstanceOf(NotRecordedException.class)
                .hasMessageContaining("its text, recorded in clear before cognigy.replay.redact named it, may have changed"
                        + " since it was recorded")
                .hasMessageNotContaining("ann@example.com");
        assertThatThrownBy(() -> replay.send(request(CASE, 1, "where is ORD_2 for ann@example.com", null)))
                .isInstanceOf(NotRecordedException.class)
                .hasMessageContaining("its text (recorded \"<redacted sha256:")
                .hasMessageNotContaining("ann@example.com");

        ReplayingBackend plain = backend(ReplayMode.REPLAY);
        assertThatThrownBy(() -> plain.send(request(OTHER, 1, "where is ORD_2", null)))
                .isInstanceOf(NotRecordedException.class)
                .hasMessageContaining("its text (recorded \"where is ORD_1 please please")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(2_000).contains("(70015 characters)"));
    }
    @Test
    @org.junit.jupiter.api.condition.DisabledOnOs(value = org.junit.jupiter.api.condition.OS.WINDOWS,
            disabledReason = "Windows takes no ':' in a file's name, so no cassette was ever named with one there")
    @DisplayName("a cassette read under the name earlier versions gave a data file holding ':' is named by that file in"
            + " every message of a replay: a test without a recording, one changed since, and the tests it holds that the"
            + " run does not have, not by the name now, which has no file")
    void cassetteReadUnderItsEarlierNameIsNamedSo() throws java.io.IOException {
        String one = org.junit.platform.engine.UniqueId.forEngine("cognigy").append("file", "orders:v2.sim.yaml")
                .append("case", "test_order").toString();
        String two = one.replace("test_order", "test_other");
        String gone = one.replace("test_order", "test_gone");
        ReplayingBackend recording = backend(ReplayMode.RECORD);
        recording.send(request(one, 1, "where is ORD_1", null));
        recording.send(request(gone, 1, "where is ORD_9", null));
        assertThat(recording.finish(Set.of(one, gone)).unwritten()).isEmpty();
        Path now = dir.resolve("orders_v2.sim.yaml.cassette.json");
        Path earlier = dir.resolve("orders:v2.sim.yaml.cassette.json");
        java.nio.file.Files.move(now, earlier);
        ReplayingBackend replay = backend(ReplayMode.REPLAY);

        assertThatThrownBy(() -> replay.send(request(two, 1, "where is ORD_2", null)))
                .isInstanceOf(NotRecordedException.class)
                .hasMessageContaining(" in " + Cassettes.shown(earlier) + ": run once with cognigy.replay=record")
                .hasMessageNotContaining(Cassettes.shown(now));
        assertThatThrownBy(() -> replay.send(request(one, 1, "where is ORD_3", null)))
                .isInstanceOf(NotRecordedException.class)
                .hasMessageContaining("as it is now in " + Cassettes.shown(earlier) + ": its text")
                .hasMessageNotContaining(Cassettes.shown(now));
        ReplayReport report = replay.finish(Set.of(one, two));
        assertThat(String.join("\n", report.lines())).doesNotContain(Cassettes.shown(now));
        assertThat(report.notInRun()).containsOnlyKeys(Cassettes.shown(earlier));
    }
    @Test
    @DisplayName("a message holding a word that is also one of the run's secrets (a value of the webhook URL's query) is"
            + " recorded masked, and replayed as unchanged in replay and auto, not failed as changed since it was recorded"
            + " nor sent live on every run; a message that did change still is")
    void messageHoldingASecretsWordReplays() {
        EngineConfig defaults = EngineConfig.defaults();
        EngineConfig base = defaults.withSecrets(defaults.secrets().withWebhookUrl(
                java.util.Optional.of("https://qa.example.com/hook?project=checkout")));
        java.util.function.Function<ReplayMode, ReplayingBackend> backend = mode -> {
            EngineConfig config = base.withReplay(new RecordReplaySettings(mode, dir, List.of()));
            return new ReplayingBackend(ReplaySettings.of(config), config, this::bot, () -> false);
        };
        ReplayingBackend recording = backend.apply(ReplayMode.RECORD);
        recording.send(request(CASE, 1, "I want to checkout now", null));
        assertThat(recording.finish(Set.of(CASE)).unwritten()).isEmpty();
        sent.clear();

        TurnResult replayed = backend.apply(ReplayMode.REPLAY).send(request(CASE, 1, "I want to checkout now", null));
        TurnResult auto = backend.apply(ReplayMode.AUTO).send(request(CASE, 1, "I want to checkout now", null));

        assertThat(replayed.replayed()).isTrue();
        assertThat(auto.replayed()).isTrue();
        assertThat(sent).isEmpty();
        assertThatThrownBy(() -> backend.apply(ReplayMode.REPLAY).send(request(CASE, 1, "I want to checkout later", null)))
                .isInstanceOf(NotRecordedException.class)
                .hasMessageContaining("its text (recorded \"I want to **** now\", now \"I want to **** later\")");
    }
    @Test
    @DisplayName("a value cognigy.replay.redact names twice (a slot name and a pointer at the same field of the request) is"
            + " recorded as its digest once: a test recorded while one named it replays as unchanged once both do, and the"
            + " cassette holds the digest a report writes for the value")
    void valueNamedTwiceIsDigestedOnce() {
        java.util.function.BiFunction<ReplayMode, List<String>, ReplayingBackend> backend = (mode, redact) -> {
            EngineConfig config = EngineConfig.defaults().withReplay(new RecordReplaySettings(mode, dir, redact));
            return new ReplayingBackend(ReplaySettings.of(config), config, this::bot, () -> false);
        };
        TurnRequest request = new TurnRequest("run_1", "t", 1, "user", "web", "my address", Map.of("EMAIL", "ann@example.com"),
                null, "key", null, Map.of(), null, CASE);
        ReplayingBackend recording = backend.apply(ReplayMode.RECORD, List.of("EMAIL"));
        recording.send(request);
        assertThat(recording.finish(Set.of(CASE)).unwritten()).isEmpty();
        sent.clear();

        TurnResult replayed = backend.apply(ReplayMode.REPLAY, List.of("EMAIL", "/request/data/EMAIL")).send(request);

        assertThat(replayed.replayed()).isTrue();
        ReplayingBackend both = backend.apply(ReplayMode.RECORD, List.of("/request/data/EMAIL", "EMAIL"));
        both.send(request);
        assertThat(both.finish(Set.of(CASE)).unwritten()).isEmpty();
        assertThat(CassetteFile.read(dir, dir.resolve("orders.sim.yaml.cassette.json"), "c").exchanges().values())
                .singleElement().extracting(e -> e.request().get("data"))
                .isEqualTo(Map.of("EMAIL", dev.botsim.cognigy.engine.support.Redaction.digested("ann@example.com")));
    }

    @Test
    @DisplayName("a cassette written again redacts what cognigy.replay.redact names now in the entries it keeps of tests"
            + " this run did not record: recorded before the setting named a value, they hold it in clear no longer, and"
            + " still replay as unchanged in replay and auto")
    void keptEntriesAreRedactedWhenWritten() throws java.io.IOException {
        java.util.function.BiFunction<ReplayMode, List<String>, ReplayingBackend> backend = (mode, redact) -> {
            EngineConfig config = EngineConfig.defaults().withReplay(new RecordReplaySettings(mode, dir, redact));
            return new ReplayingBackend(ReplaySettings.of(config), config, this::bot, () -> false);
        };
        TurnRequest order = new TurnRequest("run_1", "t", 1, "user", "web", "my address", Map.of("EMAIL", "ann@example.com"),
                null, "key", null, Map.of(), null, CASE);
        TurnRequest other = new TurnRequest("run_1", "t", 1, "user", "web", "my other address",
                Map.of("EMAIL", "bob@example.com"), null, "key", null, Map.of(), null, OTHER);
        ReplayingBackend plain = backend.apply(ReplayMode.RECORD, List.of());
        plain.send(order);
        plain.send(other);
        assertThat(plain.finish(Set.of(CASE, OTHER)).unwritten()).isEmpty();
        Path file = dir.resolve("orders.sim.yaml.cassette.json");
        assertThat(java.nio.file.Files.readString(file)).contains("bob@example.com", "you said my other address");

        List<String> redact = List.of("EMAIL", "/answer/turns/0/text");
        ReplayingBackend again = backend.apply(ReplayMode.RECORD, redact);
        again.send(order);
        assertThat(again.finish(Set.of(CASE, OTHER)).unwritten()).isEmpty();
        sent.clear();

        String text = java.nio.file.Files.readString(file);
        assertThat(text).doesNotContain("ann@example.com", "bob@example.com", "you said")
                .contains(dev.botsim.cognigy.engine.support.Redaction.digested("bob@example.com"));
        TurnResult replayed = backend.apply(ReplayMode.REPLAY, redact).send(other);
        TurnResult auto = backend.apply(ReplayMode.AUTO, redact).send(other);
        assertThat(replayed.replayed()).isTrue();
        assertThat(text(replayed)).isEqualTo("<redacted>");
        assertThat(auto.replayed()).isTrue();
        assertThat(sent).isEmpty();
    }
}
