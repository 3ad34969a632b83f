package dev.botsim.cognigy.engine.descriptor;

import java.lang.reflect.Method;
import java.util.Set;

import org.junit.platform.commons.support.ReflectionSupport;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.MethodSource;

import dev.botsim.cognigy.engine.execution.NamesUser;
import dev.botsim.cognigy.engine.execution.RepeatedAnswers;
import dev.botsim.cognigy.engine.execution.Repeats;
import dev.botsim.cognigy.engine.execution.RunScope;
import dev.botsim.cognigy.engine.execution.SimulationStep;
import dev.botsim.cognigy.spi.Expectation;

/** A {@code @Conversation} method: the test talks to the bot through a {@code BotSession}. */
public final class ConversationMethodDescriptor extends SkippableTest implements Repeats, NamesUser {

    static final String SEGMENT = "method";

    private final Method method;
    private final String testId;

    private final String userId;
    private final Set<String> tagNames;
    private final int repeat;
    private final String externalId;

    /**
     * @param repeat     how many times the whole conversation runs ({@code @Conversation(repeat)}), 0 as the run says
     * @param externalId the test's id in a test-management tool ({@code @Conversation(externalId)}), or {@code null}
     */
    public ConversationMethodDescriptor(UniqueId uniqueId, Method method, TestName name, String testId, String userId,
                                        Set<String> tags, int repeat, String externalId) {
        super(uniqueId, name, MethodSource.from(method), tags);
        this.method = method;
        this.testId = testId;
        this.userId = userId;
        this.tagNames = Set.copyOf(tags);
        this.repeat = repeat;
        this.externalId = externalId;
    }

    public String testId() {
        return testId;
    }

    @Override
    public String namedUser() {
        return userId;
    }

    @Override
    public int ownRepeat() {
        return repeat;
    }

    @Override
    SimulationStep.TestIdentity identity() {
        // Placed as an @Utterance method is, Class#method: a failure's first line and the record name the method.
        return new SimulationStep.TestIdentity(testId, null, 0, null, Expectation.NONE,
                method.getDeclaringClass().getName() + "#" + method.getName(), 0, tagNames, null, null, externalId);
    }

    @Override
    public CognigyExecutionContext execute(CognigyExecutionContext context, DynamicTestExecutor dynamicTestExecutor)
            throws Exception {
        RunScope run = context.run();
        SimulationStep.TestIdentity identity = identity();
        // A new instance for every run, as JUnit makes one for every test: runs share no state through fields.
        RepeatedAnswers.expectConversation(run, this, identity, userId, run.repeat().runsFor(repeat), session ->
                ReflectionSupport.invokeMethod(method, ReflectionSupport.newInstance(method.getDeclaringClass()), session));
        return context;
    }

    @Override
    void pointAtTest(Throwable failure) {
        FailureTraces.inMethod(failure, method);
    }
}
