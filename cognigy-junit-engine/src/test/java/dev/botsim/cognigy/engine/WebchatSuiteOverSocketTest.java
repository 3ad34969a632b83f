package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
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

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.fixtures.WebchatConversation;
import dev.botsim.cognigy.spi.Outcome;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * A Webchat team's suite — a data file and a {@code @Conversation} class: quick replies clicked, a gallery's card button,
 * a postback, a Question node asking again, a repeated test — through the sandbox's Socket Endpoint, which pushes a
 * message's first output at once and the others after the flow's processing time (a Say node, an HTTP call, a Say
 * node), and through its REST Endpoint: the same verdicts.
 */
class WebchatSuiteOverSocketTest {

    @TempDir
    Path dir;

    private Map<String, SimulationRecord> run(String backend, Path file) {
        RecordingListener listener = new RecordingListener();
        EngineTestKit.engine(new CognigyTestEngine(new EngineServices(Map.<String, String>of()::get, Backends::create,
                        Clock.systemUTC()).withListeners(listener)))
                .configurationParameter(Constants.BACKEND, backend)
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/webchat-bot.yaml")
                .configurationParameter(Constants.SANDBOX_PROCESSING_TIME, "50ms")
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports-" + backend).toString())
                .selectors(selectFile(file.toFile()), selectClass(WebchatConversation.class)).execute();
        Map<String, SimulationRecord> records = new TreeMap<>();
        listener.finished.forEach(record -> records.put(record.testId(), record));
        return records;
    }

    @Test
    @DisplayName("every test passes through the Socket Endpoint as through the REST Endpoint, outputs after the flow's HTTP"
            + " call (the gallery, the Code node's report) counted in their turn")
    void sameVerdictsAsTheRestEndpoint() throws Exception {
        Path file = dir.resolve("webchat.sim.yaml");
        Files.writeString(file, String.join("\n", "version: 1", "bot: webchat-bot", "cases:",
                "  - id: test_contact", "    utterance: how can I reach you",
                "    expect: { intent: contact, buttons: [Call, Website], response_contains: Find one near you }",
                "  - id: test_hello_repeated", "    utterance: hello", "    repeat: 3",
                "    expect: { intent: greeting, quick_replies: [Check my order] }",
                "conversations:", "  - id: test_order", "    turns:",
                "      - say: where is my order", "        expect: { quick_replies: [I do not know it] }",
                "      - say: no idea", "        expect: { response_contains: Order numbers look like }",
                "      - say: ORD_77", "        expect: { response_contains: ORD_77 }", ""));

        Map<String, SimulationRecord> socket = run("socket", file);
        Map<String, SimulationRecord> rest = run("endpoint", file);

        Map<String, Outcome> socketOutcomes = new TreeMap<>();
        socket.forEach((id, record) -> socketOutcomes.put(id, record.outcome()));
        Map<String, Outcome> restOutcomes = new TreeMap<>();
        rest.forEach((id, record) -> restOutcomes.put(id, record.outcome()));
        assertThat(socketOutcomes).containsKeys("test_contact", "test_hello_repeated", "test_order#3",
                "test_clickQuickReplyThenAnswerTheQuestion", "test_clickCardButton", "test_getStarted");
        assertThat(socketOutcomes.values()).containsOnly(Outcome.PASSED);
        assertThat(socketOutcomes).isEqualTo(restOutcomes);
        assertThat(socket.get("test_contact").actual().toString()).contains("intent=contact",
                "Find one near you", "cardButtons=[Show branches]");
    }
}
