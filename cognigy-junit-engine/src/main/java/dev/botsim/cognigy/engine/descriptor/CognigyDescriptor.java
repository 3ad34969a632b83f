package dev.botsim.cognigy.engine.descriptor;

import java.util.Collection;
import java.util.Set;

import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;

/** A node of the engine's test tree: its kind, its names, its tags, and its part in execution. */
abstract class CognigyDescriptor extends AbstractTestDescriptor implements Node<CognigyExecutionContext> {

    private final Type type;
    private final Set<TestTag> tags;
    private final String legacyName;

    CognigyDescriptor(UniqueId uniqueId, String displayName, TestSource source, Type type, Collection<String> tags) {
        this(uniqueId, new TestName(displayName, displayName), source, type, tags);
    }

    CognigyDescriptor(UniqueId uniqueId, TestName name, TestSource source, Type type, Collection<String> tags) {
        super(uniqueId, name.displayName(), source);
        this.type = type;
        this.tags = DescriptorSources.tags(tags);
        this.legacyName = name.legacyName();
    }

    /** The long name, unique in the run: what tools that list tests flat show (see {@link TestName}). */
    @Override
    public String getLegacyReportingName() {
        return legacyName;
    }

    @Override
    public final Type getType() {
        return type;
    }

    @Override
    public final Set<TestTag> getTags() {
        return tags;
    }

    /**
     * Points a failure's stack trace at this test ({@link FailureTraces}), before JUnit's listeners see it, unless
     * {@code cognigy.report.full-stack-traces} keeps traces as thrown. Only a failure the engine explains in its message
     * — a check that failed, the bot or its API not answering, a test aborted — is pointed: anything else (an exception
     * nobody expected) keeps the trace that says where it came from. A failure thrown without any trace (a cancelled
     * run's abort, invalid input) keeps none.
     */
    @Override
    public void nodeFinished(CognigyExecutionContext context, TestDescriptor testDescriptor, TestExecutionResult result) {
        boolean asThrown = context != null && context.started() && context.run().fullStackTraces();
        if (!asThrown) {
            result.getThrowable().filter(failure -> failure.getStackTrace().length > 0)
                    .filter(dev.botsim.cognigy.engine.execution.Outcomes::explained).ifPresent(this::pointAtTest);
        }
    }

    /** Makes a failure's stack trace show where this test is; a node whose failures keep their trace does nothing. */
    void pointAtTest(Throwable failure) {
    }
}
