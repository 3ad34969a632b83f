package dev.botsim.cognigy.engine.execution;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Optional;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;

/**
 * Tests left out with JUnit Jupiter's {@code @Disabled}, on an annotated method or on its class (an enclosing class
 * too), as a JUnit user writes it: the test is skipped with the annotation's reason and sends nothing, and a class's
 * data-file tests are skipped with it. Found by name, so the engine needs no Jupiter on its class path and a project
 * without it pays nothing.
 */
public final class DisabledTests {

    static final String DISABLED = "org.junit.jupiter.api.Disabled";

    private DisabledTests() {
    }

    /** Why {@code test} is left out: {@code @Disabled} on its method or a class it belongs to; empty when it is not. */
    public static Optional<String> reason(TestDescriptor test) {
        for (Optional<TestDescriptor> node = Optional.of(test); node.isPresent(); node = node.get().getParent()) {
            Optional<String> reason = node.get().getSource().flatMap(DisabledTests::reasonOf);
            if (reason.isPresent()) return reason;
        }
        return Optional.empty();
    }

    private static Optional<String> reasonOf(TestSource source) {
        try {
            if (source instanceof MethodSource method) {
                Method javaMethod = method.getJavaMethod();
                return disabled(javaMethod, method.getClassName().replaceFirst("^.*\\.", "") + "#" + method.getMethodName())
                        .or(() -> classReason(javaMethod.getDeclaringClass()));
            }
            if (source instanceof ClassSource type) return classReason(type.getJavaClass());
        } catch (RuntimeException e) {
            // A source that cannot be loaded disables nothing: the test reports its own problem.
        }
        return Optional.empty();
    }

    private static Optional<String> classReason(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            Optional<String> reason = disabled(c, c.getSimpleName());
            if (reason.isPresent()) return reason;
        }
        return Optional.empty();
    }

    private static Optional<String> disabled(AnnotatedElement element, String where) {
        for (Annotation annotation : element.getAnnotations()) {
            if (!annotation.annotationType().getName().equals(DISABLED)) continue;
            String value = "";
            try {
                Object given = annotation.annotationType().getMethod("value").invoke(annotation);
                value = given instanceof String text ? text.strip() : "";
            } catch (ReflectiveOperationException | RuntimeException e) {
                // an annotation of that name without a value: no reason to add
            }
            return Optional.of("disabled by @Disabled on " + where + (value.isEmpty() ? "" : ": " + value));
        }
        return Optional.empty();
    }
}
