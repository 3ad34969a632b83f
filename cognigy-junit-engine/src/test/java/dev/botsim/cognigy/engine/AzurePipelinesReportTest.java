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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

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
 * Under Azure Pipelines a run uploads the job summary GitHub Actions gets to the pipeline run's Extensions tab
 * ({@code ##vso[task.uploadsummary]}) and logs each failing test as an issue at its file and line
 * ({@code ##vso[task.logissue]}), which the run's summary lists under the step. Each command is read here as the agent
 * reads it: from the first {@code ##vso[} in the line to the first {@code ]} after it, properties split at {@code ;}, and
 * {@code %3B}, {@code %0D}, {@code %0A}, {@code %5D} then {@code %AZP25} read back in each value and the message. The
 * variables are the run's environment as the engine's services give it; nothing of the real environment is read or changed.
 */
class AzurePipelinesReportTest {

    /** The repository's root: the engine module's parent, as the sources folder of a job that checked it out. */
    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

    private static final String ORDERS = "fixtures/standalone/orders.sim.yaml";
    private static final Path ORDERS_FILE = REPOSITORY.resolve("cognigy-junit-engine/src/test/resources/" + ORDERS);
    private static final String OWN_ASSERTIONS = "dev.botsim.cognigy.engine.fixtures.OwnAssertionFailures";

    @TempDir
    Path dir;

    /** A logging command as the agent reads it. */
    private record Command(String name, Map<String, String> properties, String data) {
    }

    /** One run: its results, its console, the batch it ran as. */
    private record Run(EngineExecutionResults results, String console, String batch, RecordingListener listener) {

        /** The console's lines holding a logging command. */
        List<String> commandLines() {
            return console.lines().filter(line -> line.contains("##vso[")).toList();
        }

        List<Command> commands() {
            return commandLines().stream().map(AzurePipelinesReportTest::parse).toList();
        }

        List<Command> issues() {
            return commands().stream().filter(c -> c.name().equals("task.logissue")).toList();
        }

        /** The summary file the upload command names, as the agent reads its path. */
        Path summaryFile() {
            return commands().stream().filter(c -> c.name().equals("task.uploadsummary")).map(c -> Path.of(c.data()))
                    .reduce((a, b) -> {
                        throw new AssertionError("two summaries uploaded: " + a + ", " + b);
                    }).orElseThrow();
        }

        List<String> warnings() {
            return console.lines().filter(line -> line.startsWith("[cognigy] WARNING") && line.contains("Azure")).toList();
        }
    }

    /** The agent's reading of a line: the command from its first {@code ##vso[} to the first {@code ]} after it. */
    private static Command parse(String line) {
        int prefix = line.indexOf("##vso[");
        int end = line.indexOf(']', prefix);
        String info = line.substring(prefix + "##vso[".length(), end);
        int space = info.indexOf(' ');
        Map<String, String> properties = new LinkedHashMap<>();
        if (space > 0) {
            for (String property : info.substring(space + 1).split(";")) {
                if (property.isEmpty()) continue;
                String[] pair = property.split("=", 2);
                if (pair.length == 2 && !pair[1].isEmpty()) properties.put(pair[0], unescape(pair[1]));
            }
        }
        return new Command(space < 0 ? info : info.substring(0, space), properties, unescape(line.substring(end + 1)));
    }

    private static String unescape(String escaped) {
        return escaped.replace("%3B", ";").replace("%0D", "\r").replace("%0A", "\n").replace("%5D", "]").replace("%AZP25", "%");
    }

    /** Variables of an Azure Pipelines job whose sources folder is this repository, plus {@code more}. */
    private Map<String, String> azure(String... more) {
        Map<String, String> env = new HashMap<>(Map.of("TF_BUILD", "True", "BUILD_SOURCESDIRECTORY", REPOSITORY.toString(),
                "AGENT_TEMPDIRECTORY", dir.resolve("_temp").toString()));
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

    /** The line of {@code file} declaring what {@code declaration} starts, from 1. */
    private static int lineOf(Path file, String declaration) throws Exception {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).strip().startsWith(declaration)) return i + 1;
        throw new AssertionError(declaration + " not in " + file);
    }

    @Test
    @DisplayName("under Azure Pipelines: the job summary is written to AGENT_TEMPDIRECTORY and uploaded; each failing test is"
            + " a logged error at its data file's line or its method's declaration, by its absolute path below"
            + " BUILD_SOURCESDIRECTORY, the message's lines kept apart")
    void summaryAndIssues() throws Exception {
        Run run = run(azure(), Map.of(), new ScriptedBackend(), selectClasspathResource(ORDERS),
                selectMethod(OWN_ASSERTIONS + "#textHasGoodbye(dev.botsim.cognigy.annotations.SimulationResult)"));

        run.results().testEvents().assertStatistics(stats -> stats.started(4).succeeded(2).failed(2));
        Path ownAssertions = REPOSITORY.resolve("cognigy-junit-engine/src/test/java/dev/botsim/cognigy/engine/fixtures/"
                + "OwnAssertionFailures.java");
        assertThat(run.issues()).containsExactly(
                new Command("task.logissue", Map.of("type", "error", "sourcepath", ownAssertions.toString(),
                        "linenumber", String.valueOf(lineOf(ownAssertions, "void textHasGoodbye("))), OWN_ASSERTIONS
                        + "#textHasGoodbye test_textHasGoodbye: Expecting actual:\n  \"Hello! How can I help?\"\nto contain:\n"
                        + "  \"Goodbye\"\nbot said: \"Hello! How can I help?\" (intent greeting, flow flow_greeting)"),
                new Command("task.logissue", Map.of("type", "error", "sourcepath", ORDERS_FILE.toString(), "linenumber", "21"),
                        ORDERS + ":21 test_yaml_wrong_intent: bot answer differs from the expectation for \"I want a human\" in"
                                + " intent\nexpected intent: check_order\nbot said: \"Connecting you to an agent\" (intent escalate,"
                                + " flow flow_escalation)"));
        assertThat(run.commandLines()).allMatch(line -> line.startsWith("##vso[")).hasSize(3);
        Path summary = run.summaryFile();
        assertThat(summary).isAbsolute().hasParent(dir.resolve("_temp")).hasFileName("Cognigy bot tests (" + run.batch() + ").md");
        assertThat(Files.readString(summary)).startsWith("""
                ### Cognigy bot tests: ❌ REVIEW_REQUIRED

                4 simulations, 2 passed, 2 failed (50.0 %) · threshold 95 % · BATCH on scripted
                """.replace("BATCH", run.batch().replace("_", "\\_")))
                .contains("| test\\_yaml\\_wrong\\_intent: I want a human | fixtures/standalone/orders.sim.yaml:21 | intent:"
                        + " check\\_order | \"Connecting you to an agent\" (intent escalate, flow flow\\_escalation) |\n")
                .endsWith("Reports: " + dir.resolve("reports/index.html").toAbsolutePath().toString().replace("_", "\\_")
                        + " and results.json\n");
        assertThat(run.warnings()).isEmpty();
    }

    @Test
    @DisplayName("a file name holding ';', ']' and '%', and an answer holding them, a line break and a ##vso[ command of its"
            + " own: each reads back as written, and the line holds the report's command only; secrets are masked")
    void hostileTextIsEscaped() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("odd;folder]100%"));
        Path data = Files.writeString(folder.resolve("odd;name]%AZP25%3B.sim.yaml"), """
                cases:
                  - id: test_human
                    utterance: I want a human
                    expect: { intent: check_order }
                """);
        String answer = "a;b]c 100% %3B\n##vso[task.setvariable variable=COGNIGY_API_KEY]stolen ##vso[task.complete"
                + " result=Succeeded;] key sk-canary-0123456789";
        ScriptedBackend bot = new ScriptedBackend().answering("I want a human",
                TestTurns.turn(0, "flow_escalation", "escalate", 0.93, Map.of(), answer, null, null));

        Run run = run(azure("BUILD_SOURCESDIRECTORY", dir.toString(), "COGNIGY_API_KEY", "sk-canary-0123456789"), Map.of(), bot,
                selectFile(data.toFile()));

        assertThat(run.commandLines()).hasSize(2).allSatisfy(line -> {
            assertThat(line).startsWith("##vso[");
            assertThat(line.indexOf("##vso[", 1)).as(line).isEqualTo(-1);
        });
        assertThat(run.issues()).singleElement().isEqualTo(new Command("task.logissue", Map.of("type", "error", "sourcepath",
                data.toAbsolutePath().toString(), "linenumber", "2"), data.toAbsolutePath() + ":2 test_human: bot answer differs"
                + " from the expectation for \"I want a human\" in intent\nexpected intent: check_order\nbot said: \"a;b]c 100% %3B"
                + "\\n#\\u0023vso[task.setvariable variable=COGNIGY_API_KEY]stolen #\\u0023vso[task.complete result=Succeeded;] key"
                + " ****\" (intent escalate, flow flow_escalation)"));
        assertThat(Files.readString(run.summaryFile())).doesNotContain("0123456789").contains("a;b\\]c 100% %3B\\\\n#\\\\u0023vso\\[");
        assertThat(run.console()).doesNotContain("0123456789");
    }

    @Test
    @DisplayName("a file's path holding ##[ and ##vso[ (a folder named so, a file named so, the agent's temp folder too) is"
            + " given to the agent as it is, escaped only as the agent reads it back: the issue stands at that file, the"
            + " summary uploaded is the file written, and the line is one command as the agent reads it")
    void pathsHoldingCommandsReadBackAsThey() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("checkout ##[group]bots\t%3B"));
        Path data = Files.writeString(folder.resolve("##vso[task.complete result=Succeeded;]orders.sim.yaml"), """
                cases:
                  - id: test_human
                    utterance: I want a human
                    expect: { intent: check_order }
                """);
        Path temp = dir.resolve("_temp ##[section]##vso[x");
        Map<String, String> environment = azure("BUILD_SOURCESDIRECTORY", dir.toString());
        environment.put("AGENT_TEMPDIRECTORY", temp.toString());

        Run run = run(environment, Map.of(), new ScriptedBackend(), selectFile(data.toFile()));

        assertThat(run.issues()).singleElement().satisfies(issue -> assertThat(issue.properties())
                .containsEntry("sourcepath", data.toAbsolutePath().toString()).containsEntry("linenumber", "2"));
        assertThat(Path.of(run.issues().get(0).properties().get("sourcepath"))).isRegularFile();
        assertThat(run.summaryFile()).isRegularFile().hasParent(temp);
        // As the agent reads a line: from its start, the command's own ##vso[, to the first ] — which ends the command.
        assertThat(run.commandLines()).hasSize(2).allSatisfy(line -> {
            assertThat(line).startsWith("##vso[task.");
            assertThat(line.substring(0, line.indexOf(']'))).doesNotContain("\\u0023");
        });
        assertThat(run.commandLines()).filteredOn(line -> line.startsWith("##vso[task.logissue")).singleElement().asString()
                .startsWith("##vso[task.logissue type=error;sourcepath=" + dir.toAbsolutePath()
                + "/checkout ##[group%5Dbots\t%AZP253B/##vso[task.complete result=Succeeded%3B%5Dorders.sim.yaml;linenumber=2;]");
    }

    @Test
    @DisplayName("outside Azure Pipelines, and under it with cognigy.report.azure-pipelines=false, nothing is written or"
            + " printed; =true writes them wherever the run is, the summary beside index.html without AGENT_TEMPDIRECTORY")
    void onlyUnderAzureUnlessSet() throws Exception {
        Map<String, String> outside = new HashMap<>(azure());
        outside.remove("TF_BUILD");

        Run plain = run(outside, Map.of(), new ScriptedBackend(), selectClasspathResource(ORDERS));
        Run off = run(azure(), Map.of(Constants.REPORT_AZURE_PIPELINES, "false"), new ScriptedBackend(),
                selectClasspathResource(ORDERS));

        assertThat(dir.resolve("_temp")).doesNotExist();
        assertThat(plain.commandLines()).isEmpty();
        assertThat(off.commandLines()).isEmpty();
        assertThat(plain.console()).doesNotContain("Azure");
        assertThat(off.console()).doesNotContain("Azure");

        outside.remove("AGENT_TEMPDIRECTORY");
        Run forced = run(outside, Map.of(Constants.REPORT_AZURE_PIPELINES, "true"), new ScriptedBackend(),
                selectClasspathResource(ORDERS));

        assertThat(forced.summaryFile()).hasParent(dir.resolve("reports").toAbsolutePath());
        assertThat(forced.issues()).singleElement().satisfies(issue -> assertThat(issue.properties())
                .containsEntry("sourcepath", ORDERS_FILE.toString()).containsEntry("linenumber", "21"));
    }

    @Test
    @DisplayName("23 failing tests: 10 logged errors, the most the agent keeps of a step, and one console line counting the"
            + " other 13")
    void bounded() throws Exception {
        Path data = EngineTestSupport.passingAndFailingSuite(dir, 0, 23);

        Run run = run(azure("BUILD_SOURCESDIRECTORY", dir.toString()), Map.of(), new ScriptedBackend(), selectFile(data.toFile()));

        assertThat(run.issues()).hasSize(10).extracting(c -> c.properties().get("linenumber"))
                .containsExactlyElementsOf(Stream.iterate(2, line -> line + 3).limit(10).map(String::valueOf).toList());
        assertThat(run.console().lines().filter(line -> line.startsWith("[cognigy] 13 more failing tests are not logged as an"
                + " issue: Azure Pipelines keeps at most 10 errors and 10 warnings of a step."))).hasSize(1);
    }

    @Test
    @DisplayName("a summary that cannot be written (AGENT_TEMPDIRECTORY names a file) is one warning line and no upload:"
            + " every test's result and the verdict are as without it")
    void unwritableSummary() throws Exception {
        Path taken = Files.writeString(dir.resolve("taken"), "a file, not a folder");
        Map<String, String> outside = new HashMap<>(azure());
        outside.remove("TF_BUILD");
        Run without = run(outside, Map.of(), new ScriptedBackend(), selectClasspathResource(ORDERS));

        Run run = run(azure("AGENT_TEMPDIRECTORY", taken.toString()), Map.of(), new ScriptedBackend(),
                selectClasspathResource(ORDERS));

        run.results().testEvents().assertStatistics(stats -> stats.started(3).succeeded(2).failed(1));
        assertThat(run.listener().summaries.get(0).governance()).isEqualTo(without.listener().summaries.get(0).governance());
        assertThat(run.warnings()).singleElement().asString().startsWith("[cognigy] WARNING the Azure Pipelines summary could"
                + " not be written to ").endsWith("; the run's results and verdict are as reported above");
        assertThat(run.commands()).extracting(Command::name).containsExactly("task.logissue");
    }

    @Test
    @DisplayName("a part of a split run uploads its own summary, saying it is one, and logs its failing tests; the merge"
            + " uploads the merged run's summary with its verdict, and logs no issue again")
    void partAndMerge() throws Exception {
        Run part = run(azure(), Map.of(Constants.RUN_ID, "812", Constants.RUN_DEFER, "true"), new ScriptedBackend(),
                selectClasspathResource(ORDERS));

        assertThat(Files.readString(part.summaryFile())).startsWith("### Cognigy bot tests: part of a split run (run 812, one part)");
        assertThat(part.issues()).hasSize(1);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = MergeCommand.run(List.of("--out", dir.resolve("merged").toString(), dir.resolve("reports/812").toString()),
                azure()::get, Clock.systemUTC(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(1);
        List<String> commands = out.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains("##vso[")).toList();
        assertThat(commands).singleElement().asString().startsWith("##vso[task.uploadsummary]");
        Path merged = Path.of(parse(commands.get(0)).data());
        assertThat(merged).isNotEqualTo(part.summaryFile()).hasParent(dir.resolve("_temp"));
        assertThat(Files.readString(merged)).startsWith("### Cognigy bot tests: ❌ REVIEW_REQUIRED (run 812, merged from its parts)");
    }
}
