package dev.botsim.cognigy.engine;

import static dev.botsim.cognigy.engine.EngineTestSupport.kit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedMethod;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.botsim.cognigy.annotations.BotSimulation;
import dev.botsim.cognigy.annotations.Utterance;
import dev.botsim.cognigy.engine.backend.TurnRequest;
import dev.botsim.cognigy.engine.config.Constants;
import dev.botsim.cognigy.engine.fixtures.GroupedSimulations;
import dev.botsim.cognigy.engine.fixtures.GroupedSimulations.Escalation;
import dev.botsim.cognigy.engine.fixtures.GroupedSimulations.Tracking;
import dev.botsim.cognigy.engine.fixtures.GroupedSimulations.Tracking.Packages;

/**
 * {@code @BotSimulation} classes grouped as member classes of one class run when that class is selected: Surefire
 * selects {@code OrderBotTest}, never {@code OrderBotTest$Returns}, and a build that ran none of them would pass.
 */
class NestedSimulationClassesTest {

    private static final UniqueId ENGINE = UniqueId.forEngine("cognigy");
    private static final List<Class<?>> GROUPS = List.of(Escalation.class, Tracking.class, Packages.class);

    private final ScriptedBackend backend = new ScriptedBackend();

    private EngineDiscoveryResults discover(DiscoverySelector... selectors) {
        return kit(backend).selectors(selectors).discover();
    }

    /** A class's node's unique id: below its declaring class's, as Jupiter nests a {@code @Nested} class. */
    private static UniqueId classId(Class<?> type) {
        return (type.getDeclaringClass() == null ? ENGINE : classId(type.getDeclaringClass())).append("class", type.getName());
    }

    /** The unique ids of the tree's class nodes, in the tree's order. */
    private static List<UniqueId> classNodes(EngineDiscoveryResults results) {
        return results.getEngineDescriptor().getDescendants().stream().map(TestDescriptor::getUniqueId)
                .filter(id -> id.getLastSegment().getType().equals("class")).toList();
    }

    private static TestDescriptor node(EngineDiscoveryResults results, UniqueId id) {
        return results.getEngineDescriptor().findByUniqueId(id).orElseThrow();
    }

    @Test
    @DisplayName("selecting a class that only groups @BotSimulation member classes (as Surefire selects it, never its member"
            + " classes) discovers and runs each of them, a member's members too, each below its enclosing class's node as"
            + " Jupiter nests a @Nested class, with its own source")
    void selectedClassBringsItsMemberClasses() {
        EngineDiscoveryResults results = discover(selectClass(GroupedSimulations.class));

        // Surefire runs a class it selected only when a node of the tree has that class as its source.
        assertThat(results.getEngineDescriptor().getChildren()).singleElement().satisfies(grouping -> {
            assertThat(grouping.getUniqueId()).isEqualTo(ENGINE.append("class", GroupedSimulations.class.getName()));
            assertThat(grouping.getSource()).contains(ClassSource.from(GroupedSimulations.class));
            assertThat(grouping.getDisplayName()).isEqualTo("GroupedSimulations");
            assertThat(grouping.getLegacyReportingName()).isEqualTo(GroupedSimulations.class.getName());
        });
        assertThat(classNodes(results)).containsExactly(classId(GroupedSimulations.class), classId(Escalation.class),
                classId(Tracking.class), classId(Packages.class));
        assertThat(classId(Packages.class)).isEqualTo(ENGINE.append("class", GroupedSimulations.class.getName())
                .append("class", Tracking.class.getName()).append("class", Packages.class.getName()));
        for (Class<?> group : GROUPS) {
            TestDescriptor brought = node(results, classId(group));
            // The IDE goes to the member class; Surefire names its tests' class by the legacy name.
            assertThat(brought.getSource()).contains(ClassSource.from(group));
            assertThat(brought.getDisplayName()).isEqualTo(group.getSimpleName());
            assertThat(brought.getLegacyReportingName()).isEqualTo(group.getName());
            assertThat(brought.getParent().map(TestDescriptor::getUniqueId)).contains(classId(group.getDeclaringClass()));
        }
        // Unique in the run, where two groups may each hold a class of one name.
        assertThat(node(results, classId(Packages.class).append("method", "pack")).getLegacyReportingName())
                .isEqualTo("GroupedSimulations$Tracking$Packages#pack: track my package");
        assertThat(results.getDiscoveryIssues()).isEmpty();

        EngineExecutionResults run = kit(backend).selectors(selectClass(GroupedSimulations.class)).execute();
        run.testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
        assertThat(backend.requests).extracting(TurnRequest::text)
                .containsExactlyInAnyOrder("I want a human", "where is my order", "track my package");
    }

    @Test
    @DisplayName("a member class selected alone (an IDE), by class, method or unique id, runs alone, below its enclosing"
            + " classes' nodes, under the ids it has when they are selected")
    void memberSelectedAloneRunsAlone() {
        for (DiscoverySelector selector : List.of(selectClass(Packages.class), selectMethod(Packages.class, "pack"),
                selectUniqueId(classId(Packages.class)), selectUniqueId(classId(Packages.class).append("method", "pack")))) {
            ScriptedBackend bot = new ScriptedBackend();
            EngineExecutionResults run = kit(bot).selectors(selector).execute();

            run.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
            assertThat(bot.requests).as(selector.toString()).extracting(TurnRequest::text).containsExactly("track my package");
            assertThat(run.testEvents().started().stream().map(e -> e.getTestDescriptor().getUniqueId()))
                    .containsExactly(classId(Packages.class).append("method", "pack"));
        }
    }

    @Test
    @DisplayName("a member class or its method named with its enclosing classes (the platform's nested-class and"
            + " nested-method selectors a tool may send, --select nested-method:) runs as its own selector"
            + " runs it, and a method picked so writes its reports to partial/")
    void nestedSelectorsOfMemberClasses(@TempDir Path reports) {
        ScriptedBackend bot = new ScriptedBackend();
        EngineExecutionResults method = kit(bot).configurationParameter(Constants.REPORT_DIR, reports.toString())
                .selectors(selectNestedMethod(List.of(GroupedSimulations.class, Tracking.class), Packages.class, "pack")).execute();
        method.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
        assertThat(method.testEvents().started().stream().map(e -> e.getTestDescriptor().getUniqueId()))
                .containsExactly(classId(Packages.class).append("method", "pack"));
        assertThat(bot.requests).extracting(TurnRequest::text).containsExactly("track my package");
        assertThat(reports.resolve("partial/results.json")).exists();
        assertThat(reports.resolve("results.json")).doesNotExist();

        EngineDiscoveryResults nestedClass = discover(selectNestedClass(List.of(GroupedSimulations.class), Tracking.class));
        assertThat(nestedClass.getEngineDescriptor().getDescendants()).filteredOn(TestDescriptor::isTest)
                .extracting(TestDescriptor::getUniqueId).containsExactlyInAnyOrder(classId(Tracking.class).append("method", "order"),
                        classId(Packages.class).append("method", "pack"));
        assertThat(nestedClass.getDiscoveryIssues()).isEmpty();
    }

    @Test
    @DisplayName("a member class selected by its unique id, below its enclosing class's, is a whole class: its reports are"
            + " the run's, not partial/; one of its tests by unique id is picked one by one")
    void memberClassByUniqueIdIsAWholeClass(@TempDir Path whole, @TempDir Path picked) {
        kit(backend).configurationParameter(Constants.REPORT_DIR, whole.toString())
                .selectors(selectUniqueId(classId(Escalation.class))).execute().testEvents().assertStatistics(stats -> stats.started(1));
        assertThat(whole.resolve("results.json")).exists();
        assertThat(whole.resolve("partial")).doesNotExist();

        kit(backend).configurationParameter(Constants.REPORT_DIR, picked.toString())
                .selectors(selectUniqueId(classId(Escalation.class).append("method", "human"))).execute()
                .testEvents().assertStatistics(stats -> stats.started(1));
        assertThat(picked.resolve("partial/results.json")).exists();
        assertThat(picked.resolve("results.json")).doesNotExist();
    }

    @Test
    @DisplayName("a member class selected both itself and through its class (an IDE, Surefire without its *$* exclude), by"
            + " class, method or unique id, in either order, is one node and runs once")
    void memberSelectedTwiceRunsOnce() {
        List<List<DiscoverySelector>> ways = List.of(
                List.of(selectClass(GroupedSimulations.class), selectClass(Escalation.class)),
                List.of(selectClass(Escalation.class), selectClass(GroupedSimulations.class)),
                List.of(selectMethod(Escalation.class, "human"), selectClass(GroupedSimulations.class)),
                List.of(selectUniqueId(classId(Escalation.class)), selectClass(GroupedSimulations.class)),
                List.of(selectClass(GroupedSimulations.class), selectClass(Tracking.class), selectClass(Packages.class)));
        for (List<DiscoverySelector> selectors : ways) {
            ScriptedBackend bot = new ScriptedBackend();
            EngineExecutionResults run = kit(bot).selectors(selectors.toArray(DiscoverySelector[]::new)).execute();

            run.testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
            assertThat(bot.requests).as(selectors.toString()).extracting(TurnRequest::text)
                    .containsExactlyInAnyOrder("I want a human", "where is my order", "track my package");
            assertThat(run.containerEvents().started().stream().map(e -> e.getTestDescriptor().getUniqueId())
                    .filter(id -> id.getLastSegment().getType().equals("class")).toList()).as(selectors.toString())
                    .containsExactlyInAnyOrder(classId(GroupedSimulations.class), classId(Escalation.class), classId(Tracking.class),
                            classId(Packages.class));
        }
    }

    @Test
    @DisplayName("the launcher's class-name filter judges the selected class, not the member classes it brings: a class"
            + " it lets through brings them all, one it leaves out brings none, and a member class selected itself is judged")
    void classNameFilterJudgesTheSelectedClass() {
        ClassNameFilter outerOnly = ClassNameFilter.includeClassNamePatterns(".*\\.GroupedSimulations");

        assertThat(classNodes(kit(backend).selectors(selectClass(GroupedSimulations.class)).filters(outerOnly).discover()))
                .containsExactly(classId(GroupedSimulations.class), classId(Escalation.class), classId(Tracking.class),
                        classId(Packages.class));
        assertThat(classNodes(kit(backend).selectors(selectClass(GroupedSimulations.class))
                .filters(ClassNameFilter.excludeClassNamePatterns(".*\\.GroupedSimulations")).discover())).isEmpty();
        assertThat(classNodes(kit(backend).selectors(selectClass(Escalation.class)).filters(outerOnly).discover())).isEmpty();
    }

    @Test
    @DisplayName("a package or classpath-root scan finds a class that groups @BotSimulation member classes, whose names the"
            + " filter need not match; a member the scan also finds itself is one node")
    void scansFindTheGroupingClass() {
        Path testClasses = Path.of("target/test-classes").toAbsolutePath();
        for (DiscoverySelector scan : List.of(selectPackage(GroupedSimulations.class.getPackageName()),
                selectClasspathRoots(Set.of(testClasses)).get(0))) {
            for (String pattern : List.of(".*\\.GroupedSimulations", ".*\\.GroupedSimulations.*")) {
                assertThat(classNodes(kit(backend).selectors(scan).filters(ClassNameFilter.includeClassNamePatterns(pattern))
                        .discover())).as(scan + " " + pattern)
                        .containsExactlyInAnyOrder(classId(GroupedSimulations.class), classId(Escalation.class),
                                classId(Tracking.class), classId(Packages.class));
            }
        }
    }

    @Test
    @DisplayName("a member class that cannot run says so once, reached through its class, selected itself or both: an inner"
            + " class is told to be static, a class of @Utterance methods without @BotSimulation to be annotated")
    void mistakesOfMemberClassesReportedOnce() {
        String inner = MistakenMembers.NotStatic.class.getName() + " is an inner class, made with an instance of MistakenMembers,"
                + " which the engine does not have — declare it static";
        String forgotten = MistakenMembers.Forgotten.class.getName() + " has @Utterance or @Conversation methods (hi) but no"
                + " @BotSimulation, so none of them would run";
        for (List<DiscoverySelector> selectors : List.<List<DiscoverySelector>>of(List.of(selectClass(MistakenMembers.class)),
                List.of(selectClass(MistakenMembers.class), selectClass(MistakenMembers.NotStatic.class),
                        selectClass(MistakenMembers.Forgotten.class)))) {
            EngineDiscoveryResults results = discover(selectors.toArray(DiscoverySelector[]::new));

            assertThat(results.getDiscoveryIssues()).extracting(DiscoveryIssue::message).as(selectors.toString())
                    .satisfiesExactlyInAnyOrder(m -> assertThat(m).contains(inner), m -> assertThat(m).startsWith(forgotten));
            assertThat(results.getEngineDescriptor().getDescendants()).filteredOn(TestDescriptor::isTest)
                    .extracting(TestDescriptor::getDisplayName).as(selectors.toString()).hasSize(2)
                    .allMatch(name -> name.startsWith("invalid: "));
        }
    }

    @Test
    @DisplayName("a @BotSimulation class enclosing a member class selected alone only holds its node: its own tests are"
            + " not built, so neither run nor reported; selected itself, they are")
    void enclosingClassOfASelectedMemberOnlyHoldsIt() {
        EngineDiscoveryResults member = discover(selectClass(BrokenOuter.Fine.class));

        assertThat(member.getEngineDescriptor().getDescendants()).filteredOn(TestDescriptor::isTest)
                .extracting(TestDescriptor::getUniqueId).containsExactly(classId(BrokenOuter.Fine.class).append("method", "hello"));
        assertThat(member.getDiscoveryIssues()).isEmpty();

        EngineDiscoveryResults both = discover(selectClass(BrokenOuter.Fine.class), selectClass(BrokenOuter.class));
        assertThat(both.getEngineDescriptor().getDescendants()).filteredOn(TestDescriptor::isTest)
                .extracting(TestDescriptor::getDisplayName).satisfiesExactly(
                        name -> assertThat(name).startsWith("invalid: " + BrokenOuter.class.getName() + "#broken: test id 'test bad'"),
                        // After the class's own tests, though its node was made first, to hold the member's.
                        name -> assertThat(name).isEqualTo("hello"));
        assertThat(both.getDiscoveryIssues()).hasSize(1);
    }

    @Test
    @DisplayName("a member class keeps its own @BotSimulation: the tags of its class's are not added to its tests")
    void memberClassKeepsItsOwnTags() {
        EngineDiscoveryResults results = discover(selectClass(TaggedOuter.class));

        assertThat(node(results, classId(TaggedOuter.class).append("method", "hi")).getTags())
                .containsExactly(TestTag.create("outer"));
        assertThat(node(results, classId(TaggedOuter.Inner.class).append("method", "hello")).getTags())
                .containsExactly(TestTag.create("inner"));
        // The problems of the classes beside it (MistakenMembers) are not this run's.
        assertThat(results.getDiscoveryIssues()).isEmpty();
    }

    @Test
    @DisplayName("@Disabled on a class leaves out the member classes it brings, with its reason, sending nothing")
    void disabledClassLeavesItsMembersOut() {
        EngineExecutionResults run = kit(backend).selectors(selectClass(DisabledGroups.class)).execute();

        run.testEvents().assertStatistics(stats -> stats.skipped(1).started(0));
        run.testEvents().assertThatEvents().haveExactly(1, event(test("method:hi"),
                skippedWithReason("disabled by @Disabled on DisabledGroups: the groups are being rewritten")));
        assertThat(backend.requests).isEmpty();
    }

    /** The two mistakes a member class can make. */
    static class MistakenMembers {

        @BotSimulation
        class NotStatic {
            @Utterance(value = "hi", id = "test_not_static")
            void hi() {
            }
        }

        static class Forgotten {
            @Utterance(value = "hi", id = "test_forgotten")
            void hi() {
            }
        }
    }

    @BotSimulation(tags = "outer")
    static class TaggedOuter {
        @Utterance(value = "hi", id = "test_tagged_outer")
        void hi() {
        }

        @BotSimulation(tags = "inner")
        static class Inner {
            @Utterance(value = "hello", id = "test_tagged_inner")
            void hello() {
            }
        }
    }

    @BotSimulation
    static class BrokenOuter {
        @Utterance(value = "hi", id = "test bad")
        void broken() {
        }

        @BotSimulation
        static class Fine {
            @Utterance(value = "hello", id = "test_fine")
            void hello() {
            }
        }
    }

    @Disabled("the groups are being rewritten")
    static class DisabledGroups {

        @BotSimulation
        static class Group {
            @Utterance(value = "hi", id = "test_disabled_group")
            void hi() {
            }
        }
    }
}
