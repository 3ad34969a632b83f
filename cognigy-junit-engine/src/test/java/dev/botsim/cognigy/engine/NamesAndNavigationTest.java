package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.FilePosition;
import org.junit.platform.engine.support.descriptor.ClasspathResourceSource;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import dev.botsim.cognigy.annotations.BotTurn;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.fixtures.OrderBotSimulation;
import dev.botsim.cognigy.engine.fixtures.SuiteSimulation;

/** How tests are named, found again, filtered by method and rerun one at a time, as IDEs, Surefire and Gradle do it. */
class NamesAndNavigationTest {

    private static final UniqueId SUITE_CLASS = UniqueId.forEngine("cognigy").append("class", SuiteSimulation.class.getName());
    private static final UniqueId SUITE_FILE = SUITE_CLASS.append("file", "fixtures/suite/orders.sim.yaml");
    private static final UniqueId CONVERSATION = SUITE_FILE.append("conversation", "test_suite_conv");

    private final ScriptedBackend backend = new ScriptedBackend();

    private EngineDiscoveryResults discover(EngineTestKit.Builder kit, DiscoverySelector... selectors) {
        return kit.selectors(selectors).discover();
    }

    private static List<TestDescriptor> tests(EngineDiscoveryResults results) {
        return results.getEngineDescriptor().getDescendants().stream().filter(TestDescriptor::isTest)
                .map(TestDescriptor.class::cast).toList();
    }

    private static TestDescriptor node(EngineDiscoveryResults results, UniqueId id) {
        return results.getEngineDescriptor().findByUniqueId(id).orElseThrow();
    }

    @Test
    @DisplayName("item 1: every test has a long legacy reporting name naming its file or its method, and its id")
    void legacyNames() {
        EngineDiscoveryResults results = discover(kit(backend), selectClass(SuiteSimulation.class));
        assertThat(node(results, SUITE_FILE.append("case", "test_suite_order")).getLegacyReportingName())
                .isEqualTo("orders.sim.yaml test_suite_order: where is my order ORD_99");
        assertThat(node(results, SUITE_FILE.append("case", "test_suite_variants[2]")).getLegacyReportingName())
                .isEqualTo("orders.sim.yaml test_suite_variants[2]: track my package");
        assertThat(node(results, CONVERSATION).getLegacyReportingName()).isEqualTo("orders.sim.yaml test_suite_conv");
        assertThat(node(results, CONVERSATION.append("turn", "3")).getLegacyReportingName())
                .isEqualTo("orders.sim.yaml test_suite_conv > turn 3: where is my order ORD_99");
        assertThat(node(results, CONVERSATION.append("turn", "2")).getLegacyReportingName())
                .isEqualTo("orders.sim.yaml test_suite_conv > turn 2: data {\"action\":\"GET_STARTED\"}");
        assertThat(node(results, SUITE_CLASS.append("file", "fixtures/suite/greetings.sim.csv").append("case", "test_suite_csv_hi"))
                .getLegacyReportingName()).isEqualTo("greetings.sim.csv test_suite_csv_hi: hi");
        assertThat(node(results, SUITE_CLASS.append("method", "hello")).getLegacyReportingName())
                .isEqualTo("SuiteSimulation#hello: hello");
        assertThat(node(results, SUITE_CLASS.append("method", "variants").append("utterance", "2")).getLegacyReportingName())
                .isEqualTo("SuiteSimulation#variants: hi [2]");
        assertThat(node(results, SUITE_CLASS.append("method", "greetThenAsk")).getLegacyReportingName())
                .isEqualTo("SuiteSimulation#greetThenAsk");
        // A class is named as Surefire and JUnit Jupiter name it, by its binary name; a data file by its resource.
        assertThat(node(results, SUITE_CLASS).getLegacyReportingName()).isEqualTo(SuiteSimulation.class.getName());
        assertThat(node(results, SUITE_FILE).getLegacyReportingName()).isEqualTo("fixtures/suite/orders.sim.yaml");
        // The display names stay what the test says, as IDEs show them under their file and conversation.
        assertThat(node(results, CONVERSATION.append("turn", "3")).getDisplayName()).isEqualTo("where is my order ORD_99");
        assertThat(node(results, SUITE_CLASS.append("method", "hello")).getDisplayName()).isEqualTo("hello");
    }

    @Test
    @DisplayName("item 1: legacy names are unique across a suite whose tests say the same things; display names are not")
    void legacyNamesAreUnique() {
        List<TestDescriptor> tests = tests(discover(kit(backend), selectClass(SuiteSimulation.class)));
        assertThat(tests).hasSize(15);
        assertThat(tests).extracting(TestDescriptor::getLegacyReportingName).doesNotHaveDuplicates();
        assertThat(duplicates(tests, TestDescriptor::getDisplayName))
                .containsExactlyInAnyOrder("hello", "hi", "where is my order ORD_99", "I want a human");
    }

    @Test
    @DisplayName("item 1: a test replaced for a duplicate id names in its long name which use it is")
    void duplicateIdLegacyName() {
        EngineDiscoveryResults results = discover(kit(backend),
                selectFile(EngineTestSupport.BAD_FILES.resolve("duplicate-a.sim.yaml").toFile()),
                selectFile(EngineTestSupport.BAD_FILES.resolve("duplicate-b.sim.yaml").toFile()));
        assertThat(tests(results)).filteredOn(t -> t.getDisplayName().startsWith("invalid: "))
                .extracting(TestDescriptor::getLegacyReportingName)
                .containsExactly("invalid: duplicate test_same_id at src/test/bad-files/duplicate-b.sim.yaml:3");
    }

    @Test
    @DisplayName("item 1: a line added at the top of a data file renames none of its tests, whose sources follow the lines")
    void namesOutliveLinesAddedAbove(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("orders.sim.yaml");
        String yaml = Files.readString(Path.of("src/test/resources/fixtures/suite/orders.sim.yaml"));
        Files.writeString(file, yaml);
        EngineTestKit.Builder long_ = kit(backend).configurationParameter(Constants.NAMING_STRATEGY, "long");
        Map<UniqueId, TestDescriptor> before = below(discover(long_, selectFile(file.toFile())));
        Files.writeString(file, "# what the order bot is asked\n" + yaml);
        Map<UniqueId, TestDescriptor> after = below(discover(long_, selectFile(file.toFile())));
        // 5 cases (one with 2 utterances), a conversation and its 4 turns
        assertThat(after.keySet()).hasSize(9).isEqualTo(before.keySet());
        before.forEach((id, was) -> {
            TestDescriptor now = after.get(id);
            assertThat(now.getLegacyReportingName()).as(id.toString()).isEqualTo(was.getLegacyReportingName())
                    .doesNotContain("orders.sim.yaml:");
            assertThat(now.getDisplayName()).as(id.toString()).isEqualTo(was.getDisplayName());
            assertThat(line(now)).as(id.toString()).isEqualTo(line(was) + 1);
        });
        assertThat(after.get(after.keySet().stream().filter(id -> id.getLastSegment().getValue().equals("test_suite_order"))
                .findFirst().orElseThrow()).getLegacyReportingName()).isEqualTo("orders.sim.yaml test_suite_order: where is my order ORD_99");
    }

    /** The nodes below the data files, by unique id. */
    private static Map<UniqueId, TestDescriptor> below(EngineDiscoveryResults results) {
        return results.getEngineDescriptor().getChildren().stream().flatMap(file -> file.getDescendants().stream())
                .collect(Collectors.toMap(TestDescriptor::getUniqueId, Function.identity()));
    }

    private static int line(TestDescriptor node) {
        return ((FileSource) node.getSource().orElseThrow()).getPosition().orElseThrow().getLine();
    }

    @Test
    @DisplayName("item 1: a test id used again in a file of the same name in another folder makes that use a failing problem"
            + " test, so no two tests of the run share a name and a failure cannot hide behind a passing test's name")
    void sameIdInFilesOfTheSameName(@TempDir Path dir) throws IOException {
        List<DiscoverySelector> files = new java.util.ArrayList<>();
        for (String folder : List.of("a", "b", "c")) {
            Path file = Files.createDirectories(dir.resolve(folder)).resolve("orders.sim.yaml");
            Files.writeString(file, """
                    version: 1
                    cases:
                      - id: test_same
                        utterance: where is my order
                      - id: test_own_%s
                        utterance: where is my order
                    """.formatted(folder));
            files.add(selectFile(file.toFile()));
        }
        EngineTestKit.Builder long_ = kit(backend).configurationParameter(Constants.NAMING_STRATEGY, "long");
        List<TestDescriptor> tests = tests(discover(long_, files.toArray(DiscoverySelector[]::new)));
        assertThat(tests).hasSize(6).extracting(TestDescriptor::getLegacyReportingName).doesNotHaveDuplicates()
                .containsOnlyOnce("orders.sim.yaml test_same: where is my order")
                .contains("orders.sim.yaml test_own_a: where is my order", "orders.sim.yaml test_own_c: where is my order");
        assertThat(tests).extracting(NamesAndNavigationTest::surefireName).doesNotHaveDuplicates();
        // The later uses are named by their folders too, as is the issue, which says to rename, not to name the file once.
        assertThat(tests).filteredOn(t -> t.getDisplayName().startsWith("invalid: duplicate test_same"))
                .extracting(TestDescriptor::getLegacyReportingName).hasSize(2)
                .anyMatch(name -> name.endsWith("/b/orders.sim.yaml:3")).anyMatch(name -> name.endsWith("/c/orders.sim.yaml:3"));
        assertThat(discover(kit(backend), files.toArray(DiscoverySelector[]::new)).getDiscoveryIssues())
                .extracting(org.junit.platform.engine.DiscoveryIssue::message).hasSize(2).allSatisfy(message -> assertThat(message)
                        .contains("test id test_same is used 3 times", "/a/orders.sim.yaml:3", "/b/orders.sim.yaml:3",
                                "/c/orders.sim.yaml:3", "rename all but one").doesNotContain("name it in one class only"));
        EngineExecutionResults results = kit(backend).configurationParameter(Constants.NAMING_STRATEGY, "long")
                .selectors(files.toArray(DiscoverySelector[]::new)).execute();
        results.testEvents().assertStatistics(stats -> stats.started(6).succeeded(4).failed(2));
        results.testEvents().failed().assertThatEvents().allMatch(e -> e.getTestDescriptor().getDisplayName()
                .startsWith("invalid: duplicate test_same at "));
    }

    @Test
    @DisplayName("item 1: a test id used twice in one file leaves both uses out as problem tests named by their lines,"
            + " not two tests of one name")
    void sameIdTwiceInOneFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("orders.sim.yaml");
        Files.writeString(file, """
                version: 1
                cases:
                  - id: test_same
                    utterance: where is my order
                  - id: test_same
                    utterance: track my package
                  - id: test_other
                    utterance: hello
                """);
        List<TestDescriptor> tests = tests(discover(kit(backend), selectFile(file.toFile())));
        assertThat(tests).extracting(TestDescriptor::getLegacyReportingName).doesNotHaveDuplicates()
                .contains("orders.sim.yaml test_other: hello")
                .noneMatch(name -> name.contains(" test_same:"))
                .filteredOn(name -> name.startsWith("invalid: ")).hasSize(2)
                .allMatch(name -> name.contains("orders.sim.yaml:3:") || name.contains("orders.sim.yaml:5:"));
    }

    @Test
    @DisplayName("item 1: cognigy.naming-strategy=long makes the long names the display names, so Surefire's names are unique")
    void longNamingStrategy() {
        EngineDiscoveryResults results = discover(kit(backend).configurationParameter(Constants.NAMING_STRATEGY, "long"),
                selectClass(SuiteSimulation.class));
        List<TestDescriptor> tests = tests(results);
        assertThat(tests).hasSize(15).allSatisfy(t -> assertThat(t.getDisplayName()).isEqualTo(t.getLegacyReportingName()));
        assertThat(node(results, CONVERSATION).getDisplayName()).isEqualTo("orders.sim.yaml test_suite_conv");
        assertThat(tests).extracting(NamesAndNavigationTest::surefireName).doesNotHaveDuplicates();
        // With the default names, Surefire would merge tests saying the same thing into one "run twice".
        List<TestDescriptor> short_ = tests(discover(kit(backend), selectClass(SuiteSimulation.class)));
        assertThat(duplicates(short_, NamesAndNavigationTest::surefireName)).isNotEmpty();
    }

    @Test
    @DisplayName("item 1: an unknown naming strategy is a configuration problem naming the key and the allowed values")
    void unknownNamingStrategy() {
        EngineExecutionResults results = kit(backend).configurationParameter(Constants.NAMING_STRATEGY, "medium")
                .selectors(selectClass(OrderBotSimulation.class)).execute();
        results.allEvents().assertThatEvents().haveExactly(1, event(finishedWithFailure(
                message(m -> m.contains("cognigy.naming-strategy=medium must be one of [short, long]")))));
    }

    /**
     * The name Surefire 3 gives a test in its XML report and console: for a test with a method source, the method's
     * name, or the legacy reporting name when the method has parameters or that name ends in {@code [n]}; for any
     * other test, the display name. Tests of one class with the same name are merged into one.
     */
    private static String surefireName(TestDescriptor test) {
        if (test.getSource().orElse(null) instanceof MethodSource method) {
            boolean parameterized = !method.getMethodParameterTypes().isBlank()
                    || test.getLegacyReportingName().matches("^.*\\[\\d+]$");
            return parameterized ? test.getLegacyReportingName() : method.getMethodName();
        }
        return test.getDisplayName();
    }

    private static List<String> duplicates(List<TestDescriptor> tests, Function<TestDescriptor, String> name) {
        return tests.stream().collect(Collectors.groupingBy(name, Collectors.counting())).entrySet().stream()
                .filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    }

    @Test
    @DisplayName("item 1: a failure's first line names the file and line, or the method, and the test id")
    void failureNamesPlaceAndId() {
        EngineExecutionResults results = kit(backend).selectors(selectClass(SuiteSimulation.class)).execute();
        results.testEvents().assertThatEvents().haveExactly(1, event(test("test_suite_order"), finishedWithFailure(message(m ->
                m.startsWith("fixtures/suite/orders.sim.yaml:7 test_suite_order: bot answer differs from the expectation")))));
        results.testEvents().assertThatEvents().haveExactly(1, event(test("utterance:2"), finishedWithFailure(message(m ->
                m.startsWith(SuiteSimulation.class.getName() + "#variants test_suite_method_variants[2]: bot answer differs")))));
    }

    @Test
    @DisplayName("item 2: an @Utterance test has a plain method source, so a method filter as Surefire's -Dtest=Class#method runs only it")
    void methodFilter() {
        EngineExecutionResults results = kit(backend).selectors(selectClass(OrderBotSimulation.class))
                .filters(surefireMethodFilter(OrderBotSimulation.class.getName(), "orderCheck")).execute();
        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        results.testEvents().assertThatEvents().haveExactly(1, event(test("orderCheck"), finishedSuccessfully()));
        assertThat(backend.requests).extracting(TurnRequest::text).containsExactly("I need to check my recent order ORD_99");
    }

    @Test
    @DisplayName("item 2: every variant of an @Utterance method passes that method's filter; other methods do not")
    void methodFilterKeepsVariants() {
        EngineDiscoveryResults results = kit(backend).selectors(selectClass(SuiteSimulation.class))
                .filters(surefireMethodFilter(SuiteSimulation.class.getName(), "variants")).discover();
        assertThat(tests(results)).filteredOn(t -> t.getSource().orElse(null) instanceof MethodSource)
                .extracting(TestDescriptor::getLegacyReportingName)
                .containsExactlyInAnyOrder("SuiteSimulation#variants: I want a human [1]", "SuiteSimulation#variants: hi [2]");
    }

    /** What Surefire's {@code -Dtest=Class#method} adds: keeps a node with a method source only when it is that method. */
    private static PostDiscoveryFilter surefireMethodFilter(String className, String methodName) {
        return descriptor -> FilterResult.includedIf(descriptor.getSource()
                .filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
                .map(m -> m.getClassName().equals(className) && m.getMethodName().equals(methodName)).orElse(true));
    }

    @Test
    @DisplayName("item 3: a data file found on the class path gets classpath-resource sources with lines, so IDEs open src/test/resources")
    void classpathSources() {
        EngineDiscoveryResults results = discover(kit(backend), selectClasspathResource("fixtures/suite/orders.sim.yaml"),
                selectClass(SuiteSimulation.class));
        UniqueId standalone = UniqueId.forEngine("cognigy").append("file", "fixtures/suite/orders.sim.yaml");
        for (UniqueId turn : List.of(CONVERSATION.append("turn", "3"))) {
            assertThat(node(results, turn).getSource().orElseThrow()).isInstanceOfSatisfying(ClasspathResourceSource.class, s -> {
                assertThat(s.getClasspathResourceName()).isEqualTo("fixtures/suite/orders.sim.yaml");
                assertThat(s.getPosition().orElseThrow().getLine()).isEqualTo(19);
            });
        }
        assertThat(results.getEngineDescriptor().findByUniqueId(standalone)).isEmpty();
        EngineDiscoveryResults alone = discover(kit(backend), selectClasspathResource("fixtures/suite/orders.sim.yaml"));
        assertThat(node(alone, standalone.append("case", "test_suite_order")).getSource().orElseThrow())
                .isInstanceOfSatisfying(ClasspathResourceSource.class, s -> {
                    assertThat(s.getClasspathResourceName()).isEqualTo("fixtures/suite/orders.sim.yaml");
                    assertThat(s.getPosition().orElseThrow().getLine()).isEqualTo(7);
                });
        assertThat(node(alone, standalone).getSource().orElseThrow()).isInstanceOf(ClasspathResourceSource.class);
    }

    @Test
    @DisplayName("item 3: a data file selected by its path keeps file sources with lines")
    void fileSources() {
        Path file = Path.of("src/test/resources/fixtures/suite/orders.sim.yaml");
        EngineDiscoveryResults results = discover(kit(backend), selectFile(file.toString()));
        TestDescriptor order = tests(results).stream().filter(t -> t.getUniqueId().getLastSegment().getValue().equals("test_suite_order"))
                .findFirst().orElseThrow();
        assertThat(order.getSource().orElseThrow()).isInstanceOfSatisfying(FileSource.class, s -> {
            assertThat(s.getFile().toPath().toAbsolutePath()).isEqualTo(file.toAbsolutePath());
            assertThat(s.getPosition().orElseThrow().getLine()).isEqualTo(7);
        });
    }

    @Test
    @DisplayName("item 4: a turn selected by its unique id runs after its conversation's earlier turns, sent in its session as setup")
    void turnSelectedByIdRunsEarlierTurnsFirst() {
        EngineExecutionResults results = kit(backend).selectors(selectUniqueId(CONVERSATION.append("turn", "3"))).execute();
        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        assertEarlierTurnsSentFirst();
        // The test says so: an IDE shows its report entries with its output.
        assertThat(EngineTestSupport.reportEntries(results, "cognigy.setup")).containsExactly("sent first, in this turn's"
                + " session, as its setup (their answers held): turn 1 \"hi\", turn 2 \"data {\"action\":\"GET_STARTED\"}\"");
    }

    @Test
    @DisplayName("item 4: an earlier turn's text holding a line break (a data file's, maybe from a pull request) is written on one"
            + " line in the setup report entry, which the console launcher prints as it is: it starts no line a CI reads as a command")
    void setupEntryQuotesEarlierTurnsOnOneLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("lines.sim.yaml");
        Files.writeString(file, """
                version: 1
                conversations:
                  - id: test_lines_conv
                    turns:
                      - say: "hi\\n::error title=x::forged"
                      - say: where is my order
                """);
        UniqueId second = tests(discover(kit(backend), selectFile(file.toFile()))).stream().map(TestDescriptor::getUniqueId)
                .filter(id -> id.getLastSegment().getValue().equals("2")).findFirst().orElseThrow();

        EngineExecutionResults results = kit(backend).selectors(selectUniqueId(second)).execute();

        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        assertThat(backend.requests).extracting(TurnRequest::text).containsExactly("hi\n::error title=x::forged", "where is my order");
        assertThat(EngineTestSupport.reportEntries(results, "cognigy.setup")).containsExactly("sent first, in this turn's"
                + " session, as its setup (their answers held): turn 1 \"hi\\n::error title=x::forged\"");
    }

    @Test
    @DisplayName("item 4: a turn selected by its line runs after its conversation's earlier turns too")
    void turnSelectedByLineRunsEarlierTurnsFirst() {
        EngineExecutionResults results = kit(backend)
                .selectors(selectClasspathResource("fixtures/suite/orders.sim.yaml", FilePosition.from(19))).execute();
        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        assertEarlierTurnsSentFirst();
    }

    private void assertEarlierTurnsSentFirst() {
        assertThat(backend.requests).extracting(r -> r.turn() + " " + r.text())
                .containsExactly("1 hi", "2 null", "3 where is my order ORD_99");
        assertThat(backend.requests).extracting(TurnRequest::sessionId).doesNotContainNull().containsOnly(
                backend.requests.get(0).sessionId());
        assertThat(backend.requests).extracting(TurnRequest::userId).containsOnly(backend.requests.get(0).userId());
        assertThat(backend.requests.get(1).data()).containsEntry("action", "GET_STARTED");
    }

    @Test
    @DisplayName("item 4: when an earlier turn sent as setup fails, the selected turn fails with the reason, never run alone:"
            + " the earlier turn is no test of this run, so an IDE's rerun would otherwise hide its failure as a skipped"
            + " test in a passing run")
    void failedSetupFailsTheTurn() {
        backend.answering(r -> "hi".equals(r.text()), TestTurns.turn(0, "flow_smalltalk", "smalltalk", 0.9, Map.of(), "Hey", null, null));
        RecordingListener listener = new RecordingListener();
        EngineExecutionResults results = kit(backend, listener).selectors(selectUniqueId(CONVERSATION.append("turn", "3"))).execute();
        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1).aborted(0));
        results.testEvents().assertThatEvents().haveExactly(1, event(test("turn:3"), finishedWithFailure(message(m ->
                m.contains("setup turn 1 \"hi\" failed: bot answer differs from the expectation for \"hi\"")))));
        assertThat(backend.requests).extracting(TurnRequest::text).containsExactly("hi");
        assertThat(listener.finished).singleElement().extracting(dev.botsim.cognigy.spi.SimulationRecord::outcome)
                .isEqualTo(dev.botsim.cognigy.spi.Outcome.FAILED);
    }

    @Test
    @DisplayName("item 4: when the bot does not answer an earlier turn sent as setup, the selected turn is in error, as a"
            + " test whose setup throws")
    void unansweredSetupErrsTheTurn() {
        backend.failing(r -> "hi".equals(r.text()), new dev.botsim.cognigy.engine.backend.BackendException(
                dev.botsim.cognigy.engine.backend.BackendException.Kind.TIMEOUT, "no answer within 30s"));
        RecordingListener listener = new RecordingListener();
        EngineExecutionResults results = kit(backend, listener).selectors(selectUniqueId(CONVERSATION.append("turn", "3"))).execute();
        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1).aborted(0));
        assertThat(listener.finished).singleElement().satisfies(record -> {
            assertThat(record.outcome()).isEqualTo(dev.botsim.cognigy.spi.Outcome.TIMEOUT);
            assertThat(record.message()).contains("setup turn 1 \"hi\" failed: no answer within 30s");
        });
    }

    @Test
    @DisplayName("when sending an earlier turn as setup ends in an unexpected error (no answer of the bot, right or wrong), the"
            + " selected turn is aborted: SKIPPED, its skip reason SETUP_ABORTED")
    void setupEndingInAnUnexpectedErrorAbortsTheTurn(@TempDir Path reports) throws Exception {
        ScriptedBackend breaking = new ScriptedBackend() {
            @Override
            public dev.botsim.cognigy.engine.backend.TurnResult send(TurnRequest request) {
                if ("hi".equals(request.text())) throw new IllegalStateException("the scripted backend broke");
                return super.send(request);
            }
        };
        RecordingListener listener = new RecordingListener();
        EngineExecutionResults results = kit(breaking, listener).configurationParameter(Constants.REPORT_DIR, reports.toString())
                .selectors(selectUniqueId(CONVERSATION.append("turn", "3"))).execute();

        results.testEvents().assertStatistics(stats -> stats.started(1).aborted(1));
        assertThat(listener.finished).singleElement().satisfies(record -> {
            assertThat(record.outcome()).isEqualTo(dev.botsim.cognigy.spi.Outcome.SKIPPED);
            assertThat(record.message()).contains("setup turn 1 \"hi\" failed: the scripted backend broke");
            assertThat(record.skipReason()).isEqualTo(dev.botsim.cognigy.spi.SimulationRecord.SkipReason.SETUP_ABORTED);
        });
        assertThat(tools.jackson.databind.json.JsonMapper.builder().build().readTree(reports.resolve("partial/results.json")
                .toFile()).at("/results/0/skip_reason").asString()).as("a turn picked alone reports to partial/").isEqualTo("setup_aborted");
    }

    @Test
    @DisplayName("a run cancelled while earlier turns are sent as a selected turn's setup aborts the turn as cancelled: its skip"
            + " reason is CANCELLED, not SETUP_ABORTED")
    void setupCancelledKeepsTheCancellation() {
        org.junit.platform.engine.CancellationToken token = org.junit.platform.engine.CancellationToken.create();
        ScriptedBackend cancelling = new ScriptedBackend() {
            @Override
            public dev.botsim.cognigy.engine.backend.TurnResult send(TurnRequest request) {
                // Turn 1 is answered; turn 2, the next part of the setup, is never sent.
                if ("hi".equals(request.text())) token.cancel();
                return super.send(request);
            }
        };
        RecordingListener listener = new RecordingListener();
        EngineExecutionResults results = kit(cancelling, listener).cancellationToken(token)
                .selectors(selectUniqueId(CONVERSATION.append("turn", "3"))).execute();

        results.testEvents().assertStatistics(stats -> stats.started(1).aborted(1));
        assertThat(cancelling.requests).extracting(TurnRequest::text).containsExactly("hi");
        assertThat(listener.finished).singleElement().satisfies(record -> {
            assertThat(record.message()).contains("setup turn 2").contains("the run was cancelled");
            assertThat(record.skipReason()).isEqualTo(dev.botsim.cognigy.spi.SimulationRecord.SkipReason.CANCELLED);
        });
    }

    @Test
    @DisplayName("when an earlier turn sent as setup fails, the selected turns after the failed one are skipped naming"
            + " that earlier turn as the one that failed, not the selected turn, which was never sent")
    void failedSetupNamedWhenLaterSelectedTurnsAreSkipped() {
        backend.answering(r -> "hi".equals(r.text()), TestTurns.turn(0, "flow_smalltalk", "smalltalk", 0.9, Map.of(), "Hey", null, null));
        EngineExecutionResults results = kit(backend).selectors(selectUniqueId(CONVERSATION.append("turn", "3")),
                selectUniqueId(CONVERSATION.append("turn", "4"))).execute();
        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1).skipped(1));
        results.testEvents().assertThatEvents().haveExactly(1, event(test("turn:4"), skippedWithReason(
                "an earlier turn of conversation test_suite_conv failed: turn 1 \"hi\"")));
        assertThat(backend.requests).extracting(TurnRequest::text).containsExactly("hi");
    }

    @Test
    @DisplayName("when a selected turn fails after the earlier turns sent as its setup passed, the selected turns after it are"
            + " skipped naming that turn, not the last turn of its setup")
    void failedSelectedTurnNamedAfterItsSetup() {
        backend.answering(r -> "where is my order ORD_99".equals(r.text()),
                TestTurns.turn(0, "flow_smalltalk", "smalltalk", 0.9, Map.of(), "Hey", null, null));
        EngineExecutionResults results = kit(backend).selectors(selectUniqueId(CONVERSATION.append("turn", "3")),
                selectUniqueId(CONVERSATION.append("turn", "4"))).execute();
        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1).skipped(1));
        results.testEvents().assertThatEvents().haveExactly(1, event(test("turn:4"), skippedWithReason(
                "an earlier turn of conversation test_suite_conv failed: turn 3 \"where is my order ORD_99\"")));
        assertThat(backend.requests).extracting(TurnRequest::turn).containsExactly(1, 2, 3);
    }

    @Test
    @DisplayName("item 4: the whole conversation sends each turn once")
    void wholeConversationSendsEachTurnOnce() {
        EngineExecutionResults results = kit(backend).selectors(selectUniqueId(CONVERSATION)).execute();
        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(4));
        assertThat(backend.requests).extracting(TurnRequest::turn).containsExactly(1, 2, 3, 4);
        // Each turn is a test of its own: none was sent as another's setup.
        assertThat(EngineTestSupport.reportEntries(results, "cognigy.setup")).isEmpty();
    }

    @Test
    @DisplayName("item 5: a classpath resource naming a folder selects the data files below it, as @Suite @SelectClasspathResource does")
    void classpathFolder() {
        for (String folder : List.of("fixtures/suite", "fixtures/suite/", "/fixtures/suite")) {
            EngineDiscoveryResults results = discover(kit(backend), selectClasspathResource(folder));
            assertThat(results.getEngineDescriptor().getChildren()).as(folder).extracting(TestDescriptor::getDisplayName)
                    .containsExactly("fixtures/suite/greetings.sim.csv", "fixtures/suite/orders.sim.yaml");
            assertThat(results.getDiscoveryIssues()).isEmpty();
        }
    }
}
