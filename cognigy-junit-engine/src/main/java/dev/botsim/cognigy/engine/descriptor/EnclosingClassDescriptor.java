package dev.botsim.cognigy.engine.descriptor;

import java.util.List;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.ClassSource;

/**
 * A class without {@code @BotSimulation} whose member classes hold tests — {@code OrderBotTest} grouping
 * {@code OrderBotTest.Returns} and {@code OrderBotTest.Tracking} — as the container of their nodes. Build tools run
 * the classes they select by what the test tree says of them: Surefire selects {@code OrderBotTest}, never
 * {@code OrderBotTest$Returns}, and runs it only when a node of the tree has its class as source. Its legacy reporting
 * name is the class's qualified name, as for any other test class.
 */
public final class EnclosingClassDescriptor extends CognigyDescriptor {

    /** @param parent the engine, or the node of the class that declares {@code testClass} */
    public EnclosingClassDescriptor(UniqueId parent, Class<?> testClass) {
        super(parent.append(SimulationClassDescriptor.SEGMENT, testClass.getName()),
                new TestName(testClass.getSimpleName(), testClass.getName()), ClassSource.from(testClass), Type.CONTAINER, List.of());
    }
}
