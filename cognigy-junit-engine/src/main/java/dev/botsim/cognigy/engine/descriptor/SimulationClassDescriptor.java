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

    public SimulationClassDescriptor(UniqueId uniqueId, Class<?> testClass) {
        super(uniqueId, testClass.getSimpleName(), ClassSource.from(testClass), Type.CONTAINER,
                List.of(testClass.getAnnotation(BotSimulation.class).tags()));
        this.testClass = testClass;
    }

    public Class<?> testClass() {
        return testClass;
    }

    public BotSimulation annotation() {
        return testClass.getAnnotation(BotSimulation.class);
    }



    @Override
    public String botName() {
        return annotation().bot().isBlank() ? null : annotation().bot();
    }

    @Override
    public List<String> expectedFlows() {
        return List.of(annotation().flows());
    }

    /**
     * Adds a method's test, or a data file's node, and notes the method tests that have an approved answer: the tree
     * is built whole and then narrowed to the selection, which must not make the other methods' approvals look stale.
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
        return !missesTests;
    }

    @Override
    public String getLegacyReportingName() {
        return testClass.getName();
    }
}
