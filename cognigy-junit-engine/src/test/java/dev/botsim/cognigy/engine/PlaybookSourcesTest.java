package dev.botsim.cognigy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUri;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.ClasspathResourceSource;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.engine.discovery.FilePosition;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EventType;

import dev.botsim.cognigy.engine.backend.factory.Backends;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.execution.EngineServices;
import dev.botsim.cognigy.engine.fixtures.OrderPlaybooksSimulation;

/**
 * Playbooks seeded into the embedded sandbox from an export stand where they are written: the playbook's and each
 * step's node has the export as its source with the line and column of its opening brace, as a data file's cases have
 * theirs — a class path resource for a {@code classpath:} export, the file for a path — so an IDE goes from a failing
 * step to the step.
 */
class PlaybookSourcesTest {

    private static final String EXPORT = "e2e/playbooks/order-bot.playbooks.json";

    private static EngineTestKit.Builder kit(String export, Path reports, DiscoverySelector... selectors) {
        Map<String, String> noEnvironment = Map.of();
        return EngineTestKit.engine(new CognigyTestEngine(new EngineServices(noEnvironment::get, Backends::create, Clock.systemUTC())))
                .selectors(selectors)
                .configurationParameter(Constants.BACKEND, "playbooks")
                .configurationParameter(Constants.SANDBOX_BOT, "classpath:bots/order-bot.yaml")
                .configurationParameter(Constants.SANDBOX_PLAYBOOKS, export)
                .configurationParameter(Constants.REPORT_DIR, reports.toString());
    }

    /** Each playbook's and step's node (below the engine or a class), by its display name, with its source. */
    private static Map<String, Optional<TestSource>> sources(TestDescriptor engine) {
        return engine.getDescendants().stream().filter(d -> d.getUniqueId().getLastSegment().getType().matches("playbook|step"))
                .collect(Collectors.toMap(d -> (d.isTest() ? "step " : "playbook ") + d.getDisplayName()
                        + d.getUniqueId().getLastSegment().getValue().replaceAll("^(?!\\d+$).*", ""), TestDescriptor::getSource));
    }

    private static Optional<TestSource> resource(int line, int column) {
        return Optional.of(ClasspathResourceSource.from(EXPORT, org.junit.platform.engine.support.descriptor.FilePosition.from(line, column)));
    }

    @Test
    @DisplayName("an export named by classpath: gives each playbook and step a class path resource source at its line and"
            + " column, and a failing step's finished event carries it")
    void exportOnTheClassPath(@TempDir Path dir) {
        EngineExecutionResults results = kit("classpath:" + EXPORT, dir, selectUniqueId("[engine:cognigy]")).execute();

        TestDescriptor engine = results.allEvents().list().get(0).getTestDescriptor();
        assertThat(sources(engine)).containsOnly(
                Map.entry("playbook Order status", resource(2, 3)),
                Map.entry("step where is my order1", resource(3, 5)),
                Map.entry("step ORD_772", resource(6, 5)),
                Map.entry("playbook Escalation", resource(9, 3)),
                Map.entry("step I want a human1", resource(10, 5)),
                Map.entry("playbook Greeting expects an agent", resource(13, 3)),
                Map.entry("step hello1", resource(14, 5)),
                Map.entry("step where is my order2", resource(16, 5)));
        results.testEvents().assertThatEvents().haveExactly(1, event(test(displayName("hello")), finishedWithFailure()));
        assertThat(results.testEvents().failed().stream().map(e -> e.getTestDescriptor().getSource()))
                .containsExactly(resource(14, 5));
        // The results name each step as Surefire does, and keep the message of the failing step and of the one skipped
        // after it, the passing ones' none.
        Map<String, Boolean> withMessage = new java.util.HashMap<>();
        tools.jackson.databind.json.JsonMapper.builder().build().readTree(dir.resolve("results.json").toFile()).path("results")
                .forEach(r -> withMessage.put(r.path("test_id").asString(), r.path("message").isString()));
        assertThat(withMessage).containsOnly(Map.entry("playbook Order status > step 1: where is my order", false),
                Map.entry("playbook Order status > step 2: ORD_77", false), Map.entry("playbook Escalation > step 1: I want a human", false),
                Map.entry("playbook Greeting expects an agent > step 1: hello", true),
                Map.entry("playbook Greeting expects an agent > step 2: where is my order", true));
    }

    @Test
    @DisplayName("an export named by its path gives file sources at the lines, as a data file selected by its path does")
    void exportAsAFile(@TempDir Path dir) throws Exception {
        Path export = dir.resolve("my.playbooks.json");
        try (var in = getClass().getClassLoader().getResourceAsStream(EXPORT)) {
            Files.copy(in, export);
        }

        TestDescriptor engine = kit(export.toString(), dir, selectUniqueId("[engine:cognigy]")).discover().getEngineDescriptor();

        assertThat(sources(engine)).hasSize(8)
                .containsEntry("playbook Escalation", Optional.of(FileSource.from(export.toFile(), org.junit.platform.engine.support.descriptor.FilePosition.from(9, 3))))
                .containsEntry("step ORD_772", Optional.of(FileSource.from(export.toFile(), org.junit.platform.engine.support.descriptor.FilePosition.from(6, 5))));
        // What Surefire's report and Gradle name a step by: its playbook and number, unique in the run.
        assertThat(engine.getDescendants().stream().filter(TestDescriptor::isTest).map(TestDescriptor::getLegacyReportingName))
                .containsExactlyInAnyOrder("playbook Order status > step 1: where is my order", "playbook Order status > step 2: ORD_77",
                        "playbook Escalation > step 1: I want a human", "playbook Greeting expects an agent > step 1: hello",
                        "playbook Greeting expects an agent > step 2: where is my order");
    }

    @Test
    @DisplayName("below a class that selected them (as Surefire runs them) the playbooks have the same sources; the class"
            + " keeps its class source")
    void belowTheClassThatSelectedThem(@TempDir Path dir) {
        TestDescriptor engine = kit("classpath:" + EXPORT, dir, selectClass(OrderPlaybooksSimulation.class)).discover()
                .getEngineDescriptor();

        assertThat(sources(engine)).containsOnly(
                Map.entry("playbook Order status", resource(2, 3)),
                Map.entry("step where is my order1", resource(3, 5)),
                Map.entry("step ORD_772", resource(6, 5)));
        assertThat(engine.getChildren()).singleElement()
                .satisfies(c -> assertThat(c.getSource()).contains(ClassSource.from(OrderPlaybooksSimulation.class)));
    }

    @Test
    @DisplayName("a step selected by its unique id (an IDE's rerun) runs its playbook, whose steps report one after the"
            + " other in the file's order, as in a full run, and keep their sources")
    void stepSelectedByUniqueId(@TempDir Path dir) {
        TestDescriptor step = kit("classpath:" + EXPORT, dir, selectUniqueId("[engine:cognigy]")).discover().getEngineDescriptor()
                .getDescendants().stream().filter(d -> d.isTest() && d.getDisplayName().equals("ORD_77")).findFirst().orElseThrow();

        EngineExecutionResults rerun = kit("classpath:" + EXPORT, dir, selectUniqueId(step.getUniqueId())).execute();

        rerun.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(rerun.testEvents().stream().filter(e -> e.getType() == EventType.STARTED || e.getType() == EventType.FINISHED)
                .map(e -> e.getType() + " " + e.getTestDescriptor().getDisplayName()))
                .containsExactly("STARTED where is my order", "FINISHED where is my order", "STARTED ORD_77", "FINISHED ORD_77");
        assertThat(rerun.testEvents().started().stream().map(e -> e.getTestDescriptor().getSource()))
                .containsExactly(resource(3, 5), resource(6, 5));
        assertThat(rerun.containerEvents().started().stream().map(e -> e.getTestDescriptor().getSource()))
                .contains(resource(2, 3));
    }

    @Test
    @DisplayName("an IDE's rerun of a playbook the project no longer has (removed or renamed in the export since) says so"
            + " and what to do, at JUnit's severity for an id it cannot resolve, where the run passed with no test")
    void rerunOfAPlaybookGoneSince(@TempDir Path dir) {
        String gone = "[engine:cognigy]/[playbook:000000000000000000000000]/[step:1]";
        String goneOfClass = "[engine:cognigy]/[class:" + OrderPlaybooksSimulation.class.getName() + "]/[playbook:000000000000000000000000]";

        for (String rerun : List.of(gone, goneOfClass)) {
            EngineDiscoveryResults results = kit("classpath:" + EXPORT, dir, selectUniqueId(rerun)).discover();

            assertThat(results.getEngineDescriptor().getDescendants()).noneMatch(TestDescriptor::isTest);
            assertThat(results.getDiscoveryIssues()).singleElement().satisfies(issue -> {
                assertThat(issue.severity()).isEqualTo(DiscoveryIssue.Severity.ERROR);
                assertThat(issue.message()).isEqualTo("the project has no playbook 000000000000000000000000 (" + rerun + "): it was"
                        + " renamed or removed since the test was listed — run the playbooks again to list them as they are now");
            });
        }
    }

    @Test
    @DisplayName("a rerun of a step its playbook no longer has runs the playbook whole, as any step's does, with a warning"
            + " naming how many steps it has now")
    void rerunOfAStepGoneSince(@TempDir Path dir) {
        TestDescriptor playbook = kit("classpath:" + EXPORT, dir, selectUniqueId("[engine:cognigy]")).discover().getEngineDescriptor()
                .getChildren().stream().filter(d -> d.getDisplayName().equals("Order status")).findFirst().orElseThrow();
        org.junit.platform.engine.UniqueId rerun = playbook.getUniqueId().append("step", "9");

        EngineDiscoveryResults results = kit("classpath:" + EXPORT, dir, selectUniqueId(rerun)).discover();

        assertThat(results.getEngineDescriptor().getDescendants()).filteredOn(TestDescriptor::isTest)
                .extracting(TestDescriptor::getDisplayName).containsExactly("where is my order", "ORD_77");
        assertThat(results.getDiscoveryIssues()).singleElement().satisfies(issue -> {
            assertThat(issue.severity()).isEqualTo(DiscoveryIssue.Severity.WARNING);
            assertThat(issue.message()).isEqualTo("playbook Order status has no step 9 (" + rerun + "), it has 2: it was"
                    + " shortened since the test was listed — the playbook runs whole, as a step's rerun does; run the"
                    + " playbooks again to list them as they are now");
        });
    }

    @Test
    @DisplayName("a rerun's playbook whose name or id holds a line break is written on one line in either message: the"
            + " removed playbook's and the shortened one's")
    void rerunMessagesOnOneLine(@TempDir Path dir) throws Exception {
        org.junit.platform.engine.UniqueId gone = org.junit.platform.engine.UniqueId.forEngine("cognigy")
                .append("playbook", "Order\nstatus").append("step", "1");

        assertThat(kit("classpath:" + EXPORT, dir, selectUniqueId(gone)).discover().getDiscoveryIssues()).singleElement()
                .satisfies(issue -> assertThat(issue.message()).startsWith("the project has no playbook Order\\nstatus ("
                        + gone.toString().replace("\n", "\\n") + "): it was renamed or removed").doesNotContain("\n"));

        Path export = Files.writeString(dir.resolve("two-lines.playbooks.json"), """
                {"playbooks": [{"name": "Order\\nstatus", "steps": [{"text": "where is my order"}]}]}
                """);
        TestDescriptor playbook = kit(export.toString(), dir, selectUniqueId("[engine:cognigy]")).discover().getEngineDescriptor()
                .getChildren().stream().findFirst().orElseThrow();
        org.junit.platform.engine.UniqueId rerun = playbook.getUniqueId().append("step", "9");

        assertThat(kit(export.toString(), dir, selectUniqueId(rerun)).discover().getDiscoveryIssues()).singleElement()
                .satisfies(issue -> assertThat(issue.message()).startsWith("playbook Order\\nstatus has no step 9 (")
                        .contains("), it has 1: it was shortened").doesNotContain("\n"));
    }

    @Test
    @DisplayName("a failing step of an export fails at one stack frame naming the export and the step's line, as a data"
            + " file's case does, so that an IDE and Surefire's report open the step from the trace")
    void failingStepPointsAtTheExport(@TempDir Path dir) throws Exception {
        Path export = dir.resolve("my.playbooks.json");
        try (var in = getClass().getClassLoader().getResourceAsStream(EXPORT)) {
            Files.copy(in, export);
        }

        Throwable onClassPath = failure(kit("classpath:" + EXPORT, dir, selectUniqueId("[engine:cognigy]")).execute());
        Throwable asFile = failure(kit(export.toString(), dir, selectUniqueId("[engine:cognigy]")).execute());

        assertThat(onClassPath.getStackTrace()).containsExactly(new StackTraceElement("✽", "Greeting_expects_an_agent#1", EXPORT, 14));
        assertThat(asFile.getStackTrace()).containsExactly(new StackTraceElement("✽", "Greeting_expects_an_agent#1", export.toString(), 14));
    }

    /** The one failing step's failure: step 1 of "Greeting expects an agent" ("hello"), which expects an agent. */
    private static Throwable failure(EngineExecutionResults results) {
        List<Throwable> failures = results.testEvents().failed().stream()
                .map(e -> e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).orElseThrow()).toList();
        assertThat(failures).hasSize(1);
        return failures.get(0);
    }

    /** The playbooks (by name) the selectors discover, each with its steps' count. */
    private static Map<String, Integer> discovered(String export, Path dir, DiscoverySelector... selectors) {
        return kit(export, dir, selectors).discover().getEngineDescriptor().getChildren().stream()
                .collect(Collectors.toMap(TestDescriptor::getDisplayName, p -> p.getChildren().size()));
    }

    @Test
    @DisplayName("the export selected by its class path resource and a line, as a data file is, picks the playbook or step"
            + " written there (a step runs its whole playbook); without a line, or at a line before the first playbook, all")
    void exportSelectedByLine(@TempDir Path dir) {
        String export = "classpath:" + EXPORT;

        assertThat(discovered(export, dir, selectClasspathResource(EXPORT, FilePosition.from(6)))).containsOnly(Map.entry("Order status", 2));
        assertThat(discovered(export, dir, selectClasspathResource(EXPORT, FilePosition.from(11)))).containsOnly(Map.entry("Escalation", 1));
        assertThat(discovered(export, dir, selectClasspathResource(EXPORT, FilePosition.from(13)),
                selectUri("classpath:/" + EXPORT + "?line=9"))).containsOnly(Map.entry("Escalation", 1),
                        Map.entry("Greeting expects an agent", 2));
        assertThat(discovered(export, dir, selectClasspathResource(EXPORT))).hasSize(3);
        assertThat(discovered(export, dir, selectClasspathResource(EXPORT, FilePosition.from(1)))).hasSize(3);
        // Another resource names none of them.
        assertThat(discovered(export, dir, selectClasspathResource("e2e/playbooks/continue-on-error.playbooks.json"))).isEmpty();
    }

    @Test
    @DisplayName("an export named by its path is selected by that file and a line; the step picked runs with its playbook")
    void exportFileSelectedByLine(@TempDir Path dir) throws Exception {
        Path export = dir.resolve("my.playbooks.json");
        try (var in = getClass().getClassLoader().getResourceAsStream(EXPORT)) {
            Files.copy(in, export);
        }

        EngineExecutionResults results = kit(export.toString(), dir, selectFile(export.toString(), FilePosition.from(16))).execute();

        results.testEvents().assertStatistics(s -> s.started(1).failed(1).skipped(1));
        assertThat(results.containerEvents().started().stream().map(e -> e.getTestDescriptor().getDisplayName()))
                .containsExactly("Cognigy bot simulations", "Greeting expects an agent");
    }

    @Test
    @DisplayName("a minified export, written on one line, selected at that line picks every playbook"
            + " beginning there, as a data file's line picks the tests beginning on it: the same playbooks in every run")
    void oneLineExportSelectedByItsLine(@TempDir Path dir) throws Exception {
        Path export = dir.resolve("one-line.playbooks.json");
        try (var in = getClass().getClassLoader().getResourceAsStream(EXPORT)) {
            Files.writeString(export, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).replaceAll("\\n\\s*", ""));
        }
        assertThat(Files.readAllLines(export)).hasSize(1);

        assertThat(discovered(export.toString(), dir, selectFile(export.toString(), FilePosition.from(1)))).containsOnly(
                Map.entry("Order status", 2), Map.entry("Escalation", 1), Map.entry("Greeting expects an agent", 2));
    }

    @Test
    @DisplayName("a line past the end of the export (an IDE's rerun of a line chosen before the export was shortened) selects"
            + " no playbook and says so, naming the export and its length, as a data file's line does; the editor's last,"
            + " empty line still selects the last step")
    void linePastTheEnd(@TempDir Path dir) throws Exception {
        String export = "classpath:" + EXPORT;

        EngineDiscoveryResults past = kit(export, dir, selectClasspathResource(EXPORT, FilePosition.from(20))).discover();
        assertThat(past.getEngineDescriptor().getChildren()).isEmpty();
        assertThat(past.getDiscoveryIssues()).singleElement().satisfies(issue -> {
            assertThat(issue.severity()).isEqualTo(DiscoveryIssue.Severity.ERROR);
            assertThat(issue.message()).isEqualTo(EXPORT + " has no line 20 (it has 19): it was shortened since the line was"
                    + " chosen — select the file, or a line of the playbook or step as the file is now");
            assertThat(issue.source()).contains(ClasspathResourceSource.from(EXPORT));
        });
        assertThat(discovered(export, dir, selectClasspathResource(EXPORT, FilePosition.from(19))))
                .containsOnly(Map.entry("Greeting expects an agent", 2));
        // Beside a line that stands in the export, only that line's playbook.
        assertThat(discovered(export, dir, selectUri("classpath:/" + EXPORT + "?line=99"), selectClasspathResource(EXPORT, FilePosition.from(9))))
                .containsOnly(Map.entry("Escalation", 1));

        Path file = dir.resolve("my playbooks.json");
        try (var in = getClass().getClassLoader().getResourceAsStream(EXPORT)) {
            Files.copy(in, file);
        }
        EngineExecutionResults run = kit(file.toString(), dir, selectUri(file.toUri() + "?line=99")).execute();
        run.testEvents().assertStatistics(s -> s.started(0));
        assertThat(run.containerEvents().failed().stream().map(e -> e.getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable).map(Throwable::getMessage).orElse("")))
                .singleElement().asString().contains(file + " has no line 99 (it has 19)");
    }
}
