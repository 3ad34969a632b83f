package dev.botsim.cognigy.engine.descriptor;

import java.lang.reflect.Method;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.MethodSource;


/** An {@code @Utterance} method with several texts: one child test per text. */
public final class UtteranceVariantsDescriptor extends CognigyDescriptor {

    public static final String SEGMENT = "method";

    public UtteranceVariantsDescriptor(UniqueId uniqueId, Method method, TestName name) {
        super(uniqueId, name, MethodSource.from(method), Type.CONTAINER, java.util.List.of());
    }

}
