package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectIteration;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;

import dev.botsim.cognigy.engine.descriptor.SimulationClassDescriptor;
import dev.botsim.cognigy.engine.fixtures.ConversationSimulation;
import dev.botsim.cognigy.engine.fixtures.invalid.BadRepeats;
import dev.botsim.cognigy.engine.fixtures.invalid.OverloadedMethods;
import dev.botsim.cognigy.engine.fixtures.selection.AbstractSimulation;
import dev.botsim.cognigy.engine.fixtures.selection.BesideClassSimulation;

/**
 * Classes and their methods selected as build tools and IDEs select them: a class's tests are its methods' and its data
 * files', found where the user put them; a class or method of another engine's is left alone without a word.
 */
class SelectedClassesTest {

    private final ScriptedBackend backend = new ScriptedBackend();

    private EngineDiscoveryResults discover(DiscoverySelector... selectors) {
        return kit(backend).selectors(selectors).discover();
    }

    private static List<TestDescriptor> tests(EngineDiscoveryResults results) {
        return results.getEngineDescriptor().getDescendants().stream().filter(TestDescriptor::isTest)
                .map(TestDescriptor.class::cast).toList();
    }

    private static SimulationClassDescriptor classNode(EngineDiscoveryResults results) {
        return (SimulationClassDescriptor) results.getEngineDescriptor().getChildren().iterator().next();
    }

    @Test
    @DisplayName("a data file named by its name alone is found beside the class, in its package; the class's tags, flows and"
            + " bot are its tests'")
    void dataFileBesideTheClass() {
        EngineDiscoveryResults results = discover(selectClass(BesideClassSimulation.class));

        assertThat(results.getDiscoveryIssues()).isEmpty();
        assertThat(tests(results)).extracting(d -> d.getUniqueId().toString()).containsExactlyInAnyOrder(
                "[engine:cognigy]/[class:" + BesideClassSimulation.class.getName() + "]/[method:greeting]",
                "[engine:cognigy]/[class:" + BesideClassSimulation.class.getName()
                        + "]/[file:dev%2Fbotsim%2Fcognigy%2Fengine%2Ffixtures%2Fselection%2Fbeside.sim.yaml]/[case:test_beside_hello]");
        assertThat(tests(results)).allSatisfy(test -> assertThat(test.getTags()).contains(TestTag.create("beside")));
        assertThat(tests(results)).filteredOn(test -> test.getUniqueId().getLastSegment().getType().equals("method"))
                .singleElement().satisfies(test -> assertThat(test.getTags())
                        .containsExactlyInAnyOrder(TestTag.create("beside"), TestTag.create("greeting")));
        SimulationClassDescriptor node = classNode(results);
        assertThat(node.expectedFlows()).containsExactly("flow_greeting");
        assertThat(node.botName()).isEqualTo("greeter");
        assertThat(node.knowsEveryTest()).isTrue();
    }

    @Test
    @DisplayName("a class with a method that is a problem test instead of its own tests does not know every test it has, so"
            + " its approved answers are kept while it is broken")
    void brokenMethodsLeaveTestsUnknown() {
        assertThat(classNode(discover(selectClass(OverloadedMethods.class))).knowsEveryTest()).isFalse();
        assertThat(classNode(discover(selectClass(BadRepeats.class))).knowsEveryTest()).isFalse();
    }

    @Test
    @DisplayName("a repeat outside 1 to 1,000 on an @Utterance or a @Conversation is a failing test naming the method and the"
            + " attribute, and says so at discovery, rather than running the test some other number of times")
    void repeatsOutOfRange() {
        EngineDiscoveryResults results = discover(selectClass(BadRepeats.class));

        String type = BadRepeats.class.getName();
        assertThat(tests(results)).hasSize(2).allSatisfy(test -> assertThat(test.getDisplayName()).startsWith("invalid: "));
        assertThat(results.getDiscoveryIssues()).extracting(DiscoveryIssue::message).satisfiesExactlyInAnyOrder(
                m -> assertThat(m).startsWith(type + "#negative: @Utterance(repeat)").contains("-1, outside 1 to 1000"),
                m -> assertThat(m).startsWith(type + "#tooOften: @Conversation(repeat)").contains("1001, outside 1 to 1000"));
    }

    @Test
    @DisplayName("a class of another engine's (a Jupiter test class Surefire hands every engine) and an abstract"
            + " @BotSimulation class hold no test and say nothing")
    void classesWithoutSimulations() {
        for (Class<?> type : List.of(SelectedClassesTest.class, AbstractSimulation.class)) {
            EngineDiscoveryResults results = discover(selectClass(type));
            assertThat(results.getEngineDescriptor().getDescendants()).as(type.getName()).isEmpty();
            assertThat(results.getDiscoveryIssues()).as(type.getName()).isEmpty();
        }
    }

    @Test
    @DisplayName("a method selector naming a method of the class that is no test (non-public, another engine's) selects"
            + " nothing and says nothing; naming a test method selects that test alone")
    void methodThatIsNoTest() {
        EngineDiscoveryResults helper = discover(selectMethod(BesideClassSimulation.class, "helper"));
        assertThat(tests(helper)).isEmpty();
        assertThat(helper.getDiscoveryIssues()).isEmpty();

        EngineDiscoveryResults greeting = discover(selectMethod(BesideClassSimulation.class, "greeting"));
        assertThat(tests(greeting)).extracting(TestDescriptor::getDisplayName).containsExactly("hello");
    }

    @Test
    @DisplayName("--select-iteration at the first index past an @Utterance method's texts selects none and says how many"
            + " there are; the last index selects the last text without a word")
    void iterationJustPastTheTexts() {
        String variants = ConversationSimulation.class.getName() + "#variants";

        EngineDiscoveryResults last = discover(selectIteration(selectMethod(variants), 1));
        assertThat(tests(last)).extracting(d -> d.getUniqueId().getLastSegment().getValue()).containsExactly("2");
        assertThat(last.getDiscoveryIssues()).isEmpty();

        EngineDiscoveryResults past = discover(selectIteration(selectMethod(variants), 2));
        assertThat(tests(past)).isEmpty();
        assertThat(past.getDiscoveryIssues()).singleElement().satisfies(issue -> assertThat(issue.message())
                .isEqualTo(variants + " has 2 texts, iterations 0 to 1: iteration 2 selects none of them"));
    }

    @Test
    @DisplayName("rerunning failed tests of two files by unique id, one of them a later use of a test id the other file has,"
            + " fails that one as a duplicate again rather than passing it now that the first use is not selected")
    void duplicateRerunBesideATestOfTheOtherFile(@TempDir Path root) throws Exception {
        Path first = Files.writeString(root.resolve("a.sim.yaml"),
                "cases:\n  - id: test_same\n    utterance: hi\n  - id: test_other\n    utterance: hello\n");
        Path second = Files.writeString(root.resolve("b.sim.yaml"), "cases:\n  - id: test_same\n    utterance: hey\n");
        UniqueId engine = UniqueId.forEngine("cognigy");
        UniqueId laterUse = engine.append("file", second.toString()).append("case", "test_same");

        EngineDiscoveryResults whole = discover(selectFile(first.toFile()), selectFile(second.toFile()));
        assertThat(whole.getEngineDescriptor().findByUniqueId(laterUse)).get().extracting(TestDescriptor::getDisplayName)
                .asString().startsWith("invalid: duplicate test_same");

        EngineDiscoveryResults rerun = discover(selectUniqueId(engine.append("file", first.toString()).append("case", "test_other")),
                selectUniqueId(laterUse));
        assertThat(tests(rerun)).extracting(TestDescriptor::getDisplayName).satisfiesExactlyInAnyOrder(
                name -> assertThat(name).isEqualTo("hello"),
                name -> assertThat(name).startsWith("invalid: duplicate test_same"));
        assertThat(rerun.getDiscoveryIssues()).extracting(DiscoveryIssue::message).singleElement().asString()
                .contains("test_same", "a.sim.yaml:2", "b.sim.yaml:2");
    }
}
