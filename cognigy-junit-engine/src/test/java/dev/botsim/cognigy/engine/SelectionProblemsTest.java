package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathResource;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectIteration;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Selections that name no test — a data file that is not there, a test a data file no longer has — as a console
 * launcher, a {@code @Suite} or an IDE's rerun of a list made before the file changed makes them: each says what it
 * named, why nothing answers to it and what to do, rather than selecting nothing in silence or JUnit's bare "could
 * not be resolved".
 */
class SelectionProblemsTest {

    private final ScriptedBackend backend = new ScriptedBackend();

    private EngineDiscoveryResults discover(DiscoverySelector... selectors) {
        return kit(backend).selectors(selectors).discover();
    }

    private static List<String> tests(EngineDiscoveryResults results) {
        return results.getEngineDescriptor().getDescendants().stream().filter(TestDescriptor::isTest)
                .map(TestDescriptor::getDisplayName).toList();
    }

    private static List<String> issues(EngineDiscoveryResults results) {
        return results.getDiscoveryIssues().stream().map(DiscoveryIssue::message).toList();
    }

    @Test
    @DisplayName("a data file selected by a classpath name that is not on the class path is a failing test naming the likely"
            + " one, so a @Suite or --select-resource with a misspelt name does not pass with no test")
    void misspeltClasspathResource() {
        EngineDiscoveryResults results = discover(selectClasspathResource("fixtures/standalone/oders.sim.yaml"));
        assertThat(tests(results)).singleElement().asString().startsWith("invalid: ")
                .contains("fixtures/standalone/oders.sim.yaml", "selected, but not on the class path",
                        "did you mean 'fixtures/standalone/orders.sim.yaml'?");
        assertThat(issues(results)).singleElement().asString().contains("did you mean 'fixtures/standalone/orders.sim.yaml'?");

        EngineExecutionResults run = kit(backend).selectors(selectClasspathResource("fixtures/standalone/oders.sim.yaml")).execute();
        run.testEvents().assertStatistics(stats -> stats.started(1).failed(1));
    }

    @Test
    @DisplayName("a data file selected by a path that names no file is a failing test saying so")
    void missingFile() {
        EngineDiscoveryResults results = discover(selectFile("src/test/resources/fixtures/standalone/missing.sim.yaml"));
        assertThat(tests(results)).singleElement().asString().startsWith("invalid: ")
                .contains("src/test/resources/fixtures/standalone/missing.sim.yaml", "no such file");
    }

    @Test
    @DisplayName("a name that is no data file's (a folder, another engine's resource) stays another engine's: no test, no issue")
    void otherResources() {
        EngineDiscoveryResults results = discover(selectClasspathResource("features/checkout.feature"),
                selectClasspathResource("no/such/folder"));
        assertThat(tests(results)).isEmpty();
        assertThat(issues(results)).isEmpty();
    }

    @Test
    @DisplayName("an IDE's rerun of a test the data file no longer has (its id renamed, the case removed) says which file"
            + " lacks which test and to run the file again, beside JUnit's own error")
    void staleTestId() {
        EngineDiscoveryResults results = discover(
                selectUniqueId("[engine:cognigy]/[file:fixtures%2Fstandalone%2Forders.sim.yaml]/[case:test_renamed]"));
        assertThat(tests(results)).isEmpty();
        assertThat(results.getDiscoveryIssues()).filteredOn(i -> i.message().contains("test_renamed")).anySatisfy(issue -> {
            assertThat(issue.severity()).isEqualTo(DiscoveryIssue.Severity.ERROR);
            assertThat(issue.message()).contains("fixtures/standalone/orders.sim.yaml has no test test_renamed",
                    "renamed or removed", "run the file again");
        });
    }

    @Test
    @DisplayName("an IDE's rerun of a test its data file now leaves out for a problem (a syntax error since) runs the file's"
            + " problem tests, which fail naming the problem, instead of failing the engine with 'renamed or removed'")
    void rerunOfATestLeftOutForAProblem(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(root.resolve("orders.sim.yaml"),
                "cases:\n  - id: test_a\n    utterance: hi\n  - id: test_b\n    utterance: [\n");
        String shown = file.toString();
        org.junit.platform.engine.UniqueId rerun = org.junit.platform.engine.UniqueId.forEngine("cognigy")
                .append("file", shown).append("case", "test_b");

        EngineExecutionResults results = kit(backend).selectors(selectUniqueId(rerun)).execute();

        results.allEvents().assertStatistics(stats -> stats.failed(1));
        assertThat(kit(backend).selectors(selectUniqueId(rerun)).discover().getDiscoveryIssues())
                .extracting(DiscoveryIssue::message).anySatisfy(m -> assertThat(m).isEqualTo(shown + " has no test test_b ("
                        + rerun + ") now: the file has a problem, which leaves out the case or conversation it is in, or the"
                        + " test was renamed or removed since it was listed — its problem tests run instead: fix them, and"
                        + " run the file again to list its tests as they are now"));
        assertThat(EngineTestSupport.failureMessages(results)).containsExactly(shown + ":6:1: YAML syntax error: expected the"
                + " node content, but found '<stream end>' (while parsing a flow node) — check indentation (spaces, not tabs),"
                + " quotes, brackets and the ':' after each key");
        assertThat(backend.requests).isEmpty();
    }

    @Test
    @DisplayName("an IDE's rerun of a failed 'invalid:' test after its problem was fixed runs the file whole, the case the"
            + " problem left out with it, with a warning, instead of failing the run with 'renamed or removed'")
    void rerunOfAProblemFixedSince(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(root.resolve("orders.sim.yaml"),
                "cases:\n  - id: test_a\n    utterance: hi\n  - id: test_b\n    utterance: where\n    expct: {}\n");
        String shown = file.toString();
        EngineDiscoveryResults listed = discover(selectFile(shown));
        TestDescriptor failed = listed.getEngineDescriptor().getDescendants().stream()
                .filter(d -> d.getDisplayName().startsWith("invalid: ")).findFirst().orElseThrow();
        org.junit.platform.engine.UniqueId rerun = failed.getUniqueId();

        java.nio.file.Files.writeString(file, "cases:\n  - id: test_a\n    utterance: hi\n  - id: test_b\n    utterance: where\n"
                + "    expect: {}\n");
        EngineDiscoveryResults results = discover(selectUniqueId(rerun));

        assertThat(tests(results)).containsExactly("hi", "where");
        assertThat(results.getDiscoveryIssues()).singleElement().satisfies(issue -> {
            assertThat(issue.severity()).isEqualTo(DiscoveryIssue.Severity.WARNING);
            assertThat(issue.message()).isEqualTo(shown + " has no problem test 1 (" + rerun + ") now: its problem was"
                    + " fixed since the test was listed, so the file runs whole in its place, with the case or conversation"
                    + " the problem left out — run the file again to list its tests as they are now");
        });
    }

    @Test
    @DisplayName("a rerun of a class's failed 'invalid:' test after its problem was fixed runs the class whole")
    void rerunOfAClassProblemFixedSince() {
        String order = dev.botsim.cognigy.engine.fixtures.OrderBotSimulation.class.getName();
        String rerun = "[engine:cognigy]/[class:" + order + "]/[problem:bot-simulation]";
        EngineDiscoveryResults results = discover(selectUniqueId(rerun));
        EngineDiscoveryResults whole = discover(selectClass(dev.botsim.cognigy.engine.fixtures.OrderBotSimulation.class));

        assertThat(tests(results)).isNotEmpty().containsExactlyElementsOf(tests(whole));
        assertThat(results.getDiscoveryIssues()).singleElement().satisfies(issue -> {
            assertThat(issue.severity()).isEqualTo(DiscoveryIssue.Severity.WARNING);
            assertThat(issue.message()).isEqualTo(order + " has no problem test bot-simulation (" + rerun + ") now: its"
                    + " problem was fixed since the test was listed, so the class runs whole in its place — run the class"
                    + " again to list its tests as they are now");
        });

        String conversation = dev.botsim.cognigy.engine.fixtures.ConversationSimulation.class.getName();
        String ofItsFile = "[engine:cognigy]/[class:" + conversation + "]/[file:fixtures%2Freferenced%2Fconversation.sim.yaml]/[problem:1]";
        EngineDiscoveryResults file = discover(selectUniqueId(ofItsFile));
        assertThat(file.getEngineDescriptor().getDescendants()).filteredOn(TestDescriptor::isTest).isNotEmpty()
                .allSatisfy(test -> assertThat(test.getUniqueId().toString()).contains("[file:fixtures%2Freferenced%2Fconversation.sim.yaml]"));
        assertThat(issues(file)).containsExactly(conversation + " has no problem test 1 (" + ofItsFile + ") now: its problem was"
                + " fixed since the test was listed, so its file fixtures/referenced/conversation.sim.yaml runs whole in its place,"
                + " with the case or conversation the problem left out — run the class again to list its tests as they are now");
    }

    @Test
    @DisplayName("a rerun of a turn its conversation no longer has says the conversation has fewer turns")
    void staleTurn() {
        EngineDiscoveryResults results = discover(
                selectUniqueId("[engine:cognigy]/[file:e2e%2Forder-bot.sim.yaml]/[conversation:test_e2e_conversation]/[turn:9]"));
        assertThat(issues(results)).anySatisfy(m -> assertThat(m).contains("e2e/order-bot.sim.yaml has no test",
                "test_e2e_conversation", "turn 9"));
    }

    @Test
    @DisplayName("a rerun of a test of a data file that is gone says the file is not on the class path")
    void staleFile() {
        EngineDiscoveryResults results = discover(
                selectUniqueId("[engine:cognigy]/[file:fixtures%2Fstandalone%2Fgone.sim.yaml]/[case:test_x]"));
        assertThat(tests(results)).isEmpty();
        assertThat(issues(results)).anySatisfy(m -> assertThat(m).contains("fixtures/standalone/gone.sim.yaml",
                "is not on the class path", "renamed, moved or removed"));
    }

    @Test
    @DisplayName("a rerun of a method or data-file test a class no longer has names the class and the test")
    void staleTestOfAClass() {
        String order = dev.botsim.cognigy.engine.fixtures.OrderBotSimulation.class.getName();
        String conversation = dev.botsim.cognigy.engine.fixtures.ConversationSimulation.class.getName();
        EngineDiscoveryResults results = discover(selectUniqueId("[engine:cognigy]/[class:" + order + "]/[method:gone]"),
                selectUniqueId("[engine:cognigy]/[class:" + conversation
                        + "]/[file:fixtures%2Freferenced%2Fconversation.sim.yaml]/[case:test_renamed]"));
        assertThat(tests(results)).isEmpty();
        assertThat(issues(results)).anySatisfy(m -> assertThat(m).contains(order + " has no test method gone", "run the class again"))
                .anySatisfy(m -> assertThat(m).contains(conversation + " has no test file fixtures/referenced/conversation.sim.yaml"
                        + " test_renamed"));
    }

    @Test
    @DisplayName("a method selector naming a method the class no longer has (an IDE's rerun of a renamed method,"
            + " --select-method) names the class and the method rather than running nothing in silence; a method of"
            + " another engine's in the class says nothing")
    void staleMethod() {
        String conversation = dev.botsim.cognigy.engine.fixtures.ConversationSimulation.class.getName();
        EngineDiscoveryResults results = discover(selectMethod(conversation + "#gone"));
        assertThat(tests(results)).isEmpty();
        assertThat(results.getDiscoveryIssues()).singleElement().satisfies(issue -> {
            assertThat(issue.severity()).isEqualTo(DiscoveryIssue.Severity.ERROR);
            assertThat(issue.message()).isEqualTo(conversation + " has no method gone: it was renamed or removed since the"
                    + " test was listed — run the class again to list its tests as they are now");
            assertThat(issue.source()).contains(org.junit.platform.engine.support.descriptor.ClassSource.from(conversation));
        });

        EngineDiscoveryResults other = discover(selectMethod(dev.botsim.cognigy.engine.fixtures.ConversationSimulation.class, "toString"));
        assertThat(tests(other)).isEmpty();
        assertThat(issues(other)).isEmpty();
    }

    @Test
    @DisplayName("--select-iteration picks texts of an @Utterance method with several, counted from 0 as JUnit counts"
            + " iterations; an index beyond its texts names how many it has")
    void iterationOfVariants() {
        String variants = dev.botsim.cognigy.engine.fixtures.ConversationSimulation.class.getName() + "#variants";
        EngineDiscoveryResults second = discover(selectIteration(selectMethod(variants), 1));
        assertThat(second.getEngineDescriptor().getDescendants()).filteredOn(TestDescriptor::isTest)
                .extracting(d -> d.getUniqueId().getLastSegment().getValue()).containsExactly("2");

        EngineDiscoveryResults both = discover(selectIteration(selectMethod(variants), 0, 1));
        assertThat(tests(both)).hasSize(2);

        EngineDiscoveryResults beyond = discover(selectIteration(selectMethod(variants), 5));
        assertThat(tests(beyond)).isEmpty();
        assertThat(issues(beyond)).anySatisfy(m -> assertThat(m).contains(variants, "has 2 texts, iterations 0 to 1: iteration 5 selects none of them"));
    }
}
