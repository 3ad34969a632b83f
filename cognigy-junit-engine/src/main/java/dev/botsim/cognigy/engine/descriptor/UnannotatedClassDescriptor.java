package dev.botsim.cognigy.engine.descriptor;

import java.util.List;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.ClassSource;

/**
 * A class with {@code @Utterance} or {@code @Conversation} methods but without {@code @BotSimulation}: the container of
 * the one failing test that says so. Build tools such as Surefire report a test under the class container above it; a
 * test right below the engine would go unreported, and the build would pass.
 */
public final class UnannotatedClassDescriptor extends CognigyDescriptor {

    public static final String SEGMENT = "unannotated-class";

    public UnannotatedClassDescriptor(UniqueId engine, Class<?> testClass) {
        super(engine.append(SEGMENT, testClass.getName()), testClass.getSimpleName(), ClassSource.from(testClass),
                Type.CONTAINER, List.of());
    }
}
