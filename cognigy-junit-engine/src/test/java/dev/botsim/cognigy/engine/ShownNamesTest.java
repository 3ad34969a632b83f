package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.config.Constants;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Test names as Surefire, Gradle and IDEs show them, one line each: the console's {@code [ERROR] … test_rtl: …} line, the
 * XML report's {@code testcase name}, the {@code Failures:} and {@code Errors:} summaries, which put a failed test's name
 * and its failure's first line on one line.
 */
class ShownNamesTest {

    /** A right-to-left override: what follows it on the line is shown turned around. */
    private static final String RLO = "\u202E";

    @TempDir
    Path dir;

    private final ScriptedBackend backend = new ScriptedBackend();

    private EngineExecutionResults run(Path file, String naming) {
        return kit(backend).configurationParameter(Constants.NAMING_STRATEGY, naming)
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports-" + naming).toString())
                .selectors(selectFile(file.toFile())).execute();
    }

    /** Each finished test's descriptor by its unique id's last value (the test id, the turn's number). */
    private static Map<String, TestDescriptor> tests(EngineExecutionResults results) {
        return results.testEvents().finished().stream().map(Event::getTestDescriptor)
                .collect(Collectors.toMap(d -> d.getUniqueId().getLastSegment().getValue(), Function.identity()));
    }

    private static Throwable failure(EngineExecutionResults results, TestDescriptor test) {
        return results.testEvents().finished().stream().filter(e -> e.getTestDescriptor().equals(test)).findFirst()
                .flatMap(e -> e.getPayload(TestExecutionResult.class)).flatMap(TestExecutionResult::getThrowable).orElseThrow();
    }

    /** As Maven's summary lists a failed test: its name, then its failure's type and the first line of its message. */
    private static String summaryLine(TestDescriptor test, Throwable failure) {
        String type = failure.getClass().getSimpleName().replaceFirst("(Exception|Error)$", "");
        return test.getDisplayName() + " » " + type + " " + failure.getMessage().lines().findFirst().orElse("");
    }

    @Test
    @DisplayName("bidirectional controls and invisible characters of what a test says are shown visibly in its display and"
            + " legacy names, whatever the naming strategy; the text is sent and the test is found as written")
    void invisibleCharactersShownInNames() throws Exception {
        Path file = Files.writeString(dir.resolve("spoof.sim.yaml"), """
                cases:
                  - id: test_rtl
                    utterance: "abc \\u202Edlrow olleh"
                    expect: { intent: escalate }
                conversations:
                  - id: test_conv
                    turns:
                      - say: "hi\\u2066 there\\u2069 and\\u200B\\u00A0you"
                        expect: { intent: greeting }
                """);

        for (String naming : List.of("short", "long")) {
            EngineExecutionResults results = run(file, naming);
            Map<String, TestDescriptor> tests = tests(results);

            TestDescriptor rtl = tests.get("test_rtl");
            String shown = "abc \\u202edlrow olleh";
            assertThat(rtl.getDisplayName()).isEqualTo(naming.equals("long") ? "spoof.sim.yaml test_rtl: " + shown : shown);
            assertThat(rtl.getLegacyReportingName()).isEqualTo("spoof.sim.yaml test_rtl: " + shown);
            TestDescriptor turn = tests.get("1");
            assertThat(turn.getLegacyReportingName())
                    .isEqualTo("spoof.sim.yaml test_conv > turn 1: hi\\u2066 there\\u2069 and\\u200b\\u00a0you");
            for (TestDescriptor test : tests.values()) {
                assertThat(test.getDisplayName() + test.getLegacyReportingName()).as("no name hides or reorders text")
                        .doesNotContain(RLO, "\u2066", "\u2069", "\u200B", "\u00A0");
            }
            // The failure's first line, which the summary puts beside the name, quotes what was said as visibly.
            assertThat(summaryLine(rtl, failure(results, rtl))).startsWith(rtl.getDisplayName() + " » AssertionFailed ")
                    .endsWith("spoof.sim.yaml:2 test_rtl: bot answer differs from the expectation for \"" + shown + "\" in intent");
            assertThat(rtl.getUniqueId().getLastSegment().getValue()).isEqualTo("test_rtl");
        }
        assertThat(backend.requests).extracting(TurnRequest::text).contains("abc " + RLO + "dlrow olleh",
                "hi\u2066 there\u2069 and\u200B\u00A0you");
    }

    @Test
    @DisplayName("the noncharacters U+FFFE and U+FFFF, which XML 1.0 forbids and Surefire writes into TEST-*.xml as they are"
            + " (GitLab, Jenkins and every XML parser then reject the whole report), are written visibly in a test's names and"
            + " in its failure's message, as control characters are; the text is sent as written")
    void xmlIllegalCharactersShownVisibly() throws Exception {
        backend.answering("ring \uFFFE\uFFFF", TestTurns.turn(0, "flow_bell", "bell", 0.9,
                Map.of(), "ding\uFFFF dong\u0007", null, null));
        Path file = Files.writeString(dir.resolve("bell.sim.yaml"), """
                cases:
                  - id: test_bell
                    utterance: "ring \\uFFFE\\uFFFF"
                    expect: { response_contains: silence }
                """);

        for (String naming : List.of("short", "long")) {
            EngineExecutionResults results = run(file, naming);
            TestDescriptor bell = tests(results).get("test_bell");
            String message = failure(results, bell).getMessage();

            assertThat(bell.getLegacyReportingName()).isEqualTo("bell.sim.yaml test_bell: ring \\ufffe\\uffff");
            assertThat(bell.getDisplayName()).isEqualTo(naming.equals("long") ? "bell.sim.yaml test_bell: ring \\ufffe\\uffff"
                    : "ring \\ufffe\\uffff");
            assertThat(message).contains("for \"ring \\ufffe\\uffff\" in response_contains", "\"ding\\uffff dong\\u0007\"");
            for (String shown : List.of(bell.getDisplayName(), bell.getLegacyReportingName(), message)) {
                assertThat(shown.codePoints().filter(c -> !xmlCharacter(c)).boxed().toList()).as(shown).isEmpty();
            }
        }
        assertThat(backend.requests).extracting(TurnRequest::text).containsOnly("ring \uFFFE\uFFFF");
    }

    /** XML 1.0's {@code Char}: what a report may hold, literally or as a character reference. */
    private static boolean xmlCharacter(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
    }

    @Test
    @DisplayName("a 2,000-character utterance is not the whole name: its beginning, cut between characters, and its length,"
            + " within the 200 characters the HTML overview shows; the failure's first line quotes 300 characters of it, as it"
            + " quotes an answer; the text sent, the unique id and the transcript keep it whole")
    void longUtteranceCutInNames() throws Exception {
        // An emoji across every place the name could be cut: 😀 is two chars, so a cut by chars would split one.
        String utterance = "😀".repeat(1000);
        Path file = Files.writeString(dir.resolve("long.sim.yaml"), "cases:\n  - id: test_long\n    utterance: \"" + utterance
                + "\"\n    expect: { intent: escalate }\n");

        for (String naming : List.of("short", "long")) {
            EngineExecutionResults results = run(file, naming);
            TestDescriptor test = tests(results).get("test_long");

            String prefix = "long.sim.yaml test_long: ";
            String legacy = test.getLegacyReportingName();
            assertThat(legacy).startsWith(prefix + "😀").endsWith("😀… (1000 characters)");
            assertThat(legacy.codePointCount(0, legacy.length())).isEqualTo(200);
            String display = test.getDisplayName();
            if (naming.equals("long")) {
                assertThat(display).isEqualTo(legacy);
            } else {
                assertThat(display).isEqualTo("😀".repeat(200 - "… (1000 characters)".length()) + "… (1000 characters)");
            }
            assertThat(test.getUniqueId().getLastSegment().getValue()).isEqualTo("test_long");

            Throwable failure = failure(results, test);
            String firstLine = failure.getMessage().lines().findFirst().orElseThrow();
            assertThat(firstLine).endsWith("bot answer differs from the expectation for \"" + "😀".repeat(300)
                    + "… (1000 characters)\" in intent");
            assertThat(failure.getMessage()).as("the transcript has it whole").contains(utterance);
        }
        assertThat(backend.requests).extracting(TurnRequest::text).containsOnly(utterance);
    }

    @Test
    @DisplayName("a test for invalid input whose name says its problem fails with a first line of its own, so Maven's"
            + " Errors: summary says the problem once; the message still names the file, line and fix, and the results keep"
            + " the problem as it is")
    void invalidInputSaidOnceInTheSummary() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.sim.yaml"), "cases:\n  - id: test_broken\n    utterance: [unclosed\n");

        EngineExecutionResults results = run(broken, "long");
        TestDescriptor problem = results.testEvents().failed().stream().map(Event::getTestDescriptor).findFirst().orElseThrow();
        Throwable failure = failure(results, problem);

        String said = problem.getDisplayName().substring("invalid: ".length());
        assertThat(said).contains("broken.sim.yaml:4:1: YAML syntax error", "check indentation");
        String summary = summaryLine(problem, failure);
        assertThat(summary.split(java.util.regex.Pattern.quote("YAML syntax error"), -1)).as(summary).hasSize(2);
        assertThat(summary).endsWith(" » InvalidSimulation this input could not be turned into tests: the test's name says the"
                + " problem and the fix");
        assertThat(failure.getMessage().lines().skip(1).collect(Collectors.joining("\n"))).isEqualTo(said);
        JsonNode result = JsonMapper.builder().build().readTree(dir.resolve("reports-long/results.json").toFile()).path("results").get(0);
        assertThat(result.path("name").asString()).isEqualTo(problem.getDisplayName());
        assertThat(result.path("message").asString()).as("the results keep the problem as its message").isEqualTo(said);
    }

    @Test
    @DisplayName("a test for invalid input whose name says something else than its problem (a duplicate test id) keeps its"
            + " message's first line, which the summary then shows")
    void duplicateKeepsItsMessage() throws Exception {
        Path first = Files.writeString(dir.resolve("a.sim.yaml"), "cases:\n  - id: test_same\n    utterance: hello\n");
        Files.createDirectories(dir.resolve("b"));
        Path second = Files.writeString(dir.resolve("b/b.sim.yaml"), "cases:\n  - id: test_same\n    utterance: hi\n");

        EngineExecutionResults results = kit(backend).selectors(selectFile(first.toFile()), selectFile(second.toFile())).execute();
        TestDescriptor problem = results.testEvents().failed().stream().map(Event::getTestDescriptor).findFirst().orElseThrow();

        assertThat(problem.getDisplayName()).isEqualTo("invalid: duplicate test_same");
        assertThat(failure(results, problem).getMessage()).startsWith("test id test_same is used 2 times: ");
    }
}
