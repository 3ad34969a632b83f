package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.merge.MergeCommand;

/**
 * Under GitHub Actions a run appends a job summary to the file {@code GITHUB_STEP_SUMMARY} names and prints an error
 * annotation for each failing test at its file and line, relative to {@code GITHUB_WORKSPACE}: a reviewer sees which
 * utterance failed and why, and the verdict, on the pull request without opening the log. The variables are the run's
 * environment as the engine's services give it; nothing of the real environment is read or changed.
 */
class GitHubActionsReportTest {

    /** The repository's root: the engine module's parent, as the workspace of a job that checked it out. */
    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

    private static final String ORDERS = "fixtures/standalone/orders.sim.yaml";
    private static final String ORDERS_IN_REPOSITORY = "cognigy-junit-engine/src/test/resources/" + ORDERS;
    private static final String OWN_ASSERTIONS = "dev.botsim.cognigy.engine.fixtures.OwnAssertionFailures";

    private static final String HOSTILE = "a | b `code` <script>alert(1)</script>\nnext *x* _y_ [l](http://e) ~z~ $m$ 100% a:b,c \\ &amp;"
            + " key sk-canary-0123456789";

    @TempDir
    Path dir;

    /** One run: its results, its console, the batch it ran as. */
    private record Run(EngineExecutionResults results, String console, String batch, RecordingListener listener) {

        /** The console's workflow commands. */
        List<String> commands() {
            return console.lines().filter(line -> line.startsWith("::")).toList();
        }

        /** The console's warnings of the GitHub Actions outputs. */
        List<String> warnings() {
            return console.lines().filter(line -> line.startsWith("[cognigy] WARNING") && line.contains("GitHub")).toList();
        }
    }

    private Path summaryFile() {
        return dir.resolve("step_summary.md");
    }

    /** Variables of a GitHub Actions job whose workspace is this repository, plus {@code more}. */
    private Map<String, String> actions(String... more) {
        Map<String, String> env = new HashMap<>(Map.of("GITHUB_ACTIONS", "true", "GITHUB_STEP_SUMMARY", summaryFile().toString(),
                "GITHUB_WORKSPACE", REPOSITORY.toString()));
        for (int i = 0; i < more.length; i += 2) env.put(more[i], more[i + 1]);
        return env;
    }

    private Run run(Map<String, String> environment, Map<String, String> parameters, ScriptedBackend backend,
                    DiscoverySelector... selectors) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        RecordingListener listener = new RecordingListener();
        EngineTestKit.Builder kit = EngineTestKit.engine(new CognigyTestEngine(new EngineServices(environment::get,
                        config -> backend, Clock.systemUTC()).withConsole(new PrintStream(console, true, StandardCharsets.UTF_8))
                        .withListeners(listener)))
                .configurationParameter(Constants.REPORT_DIR, dir.resolve("reports").toString())
                .selectors(selectors);
        parameters.forEach(kit::configurationParameter);
        EngineExecutionResults results = kit.execute();
        return new Run(results, console.toString(StandardCharsets.UTF_8), listener.runs.get(0).batchId(), listener);
    }

    private String summary() throws Exception {
        return Files.readString(summaryFile());
    }

    /** The line of {@code file} declaring what {@code declaration} starts, from 1. */
    private static int lineOf(Path file, String declaration) throws Exception {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).strip().startsWith(declaration)) return i + 1;
        throw new AssertionError(declaration + " not in " + file);
    }

    private String reports() {
        return dir.resolve("reports/index.html").toAbsolutePath().toString().replace("_", "\\_");
    }

    @Test
    @DisplayName("under GitHub Actions: the verdict, its reasons, the figures and coverage, and each failing test with its place,"
            + " what it expected and what the bot said are appended to GITHUB_STEP_SUMMARY; each failing test is an ::error at"
            + " its data file's line or its method's declaration, relative to GITHUB_WORKSPACE")
    void summaryAndAnnotations() throws Exception {
        Run run = run(actions(), Map.of(), new ScriptedBackend(), selectClasspathResource(ORDERS),
                selectMethod(OWN_ASSERTIONS + "#textHasGoodbye(dev.botsim.cognigy.annotations.SimulationResult)"));

        run.results().testEvents().assertStatistics(stats -> stats.started(4).succeeded(2).failed(2));
        assertThat(summary()).isEqualTo("""
                ### Cognigy bot tests: ❌ REVIEW_REQUIRED

                4 simulations, 2 passed, 2 failed (50.0 %) · threshold 95 % · BATCH on scripted

                - below\\_threshold: 2 of 4 simulations passed (50.0 %), below the threshold of 95 % (cognigy.governance.threshold)

                Flow coverage: 2 of 2 expected flows (100 %)

                #### Failing tests: 2

                | Test | Where | Expected | Bot said |
                | --- | --- | --- | --- |
                | test\\_textHasGoodbye: hello there | dev.botsim.cognigy.engine.fixtures.OwnAssertionFailures#textHasGoodbye \
                | Expecting actual:\\\\n  "Hello! How can I help?"\\\\nto contain:\\\\n  "Goodbye" \
                | "Hello! How can I help?" (intent greeting, flow flow\\_greeting) |
                | test\\_yaml\\_wrong\\_intent: I want a human | fixtures/standalone/orders.sim.yaml:21 | intent: check\\_order \
                | "Connecting you to an agent" (intent escalate, flow flow\\_escalation) |

                Reports: REPORTS and results.json
                """.replace("BATCH", run.batch().replace("_", "\\_")).replace("REPORTS", reports()));
        Path ownAssertions = Path.of("src/test/java/dev/botsim/cognigy/engine/fixtures/OwnAssertionFailures.java");
        assertThat(run.commands()).containsExactly(
                "::error file=cognigy-junit-engine/" + ownAssertions.toString().replace('\\', '/') + ",line="
                        + lineOf(ownAssertions, "void textHasGoodbye(") + ",title=test_textHasGoodbye FAILED::" + OWN_ASSERTIONS
                        + "#textHasGoodbye test_textHasGoodbye: Expecting actual:%0A  \"Hello! How can I help?\"%0Ato contain:%0A"
                        + "  \"Goodbye\"%0Abot said: \"Hello! How can I help?\" (intent greeting, flow flow_greeting)",
                "::error file=" + ORDERS_IN_REPOSITORY + ",line=21,title=test_yaml_wrong_intent FAILED::" + ORDERS + ":21"
                        + " test_yaml_wrong_intent: bot answer differs from the expectation for \"I want a human\" in intent%0A"
                        + "expected intent: check_order%0Abot said: \"Connecting you to an agent\" (intent escalate, flow"
                        + " flow_escalation)");
        assertThat(run.warnings()).isEmpty();
    }

    @Test
    @DisplayName("what the bot said can neither break the summary's table nor inject HTML, nor end or forge a workflow command:"
            + " |, backticks, <script>, a line break, %, ':' and ',' are escaped for each; a file name with ',' and ':' stays"
            + " one property; the run's secrets are masked in both")
    void hostileTextIsEscaped() throws Exception {
        Path data = Files.writeString(dir.resolve("odd,name:100%.sim.yaml"), """
                cases:
                  - id: test_human
                    utterance: I want a human
                    expect: { intent: check_order }
                """);
        ScriptedBackend bot = new ScriptedBackend().answering("I want a human",
                TestTurns.turn(0, "flow_escalation", "escalate", 0.93, Map.of(), HOSTILE, null, null));

        Run run = run(actions("GITHUB_WORKSPACE", dir.toString(), "COGNIGY_API_KEY", "sk-canary-0123456789"), Map.of(), bot,
                selectFile(data.toFile()));

        String cell = "\"a \\| b \\`code\\` &lt;script&gt;alert(1)&lt;/script&gt;\\\\nnext \\*x\\* \\_y\\_ \\[l\\](http://e) \\~z\\~"
                + " \\$m\\$ 100% a:b,c \\\\ &amp;amp; key \\*\\*\\*\\*\" (intent escalate, flow flow\\_escalation)";
        String place = data.toAbsolutePath().toString() + ":2";
        assertThat(summary()).contains("\n| test\\_human: I want a human | " + place.replace("_", "\\_") + " | intent: check\\_order | "
                + cell + " |\n");
        assertThat(run.commands()).containsExactly("::error file=odd%2Cname%3A100%25.sim.yaml,line=2,title=test_human FAILED::"
                + place.replace("%", "%25") + " test_human: bot answer differs from the expectation for \"I want a human\" in"
                + " intent%0Aexpected intent: check_order%0Abot said: \"a | b `code` <script>alert(1)</script>\\nnext *x* _y_"
                + " [l](http://e) ~z~ $m$ 100%25 a:b,c \\ &amp; key ****\" (intent escalate, flow flow_escalation)");
        assertThat(summary()).doesNotContain("0123456789");
        assertThat(run.console()).doesNotContain("0123456789");
    }

    @Test
    @DisplayName("a secret in what the test said is masked in the annotation's message as in the summary: the failure's"
            + " first line, which quotes the utterance, too")
    void secretInTheUtteranceIsMaskedInTheAnnotation() throws Exception {
        Path data = Files.writeString(dir.resolve("keys.sim.yaml"), """
                cases:
                  - id: test_key
                    utterance: my key is sk-canary-0123456789
                    expect: { intent: check_order }
                """);

        Run run = run(actions("GITHUB_WORKSPACE", dir.toString(), "COGNIGY_API_KEY", "sk-canary-0123456789"), Map.of(),
                new ScriptedBackend(), selectFile(data.toFile()));

        assertThat(summary()).contains("test\\_key: my key is \\*\\*\\*\\*").doesNotContain("0123456789");
        assertThat(run.commands()).singleElement().asString()
                .contains("::" + data.toAbsolutePath() + ":2 test_key: bot answer differs from the expectation for \"my key"
                        + " is ****\" in intent%0A")
                .doesNotContain("0123456789");
    }

    @Test
    @DisplayName("outside GitHub Actions, and under it with cognigy.report.github-actions=false, nothing is written or printed;"
            + " cognigy.report.github-actions=true writes them wherever the run is")
    void onlyUnderActionsUnlessSet() throws Exception {
        Map<String, String> outside = new HashMap<>(actions());
        outside.remove("GITHUB_ACTIONS");

        Run plain = run(outside, Map.of(), new ScriptedBackend(), selectClasspathResource(ORDERS));
        Run off = run(actions(), Map.of(Constants.REPORT_GITHUB_ACTIONS, "false"), new ScriptedBackend(),
                selectClasspathResource(ORDERS));

        assertThat(summaryFile()).doesNotExist();
        assertThat(plain.commands()).isEmpty();
        assertThat(off.commands()).isEmpty();
        assertThat(plain.console()).doesNotContain("GITHUB");
        assertThat(off.console()).doesNotContain("GITHUB");

        Run forced = run(outside, Map.of(Constants.REPORT_GITHUB_ACTIONS, "true"), new ScriptedBackend(),
                selectClasspathResource(ORDERS));

        assertThat(summary()).startsWith("### Cognigy bot tests: ❌ REVIEW_REQUIRED\n");
        assertThat(forced.commands()).hasSize(1).allMatch(line -> line.startsWith("::error file=" + ORDERS_IN_REPOSITORY + ",line=21,"));
    }

    @Test
    @DisplayName("23 failing tests: 10 ::error lines, GitHub's most for a step, and one ::notice counting the other 13; the"
            + " summary lists the first 20 and says how many more there are")
    void bounded() throws Exception {
        Path data = EngineTestSupport.passingAndFailingSuite(dir, 0, 23);

        Run run = run(actions("GITHUB_WORKSPACE", dir.toString()), Map.of(), new ScriptedBackend(), selectFile(data.toFile()));

        List<String> errors = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            errors.add("::error file=suite-0-23.sim.yaml,line=" + (2 + 3 * i) + ",title=test_fail_" + i + " FAILED::" + data.toAbsolutePath()
                    + ":" + (2 + 3 * i) + " test_fail_" + i + ": bot answer differs from the expectation for \"hello\" in intent%0A"
                    + "expected intent: check_order%0Abot said: \"Hello! How can I help?\" (intent greeting, flow flow_greeting)");
        }
        errors.add("::notice title=Cognigy::13 more failing tests are not annotated: GitHub shows at most 10 error and 10 warning"
                + " annotations of a step. The job summary and index.html list every failing test.");
        assertThat(run.commands()).containsExactlyElementsOf(errors);
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            rows.append("| test\\_fail\\_").append(i).append(": hello | ").append(data.toAbsolutePath().toString().replace("_", "\\_"))
                    .append(':').append(2 + 3 * i).append(" | intent: check\\_order | \"Hello! How can I help?\" (intent greeting,"
                            + " flow flow\\_greeting) |\n");
        }
        assertThat(summary()).contains("#### Failing tests: 23\n\n| Test | Where | Expected | Bot said |\n| --- | --- | --- | --- |\n"
                + rows + "\n…and 3 more failing tests: index.html lists them all.\n\nReports: ");
    }

    @Test
    @DisplayName("a summary that cannot be written (GITHUB_STEP_SUMMARY names a folder) is one warning line: every test's"
            + " result and the verdict are as without it")
    void unwritableSummary() throws Exception {
        Map<String, String> outside = new HashMap<>(actions());
        outside.remove("GITHUB_ACTIONS");
        Run without = run(outside, Map.of(), new ScriptedBackend(), selectClasspathResource(ORDERS));

        Run run = run(actions("GITHUB_STEP_SUMMARY", dir.toString()), Map.of(), new ScriptedBackend(), selectClasspathResource(ORDERS));

        run.results().testEvents().assertStatistics(stats -> stats.started(3).succeeded(2).failed(1));
        assertThat(run.listener().summaries.get(0).governance()).isEqualTo(without.listener().summaries.get(0).governance());
        assertThat(run.results().containerEvents().failed().count()).isEqualTo(without.results().containerEvents().failed().count());
        assertThat(run.warnings()).singleElement().asString().startsWith("[cognigy] WARNING the GitHub Actions job summary could"
                + " not be written to " + dir + " (").endsWith("); the run's results and verdict are as reported above");
        assertThat(run.commands()).hasSize(1);
    }

    @Test
    @DisplayName("a step's summary already near GitHub's 1 MiB: this run's is cut at a line to stay under it, saying so in the"
            + " summary and on the console")
    void cutUnderTheLimit() throws Exception {
        // Room for 500 bytes: the summary's first lines and the note saying the rest is left out.
        Files.writeString(summaryFile(), "x".repeat(1024 * 1024 - 501) + "\n");
        long before = Files.size(summaryFile());

        Run run = run(actions(), Map.of(), new ScriptedBackend(), selectClasspathResource(ORDERS));

        String written = summary().substring((int) before);
        assertThat(Files.size(summaryFile())).isLessThanOrEqualTo(1024 * 1024);
        assertThat(written).isEqualTo("""

                ### Cognigy bot tests: ❌ REVIEW_REQUIRED

                3 simulations, 2 passed, 1 failed (66.6 %) · threshold 95 % · BATCH on scripted

                - below\\_threshold: 2 of 3 simulations passed (66.6 %), below the threshold of 95 % (cognigy.governance.threshold)

                Flow coverage: 2 of 2 expected flows (100 %)

                #### Failing tests: 1


                *The rest of this summary is left out: GitHub takes at most 1 MiB of a step's summary. index.html and results.json\
                 have the whole run.*
                """.replace("BATCH", run.batch().replace("_", "\\_")));
        assertThat(run.warnings()).singleElement().asString().startsWith("[cognigy] WARNING the GitHub Actions job summary was cut to "
                + written.getBytes(StandardCharsets.UTF_8).length + " of its ");
    }

    @Test
    @DisplayName("judged per locale, the summary gives each locale's figures, marking the locale below the threshold")
    void perLocale() throws Exception {
        Path data = Files.writeString(dir.resolve("bank.sim.yaml"), """
                cases:
                  - { id: test_de_1, utterance: hello, locale: de-DE, expect: { intent: greeting } }
                  - { id: test_de_2, utterance: hi, locale: de-DE, expect: { intent: greeting } }
                  - { id: test_fr, utterance: hello, locale: fr-FR, expect: { intent: check_order } }
                """);

        run(actions("GITHUB_WORKSPACE", dir.toString()), Map.of(Constants.GOVERNANCE_PER_LOCALE, "true"), new ScriptedBackend(),
                selectFile(data.toFile()));

        assertThat(summary()).contains("""

                | Locale | Simulations | Passed | Pass rate |
                | --- | ---: | ---: | ---: |
                | de-DE | 2 | 2 | 100.0 % |
                | fr-FR | 1 | 0 | 0.0 %, below the threshold |
                """);
    }

    @Test
    @DisplayName("a part of a split run says it is one and that the verdict is the merge's, and annotates its failing tests;"
            + " the merge appends the merged run's summary with its verdict, and annotates nothing again")
    void partAndMerge() throws Exception {
        Run part = run(actions(), Map.of(Constants.RUN_ID, "run-7", Constants.RUN_DEFER, "true"), new ScriptedBackend(),
                selectClasspathResource(ORDERS));

        String partSummary = summary();
        assertThat(partSummary).startsWith("""
                ### Cognigy bot tests: part of a split run (run run-7, one part)

                3 simulations, 2 passed, 1 failed (66.6 %) in this part · BATCH on scripted

                This is one part of a split run: the run's verdict, coverage, audit record and webhook come from the merge.

                #### Failing tests: 1
                """.replace("BATCH", part.batch().replace("_", "\\_")));
        assertThat(part.commands()).hasSize(1);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = MergeCommand.run(List.of("--out", dir.resolve("merged").toString(), dir.resolve("reports/run-7").toString()),
                actions()::get, Clock.systemUTC(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(1);
        String merged = summary().substring(partSummary.length());
        assertThat(merged).startsWith("\n### Cognigy bot tests: ❌ REVIEW_REQUIRED (run run-7, merged from its parts)\n\n"
                + "3 simulations, 2 passed, 1 failed (66.6 %) · threshold 95 % · ");
        assertThat(merged).contains("| test\\_yaml\\_wrong\\_intent: I want a human | fixtures/standalone/orders.sim.yaml:21 |")
                .endsWith("Reports: " + dir.resolve("merged/index.html").toAbsolutePath().toString().replace("_", "\\_")
                        + " and results.json\n");
        assertThat(out.toString(StandardCharsets.UTF_8).lines().filter(line -> line.startsWith("::"))).isEmpty();
    }
}
