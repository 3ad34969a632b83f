package dev.botsim.cognigy.engine.descriptor;

import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Predicate;

import dev.botsim.cognigy.engine.support.ConsoleText;

/**
 * What the stack trace of a failed test shows: where the test is, not the engine's insides. The frames from the check
 * that failed down to the thread that ran the test are all the engine's or the JDK's, noise in Maven's output and in
 * Surefire's reports, and none a user can open.
 *
 * <ul>
 *   <li>A test of a data file (or of a Botium convo file) fails at one frame naming the test, its file and its line:
 *       {@code at ✽.test_refund(simulations/orders.sim.yaml:9)}.</li>
 *   <li>A test method's trace keeps the user's frames, the method's and what it called, from the top down to the
 *       method's lowest frame, without the engine's ({@code session.say(..).expectIntent(..)} fails at the line that
 *       said it). A failure the engine found where no frame of the test's class is on the stack (an expectation the
 *       method's annotation declares) points at the method's first line.</li>
 *   <li>Causes and suppressed failures keep their own frames, without the engine's and without the frames they share
 *       with the failure.</li>
 * </ul>
 * JUnit prunes its own frames and JDK reflection besides. {@code cognigy.report.full-stack-traces=true} leaves every
 * trace as it was thrown.
 */
final class FailureTraces {

    /** Stands for the class of a data file's test: Maven and IDEs show the frame as {@code ✽.test_id(file:line)}. */
    static final String DATA_FILE_TEST = "✽";

    private static final String ENGINE_PACKAGE = "dev.botsim.cognigy.engine.";

    private FailureTraces() {
    }

    /**
     * @param file the data file as the test's messages name it ({@code simulations/orders.sim.yaml})
     * @param line the test's line in it, or 0 when unknown
     */
    static void inDataFile(Throwable failure, String testId, String file, int line) {
        StackTraceElement[] thrown = failure.getStackTrace();
        // On one line, as Maven prints a frame: a file's name may hold a line break (git keeps one), which would start a
        // line of its own in the build's output, one a CI reads as a command.
        failure.setStackTrace(new StackTraceElement[] {new StackTraceElement(DATA_FILE_TEST, ConsoleText.oneLine(testId),
                ConsoleText.oneLine(file), line > 0 ? line : -1)});
        trimNested(failure, thrown, frame -> false);
    }

    /** A test method's failure, the method's own frames kept. */
    static void inMethod(Throwable failure, Method method) {
        Class<?> testClass = method.getDeclaringClass();
        Predicate<StackTraceElement> ofTest = frame -> frame.getClassName().equals(testClass.getName())
                || frame.getClassName().startsWith(testClass.getName() + "$");
        StackTraceElement[] thrown = failure.getStackTrace();
        StackTraceElement[] users = usersFrames(thrown, ofTest);
        failure.setStackTrace(users.length > 0 ? users : new StackTraceElement[] {methodsFrame(method)});
        trimNested(failure, thrown, ofTest);
    }

    /**
     * A frame at the method's first line in its source file ({@link ClassFileLines}), for a failure no frame of the
     * test's class explains: Surefire's summary names it {@code OrdersTest.refund:23}, and IDEs open the method.
     */
    private static StackTraceElement methodsFrame(Method method) {
        Class<?> testClass = method.getDeclaringClass();
        ClassFileLines lines = ClassFileLines.of(testClass);
        return new StackTraceElement(testClass.getName(), method.getName(),
                lines.sourceFile().orElseGet(() -> javaSourceFile(testClass)), lines.firstLine(method));
    }

    /** The frames from the top down to the lowest of the test's class, without the engine's; none without such a frame. */
    private static StackTraceElement[] usersFrames(StackTraceElement[] frames, Predicate<StackTraceElement> ofTest) {
        int lowest = frames.length - 1;
        while (lowest >= 0 && !ofTest.test(frames[lowest])) lowest--;
        return Arrays.stream(frames, 0, lowest + 1).filter(frame -> ofTest.test(frame) || !ofEngine(frame))
                .toArray(StackTraceElement[]::new);
    }

    /**
     * Every cause and suppressed failure below {@code failure}: the user's frames when the test's class is among
     * them, else its own frames without the engine's and without those it shares with the failure as thrown.
     */
    private static void trimNested(Throwable failure, StackTraceElement[] thrown, Predicate<StackTraceElement> ofTest) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.add(failure);
        Deque<Throwable> nested = new ArrayDeque<>();
        addNested(failure, nested);
        while (!nested.isEmpty()) {
            Throwable t = nested.remove();
            if (!seen.add(t)) continue;
            StackTraceElement[] frames = t.getStackTrace();
            StackTraceElement[] users = usersFrames(frames, ofTest);
            if (users.length == 0) {
                int shared = 0;
                while (shared < frames.length && shared < thrown.length
                        && frames[frames.length - 1 - shared].equals(thrown[thrown.length - 1 - shared])) {
                    shared++;
                }
                users = Arrays.stream(frames, 0, frames.length - shared).filter(frame -> !ofEngine(frame))
                        .toArray(StackTraceElement[]::new);
            }
            t.setStackTrace(users);
            addNested(t, nested);
        }
    }

    private static void addNested(Throwable t, Deque<Throwable> nested) {
        if (t.getCause() != null) nested.add(t.getCause());
        nested.addAll(Arrays.asList(t.getSuppressed()));
    }

    private static boolean ofEngine(StackTraceElement frame) {
        return frame.getClassName().startsWith(ENGINE_PACKAGE);
    }

    /** The source file of a class compiled from Java, for a class file that names none: its outermost class's. */
    private static String javaSourceFile(Class<?> type) {
        Class<?> outermost = type;
        while (outermost.getEnclosingClass() != null) outermost = outermost.getEnclosingClass();
        return outermost.getSimpleName() + ".java";
    }
}
