package dev.botsim.cognigy.engine.descriptor;

import java.util.List;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.ClassSource;

/**
 * A test class that selects the project's playbooks by a glob on their names ({@code @BotSimulation(playbooks)}): the
 * container Surefire and IDEs report them under, as they select classes rather than the engine; also the container of
 * such a member class's node, for the class declaring it. Its legacy reporting name is the class's qualified name, as
 * for any other test class: Surefire names its steps' class by it.
 */
final class PlaybookClassDescriptor extends CognigyDescriptor {

    PlaybookClassDescriptor(UniqueId uniqueId, Class<?> testClass) {
        super(uniqueId, new TestName(testClass.getSimpleName(), testClass.getName()), ClassSource.from(testClass),
                Type.CONTAINER, List.of());
    }
}
