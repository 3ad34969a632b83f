package dev.botsim.cognigy.engine.descriptor;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.ClassSource;

import dev.botsim.cognigy.annotations.BotSimulation;
import dev.botsim.cognigy.engine.approval.ApprovalFile;
import dev.botsim.cognigy.engine.approval.ApprovalOwner;
import dev.botsim.cognigy.engine.execution.ExpectsFlows;

/** A {@code @BotSimulation} class: its annotated methods and referenced data files. */
public final class SimulationClassDescriptor extends CognigyDescriptor
        implements ExpectsFlows, ApprovalOwner {

    public static final String SEGMENT = "class";

    private final Class<?> testClass;
    /** The ids of the class's {@code @Utterance} tests with an approved answer, as built (see {@link #addChild}). */
    private final Set<String> approved = new LinkedHashSet<>();
    /** Whether a method of the class could not be read, so that its tests, and their approvals, are unknown. */
    private boolean missesTests;
    /**
     * Whether the class's own tests are built: a class enclosing a selected member class holds only the member's node
     * otherwise, and then names no flow, no bot and no approved answer for the run.
     */
    private boolean testsBuilt;

    public SimulationClassDescriptor(UniqueId uniqueId, Class<?> testClass) {
        super(uniqueId, testClass.getSimpleName(), ClassSource.from(testClass), Type.CONTAINER,
                List.of(testClass.getAnnotation(BotSimulation.class).tags()));
        this.testClass = testClass;
    }

    /**
     * The unique id of {@code type}'s class node: {@code [class:…]} below the engine for a top-level class, and below the
     * node of the class declaring it for a member class, {@code [class:…OrderBotTest]/[class:…OrderBotTest$Returns]}, as
     * JUnit Jupiter nests a {@code @Nested} class.
     */
    public static UniqueId idOf(UniqueId engine, Class<?> type) {
        Class<?> declaring = type.getDeclaringClass();
        return (declaring == null ? engine : idOf(engine, declaring)).append(SEGMENT, type.getName());
    }

    public Class<?> testClass() {
        return testClass;
    }

    public BotSimulation annotation() {
        return testClass.getAnnotation(BotSimulation.class);
    }



    /**
     * The label as a data file's {@code bot:} gives it, without spaces around it: {@code @BotSimulation(bot = "billing ")}
     * names the bot {@code billing} a file names, not a second bot that reads the same in every report.
     */
    @Override
    public String botName() {
        return !testsBuilt || annotation().bot().isBlank() ? null : annotation().bot().strip();
    }

    @Override
    public List<String> expectedFlows() {
        return testsBuilt ? List.of(annotation().flows()) : List.of();
    }

    /**
     * {@code @BotSimulation(flows) of com.example.OrderBotTest (OrderBotTest.java)}: an annotation's values have no line in a
     * class file, so the class and the source file it was compiled from (when its class file names one) say where.
     */
    @Override
    public String flowDeclaredAt(String flow) {
        return "@BotSimulation(flows) of " + testClass.getName()
                + ClassFileLines.of(testClass).sourceFile().map(source -> " (" + source + ")").orElse("");
    }

    /** The class's own tests are built: its flows, bot and approved answers count. */
    public void markTestsBuilt() {
        testsBuilt = true;
    }

    /** Whether the class's own tests are built, or the node only holds a member class's. */
    public boolean testsBuilt() {
        return testsBuilt;
    }

    /**
     * Adds a method's test, or a data file's node, and notes the method tests that have an approved answer: the tree
     * is built whole and then narrowed to the selection, which must not make the other methods' approvals look stale.
     * A member class's node ({@link #addMemberClass}) is not looked into: its tests are its own class's.
     */
    @Override
    public void addChild(TestDescriptor child) {
        super.addChild(child);
        child.accept(node -> {
            if (node instanceof SimulationCaseDescriptor c && c.fromMethod() && c.simulation().expect().comparesApprovedAnswer()) {
                approved.add(c.simulation().id());
            }
        });
    }

    /**
     * Adds the node of a class declared in this one, built whole: its tests approve answers in its own class's approval
     * file, not in this one's.
     */
    public void addMemberClass(TestDescriptor memberClass) {
        super.addChild(memberClass);
    }

    @Override
    public String approvalSubject() {
        return testClass.getName();
    }

    @Override
    public String approvalFile() {
        return ApprovalFile.forClass(testClass.getName());
    }

    @Override
    public Set<String> approvedTests() {
        return Set.copyOf(approved);
    }

    /** A method of the class is a problem test instead of its own tests ({@link #knowsEveryTest()}). */
    public void missesTests() {
        missesTests = true;
    }

    @Override
    public boolean knowsEveryTest() {
        return testsBuilt && !missesTests;
    }

    @Override
    public String getLegacyReportingName() {
        return testClass.getName();
    }
}
