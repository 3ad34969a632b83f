package dev.botsim.cognigy.engine.descriptor;

import java.util.List;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.ClassSource;

import dev.botsim.cognigy.annotations.BotSimulation;
import dev.botsim.cognigy.engine.execution.ExpectsFlows;

/** A {@code @BotSimulation} class: its annotated methods and referenced data files. */
public final class SimulationClassDescriptor extends CognigyDescriptor
        implements ExpectsFlows {

    public static final String SEGMENT = "class";

    private final Class<?> testClass;

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

    @Override
    public String getLegacyReportingName() {
        return testClass.getName();
    }
}
