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

    /**
     * The unique id of this node for {@code type}: below the node of the class declaring it, if any
     * ({@link SimulationClassDescriptor#idOf}).
     */
    public static UniqueId idOf(UniqueId engine, Class<?> type) {
        Class<?> declaring = type.getDeclaringClass();
        return (declaring == null ? engine : SimulationClassDescriptor.idOf(engine, declaring)).append(SEGMENT, type.getName());
    }

    /** @param parent the engine, or the node of the class that declares {@code testClass} */
    public UnannotatedClassDescriptor(UniqueId parent, Class<?> testClass) {
        super(parent.append(SEGMENT, testClass.getName()), testClass.getSimpleName(), ClassSource.from(testClass),
                Type.CONTAINER, List.of());
    }
}
