package dev.botsim.cognigy.engine.backend.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.engine.CognigyTestEngine;
import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.RunInfo;
import dev.botsim.cognigy.spi.SimulationListener;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * A suite of a Webchat bot run through the embedded sandbox's Socket Endpoint with its management API, recorded, then
 * replayed: the replay reads each answer as the live run read it — Webchat's rendering of the rich content, the flows
 * named through the management API, the context injected — so every test gets the verdict it got live.
 */
class SocketRecordReplayEngineTest {

    @TempDir
    Path dir;

    /** What a test ended with, as a replay must give it again. */
    private record Verdict(Outcome outcome, String message, String actual, boolean replayed) {
    }

    private static final String SUITE = String.join("\n", "version: 1", "bot: webchat-bot", "cases:",
            "  - id: test_contact", "    utterance: how can I reach you",
            "    expect: { intent: contact, buttons: [Call, Website], response_contains: Find one near you }",
            "  - id: test_hello", "    utterance: hello",
            "    expect: { intent: greeting, next_flow: flow_greeting, quick_replies: [Check my order, Talk to an agent] }",
            "  - id: test_hello_wrong_choice", "    utterance: hello", "    expect: { quick_replies: [Cancel my order] }",
            "  - id: test_contact_wrong_intent", "    utterance: how can I reach you", "    expect: { intent: greeting }",
            "  - id: test_injected", "    utterance: hello", "    inject_context: { customerTier: gold }",
            "    expect: { intent: greeting }",
            "conversations:", "  - id: test_order", "    turns:",
            "      - say: where is my order", "        expect: { quick_replies: [I do not know it] }",
            "      - say: no idea", "        expect: { response_contains: Order numbers look like }",
            "      - say: ORD_77", "        expect: { response_contains: ORD_77 }", "");

    /** Keeps the run's backend and its tests' records. */
    private static final class Listener implements SimulationListener {
        final java.util.List<SimulationRecord> finished = new java.util.concurrent.CopyOnWriteArrayList<>();
        final java.util.List<RunInfo> runs = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void runStarted(RunInfo run) {
            runs.add(run);
        }

        @Override
        public void simulationFinished(SimulationRecord record) {
            finished.add(record);
        }
    }

    private Map<String, Verdict> run(String replay, Path file) {
        Listener listener = new Listener();
        EngineTestKit.engine(new CognigyTestEngine(new EngineServices(Map.<String, String>of()::get, Backends::create,
                        Clock.systemUTC()).withListeners(listener)))
                .configurationParameter(Constants.BACKEND, "socket")
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/webchat-bot.yaml")
                .configurationParameter(Constants.REPLAY, replay)
                .configurationParameter(Constants.REPLAY_DIR, dir.resolve("cassettes").toString())
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports-" + replay).toString())
                .selectors(selectFile(file.toFile())).execute();
        Map<String, Verdict> verdicts = new TreeMap<>();
        for (SimulationRecord record : listener.finished) {
            verdicts.put(record.testId(), new Verdict(record.outcome(), record.message(), String.valueOf(record.actual()),
                    record.replayed()));
        }
        if (!replay.equals("replay")) assertThat(listener.runs.get(0).backend()).isEqualTo("sandbox-socket");
        return verdicts;
    }

    @Test
    @DisplayName("recorded through the sandbox's Socket Endpoint, then replayed: the live verdicts, failures and the turns as"
            + " Webchat renders them alike, every test answered from its cassette")
    void replayJudgesAsLive() throws Exception {
        Path file = dir.resolve("webchat.sim.yaml");
        Files.writeString(file, SUITE);

        Map<String, Verdict> live = run("off", file);
        Map<String, Verdict> recorded = run("record", file);
        Map<String, Verdict> replayed = run("replay", file);

        assertThat(live).containsKeys("test_contact", "test_hello", "test_hello_wrong_choice", "test_contact_wrong_intent",
                "test_injected", "test_order#3");
        assertThat(live.get("test_contact").outcome()).isEqualTo(Outcome.PASSED);
        assertThat(live.get("test_hello").outcome()).isEqualTo(Outcome.PASSED);
        assertThat(live.get("test_injected").outcome()).isEqualTo(Outcome.PASSED);
        assertThat(live.get("test_hello_wrong_choice").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(live.get("test_contact_wrong_intent").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(live.get("test_contact").actual()).contains("cardButtons=[Show branches]");
        assertThat(replayed.values()).allMatch(Verdict::replayed);
        for (String test : live.keySet()) {
            Verdict now = live.get(test);
            assertThat(recorded.get(test)).as(test).extracting(Verdict::outcome, Verdict::message, Verdict::actual)
                    .containsExactly(now.outcome(), now.message(), now.actual());
            assertThat(replayed.get(test)).as(test).extracting(Verdict::outcome, Verdict::actual)
                    .containsExactly(now.outcome(), now.actual());
            // A replayed failure says what the live one said, and that its answer was replayed.
            if (now.message() != null) assertThat(replayed.get(test).message()).as(test).startsWith(now.message());
        }
    }
}
