package dev.botsim.cognigy.engine.descriptor;

import java.util.List;
import java.util.Set;

import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.hierarchical.Node;

import dev.botsim.cognigy.annotations.BotSimulation;
import dev.botsim.cognigy.engine.execution.CognigyExecutionContext;
import dev.botsim.cognigy.engine.execution.ExpectsFlows;

/** A {@code @BotSimulation} class: its annotated methods and referenced data files. */
public final class SimulationClassDescriptor extends AbstractTestDescriptor
        implements Node<CognigyExecutionContext>, ExpectsFlows {

    public static final String SEGMENT = "class";

    private final Class<?> testClass;
    private final Set<TestTag> tags;

    public SimulationClassDescriptor(UniqueId uniqueId, Class<?> testClass) {
        super(uniqueId, testClass.getSimpleName(), ClassSource.from(testClass));
        this.testClass = testClass;
        this.tags = DescriptorSources.tags(List.of(annotation().tags()));
    }

    public Class<?> testClass() {
        return testClass;
    }

    public BotSimulation annotation() {
        return testClass.getAnnotation(BotSimulation.class);
    }

    @Override
    public Set<TestTag> getTags() {
        return tags;
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }

    @Override
    public List<String> expectedFlows() {
        return List.of(annotation().flows());
    }

    @Override
    public String getLegacyReportingName() {
        return testClass.getName();
    }
}
