package dev.botsim.cognigy.engine.descriptor;

import java.lang.reflect.Method;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.engine.support.hierarchical.Node;

import dev.botsim.cognigy.engine.execution.CognigyExecutionContext;

/** An {@code @Utterance} method with several texts: one child test per text. */
public final class UtteranceVariantsDescriptor extends AbstractTestDescriptor implements Node<CognigyExecutionContext> {

    public static final String SEGMENT = "method";

    public UtteranceVariantsDescriptor(UniqueId uniqueId, Method method) {
        super(uniqueId, method.getName(), MethodSource.from(method));
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }
}
