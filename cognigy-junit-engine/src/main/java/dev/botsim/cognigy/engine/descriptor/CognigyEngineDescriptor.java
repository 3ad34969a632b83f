package dev.botsim.cognigy.engine.descriptor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;

import dev.botsim.cognigy.engine.lifecycle.CheckedConfiguration;
import dev.botsim.cognigy.engine.lifecycle.SeveralBots;
import dev.botsim.cognigy.engine.support.ReportEntries;
import dev.botsim.cognigy.spi.SimulationRecord;

/**
 * The root of the test tree, holding the configuration as read at discovery. The run's start and
 * end are the lifecycle's: this node only tells it when (as JUnit calls the node), so what a run
 * does first and last reads in one place, {@link dev.botsim.cognigy.engine.lifecycle.RunLifecycle}.
 */
public final class CognigyEngineDescriptor extends EngineDescriptor implements Node<CognigyExecutionContext>, SeveralBots.Sharded {

    private final CheckedConfiguration configuration;

    /** @param configuration read once, at discovery; its problems are reported when the run starts */
    public CognigyEngineDescriptor(UniqueId uniqueId, CheckedConfiguration configuration) {
        super(uniqueId, "Cognigy bot simulations");
        this.configuration = configuration;
    }

    private volatile AutoCloseable discovered;
    private volatile Supplier<Optional<Map<String, String>>> standInCounters = Optional::empty;

    /** Something discovery opened for the run (the playbooks' management client), closed when the run is cleaned up. */
    public void closeAfterRun(AutoCloseable resource) {
        this.discovered = resource;
    }

    /**
     * Where the run's playbooks ran, when that is the embedded sandbox: its counters are reported as an entry of this
     * node at the run's end (mode {@code existing} starts it at discovery, mode {@code generated} when the run starts).
     */
    public void reportStandInCounters(Supplier<Optional<Map<String, String>>> counters) {
        this.standInCounters = counters;
    }

    private volatile Supplier<Optional<String>> playbooksAnsweredBy = Optional::empty;

    /**
     * What answered the playbooks discovery opened a session for (mode {@code existing}), in the bot's place, if anything:
     * the run's turn backend sends nothing in that mode, so the session is what can tell a sandbox configured as the
     * tenant ({@link dev.botsim.cognigy.spi.RunInfo#standIn()}).
     */
    public void playbooksAnsweredBy(Supplier<Optional<String>> standIn) {
        this.playbooksAnsweredBy = standIn;
    }

    /** What answered the playbooks discovery opened a session for in the bot's place; empty when nothing did, or none was. */
    public Optional<String> playbooksStandIn() {
        return playbooksAnsweredBy.get();
    }

    public CheckedConfiguration configuration() {
        return configuration;
    }

    private volatile java.util.Set<String> botsBeforeShard = java.util.Set.of();

    /**
     * Notes the bots of the run's whole selection, before its shard was taken ({@code cognigy.shard}): a shard holding
     * none of the tests the run sends — another bot's class left out whole with {@code @Disabled}, alone in its shard —
     * is of the run's bots, not of that class's ({@link SeveralBots#ofRun}).
     */
    public void botsBeforeShard(java.util.Set<String> bots) {
        // In name order, as the run names them: a part's label is compared whole by the merge.
        this.botsBeforeShard = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(bots));
    }

    @Override
    public java.util.Set<String> botsBeforeShard() {
        return botsBeforeShard;
    }

    private volatile boolean pickedOneByOne;

    /** Tells the run its tests were picked one by one (by unique id, method or line), as an IDE or Surefire reruns them. */
    public void pickedOneByOne(boolean oneByOne) {
        this.pickedOneByOne = oneByOne;
    }

    /** Whether the run's tests were picked one by one: its reports must not replace those of the whole suite. */
    public boolean pickedOneByOne() {
        return pickedOneByOne;
    }

    private volatile boolean rerunsRunFailure;

    /**
     * Tells the run that its selection reruns the failure of a run as a whole: the engine's own node, selected by its
     * unique id as Surefire's {@code rerunFailingTestsCount} selects every failed node.
     */
    public void rerunsRunFailure(boolean rerun) {
        this.rerunsRunFailure = rerun;
    }

    public boolean rerunsRunFailure() {
        return rerunsRunFailure;
    }

    private volatile List<ProblemDescriptor> problems = List.of();
    private volatile long testsDiscovered;

    /**
     * Notes the tests standing for invalid input that discovery left in the tree, once it is done (the engine's own
     * selection and shard applied): a launcher's filter may still take some out ({@link #problemsLeftOut}). Counts the
     * other tests too, so the run can tell how many of them a filter took out ({@link #filteredOut}).
     */
    public void problemsDiscovered() {
        List<ProblemDescriptor> found = new ArrayList<>();
        accept(node -> {
            if (node instanceof ProblemDescriptor problem) found.add(problem);
        });
        this.problems = List.copyOf(found);
        this.testsDiscovered = testsIn(this);
    }

    /**
     * How many of the tests discovery left in the tree (the engine's own selection and shard applied, so neither counts)
     * a launcher's filter took out after it — a tag filter (Surefire's {@code groups} and {@code excludedGroups}, Gradle's
     * {@code includeTags}, {@code --include-tag}/{@code --exclude-tag}) or Surefire's method-name filter — every kind of
     * test alike: a data file's case, an annotated utterance, a conversation's turn, a playbook's step. Tests standing for
     * invalid input are not among them: the run records those it lost ({@link #problemsLeftOut}) as failed.
     *
     * @param tree the tree as the run executes it, this node's own (under a JUnit {@code @Suite} too: the suite's engine
     *             hands the run this node)
     */
    public long filteredOut(TestDescriptor tree) {
        return Math.max(0, testsDiscovered - testsIn(tree));
    }

    /** The tests below {@code root} that stand for readable input: every test but the problem tests. */
    private static long testsIn(TestDescriptor root) {
        long[] tests = {0};
        root.accept(node -> {
            if (node.isTest() && !(node instanceof ProblemDescriptor)) tests[0]++;
        });
        return tests[0];
    }

    /**
     * The results of the tests standing for invalid input that a launcher's filter took out of the tree after
     * discovery — a tag filter (Surefire's {@code groups}, Gradle's {@code includeTags}, {@code --include-tag}) keeps only
     * tagged tests, and a problem test has no tags, its input being unreadable — each FAILED with its message.
     */
    public List<SimulationRecord> problemsLeftOut(TestDescriptor tree) {
        return problems.stream().filter(problem -> !standsIn(tree, problem))
                .map(problem -> problem.record(problem.message())).toList();
    }

    /**
     * Whether {@code node} stands in the tree below {@code root}, found from the node up: a node taken out of a tree
     * ({@link TestDescriptor#removeFromHierarchy}, as filters and pruning take it out) loses its parent, or its parent
     * or an ancestor lost theirs, so only a node still in the tree reaches {@code root}. The walk stops there, not at
     * the top: under a JUnit {@code @Suite} the engine's node is itself a child of the suite's, so the top of the
     * tree is the suite engine's. A few steps, where {@link TestDescriptor#findByUniqueId} walks the whole tree for
     * every node asked about (thousands of tests standing for invalid input, in a suite of tens of thousands).
     */
    public static boolean standsIn(TestDescriptor root, TestDescriptor node) {
        TestDescriptor at = node;
        while (at != root) {
            Optional<TestDescriptor> up = at.getParent();
            if (up.isEmpty()) return false;
            at = up.get();
        }
        return true;
    }

    @Override
    public CognigyExecutionContext prepare(CognigyExecutionContext context) {
        context.lifecycle().configure();
        return context;
    }

    @Override
    public CognigyExecutionContext before(CognigyExecutionContext context) {
        return context.withRun(context.lifecycle().start());
    }

    /**
     * Ends the run; before that, a run against the embedded sandbox's playbooks reports what the sandbox counted
     * (the most executions at once, tasks scheduled and cancelled, management requests, generated playbooks still
     * there) as an entry of this node.
     */
    @Override
    public void after(CognigyExecutionContext context) {
        if (context.started()) {
            standInCounters.get().ifPresent(counters -> {
                Map<String, String> entry = new LinkedHashMap<>();
                counters.forEach((name, value) -> entry.put("cognigy.sandbox." + name, value));
                context.run().retries().listener().reportingEntryPublished(this, ReportEntries.of(entry));
            });
        }
        context.lifecycle().finish();
    }

    @Override
    public void cleanUp(CognigyExecutionContext context) throws Exception {
        try {
            context.lifecycle().close();
        } finally {
            if (discovered != null) discovered.close();
        }
    }
}
