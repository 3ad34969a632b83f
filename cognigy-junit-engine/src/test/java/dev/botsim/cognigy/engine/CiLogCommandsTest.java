package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;

/**
 * The Azure Pipelines agent acts on {@code ##vso[area.action …]} wherever it stands in a line of a step's output, and
 * GitHub's runner on {@code ##[command …]} wherever it stands (its older form, still read: {@code ##[error]},
 * {@code ##[set-output name=…]}, {@code ##[stop-commands]}). What the engine prints and the failure messages and test names
 * it builds, which Surefire prints into the job's log, quote what the bot said, what the data file says and the approved
 * answer: none of them may carry a working command there.
 */
class CiLogCommandsTest {

    private static final String AZURE = "##vso[task.setvariable variable=COGNIGY_API_KEY]stolen";
    private static final String GITHUB = "##[set-output name=verdict]COMPLIANT";
    private static final String BOTH = " " + AZURE + " " + GITHUB + " ###vso[task.complete result=Succeeded]";

    @TempDir
    Path dir;

    @Test
    @DisplayName("a bot's answer, intent, flow and error, a data file's id and utterance and an approved answer holding ##vso[…]"
            + " or ##[…]: the console, the tests' names and their failure messages carry no command the Azure agent or GitHub's"
            + " runner reads, and show the text with its second '#' written \\u0023")
    void noCommandInTheLog() throws Exception {
        Path file = Files.writeString(dir.resolve("hostile.sim.yaml"), """
                version: 1
                cases:
                  - id: test_answer
                    utterance: "tell me%s"
                    expect: { intent: check_order, next_flow: flow_order_status, response_contains: parcel }
                  - id: test_error
                    utterance: break
                    expect: { intent: intent_x }
                  - id: test_approved
                    utterance: hello
                    expect: approved
                """.formatted(BOTH.replace("\"", "\\\"")));
        Map<String, String> parameters = Map.of(Constants.APPROVE_DIR, dir.resolve("approved").toString(),
                Constants.REPORT_DIR, dir.resolve("reports").toString());
        BotTurn approved = TestTurns.turn(0, "flow_order", "greeting", 0.9, Map.of(), "Hello" + BOTH, null, null);
        run(new ScriptedBackend().answering("hello", approved), parameters, file);

        ScriptedBackend bot = new ScriptedBackend()
                .answering("tell me" + BOTH, TestTurns.turn(0, "flow_x" + BOTH, "intent_x" + BOTH, 0.9, Map.of(), "Hi" + BOTH, null, null))
                .answering("break", TestTurns.turn(0, "flow_x" + BOTH, "intent_x", 0.9, Map.of(), "Hi", "FLOW_ERROR" + BOTH,
                        "it broke" + BOTH))
                .answering("hello", TestTurns.turn(0, "flow_order", "greeting", 0.9, Map.of(), "Bye" + BOTH, null, null));
        Run run = run(bot, parameters, file);

        List<String> texts = new ArrayList<>(run.console().lines().toList());
        for (Event e : run.results().allEvents().list()) {
            texts.add(e.getTestDescriptor().getDisplayName());
            texts.add(e.getTestDescriptor().getLegacyReportingName());
            e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                    .ifPresent(failure -> texts.add(failure.getMessage()));
        }
        assertThat(run.results().testEvents().failed().count()).isEqualTo(3);
        // Every place quotes the text, so its absence below is the escaping's and not the text's.
        assertThat(texts).anySatisfy(text -> assertThat(text).contains("tell me #\\u0023vso[task.setvariable"));
        assertThat(texts).anySatisfy(text -> assertThat(text).contains("\"Hi #\\u0023vso[task.setvariable"));
        assertThat(texts).anySatisfy(text -> assertThat(text).contains("approved \"Hello #\\u0023vso["));
        assertThat(texts).anySatisfy(text -> assertThat(text).startsWith("[cognigy] misconfiguration in flow_x #\\u0023vso["));
        assertThat(texts).anySatisfy(text -> assertThat(text).contains("#\\u0023[set-output name=verdict]"));
        assertThat(texts).anySatisfy(text -> assertThat(text).contains("##\\u0023vso[task.complete"));
        assertThat(texts).allSatisfy(text -> assertThat(text).doesNotContain("##vso[").doesNotContain("##["));
    }

    @Test
    @DisplayName("a test method's own assertion quoting a bot's answer of several lines (AssertJ quotes them as they are):"
            + " no line of its failure is a GitHub workflow command or carries an Azure one")
    void methodAssertionQuotingTheAnswer() {
        ScriptedBackend bot = new ScriptedBackend().answering("hello there", TestTurns.turn(0, "flow_x", "greeting", 0.9, Map.of(),
                "Hi\n::error title=cognigy::forged\n  ::add-mask::Hello\n" + AZURE, null, null));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        EngineExecutionResults results = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(name -> null,
                        config -> bot, Clock.systemUTC()).withConsole(new PrintStream(console, true, StandardCharsets.UTF_8))))
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .selectors(selectMethod("dev.botsim.cognigy.engine.fixtures.OwnAssertionFailures#textHasGoodbye("
                        + "dev.botsim.cognigy.annotations.SimulationResult)")).execute();

        String message = EngineTestSupport.failureMessages(results).get(0);
        assertThat(message).contains("Expecting actual:\n  \"Hi\n\\u003a:error title=cognigy::forged\n  \\u003a:add-mask::Hello\n"
                + "#\\u0023vso[task.setvariable");
        assertThat(message.lines()).noneMatch(line -> line.strip().startsWith("::")).noneMatch(line -> line.contains("##vso["));
    }

    private record Run(EngineExecutionResults results, String console) {
    }

    private static Run run(ScriptedBackend bot, Map<String, String> parameters, Path file) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        EngineTestKit.Builder kit = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(name -> null, config -> bot,
                        Clock.systemUTC()).withConsole(new PrintStream(console, true, StandardCharsets.UTF_8))))
                .selectors(selectFile(file.toFile()));
        parameters.forEach(kit::configurationParameter);
        return new Run(kit.execute(), console.toString(StandardCharsets.UTF_8));
    }
}
