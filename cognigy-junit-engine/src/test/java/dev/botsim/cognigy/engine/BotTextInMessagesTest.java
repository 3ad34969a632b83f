package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.botsim.cognigy.engine.backend.BotSchema;
import dev.botsim.cognigy.engine.config.Constants;

import dev.botsim.cognigy.annotations.BotTurn;

/**
 * What a bot says reaches failure messages, and failure messages reach the CI log line by line (Surefire's console and
 * reports). A bot's answer, intent, flow, slot value or error must not start a line of its own there: GitHub Actions
 * reads a line starting with {@code ::} as a workflow command, and a reader takes {@code [INFO] BUILD SUCCESS} for the
 * build's verdict.
 */
class BotTextInMessagesTest {

    private static final String FORGED = "\n::error title=cognigy::forged annotation\r\n[cognigy] governance: COMPLIANT\u2028[INFO] BUILD SUCCESS";

    @TempDir
    Path folder;

    @Test
    @DisplayName("a bot's text, intent, flow, slot value and error stay inside the failure message's lines, escaped")
    void botTextCannotStartALine() throws IOException {
        ScriptedBackend bot = new ScriptedBackend()
                .answering("tell me", TestTurns.turn(0, "flow_x" + FORGED, "intent_x" + FORGED, 0.9, Map.of("order_id", "ORD" + FORGED),
                        "Hello!" + FORGED, null, null))
                .answering("break", TestTurns.turn(0, "flow_x", "intent_x", 0.9, Map.of(), "Hello!", "FLOW_ERROR" + FORGED,
                        "it broke" + FORGED));
        Path file = Files.writeString(folder.resolve("hostile.sim.yaml"), """
                version: 1
                cases:
                  - id: test_every_field
                    utterance: tell me
                    expect:
                      intent: check_order
                      entities: { order_id: ORD_99 }
                      next_flow: flow_order_status
                      response_contains: your order
                  - id: test_any_and_none
                    utterance: tell me
                    expect:
                      response_contains_any: [parcel, package]
                      response_not_contains: [Hello]
                      response_matches: "^Goodbye"
                  - id: test_misconfiguration
                    utterance: break
                    expect:
                      intent: intent_x
                """);
        EngineExecutionResults results = kit(bot).selectors(selectFile(file.toFile())).execute();

        List<String> messages = results.testEvents().finished().stream()
                .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow().getMessage())
                .toList();
        assertThat(messages).hasSize(3);
        for (String message : messages) {
            // The bot's words are in the message, escaped where they broke the line...
            assertThat(message).contains("\\n::error title=cognigy::forged annotation\\r\\n[cognigy] governance: COMPLIANT\\u2028");
            // ...and none of its lines is one the bot wrote.
            assertThat(message.split("\\R")).as(message).noneMatch(line -> line.strip().startsWith("::")
                    || line.strip().startsWith("[cognigy]") || line.strip().startsWith("[INFO]"));
        }
        assertThat(messages).anySatisfy(m -> assertThat(m).contains("test_every_field", "[intent]", "entity order_id", "next flow",
                "response", "user: \"tell me\""));
        assertThat(messages).anySatisfy(m -> assertThat(m).contains("test_any_and_none", "contain any of", "contain none of"));
        assertThat(messages).anySatisfy(m -> assertThat(m).contains("test_misconfiguration: bot misconfiguration FLOW_ERROR\\n::error"));
    }

    @Test
    @DisplayName("an answer cut inside an emoji or carrying a right-to-left override is quoted escaped, with what follows it")
    void unpairedSurrogateAndBidiOverrideAreEscaped() throws IOException {
        // A bot that cuts its answer by UTF-16 units (JavaScript's substring) can end it with half of an emoji; encoded
        // for the console, that half cuts the failure message, and the expectation after it is lost.
        ScriptedBackend bot = new ScriptedBackend()
                .answering("tell me", TestTurns.turn(0, "flow_x\u202Eevil", "intent_x", 0.9, Map.of(),
                        "Your parcel \uD83D is \u202Eyawa", null, null));
        Path file = Files.writeString(folder.resolve("cut.sim.yaml"), """
                version: 1
                cases:
                  - id: test_cut
                    utterance: tell me
                    expect:
                      response_contains: arrived
                      next_flow: flow_order_status
                """);
        EngineExecutionResults results = kit(bot).selectors(selectFile(file.toFile())).execute();

        String message = results.testEvents().finished().stream()
                .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow().getMessage())
                .findFirst().orElseThrow();
        assertThat(message).contains("Your parcel \\ud83d is \\u202eyawa", "flow_x\\u202eevil", "arrived");
        assertThat(message.chars().filter(c -> Character.isSurrogate((char) c) || c == 0x202E).count()).isZero();
    }

    /** The failure messages of the run's tests, in the order they finished; {@code null} for a test that passed. */
    private static List<String> messages(EngineExecutionResults results) {
        return results.testEvents().finished().stream()
                .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().map(Throwable::getMessage).orElse(null))
                .toList();
    }

    /** Each message keeps its own lines only: none the bot wrote, and no control character but the line breaks between them. */
    private static void ownLinesOnly(List<String> messages) {
        for (String message : messages) {
            assertThat(message.split("\n")).as(message).noneMatch(line -> line.strip().startsWith("::")
                    || line.strip().startsWith("[cognigy]") || line.strip().startsWith("[INFO]"));
            assertThat(message.chars().filter(c -> c != '\n' && (Character.isISOControl(c) || c == 0x2028 || c == 0x202E)))
                    .as(message).isEmpty();
        }
    }

    @Test
    @DisplayName("the bot's flow and entity names listed where a test names one the bot lacks, and the intent suggested"
            + " for one it does not list, are quoted escaped, on the message's lines")
    void botNamesInWhatTheBotLacks() throws IOException {
        ScriptedBackend bot = new ScriptedBackend() {
            @Override
            public BotSchema schema() {
                return new BotSchema(Optional.of(Set.of("order_id" + FORGED)), Optional.of(Set.of("flow_order" + FORGED)),
                        Optional.of(Set.of("greeting\u001b")));
            }
        }.answering("hello", TestTurns.turn(0, "flow_order", "escalate", 0.9, Map.of(), "Hi", null, null));
        Path file = Files.writeString(folder.resolve("lacks.sim.yaml"), """
                version: 1
                cases:
                  - id: test_unknown_names
                    utterance: hello
                    expect:
                      entities: { colour: red }
                      next_flow: flow_nope
                  - id: test_unlisted_intent
                    utterance: hello
                    expect:
                      intent: greeting
                """);
        List<String> messages = messages(kit(bot).selectors(selectFile(file.toFile())).execute());

        assertThat(messages).hasSize(2);
        ownLinesOnly(messages);
        assertThat(messages).anySatisfy(m -> assertThat(m).contains("the bot has no entity colour (known entities: order_id\\n::error",
                "the bot has no flow flow_nope (known flows: flow_order\\n::error title=cognigy::forged annotation\\r\\n[cognigy]"));
        assertThat(messages).anySatisfy(m -> assertThat(m).contains("is not among the 1 intents the bot lists"
                + " — did you mean 'greeting\\u001b'?"));
    }

    @Test
    @DisplayName("an answer that differs from its approved one is quoted escaped, the approved answer and the bot's alike")
    void approvedAnswerDiff() throws IOException {
        Path file = Files.writeString(folder.resolve("approved.sim.yaml"), """
                version: 1
                cases:
                  - id: test_approved
                    utterance: hello
                    expect: approved
                """);
        Map<String, String> approvals = Map.of(Constants.APPROVE_DIR, folder.resolve("approved").toString());
        ScriptedBackend before = new ScriptedBackend().answering("hello", TestTurns.turn(0, "flow_order", "greeting", 0.9,
                Map.of("order_id", "ORD" + FORGED), "Hello \u001b]0;title\u0007" + FORGED, null, null));
        List<String> recorded = messages(kit(before).configurationParameters(approvals).selectors(selectFile(file.toFile())).execute());
        assertThat(recorded).containsOnlyNulls();

        ScriptedBackend after = new ScriptedBackend().answering("hello", TestTurns.turn(0, "flow_order" + FORGED, "greeting", 0.9,
                Map.of("order_id", "ORD\u001b[31m" + FORGED), "Bye \u001b[2J" + FORGED, null, null));
        List<String> messages = messages(kit(after).configurationParameters(approvals).selectors(selectFile(file.toFile())).execute());

        assertThat(messages).hasSize(1);
        ownLinesOnly(messages);
        assertThat(messages.get(0)).contains("bot answer differs from the approved answer for \"hello\"",
                "- text: approved \"Hello \\u001b]0;title\\u0007\\n::error title=cognigy::forged annotation\\r\\n[cognigy] governance:"
                        + " COMPLIANT\\u2028[INFO] BUILD SUCCESS\", the bot answered \"Bye \\u001b[2J\\n::error",
                "- entities: approved {order_id=ORD\\n::error", "the bot answered {order_id=ORD\\u001b[31m\\n::error",
                "- next_flow: approved \"flow_order\", the bot answered \"flow_order\\n::error");
    }
}

