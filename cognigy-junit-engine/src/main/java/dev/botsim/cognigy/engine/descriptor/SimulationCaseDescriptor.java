package dev.botsim.cognigy.engine.descriptor;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;

import org.junit.platform.commons.support.ReflectionSupport;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;

import dev.botsim.cognigy.annotations.Mode;
import dev.botsim.cognigy.annotations.SimulationResult;
import dev.botsim.cognigy.engine.approval.ApprovalOwner;
import dev.botsim.cognigy.engine.execution.DeclaresExpectations;
import dev.botsim.cognigy.engine.execution.MessageLabel;
import dev.botsim.cognigy.engine.execution.NamesLocale;
import dev.botsim.cognigy.engine.execution.NamesUser;
import dev.botsim.cognigy.engine.execution.RepeatedAnswers;
import dev.botsim.cognigy.engine.execution.Repeats;
import dev.botsim.cognigy.engine.execution.SimulationStep;
import dev.botsim.cognigy.engine.execution.StartsAhead;
import dev.botsim.cognigy.engine.execution.TestMessage;
import dev.botsim.cognigy.engine.model.SimulationCase;
import dev.botsim.cognigy.spi.Expectation;

/**
 * One single-turn simulation, from a data file or an {@code @Utterance} method. Named by its
 * utterance, so IDEs read as what the user says; its long name says where it is (see {@link TestName}).
 */
public final class SimulationCaseDescriptor extends SkippableTest
        implements DeclaresExpectations, StartsAhead, Repeats, NamesUser, NamesLocale {

    public static final String SEGMENT = "case";
    public static final String VARIANT_SEGMENT = "utterance";

    private final SimulationCase simulation;
    private final Optional<Method> method;
    private final Mode mode;

    /**
     * @param method an {@code @Utterance} method to call with the result once the declared
     *               expectations hold, or empty
     * @param mode   through the run's backend, or scored by the NLU ({@code mode: nlu} of its file or class)
     */
    public SimulationCaseDescriptor(UniqueId uniqueId, SimulationCase simulation, TestName name, TestSource source,
                                    Optional<Method> method, Mode mode) {
        super(uniqueId, name, source, simulation.tags());
        this.simulation = simulation;
        this.method = method;
        this.mode = mode;
    }

    /** A test through the run's backend. */
    public SimulationCaseDescriptor(UniqueId uniqueId, SimulationCase simulation, TestName name, TestSource source,
                                    Optional<Method> method) {
        this(uniqueId, simulation, name, source, method, Mode.FLOW);
    }

    public SimulationCase simulation() {
        return simulation;
    }

    @Override
    public String namedLocale() {
        return simulation.locale();
    }

    /** The one message this test sends, in a session of its own. */
    @Override
    public int ownRepeat() {
        return simulation.repeat();
    }

    @Override
    public TestMessage message() {
        return new TestMessage(getUniqueId(), 1, simulation.id(), simulation.utterance(), simulation.userId(),
                simulation.platform(), simulation.data(), null, simulation.locale(), simulation.injectContext(), getUniqueId(),
                mode);
    }

    @Override
    public String namedUser() {
        return simulation.userId();
    }

    @Override
    public boolean scoredByNlu() {
        return mode == Mode.NLU;
    }

    @Override
    public List<Expectation> declaredExpectations() {
        return List.of(simulation.expect());
    }

    @Override
    SimulationStep.TestIdentity identity() {
        return new SimulationStep.TestIdentity(simulation.id(), null, 0, MessageLabel.of(simulation.utterance(), simulation.data()),
                simulation.expect(), simulation.position().resource(), simulation.position().line(), simulation.tags(),
                approvalFile(), simulation.locale(), simulation.externalId(), simulation.data());
    }

    @Override
    public CognigyExecutionContext execute(CognigyExecutionContext context, DynamicTestExecutor dynamicTestExecutor)
            throws Exception {
        SimulationStep.TestIdentity identity = identity();
        RepeatedAnswers.expectAnswers(context.run(), this, identity, message(), result -> method.ifPresent(m -> invoke(m, result)),
                context.run().repeat().runsFor(simulation.repeat()));
        return context;
    }

    @Override
    void pointAtTest(Throwable failure) {
        if (method.isPresent()) FailureTraces.inMethod(failure, method.get());
        else FailureTraces.inDataFile(failure, simulation.id(), simulation.position().resource(), simulation.position().line());
    }

    /** Whether the test is an {@code @Utterance} method's, rather than a data file's case. */
    boolean fromMethod() {
        return method.isPresent();
    }

    /** The file of the test's approved answer, when it has one. */
    private String approvalFile() {
        if (!simulation.expect().comparesApprovedAnswer()) return null;
        return ApprovalOwner.of(this).map(ApprovalOwner::approvalFile).orElse(null);
    }

    private static void invoke(Method method, SimulationResult result) {
        Object instance = ReflectionSupport.newInstance(method.getDeclaringClass());
        Object[] arguments = method.getParameterCount() == 0 ? new Object[0] : new Object[] {result};
        ReflectionSupport.invokeMethod(method, instance, arguments);
    }
}
